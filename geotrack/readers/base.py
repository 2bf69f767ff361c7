"""What every reader shares: the problem record, the reader options and the reader signature.

A reader is a function ``(data, origin, options) -> Iterator[Document | ReadProblem]`` over the raw
bytes of one input. It never raises for bad input: it yields a :class:`ReadProblem` naming the input
(and the line or item when known) and goes on with the rest when it can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from geotrack.models import Document
from geotrack.readers.fields import DOCUMENT_FIELDS as DOCUMENT_FIELDS  # re-exported

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, one for one (offsets unchanged).

    JSON can escape half of a UTF-16 pair (``"\\ud800"``); such a string cannot be encoded as UTF-8, so
    it could be neither scanned nor stored."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def may_hold_surrogates(json_text: str) -> bool:
    """Can ``json.loads(json_text)`` give a string with a lone surrogate? Only through a ``\\ud8..\\udf``
    escape (decoded text never holds one)."""
    return "\\ud" in json_text or "\\uD" in json_text


@dataclass(frozen=True)
class ReadProblem:
    """One input that could not be read: where (path, and line when known) and why.

    ``count`` is more than 1 for a summary of the same problem repeated in one input (see
    :func:`summarised`): ``data.json: 5000 items skipped: expected a JSON object, got int (items 1, 2, 3, …)``.
    """

    path: str
    reason: str
    line: int | None = None
    count: int = 1

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "reason": self.reason, "count": self.count}


#: Problems of one kind in one input shown one by one up to this many; more are summarised in one.
SHOWN_PROBLEMS = 3
_NUMBERED = re.compile(r"^(item|entry) (\d+)(?: \([^)]*\))?: ")
_DIGITS = re.compile(r"\d+")


def _place(problem: ReadProblem) -> tuple[str, int | None, str]:
    """``(unit, number, reason without its place)``: ``("item", 3, "no 'text' field")``."""
    m = _NUMBERED.match(problem.reason)
    if m:
        return m.group(1), int(m.group(2)), problem.reason[m.end():]
    if problem.line is not None:
        return "line", problem.line, problem.reason
    return "", None, problem.reason


def summarised(items: Iterable[Item], shown: int = SHOWN_PROBLEMS) -> Iterator[Item]:
    """``items`` with repeated problems of each input summarised: documents pass at once; the problems of
    an input are held (at most ``shown + 1`` of each kind) and given when the input ends. A kind seen at
    most ``shown`` times gives its problems as they were; more give one :class:`ReadProblem` with the
    count and the first ``shown`` places (``120 lines skipped: not JSON (…) (lines 4, 9, 17, …)``).
    Problems of one kind are the same reason at different items or lines (numbers in it aside)."""
    held: dict[tuple[str, str, str], list[ReadProblem]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    path = None
    for item in items:
        if isinstance(item, ReadProblem):
            if item.path != path:
                yield from _release(held, counts)
                path = item.path
            unit, _, reason = _place(item)
            key = (item.path, unit, _DIGITS.sub("#", reason))
            counts[key] = counts.get(key, 0) + item.count
            kept = held.setdefault(key, [])
            if len(kept) <= shown or not unit:
                kept.append(item)
        else:
            yield item
    yield from _release(held, counts, shown)


def _release(held: dict[tuple[str, str, str], list[ReadProblem]], counts: dict[tuple[str, str, str], int],
             shown: int = SHOWN_PROBLEMS) -> Iterator[ReadProblem]:
    out: list[tuple[tuple[int, int], ReadProblem]] = []
    for key, kept in held.items():
        count = counts[key]
        if count <= shown or key[1] == "":
            out.extend(((_place(p)[1] or 0, i), p) for i, p in enumerate(kept))
            continue
        unit, first, reason = _place(kept[0])
        places = ", ".join(str(_place(p)[1]) for p in kept[:shown])
        summary = f"{count} {unit}s skipped: {reason} ({unit}s {places}, …)"
        out.append(((first or 0, 0), ReadProblem(kept[0].path, summary, count=count)))
    held.clear()
    counts.clear()
    for _, problem in sorted(out, key=lambda pair: pair[0]):
        yield problem


@dataclass(frozen=True)
class ReaderOptions:
    """Options shared by the readers.

    ``fields`` renames document fields to the column or key names of the input
    (``{"text": "body"}``); a field not named is looked for under its own name and the names it goes by
    in real exports (:data:`~geotrack.readers.fields.FIELD_ALIASES`).
    """

    fields: Mapping[str, str] = field(default_factory=dict)

    def column(self, name: str) -> str:
        return self.fields.get(name, name)


@dataclass(frozen=True)
class Origin:
    """Where the bytes came from: the path (or URL, or ``<stdin>``) and, for URLs, the final URL."""

    path: str
    url: str = ""


Item = Document | ReadProblem
Reader = Callable[[bytes, Origin, ReaderOptions], Iterator[Item]]
#: A reader of a binary stream (a file read as it goes): memory bounded by a line, whatever the size.
StreamReader = Callable[[BinaryIO, Origin, ReaderOptions], Iterator[Item]]
