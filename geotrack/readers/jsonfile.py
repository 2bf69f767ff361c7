"""JSON (``.json``): one document object, or an array of them (field names configurable).

An object without a text field whose only array of objects is under a key such as ``articles``,
``items``, ``results`` or ``data`` (an API's answer, NewsAPI's ``{"status": "ok", "articles": [...]}``)
is read as that array. A bad item of an array is reported with its index (``item 3: no 'text' field``)
and the others are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem, may_hold_surrogates
from geotrack.readers.decode import DecodeError, decode
from geotrack.readers.fields import FieldResolver
from geotrack.readers.jsonl import document_from_mapping


def _wrapped(obj: dict[str, object], resolver: FieldResolver) -> list[object] | None:
    """The array of documents an API answer wraps (see the module doc), or None."""
    if resolver.keys(obj)["text"]:
        return None
    arrays = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    return arrays[0] if len(arrays) == 1 else None


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
    resolver = FieldResolver(options.fields)
    surrogates = may_hold_surrogates(raw)
    if isinstance(obj, dict):
        wrapped = _wrapped(obj, resolver)
        if wrapped is not None:
            obj = wrapped
    if isinstance(obj, dict):
        try:
            yield document_from_mapping(obj, path, path, surrogates=surrogates, resolver=resolver)
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
            yield document_from_mapping(item, path, f"{path}#{index}", surrogates=surrogates, resolver=resolver)
        except ValueError as exc:
            yield ReadProblem(path, f"item {index}: {exc}")
