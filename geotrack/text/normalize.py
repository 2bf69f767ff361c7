"""Normalisation of Arabic and Latin text with a map back to the original offsets.

The normalised text differs from the original in two ways only:

* characters are *deleted*: Arabic diacritics and Quranic marks, tatweel, zero-width and bidi
  controls, soft hyphens and apostrophes;
* characters are *replaced one for one*: alef and hamza forms, ى→ي, ة→ه, Persian letter forms,
  hyphens, dashes and line breaks → space, Latin case and accents.

Because replacements never change the length, the only thing needed to map a normalised offset back
to the original is the list of deletions, and that list is only computed for a text that has a match
(:class:`OffsetMap`). Everything here is a pure function of its input.
"""

from __future__ import annotations

import re
import unicodedata
from codecs import charmap_build, charmap_decode, charmap_encode
from functools import lru_cache
from typing import Final, TypeVar

#: Arabic marks that belong to the letter before them (kept inside a surface when they end it).
ARABIC_MARKS: Final = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
_OTHER_DELETABLE: Final = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u00ad\ufeff'\u2018\u2019\u02bc\u02bb\u02bf\u02be`\u00b4"
_DELETE_RE: Final = re.compile(f"[{ARABIC_MARKS}{_OTHER_DELETABLE}]")
_MARKS_RE: Final = re.compile(f"[{ARABIC_MARKS}]*")


def _expand(ranges: str) -> tuple[str, ...]:
    chars = re.findall(r".-.|.", ranges)
    out: list[str] = []
    for c in chars:
        if len(c) == 3:
            out.extend(chr(x) for x in range(ord(c[0]), ord(c[2]) + 1))
        else:
            out.append(c)
    return tuple(out)


#: Every deleted character, for the chained ``str.replace`` (a C-speed scan each, far faster than a regex
#: over the whole text; measured in benchmarks/extract_throughput.py).
_DELETED: Final[tuple[str, ...]] = _expand(ARABIC_MARKS + _OTHER_DELETABLE)
_MARK_SET: Final = frozenset(_expand(ARABIC_MARKS))
_DELETED_ASCII: Final[tuple[str, ...]] = tuple(c for c in _DELETED if c.isascii())

# One-for-one replacements, applied with chained str.replace (faster than str.translate here).
_ONE_FOR_ONE: Final[tuple[tuple[str, str], ...]] = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ئ", "ي"),
    ("ؤ", "و"),
    ("ة", "ه"),
    ("ک", "ك"),
    ("ی", "ي"),
    ("ھ", "ه"),
    ("-", " "),
    ("\u2010", " "),
    ("\u2011", " "),
    ("\u2012", " "),
    ("\u2013", " "),
    ("\u2014", " "),
    ("\n", " "),
    ("\r", " "),
    ("\t", " "),
    ("\xa0", " "),
)
_REPLACEMENTS: Final = _ONE_FOR_ONE
_REPLACEMENTS_ASCII: Final = tuple((a, b) for a, b in _ONE_FOR_ONE if a.isascii())

# The same tables split by where a character can be told from the UTF-16 bytes of a text (see
# normalize_with_deletions). Every character of _DELETED and _REPLACEMENTS is in exactly one group (tested).
_DELETED_LATIN1: Final = tuple(c for c in _DELETED if ord(c) < 0x100)
_DELETED_BY_HIGH_BYTE: Final[tuple[tuple[int, tuple[str, ...]], ...]] = tuple(
    (h, tuple(c for c in _DELETED if ord(c) >> 8 == h))
    for h in sorted({ord(c) >> 8 for c in _DELETED} - {0x00, 0x06}))
_ARABIC_MARKS: Final = tuple(c for c in _DELETED if ord(c) >> 8 == 0x06)
_REPLACEMENTS_LATIN1: Final = tuple((a, b) for a, b in _ONE_FOR_ONE if ord(a) < 0x100)
_REPLACEMENTS_ARABIC: Final = tuple((a, b) for a, b in _ONE_FOR_ONE if ord(a) >> 8 == 0x06)
_REPLACEMENTS_DASHES: Final = tuple((a, b) for a, b in _ONE_FOR_ONE if ord(a) >> 8 == 0x20)

_LONE_SURROGATE_RE: Final = re.compile(f"[{chr(0xD800)}-{chr(0xDFFF)}]")  # (mypyc takes no surrogate literal)
_LATIN_EXT_BEYOND_LATIN1_RE: Final = re.compile("[\u0100-\u024f\u1e00-\u1eff]")
#: every byte below 0xC0, deleted by bytes.translate to see whether a Latin-1 letter (U+00C0-U+00FF) is left
_BELOW_U00C0: Final = bytes(range(0xC0))


@lru_cache(maxsize=4096)
def _fold_latin_char(ch: str) -> str:
    special = {"ß": "s", "æ": "a", "Æ": "a", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ı": "i"}
    if ch in special:
        return special[ch]
    base = unicodedata.normalize("NFD", ch)[0].lower()
    return base if len(base) == 1 else ch


def _fold_everywhere(text: str, ch: str) -> str:
    folded = _fold_latin_char(ch)
    return text.replace(ch, folded) if folded != ch else text


def normalize(text: str) -> str:
    """Return the normalised form of ``text`` (see the module docstring)."""
    return normalize_for_scan(text)[0]


def normalize_with_deletions(text: str) -> tuple[str, tuple[str, ...]]:
    """``normalize(text)`` and the deletable characters that were found in ``text`` (for
    :class:`OffsetMap`, which then looks for those alone)."""
    out = text
    deleted: tuple[str, ...] = ()
    if text.isascii():  # then only the ASCII characters of the tables can occur
        for c in _DELETED_ASCII:
            if c in out:
                out = out.replace(c, "")
                deleted += (c,)
        for a, b in _REPLACEMENTS_ASCII:
            if a in out:
                out = out.replace(a, b)
        return out.lower(), deleted
    # Non-ASCII text: a hundred characters to look for, each a C-speed scan. The high bytes of the text's
    # UTF-16 code units rule out whole blocks at once: no U+06xx, no Arabic mark or letter form to look
    # for (an English article with curly quotes); no U+20xx, no bidi control or dash.
    try:
        high = text.encode("utf-16-le")[1::2]
    except UnicodeEncodeError:  # a lone surrogate (half a UTF-16 pair): U+FFFD for the scan, one for one
        out = _LONE_SURROGATE_RE.sub("\ufffd", out)
        high = out.encode("utf-16-le")[1::2]
    for c in _DELETED_LATIN1:
        if c in out:
            out = out.replace(c, "")
            deleted += (c,)
    for block, chars in _DELETED_BY_HIGH_BYTE:
        if block in high:
            for c in chars:
                if c in out:
                    out = out.replace(c, "")
                    deleted += (c,)
    # (ints, not one-byte bytes: ``bytes in bytes`` first tries the argument as an int, an exception each time)
    arabic = 0x06 in high
    if arabic:
        for c in _ARABIC_MARKS:
            if c in out:
                out = out.replace(c, "")
                deleted += (c,)
    for a, b in _REPLACEMENTS_LATIN1:
        if a in out:
            out = out.replace(a, b)
    if arabic:
        for a, b in _REPLACEMENTS_ARABIC:
            if a in out:
                out = out.replace(a, b)
    if 0x20 in high:
        for a, b in _REPLACEMENTS_DASHES:
            if a in out:
                out = out.replace(a, b)
    if out.isascii():  # (the only non-ASCII characters were ’, – or a no-break space)
        return out.lower(), deleted
    # What may be left is case and accent folding of Latin letters, and most Arabic articles have none.
    # C-speed encodings tell, several times faster than a regex scan of every character: Latin-1 with the
    # rest dropped keeps the ASCII capitals and the letters up to U+00FF; the high bytes of UTF-16 show any
    # character in U+0100-U+02FF or U+1E00-U+1EFF.
    latin1 = out.encode("latin-1", "ignore")
    accented = latin1.translate(None, _BELOW_U00C0)
    if accented:  # é, È, ß ...: each distinct letter folded with one str.replace
        for code in sorted(set(accented)):
            out = _fold_everywhere(out, chr(code))
    if 0x01 in high or 0x02 in high or 0x1E in high:  # ā, Ş, ḥ ... (rarer: a regex finds them)
        for ch in sorted(set(_LATIN_EXT_BEYOND_LATIN1_RE.findall(out))):
            out = _fold_everywhere(out, ch)
    if latin1.lower() != latin1:  # ASCII capitals; folded letters are lower-case already
        # A-Z only (letters of other scripts keep their case): bytes.lower touches ASCII alone, and UTF-8
        # never uses an ASCII byte inside a multi-byte character
        out = out.lower() if out.isascii() else out.encode("utf-8").lower().decode("utf-8")
    return out, deleted


# --- The scan page: normalisation by table ------------------------------------------------------------
# The matcher scans bytes, one per character, so that a byte offset is a character offset. Its byte
# encoding is SCAN_PAGE: ASCII, then the non-ASCII characters of Arabic and English (and some French) news,
# 256 in all. A text written in those characters alone (nearly every article) is normalised by table, in
# C-speed passes: encoded with the page, each byte mapped to the byte of its normalised character
# (``bytes.translate``; a deleted character to a marker byte, dropped after its position is noted), and
# decoded. Every character's normalisation depends on that character alone (the module docstring), so
# this is exactly normalize_with_deletions, which still does the rare text with a character outside the
# page (property-tested against each other and against a per-character reference).


def _page_characters() -> str:
    chars = [chr(c) for c in range(0x80)]
    # the Arabic letters, tatweel and the eight short-vowel marks (not U+063B-U+063F, letters of other languages)
    chars += [chr(c) for c in (*range(0x0621, 0x063B), *range(0x0640, 0x0653))]
    chars += ["\u0670", "\u060c", "\u061b", "\u061f", "\u066a"]  # superscript alef، ؛ ؟ ٪
    chars += [chr(c) for c in range(0x0660, 0x066A)]  # Arabic-Indic digits
    chars += list("\u0671\u067e\u0686\u0698\u06a9\u06af\u06cc\u06be")  # ٱ پ چ ژ ک گ ی ھ
    chars += [chr(c) for c in (*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A))]  # controls
    chars += list("\u00ad\ufeff\u00a0«»‘’“”–—…•°·\u00b4\u02bc\u02bb\u02bf\u02be")
    chars += list("éèêëàâçôöîïûùüÉÀÈÇœāīūğşıİ")  # French, transliteration, Turkish names
    if len(chars) > 256 or len(set(chars)) != len(chars):
        raise AssertionError("the scan page holds at most 256 distinct characters")
    return "".join(chars) + "\ufffe" * (256 - len(chars))  # U+FFFE: an unused byte


#: The characters of the scan bytes, by byte value (U+FFFE: unused).
SCAN_PAGE: Final = _page_characters()
_SCAN_ENCODING: Final = charmap_build(SCAN_PAGE)
#: The byte that marks a deleted character in a page-encoded text: "A", which no character normalises to.
_DELETED_BYTE: Final = 0x41


def _normalising_table() -> bytes:
    table = bytearray(range(256))
    for byte, ch in enumerate(SCAN_PAGE):
        if ch == "\ufffe":
            continue
        normal = normalize_with_deletions(ch)[0]
        table[byte] = _DELETED_BYTE if normal == "" else SCAN_PAGE.index(normal)
    return bytes(table)


#: Page byte -> byte of its normalised character (or the deletion marker).
_NORMALISING_TABLE: Final = _normalising_table()


#: Per page byte: 1 if its character is a letter or digit (``str.isalnum``), else 0; 2 for "?", which in
#: scan bytes may also stand for a character outside the page (look at the character itself).
SCAN_ALNUM: Final = bytes(2 if b == 0x3F else int(c != "\ufffe" and c.isalnum()) for b, c in enumerate(SCAN_PAGE))


def in_scan_page(text: str) -> bool:
    """Is every character of ``text`` one of the scan page's?"""
    try:
        charmap_encode(text, "strict", _SCAN_ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def encode_for_scan(norm: str) -> bytes:
    """A normalised text as the scan bytes: one byte a character, "?" for one outside the page."""
    return norm.encode("ascii") if norm.isascii() else charmap_encode(norm, "replace", _SCAN_ENCODING)[0]


def normalize_for_scan(text: str) -> tuple[str, bytes, list[int]]:
    """``normalize(text)``, the same as scan bytes (:func:`encode_for_scan`), and the offsets in ``text`` of
    the characters normalisation deleted, in order (for :class:`OffsetMap`)."""
    if text.isascii():
        raw = text.encode("ascii").translate(_NORMALISING_TABLE)
    else:
        page = _page_bytes(text)
        if page is None:  # a character outside the page (or a lone surrogate): the general path
            norm, deleted = normalize_with_deletions(text)
            return norm, encode_for_scan(norm), (deleted_positions(text, deleted) if deleted else [])
        raw = page.translate(_NORMALISING_TABLE)
    positions: list[int] = []
    i = raw.find(_DELETED_BYTE)
    if i >= 0:
        while i >= 0:
            positions.append(i)
            i = raw.find(_DELETED_BYTE, i + 1)
        raw = raw.replace(b"A", b"")
    norm = raw.decode("ascii") if raw.isascii() else charmap_decode(raw, "strict", SCAN_PAGE)[0]
    return norm, raw, positions


def _page_bytes(text: str) -> bytes | None:
    """A non-ASCII ``text`` encoded with the scan page, or None if it has a character outside the page."""
    if text.find("\u0627") >= 0:  # Arabic (alef, its commonest letter): a table lookup per character
        try:
            return charmap_encode(text, "strict", _SCAN_ENCODING)[0]
        except UnicodeEncodeError:
            return None
    # An English text with a few curly quotes or dashes, a French one with accents: the ASCII encoding ("?"
    # for each other character), with the page byte of each non-ASCII character put in its place (several
    # times faster than the page encoding when they are few; a character outside the page ends it)
    ascii_ = text.encode("ascii", "replace")
    buf = bytearray(ascii_)
    i = ascii_.find(_QUESTION_MARK)
    while i >= 0:
        c = text[i]
        if c != "?":
            byte = _PAGE_BYTE.get(c, -1)
            if byte < 0:
                return None
            buf[i] = byte
        i = ascii_.find(_QUESTION_MARK, i + 1)
    return bytes(buf)


_QUESTION_MARK: Final = 0x3F
#: Non-ASCII character of the page -> its byte.
_PAGE_BYTE: Final = {c: b for b, c in enumerate(SCAN_PAGE) if b >= 0x80 and c != "\ufffe"}


def deleted_positions(text: str, deleted: tuple[str, ...]) -> list[int]:
    """The offsets in ``text`` of the characters ``deleted``, in order."""
    positions: list[int] = []
    for c in deleted:  # a C-speed scan per character
        i = text.find(c)
        while i >= 0:
            positions.append(i)
            i = text.find(c, i + 1)
    positions.sort()
    return positions


def bisect_right(a: list[int], x: int) -> int:
    """:func:`bisect.bisect_right` for a sorted list of ints. Compiled by mypyc (the default install) this
    is a C loop over machine integers, several times faster than a call into the bisect module, which
    compares Python objects; the extractor bisects for every mention and context term."""
    lo = 0
    hi = len(a)
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


T = TypeVar("T")


class OffsetMap:
    """Maps offsets in ``normalize(text)`` back to offsets in ``text``."""

    __slots__ = ("_cum", "_ends", "_text")

    def __init__(self, text: str, deleted: tuple[str, ...] | None = None, positions: list[int] | None = None,
                 ) -> None:
        """``positions``: the offsets of the characters normalisation deleted from ``text`` (from
        :func:`normalize_for_scan`); else they are looked for: the deletable characters ``deleted`` (from
        :func:`normalize_with_deletions`), or all of them when not given."""
        self._text = text
        if positions is None:
            positions = deleted_positions(text, _DELETED if deleted is None else deleted)
        ends = [p - k for k, p in enumerate(positions)]  # normalised offset right after each deletion
        cum = list(range(1, len(positions) + 1))
        self._ends = ends
        self._cum = cum

    def map_starts(self, items: list[tuple[int, int, T]]) -> list[tuple[int, int, T]]:
        """``(start, end, x)`` items with ``start`` mapped as :meth:`start` does (in one loop)."""
        ends, cum = self._ends, self._cum
        out = []
        for ns, ne, x in items:
            i = bisect_right(ends, ns)
            out.append((ns + cum[i - 1] if i else ns, ne, x))
        return out

    def start(self, norm_offset: int) -> int:
        """Original offset of the character at ``norm_offset``."""
        i = bisect_right(self._ends, norm_offset)
        return norm_offset + (self._cum[i - 1] if i else 0)

    def end(self, norm_end: int) -> int:
        """Original end offset (exclusive) of a span ending at ``norm_end``, marks of its last letter included."""
        if norm_end <= 0:
            return 0
        last = self.start(norm_end - 1) + 1
        if last >= len(self._text) or self._text[last] not in _MARK_SET:
            return last
        m = _MARKS_RE.match(self._text, last)
        return m.end() if m else last
