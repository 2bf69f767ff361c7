"""The variant model's spellings of known sites (issue 14): Arabic orthographic variants, transcriptions of Latin
spellings with the first syllable's vowel unwritten, and attested old names, generated or listed exactly."""

from __future__ import annotations

import pytest

from geotrack.extract import extract
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.gazetteer.variants import (
    DOUBLED_ONCE,
    TRANSCRIBED,
    arabic_orthographic_variants_explained,
    arabic_transcriptions,
    arabic_variants_explained,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


# -- a consonant written twice written once (القربوللي → القربولي) ---------------------------------------------
def test_a_doubled_arabic_consonant_written_once() -> None:
    assert arabic_orthographic_variants_explained("القربوللي") == {"القربولي": DOUBLED_ONCE}
    assert arabic_orthographic_variants_explained("القره بوللي")["القره بولي"] == DOUBLED_ONCE
    assert arabic_variants_explained("القربوللي")["القربولي"] == DOUBLED_ONCE


def test_the_article_before_an_initial_lam_is_no_double() -> None:
    assert DOUBLED_ONCE not in arabic_orthographic_variants_explained("الليثي").values()  # (ال + ليثي)
    assert all(why != DOUBLED_ONCE for why in arabic_orthographic_variants_explained("سوو").values())
    assert arabic_orthographic_variants_explained("حلل") == {}  # too short a word


def test_the_doubled_consonant_written_once_found(gaz: Gazetteer) -> None:
    site, level, source = gaz.generated["القربولي"]
    assert (site.id, level, source) == ("gn-2213695", "variants_doc", "القربوللي")
    found = [(m.site_id, m.surface, m.start, m.end) for m in extract(
        "كما طالب أعيان تاجورا والقربولي بتعزيز الوجود الأمني على الطريق الساحلي.")]
    assert found == [("tajura", "تاجورا", 15, 21), ("gn-2213695", "والقربولي", 22, 31)]


# -- a transcription with its first syllable's vowel unwritten (Giarabub → جرابوب) -------------------------------
@pytest.mark.parametrize(("key", "has_article", "arabic"), [
    ("giarabub", False, ["جارابوب", "جرابوب"]),
    ("misrata", False, ["ميسراتا", "مسراتا"]),
    ("gatrun", True, ["غاترون", "غترون", "الغاترون", "الغترون"]),
    ("tripoli", False, ["تريبولي"]),  # (a cluster first: no vowel to leave out)
    ("obari", False, ["اوباري"]),  # (a vowel first)
    ("derna", False, ["ديرنا"]),  # (درنا: four letters, a word "we turned")
    ("porto bardia", False, ["بورتو بارديا"]),  # (one word only)
])
def test_the_first_syllables_vowel_unwritten(key: str, has_article: bool, arabic: list[str]) -> None:
    assert arabic_transcriptions(key, has_article) == {a: TRANSCRIBED for a in arabic}


def test_the_first_syllables_vowel_unwritten_found(gaz: Gazetteer) -> None:
    site, level, source = gaz.generated["جرابوب"]
    assert (site.id, level, source) == ("jaghbub", "variants", "jarabub")
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(
        "ويفرد فصلاً لحامية الجغبوب الإيطالية، التي يسميها على الخرائط البريطانية «جرابوب»، وصمودها حتى مارس.")] == [
        ("jaghbub", "الجغبوب", 19, 26), ("jaghbub", "جرابوب", 74, 80)]
    assert "درنا" not in gaz.generated  # a word: never generated from Derna


# -- al-Marj's Arabic old names (Barce, Barca: باركي, بركي) -----------------------------------------------------
def test_al_marj_old_arabic_names_listed(gaz: Gazetteer) -> None:
    site = gaz.get("al-marj")
    assert "باركي" in site.variants_doc and "بركي" in site.variants_doc
    assert "Arabic Wikipedia" in site.notes
    rows = {s: (level, why) for s, level, why, _src in gaz.accepted_spellings("al-marj")}
    assert rows["باركي"] == ("variants_doc", "listed") and rows["بركي"] == ("variants_doc", "listed")


def test_al_marj_old_arabic_name_needs_a_libyan_document() -> None:
    text = "- م/3/05: خريطة باركي (المرج) والسهل المحيط بها، 1933. - م/3/02: مخطط ميناء طبرق، 1914."
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(text) if m.site_id == "al-marj"] == [
        ("al-marj", "باركي", 16, 21), ("al-marj", "المرج", 23, 28)]
    assert extract("قال المدرب باركي إن الفريق جاهز للمباراة.") == []  # no Libyan site: a name


# -- al-Qatrun's French spelling (Gatrone, Le Monde diplomatique) -----------------------------------------------
def test_gatrone_listed_with_its_source(gaz: Gazetteer) -> None:
    site = gaz.get("al-qatrun")
    assert "Gatrone" in site.variants and "mot-diplomatique.fr" in site.notes
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Le passeur nous a laissés à Gatrone, la première ville après la frontière.")] == [
        ("al-qatrun", "Gatrone", 28, 35, "gazetteer")]


# -- Derna's ancient name (Darnis, Britannica; in Arabic letters دارنيس) -------------------------------------------
def test_darnis_listed_and_transcribed(gaz: Gazetteer) -> None:
    site = gaz.get("derna")
    assert "Darnis" in site.variants and "britannica.com" in site.notes
    assert gaz.generated["دارنيس"][:3] == (site, "variants", "darnis")
    text = "ويستعيد الفيلم في دقائقه الأخيرة تاريخ المدينة منذ دارنيس الإغريقية."
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(text)] == [("derna", "دارنيس", 51, 57)]
