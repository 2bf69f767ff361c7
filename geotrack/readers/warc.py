"""Web archives (``.warc``, ``.warc.gz``; old ``.arc``, ``.arc.gz``): the HTML pages a crawler stored.

The format of CC-NEWS and of most web archives, read with ``warcio`` record by record as the file is
read (a 1 GB archive never sits in memory; one record's body does, up to :data:`MAX_BODY_BYTES`).

Kept: ``response`` records whose HTTP status is 200 and whose content type is HTML (``text/html``,
``application/xhtml+xml``). Each body goes through the HTML reader
(:func:`geotrack.readers.htmlpage.read_html`: the article extractor and its plain-text fallback), and
gives a document whose

- ``id`` and ``url`` are the record's ``WARC-Target-URI`` (the address the page was captured from, not
  the canonical link the page may declare);
- ``published`` is the page's own date when the HTML reader finds one (``article:published_time``,
  JSON-LD and the like: when the article was published), else the record's ``WARC-Date`` (when it was
  captured; a news crawl such as CC-NEWS captures pages within hours or days of publication). The HTTP
  ``Date`` header is not used: it is the capture time again, as the server's clock saw it;
- ``path`` is the archive's path.

Every other record (requests, metadata, warcinfo, revisits, responses with another status or another
content type) is passed over and counted; the counts of a file are logged once, at the end of the file
(:class:`WarcCounts`). An archive holding no HTML page at all gives a :class:`ReadProblem` with the
counts. A truncated or corrupt archive (a gzip member cut short, bytes that are not a record) ends the
file with one problem naming the byte offset of the record that could not be read; the documents read
before it are kept.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.htmlpage import read_html

log = logging.getLogger("geotrack")

#: The content types read as HTML pages (parameters such as ``charset`` aside).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
#: A record body longer than this (bytes) is passed over (counted as ``body over N bytes``).
MAX_BODY_BYTES = 64 * 1024 * 1024


@dataclass
class WarcCounts:
    """What one archive held: the pages read and, by reason, the records passed over."""

    pages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def records(self) -> int:
        return self.pages + sum(self.skipped.values())

    def summary(self) -> str:
        """``"12 record(s) passed over (6 request, 3 HTTP status 404, 3 not HTML (image/jpeg))"``: the most
        frequent reason first; ``""`` when none was."""
        total = sum(self.skipped.values())
        if not total:
            return ""
        parts = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])))
        return f"{total} record(s) passed over ({parts})"


def _skip_reason(record: Any) -> str:
    """Why a record is not a page to read, or ``""`` when it is one."""
    kind = record.rec_type or "unknown"
    if kind != "response":
        return kind
    http = record.http_headers
    if http is None:
        return "response without HTTP headers"
    status = http.get_statuscode() or "?"
    if status != "200":
        return f"HTTP status {status}"
    ctype = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if ctype not in HTML_TYPES:
        return f"not HTML ({ctype or 'no content type'})"
    return ""


def _drained(record: Any) -> bool:
    """Read the rest of a record; did it hold every byte its ``Content-Length`` announced?"""
    raw = record.raw_stream
    while raw.read(64 * 1024):
        pass
    return getattr(raw, "limit", 0) <= 0


def _read_body(record: Any) -> tuple[bytes | None, bool]:
    """``(body, complete)``: the decoded body (``None`` when over :data:`MAX_BODY_BYTES`) and whether the
    record held every byte its ``Content-Length`` announced."""
    body = record.content_stream().read(MAX_BODY_BYTES + 1)
    return (None if len(body) > MAX_BODY_BYTES else body), _drained(record)


class _MemberEnd:
    """Remembers whether the last gzip member of an archive ended properly (warcio ends a file at a member
    cut short as at the end of the file, saying nothing)."""

    def __init__(self, reader: Any) -> None:
        self.complete = True
        self._reader = reader
        self._close = reader.close_decompressor
        reader.close_decompressor = self.close_decompressor

    def close_decompressor(self) -> None:
        decompressor = self._reader.decompressor
        if decompressor is not None and getattr(decompressor, "eof", True) is False:
            self.complete = False
        self._close()


class _QuietFallback(logging.Filter):
    """Holds back the HTML reader's per-page warning (plain text stored instead of an article) for the
    pages of one archive, counting them: the archive's summary says how many."""

    def __init__(self) -> None:
        super().__init__()
        self.page = ""
        self.count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if self.page and isinstance(args, tuple) and args and args[0] == self.page:
            self.count += 1
            return False
        return True


def _broken(path: str, offset: int, exc: BaseException | str) -> ReadProblem:
    """The problem that ends an archive at the record starting at byte ``offset`` (of the file as stored)."""
    if isinstance(exc, str):
        what = exc
    else:
        first = (str(exc).strip().splitlines() or [""])[0].split("first line:")[0].rstrip(" ,:")  # not the bytes
        first = "".join(c for c in first if " " <= c <= "~")[:100] or "no detail"
        what = f"{type(exc).__name__}: {first}"
    return ReadProblem(path, f"archive unreadable from byte {offset} on ({what}); the records before it were read;"
                             " the file is truncated or corrupt: fetch it again")


def read_warc_stream(stream: BinaryIO, origin: Origin, options: ReaderOptions,
                     counts: WarcCounts | None = None) -> Iterator[Item]:
    """Documents of a WARC/ARC stream, gzip-compressed or not, read record by record (see the module
    doc); ``counts`` (when given) receives what the archive held."""
    from warcio.archiveiterator import ArchiveIterator

    path = origin.path
    counts = counts if counts is not None else WarcCounts()
    quiet = _QuietFallback()
    log.addFilter(quiet)
    records = ArchiveIterator(stream, arc2warc=True)
    member = _MemberEnd(records.reader)
    failed = False
    try:
        it = iter(records)
        while True:
            offset = records.offset
            try:
                record = next(it)
            except StopIteration:
                if records.offset == 0 and not counts.records and records.fh.tell() == 0:
                    yield ReadProblem(path, "empty file")
                    return
                if not member.complete or records.fh.tell() > records.offset:
                    cause = "a gzip member cut short" if not member.complete else "a record cut short in its headers"
                    # a member cut in its trailer, after its record was read, is that record's; else the next one's
                    at = offset if records.offset >= records.fh.tell() else records.offset
                    yield _broken(path, at, cause)
                    failed = True
                break
            except Exception as exc:  # warcio fails on bad bytes with anything (AttributeError ...)
                yield _broken(path, records.offset, exc)  # the start of the record it could not read
                failed = True
                break
            offset = records.offset
            if not record.rec_type or not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                yield _broken(path, offset, "a record without WARC-Type or Content-Length: cut short or not a record")
                failed = True
                break
            reason = _skip_reason(record)
            try:
                body, complete = (None, _drained(record)) if reason else _read_body(record)
            except Exception as exc:  # as above
                yield _broken(path, offset, exc)
                failed = True
                break
            if not complete:
                yield _broken(path, offset, "the record ends before its announced length")
                failed = True
                break
            if reason:
                counts.skipped[reason] += 1
                continue
            if body is None:
                counts.skipped[f"body over {MAX_BODY_BYTES:,} bytes"] += 1
                continue
            yield from _pages(record, body, path, options, counts, quiet)
    finally:
        log.removeFilter(quiet)
        records.close()
    summary = counts.summary()
    if quiet.count:
        summary += f"{', ' if summary else ''}{quiet.count} page(s) without an article found: their plain text stored"
    if not counts.pages and not failed:
        yield ReadProblem(path, f"no HTML page in the archive: {summary or 'no records'}")
    elif summary:
        log.info("%s: %d HTML page(s) read, %s", path, counts.pages, summary)


def _pages(record: Any, body: bytes, path: str, options: ReaderOptions, counts: WarcCounts,
           quiet: _QuietFallback) -> Iterator[Item]:
    headers = record.rec_headers
    uri = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
    captured = (headers.get_header("WARC-Date") or "").strip()
    counts.pages += 1
    quiet.page = uri
    try:
        for item in read_html(body, Origin(uri, uri), options):
            if isinstance(item, Document):
                yield replace(item, id=uri, url=uri, published=item.published or captured, path=path)
            else:
                yield ReadProblem(path, f"item {counts.records} ({uri}): {item.reason}")
    finally:
        quiet.page = ""


def read_warc(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    """Reader of a whole archive in memory (a URL's body, stdin)."""
    import io

    yield from read_warc_stream(io.BytesIO(data), origin, options)


__all__ = ["HTML_TYPES", "MAX_BODY_BYTES", "WarcCounts", "read_warc", "read_warc_stream"]
