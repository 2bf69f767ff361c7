"""Plain text and Markdown (``.txt``, ``.md``): the whole file is one document.

The title is the first non-empty line (Markdown ``#`` marks removed) when it is shorter than 200
characters; the source is read from a last line such as ``المصدر: بوابة الصحراء``, ``Source: Sahel
Monitor`` or ``(c) North Africa Wire``; the id is the file's path (or the URL asked for).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodeError, decode

MAX_TITLE = 200
_SOURCE_LINE = re.compile(r"^(?:المصدر\s*[:：]|source\s*:|\(c\)|©|copyright\s)\s*(?P<name>\S.{0,79})$", re.IGNORECASE)


def source_line(text: str) -> str:
    """The outlet named on the last non-empty line (``المصدر: ...``, ``Source: ...``, ``(c) ...``), or ``""``."""
    tail = text[-300:].rstrip().rsplit("\n", 1)[-1].strip()
    m = _SOURCE_LINE.match(tail)
    return m.group("name").strip() if m else ""


def title_of(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) < MAX_TITLE else ""
    return ""


def read_text(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    try:
        text = decode(data, origin.path)
    except DecodeError as exc:
        yield ReadProblem(origin.path, str(exc))
        return
    yield Document(id=origin.path, text=text, url=origin.url, title=title_of(text),
                   source=source_line(text), path=origin.path)
