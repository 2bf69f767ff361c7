"""Plain text and Markdown (``.txt``, ``.md``): the whole file is one document.

The title is the first non-empty line (Markdown ``#`` marks removed) when it is shorter than 200
characters; the id is the file's path.
"""

from __future__ import annotations

from collections.abc import Iterator

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodeError, decode

MAX_TITLE = 200


def title_of(text: str) -> str:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line if len(line) < MAX_TITLE else ""
    return ""


def read_text(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    try:
        text = decode(data)
    except DecodeError as exc:
        yield ReadProblem(origin.path, str(exc))
        return
    yield Document(id=origin.url or origin.path, text=text, url=origin.url, title=title_of(text), path=origin.path)
