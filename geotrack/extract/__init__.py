"""Extraction: find gazetteer sites, their context, unknown bases and relative positions in text.

:class:`Extractor` holds the data it works with (a gazetteer and the context word lists); the module
functions :func:`extract` (the site mentions, with the actors and activities of their sentence and
paragraph) and :func:`analyse` (everything the store keeps for a document) use the extractor of the
gazetteer given, or of the default one (:func:`default_extractor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geotrack.extract.extractor import (
    DEFAULT_MIN_CONFIDENCE,
    Analysis,
    Extractor,
    default_extractor,
    extractor_for,
)
from geotrack.models import Mention
from geotrack.text.normalize import OffsetMap, normalize

if TYPE_CHECKING:
    from geotrack.gazetteer import Gazetteer


def extract(text: str, gazetteer: Gazetteer | None = None, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            doc_id: str = "") -> list[Mention]:
    """Every mention of a gazetteer site in ``text``, in text order (:meth:`Extractor.extract`).

    Offsets are character offsets into ``text`` as given; ``mention.surface == text[start:end]``.
    The default gazetteer is loaded once per process.
    """
    return extractor_for(gazetteer).extract(text, min_confidence=min_confidence, doc_id=doc_id)


def analyse(text: str, gazetteer: Gazetteer | None = None, *, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
            doc_id: str = "") -> Analysis:
    """Site mentions, foreign places, unknown-base candidates and relative positions of ``text``
    (:meth:`Extractor.analyse`)."""
    return extractor_for(gazetteer).analyse(text, min_confidence=min_confidence, doc_id=doc_id)


__all__ = ["DEFAULT_MIN_CONFIDENCE", "Analysis", "Extractor", "OffsetMap", "analyse", "default_extractor", "extract",
           "extractor_for", "normalize"]
