"""``geotrack demo`` and ``geotrack report`` through the CLI, on the shipped sample corpus."""

from __future__ import annotations

import html
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


@pytest.mark.slow
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


def test_report_command_html_and_markdown(tmp_path: Path, db_location: str) -> None:
    db = db_location
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
    candidates = re.findall(r'<tr data-candidate="([^"]+)"[^>]*>', page)
    spelled = {html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(
        r'<div class="spellings"[^>]*>also written: (.*?)</div>', page)}
    for name in ("Bir Lahmar", "بئر الغزيل", "Qaret al-Ghazal", "قارة الطيور"):
        # a row of its own, or a spelling grouped into another place's row
        assert name in candidates or any(name in s for s in spelled), (name, candidates, spelled)
        assert name in md
    assert len(candidates) == len(set(candidates))  # one row per place
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


def test_demo_report_counts_documents_and_sources(demo_dir: Path) -> None:
    """The demo's surges are counted in documents and independent sources, never in mentions."""
    from geotrack import aggregate
    from geotrack.store import Store

    md = (demo_dir / "report.md").read_text(encoding="utf-8")
    page = (demo_dir / "report.html").read_text(encoding="utf-8")
    with Store.open(demo_dir / "geotrack.db", create=False) as store:
        frame = store.mentions_frame()
        stored = store.counts()["documents"]
    ch = aggregate.changes(frame)
    rows = ch.table.set_index("site_id")
    rules = aggregate.ChangeRules()
    for sid in ch.surges:
        assert rows.loc[sid, "sources"] >= rules.surge_min_sources
        assert rows.loc[sid, "current"] >= rules.surge_min_documents
        assert rows.loc[sid, "current"] >= rules.surge_ratio * max(rows.loc[sid, "baseline"], 1.0)
    surge_lines = [line for line in md.splitlines() if line.startswith("- Surge at ")]
    assert len(surge_lines) == len(ch.surges) < (rows["current"] > 0).sum() / 2
    assert all(re.search(r": \d+ documents from \d+ sources, against [\d.]+ per month", line) for line in surge_lines)
    assert f"**{stored}** documents ingested" in md and f'<li id="ingested"><b>{stored}</b>documents ingested</li>' in page
    assert re.search(rf"{stored} documents ingested in all; \d+ of them name a site\. In \d{{4}}-\d\d: \d+ documents? "
                     r"ingested, \d+ of them name a site\.", md)
    assert "_Counted in documents and independent sources, not mentions" in md
    # the evidence names each document by the id it came with
    assert re.search(r"· id [\w-]+\n", md) and '<span class="input-id">id <bdi>' in page


def test_report_command_counts_documents_and_takes_the_rules(tmp_path: Path, db_location: str) -> None:
    db = db_location
    docs = [article(f"j{m}", "Outlet A", f"2024-{m:02d}-10", ["al-jufra"]) for m in range(1, 5)]
    docs += [article("w1", "Outlet B", "2024-02-12", ["al-watiya"]), article("s2", "Outlet A", "2024-02-20", ["sirte"]),
             article("w5", "Outlet C", "2024-05-14", ["al-watiya"] * 8),  # one article, eight mentions
             article("n5", "Outlet C", "2024-05-15", []),  # ingested, names no site
             article("n0", "Outlet B", "", [])]
    docs += [article(f"s5{o}", f"Outlet {o}", f"2024-05-0{i + 1}", ["sirte"]) for i, o in enumerate("ABC")]
    make_store(db, docs).close()
    out = tmp_path / "r.md"
    result = runner.invoke(app, ["report", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert "**12** documents ingested · **10** documents name a site" in md
    assert "12 documents ingested in all; 10 of them name a site. In 2024-05: 5 documents ingested, 4 of them name a site." in md
    assert "- Surge at Al Watiya" not in md  # eight mentions in one article
    assert "- Surge at Sirte: 3 documents from 3 sources, against 0.25 per month over the previous 4 months." in md
    # a selection of sources: the ingested documents of those sources
    only_c = runner.invoke(app, ["report", "--db", str(db), "--source", "Outlet C", "-o", str(out)])
    assert only_c.exit_code == 0, only_c.output
    assert ("12 documents ingested in all; 2 of them name a site in this selection. In 2024-05: 3 documents "
            "ingested, 2 of them name a site in this selection.") in out.read_text(encoding="utf-8")
    # the thresholds are options
    strict = runner.invoke(app, ["report", "--db", str(db), "--surge-min-sources", "4", "-o", str(out)])
    assert strict.exit_code == 0, strict.output
    text = out.read_text(encoding="utf-8")
    assert "- Surge at" not in text and "at least 3 documents from at least 4 sources" in text
    loose = runner.invoke(app, ["report", "--db", str(db), "--baseline-periods", "1", "--surge-ratio", "1.5",
                                "--surge-min-documents", "1", "--quiet-min-baseline", "0.5", "-o", str(out)])
    assert loose.exit_code == 0, loose.output
    text = out.read_text(encoding="utf-8")
    assert "over the previous month." in text and "- Surge at Sirte: 3 documents" in text
    assert "- 1 site gone quiet this month: Al Jufra Air Base (no document this month, against a baseline of at " \
           "least 0.5 per month)." in text
    for bad, message in ((["--surge-min-sources", "1"], "--surge-min-sources"),
                         (["--baseline-periods", "0"], "--baseline-periods"),
                         (["--surge-ratio", "0.5"], "--surge-ratio"),
                         (["--quiet-min-baseline", "0"], "--quiet-min-baseline")):
        refused = runner.invoke(app, ["report", "--db", str(db), *bad, "-o", str(out)])
        assert refused.exit_code == 2 and message in refused.output, refused.output


def test_stored_documents_frame(tmp_path: Path) -> None:
    from geotrack.documents import COLUMNS, stored_documents
    from geotrack.store import MentionFilter

    with make_store(tmp_path / "d.db", [article("a1", "Outlet A", "2024-03-05", ["sirte"]),
                                        article("b1", "Outlet B", "", []),
                                        article("b2", "Outlet B", "2024-04-01T10:00:00+00:00", ["kufra"])]) as store:
        every = stored_documents(store)
        only_b = stored_documents(store, MentionFilter(sources=("Outlet B",), sites=("sirte",)))
        empty = stored_documents(store, MentionFilter(sources=("Nobody",)))
    assert tuple(every.columns) == COLUMNS
    assert every[["source", "published"]].values.tolist() == [
        ["Outlet A", "2024-03-05"], ["Outlet B", ""], ["Outlet B", "2024-04-01T10:00:00+00:00"]]
    assert only_b["source"].tolist() == ["Outlet B", "Outlet B"]  # sites select mentions, not documents
    assert empty.empty and tuple(empty.columns) == COLUMNS
