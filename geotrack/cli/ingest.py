"""``geotrack ingest``, ``reextract``, ``mentions`` and ``sources``: fill the store and show what it holds.

Option names: ``--format``/``-f`` is the INPUT format for ``ingest`` (as in the issue) and the output
format for ``mentions`` and ``sources``, which read no input; ``ingest`` prints its summary as a table
or, with ``--output-format json``, as JSON. ``-o`` means ``--output`` (a file) in the other commands, so
``ingest`` shows no ``-o`` in its help; the old ``-o json`` still works, unlisted. ``mentions`` takes the
shared filters of :mod:`geotrack.cli.filters` (``--site``, ``--source``, ``--kind``, ``--actor``,
``--since``, ``--until``, ``--min-confidence``), as ``map``, ``export`` and ``report`` do.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geotrack.cli._common import OutputFormat, err_console, print_json, print_table
from geotrack.cli.filters import (
    ActorOption,
    DbOption,
    KindOption,
    MinConfidenceOption,
    SinceOption,
    SiteOption,
    SourceOption,
    UntilOption,
    build_filter,
    db_path,
    open_store,
)
from geotrack.errors import InputError
from geotrack.gazetteer import Gazetteer
from geotrack.readers import FORMATS
from geotrack.readers.fields import field_name

if TYPE_CHECKING:  # the pipeline and the store (pandas) load when a command runs, not to show help
    from geotrack.pipeline import IngestSummary, MissingField, Progress, ProgressCallback


class MentionsFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


#: ``sources`` writes the same formats as ``mentions``.
SourcesFormat = MentionsFormat
#: Skipped files shown in the summary table at most (all of them are in the JSON summary).
SHOWN_SKIPPED = 10


WorkersOption = Annotated[int | None, typer.Option(
    "--workers", "-w", min=1, help="Analysis worker processes (default: one per core but one, left to reading and storing; 1 on two cores). The result and the order"
                                   " of stored documents are the same with any number.")]


def _workers(value: int | None) -> int:
    from geotrack.pipeline import default_workers

    return value if value is not None else default_workers()


def _fields(values: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        name, sep, column = value.partition("=")
        if not sep or not name.strip() or not column.strip():
            msg = f"--field {value!r} is not NAME=COLUMN; e.g. --field text=body"
            raise InputError(msg)
        try:
            out[field_name(name)] = column.strip()
        except InputError as exc:
            msg = f"--field {value!r}: {exc}"
            raise InputError(msg) from None
    return out


def _missing_notice(m: MissingField) -> str:
    """The once-per-input notice for documents stored without a date or a source, with the fix."""
    if m.field == "published":
        what, fix = "a publication date", "give one with --date YYYY-MM-DD, or name the field holding it with --field published=NAME"
    else:
        what, fix = "a source (stored as 'unknown')", "give one with --source NAME, or name the field holding it with --field source=NAME"
    return f"note: {m.path}: {m.count} of {m.stored} document(s) stored without {what}; {fix}"


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
    extra += f", {len(summary.skipped)} skipped" if summary.skipped else ""
    extra += (f"; {summary.candidate_names} candidate name(s) in {summary.candidates} occurrence(s),"
              f" {summary.relative} relative position(s)")
    print_table(f"{summary.inputs} input(s), {summary.failed} failed{extra}",
                ["source", "read", "new", "duplicates", "syndicated", "mentions"], rows)
    if summary.skipped:
        shown = summary.skipped[:SHOWN_SKIPPED]
        more = len(summary.skipped) - len(shown)
        print_table(f"{len(summary.skipped)} file(s) or folder(s) skipped, not read"
                    + (f" (first {len(shown)}; all in --output-format json)" if more else ""),
                    ["skipped", "why"], [[s.path, s.reason] for s in shown])


def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (walked recursively), feed or page URLs, or - for stdin.")],
    db: DbOption = None,
    source: Annotated[str | None, typer.Option("--source", help="Outlet name for every document (overrides their metadata).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help=f"Input format: {', '.join(sorted(FORMATS))} (default: by extension, else sniffed).")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", metavar="NAME=COLUMN", help="Read a JSON/CSV field from this column, e.g. text=body or published=Zeitstempel (repeatable). Without it the common names are found: date, pubDate, published_at, datePublished ...; source, outlet, publisher, site_name ...; title, headline; url, link; id, guid, _id ...")] = None,
    date_: Annotated[str | None, typer.Option("--date", help="Publication date for every document (YYYY-MM-DD; overrides their metadata).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first input that fails; nothing of it is stored.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, no summary table and no notes (problems still go to stderr).")] = False,
    output_format: Annotated[OutputFormat, typer.Option("--output-format", help="Summary format (json: with every skipped file and missing field).")] = OutputFormat.table,
    old_output_format: Annotated[OutputFormat | None, typer.Option("-o", hidden=True, help="Old spelling of --output-format.")] = None,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file (default: the shipped one).")] = None,
    same_host_redirects: Annotated[bool, typer.Option(
        "--same-host-redirects", help="Follow a URL's redirects only to the same host and port (redirects "
                                      "go only to http/https, at most 5 in a row, in any case).")] = False,
    workers: WorkersOption = None,
) -> None:
    """Read articles, extract the sites they mention and store both; exit 1 if any input failed."""
    fields = _fields(field or [])
    output_format = old_output_format or output_format
    gaz = Gazetteer.load(gazetteer) if gazetteer else None
    from geotrack.pipeline import ingest
    from geotrack.store import Store

    with Store.open(db_path(db)) as store, _progress_bar(err_console.is_terminal and not quiet) as progress:
        fetcher = None
        if same_host_redirects:
            from geotrack.http import Fetcher, StoreCache

            fetcher = Fetcher(cache=StoreCache(store), same_host_redirects_only=True)
        summary = ingest(paths, store, source=source, fmt=fmt, date=date_, strict=strict, gazetteer=gaz,
                         progress=progress, fields=fields, fetcher=fetcher, workers=_workers(workers))
    for problem in summary.problems:
        typer.echo(f"failed: {problem}", err=True)
    if not quiet:
        for missing in summary.missing:
            typer.echo(_missing_notice(missing), err=True)
    if output_format is OutputFormat.json:
        print_json(summary.to_dict())
    elif not quiet:
        _print_summary(summary)
    if not summary.ok:
        raise typer.Exit(1)


def reextract_command(
    db: DbOption = None,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file (default: the shipped one).")] = None,
    workers: WorkersOption = None,
) -> None:
    """Re-run extraction over every stored document (after a gazetteer change, 'gazetteer add' say),
    replacing all mentions, foreign places, candidates and relative positions in one transaction."""
    from geotrack.pipeline import reextract

    gaz = Gazetteer.load(gazetteer) if gazetteer else None
    with open_store(db) as store:
        counts = reextract(store, gaz, workers=_workers(workers))
    typer.echo(f"re-extracted {counts.documents} document(s): {counts.mentions} mention(s),"
               f" {counts.candidates} candidate name(s), {counts.relative} relative position(s),"
               f" {counts.places} foreign place name(s)")


def mentions_command(
    db: DbOption = None,
    site: SiteOption = None,
    source: SourceOption = None,
    kind: KindOption = None,
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    fmt: Annotated[MentionsFormat, typer.Option("--format", "-f", help="Output format.")] = MentionsFormat.table,
) -> None:
    """Show the stored mentions, filtered by site, source, kind, actor and publication date, each with the
    id its document came with (input_id: its JSON/CSV id, feed entry id, file path or URL)."""
    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind, actors=actor,
                       min_confidence=min_confidence)
    with open_store(db, flt) as store:
        frame = store.mentions_frame(flt)
    columns = ["published", "source", "site_id", "site_name", "surface", "confidence", "rule", "input_id",
               "document_id", "start", "end", "url", "title", "lang", "syndicated", "actors", "activities",
               "actors_paragraph", "sentence"]
    records = []
    for row in frame.itertuples(index=False):
        published = row.published.isoformat() if not _isnat(row.published) else ""
        records.append({"published": published, "source": row.source, "site_id": row.site_id, "site_name": row.site_name,
                        "surface": row.surface, "confidence": float(row.confidence), "rule": row.rule,
                        "input_id": _text(row.input_id),
                        "document_id": int(row.document_id), "start": int(row.start), "end": int(row.end),
                        "url": row.url, "title": row.title, "lang": row.lang, "syndicated": bool(row.syndicated),
                        "actors": list(row.actors), "activities": list(row.activities),
                        "actors_paragraph": list(row.actors_paragraph), "sentence": row.sentence})
    if fmt is MentionsFormat.json:
        print_json(records)
    elif fmt is MentionsFormat.csv:
        _write_csv([{**rec, "actors": "|".join(rec["actors"]), "activities": "|".join(rec["activities"]),
                     "actors_paragraph": "|".join(rec["actors_paragraph"])} for rec in records], columns)
    else:
        print_table(f"{len(records)} mention(s) ({flt.describe()})",
                    ["published", "source", "site", "surface", "conf", "actors", "activities", "input_id"],
                    [[r["published"][:10], r["source"], r["site_id"], r["surface"], f"{r['confidence']:.2f}",
                      _actors_cell(r["actors"], r["actors_paragraph"]), ", ".join(r["activities"]),
                      r["input_id"]] for r in records])


_SOURCE_COLUMNS = ("source", "domain", "documents", "syndicated", "mentions", "first_published", "last_published")


def _write_csv(records: list[dict[str, object]], columns: list[str]) -> None:
    """CSV on stdout, CRLF rows (RFC 4180), no cell a spreadsheet would run as a formula (OWASP)."""
    from geotrack.outputs.escape import csv_cell

    writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for rec in records:
        writer.writerow({k: csv_cell(v) for k, v in rec.items()})


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
    fmt: Annotated[SourcesFormat, typer.Option("--format", "-f", help="Output format.")] = SourcesFormat.table,
) -> None:
    """Show the stored sources with their documents, syndicated copies, mentions and dates."""
    with open_store(db) as store:
        frame = store.sources_frame()
    records = [
        {"source": r.source, "domain": r.domain, "documents": int(r.documents), "syndicated": int(r.syndicated),
         "mentions": int(r.mentions), "first_published": _text(r.first_published),
         "last_published": _text(r.last_published)}
        for r in frame.itertuples(index=False)
    ]
    if fmt is SourcesFormat.json:
        print_json(records)
        return
    if fmt is SourcesFormat.csv:
        _write_csv(records, list(_SOURCE_COLUMNS))
        return
    print_table(f"{len(records)} source(s)", ["source", "domain", "documents", "syndicated", "mentions", "first", "last"],
                [[r["source"], r["domain"], r["documents"], r["syndicated"], r["mentions"], r["first_published"][:10],
                  r["last_published"][:10]] for r in records])
