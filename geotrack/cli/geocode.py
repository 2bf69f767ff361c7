"""``geotrack geocode`` (a name → coordinates) and ``geotrack nearest`` (a point → sites by distance)."""

from __future__ import annotations

from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, cli_settings, print_json, print_table
from geotrack.cli.filters import DbOption

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]


def geocode_command(
    name: Annotated[str, typer.Argument(help="A site name in Arabic or English, e.g. 'Benina' or 'الجفرة'.")],
    online: Annotated[bool, typer.Option(
        "--online", help="Ask the online geocoder (cached, rate limited) when the gazetteer lacks the name.")] = False,
    provider: Annotated[str | None, typer.Option(
        "--provider", help="Online geocoder: nominatim, photon or arcgis (default: $GEOTRACK_GEOCODER).")] = None,
    db: DbOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Coordinates of a site: from the gazetteer, or with --online from an online geocoder (Libya only).

    --online needs GEOTRACK_USER_AGENT naming you; answers are cached in the database (--db)."""
    from geotrack.errors import GeocodingError
    from geotrack.geocode import geocode_name, location_record

    try:
        found = geocode_name(name, online=online, provider=provider, db=db, settings=cli_settings())
    except GeocodingError as exc:
        if exc.field != "name" or online:
            raise
        msg = f"{exc}; try --online or 'geotrack gazetteer list'"
        raise GeocodingError(msg, field=exc.field, value=exc.value) from None
    record = location_record(found)
    if fmt is OutputFormat.json:
        print_json(record)
        return
    print_table(None, ["id", "name", "lat", "lon", "kind", "source", "coord_source"],
                [[record["id"] or "", f"{record['name']} {record['name_ar']}".strip(), f"{record['lat']:.5f}",
                  f"{record['lon']:.5f}", record["kind"], record["source"], record["coord_source"]]])


def nearest_command(
    lat: Annotated[float, typer.Argument(help="Latitude in decimal degrees (WGS84).")],
    lon: Annotated[float, typer.Argument(help="Longitude in decimal degrees (WGS84).")],
    within: Annotated[float | None, typer.Option("--within", min=0.0, help="Only sites within KM kilometres.",
                                                 metavar="KM")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most N sites.")] = 10,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="Only sites of this kind, e.g. airbase, town (repeatable).")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Gazetteer sites nearest to a point, by geodesic distance (no network).

    Put -- before negative coordinates: geotrack nearest -- -1.5 30."""
    from geotrack.geocode import nearest

    found = nearest(lat, lon, within_km=within, limit=limit, kinds=kind or None)
    if fmt is OutputFormat.json:
        print_json([{"id": s.id, "name": s.name_en, "name_ar": s.name_ar, "kind": s.kind, "lat": s.lat,
                     "lon": s.lon, "distance_km": km} for s, km in found])
        return
    if not found:
        typer.echo(f"no site within {within:g} km of ({lat}, {lon})" if within is not None else "no site", err=True)
        return
    print_table(f"sites nearest to ({lat}, {lon})", ["id", "name", "kind", "lat", "lon", "km"],
                [[s.id, f"{s.name_en} {s.name_ar}", s.kind, f"{s.lat:.5f}", f"{s.lon:.5f}", f"{km:.2f}"]
                 for s, km in found])
