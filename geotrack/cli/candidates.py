"""``geotrack candidates``: names of bases and airfields the gazetteer lacks, as the press writes them."""

from __future__ import annotations

import csv
import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from geotrack.cli._common import print_json, print_table
from geotrack.cli.filters import DbOption, SinceOption, SourceOption, UntilOption, build_filter, open_store
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.outputs.escape import csv_cell


class CandidatesFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def _date(value: Any) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else value.isoformat()[:10]


def candidates_command(
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    min_sources: Annotated[int, typer.Option("--min-sources", min=1, help="Only names reported by at least N independent sources (syndicated copies count once).",
                                             metavar="N")] = 1,
    gazetteer: Annotated[Path | None, typer.Option(
        "--gazetteer", "-g", help="Gazetteer whose names are not candidates (default: the shipped one and yours).")] = None,
    fmt: Annotated[CandidatesFormat, typer.Option("--format", "-f", help="Output format.")] = CandidatesFormat.table,
) -> None:
    """List possible new bases named in stored articles ('X air base', 'قاعدة X الجوية' ...), one row per
    place with all its spellings (al-Kharrouba, الخروبة, Kharouba ...), most widely reported first, with
    counts, sources, first/last seen, an example, and the known site it probably spells (likely_site).
    Headline words, adjectives, common nouns and places abroad are left out.

    A new site: 'geotrack gazetteer add ID --from-candidate NAME_KEY ...'. A spelling of a known site:
    'geotrack gazetteer add-variant SITE_ID --from-candidate NAME_KEY'. Then 'geotrack reextract'."""
    from geotrack.candidates import summarise

    flt = build_filter(since=since, until=until, source=source)
    gaz = Gazetteer.load(gazetteer) if gazetteer else default_gazetteer()
    with open_store(db) as store:
        frame = summarise(store.candidates_frame(flt), gaz)
    records = [
        {"name_key": r.name_key, "name": r.name, "mentions": int(r.mentions), "documents": int(r.documents),
         "sources": int(r.sources), "independent_sources": int(r.independent_sources), "source_list": list(r.source_list), "first_seen": _date(r.first_seen),
         "last_seen": _date(r.last_seen), "patterns": list(r.patterns), "example_sentence": r.example_sentence,
         "example_url": r.example_url, "spellings": list(r.spellings), "likely_site": r.likely_site,
         "likely_spelling": r.likely_spelling}
        for r in frame.itertuples(index=False) if int(r.independent_sources) >= min_sources
    ]
    if fmt is CandidatesFormat.json:
        print_json(records)
    elif fmt is CandidatesFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(frame.columns), lineterminator="\r\n")  # RFC 4180: a cell with a carriage return is quoted
        writer.writeheader()
        for rec in records:  # csv_cell: no cell a spreadsheet would run as a formula (OWASP)
            writer.writerow({k: csv_cell(v) for k, v in {
                **rec, "source_list": "|".join(rec["source_list"]), "patterns": "|".join(rec["patterns"]),
                "spellings": "|".join(rec["spellings"])}.items()})
    else:
        print_table(f"{len(records)} candidate name(s) ({flt.describe().replace('all stored mentions', 'all documents')})",
                    ["name", "key", "mentions", "docs", "sources", "first", "last", "spellings", "likely site",
                     "example"],
                    [[r["name"], r["name_key"], r["mentions"], r["documents"], ", ".join(r["source_list"]),
                      r["first_seen"], r["last_seen"], " | ".join(r["spellings"]),
                      f"probably {r['likely_site']} ({r['likely_spelling']})" if r["likely_site"] else "",
                      r["example_sentence"]] for r in records])
        likely = next((r for r in records if r["likely_site"]), None)
        if likely:
            typer.echo(f"a spelling of a known site: geotrack gazetteer add-variant {likely['likely_site']} "
                       f"--from-candidate {shlex.quote(likely['name_key'])}, then geotrack reextract")
