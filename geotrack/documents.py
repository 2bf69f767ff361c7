"""The stored documents as a frame: what the report counts the documents ingested from.

``Store.counts()`` gives the total only; the report also says how many documents were ingested in its
current period, documents that name no site included, which the mentions frame cannot tell. The query is
the store's (:meth:`~geotrack.store.Store.documents_frame`, no texts read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from geotrack.store import MentionFilter, Store

#: The columns of :func:`stored_documents`.
COLUMNS = ("document_id", "source", "published")


def stored_documents(store: Store, flt: MentionFilter | None = None) -> pd.DataFrame:
    """One row per stored document of the filter's sources (every document without a filter):
    document_id, source, published (the stored ISO 8601 text, ``""`` when unknown).

    Only ``flt.sources`` applies: the dates are the report's to place in periods, and the site, kind,
    actor and confidence filters select mentions, not documents.
    """
    return store.documents_frame(flt)


def relative_positions(store: Store, flt: MentionFilter, mentions: pd.DataFrame) -> pd.DataFrame:
    """The relative positions matching ``flt``; with ``flt.actors``, only those stated in documents that
    have a mention of ``mentions`` (the frame of the same filter) naming the actor: a relative position
    names no actor of its own."""
    relative = store.relative_frame(flt)
    if flt.actors:
        relative = relative[relative["document_id"].isin(mentions["document_id"])].reset_index(drop=True)
    return relative


__all__ = ["COLUMNS", "relative_positions", "stored_documents"]
