"""``geotrack extract``: print the site mentions found in a text file, a JSONL file or stdin."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geotrack.cli._common import print_json, print_table
from geotrack.errors import InputError
from geotrack.extract import DEFAULT_MIN_CONFIDENCE, extract
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.models import Document, Mention

if TYPE_CHECKING:  # the readers (trafilatura, feedparser) load when the command runs, not for --help
    from geotrack.readers.base import ReadProblem


class ExtractFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


class InputKind(str, Enum):
    auto = "auto"
    text = "text"
    jsonl = "jsonl"


def _documents(path: str, kind: InputKind) -> list[Document | ReadProblem]:
    from geotrack.readers.jsonl import read_jsonl_lines

    if path == "-":
        data = sys.stdin.read()
        if kind is InputKind.jsonl:
            return list(read_jsonl_lines(data.splitlines(), "<stdin>"))
        return [Document(id="<stdin>", text=data, path="<stdin>")]
    p = Path(path)
    if not p.is_file():
        msg = f"{path!r} is not a file; give a .txt or .jsonl file, or - for stdin"
        raise InputError(msg)
    try:
        data = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        msg = f"{path!r} is not UTF-8 text ({exc.reason} at byte {exc.start}); use 'geotrack ingest', which detects encodings"
        raise InputError(msg) from exc
    except OSError as exc:
        msg = f"cannot read {path!r}: {exc.strerror}"
        raise InputError(msg) from exc
    if kind is InputKind.jsonl or (kind is InputKind.auto and p.suffix.lower() == ".jsonl"):
        return list(read_jsonl_lines(data.splitlines(), path))
    return [Document(id=p.name, text=data, path=path)]


def extract_command(
    path: Annotated[str, typer.Argument(help="A text file, a .jsonl file of {id, text} objects, or - for stdin.")] = "-",
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = ExtractFormat.table,
    min_confidence: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Drop mentions below this confidence.")
    ] = DEFAULT_MIN_CONFIDENCE,
    input_kind: Annotated[InputKind, typer.Option("--input", help="How to read PATH (auto: by extension).")] = InputKind.auto,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file.")] = None,
) -> None:
    """Find the Libyan sites mentioned in a text, with offsets, sentence and confidence."""
    gaz = Gazetteer.load(gazetteer) if gazetteer else default_gazetteer()
    failed = 0
    mentions: list[Mention] = []
    for item in _documents(path, input_kind):
        if not isinstance(item, Document):
            typer.echo(f"skipped {item}", err=True)
            failed += 1
            continue
        found = extract(item.text, gaz, min_confidence=min_confidence, doc_id=item.id)
        if fmt is ExtractFormat.jsonl:
            for m in found:
                sys.stdout.write(json.dumps(m.to_dict(), ensure_ascii=False) + "\n")
        else:
            mentions.extend(found)
    if fmt is ExtractFormat.json:
        print_json([m.to_dict() for m in mentions])
    elif fmt is ExtractFormat.table:
        print_table(
            f"{len(mentions)} mentions",
            ["doc", "site", "surface", "start", "end", "conf", "rule"],
            [[m.doc_id, m.site_id, m.surface, m.start, m.end, f"{m.confidence:.2f}", m.rule] for m in mentions],
        )
    if failed:
        typer.echo(f"{failed} input line(s) skipped", err=True)
        raise typer.Exit(1)
