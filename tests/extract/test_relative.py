"""Relative positions: "300 km south of Kufra" → a point and a radius (geotrack.extract.relative)."""

from __future__ import annotations

import math

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.extract import extract
from geotrack.extract.relative import (
    BEARINGS,
    MAX_DISTANCE_KM,
    MILE_KM,
    arabic_number,
    find_relative_positions,
    parse_number,
    radius_km,
)
from geotrack.gazetteer import Gazetteer
from geotrack.models import Mention, RelativePosition
from geotrack.text.normalize import normalize
from tests.paths import ROOT

GAZ = Gazetteer.load(ROOT / "data" / "gazetteer", extra=[])
SIN_8 = math.sin(math.radians(22.5))
SIN_16 = math.sin(math.radians(11.25))


def rel(text: str) -> list[RelativePosition]:
    mentions = extract(text, GAZ)
    out = find_relative_positions(text, mentions, doc_id="d1")
    starts = {m.start: m for m in mentions}
    for r in out:
        assert text[r.start:r.end] == r.surface
        assert r.precision == "relative"
        assert r.doc_id == "d1"
        anchor = next(m for m in mentions if m.site_id == r.anchor_site_id and m.start >= r.end)
        assert anchor.start in starts
        assert r.end <= anchor.start  # never overlaps the site mention
        p = geodesic(kilometers=r.distance_km).destination((anchor.lat, anchor.lon), bearing=r.bearing_deg)
        assert abs(p.latitude - r.lat) < 1e-6 and abs(p.longitude - r.lon) < 1e-6
        assert r.surface in r.sentence
    return out


def summary(text: str) -> list[tuple[str, int, int, str, float, str, float]]:
    return [(r.surface, r.start, r.end, r.anchor_site_id, r.distance_km, r.direction, r.bearing_deg)
            for r in rel(text)]


def hedged(d: float, half: float = SIN_8) -> float:
    return max(5.0, 0.15 * d) + d * half


def exact(d: float, half: float = SIN_8) -> float:
    return max(2.0, 0.05 * d) + d * half


# -- English -------------------------------------------------------------------------------------------
def test_english_about_300_km_south_of_kufra() -> None:
    text = "Russian aircraft landed about 300 km south of Kufra."
    assert summary(text) == [("about 300 km south of", 24, 45, "kufra", 300.0, "S", 180.0)]
    (r,) = rel(text)
    assert r.radius_km == pytest.approx(45 + 300 * SIN_8)
    assert r.radius_km == pytest.approx(159.8050, abs=1e-4)
    kufra = GAZ.get("kufra")
    p = geodesic(kilometers=300).destination((kufra.lat, kufra.lon), bearing=180)
    assert (r.lat, r.lon) == pytest.approx((p.latitude, p.longitude), abs=1e-6)
    assert r.lon == pytest.approx(kufra.lon, abs=1e-9)  # due south
    assert r.sentence == text


def test_english_variants() -> None:
    text = ("The strip lies 300 kilometres south-west of Sabha, and 60km east of Sabha. "
            "A camp some 140 km south-west of Tripoli. Another 63 km north of the town of Sabha.")
    assert summary(text) == [
        ("300 kilometres south-west of", 15, 43, "sabha", 300.0, "SW", 225.0),
        ("60km east of", 55, 67, "sabha", 60.0, "E", 90.0),
        ("some 140 km south-west of", 82, 107, "tripoli", 140.0, "SW", 225.0),
        ("63 km north of", 125, 139, "sabha", 63.0, "N", 0.0),
    ]
    radii = [r.radius_km for r in rel(text)]
    # 300 and 60 are round numbers, "some" is a hedge, 63 km is exact
    assert radii == pytest.approx([hedged(300), hedged(60), hedged(140), exact(63)])


def test_english_miles_compass_abbreviations_and_to_the() -> None:
    text = "200 miles SSW of Kufra; 1,200 km (750 miles) to the north-east of Kufra; 40 nautical miles north of Benghazi."
    out = rel(text)
    assert [(r.surface, r.direction, r.bearing_deg) for r in out] == [
        ("200 miles SSW of", "SSW", 202.5),
        ("1,200 km (750 miles) to the north-east of", "NE", 45.0),
        ("40 nautical miles north of", "N", 0.0),
    ]
    assert [r.distance_km for r in out] == pytest.approx([200 * 1.609344, 1200.0, 40 * 1.852])
    assert out[0].radius_km == pytest.approx(hedged(200 * 1.609344, SIN_16))


def test_southwestern_and_southwest() -> None:
    out = rel("It is 50 km southwestern of Kufra and 50 km southwest of Kufra.")
    assert [(r.surface, r.direction) for r in out] == [("50 km southwestern of", "SW"), ("50 km southwest of", "SW")]


@pytest.mark.parametrize("text", [
    "300 km south of the desert, far from anything.",
    "the 2019 offensive south of Tripoli",
    "Troops moved south of Tripoli in 2019.",
    "Kufra lies 300 km south.",
    "300 km from Kufra.",
    "300 km east west of Kufra.",
])
def test_english_negatives(text: str) -> None:
    assert rel(text) == []


def test_anchor_must_be_a_given_mention() -> None:
    text = "about 300 km south of Kufra"
    assert find_relative_positions(text, []) == []
    mentions = extract(text, GAZ)
    assert len(find_relative_positions(text, mentions)) == 1


# -- French --------------------------------------------------------------------------------------------
def test_french() -> None:
    text = "Une piste à environ 300 km au sud de Koufra, une autre à 60 km à l'est de Sebha et à 200 km au sud-ouest d'Ajdabiya."
    assert summary(text) == [
        ("environ 300 km au sud de", 12, 36, "kufra", 300.0, "S", 180.0),
        ("60 km à l'est de", 57, 73, "sabha", 60.0, "E", 90.0),
        ("200 km au sud-ouest d'", 85, 107, "ajdabiya", 200.0, "SW", 225.0),
    ]
    assert rel(text)[0].radius_km == pytest.approx(hedged(300))


# -- Arabic ----------------------------------------------------------------------------------------------
def test_arabic_digits_and_units() -> None:
    text = "على بعد 300 كم جنوب الكفرة"
    assert summary(text) == [("300 كم جنوب", 8, 19, "kufra", 300.0, "S", 180.0)]
    assert rel(text)[0].radius_km == pytest.approx(hedged(300))


def test_arabic_hedges_compound_directions_and_towns() -> None:
    text = ("على بعد نحو 150 كيلومترا جنوب غرب سبها، و150 كم شمال مدينة سبها، "
            "وعلى بعد ٣٠٠ كم جنوبي الكفرة، و63 كم تقريبا الجنوب الشرقي من الكفرة.")
    assert summary(text) == [
        ("نحو 150 كيلومترا جنوب غرب", 8, 33, "sabha", 150.0, "SW", 225.0),
        ("150 كم شمال", 41, 52, "sabha", 150.0, "N", 0.0),
        ("٣٠٠ كم جنوبي", 74, 86, "kufra", 300.0, "S", 180.0),
        ("63 كم تقريبا الجنوب الشرقي من", 96, 125, "kufra", 63.0, "SE", 135.0),
    ]
    # تقريبا after the unit is a hedge too
    assert rel(text)[3].radius_km == pytest.approx(hedged(63))


def test_arabic_number_words(caplog: pytest.LogCaptureFixture) -> None:
    text = ("على بعد نحو سبعين كيلومتراً شمال مدينة سبها، وعلى بعد مئة وخمسين كيلومترا إلى الجنوب الغربي من سبها، "
            "وثلاثمئة كيلومتر شرق سبها، وألف ومئتين كلم غرب سبها، وثلاثة آلاف كلم شمال سبها.")
    out = rel(text)
    assert [(r.surface, r.distance_km, r.direction) for r in out] == [
        ("نحو سبعين كيلومتراً شمال", 70.0, "N"),
        ("مئة وخمسين كيلومترا إلى الجنوب الغربي من", 150.0, "SW"),
        ("ثلاثمئة كيلومتر شرق", 300.0, "E"),
        ("ألف ومئتين كلم غرب", 1200.0, "W"),
    ]
    # 3,000 km is beyond MAX_DISTANCE_KM: no position, a warning
    assert caplog.messages == ["d1: relative position 'ثلاثة آلاف كلم شمال' of sabha dropped: 3000 km is more"
                               " than 2000 km"]
    assert out[0].start == 8 and out[0].end == 32
    assert all(r.radius_km == pytest.approx(hedged(r.distance_km)) for r in out)  # words are round


def test_arabic_miles() -> None:
    (r,) = rel("على بعد 100 ميل جنوب الكفرة")
    assert r.distance_km == pytest.approx(160.9344)


@pytest.mark.parametrize(("words", "value"), [
    ("واحد", 1), ("خمسة", 5), ("عشرة", 10), ("خمسة عشر", 15), ("عشرون", 20), ("سبعين", 70),
    ("خمسة وعشرون", 25), ("مئة", 100), ("مائة", 100), ("مئتان", 200), ("مئتين", 200), ("ثلاثمئة", 300),
    ("ثلاثمائة", 300), ("ثلاث مئة", 300), ("مئة وخمسين", 150), ("تسعمئة وتسعة وتسعون", 999), ("ألف", 1000),
    ("ألفين", 2000), ("ثلاثة آلاف", 3000), ("ألف ومئتين", 1200), ("كم", None),
])
def test_arabic_number(words: str, value: int | None) -> None:
    assert arabic_number(normalize(words)) == value


def test_parse_number() -> None:
    assert parse_number("٣٠٠") == 300
    assert parse_number("1,200") == 1200
    assert parse_number("1,5") == 1.5
    assert parse_number("2.5") == 2.5
    assert parse_number("١٢٫٥") == 12.5


@pytest.mark.parametrize("text", [
    "على بعد 300 كم جنوب الصحراء",
    "هجوم 2019 جنوب طرابلس",
    "على بعد 300 كم من الكفرة",
    "300 كم",
])
def test_arabic_negatives(text: str) -> None:
    assert rel(text) == []


# -- the radius model ------------------------------------------------------------------------------------------
def test_radius_model() -> None:
    assert radius_km(300, "S", hedged=True) == pytest.approx(45 + 300 * SIN_8)
    assert radius_km(20, "S", hedged=True) == pytest.approx(5 + 20 * SIN_8)  # the 5 km floor
    assert radius_km(63, "N", hedged=False) == pytest.approx(3.15 + 63 * SIN_8)
    assert radius_km(10, "N", hedged=False) == pytest.approx(2 + 10 * SIN_8)  # the 2 km floor
    assert radius_km(100, "SSW", hedged=True) == pytest.approx(15 + 100 * SIN_16)
    assert BEARINGS["N"] == 0 and BEARINGS["NE"] == 45 and BEARINGS["SE"] == 135 and BEARINGS["NW"] == 315


# -- properties ----------------------------------------------------------------------------------------------
ANCHOR = Mention(site_id="x", surface="Kufra", start=0, end=0, sentence="", confidence=0.95, rule="gazetteer",
                 lat=24.1833, lon=23.3139, kind="oasis")


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", "about ", "some ", "roughly ", "environ "]),
    st.integers(min_value=1, max_value=3000),
    st.sampled_from(["km", " km", " kilometres", " miles"]),
    st.sampled_from(["north", "south-west", "SSE", "east", "north-western", "au sud", "à l'ouest", "au nord-est"]),
    st.floats(min_value=-89, max_value=89),
    st.floats(min_value=-179, max_value=179),
    st.text(alphabet=" .,abc\n", max_size=20),
)
def test_destination_is_distance_away_and_spans_are_exact(hedge: str, n: int, unit: str, direction: str,
                                                          lat: float, lon: float, before: str) -> None:
    prep = "de" if direction.startswith(("au", "à")) else "of"
    phrase = f"{hedge}{n}{unit} {direction} {prep}"
    text = f"{before} {phrase} Kufra"
    anchor = Mention(**{**ANCHOR.to_dict(), "start": len(text) - 5, "end": len(text), "lat": lat, "lon": lon,
                        "actors": (), "activities": ()})
    if n * (MILE_KM if unit == " miles" else 1) > MAX_DISTANCE_KM:
        assert find_relative_positions(text, [anchor]) == []
        return
    (r,) = find_relative_positions(text, [anchor])
    assert 0 <= r.start < r.end <= anchor.start
    assert text[r.start:r.end] == r.surface == phrase
    assert geodesic((lat, lon), (r.lat, r.lon)).km == pytest.approx(r.distance_km, abs=1e-3)  # 1 m
    assert r.radius_km >= r.distance_km * SIN_16


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["300", "٣٠٠", "سبعين", "km", "كم", "south", "of", "جنوب", "الكفرة", "Kufra",
                                 "about", "نحو", "مدينة", "de", "au", "sud", "ُ", "ـ", "'", "-", "\n"]),
                max_size=20).map(" ".join))
def test_spans_inside_the_text(text: str) -> None:
    mentions = extract(text, GAZ)
    for r in find_relative_positions(text, mentions):
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start:r.end] == r.surface
        assert all(not (m.start < r.end and r.start < m.end) for m in mentions)


@pytest.mark.parametrize("text", ["مئة و" * 20000, "1,2," * 20000, "about 300 km " * 20000, "300 كم جنوب " * 20000])
def test_long_runs_stay_linear(text: str) -> None:
    import time

    anchor = Mention(**{**ANCHOR.to_dict(), "start": len(text), "end": len(text), "actors": (), "activities": ()})
    t0 = time.perf_counter()
    assert find_relative_positions(text, [anchor]) == []
    assert time.perf_counter() - t0 < 5
