"""The store's monitoring state: alerts fired (once each) and their deliveries, the copies found among
documents (:mod:`geotrack.syndication`), and the state of each watched feed (:mod:`geotrack.watch`).

Every SQL statement of monitoring lives here (migration 6 made the tables, ``docs/schema.md``), in SQL
that SQLite and PostgreSQL both run (``?`` placeholders, ``ON CONFLICT``, no SQLite-only function).

A near-duplicate copy found by :mod:`geotrack.syndication` is recorded twice: in ``document_copies``
(with its similarity) and as the document's ``syndicated_of``, the column the store already sets for an
exact copy. So every reader of the store (the ``syndicated`` column of the mentions frame, the sources
table, the report's and the map's counts, corroboration and surges in :mod:`geotrack.aggregate`,
exports) counts a near-duplicate copy exactly as an exact one: neither a document nor a source.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geotrack.errors import StorageError

if TYPE_CHECKING:
    from geotrack.store import Store

#: The columns of the ``feeds`` table, in order.
FEED_COLUMNS = ("url", "folder", "every_s", "last_success", "last_error", "error", "failures", "items",
                "next_poll", "retry_after")


@dataclass(frozen=True)
class FiredAlert:
    """An alert as stored: its key (what makes it fire once), kind, when it fired, its JSON payload and
    the deliveries done (``atom``, ``webhook``, ``email``)."""

    key: str
    kind: str
    fired_at: str
    payload: dict[str, Any]
    delivered: tuple[str, ...]


class Monitoring:
    """Monitoring tables of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _write(self, what: str) -> Any:
        return _Writing(self.store, what)

    # -- alerts ------------------------------------------------------------------------------------
    def record_alerts(self, alerts: Iterable[tuple[str, str, str, dict[str, Any]]]) -> list[str]:
        """Record ``(key, kind, fired_at, payload)`` alerts not fired before, in one transaction; returns
        the keys recorded now (an alert already stored is never recorded, or returned, again)."""
        new: list[str] = []
        with self._write("record alerts") as db:
            for key, kind, fired_at, payload in alerts:
                cur = db.execute("INSERT INTO alerts (key, kind, fired_at, payload, delivered)"
                                 " VALUES (?, ?, ?, ?, '[]') ON CONFLICT (key) DO NOTHING",
                                 (key, kind, fired_at, json.dumps(payload, ensure_ascii=False)))
                if cur.rowcount:
                    new.append(key)
        return new

    def alerts(self, limit: int | None = None) -> list[FiredAlert]:
        """The fired alerts, newest first (alerts fired together: by key)."""
        sql = "SELECT key, kind, fired_at, payload, delivered FROM alerts ORDER BY fired_at DESC, key DESC"
        rows = self.store.db.execute(sql + (f" LIMIT {int(limit)}" if limit else "")).fetchall()
        return [FiredAlert(r[0], r[1], r[2], json.loads(r[3]), tuple(json.loads(r[4]))) for r in rows]

    def mark_delivered(self, keys: Sequence[str], channel: str) -> None:
        with self._write(f"mark alerts delivered by {channel}") as db:
            for key in keys:
                row = db.execute("SELECT delivered FROM alerts WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    done = sorted({*json.loads(row[0]), channel})
                    db.execute("UPDATE alerts SET delivered = ? WHERE key = ?", (json.dumps(done), key))

    # -- copies ------------------------------------------------------------------------------------
    def documents_since(self, since: str) -> list[tuple[int, str, str, str]]:
        """``(document id, source, published, text)`` of the documents published on or after ``since``
        (ISO 8601; ``""``: all) or without a date, oldest id first. Exact copies the store marked at ingest
        are left out (their original stands for them); near-duplicate copies found before are in."""
        sql = ("SELECT d.id, s.name, COALESCE(d.published, ''), d.text FROM documents d"
               " JOIN sources s ON s.id = d.source_id"
               " WHERE (d.published >= ? OR COALESCE(d.published, '') = '')"
               " AND (d.syndicated_of IS NULL OR EXISTS (SELECT 1 FROM document_copies c WHERE c.document_id = d.id))"
               " ORDER BY d.id")
        return [(int(r[0]), r[1], r[2], r[3]) for r in self.store.db.execute(sql, (since,))]

    def record_copies(self, copies: Iterable[tuple[int, int, float]]) -> None:
        """Store ``(document id, original id, similarity)`` for near-duplicate copies (replacing earlier
        findings for the same documents), and mark each copy ``syndicated_of`` its original (never a
        document the store marked an exact copy at ingest)."""
        rows = list(copies)
        with self._write("record syndicated copies") as db:
            db.executemany("UPDATE documents SET syndicated_of = ? WHERE id = ? AND (syndicated_of IS NULL OR EXISTS"
                           " (SELECT 1 FROM document_copies c WHERE c.document_id = documents.id))",
                           [(original, document) for document, original, _ in rows])
            db.executemany("INSERT INTO document_copies (document_id, original_id, similarity) VALUES (?, ?, ?)"
                           " ON CONFLICT (document_id) DO UPDATE SET original_id = excluded.original_id,"
                           " similarity = excluded.similarity", rows)

    def copies(self) -> dict[int, int]:
        """Document id → the id of its original, for every near-duplicate copy found."""
        return {int(a): int(b) for a, b in self.store.db.execute("SELECT document_id, original_id FROM document_copies")}

    def syndicated_ids(self) -> set[int]:
        """The ids of every copy: exact ones (marked at ingest) and near-duplicates (found here)."""
        return {int(r[0]) for r in self.store.db.execute("SELECT id FROM documents WHERE syndicated_of IS NOT NULL")}

    def copy_rows(self) -> list[dict[str, Any]]:
        """Every near-duplicate copy with its original: ids, input ids, sources, titles, dates, similarity;
        newest copy first."""
        sql = ("SELECT c.document_id, d.input_id, s.name, COALESCE(d.title, ''), COALESCE(d.published, ''),"
               " c.original_id, o.input_id, os.name, COALESCE(o.title, ''), COALESCE(o.published, ''), c.similarity"
               " FROM document_copies c JOIN documents d ON d.id = c.document_id JOIN sources s ON s.id = d.source_id"
               " JOIN documents o ON o.id = c.original_id JOIN sources os ON os.id = o.source_id"
               " ORDER BY COALESCE(d.published, '') DESC, c.document_id DESC")
        names = ("document_id", "input_id", "source", "title", "published", "original_id", "original_input_id",
                 "original_source", "original_title", "original_published", "similarity")
        return [dict(zip(names, r, strict=True)) for r in self.store.db.execute(sql)]

    def known_inputs(self, input_ids: Sequence[str]) -> set[str]:
        """The ids among ``input_ids`` that a stored document came with (a feed guid, a link)."""
        wanted = sorted({i for i in input_ids if i})
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            rows = self.store.db.execute(
                f"SELECT DISTINCT input_id FROM documents WHERE input_id IN ({','.join('?' * len(chunk))})", chunk)
            found.update(str(r[0]) for r in rows)
        return found

    # -- feeds -------------------------------------------------------------------------------------
    def feeds(self) -> list[dict[str, Any]]:
        rows = self.store.db.execute(f"SELECT {', '.join(FEED_COLUMNS)} FROM feeds ORDER BY url").fetchall()
        return [dict(zip(FEED_COLUMNS, r, strict=True)) for r in rows]

    def save_feed(self, state: dict[str, Any]) -> None:
        cols = ", ".join(FEED_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in FEED_COLUMNS[1:])
        with self._write(f"record the state of feed {state.get('url')!r}") as db:
            db.execute(f"INSERT INTO feeds ({cols}) VALUES ({', '.join('?' * len(FEED_COLUMNS))})"
                       f" ON CONFLICT (url) DO UPDATE SET {updates}", [state.get(c) for c in FEED_COLUMNS])


class _Writing:
    """``with``: a store transaction whose SQLite errors become a StorageError naming what was done."""

    def __init__(self, store: Store, what: str) -> None:
        self.store, self.what = store, what

    def __enter__(self) -> sqlite3.Connection:
        self._cm = self.store.transaction()
        return self._cm.__enter__()

    def __exit__(self, *exc: Any) -> bool | None:
        try:
            return self._cm.__exit__(*exc)
        except self.store.db_errors as error:
            msg = f"cannot {self.what} in {self.store.location}: {error}"
            raise StorageError(msg) from error


__all__ = ["FEED_COLUMNS", "FiredAlert", "Monitoring"]
