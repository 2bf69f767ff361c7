"""Sessions of the workspace's reviewers (migration 10): every SQL statement about them.

A session id is a random token handed to the browser in a cookie; the store keeps only its SHA-256
(someone who reads the database cannot take over a session), the reviewer's name, and when it started and
expires. ``geotrack serve`` reads them back after a restart, so that nobody has to log in again.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geotrack.store import Store


def _hash(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


def _iso(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def save(store: Store, sid: str, reviewer: str, lifetime: timedelta, *, now: datetime | None = None) -> None:
    """Record the session ``sid`` of ``reviewer`` for ``lifetime`` (expired sessions are dropped)."""
    at = now or datetime.now(timezone.utc)
    with store.transaction() as db:
        db.execute("DELETE FROM web_sessions WHERE expires_at < ?", (_iso(at),))
        db.execute("INSERT INTO web_sessions (id_hash, reviewer, started_at, expires_at) VALUES (?, ?, ?, ?)",
                   (_hash(sid), reviewer, _iso(at), _iso(at + lifetime)))


def reviewer(store: Store, sid: str, *, now: datetime | None = None) -> str | None:
    """The reviewer of the session ``sid`` when it is stored and not expired, else None."""
    row = store.db.execute("SELECT reviewer FROM web_sessions WHERE id_hash = ? AND expires_at >= ?",
                           (_hash(sid), _iso(now or datetime.now(timezone.utc)))).fetchone()
    return str(row[0]) if row else None


def end(store: Store, sid: str) -> None:
    """Forget the session ``sid``."""
    with store.transaction() as db:
        db.execute("DELETE FROM web_sessions WHERE id_hash = ?", (_hash(sid),))


__all__ = ["end", "reviewer", "save"]
