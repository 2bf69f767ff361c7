"""``geotrack gazetteer``: list, show and validate the gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, new_app, print_json, print_table
from geotrack.gazetteer import Gazetteer

app = new_app("List, show and validate the gazetteer of Libyan sites.")

GazPath = Annotated[
    Path | None,
    typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file (default: the shipped one)."),
]


@app.command("list")
def list_sites(
    gazetteer: GazPath = None,
    layer: Annotated[str | None, typer.Option(help="Only this layer: curated, bulk or user.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind: airbase, airport, town ...")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """List the sites of the gazetteer."""
    sites = Gazetteer.load(gazetteer).sites(layer=layer, kind=kind)
    if fmt is OutputFormat.json:
        print_json([s.to_dict() for s in sites])
        return
    print_table(
        f"{len(sites)} sites",
        ["id", "kind", "layer", "English", "Arabic", "lat", "lon", "source"],
        [[s.id, s.kind, s.layer, s.name_en, s.name_ar, f"{s.lat:.4f}", f"{s.lon:.4f}", s.coord_source] for s in sites],
    )


@app.command("show")
def show_site(
    site_id: Annotated[str, typer.Argument(help="Site id, e.g. al-jufra.")],
    gazetteer: GazPath = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """Show one site with all its spellings, coordinates and their source."""
    site = Gazetteer.load(gazetteer).get(site_id)
    if fmt is OutputFormat.json:
        print_json(site.to_dict())
        return
    rows = [[k, ", ".join(v) if isinstance(v, tuple) else v] for k, v in site.to_dict().items()]
    print_table(site.id, ["field", "value"], rows)


@app.command("validate")
def validate(
    gazetteer: GazPath = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """Check ids, kinds, coordinates inside Libya, sources, and spellings claimed by two sites."""
    gaz = Gazetteer.load(gazetteer)
    problems = gaz.validate()
    if fmt is OutputFormat.json:
        print_json({"sites": len(gaz), "problems": [p.__dict__ for p in problems]})
    elif problems:
        for p in problems:
            typer.echo(str(p), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {len(gaz)} sites", err=True)
        raise typer.Exit(1)
    if fmt is OutputFormat.table:
        by_layer: dict[str, int] = {}
        for s in gaz:
            by_layer[s.layer] = by_layer.get(s.layer, 0) + 1
        layers = ", ".join(f"{n} {layer}" for layer, n in sorted(by_layer.items()))
        typer.echo(f"OK: {len(gaz)} sites ({layers}), version {gaz.version}")
