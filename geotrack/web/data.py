"""Frames of the store turned into what the pages and the API show (plain JSON-ready records).

Counting rules are the analysis layer's (:mod:`geotrack.aggregate`); this module only selects columns,
formats dates and builds the highlighted HTML of a text, whose every piece of article text goes through
:mod:`geotrack.outputs.escape`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pandas as pd

from geotrack import aggregate
from geotrack.outputs import escape
from geotrack.store import MentionFilter, Store


def make_filter(*, since: date | None = None, until: date | None = None, sources: Sequence[str] = (),
                actors: Sequence[str] = (), kinds: Sequence[str] = (), sites: Sequence[str] = (),
                min_confidence: float = 0.0, documents: Sequence[int] = ()) -> MentionFilter:
    return MentionFilter(sites=tuple(sites), sources=tuple(sources), kinds=tuple(kinds), actors=tuple(actors),
                         since=since, until=until, min_confidence=min_confidence, documents=tuple(documents))


def mentions(store: Store, flt: MentionFilter, *, text: bool = True) -> pd.DataFrame:
    """``store.mentions_frame(flt, text=text)``."""
    return store.mentions_frame(flt, text=text)


def iso(value: Any) -> str | None:
    """A timestamp as ``YYYY-MM-DD`` (``None`` when unknown)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(pd.Timestamp(value).date().isoformat())


def _num(value: Any) -> float | None:
    f = float(value)
    return None if math.isnan(f) else f


def site_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`geotrack.aggregate.site_summary` of the mentions ``frame``, newest mention first: a site's
    kind and position are those of its last stored mention, as in :meth:`Store.site_counts`."""
    return aggregate.site_summary(frame.sort_values("mention_id", ascending=False, kind="stable"))


def site_records(summary: pd.DataFrame) -> list[dict[str, Any]]:
    """One record per site of a site ``summary`` (:func:`site_summary` or :meth:`Store.site_counts`)."""
    return [{
        "site_id": str(r.site_id), "name": str(r.site_name), "name_ar": str(r.site_name_ar), "kind": str(r.kind),
        "lat": _num(r.lat), "lon": _num(r.lon), "mentions": int(r.mentions), "documents": int(r.documents),
        "sources": int(r.sources), "first_seen": iso(r.first_seen), "last_seen": iso(r.last_seen),
        "actors": list(r.actors), "activities": list(r.activities),
    } for r in summary.itertuples(index=False)]


def mark_span(sentence: str, surface: str) -> tuple[int, int]:
    """Where ``surface`` stands in ``sentence`` (``(-1, -1)`` when it does not)."""
    at = sentence.find(surface) if surface else -1
    return (at, at + len(surface)) if at >= 0 else (-1, -1)


def evidence_records(frame: pd.DataFrame, limit: int | None = None, *, ordered: bool = False) -> list[dict[str, Any]]:
    """One record per mention: the sentence, where the matched name stands in it, its document and source
    (oldest first, unless ``ordered``: as the frame is); with the review columns when the frame has them."""
    rows = frame if ordered else frame.sort_values(["published", "document_id", "start"], na_position="last",
                                                   kind="stable")
    if limit is not None:
        rows = rows.head(limit)
    out = []
    for r in rows.itertuples(index=False):
        start, end = mark_span(str(r.sentence), str(r.surface))
        out.append({
            "mention_id": int(r.mention_id), "document_id": int(r.document_id), "site_id": str(r.site_id),
            "surface": str(r.surface), "sentence": str(r.sentence), "mark_start": start, "mark_end": end,
            "source": escape.display(r.source, escape.UNNAMED_SOURCE), "published": iso(r.published),
            "url": escape.safe_url(r.url), "title": str(r.title), "lang": str(r.lang),
            "confidence": float(r.confidence), "rule": str(r.rule), "syndicated": bool(r.syndicated),
            "start": int(r.start), "end": int(r.end), "site_name": str(r.site_name),
        })
        if "review_status" in frame.columns:
            out[-1].update({"review_status": str(r.review_status), "review_version": int(r.review_version),
                            "review_reason": str(r.review_reason), "reviewer": str(r.reviewer),
                            "confirmed_by": list(r.confirmed_by)})
        if "need" in frame.columns:
            out[-1].update({"need": float(r.need), "reasons": list(r.reasons)})
    return out


def sentence_html(sentence: str, start: int, end: int) -> str:
    """The sentence as HTML, isolated (``<bdi>``, direction from its own text), the name in ``<mark>``."""
    if start < 0:
        return escape.html_isolated(sentence)
    return ("<bdi>" + escape.html_text(sentence[:start]) + "<mark>" + escape.html_text(sentence[start:end])
            + "</mark>" + escape.html_text(sentence[end:]) + "</bdi>")


def weekly(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Per week: documents naming the site, and independent sources (syndicated copies left out)."""
    docs = aggregate.site_period(frame, "week")
    indep = aggregate.site_period(frame[~frame["syndicated"]], "week") if len(frame) else docs
    sources = {pd.Timestamp(p): int(s) for p, s in zip(indep["period"], indep["sources"], strict=True)}
    return [{"week": iso(p), "documents": int(d), "sources": sources.get(pd.Timestamp(p), 0)}
            for p, d in zip(docs["period"], docs["documents"], strict=True)]


def first_reports(frame: pd.DataFrame) -> dict[str, list[str]]:
    """Per source: the sites (ids, by date) whose earliest dated mention in ``frame`` is from that source."""
    dated = frame.dropna(subset=["published"]).sort_values(["published", "document_id", "start"], kind="stable")
    first = dated.drop_duplicates("site_id")
    out: dict[str, list[str]] = {}
    for source, site in zip(first["source"], first["site_id"], strict=True):
        out.setdefault(str(source), []).append(str(site))
    return out


def relative_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{
        "document_id": int(r.document_id), "anchor_site_id": str(r.anchor_site_id), "anchor_name": str(r.anchor_name),
        "distance_km": _num(r.distance_km), "direction": str(r.direction), "lat": _num(r.lat), "lon": _num(r.lon),
        "radius_km": _num(r.radius_km), "surface": str(r.surface), "sentence": str(r.sentence),
        "source": escape.display(r.source, escape.UNNAMED_SOURCE), "published": iso(r.published),
    } for r in frame.itertuples(index=False)]


def highlighted_text(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """The text as HTML (shown with its line breaks), each span ``(start, end, css_class, label)`` in a ``<mark>``.

    Every piece is escaped and isolated (``<bdi>``): an override in the article ends with its piece.
    Overlapping spans keep the first (leftmost, then longest)."""
    ordered = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    pieces: list[tuple[int, int, str, str]] = []
    at = 0
    for start, end, css, label in ordered:
        if start < at or end <= start or end > len(text):
            continue
        pieces.append((start, end, css, label))
        at = end
    html: list[str] = []
    at = 0
    for start, end, css, label in pieces:
        html.append(escape.html_isolated(text[at:start]))
        html.append(f'<mark class="{escape.html_attr(css)}" title="{escape.html_attr_shown(label)}">'
                    f"{escape.html_isolated(text[start:end])}</mark>")
        at = end
    html.append(escape.html_isolated(text[at:]))
    return "".join(html)


__all__ = ["evidence_records", "first_reports", "highlighted_text", "iso", "make_filter", "mentions", "relative_records", "sentence_html",
           "site_records", "site_summary", "weekly"]
