"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``, and feed URLs), by feedparser.

Each entry is a document: its text is the entry's content (else its summary) as plain text, with its
link, id, title and date; its source is the entry's own ``<source>`` title, else the feed's title
(``--source`` overrides both; the link's domain is the last resort). Malformed XML is reported and
nothing of the feed is stored; an entry without text is reported and the others are read.

A feed whose prolog (what comes before the root element: the XML declaration, comments, the
``DOCTYPE``) declares an XML entity, general or parameter, is refused *before* it is parsed
(:func:`declared_entity`): one 50 KB entity referenced a few thousand times expands to gigabytes, and
expat's amplification limit only stops it after tens of seconds. RSS and Atom have no use for entity
declarations; a ``DOCTYPE`` without them (RSS 0.91's ``PUBLIC`` one) is read as before, and nothing a
``DOCTYPE`` points to is ever fetched. The prolog is looked at both as geotrack decodes the bytes and as
feedparser converts them to UTF-8 for its parser, so a feed in UTF-16 or with an odd declared encoding
cannot hide a declaration; a ``<!ENTITY`` anywhere in the prolog counts, inside a comment too (feedparser
itself would revive a commented-out one).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodeError, decode
from geotrack.readers.htmlpage import html_to_text
from geotrack.readers.meta import read_date


def _feedparser_utf8(data: bytes) -> bytes | None:
    """What feedparser hands its XML parser: the bytes converted to UTF-8 by its own encoding rules
    (None when this feedparser lacks the function; feedparser is imported when a feed is read, not at
    start-up)."""
    try:
        from feedparser.encodings import convert_to_utf8
    except ImportError:  # pragma: no cover - a feedparser without the function: geotrack's decoding alone
        return None
    return bytes(convert_to_utf8({}, data, {}))

# feedparser's harmless complaints: a declared encoding that differs from the HTTP one, a content type.
_BENIGN = ("CharacterEncodingOverride", "NonXMLContentType")


def _when(entry: Any) -> str:
    """The entry's date: feedparser's reading of it, unless the value as written is impossible or outside
    the plausible window (:func:`geotrack.readers.meta.read_date`): feedparser turns 30 February into
    1 March and the year -1 into 2000, so then the raw value is passed on, to be refused with a warning
    when the document is completed."""
    for key in ("published", "updated", "created"):
        raw: str = entry.get(key) or ""
        value: time.struct_time | None = entry.get(f"{key}_parsed")
        if raw and read_date(raw).problem:
            return raw
        if value:
            try:
                return datetime(*value[:6], tzinfo=timezone.utc).isoformat(timespec="seconds")
            except ValueError:  # a year feedparser made up (0000-00-00 gives -1)
                return raw
    return ""


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        text = html_to_text(content.get("value") or "")
        if text:
            return text
    return html_to_text(entry.get("summary") or entry.get("description") or "")


_ENTITY_DECL = re.compile(r"<!ENTITY", re.IGNORECASE)
#: A start tag (or anything feedparser takes for the root element: ``<`` then a word character).
_ROOT_START = re.compile(r"<[^!?/\s<>]")
_WORD_START = re.compile(r"<\w")
_QUOTE_OR_BRACKET = re.compile(r"[\"'\[\]>]|<!--|<\?")


def _skip_past(text: str, start: int, end_mark: str) -> int:
    """The offset right after the next ``end_mark`` from ``start``; ``len(text)`` when there is none."""
    at = text.find(end_mark, start)
    return len(text) if at < 0 else at + len(end_mark)


def _doctype_end(text: str, i: int) -> int:
    """The offset after the ``>`` closing the DOCTYPE whose body starts at ``i``: quoted literals,
    comments and processing instructions are skipped, the internal subset ``[...]`` is gone through."""
    depth = 0
    while True:
        m = _QUOTE_OR_BRACKET.search(text, i)
        if m is None:
            return len(text)
        token = m.group()
        if token in ('"', "'"):
            i = _skip_past(text, m.end(), token)
        elif token == "<!--":
            i = _skip_past(text, m.end(), "-->")
        elif token == "<?":
            i = _skip_past(text, m.end(), "?>")
        elif token == "[":
            depth, i = depth + 1, m.end()
        elif token == "]":
            depth, i = max(0, depth - 1), m.end()
        elif depth == 0:  # ">"
            return m.end()
        else:
            i = m.end()


def _prolog_end(text: str) -> int:
    """Where the root element starts in ``text`` (``len(text)`` when it never does): the XML
    declaration, processing instructions, comments and the DOCTYPE are skipped as XML defines them."""
    i, n = 0, len(text)
    while i < n:
        i = text.find("<", i)
        if i < 0:
            return n
        if text.startswith("<?", i):
            i = _skip_past(text, i + 2, "?>")
        elif text.startswith("<!--", i):
            i = _skip_past(text, i + 4, "-->")
        elif text[i:i + 9].upper() == "<!DOCTYPE":
            i = _doctype_end(text, i + 9)
        elif _ROOT_START.match(text, i):
            return i
        else:  # "<!" of something else, "</", a stray "<": not a root element
            i += 1
    return n


def _entity_in_prolog(text: str) -> tuple[int, str] | None:
    root = _prolog_end(text)
    first_word = _WORD_START.search(text)  # feedparser's own idea of where the prolog ends
    end = max(root, first_word.start() if first_word else len(text))
    m = _ENTITY_DECL.search(text, 0, end)
    if m is None:
        return None
    decl = text[m.start():m.start() + 60]
    cut = decl.find(">")
    decl = decl[:cut + 1] if cut >= 0 else decl + "..."
    return text.count("\n", 0, m.start()) + 1, " ".join(decl.split())


def declared_entity(data: bytes, text: str | None = None) -> tuple[int | None, str] | None:
    """The line and the (shortened) text of the first ``<!ENTITY`` declaration in the prolog of the
    feed ``data``, or None when there is none. ``text`` is ``data`` as geotrack decodes it (decoded here
    when not given); the line is None when only feedparser's view of the bytes shows the declaration
    (feedparser rewrites the XML declaration, so its line numbers may be off by one)."""
    if text is None:
        try:
            text = decode(data)
        except DecodeError:
            text = ""
    found = _entity_in_prolog(text)
    if found:
        return found
    try:
        utf8 = _feedparser_utf8(data) or data
    except Exception:  # feedparser's own guess failing is feedparser's problem, later
        utf8 = data
    seen = _entity_in_prolog(utf8.decode("latin-1"))  # the markup is ASCII: one byte, one character
    return (None, seen[1]) if seen else None


def looks_like_feed(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<?xml") or b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def read_feed(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    path = origin.path
    if not data.strip():
        yield ReadProblem(path, "empty file")
        return
    try:
        text = decode(data)  # refuse binary or undecodable input before feedparser guesses at it
    except DecodeError as exc:
        yield ReadProblem(path, str(exc))
        return
    entity = declared_entity(data, text)
    if entity is not None:
        line, decl = entity
        yield ReadProblem(path, f"the feed declares an XML entity ({decl!r}): refused unread, as entity expansion"
                                " can take gigabytes of memory; ask the publisher for a feed without a DOCTYPE"
                                " declaring entities", line)
        return
    import feedparser

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
