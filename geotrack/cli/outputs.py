"""``geotrack map`` and ``geotrack export``: the stored mentions as an interactive map or a GIS file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli.filters import (
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
from geotrack.outputs.export import FORMATS, export
from geotrack.outputs.map import write_map

ExportFormat = Enum("ExportFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class ExportBy(str, Enum):
    site = "site"
    mention = "mention"


def map_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write, e.g. map.html.")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    site: SiteOption = None,
    kind: KindOption = None,
    min_confidence: MinConfidenceOption = 0.0,
    title: Annotated[str | None, typer.Option("--title", help="Title shown on the map.")] = None,
    max_detail: Annotated[
        int, typer.Option("--max-detail", min=0, max=50, help="Evidence snippets per site popup.")
    ] = 5,
) -> None:
    """Write an interactive map (folium HTML): one marker per site, layers per source, heat map, time slider."""
    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind,
                       min_confidence=min_confidence)
    with open_store(db) as store:
        frame = store.mentions_frame(flt)
    if frame.empty:
        typer.echo(f"warning: no mentions match ({flt.describe()}); writing an empty map", err=True)
    path = write_map(frame, output, title=title, filters_text=flt.describe(), max_detail=max_detail)
    sites = frame["site_id"].nunique() if len(frame) else 0
    typer.echo(f"wrote {path}: {sites} sites, {len(frame)} mentions")


def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write, e.g. sites.geojson.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
    by: Annotated[ExportBy, typer.Option("--by", help="One row per site, or per mention.")] = ExportBy.site,
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    site: SiteOption = None,
    kind: KindOption = None,
    min_confidence: MinConfidenceOption = 0.0,
) -> None:
    """Export the stored mentions by site or by mention as GeoJSON, GeoPackage, CSV or GeoParquet."""
    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind,
                       min_confidence=min_confidence)
    with open_store(db) as store:
        frame = store.mentions_frame(flt)
    if frame.empty:
        typer.echo(f"warning: no mentions match ({flt.describe()}); writing an empty {fmt.value} file", err=True)
    path = export(frame, output, fmt.value, by=by.value)
    rows = (frame["site_id"].nunique() if by is ExportBy.site else len(frame)) if len(frame) else 0
    typer.echo(f"wrote {path}: {rows} {by.value}{'s' if rows != 1 else ''} ({fmt.value})")


__all__ = ["export_command", "map_command"]
