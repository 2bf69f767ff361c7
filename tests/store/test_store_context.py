"""The store's context and discovery tables (migration 4): paragraph actors, foreign places, candidates and
relative positions, written by ``add_documents`` / ``replace_analysis`` and read back as frames."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geotrack.extract import Analysis, analyse
from geotrack.extract.discovery import known_spellings
from geotrack.models import Document, Site
from geotrack.store import AnalysisCounts, MentionFilter, Store
from geotrack.store.migrations import MIGRATIONS, applied, migrate
from tests.builders import SITES, gazetteer

EN = ("Russian cargo flights landed at Kufra on Monday, sources said. Sirte airport was closed.\n\n"
      "A new runway is being built at the Bir Zaltan air base, 300 km south of Kufra, with help from Moscow.")
AR = ("هبطت طائرات شحن روسية في الكفرة يوم الاثنين.\n\n"
      "وتقوم فاغنر ببناء مدرج في قاعدة براك الجوية على بعد 300 كم جنوب الكفرة، بدعم من موسكو.")
AR2 = "قالت مصادر إن قاعدة براك الجوية استقبلت طائرات شحن روسية جديدة، ونقلت معدات إلى سرت."
EN2 = "Satellite images show new hangars at Bir Zaltan airfield, and more at the Bir Zaltan air base."

GAZ = gazetteer()


def _doc(ext_id: str, text: str, source: str, published: str, lang: str) -> Document:
    return Document(id=ext_id, text=text, source=source, url=f"https://{source.lower().replace(' ', '-')}.example/{ext_id}",
                    title=ext_id, published=published, lang=lang)


DOCS = (
    _doc("en-1", EN, "Wire One", "2024-03-05", "en"),
    _doc("ar-1", AR, "Radio South", "2024-03-07", "ar"),
    _doc("ar-2", AR2, "Wire One", "2024-04-01", "ar"),
    _doc("en-2", EN2, "Desert Review", "2024-04-20", "en"),
)


@pytest.fixture
def store(db_location: str) -> Store:
    """The four documents stored, once per backend (SQLite, PostGIS)."""
    s = Store.open(db_location)
    s.record_gazetteer(GAZ)
    s.add_documents([(d, analyse(d.text, GAZ, doc_id=d.id)) for d in DOCS], GAZ.version)
    return s


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


# -- migration 4 ---------------------------------------------------------------------------------------
def test_migration_4_from_an_empty_file(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "empty.db", isolation_level=None)
    assert migrate(db) == [m[0] for m in MIGRATIONS]
    assert MIGRATIONS[3][0] == 4
    assert {"document_places", "relative_positions", "candidates"} <= _tables(db)
    assert _columns(db, "mentions")[-1] == "actors_paragraph"
    assert _columns(db, "document_places") == ["id", "document_id", "place_id", "surface", "start", "end"]
    assert _columns(db, "relative_positions") == [
        "id", "document_id", "anchor_site_id", "distance_km", "bearing_deg", "direction", "lat", "lon", "radius_km",
        "surface", "start", "end", "sentence", "precision"]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"document_places_document", "relative_positions_document", "relative_positions_anchor",
            "candidates_document"} <= indexes


def test_migration_4_from_a_version_3_database_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, upto=3) == [1, 2, 3]
    assert "relative_positions" not in _tables(db)
    db.execute("INSERT INTO sources (id, name, domain, created_at) VALUES (1, 'Old Wire', 'old.example', 'x')")
    db.execute("INSERT INTO documents (id, source_id, ext_id, text, content_hash, published, ingested_at)"
               " VALUES (1, 1, 'o-1', 'Kufra and الكفرة', 'h1', '2023-01-02', 'x')")
    db.execute('INSERT INTO mentions (document_id, site_id, surface, start, "end", sentence, confidence, rule, lat,'
               " lon, kind, actors) VALUES (1, 'kufra', 'Kufra', 0, 5, 'Kufra and الكفرة', 0.95, 'gazetteer', 24.2,"
               " 23.3, 'town', '[\"russia\"]')")
    db.execute('INSERT INTO candidates (document_id, name, name_key, pattern, surface, start, "end", sentence)'
               " VALUES (1, 'براك', 'براك', 'ar:qaida-jawiya', 'قاعدة براك الجوية', 0, 17, 's')")
    db.close()
    with Store.open(path) as store:
        assert applied(store.db)[:4] == [1, 2, 3, 4]
        assert store.counts() == {"sources": 1, "documents": 1, "mentions": 1, "syndicated": 0}
        frame = store.mentions_frame()
        assert frame.loc[0, "actors"] == ["russia"]
        assert frame.loc[0, "actors_paragraph"] == []  # the new column, defaulted
        assert store.analysis_counts() == {"document_places": 0, "candidates": 1, "relative_positions": 0}
        assert store.candidates_frame()["name"].tolist() == ["براك"]


# -- writing -------------------------------------------------------------------------------------------------
def test_add_documents_stores_the_whole_analysis(store: Store) -> None:
    assert store.analysis_counts() == {"document_places": 2, "candidates": 5, "relative_positions": 2}
    mentions = store.mentions_frame()
    en = mentions[mentions["document_id"] == 1]
    assert en["surface"].tolist() == ["Kufra", "Sirte", "Kufra"]
    # Sirte: Russia is in its paragraph, not its sentence; the second paragraph's Kufra has neither
    assert en["actors"].tolist() == [["russia"], [], []]
    assert en["actors_paragraph"].tolist() == [["russia"], ["russia"], []]
    assert en["activities"].tolist() == [["flights"], [], ["construction"]]
    ar = mentions[mentions["document_id"] == 2]
    assert ar["actors"].tolist() == [["russia"], ["wagner"]]
    assert ar["actors_paragraph"].tolist() == [["russia"], ["wagner"]]


def test_add_documents_still_takes_plain_mentions_and_counts_per_document(db_location: str) -> None:
    with Store.open(db_location) as store:
        a = analyse(AR, GAZ, doc_id="ar-1")
        results = store.add_documents([(DOCS[0], analyse(EN, GAZ)), (DOCS[1], a.mentions)])
        assert [(r.status, r.mentions, r.places, r.candidates, r.relative) for r in results] == [
            ("new", 3, 1, 1, 1), ("new", 2, 0, 0, 0)]
        assert store.analysis_counts() == {"document_places": 1, "candidates": 1, "relative_positions": 1}
        assert store.mentions_frame()["actors_paragraph"].tolist()[3:] == [["russia"], ["wagner"]]


def test_duplicates_and_syndicated_copies(store: Store) -> None:
    again = store.add_documents([(DOCS[1], analyse(AR, GAZ)),  # same source and text: nothing stored
                                 (_doc("ar-1b", AR, "Other Outlet", "2024-03-08", "ar"), analyse(AR, GAZ))])
    assert [(r.status, r.candidates) for r in again] == [("duplicate", 0), ("syndicated", 1)]
    assert store.analysis_counts() == {"document_places": 3, "candidates": 6, "relative_positions": 3}


def test_failed_batch_stores_no_analysis(store: Store) -> None:
    good = analyse(EN, GAZ)
    bad = Analysis(relative=[replace(good.relative[0], sentence=None)])  # type: ignore[arg-type]  # NOT NULL
    before = (store.counts(), store.analysis_counts())
    with pytest.raises(store.db_errors):  # NOT NULL violated: sqlite3 or psycopg IntegrityError
        store.add_documents([(_doc("x", "Kufra again.", "New", "", "en"), good),
                             (_doc("y", "Sirte.", "New", "", "en"), bad)])
    assert (store.counts(), store.analysis_counts()) == before


def test_replace_analysis_replaces_every_table_in_one_go(store: Store) -> None:
    bigger = gazetteer([*SITES, Site("brak", "airbase", "Brak Air Base", "براك", 27.65, 14.27, "user:given")])
    counts = store.replace_analysis([(doc_id, analyse(doc.text, bigger, doc_id=doc.id))
                                     for doc_id, doc in store.iter_documents()], "v2")
    assert counts == AnalysisCounts(documents=4, mentions=8, places=2, candidates=3, relative=2)
    assert store.analysis_counts() == {"document_places": 2, "candidates": 3, "relative_positions": 2}
    assert "براك" not in set(store.candidates_frame()["name_key"])
    assert store.mentions_frame(MentionFilter(sites=("brak",)))["surface"].tolist() == ["قاعدة براك الجوية"] * 2
    assert store.db.execute("SELECT DISTINCT gazetteer_version FROM documents").fetchall() == [("v2",)]
    # only the documents given are touched
    assert store.replace_analysis([(1, Analysis())], "v3") == AnalysisCounts(documents=1)
    assert store.analysis_counts() == {"document_places": 1, "candidates": 2, "relative_positions": 1}
    assert store.replace_mentions([(2, [])], "v4") == 0  # the old API still works
    assert store.analysis_counts() == {"document_places": 1, "candidates": 2, "relative_positions": 1}


# -- reading ---------------------------------------------------------------------------------------------------
def test_actor_filter_matches_sentence_or_paragraph(store: Store) -> None:
    russia = store.mentions_frame(MentionFilter(actors=("russia",)))
    assert list(zip(russia["document_id"], russia["surface"], strict=True)) == [
        (1, "Kufra"), (1, "Sirte"), (2, "الكفرة"), (3, "سرت")]
    wagner = store.mentions_frame(MentionFilter(actors=("wagner",)))
    assert wagner["surface"].tolist() == ["الكفرة"]
    assert wagner["actors"].tolist() == [["wagner"]]
    assert len(store.mentions_frame(MentionFilter(actors=("turkey",)))) == 0


def test_an_actor_filter_on_no_mention_keeps_the_columns(db_location: str) -> None:
    """An actor filter over an empty selection (no mention at all, or none of the site asked for) is an
    empty frame with every column, not a KeyError."""
    with Store.open(db_location) as empty:
        frame = empty.mentions_frame(MentionFilter(actors=("russia",)))
        assert frame.empty and "published" in frame.columns and "syndicated" in frame.columns
        assert list(frame.columns) == list(empty.mentions_frame().columns)


def test_an_actor_filter_on_an_empty_site_selection(store: Store) -> None:
    frame = store.mentions_frame(MentionFilter(actors=("russia",), sites=("no-such-site",)))
    assert frame.empty and list(frame.columns) == list(store.mentions_frame().columns)


def test_relative_frame(store: Store) -> None:
    frame = store.relative_frame()
    assert list(frame.columns) == [
        "document_id", "anchor_site_id", "anchor_name", "distance_km", "bearing_deg", "direction", "lat", "lon",
        "radius_km", "surface", "start", "end", "sentence", "precision", "source", "published", "url", "title",
        "lang", "input_id", "syndicated"]
    assert frame["syndicated"].tolist() == [False, False]
    assert frame["surface"].tolist() == ["300 km south of", "300 كم جنوب"]
    assert frame["input_id"].tolist() == ["en-1", "ar-1"]
    assert set(frame["anchor_name"]) == {"Kufra"}
    assert set(frame["precision"]) == {"relative"}
    assert frame["published"].dtype.kind == "M"
    assert frame.loc[0, "lat"] == pytest.approx(24.1833 - 300 / 111.0, abs=0.05)
    for row in frame.itertuples():
        text = DOCS[row.document_id - 1].text
        assert text[row.start:row.end] == row.surface
    assert store.relative_frame(MentionFilter(sites=("sirte",))).empty
    assert store.relative_frame(MentionFilter(sources=("Radio South",)))["lang"].tolist() == ["ar"]
    assert store.relative_frame(MentionFilter(until=date(2024, 3, 6)))["lang"].tolist() == ["en"]


def test_places_frame(store: Store) -> None:
    frame = store.places_frame()
    assert list(frame.columns) == ["document_id", "place_id", "surface", "start", "end", "source", "published",
                                   "input_id"]
    assert list(zip(frame["place_id"], frame["surface"], frame["input_id"], strict=True)) == [
        ("city:524901", "Moscow", "en-1"), ("city:524901", "موسكو", "ar-1")]
    assert store.places_frame(MentionFilter(since=date(2024, 3, 6)))["surface"].tolist() == ["موسكو"]


def test_candidates_frame(store: Store) -> None:
    frame = store.candidates_frame()
    assert list(frame.columns) == ["name_key", "name", "pattern", "surface", "start", "end", "sentence",
                                   "document_id", "source", "published", "url", "title", "lang", "input_id",
                                   "syndicated"]
    assert not frame["syndicated"].any()
    assert frame["surface"].tolist() == ["Bir Zaltan air base", "قاعدة براك الجوية", "قاعدة براك الجوية",
                                         "Bir Zaltan airfield", "Bir Zaltan air base"]
    assert frame["input_id"].tolist() == ["en-1", "ar-1", "ar-2", "en-2", "en-2"]
    assert store.candidates_frame(MentionFilter(sources=("Desert Review",)))["pattern"].tolist() == [
        "en:airfield", "en:air-base"]


def test_near_copies_are_marked_in_the_relative_and_candidate_frames(store: Store) -> None:
    """A near-duplicate copy found by the syndication step (stored ``syndicated_of`` its original) is
    ``syndicated`` in every frame, so candidates and relative positions count it once too."""
    from geotrack.candidates import summarise
    from geotrack.store.monitoring import Monitoring

    Monitoring(store).record_copies([(2, 1, 0.8), (3, 1, 0.9)])  # ar-1 and ar-2 as copies of en-1
    candidates = store.candidates_frame()
    assert candidates.loc[candidates["syndicated"], "input_id"].tolist() == ["ar-1", "ar-2"]
    assert store.relative_frame()["syndicated"].tolist() == [False, True]
    assert store.mentions_frame().groupby("input_id")["syndicated"].first().to_dict() == {
        "ar-1": True, "ar-2": True, "en-1": False}
    summary = summarise(candidates, GAZ)
    assert summary[["name_key", "mentions", "sources", "independent_sources"]].values.tolist() == [
        ["bir zaltan", 3, 2, 2], ["براك", 2, 2, 0]]


def test_candidate_summary(store: Store) -> None:
    summary = store.candidate_summary()
    assert list(summary.columns) == ["name_key", "name", "mentions", "documents", "sources", "source_list",
                                     "first_seen", "last_seen", "patterns", "example_sentence", "example_url"]
    rows = summary.to_dict("records")
    assert [(r["name_key"], r["name"], r["mentions"], r["documents"], r["sources"]) for r in rows] == [
        ("bir zaltan", "Bir Zaltan", 3, 2, 2), ("براك", "براك", 2, 2, 2)]
    assert rows[0]["source_list"] == ["Desert Review", "Wire One"]
    assert rows[0]["patterns"] == ["en:air-base", "en:airfield"]
    assert (rows[0]["first_seen"], rows[0]["last_seen"]) == (pd.Timestamp("2024-03-05"), pd.Timestamp("2024-04-20"))
    assert rows[0]["example_url"] == "https://wire-one.example/en-1"
    assert "Bir Zaltan air base" in rows[0]["example_sentence"]
    assert rows[1]["source_list"] == ["Radio South", "Wire One"]
    # filters
    late = store.candidate_summary(MentionFilter(since=date(2024, 4, 1)))
    assert late[["name_key", "mentions"]].values.tolist() == [["bir zaltan", 2], ["براك", 1]]
    # a name the gazetteer knows now is dropped, with or without the Arabic article
    known = gazetteer([*SITES, Site("brak", "airbase", "Brak", "البراك", 27.65, 14.27, "user:given")])
    assert store.candidate_summary(known=known_spellings(known))["name_key"].tolist() == ["bir zaltan"]
    assert store.candidate_summary(known=known_spellings(GAZ))["name_key"].tolist() == ["bir zaltan", "براك"]


def test_empty_frames(db_location: str) -> None:
    with Store.open(db_location) as store:
        assert store.relative_frame().empty and store.places_frame().empty and store.candidates_frame().empty
        summary = store.candidate_summary()
        assert summary.empty
        assert "source_list" in summary.columns


def test_site_activity_counts_independent_sources(store: Store) -> None:
    """The QGIS view ``site_activity`` (migration 9) counts sources as the frames do: ``independent_sources``
    leaves out copies, on both backends, equal to :func:`geotrack.aggregate.site_summary`."""
    from geotrack.aggregate import site_summary
    from geotrack.store.monitoring import Monitoring

    Monitoring(store).record_copies([(2, 1, 0.8)])  # ar-1 (Radio South) as a copy of en-1 (Wire One)
    columns = ["site_id", "mentions", "documents", "sources", "independent_sources"]
    view = store.frame(f"SELECT {', '.join(columns)} FROM site_activity ORDER BY site_id")
    assert view.values.tolist() == [["kufra", 4, 2, 2, 1], ["sirte", 2, 2, 1, 1]]
    summary = site_summary(store.mentions_frame()).sort_values("site_id")[columns]
    assert summary.values.tolist() == view.values.tolist()


def test_migration_9_adds_independent_sources_to_site_activity(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    migrate(db, upto=8)
    assert "independent_sources" not in _columns(db, "site_activity")
    assert migrate(db, upto=9) == [9]
    assert _columns(db, "site_activity")[-2:] == ["source_list", "independent_sources"]
