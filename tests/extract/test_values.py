"""Values out of range: distances of relative positions and publication dates are bounded, and what is
dropped is said (geotrack.extract.relative, geotrack.readers.meta, geotrack.readers.feed)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from geopy.distance import geodesic
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.extract import extract
from geotrack.extract.relative import MAX_DISTANCE_KM, find_relative_positions, radius_km
from geotrack.gazetteer import Gazetteer
from geotrack.models import Document, RelativePosition
from geotrack.readers.base import Origin, ReaderOptions
from geotrack.readers.feed import read_feed
from geotrack.readers.meta import (
    EARLIEST_DATE,
    FUTURE_SLACK,
    DateReading,
    complete,
    find_dateline,
    parse_date,
    read_date,
)
from tests.paths import ROOT

GAZ = Gazetteer.load(ROOT / "data" / "gazetteer", extra=[])
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=timezone.utc)
FUTURE = "more than a day in the future (after 2024-06-02T12:00 UTC)"
EARLY = "before 1900-01-01"
IMPOSSIBLE = "not a valid calendar date"


def rel(text: str) -> list[RelativePosition]:
    return find_relative_positions(text, extract(text, GAZ), doc_id="d1")


# -- distances -------------------------------------------------------------------------------------------
def test_the_bound_is_one_documented_constant() -> None:
    assert MAX_DISTANCE_KM == 2000.0


@pytest.mark.parametrize(
    ("text", "warning"),
    [
        ("A camp 1e+60 km south of Kufra.", "'1e+60 km south of' of kufra dropped: 1e+60 km is more than 2000 km"),
        ("A camp 1E60 km south of Kufra.", "'1E60 km south of' of kufra dropped: 1e+60 km is more than 2000 km"),
        ("A camp " + "1" + "0" * 60 + " km south of Kufra.",
         f"'1{'0' * 60} km south of' of kufra dropped: 1e+60 km is more than 2000 km"),
        ("A camp 1e+400 km south of Kufra.", "'1e+400 km south of' of kufra dropped: not a finite distance"),
        ("A camp 1e-6 km south of Kufra.", "'1e-6 km south of' of kufra dropped: a negative exponent"),
        ("A camp -40 km north of Sirte.", "'-40 km north of' of sirte dropped: a negative distance"),
        ("A camp \u221240 km north of Sirte.", "'\u221240 km north of' of sirte dropped: a negative distance"),
        ("A camp about -40 km north of Sirte.", "'about -40 km north of' of sirte dropped: a negative distance"),
        ("A camp 0 km east of Sabha.", "'0 km east of' of sabha dropped: a distance of zero"),
        ("A camp 0.0 km east of Sabha.", "'0.0 km east of' of sabha dropped: a distance of zero"),
        ("A camp 2000.5 km east of Sabha.", "'2000.5 km east of' of sabha dropped: 2000.5 km is more than 2000 km"),
        ("A camp 3,000 miles west of Tobruk.",
         "'3,000 miles west of' of tobruk dropped: 4828.03 km is more than 2000 km"),
        ("A camp 1243 miles west of Tobruk.",
         "'1243 miles west of' of tobruk dropped: 2000.41 km is more than 2000 km"),
        ("A camp 1,100 nautical miles north of Kufra.",
         "'1,100 nautical miles north of' of kufra dropped: 2037.2 km is more than 2000 km"),
        ("مخيم على بعد -٣٠٠ كم جنوب الكفرة", "'-٣٠٠ كم جنوب' of kufra dropped: a negative distance"),
        ("معسكر على بعد 1e+60 كم جنوب الكفرة", "'1e+60 كم جنوب' of kufra dropped: 1e+60 km is more than 2000 km"),
        ("على بعد ثلاثة آلاف ميل جنوب الكفرة",
         "'ثلاثة آلاف ميل جنوب' of kufra dropped: 4828.03 km is more than 2000 km"),
    ],
)
def test_out_of_range_distances_are_dropped_with_a_warning(text: str, warning: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        assert rel(text) == []
    assert [(r.name, r.levelname) for r in caplog.records] == [("geotrack", "WARNING")]
    assert caplog.messages == [f"d1: relative position {warning}"]


@pytest.mark.parametrize(
    ("text", "surface", "km"),
    [
        ("A camp 2000 km east of Sabha.", "2000 km east of", 2000.0),
        ("A camp 1242 miles west of Tobruk.", "1242 miles west of", 1242 * 1.609344),
        ("A camp 1,000 nautical miles north of Kufra.", "1,000 nautical miles north of", 1852.0),
        ("A camp 50-60 km south of Kufra.", "60 km south of", 60.0),  # a range: the hyphen is no sign
        ("A camp 1e2 km south of Kufra.", "1e2 km south of", 100.0),
        ("A camp 0.5 km south of Kufra.", "0.5 km south of", 0.5),
    ],
)
def test_distances_within_the_bound_are_kept(text: str, surface: str, km: float,
                                             caplog: pytest.LogCaptureFixture) -> None:
    (r,) = rel(text)
    assert (r.surface, r.distance_km) == (surface, pytest.approx(km))
    assert caplog.messages == []


#: Every result lies within MAX_DISTANCE_KM of a Libyan anchor: inside this box (Libya, its neighbours
#: and the sea between), degrees.
BOX_LAT, BOX_LON = (3.0, 51.0), (-20.0, 55.0)
ANCHORS = ["Kufra", "Sabha", "Tripoli", "Tobruk", "Ghat", "Benghazi", "الكفرة", "سبها"]
NUMBER_CHARS = st.sampled_from([*"0123456789٠١٢٣٤٥٦٧٨٩.,eE+-−٫٬ ", "inf", "nan", "e+", "e-", "1e308"])
NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=5000).map(str),
    st.floats(min_value=0, max_value=3000).map(lambda f: f"{f:.1f}"),
    st.lists(NUMBER_CHARS, min_size=1, max_size=40).map("".join),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=0, max_value=1e12).map(lambda f: f"{f:,.2f}"),
    st.integers(min_value=-10**70, max_value=10**70).map(str),
    st.sampled_from(["سبعين", "مئة وخمسين", "ثلاثة آلاف", "ألفين", "ألف ومئتين", "تسعمئة وتسعة وتسعون"]),
)
UNITS = st.sampled_from(["km", " km", " kms", " kilometres", " miles", " mile", " nautical miles", " milles",
                         " كم", " كلم", " كيلومترا", " ميل", " أميال"])
DIRECTIONS = st.sampled_from(["south of", "north-west of", "SSE of", "au sud de", "à l'est de", "جنوب",
                              "شمال غرب", "جنوب شرقي"])


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["", "about ", "some ", "نحو ", "environ "]), NUMBERS, UNITS, DIRECTIONS,
       st.sampled_from(ANCHORS))
def test_any_distance_string_gives_a_bounded_position_or_nothing(hedge: str, number: str, unit: str,
                                                                direction: str, anchor: str) -> None:
    text = f"A new camp lies {hedge}{number}{unit} {direction} {anchor}."
    mentions = extract(text, GAZ)
    for r in find_relative_positions(text, mentions, doc_id="p"):
        assert 0 < r.distance_km <= MAX_DISTANCE_KM
        site = GAZ.get(r.anchor_site_id)
        assert geodesic((site.lat, site.lon), (r.lat, r.lon)).km == pytest.approx(r.distance_km, abs=1e-3)
        assert BOX_LAT[0] <= r.lat <= BOX_LAT[1] and BOX_LON[0] <= r.lon <= BOX_LON[1]
        assert 0 < r.radius_km <= radius_km(MAX_DISTANCE_KM, "S", True)
        assert text[r.start:r.end] == r.surface


# -- dates -------------------------------------------------------------------------------------------------
def test_the_window_is_documented_constants() -> None:
    assert (EARLIEST_DATE.isoformat(), FUTURE_SLACK) == ("1900-01-01", timedelta(days=1))


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        # impossible
        ("2024-02-30", IMPOSSIBLE),
        ("2023-02-29", IMPOSSIBLE),
        ("2024-02-30T10:00:00Z", IMPOSSIBLE),
        ("2024-13-01", IMPOSSIBLE),
        ("0000-00-00", IMPOSSIBLE),
        ("0000-00-00T00:00:00Z", IMPOSSIBLE),
        ("2024-03-05T25:00:00", IMPOSSIBLE),
        ("Fri, 30 Feb 2024 10:00:00 GMT", IMPOSSIBLE),
        ("30 February 2024", IMPOSSIBLE),
        ("٣٠ فبراير ٢٠٢٤", IMPOSSIBLE),
        # too early
        ("0001-01-01", EARLY),
        ("0001-01-01T00:00:00+01:00", EARLY),
        ("-0001-01-01", EARLY),
        ("-0001-01-01T00:00:00Z", EARLY),
        ("1899-12-31", EARLY),
        ("1899-12-31T23:59:59-01:00", EARLY),
        ("Mon, 01 Jan 0001 00:00:00 GMT", EARLY),
        ("Sun, 31 Dec 1899 12:00:00 GMT", EARLY),
        # too late
        ("9999-12-31", FUTURE),
        ("9999-12-31T23:59:59-05:00", FUTURE),
        ("10000-01-01", FUTURE),
        ("Fri, 31 Dec 9999 23:59:59 GMT", FUTURE),
        ("Sat, 01 Jan 10000 00:00:00 GMT", FUTURE),
        ("2999-01-01", FUTURE),
        ("2024-06-03", FUTURE),
        ("2024-06-02T12:00:01Z", FUTURE),
        ("2024-06-02T14:00:01+02:00", FUTURE),
    ],
)
def test_dates_that_are_not_used(value: str, problem: str, caplog: pytest.LogCaptureFixture) -> None:
    assert read_date(value, now=NOW) == DateReading("", problem)
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        assert parse_date(value, now=NOW) == ""
    assert caplog.messages == [f"publication date {value!r} not used: {problem}"]


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("1900-01-01", "1900-01-01"),
        ("1900-01-01T00:00:00Z", "1900-01-01T00:00:00+00:00"),
        ("2024-02-29", "2024-02-29"),
        ("2024-06-02", "2024-06-02"),  # within a day of now: clocks and zones differ
        ("2024-06-02T12:00:00Z", "2024-06-02T12:00:00+00:00"),
        ("2024-06-02T14:00:00+02:00", "2024-06-02T12:00:00+00:00"),
        ("Mon, 01 Jan 01 00:00:00 GMT", "2001-01-01T00:00:00+00:00"),  # RFC 822's two-digit year
        ("Tue, 05 Mar 2024 08:30:00 +0100", "2024-03-05T07:30:00+00:00"),
        ("5 آذار 2024", "2024-03-05"),
    ],
)
def test_dates_that_are_used(value: str, iso: str, caplog: pytest.LogCaptureFixture) -> None:
    assert read_date(value, now=NOW) == DateReading(iso)
    assert parse_date(value, now=NOW) == iso
    assert caplog.messages == []


@pytest.mark.parametrize("value", ["garbage", "yesterday", "1 January 1", "2024-3-5", "", "  "])
def test_unreadable_dates_are_dropped_silently(value: str, caplog: pytest.LogCaptureFixture) -> None:
    assert read_date(value, now=NOW) == DateReading()
    assert parse_date(value, now=NOW) == ""
    assert caplog.messages == []


def test_the_clock_is_the_default_now() -> None:
    tomorrow = datetime.now(timezone.utc) + timedelta(hours=12)
    far = datetime.now(timezone.utc) + timedelta(days=3)
    assert parse_date(tomorrow.isoformat(timespec="seconds")) != ""
    assert read_date(far.isoformat(timespec="seconds")).problem.startswith("more than a day in the future")


def test_a_dateline_outside_the_window_is_passed_over() -> None:
    text = "TRIPOLI, March 5, 2030 — the contract ends; written 4 May 2024."
    assert find_dateline(text, now=NOW) == "2024-05-04"
    assert find_dateline("Benghazi, 14 Feb 2022", now=NOW) == "2022-02-14"


def test_complete_falls_back_to_the_dateline(caplog: pytest.LogCaptureFixture) -> None:
    doc = Document(id="1", text="TRIPOLI, March 5, 2024 — Kufra", published="9999-12-31T23:59:59Z")
    assert complete(doc, now=NOW).published == "2024-03-05"
    assert caplog.messages == [f"publication date '9999-12-31T23:59:59Z' not used: {FUTURE}"]
    assert complete(Document(id="2", text="Kufra", published="2024-02-30"), now=NOW).published == ""


def entry_date(pub_date: str) -> str:
    feed = (f'<rss version="2.0"><channel><item><pubDate>{pub_date}</pubDate>'
            "<description>Kufra</description></item></channel></rss>").encode()
    (doc,) = read_feed(feed, Origin("f.xml"), ReaderOptions())
    assert isinstance(doc, Document)
    return doc.published


@pytest.mark.parametrize(
    "raw",
    ["Fri, 30 Feb 2024 10:00:00 GMT", "2024-02-30T10:00:00Z", "-0001-01-01T00:00:00Z", "0000-00-00T00:00:00Z",
     "Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "2999-01-01T00:00:00Z"],
)
def test_feed_dates_feedparser_would_bend_are_passed_on_raw(raw: str) -> None:
    """feedparser reads 30 February as 1 March, -0001 as 2000 and 0000-00-00 as the year -1."""
    assert entry_date(raw) == raw
    assert complete(Document(id="1", text="Kufra", published=raw)).published == ""


def test_feed_dates_in_range_are_read_by_feedparser() -> None:
    assert entry_date("Tue, 05 Mar 2024 08:30:00 +0100") == "2024-03-05T07:30:00+00:00"
    assert entry_date("Tue, 05 Mar 2024 08:30:00 EST") == "2024-03-05T13:30:00+00:00"


@settings(max_examples=300, deadline=None)
@given(st.integers(-20000, 20000), st.integers(0, 14), st.integers(0, 33),
       st.sampled_from(["", "T10:00:00", "T10:00:00Z", "T23:30:00+05:00", " 10:00"]))
def test_any_written_date_is_used_only_inside_the_window(year: int, month: int, day: int, time: str) -> None:
    value = f"{year:04d}-{month:02d}-{day:02d}{time}"
    reading = read_date(value, now=NOW)
    assert bool(reading.iso) != bool(reading.problem)
    if reading.iso:
        assert "1900-01-01" <= reading.iso[:10] <= "2024-06-02"


def test_ingest_stores_no_date_outside_the_window(tmp_path: Path) -> None:
    import json

    from geotrack.pipeline import ingest
    from geotrack.store import Store

    rows = [
        {"id": "ok", "text": "Flights at Kufra.", "published": "2024-03-05"},
        {"id": "old", "text": "Flights at Kufra again.", "published": "0001-01-01"},
        {"id": "far", "text": "Flights at Sabha.", "published": "9999-12-31T23:59:59Z"},
        {"id": "feb", "text": "TRIPOLI, 4 May 2024 - flights at Sirte.", "published": "2024-02-30"},
        {"id": "neg", "text": "Flights at Ghat.", "published": "-0001-01-01"},
        {"id": "big", "text": "Flights at Tobruk.", "published": "10000-01-01"},
    ]
    f = tmp_path / "dates.jsonl"
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with Store.open(tmp_path / "v.db") as store:
        s = ingest([str(f)], store)
        assert (s.read, s.new, s.failed) == (6, 6, 0)
        stored = dict(store.db.execute("SELECT input_id, published FROM documents").fetchall())
    # the impossible date falls back to the dateline of the text
    assert stored == {"ok": "2024-03-05", "old": "", "far": "", "feb": "2024-05-04", "neg": "", "big": ""}
