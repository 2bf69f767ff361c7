"""Context data (actors, activity cues, foreign places) and the pure assignment of context to mentions."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from geotrack.context import (
    ACTIVITY_CLASSES,
    ContextData,
    document_places,
    load_context,
    validate_context,
)
from geotrack.errors import GazetteerError
from geotrack.extract import extract as _extract
from geotrack.extract.extractor import extractor_for
from geotrack.gazetteer import Gazetteer, default_gazetteer, spelling_key
from geotrack.models import ContextTerm, Mention
from geotrack.text.sentences import blank_line_after, blank_line_before, sentence_ends
from tests.paths import ROOT

CONTEXT_DIR = ROOT / "data" / "context"


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


# -- sentences and paragraphs: the program's one rule (geotrack.text.sentences) ---------------------
def test_sentence_and_paragraph_bounds() -> None:
    text = "A at Jufra. B 3.5 km away! C?\nD\n\nE"
    assert sentence_ends(text) == [11, 26, 29, 30, 32, 33]
    assert blank_line_after(text, 0) == 31 and blank_line_before(text, 34) == 31
    assert blank_line_after("one\ntwo", 0) == -1
    us = "The U.S. forces left Jufra."
    assert sentence_ends(us) == [27]  # the dot of "U.S." ends no sentence
    assert blank_line_after("one\n \t\ntwo", 0) == 3  # a line of spaces is a blank line
    assert blank_line_before("one\n \ntwo", 8) == 3


# -- assignment (the matcher's rule, as the program runs it) ------------------------------------------
AR = ("وصلت طائرات شحن روسية إلى قاعدة الجفرة. وقالت مصادر إن تعزيزات تركية وصلت إلى الوطية.\n"
      "وكان وفد من فاغنر قد زار قاعدة براك")


def test_assign_context_arabic_sentences_and_paragraphs() -> None:
    out = by_site(_extract(AR))
    assert list(out) == ["al-jufra", "al-watiya", "brak-al-shati"]
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


EN = ("Russian Il-76 cargo flights landed at al-Khadim air base. Satellite images show new hangars at Jufra, "
      "where Wagner and Africa Corps fighters are based.\n\n"
      "Separately, a Turkish delegation visited Misrata.")


def test_assign_context_english_sentences_and_paragraphs() -> None:
    out = by_site(_extract(EN))
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


def test_abbreviation_dot_does_not_split_the_sentence() -> None:
    """Issue 13: the program found no actor here and cut the sentence after "U.S."."""
    text = "The U.S. forces arrived at al-Jufra air base."
    (m,) = _extract(text)
    assert (m.site_id, m.surface, m.actors, m.sentence) == ("al-jufra", "al-Jufra air base", ("usa",), text)
    text = "U.S. forces flew drones from Sigonella over Sirte."
    (sirte,) = [m for m in _extract(text) if m.site_id == "sirte"]
    assert sirte.actors == ("usa",)
    assert sirte.activities == ("deployment", "weapons")
    assert sirte.sentence == text


def test_a_line_of_spaces_separates_paragraphs() -> None:
    """Issue 13: a blank line written "\\n \\n" is a paragraph break, as "\\n\\n" is."""
    for gap in ("\n\n", "\n \n", "\n\t \n"):
        text = f"Russian aircraft landed at Jufra.{gap}Turkish troops reached Misrata. Sirte was calm."
        out = by_site(_extract(text))
        assert out["al-jufra"].actors_paragraph == ("russia",), gap
        assert out["misrata"].actors_paragraph == ("turkey",), gap
        assert out["sirte"].actors == () and out["sirte"].actors_paragraph == ("turkey",), gap


def test_no_terms_no_context() -> None:
    (m,) = _extract("هبطت طائرة في الجفرة")
    assert (m.actors, m.activities, m.actors_paragraph) == ((), ("flights",), ())


def test_context_words_count_only_with_support() -> None:
    text = "Chad Smith said it was late. Fighters crossed from Chad into Kufra. Chad and Niger met."
    _mentions, terms = extractor_for(default_gazetteer()).matcher.find_all(text)
    places = [(t.id, t.start) for t in terms if t.category == "place"]
    assert places == [("country:TD", 51), ("country:TD", 68), ("country:NE", 77)]


def test_document_places_keeps_places_in_text_order() -> None:
    text = "Flights from Moscow via Latakia reached Jufra, Russia said."
    terms = [term(text, "actor", "russia", "Russia"), term(text, "place", "city:173576", "Latakia"),
             term(text, "place", "city:524901", "Moscow"), term(text, "activity", "flights", "Flights")]
    assert [t.id for t in document_places(terms)] == ["city:524901", "city:173576"]


def test_resolve_actors_is_library_and_the_cli_words_the_flag() -> None:
    """Actor names to ids live in the library (``geotrack.context``); its error carries the field and the
    CLI adds ``--actor``."""
    from geotrack.cli._common import error_message
    from geotrack.context import resolve_actors
    from geotrack.errors import InputError

    assert resolve_actors([]) == ()
    assert resolve_actors(["russia", "Russia", "روسيا"]) == ("russia",)
    with pytest.raises(InputError) as caught:
        resolve_actors(["martians"])
    assert (caught.value.field, caught.value.value) == ("actor", "martians")
    assert str(caught.value).startswith("'martians' is not a known actor; use one of: ")
    assert error_message(caught.value).startswith("--actor 'martians' is not a known actor; use one of: ")
