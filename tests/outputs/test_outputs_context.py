"""Issue 5 in the outputs: actors and activities per site, relative positions as circles, candidates.

Relative positions and candidates are given as hand-built frames with the columns of
``Store.relative_frame`` and ``Store.candidate_summary``, so these tests do not depend on extraction.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest

from geotrack import aggregate
from geotrack.outputs.export import RELATIVE_COLUMNS, export, relative_table
from geotrack.outputs.map import RELATIVE_CLASS, RELATIVE_LAYER, build_map, render_map
from geotrack.outputs.report import relative_rows
from tests.builders import article, make_store, mentions_frame, relative_frame, relative_row

EVIL = 'They said "go" </script><script>alert(1)</script> </div> `${x}` [x](javascript:alert(2)) |'


def _frame(tmp_path: Path, docs: list[Any]) -> pd.DataFrame:
    return mentions_frame(tmp_path / "c.db", docs)


@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    return _frame(tmp_path, [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "al-jufra", "sirte"], actors=["russia", "lna"],
                activities=["flights"]),
        article("a2", "Outlet B", "2024-04-02", ["al-jufra"], actors=["russia", "africa-corps"],
                activities=["deployment", "flights"]),
        article("a3", "Outlet C", "2024-04-20", ["kufra"], actors=["sudanese-groups"], activities=["deployment"]),
        article("a4", "Outlet C", "2024-04-21", ["al-watiya"], actors=["turkey"]),
        article("a5", "Outlet A", "2024-04-22", ["sirte"]),
    ])


@pytest.fixture
def relative() -> pd.DataFrame:
    return relative_frame(pd.Timestamp("2024-03-01"))


# -- aggregate ---------------------------------------------------------------------------------------
def test_actor_summary_exact(frame: pd.DataFrame) -> None:
    t = aggregate.actor_summary(frame)
    assert list(t.columns) == aggregate.ACTOR_SUMMARY_COLUMNS
    rows = {r.actor: r for r in t.itertuples()}
    assert list(t["actor"]) == ["russia", "lna", "africa-corps", "sudanese-groups", "turkey"]
    assert (rows["russia"].mentions, rows["russia"].sites, rows["russia"].sources) == (4, 2, 2)
    assert rows["russia"].site_list == ["al-jufra", "sirte"]
    assert rows["russia"].first_seen == pd.Timestamp("2024-03-05")
    assert rows["russia"].last_seen == pd.Timestamp("2024-04-02")
    assert (rows["lna"].mentions, rows["lna"].sites) == (3, 2)
    assert (rows["turkey"].mentions, rows["turkey"].site_list) == (1, ["al-watiya"])
    acts = aggregate.actor_summary(frame, column="activities")
    assert dict(zip(acts["actor"], acts["mentions"], strict=True)) == {"flights": 4, "deployment": 2}
    assert aggregate.actor_summary(frame.iloc[:0]).empty


def test_actor_changes(frame: pd.DataFrame) -> None:
    t = aggregate.actor_changes(frame, "month")
    got = {r.actor: (r.current, r.previous, r.delta) for r in t.itertuples()}
    assert got == {"russia": (1, 3, -2), "lna": (0, 3, -3), "africa-corps": (1, 0, 1),
                   "sudanese-groups": (1, 0, 1), "turkey": (1, 0, 1)}
    assert list(t["actor"])[:3] == ["africa-corps", "sudanese-groups", "turkey"]


def test_site_context_and_format(frame: pd.DataFrame) -> None:
    ctx = aggregate.site_context(frame).set_index("site_id")
    assert ctx.loc["al-jufra", "top_actors"] == [("russia", 3), ("lna", 2), ("africa-corps", 1)]
    assert ctx.loc["al-jufra", "top_activities"] == [("flights", 3), ("deployment", 1)]
    assert ctx.loc["sirte", "top_actors"] == [("lna", 1), ("russia", 1)]
    assert aggregate.format_counts(ctx.loc["al-jufra", "top_actors"]) == "russia ×3, lna ×2, africa-corps ×1"
    summary = aggregate.site_summary(frame).set_index("site_id")
    assert summary.loc["al-jufra", "actors"] == ["africa-corps", "lna", "russia"]
    assert summary.loc["al-jufra", "activities"] == ["deployment", "flights"]


# -- map ---------------------------------------------------------------------------------------------
def _circles(page: str) -> list[dict[str, Any]]:
    out = []
    for loc, opts in re.findall(r"L\.circle\(\s*\[([^\]]+)\],\s*(\{.*?\})\s*\)", page, flags=re.DOTALL):
        out.append({"location": [float(x) for x in loc.split(",")], **json.loads(opts)})
    return out


def test_map_draws_relative_positions_as_circles(frame: pd.DataFrame, relative: pd.DataFrame) -> None:
    page = render_map(build_map(frame, relative=relative), offline=False)
    circles = _circles(page)
    assert len(circles) == 2
    by_radius = {c["radius"]: c for c in circles}
    assert set(by_radius) == {60000.0, 30000.0}
    assert by_radius[60000.0]["location"] == [21.4867, 23.3139]
    for c in circles:
        assert c["className"] == RELATIVE_CLASS and c["dashArray"] == "6 6" and c["fillOpacity"] < 0.5
    assert f"{RELATIVE_LAYER} (2)" in page
    assert 'data-relative="2"' in page and 'id="geotrack-legend-relative"' in page
    # never as a marker: the only circle markers are the sites (one per site + source layers)
    assert "21.4867" not in "".join(re.findall(r"L\.circleMarker\(\s*\[[^\]]+\]", page))
    assert "300 km S of" in page and "Bir Lahmar, about 300 km south of Kufra" in page
    assert 'dir="rtl" lang="ar"' in page


def test_a_relative_position_in_a_syndicated_copy_counts_once(frame: pd.DataFrame, relative: pd.DataFrame) -> None:
    """The copy states what its original states: it draws no second circle and no second report row,
    and the export keeps its row, flagged ``syndicated`` (as the by-mention export does)."""
    copy = relative_row(document_id=3, source="Copy Daily", published=pd.Timestamp("2024-04-11"),
                        url="https://cd.example/c", syndicated=True)
    rel = pd.concat([relative.assign(syndicated=False), pd.DataFrame([copy])], ignore_index=True)
    page = render_map(build_map(frame, relative=rel), offline=False)
    assert len(_circles(page)) == 2 and f"{RELATIVE_LAYER} (2)" in page
    assert [r.source for r in relative_rows(rel)] == ["Sahel Monitor", "النبأ"]
    table = relative_table(rel)
    assert table[["document_id", "syndicated"]].values.tolist() == [[3, True], [1, False], [2, False]]
    assert relative_table(relative)["syndicated"].tolist() == [False, False]  # a frame that does not say
    assert relative_table(None)["syndicated"].dtype == bool


def test_map_without_relative_has_no_circle(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame), offline=False)
    assert _circles(page) == [] and 'data-relative="0"' in page and "geotrack-legend-relative" not in page


def test_map_relative_only(relative: pd.DataFrame) -> None:
    empty = pd.DataFrame(columns=["mention_id", "site_id", "published", "source", "document_id"])
    page = render_map(build_map(empty, relative=relative), offline=False)
    assert len(_circles(page)) == 2


def test_map_popup_actor_counts(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame), offline=False)
    assert "<b>Actors</b>: russia ×3, lna ×2, africa-corps ×1" in page
    assert "<b>Activities</b>: flights ×3, deployment ×1" in page


def test_map_relative_popup_escapes_untrusted_text(frame: pd.DataFrame) -> None:
    rel = pd.DataFrame([relative_row(sentence=EVIL + " 300 km south of Kufra", title=EVIL, source=EVIL,
                                     url="javascript:alert(3)", anchor_name=EVIL, direction="<b>S</b>")])
    page = render_map(build_map(frame, relative=rel), offline=False)
    assert "<script>alert(1)</script>" not in page
    assert "</div> `${x}`" not in page and "<b>S</b>" not in page
    assert 'href="javascript:' not in page
    assert html.escape("<script>alert(1)</script>") in page


# -- export ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "parquet"])
def test_export_relative_reads_back(tmp_path: Path, relative: pd.DataFrame, fmt: str) -> None:
    path = export(pd.DataFrame(), tmp_path / f"rel.{fmt}", fmt, by="relative", relative=relative)
    got = gpd.read_parquet(path) if fmt == "parquet" else gpd.read_file(path)
    if fmt == "csv":
        got = got.rename(columns={"latitude": "lat", "longitude": "lon"})  # the CSV's names (kepler.gl)
        got = gpd.GeoDataFrame(got, geometry=gpd.points_from_xy(got["lon"].astype(float), got["lat"].astype(float)))
    assert len(got) == 2
    assert [c for c in RELATIVE_COLUMNS if c in got.columns] == [c for c in RELATIVE_COLUMNS if c != "relative_id"
                                                                  or c in got.columns]
    first = got.iloc[0]  # newest first
    assert first["precision"] == "relative" and first["anchor"] == "kufra" and first["anchor_name"] == "Kufra"
    assert float(first["radius_km"]) == 60.0 and float(first["distance_km"]) == 300.0
    assert float(first["bearing_deg"]) == 180.0 and first["direction"] == "S"
    assert first["source"] == "Sahel Monitor" and first["url"] == "https://sm.example/a"
    assert first["snippet"] == "the airstrip at Bir Lahmar, about 300 km south of Kufra"
    assert (round(first.geometry.x, 6), round(first.geometry.y, 6)) == (23.3139, 21.4867)
    second = got.iloc[1]
    assert second["snippet"] == "مطار بئر الغزيل، على بعد 150 كم جنوب غرب سرت" and second["direction"] == "SW"


def test_export_relative_geojson_is_rfc7946(tmp_path: Path, relative: pd.DataFrame) -> None:
    path = export(pd.DataFrame(), tmp_path / "rel.geojson", "geojson", by="relative", relative=relative)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    f = doc["features"][0]
    assert f["id"] == "1:120" and f["geometry"] == {"type": "Point", "coordinates": [23.3139, 21.4867]}
    assert f["properties"]["published"] == "2024-04-10T00:00:00"
    empty = export(pd.DataFrame(), tmp_path / "none.geojson", "geojson", by="relative", relative=None)
    assert json.loads(empty.read_text(encoding="utf-8")) == {"type": "FeatureCollection", "features": []}


def test_export_site_and_mention_actor_columns(tmp_path: Path, frame: pd.DataFrame) -> None:
    sites = gpd.read_file(export(frame, tmp_path / "s.geojson", "geojson", by="site")).set_index("site_id")
    assert list(sites.loc["al-jufra", "actors"]) == ["africa-corps", "lna", "russia"]
    assert list(sites.loc["al-jufra", "activities"]) == ["deployment", "flights"]
    mentions = pd.read_csv(export(frame, tmp_path / "m.csv", "csv", by="mention"))
    assert json.loads(mentions.loc[0, "actors"]) == ["russia", "lna"]
    assert json.loads(mentions.loc[0, "actors_paragraph"]) == []
    parquet = gpd.read_parquet(export(frame, tmp_path / "m.parquet", "parquet", by="mention"))
    assert list(parquet.loc[0, "actors"]) == ["russia", "lna"] and list(parquet.loc[0, "activities"]) == ["flights"]


# -- report ------------------------------------------------------------------------------------------
def candidate_row(**kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name_key": "bir lahmar", "name": "Bir Lahmar", "mentions": 3, "documents": 3, "sources": 3,
        "source_list": ["Le Courrier", "North Africa Wire", "Sahel Monitor"],
        "first_seen": pd.Timestamp("2024-03-04"), "last_seen": pd.Timestamp("2024-04-16"),
        "patterns": ["en:airstrip at", "en:air base"],
        "example_sentence": "the airstrip at Bir Lahmar, about 300 km south of Kufra",
        "example_url": "https://sm.example/a",
    }
    row.update(kw)
    return row


@pytest.fixture
def candidates() -> pd.DataFrame:
    return pd.DataFrame([
        candidate_row(),
        candidate_row(name_key="قارة الطيور", name="قارة الطيور", mentions=2, documents=2, sources=2,
                      source_list=["الرصد", "النبأ"], patterns=["ar:qaida-jawiya"],
                      example_sentence="قاعدة قارة الطيور الجوية، على بعد 90 كم شمال غرب الويغ",
                      example_url="https://nb.example/q"),
    ])


def _report(frame: pd.DataFrame, relative: pd.DataFrame | None = None, candidates: pd.DataFrame | None = None,
            **kw: Any) -> Any:
    from geotrack.outputs.report import build_report

    return build_report(frame, relative=relative, candidates=candidates, include_map=False,
                        include_timeline=False, **kw)


def _table(page: str, table_id: str) -> list[list[str]]:
    body = page.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody>")[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.DOTALL)
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, flags=re.DOTALL)]
            for r in rows]


def test_report_context_actors_candidates_relative(frame: pd.DataFrame, relative: pd.DataFrame,
                                                   candidates: pd.DataFrame) -> None:
    from geotrack.outputs.report import ActorRow, CandidateRow, RelativeRow

    ctx = _report(frame, relative, candidates)
    assert ctx.actors[0] == ActorRow("russia", 4, 2, ("al-jufra", "sirte"), 2, "2024-03-05", "2024-04-02", 1, 3, -2)
    assert [a.actor for a in ctx.actors] == ["russia", "lna", "africa-corps", "sudanese-groups", "turkey"]
    jufra = next(s for s in ctx.sites if s.site_id == "al-jufra")
    assert jufra.actors == "russia ×3, lna ×2, africa-corps ×1"
    assert jufra.activities == "flights ×3, deployment ×1"
    assert next(s for s in ctx.sites if s.site_id == "al-watiya").activities == ""
    assert ctx.candidates[0] == CandidateRow(
        "Bir Lahmar", 3, 3, 3, ("Le Courrier", "North Africa Wire", "Sahel Monitor"), "2024-03-04", "2024-04-16",
        ("en:airstrip at", "en:air base"), "the airstrip at Bir Lahmar, about 300 km south of Kufra",
        "https://sm.example/a", False, False)
    assert ctx.candidates[1].rtl and ctx.candidates[1].name_rtl
    assert ctx.relative[0] == RelativeRow(
        "the airstrip at Bir Lahmar, about 300 km south of Kufra", "kufra", "Kufra", 300.0, "S", 180.0, 60.0,
        21.4867, 23.3139, "Sahel Monitor", "2024-04-10", "Bir Lahmar", "https://sm.example/a", False)
    assert ctx.relative[1].rtl and ctx.relative[1].anchor == "sirte"
    # the window applies to relative positions too
    windowed = _report(frame, relative, candidates, since=pd.Timestamp("2024-04-01").date())
    assert [r.anchor for r in windowed.relative] == ["kufra"]


def test_report_html_sections(frame: pd.DataFrame, relative: pd.DataFrame, candidates: pd.DataFrame) -> None:
    from geotrack.outputs.report import render_html

    page = render_html(_report(frame, relative, candidates))
    actors = _table(page, "actor-table")
    assert actors[0] == ["russia", "4", "2", "2", "2024-03-05", "2024-04-02", "1", "-2"]
    assert [r[0] for r in actors] == ["russia", "lna", "africa-corps", "sudanese-groups", "turkey"]
    sites = {r[0]: r for r in _table(page, "site-table")}
    assert sites["Al Jufra Air Base"][-1] == "russia ×3, lna ×2, africa-corps ×1flights ×3, deployment ×1"
    cands = _table(page, "candidate-table")
    assert [r[:5] for r in cands] == [["Bir Lahmar", "3", "3", "2024-03-04", "2024-04-16"],
                                      ["قارة الطيور", "2", "2", "2024-03-04", "2024-04-16"]]
    assert '<td class="ar" dir="rtl" lang="ar">قارة الطيور</td>' in page
    assert '<a href="https://nb.example/q" rel="noopener noreferrer nofollow" target="_blank">source</a>' in page
    rel = _table(page, "relative-table")
    assert rel[0][:5] == ["the airstrip at Bir Lahmar, about 300 km south of Kufra", "Kufra", "300 km", "S", "±60 km"]
    assert rel[1][1:5] == ["Sirte", "150 km", "SW", "±30 km"]
    assert 'class="statement ar" dir="rtl" lang="ar"' in page


def test_report_markdown_sections(frame: pd.DataFrame, relative: pd.DataFrame, candidates: pd.DataFrame) -> None:
    from geotrack.outputs.report import render_markdown

    md = render_markdown(_report(frame, relative, candidates))
    assert "## Actors" in md and "## Possible new sites (candidates)" in md and "## Approximate positions" in md
    assert "| russia | 4 | 2 | 2 | 2024-03-05 | 2024-04-02 | 1 | -2 |" in md
    assert "| russia ×3, lna ×2, africa-corps ×1 · flights ×3, deployment ×1 |" in md
    assert ("| Bir Lahmar | 3 | 3 | 2024-03-04 | 2024-04-16 | the airstrip at Bir Lahmar, about 300 km south of "
            "Kufra [source](https://sm.example/a) |") in md
    assert '| <span dir="rtl" lang="ar">قارة الطيور</span> | 2 |' in md
    assert ("| the airstrip at Bir Lahmar, about 300 km south of Kufra | Kufra | 300 km | S | ±60 km | "
            "Sahel Monitor, 2024-04-10 · [Bir Lahmar](https://sm.example/a) |") in md


def test_report_empty_sections(frame: pd.DataFrame) -> None:
    from geotrack.outputs.report import render_html, render_markdown

    ctx = _report(frame.iloc[:0])
    assert ctx.actors == () and ctx.candidates == () and ctx.relative == ()
    page, md = render_html(ctx), render_markdown(ctx)
    for text in ("No actor named", "No possible new site", "No approximate position"):
        assert text in page and text in md


def test_report_new_sections_escape_untrusted_text(frame: pd.DataFrame) -> None:
    from geotrack.outputs.report import render_html, render_markdown

    rel = pd.DataFrame([relative_row(sentence=EVIL, title=EVIL, source=EVIL, anchor_name=EVIL,
                                     url="javascript:alert(3)", direction="<b>S</b>")])
    cands = pd.DataFrame([
        candidate_row(name=EVIL, example_sentence=EVIL, example_url="javascript:alert(4)"),
        candidate_row(name_key="x", name="قاعدة <script>", example_sentence="مطار بئر الغزيل الجديد قرب الحدود <img src=x> | هنا",
                      example_url="javascript:alert(6)"),
    ])
    ctx = _report(frame, rel, cands)
    assert all(c.example_url == "" for c in ctx.candidates) and ctx.relative[0].url == ""
    page = render_html(ctx)
    for bad in ("<script>alert(1)</script>", "<img src=x", 'href="javascript:', "<b>S</b>"):
        assert bad not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = render_markdown(ctx)
    for bad in ("<script>", "<img", "<b>S</b>", "[x](javascript", "(javascript:alert(4))"):
        assert bad not in md
    assert re.search(r"(?<!\\)\]\(javascript", md) is None
    assert '<span dir="rtl" lang="ar">مطار بئر الغزيل الجديد قرب الحدود &lt;img src=x&gt; &#124; هنا</span>' in md
    # every table row still has its columns: no "|" from the text opened a cell
    cand_rows = [ln for ln in md.split("## Possible new sites")[1].split("## Approximate")[0].splitlines()
                 if ln.startswith("| ") and "---" not in ln]
    assert len(cand_rows) == 3
    assert all(len(re.findall(r"(?<!\\)\|", ln)) == 7 for ln in cand_rows)
    rel_rows = [ln for ln in md.split("## Approximate positions")[1].split("## Map")[0].splitlines()
                if ln.startswith("| ") and "---" not in ln]
    assert all(len(re.findall(r"(?<!\\)\|", ln)) == 7 for ln in rel_rows)


def test_report_map_gets_circles(frame: pd.DataFrame, relative: pd.DataFrame) -> None:
    from geotrack.outputs.report import build_report

    ctx = build_report(frame, relative=relative, include_timeline=False)
    assert len(_circles(ctx.map_html)) == 2 and RELATIVE_CLASS in ctx.map_html


# -- CLI ---------------------------------------------------------------------------------------------
@pytest.fixture
def cli_db(db_location: str) -> str:
    """The CLI's store with mentions, a candidate and a relative position, once per backend."""
    from geotrack.extract import Analysis
    from geotrack.models import Candidate, RelativePosition

    sentence = "The airstrip at Bir Lahmar, about 300 km south of Kufra, is busy."
    text = f"[r1] {sentence}"
    start = text.index("about 300 km")
    rel = RelativePosition(anchor_site_id="kufra", distance_km=300.0, bearing_deg=180.0, direction="S",
                           lat=21.4867, lon=23.3139, radius_km=60.0, surface="about 300 km south of Kufra",
                           start=start, end=start + len("about 300 km south of Kufra"), sentence=sentence)
    cstart = text.index("airstrip at Bir Lahmar")
    cand = Candidate(name="Bir Lahmar", name_key="bir lahmar", pattern="en:airstrip at",
                     surface="airstrip at Bir Lahmar", start=cstart, end=cstart + 22, sentence=sentence)
    kdoc, kmentions = article("r1", "Sahel Monitor", "2024-04-10", ["kufra"], text=text, sentences=[sentence],
                              actors=["sudanese-armed-groups"])
    path = db_location
    store = make_store(path, [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"], actors=["russia"], activities=["flights"]),
        article("a2", "Outlet B", "2024-04-02", ["al-jufra"], actors=["russia", "africa-corps"]),
        article("a3", "Outlet C", "2024-04-20", ["al-watiya"], actors=["turkey"]),
    ])
    store.add_documents([(kdoc, Analysis(mentions=list(kmentions), candidates=[cand], relative=[rel]))])
    store.close()
    return path


def test_cli_actor_filter_on_map_export_report(cli_db: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    runner = CliRunner()
    out = tmp_path / "russia.geojson"
    r = runner.invoke(app, ["export", "--db", str(cli_db), "-f", "geojson", "--by", "mention", "--actor", "russia",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    feats = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert sorted(f["properties"]["site_id"] for f in feats) == ["al-jufra", "al-jufra", "sirte"]
    assert all("russia" in f["properties"]["actors"] for f in feats)
    r = runner.invoke(app, ["export", "--db", str(cli_db), "-f", "geojson", "--actor", "russia", "--actor", "turkey",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]) == [
        "al-jufra", "al-watiya", "sirte"]
    m = tmp_path / "m.html"
    r = runner.invoke(app, ["map", "--db", str(cli_db), "--actor", "russia", "-o", str(m)])
    assert r.exit_code == 0, r.output
    assert "2 sites, 3 mentions, 0 approximate positions" in r.stdout
    page = m.read_text(encoding="utf-8")
    assert page.count('"className": "geotrack-site"') == 2 and "Filters: actors: russia" in page
    assert _circles(page) == []  # the relative position's document names no Russian actor
    rep = tmp_path / "r.md"
    r = runner.invoke(app, ["report", "--db", str(cli_db), "--actor", "russia", "-o", str(rep)])
    assert r.exit_code == 0, r.output
    md = rep.read_text(encoding="utf-8")
    assert "| russia | 3 | 2 | 2 | 2024-03-05 | 2024-04-02 | 1 | -1 |" in md
    assert "| turkey |" not in md and "| Al Watiya Air Base |" not in md
    bad = runner.invoke(app, ["map", "--db", str(cli_db), "--actor", "martians", "-o", str(m)])
    assert bad.exit_code == 1 and "not a known actor" in bad.output


def test_cli_relative_and_candidates(cli_db: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    runner = CliRunner()
    out = tmp_path / "rel.gpkg"
    r = runner.invoke(app, ["export", "--db", str(cli_db), "-f", "gpkg", "--by", "relative", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "1 relative position (gpkg)" in r.stdout
    got = gpd.read_file(out, layer="relative")
    assert got.loc[0, "precision"] == "relative" and got.loc[0, "anchor"] == "kufra"
    assert (got.loc[0, "radius_km"], got.loc[0, "distance_km"]) == (60.0, 300.0)
    assert (got.geometry.x[0], got.geometry.y[0]) == (23.3139, 21.4867)
    m = tmp_path / "m.html"
    r = runner.invoke(app, ["map", "--db", str(cli_db), "-o", str(m)])
    assert r.exit_code == 0 and "1 approximate position\n" in r.stdout
    circles = _circles(m.read_text(encoding="utf-8"))
    assert [c["radius"] for c in circles] == [60000.0]
    rep = tmp_path / "r.html"
    r = runner.invoke(app, ["report", "--db", str(cli_db), "-o", str(rep)])
    assert r.exit_code == 0, r.output
    page = rep.read_text(encoding="utf-8")
    assert _table(page, "candidate-table")[0][:5] == ["Bir Lahmar", "1", "1", "2024-04-10", "2024-04-10"]
    assert _table(page, "relative-table")[0][1:5] == ["Kufra", "300 km", "S", "±60 km"]
    assert _table(page, "actor-table")[0][:2] == ["russia", "3"]
