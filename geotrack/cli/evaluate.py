"""``geotrack evaluate``: precision, recall and F1 per language on a labelled JSONL file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, print_json, print_table
from geotrack.evaluate import evaluate, load_examples
from geotrack.extract import DEFAULT_MIN_CONFIDENCE
from geotrack.gazetteer import Gazetteer, default_gazetteer


def evaluate_command(
    paths: Annotated[list[Path], typer.Argument(help="Labelled JSONL files: {id, lang, text, expected: [{site_id, surface}]}.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = DEFAULT_MIN_CONFIDENCE,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every false positive and miss.")] = False,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file.")] = None,
) -> None:
    """Score the extractor on labelled examples: precision, recall and F1 per language."""
    gaz = Gazetteer.load(gazetteer) if gazetteer else default_gazetteer()
    for path in paths:
        ev = evaluate(load_examples(path), gaz, min_confidence)
        scores = {lang: s.as_dict() for lang, s in sorted(ev.by_lang.items())}
        scores["all"] = ev.total.as_dict()
        if fmt is OutputFormat.json:
            print_json({"file": str(path), "scores": scores, "errors": ev.errors if show_errors else len(ev.errors)})
            continue
        print_table(str(path), ["lang", "examples", "tp", "fp", "fn", "precision", "recall", "F1"],
                    [[lang, *(s[k] for k in ("examples", "tp", "fp", "fn", "precision", "recall", "f1"))]
                     for lang, s in scores.items()])
        if show_errors:
            for e in ev.errors:
                typer.echo(f"{e['id']}: false positives {e['false_positives']} missed {e['missed']}")
