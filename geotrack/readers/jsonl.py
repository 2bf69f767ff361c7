"""JSON Lines: one JSON object a line with at least a ``text`` field (field names configurable)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from geotrack.models import Document
from geotrack.readers.base import (
    DOCUMENT_FIELDS,
    Item,
    Origin,
    ReaderOptions,
    ReadProblem,
    may_hold_surrogates,
    without_surrogates,
)
from geotrack.readers.decode import DecodedLines, DecodeError
from geotrack.readers.fields import FieldResolver, field_text

__all__ = ["DOCUMENT_FIELDS", "document_from_mapping", "read_jsonl", "read_jsonl_lines", "read_jsonl_range",
           "read_jsonl_stream"]


def document_from_mapping(obj: Any, path: str, fallback_id: str, fields: Mapping[str, str] | None = None, *,
                          surrogates: bool = False, resolver: FieldResolver | None = None) -> Document:
    """Build a :class:`Document` from a decoded JSON object or CSV row; ``fields`` renames columns (or give
    a ``resolver`` made with them, shared by the objects of one input); a field not renamed is read from
    the first of its names in real exports that holds a value (:mod:`geotrack.readers.fields`);
    ``surrogates``: the JSON may hold lone surrogates (see :func:`may_hold_surrogates`), replaced by U+FFFD.

    Raises ``ValueError`` with a message naming the missing or wrong field.
    """
    if not isinstance(obj, dict):
        msg = f"expected a JSON object, got {type(obj).__name__}"
        raise ValueError(msg)
    resolver = resolver or FieldResolver(fields)
    keys = resolver.keys(obj)
    text_keys = keys["text"]
    text = obj.get(text_keys[0]) if text_keys else None
    text_name = text_keys[0] if text_keys else resolver.column("text")
    if text is None:
        msg = f"no {text_name!r} field"
        raise ValueError(msg)
    if not isinstance(text, str):
        msg = f"field {text_name!r} is {type(text).__name__}, not a string"
        raise ValueError(msg)
    if not text.strip():
        msg = f"field {text_name!r} is empty"
        raise ValueError(msg)
    if surrogates:
        text = without_surrogates(text)

    def opt(name: str) -> str:
        for key in keys[name]:
            value = obj[key]
            out = value.strip() if type(value) is str else field_text(value, name)
            if out:
                return without_surrogates(out) if surrogates else out
        return ""

    return Document(
        id=opt("id") or fallback_id,
        text=text,
        source=opt("source"),
        url=opt("url"),
        title=opt("title"),
        published=opt("published"),
        lang=opt("lang"),
        path=path,
    )


def read_jsonl_lines(lines: Iterable[str], path: str, fields: Mapping[str, str] | None = None, *,
                     first_line: int = 1) -> Iterator[Item]:
    """Documents from JSON lines; a bad line yields a :class:`ReadProblem` with its line number (the first
    line being ``first_line`` of the file)."""
    loads = json.loads
    resolver = FieldResolver(fields)
    for lineno, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        try:
            obj = loads(line)
        except json.JSONDecodeError as exc:
            yield ReadProblem(path, f"not JSON ({exc.msg} at column {exc.colno})", lineno)
            continue
        try:
            yield document_from_mapping(obj, path, f"{path}:{lineno}", surrogates=may_hold_surrogates(line),
                                        resolver=resolver)
        except ValueError as exc:
            yield ReadProblem(path, str(exc), lineno)


def read_jsonl_stream(stream: BinaryIO, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    """Reader of a JSON Lines stream, line by line: memory bounded by the longest line, whatever the size
    of the file. Lines with bytes that are not in the file's encoding are read with U+FFFD in their place
    (one warning for the file, see :class:`~geotrack.readers.decode.DecodedLines`)."""
    try:
        lines = DecodedLines(stream, origin.path)
    except DecodeError as exc:
        yield ReadProblem(origin.path, str(exc))
        return
    try:
        yield from read_jsonl_lines(lines, origin.path, dict(options.fields))
    except DecodeError as exc:
        yield ReadProblem(origin.path, str(exc))
        return
    finally:
        lines.warn()
    if lines.blank:
        yield ReadProblem(origin.path, "empty file")


def read_jsonl_range(path: str, start: int, end: int, options: ReaderOptions, *, first_line: int = 1) -> Iterator[Item]:
    """The documents of the bytes ``start:end`` of a JSON Lines file, a range of whole lines starting at
    line ``first_line`` (a shard of a large file, :func:`geotrack.batch.plan_shards`): the same documents,
    ids and problems as those lines give when the whole file is read."""
    try:
        with open(path, "rb") as fh:
            fh.seek(start)
            data = fh.read(end - start)
    except OSError as exc:
        yield ReadProblem(path, f"cannot read: {exc.strerror or exc}")
        return
    try:
        lines = DecodedLines(io.BytesIO(data), path)
        yield from read_jsonl_lines(lines, path, dict(options.fields), first_line=first_line)
    except DecodeError as exc:
        yield ReadProblem(path, str(exc))


def read_jsonl(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    """Reader for ``.jsonl`` files."""
    yield from read_jsonl_stream(io.BytesIO(data), origin, options)
