"""Extraction: find gazetteer sites in text (pure functions over strings)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geotrack.extract.normalize import OffsetMap, normalize
from geotrack.gazetteer import default_gazetteer

if TYPE_CHECKING:
    from geotrack.gazetteer import Gazetteer
    from geotrack.models import Mention

DEFAULT_MIN_CONFIDENCE = 0.5


def extract(text: str, gazetteer: Gazetteer | None = None, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            doc_id: str = "") -> list[Mention]:
    """Every mention of a gazetteer site in ``text``, in text order.

    Offsets are character offsets into ``text`` as given; ``mention.surface == text[start:end]``.
    The default gazetteer is loaded once per process.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    return gaz.matcher.find(text, min_confidence=min_confidence, doc_id=doc_id)


__all__ = ["DEFAULT_MIN_CONFIDENCE", "OffsetMap", "extract", "normalize"]
