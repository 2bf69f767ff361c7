"""``geotrack copies``: find the syndicated copies (near-duplicate texts across outlets) among the stored
documents, store them so that every count leaves them out, and list them."""

from __future__ import annotations

from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, print_json, print_table
from geotrack.cli.alerts import parse_now
from geotrack.cli.filters import DbOption, open_store


def copies_command(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", help="Look only at documents published on or after DATE (and undated ones).")] = None,
    threshold: Annotated[float, typer.Option(
        "--threshold", min=0.01, max=1.0, metavar="SHARE",
        help="Share of the shorter text's word triples found in the other for two texts to be copies.")] = 0.5,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Group near-duplicate documents (a wire story re-posted by other outlets with a new headline, a credit
    line, a cut) and store each copy with its original, the earliest published: from then on a copy counts
    neither as a document nor as a source in reports, maps, exports and alerts (`geotrack watch` does this
    after every round). Lists every copy found so far."""
    from geotrack.alerts import find_and_store_copies
    from geotrack.store.monitoring import Monitoring

    with open_store(db) as store:
        find_and_store_copies(store, parse_now(since) if since else None, threshold)
        rows = Monitoring(store).copy_rows()
    if quiet:
        return
    if fmt == OutputFormat.json:
        print_json(rows)
        return
    print_table(f"{len(rows)} syndicated cop{'y' if len(rows) == 1 else 'ies'}",
                ["published", "copy", "source", "original", "original source", "similarity"],
                [[r["published"][:10], r["input_id"], r["source"], r["original_input_id"], r["original_source"],
                  f"{r['similarity']:.2f}"] for r in rows])
