"""Extraction: find gazetteer sites, their context, unknown bases and relative positions in text.

Pure functions over strings: :func:`extract` gives the site mentions (with the actors and activities
of their sentence and paragraph); :func:`analyse` gives everything the store keeps for a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geotrack.extract.discovery import find_candidates
from geotrack.extract.normalize import OffsetMap, normalize
from geotrack.extract.relative import find_relative_positions
from geotrack.gazetteer import default_gazetteer
from geotrack.models import Candidate, ContextTerm, Mention, RelativePosition

if TYPE_CHECKING:
    from geotrack.gazetteer import Gazetteer

DEFAULT_MIN_CONFIDENCE = 0.5
_PLACES = frozenset({"place"})


@dataclass(frozen=True)
class Analysis:
    """What one document yields: site mentions, foreign places named (context, never drawn as Libyan
    sites), candidate names of unknown bases, and approximate points stated relative to a site."""

    mentions: list[Mention] = field(default_factory=list)
    places: list[ContextTerm] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    relative: list[RelativePosition] = field(default_factory=list)


def extract(text: str, gazetteer: Gazetteer | None = None, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            doc_id: str = "") -> list[Mention]:
    """Every mention of a gazetteer site in ``text``, in text order.

    Offsets are character offsets into ``text`` as given; ``mention.surface == text[start:end]``.
    The default gazetteer is loaded once per process.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    return gaz.matcher.find(text, min_confidence=min_confidence, doc_id=doc_id)


def analyse(text: str, gazetteer: Gazetteer | None = None, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            doc_id: str = "") -> Analysis:
    """Site mentions, foreign places, unknown-base candidates and relative positions of ``text``."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    matcher = gaz.matcher
    norm, omap, raw = matcher.prepare(text)  # the matcher's own normalisation (compiled or pure), offset map
    mentions, places = matcher.find_all(text, min_confidence=min_confidence, doc_id=doc_id,
                                            categories=_PLACES, norm=norm, omap=omap, raw=raw)
    candidates = find_candidates(text, gaz, mentions, doc_id, skip_names=[p.surface for p in places],
                                 norm=norm, omap=omap)
    relative = find_relative_positions(text, mentions, doc_id, norm=norm, omap=omap) if mentions else []
    return Analysis(mentions, places, candidates, relative)


__all__ = ["DEFAULT_MIN_CONFIDENCE", "Analysis", "OffsetMap", "analyse", "extract", "normalize"]
