"""Sentence cutting shared by the extractors: the sentence around a span, found locally.

A sentence ends at ``. ! ? ؟ …`` followed by whitespace or a closing quote or bracket (so a dot inside
a number or "U.S" does not end it), or at a line break. The search looks at most SENTENCE_MAX
characters either side of the span, so its cost does not grow with the document.
"""

from __future__ import annotations

import re

SENTENCE_MAX = 600
SENT_CHARS = ".!?؟…\n"
_SENT_SEARCH = re.compile("[.!?؟…\n]")
_SENT_FOLLOW = frozenset(" \t\r\n\"'»”)]\xa0")


def sentence_start(text: str, start: int) -> int:
    """Offset just after the sentence end before ``start`` (searched within SENTENCE_MAX characters)."""
    lo = max(0, start - SENTENCE_MAX)
    pos = start
    while pos > lo:
        cut = max([text.rfind(c, lo, pos) for c in SENT_CHARS])
        if cut < 0:
            break
        if text[cut] == "\n" or text[cut + 1] in _SENT_FOLLOW:
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
        if text[cut] == "\n" or cut + 1 >= n or text[cut + 1] in _SENT_FOLLOW:
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
