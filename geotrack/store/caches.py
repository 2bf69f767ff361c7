"""The store's caches: HTTP validators for conditional requests and geocoder answers.

Every SQL statement of the caches lives here (the network layer, :mod:`geotrack.http` and
:mod:`geotrack.geocode`, calls these classes and never writes SQL itself).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from geotrack.errors import StorageError

if TYPE_CHECKING:
    from geotrack.store import Store


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class HttpValidatorCache:
    """The ``http_cache`` table (migration 3): URL → ``(etag, last_modified)`` of its last fetch."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, url: str) -> tuple[str, str] | None:
        row = self.store.db.execute("SELECT etag, last_modified FROM http_cache WHERE url = ?", (url,)).fetchone()
        return (row[0], row[1]) if row else None

    def put(self, url: str, etag: str, last_modified: str) -> None:
        """Record the validators; a database error is a :class:`StorageError`."""
        try:
            with self.store.transaction() as db:
                db.execute(
                    "INSERT INTO http_cache (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
                    " fetched_at = excluded.fetched_at",
                    (url, etag, last_modified, _now()),
                )
        except self.store.db_errors as exc:
            msg = f"cannot record the HTTP validators of {url!r}: {exc}"
            raise StorageError(msg) from exc


class GeocodeCache:
    """The ``geocode_cache`` table: ``(provider, query_key)`` → the JSON list of results."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, provider: str, key: str) -> list[dict[str, Any]] | None:
        row = self.store.db.execute(
            "SELECT response FROM geocode_cache WHERE provider = ? AND query_key = ?", (provider, key)
        ).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def put(self, provider: str, key: str, results: Sequence[Mapping[str, Any]]) -> None:
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO geocode_cache (provider, query_key, response, fetched_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (provider, query_key) DO UPDATE SET response = excluded.response,"
                " fetched_at = excluded.fetched_at",
                (provider, key, json.dumps(list(results), ensure_ascii=False), _now()),
            )


__all__ = ["GeocodeCache", "HttpValidatorCache"]
