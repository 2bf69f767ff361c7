"""The monitoring report: what changed, per site and per source, with a timeline, the map and the evidence.

:func:`build_report` turns a mentions frame (:meth:`geotrack.store.Store.mentions_frame`) into a
:class:`ReportContext`, a typed record of everything the report shows (tests check it directly);
:func:`render_html` and :func:`render_markdown` render it with the Jinja2 templates of
``geotrack/outputs/templates/``; :func:`write_report` picks the format from the file suffix.

All text from articles (titles, sentences, source names, URLs) is untrusted, and reaches the page only
as template *variables* (the templates are files of the package; no text is ever compiled as one),
through :mod:`geotrack.outputs.escape`: the HTML template autoescapes it and isolates each piece in a
``<bdi>`` (filters ``iso`` and ``source``; a source whose name shows nothing reads "(unnamed source)");
the Markdown renderer escapes it with :func:`md_escape` and removes bidi controls; only
``http``/``https`` URLs ever become links (:func:`safe_url`).

Publication dates outside :func:`geotrack.aggregate.plausible_window` (before 1900, after tomorrow) are
treated as unknown, with a warning and a note in the report, so that one document dated 0001-01-01 or
9999-12-31 neither breaks the timeline nor becomes the current period.

Changes, new sites and surges are counted in documents and independent sources against a baseline of
earlier periods (:class:`geotrack.aggregate.ChangeRules`, passed as ``rules``); the timeline counts
documents too. This module never opens the store: the caller passes what the report needs from it
(``counts`` of :meth:`geotrack.store.Store.counts` for the documents ingested, a frame of the stored
documents for those of the current period, the grouped candidates of :func:`geotrack.candidates.summarise`).
"""

from __future__ import annotations

import base64
import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geotrack import aggregate
from geotrack.errors import ExportError
from geotrack.outputs import escape as esc
from geotrack.syndication import originals

#: Sites drawn as their own line in the timeline; the rest are summed as "other sites".
TIMELINE_TOP_SITES = 6
#: Evidence snippets shown per site, and sites with evidence shown.
EVIDENCE_PER_SITE = 3
EVIDENCE_SITES = 15
#: Rows of the "Actors", "Possible new sites" and "Approximate positions" tables.
MAX_ACTORS = 30
MAX_CANDIDATES = 30
MAX_RELATIVE = 50
#: Actors / activities (with counts) shown per site in the site table.
SITE_CONTEXT_TOP = 3
#: Longest snippet shown, in characters.
SNIPPET_CHARS = 400
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown"}

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LETTER = re.compile(r"[^\W\d_]")


# -- untrusted text --------------------------------------------------------------------------------
def is_rtl(text: str) -> bool:
    """True when most letters of ``text`` are Arabic script (so it is shown right to left)."""
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_ARABIC.findall(text)) * 2 >= letters


def safe_url(url: object) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else "" (no ``javascript:``, ``data:``...);
    see :func:`geotrack.outputs.escape.safe_url`."""
    return esc.safe_url(url)


def md_escape(text: object) -> str:
    """Escape untrusted text for Markdown (a table cell, a list item or a paragraph); see
    :func:`geotrack.outputs.escape.markdown_text`."""
    return esc.markdown_text(text)


def md_link(label: object, url: object) -> str:
    """``[label](url)`` for an http(s) URL (percent-encoded so it cannot break out), else the escaped label."""
    return esc.markdown_link(label, url)


def md_rtl_block(text: object) -> str:
    """An HTML block that shows Arabic text right to left in rendered Markdown (text HTML-escaped)."""
    return esc.markdown_rtl_block(text)


def md_rtl_inline(text: object) -> str:
    """Arabic text right to left inside a Markdown table cell (see :func:`geotrack.outputs.escape.markdown_rtl_cell`)."""
    return esc.markdown_rtl_cell(text)


def md_cell(text: object) -> str:
    """Untrusted text for a Markdown table cell: right to left when it is Arabic (:func:`md_rtl_inline`),
    else escaped (:func:`md_escape`)."""
    return md_rtl_inline(text) if is_rtl(str(text)) else md_escape(text)


def md_source(text: object) -> str:
    """A source name for Markdown: "(unnamed source)" when it would show nothing, else :func:`md_escape`."""
    return esc.markdown_text(esc.display(esc.strip_bidi(text), esc.UNNAMED_SOURCE))


def html_isolated(text: object, placeholder: str = "") -> Markup:
    """Untrusted text for the HTML report: escaped and isolated in ``<bdi>`` (safe to mark up)."""
    return Markup(esc.html_isolated(text, placeholder=placeholder))


def html_source(text: object) -> Markup:
    """A source name for the HTML report: isolated, "(unnamed source)" when it would show nothing."""
    return html_isolated(text, esc.UNNAMED_SOURCE)


# -- the context -----------------------------------------------------------------------------------
class _Directional:
    """A row whose text is right-to-left Arabic (``rtl``) or left-to-right; ``lang`` for the HTML."""

    rtl: bool

    @property
    def lang(self) -> str:
        return "ar" if self.rtl else "en"


@dataclass(frozen=True)
class SiteRow:
    """One site of the report: totals over the report's window and change in its current period."""

    site_id: str
    name: str
    name_ar: str
    kind: str
    mentions: int
    documents: int
    sources: int
    source_list: tuple[str, ...]
    first_seen: str
    last_seen: str
    current: int  # documents naming the site in the current period (syndicated copies left out)
    previous: int  # documents in the period before it
    delta: float  # current - baseline (NaN without a baseline)
    status: str
    actors: str = ""  # top actors with counts: "russia ×12, africa-corps ×5"
    activities: str = ""  # top activities with counts
    baseline: float = float("nan")  # mean documents per baseline period
    current_sources: int = 0  # independent sources in the current period
    current_mentions: int = 0  # mentions in the current period (for information)
    independent_sources: int = 0  # outlets with a story of their own over the window (copies left out)

    @property
    def change(self) -> str:
        """``+3 (surge)``, ``-0.8 (down)``, ``0 (steady)``, ``(new)``: documents against the baseline."""
        if not self.status:
            return ""
        delta = aggregate.format_delta(self.delta)
        return f"{delta} ({self.status})" if delta else f"({self.status})"

    @property
    def baseline_text(self) -> str:
        """The baseline for people: ``1.5``, ``0``; ``n/a`` without one."""
        return aggregate.format_number(self.baseline)


@dataclass(frozen=True)
class SourceRow:
    source: str
    documents: int
    mentions: int
    sites: int
    first_seen: str
    last_seen: str
    syndicated: int


@dataclass(frozen=True)
class ActorRow:
    """One actor: mentions whose sentence names it, sites, sources, and its change between periods."""

    actor: str
    mentions: int
    sites: int
    site_list: tuple[str, ...]
    sources: int
    first_seen: str
    last_seen: str
    current: int
    previous: int
    delta: int

    @property
    def change(self) -> str:
        return f"{'+' if self.delta > 0 else ''}{self.delta}"


@dataclass(frozen=True)
class CandidateRow(_Directional):
    """A possible new site: a base or airfield name the gazetteer lacks, with its evidence."""

    name: str
    mentions: int
    documents: int
    sources: int
    source_list: tuple[str, ...]
    first_seen: str
    last_seen: str
    patterns: tuple[str, ...]
    example: str
    example_url: str  # "" unless a safe http(s) URL
    rtl: bool
    name_rtl: bool
    spellings: tuple[str, ...] = ()  # the other spellings of the place, most frequent first
    likely_site: str = ""  # the known site it is probably a spelling of ("" none)
    likely_spelling: str = ""  # the site's spelling it matched

    @property
    def likely(self) -> str:
        """``probably a spelling of benina (Benina)``; ``""`` when no known site is close."""
        if not self.likely_site:
            return ""
        extra = f" ({self.likely_spelling})" if self.likely_spelling else ""
        return f"probably a spelling of {self.likely_site}{extra}"


@dataclass(frozen=True)
class RelativeRow(_Directional):
    """An approximate position: "300 km south of Kufra", the place within ``radius_km`` of lat/lon."""

    statement: str
    anchor: str  # anchor site id
    anchor_name: str
    distance_km: float
    direction: str
    bearing_deg: float
    radius_km: float
    lat: float
    lon: float
    source: str
    published: str
    title: str
    url: str  # "" unless a safe http(s) URL
    rtl: bool


@dataclass(frozen=True)
class EvidenceItem(_Directional):
    """One snippet: the sentence naming the site, where and when it was published, and its link."""

    site_id: str
    site_name: str
    source: str
    published: str
    title: str
    snippet: str
    url: str  # "" unless a safe http(s) URL
    surface: str
    rtl: bool
    input_id: str = ""  # the id the document came with (JSON id, feed guid, CSV id, file path); "" unknown


@dataclass(frozen=True)
class SiteEvidence:
    site_id: str
    site_name: str
    items: tuple[EvidenceItem, ...]


@dataclass(frozen=True)
class AlertRow:
    """An alert fired by the monitoring rules (:func:`geotrack.alerts.report_section` gives the rows)."""

    title: str
    kind: str
    fired_at: str
    summary: str
    sources: str
    url: str  # "" unless a safe http(s) URL


def alert_rows(alerts: Sequence[Mapping[str, Any]] | None) -> tuple[AlertRow, ...]:
    return tuple(AlertRow(str(a.get("title", "")), str(a.get("kind", "")), str(a.get("fired_at", ""))[:16],
                          str(a.get("summary", "")), str(a.get("sources", "")), safe_url(a.get("url", "")))
                 for a in alerts or ())


@dataclass(frozen=True)
class ReportContext:
    """Everything a report shows. Rendered by both templates; checked by tests."""

    title: str
    generated: str
    period: str
    period_label: str
    previous_label: str
    since: str
    until: str
    filters_text: str
    totals: dict[str, int]
    headline: tuple[str, ...]
    sites: tuple[SiteRow, ...]
    sources: tuple[SourceRow, ...]
    new_sites: tuple[SiteRow, ...]
    surges: tuple[SiteRow, ...]
    quiet_sites: tuple[SiteRow, ...]
    evidence: tuple[SiteEvidence, ...]
    actors: tuple[ActorRow, ...] = ()
    candidates: tuple[CandidateRow, ...] = ()
    relative: tuple[RelativeRow, ...] = ()
    timeline_png: bytes | None = field(default=None, repr=False)
    map_html: str = field(default="", repr=False)
    #: Mentions whose publication date was implausible and was treated as unknown (0 normally).
    set_aside: int = 0
    #: The plausible window of publication dates, "1900-01-01 to 2024-05-02".
    plausible: str = ""
    #: The baseline's span, "2024-01 to 2024-03" ("n/a" in the first period of the data).
    baseline_label: str = ""
    #: The change rules, in a sentence (:meth:`geotrack.aggregate.ChangeRules.describe`).
    rules_text: str = ""
    #: Documents in the store (``Store.counts()``), None when not given.
    ingested: int | None = None
    #: Documents ingested in the current period (of the given documents frame), None when not known.
    period_ingested: int | None = None
    #: Documents of the current period naming a selected site (syndicated copies included).
    period_documents: int = 0
    #: Whether filters narrow the selection (sites, sources, kinds, actors, confidence, dates).
    filtered: bool = False
    #: Alerts fired by the monitoring rules (``geotrack watch``, ``geotrack alerts --run``), newest first.
    alerts: tuple[AlertRow, ...] = ()

    @property
    def documents_note(self) -> str:
        """How many documents were ingested and how many name a site, overall and in the current period."""
        named = self.totals.get("documents", 0)
        scope = " in this selection" if self.filtered else ""
        parts = []
        if self.ingested is not None:
            parts.append(f"{_count(self.ingested, 'document')} ingested in all; {named} of them name a site{scope}.")
        else:
            parts.append(f"{_count(named, 'document')} name a site{scope}.")
        if self.period_label and self.period_label != "n/a":
            if self.period_ingested is not None:
                parts.append(f"In {self.period_label}: {_count(self.period_ingested, 'document')} ingested, "
                             f"{self.period_documents} of them name a site{scope}.")
            else:
                parts.append(f"In {self.period_label}: {_count(self.period_documents, 'document')} name a "
                             f"site{scope}.")
        return " ".join(parts)

    @property
    def date_note(self) -> str:
        """What was set aside, for the reader: "" when every date was plausible."""
        if not self.set_aside:
            return ""
        n = self.set_aside
        return (f"{n} mention{'s' if n != 1 else ''} dated outside {self.plausible} "
                f"{'were' if n != 1 else 'was'} treated as undated (left out of the periods and the timeline).")

    @property
    def timeline_data_uri(self) -> str:
        if not self.timeline_png:
            return ""
        return "data:image/png;base64," + base64.b64encode(self.timeline_png).decode("ascii")

    @property
    def window(self) -> str:
        if self.since or self.until:
            return f"{self.since or '…'} – {self.until or '…'}"
        return "all dates"


# -- building --------------------------------------------------------------------------------------
def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _day(value: Any) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def _snippet(text: object) -> str:
    s = " ".join(str("" if text is None else text).split())
    return s if len(s) <= SNIPPET_CHARS else s[: SNIPPET_CHARS - 1].rstrip() + "…"


def _window(frame: pd.DataFrame, since: date | None, until: date | None) -> pd.DataFrame:
    if since is None and until is None:
        return frame
    keep = pd.Series(True, index=frame.index)
    published = frame["published"]
    if since is not None:
        keep &= published >= pd.Timestamp(since)
    if until is not None:
        keep &= published < pd.Timestamp(until) + pd.Timedelta(days=1)
    return frame[keep.fillna(False)].reset_index(drop=True)


def _documents_per_period(dated: pd.DataFrame, index: pd.DatetimeIndex) -> Any:
    """Distinct documents per period of ``dated`` (which has a ``period`` column), on ``index``."""
    return dated.groupby("period")["document_id"].nunique().reindex(index, fill_value=0).to_numpy()


def timeline_png(frame: pd.DataFrame, period: str = "month", *, top: int = TIMELINE_TOP_SITES) -> bytes | None:
    """A PNG chart of documents per period: the ``top`` most reported sites (by documents) as lines, the
    documents naming any other site, and all documents naming a site; None when no mention is dated.
    A document naming a site eight times counts once."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter
    from matplotlib.figure import Figure

    per = aggregate.site_period(frame, period)
    if per.empty:
        return None
    wide = per.pivot_table(index="period", columns="site_id", values="documents", aggfunc="sum", fill_value=0)
    start, end = wide.index.min(), wide.index.max()
    freq = {"day": "D", "week": "W-MON", "month": "MS"}[period]
    wide = wide.reindex(pd.date_range(start, end, freq=freq), fill_value=0)
    order = wide.sum().sort_values(ascending=False, kind="stable")
    names = frame.drop_duplicates("site_id").set_index("site_id")["site_name"].map(esc.chart_text)
    dated = frame[frame["published"].notna()].assign(
        period=lambda f: aggregate.period_start(f["published"], period))
    fig = Figure(figsize=(9, 3.6), dpi=100)
    ax = fig.add_subplot()
    x = wide.index.to_pydatetime()
    ax.plot(x, _documents_per_period(dated, wide.index), color="#222222", linewidth=2.2,
            label="all documents", marker="o", markersize=3)
    top_ids = [str(s) for s in order.index[:top]]
    for sid in top_ids:
        ax.plot(x, wide[sid].to_numpy(), linewidth=1.4, marker="o", markersize=2.5, label=names.get(sid) or esc.chart_text(sid))
    rest = [c for c in wide.columns if c not in top_ids]
    if rest:
        ax.plot(x, _documents_per_period(dated[dated["site_id"].isin(rest)], wide.index), color="#999999",
                linestyle="--", linewidth=1.2, label=f"{len(rest)} other sites")
    ax.set_ylabel(f"documents per {period}")
    ax.set_ylim(bottom=0)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    if len(x) <= 14:  # few periods: one labelled tick per period
        ax.set_xticks(x)
        ax.set_xticklabels([d.strftime("%Y-%m" if period == "month" else "%Y-%m-%d") for d in x],
                           rotation=0 if period == "month" else 30, fontsize=8)
    else:
        locator = AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    buf = io.BytesIO()
    with warnings.catch_warnings():  # a site name in a script the font lacks: drawn as boxes, not a warning each
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        fig.tight_layout()
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _map_html(frame: pd.DataFrame, title: str, filters_text: str, relative: pd.DataFrame | None = None,
              now: datetime | None = None) -> str:
    from geotrack.outputs.map import build_map, render_map

    return render_map(build_map(frame, title=title, filters_text=filters_text, relative=relative, now=now),
                      offline=True)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def _float(value: object) -> float:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")
    return out


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ()
    try:
        return tuple(str(v) for v in value)  # type: ignore[attr-defined]
    except TypeError:
        return (str(value),)


def actor_rows(frame: pd.DataFrame, period: str, current: pd.Timestamp | None = None,
               limit: int = MAX_ACTORS) -> tuple[ActorRow, ...]:
    """The "Actors" table: :func:`geotrack.aggregate.actor_summary` with the change against the previous
    period (:func:`geotrack.aggregate.actor_changes`)."""
    summary = aggregate.actor_summary(frame)
    ch = aggregate.actor_changes(frame, period, current=current).set_index("actor")
    rows = []
    for r in summary.head(limit).itertuples(index=False):
        cur = int(ch.loc[r.actor, "current"]) if r.actor in ch.index else 0
        prev = int(ch.loc[r.actor, "previous"]) if r.actor in ch.index else 0
        rows.append(ActorRow(actor=str(r.actor), mentions=int(r.mentions), sites=int(r.sites),
                             site_list=tuple(str(s) for s in r.site_list), sources=int(r.sources),
                             first_seen=_day(r.first_seen), last_seen=_day(r.last_seen), current=cur,
                             previous=prev, delta=cur - prev))
    return tuple(rows)


def candidate_rows(candidates: pd.DataFrame | None, limit: int = MAX_CANDIDATES) -> tuple[CandidateRow, ...]:
    """The "Possible new sites" table from :func:`geotrack.candidates.summarise` (one row per place, its
    spellings grouped, ``likely_site`` filled), most sources first, then documents, then mentions, then
    name. A table with the columns of ``Store.candidate_summary`` (no spellings, no likely site) works too.
    """
    if candidates is None or candidates.empty:
        return ()
    keys = [c for c in ("sources", "documents", "mentions", "name_key") if c in candidates.columns]
    t = candidates.sort_values(keys, ascending=[k == "name_key" for k in keys], kind="stable")
    rows = []
    for r in t.head(limit).to_dict("records"):
        example = _snippet(r.get("example_sentence"))
        name = _text(r.get("name"))
        others = tuple(sp for sp in _strings(r.get("spellings")) if sp != name)
        rows.append(CandidateRow(
            name=name, mentions=int(r.get("mentions") or 0), documents=int(r.get("documents") or 0),
            sources=int(r.get("sources") or 0), source_list=_strings(r.get("source_list")),
            first_seen=_day(r.get("first_seen")), last_seen=_day(r.get("last_seen")),
            patterns=_strings(r.get("patterns")), example=example, example_url=safe_url(r.get("example_url")),
            rtl=is_rtl(example), name_rtl=is_rtl(name), spellings=others,
            likely_site=_text(r.get("likely_site")), likely_spelling=_text(r.get("likely_spelling")),
        ))
    return tuple(rows)


def relative_rows(relative: pd.DataFrame | None, limit: int = MAX_RELATIVE) -> tuple[RelativeRow, ...]:
    """The "Approximate positions" table from ``Store.relative_frame``, newest first; the statements of
    syndicated copies are left out (their original states the same: :func:`geotrack.syndication.originals`)."""
    if relative is None or relative.empty:
        return ()
    t = originals(relative).sort_values(["published", "document_id", "start"], ascending=[False, True, True],
                             na_position="last", kind="stable")
    rows = []
    for r in t.head(limit).to_dict("records"):
        statement = _snippet(r.get("sentence"))
        anchor = _text(r.get("anchor_site_id"))
        rows.append(RelativeRow(
            statement=statement, anchor=anchor, anchor_name=_text(r.get("anchor_name")) or anchor,
            distance_km=_float(r.get("distance_km")), direction=_text(r.get("direction")),
            bearing_deg=_float(r.get("bearing_deg")), radius_km=_float(r.get("radius_km")),
            lat=_float(r.get("lat")), lon=_float(r.get("lon")), source=_text(r.get("source")),
            published=_day(r.get("published")), title=_snippet(r.get("title")), url=safe_url(r.get("url")),
            rtl=is_rtl(statement),
        ))
    return tuple(rows)


def _window_relative(relative: pd.DataFrame | None, since: date | None, until: date | None) -> pd.DataFrame | None:
    if relative is None or relative.empty or "published" not in relative.columns:
        return relative
    rel = relative.copy()
    rel["published"] = pd.to_datetime(rel["published"])
    return _window(rel, since, until)


def build_report(
    frame: pd.DataFrame,
    *,
    period: str = "month",
    since: date | None = None,
    until: date | None = None,
    filters_text: str = "",
    title: str = "geotrack monitoring report",
    include_map: bool = True,
    include_timeline: bool = True,
    now: datetime | None = None,
    relative: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
    rules: aggregate.ChangeRules | None = None,
    counts: Mapping[str, int] | None = None,
    documents: pd.DataFrame | None = None,
    filtered: bool = False,
    alerts: Sequence[Mapping[str, Any]] | None = None,
) -> ReportContext:
    """Everything the report shows, computed from the mentions frame.

    ``since`` / ``until`` restrict the frame to a window (inclusive days); the current period is the
    one holding ``until`` (default: the latest period with a dated mention) and is compared with its
    baseline, the periods before it, by ``rules`` (default :class:`geotrack.aggregate.ChangeRules`).
    ``now`` fixes the "generated" time (tests). ``relative`` is the frame of ``Store.relative_frame``
    (restricted to the same window; drawn on the map and listed) and ``candidates`` the table of
    :func:`geotrack.candidates.summarise` (listed as possible new sites).

    ``counts`` is :meth:`geotrack.store.Store.counts` (its ``documents``: how many documents were
    ingested in all, with or without a mention); ``documents`` a frame of the stored documents of the
    selection (a ``published`` column, one row per document), from which the documents ingested in the
    current period are counted. Without them the report gives only the documents that name a site.
    ``filtered`` says the frame is a selection (the note then says "in this selection").

    ``now`` is also the clock of the plausible window: publication dates before 1900 or after the day
    after ``now`` are treated as unknown (:func:`geotrack.aggregate.set_aside_implausible_dates`, with a
    logged warning and :attr:`ReportContext.date_note`), so they never pick the current period.
    """
    aggregate._check_period(period)
    set_aside = int(aggregate.implausible_dates(frame, now).sum())
    frame = aggregate.set_aside_implausible_dates(frame, now, what="report")
    if relative is not None and not relative.empty:
        relative = aggregate.set_aside_implausible_dates(relative, now, what="report (approximate positions)")
    first, last = aggregate.plausible_window(now)
    frame = _window(frame, since, until)
    relative = _window_relative(relative, since, until)
    current = pd.Timestamp(until) if until is not None else None
    ch = aggregate.changes(frame, period, current=current, rules=rules)
    summary = aggregate.site_summary(frame)
    context = aggregate.site_context(frame, top=SITE_CONTEXT_TOP)
    top_actors = dict(zip(context["site_id"], context["top_actors"], strict=True))
    top_activities = dict(zip(context["site_id"], context["top_activities"], strict=True))
    change_rows = ch.table.set_index("site_id") if not ch.table.empty else pd.DataFrame()

    sites: list[SiteRow] = []
    for r in summary.itertuples(index=False):
        sid = str(r.site_id)
        c = change_rows.loc[sid] if sid in change_rows.index else None
        sites.append(SiteRow(
            site_id=sid, name=str(r.site_name), name_ar=str(r.site_name_ar or ""), kind=str(r.kind),
            mentions=int(r.mentions), documents=int(r.documents), sources=int(r.sources),
            source_list=tuple(str(s) for s in r.source_list), first_seen=_day(r.first_seen),
            last_seen=_day(r.last_seen),
            current=int(c["current"]) if c is not None else 0, previous=int(c["previous"]) if c is not None else 0,
            delta=float(c["delta"]) if c is not None else float("nan"),
            status=str(c["status"]) if c is not None else "",
            actors=aggregate.format_counts(top_actors.get(sid, [])),
            activities=aggregate.format_counts(top_activities.get(sid, [])),
            baseline=float(c["baseline"]) if c is not None else float("nan"),
            current_sources=int(c["sources"]) if c is not None else 0,
            current_mentions=int(c["mentions"]) if c is not None else 0,
            independent_sources=int(r.independent_sources),
        ))
    by_id = {s.site_id: s for s in sites}

    sources = tuple(
        SourceRow(source=str(r.source), documents=int(r.documents), mentions=int(r.mentions), sites=int(r.sites),
                  first_seen=_day(r.first_seen), last_seen=_day(r.last_seen), syndicated=int(r.syndicated))
        for r in aggregate.source_summary(frame).itertuples(index=False)
    )

    ev_sites = [s.site_id for s in sites[:EVIDENCE_SITES]]
    ev = aggregate.evidence(frame[frame["site_id"].isin(ev_sites)], limit=EVIDENCE_PER_SITE, per_site=True)
    grouped: dict[str, list[EvidenceItem]] = {sid: [] for sid in ev_sites}
    for r in ev.itertuples(index=False):
        sentence = _snippet(r.sentence)
        grouped[str(r.site_id)].append(EvidenceItem(
            site_id=str(r.site_id), site_name=str(r.site_name), source=str(r.source), published=_day(r.published),
            title=_snippet(r.title), snippet=sentence, url=safe_url(r.url), surface=str(r.surface),
            rtl=is_rtl(sentence), input_id=_text(r.input_id),
        ))
    evidence = tuple(SiteEvidence(sid, by_id[sid].name, tuple(items)) for sid, items in grouped.items() if items)

    totals = {
        "documents": int(frame["document_id"].nunique()) if not frame.empty else 0,
        "mentions": len(frame),
        "sites": len(sites),
        "sources": int(frame["source"].nunique()) if not frame.empty else 0,
    }
    generated = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d %H:%M UTC")
    in_period = _in_period(frame, ch)
    period_ingested = None
    if documents is not None and "published" in documents.columns and not pd.isna(ch.current):
        docs = documents.assign(published=_as_dates(documents["published"]))
        docs = aggregate.set_aside_implausible_dates(docs, now, what="report (documents)")
        period_ingested = int(_in_period(_window(docs, since, until), ch).sum())
    return ReportContext(
        title=title,
        generated=generated,
        period=period,
        period_label=ch.period_label(),
        previous_label=ch.period_label("previous"),
        since=since.isoformat() if since else "",
        until=until.isoformat() if until else "",
        filters_text=filters_text,
        totals=totals,
        headline=tuple(ch.headline()),
        sites=tuple(sites),
        sources=sources,
        new_sites=tuple(by_id[s] for s in ch.new_sites if s in by_id),
        surges=tuple(by_id[s] for s in ch.surges if s in by_id),
        quiet_sites=tuple(by_id[s] for s in ch.quiet_sites if s in by_id),
        evidence=evidence,
        actors=actor_rows(frame, period, current),
        candidates=candidate_rows(candidates),
        relative=relative_rows(relative),
        timeline_png=timeline_png(frame, period) if include_timeline else None,
        map_html=_map_html(frame, title, filters_text, relative, now)
        if include_map and not (frame.empty and (relative is None or relative.empty)) else "",
        set_aside=set_aside,
        plausible=f"{first.strftime('%Y-%m-%d')} to {last.strftime('%Y-%m-%d')}",
        baseline_label=ch.period_label("baseline"),
        rules_text=ch.rules.describe(period),
        ingested=int(counts["documents"]) if counts is not None and "documents" in counts else None,
        period_ingested=period_ingested,
        period_documents=int(frame.loc[in_period, "document_id"].nunique()) if len(frame) else 0,
        filtered=filtered,
        alerts=alert_rows(alerts),
    )


def _as_dates(values: pd.Series) -> pd.Series:
    """Dates or ISO 8601 texts (``""`` unknown) as naive UTC datetime64; NaT when unknown."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.dt.tz_convert("UTC").dt.tz_localize(None) if getattr(values.dt, "tz", None) else values
    text = values.map(lambda v: None if v is None or v == "" else v)
    return pd.to_datetime(text, errors="coerce", utc=True, format="mixed").dt.tz_localize(None)


def _in_period(frame: pd.DataFrame, ch: aggregate.Changes) -> pd.Series:
    """A boolean mask: rows of ``frame`` published in the current period of ``ch``."""
    if frame.empty or pd.isna(ch.current):
        return pd.Series(False, index=frame.index, dtype=bool)
    published = pd.to_datetime(frame["published"], errors="coerce")
    return (aggregate.period_start(published, ch.period) == ch.current).fillna(False).astype(bool)


# -- rendering -------------------------------------------------------------------------------------
def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html", "j2.html"), default_for_string=True)
        if not markdown else False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    env.filters["mdlink"] = md_link
    env.filters["mdrtl"] = md_rtl_block
    env.filters["mdrtlcell"] = md_rtl_inline
    env.filters["mdsource"] = md_source
    env.filters["safe_url"] = safe_url
    env.filters["iso"] = html_isolated
    env.filters["source"] = html_source
    env.filters["nobidi"] = esc.strip_bidi
    env.filters["mdcell"] = md_cell
    env.filters["delta"] = aggregate.format_delta
    env.filters["number"] = aggregate.format_number
    return env


def render_html(ctx: ReportContext) -> str:
    """The report as one self-contained HTML page (chart inline, map in an ``<iframe srcdoc>``)."""
    return _environment(markdown=False).get_template("report.html").render(ctx=ctx)


def render_markdown(ctx: ReportContext, *, timeline_file: str = "", map_file: str = "") -> str:
    """The report as Markdown; ``timeline_file`` / ``map_file`` are the names of the chart and map
    written beside it (links are left out when empty)."""
    return _environment(markdown=True).get_template("report.md").render(
        ctx=ctx, timeline_file=timeline_file, map_file=map_file
    )


def write_report(
    frame: pd.DataFrame,
    path: str | Path,
    *,
    period: str = "month",
    since: date | None = None,
    until: date | None = None,
    filters_text: str = "",
    title: str = "geotrack monitoring report",
    now: datetime | None = None,
    relative: pd.DataFrame | None = None,
    candidates: pd.DataFrame | None = None,
    rules: aggregate.ChangeRules | None = None,
    counts: Mapping[str, int] | None = None,
    documents: pd.DataFrame | None = None,
    filtered: bool = False,
    alerts: Sequence[Mapping[str, Any]] | None = None,
) -> Path:
    """Write the report to ``path``: HTML for ``.html``, Markdown for ``.md`` (arguments as in
    :func:`build_report`).

    Beside a Markdown report go ``<stem>_timeline.png`` (the chart) and ``<stem>_map.html`` (the map,
    which Markdown cannot embed); both are linked from the report.
    """
    p = Path(path)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        msg = f"cannot tell the report format of {str(p)!r}; name it with .html or .md"
        raise ExportError(msg)
    ctx = build_report(frame, period=period, since=since, until=until, filters_text=filters_text, title=title,
                       now=now, relative=relative, candidates=candidates, rules=rules, counts=counts,
                       documents=documents, filtered=filtered, alerts=alerts)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "html":
            p.write_text(render_html(ctx), encoding="utf-8")
            return p
        timeline_file = map_file = ""
        if ctx.timeline_png:
            timeline_file = f"{p.stem}_timeline.png"
            (p.parent / timeline_file).write_bytes(ctx.timeline_png)
        if ctx.map_html:
            map_file = f"{p.stem}_map.html"
            (p.parent / map_file).write_text(ctx.map_html, encoding="utf-8")
        p.write_text(render_markdown(ctx, timeline_file=timeline_file, map_file=map_file), encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write the report {str(p)!r}: {exc.strerror}"
        raise ExportError(msg) from exc
    return p


__all__ = [
    "ActorRow",
    "CandidateRow",
    "EvidenceItem",
    "RelativeRow",
    "ReportContext",
    "SiteEvidence",
    "SiteRow",
    "SourceRow",
    "actor_rows",
    "build_report",
    "candidate_rows",
    "is_rtl",
    "md_cell",
    "md_escape",
    "md_link",
    "md_rtl_inline",
    "md_source",
    "relative_rows",
    "render_html",
    "render_markdown",
    "safe_url",
    "timeline_png",
    "write_report",
]
