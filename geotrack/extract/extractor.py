"""The extractor: one gazetteer and one set of context word lists, built into one automaton.

:class:`Extractor` is explicit about its data: ``Extractor(gazetteer, context)`` builds its matcher
from those two and nothing else (no module state is read while it runs). The defaults (the shipped
gazetteer with the user's additions, the shipped context word lists) are built in one place,
:func:`extractor_for` / :func:`default_extractor`, which the module functions
:func:`geotrack.extract.extract` and :func:`geotrack.extract.analyse` call.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from geotrack.context import ContextData, default_context
from geotrack.extract.discovery import ARABIC_CUE, LATIN_CUE, find_candidates
from geotrack.extract.discovery import CUE_WORDS as DISCOVERY_CUES
from geotrack.extract.relative import ARABIC_UNIT_CUE, LATIN_UNIT_CUE, find_relative_positions
from geotrack.extract.relative import CUE_WORDS as RELATIVE_CUES
from geotrack.extract.select import matcher_module
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.models import Candidate, ContextTerm, Mention, RelativePosition

if TYPE_CHECKING:
    from geotrack.extract.matcher import Matcher

DEFAULT_MIN_CONFIDENCE = 0.5
#: The cue words of discovery and relative positions, found by the matcher's scan (word → kind).
_CUE_WORDS: dict[str, str] = {**DISCOVERY_CUES, **RELATIVE_CUES}
_PLACES = frozenset({"place"})
#: the attribute under which :func:`extractor_for` keeps a gazetteer's extractor (the data layer never
#: reads it: the gazetteer does not know extraction exists)
_ATTR = "_geotrack_extractor"


@dataclass(frozen=True)
class Analysis:
    """What one document yields: site mentions, foreign places named (context, never drawn as Libyan
    sites), candidate names of unknown bases, and approximate points stated relative to a site."""

    mentions: list[Mention] = field(default_factory=list)
    places: list[ContextTerm] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    relative: list[RelativePosition] = field(default_factory=list)


class Extractor:
    """Finds the sites of ``gazetteer`` in text, with the actors, activities and foreign places of
    ``context``, unknown-base candidates and relative positions.

    ``gazetteer`` defaults to :func:`geotrack.gazetteer.default_gazetteer` and ``context`` to
    :func:`geotrack.context.default_context`. The automaton is built on first use and kept for the
    extractor's life (with the implementation, compiled or pure, chosen then).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, context: ContextData | None = None) -> None:
        self.gazetteer: Gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
        self.context: ContextData = context if context is not None else default_context()

    def __repr__(self) -> str:
        return f"Extractor(<{len(self.gazetteer)} sites>, <{len(self.context.entries)} context entries>)"

    @cached_property
    def matcher(self) -> Matcher:
        """The matcher: the gazetteer's sites and the context terms, in one automaton (the foreign places,
        with the cue words of discovery and relative positions, in a second one that only analysis runs)."""
        matcher: Matcher = matcher_module().Matcher(self.gazetteer, self.context, _CUE_WORDS)
        return matcher

    def extract(self, text: str, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE, doc_id: str = "") -> list[Mention]:
        """Every mention of a gazetteer site in ``text``, in text order.

        Offsets are character offsets into ``text`` as given; ``mention.surface == text[start:end]``.
        """
        return self.matcher.find(text, min_confidence=min_confidence, doc_id=doc_id)

    def analyse(self, text: str, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE, doc_id: str = "") -> Analysis:
        """Site mentions, foreign places, unknown-base candidates and relative positions of ``text``.

        The cyclic garbage collector is paused for the call, as :meth:`Matcher.find_all
        <geotrack.extract.matcher.Matcher.find_all>` pauses it for extraction (and for the same reason: many
        short-lived containers, no cycles), over the steps after the scan too (about 8% of the analysis,
        measured in ``benchmarks/extract_throughput.py``)."""
        if not gc.isenabled():
            return self._analyse(text, min_confidence, doc_id)
        gc.disable()
        try:
            return self._analyse(text, min_confidence, doc_id)
        finally:
            gc.enable()

    def _analyse(self, text: str, min_confidence: float, doc_id: str) -> Analysis:
        matcher = self.matcher
        norm, omap, raw = matcher.prepare(text)  # the matcher's own normalisation (compiled or pure), offset map
        cues: dict[str, list[int]] = {}  # where the cue words are: discovery and relative positions look only there
        mentions, places = matcher.find_all(text, min_confidence=min_confidence, doc_id=doc_id,
                                            categories=_PLACES, norm=norm, omap=omap, raw=raw, cues=cues)
        candidates = (find_candidates(text, self.gazetteer, mentions, doc_id, skip_names=(p.surface for p in places),
                                      norm=norm, omap=omap, context=self.context, cues=cues)
                      if LATIN_CUE in cues or ARABIC_CUE in cues else [])
        relative = (find_relative_positions(text, mentions, doc_id, norm=norm, omap=omap, cues=cues)
                    if mentions and (LATIN_UNIT_CUE in cues or ARABIC_UNIT_CUE in cues) else [])
        return Analysis(mentions, places, candidates, relative)


def extractor_for(gazetteer: Gazetteer | None = None) -> Extractor:
    """The extractor of ``gazetteer`` (default: the shipped one) with the default context, built once per
    gazetteer and context data (so repeated calls with the same gazetteer share one automaton)."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    context = default_context()
    extractor = getattr(gaz, _ATTR, None)
    if not isinstance(extractor, Extractor) or extractor.context is not context:
        extractor = Extractor(gaz, context)
        setattr(gaz, _ATTR, extractor)
    return extractor


def default_extractor() -> Extractor:
    """The extractor of the default gazetteer and context (rebuilt when either default is reset)."""
    return extractor_for(None)


__all__ = ["DEFAULT_MIN_CONFIDENCE", "Analysis", "Extractor", "default_extractor", "extractor_for"]
