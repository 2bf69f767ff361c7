"""Aggregation: exact counts, period boundaries and change statuses on hand-made stores."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import article, make_store
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack import aggregate as ag
from geotrack.errors import InputError


@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    docs = [
        # March: al-jufra x2 (1 doc), sirte; Outlet A
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte", "al-jufra"], actors=["Russia"]),
        # March: sirte from Outlet B
        article("b1", "Outlet B", "2024-03-31T23:30:00", ["sirte"], activities=["flights"]),
        # April: al-jufra surge (4 mentions, 3 sources), kufra new, sirte gone quiet
        article("a2", "Outlet A", "2024-04-01", ["al-jufra", "al-jufra"], actors=["Wagner", "Russia"]),
        article("b2", "Outlet B", "2024-04-10", ["al-jufra", "kufra"], lang="ar"),
        article("c1", "Outlet C", "2024-04-30", ["al-jufra"]),
        # undated: counts in totals, not in periods
        article("c2", "Outlet C", "", ["maaten-al-sarra"]),
    ]
    store = make_store(tmp_path / "t.db", docs)
    try:
        return store.mentions_frame()
    finally:
        store.close()


def test_period_start_boundaries() -> None:
    s = pd.Series(pd.to_datetime(["2024-03-31 23:59", "2024-04-01 00:00", "2024-04-07 12:00", "2024-04-08 00:00", None]))
    assert list(ag.period_start(s, "day").astype(str))[:4] == ["2024-03-31", "2024-04-01", "2024-04-07", "2024-04-08"]
    weeks = ag.period_start(s, "week")
    assert [str(d.date()) for d in weeks[:4]] == ["2024-03-25", "2024-04-01", "2024-04-01", "2024-04-08"]
    assert all(d.day_of_week == 0 for d in weeks[:4])  # Monday
    months = ag.period_start(s, "month")
    assert [str(d.date()) for d in months[:4]] == ["2024-03-01", "2024-04-01", "2024-04-01", "2024-04-01"]
    assert pd.isna(months.iloc[4])
    with pytest.raises(InputError, match="'year'"):
        ag.period_start(s, "year")


def test_site_summary(frame: pd.DataFrame) -> None:
    out = ag.site_summary(frame)
    assert out.crs.to_epsg() == 4326
    assert list(out["site_id"]) == ["al-jufra", "sirte", "kufra", "maaten-al-sarra"]
    jufra = out.iloc[0]
    assert (jufra["mentions"], jufra["documents"], jufra["sources"]) == (6, 4, 3)
    assert jufra["source_list"] == ["Outlet A", "Outlet B", "Outlet C"]
    assert jufra["first_seen"] == pd.Timestamp("2024-03-05")
    assert jufra["last_seen"] == pd.Timestamp("2024-04-30")
    assert jufra["actors"] == ["Russia", "Wagner"]
    assert (jufra.geometry.x, jufra.geometry.y) == (16.0008, 29.1981)
    assert jufra["site_name_ar"] == "قاعدة الجفرة الجوية"
    sirte = out.iloc[1]
    assert (sirte["mentions"], sirte["sources"], sirte["activities"]) == (2, 2, ["flights"])
    sarra = out.set_index("site_id").loc["maaten-al-sarra"]
    assert pd.isna(sarra["first_seen"]) and sarra["mentions"] == 1
    assert list(out.columns) == [*ag.SITE_SUMMARY_COLUMNS, "geometry"]


def test_site_summary_empty(frame: pd.DataFrame) -> None:
    out = ag.site_summary(frame.iloc[:0])
    assert len(out) == 0 and out.crs.to_epsg() == 4326
    assert list(out.columns) == [*ag.SITE_SUMMARY_COLUMNS, "geometry"]


def test_site_period_and_source_period(frame: pd.DataFrame) -> None:
    sp = ag.site_period(frame, "month")
    rows = {(r.site_id, str(r.period.date())): (r.mentions, r.documents, r.sources) for r in sp.itertuples()}
    assert rows == {
        ("al-jufra", "2024-03-01"): (2, 1, 1),
        ("al-jufra", "2024-04-01"): (4, 3, 3),
        ("kufra", "2024-04-01"): (1, 1, 1),
        ("sirte", "2024-03-01"): (2, 2, 2),
    }
    ssp = ag.site_source_period(frame, "week")
    got = {(r.site_id, r.source, str(r.period.date())): (r.mentions, r.documents) for r in ssp.itertuples()}
    assert got[("sirte", "Outlet B", "2024-03-25")] == (1, 1)  # Sunday 31 March belongs to week of 25th
    assert got[("al-jufra", "Outlet A", "2024-04-01")] == (2, 1)
    assert got[("al-jufra", "Outlet C", "2024-04-29")] == (1, 1)
    assert len(ssp) == 7
    assert list(ag.site_period(frame.iloc[:0]).columns) == ag.SITE_PERIOD_COLUMNS


def test_source_summary(tmp_path: Path) -> None:
    text = "Shared wire copy about Sirte and Kufra."
    store = make_store(tmp_path / "s.db", [
        article("x1", "Wire", "2024-01-02", ["sirte", "kufra"], text=text),
        article("x2", "Paper", "2024-01-03", ["sirte", "kufra"], text=text),  # syndicated copy
        article("x3", "Paper", "2024-02-01", ["al-jufra"]),
    ])
    out = ag.source_summary(store.mentions_frame()).set_index("source")
    store.close()
    assert list(out.index) == ["Paper", "Wire"]
    assert out.loc["Paper", "documents"] == 2 and out.loc["Paper", "mentions"] == 3
    assert out.loc["Paper", "sites"] == 3
    assert out.loc["Paper", "site_list"] == ["al-jufra", "kufra", "sirte"]
    assert out.loc["Paper", "syndicated"] == 1 and out.loc["Wire", "syndicated"] == 0
    assert out.loc["Paper", "first_seen"] == pd.Timestamp("2024-01-03")
    assert out.loc["Paper", "last_seen"] == pd.Timestamp("2024-02-01")


def test_co_mentions(frame: pd.DataFrame) -> None:
    out = ag.co_mentions(frame)
    assert [tuple(r) for r in out.itertuples(index=False)] == [("al-jufra", "kufra", 1), ("al-jufra", "sirte", 1)]
    single = frame[frame["document_id"] == frame["document_id"].iloc[0]]
    assert len(ag.co_mentions(single[single["site_id"] == single["site_id"].iloc[0]])) == 0


def test_changes_default_current(frame: pd.DataFrame) -> None:
    c = ag.changes(frame, "month")
    assert c.current == pd.Timestamp("2024-04-01") and c.previous == pd.Timestamp("2024-03-01")
    t = c.table.set_index("site_id")
    assert t.loc["al-jufra", ["current", "previous", "delta", "status", "sources"]].tolist() == [4, 2, 2, "surge", 3]
    assert t.loc["al-jufra", "ratio"] == 2.0
    assert t.loc["kufra", "status"] == "new"
    assert t.loc["sirte", ["current", "previous", "status"]].tolist() == [0, 2, "quiet"]
    assert pd.isna(t.loc["kufra", "ratio"])
    assert "maaten-al-sarra" not in t.index  # undated
    assert c.new_sites == ["kufra"] and c.quiet_sites == ["sirte"] and c.surges == ["al-jufra"]
    lines = c.headline()
    assert lines[0] == "2024-04: 5 mentions of 2 sites, against 4 in the previous month (2024-03)."
    assert "1 new site this month: Kufra." in lines
    assert "Surge at Al Jufra Air Base: 4 mentions from 3 sources, up from 2." in lines
    assert any(line.startswith("1 site gone quiet this month: Sirte") for line in lines)


def test_changes_explicit_current_and_statuses(frame: pd.DataFrame) -> None:
    c = ag.changes(frame, "month", current="2024-03-17")
    assert c.current == pd.Timestamp("2024-03-01")
    t = c.table.set_index("site_id")
    assert set(t.index) == {"al-jufra", "sirte"}  # later mentions ignored
    assert set(t["status"]) == {"new"}
    # not a surge when below surge_min; "up" instead
    c2 = ag.changes(frame, "month", surge_min=5)
    assert c2.table.set_index("site_id").loc["al-jufra", "status"] == "up"
    # weekly: week of 29 April holds only Outlet C's al-jufra
    w = ag.changes(frame, "week")
    assert w.current == pd.Timestamp("2024-04-29") and w.previous == pd.Timestamp("2024-04-22")
    assert w.table.set_index("site_id").loc["al-jufra", "status"] == "up"
    assert w.table.set_index("site_id").loc["sirte", "status"] == "steady"


def test_changes_down_and_empty(tmp_path: Path) -> None:
    store = make_store(tmp_path / "d.db", [
        article("1", "A", "2024-01-05", ["sirte"] * 3),
        article("2", "A", "2024-02-05", ["sirte"]),
    ])
    c = ag.changes(store.mentions_frame())
    store.close()
    assert c.table.loc[0, "status"] == "down" and c.table.loc[0, "delta"] == -2
    assert c.headline()[-1] == "No new sites, surges or sites gone quiet this month."
    empty = ag.changes(c.table.iloc[:0].assign(published=pd.Series(dtype="datetime64[ns]")))
    assert pd.isna(empty.current) and empty.table.empty
    assert empty.headline() == ["No dated mentions in the selected data, so no change to report."]


def test_evidence(frame: pd.DataFrame) -> None:
    ev = ag.evidence(frame, "al-jufra", limit=2)
    assert list(ev.columns[:8]) == ["site_id", "source", "published", "url", "title", "sentence", "surface", "lang"]
    assert list(ev["published"]) == [pd.Timestamp("2024-04-30"), pd.Timestamp("2024-04-10")]
    assert ev.loc[1, "lang"] == "ar" and ev.loc[1, "surface"] == "قاعدة الجفرة الجوية"
    everything = ag.evidence(frame, limit=100)
    assert len(everything) == 8  # one row per (site, document)
    assert pd.isna(everything["published"].iloc[-1])
    per_site = ag.evidence(frame, limit=1, per_site=True)
    assert sorted(per_site["site_id"]) == ["al-jufra", "kufra", "maaten-al-sarra", "sirte"]
    assert ag.evidence(frame, "nowhere").empty


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["sirte", "kufra", "al-jufra"]), st.sampled_from(["A", "B", "C"]),
                          st.integers(1, 28), st.integers(1, 6)), min_size=1, max_size=15))
def test_counts_are_consistent(tmp_path_factory: pytest.TempPathFactory,
                               rows: list[tuple[str, str, int, int]]) -> None:
    docs = [article(f"d{i}", src, f"2024-{month:02d}-{day:02d}", [site]) for i, (site, src, day, month)
            in enumerate(rows)]
    store = make_store(tmp_path_factory.mktemp("h") / "h.db", docs)
    frame = store.mentions_frame()
    store.close()
    summary = ag.site_summary(frame)
    assert summary["mentions"].sum() == len(rows)
    assert ag.site_period(frame, "week")["mentions"].sum() == len(rows)
    assert ag.site_source_period(frame, "day")["mentions"].sum() == len(rows)
    assert ag.source_summary(frame)["mentions"].sum() == len(rows)
    for r in summary.itertuples():
        assert r.sources == len({s for site, s, _d, _m in rows if site == r.site_id})
    c = ag.changes(frame)
    assert set(c.table["status"]) <= set(ag.STATUSES)
    assert c.table["current"].sum() == sum(1 for _s, _src, _d, m in rows if m == c.current.month)
