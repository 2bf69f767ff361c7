"""``geotrack batch``: ingest files and folders through a Dask cluster (local, or a running scheduler)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geotrack.cli._common import OutputFormat, err_console, print_json, print_table
from geotrack.cli.filters import DbOption, db_path
from geotrack.cli.ingest import _fields
from geotrack.readers import FORMATS

if TYPE_CHECKING:
    from geotrack.batch import BatchProgress, BatchSummary


@contextmanager
def _progress(enabled: bool, quiet: bool) -> Iterator[object]:
    """A rich bar: shards done of all, documents analysed and per second, failures, time left; the Dask
    dashboard's address once (unless ``quiet``)."""
    shown: list[str] = []

    def note_dashboard(p: BatchProgress) -> None:
        if p.dashboard and not shown and not quiet:
            shown.append(p.dashboard)
            err_console.print(f"Dask dashboard: {p.dashboard}")

    if not enabled:
        yield note_dashboard
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    start = time.perf_counter()
    with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("shards"),
             TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("starting the cluster", total=None)

        def update(p: BatchProgress) -> None:
            note_dashboard(p)
            rate = p.documents / max(time.perf_counter() - start, 1e-9)
            bar.update(task, completed=p.shards_done, total=p.shards_total,
                       description=f"{p.documents} documents ({rate:,.0f}/s), {p.failures} failed, {p.loaded} shards stored")

        yield update


def _print_summary(s: BatchSummary) -> None:
    print_table(f"{s.shards} shard(s) ({s.skipped} finished earlier), {s.failed} failed, {s.seconds:.1f} s"
                f" ({s.read / max(s.seconds, 1e-9):,.0f} documents/s)",
                ["read", "new", "duplicates", "syndicated", "mentions"],
                [[s.read, s.new, s.duplicates, s.syndicated, s.mentions]])


def batch_command(
    paths: Annotated[list[str], typer.Argument(help="Files and folders (walked recursively): JSONL, WARC, Parquet, CSV, HTML, text ...")],
    shards: Annotated[Path, typer.Option("--shards", help="Folder for the shards' Parquet files (on a multi-machine cluster: a path every worker sees). Run again with the same folder to resume: finished shards are skipped.")],
    db: DbOption = None,
    address: Annotated[str | None, typer.Option("--address", "--dask", help="A running Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster).")] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes of the local cluster (default: one per core).")] = None,
    shard_mb: Annotated[float, typer.Option("--shard-mb", min=0.001, help="Cut JSON Lines files larger than this many MB into shards of about this size.")] = 64.0,
    source: Annotated[str | None, typer.Option("--source", help="Outlet name for every document (overrides their metadata).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"Input format: {', '.join(sorted(FORMATS))} (default: by extension).")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", metavar="NAME=COLUMN", help="Read a JSON/CSV field from this column, as for ingest (repeatable).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="Publication date for every document (YYYY-MM-DD).")] = None,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file (default: the shipped one; every worker needs the same).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, dashboard address or summary table (problems still go to stderr).")] = False,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", help="Summary format.")] = OutputFormat.table,
) -> None:
    """Ingest archives on a Dask cluster: shards analysed in parallel into Parquet files, then stored in
    input order (the store ends as one 'ingest' of the same inputs leaves it); exit 1 if anything failed."""
    from geotrack.batch import run_batch
    from geotrack.store import Store

    fields = _fields(field or [])
    with Store.open(db_path(db)) as store, _progress(err_console.is_terminal and not quiet, quiet) as progress:
        summary = run_batch(paths, shards, store, address=address, workers=workers, gazetteer=gazetteer,
                            source=source, date=date_, fmt=fmt, fields=fields, shard_bytes=int(shard_mb * 1e6),
                            progress=progress)  # type: ignore[arg-type]
    for problem in summary.problems:
        typer.echo(f"failed: {problem}", err=True)
    for index, error in summary.failed_shards:
        typer.echo(f"failed: shard {index}: {error} (run the same command again to retry it)", err=True)
    if output_format is OutputFormat.json:
        print_json(summary.to_dict())
    elif not quiet:
        _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)
