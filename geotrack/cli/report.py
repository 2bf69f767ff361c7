"""``geotrack report`` (the monitoring report) and ``geotrack demo`` (sample corpus → every output)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

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
    open_store,
)


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


def report_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="report.html or report.md (format by suffix).")],
    period: Annotated[Period, typer.Option("--period", help="Period compared with the one before it.")] = Period.month,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    site: SiteOption = None,
    kind: KindOption = None,
    actor: ActorOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    title: Annotated[str, typer.Option("--title", help="Title of the report.")] = "geotrack monitoring report",
) -> None:
    """Write the monitoring report: what changed in the latest period (or the one holding --until), tables
    per site, per actor and per source, new sites, surges, possible new sites (candidates), approximate
    positions, a timeline, the map and the evidence."""
    from geotrack.cli.outputs import load_relative
    from geotrack.gazetteer import default_gazetteer
    from geotrack.outputs.report import write_report

    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind, actors=actor,
                       min_confidence=min_confidence)
    with open_store(db) as store:
        frame = store.mentions_frame(flt)
        relative = load_relative(store, flt, frame)
        candidates = store.candidate_summary(flt, default_gazetteer())  # names added since are not "new"
    if frame.empty:
        typer.echo(f"warning: no mentions match ({flt.describe()}); writing an empty report", err=True)
    path = write_report(frame, output, period=period.value, since=flt.since, until=flt.until,
                        filters_text=flt.describe(), title=title, relative=relative, candidates=candidates)
    sites = frame["site_id"].nunique() if len(frame) else 0
    typer.echo(f"wrote {path}: {sites} sites, {len(frame)} mentions, by {period.value}")


def demo_command(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the demo store and outputs into.")] = Path(
        "geotrack-demo"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the paths written.")] = False,
) -> None:
    """Build a store from the shipped sample corpus and write the map, GeoJSON and reports into --out."""
    from geotrack.demo import run_demo

    def progress(message: str) -> None:
        typer.echo(message, err=True)

    result = run_demo(out, progress=None if quiet else progress)
    if quiet:
        for path in result.paths.values():
            typer.echo(str(path))
        return
    for line in result.summary_lines():
        typer.echo(line)
    typer.echo(f"open {result.paths['report (HTML)']} or {result.paths['map']} in a browser")


__all__ = ["demo_command", "report_command"]
