"""What every reader shares: the problem record, the reader options and the reader signature.

A reader is a function ``(data, origin, options) -> Iterator[Document | ReadProblem]`` over the raw
bytes of one input. It never raises for bad input: it yields a :class:`ReadProblem` naming the input
(and the line or item when known) and goes on with the rest when it can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from geotrack.models import Document

#: The document fields a JSON object, JSON line or CSV row may carry, and their default column names.
DOCUMENT_FIELDS = ("id", "title", "text", "url", "source", "published", "lang")

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
    """One input that could not be read: where (path, and line when known) and why."""

    path: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"

    def to_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class ReaderOptions:
    """Options shared by the readers.

    ``fields`` renames document fields to the column or key names of the input
    (``{"text": "body"}``); a field not named keeps its own name.
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
