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
import re

import charset_normalizer

from geotrack.errors import InputError

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


def decode(data: bytes) -> str:
    """Decode the bytes of one input, or raise :class:`DecodeError` saying why not (see the module doc)."""
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
        pass
    else:
        if "\x00" not in text:
            return _checked(text, "utf-8")
    if b"\x00" in data:
        return _checked(_utf16_without_bom(data), "utf-16")
    best = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None or best.encoding.replace("-", "_") not in CANDIDATES:
        msg = "undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 text"
        raise DecodeError(msg)
    return _checked(str(best), best.encoding)


def _utf16_without_bom(data: bytes) -> str:
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if len(data) % 2 == 0 and half and max(even, odd) >= half * 0.05 and min(even, odd) <= half * 0.01:
        # UTF-16 puts NULs in the high byte of ASCII characters (spaces, digits): all on one side.
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            pass
        else:
            if looks_like_text(text):
                return text
    msg = "binary file (contains NUL bytes), not text"
    raise DecodeError(msg)


def _checked(text: str, encoding: str) -> str:
    if not text.strip():
        msg = "empty file"
        raise DecodeError(msg)
    if not looks_like_text(text):
        msg = f"undecodable: decoding as {encoding} gives control characters or mojibake; re-save the file as UTF-8"
        raise DecodeError(msg)
    return text


__all__ = ["CANDIDATES", "DecodeError", "decode", "looks_like_text"]
