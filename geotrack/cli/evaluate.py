"""``geotrack evaluate``: precision, recall and F1 per language on a labelled JSONL file."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, print_json, print_table
from geotrack.evaluate import evaluate, load_examples
from geotrack.extract import DEFAULT_MIN_CONFIDENCE
from geotrack.gazetteer import Gazetteer, default_gazetteer


class Breakdown(str, Enum):
    lang = "lang"
    site = "site"
    rule = "rule"
    klass = "class"


def evaluate_command(
    paths: Annotated[list[Path], typer.Argument(help="Labelled JSONL files: {id, lang, text, expected: "
                                                     "[{site_id, surface, class}], negatives: [{surface, class}]}.")],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0)] = DEFAULT_MIN_CONFIDENCE,
    by: Annotated[list[Breakdown] | None, typer.Option(
        "--by", help="Also score per site (with macro recall), per rule, per error class (repeatable).")] = None,
    show_errors: Annotated[bool, typer.Option("--errors", help="List every false positive and miss with its "
                                                               "sentence.")] = False,
    gazetteer: Annotated[Path | None, typer.Option("--gazetteer", "-g", help="Gazetteer folder or CSV file.")] = None,
) -> None:
    """Score the extractor on labelled examples: precision, recall and F1 per language, and on request per
    site, per rule and per error class, with every error and its sentence."""
    gaz = Gazetteer.load(gazetteer) if gazetteer else default_gazetteer()
    tables = [b for b in (by or []) if b is not Breakdown.lang]
    columns = ["examples", "tp", "fp", "fn", "precision", "recall", "f1"]
    for path in paths:
        ev = evaluate(load_examples(path), gaz, min_confidence)
        data = ev.as_dict()
        if fmt is OutputFormat.json:
            if not show_errors:
                data["errors"] = len(ev.errors)
            print_json({"file": str(path), **data})
            continue
        scores = data["scores"]
        assert isinstance(scores, dict)
        print_table(f"{path} (macro recall over sites {ev.macro_recall:.4f})", ["lang", *columns],
                    [[lang, *(s[k] for k in columns)] for lang, s in scores.items()])
        for breakdown in tables:
            key = "by_class" if breakdown is Breakdown.klass else f"by_{breakdown.value}"
            rows = data[key]
            assert isinstance(rows, dict)
            print_table(f"{path} per {breakdown.value}", [breakdown.value, *columns[1:]],
                        [[name, *(s[k] for k in columns[1:])] for name, s in rows.items()])
        if show_errors:
            for e in ev.errors:
                typer.echo(f"{e['id']} [{e['lang']}] {e['error']}: {e['site_id']} {e['surface']!r} "
                           f"(class {e['class']}{', rule ' + str(e['rule']) if e['rule'] else ''}): {e['sentence']}")
