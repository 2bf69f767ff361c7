"""Aggregation: exact counts, period boundaries and change statuses on hand-made stores."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack import aggregate as ag
from geotrack.errors import InputError
from tests.builders import article, make_store


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
    assert (jufra["mentions"], jufra["documents"], jufra["sources"], jufra["independent_sources"]) == (6, 4, 3, 3)
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
    # the data starts in March: the baseline is March alone, not four months of which three are empty
    assert (c.baseline_start, c.baseline_count) == (pd.Timestamp("2024-03-01"), 1)
    assert (c.documents, c.mentions, c.baseline_documents) == (3, 5, 2.0)
    t = c.table.set_index("site_id")
    assert list(c.table.columns) == ag.CHANGE_COLUMNS
    # al-jufra: 3 documents (a2, b2, c1) from 3 sources against 1 (a1, which names it twice)
    assert t.loc["al-jufra", ["current", "previous", "baseline", "delta", "ratio", "status", "sources",
                              "mentions"]].tolist() == [3, 1, 1.0, 2.0, 3.0, "surge", 3, 4]
    assert t.loc["kufra", ["current", "sources", "status"]].tolist() == [1, 1, "new"]
    assert t.loc["sirte", ["current", "previous", "baseline", "status"]].tolist() == [0, 2, 2.0, "quiet"]
    assert pd.isna(t.loc["kufra", "ratio"])
    assert "maaten-al-sarra" not in t.index  # undated
    assert c.new_sites == ["kufra"] and c.quiet_sites == ["sirte"] and c.surges == ["al-jufra"]
    assert c.period_label("baseline") == "2024-03"
    assert c.headline() == [
        "2024-04: 3 documents naming 2 sites (5 mentions), against 2 per month over the previous month (2024-03).",
        "1 new site this month: Kufra.",
        "Surge at Al Jufra Air Base: 3 documents from 3 sources, against 1 per month over the previous month.",
        "1 site gone quiet this month: Sirte (no document this month, against a baseline of at least 1 per month).",
    ]


def test_changes_explicit_current_and_statuses(frame: pd.DataFrame) -> None:
    c = ag.changes(frame, "month", current="2024-03-17")
    assert c.current == pd.Timestamp("2024-03-01")
    t = c.table.set_index("site_id")
    assert set(t.index) == {"al-jufra", "sirte"}  # later mentions ignored
    assert set(t["status"]) == {"new"}
    assert c.baseline_count == 0 and pd.isna(c.baseline_start) and t["baseline"].isna().all()
    assert c.period_label("baseline") == "n/a"
    assert c.headline()[0] == ("2024-03: 2 documents naming 2 sites (4 mentions); the first month of the data, "
                               "so there is no baseline to compare with.")
    # not a surge when below the minimum of documents; "up" instead
    c2 = ag.changes(frame, "month", rules=ag.ChangeRules(surge_min_documents=4))
    assert c2.table.set_index("site_id").loc["al-jufra", "status"] == "up"
    # nor when the ratio asks for more than three times the baseline
    c3 = ag.changes(frame, "month", rules=ag.ChangeRules(surge_ratio=3.5))
    assert c3.surges == []
    # weekly: week of 29 April holds only Outlet C's al-jufra; baseline: weeks of 1 to 22 April
    w = ag.changes(frame, "week")
    assert w.current == pd.Timestamp("2024-04-29") and w.previous == pd.Timestamp("2024-04-22")
    assert (w.baseline_start, w.baseline_count) == (pd.Timestamp("2024-04-01"), 4)
    assert w.period_label("baseline") == "week of 2024-04-01 to 2024-04-22"
    wt = w.table.set_index("site_id")
    assert wt.loc["al-jufra", ["current", "baseline", "status"]].tolist() == [1, 0.5, "up"]
    assert wt.loc["sirte", ["current", "baseline", "status"]].tolist() == [0, 0.0, "steady"]
    assert wt.loc["kufra", ["current", "baseline", "status"]].tolist() == [0, 0.25, "down"]


def test_changes_down_and_empty(tmp_path: Path) -> None:
    store = make_store(tmp_path / "d.db", [
        article("1", "A", "2024-01-05", ["sirte"]), article("2", "A", "2024-01-20", ["sirte"]),
        article("3", "A", "2024-02-05", ["sirte"] * 3),
    ])
    c = ag.changes(store.mentions_frame())
    store.close()
    assert c.table.loc[0, "status"] == "down" and c.table.loc[0, "delta"] == -1.0
    assert c.headline()[-1] == "No new sites, surges or sites gone quiet this month."
    empty = ag.changes(c.table.iloc[:0].assign(published=pd.Series(dtype="datetime64[ns]")))
    assert pd.isna(empty.current) and empty.table.empty
    assert empty.headline() == ["No dated mentions in the selected data, so no change to report."]


def test_one_article_naming_a_site_eight_times_is_no_surge(tmp_path: Path) -> None:
    docs = [article(f"j{m}", "Outlet A", f"2024-{m:02d}-10", ["al-jufra"]) for m in range(1, 5)]
    docs += [
        article("w-feb", "Outlet B", "2024-02-12", ["al-watiya"]),
        article("j5", "Outlet A", "2024-05-10", ["al-jufra"]),
        article("w-may", "Outlet C", "2024-05-14", ["al-watiya"] * 8),  # one article, eight mentions
    ]
    with make_store(tmp_path / "m.db", docs) as store:
        frame = store.mentions_frame()
    c = ag.changes(frame)
    t = c.table.set_index("site_id")
    assert t.loc["al-watiya", ["current", "sources", "mentions", "baseline", "status"]].tolist() == [
        1, 1, 8, 0.25, "up"]
    assert t.loc["al-jufra", ["current", "baseline", "status"]].tolist() == [1, 1.0, "steady"]
    assert c.surges == [] and c.new_sites == [] and c.quiet_sites == []
    # even a lower bar on documents does not make one outlet a surge
    assert ag.changes(frame, rules=ag.ChangeRules(surge_min_documents=1)).surges == []


def test_three_outlets_doubling_their_documents_is_a_surge(tmp_path: Path) -> None:
    docs = []
    for m in range(1, 5):  # January to April: one document a month from each of three outlets
        docs += [article(f"{o}{m}", f"Outlet {o}", f"2024-{m:02d}-0{i + 1}", ["al-jufra"])
                 for i, o in enumerate("ABC")]
        docs.append(article(f"k{m}", "Outlet A", f"2024-{m:02d}-20", ["kufra"]))
    # May: each outlet twice on al-jufra; Outlet A alone six times on kufra; sirte from two outlets, twice
    docs += [article(f"{o}5{n}", f"Outlet {o}", f"2024-05-{n + 1:02d}", ["al-jufra"])
             for o in "ABC" for n in (0, 10)]
    docs += [article(f"k5{n}", "Outlet A", f"2024-05-{n + 12:02d}", ["kufra"]) for n in range(6)]
    docs += [article("s1", "Outlet A", "2024-02-03", ["sirte"]), article("s5a", "Outlet A", "2024-05-03", ["sirte"]),
             article("s5b", "Outlet B", "2024-05-04", ["sirte"])]
    with make_store(tmp_path / "s.db", docs) as store:
        frame = store.mentions_frame()
    c = ag.changes(frame)
    t = c.table.set_index("site_id")
    assert c.baseline_count == 4 and c.period_label("baseline") == "2024-01 to 2024-04"
    assert t.loc["al-jufra", ["current", "sources", "baseline", "ratio", "status"]].tolist() == [6, 3, 3.0, 2.0, "surge"]
    assert t.loc["kufra", ["current", "sources", "baseline", "status"]].tolist() == [6, 1, 1.0, "up"]
    assert t.loc["sirte", ["current", "sources", "baseline", "status"]].tolist() == [2, 2, 0.25, "up"]
    assert c.surges == ["al-jufra"]
    assert "Surge at Al Jufra Air Base: 6 documents from 3 sources, against 3 per month over the previous " \
           "4 months." in c.headline()
    # the thresholds are settable: a higher ratio or more sources and there is no surge
    assert ag.changes(frame, rules=ag.ChangeRules(surge_ratio=2.5)).surges == []
    assert ag.changes(frame, rules=ag.ChangeRules(surge_min_sources=4)).surges == []
    # and a lower bar on sources and documents makes sirte one (baseline below 1 counts as 1)
    low = ag.changes(frame, rules=ag.ChangeRules(surge_min_documents=2))
    assert low.surges == ["al-jufra", "sirte"]
    # one baseline period: April alone
    one = ag.changes(frame, rules=ag.ChangeRules(baseline_periods=1))
    assert one.table.set_index("site_id").loc["sirte", "baseline"] == 0.0 and one.surges == ["al-jufra"]


def test_a_syndicated_copy_adds_neither_a_document_nor_a_source(tmp_path: Path) -> None:
    wire = "[w1] Cargo flights landed at Al Watiya Air Base again."
    docs = [
        article("w0", "Wire", "2024-01-10", ["al-watiya"]),
        article("w1", "Wire", "2024-02-02", ["al-watiya"], text=wire),
        article("w2", "Paper", "2024-02-03", ["al-watiya"], text=wire),  # the same text: a syndicated copy
        article("w3", "Daily", "2024-02-04", ["al-watiya"]),
    ]
    with make_store(tmp_path / "w.db", docs) as store:
        frame = store.mentions_frame()
    assert frame["syndicated"].tolist() == [False, False, True, False]
    t = ag.changes(frame).table.set_index("site_id")
    assert t.loc["al-watiya", ["current", "sources", "mentions", "status"]].tolist() == [2, 2, 2, "up"]
    # counted with the copy it would have been a surge: three documents from three sources
    assert ag.changes(frame.assign(syndicated=False)).surges == ["al-watiya"]
    # the site table: three outlets named it, two with a story of their own; a near-duplicate copy
    # (marked by the syndication step) counts once the same way
    summary = ag.site_summary(frame).set_index("site_id")
    assert summary.loc["al-watiya", ["mentions", "documents", "sources", "independent_sources"]].tolist() == [4, 4, 3, 2]
    near = frame.assign(syndicated=frame["syndicated"] | (frame["source"] == "Daily"))
    assert ag.site_summary(near).loc[0, ["sources", "independent_sources"]].tolist() == [3, 1]
    from geotrack.outputs.report import build_report

    row = build_report(near, include_map=False, include_timeline=False).sites[0]
    assert (row.site_id, row.sources, row.independent_sources) == ("al-watiya", 3, 1)


def test_quiet_needs_a_baseline(tmp_path: Path) -> None:
    docs = [article(f"s{m}", "A", f"2024-{m:02d}-05", ["sirte"]) for m in range(1, 5)]
    docs += [article("k4", "B", "2024-04-09", ["kufra"]), article("j5", "C", "2024-05-01", ["al-jufra"])]
    with make_store(tmp_path / "q.db", docs) as store:
        frame = store.mentions_frame()
    c = ag.changes(frame)
    assert c.quiet_sites == ["sirte"]  # one document a month, then none
    t = c.table.set_index("site_id")
    assert t.loc["kufra", ["previous", "baseline", "status"]].tolist() == [1, 0.25, "down"]  # once is not a habit
    assert t.loc["al-jufra", "status"] == "new"
    assert ag.changes(frame, rules=ag.ChangeRules(quiet_min_baseline=0.25)).quiet_sites == ["kufra", "sirte"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("baseline_periods", 0, "change rule baseline_periods=0 is not usable; give a whole number of periods, 1 or more"),
    ("baseline_periods", 2.5, "change rule baseline_periods=2.5 is not usable"),
    ("surge_ratio", 0.5, "change rule surge_ratio=0.5 is not usable; give a ratio of 1 or more"),
    ("surge_ratio", float("nan"), "change rule surge_ratio=nan is not usable"),
    ("surge_min_documents", 0, "change rule surge_min_documents=0 is not usable"),
    ("surge_min_sources", 1, "change rule surge_min_sources=1 is not usable; give a number of sources, 2 or more "
                             "(one outlet alone never makes a surge)"),
    ("quiet_min_baseline", 0, "change rule quiet_min_baseline=0 is not usable"),
    ("surge_min_documents", True, "change rule surge_min_documents=True is not usable"),
    ("surge_ratio", "2", "change rule surge_ratio='2' is not usable"),
])
def test_change_rules_are_checked(field: str, value: object, message: str) -> None:
    with pytest.raises(InputError) as err:
        ag.ChangeRules(**{field: value})  # type: ignore[arg-type]
    assert str(err.value).startswith(message)


def test_change_rules_defaults_and_description() -> None:
    r = ag.ChangeRules()
    assert (r.baseline_periods, r.surge_ratio, r.surge_min_documents, r.surge_min_sources,
            r.quiet_min_baseline) == (4, 2.0, 3, 2, 1.0)
    assert r.describe("week") == (
        "Counted in documents and independent sources, not mentions (a syndicated copy adds neither). "
        "Baseline: a site's mean documents per week over the previous 4 weeks. Surge: at least 3 documents "
        "from at least 2 sources, and at least 2 times the baseline (a baseline below 1 counts as 1). New: "
        "named for the first time. Gone quiet: no document this week against a baseline of at least 1."
    )
    assert ag.format_number(1.25) == "1.25" and ag.format_number(3.0) == "3" and ag.format_number(1 / 3) == "0.33"
    assert ag.format_number(float("nan")) == "n/a"
    assert ag.format_delta(2.75) == "+2.75" and ag.format_delta(-0.004) == "0" and ag.format_delta(float("nan")) == ""


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


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["sirte", "kufra", "al-jufra"]), st.sampled_from(["A", "B", "C"]),
                          st.integers(1, 6), st.integers(1, 8)), min_size=1, max_size=20),
       st.integers(1, 5))
def test_statuses_count_documents_not_mentions(tmp_path_factory: pytest.TempPathFactory,
                                               rows: list[tuple[str, str, int, int]], baseline: int) -> None:
    """Naming a site once or eight times in a document gives the same statuses; a surge always has its
    minimum of documents and independent sources."""
    folder = tmp_path_factory.mktemp("p")
    frames = []
    for name, repeat in (("once", False), ("often", True)):
        docs = [article(f"d{i}", src, f"2024-{month:02d}-{i % 28 + 1:02d}", [site] * (times if repeat else 1))
                for i, (site, src, month, times) in enumerate(rows)]
        with make_store(folder / f"{name}.db", docs) as store:
            frames.append(store.mentions_frame())
    rules = ag.ChangeRules(baseline_periods=baseline)
    once, often = (ag.changes(f, rules=rules) for f in frames)
    keep = [c for c in ag.CHANGE_COLUMNS if c != "mentions"]
    pd.testing.assert_frame_equal(once.table[keep], often.table[keep])
    assert (once.new_sites, once.surges, once.quiet_sites) == (often.new_sites, often.surges, often.quiet_sites)
    surges = often.table[often.table["status"] == "surge"]
    assert (surges["current"] >= rules.surge_min_documents).all()
    assert (surges["sources"] >= rules.surge_min_sources).all()
    assert (surges["current"] >= rules.surge_ratio * surges["baseline"].clip(lower=1.0)).all()
