"""Context data (actors, activity cues, foreign places) and the pure assignment of context to mentions."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from geotrack.context import (
    ACTIVITY_CLASSES,
    ContextData,
    assign_context,
    confirm_terms,
    document_places,
    load_context,
    paragraph_ends,
    sentence_ends,
    validate_context,
)
from geotrack.errors import GazetteerError
from geotrack.extract import extract as _extract
from geotrack.gazetteer import Gazetteer, spelling_key
from geotrack.models import ContextTerm, Mention

CONTEXT_DIR = Path(__file__).resolve().parent.parent / "data" / "context"


@pytest.fixture(scope="module")
def data() -> ContextData:
    return load_context(CONTEXT_DIR)


def term(text: str, category: str, ident: str, surface: str, nth: int = 0) -> ContextTerm:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return ContextTerm(category, ident, surface, start, start + len(surface))


def extract(text: str) -> list[Mention]:
    """The site mentions of ``text`` with no context yet (whatever the scanner already attached)."""
    return [replace(m, actors=(), activities=(), actors_paragraph=()) for m in _extract(text)]


def by_site(mentions: list[Mention]) -> dict[str, Mention]:
    return {m.site_id: m for m in mentions}


# -- data --------------------------------------------------------------------------------------------
def test_shipped_context_is_valid_and_distinct_from_the_libyan_gazetteer(data: ContextData) -> None:
    claims = Gazetteer.load().claims()
    assert validate_context(data, claims) == []
    assert not [e.spelling for e in data.entries if e.category == "place" and spelling_key(e.spelling) in claims]


def test_actors_are_the_issue_list_each_sourced(data: ContextData) -> None:
    ids = [a.id for a in data.actors]
    assert len(ids) == len(set(ids))
    assert {"russia", "wagner", "africa-corps", "turkey", "uae", "egypt", "syria", "syrian-fighters", "belarus",
            "usa", "africom", "lna", "gnu", "sudanese-armed-groups", "chadian-armed-groups"} == set(ids)
    for a in data.actors:
        assert a.source.startswith("https://"), a.id
        assert a.group in {"state", "paramilitary", "libyan", "armed-group"}
    keys = data.spellings()
    for spelling, actor in [("روسيا", "russia"), ("الروس", "russia"), ("Russian forces", "russia"),
                            ("فاغنر", "wagner"), ("الفيلق الأفريقي", "africa-corps"), ("الفيلق الافريقي", "africa-corps"),
                            ("الأتراك", "turkey"), ("Türkiye", "turkey"), ("الإمارات", "uae"), ("Émirats", "uae"),
                            ("مرتزقة سوريين", "syrian-fighters"), ("أفريكوم", "africom"), ("حفتر", "lna"),
                            ("القيادة العامة", "lna"), ("حكومة الوحدة", "gnu"), ("الدعم السريع", "sudanese-armed-groups"),
                            ("المعارضة التشادية", "chadian-armed-groups")]:
        assert actor in {e.id for e in keys[spelling_key(spelling)] if e.category == "actor"}, spelling


def test_ordinary_words_never_match_alone(data: ContextData) -> None:
    keys = data.spellings()
    for word in ("us", "eau", "fact", "car", "afrika korps", "gun"):
        assert word not in keys, word
    levels = {(e.category, spelling_key(e.spelling)): e.level for e in data.entries}
    for category, word in [("place", "Chad"), ("place", "Jordan"), ("place", "Georgia"), ("place", "مالي"),
                           ("place", "عمان"), ("actor", "المصري"), ("actor", "التركي"), ("actor", "RSF"),
                           ("activity", "نشر")]:
        assert levels[(category, spelling_key(word))] == "context", word


def test_activities_cover_every_class_in_three_languages() -> None:
    with (CONTEXT_DIR / "activities.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["class"] for r in rows} == set(ACTIVITY_CLASSES)
    for cls in ACTIVITY_CLASSES:
        assert {r["lang"] for r in rows if r["class"] == cls} == {"ar", "en", "fr"}, cls


def test_places_are_foreign_points_with_sources(data: ContextData) -> None:
    ids = [p.id for p in data.places]
    assert len(ids) == len(set(ids))
    for p in data.places:
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p.id
        assert p.country != "LY"
        assert p.source
    places = {p.id: p for p in data.places}
    assert "country:LY" not in places
    assert places["country:TD"].name_ar == "تشاد"
    assert places["city:524901"].name_ar == "موسكو"  # Moscow
    keys = data.spellings()
    assert {e.id for e in keys[spelling_key("موسكو")]} == {"city:524901"}
    assert {e.id for e in keys[spelling_key("Moscou")]} == {"city:524901"}
    assert {e.id for e in keys[spelling_key("بيلاروسيا")]} == {"belarus", "country:BY"}
    assert {e.id for e in keys[spelling_key("تونس")]} == {"country:TN"}  # the country, not the capital
    assert {e.id for e in keys[spelling_key("حميميم")]} == {"base:hmeimim"}
    countries_with_arabic = [p for p in data.places if p.kind == "country" and p.name_ar]
    assert len(countries_with_arabic) >= 45


def test_load_errors_name_file_and_line(tmp_path: Path) -> None:
    for name in ("actors.csv", "activities.csv"):
        (tmp_path / name).write_text((CONTEXT_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "actors.csv").open("a", encoding="utf-8") as fh:
        fh.write("russia,Russia again,,state,Russland,,https://example.org,\n")
        fh.write("Bad Id,Bad,,navy,,,not a url,\n")
    with pytest.raises(GazetteerError) as err:
        load_context(tmp_path)
    msg = str(err.value)
    assert "actors.csv:17: id: duplicate actor id 'russia'" in msg
    assert "actors.csv:18: id: 'Bad Id' is not a lowercase slug" in msg
    assert "actors.csv:18: group: 'navy'" in msg
    assert "actors.csv:18: source:" in msg
    assert "actors.csv:18: variants: the actor 'Bad Id' has no spelling" in msg
    loose = load_context(tmp_path, strict=False)
    assert loose.places == ()  # places.csv is optional
    with pytest.raises(GazetteerError, match="context folder not found"):
        load_context(tmp_path / "missing")


def test_default_path_follows_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_CONTEXT", str(tmp_path))
    with pytest.raises(GazetteerError, match=r"actors\.csv is missing"):
        load_context()
    monkeypatch.delenv("GEOTRACK_CONTEXT")
    assert load_context().actors


# -- sentences and paragraphs ------------------------------------------------------------------------
def test_sentence_and_paragraph_bounds() -> None:
    text = "A at Jufra. B 3.5 km away! C?\nD\n\nE"
    assert sentence_ends(text) == [11, 26, 29, 30, 32, 33]
    assert paragraph_ends(text) == [31]  # blank lines present: single newlines do not split
    assert paragraph_ends("one\ntwo") == [3]
    us = "The U.S. forces left Jufra."
    assert sentence_ends(us) == [8, 27]
    assert sentence_ends(us, [(4, 15)]) == [27]


# -- assignment --------------------------------------------------------------------------------------
AR = ("وصلت طائرات شحن روسية إلى قاعدة الجفرة. وقالت مصادر إن تعزيزات تركية وصلت إلى الوطية.\n"
      "وكان وفد من فاغنر قد زار قاعدة براك")


def ar_terms(text: str) -> list[ContextTerm]:
    return [
        term(text, "activity", "flights", "طائرات شحن"),
        term(text, "actor", "russia", "روسية"),
        term(text, "activity", "deployment", "تعزيزات"),
        term(text, "actor", "turkey", "تركية"),
        term(text, "activity", "visits", "وفد"),
        term(text, "actor", "wagner", "فاغنر"),
        term(text, "activity", "visits", "زار"),
    ]


def test_assign_context_arabic_sentences_and_paragraphs() -> None:
    mentions = extract(AR)
    before = list(mentions)
    assert [m.site_id for m in mentions] == ["al-jufra", "al-watiya", "brak-al-shati"]
    out = by_site(assign_context(AR, mentions, ar_terms(AR)))
    assert out["al-jufra"].actors == ("russia",)
    assert out["al-jufra"].activities == ("flights",)
    assert out["al-jufra"].actors_paragraph == ("russia", "turkey")
    assert out["al-watiya"].actors == ("turkey",)
    assert out["al-watiya"].activities == ("deployment",)
    assert out["al-watiya"].actors_paragraph == ("russia", "turkey")
    assert out["brak-al-shati"].actors == ("wagner",)
    assert out["brak-al-shati"].activities == ("visits",)
    assert out["brak-al-shati"].actors_paragraph == ("wagner",)
    assert out["brak-al-shati"].to_dict()["actors_paragraph"] == ["wagner"]
    assert mentions == before and mentions[0].actors == ()  # inputs untouched


EN = ("Russian Il-76 cargo flights landed at al-Khadim air base. Satellite images show new hangars at Jufra, "
      "where Wagner and Africa Corps fighters are based.\n\n"
      "Separately, a Turkish delegation visited Misrata.")


def test_assign_context_english_sentences_and_paragraphs() -> None:
    terms = [
        term(EN, "actor", "russia", "Russian"),
        term(EN, "activity", "flights", "Il-76"),
        term(EN, "activity", "flights", "cargo flights"),
        term(EN, "activity", "flights", "landed"),
        term(EN, "activity", "construction", "hangars"),
        term(EN, "actor", "wagner", "Wagner"),
        term(EN, "actor", "africa-corps", "Africa Corps"),
        term(EN, "activity", "deployment", "fighters"),
        term(EN, "actor", "turkey", "Turkish"),
        term(EN, "activity", "visits", "delegation"),
        term(EN, "activity", "visits", "visited"),
    ]
    mentions = extract(EN)
    out = by_site(assign_context(EN, mentions, terms))
    assert set(out) >= {"al-khadim", "al-jufra", "misrata"}
    assert out["al-khadim"].actors == ("russia",)
    assert out["al-khadim"].activities == ("flights",)
    assert out["al-khadim"].actors_paragraph == ("africa-corps", "russia", "wagner")
    assert out["al-jufra"].actors == ("africa-corps", "wagner")
    assert out["al-jufra"].activities == ("construction", "deployment")
    assert out["al-jufra"].actors_paragraph == ("africa-corps", "russia", "wagner")
    assert out["misrata"].actors == ("turkey",)
    assert out["misrata"].activities == ("visits",)
    assert out["misrata"].actors_paragraph == ("turkey",)


def test_abbreviation_dot_inside_a_term_does_not_split_the_sentence() -> None:
    text = "U.S. forces flew drones from Sigonella over Sirte."
    mentions = extract(text)
    terms = [term(text, "actor", "usa", "U.S. forces"), term(text, "activity", "weapons", "drones"),
             term(text, "place", "base:sigonella", "Sigonella")]
    (sirte,) = [m for m in assign_context(text, mentions, terms) if m.site_id == "sirte"]
    assert sirte.actors == ("usa",)
    assert sirte.activities == ("weapons",)


def test_no_mentions_or_no_terms() -> None:
    assert assign_context("روسيا", [], [ContextTerm("actor", "russia", "روسيا", 0, 5)]) == []
    mentions = extract("هبطت طائرة في الجفرة")
    (m,) = assign_context("هبطت طائرة في الجفرة", mentions, [])
    assert (m.actors, m.activities, m.actors_paragraph) == ((), (), ())


def test_confirm_terms_keeps_context_words_only_with_support() -> None:
    text = "Chad Smith said it was late. Fighters crossed from Chad into Kufra. Chad and Niger met."
    mentions = extract(text)
    chad = [term(text, "place", "country:TD", "Chad", i) for i in range(3)]
    niger = term(text, "place", "country:NE", "Niger")
    kept = confirm_terms(text, [(chad[0], "context"), (chad[1], "context"), (chad[2], "context"),
                                (niger, "always")], mentions)
    assert kept == [chad[1], chad[2], niger]


def test_document_places_keeps_places_in_text_order() -> None:
    text = "Flights from Moscow via Latakia reached Jufra, Russia said."
    terms = [term(text, "actor", "russia", "Russia"), term(text, "place", "city:173576", "Latakia"),
             term(text, "place", "city:524901", "Moscow"), term(text, "activity", "flights", "Flights")]
    assert [t.id for t in document_places(terms)] == ["city:524901", "city:173576"]
