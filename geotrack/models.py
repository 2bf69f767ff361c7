"""The frozen records that flow through geotrack: sites, documents and mentions."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["actors"] = list(self.actors)
        d["activities"] = list(self.activities)
        return d
