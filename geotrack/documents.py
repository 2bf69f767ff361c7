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


__all__ = ["COLUMNS", "stored_documents"]
