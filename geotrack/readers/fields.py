"""The field names of real exports: which key of a JSON object or CSV row holds each document field.

A field the reader options do not rename is looked for under each of its :data:`FIELD_ALIASES` in
order, the exact name first, then the same name in another case (``Title``, ``PUBDATE``); the first
non-empty value wins. A field renamed in the options (``{"published": "Zeitstempel"}``) is read from
that key only (in another case if the exact key is missing).

Values are made text (:func:`field_text`): ``None`` is empty; a nested object gives its ``name`` (as
NewsAPI's ``"source": {"id": null, "name": "Reuters"}``), ``title``, ``$oid`` or ``$date`` (MongoDB
exports), ``@id`` or ``id``; a list gives its first non-empty value; a JSON number in a date field is
a Unix time (seconds, or milliseconds when above 10^11) and is written as an ISO 8601 UTC date-time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from geotrack.errors import InputError

#: The document fields a JSON object, JSON line or CSV row may carry.
DOCUMENT_FIELDS = ("id", "title", "text", "url", "source", "published", "lang")

#: The names each field goes by in real exports, in order of preference.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "guid", "uuid", "article_id", "doc_id", "document_id"),
    "title": ("title", "headline", "webTitle"),
    "text": ("text",),
    "url": ("url", "link", "canonical_url", "webUrl"),
    "source": ("source", "outlet", "publisher", "site_name", "source_name", "domain"),
    "published": ("published", "date", "pubDate", "published_at", "publishedAt", "datePublished", "pub_date",
                  "publish_date", "publication_date", "webPublicationDate", "created_at"),
    "lang": ("lang", "language"),
}

#: Other names accepted for a field when renaming it (``date`` for ``published``).
FIELD_SYNONYMS = {"date": "published", "language": "lang"}

#: Keys of a nested object tried for its text, in order.
_NESTED_KEYS = ("name", "title", "$oid", "$date", "@id", "id", "value")
#: Above this, a Unix time is in milliseconds.
_MILLISECONDS = 10**11


def field_name(name: str) -> str:
    """The document field called ``name`` (a field or one of :data:`FIELD_SYNONYMS`); raises
    :class:`~geotrack.errors.InputError` naming the fields for any other name."""
    key = name.strip()
    key = FIELD_SYNONYMS.get(key.lower(), key.lower())
    if key not in DOCUMENT_FIELDS:
        msg = (f"unknown document field {name!r}; the fields are: {', '.join(DOCUMENT_FIELDS)}"
               f" (also: {', '.join(f'{k} for {v}' for k, v in sorted(FIELD_SYNONYMS.items()))})")
        raise InputError(msg)
    return key


def field_names(fields: Mapping[str, str]) -> dict[str, str]:
    """``fields`` (field → key) with each field name made canonical (:func:`field_name`)."""
    return {field_name(name): column for name, column in fields.items()}


def _epoch(value: float) -> str:
    seconds = value / 1000 if abs(value) > _MILLISECONDS else value
    try:
        return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="seconds")
    except (OverflowError, OSError, ValueError):
        return str(value)


def field_text(value: Any, name: str = "", depth: int = 0) -> str:
    """A field's value as text (see the module doc); ``name`` is the document field it is read for."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return _epoch(value) if name == "published" else str(value)
    if isinstance(value, (Mapping, list, tuple)) and depth >= 3:
        return ""  # deeper nesting is not followed
    if isinstance(value, Mapping):
        for key in _NESTED_KEYS:
            if key in value:
                text = field_text(value[key], name, depth + 1)
                if text:
                    return text
        return ""
    if isinstance(value, (list, tuple)):
        for item in value:
            text = field_text(item, name, depth + 1)
            if text:
                return text
        return ""
    return str(value).strip()


class FieldResolver:
    """Finds the keys holding each document field in objects or rows with given keys; remembers the answer
    for each set of keys (the lines of one file mostly share theirs)."""

    def __init__(self, fields: Mapping[str, str] | None = None) -> None:
        self.fields = field_names(fields or {})
        self._known: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {}

    def column(self, name: str) -> str:
        """The key a field is renamed to, else its own name."""
        return self.fields.get(name, name)

    def keys(self, present: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """For each document field, the keys among ``present`` that may hold it, in order of preference."""
        shape = tuple(present)
        found = self._known.get(shape)
        if found is None:
            if len(self._known) > 1000:
                self._known.clear()
            found = self._known[shape] = self._resolve(shape)
        return found

    def _resolve(self, shape: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
        exact = set(shape)
        folded: dict[str, str] = {}
        for present in shape:
            if isinstance(present, str):
                folded.setdefault(present.casefold(), present)
        out: dict[str, tuple[str, ...]] = {}
        for name in DOCUMENT_FIELDS:
            names = (self.fields[name],) if name in self.fields else FIELD_ALIASES[name]
            keys: list[str] = []
            for alias in names:
                found = alias if alias in exact else folded.get(alias.casefold())
                if found is not None and found not in keys:
                    keys.append(found)
            out[name] = tuple(keys)
        return out


__all__ = ["DOCUMENT_FIELDS", "FIELD_ALIASES", "FIELD_SYNONYMS", "FieldResolver", "field_name", "field_names",
           "field_text"]
