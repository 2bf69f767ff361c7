"""The ``geotrack`` command line: a thin typer layer over the library."""

from __future__ import annotations

from typing import Annotated

import typer

from geotrack.cli import db, gazetteer
from geotrack.cli._common import new_app
from geotrack.cli.alerts import alerts_command
from geotrack.cli.batch import batch_command
from geotrack.cli.candidates import candidates_command
from geotrack.cli.copies import copies_command
from geotrack.cli.evaluate import evaluate_command
from geotrack.cli.extract import extract_command
from geotrack.cli.geocode import geocode_command, nearest_command
from geotrack.cli.ingest import ingest_command, mentions_command, reextract_command, sources_command
from geotrack.cli.outputs import export_command, map_command
from geotrack.cli.report import demo_command, report_command
from geotrack.cli.serve import serve_command
from geotrack.cli.watch import feeds_command, watch_command

app = new_app("geotrack: Libyan sites in Arabic and English news, with the evidence, on a map.")


def _version_text() -> str:
    from geotrack import __version__
    from geotrack.extract import select

    which = select.implementation()
    if which != "compiled":
        which += f": {select.why_pure()}"
    return f"geotrack {__version__} (matcher: {which})"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(_version_text())
        raise typer.Exit()


@app.callback()
def _main(version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                                help="Print the version and the matcher build, then exit.")] = False) -> None:
    """geotrack: Libyan sites in Arabic and English news, with the evidence, on a map."""

app.command("extract")(extract_command)
app.command("evaluate")(evaluate_command)
app.add_typer(gazetteer.app, name="gazetteer")
app.add_typer(db.app, name="db")
app.command("ingest")(ingest_command)
app.command("reextract")(reextract_command)
app.command("batch")(batch_command)
app.command("mentions")(mentions_command)
app.command("sources")(sources_command)
app.command("candidates")(candidates_command)
app.command("map")(map_command)
app.command("export")(export_command)
app.command("report")(report_command)
app.command("demo")(demo_command)
app.command("geocode")(geocode_command)
app.command("nearest")(nearest_command)
app.command("serve")(serve_command)
app.command("alerts")(alerts_command)
app.command("copies")(copies_command)
app.command("watch")(watch_command)
app.command("feeds")(feeds_command)

__all__ = ["app"]
