"""Parquet files of articles (``.parquet``): one document a row.

Columns are found as in JSON and CSV (:mod:`geotrack.readers.fields`): each document field under its
own name or the names real exports give it (``headline``, ``link``, ``pubDate``, ``outlet``, ``guid``
...), in any case, or under the column the reader options name (``fields``). Only those columns are
read, in batches of :data:`BATCH_ROWS` rows with pyarrow, so memory is bounded by a batch, not the file.

A null cell is an empty field; a timestamp or date cell is written as ISO 8601 (a timestamp without a
time zone is taken as written); a row without text is reported with its row number (``item N``, from 1)
and the rest of the file is read. A row without an id gets ``PATH:N``, as a CSV row gets ``PATH:LINE``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, BinaryIO

from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.fields import FieldResolver
from geotrack.readers.jsonl import document_from_mapping

#: Rows read at a time.
BATCH_ROWS = 2048


def _cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def read_parquet_stream(stream: BinaryIO, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    """Documents of a Parquet file, batch by batch (a stream that cannot seek, such as stdin, is read
    whole first: Parquet keeps its schema at the end of the file)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = origin.path
    source: BinaryIO = stream if stream.seekable() else io.BytesIO(stream.read())
    try:
        parquet = pq.ParquetFile(source)
    except (pa.ArrowException, OSError) as exc:
        yield ReadProblem(path, f"not a readable Parquet file ({exc}); check that the file is complete")
        return
    names = parquet.schema_arrow.names
    resolver = FieldResolver(options.fields)
    keys = resolver.keys(names)
    if not keys["text"]:
        yield ReadProblem(path, f"no {resolver.column('text')!r} column (columns: {', '.join(names)}); name the"
                                " column holding the text in the reader options' fields (text=COLUMN)")
        return
    columns = [name for name in names if any(name in found for found in keys.values())]
    row = 0
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, columns=columns):
            for values in batch.to_pylist():
                row += 1
                mapping = {key: _cell(value) for key, value in values.items()}
                try:
                    yield document_from_mapping(mapping, path, f"{path}:{row}", resolver=resolver)
                except ValueError as exc:
                    yield ReadProblem(path, f"item {row}: {exc}")
    except (pa.ArrowException, OSError) as exc:
        yield ReadProblem(path, f"unreadable after row {row} ({exc}); the rows before it were read; check that the"
                                " file is complete")


def read_parquet(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    """Reader of a Parquet file in memory (a URL's body, stdin)."""
    yield from read_parquet_stream(io.BytesIO(data), origin, options)


__all__ = ["BATCH_ROWS", "read_parquet", "read_parquet_stream"]
