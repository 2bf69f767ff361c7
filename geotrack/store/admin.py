"""Whole-store administration, the same on both backends: :func:`check` (schema version, counts, integrity)
and :func:`copy` (every table of one store into an empty other: a SQLite file to the team's PostgreSQL
server and back).

Both read the schema from the database itself (tables, columns, foreign keys), so tables added by later
migrations (monitoring, review ...) are checked and copied without a change here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geotrack.errors import StorageError
from geotrack.store.migrations import MIGRATIONS, is_postgres

if TYPE_CHECKING:
    from geotrack.store import Store

log = logging.getLogger("geotrack.store.admin")

#: Tables that are not geotrack's data: the migrations' own record and PostGIS's reference table.
_NOT_DATA = frozenset({"migrations", "spatial_ref_sys", "sqlite_sequence", "sqlite_stat1"})
#: Rows read and written per round of :func:`copy`.
COPY_BATCH = 5000


# -- the schema, read from the database ------------------------------------------------------------------
@dataclass(frozen=True)
class ForeignKey:
    table: str
    column: str
    parent: str
    parent_column: str


def tables(db: Any) -> list[str]:
    """geotrack's data tables (not views), by name."""
    if is_postgres(db):
        rows = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    else:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    return [str(r[0]) for r in rows if str(r[0]) not in _NOT_DATA]


def columns(db: Any, table: str) -> list[str]:
    """The columns of ``table`` that hold data (PostGIS's generated geometry columns are derived)."""
    if is_postgres(db):
        rows = db.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                          " AND table_name = ? AND is_generated = 'NEVER' ORDER BY ordinal_position", (table,))
        return [str(r[0]) for r in rows]
    return [str(r[1]) for r in db.execute(f'PRAGMA table_xinfo("{table}")') if r[6] == 0]


def foreign_keys(db: Any) -> list[ForeignKey]:
    if is_postgres(db):
        rows = db.execute(
            "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, af.attname"
            " FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
            " JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]"
            " WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace ORDER BY 1, 2")
        return [ForeignKey(*(str(v) for v in r)) for r in rows]
    out: list[ForeignKey] = []
    for table in tables(db):
        for r in db.execute(f'PRAGMA foreign_key_list("{table}")'):
            out.append(ForeignKey(table, str(r[3]), str(r[2]), str(r[4] or "id")))
    return out


def _in_dependency_order(names: Sequence[str], fks: Sequence[ForeignKey]) -> list[str]:
    """Parents before children (a table referring to itself is ordered by its rows, see :func:`copy`)."""
    parents = {t: {fk.parent for fk in fks if fk.table == t and fk.parent != t and fk.parent in names} for t in names}
    done: list[str] = []
    while len(done) < len(names):
        ready = [t for t in names if t not in done and parents[t] <= set(done)]
        if not ready:  # a cycle between tables: keep the remaining ones in name order
            ready = [t for t in names if t not in done]
        done.extend(sorted(ready))
    return done


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- check -----------------------------------------------------------------------------------------------
@dataclass
class CheckReport:
    """What ``geotrack db check`` reports: ``problems`` empty means the store is sound."""

    backend: str
    location: str
    schema_version: int
    code_version: int
    postgis: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {"backend": self.backend, "location": self.location, "schema_version": self.schema_version,
                "code_version": self.code_version, "postgis": self.postgis, "counts": self.counts,
                "problems": self.problems, "ok": self.ok}


def check(store: Store) -> CheckReport:
    """Schema version, row counts of every table, and integrity: the migrations all applied, every
    foreign key pointing at a row, no document stored twice, (SQLite) the file's own integrity check,
    (PostGIS) every point geometry in step with its latitude and longitude."""
    db = store.db
    applied = [int(r[0]) for r in db.execute("SELECT id FROM migrations ORDER BY id")]
    code = MIGRATIONS[-1][0]
    report = CheckReport(store.backend, store.location, max(applied, default=0), code)
    if applied != list(range(1, len(applied) + 1)):
        report.problems.append(f"migrations applied out of order or with gaps: {applied}")
    if report.schema_version < code:
        report.problems.append(f"schema version {report.schema_version} is older than this geotrack's ({code})")
    names = tables(db)
    for table in names:
        report.counts[table] = int(db.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0])
    if is_postgres(db):
        row = db.execute("SELECT extversion FROM pg_extension WHERE extname = 'postgis'").fetchone()
        report.postgis = str(row[0]) if row else ""
        for table in names:
            if "geom" in [str(r[0]) for r in db.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                    " AND table_name = ?", (table,))]:
                bad = int(db.execute(f"SELECT COUNT(*) FROM {_quote(table)} WHERE geom IS NULL"
                                     " OR abs(ST_X(geom) - lon) > 1e-9 OR abs(ST_Y(geom) - lat) > 1e-9").fetchone()[0])
                if bad:
                    report.problems.append(f"{table}: {bad} row(s) whose geometry is not at their lat/lon")
    else:
        result = [str(r[0]) for r in db.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            report.problems.extend(f"SQLite integrity check: {line}" for line in result[:20])
    for fk in foreign_keys(db):
        orphans = int(db.execute(
            f"SELECT COUNT(*) FROM {_quote(fk.table)} c WHERE c.{_quote(fk.column)} IS NOT NULL AND NOT EXISTS"
            f" (SELECT 1 FROM {_quote(fk.parent)} p WHERE p.{_quote(fk.parent_column)} = c.{_quote(fk.column)})"
        ).fetchone()[0])
        if orphans:
            report.problems.append(f"{fk.table}.{fk.column}: {orphans} row(s) point at no {fk.parent} row")
    dups = int(db.execute("SELECT COUNT(*) FROM (SELECT source_id, content_hash FROM documents"
                          " GROUP BY source_id, content_hash HAVING COUNT(*) > 1) x").fetchone()[0])
    if dups:
        report.problems.append(f"documents: {dups} text(s) stored twice for the same source")
    return report


# -- copy ------------------------------------------------------------------------------------------------
def _rows(db: Any, sql: str) -> Iterator[list[Any]]:
    cur = db.execute(sql)
    while True:
        chunk = cur.fetchmany(COPY_BATCH)
        if not chunk:
            return
        yield [tuple(r) for r in chunk]


def copy(source: Store, target: Store, progress: Callable[[str, int, int], None] | None = None) -> dict[str, int]:
    """Copy every table of ``source`` into ``target`` (both at the latest schema), ids kept, in ONE
    transaction on the target: all of it, or nothing. The target must hold no data (only a gazetteer
    snapshot, which is replaced). ``progress(table, rows done, rows in table)`` is called as rows go.
    Returns the rows copied per table."""
    from geotrack.store import _bulk_insert

    src, dst = source.db, target.db
    names = tables(src)
    missing = sorted(set(names) - set(tables(dst)))
    if missing:
        msg = f"{target.location} has no table {', '.join(missing)}: it is older than {source.location}"
        raise StorageError(msg)
    held = {t: int(dst.execute(f"SELECT COUNT(*) FROM {_quote(t)}").fetchone()[0]) for t in names}
    busy = {t: n for t, n in held.items() if n and t not in ("sites", "gazetteer_versions")}
    if busy:
        summary = ", ".join(f"{n} {t}" for t, n in sorted(busy.items()))
        msg = f"{target.location} already holds data ({summary}): db copy fills an empty store only"
        raise StorageError(msg)
    order = _in_dependency_order(names, foreign_keys(src))
    copied: dict[str, int] = {}
    with target.transaction() as db:
        for table in reversed(order):
            if held[table]:
                db.execute(f"DELETE FROM {_quote(table)}")
        for table in order:
            cols = [c for c in columns(src, table) if c in set(columns(dst, table))]
            total = int(src.execute(f"SELECT COUNT(*) FROM {_quote(table)}").fetchone()[0])
            done = 0
            select = f"SELECT {', '.join(_quote(c) for c in cols)} FROM {_quote(table)} ORDER BY 1"
            for chunk in _rows(src, select):
                _bulk_insert(db, table, cols, chunk)
                done += len(chunk)
                if progress is not None:
                    progress(table, done, total)
            copied[table] = done
            log.debug("copied %d rows of %s", done, table)
        if is_postgres(db):  # identity keys continue after the copied ids
            for table, column in db.execute(
                    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema ="
                    " current_schema() AND is_identity = 'YES'").fetchall():
                if copied.get(str(table)):
                    db.execute(f"SELECT setval(pg_get_serial_sequence(?, ?), (SELECT MAX({_quote(column)})"
                               f" FROM {_quote(table)}))", (str(table), str(column)))
    return copied


__all__ = ["COPY_BATCH", "CheckReport", "ForeignKey", "check", "columns", "copy", "foreign_keys", "tables"]
