"""What a store holds, as plain values to compare two stores with: every document (id, input id, source,
url, title, date, language, path, text) in id order, every mention, foreign place, candidate and relative
position with its document id, and the sources (used by tests/pipeline/test_workers.py and tests/pipeline/test_batch.py)."""

from __future__ import annotations

from typing import Any

from geotrack.store import Store


def store_contents(store: Store) -> dict[str, Any]:
    def records(frame: Any) -> list[tuple[Any, ...]]:
        frame = frame.drop(columns=[c for c in frame.columns if c in ("ingested_at",)])
        return [tuple(str(v) for v in row) for row in frame.itertuples(index=False)]

    return {
        "documents": [(i, d.id, d.source, d.url, d.title, d.published, d.lang, d.path, d.text)
                      for i, d in store.iter_documents()],
        "mentions": records(store.mentions_frame()),
        "places": records(store.places_frame()),
        "candidates": records(store.candidates_frame()),
        "relative": records(store.relative_frame()),
        "sources": records(store.sources_frame()),
        "counts": store.counts(),
    }
