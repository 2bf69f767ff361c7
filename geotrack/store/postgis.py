"""The PostgreSQL + PostGIS backend of the store: connecting, the dialect of its SQL, clear errors.

:class:`geotrack.store.Store` speaks one SQL to both backends (``?`` placeholders, ``ON CONFLICT``
upserts, standard joins). For PostgreSQL a :class:`PgConnection` wraps the psycopg 3 connection so that
it takes the same calls as :mod:`sqlite3` (``execute``, ``executemany``, ``in_transaction``) and adds
``COPY`` for bulk writes. Writers take one transaction-level advisory lock (:data:`WRITE_LOCK`), as
SQLite's ``BEGIN IMMEDIATE`` does, so concurrent ingests give the same ids and dedup as on SQLite;
readers never wait (MVCC).

A URL's password is never shown: :func:`mask_url` replaces it in every message and in ``Store.path``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from geotrack.errors import DiskFullError, ForeignDatabaseError, ReadOnlyStoreError, StorageError

#: The key of the advisory lock every writing transaction takes (``'geot'``); migrations take it too.
WRITE_LOCK = 0x67656F74
_URL_RE = re.compile(r"^(postgres(?:ql)?):/+", re.IGNORECASE)


def is_url(location: str | PurePath) -> bool:
    """Whether ``location`` names a PostgreSQL database (``postgresql://...``) rather than a SQLite file."""
    return bool(_URL_RE.match(str(location)))


def normalise_url(location: str | PurePath) -> str:
    """The URL as given. A URL that went through :class:`pathlib.Path` (as an option typed ``Path`` and
    ``GEOTRACK_DB`` give it) lost its ``//``: ``postgresql:/u@h/db`` is ``postgresql://u@h/db`` again,
    and ``postgresql:/db`` (no ``/`` left: no host) is ``postgresql:///db``, the local socket."""
    text = str(location)
    m = _URL_RE.match(text)
    if m is None or text[m.end() - 2:m.end()] == "//":
        return text
    rest = text[m.end():]
    return f"{m.group(1)}://{rest}" if "/" in rest.split("?", 1)[0] else f"{m.group(1)}:///{rest}"


def mask_url(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``: the only form ever printed or logged."""
    url = normalise_url(url)
    parts = urlsplit(url)
    if parts.password is None:
        return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", url)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    masked = parts._replace(netloc=f"{user}:***@{netloc[1]}")
    return re.sub(r"(?i)(password=)[^&\s]*", r"\1***", urlunsplit(masked))


def database_name(url: str) -> str:
    return unquote(urlsplit(normalise_url(url)).path.lstrip("/")) or "(default)"


def local_path(url: str) -> Path:
    """A local path standing for the database of ``url``, for the side files a SQLite store keeps beside
    its file (the watcher's spool): ``$XDG_CACHE_HOME/geotrack/HOST-PORT-DB.pg`` (``~/.cache`` by
    default); nothing is created here, and no user or password is part of it."""
    parts = urlsplit(normalise_url(url))
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = f"{parts.hostname or 'local'}-{parts.port or 5432}-{database_name(url)}"
    return cache / "geotrack" / (re.sub(r"[^\w.-]+", "_", name) + ".pg")


@lru_cache(maxsize=1024)
def to_pg(sql: str) -> str:
    """The store's ``?`` placeholders as psycopg's ``%s`` (a literal ``%`` doubled)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """A psycopg 3 connection (autocommit: transactions are explicit) with the calls of ``sqlite3``."""

    dialect = "postgresql"

    def __init__(self, conn: Any, url: str) -> None:
        self.conn = conn
        self.url = url

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        if params:
            return self.conn.execute(to_pg(sql), tuple(params))
        return self.conn.execute(sql)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(to_pg(sql), list(rows))

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """``COPY table (columns) FROM STDIN``: the bulk write of ingest."""
        cols = ", ".join(f'"{c}"' for c in columns)
        with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return bool(self.conn.info.transaction_status != TransactionStatus.IDLE)

    def close(self) -> None:
        self.conn.close()


def first_line(exc: BaseException) -> str:
    """The first line of an error's message (a server's message can run over several)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def connect(url: str) -> PgConnection:
    """Connect to ``url``; a server that is down, a database that is missing or a login refused is one
    clear :class:`~geotrack.errors.StorageError` naming the (masked) URL."""
    url = normalise_url(url)
    shown = mask_url(url)
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a dependency
        msg = f"cannot open {shown}: PostgreSQL needs the psycopg package (pip install 'psycopg[binary]')"
        raise StorageError(msg) from exc
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="geotrack")
    except psycopg.Error as exc:
        text = str(exc)
        if "does not exist" in text and "database" in text:
            msg = (f"database {database_name(url)!r} does not exist on the server of {shown}: create it"
                   f" (createdb {database_name(url)}) or fix the URL")
        elif "password authentication failed" in text or "no password supplied" in text:
            msg = f"the server refused the login of {shown}: check the user and password"
        elif "role" in text and "does not exist" in text:
            msg = f"the server of {shown} has no such role: {first_line(exc)}"
        else:
            msg = f"cannot connect to the PostgreSQL server of {shown}: is it running? ({first_line(exc)})"
        raise StorageError(msg.replace(url, shown)) from None
    return PgConnection(conn, url)


def ensure_postgis(db: PgConnection) -> str:
    """The PostGIS version of the database, creating the extension when it is available and allowed."""
    row = db.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'").fetchone()
    if row is not None:
        return str(row[0])
    import psycopg

    shown = mask_url(db.url)
    available = db.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone()
    if available is None:
        msg = (f"PostGIS is not installed on the server of {shown}: install it (Debian: apt-get install"
               " postgresql-15-postgis-3, matching the server's version)")
        raise StorageError(msg)
    try:
        db.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.errors.UniqueViolation:
        pass  # another process created it at the same moment (IF NOT EXISTS is not atomic): it is there
    except psycopg.Error as exc:
        msg = (f"PostGIS is not enabled in database {database_name(db.url)!r} ({shown}) and this role cannot"
               f" enable it: as a superuser run CREATE EXTENSION postgis in it ({first_line(exc)})")
        raise StorageError(msg) from None
    row = db.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'").fetchone()
    return str(row[0]) if row else ""


def schema_version(db: PgConnection, known: int) -> int:
    """The schema version (0 for a database without geotrack's tables); a newer one than ``known`` is a
    :class:`~geotrack.errors.ForeignDatabaseError`."""
    if db.execute("SELECT to_regclass('migrations')").fetchone()[0] is None:
        return 0
    version = int(db.execute("SELECT COALESCE(MAX(id), 0) FROM migrations").fetchone()[0])
    if version > known:
        msg = (f"database {mask_url(db.url)} has schema version {version}; this geotrack knows up to {known}:"
               " upgrade geotrack")
        raise ForeignDatabaseError(msg)
    return version


def storage_error(exc: BaseException, url: str, doing: str = "write to") -> StorageError | None:
    """The :class:`~geotrack.errors.StorageError` for a server error that is not a bug (disk full, no
    permission, read-only server, lost connection), or ``None``."""
    import psycopg
    from psycopg import errors as pg

    shown = mask_url(url)
    if isinstance(exc, pg.DiskFull):
        return DiskFullError(f"the disk of the PostgreSQL server of {shown} is full")
    if isinstance(exc, (pg.InsufficientPrivilege, pg.ReadOnlySqlTransaction)):
        return ReadOnlyStoreError(f"geotrack cannot {doing} {shown}: this role may only read"
                                  f" ({first_line(exc)}); use the ingest role (docs/schema.md)")
    if isinstance(exc, psycopg.OperationalError):
        return StorageError(f"lost the connection to {shown}: {first_line(exc)}")
    return None


__all__ = ["WRITE_LOCK", "PgConnection", "connect", "database_name", "ensure_postgis", "first_line", "is_url",
           "local_path", "mask_url",
           "normalise_url", "schema_version", "storage_error", "to_pg"]
