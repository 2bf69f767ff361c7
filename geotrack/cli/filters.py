"""Options shared by the commands that read stored mentions (``map``, ``export``, ``report``, ``mentions``).

Use the ``Annotated`` aliases as parameter types and turn the values into a
:class:`~geotrack.store.MentionFilter` with :func:`build_filter`::

    def my_command(db: DbOption = None, since: SinceOption = None, until: UntilOption = None,
                   source: SourceOption = None, site: SiteOption = None, kind: KindOption = None,
                   actor: ActorOption = None, min_confidence: MinConfidenceOption = 0.0) -> None:
        flt = build_filter(since=since, until=until, source=source, site=site, kind=kind, actors=actor,
                           min_confidence=min_confidence)
        with open_store(db) as store:
            frame = store.mentions_frame(flt)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from geotrack.cli._common import cli_settings
from geotrack.errors import InputError

if TYPE_CHECKING:  # the store (and pandas) are imported when a command runs, not to show help
    import pandas as pd

    from geotrack.store import MentionFilter, Store

DbOption = Annotated[
    Path | None,
    typer.Option("--db", metavar="FILE|URL",
                 help="The store: a SQLite file, or a postgresql://USER@HOST:PORT/DB URL for PostGIS"
                      " (default: $GEOTRACK_DB, else ./geotrack.db)."),
]
SinceOption = Annotated[str | None, typer.Option("--since", metavar="YYYY-MM-DD",
                                                 help="Published on or after this date.")]
UntilOption = Annotated[str | None, typer.Option("--until", metavar="YYYY-MM-DD",
                                                 help="Published on or before this date.")]
SourceOption = Annotated[list[str] | None, typer.Option("--source", metavar="SOURCE",
                                                        help="Only this source (repeatable).")]
SiteOption = Annotated[list[str] | None, typer.Option("--site", metavar="SITE_ID",
                                                      help="Only this site id (repeatable).")]
KindOption = Annotated[
    list[str] | None, typer.Option("--kind", metavar="KIND",
                                   help="Only sites of this kind, e.g. airbase, town (repeatable).")
]
ActorOption = Annotated[
    list[str] | None,
    typer.Option("--actor", metavar="ACTOR",
                 help="Only mentions whose sentence or paragraph names this actor: an id such as "
                      "russia, wagner, turkey, or one of its names (repeatable)."),
]
MinConfidenceOption = Annotated[
    float, typer.Option("--min-confidence", min=0.0, max=1.0, help="Drop mentions below this confidence.")
]
ReviewedOption = Annotated[bool, typer.Option(
    "--reviewed", help="Only mentions a reviewer confirmed in 'geotrack serve' (same as --status confirmed).")]
StatusOption = Annotated[list[str] | None, typer.Option(
    "--status", metavar="STATUS",
    help="Only mentions with this review status: unreviewed, pending, confirmed, rejected (repeatable).")]


def keep_reviewed(store: Store, frame: pd.DataFrame, reviewed: bool, status: list[str] | None) -> pd.DataFrame:
    """The mentions of ``frame`` whose review status is asked for (``--reviewed``, ``--status``); all of
    them when neither is given. An unknown status is an :class:`InputError`."""
    wanted = tuple(dict.fromkeys([*(["confirmed"] if reviewed else []), *(status or [])]))
    if not wanted:
        return frame
    from geotrack.store.review import STATUSES, Reviews

    bad = [s for s in wanted if s not in STATUSES]
    if bad:
        msg = f"--status {bad[0]!r} is not a review status; use one of: {', '.join(STATUSES)}"
        raise InputError(msg)
    return Reviews(store).filter_frame(frame, wanted)


def parse_date(value: str | None, option: str) -> date | None:
    """``YYYY-MM-DD`` as a date (None stays None); anything else is an :class:`InputError`."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        msg = f"{option} {value!r} is not a date; write it as YYYY-MM-DD, e.g. {option} 2024-03-01"
        raise InputError(msg) from None


def build_filter(
    *,
    since: str | None = None,
    until: str | None = None,
    source: list[str] | None = None,
    site: list[str] | None = None,
    kind: list[str] | None = None,
    actors: list[str] | None = None,
    min_confidence: float = 0.0,
) -> MentionFilter:
    """The :class:`MentionFilter` of the shared options; ``--since`` after ``--until`` is an error.

    ``actors`` (the ``--actor`` values) may be actor ids or names; see :func:`geotrack.context.resolve_actors`."""
    from geotrack.store import MentionFilter

    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    if start and end and start > end:
        msg = f"--since {since!r} is after --until {until!r}; swap them"
        raise InputError(msg)
    return MentionFilter(
        sites=tuple(site or ()), sources=tuple(source or ()), kinds=tuple(kind or ()), since=start, until=end,
        actors=_actor_ids(actors or []), min_confidence=min_confidence,
    )


def _actor_ids(values: list[str]) -> tuple[str, ...]:
    if not values:
        return ()
    from geotrack.context import resolve_actors

    return resolve_actors(values)


def db_path(db: Path | None) -> Path:
    """``--db`` or the configured default (``$GEOTRACK_DB``, else ``./geotrack.db``)."""
    return db if db is not None else cli_settings().db_path


def open_store(db: Path | None, flt: MentionFilter | None = None) -> Store:
    """Open an EXISTING store (a missing file is a clear error, never a new empty database).

    With the filter the command will apply, warn on stderr about ``--site`` and ``--source`` values that
    match nothing known, naming the closest known ones (a typo would otherwise give an empty map)."""
    from geotrack.store import Store

    store = Store.open(db_path(db), create=False)
    if flt is not None:
        for line in unknown_filter_values(store, flt):
            typer.echo(f"Warning: {line}", err=True)
    return store


def unknown_filter_values(store: Store, flt: MentionFilter) -> list[str]:
    """One line per ``--site``/``--source`` value that is neither in the gazetteer nor in the store."""

    from geotrack.gazetteer import default_gazetteer

    lines: list[str] = []
    if flt.sites:
        known_sites = {s.id for s in default_gazetteer()} | set(store.sites_frame()["id"])
        lines += _unknown("--site", "site id", flt.sites, known_sites)
    if flt.sources:
        lines += _unknown("--source", "source", flt.sources, set(store.sources_frame()["source"]))
    return lines


def _unknown(option: str, what: str, values: tuple[str, ...], known: set[str]) -> list[str]:
    import difflib

    out = []
    by_fold = {k.casefold(): k for k in known}
    for value in values:
        if value in known:
            continue
        folded = value.casefold()
        containing = sorted(k for k in by_fold if folded and (folded in k or k in folded))
        close = [*containing, *difflib.get_close_matches(folded, list(by_fold), n=3, cutoff=0.5)]
        close = list(dict.fromkeys(close))[:3]
        hint = f"; closest: {', '.join(by_fold[c] for c in close)}" if close else ""
        out.append(f"{option} {value!r} is not a known {what}{hint}")
    return out


__all__ = [
    "ActorOption",
    "DbOption",
    "KindOption",
    "MinConfidenceOption",
    "SinceOption",
    "SiteOption",
    "SourceOption",
    "UntilOption",
    "build_filter",
    "db_path",
    "open_store",
    "parse_date",
    "unknown_filter_values",
]
