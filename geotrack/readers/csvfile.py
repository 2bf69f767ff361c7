"""CSV (``.csv``; ``.tsv`` with tabs): one document a row.

Columns default to ``id, title, text, url, source, published`` (and ``lang``), each also found under
the names real exports give it (``headline``, ``link``, ``pubDate``, ``outlet`` ...; see
:mod:`geotrack.readers.fields`), in any case; rename them with
``ReaderOptions.fields`` (``--field text=body`` on the command line). The delimiter (``,`` ``;`` or
tab) is sniffed from the header line. A row with more cells than the header, an empty text or an
unterminated quote is reported with its line number.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import BinaryIO

from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.decode import DecodedLines, DecodeError
from geotrack.readers.fields import FieldResolver
from geotrack.readers.jsonl import document_from_mapping


def _delimiter(header: str, default: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else default


def read_csv(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    yield from read_csv_stream(io.BytesIO(data), origin, options)


def read_csv_stream(stream: BinaryIO, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    """Reader of a CSV stream, row by row (memory bounded by a row, whatever the size of the file)."""
    path = origin.path
    try:
        lines = DecodedLines(stream, path)
    except DecodeError as exc:
        yield ReadProblem(path, str(exc))
        return
    try:
        yield from _rows(iter(lines), path, options)
    except DecodeError as exc:
        yield ReadProblem(path, str(exc))
    finally:
        lines.warn()


def _rows(lines: Iterator[str], path: str, options: ReaderOptions) -> Iterator[Item]:
    blank: list[str] = []
    first = next(lines, "")
    while first and not first.strip():
        blank.append(first)
        first = next(lines, "")
    if not first:
        yield ReadProblem(path, "empty file")
        return
    default = "\t" if path.lower().endswith(".tsv") else ","
    delimiter = _delimiter(first.rstrip("\r\n") if not blank else "", default)
    reader = csv.reader(itertools.chain(blank, [first], lines), delimiter=delimiter, strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        yield ReadProblem(path, f"malformed CSV header ({exc})", 1)
        return
    resolver = FieldResolver(options.fields)
    if not resolver.keys(header)["text"]:
        yield ReadProblem(
            path,
            f"no {resolver.column('text')!r} column (columns: {', '.join(header)}); name the text column with"
            " --field text=COLUMN",
            1,
        )
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadProblem(path, f"malformed CSV ({exc})", reader.line_num)
            return
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            yield ReadProblem(path, f"row has {len(row)} cells, the header has {len(header)}", line)
            continue
        try:
            yield document_from_mapping(dict(zip(header, row, strict=False)), path, f"{path}:{line}", resolver=resolver)
        except ValueError as exc:
            yield ReadProblem(path, str(exc), line)
