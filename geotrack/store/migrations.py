"""Numbered schema migrations, recorded in the ``migrations`` table.

Each migration runs once, inside a transaction, in number order, and sets ``PRAGMA user_version`` to
its number. Never edit a published migration: add a new one. ``docs/schema.md`` documents the resulting schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone

Migration = tuple[int, str, Callable[[sqlite3.Connection], None]]


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one (``executescript`` would commit the open transaction)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m001_core(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            domain TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE gazetteer_versions (
            version TEXT PRIMARY KEY,
            site_count INTEGER NOT NULL,
            loaded_at TEXT NOT NULL
        );
        CREATE TABLE sites (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            name_en TEXT NOT NULL,
            name_ar TEXT NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            coord_source TEXT NOT NULL,
            layer TEXT NOT NULL,
            parent TEXT NOT NULL DEFAULT '',
            gazetteer_version TEXT NOT NULL REFERENCES gazetteer_versions(version)
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            ext_id TEXT NOT NULL DEFAULT '',
            url TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            published TEXT NOT NULL DEFAULT '',
            lang TEXT NOT NULL DEFAULT '',
            path TEXT NOT NULL DEFAULT '',
            text TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            syndicated_of INTEGER REFERENCES documents(id),
            gazetteer_version TEXT NOT NULL DEFAULT '',
            ingested_at TEXT NOT NULL,
            UNIQUE (source_id, content_hash)
        );
        CREATE INDEX documents_hash ON documents(content_hash);
        CREATE INDEX documents_published ON documents(published);
        CREATE TABLE mentions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            site_id TEXT NOT NULL,
            surface TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            confidence REAL NOT NULL,
            rule TEXT NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            kind TEXT NOT NULL,
            actors TEXT NOT NULL DEFAULT '[]',
            activities TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX mentions_site ON mentions(site_id);
        CREATE INDEX mentions_document ON mentions(document_id);
        """
    )


def _m002_candidates_and_geocache(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE candidates (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            pattern TEXT NOT NULL,
            surface TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            sentence TEXT NOT NULL
        );
        CREATE INDEX candidates_key ON candidates(name_key);
        CREATE TABLE geocode_cache (
            provider TEXT NOT NULL,
            query_key TEXT NOT NULL,
            response TEXT NOT NULL,
            fetched_at TEXT NOT NULL,
            PRIMARY KEY (provider, query_key)
        );
        """
    )


def _m003_http_cache(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE http_cache (
            url TEXT PRIMARY KEY,
            etag TEXT NOT NULL DEFAULT '',
            last_modified TEXT NOT NULL DEFAULT '',
            fetched_at TEXT NOT NULL
        );
        """
    )


def _m004_context_and_discovery(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        ALTER TABLE mentions ADD COLUMN actors_paragraph TEXT NOT NULL DEFAULT '[]';
        CREATE TABLE document_places (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            place_id TEXT NOT NULL,
            surface TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL
        );
        CREATE INDEX document_places_document ON document_places(document_id);
        CREATE INDEX document_places_place ON document_places(place_id);
        CREATE TABLE relative_positions (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            anchor_site_id TEXT NOT NULL,
            distance_km REAL NOT NULL,
            bearing_deg REAL NOT NULL,
            direction TEXT NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            radius_km REAL NOT NULL,
            surface TEXT NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            sentence TEXT NOT NULL,
            precision TEXT NOT NULL DEFAULT 'relative'
        );
        CREATE INDEX relative_positions_document ON relative_positions(document_id);
        CREATE INDEX relative_positions_anchor ON relative_positions(anchor_site_id);
        CREATE INDEX candidates_document ON candidates(document_id);
        """
    )


def _m005_input_id(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        ALTER TABLE documents RENAME COLUMN ext_id TO input_id;
        CREATE INDEX documents_input_id ON documents(input_id);
        """
    )


def _m006_monitoring(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE alerts (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            fired_at TEXT NOT NULL,
            payload TEXT NOT NULL,
            delivered TEXT NOT NULL DEFAULT '[]'
        );
        CREATE TABLE document_copies (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            original_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            similarity REAL NOT NULL
        );
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            folder TEXT NOT NULL DEFAULT '',
            every_s REAL NOT NULL,
            last_success TEXT NOT NULL DEFAULT '',
            last_error TEXT NOT NULL DEFAULT '',
            error TEXT NOT NULL DEFAULT '',
            failures INTEGER NOT NULL DEFAULT 0,
            items INTEGER NOT NULL DEFAULT 0,
            next_poll TEXT NOT NULL DEFAULT '',
            retry_after TEXT NOT NULL DEFAULT ''
        );
        """
    )


MIGRATIONS: list[Migration] = [
    (1, "core: sources, documents, mentions, gazetteer snapshot", _m001_core),
    (2, "candidates and geocoding cache", _m002_candidates_and_geocache),
    (3, "HTTP validators (ETag, Last-Modified) for conditional feed requests", _m003_http_cache),
    (4, "paragraph actors of mentions, foreign places and relative positions of documents",
     _m004_context_and_discovery),
    (5, "documents.ext_id renamed input_id (the id the document came with), indexed", _m005_input_id),
    (6, "monitoring: alerts fired once, syndicated copies, watched feeds", _m006_monitoring),
]


def applied(db: sqlite3.Connection) -> list[int]:
    db.execute(
        "CREATE TABLE IF NOT EXISTS migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    return [row[0] for row in db.execute("SELECT id FROM migrations ORDER BY id")]


def migrate(db: sqlite3.Connection, migrations: list[Migration] | None = None, upto: int | None = None) -> list[int]:
    """Apply the missing migrations in order; returns the ids applied now."""
    done = set(applied(db))
    ran: list[int] = []
    for number, name, fn in migrations if migrations is not None else MIGRATIONS:
        if number in done or (upto is not None and number > upto):
            continue
        db.execute("BEGIN IMMEDIATE")
        try:
            if number in set(applied(db)):  # another process got there first
                db.execute("ROLLBACK")
                continue
            fn(db)
            db.execute(
                "INSERT INTO migrations (id, name, applied_at) VALUES (?, ?, ?)",
                (number, name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            db.execute(f"PRAGMA user_version = {int(number)}")  # readable without knowing the tables
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        ran.append(number)
    return ran
