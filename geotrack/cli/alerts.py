"""``geotrack alerts``: list the alerts fired so far, or evaluate the rules now and deliver new ones."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli._common import OutputFormat, print_json, print_table
from geotrack.cli.filters import DbOption, open_store
from geotrack.errors import InputError

RulesOption = Annotated[Path | None, typer.Option(
    "--rules", metavar="FILE", help="TOML rules file (README 'Alerts'); without it the documented defaults.")]
NowOption = Annotated[str | None, typer.Option(
    "--now", metavar="ISO-DATETIME", help="Evaluate as if it were this time (UTC unless an offset is given).")]


def parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(timezone.utc)
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        msg = f"--now {value!r} is not a date and time; use ISO 8601, e.g. 2025-03-20T12:00"
        raise InputError(msg) from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def alerts_command(
    db: DbOption = None,
    check: Annotated[bool, typer.Option("--run", help="Evaluate the rules now, record and deliver new alerts.")] = False,
    rules: RulesOption = None,
    now: NowOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, metavar="N", help="Show the N newest alerts.")] = 50,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """List the alerts fired so far (newest first): first mentions, surges, new actors at a site, candidate
    sites named by several sources, approximate positions near a watched area. With --run, evaluate the
    rules over the store first; each alert fires once, and goes to the deliveries of the rules file
    (Atom file, webhook, email)."""
    from geotrack.alerts import load_rules, run, stored_alerts

    with open_store(db) as store:
        if check:
            rule_set, deliveries = load_rules(rules)
            run(store, now=parse_now(now), rules=rule_set, deliveries=deliveries)
        alerts = stored_alerts(store, limit)
    if quiet:
        return
    if fmt == OutputFormat.json:
        print_json([a.to_dict() for a in alerts])
        return
    print_table(f"{len(alerts)} alert(s)", ["fired", "kind", "alert", "sources", "documents"],
                [[a.fired_at[:16], a.kind, a.title, ", ".join(a.sources), a.documents] for a in alerts])
