"""``geotrack db``: check a store (schema version, counts, integrity) and copy one store into another
(a SQLite file to the team's PostgreSQL + PostGIS server, and a snapshot back)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, err_console, new_app, print_json, print_table
from geotrack.cli.filters import DbOption, db_path

app = new_app("Check a geotrack store, or copy one into another (SQLite file <-> postgresql://...).")

Location = Annotated[str, typer.Argument(metavar="DB",
                                         help="A SQLite file or a postgresql://USER@HOST:PORT/DB URL.")]


@app.command("check")
def check_command(
    db: DbOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """Report the schema version, the rows of every table and integrity problems (exit 1 if any)."""
    from geotrack.store import Store, admin

    with Store.open(db_path(db), create=False) as store:
        report = admin.check(store)
    if fmt is OutputFormat.json:
        print_json(report.to_dict())
    else:
        postgis = f", PostGIS {report.postgis}" if report.postgis else ""
        print_table(f"{report.location} ({report.backend}{postgis}): schema version {report.schema_version}"
                    f" (this geotrack: {report.code_version})", ["table", "rows"],
                    [[t, n] for t, n in sorted(report.counts.items())])
        for problem in report.problems:
            typer.echo(f"problem: {problem}", err=True)
        if report.ok:
            typer.echo("integrity: ok")
    if not report.ok:
        raise typer.Exit(1)


@app.command("migrate")
def migrate_command(db: DbOption = None) -> None:
    """Create the store's schema, or bring it up to the latest version (on a team server: as the database's
    owner, before the ingest and analyst roles use it)."""
    from geotrack.store import SCHEMA_VERSION, Store

    with Store.open(db_path(db)) as store:
        where = store.location
    typer.echo(f"{where}: schema version {SCHEMA_VERSION}")


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        tasks: dict[str, object] = {}

        def update(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total)
            bar.update(tasks[table], completed=done)  # type: ignore[arg-type]

        yield update


@app.command("copy")
def copy_command(
    source: Location,
    target: Location,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary.")] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format of the summary.")] = OutputFormat.table,
) -> None:
    """Copy every table of the store SOURCE into the empty store TARGET, ids kept, in one transaction:
    a single analyst's SQLite file to the team server (postgresql://...), or a snapshot of the server
    into a new SQLite file. TARGET is created and brought to the latest schema; one holding data is refused."""
    from geotrack.store import Store, admin

    with Store.open(source, create=False) as src, Store.open(target) as dst, \
            _progress(err_console.is_terminal and not quiet) as progress:
        copied = admin.copy(src, dst, progress)
        where = (src.location, dst.location)
    if fmt is OutputFormat.json:
        print_json({"source": where[0], "target": where[1], "rows": copied})
    elif not quiet:
        print_table(f"copied {where[0]} into {where[1]}", ["table", "rows"],
                    [[t, n] for t, n in sorted(copied.items())])


__all__ = ["app"]
