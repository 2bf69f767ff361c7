"""``geotrack db check`` and ``geotrack db copy`` (geotrack.store.admin) on both backends: exact counts,
integrity problems found, a SQLite file copied to PostGIS and back with every row and id kept."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.models import Document, Mention
from geotrack.store import SCHEMA_VERSION, Store
from geotrack.store.caches import GeocodeCache
from geotrack.store.monitoring import Monitoring

runner = CliRunner()


def _mention(site: str, start: int, lat: float, lon: float) -> Mention:
    return Mention(site_id=site, surface=site, start=start, end=start + len(site), sentence=f"at {site}",
                   confidence=0.9, rule="gazetteer", lat=lat, lon=lon, kind="airbase", actors=("russia",))


def _fill(store: Store) -> None:
    """3 documents of 2 sources (one a syndicated copy), 5 mentions, a cached geocode, a feed's state."""
    text = "flights at al-jufra and watiya"
    store.add_documents([
        (Document(id="a-1", text=text, source="Wire A", published="2024-03-01"),
         [_mention("al-jufra", 11, 29.198, 16.0), _mention("watiya", 24, 32.47, 11.9)]),
        (Document(id="a-2", text="watiya again", source="Wire A", published="2024-03-02"),
         [_mention("watiya", 0, 32.47, 11.9)]),
        (Document(id="b-1", text=text, source="Radio B", published="2024-03-03"),
         [_mention("al-jufra", 11, 29.198, 16.0), _mention("watiya", 24, 32.47, 11.9)]),
    ], "g1")
    GeocodeCache(store).put("nominatim", "brak", [{"lat": 27.65, "lon": 14.27}])
    Monitoring(store).save_feed({"url": "https://feeds.example/rss", "folder": "wires", "every_s": 900.0,
                                 "failures": 0, "items": 3, "last_success": "", "last_error": "", "error": "",
                                 "next_poll": "", "retry_after": ""})


def _check(location: str) -> tuple[int, dict]:
    res = runner.invoke(app, ["db", "check", "--db", location, "--format", "json"])
    return res.exit_code, json.loads(res.stdout) if res.stdout.strip() else {"stderr": res.output}


def test_check_counts_and_integrity_on_each_backend(db_location: str) -> None:
    with Store.open(db_location) as store:
        _fill(store)
    code, report = _check(db_location)
    assert code == 0, report
    assert report["ok"] is True and report["problems"] == []
    assert report["schema_version"] == report["code_version"] == SCHEMA_VERSION
    assert {t: report["counts"][t] for t in ("sources", "documents", "mentions", "feeds", "alerts")} == {
        "sources": 2, "documents": 3, "mentions": 5, "feeds": 1, "alerts": 0}
    assert report["backend"] == ("postgresql" if db_location.startswith("postgresql") else "sqlite")
    assert bool(report["postgis"]) == db_location.startswith("postgresql")


def test_check_finds_orphans_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.db"
    with Store.open(path) as store:
        _fill(store)
    db = sqlite3.connect(path)  # foreign keys off: what a crashed tool without them could leave
    db.execute("DELETE FROM documents WHERE id = 2")
    db.commit()
    db.close()
    res = runner.invoke(app, ["db", "check", "--db", str(path)])
    assert res.exit_code == 1
    assert "problem: mentions.document_id: 1 row(s) point at no documents row" in res.stderr
    assert "integrity: ok" not in res.stdout


@pytest.mark.postgres
def test_copy_sqlite_to_postgis_and_back_keeps_every_row_and_id(tmp_path: Path, pg_url: str) -> None:
    home = tmp_path / "analyst.db"
    with Store.open(home) as store:
        _fill(store)
        before = {name: store.frame(f"SELECT * FROM {name} ORDER BY 1") for name in
                  ("sources", "documents", "mentions", "feeds", "geocode_cache")}
    res = runner.invoke(app, ["db", "copy", str(home), pg_url, "--format", "json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)["rows"]
    assert {t: rows[t] for t in ("sources", "documents", "mentions", "feeds")} == {
        "sources": 2, "documents": 3, "mentions": 5, "feeds": 1}
    with Store.open(pg_url) as team:
        assert team.counts() == {"sources": 2, "documents": 3, "mentions": 5, "syndicated": 1}
        # identity keys continue after the copied ids: the next document is 4, its mention 6
        [res4] = team.add_documents([(Document(id="c-1", text="al-jufra later", source="Wire A"),
                                      [_mention("al-jufra", 0, 29.198, 16.0)])], "g1")
        assert res4.document_id == 4
        assert team.db.execute("SELECT MAX(id) FROM mentions").fetchone()[0] == 6
        assert team.db.execute("SELECT ST_AsText(geom) FROM mentions WHERE id = 1").fetchone()[0] == "POINT(16 29.198)"
    snapshot = tmp_path / "snapshot.db"
    res = runner.invoke(app, ["db", "copy", pg_url, str(snapshot), "--quiet"])
    assert res.exit_code == 0, res.output
    with Store.open(snapshot) as back:
        assert back.counts() == {"sources": 2, "documents": 4, "mentions": 6, "syndicated": 1}
        for name, frame in before.items():
            got = back.frame(f"SELECT * FROM {name} ORDER BY 1 LIMIT {len(frame)}")  # the rows copied out
            pd.testing.assert_frame_equal(got, frame, obj=name, check_dtype=False)
    assert _check(str(snapshot))[1]["ok"] is True
    # a target holding data is refused, nothing written
    res = runner.invoke(app, ["db", "copy", str(home), pg_url])
    assert res.exit_code == 1
    assert res.stderr.strip().splitlines() == [
        f"Error: {pg_url} already holds data (4 documents, 1 feeds, 1 geocode_cache, 6 mentions,"
        " 2 sources): db copy fills an"
        " empty store only"]


def test_copy_errors_are_one_line_without_the_password(tmp_path: Path) -> None:
    home = tmp_path / "a.db"
    with Store.open(home) as store:
        _fill(store)
    res = runner.invoke(app, ["db", "copy", str(home), "postgresql://ingest:s3cret@127.0.0.1:1/team"])
    assert res.exit_code == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: cannot connect to the PostgreSQL server of postgresql://ingest:***@127.0.0.1:1/team: is it running?")
    assert "s3cret" not in res.output
    res = runner.invoke(app, ["db", "check", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 1 and "no database at" in res.stderr


def test_monitoring_state_on_each_backend(db_location: str) -> None:
    """h17's monitoring tables (migration 6) through geotrack.store.monitoring, on both backends."""
    with Store.open(db_location) as store:
        _fill(store)
        state = Monitoring(store)
        alerts = [("first:al-jufra", "first_mention", "2024-03-01T10:00:00+00:00", {"site": "al-jufra"}),
                  ("first:watiya", "first_mention", "2024-03-02T10:00:00+00:00", {"site": "watiya"})]
        assert state.record_alerts(alerts) == ["first:al-jufra", "first:watiya"]
        assert state.record_alerts(alerts) == []  # fired once
        state.mark_delivered(["first:watiya"], "atom")
        got = state.alerts()
        assert [(a.key, a.delivered) for a in got] == [("first:watiya", ("atom",)), ("first:al-jufra", ())]
        assert got[0].payload == {"site": "watiya"}
        state.record_copies([(3, 1, 0.97)])
        state.record_copies([(3, 1, 0.99)])
        assert state.copies() == {3: 1}
        assert state.known_inputs(["a-1", "zz", ""]) == {"a-1"}
        assert [f["url"] for f in state.feeds()] == ["https://feeds.example/rss"]
