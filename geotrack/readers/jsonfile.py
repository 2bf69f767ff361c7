"""JSON (``.json``): one document object, or an array of them (field names configurable).

A bad item of an array is reported with its index (``item 3: no 'text' field``) and the others are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem, may_hold_surrogates
from geotrack.readers.decode import DecodeError, decode
from geotrack.readers.jsonl import document_from_mapping


def read_json(data: bytes, origin: Origin, options: ReaderOptions) -> Iterator[Item]:
    path = origin.path
    try:
        raw = decode(data, origin.path)
        obj = json.loads(raw)
    except DecodeError as exc:
        yield ReadProblem(path, str(exc))
        return
    except json.JSONDecodeError as exc:
        yield ReadProblem(path, f"malformed JSON ({exc.msg} at line {exc.lineno} column {exc.colno})", exc.lineno)
        return
    fields = dict(options.fields)
    surrogates = may_hold_surrogates(raw)
    if isinstance(obj, dict):
        try:
            yield document_from_mapping(obj, path, path, fields, surrogates=surrogates)
        except ValueError as exc:
            yield ReadProblem(path, str(exc))
        return
    if not isinstance(obj, list):
        yield ReadProblem(path, f"expected a JSON object or an array of objects, got {type(obj).__name__}")
        return
    if not obj:
        yield ReadProblem(path, "empty JSON array")
        return
    for index, item in enumerate(obj, start=1):
        try:
            yield document_from_mapping(item, path, f"{path}#{index}", fields, surrogates=surrogates)
        except ValueError as exc:
            yield ReadProblem(path, f"item {index}: {exc}")
