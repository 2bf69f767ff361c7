"""Normalisation: exact outputs, offset maps, and properties over arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.extract.normalize import OffsetMap, normalize


def test_arabic_diacritics_tatweel_and_letter_forms() -> None:
    assert normalize("الجُفْـرةُ") == "الجفره"
    assert normalize("إجدابيا") == "اجدابيا"
    assert normalize("أوباري") == "اوباري"
    assert normalize("آمن") == "امن"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("مؤسسة") == "موسسه"
    assert normalize("رئيس") == "رييس"


def test_latin_case_accents_hyphens_apostrophes() -> None:
    assert normalize("Maaten Al-Sarra") == "maaten al sarra"
    assert normalize("Ma'aten as‑Sarra") == "maaten as sarra"
    assert normalize("GHADAMÈS") == "ghadames"
    assert normalize("Ṣabḥa") == "sabha"
    assert normalize("İstanbul") == "istanbul"
    assert normalize("Zaouïa\nKoufra") == "zaouia koufra"


def test_controls_and_invisible_characters_are_deleted() -> None:
    assert normalize("بن\u200cغازي") == "بنغازي"
    assert normalize("\ufeffسبها\u200f") == "سبها"


def test_offset_map_points_into_the_original() -> None:
    text = "وصلت الطائرات إلى قاعدة الجُفْرةِ أمس"
    norm = normalize(text)
    i = norm.index("الجفره")
    omap = OffsetMap(text)
    start, end = omap.start(i), omap.end(i + len("الجفره"))
    assert text[start:end] == "الجُفْرةِ"  # the final kasra belongs to the word


arabic_or_latin = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "ءأإآىةؤئ" "ًٌٍَُِّْـ" "abcXYZéÈ-' \n.,")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(arabic_or_latin)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(arabic_or_latin)
def test_offset_map_is_monotonic_and_in_bounds(text: str) -> None:
    norm = normalize(text)
    omap = OffsetMap(text)
    previous = -1
    for i in range(len(norm)):
        j = omap.start(i)
        assert 0 <= j < len(text)
        assert j > previous
        # the character there normalises to the normalised character
        assert normalize(text[j]) == norm[i]
        previous = j


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalize_never_grows_text(text: str) -> None:
    assert len(normalize(text)) <= len(text)
