"""Review decisions on mentions, their audit log and source grades: every SQL statement of the review
workflow (migration 7 made the tables; the workspace, :mod:`geotrack.web`, is its face).

A decision is keyed on what a mention *is* (document, span, site), not on its row id, so it survives
``geotrack reextract``. Every change is one transaction that also writes the audit log (who, when, what,
before and after). Two reviewers never overwrite each other silently: a change names the version it
saw and is refused with :class:`ReviewConflictError` when the decision moved on since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from geotrack.errors import GeotrackError

if TYPE_CHECKING:
    from geotrack.store import Store

#: Review states of a mention: ``pending`` is a confirmation waiting for a second reviewer.
STATUSES = ("unreviewed", "pending", "confirmed", "rejected")
DECISIONS = ("confirmed", "rejected", "unreviewed")
#: Admiralty reliability of a source: A completely reliable … E unreliable, F cannot be judged.
RELIABILITY = ("A", "B", "C", "D", "E", "F")
KEY_COLUMNS = ["document_id", "start", "end", "site_id"]

Key = tuple[int, int, int, str]


class ReviewConflictError(GeotrackError, ValueError):
    """A decision changed since the reviewer saw it (the other decision is kept)."""


class ReviewError(GeotrackError, ValueError):
    """A review value out of range (status, grade, reason)."""


@dataclass(frozen=True)
class Decision:
    document_id: int
    start: int
    end: int
    site_id: str
    status: str
    reason: str
    reviewer: str
    decided_at: str
    version: int
    confirmed_by: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "start": self.start, "end": self.end, "site_id": self.site_id,
                "status": self.status, "reason": self.reason, "reviewer": self.reviewer,
                "decided_at": self.decided_at, "version": self.version, "confirmed_by": list(self.confirmed_by)}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


_SELECT = ('SELECT document_id, start, "end", site_id, status, reason, reviewer, decided_at, version, confirmed_by'
           " FROM review_decisions")


def _decision(row: Any) -> Decision:
    return Decision(int(row[0]), int(row[1]), int(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6]),
                    str(row[7]), int(row[8]), tuple(json.loads(row[9])))


def change_marker(store: Store) -> tuple[int, ...]:
    """Numbers that change whenever the store's documents, mentions or analysis change (counts, and the
    newest mention id, which ``reextract`` moves): the key of what the workspace caches."""
    row = store.db.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM mentions),"
        " (SELECT COALESCE(MAX(id), 0) FROM mentions), (SELECT COUNT(*) FROM candidates),"
        " (SELECT COUNT(*) FROM relative_positions), (SELECT COUNT(*) FROM documents WHERE syndicated_of IS NOT NULL)"
    ).fetchone()
    return tuple(int(v) for v in row)


class Reviews:
    """The review tables of one store; ``two_person`` makes a confirmation need two reviewers."""

    def __init__(self, store: Store, *, two_person: bool = False) -> None:
        self.store = store
        self.two_person = two_person

    def _write(self) -> Any:
        """A write transaction of the store (on PostgreSQL under its write lock; driver errors become a
        :class:`~geotrack.errors.StorageError`)."""
        return self.store.transaction()

    def get(self, key: Key) -> Decision | None:
        row = self.store.db.execute(_SELECT + ' WHERE document_id = ? AND start = ? AND "end" = ? AND site_id = ?',
                                    key).fetchone()
        return _decision(row) if row else None

    def decide(self, key: Key, status: str, *, reviewer: str, reason: str = "",
               expected_version: int | None = None) -> Decision:
        """Record ``status`` (confirmed, rejected, unreviewed) for the mention ``key``.

        ``expected_version`` is the version the reviewer saw (0: no decision yet); a different current
        version raises :class:`ReviewConflictError`. With two-person confirmation the first confirmation
        leaves the mention ``pending``; a second reviewer's makes it ``confirmed``."""
        if status not in DECISIONS:
            raise ReviewError(f"review status {status!r} is not one of {', '.join(DECISIONS)}")
        if len(reason) > 2000:
            raise ReviewError(f"review reason of {len(reason)} characters is over 2000")
        if not reviewer.strip():
            raise ReviewError("reviewer '' : a decision needs who made it")
        with self._write() as db:
            before = self.get(key)
            version = before.version if before else 0
            if expected_version is not None and expected_version != version:
                msg = (f"mention {key!r} is at version {version} ({before.status if before else 'unreviewed'}"
                       f" by {before.reviewer if before else 'nobody'}), not {expected_version}: reload it")
                raise ReviewConflictError(msg)
            confirmed_by: tuple[str, ...] = ()
            final = status
            if status == "confirmed":
                earlier = before.confirmed_by if before and before.status in ("pending", "confirmed") else ()
                confirmed_by = tuple(dict.fromkeys((*earlier, reviewer)))
                if self.two_person and len(confirmed_by) < 2:
                    final = "pending"
            after = Decision(*key, final, reason, reviewer, _now(), version + 1, confirmed_by)
            self._put(db, after)
            self._audit(db, reviewer, "review", key, before, after)
        return after

    @staticmethod
    def _put(db: Any, d: Decision) -> None:
        db.execute('INSERT INTO review_decisions (document_id, start, "end", site_id, status, reason, reviewer,'
                   " decided_at, version, confirmed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   ' ON CONFLICT (document_id, start, "end", site_id) DO UPDATE SET status = excluded.status,'
                   " reason = excluded.reason, reviewer = excluded.reviewer, decided_at = excluded.decided_at,"
                   " version = excluded.version, confirmed_by = excluded.confirmed_by",
                   (d.document_id, d.start, d.end, d.site_id, d.status, d.reason, d.reviewer, d.decided_at,
                    d.version, json.dumps(list(d.confirmed_by))))

    @staticmethod
    def _audit(db: Any, who: str, what: str, target: Any, before: Any, after: Any,
               undoes: int | None = None) -> None:
        def enc(v: Any) -> str:
            return json.dumps(v.as_dict() if isinstance(v, Decision) else v, ensure_ascii=False)
        db.execute("INSERT INTO review_audit (at, who, what, target, before, after, undoes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (_now(), who, what, json.dumps(target, ensure_ascii=False), enc(before), enc(after), undoes))

    def record(self, who: str, what: str, target: Any, before: Any, after: Any) -> None:
        """Write one audit entry for a change made elsewhere (a site added to the gazetteer, say)."""
        with self._write() as db:
            self._audit(db, who, what, target, before, after)

    def undo(self, reviewer: str) -> Decision | None:
        """Undo ``reviewer``'s latest decision not undone yet (None when there is none). Refused with
        :class:`ReviewConflictError` when someone changed that mention since."""
        with self._write() as db:
            row = db.execute("SELECT id, target, before, after FROM review_audit WHERE who = ? AND what = 'review'"
                             " AND id NOT IN (SELECT undoes FROM review_audit WHERE undoes IS NOT NULL)"
                             " ORDER BY id DESC LIMIT 1", (reviewer,)).fetchone()
            if row is None:
                return None
            t = json.loads(row[1])
            key: Key = (int(t[0]), int(t[1]), int(t[2]), str(t[3]))
            before, after = json.loads(row[2]), json.loads(row[3])
            current = self.get(key)
            if current is None or current.version != after["version"]:
                raise ReviewConflictError(f"mention {key!r} changed since {reviewer!r} decided it: nothing undone")
            restored = Decision(*key, before["status"] if before else "unreviewed", before["reason"] if before else "",
                                reviewer, _now(), current.version + 1,
                                tuple(before["confirmed_by"]) if before else ())
            self._put(db, restored)
            self._audit(db, reviewer, "undo", key, current, restored, undoes=int(row[0]))
        return restored

    def frame(self) -> pd.DataFrame:
        """Every decision: document_id, start, end, site_id, review_status, reason, reviewer, decided_at,
        version, confirmed_by (list)."""
        frame = self.store.frame(_SELECT).rename(columns={"status": "review_status"})
        for col in ("document_id", "start", "end", "version"):
            frame[col] = frame[col].astype("int64")
        frame["confirmed_by"] = frame["confirmed_by"].map(json.loads)
        return frame

    def with_status(self, mentions: pd.DataFrame) -> pd.DataFrame:
        """``mentions`` (a :meth:`Store.mentions_frame`) with review_status (``unreviewed`` when never
        decided), review_version (0), review_reason, reviewer and confirmed_by (list) columns."""
        decisions = self.frame()[[*KEY_COLUMNS, "review_status", "version", "reason", "reviewer", "confirmed_by"]]
        decisions = decisions.rename(columns={"version": "review_version", "reason": "review_reason"})
        out = mentions.merge(decisions, on=KEY_COLUMNS, how="left")
        out["review_status"] = out["review_status"].fillna("unreviewed")
        out["review_version"] = out["review_version"].fillna(0).astype("int64")
        out["review_reason"] = out["review_reason"].fillna("")
        out["reviewer"] = out["reviewer"].fillna("")
        out["confirmed_by"] = [c if isinstance(c, list) else [] for c in out["confirmed_by"]]
        return out

    def filter_frame(self, mentions: pd.DataFrame, statuses: tuple[str, ...] = ("confirmed",)) -> pd.DataFrame:
        """The mentions whose review status is one of ``statuses`` (``--reviewed``: confirmed only),
        with the columns of :meth:`with_status`."""
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise ReviewError(f"review status {bad[0]!r} is not one of {', '.join(STATUSES)}")
        out = self.with_status(mentions)
        return out[out["review_status"].isin(statuses)].reset_index(drop=True)

    def audit(self, limit: int = 100, what: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """The audit log, newest first: id, at, who, what, target, before, after, undoes (only the entries
        whose ``what`` is one of ``what``, when given)."""
        where = f" WHERE what IN ({', '.join('?' * len(what))})" if what else ""
        rows = self.store.db.execute("SELECT id, at, who, what, target, before, after, undoes FROM review_audit"
                                     f"{where} ORDER BY id DESC LIMIT ?", (*what, limit)).fetchall()
        return [{"id": r[0], "at": r[1], "who": r[2], "what": r[3], "target": json.loads(r[4]),
                 "before": json.loads(r[5]), "after": json.loads(r[6]), "undoes": r[7]} for r in rows]

    # -- sources -----------------------------------------------------------------------------------
    def grade_source(self, source: str, reliability: str, *, reviewer: str) -> None:
        """Grade an outlet on the Admiralty reliability scale (A–F), audited."""
        if reliability not in RELIABILITY:
            raise ReviewError(f"reliability {reliability!r} is not one of {', '.join(RELIABILITY)}")
        with self._write() as db:
            row = db.execute("SELECT id FROM sources WHERE name = ?", (source,)).fetchone()
            if row is None:
                raise ReviewError(f"source {source!r} is not stored")
            old = db.execute("SELECT reliability FROM source_grades WHERE source_id = ?", (row[0],)).fetchone()
            db.execute("INSERT INTO source_grades (source_id, reliability, graded_by, graded_at) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT (source_id) DO UPDATE SET reliability = excluded.reliability,"
                       " graded_by = excluded.graded_by, graded_at = excluded.graded_at",
                       (row[0], reliability, reviewer, _now()))
            self._audit(db, reviewer, "grade", source, old[0] if old else None, reliability)

    def grades(self) -> dict[str, str]:
        rows = self.store.db.execute("SELECT s.name, g.reliability FROM source_grades g JOIN sources s ON s.id = g.source_id")
        return {str(r[0]): str(r[1]) for r in rows}


__all__ = ["DECISIONS", "RELIABILITY", "STATUSES", "Decision", "ReviewConflictError", "ReviewError", "Reviews", "change_marker"]
