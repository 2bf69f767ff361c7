"""The review queue: which mentions need a person's look most (the one home of that ordering).

A mention's *need* adds up what makes a false positive likely or costly:

* low confidence: ``1 - confidence`` (0 … 1);
* an ambiguous rule (a name that needed context to be read as the Libyan site, a look-alike, an
  ambiguous reading): :data:`AMBIGUOUS_WEIGHT`;
* the first mention of its site (what puts a new point on the map): :data:`FIRST_WEIGHT`;
* its site's only source (nobody else reports it): :data:`ONLY_SOURCE_WEIGHT`.

Mentions already decided leave the queue, except a confirmation waiting for a second reviewer
(``pending``), which stays for everyone but the reviewers who confirmed it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

AMBIGUOUS_WEIGHT = 0.5
FIRST_WEIGHT = 0.4
ONLY_SOURCE_WEIGHT = 0.3
#: Rule names (or parts) that mark a reading made from context or against an ambiguity.
AMBIGUOUS_MARKS = ("context", "ambiguous", "lookalike")


def is_ambiguous(rule: str) -> bool:
    return any(mark in rule for mark in AMBIGUOUS_MARKS)


def need(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (mentions, every one of the store: "first" and "only source" are judged over all of
    them) with ``need`` (a float, higher first) and ``reasons`` (list of short phrases)."""
    out = frame.copy()
    if out.empty:
        out["need"] = pd.Series(dtype="float64")
        out["reasons"] = pd.Series(dtype="object")
        return out
    ordered = out.sort_values(["published", "document_id", "start"], na_position="last", kind="stable")
    first_ids = set(ordered.drop_duplicates("site_id")["mention_id"])
    sources = out.groupby("site_id")["source"].nunique()
    needs, reasons = [], []
    for r in out.itertuples(index=False):
        score = 1.0 - float(r.confidence)
        why = [f"confidence {float(r.confidence):.2f}"]
        if is_ambiguous(str(r.rule)):
            score += AMBIGUOUS_WEIGHT
            why.append(f"ambiguous rule {r.rule}")
        if r.mention_id in first_ids:
            score += FIRST_WEIGHT
            why.append("first mention of the site")
        if int(sources[r.site_id]) == 1:
            score += ONLY_SOURCE_WEIGHT
            why.append("the site's only source")
        needs.append(round(score, 4))
        reasons.append(why)
    out["need"] = needs
    out["reasons"] = reasons
    return out


def queue(frame: pd.DataFrame, reviewer: str) -> pd.DataFrame:
    """The mentions of ``frame`` (with the review columns of
    :meth:`geotrack.store.review.Reviews.with_status`) still waiting for ``reviewer``, most needed first
    (ties: oldest first)."""
    scored = need(frame)
    waiting = [status == "unreviewed" or (status == "pending" and reviewer not in confirmed)
               for status, confirmed in zip(scored["review_status"], scored["confirmed_by"], strict=True)]
    out = scored[waiting]
    out = out.sort_values(["need", "published", "document_id", "start"], ascending=[False, True, True, True],
                          na_position="last", kind="stable")
    return out.reset_index(drop=True)


def key_of(record: dict[str, Any]) -> tuple[int, int, int, str]:
    return (int(record["document_id"]), int(record["start"]), int(record["end"]), str(record["site_id"]))


__all__ = ["AMBIGUOUS_MARKS", "is_ambiguous", "key_of", "need", "queue"]
