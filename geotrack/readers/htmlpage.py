"""Saved web pages (``.html``, ``.htm``): the main article text and its metadata, by trafilatura.

The page is decoded with the charset it declares (``<meta charset>``) when that decodes cleanly, else
by :func:`geotrack.readers.decode.decode`. From the page's metadata come ``title``, ``published``
(``article:published_time`` and the like), ``source`` (``og:site_name``) and ``url`` (the canonical
link, else the URL the page was fetched from).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import trafilatura

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodeError, decode, looks_like_text

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


def read_html(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    try:
        page = decode_html(data, origin.path)
    except DecodeError as exc:
        yield ReadProblem(origin.path, str(exc))
        return
    result = trafilatura.bare_extraction(page, url=origin.url or None, with_metadata=True, favor_recall=True)
    meta = result.as_dict() if result is not None and not isinstance(result, dict) else (result or {})
    text = (meta.get("text") or "").strip()
    if not text:
        yield ReadProblem(origin.path, "no article text found in the HTML page")
        return
    url = meta.get("url") or origin.url
    yield Document(
        id=url or origin.path,
        text=text,
        source=(meta.get("sitename") or "").strip(),
        url=url or "",
        title=(meta.get("title") or "").strip(),
        published=meta.get("date") or "",
        path=origin.path,
    )
