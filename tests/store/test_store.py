"""Store migrations: from an empty file and from the previous version, data kept; the HTTP validator cache."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotrack.http import StoreCache, Validators
from geotrack.models import Document
from geotrack.store import SCHEMA_VERSION, Store
from geotrack.store.caches import GeocodeCache
from geotrack.store.migrations import MIGRATIONS, applied, migrate


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_migrations_are_numbered_in_order() -> None:
    assert [m[0] for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert SCHEMA_VERSION == MIGRATIONS[-1][0] >= 3


def test_migrate_from_empty_file(tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "empty.db", isolation_level=None)
    assert migrate(db) == [m[0] for m in MIGRATIONS]
    assert applied(db) == [m[0] for m in MIGRATIONS]
    assert {"sources", "documents", "mentions", "sites", "gazetteer_versions", "candidates", "geocode_cache",
            "http_cache", "migrations"} <= _tables(db)
    assert migrate(db) == []  # idempotent
    cols = [r[1] for r in db.execute("PRAGMA table_info(http_cache)")]
    assert cols == ["url", "etag", "last_modified", "fetched_at"]


def test_migrate_from_previous_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, upto=2) == [1, 2]  # a version-2 database (before the HTTP cache)
    assert "http_cache" not in _tables(db)
    db.execute("INSERT INTO sources (id, name, domain, created_at) VALUES (1, 'Old Wire', 'old.example', 'x')")
    db.execute(
        "INSERT INTO documents (id, source_id, ext_id, text, content_hash, ingested_at)"
        " VALUES (1, 1, 'o-1', 'Jufra', 'h1', 'x')"
    )
    db.execute(
        'INSERT INTO mentions (document_id, site_id, surface, start, "end", sentence, confidence, rule, lat, lon,'
        " kind) VALUES (1, 'al-jufra', 'Jufra', 0, 5, 'Jufra', 0.95, 'gazetteer', 29.2, 16.0, 'airbase')"
    )
    db.close()
    with Store.open(path) as store:  # migrates to the latest version
        assert applied(store.db) == [m[0] for m in MIGRATIONS]
        assert store.counts() == {"sources": 1, "documents": 1, "mentions": 1, "syndicated": 0}
        [(doc_id, doc)] = list(store.iter_documents())
        assert (doc_id, doc.id, doc.text, doc.source) == (1, "o-1", "Jufra", "Old Wire")
        assert "http_cache" in _tables(store.db)


def test_store_cache_round_trip(db_location: str) -> None:
    with Store.open(db_location) as store:
        cache = StoreCache(store)
        assert cache.get("https://f.example/rss") is None
        cache.put("https://f.example/rss", Validators('"v1"', "Mon, 06 May 2024 08:30:00 GMT"))
        cache.put("https://f.example/rss", Validators('"v2"', ""))
        assert cache.get("https://f.example/rss") == Validators('"v2"', "")
    with Store.open(db_location) as store:
        assert StoreCache(store).get("https://f.example/rss") == Validators('"v2"', "")
        geocoded = GeocodeCache(store)
        assert geocoded.get("nominatim", "براك") is None
        geocoded.put("nominatim", "براك", [{"lat": 27.65, "lon": 14.27, "name": "براك"}])
        geocoded.put("nominatim", "براك", [{"lat": 27.66, "lon": 14.28, "name": "براك الشاطئ"}])
        assert geocoded.get("nominatim", "براك") == [{"lat": 27.66, "lon": 14.28, "name": "براك الشاطئ"}]


def test_documents_round_trip_through_the_store(db_location: str) -> None:
    doc = Document(id="x-1", text="قاعدة الجفرة", source="S", url="https://s.example/1", title="T",
                   published="2024-03-05", lang="ar", path="p.txt")
    with Store.open(db_location) as store:
        [res] = store.add_documents([(doc, [])])
        assert res.status == "new"
        assert list(store.iter_documents()) == [(res.document_id, doc)]


# every character str.split() splits at, and neighbours: the line-wise fold of content_hash must give
# exactly the words of the text joined by one space, whatever whitespace the text holds
_SPACES = "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@given(st.text(alphabet=st.sampled_from(_SPACES + "abال‏.")))
def test_content_hash_folds_every_whitespace_run(text: str) -> None:
    from geotrack.store import _folded, content_hash

    assert _folded(text) == " ".join(text.split())
    assert content_hash(text) == hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def test_content_hash_of_lines_and_of_other_whitespace() -> None:
    from geotrack.store import _folded

    for text in ("", " \n \n", "Convoy left Sabha.\n\n Then  Kufra.", "a\tb", "a\u00a0b\n", "a\r\nb",
                 " lead\ntrail \n\nمطار  معيتيقة\u200f\n", "x\u2028y", "one line"):
        assert _folded(text) == " ".join(text.split()), text


def test_add_rows_takes_content_hashes_computed_elsewhere(db_location: str) -> None:
    """A batch task computes each text's content hash on its worker; the store uses them as given, and
    duplicates and syndicated copies are found by them exactly as by its own."""
    from geotrack.store import content_hash, document_rows

    docs = [Document(id=f"d{i}", text=text, source=source) for i, (text, source) in
            enumerate([("Convoy left  Sabha.", "A"), ("Convoy left Sabha.", "A"), ("Convoy left Sabha.", "B")])]
    rows = [document_rows(d, []) for d in docs]
    with Store.open(db_location) as store:
        results = store.add_rows(rows, "v1", [content_hash(d.text) for d in docs])
        assert [r.status for r in results] == ["new", "duplicate", "syndicated"]
        assert store.counts()["documents"] == 2
        with pytest.raises(ValueError, match=r"^2 content hashes for 3 documents$"):
            store.add_rows(rows, "v1", ["a", "b"])
        assert store.counts()["documents"] == 2
