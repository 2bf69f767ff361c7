"""Aggregation: the mentions frame of :meth:`geotrack.store.Store.mentions_frame` in, summary frames out.

Every function here is pure pandas / geopandas: it takes the mentions frame (one row per mention, with
the columns documented on ``Store.mentions_frame``), never touches the database, and returns a new
(Geo)DataFrame with documented columns. An empty input gives an empty output with the same columns.

Counting conventions, shared by every function:

* ``mentions`` counts rows (one per site name found in a text);
* ``documents`` counts distinct ``document_id`` (articles);
* ``sources`` counts distinct ``source`` (outlets), and ``independent_sources`` the outlets with a story of
  their own (syndicated copies, exact or near, left out: :func:`geotrack.syndication.independent_source_counts`,
  the one rule): the corroboration of a site;
* ``first_seen`` / ``last_seen`` are the earliest / latest ``published`` dates (``NaT`` ignored);
* per-period tables leave out mentions whose document has no publication date, since they cannot be
  placed in a period;
* the outputs first pass the frame through :func:`set_aside_implausible_dates`: a date before
  :data:`EARLIEST_PLAUSIBLE` or after tomorrow (year 0001, 2999, 9999...) is treated as unknown, with a
  warning, so that it can neither crash a chart nor become the "current period".
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain
from typing import Any

import geopandas as gpd
import pandas as pd

from geotrack.change_rules import ChangeRules
from geotrack.errors import InputError
from geotrack.syndication import independent_source_counts, originals

log = logging.getLogger("geotrack")

#: The periods every per-period function accepts. Weeks start on Monday.
PERIODS = ("day", "week", "month")

#: Change statuses of :func:`changes`, in the order they are decided.
STATUSES = ("new", "quiet", "surge", "up", "down", "steady")

SITE_SUMMARY_COLUMNS = [
    "site_id", "site_name", "site_name_ar", "kind", "lat", "lon", "mentions", "documents", "sources",
    "independent_sources", "source_list", "first_seen", "last_seen", "actors", "activities", "mean_confidence",
]
SITE_SOURCE_PERIOD_COLUMNS = ["site_id", "source", "period", "mentions", "documents"]
SITE_PERIOD_COLUMNS = ["site_id", "period", "mentions", "documents", "sources"]
SOURCE_SUMMARY_COLUMNS = [
    "source", "documents", "mentions", "sites", "site_list", "first_seen", "last_seen", "syndicated",
]
CO_MENTION_COLUMNS = ["site_a", "site_b", "documents"]
CHANGE_COLUMNS = [
    "site_id", "site_name", "kind", "current", "previous", "baseline", "delta", "ratio", "status", "sources",
    "mentions",
]
ACTOR_SUMMARY_COLUMNS = ["actor", "mentions", "sites", "site_list", "sources", "first_seen", "last_seen"]
ACTOR_CHANGE_COLUMNS = ["actor", "current", "previous", "delta"]
SITE_CONTEXT_COLUMNS = ["site_id", "top_actors", "top_activities"]
#: Actors / activities kept per site by :func:`site_context`.
TOP_CONTEXT = 5
EVIDENCE_COLUMNS = [
    "site_id", "source", "published", "url", "title", "sentence", "surface", "lang",
    "site_name", "document_id", "mention_id", "input_id",
]


def _check_period(period: str) -> str:
    if period not in PERIODS:
        msg = f"unknown period {period!r}; use one of {', '.join(PERIODS)}"
        raise InputError(msg)
    return period


#: The earliest publication date taken at face value; the latest is the day after "now".
EARLIEST_PLAUSIBLE = pd.Timestamp("1900-01-01")


def plausible_window(now: datetime | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last plausible publication dates: :data:`EARLIEST_PLAUSIBLE` and the day after
    ``now`` (default: the current UTC time; pass it to fix the clock). Both ends are included."""
    clock = now if now is not None else datetime.now(timezone.utc)
    if clock.tzinfo is not None:
        clock = clock.astimezone(timezone.utc).replace(tzinfo=None)
    return EARLIEST_PLAUSIBLE, pd.Timestamp(clock).normalize() + pd.Timedelta(days=1)


def implausible_dates(frame: pd.DataFrame, now: datetime | None = None, column: str = "published") -> pd.Series:
    """A boolean mask: rows whose ``column`` is a date outside :func:`plausible_window` (unknown dates
    are not implausible)."""
    if frame.empty or column not in frame.columns:
        return pd.Series(False, index=frame.index, dtype=bool)
    first, last = plausible_window(now)
    dates = frame[column]
    if not pd.api.types.is_datetime64_any_dtype(dates):
        dates = pd.to_datetime(dates, errors="coerce", format="mixed")
    if getattr(dates.dt, "tz", None) is not None:
        dates = dates.dt.tz_convert("UTC").dt.tz_localize(None)
    bad = (dates < first) | (dates >= last + pd.Timedelta(days=1))
    return bad.fillna(False).astype(bool)


def set_aside_implausible_dates(frame: pd.DataFrame, now: datetime | None = None, *, column: str = "published",
                                what: str = "output") -> pd.DataFrame:
    """``frame`` with the dates outside :func:`plausible_window` made unknown (``NaT``), and a warning
    naming how many were set aside; ``frame`` itself when every date is plausible.

    The rows stay (they count as mentions, sites and sources) but fall out of every per-period table,
    the timeline and the choice of the current period, as undated mentions do. ``what`` names the
    output in the warning ("report", "map").
    """
    bad = implausible_dates(frame, now, column)
    n = int(bad.sum())
    if not n:
        return frame
    out = frame.copy()
    if not pd.api.types.is_datetime64_any_dtype(out[column]):
        out[column] = pd.to_datetime(out[column], errors="coerce", format="mixed")
    raw = frame.loc[bad, column].astype(str)
    docs = int(frame.loc[bad, "document_id"].nunique()) if "document_id" in frame.columns else n
    first, last = plausible_window(now)
    out.loc[bad, column] = pd.NaT
    log.warning(
        "%s: set aside %d mention%s in %d document%s dated outside %s to %s (%s), treated as undated",
        what, n, "" if n == 1 else "s", docs, "" if docs == 1 else "s", first.strftime("%Y-%m-%d"),
        last.strftime("%Y-%m-%d"), ", ".join(sorted(set(raw))[:3]) + (" ..." if raw.nunique() > 3 else ""),
    )
    return out


def period_start(series: pd.Series, period: str) -> pd.Series:
    """The start (midnight) of the day, week (Monday) or month holding each timestamp; ``NaT`` stays."""
    _check_period(period)
    s = pd.to_datetime(series)
    day = s.dt.floor("D")
    if period == "day":
        return day
    if period == "week":
        return day - pd.to_timedelta(s.dt.day_of_week, unit="D")
    return day - pd.to_timedelta(s.dt.day - 1, unit="D")


def _shift(start: pd.Timestamp, period: str, n: int) -> pd.Timestamp:
    if period == "day":
        return start + pd.Timedelta(days=n)
    if period == "week":
        return start + pd.Timedelta(weeks=n)
    return start + pd.DateOffset(months=n)


def _sorted_union(values: Iterable[Any]) -> list[str]:
    return sorted({str(v) for v in chain.from_iterable(values)})


def _sorted_unique(values: Iterable[Any]) -> list[str]:
    return sorted({str(v) for v in values})


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def site_summary(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """One row per site, most mentioned first (ties by site id), as points in EPSG:4326.

    Columns: site_id, site_name, site_name_ar, kind, lat, lon, mentions, documents, sources (distinct
    outlets), independent_sources (outlets with a story of their own, copies left out: corroboration),
    source_list (sorted), first_seen, last_seen, actors and activities (sorted
    unique lists over all mentions), mean_confidence; geometry = Point(lon, lat).
    """
    if frame.empty:
        out = _empty(SITE_SUMMARY_COLUMNS)
        for col in ("mentions", "documents", "sources", "independent_sources"):
            out[col] = out[col].astype("int64")
        for col in ("lat", "lon", "mean_confidence"):
            out[col] = out[col].astype("float64")
        for col in ("first_seen", "last_seen"):
            out[col] = pd.to_datetime(out[col])
        return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy([], []), crs="EPSG:4326")
    g = frame.groupby("site_id", sort=True)
    out = g.agg(
        site_name=("site_name", "first"),
        site_name_ar=("site_name_ar", "first"),
        kind=("kind", "first"),
        lat=("lat", "first"),
        lon=("lon", "first"),
        mentions=("mention_id", "size"),
        documents=("document_id", "nunique"),
        sources=("source", "nunique"),
        first_seen=("published", "min"),
        last_seen=("published", "max"),
        mean_confidence=("confidence", "mean"),
    )
    out["source_list"] = g["source"].agg(_sorted_unique)
    out["actors"] = g["actors"].agg(_sorted_union)
    out["activities"] = g["activities"].agg(_sorted_union)
    out["independent_sources"] = independent_source_counts(frame).reindex(out.index, fill_value=0)
    out = out.reset_index()
    out = out.sort_values(["mentions", "site_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out = out[SITE_SUMMARY_COLUMNS]
    for col in ("site_id", "site_name", "site_name_ar", "kind"):
        out[col] = out[col].astype(object)
    for col in ("mentions", "documents", "sources", "independent_sources"):
        out[col] = out[col].astype("int64")
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["lon"], out["lat"]), crs="EPSG:4326")


def _dated(frame: pd.DataFrame, period: str) -> pd.DataFrame:
    _check_period(period)
    dated = frame[frame["published"].notna()].copy()
    dated["period"] = period_start(dated["published"], period)
    return dated


def site_source_period(frame: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Per site × source × period start: mentions and documents (undated mentions left out).

    Columns: site_id, source, period (Timestamp, start of the period), mentions, documents; sorted by
    site_id, source, period.
    """
    dated = _dated(frame, period)
    if dated.empty:
        return _empty(SITE_SOURCE_PERIOD_COLUMNS)
    out = dated.groupby(["site_id", "source", "period"], sort=True).agg(
        mentions=("mention_id", "size"), documents=("document_id", "nunique")
    ).reset_index()
    return out[SITE_SOURCE_PERIOD_COLUMNS]


def site_period(frame: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Per site × period start: mentions, documents and distinct sources (undated mentions left out).

    Columns: site_id, period, mentions, documents, sources; sorted by site_id, period.
    """
    dated = _dated(frame, period)
    if dated.empty:
        return _empty(SITE_PERIOD_COLUMNS)
    out = dated.groupby(["site_id", "period"], sort=True).agg(
        mentions=("mention_id", "size"), documents=("document_id", "nunique"), sources=("source", "nunique")
    ).reset_index()
    return out[SITE_PERIOD_COLUMNS]


def source_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per source (outlet), most documents first (ties by name).

    Columns: source, documents (distinct documents with at least one mention), mentions, sites (distinct),
    site_list (sorted site ids), first_seen, last_seen, syndicated (documents that are syndicated copies
    of a text first stored from another source).
    """
    if frame.empty:
        return _empty(SOURCE_SUMMARY_COLUMNS)
    g = frame.groupby("source", sort=True)
    out = g.agg(
        documents=("document_id", "nunique"),
        mentions=("mention_id", "size"),
        sites=("site_id", "nunique"),
        first_seen=("published", "min"),
        last_seen=("published", "max"),
    )
    out["site_list"] = g["site_id"].agg(_sorted_unique)
    synd = frame[frame["syndicated"].astype(bool)].groupby("source")["document_id"].nunique()
    out["syndicated"] = synd.reindex(out.index, fill_value=0).astype("int64")
    out = out.reset_index()
    out = out.sort_values(["documents", "source"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out["source"] = out["source"].astype(object)
    return out[SOURCE_SUMMARY_COLUMNS]


def co_mentions(frame: pd.DataFrame) -> pd.DataFrame:
    """Pairs of sites named in the same document, with the number of such documents.

    Columns: site_a, site_b (``site_a < site_b``), documents; most shared documents first, then by ids.
    """
    if frame.empty:
        return _empty(CO_MENTION_COLUMNS)
    pairs = frame[["document_id", "site_id"]].drop_duplicates()
    merged = pairs.merge(pairs, on="document_id", suffixes=("_a", "_b"))
    merged = merged[merged["site_id_a"] < merged["site_id_b"]]
    if merged.empty:
        return _empty(CO_MENTION_COLUMNS)
    out = merged.groupby(["site_id_a", "site_id_b"]).size().rename("documents").reset_index()
    out = out.rename(columns={"site_id_a": "site_a", "site_id_b": "site_b"})
    out = out.sort_values(["documents", "site_a", "site_b"], ascending=[False, True, True], kind="stable")
    out["documents"] = out["documents"].astype("int64")
    return out.reset_index(drop=True)[CO_MENTION_COLUMNS]


def _exploded(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per (mention, value of the list column ``column``), the value in ``value``."""
    rows = frame[["mention_id", "site_id", "source", "published", column]].explode(column)
    rows = rows[rows[column].notna()].rename(columns={column: "value"})
    rows["value"] = rows["value"].astype(str)
    return rows


def actor_summary(frame: pd.DataFrame, column: str = "actors") -> pd.DataFrame:
    """One row per actor named in the mentions' sentences, most mentions first (ties by name).

    Columns: actor, mentions (mentions whose sentence names the actor), sites (distinct), site_list
    (sorted site ids), sources (distinct outlets), first_seen, last_seen. ``column="activities"`` gives
    the same table for activity cues (the first column is still called ``actor``).
    """
    if frame.empty or column not in frame.columns:
        return _empty(ACTOR_SUMMARY_COLUMNS)
    rows = _exploded(frame, column)
    if rows.empty:
        return _empty(ACTOR_SUMMARY_COLUMNS)
    g = rows.groupby("value", sort=True)
    out = g.agg(
        mentions=("mention_id", "nunique"),
        sites=("site_id", "nunique"),
        sources=("source", "nunique"),
        first_seen=("published", "min"),
        last_seen=("published", "max"),
    )
    out["site_list"] = g["site_id"].agg(_sorted_unique)
    out = out.reset_index().rename(columns={"value": "actor"})
    out = out.sort_values(["mentions", "actor"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out["actor"] = out["actor"].astype(object)
    for col in ("mentions", "sites", "sources"):
        out[col] = out[col].astype("int64")
    return out[ACTOR_SUMMARY_COLUMNS]


def actor_changes(frame: pd.DataFrame, period: str = "month", current: pd.Timestamp | str | None = None,
                  column: str = "actors") -> pd.DataFrame:
    """Mentions naming each actor in the ``current`` period and the one before it.

    ``current`` as in :func:`changes` (default: the latest period with a dated mention). Columns: actor,
    current, previous, delta; one row per actor named in either period, sorted like
    :func:`actor_summary` by current mentions, then delta, then name.
    """
    dated = _dated(frame, period)
    if dated.empty or column not in dated.columns:
        return _empty(ACTOR_CHANGE_COLUMNS)
    if current is None:
        cur = pd.Timestamp(dated["period"].max())
    else:
        cur = pd.Timestamp(period_start(pd.Series([pd.Timestamp(current)]), period).iloc[0])
    prev = _shift(cur, period, -1)
    dated = dated[dated["period"].isin([cur, prev])]
    rows = dated[["mention_id", "period", column]].explode(column)
    rows = rows[rows[column].notna()]
    if rows.empty:
        return _empty(ACTOR_CHANGE_COLUMNS)
    rows[column] = rows[column].astype(str)
    counts = rows.groupby([column, "period"])["mention_id"].nunique().unstack(fill_value=0)
    out = pd.DataFrame({
        "actor": counts.index.astype(str),
        "current": counts[cur].to_numpy() if cur in counts.columns else 0,
        "previous": counts[prev].to_numpy() if prev in counts.columns else 0,
    })
    out["current"] = out["current"].astype("int64")
    out["previous"] = out["previous"].astype("int64")
    out["delta"] = out["current"] - out["previous"]
    out["actor"] = out["actor"].astype(object)
    out = out.sort_values(["current", "delta", "actor"], ascending=[False, False, True], kind="stable")
    return out.reset_index(drop=True)[ACTOR_CHANGE_COLUMNS]


def _top_pairs(rows: pd.DataFrame, top: int) -> dict[str, list[tuple[str, int]]]:
    if rows.empty:
        return {}
    counts = rows.groupby(["site_id", "value"])["mention_id"].nunique().rename("n").reset_index()
    counts = counts.sort_values(["site_id", "n", "value"], ascending=[True, False, True], kind="stable")
    out: dict[str, list[tuple[str, int]]] = {}
    for sid, g in counts.groupby("site_id", sort=False):
        out[str(sid)] = [(str(v), int(n)) for v, n in zip(g["value"].head(top), g["n"].head(top), strict=True)]
    return out


def site_context(frame: pd.DataFrame, top: int = TOP_CONTEXT) -> pd.DataFrame:
    """Per site, its ``top`` most frequent actors and activities with counts (mentions naming them).

    Columns: site_id, top_actors, top_activities: lists of ``(name, count)`` pairs, most frequent first
    (ties by name), empty lists when none. One row per site of the frame, sorted by site id. Format a
    list with :func:`format_counts`.
    """
    if frame.empty:
        return _empty(SITE_CONTEXT_COLUMNS)
    sites = sorted(str(s) for s in frame["site_id"].unique())
    actors = _top_pairs(_exploded(frame, "actors"), top) if "actors" in frame.columns else {}
    activities = _top_pairs(_exploded(frame, "activities"), top) if "activities" in frame.columns else {}
    return pd.DataFrame({
        "site_id": pd.Series(sites, dtype=object),
        "top_actors": pd.Series([actors.get(s, []) for s in sites], dtype=object),
        "top_activities": pd.Series([activities.get(s, []) for s in sites], dtype=object),
    })


def format_counts(pairs: Iterable[tuple[str, int]]) -> str:
    """``[("russia", 12), ("africa-corps", 5)]`` → ``"russia ×12, africa-corps ×5"``."""
    return ", ".join(f"{name} ×{int(n)}" for name, n in pairs)


_PERIOD_WORD = {"day": "day", "week": "week", "month": "month"}


def _names(table: pd.DataFrame, ids: list[str], limit: int = 8) -> str:
    names = table.set_index("site_id").loc[ids, "site_name"].astype(str).tolist()
    text = ", ".join(names[:limit])
    if len(names) > limit:
        text += f" and {len(names) - limit} more"
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def format_number(value: float) -> str:
    """A count or a mean for people: ``3``, ``2.5``, ``0.25``, ``0.33`` (two decimals at most, so a mean
    over four periods is exact); ``n/a`` for NaN."""
    if pd.isna(value):
        return "n/a"
    rounded = round(float(value), 2)
    return f"{rounded:g}" if rounded != 0 else "0"


def format_delta(value: float) -> str:
    """A change for people: ``+3``, ``-0.75``, ``0``; ``""`` for NaN (nothing to compare with)."""
    if pd.isna(value):
        return ""
    rounded = round(float(value), 2)
    return f"{rounded:+g}" if rounded != 0 else "0"


@dataclass(frozen=True)
class Changes:
    """Each site's documents in the ``current`` period against its baseline (see :class:`ChangeRules`).

    ``table`` columns: site_id, site_name, kind, current (documents in the current period), previous
    (documents in the period before it), baseline (mean documents per baseline period; NaN when the
    current period is the first of the data), delta (current - baseline), ratio (current / baseline, NaN
    when the baseline is 0 or unknown), status, sources (independent sources in the current period),
    mentions (mentions in the current period, for information only). Statuses, decided in this order:
    ``new`` (named in the current period and never before it), ``quiet`` (no document in the current
    period, baseline ≥ ``rules.quiet_min_baseline``), ``surge`` (see :class:`ChangeRules`), ``up``
    (current above the baseline), ``down`` (below), ``steady`` (equal). ``current`` / ``previous`` are
    ``NaT`` when the frame holds no dated mention.

    ``documents`` / ``mentions`` count the current period over all sites; ``baseline_documents`` is the
    mean documents per baseline period over all sites; ``baseline_count`` the number of baseline
    periods counted, from ``baseline_start`` to ``previous``.
    """

    period: str
    current: pd.Timestamp
    previous: pd.Timestamp
    table: pd.DataFrame
    new_sites: list[str] = field(default_factory=list)
    quiet_sites: list[str] = field(default_factory=list)
    surges: list[str] = field(default_factory=list)
    rules: ChangeRules = field(default_factory=ChangeRules)
    baseline_start: pd.Timestamp = pd.NaT
    baseline_count: int = 0
    documents: int = 0
    mentions: int = 0
    baseline_documents: float = float("nan")

    def _label(self, ts: pd.Timestamp) -> str:
        if pd.isna(ts):
            return "n/a"
        if self.period == "month":
            return ts.strftime("%Y-%m")
        if self.period == "week":
            return f"week of {ts.strftime('%Y-%m-%d')}"
        return ts.strftime("%Y-%m-%d")

    def period_label(self, which: str = "current") -> str:
        """``2024-05`` for a month, ``week of 2024-05-06`` for a week, ``2024-05-07`` for a day;
        ``which="baseline"`` gives the baseline's span (``2024-01 to 2024-04``, ``n/a`` without one)."""
        if which == "baseline":
            if not self.baseline_count:
                return "n/a"
            first, last = self._label(self.baseline_start), self._label(self.previous)
            return first if first == last else f"{first} to {last.removeprefix('week of ')}"
        return self._label(self.current if which == "current" else self.previous)

    def _before(self) -> str:
        word = _PERIOD_WORD[self.period]
        n = self.baseline_count
        return f"the previous {word}" if n == 1 else f"the previous {n} {word}s"

    def headline(self) -> list[str]:
        """Plain-English sentences saying what changed, most important first."""
        word = _PERIOD_WORD[self.period]
        t = self.table
        if pd.isna(self.current) or t.empty:
            return ["No dated mentions in the selected data, so no change to report."]
        active = int((t["current"] > 0).sum())
        first = (f"{self.period_label()}: {_plural(self.documents, 'document')} naming {_plural(active, 'site')} "
                 f"({_plural(self.mentions, 'mention')})")
        if self.baseline_count:
            first += (f", against {format_number(self.baseline_documents)} per {word} over {self._before()} "
                      f"({self.period_label('baseline')}).")
        else:
            first += f"; the first {word} of the data, so there is no baseline to compare with."
        lines = [first]
        if self.new_sites:
            n = len(self.new_sites)
            lines.append(f"{n} new site{'s' if n != 1 else ''} this {word}: {_names(t, self.new_sites)}.")
        rows = t.set_index("site_id")
        for sid in self.surges:
            r = rows.loc[sid]
            lines.append(
                f"Surge at {r['site_name']}: {_plural(int(r['current']), 'document')} from "
                f"{_plural(int(r['sources']), 'source')}, against {format_number(r['baseline'])} per {word} "
                f"over {self._before()}."
            )
        if self.quiet_sites:
            n = len(self.quiet_sites)
            lines.append(
                f"{n} site{'s' if n != 1 else ''} gone quiet this {word}: {_names(t, self.quiet_sites)} "
                f"(no document this {word}, against a baseline of at least "
                f"{format_number(self.rules.quiet_min_baseline)} per {word})."
            )
        if not (self.new_sites or self.surges or self.quiet_sites):
            lines.append(f"No new sites, surges or sites gone quiet this {word}.")
        return lines


def _status(cur: int, sources: int, baseline: float, seen_before: bool, rules: ChangeRules) -> str:
    if cur > 0 and not seen_before:
        return "new"
    base = 0.0 if pd.isna(baseline) else float(baseline)
    if cur == 0 and base >= rules.quiet_min_baseline:
        return "quiet"
    if (cur >= rules.surge_min_documents and sources >= rules.surge_min_sources
            and cur >= rules.surge_ratio * max(base, 1.0)):
        return "surge"
    if cur > base:
        return "up"
    if cur < base:
        return "down"
    return "steady"


def changes(
    frame: pd.DataFrame,
    period: str = "month",
    current: pd.Timestamp | str | None = None,
    rules: ChangeRules | None = None,
) -> Changes:
    """Compare each site's documents and sources in the ``current`` period with its baseline.

    ``current`` is any timestamp inside the period of interest (it is moved to the period's start); by
    default the latest period with a dated mention. Mentions after the current period are ignored.
    ``rules`` holds the thresholds (default :class:`ChangeRules`). The table has one row per site named
    by a dated original document up to the end of the current period, sorted by current documents
    (desc), delta (desc) and site id.
    """
    _check_period(period)
    rules = rules if rules is not None else ChangeRules()
    dated = _dated(originals(frame), period)
    if dated.empty:
        return Changes(period, pd.NaT, pd.NaT, _empty(CHANGE_COLUMNS), rules=rules)
    if current is None:
        cur = pd.Timestamp(dated["period"].max())
    else:
        cur = pd.Timestamp(period_start(pd.Series([pd.Timestamp(current)]), period).iloc[0])
    prev = _shift(cur, period, -1)
    first_period = pd.Timestamp(dated["period"].min())
    dated = dated[dated["period"] <= cur]
    if dated.empty:
        return Changes(period, cur, prev, _empty(CHANGE_COLUMNS), rules=rules)
    base_start = max(_shift(cur, period, -rules.baseline_periods), first_period)
    base_count = 0
    step = base_start
    while step < cur:
        base_count += 1
        step = _shift(step, period, 1)
    sites = dated.groupby("site_id", sort=True).agg(site_name=("site_name", "first"), kind=("kind", "first"))
    now = dated[dated["period"] == cur]
    before = dated[dated["period"] == prev]
    base = dated[(dated["period"] >= base_start) & (dated["period"] < cur)]
    earlier = dated[dated["period"] < cur]
    t = sites.copy()

    def per_site(rows: pd.DataFrame, column: str) -> pd.Series:
        return rows.groupby("site_id")[column].nunique().reindex(t.index, fill_value=0).astype("int64")

    t["current"] = per_site(now, "document_id")
    t["previous"] = per_site(before, "document_id")
    t["sources"] = per_site(now, "source")
    t["mentions"] = now.groupby("site_id").size().reindex(t.index, fill_value=0).astype("int64")
    if base_count:
        t["baseline"] = (per_site(base, "document_id") / base_count).astype("float64")
    else:
        t["baseline"] = float("nan")
    t["delta"] = (t["current"] - t["baseline"]).astype("float64")
    t["ratio"] = (t["current"] / t["baseline"].where(t["baseline"] > 0)).astype("float64")
    seen_before = t.index.isin(earlier["site_id"].unique())
    t["status"] = [_status(int(c), int(s), float(b), bool(seen), rules)
                   for c, s, b, seen in zip(t["current"], t["sources"], t["baseline"], seen_before, strict=True)]
    t = t.reset_index()
    t = t.sort_values(["current", "delta", "site_id"], ascending=[False, False, True], na_position="last",
                      kind="stable")
    t = t.reset_index(drop=True)[CHANGE_COLUMNS]
    for col in ("site_id", "site_name", "kind", "status"):
        t[col] = t[col].astype(object)

    def ids(status: str) -> list[str]:
        return [str(s) for s in t.loc[t["status"] == status, "site_id"]]

    return Changes(
        period, cur, prev, t, ids("new"), ids("quiet"), ids("surge"), rules=rules,
        baseline_start=base_start if base_count else pd.NaT, baseline_count=base_count,
        documents=int(now["document_id"].nunique()), mentions=len(now),
        baseline_documents=float(base["document_id"].nunique()) / base_count if base_count else float("nan"),
    )


def evidence(frame: pd.DataFrame, site_id: str | None = None, limit: int = 5, *,
             per_site: bool = False) -> pd.DataFrame:
    """The latest evidence: one row per (site, document), newest first (undated last).

    The first mention of a site in a document stands for that document. ``site_id`` keeps one site;
    ``limit`` caps the rows overall, or for each site when ``per_site`` is true (what a map popup needs).
    Columns: site_id, source, published, url, title, sentence, surface, lang, then site_name,
    document_id, mention_id, input_id (the id the document came with: a JSON ``id``, a feed entry's
    guid, a CSV id column, a file path; ``""`` when the frame does not carry it).
    """
    if site_id is not None:
        frame = frame[frame["site_id"] == site_id]
    if frame.empty:
        return _empty(EVIDENCE_COLUMNS)
    if "input_id" not in frame.columns:
        frame = frame.assign(input_id="")
    else:
        frame = frame.assign(input_id=frame["input_id"].map(lambda v: "" if v is None or (
            not isinstance(v, str) and pd.isna(v)) else str(v)))
    rows = frame.sort_values(["document_id", "start"], kind="stable").drop_duplicates(["site_id", "document_id"])
    rows = rows.sort_values(["published", "document_id"], ascending=[False, False], na_position="last",
                            kind="stable")
    rows = rows.groupby("site_id", sort=False).head(limit) if per_site else rows.head(limit)
    return rows[EVIDENCE_COLUMNS].reset_index(drop=True)


__all__ = [
    "EARLIEST_PLAUSIBLE",
    "PERIODS",
    "STATUSES",
    "ChangeRules",
    "Changes",
    "actor_changes",
    "actor_summary",
    "changes",
    "co_mentions",
    "evidence",
    "format_counts",
    "format_delta",
    "format_number",
    "implausible_dates",
    "period_start",
    "plausible_window",
    "set_aside_implausible_dates",
    "site_context",
    "site_period",
    "site_source_period",
    "site_summary",
    "source_summary",
]
