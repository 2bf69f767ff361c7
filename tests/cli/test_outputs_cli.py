"""``geotrack map`` and ``geotrack export`` through typer's CliRunner, on both backends (the ``db`` fixture
is a SQLite file, then the PostGIS database: ``db_location`` of tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.cli.filters import build_filter, parse_date
from geotrack.errors import InputError
from tests.builders import article, make_store

runner = CliRunner()


@pytest.fixture
def db(db_location: str) -> str:
    path = db_location
    make_store(path, [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"]),
        article("b1", "Outlet B", "2024-04-10", ["al-jufra", "kufra"], lang="ar"),
        article("c1", "Outlet C", "2024-05-01", ["maaten-al-sarra"], confidence=0.4),
    ]).close()
    return path


def test_map_command(db: str, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(out), "--kind", "airbase"])
    assert result.exit_code == 0, result.output
    assert "2 sites, 3 mentions" in result.stdout  # al-jufra twice, maaten-al-sarra once
    page = out.read_text(encoding="utf-8")
    assert page.count('"className": "geotrack-site"') == 2
    assert "Filters: kinds: airbase" in page


def test_map_uses_geotrack_db_by_default(db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_DB", str(db))
    result = runner.invoke(app, ["map", "-o", str(tmp_path / "m.html"), "--source", "Outlet A",
                                 "--source", "Outlet B"])
    assert result.exit_code == 0, result.output
    assert "3 sites, 4 mentions" in result.stdout


@pytest.mark.parametrize(("fmt", "by", "rows"), [("geojson", "site", 4), ("geojson", "mention", 5),
                                                 ("csv", "site", 4), ("gpkg", "mention", 5),
                                                 ("parquet", "site", 4)])
def test_export_command(db: str, tmp_path: Path, fmt: str, by: str, rows: int) -> None:
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(db), "--format", fmt, "--by", by, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"{rows} {by}s ({fmt})" in result.stdout
    assert out.exists()


def test_export_filters(db: str, tmp_path: Path) -> None:
    out = tmp_path / "f.geojson"
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "geojson", "-o", str(out), "--since", "2024-04-01",
                                 "--until", "2024-04-30", "--site", "al-jufra", "--site", "kufra"])
    assert result.exit_code == 0, result.output
    ids = [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert sorted(ids) == ["al-jufra", "kufra"]
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "geojson", "-o", str(out),
                                 "--min-confidence", "0.5"])
    ids = [f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]
    assert "maaten-al-sarra" not in ids and len(ids) == 3


def test_empty_result_warns_and_writes(db: str, tmp_path: Path) -> None:
    out = tmp_path / "e.geojson"
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "geojson", "-o", str(out), "--source", "Nobody"])
    assert result.exit_code == 0
    assert "warning: no mentions match (sources: Nobody)" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == {"type": "FeatureCollection", "features": []}
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(tmp_path / "e.html"), "--since", "2030-01-01"])
    assert result.exit_code == 0 and "writing an empty map" in result.stderr
    assert 'data-sites="0"' in (tmp_path / "e.html").read_text(encoding="utf-8")


def test_errors(db: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = runner.invoke(app, ["map", "--db", str(missing), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 1 and "no database at" in result.stderr
    assert not missing.exists()  # never creates an empty database
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "geojson", "-o", str(tmp_path / "x"),
                                 "--since", "March"])
    assert result.exit_code == 1
    assert "--since 'March' is not a date; write it as YYYY-MM-DD" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "shp", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2 and "shp" in result.stderr
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(tmp_path)])
    assert result.exit_code == 1 and "is a folder" in result.stderr


def test_build_filter() -> None:
    flt = build_filter(since="2024-01-01", until="2024-02-01", source=["A"], site=["s"], kind=["town"],
                       min_confidence=0.5)
    assert (flt.sources, flt.sites, flt.kinds, flt.min_confidence) == (("A",), ("s",), ("town",), 0.5)
    assert str(flt.since) == "2024-01-01" and str(flt.until) == "2024-02-01"
    assert parse_date(None, "--since") is None and parse_date("", "--since") is None
    with pytest.raises(InputError, match="swap them"):
        build_filter(since="2024-02-01", until="2024-01-01")
    with pytest.raises(InputError, match=r"--until '2024-13-01' is not a date"):
        parse_date("2024-13-01", "--until")


def test_help() -> None:
    for cmd in ("map", "export"):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0
        assert "--since" in result.stdout and "--kind" in result.stdout
