"""The user's document id (``documents.input_id``, migration 5): from an empty file and from a version-4
database, in every frame that lists documents, and kept by the first copy when a duplicate is skipped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from geotrack.extract import Analysis
from geotrack.models import Candidate, Document, Mention, RelativePosition
from geotrack.store import SCHEMA_VERSION, Store
from geotrack.store.migrations import MIGRATIONS, applied, migrate


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA table_info({table})")]


def _indexes(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_migration_5_from_an_empty_file(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "empty.db", isolation_level=None)
    assert migrate(db, upto=5) == [1, 2, 3, 4, 5]
    cols = _columns(db, "documents")
    assert "input_id" in cols and "ext_id" not in cols
    assert cols.index("input_id") == 2  # where ext_id was: the rename keeps the column's place
    assert "documents_input_id" in _indexes(db)
    assert db.execute("PRAGMA user_version").fetchone() == (5,)


def test_migration_5_from_a_version_4_database_keeps_the_ids(tmp_path: Path) -> None:
    path = tmp_path / "v4.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, upto=4) == [1, 2, 3, 4]
    assert db.execute("PRAGMA user_version").fetchone() == (4,)
    db.execute("INSERT INTO sources (id, name, domain, created_at) VALUES (1, 'Old Wire', 'old.example', 'x')")
    db.execute("INSERT INTO documents (id, source_id, ext_id, text, content_hash, published, ingested_at)"
               " VALUES (1, 1, 'wire-2023-0042', 'Kufra', 'h1', '2023-01-02', 'x')")
    db.execute('INSERT INTO mentions (document_id, site_id, surface, start, "end", sentence, confidence, rule, lat,'
               " lon, kind) VALUES (1, 'kufra', 'Kufra', 0, 5, 'Kufra', 0.95, 'gazetteer', 24.2, 23.3, 'town')")
    db.close()
    with Store.open(path) as store:
        assert applied(store.db) == [m[0] for m in MIGRATIONS] == list(range(1, SCHEMA_VERSION + 1))
        assert store.db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        assert store.mentions_frame()["input_id"].tolist() == ["wire-2023-0042"]
        [(doc_id, doc)] = list(store.iter_documents())
        assert (doc_id, doc.id, doc.text) == (1, "wire-2023-0042", "Kufra")


def _mention(site: str, surface: str, start: int) -> Mention:
    return Mention(site_id=site, surface=surface, start=start, end=start + len(surface), sentence=surface,
                   confidence=0.9, rule="gazetteer", lat=24.2, lon=23.3, kind="town")


def _analysis(text: str) -> Analysis:
    return Analysis(
        mentions=[_mention("kufra", "Kufra", 0)],
        candidates=[Candidate(name="Brak", name_key="brak", pattern="en:air-base", surface="Brak air base",
                              start=10, end=23, sentence=text)],
        relative=[RelativePosition(anchor_site_id="kufra", distance_km=300, bearing_deg=180, direction="S",
                                   lat=21.5, lon=23.3, radius_km=30, surface="300 km south of", start=30, end=45,
                                   sentence=text)],
    )


TEXT = "Kufra and Brak air base, 300 km south of Kufra."


def test_input_id_in_every_frame_and_the_first_copy_keeps_its_id(db_location: str) -> None:
    first = Document(id="row-7", text=TEXT, source="Wire One", published="2024-03-05")
    again = Document(id="row-7-resaved", text=TEXT.replace(" ", "  "), source="Wire One", published="2024-03-05")
    other = Document(id="https://two.example/a?id=9", text=TEXT, source="Wire Two", published="2024-03-06")
    with Store.open(db_location) as store:
        results = store.add_documents([(first, _analysis(TEXT)), (again, _analysis(TEXT)),
                                       (other, _analysis(TEXT))])
        assert [r.status for r in results] == ["new", "duplicate", "syndicated"]
        assert results[1].document_id == results[0].document_id
        mentions = store.mentions_frame()
        assert list(zip(mentions["source"], mentions["input_id"], mentions["syndicated"], strict=True)) == [
            ("Wire One", "row-7", False), ("Wire Two", "https://two.example/a?id=9", True)]
        assert store.candidates_frame()["input_id"].tolist() == ["row-7", "https://two.example/a?id=9"]
        assert store.relative_frame()["input_id"].tolist() == ["row-7", "https://two.example/a?id=9"]
        assert store.places_frame()["input_id"].tolist() == []
        assert [d.id for _, d in store.iter_documents()] == ["row-7", "https://two.example/a?id=9"]
        # the duplicate's own id is not stored anywhere
        assert store.db.execute("SELECT COUNT(*) FROM documents WHERE input_id = 'row-7-resaved'").fetchone() == (0,)


def test_input_id_survives_hostile_values(db_location: str) -> None:
    ids = ["=cmd|' /C calc'!A0", "id with\nnewline", "معرف-٤٢", "", "x" * 2000]
    docs = [(Document(id=i, text=f"Kufra {n}", source="S"), [_mention("kufra", "Kufra", 0)])
            for n, i in enumerate(ids)]
    with Store.open(db_location) as store:
        store.add_documents(docs)
        assert store.mentions_frame()["input_id"].tolist() == ids
