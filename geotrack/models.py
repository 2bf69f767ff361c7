"""The frozen records that flow through geotrack: sites, documents and mentions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

#: Libya's bounding box with a small margin, (min lon, min lat, max lon, max lat) in WGS84 degrees: the
#: one home of the numbers (the gazetteer's checks and geocoding's bounds use it).
LIBYA_BBOX: tuple[float, float, float, float] = (9.3, 19.4, 25.2, 33.3)


@dataclass(frozen=True)
class Site:
    """One gazetteer entry."""

    id: str
    kind: str
    name_en: str
    name_ar: str
    lat: float
    lon: float
    coord_source: str
    layer: str = "curated"
    parent: str = ""
    variants: tuple[str, ...] = ()
    variants_doc: tuple[str, ...] = ()
    variants_local: tuple[str, ...] = ()
    variants_strict: tuple[str, ...] = ()
    negative_cues: tuple[str, ...] = ()
    notes: str = ""
    origin: str = ""  # file:line the row was read from
    military_sense: str = ""  # id of the site the bare name means in a document about military matters

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Document:
    """An article as read: ``text`` is exactly the decoded text, and mention offsets point into it."""

    id: str
    text: str
    source: str = ""
    url: str = ""
    title: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" when unknown
    lang: str = ""
    path: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Mention:
    """One mention of a gazetteer site in a text.

    ``surface == text[start:end]`` of the original, unnormalised text; ``rule`` names the matching rule
    that produced ``confidence``.
    """

    site_id: str
    surface: str
    start: int
    end: int
    sentence: str
    confidence: float
    rule: str
    lat: float
    lon: float
    kind: str
    name: str = ""
    doc_id: str = ""
    actors: tuple[str, ...] = field(default=())
    activities: tuple[str, ...] = field(default=())
    actors_paragraph: tuple[str, ...] = field(default=())

    @classmethod
    def build(cls, site_id: str, surface: str, start: int, end: int, sentence: str, confidence: float, rule: str,
              lat: float, lon: float, kind: str, name: str, doc_id: str, actors: tuple[str, ...],
              activities: tuple[str, ...], actors_paragraph: tuple[str, ...]) -> Mention:
        """Every field given, without the frozen dataclass ``__init__`` (which sets each field through
        ``object.__setattr__``): about 4× faster, for the extractor's hot loop. Equal to ``Mention(...)``."""
        m = object.__new__(cls)
        m.__dict__.update(site_id=site_id, surface=surface, start=start, end=end, sentence=sentence,
                          confidence=confidence, rule=rule, lat=lat, lon=lon, kind=kind, name=name, doc_id=doc_id,
                          actors=actors, activities=activities, actors_paragraph=actors_paragraph)
        return m

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in MENTION_LIST_FIELDS:
            d[name] = list(getattr(self, name))
        return d


#: The fields of a :class:`Mention` that are stored, in the store's column order: the one list the
#: store's schema, inserts and queries are built from (``docs/schema.md``, table ``mentions``).
MENTION_STORED_FIELDS: tuple[str, ...] = ("site_id", "surface", "start", "end", "sentence", "confidence", "rule",
                                          "lat", "lon", "kind", "actors", "activities", "actors_paragraph")
#: The stored fields that are lists of ids (stored as JSON arrays).
MENTION_LIST_FIELDS: tuple[str, ...] = ("actors", "activities", "actors_paragraph")


@dataclass(frozen=True)
class ContextTerm:
    """A context word found in a text: an actor (Russia, Wagner ...), an activity cue (flights, runway
    repairs ...) or a foreign place (Moscow, Chad ...). Offsets into the original text."""

    category: str  # "actor", "activity" or "place"
    id: str  # actor id ("russia"), activity class ("flights"), place id ("country:TD", "city:524901")
    surface: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Candidate:
    """A phrase that names a base or airfield the gazetteer lacks: ``قاعدة X الجوية``, ``X air base``."""

    name: str  # the name as written (X)
    name_key: str  # normalised name, for counting across documents
    pattern: str  # which phrase pattern found it, e.g. "en:air base", "ar:qaida-jawiya"
    surface: str  # the whole phrase as written
    start: int
    end: int
    sentence: str
    doc_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RelativePosition:
    """An approximate point stated relative to a site: "300 km south of Kufra".

    ``lat``/``lon`` is the point at ``distance_km`` on ``bearing_deg`` from the anchor site; the true place
    lies within ``radius_km`` of it. Its precision class is ``"relative"``: draw it as a circle, never as an
    exact point.
    """

    anchor_site_id: str
    distance_km: float
    bearing_deg: float
    direction: str  # as normalised: "S", "SW", ...
    lat: float
    lon: float
    radius_km: float
    surface: str
    start: int
    end: int
    sentence: str
    precision: str = "relative"
    doc_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Findings(Protocol):
    """What the store takes for one document: its site mentions, foreign places, candidates and relative
    positions (``geotrack.extract.Analysis`` is one; the store never imports extraction)."""

    @property
    def mentions(self) -> Sequence[Mention]: ...

    @property
    def places(self) -> Sequence[ContextTerm]: ...

    @property
    def candidates(self) -> Sequence[Candidate]: ...

    @property
    def relative(self) -> Sequence[RelativePosition]: ...


@dataclass(frozen=True)
class MentionsOnly:
    """:class:`Findings` with mentions only (a document stored with a plain list of mentions)."""

    mentions: Sequence[Mention] = ()
    places: Sequence[ContextTerm] = ()
    candidates: Sequence[Candidate] = ()
    relative: Sequence[RelativePosition] = ()
