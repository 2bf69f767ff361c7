"""``geotrack gazetteer``: list, show and validate the gazetteer; add a site to the user gazetteer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, cli_settings, new_app, print_json, print_table
from geotrack.cli.filters import DbOption, db_path, open_store
from geotrack.errors import GeocodingError, InputError
from geotrack.gazetteer import KINDS, Gazetteer, split_list

app = new_app("List, show and validate the gazetteer of Libyan sites; add sites to your user gazetteer.")

UserFile = Annotated[
    Path | None,
    typer.Option("--file", help="User gazetteer CSV to write to (default: $GEOTRACK_USER_GAZETTEER, "
                                "else ~/.config/geotrack/gazetteer.csv)."),
]
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
    """Show one site with its coordinates and their source, and every spelling it accepts: listed in the
    gazetteer, or generated from a listed one (with the context each needs)."""
    gaz = Gazetteer.load(gazetteer)
    site = gaz.get(site_id)
    if fmt is OutputFormat.json:
        print_json(site.to_dict())
        return
    rows = [[k, ", ".join(v) if isinstance(v, tuple) else v] for k, v in site.to_dict().items()]
    print_table(site.id, ["field", "value"], rows)
    spellings = [list(row) for row in gaz.accepted_spellings(site.id)]
    print_table(f"{site.id}: accepted spellings (normalised)", ["spelling", "context needed", "why", "from"],
                spellings)


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


@app.command("add")
def add_site(
    site_id: Annotated[str, typer.Argument(help="Id of the new site: a lowercase slug such as 'bir-zaltan'.")],
    kind: Annotated[str, typer.Option("--kind", help=f"One of: {', '.join(sorted(KINDS))}.")],
    name_en: Annotated[str | None, typer.Option("--name-en", help="English name (default: from --from-candidate).")] = None,
    name_ar: Annotated[str | None, typer.Option("--name-ar", help="Arabic name (default: from --from-candidate).")] = None,
    lat: Annotated[float | None, typer.Option("--lat", help="Latitude (WGS84); with --lon.")] = None,
    lon: Annotated[float | None, typer.Option("--lon", help="Longitude (WGS84); with --lat.")] = None,
    geocode: Annotated[bool, typer.Option("--geocode", help="Take the coordinates from the geocoder instead.")] = False,
    online: Annotated[bool, typer.Option(
        "--online", help="With --geocode: ask the online geocoder (cached in --db, rate limited).")] = False,
    variants: Annotated[str | None, typer.Option("--variants", help="More spellings, '|'-separated: \"a|b\".")] = None,
    from_candidate: Annotated[str | None, typer.Option(
        "--from-candidate", metavar="NAME_KEY",
        help="A name listed by 'geotrack candidates': its spellings become the names and variants.")] = None,
    db: DbOption = None,
    file: UserFile = None,
    parent: Annotated[str, typer.Option("--parent", help="Id of the site this one belongs to.")] = "",
    notes: Annotated[str, typer.Option("--notes", help="Notes for the row.")] = "",
    override: Annotated[bool, typer.Option(
        "--override", help="Replace the existing site with this id (a shipped row) deliberately.")] = False,
) -> None:
    """Add a site to your user gazetteer (loaded above the shipped one); then run 'geotrack reextract'.

    Coordinates: --lat/--lon (recorded as user:given) or --geocode [--online] (user:geocoded:PROVIDER)."""
    from geotrack.gazetteer.user import add_site as add
    from geotrack.gazetteer.user import given, new_site, split_spellings
    from geotrack.geocode import geocoded_coordinates

    if (lat is None) != (lon is None):
        msg = "give both --lat and --lon, or --geocode"
        raise InputError(msg)
    if (lat is not None) == geocode:
        msg = "give the coordinates with --lat and --lon, or ask for them with --geocode (one of the two)"
        raise InputError(msg)
    if kind not in KINDS:
        msg = f"--kind {kind!r} is not one of {', '.join(sorted(KINDS))}"
        raise InputError(msg)
    spellings = _candidate_spellings(db, from_candidate) if from_candidate else []
    latin, arabic = split_spellings(spellings)
    en, ar = name_en or latin, name_ar or arabic
    for value, option in ((en, "--name-en"), (ar, "--name-ar")):
        if not value:
            msg = f"no {option} given" + (f" and candidate {from_candidate!r} has no such spelling" if from_candidate else "")
            raise InputError(msg)
    all_variants = [*spellings, *split_list(variants)]
    try:
        coords = (given(lat, lon) if lat is not None and lon is not None
                  else geocoded_coordinates([en, ar, *all_variants], online=online, db=db_path(db) if online else None,
                                         settings=cli_settings()))
    except GeocodingError as exc:
        if exc.field != "names":
            raise
        names = exc.value if isinstance(exc.value, list) else []
        msg = (f"the geocoder found none of {', '.join(map(repr, names))}; give --lat and --lon"
               + ("" if online else " or try --online"))
        raise GeocodingError(msg, field=exc.field, value=exc.value) from None
    site = new_site(site_id, kind, en, ar, coords, all_variants, parent=parent, notes=notes)
    path = add(site, path=file, override=override)
    typer.echo(f"added {site.id} ({site.name_en} / {site.name_ar}, {site.lat:.5f}, {site.lon:.5f}, "
               f"{site.coord_source}) to {path}; run 'geotrack reextract' to apply it to stored documents")


def _candidate_spellings(db: Path | None, name_key: str) -> list[str]:
    """All spellings of the candidate place ``name_key`` as 'geotrack candidates' groups them."""
    from geotrack.candidates import candidate_spellings
    from geotrack.gazetteer import default_gazetteer

    with open_store(db) as store:
        frame = store.candidates_frame()
    return candidate_spellings(frame, name_key, default_gazetteer())


@app.command("add-variant")
def add_variant(
    site_id: Annotated[str, typer.Argument(help="Id of the known site, e.g. benina (the likely_site of 'geotrack candidates').")],
    spellings: Annotated[list[str] | None, typer.Argument(help="Spellings to add, e.g. \"Bnina\".")] = None,
    from_candidate: Annotated[str | None, typer.Option(
        "--from-candidate", metavar="NAME_KEY",
        help="A name listed by 'geotrack candidates': all its grouped spellings are added.")] = None,
    db: DbOption = None,
    file: UserFile = None,
) -> None:
    """Add spellings to a known site in your user gazetteer, so that they are found as that site; then run
    'geotrack reextract'.

    A shipped site is copied into your user gazetteer with its own coordinates and their source (never new
    ones), plus the spellings; a site of your user gazetteer has its row updated. Example:
    'geotrack gazetteer add-variant benina --from-candidate bnina'."""
    from geotrack.gazetteer.user import add_variants

    wanted = [*(spellings or []), *(_candidate_spellings(db, from_candidate) if from_candidate else [])]
    if not wanted:
        msg = "give the spellings to add, or a candidate with --from-candidate NAME_KEY"
        raise InputError(msg)
    done = add_variants(site_id, wanted, path=file)
    if not done.added:
        typer.echo(f"{site_id} already has every spelling given ({', '.join(wanted)}); nothing written")
        return
    how = ("its row updated" if done.how == "updated"
           else "a copy of the shipped row with its coordinates, now overriding it")
    typer.echo(f"added {len(done.added)} spelling(s) to {site_id}: {', '.join(done.added)} in {done.path} ({how}); "
               "run 'geotrack reextract' to apply it to stored documents")
