"""The store: sources, documents, mentions and the gazetteer used, and for each document its foreign
places, unknown-base candidates and relative positions. Two backends behind this one class: a SQLite file
(the default, zero setup) and a PostgreSQL + PostGIS database (``postgresql://...``, for a team;
:mod:`geotrack.store.postgis`).

Open it with :meth:`Store.open`; the schema is brought up to date by numbered migrations
(:mod:`geotrack.store.migrations`, documented in ``docs/schema.md``), the same for both backends. SQLite
connections use WAL and a busy timeout so that two processes can ingest into the same file at once;
PostgreSQL writers take one advisory lock per transaction and write in bulk with ``COPY``. Every write is
a transaction. All SQL is written once, with ``?`` placeholders, for both backends.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pandas as pd

from geotrack.errors import ReadOnlyStoreError, StorageError
from geotrack.models import (
    MENTION_LIST_FIELDS,
    MENTION_STORED_FIELDS,
    Document,
    Findings,
    Mention,
    MentionsOnly,
)
from geotrack.store import postgis
from geotrack.store.faults import check_file, connect_readonly, schema_version, storage_error, writable
from geotrack.store.migrations import MIGRATIONS, migrate

if TYPE_CHECKING:
    from collections.abc import Collection

    from geotrack.gazetteer import Gazetteer

BUSY_TIMEOUT_MS = 60_000
SCHEMA_VERSION = MIGRATIONS[-1][0]


def content_hash(text: str) -> str:
    """Hash of a document's text with whitespace runs folded, so re-saved copies still match."""
    return hashlib.sha256(_folded(text).encode("utf-8")).hexdigest()


def _folded(text: str) -> str:
    """``" ".join(text.split())``: the words of ``text`` with one space between them.

    Built from its lines when they allow it: a line holding no whitespace but single spaces between words
    (no run of spaces, and printable: every whitespace character but the space is unprintable) is already
    folded once stripped of its spaces, so the text's words are those lines joined by one space. Splitting
    a text into its words instead makes an object of each word, about four times the work for a news
    article; any other line (tabs, runs of spaces, no-break spaces) takes that way."""
    lines = []
    for line in text.split("\n"):
        line = line.strip(" ")
        if not line:
            continue
        if "  " in line or not line.isprintable():
            return " ".join(text.split())
        lines.append(line)
    return " ".join(lines)


#: Positions of the list fields (stored as JSON) in a mention's stored fields.
_MENTION_LISTS = frozenset(MENTION_STORED_FIELDS.index(c) for c in MENTION_LIST_FIELDS)
_mention_values = attrgetter(*MENTION_STORED_FIELDS)
#: The tables holding what :func:`geotrack.extract.analyse` found in a document, with their columns.
_ANALYSIS_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("mentions", ("document_id", *MENTION_STORED_FIELDS)),
    ("document_places", ("document_id", "place_id", "surface", "start", "end")),
    ("candidates", ("document_id", "name", "name_key", "pattern", "surface", "start", "end", "sentence")),
    ("relative_positions", ("document_id", "anchor_site_id", "distance_km", "bearing_deg", "direction", "lat", "lon",
                            "radius_km", "surface", "start", "end", "sentence", "precision")),
)
_DOCUMENT_COLUMNS = ("id", "source_id", "input_id", "url", "title", "published", "lang", "path", "text",
                     "content_hash", "syndicated_of", "gazetteer_version", "ingested_at")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    cols = ", ".join(f'"{c}"' if c == "end" else c for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"


def _bulk_insert(db: Any, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert many rows: ``COPY`` on PostgreSQL, one ``executemany`` on SQLite."""
    if not rows:
        return
    if isinstance(db, postgis.PgConnection):
        db.copy_rows(table, columns, rows)
    else:
        db.executemany(_insert_sql(table, columns), rows)


def _json_list(values: Sequence[str]) -> str:
    return _JSON_LISTS[tuple(values)]


class _JsonLists(dict[tuple[str, ...], str]):
    """JSON of a list of ids, by the tuple of its ids; remembered, since the same few actor and activity
    lists recur in every batch (a dict's own lookup: three per mention stored). Forgets everything past
    :data:`_JSON_LISTS_KEPT` lists."""

    def __missing__(self, values: tuple[str, ...]) -> str:
        if len(self) >= _JSON_LISTS_KEPT:
            self.clear()
        text = self[values] = json.dumps(list(values), ensure_ascii=False)
        return text


_JSON_LISTS_KEPT = 4096
_JSON_LISTS = _JsonLists()


#: The list fields are the last ones of a mention's stored fields (from this position on).
_FIRST_LIST = min(_MENTION_LISTS)
if set(range(_FIRST_LIST, len(MENTION_STORED_FIELDS))) != _MENTION_LISTS:  # pragma: no cover (a model change)
    msg = f"the list fields of a stored mention must come last: {MENTION_STORED_FIELDS}"
    raise RuntimeError(msg)


def _stored_mention(doc_id: int, fields: Sequence[Any]) -> tuple[Any, ...]:
    """A mention's stored fields as the row inserted: its document id first, lists as JSON."""
    return (doc_id, *fields[:_FIRST_LIST], *map(_json_list, fields[_FIRST_LIST:]))


def _stored_mentions(doc_id: int, mentions: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """:func:`_stored_mention` of each of a document's mentions: in one comprehension, the lists looked up
    by their tuples directly (the fields :func:`analysis_tables` makes); lists given as lists take the
    general way."""
    first, json_of = _FIRST_LIST, _JSON_LISTS.__getitem__
    try:
        return [(doc_id, *m[:first], *map(json_of, m[first:])) for m in mentions]
    except TypeError:  # a list field given as a list (unhashable)
        return [_stored_mention(doc_id, m) for m in mentions]


def _mention_row(doc_id: int, m: Mention) -> tuple[Any, ...]:
    return _stored_mention(doc_id, _mention_values(m))


def _mention_fields(m: Mention) -> tuple[Any, ...]:
    """The mention's stored fields (:data:`~geotrack.models.MENTION_STORED_FIELDS`), lists as tuples."""
    return tuple(_mention_values(m))


#: The rows of the four analysis tables of one document, without its id (given when it is stored).
AnalysisTables = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]
#: One document as :meth:`Store.add_rows` takes it: ``(source, url, input_id, title, published, lang, path,
#: text)`` and its :data:`AnalysisTables`. Plain tuples, cheap to send to a writer process.
DocumentRows = tuple[tuple[str, str, str, str, str, str, str, str], AnalysisTables]


def analysis_tables(found: Findings | Sequence[Mention]) -> AnalysisTables:
    """The rows of the four analysis tables for what was found in one document."""
    a = _as_analysis(found)
    return ([_mention_fields(m) for m in a.mentions],
            [(t.id, t.surface, t.start, t.end) for t in a.places],
            [(c.name, c.name_key, c.pattern, c.surface, c.start, c.end, c.sentence) for c in a.candidates],
            [(r.anchor_site_id, r.distance_km, r.bearing_deg, r.direction, r.lat, r.lon, r.radius_km, r.surface,
              r.start, r.end, r.sentence, r.precision) for r in a.relative])


def document_rows(doc: Document, found: Findings | Sequence[Mention]) -> DocumentRows:
    """``(document, analysis)`` as :meth:`Store.add_rows` takes it."""
    return ((doc.source, doc.url, doc.id, doc.title, doc.published, doc.lang, doc.path, doc.text),
            analysis_tables(found))


def _as_analysis(found: Findings | Sequence[Mention]) -> Findings:
    if isinstance(found, Sequence):
        return MentionsOnly(mentions=tuple(found))
    return found


class _AnalysisRows:
    """Rows of the four analysis tables for a batch of documents, inserted with one executemany each."""

    def __init__(self) -> None:
        self.rows: tuple[list[tuple[Any, ...]], ...] = ([], [], [], [])

    def add(self, doc_id: int, tables: AnalysisTables) -> None:
        mentions, *others = tables
        self.rows[0].extend(_stored_mentions(doc_id, mentions))
        for target, rows in zip(self.rows[1:], others, strict=True):
            target.extend((doc_id, *row) for row in rows)

    def insert(self, db: Any) -> None:
        for (table, columns), rows in zip(_ANALYSIS_TABLES, self.rows, strict=True):
            _bulk_insert(db, table, columns, rows)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class AddResult:
    """What happened to one document: ``new``, ``duplicate`` (already stored for this source) or
    ``syndicated`` (new for this source, same text already stored from another one)."""

    status: str
    document_id: int
    mentions: int = 0
    places: int = 0
    candidates: int = 0
    relative: int = 0


@dataclass(frozen=True)
class AnalysisCounts:
    """What :meth:`Store.replace_analysis` stored: rows per table, over ``documents`` documents."""

    documents: int = 0
    mentions: int = 0
    places: int = 0
    candidates: int = 0
    relative: int = 0


@dataclass(frozen=True)
class MentionFilter:
    """Filters shared by ``mentions``, ``map``, ``export`` and ``report``. Empty means no filter.

    ``actors`` keeps a mention when one of the actors is named in its sentence OR in its paragraph.
    ``documents`` keeps what the stored documents of those ids hold (a document page reads its own
    rows, not every mention). The frames of relative positions, foreign places and candidates use the filters that apply to them
    (see each method).
    """

    sites: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    min_confidence: float = 0.0
    documents: tuple[int, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        parts = []
        if self.since or self.until:
            parts.append(f"{self.since or '…'} – {self.until or '…'}")
        for label, values in (("sites", self.sites), ("sources", self.sources), ("kinds", self.kinds),
                              ("actors", self.actors)):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.min_confidence:
            parts.append(f"confidence ≥ {self.min_confidence:g}")
        if self.documents:
            parts.append(f"documents: {', '.join(str(d) for d in self.documents)}")
        return "; ".join(parts) or "all stored mentions"


_SUMMARY_COLUMNS = ("name_key", "name", "mentions", "documents", "sources", "source_list", "first_seen",
                    "last_seen", "patterns", "example_sentence", "example_url")


def _document_filters(flt: MentionFilter, where: list[str], params: list[Any]) -> None:
    """Add the filters on the document and its source (``d``, ``s``): documents, sources, since, until."""
    if flt.documents:
        where.append(f"d.id IN ({','.join('?' * len(flt.documents))})")
        params.extend(int(d) for d in flt.documents)
    if flt.sources:
        where.append(f"s.name IN ({','.join('?' * len(flt.sources))})")
        params.extend(flt.sources)
    if flt.since:
        where.append("d.published >= ?")
        params.append(flt.since.isoformat())
    if flt.until:
        where.append("d.published != '' AND substr(d.published, 1, 10) <= ?")
        params.append(flt.until.isoformat())


def _json_lists(column: pd.Series) -> list[list[str]]:
    """The stored JSON lists of ``column`` (actors, activities), each text decoded once: a column holds
    few distinct lists (most are ``[]``), and decoding 100,000 of them one by one was most of the time of
    reading every mention. Each row gets its own list."""
    texts = column.tolist()
    decoded = {text: json.loads(text) for text in set(texts)}
    return [list(decoded[text]) for text in texts]


def _document(r: Any) -> Document:
    return Document(id=r[1], text=r[2], source=r[3], url=r[4], title=r[5], published=r[6], lang=r[7], path=r[8])


def _published(column: pd.Series) -> pd.Series:
    """ISO 8601 texts (``''`` when unknown) as naive UTC datetime64, NaT when unknown."""
    return pd.to_datetime(column.replace("", None), errors="coerce", utc=True, format="mixed").dt.tz_localize(None)


def _name_is_known(key: str, known: frozenset[str]) -> bool:
    """Whether a candidate's name key is a gazetteer spelling, with or without the Arabic article."""
    forms = {key}
    if key.startswith("ال") and len(key) > 3:
        forms.add(key[2:])
    elif key and "\u0600" <= key[0] <= "\u06ff":
        forms.add("ال" + key)
    return not forms.isdisjoint(known)


def _migrate_postgres(db: postgis.PgConnection, version: int) -> None:
    """Bring a PostgreSQL schema up to date; a role that may not change it gets one clear line."""
    from psycopg import errors as pg

    try:
        migrate(db)
    except pg.InsufficientPrivilege:
        have = f"has schema version {version}, older than this geotrack's ({SCHEMA_VERSION})" if version else \
            "has no geotrack schema yet"
        msg = (f"{postgis.mask_url(db.url)} {have}, and this role may not change the schema: run"
               " 'geotrack db migrate --db URL' as the database's owner (docs/schema.md, Roles)")
        raise ReadOnlyStoreError(msg) from None


class Store:
    """A geotrack database. Use as a context manager or call :meth:`close`."""

    def __init__(self, path: Path, db: Any) -> None:
        #: The SQLite file; for PostgreSQL a local path standing for the database (in the user's cache
        #: folder, see :func:`geotrack.store.postgis.local_path`), beside which side files such as the
        #: watcher's spool go. Print :attr:`location`, not this.
        self.path = path
        #: The connection: :class:`sqlite3.Connection`, or :class:`~geotrack.store.postgis.PgConnection`
        #: (same calls) for PostgreSQL.
        self.db = db
        self._source_ids: dict[str, int] = {}

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return "postgresql" if isinstance(self.db, postgis.PgConnection) else "sqlite"

    @property
    def location(self) -> str:
        """Where the data is, fit to print: the file's path, or the URL with its password masked."""
        if isinstance(self.db, postgis.PgConnection):
            return postgis.mask_url(self.db.url)
        return str(self.path)

    @property
    def db_errors(self) -> tuple[type[BaseException], ...]:
        """The database driver's error classes (what a failed statement raises)."""
        if isinstance(self.db, postgis.PgConnection):
            import psycopg

            return (psycopg.Error,)
        return (sqlite3.Error,)

    @classmethod
    def _open_postgres(cls, url: str, create: bool) -> Store:
        db = postgis.connect(url)
        try:
            postgis.ensure_postgis(db)
            version = postgis.schema_version(db, SCHEMA_VERSION)
            if not create and version == 0:
                msg = f"no geotrack data in {postgis.mask_url(url)}"
                raise StorageError(msg, field="db", value=postgis.mask_url(url))
            if version < SCHEMA_VERSION:
                _migrate_postgres(db, version)
        except BaseException as exc:
            db.close()
            import psycopg

            if isinstance(exc, psycopg.Error):
                error = postgis.storage_error(exc, url, "open")
                raise (error or StorageError(f"cannot open {postgis.mask_url(url)}: {postgis.first_line(exc)}")) from None
            raise
        return cls(postgis.local_path(url), db)

    # -- opening -----------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open (and migrate) the database at ``path``; ``create=False`` refuses a missing file.

        Nothing is written to a file that is not geotrack's: a file that is not SQLite, another program's
        SQLite file (it has tables, none of them geotrack's) or a schema newer than this geotrack knows
        are refused with a :class:`~geotrack.errors.ForeignDatabaseError` before the connection changes
        anything (journal mode included). A file that cannot be written (or whose folder cannot) is opened
        read-only: reading works; the first write raises :class:`~geotrack.errors.ReadOnlyStoreError`.
        """
        if postgis.is_url(path):
            return cls._open_postgres(postgis.normalise_url(path), create)
        p = Path(path)
        if not create and not p.exists():
            msg = f"no database at {str(p)!r}"
            raise StorageError(msg, field="db", value=str(p))
        check_file(p)
        can_write = writable(p)
        if not can_write and not p.exists():
            msg = f"cannot create database {str(p)!r}: its folder is not writable; choose another place"
            raise ReadOnlyStoreError(msg)
        db: sqlite3.Connection | None = None
        try:
            if can_write:
                db = sqlite3.connect(p, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                     check_same_thread=False)
            else:
                db = connect_readonly(p, BUSY_TIMEOUT_MS / 1000)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = schema_version(db, p, SCHEMA_VERSION)
            if can_write:
                db.execute("PRAGMA journal_mode = WAL")
                db.execute("PRAGMA synchronous = NORMAL")
                db.execute("PRAGMA foreign_keys = ON")
                migrate(db)
            elif version < SCHEMA_VERSION:
                msg = (f"database {str(p)!r} has schema version {version}; this geotrack needs {SCHEMA_VERSION} and"
                       " cannot upgrade a read-only file: make the file and its folder writable")
                raise ReadOnlyStoreError(msg)
            else:
                db.execute("PRAGMA query_only = ON")
        except BaseException as exc:
            if db is not None:
                db.close()
            if isinstance(exc, sqlite3.Error):
                error = storage_error(exc, p, "open")
                if error is None:
                    error = StorageError(f"cannot open database {str(p)!r}: {exc}")
                raise error from exc
            raise
        return cls(p, db)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception (KeyboardInterrupt included).

        A full disk, a read-only file or an I/O error raises a :class:`~geotrack.errors.StorageError`
        (:class:`~geotrack.errors.DiskFullError`, :class:`~geotrack.errors.ReadOnlyStoreError`) after the
        rollback: what earlier transactions committed is kept."""
        if isinstance(self.db, postgis.PgConnection):
            with self._pg_transaction() as db:
                yield db
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                self._rollback()
                raise
            try:
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except sqlite3.Error as exc:
            error = storage_error(exc, self.path)
            if error is None:
                raise
            raise error from exc

    @contextmanager
    def _pg_transaction(self) -> Iterator[Any]:
        """:meth:`transaction` on PostgreSQL: ``BEGIN`` and the advisory write lock (one writer at a time,
        as on SQLite: document ids and dedup stay exact under concurrent ingests; readers never wait)."""
        import psycopg

        try:
            self.db.execute("BEGIN")
            try:
                self.db.execute("SELECT pg_advisory_xact_lock(?)", (postgis.WRITE_LOCK,))
                yield self.db
            except BaseException:
                self._rollback()
                raise
            try:
                self.db.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
        except psycopg.Error as exc:
            error = postgis.storage_error(exc, self.db.url)
            if error is None:
                raise
            raise error from None

    def _rollback(self) -> None:
        """Roll back the open transaction, if SQLite has not already done so (it does after SQLITE_FULL)."""
        if self.db.in_transaction:
            with suppress(*self.db_errors):
                self.db.execute("ROLLBACK")

    # -- writing -----------------------------------------------------------------------------------
    def record_gazetteer(self, gazetteer: Gazetteer) -> str:
        """Snapshot the gazetteer's sites under its version (once per version); returns the version."""
        version = gazetteer.version
        with self.transaction() as db:
            if db.execute("SELECT 1 FROM gazetteer_versions WHERE version = ?", (version,)).fetchone():
                return version
            db.execute(
                "INSERT INTO gazetteer_versions (version, site_count, loaded_at) VALUES (?, ?, ?)",
                (version, len(gazetteer), _now()),
            )
            db.executemany(
                "INSERT INTO sites (id, kind, name_en, name_ar, lat, lon, coord_source, layer, parent,"
                " gazetteer_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " kind = excluded.kind, name_en = excluded.name_en, name_ar = excluded.name_ar, lat = excluded.lat,"
                " lon = excluded.lon, coord_source = excluded.coord_source, layer = excluded.layer,"
                " parent = excluded.parent, gazetteer_version = excluded.gazetteer_version",
                [(s.id, s.kind, s.name_en, s.name_ar, s.lat, s.lon, s.coord_source, s.layer, s.parent, version)
                 for s in gazetteer],
            )
        return version

    def source_id(self, name: str, domain: str = "") -> int:
        """Id of the source called ``name``, created if new. Call inside a transaction."""
        if name in self._source_ids:
            return self._source_ids[name]
        row = self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        if row is None:
            self.db.execute("INSERT INTO sources (name, domain, created_at) VALUES (?, ?, ?)"
                            " ON CONFLICT (name) DO NOTHING", (name, domain, _now()))
            row = self.db.execute("SELECT id FROM sources WHERE name = ?", (name,)).fetchone()
        sid = int(row[0])
        self._source_ids[name] = sid
        return sid

    def add_documents(self, items: Iterable[tuple[Document, Findings | Sequence[Mention]]],
                      gazetteer_version: str = "") -> list[AddResult]:
        """Store documents with what was found in them in ONE transaction: all of them, or none.

        Each item is ``(document, analysis)`` (an :class:`~geotrack.extract.Analysis`: mentions,
        foreign places, candidates and relative positions) or ``(document, mentions)``. A document
        already stored for the same source (same text) is a ``duplicate`` and adds nothing; the same
        text from another source is stored again, marked as a syndicated copy. The document's ``id``
        (the id it came with) is stored as ``input_id``; a duplicate keeps the ``input_id`` of the copy
        stored first (its own id is not stored), a syndicated copy has its own. The batch costs one
        lookup of its hashes and one ``executemany`` insert per table, whatever its size.
        """
        return self.add_rows([document_rows(doc, found) for doc, found in items], gazetteer_version)

    def add_rows(self, batch: Sequence[DocumentRows], gazetteer_version: str = "",
                 hashes: Sequence[str] | None = None) -> list[AddResult]:
        """:meth:`add_documents` for documents already turned into rows (:func:`document_rows`).

        ``hashes``: the :func:`content_hash` of each document's text, when the caller computed them already
        (a batch task, on another core); computed here otherwise."""
        results: list[AddResult] = []
        if hashes is None:
            hashes = [content_hash(fields[7]) for fields, _ in batch]
        elif len(hashes) != len(batch):
            msg = f"{len(hashes)} content hashes for {len(batch)} documents"
            raise ValueError(msg)
        try:
            with self.transaction() as db:
                known = self._known_hashes(db, hashes)
                ninput_id = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchone()[0]) + 1
                now = _now()
                doc_rows: list[tuple[Any, ...]] = []
                rows = _AnalysisRows()
                for (fields, tables), h in zip(batch, hashes, strict=True):
                    source, url, input_id, title, published, lang, path, text = fields
                    sid = self._source_ids.get(source) if source else None
                    if sid is None:  # the URL's host names a source without a name, or a new one's domain
                        domain = (urlsplit(url).hostname or "") if url else ""
                        sid = self.source_id(source or domain or "unknown", domain)
                    stored = known.setdefault(h, [])
                    dup = next((d for s, d in stored if s == sid), None)
                    if dup is not None:
                        results.append(AddResult("duplicate", dup))
                        continue
                    first = stored[0][1] if stored else None
                    doc_id, ninput_id = ninput_id, ninput_id + 1
                    stored.append((sid, doc_id))
                    doc_rows.append((doc_id, sid, input_id, url, title, published, lang, path, text, h, first,
                                     gazetteer_version, now))
                    rows.add(doc_id, tables)
                    results.append(AddResult("syndicated" if first else "new", doc_id, *(len(t) for t in tables)))
                _bulk_insert(db, "documents", _DOCUMENT_COLUMNS, doc_rows)
                rows.insert(db)
        except BaseException:
            self._source_ids.clear()  # ids created in the rolled-back transaction are gone
            raise
        return results

    @staticmethod
    def _known_hashes(db: Any, hashes: Sequence[str]) -> dict[str, list[tuple[int, int]]]:
        """Content hash → [(source id, document id)] of what is stored, oldest first."""
        known: dict[str, list[tuple[int, int]]] = {}
        unique = sorted(set(hashes))
        for i in range(0, len(unique), 500):
            chunk = unique[i:i + 500]
            rows = db.execute(
                f"SELECT content_hash, source_id, id FROM documents WHERE content_hash IN ({','.join('?' * len(chunk))})"
                " ORDER BY id",
                chunk,
            )
            for h, sid, did in rows:
                known.setdefault(h, []).append((int(sid), int(did)))
        return known

    @staticmethod
    def _insert_mentions(db: Any, doc_id: int, mentions: Sequence[Mention]) -> None:
        if mentions:
            _bulk_insert(db, "mentions", _ANALYSIS_TABLES[0][1], [_mention_row(doc_id, m) for m in mentions])

    def replace_mentions(self, items: Iterable[tuple[int, Sequence[Mention]]], gazetteer_version: str) -> int:
        """Replace the mentions of the given document ids, all in one transaction; returns the count.

        Foreign places, candidates and relative positions are left as they are; see :meth:`replace_analysis`.
        """
        total = 0
        with self.transaction() as db:
            for doc_id, mentions in items:
                db.execute("DELETE FROM mentions WHERE document_id = ?", (doc_id,))
                self._insert_mentions(db, doc_id, mentions)
                db.execute("UPDATE documents SET gazetteer_version = ? WHERE id = ?", (gazetteer_version, doc_id))
                total += len(mentions)
        return total

    def replace_analysis(self, items: Iterable[tuple[int, Findings]], gazetteer_version: str) -> AnalysisCounts:
        """Replace the mentions, foreign places, candidates and relative positions of the given document
        ids with their new analysis, all in ONE transaction; returns what is now stored for them."""
        batch = list(items)
        ids = [(doc_id,) for doc_id, _ in batch]
        rows = _AnalysisRows()
        for doc_id, analysis in batch:
            rows.add(doc_id, analysis_tables(analysis))
        with self.transaction() as db:
            for table, _ in _ANALYSIS_TABLES:
                db.executemany(f"DELETE FROM {table} WHERE document_id = ?", ids)
            rows.insert(db)
            db.executemany("UPDATE documents SET gazetteer_version = ? WHERE id = ?",
                           [(gazetteer_version, doc_id) for doc_id, _ in batch])
        mentions, places, candidates, relative = (len(r) for r in rows.rows)
        return AnalysisCounts(len(batch), mentions, places, candidates, relative)

    # -- reading -----------------------------------------------------------------------------------
    _DOCUMENT_SQL = ("SELECT d.id, d.input_id, d.text, s.name, d.url, d.title, d.published, d.lang, d.path"
                     " FROM documents d JOIN sources s ON s.id = d.source_id")

    def iter_documents(self) -> Iterator[tuple[int, Document]]:
        for r in self.db.execute(self._DOCUMENT_SQL + " ORDER BY d.id"):
            yield int(r[0]), _document(r)

    def document(self, document_id: int) -> Document | None:
        """The stored document ``document_id`` (None when there is none)."""
        row = self.db.execute(self._DOCUMENT_SQL + " WHERE d.id = ?", (document_id,)).fetchone()
        return _document(row) if row else None

    def counts(self) -> dict[str, int]:
        q = {
            "sources": "SELECT COUNT(*) FROM sources",
            "documents": "SELECT COUNT(*) FROM documents",
            "mentions": "SELECT COUNT(*) FROM mentions",
            "syndicated": "SELECT COUNT(*) FROM documents WHERE syndicated_of IS NOT NULL",
        }
        return {k: int(self.db.execute(sql).fetchone()[0]) for k, sql in q.items()}

    def analysis_counts(self) -> dict[str, int]:
        """Rows of foreign places, candidates and relative positions stored (all documents)."""
        return {table: int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table, _ in _ANALYSIS_TABLES[1:]}

    def mentions_frame(self, flt: MentionFilter | None = None, *, text: bool = True) -> pd.DataFrame:
        """One row per stored mention with its document, source and site, filtered.

        Columns: mention_id, document_id, site_id, site_name, site_name_ar, kind, lat, lon, surface,
        start, end, sentence, confidence, rule, actors (list: actors of the sentence), activities
        (list), actors_paragraph (list: actors of the paragraph), source, published (datetime64, NaT
        when unknown), url, title, lang, syndicated (bool), input_id (the id the document came with:
        its JSON/CSV id, feed entry id, or file path or URL; see ``docs/schema.md``). ``flt.actors``
        keeps the mentions whose sentence OR paragraph names one of the actors. Rows come in publication
        order; ``text=False`` leaves out the text columns (surface, sentence, rule, url, title, lang,
        input_id) and the order: what counting needs, read in a third of the time.
        """
        flt = flt or MentionFilter()
        where, params = self._mention_where(flt)
        columns = (
            'm.id AS mention_id, m.document_id, m.site_id, COALESCE(st.name_en, m.site_id) AS site_name,'
            " COALESCE(st.name_ar, '') AS site_name_ar, m.kind, m.lat, m.lon, m.surface, m.start, m.\"end\","
            " m.sentence, m.confidence, m.rule, m.actors, m.activities, m.actors_paragraph, s.name AS source,"
            " d.published, d.url, d.title, d.lang, d.syndicated_of IS NOT NULL AS syndicated, d.input_id"
        ) if text else (
            'm.id AS mention_id, m.document_id, m.site_id, COALESCE(st.name_en, m.site_id) AS site_name,'
            " COALESCE(st.name_ar, '') AS site_name_ar, m.kind, m.lat, m.lon, m.start, m.\"end\", m.confidence,"
            " m.actors, m.activities, m.actors_paragraph, s.name AS source, d.published,"
            " d.syndicated_of IS NOT NULL AS syndicated"
        )
        sql = (
            f"SELECT {columns}"
            " FROM mentions m JOIN documents d ON d.id = m.document_id JOIN sources s ON s.id = d.source_id"
            " LEFT JOIN sites st ON st.id = m.site_id"
            f" WHERE {' AND '.join(where)}" + (" ORDER BY d.published, m.document_id, m.start" if text else "")
        )
        frame = self.frame(sql, params)
        for col in MENTION_LIST_FIELDS:
            frame[col] = _json_lists(frame[col])
        frame["published"] = _published(frame["published"])
        frame["syndicated"] = frame["syndicated"].astype(bool)
        return frame

    def _mention_where(self, flt: MentionFilter) -> tuple[list[str], list[Any]]:
        """The WHERE terms and parameters of ``flt`` over ``mentions m`` joined to ``documents d`` and
        ``sources s``, the actors included: the distinct stored lists (few) are decoded here and the ones
        naming a wanted actor become the terms, so the rule of :meth:`mentions_frame` (sentence OR
        paragraph) is applied by the store."""
        where: list[str] = ["m.confidence >= ?"]
        params: list[Any] = [flt.min_confidence]
        for col, values in (("m.site_id", flt.sites), ("m.kind", flt.kinds)):
            if values:
                where.append(f"{col} IN ({','.join('?' * len(values))})")
                params.extend(values)
        _document_filters(flt, where, params)
        if flt.actors:
            wanted = set(flt.actors)
            terms = []
            for col in ("actors", "actors_paragraph"):
                texts = [str(r[0]) for r in self.db.execute(f"SELECT DISTINCT {col} FROM mentions")
                         if wanted.intersection(json.loads(r[0]))]
                if texts:
                    terms.append(f"m.{col} IN ({','.join('?' * len(texts))})")
                    params.extend(texts)
            where.append(f"({' OR '.join(terms)})" if terms else "1 = 0")
        return where, params

    def site_counts(self, flt: MentionFilter | None = None) -> pd.DataFrame:
        """One row per site of the filtered mentions, counted by the store (the map's sites without reading
        every mention): site_id, site_name, site_name_ar, kind, lat, lon (those of the site's last stored
        mention), mentions, documents, sources (distinct outlets), first_seen, last_seen (datetime64, NaT
        when no mention is dated), actors and activities (sorted unions of the mentions' lists); most
        mentioned first, ties by site id. The counts are those of :func:`geotrack.aggregate.site_summary`
        over ``mentions_frame(flt)`` ordered newest mention first (the tests hold the two to each other,
        on both backends); no count of independent sources here (that rule is
        :func:`geotrack.syndication.originals`)."""
        flt = flt or MentionFilter()
        where, params = self._mention_where(flt)
        joins = ("FROM mentions m JOIN documents d ON d.id = m.document_id JOIN sources s ON s.id = d.source_id"
                 f" WHERE {' AND '.join(where)}")
        # grouped by ``site_id || ''``, not by the indexed column: SQLite would otherwise walk the site index
        # and read every mention at random (the time of the whole query three times over), and could not
        # start from the date or source index of a filter
        site = "m.site_id || ''"
        counts = self.frame(
            "SELECT a.site_id, COALESCE(st.name_en, a.site_id) AS site_name, COALESCE(st.name_ar, '') AS site_name_ar,"
            " lm.kind, lm.lat, lm.lon, a.mentions, a.documents, a.sources, a.first_seen, a.last_seen"
            f" FROM (SELECT {site} AS site_id, COUNT(*) AS mentions, COUNT(DISTINCT m.document_id) AS documents,"
            " COUNT(DISTINCT d.source_id) AS sources, MIN(NULLIF(d.published, '')) AS first_seen,"
            f" MAX(NULLIF(d.published, '')) AS last_seen, MAX(m.id) AS last_id {joins} GROUP BY {site}) a"
            " JOIN mentions lm ON lm.id = a.last_id LEFT JOIN sites st ON st.id = a.site_id", params)
        lists: dict[str, tuple[set[str], set[str]]] = {}
        decoded: dict[str, list[str]] = {}
        for site_id, actors, activities in self.db.execute(
                f"SELECT DISTINCT {site}, m.actors, m.activities {joins}", params).fetchall():
            both = lists.setdefault(str(site_id), (set(), set()))
            for into, text in zip(both, (actors, activities), strict=True):
                if text not in decoded:
                    decoded[text] = json.loads(text)
                into.update(decoded[text])
        counts["actors"] = [sorted(lists[s][0]) for s in counts["site_id"]]
        counts["activities"] = [sorted(lists[s][1]) for s in counts["site_id"]]
        for col in ("first_seen", "last_seen"):
            counts[col] = _published(counts[col].fillna(""))
        for col in ("mentions", "documents", "sources"):
            counts[col] = counts[col].astype("int64")
        for col in ("lat", "lon"):
            counts[col] = counts[col].astype("float64")
        return counts.sort_values(["mentions", "site_id"], ascending=[False, True], kind="stable").reset_index(drop=True)

    def filter_choices(self) -> dict[str, Any]:
        """What the stored mentions can be filtered by, asked of the store: ``sources`` (the outlets whose
        documents name a site), ``kinds``, ``actors`` (named in a sentence or paragraph of a mention),
        each sorted, the ``first`` and ``last`` publication (Timestamp, None when no mention is dated) and
        the number of ``mentions``."""
        sources = [str(r[0]) for r in self.db.execute(
            "SELECT s.name FROM sources s WHERE EXISTS (SELECT 1 FROM documents d JOIN mentions m"
            " ON m.document_id = d.id WHERE d.source_id = s.id)")]
        kinds: set[str] = set()
        actors: set[str] = set()
        for kind, in_sentence, in_paragraph in self.db.execute(
                "SELECT DISTINCT kind, actors, actors_paragraph FROM mentions").fetchall():
            kinds.add(str(kind))
            actors.update(json.loads(in_sentence), json.loads(in_paragraph))
        first, last, mentions = self.db.execute(
            "SELECT MIN(NULLIF(d.published, '')), MAX(NULLIF(d.published, '')), COUNT(*)"
            " FROM mentions m JOIN documents d ON d.id = m.document_id").fetchone()
        span = _published(pd.Series([first or "", last or ""], dtype=object))
        return {"sources": sorted(sources), "kinds": sorted(kinds), "actors": sorted(actors),
                "first": None if pd.isna(span[0]) else span[0], "last": None if pd.isna(span[1]) else span[1],
                "mentions": int(mentions)}

    def _document_rows(self, columns: str, table: str, joins: str, flt: MentionFilter,
                       where: list[str] | None = None, params: list[Any] | None = None) -> pd.DataFrame:
        """``SELECT columns FROM table`` (aliased, with a ``document_id`` and a ``start``) joined to its
        document and source, filtered by the document filters of ``flt``, in publication order."""
        where = where if where is not None else ["1 = 1"]
        params = params if params is not None else []
        _document_filters(flt, where, params)
        alias = table.split()[-1]
        sql = (
            f"SELECT {columns} FROM {table} JOIN documents d ON d.id = {alias}.document_id"
            f" JOIN sources s ON s.id = d.source_id {joins}"
            f" WHERE {' AND '.join(where)} ORDER BY d.published, {alias}.document_id, {alias}.start"
        )
        frame = self.frame(sql, params)
        frame["published"] = _published(frame["published"])
        if "syndicated" in frame.columns:
            frame["syndicated"] = frame["syndicated"].astype(bool)
        return frame

    def documents_frame(self, flt: MentionFilter | None = None) -> pd.DataFrame:
        """One row per stored document of the filter's sources (every document without a filter), without
        its text: document_id, source, published (the stored ISO 8601 text, ``""`` when unknown).

        Only ``flt.sources`` applies: the site, kind, actor and confidence filters select mentions, and the
        dates are the caller's to place in periods (the report counts documents that name no site too)."""
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        _document_filters(MentionFilter(sources=flt.sources if flt is not None else ()), where, params)
        sql = ("SELECT d.id AS document_id, s.name AS source, COALESCE(d.published, '') AS published"
               f" FROM documents d JOIN sources s ON s.id = d.source_id WHERE {' AND '.join(where)} ORDER BY d.id")
        return self.frame(sql, params)

    def relative_frame(self, flt: MentionFilter | None = None) -> pd.DataFrame:
        """One row per stored relative position ("300 km south of Kufra"), filtered.

        Columns: document_id, anchor_site_id, anchor_name, distance_km, bearing_deg, direction, lat, lon
        (the approximate point), radius_km (its uncertainty), surface, start, end, sentence, precision
        (``relative``: draw a circle, never an exact point), source, published (datetime64), url, title,
        lang, input_id, syndicated (bool: the document is a copy of another's story). Filters used: documents, since,
        until, sources, and sites (the ANCHOR site).
        """
        flt = flt or MentionFilter()
        where: list[str] = ["1 = 1"]
        params: list[Any] = []
        if flt.sites:
            where.append(f"r.anchor_site_id IN ({','.join('?' * len(flt.sites))})")
            params.extend(flt.sites)
        return self._document_rows(
            "r.document_id, r.anchor_site_id, COALESCE(st.name_en, r.anchor_site_id) AS anchor_name,"
            ' r.distance_km, r.bearing_deg, r.direction, r.lat, r.lon, r.radius_km, r.surface, r.start, r."end",'
            " r.sentence, r.precision, s.name AS source, d.published, d.url, d.title, d.lang, d.input_id,"
            " d.syndicated_of IS NOT NULL AS syndicated",
            "relative_positions r", "LEFT JOIN sites st ON st.id = r.anchor_site_id", flt, where, params)

    def places_frame(self, flt: MentionFilter | None = None) -> pd.DataFrame:
        """One row per foreign place named in a stored document (context, never a Libyan site), filtered.

        Columns: document_id, place_id (``country:TD``, ``city:524901`` ...), surface, start, end, source,
        published (datetime64), input_id. Filters used: documents, since, until, sources.
        """
        return self._document_rows(
            'p.document_id, p.place_id, p.surface, p.start, p."end", s.name AS source, d.published, d.input_id',
            "document_places p", "", flt or MentionFilter())

    def candidates_frame(self, flt: MentionFilter | None = None) -> pd.DataFrame:
        """One row per occurrence of a candidate name (a base the gazetteer lacked when it was found).

        Columns: name_key, name, pattern, surface, start, end, sentence, document_id, source, published
        (datetime64), url, title, lang, input_id, syndicated (bool: the document is a copy of another's
        story). Filters used: documents, since, until, sources.
        """
        return self._document_rows(
            'c.name_key, c.name, c.pattern, c.surface, c.start, c."end", c.sentence, c.document_id,'
            " s.name AS source, d.published, d.url, d.title, d.lang, d.input_id,"
            " d.syndicated_of IS NOT NULL AS syndicated",
            "candidates c", "", flt or MentionFilter())

    def candidate_summary(self, flt: MentionFilter | None = None,
                          known: Collection[str] | None = None) -> pd.DataFrame:
        """One row per candidate name (``name_key``), most widely reported first.

        Columns: name_key, name (its most frequent spelling), mentions, documents, sources (counts),
        source_list (sorted list), first_seen, last_seen (datetime64, NaT when no date is known),
        patterns (sorted list), example_sentence and example_url (its earliest occurrence). Sorted by
        sources, then mentions (descending), then name_key. Names that ``gazetteer`` knows now (after
        ``geotrack gazetteer add``, say) are dropped: ``known`` holds the gazetteer's spelling keys
        (``geotrack.extract.discovery.known_spellings(gazetteer)``). Filters used: documents, since, until, sources.
        """
        frame = self.candidates_frame(flt)
        if known is not None and len(frame):
            keys = frozenset(known)
            frame = frame[[not _name_is_known(k, keys) for k in frame["name_key"]]]
        groups: dict[str, list[Any]] = {}
        for row in frame.itertuples(index=False):
            groups.setdefault(str(row.name_key), []).append(row)
        records = []
        for key, rows in groups.items():
            spellings: dict[str, int] = {}
            for r in rows:
                spellings[r.name] = spellings.get(r.name, 0) + 1
            dates = [r.published for r in rows if not pd.isna(r.published)]
            example = rows[0]  # the frame is in publication order
            records.append({
                "name_key": key,
                "name": max(spellings, key=lambda n: (spellings[n], -list(spellings).index(n))),
                "mentions": len(rows),
                "documents": len({r.document_id for r in rows}),
                "sources": len({r.source for r in rows}),
                "source_list": sorted({str(r.source) for r in rows}),
                "first_seen": min(dates) if dates else pd.NaT,
                "last_seen": max(dates) if dates else pd.NaT,
                "patterns": sorted({str(r.pattern) for r in rows}),
                "example_sentence": example.sentence,
                "example_url": example.url,
            })
        records.sort(key=lambda r: (-r["sources"], -r["mentions"], r["name_key"]))
        out = pd.DataFrame.from_records(records, columns=list(_SUMMARY_COLUMNS))
        for col in ("first_seen", "last_seen"):
            out[col] = pd.to_datetime(out[col])
        for col in ("mentions", "documents", "sources"):
            out[col] = out[col].astype("int64")
        return out

    def sources_frame(self) -> pd.DataFrame:
        """Per source: documents, syndicated copies, mentions, first and last publication date."""
        sql = (
            "SELECT s.name AS source, s.domain, COUNT(DISTINCT d.id) AS documents,"
            " COUNT(DISTINCT CASE WHEN d.syndicated_of IS NOT NULL THEN d.id END) AS syndicated,"
            " COUNT(m.id) AS mentions, MIN(NULLIF(d.published, '')) AS first_published,"
            " MAX(NULLIF(d.published, '')) AS last_published"
            " FROM sources s LEFT JOIN documents d ON d.source_id = s.id LEFT JOIN mentions m ON m.document_id = d.id"
            " GROUP BY s.id ORDER BY documents DESC, s.name"
        )
        return self.frame(sql)

    def sites_frame(self) -> pd.DataFrame:
        """The gazetteer snapshot stored with the data (latest version of each site)."""
        return self.frame("SELECT id, kind, name_en, name_ar, lat, lon, coord_source, layer, parent, gazetteer_version"
                          " FROM sites ORDER BY id")

    def frame(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """The rows of a query (``?`` placeholders) as a DataFrame, the same on both backends."""
        cur = self.db.execute(sql, params)
        columns = [d[0] for d in cur.description]
        return pd.DataFrame.from_records(cur.fetchall(), columns=columns, coerce_float=True)


__all__ = ["SCHEMA_VERSION", "AddResult", "AnalysisCounts", "MentionFilter", "Store", "content_hash"]
