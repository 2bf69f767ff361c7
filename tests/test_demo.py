"""``geotrack demo`` and ``geotrack report`` through the CLI, on the shipped sample corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.demo import OUTPUTS, run_demo
from tests.builders import article, make_store

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    result = runner.invoke(app, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_demo_writes_every_output(demo_dir: Path) -> None:
    for name in OUTPUTS:
        assert (demo_dir / name).stat().st_size > 0, name
    assert (demo_dir / "geotrack.db").exists()
    assert (demo_dir / "report_timeline.png").read_bytes().startswith(b"\x89PNG")
    assert (demo_dir / "report_map.html").exists()


def test_demo_geojson_reads_back_with_geopandas(demo_dir: Path) -> None:
    sites = gpd.read_file(demo_dir / "sites.geojson")
    mentions = gpd.read_file(demo_dir / "mentions.geojson")
    assert len(sites) >= 10
    assert len(mentions) >= len(sites)
    assert sites.crs is not None and sites.crs.to_epsg() == 4326
    # every point lies in Libya's bounding box (lon first in GeoJSON)
    assert sites.geometry.x.between(9.0, 25.5).all() and sites.geometry.y.between(19.0, 34.0).all()
    raw = json.loads((demo_dir / "sites.geojson").read_text(encoding="utf-8"))
    assert raw["type"] == "FeatureCollection"


def test_demo_report_names_several_sites_and_sources(demo_dir: Path) -> None:
    page = (demo_dir / "report.html").read_text(encoding="utf-8")
    md = (demo_dir / "report.md").read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-site="([^"]+)">', page.split('id="site-table"')[1].split("</table>")[0])
    sites = gpd.read_file(demo_dir / "sites.geojson")
    assert len(rows) == len(sites) >= 10
    for name in ("Al Jufra", "Watiya", "Kufra"):
        assert name in page and name in md
    assert 'dir="rtl" lang="ar"' in page and 'dir="rtl" lang="ar"' in md
    assert md.count("\n| ") > 20
    assert "## What changed" in md and "## Evidence" in md


def test_demo_summary_and_rerun(tmp_path: Path) -> None:
    first = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert first.exit_code == 0, first.output
    m = re.search(r"(\d+) documents, (\d+) mentions of (\d+) sites from (\d+) sources", first.stdout)
    assert m is not None, first.stdout
    docs, mentions, sites, sources = map(int, m.groups())
    assert docs >= 40 and sources >= 5 and sites >= 10 and mentions >= sites
    again = run_demo(tmp_path)  # same folder again: rebuilt, same counts
    assert (again.documents, again.mentions, again.sites, again.sources) == (docs, mentions, sites, sources)
    quiet = runner.invoke(app, ["demo", "--out", str(tmp_path), "--quiet"])
    assert quiet.exit_code == 0
    assert quiet.stdout.splitlines() == [str(p) for p in again.paths.values()]


def test_demo_refuses_a_non_database_in_the_way(tmp_path: Path) -> None:
    (tmp_path / "geotrack.db").write_text("not a database, keep me", encoding="utf-8")
    result = runner.invoke(app, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a SQLite database" in result.output
    assert (tmp_path / "geotrack.db").read_text(encoding="utf-8") == "not a database, keep me"


def test_report_command_html_and_markdown(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    make_store(db, [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"]),
        article("a2", "Outlet B", "2024-04-01", ["al-jufra", "kufra"]),
        article("a3", "Outlet C", "2024-04-09", ["al-jufra"]),
    ]).close()
    html_out, md_out = tmp_path / "rep.html", tmp_path / "rep.md"
    r1 = runner.invoke(app, ["report", "--db", str(db), "--period", "month", "-o", str(html_out)])
    assert r1.exit_code == 0, r1.output
    assert "3 sites, 5 mentions, by month" in r1.stdout
    r2 = runner.invoke(app, ["report", "--db", str(db), "--period", "week", "--since", "2024-04-01",
                             "--source", "Outlet B", "--source", "Outlet C", "-o", str(md_out)])
    assert r2.exit_code == 0, r2.output
    md = md_out.read_text(encoding="utf-8")
    assert "current: **week of 2024-04-08**" in md
    assert "sources: Outlet B, Outlet C" in md
    assert "| Sirte |" not in md and "| Kufra |" in md
    assert (tmp_path / "rep_timeline.png").exists()


def test_report_command_errors(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["report", "--db", str(tmp_path / "none.db"), "-o", str(tmp_path / "r.html")])
    assert missing.exit_code == 1 and "no database" in missing.output
    db = tmp_path / "r.db"
    make_store(db, [article("a1", "Outlet A", "2024-03-05", ["sirte"])]).close()
    bad = runner.invoke(app, ["report", "--db", str(db), "-o", str(tmp_path / "r.pdf")])
    assert bad.exit_code == 1 and ".html or .md" in bad.output
    period = runner.invoke(app, ["report", "--db", str(db), "--period", "year", "-o", str(tmp_path / "r.md")])
    assert period.exit_code == 2


def test_demo_shows_actors_candidates_and_relative_positions(demo_dir: Path) -> None:
    page = (demo_dir / "report.html").read_text(encoding="utf-8")
    md = (demo_dir / "report.md").read_text(encoding="utf-8")
    map_page = (demo_dir / "map.html").read_text(encoding="utf-8")
    # actors: the report's actor table and the site table, and the map's popups
    actors = re.findall(r'<tr data-actor="([^"]+)">', page)
    assert {"russia", "turkey", "lna", "africa-corps"} <= set(actors)
    assert re.search(r'<div class="actors">[^<]*russia ×\d+', page)
    assert "| russia |" in md
    assert re.search(r"<b>Actors</b>: [^<]*russia ×\d+", map_page)
    assert re.search(r"<b>Activities</b>: [^<]*(flights|deployment) ×\d+", map_page)
    # candidates (possible new sites), English and Arabic
    candidates = re.findall(r'<tr data-candidate="([^"]+)">', page)
    for name in ("Bir Lahmar", "بئر الغزيل", "Qaret al-Ghazal", "قارة الطيور"):
        assert name in candidates, candidates
        assert name in md
    # relative positions: listed in the report and drawn as circles (never markers) on both maps
    assert "## Approximate positions" in md and "300 km" in md
    rel_rows = re.findall(r'<tr data-anchor="([^"]+)">', page)
    assert rel_rows.count("kufra") >= 3 and "sabha" in rel_rows
    assert "about 300 km south of Kufra" in page
    circles = re.findall(r'L\.circle\(\s*\[[^\]]+\],\s*\{[^}]*"className": "geotrack-relative"[^}]*"radius": ([\d.]+)',
                         map_page)
    assert len(circles) == len(rel_rows) >= 5
    assert all(float(r) > 1000 for r in circles)
    assert f'data-relative="{len(circles)}"' in map_page
    assert "geotrack-relative" in (demo_dir / "report_map.html").read_text(encoding="utf-8")
    rel = gpd.read_file(demo_dir / "relative.geojson")
    assert len(rel) == len(circles) and set(rel["precision"]) == {"relative"}
    assert (rel["radius_km"] > 0).all() and "kufra" in set(rel["anchor"])
