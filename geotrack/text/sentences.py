"""Sentence cutting shared by the extractors: the sentence around a span, found locally.

A sentence ends at ``. ! ? ؟ …`` followed by whitespace or a closing quote or bracket (so a dot inside
a number or "U.S" does not end it), or at a line break. The last dot of an abbreviation written with
dots between capitals ("U.S.", "U.K.", "U.N.") does not end a sentence either: "The U.S. forces arrived"
is one sentence. Paragraphs (:func:`blank_line_before`, :func:`blank_line_after`) end at a blank line:
a line break followed by a line that is empty or holds only spaces (``"\n \n"``). The search looks at most SENTENCE_MAX
characters either side of the span, so its cost does not grow with the document.
"""

from __future__ import annotations

import re
from typing import Final

from geotrack.text.normalize import bisect_right

SENTENCE_MAX: Final = 600
SENT_CHARS: Final = ".!?؟…\n"
_SENT_SEARCH: Final = re.compile("[.!?؟…\n]")
_SENT_FOLLOW: Final = frozenset(" \t\r\n\"'»”)]\xa0")


def _abbreviation(text: str, i: int) -> bool:
    """Is the dot at ``i`` the last one of an abbreviation like "U.S."? (a capital with a dot before it)"""
    return i >= 2 and text[i] == "." and text[i - 2] == "." and "A" <= text[i - 1] <= "Z"


def sentence_start(text: str, start: int) -> int:
    """Offset just after the sentence end before ``start`` (searched within SENTENCE_MAX characters)."""
    lo = max(0, start - SENTENCE_MAX)
    pos = start
    while pos > lo:
        cut = max([text.rfind(c, lo, pos) for c in SENT_CHARS])
        if cut < 0:
            break
        if text[cut] == "\n" or (text[cut + 1] in _SENT_FOLLOW and not _abbreviation(text, cut)):
            return cut + 1
        pos = cut  # a dot inside a number or an abbreviation: look further back
    return lo


def sentence_end(text: str, end: int) -> int:
    n = len(text)
    hi = min(n, end + SENTENCE_MAX)
    pos = end
    while pos < hi:
        m = _SENT_SEARCH.search(text, pos, hi)
        if m is None:
            break
        cut = m.start()
        if text[cut] == "\n" or cut + 1 >= n or (text[cut + 1] in _SENT_FOLLOW and not _abbreviation(text, cut)):
            return cut + 1
        pos = cut + 1
    return hi



def cut(text: str, a: int, b: int) -> str:
    """``text[a:b]`` stripped, with an ellipsis on a side where the cut is not a sentence end."""
    return ("…" if a and text[a - 1] not in SENT_CHARS else "") + text[a:b].strip() + (
        "…" if b < len(text) and text[b - 1] not in SENT_CHARS else "")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]`` (see :func:`cut`)."""
    return cut(text, sentence_start(text, start), sentence_end(text, end))


def sentence_ends(text: str) -> list[int]:
    """Every offset just after a sentence end in ``text``, ascending (one pass per terminator)."""
    n = len(text)
    out: list[int] = []
    for c in SENT_CHARS:
        i = text.find(c)
        while i >= 0:
            if c == "\n" or i + 1 >= n or (text[i + 1] in _SENT_FOLLOW and not (c == "." and _abbreviation(text, i))):
                out.append(i + 1)
            i = text.find(c, i + 1)
    out.sort()
    return out


def sentence_index(ends: list[int], pos: int) -> int:
    """Which sentence (0-based) the character at ``pos`` is in, given :func:`sentence_ends`."""
    return bisect_right(ends, pos)


def sentence_span(ends: list[int], n: int, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``[start, end)`` given :func:`sentence_ends` of a text of length
    ``n``: the same as :func:`sentence_start` and :func:`sentence_end`, found by bisection."""
    i = bisect_right(ends, start)
    a = ends[i - 1] if i else 0
    j = bisect_right(ends, end)
    b = ends[j] if j < len(ends) else n
    return max(a, start - SENTENCE_MAX), min(b, end + SENTENCE_MAX)


_LINE_SPACE: Final = " \t\r\xa0"


def _blank_after_break(text: str, i: int) -> int:
    """If the line break at ``i`` is followed by a line of spaces only and another line break, the offset
    of that second line break; else -1."""
    n = len(text)
    j = i + 1
    while j < n and text[j] in _LINE_SPACE:
        j += 1
    return j if j < n and text[j] == "\n" else -1


def blank_line_before(text: str, pos: int) -> int:
    """The offset of the first line break of the last blank line (a line of spaces only counts) that ends
    before ``pos``, or -1."""
    i = text.rfind("\n", 0, pos)
    while i > 0:
        k = text.rfind("\n", 0, i)
        if k >= 0 and _blank_after_break(text, k) == i:
            return k
        i = k
    return -1


def blank_line_after(text: str, pos: int) -> int:
    """The offset of the first line break of the first blank line (a line of spaces only counts) at or
    after ``pos``, or -1."""
    i = text.find("\n", pos)
    while i >= 0:
        j = _blank_after_break(text, i)
        if j >= 0:
            return i
        i = text.find("\n", i + 1)
    return -1
