"""Decoding: every supported encoding round-trips; binary, empty and undecodable input is refused."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.readers.decode import DecodeError, decode, looks_like_text

ARABIC = "وصلت طائرتا شحن إلى قاعدة الجفرة الجوية فجر الثلاثاء، وقال مصدر عسكري إن الشحنة شملت معدات دفاع جوي."
ENGLISH = "Two cargo aircraft landed at Jufra air base on Tuesday, a military source said."
FRENCH = "Le général a visité la base aérienne près de Syrte à l'été, selon une source sécuritaire."


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (ARABIC, "utf-8"),
        (ARABIC, "utf-8-sig"),
        (ARABIC, "utf-16"),
        (ARABIC, "utf-16-le"),
        (ARABIC, "utf-16-be"),
        (ARABIC, "utf-32"),
        (ARABIC, "cp1256"),
        (ARABIC, "iso8859_6"),
        (ENGLISH, "ascii"),
        (ENGLISH, "utf-16"),
        (FRENCH, "cp1252"),
        (ARABIC + "\n" + ENGLISH, "cp1256"),
    ],
)
def test_round_trip(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text


def test_bom_is_dropped_not_kept() -> None:
    assert decode(codecs.BOM_UTF8 + b"Sirte") == "Sirte"
    assert decode("Sirte".encode("utf-16")) == "Sirte"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n", "empty file"),
        (codecs.BOM_UTF8 + b"\n", "empty file"),
        (b"%PDF-1.7\n...", "binary file (a PDF document), not text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (a PNG image), not text"),
        (b"PK\x03\x04rest", "binary file (a ZIP archive (or .docx/.xlsx)), not text"),
        (b"\x1f\x8b\x08\x00", "binary file (gzip-compressed data), not text"),
        (bytes(range(256)) * 4, "binary file (contains NUL bytes), not text"),
        (b"abc\x00\x01\x02\x03\x00\x00def", "binary file (contains NUL bytes), not text"),
    ],
)
def test_refused(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode(data)
    assert str(info.value) == reason


def test_random_bytes_are_undecodable() -> None:
    rnd = random.Random(3)
    data = bytes(rnd.randrange(1, 256) for _ in range(2000))
    with pytest.raises(DecodeError, match=r"^undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6"):
        decode(data)


def test_mojibake_saved_as_utf8_is_refused() -> None:
    # Arabic read as Windows-1252 and saved again as UTF-8: valid UTF-8, but not text anyone wrote.
    garbled = ARABIC.encode("cp1256").decode("cp1252", errors="replace").encode("utf-8")
    with pytest.raises(DecodeError, match=r"mojibake; re-save the file as UTF-8"):
        decode(garbled)
    garbled2 = ARABIC.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    with pytest.raises(DecodeError, match="mojibake"):
        decode(garbled2)


def test_too_many_control_characters() -> None:
    with pytest.raises(DecodeError, match="control characters"):
        decode(("Jufra \x07\x1b" * 20).encode())


def test_decode_error_is_an_input_error() -> None:
    from geotrack.errors import InputError

    assert issubclass(DecodeError, InputError)
    assert issubclass(DecodeError, ValueError)


def test_looks_like_text() -> None:
    assert looks_like_text(ARABIC)
    assert looks_like_text(FRENCH)
    assert looks_like_text("")
    assert not looks_like_text("ÇáÌÝÑÉ " * 10 + "الجفرة")
    assert not looks_like_text("\ufffd\ufffd\ufffd abc")


_text = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي ءآأإةى،.0123456789 abcdefXYZ\n")),
    min_size=1, max_size=200,
).filter(lambda t: t.strip())


@settings(max_examples=150, deadline=None)
@given(_text, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_unicode_encodings_round_trip(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding)) == text
