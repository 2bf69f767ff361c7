"""Bytes to text, or a clear refusal: never store mojibake.

Order of the checks, for the bytes of one input:

1. empty (nothing but whitespace) and well-known binary signatures (PDF, PNG, ZIP, ...) are refused;
2. a byte-order mark decides: UTF-8, UTF-16 (LE/BE) or UTF-32;
3. strict UTF-8 (the common case, and fast);
4. NUL bytes without a BOM: UTF-16 without a BOM when the NULs sit in every other byte, else binary;
5. otherwise charset-normalizer picks among the single-byte encodings in :data:`CANDIDATES`
   (Windows-1256 and ISO-8859-6 for Arabic, Windows-1252 / Latin-1 for English and French);
6. the decoded text is sanity-checked (:func:`looks_like_text`): control characters, U+FFFD or
   Latin-1 letters glued to Arabic letters, or text made mostly of À-ÿ letters (Arabic or UTF-8 read
   with a Latin code page, even when saved again as UTF-8) mean a wrong guess: the input is refused.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
from collections.abc import Iterator
from typing import BinaryIO

from geotrack.errors import InputError

log = logging.getLogger("geotrack")

#: Single-byte encodings charset-normalizer may choose between, in order of preference.
CANDIDATES = ("cp1256", "iso8859_6", "cp1252", "latin_1")

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd\ue000-\uf8ff]")
_ARABIC = re.compile(r"[\u0621-\u064a]")
# Latin-1 letters or symbols glued to Arabic letters: the mark of Arabic decoded with a wrong code page.
_MIXED = re.compile(r"[\u0621-\u064a][\u00c0-\u00ff]|[\u00c0-\u00ff][\u0621-\u064a]")


_LATIN1_LETTERS = re.compile(r"[\u00c0-\u00ff]")
_LETTERS = re.compile(r"[^\W\d_]")
_SAMPLE = 100_000


class DecodeError(InputError):
    """The bytes are not text geotrack can decode with confidence (binary, empty, unknown encoding)."""


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def looks_like_text(text: str) -> bool:
    """True when ``text`` reads as text: under 1% control/replacement characters, Arabic letters (if
    any) not interleaved with Latin-1 letters, and not mostly À-ÿ letters, as mojibake would be."""
    if len(text) > 2 * _SAMPLE:  # mojibake is systematic: a sample of both ends tells
        text = text[:_SAMPLE] + text[-_SAMPLE:]
    if not text:
        return True
    bad = _BAD_CHARS.subn("", text)[1]
    if bad > max(1, len(text) // 100):
        return False
    arabic = _ARABIC.subn("", text)[1]
    if arabic and _MIXED.subn("", text)[1] * 20 > arabic:
        return False
    # Arabic or UTF-8 read with a Latin code page: mostly À-ÿ letters (French has a few per cent).
    accented = _LATIN1_LETTERS.subn("", text)[1]
    return not (accented > 20 and accented * 4 > _LETTERS.subn("", text)[1])


def decode(data: bytes, path: str = "") -> str:
    """Decode the bytes of one input, or raise :class:`DecodeError` saying why not (see the module doc).

    UTF-8 with a few stray bytes (under one in twenty of its non-ASCII characters) is decoded with each
    bad sequence replaced by U+FFFD, and a warning naming ``path`` and where they are is logged."""
    kind = _binary_kind(data)
    if kind:
        msg = f"binary file ({kind}), not text"
        raise DecodeError(msg)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                msg = f"starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} ({exc.reason} at byte {exc.start + len(bom)})"
                raise DecodeError(msg) from exc
            return _checked(text, encoding)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" not in data:
            mended = _utf8_with_strays(data)
            if mended is not None:
                text = _checked(mended, "utf-8")
                _warn_replaced(path, "UTF-8", *_bad_spans(data.split(b"\n"), "utf-8"))
                return text
    else:
        if "\x00" not in text and (looks_like_text(text) or not _utf16_encoding(data)):
            return _checked(text, "utf-8")
    if b"\x00" in data or _utf16_encoding(data):
        return _checked(_utf16_without_bom(data), "utf-16")
    import charset_normalizer  # imported when an encoding must be guessed, not at start-up

    best = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.encoding.replace("-", "_") not in CANDIDATES:
        msg = "undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 text"
        raise DecodeError(msg)
    return _checked(str(best), best.encoding)


_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")


def _utf8_with_strays(data: bytes) -> str | None:
    """``data`` decoded as UTF-8 with its bad sequences replaced, when it is UTF-8 with a few stray bytes:
    at least twenty good non-ASCII characters for each bad sequence (text in a single-byte code page
    has nearly none), or at most one bad sequence in a thousand bytes (French or Arabic in a code page
    has dozens)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = _NON_ASCII.subn("", text)[1] if bad else 0
    return text if bad * 20 <= good or bad * 1000 <= len(data) else None


def _bad_spans(lines: Iterator[bytes] | list[bytes], encoding: str, first_line: int = 1,
               examples: int = 3) -> tuple[int, list[tuple[int, int]]]:
    """How many byte sequences of ``lines`` are not ``encoding``, and the (line, column) of the first few."""
    count = 0
    where: list[tuple[int, int]] = []
    for lineno, raw in enumerate(lines, start=first_line):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            n, spots = _bad_in_line(raw, encoding, examples - len(where))
            count += n
            where.extend((lineno, col) for col in spots)
    return count, where


def _bad_in_line(raw: bytes, encoding: str, examples: int) -> tuple[int, list[int]]:
    """The bad sequences of one line: their count and the (1-based, in characters) columns of the first few."""
    text = raw.decode(encoding, "replace")
    count = text.count("\ufffd") - raw.decode(encoding, "ignore").count("\ufffd")
    columns: list[int] = []
    pos = 0
    while len(columns) < examples:
        try:
            raw[pos:].decode(encoding)
        except UnicodeDecodeError as exc:
            start = pos + exc.start
            columns.append(len(raw[:start].decode(encoding, "replace")) + 1)
            pos = pos + exc.end
        else:
            break
    return count, columns


def _warn_replaced(path: str, encoding: str, count: int, where: list[tuple[int, int]]) -> None:
    if not count:
        return
    spots = "; ".join(f"line {line}, column {col}" for line, col in where)
    more = "; …" if count > len(where) else ""
    name = f"{path}: " if path else ""
    if count == 1:
        log.warning("%sa byte sequence that is not valid %s was replaced by U+FFFD (%s)", name, encoding, spots)
    else:
        log.warning("%s%d byte sequences that are not valid %s were replaced by U+FFFD (%s%s)", name, count, encoding,
                    spots, more)


def _utf16_without_bom(data: bytes) -> str:
    encoding = _utf16_encoding(data)
    if encoding:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            if looks_like_text(text):
                return text
    msg = "binary file (contains NUL bytes), not text"
    raise DecodeError(msg)


def _utf16_encoding(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``data`` (without a BOM) looks like UTF-16: an even length and
    the high bytes of its characters on one side, nearly all 0x00 (Latin letters, digits, spaces) or
    0x06 (Arabic letters), while the other side varies."""
    if len(data) < 2 or len(data) % 2:
        return None
    half = len(data) // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) >= half * 0.05 and min(even, odd) <= half * 0.01:
        # UTF-16 puts NULs in the high byte of ASCII characters (spaces, digits): all on one side.
        return "utf-16-le" if odd > even else "utf-16-be"
    for encoding, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        common, other = high.count(0) + high.count(6), low.count(0) + low.count(6)
        if common >= half * 0.9 and common > 2 * other and (high.count(0) >= half * 0.05 or high.count(6) >= half * 0.5):
            return encoding
    return None


def binary_reason(head: bytes) -> str | None:
    """Why the first bytes of an input show it is binary (a known signature, or NUL bytes that cannot be
    UTF-16 or UTF-32), else ``None``: enough to refuse a huge binary file without reading it all."""
    kind = _binary_kind(head)
    if kind:
        return f"binary file ({kind}), not text"
    if b"\x00" not in head or any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    sample = head[:len(head) - len(head) % 2]
    half = len(sample) // 2
    if half and min(sample[0::2].count(0), sample[1::2].count(0)) <= half * 0.05:
        return None  # NULs on one side only: perhaps UTF-16 without a BOM, decided when decoded
    return "binary file (contains NUL bytes), not text"


#: Bytes of a stream read ahead to choose its encoding (and format).
HEAD_SIZE = 64 * 1024


class _Prefixed(io.RawIOBase):
    """``head`` (bytes already read from ``rest``) followed by the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            n = min(len(buffer), self._head.nbytes)
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def prefixed(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A buffered stream of ``head`` then what is left of ``rest`` (for bytes read ahead to sniff them)."""
    return io.BufferedReader(_Prefixed(head, rest), buffer_size=HEAD_SIZE)


class DecodedLines:
    """The lines of a byte stream as text, decoded one by one (memory: one line, whatever the size).

    The encoding is chosen from the first :data:`HEAD_SIZE` bytes as :func:`decode` chooses it for a
    whole input (a byte-order mark; UTF-8; UTF-16 without a BOM; else a single-byte code page), and
    those bytes are checked the same way; :class:`DecodeError` if they do not decode. Each line keeps
    its line ending. A line with bytes that are not in the encoding is decoded with U+FFFD in their
    place; :meth:`warn` then logs one warning for the stream with the count and where the first were.
    ``blank`` stays true while no line holds more than whitespace.
    """

    def __init__(self, stream: BinaryIO, path: str) -> None:
        head = stream.read(HEAD_SIZE)
        self.path = path
        self.blank = True
        self.replaced = 0
        self.where: list[tuple[int, int]] = []
        self._stream = prefixed(head, stream)
        self.encoding, self._wide = _stream_encoding(head)

    def __iter__(self) -> Iterator[str]:
        if self._wide:
            yield from self._wide_lines()
            return
        encoding = self.encoding
        for lineno, raw in enumerate(self._stream, start=1):
            try:
                line = raw.decode(encoding)
            except UnicodeDecodeError:
                line = raw.decode(encoding, "replace")
                count, columns = _bad_in_line(raw, encoding, 3 - len(self.where))
                self.replaced += count
                self.where.extend((lineno, col) for col in columns)
            if lineno == 1 and line.startswith("\ufeff"):
                line = line[1:]
            if self.blank and line.strip():
                self.blank = False
            yield line

    def _wide_lines(self) -> Iterator[str]:
        text = io.TextIOWrapper(self._stream, encoding=self.encoding, newline="")
        lineno = 0
        try:
            for lineno, line in enumerate(text, start=1):  # noqa: B007
                if self.blank and line.strip():
                    self.blank = False
                yield line
        except UnicodeDecodeError as exc:
            msg = f"not {self.encoding.upper()} after line {lineno} ({exc.reason})"
            raise DecodeError(msg) from exc
        finally:
            text.detach()

    def warn(self) -> None:
        """Log the bytes replaced by U+FFFD, if any (one warning for the stream)."""
        _warn_replaced(self.path, self.encoding.upper().replace("_", "-"), self.replaced, self.where)


def _stream_encoding(head: bytes) -> tuple[str, bool]:
    """The encoding of a stream from its first bytes, and whether it is a wide one (UTF-16, UTF-32)."""
    reason = binary_reason(head)
    if reason:
        raise DecodeError(reason)
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            if encoding == "utf-8":
                _checked(head[len(bom):].decode("utf-8", "replace"), encoding, partial=True)
                return "utf-8", False
            return encoding.rsplit("-", 1)[0], True  # the utf-16 and utf-32 codecs read the BOM
    if b"\x00" in head or _utf16_encoding(head[:len(head) - len(head) % 2]):
        sample = head[:len(head) - len(head) % 2]
        wide = _utf16_encoding(sample)
        if wide is None:
            msg = "binary file (contains NUL bytes), not text"
            raise DecodeError(msg)
        _checked(sample.decode(wide, "replace"), "utf-16", partial=True)
        return wide, True
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        mended = _utf8_with_strays(head)
        if mended is None:
            import charset_normalizer

            best = charset_normalizer.from_bytes(head, cp_isolation=list(CANDIDATES)).best()
            if best is None or best.encoding.replace("-", "_") not in CANDIDATES:
                msg = "undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 text"
                raise DecodeError(msg) from None
            _checked(str(best), best.encoding, partial=True)
            return best.encoding, False
        text = mended
    _checked(text, "utf-8", partial=True)
    return "utf-8", False


def _checked(text: str, encoding: str, *, partial: bool = False) -> str:
    """``text`` if it reads as text (and, unless ``partial``, is not blank), else :class:`DecodeError`."""
    if not partial and not text.strip():
        msg = "empty file"
        raise DecodeError(msg)
    if not looks_like_text(text):
        msg = f"undecodable: decoding as {encoding} gives control characters or mojibake; re-save the file as UTF-8"
        raise DecodeError(msg)
    return text


__all__ = ["CANDIDATES", "HEAD_SIZE", "DecodeError", "DecodedLines", "binary_reason", "decode", "looks_like_text",
           "prefixed"]
