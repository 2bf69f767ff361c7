"""``geotrack watch FEEDS`` and ``geotrack feeds``: poll feeds on a schedule, ingest and alert."""

from __future__ import annotations

import signal
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from geotrack.cli._common import OutputFormat, err_console, print_json, print_table
from geotrack.cli.alerts import NowOption, RulesOption, parse_now
from geotrack.cli.filters import DbOption

FeedsArgument = Annotated[Path, typer.Argument(
    help="An OPML file, or a text file of feed URLs (with every=30m after a URL for its own schedule) and folders.")]


def watch_command(
    feeds: FeedsArgument,
    db: DbOption = None,
    every: Annotated[str, typer.Option("--every", metavar="DURATION", help="Poll each feed this often (90s, 15m, 1h).")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="One round (each due feed once), then exit: for cron.")] = False,
    rules: RulesOption = None,
    now: NowOption = None,
    page_delay: Annotated[float, typer.Option("--page-delay", min=0.0, metavar="SECONDS",
                                              help="Seconds between two article pages of a host.")] = 2.0,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format of the round reports.")] = OutputFormat.table,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Poll the feeds of FEEDS on their schedule, ingest new entries (fetching the article page of an entry
    that has only a summary), then evaluate the alert rules and deliver new alerts. Runs until stopped
    (SIGTERM or Ctrl-C finish the feed being polled and exit cleanly; a restart resumes); --once does
    one round. --now fixes the clock (replays and tests)."""
    from geotrack.alerts import load_rules, run
    from geotrack.cli.filters import db_path
    from geotrack.store import Store
    from geotrack.watch import Watcher, parse_duration, read_feed_list

    specs = read_feed_list(feeds, parse_duration(every))
    rule_set, deliveries = load_rules(rules)
    fixed = parse_now(now) if now else None

    def clock() -> float:
        import time

        return fixed.timestamp() if fixed else time.time()

    def alerts(store: Any, ts: float) -> None:
        from datetime import timezone

        fired = run(store, now=datetime.fromtimestamp(ts, timezone.utc), rules=rule_set, deliveries=deliveries)
        if fired and not quiet and fmt == OutputFormat.table:
            for a in fired:
                err_console.print(f"alert: {a.title}")

    with Store.open(db_path(db)) as store:
        watcher = Watcher(store, specs, clock=clock, page_delay=page_delay, on_round=alerts)
        previous = {sig: signal.signal(sig, lambda *_: watcher.stop()) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            reports = watcher.run(once=once)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    if quiet:
        return
    rows = [{"polled": r.polled, "not_modified": r.not_modified, "failed": r.failed, "read": r.read,
             "stored": r.stored, "pages": r.pages, "stopped": r.stopped, "errors": r.errors} for r in reports]
    if fmt == OutputFormat.json:
        print_json(rows)
        return
    print_table(f"{len(rows)} round(s)", ["polled", "not modified", "failed", "read", "stored", "pages", "stopped"],
                [[r["polled"], r["not_modified"], r["failed"], r["read"], r["stored"], r["pages"], r["stopped"]] for r in rows])
    for r in reports:
        for e in r.errors:
            err_console.print(f"failed: {e}")


def feeds_command(
    feeds: Annotated[Path | None, typer.Argument(help="The feed list (OPML or text) to show, unpolled ones included.")] = None,
    db: DbOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = OutputFormat.table,
) -> None:
    """Show each watched feed's state: last success, last error, consecutive failures, items stored, next poll."""
    from geotrack.cli.filters import open_store
    from geotrack.watch import feed_states, read_feed_list

    specs = read_feed_list(feeds) if feeds else []
    with open_store(db) as store:
        states = feed_states(store, specs)
    if fmt == OutputFormat.json:
        print_json(states)
        return
    print_table(f"{len(states)} feed(s)", ["feed", "folder", "last success", "last error", "failures", "items", "next poll", "error"],
                [[s["url"], s["folder"], s["last_success"][:16], s["last_error"][:16], s["failures"], s["items"],
                  s["next_poll"][:16], s["error"]] for s in states])
