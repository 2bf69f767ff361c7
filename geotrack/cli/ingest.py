"""``geotrack ingest``, ``reextract``, ``mentions`` and ``sources``: fill the store and show what it holds.

Option names: ``--format``/``-f`` is the INPUT format for ``ingest`` (as in the issue) and the output
format for ``mentions`` and ``sources``, which read no input; ``ingest`` prints its summary as a table
or, with ``--output-format json`` (``-o json``), as JSON.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, err_console, print_json, print_table
from geotrack.cli.filters import ActorOption, resolve_actors
from geotrack.errors import InputError
from geotrack.gazetteer import Gazetteer
from geotrack.ingest import IngestSummary, Progress, ProgressCallback, ingest, reextract
from geotrack.readers import FORMATS
from geotrack.settings import get_settings
from geotrack.store import MentionFilter, Store

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="SQLite database file (default: $GEOTRACK_DB, else ./geotrack.db)."),
]


class MentionsFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _db(db: Path | None) -> Path:
    return db if db is not None else get_settings().db_path


def _fields(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not name.strip() or not column.strip():
            msg = f"--field {value!r} is not NAME=COLUMN; e.g. --field text=body"
            raise InputError(msg)
        out[name.strip()] = column.strip()
    return out


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"{option} {value!r} is not a date; use YYYY-MM-DD"
        raise InputError(msg) from None


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    with Bar(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
             console=err_console, transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def update(p: Progress) -> None:
            bar.update(task, completed=p.inputs_done, total=p.inputs_total,
                       description=f"{p.documents} documents")

        yield update


def _print_summary(summary: IngestSummary) -> None:
    rows = [[name, c.read, c.new, c.duplicates, c.syndicated, c.mentions] for name, c in summary.per_source.items()]
    rows.append(["total", summary.read, summary.new, summary.duplicates, summary.syndicated, summary.mentions])
    extra = f", {summary.not_modified} not modified" if summary.not_modified else ""
    extra += f"; {summary.candidates} candidate name(s), {summary.relative} relative position(s)"
    print_table(f"{summary.inputs} input(s), {summary.failed} failed{extra}",
                ["source", "read", "new", "duplicates", "syndicated", "mentions"], rows)


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (walked recursively), feed or page URLs, or - for stdin.")],
    db: DbOption = None,
    source: Annotated[str | None, typer.Option("--source", help="Outlet name for every document (overrides their metadata).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"Input format: {', '.join(sorted(FORMATS))} (default: by extension, else sniffed).")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="Rename a JSON/CSV field: NAME=COLUMN, e.g. text=body (repeatable).")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="Publication date for every document (YYYY-MM-DD; overrides their metadata).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails; nothing of it is stored.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary table (problems still go to stderr).")] = False,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", "-o", help="Summary format.")] = OutputFormat.table,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file (default: the shipped one).")] = None,
) -> None:
    """Read articles, extract the sites they mention and store both; exit 1 if any input failed."""
    fields = _fields(field or [])
    gaz = Gazetteer.load(gazetteer) if gazetteer else None
    with Store.open(_db(db)) as store, _progress_bar(err_console.is_terminal and not quiet) as progress:
        summary = ingest(paths, store, source=source, fmt=fmt, date=date_, strict=strict, gazetteer=gaz,
                         progress=progress, fields=fields)
    for problem in summary.problems:
        typer.echo(f"failed: {problem}", err=True)
    if output_format is OutputFormat.json:
        print_json(summary.to_dict())
    elif not quiet:
        _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)


def reextract_command(
    db: DbOption = None,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file (default: the shipped one).")] = None,
) -> None:
    """Re-run extraction over every stored document (after a gazetteer change, 'gazetteer add' say),
    replacing all mentions, foreign places, candidates and relative positions in one transaction."""
    gaz = Gazetteer.load(gazetteer) if gazetteer else None
    with Store.open(_db(db), create=False) as store:
        counts = reextract(store, gaz)
    typer.echo(f"re-extracted {counts.documents} document(s): {counts.mentions} mention(s),"
               f" {counts.candidates} candidate name(s), {counts.relative} relative position(s),"
               f" {counts.places} foreign place name(s)")


def mentions_command(
    db: DbOption = None,
    site: Annotated[list[str] | None, typer.Option("--site", help="Only this site id (repeatable).")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", help="Only this source (repeatable).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Published on or before YYYY-MM-DD.")] = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop mentions below this confidence.")] = 0.0,
    actor: ActorOption = None,
    fmt: Annotated[MentionsFormat, typer.Option("--format", "-f", help="Output format.")] = MentionsFormat.table,
) -> None:
    """Show the stored mentions, filtered by site, source, actor and publication date."""
    flt = MentionFilter(sites=tuple(site or ()), sources=tuple(source or ()), since=_date(since, "--since"),
                        until=_date(until, "--until"), min_confidence=min_confidence,
                        actors=resolve_actors(actor or []))
    with Store.open(_db(db), create=False) as store:
        frame = store.mentions_frame(flt)
    columns = ["published", "source", "site_id", "surface", "confidence", "rule", "document_id", "start", "end",
               "url", "sentence"]
    records = []
    for row in frame.itertuples(index=False):
        published = row.published.isoformat() if not _isnat(row.published) else ""
        records.append({"published": published, "source": row.source, "site_id": row.site_id, "site_name": row.site_name,
                        "surface": row.surface, "confidence": float(row.confidence), "rule": row.rule,
                        "document_id": int(row.document_id), "start": int(row.start), "end": int(row.end),
                        "url": row.url, "title": row.title, "lang": row.lang, "syndicated": bool(row.syndicated),
                        "actors": list(row.actors), "activities": list(row.activities),
                        "actors_paragraph": list(row.actors_paragraph), "sentence": row.sentence})
    if fmt is MentionsFormat.json:
        print_json(records)
    elif fmt is MentionsFormat.csv:
        from geotrack.outputs.escape import csv_cell

        writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]) if records else columns, lineterminator="\r\n")  # RFC 4180: a cell with a carriage return is quoted
        writer.writeheader()
        for rec in records:  # csv_cell: no cell a spreadsheet would run as a formula (OWASP)
            writer.writerow({k: csv_cell(v) for k, v in {
                **rec, "actors": "|".join(rec["actors"]), "activities": "|".join(rec["activities"]),
                "actors_paragraph": "|".join(rec["actors_paragraph"])}.items()})
    else:
        print_table(f"{len(records)} mention(s) ({flt.describe()})",
                    ["published", "source", "site", "surface", "conf", "actors", "activities", "doc"],
                    [[r["published"][:10], r["source"], r["site_id"], r["surface"], f"{r['confidence']:.2f}",
                      _actors_cell(r["actors"], r["actors_paragraph"]), ", ".join(r["activities"]),
                      r["document_id"]] for r in records])


def _actors_cell(sentence: list[str], paragraph: list[str]) -> str:
    """Actors of the sentence, then those only in the paragraph in brackets: ``russia (wagner)``."""
    rest = [a for a in paragraph if a not in sentence]
    return ", ".join(sentence) + (f" ({', '.join(rest)})" if rest else "")


def _isnat(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def _text(value: object) -> str:
    """A frame cell as text: ``""`` for NULL / NaN."""
    return "" if value is None or _isnat(value) else str(value)


def sources_command(
    db: DbOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """Show the stored sources with their documents, syndicated copies, mentions and dates."""
    with Store.open(_db(db), create=False) as store:
        frame = store.sources_frame()
    records = [
        {"source": r.source, "domain": r.domain, "documents": int(r.documents), "syndicated": int(r.syndicated),
         "mentions": int(r.mentions), "first_published": _text(r.first_published),
         "last_published": _text(r.last_published)}
        for r in frame.itertuples(index=False)
    ]
    if fmt is OutputFormat.json:
        print_json(records)
        return
    print_table(f"{len(records)} source(s)", ["source", "domain", "documents", "syndicated", "mentions", "first", "last"],
                [[r["source"], r["domain"], r["documents"], r["syndicated"], r["mentions"], r["first_published"][:10],
                  r["last_published"][:10]] for r in records])
