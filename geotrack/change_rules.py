"""The thresholds that decide new sites, surges and sites gone quiet: :class:`ChangeRules`.

A module of its own, free of pandas, so that the command line can show the defaults in its help
without loading the analysis stack; :func:`geotrack.aggregate.changes` applies the rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

from geotrack.errors import InputError


@dataclass(frozen=True)
class ChangeRules:
    """The thresholds of :func:`geotrack.aggregate.changes`, in one place; every default is documented in
    the README.

    Activity is counted in **documents** (distinct articles naming the site) and **independent sources**
    (distinct outlets among those documents), never in mentions: one article naming a site eight times
    is one document from one source. A syndicated copy (a text first stored from another source,
    ``syndicated`` in the mentions frame) adds neither a document nor a source.

    Attributes
    ----------
    baseline_periods
        The baseline of a site is its mean number of documents per period over this many periods before
        the current one. Periods before the first dated mention of the data are not counted (nothing was
        collected then), so early in the data the baseline covers fewer periods.
    surge_ratio
        A surge has at least this many times the baseline's documents (a baseline below 1 counts as 1).
    surge_min_documents
        A surge has at least this many documents in the current period.
    surge_min_sources
        A surge is reported by at least this many independent sources; at least 2, since one outlet
        alone never makes a surge.
    quiet_min_baseline
        A site has gone quiet when no document names it in the current period although its baseline was
        at least this many documents per period.
    """

    baseline_periods: int = 4
    surge_ratio: float = 2.0
    surge_min_documents: int = 3
    surge_min_sources: int = 2
    quiet_min_baseline: float = 1.0

    def __post_init__(self) -> None:
        checks = (
            ("baseline_periods", self.baseline_periods, 1, "a whole number of periods, 1 or more"),
            ("surge_ratio", self.surge_ratio, 1.0, "a ratio of 1 or more, e.g. 2.0 for twice the baseline"),
            ("surge_min_documents", self.surge_min_documents, 1, "a number of documents, 1 or more"),
            ("surge_min_sources", self.surge_min_sources, 2,
             "a number of sources, 2 or more (one outlet alone never makes a surge)"),
            ("quiet_min_baseline", self.quiet_min_baseline, 0.0, "a number of documents per period, above 0"),
        )
        for name, value, least, what in checks:
            whole = name in ("baseline_periods", "surge_min_documents", "surge_min_sources")
            usable = isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value) and (
                value > least if name == "quiet_min_baseline" else value >= least) and (
                not whole or float(value).is_integer())
            if not usable:
                msg = f"change rule {name}={value!r} is not usable; give {what}"
                raise InputError(msg)

    def describe(self, period: str = "month") -> str:
        """The rules in one sentence, for the reader of a report."""
        word = period
        base = f"the previous {word}" if self.baseline_periods == 1 else \
            f"the previous {self.baseline_periods} {word}s"
        return (
            f"Counted in documents and independent sources, not mentions (a syndicated copy adds neither). "
            f"Baseline: a site's mean documents per {word} over {base}. "
            f"Surge: at least {self.surge_min_documents} documents from at least {self.surge_min_sources} "
            f"sources, and at least {self.surge_ratio:g} times the baseline (a baseline below 1 counts as 1). "
            f"New: named for the first time. Gone quiet: no document this {word} against a baseline of at "
            f"least {self.quiet_min_baseline:g}."
        )


__all__ = ["ChangeRules"]
