"""What can go wrong with a database file on a bad day, found out before anything is written, and
SQLite's errors turned into one clear :class:`~geotrack.errors.StorageError` each.

- :func:`check_file`: a folder, or a file that is not SQLite at all.
- :func:`writable`: whether the file and its folder can be written (a read-only file is opened
  read-only: reading commands work, writing ones get :class:`~geotrack.errors.ReadOnlyStoreError`).
- :func:`check_schema`: another program's SQLite file, or a schema newer than this geotrack knows.
- :func:`storage_error`: ``database or disk is full``, ``attempt to write a readonly database``, I/O
  and locking errors as a :class:`~geotrack.errors.StorageError` naming the file and what to do.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from geotrack.errors import DiskFullError, ForeignDatabaseError, ReadOnlyStoreError, StorageError
from geotrack.store.migrations import MIGRATIONS

SQLITE_MAGIC = b"SQLite format 3\x00"

# Primary SQLite result codes (an extended code keeps its primary code in its low byte).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
#: Below this many free bytes an I/O error while writing is taken for a full disk.
NEARLY_FULL = 1 << 20

#: The name geotrack's first migration is recorded under: the mark of a geotrack database.
FIRST_MIGRATION = MIGRATIONS[0][1]


def check_file(path: Path) -> None:
    """Refuse a folder and a non-empty file that does not start as a SQLite file does."""
    if path.is_dir():
        msg = f"{str(path)!r} is a folder; give the path of a database file"
        raise StorageError(msg)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return
    except OSError as exc:
        msg = f"cannot read database {str(path)!r}: {exc.strerror or exc}"
        raise StorageError(msg) from exc
    if head and head != SQLITE_MAGIC:
        msg = f"{str(path)!r} is not a SQLite database; refusing to touch it"
        raise ForeignDatabaseError(msg)


def writable(path: Path) -> bool:
    """Can SQLite write ``path``: the file (when it exists) and its folder, where the journal lives?"""
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK)


def connect_readonly(path: Path, timeout: float) -> sqlite3.Connection:
    """A read-only connection to ``path``: ``mode=ro``, or ``immutable=1`` when even that needs to write
    (a WAL database in a read-only folder without its ``-shm`` file)."""
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for query in ("mode=ro", "mode=ro&immutable=1"):
        db = sqlite3.connect(f"{uri}?{query}", uri=True, timeout=timeout, isolation_level=None,
                             check_same_thread=False)
        try:
            db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as exc:
            db.close()
            last = exc
            continue
        return db
    assert last is not None
    raise last


def _tables(db: sqlite3.Connection) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                                     " ORDER BY name")]


def schema_version(db: sqlite3.Connection, path: Path, known: int) -> int:
    """The schema version of a geotrack database (0 when empty); refuses another program's file and a
    version newer than ``known`` with :class:`~geotrack.errors.ForeignDatabaseError`. Reads only."""
    for _ in range(10):  # one consistent view: another process may be creating the schema right now
        tables = _tables(db)
        user_version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if _tables(db) == tables:
            break
    if "migrations" in tables:
        rows = db.execute("SELECT id, name FROM migrations ORDER BY id").fetchall()
        ours = not rows or (int(rows[0][0]) == 1 and rows[0][1] == FIRST_MIGRATION)
        if ours and (rows or tables == ["migrations"]):
            version = max([int(r[0]) for r in rows] + [user_version])
            if version > known:
                msg = (f"database {str(path)!r} has schema version {version}; this geotrack knows up to {known}:"
                       " upgrade geotrack")
                raise ForeignDatabaseError(msg)
            return version
    elif not tables and not user_version:
        return 0
    shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
    msg = (f"{str(path)!r} is a SQLite database of another program (tables: {shown or 'none'}), not a geotrack database;"
           " will not use it: give the path of a geotrack database or of a new file")
    raise ForeignDatabaseError(msg)


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent if str(path.parent) else ".").free < NEARLY_FULL
    except OSError:
        return False


def storage_error(exc: sqlite3.Error, path: Path, doing: str = "write to") -> StorageError | None:
    """The :class:`~geotrack.errors.StorageError` for a SQLite error that is the file's or the disk's
    fault (full, read-only, I/O, locked, corrupt), or ``None`` for one that is a bug."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    where = str(path)
    if primary == SQLITE_FULL or "database or disk is full" in text or (primary == SQLITE_IOERR and _nearly_full(path)):
        return DiskFullError(f"the disk holding {where} is full")
    if primary == SQLITE_READONLY or "readonly database" in text:
        return ReadOnlyStoreError(f"database {where!r} is read-only: geotrack cannot {doing} it; make the file and"
                                  " its folder writable")
    if primary in (SQLITE_NOTADB, SQLITE_CORRUPT):
        return ForeignDatabaseError(f"cannot {doing} database {where!r}: {text}")
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_BUSY, SQLITE_LOCKED):
        return StorageError(f"cannot {doing} database {where!r}: {text}")
    return None


__all__ = ["FIRST_MIGRATION", "SQLITE_MAGIC", "check_file", "connect_readonly", "schema_version", "storage_error",
           "writable"]
