"""Shared pieces of the CLI: error handling, output formats, consoles."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

import click
import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from geotrack.errors import GazetteerError, GeotrackError, InputError, StorageError
from geotrack.settings import Settings

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


#: help metavars by the Python type of an option, for options that do not name their own: the help
#: speaks of values (``TEXT``, ``FILE``), never of Python types (``<list[str]>``)
_METAVARS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH"}


def _plain_metavars(command: Any) -> None:
    for param in getattr(command, "params", ()):
        if getattr(param, "metavar", "") is not None or getattr(param, "is_flag", False):
            continue
        desc = getattr(param, "type_descriptor", None)
        annotation = getattr(desc, "annotation", None)
        if annotation is None:
            continue
        is_list = getattr(annotation, "__origin__", None) is list
        if getattr(desc, "is_choice", False):
            if is_list:  # "<a|b>" as for a single choice, not "<list[a|b]>"
                choices = [str(getattr(c, "value", c)) for c in getattr(desc, "choices", None) or ()]
                param.metavar = "<" + "|".join(choices) + ">"
            continue
        args = getattr(annotation, "__args__", None)
        name = getattr(args[0] if args and is_list else annotation, "__name__", "")
        if getattr(param, "param_type_name", "") == "argument":
            param.metavar = (param.name or "value").upper()
            param.display_type_rich = lambda ctx: ""  # the argument's name says it; no type after it
        elif name in _METAVARS:
            param.metavar = _METAVARS[name]


class GeotrackGroup(TyperGroup):
    """Turns a :class:`GeotrackError` into a one-line message on stderr and exit code 1."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            _plain_metavars(command)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GeotrackError as exc:
            typer.echo(f"Error: {error_message(exc)}", err=True)
            raise typer.Exit(1) from None


def cli_settings() -> Settings:
    """The settings of this invocation: read from the environment once, at the first use in a command
    (kept in the click context), and passed to the library from there."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return Settings.from_env()
    settings = ctx.meta.get(_SETTINGS_KEY)
    if not isinstance(settings, Settings):
        settings = ctx.meta[_SETTINGS_KEY] = Settings.from_env()
    return settings


_SETTINGS_KEY = "geotrack.settings"


def error_message(exc: GeotrackError) -> str:
    """A library error worded for the command line: the flag that sets the field it names, and what to
    do (the library's messages speak of its parameters: :class:`~geotrack.errors.GeotrackError`)."""
    text = str(exc)
    if isinstance(exc, InputError) and exc.field == "date":
        return f"--date {exc.value!r} is not a date; use YYYY-MM-DD (or an ISO 8601 date and time)"
    if type(exc) is StorageError and exc.field == "db":  # (a missing store, not a damaged or read-only one)
        return f"{text}; run 'geotrack ingest' first or pass --db"
    if isinstance(exc, StorageError) and exc.field == "out_dir":
        return f"{text}; pick another --out"
    if isinstance(exc, InputError) and exc.field == "actor":
        return f"--actor {text}"
    if isinstance(exc, GazetteerError) and exc.field == "file":
        return text.replace("; give another file", "; give another --file", 1)
    if isinstance(exc, InputError) and exc.field == "strict":
        return text.replace(" (strict: ", " (--strict: ", 1)
    return text


class OutputFormat(str, Enum):
    table = "table"
    json = "json"


def new_app(help_text: str) -> typer.Typer:
    return typer.Typer(cls=GeotrackGroup, help=help_text, no_args_is_help=True, add_completion=False,
                       rich_markup_mode=None, pretty_exceptions_enable=False)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    Console(soft_wrap=False).print(table)
