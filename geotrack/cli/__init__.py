"""The ``geotrack`` command line: a thin typer layer over the library."""

from __future__ import annotations

from geotrack.cli import gazetteer
from geotrack.cli._common import new_app
from geotrack.cli.extract import extract_command

app = new_app("geotrack: Libyan sites in Arabic and English news, with the evidence, on a map.")
app.command("extract")(extract_command)
app.add_typer(gazetteer.app, name="gazetteer")

__all__ = ["app"]
