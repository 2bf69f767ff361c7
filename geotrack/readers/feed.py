"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``, and feed URLs), by feedparser.

Each entry is a document: its text is the entry's content (else its summary) as plain text, with its
link, id, title and date; its source is the entry's own ``<source>`` title, else the feed's title
(``--source`` overrides both; the link's domain is the last resort). Malformed XML is reported and
nothing of the feed is stored; an entry without text is reported and the others are read.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import feedparser

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodeError, decode
from geotrack.readers.htmlpage import html_to_text

# feedparser's harmless complaints: a declared encoding that differs from the HTTP one, a content type.
_BENIGN = ("CharacterEncodingOverride", "NonXMLContentType")


def _when(entry: Any) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value: time.struct_time | None = entry.get(key)
        if value:
            return datetime(*value[:6], tzinfo=timezone.utc).isoformat(timespec="seconds")
    return ""


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        text = html_to_text(content.get("value") or "")
        if text:
            return text
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    path = origin.path
    if not data.strip():
        yield ReadProblem(path, "empty file")
        return
    try:
        decode(data)  # refuse binary or undecodable input before feedparser guesses at it
    except DecodeError as exc:
        yield ReadProblem(path, str(exc))
        return
    parsed = feedparser.parse(data, response_headers={"content-location": origin.url} if origin.url else None)
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and type(problem).__name__ not in _BENIGN:
        line = getattr(problem, "getLineNumber", lambda: None)()
        reason = getattr(problem, "getMessage", lambda: str(problem))()
        yield ReadProblem(path, f"malformed XML feed ({reason})", line)
        return
    if not parsed.get("version") and not parsed.entries:
        yield ReadProblem(path, "not an RSS or Atom feed")
        return
    feed_title = (parsed.feed.get("title") or "").strip()
    for index, entry in enumerate(parsed.entries, start=1):
        text = _entry_text(entry)
        link = entry.get("link") or ""
        if not text:
            yield ReadProblem(path, f"entry {index} ({link or entry.get('id') or 'no link'}): no content or summary")
            continue
        source = (entry.get("source") or {}).get("title") or feed_title
        yield Document(
            id=entry.get("id") or link or f"{path}#{index}",
            text=text,
            source=source.strip(),
            url=link,
            title=html_to_text(entry.get("title") or ""),
            published=_when(entry),
            path=path,
        )
