"""``geotrack map`` and ``geotrack export``: the stored mentions as an interactive map or a GIS file."""

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
from geotrack.documents import relative_positions
from geotrack.outputs.formats import FORMATS, format_for_path

ExportFormat = Enum("ExportFormat", {name: name for name in FORMATS}, type=str)  # type: ignore[misc]


class ExportBy(str, Enum):
    site = "site"
    mention = "mention"
    relative = "relative"


def map_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write, e.g. map.html.")],
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
    title: Annotated[str | None, typer.Option("--title", help="Title shown on the map.")] = None,
    max_detail: Annotated[
        int, typer.Option("--max-detail", min=0, max=50, help="Evidence snippets per site popup.")
    ] = 5,
) -> None:
    """Write an interactive map (folium HTML): one marker per site, layers per source, heat map, time slider,
    and approximate (relative) positions as dashed circles."""
    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind, actors=actor,
                       min_confidence=min_confidence)
    with open_store(db, flt) as store:
        frame = keep_reviewed(store, store.mentions_frame(flt), reviewed, status)
        relative = relative_positions(store, flt, frame)
    if frame.empty:
        typer.echo(f"warning: no mentions match ({flt.describe()}); writing an empty map", err=True)
    from geotrack.outputs.map import write_map

    path = write_map(frame, output, title=title, filters_text=flt.describe(), max_detail=max_detail,
                     relative=relative)
    sites = frame["site_id"].nunique() if len(frame) else 0
    n = len(relative)
    typer.echo(f"wrote {path}: {sites} sites, {len(frame)} mentions, {n} approximate position{'s' if n != 1 else ''}")


def export_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write, e.g. sites.geojson.")],
    fmt: Annotated[ExportFormat | None, typer.Option(
        "--format", "-f", help="Output format (default: from the suffix of --output: .geojson/.json, .gpkg, .csv, "
                               ".parquet, .kml, .kmz).")] = None,
    by: Annotated[ExportBy, typer.Option(
        "--by", help="One row per site, per mention, or per relative position (the point is the centre of an "
                     "uncertainty circle of radius_km).")] = ExportBy.site,
    circles: Annotated[bool, typer.Option(
        "--circles", help="With --by relative: draw each position as the geodesic circle of radius_km (a polygon) "
                          "instead of its centre point.")] = False,
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
) -> None:
    """Export the stored mentions by site or by mention, or the relative positions, as GeoJSON, GeoPackage,
    CSV, GeoParquet, or KML/KMZ (a time stamp per mention, a time span per site: Google Earth's time
    slider plays them). Text cells of a CSV that start with = + - @ (formula characters) get a leading
    single quote, so that a spreadsheet never runs them."""
    name = format_for_path(output, fmt.value if fmt is not None else None)  # before reading the store
    if circles and by is not ExportBy.relative:
        typer.echo(f"Error: --circles draws relative positions; add --by relative (not --by {by.value})", err=True)
        raise typer.Exit(1)
    from geotrack.outputs.export import export

    flt = build_filter(since=since, until=until, source=source, site=site, kind=kind, actors=actor,
                       min_confidence=min_confidence)
    with open_store(db, flt) as store:
        frame = keep_reviewed(store, store.mentions_frame(flt), reviewed, status)
        relative = relative_positions(store, flt, frame) if by is ExportBy.relative else None
    if by is ExportBy.relative:
        rows = len(relative) if relative is not None else 0
        if not rows:
            typer.echo(f"warning: no relative positions match ({flt.describe()}); writing an empty {name} "
                       "file", err=True)
        path = export(frame, output, name, by=by.value, relative=relative, circles=circles)
        shape = ", as circles" if circles else ""
        typer.echo(f"wrote {path}: {rows} relative position{'s' if rows != 1 else ''} ({name}{shape})")
        return
    if frame.empty:
        typer.echo(f"warning: no mentions match ({flt.describe()}); writing an empty {name} file", err=True)
    path = export(frame, output, name, by=by.value)
    rows = (frame["site_id"].nunique() if by is ExportBy.site else len(frame)) if len(frame) else 0
    typer.echo(f"wrote {path}: {rows} {by.value}{'s' if rows != 1 else ''} ({name})")


__all__ = ["export_command", "map_command"]
