"""Builders for small, hand-made stores: sites, documents and mentions without the real gazetteer.

Usage::

    from tests.builders import article, make_store

    store = make_store(tmp_path / "t.db", [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"]),
        article("a2", "Outlet B", "2024-04-01", ["al-jufra"], lang="ar"),
    ])
    frame = store.mentions_frame()

Every mention is a real span of the article text (``text[start:end] == surface``), so the store's
invariants hold. Texts start with the article id, so two articles never count as duplicates unless
``text=`` is passed explicitly (the way to build a syndicated copy).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from geotrack.extract import extract
from geotrack.gazetteer import Gazetteer, reset_default_gazetteer
from geotrack.models import Document, Mention, Site
from geotrack.store import Store

#: Test sites: made-up but plausible coordinates inside Libya, three air bases and two towns.
SITES: tuple[Site, ...] = (
    Site("al-jufra", "airbase", "Al Jufra Air Base", "قاعدة الجفرة الجوية", 29.1981, 16.0008, "ref:test"),
    Site("al-watiya", "airbase", "Al Watiya Air Base", "قاعدة الوطية الجوية", 32.4837, 11.8978, "ref:test"),
    Site("kufra", "town", "Kufra", "الكفرة", 24.1833, 23.3139, "ref:test"),
    Site("maaten-al-sarra", "airbase", "Maaten al-Sarra", "معطن السارة", 21.6869, 21.8308, "ref:test"),
    Site("sirte", "town", "Sirte", "سرت", 31.2089, 16.5887, "ref:test"),
)
SITE_BY_ID = {s.id: s for s in SITES}

GAZETTEER_COLUMNS = (
    "id,kind,name_en,name_ar,lat,lon,coord_source,parent,variants,variants_doc,variants_local,"
    "variants_strict,negative_cues,notes"
)


def gazetteer(sites: Iterable[Site] = SITES) -> Gazetteer:
    """A gazetteer holding exactly ``sites`` (no files: its version is the hash of nothing)."""
    return Gazetteer(list(sites))


def write_gazetteer_csv(folder: Path, sites: Iterable[Site] = SITES) -> Path:
    """Write ``sites.csv`` in the shipped format into ``folder``; load it with ``Gazetteer.load(folder)``."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [GAZETTEER_COLUMNS]
    for s in sites:
        variants = "|".join([s.name_en, s.name_ar])
        lines.append(f"{s.id},{s.kind},{s.name_en},{s.name_ar},{s.lat},{s.lon},{s.coord_source},,{variants},,,,,")
    path = folder / "sites.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def use_gazetteer_csv(folder: Path, monkeypatch: pytest.MonkeyPatch, sites: Iterable[Site] = SITES) -> Path:
    """Write ``sites`` as ``folder/sites.csv`` (:func:`write_gazetteer_csv`) and make that folder the
    gazetteer of the test (``GEOTRACK_GAZETTEER``, the default gazetteer reloaded)."""
    monkeypatch.setenv("GEOTRACK_GAZETTEER", str(folder))
    path = write_gazetteer_csv(folder, sites)
    reset_default_gazetteer()
    return path


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> Path:
    """``rows`` as a JSON Lines file at ``path`` (UTF-8, non-ASCII as written)."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def cli_json(runner: CliRunner, *args: str, option: str = "--format") -> Any:
    """The JSON ``geotrack ARGS OPTION json`` prints (through ``runner``), after checking it exits 0."""
    from geotrack.cli import app

    result = runner.invoke(app, [*args, option, "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def user_gazetteer_rows() -> list[dict[str, str]]:
    """The rows of the test's user gazetteer file (the conftest's ``GEOTRACK_USER_GAZETTEER``)."""
    from geotrack.settings import get_settings

    with get_settings().user_gazetteer.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def article(
    doc_id: str,
    source: str,
    published: str,
    site_ids: Sequence[str],
    *,
    lang: str = "en",
    title: str | None = None,
    url: str | None = None,
    text: str | None = None,
    sentences: Sequence[str] | None = None,
    confidence: float = 0.9,
    actors: Sequence[str] = (),
    activities: Sequence[str] = (),
    sites: dict[str, Site] | None = None,
) -> tuple[Document, list[Mention]]:
    """One document naming each site of ``site_ids`` once per entry (repeat an id for more mentions).

    The surface is the English name (Arabic when ``lang="ar"``); each mention's sentence is its own
    sentence of the text, or ``sentences[i]`` when given (which must contain the name).
    """
    table = sites or SITE_BY_ID
    parts: list[str] = [f"[{doc_id}]"]
    spans: list[tuple[Site, str, int, int, str]] = []
    pos = len(parts[0]) + 1
    for i, sid in enumerate(site_ids):
        site = table[sid]
        name = site.name_ar if lang == "ar" else site.name_en
        sentence = sentences[i] if sentences is not None else (
            f"تقارير عن نشاط في {name}." if lang == "ar" else f"Reports of activity at {name}."
        )
        offset = sentence.index(name)
        spans.append((site, name, pos + offset, pos + offset + len(name), sentence))
        parts.append(sentence)
        pos += len(sentence) + 1
    body = " ".join(parts)
    doc = Document(
        id=doc_id,
        text=text if text is not None else body,
        source=source,
        url=url if url is not None else f"https://{source.lower().replace(' ', '-')}.example/{doc_id}",
        title=title if title is not None else f"Article {doc_id}",
        published=published,
        lang=lang,
    )
    if text is not None:  # caller's own text: offsets are searched in it
        fixed = []
        cursor = 0
        for site, name, _s, _e, sentence in spans:
            start = text.index(name, cursor)
            fixed.append((site, name, start, start + len(name), sentence))
            cursor = start + len(name)
        spans = fixed
    mentions = [
        Mention(site_id=site.id, surface=name, start=start, end=end, sentence=sentence, confidence=confidence,
                rule="test", lat=site.lat, lon=site.lon, kind=site.kind, name=site.name_en, doc_id=doc_id,
                actors=tuple(actors), activities=tuple(activities))
        for site, name, start, end, sentence in spans
    ]
    return doc, mentions


def make_store(
    path: str | Path,
    docs: Iterable[tuple[Document, Sequence[Mention]]] = (),
    sites: Iterable[Site] = SITES,
) -> Store:
    """A new store at ``path`` holding the test gazetteer and ``docs`` (in one transaction)."""
    store = Store.open(path)
    gaz = gazetteer(sites)
    version = store.record_gazetteer(gaz)
    store.add_documents(list(docs), version)
    return store


def mentions_frame(
    path: str | Path,
    docs: Iterable[tuple[Document, Sequence[Mention]]] = (),
    sites: Iterable[Site] = SITES,
) -> pd.DataFrame:
    """The mentions frame of a new store at ``path`` holding the test gazetteer and ``docs``
    (:func:`make_store`), the store closed again: the input of a map, report or export test."""
    with make_store(path, docs, sites) as store:
        return store.mentions_frame()


def relative_row(**kw: Any) -> dict[str, Any]:
    """One relative position with the columns of ``Store.relative_frame`` (an English report placing the
    Bir Lahmar airstrip about 300 km south of Kufra), with the fields in ``kw`` changed or added."""
    row: dict[str, Any] = {
        "document_id": 1, "anchor_site_id": "kufra", "anchor_name": "Kufra", "distance_km": 300.0,
        "bearing_deg": 180.0, "direction": "S", "lat": 21.4867, "lon": 23.3139, "radius_km": 60.0,
        "surface": "about 300 km south of Kufra", "start": 120, "end": 148,
        "sentence": "the airstrip at Bir Lahmar, about 300 km south of Kufra", "precision": "relative",
        "source": "Sahel Monitor", "published": pd.Timestamp("2024-04-10"), "url": "https://sm.example/a",
        "title": "Bir Lahmar", "lang": "en",
    }
    row.update(kw)
    return row


def relative_frame(arabic_published: Any, input_ids: tuple[str | None, str | None] | None = None) -> pd.DataFrame:
    """Two relative positions: :func:`relative_row`'s, and an Arabic report placing an airport 150 km
    south-west of Sirte, published ``arabic_published`` (a ``pd.Timestamp`` or ``pd.NaT``). With
    ``input_ids``, the frame has an ``input_id`` column holding them; without, none."""
    ids = [{"input_id": i} for i in input_ids] if input_ids is not None else [{}, {}]
    return pd.DataFrame([
        relative_row(**ids[0]),
        relative_row(document_id=2, anchor_site_id="sirte", anchor_name="Sirte", distance_km=150.0,
                     bearing_deg=225.0, direction="SW", lat=30.2, lon=15.4, radius_km=30.0, start=5, end=30,
                     surface="على بعد 150 كم جنوب غرب سرت", sentence="مطار بئر الغزيل، على بعد 150 كم جنوب غرب سرت",
                     source="النبأ", published=arabic_published, url="https://nb.example/b", title="بئر الغزيل",
                     lang="ar", **ids[1]),
    ])


def stderr_lines(stderr: str) -> list[str]:
    """The lines of a ``geotrack`` subprocess's stderr, without the one notice a pure-Python build prints
    (on a machine without a C compiler), so a test pins the same messages on both builds."""
    from geotrack.extract.select import PURE_NOTICE

    return [line for line in stderr.splitlines() if not line.startswith(PURE_NOTICE)]


def found(text: str) -> list[tuple[str, str, int, str]]:
    """What the shipped gazetteer's extractor finds in ``text``: (site, surface, start, rule) per mention."""
    return [(m.site_id, m.surface, m.start, m.rule) for m in extract(text)]


def rules(text: str, site_id: str) -> list[tuple[str, int, str]]:
    """(surface, start, rule) of every mention of ``site_id`` in ``text``, rejected ones included
    (confidence 0): which rule took or refused each."""
    return [(m.surface, m.start, m.rule) for m in extract(text, min_confidence=0.0) if m.site_id == site_id]
