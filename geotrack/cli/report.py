"""``geotrack report`` (the monitoring report) and ``geotrack demo`` (sample corpus → every output)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from geotrack.change_rules import ChangeRules
from geotrack.cli.filters import (
    ActorOption,
    DbOption,
    KindOption,
    MinConfidenceOption,
    ReviewedOption,
    SinceOption,
    SiteOption,
    SourceOption,
    StatusOption,
    UntilOption,
    build_filter,
    keep_reviewed,
    open_store,
)

#: The defaults shown in --help: those of the library, in one place.
_RULES = ChangeRules()


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"


def report_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="report.html or report.md (format by suffix).")],
    period: Annotated[Period, typer.Option("--period", help="Length of a period: the latest is compared with the ones before it.")] = Period.month,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    site: SiteOption = None,
    kind: KindOption = None,
    actor: ActorOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    reviewed: ReviewedOption = False,
    status: StatusOption = None,
    title: Annotated[str, typer.Option("--title", help="Title of the report.")] = "geotrack monitoring report",
    baseline_periods: Annotated[int, typer.Option(
        "--baseline-periods", min=1, metavar="N",
        help="Baseline: a site's mean documents per period over the N periods before the current one.",
    )] = _RULES.baseline_periods,
    surge_ratio: Annotated[float, typer.Option(
        "--surge-ratio", min=1.0, metavar="X", help="A surge has at least X times the baseline's documents.",
    )] = _RULES.surge_ratio,
    surge_min_documents: Annotated[int, typer.Option(
        "--surge-min-documents", min=1, metavar="N", help="A surge has at least N documents in the period.",
    )] = _RULES.surge_min_documents,
    surge_min_sources: Annotated[int, typer.Option(
        "--surge-min-sources", min=2, metavar="N",
        help="A surge is reported by at least N independent sources (2 or more: one outlet is no surge).",
    )] = _RULES.surge_min_sources,
    quiet_min_baseline: Annotated[float, typer.Option(
        "--quiet-min-baseline", min=0.0, metavar="X",
        help="A site has gone quiet when no document names it in the period against a baseline of at least X.",
    )] = _RULES.quiet_min_baseline,
) -> None:
    """Write the monitoring report: what changed in the latest period (or the one holding --until), tables
    per site, per actor and per source, new sites, surges, possible new sites (candidates), approximate
    positions, a timeline, the map and the evidence.

    Changes are counted in documents and independent sources, never in mentions: one article naming a
    site eight times is one document from one source. Each site's documents in the period are compared
    with its baseline (the mean of the periods before it); the thresholds are the options below."""
    from geotrack.candidates import summarise
    from geotrack.documents import relative_positions, stored_documents
    from geotrack.gazetteer import default_gazetteer
    from geotrack.outputs.report import write_report
    from geotrack.store import MentionFilter

    if quiet_min_baseline <= 0:
        raise typer.BadParameter("give a number of documents per period above 0, e.g. 0.5",
                                 param_hint="'--quiet-min-baseline'")
    rules = ChangeRules(baseline_periods=baseline_periods, surge_ratio=surge_ratio,
                        surge_min_documents=surge_min_documents, surge_min_sources=surge_min_sources,
                        quiet_min_baseline=quiet_min_baseline)
    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind, actors=actor,
                       min_confidence=min_confidence)
    with open_store(db, flt) as store:
        frame = keep_reviewed(store, store.mentions_frame(flt), reviewed, status)
        relative = relative_positions(store, flt, frame)
        # grouped by place, with the known site each probably spells; names added since are not "new"
        candidates = summarise(store.candidates_frame(flt), default_gazetteer())
        counts = store.counts()
        documents = stored_documents(store, flt)
    if frame.empty:
        typer.echo(f"warning: no mentions match ({flt.describe()}); writing an empty report", err=True)
    path = write_report(frame, output, period=period.value, since=flt.since, until=flt.until,
                        filters_text=flt.describe(), title=title, relative=relative, candidates=candidates,
                        rules=rules, counts=counts, documents=documents, filtered=flt != MentionFilter())
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
