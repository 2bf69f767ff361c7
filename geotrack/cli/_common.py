"""Shared pieces of the CLI: error handling, output formats, consoles."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from typer.core import TyperGroup

from geotrack.errors import GeotrackError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class GeotrackGroup(TyperGroup):
    """Turns a :class:`GeotrackError` into a one-line message on stderr and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except GeotrackError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None


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
