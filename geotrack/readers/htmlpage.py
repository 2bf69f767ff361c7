"""Saved web pages (``.html``, ``.htm``): the main article text and its metadata, by trafilatura.

The page is decoded with the charset it declares (``<meta charset>``) when that decodes cleanly, else
by :func:`geotrack.readers.decode.decode`. From the page's metadata come ``title``, ``published``
(``article:published_time`` and the like), ``source`` (``og:site_name``) and ``url`` (the canonical
link, else the URL the page was fetched from).

When the article extractor finds nothing (a page whose article sits in 100,000 nested ``div``
elements, say) or the page is too long for it (:data:`MAX_EXTRACT_CHARS`), the page's plain text
(:func:`plain_text`, linear in its length) is stored instead, with a warning.
"""

from __future__ import annotations

import codecs
import html
import logging
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodeError, decode, looks_like_text

log = logging.getLogger("geotrack")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section",
                         "article"})


def decode_html(data: bytes, path: str = "") -> str:
    """Decode a page with its declared charset when that works, else by detection."""
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if text.strip() and looks_like_text(text):
                return text
    return decode(data, path)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content): tags dropped, entities resolved,
    one line per block, runs of spaces folded."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


#: Pages longer than this (characters) skip the article extractor, whose time grows too fast with them
#: (minutes on a 30 MB page): their plain text is stored, with a warning.
MAX_EXTRACT_CHARS = 5_000_000
#: At most this many characters of a page are read for its plain text (the rest is dropped, with a warning).
MAX_PLAIN_CHARS = 64_000_000
#: The plain text of a page is kept when it holds at least this many letters or digits.
MIN_PLAIN_TEXT = 40

_SKIPPED = re.compile(r"<!--|<(script|style|noscript|template|title)\b", re.IGNORECASE)
_SKIPPED_END = {"<!--": "-->", "script": "</script", "style": "</style", "noscript": "</noscript",
                "template": "</template", "title": "</title"}
_BLOCK = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|td|blockquote|section|article|header|footer|ul|ol|table|pre)\b"
                    r"[^<>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_TITLE = re.compile(r"<title\b[^<>]*>([^<]{1,500})</title", re.IGNORECASE)
_WORD = re.compile(r"\w")


def plain_text(page: str) -> str:
    """The text of an HTML page without its markup: comments, scripts, styles and the title dropped, one line per
    block, entities resolved, runs of spaces folded. Linear in the page's length whatever its nesting
    (100,000 nested ``div`` elements, one 30 MB line): a fallback for pages the article extractor fails on."""
    kept: list[str] = []
    pos = 0
    lower = page.lower()
    while True:
        m = _SKIPPED.search(page, pos)
        if m is None:
            kept.append(page[pos:])
            break
        kept.append(page[pos:m.start()])
        end = lower.find(_SKIPPED_END[(m.group(1) or "<!--").lower()], m.end())
        if end < 0:
            break
        close = page.find(">", end)
        pos = len(page) if close < 0 else close + 1
    del lower
    text = _TAG.sub("", _BLOCK.sub("\n", "".join(kept)))
    lines = (" ".join(line.split()) for line in html.unescape(text).split("\n"))
    return "\n".join(line for line in lines if line)


def _fallback(page: str, origin: Origin, why: str) -> Document | None:
    """The page's plain text as a document, with a warning saying why, or ``None`` if it has hardly any."""
    cut = len(page) > MAX_PLAIN_CHARS
    text = plain_text(page[:MAX_PLAIN_CHARS])
    if len(_WORD.findall(text[:10_000])) < MIN_PLAIN_TEXT:
        return None
    title = _TITLE.search(page[:200_000])
    more = f"; only its first {MAX_PLAIN_CHARS:,} characters were read" if cut else ""
    log.warning("%s: %s; stored the page's plain text instead (menus and all)%s", origin.path, why, more)
    return Document(id=origin.path, text=text, url=origin.url,
                    title=" ".join(html.unescape(title.group(1)).split()) if title else "", path=origin.path)


def read_html(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    try:
        page = decode_html(data, origin.path)
    except DecodeError as exc:
        yield ReadProblem(origin.path, str(exc))
        return
    del data
    if len(page) > MAX_EXTRACT_CHARS:
        doc = _fallback(page, origin, f"the page is too long for article extraction ({len(page):,} characters)")
        yield doc if doc is not None else ReadProblem(origin.path, "no text found in the HTML page")
        return
    import trafilatura  # imported when a page is read, not at start-up

    result = trafilatura.bare_extraction(page, url=origin.url or None, with_metadata=True, favor_recall=True)
    meta = result.as_dict() if result is not None and not isinstance(result, dict) else (result or {})
    text = (meta.get("text") or "").strip()
    if not text:
        doc = _fallback(page, origin, "no article text found in the HTML page")
        yield doc if doc is not None else ReadProblem(origin.path, "no article text found in the HTML page")
        return
    url = meta.get("url") or origin.url
    yield Document(
        id=origin.path,  # the input as given: its path, or the URL asked for
        text=text,
        source=(meta.get("sitename") or "").strip(),
        url=url or "",
        title=(meta.get("title") or "").strip(),
        published=meta.get("date") or "",
        path=origin.path,
    )
