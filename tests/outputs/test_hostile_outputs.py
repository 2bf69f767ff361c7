"""Hostile article text through every output writer (issue 11: items 1, 5, 6 and the report part of 9).

Article titles, sentences, sources, site names and URLs are untrusted. Whatever they hold, no writer may
evaluate a template ({{ 7*7 }}), let markup or script through, let a bidi control reorder the text around
it, write a CSV cell a spreadsheet runs as a formula, or change the data an export reads back. The
report must not crash on, nor be misled by, implausible dates.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geotrack import aggregate
from geotrack.cli import app
from geotrack.extract import Analysis
from geotrack.models import Candidate, Site
from geotrack.outputs import escape as esc
from geotrack.outputs.export import EXPORTERS, export, format_for_path
from geotrack.outputs.map import SAFE_ELEMENTS, SafeMacroElement, _HtmlBlock, build_map, render_map
from geotrack.outputs.report import build_report, render_html, render_markdown, write_report
from tests.builders import SITES, article, make_store, mentions_frame
from tests.paths import ROOT

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
SSTI = ["{{ 7*7 }}", "{% if %}", "{{cite news |a=b}}"]
BIDI = esc.BIDI_CONTROLS
ZERO_WIDTH_NAME = "\u200b\u200c\u2060\ufeff"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
runner = CliRunner()


# -- helpers ---------------------------------------------------------------------------------------
class Tree(HTMLParser):
    """Tags, attributes and text nodes of an HTML page; for each text node, whether it is isolated (a
    ``<bdi>`` or an element with ``dir`` among its open ancestors)."""

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "col", "area", "base", "wbr", "source"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.tags.append((tag, d))
        if tag not in self.VOID:
            self.stack.append((tag, d))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.texts.append((data, any(t == "bdi" or "dir" in a for t, a in self.stack)))

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.texts)


def tree(page: str) -> Tree:
    t = Tree()
    t.feed(page)
    t.close()
    return t


def popups(page: str) -> list[str]:
    """The HTML of every popup and tooltip folium writes into JS template literals."""
    return re.findall(r"\$\(`(.*?)`\)\[0\]", page, flags=re.DOTALL) + re.findall(
        r"bindTooltip\(\s*`(.*?)`", page, flags=re.DOTALL)


def outer(page: str) -> str:
    """The report page without the map in its ``srcdoc`` attribute."""
    return re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)


def srcdoc(page: str) -> str:
    import html

    m = re.search(r'srcdoc="([^"]*)"', page)
    return html.unescape(m.group(1)) if m else ""


def md_plain(md: str) -> str:
    """Markdown with its backslash escapes and entities undone: the text a reader sees."""
    import html

    return html.unescape(re.sub(r"\\(.)", r"\1", md))


def assert_isolated(t: Tree) -> None:
    """Every text node holding a bidi control is isolated; no shown attribute holds one."""
    for data, isolated in t.texts:
        if any(c in BIDI for c in data):
            assert isolated, f"bidi control outside <bdi>/dir: {data!r}"
    for _tag, attrs in t.tags:
        for name in ("title", "alt", "aria-label"):
            assert not any(c in BIDI for c in (attrs.get(name) or "")), (name, attrs.get(name))


def assert_markup_inert(t: Tree, allowed: set[str]) -> None:
    tags = {tag for tag, _ in t.tags}
    assert tags <= allowed, tags - allowed
    for _tag, attrs in t.tags:
        assert not [a for a in attrs if a.startswith("on")], attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("https://", "http://", "#")) or href.endswith(".png") or href == "", href


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def assert_csv_neutral(rows: list[dict[str, str]], numeric: tuple[str, ...] = ()) -> None:
    for row in rows:
        for key, cell in row.items():
            if key in numeric or cell is None:
                continue
            assert not cell.startswith(FORMULA), (key, cell)


# -- the escaping module ---------------------------------------------------------------------------
def test_html_contexts() -> None:
    assert esc.html_text('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert esc.html_isolated("Kufra \u202egnp.exe") == "<bdi>Kufra \u202egnp.exe</bdi>"
    assert esc.html_isolated(ZERO_WIDTH_NAME, placeholder="(unnamed source)") == (
        '<bdi class="geotrack-placeholder">(unnamed source)</bdi>')
    assert esc.html_isolated("x", direction="rtl") == '<bdi dir="rtl">x</bdi>'
    assert esc.html_attr_shown("a\u202eb\u2066c") == "abc"
    assert esc.html_in_js_template("{{ 7*7 }} `${x}` \\ a_b") == (
        "&#123;&#123; 7*7 &#125;&#125; &#96;&#36;&#123;x&#125;&#96; &#92; a&#95;b")


def test_js_contexts() -> None:
    lit = esc.js_string('</script><!-- \u2028\u2029 "q" &')
    assert lit == '"\\u003c/script\\u003e\\u003c!-- \\u2028\\u2029 \\"q\\" \\u0026"'
    assert json.loads(lit) == '</script><!-- \u2028\u2029 "q" &'
    assert json.loads(esc.script_json({"a": ["</script>"]})) == {"a": ["</script>"]}
    with pytest.raises(ValueError):
        esc.script_json(float("nan"))


def test_markdown_contexts() -> None:
    assert esc.markdown_text("a|b [x](javascript:y) <i> `c` *d*") == (
        r"a\|b \[x\](javascript:y) &lt;i&gt; \`c\` \*d\*")
    assert esc.markdown_text("Kufra \u202egnp.exe\u2066 \u200e") == "Kufra gnp.exe"
    assert esc.markdown_text("# h\n- l") == r"\# h - l"
    assert esc.markdown_link("t", "JaVaScRiPt:alert(1)") == "t"
    assert esc.markdown_link("t", "https://x.example/a b") == "t"  # whitespace: no link
    assert esc.markdown_link("t", "https://x.example/(a)") == "[t](https://x.example/%28a%29)"
    assert esc.markdown_rtl_cell("أ|ب\u202e") == '<span dir="rtl" lang="ar">أ&#124;ب</span>'


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\nscript:alert(1)",
    "java\tscript:alert(1)", "\x01javascript:alert(1)", "javascript\u200b:alert(1)", "jav&#x09;ascript:x",
    "data:text/html,<script>x</script>", "vbscript:x", "//example.org/x", "example.org", "http:///x",
    "https://example.org/\u202egnp.exe", "https://exa\u200bmple.org/", "ftp://example.org/", "", None, 7,
])
def test_safe_url_refuses(url: object) -> None:
    assert esc.safe_url(url) == ""


def test_safe_url_keeps_http() -> None:
    assert esc.safe_url(" https://example.org/a?b=1#c ") == "https://example.org/a?b=1#c"
    assert esc.safe_url("HTTP://Example.org") == "HTTP://Example.org"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=x", "'"])
def test_csv_cell_neutralises_formulas(value: str) -> None:
    cell = esc.csv_cell(value)
    assert cell == "'" + value
    assert esc.csv_cell_restore(cell) == value


def test_csv_cell_leaves_numbers_and_plain_text() -> None:
    assert esc.csv_cell(-12.5) == -12.5 and esc.csv_cell(-3) == -3 and esc.csv_cell(None) is None
    assert esc.csv_cell("Kufra") == "Kufra" and esc.csv_cell("") == ""
    assert esc.csv_cell_restore("it's") == "it's"


@given(st.text())
def test_csv_cell_round_trips(value: str) -> None:
    cell = esc.csv_cell(value)
    assert not cell.startswith(FORMULA)
    assert esc.csv_cell_restore(cell) == value


@given(st.text())
def test_xml_text_always_parses(value: str) -> None:
    doc = ET.fromstring(f'<a t="{esc.xml_text(value)}">{esc.xml_text(value)}</a>')
    expected = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", value)
    assert (doc.text or "") == expected.replace("\r\n", "\n").replace("\r", "\n")
    assert not any(c in BIDI for c in esc.xml_shown(value))


def test_chart_text_never_starts_mathtext() -> None:
    assert esc.chart_text("$x^$ \u202eA\nB") == "\\$x^\\$ A B"
    for label in ("$x^$", "\\$x^$", "$$", "a$b"):
        t = esc.chart_text(label)
        assert t.count("$") == t.count("\\$")  # every dollar escaped: matplotlib draws it as text


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_bidi_controls_never_reach_what_google_earth_shows(tmp_path: Path, fmt: str) -> None:
    frame = _bidi_frame(tmp_path)
    out = export(frame, tmp_path / f"m.{fmt}", by="mention")
    assert_kml_shown_safe(out)
    marks = kml_placemarks(out)
    balloons = [tree(m.findtext(f"{KML}description") or "").text for m in marks]
    assert [b for b in balloons if "Flights to Kufra gnp.exe and more" in b]  # the controls removed, text kept
    assert sum("(unnamed source)" in b for b in balloons) == 1
    assert sorted(kml_data(m)["title"] for m in marks) == sorted(frame["title"])  # the data stays exact
    rel = export(frame, tmp_path / f"r.{fmt}", by="relative", relative=_relative_frame("Bir \u202eLahmar"))
    assert_kml_shown_safe(rel)


def test_display_placeholder_for_invisible_names() -> None:
    assert esc.is_blank(ZERO_WIDTH_NAME) and esc.is_blank("\u202e \u3164") and not esc.is_blank("ب")
    assert esc.display(ZERO_WIDTH_NAME, "(unnamed source)") == "(unnamed source)"
    assert esc.display("Outlet", "(unnamed source)") == "Outlet"


def test_no_ad_hoc_escaping_left_in_outputs() -> None:
    root = ROOT / "geotrack"
    files = [*sorted((root / "outputs").glob("*.py")), root / "cli" / "outputs.py", root / "cli" / "report.py",
             root / "cli" / "candidates.py"]
    for f in files:
        if f.name == "escape.py":
            continue
        code = f.read_text(encoding="utf-8")
        for pattern in ("html.escape", 'replace("<"', "replace('<'", "import html\n", "from html import"):
            assert pattern not in code, (f.name, pattern)


# -- template injection ----------------------------------------------------------------------------
def _ssti_frame(tmp_path: Path, payload: str) -> pd.DataFrame:
    sentence = f"Witnesses {SSTI[0]} {SSTI[1]} {SSTI[2]} {payload} saw trucks at Sirte."
    docs = [
        article("a1", f"Outlet {SSTI[2]}", "2024-04-05", ["sirte"], title=" ".join([*SSTI, payload]),
                sentences=[sentence]),
        article("a2", "Outlet B", "2024-03-05", ["kufra"]),
    ]
    return mentions_frame(tmp_path / "ssti.db", docs)


def test_template_syntax_appears_literally_and_never_runs(tmp_path: Path) -> None:
    canary = tmp_path / "pwned"
    payload = ("{{ self.__init__.__globals__.__builtins__.__import__('os').popen('touch " + str(canary)
               + "').read() }}")
    frame = _ssti_frame(tmp_path, payload)
    page = render_map(build_map(frame, title="{{ 7*7 }}", filters_text="{% if %}"), offline=False)
    texts = [tree(p).text for p in popups(page)]
    site_popup = next(t for t in texts if "Witnesses" in t)
    for s in SSTI:
        assert s in site_popup
    assert payload in site_popup
    assert "{{" not in page and "{%" not in page  # only as character references
    assert tree(page).text.count("{{ 7*7 }}") == 1  # the map title

    ctx = build_report(frame, now=NOW, title="{{ 7*7 }}")
    report = render_html(ctx)
    shown = tree(outer(report)).text
    md = md_plain(render_markdown(ctx))
    for s in SSTI:
        assert s in shown and s in md, s
        assert s in tree(srcdoc(report)).text or s in " ".join(tree(p).text for p in popups(srcdoc(report)))
    assert payload in shown and payload in md

    for fmt in EXPORTERS:
        for by in ("site", "mention"):
            out = export(frame, tmp_path / f"x_{by}{EXPORTERS[fmt].suffix}", fmt, by=by)
            if by == "mention":
                back = _read_back(out, fmt)
                assert back["title"].tolist() == frame["title"].tolist()
                assert back["snippet"].tolist() == frame["sentence"].tolist()
                assert back["source"].tolist() == frame["source"].tolist()
    assert not canary.exists()


def test_every_map_element_is_a_safe_one(tmp_path: Path) -> None:
    frame = _ssti_frame(tmp_path, "x")
    relative = _relative_frame("{{ 7*7 }}")
    fmap = build_map(frame, relative=relative)

    def walk(el: Any) -> list[Any]:
        return [el, *(d for c in el._children.values() for d in walk(c))]

    from branca.element import MacroElement

    elements = walk(fmap.get_root())
    macros = [e for e in elements if isinstance(e, MacroElement)]
    assert len(macros) > 10
    unsafe = [type(e).__name__ for e in macros if not isinstance(e, SAFE_ELEMENTS)]
    assert unsafe == []
    render_map(fmap, offline=False)  # renders


def test_safe_element_places_rendered_text_as_is() -> None:
    import folium

    fmap = folium.Map(tiles=None)
    fmap.get_root().add_child(_HtmlBlock("<p>{{ 7*7 }} {% if %} {{cite news |a=b}}</p>"))
    page = fmap.get_root().render()
    assert "<p>{{ 7*7 }} {% if %} {{cite news |a=b}}</p>" in page
    assert issubclass(_HtmlBlock, SafeMacroElement)


# -- bidi and invisible characters ----------------------------------------------------------------
def _bidi_frame(tmp_path: Path) -> pd.DataFrame:
    docs = [
        article("a1", "Outlet \u202eA", "2024-04-05", ["kufra"], title="Flights to Kufra \u202egnp.exe",
                sentences=["Flights to Kufra \u202egnp.exe \u2066and \u200fmore"]),
        article("a2", ZERO_WIDTH_NAME, "2024-04-06", ["kufra"], title="t\u202d2"),
        article("a3", "Outlet B", "2024-03-05", ["sirte"]),
    ]
    return mentions_frame(tmp_path / "bidi.db", docs)


def test_bidi_controls_are_isolated_in_map_and_report(tmp_path: Path) -> None:
    frame = _bidi_frame(tmp_path)
    page = render_map(build_map(frame, relative=_relative_frame("Bir \u202eLahmar")), offline=False)
    for p in popups(page):
        t = tree(p)
        assert_isolated(t)
    kufra = next(tree(p).text for p in popups(page) if "Flights" in tree(p).text)
    assert "(unnamed source)" in kufra
    assert "\u202e" not in page.split("L.control.layers")[1]  # layer names: controls removed

    ctx = build_report(frame, now=NOW, include_map=False)
    report = render_html(ctx)
    t = tree(report)
    assert_isolated(t)
    assert "(unnamed source)" in t.text
    sources = re.search(r'<table class="sources".*?</table>', report, flags=re.DOTALL).group(0)  # type: ignore[union-attr]
    assert "<td><bdi>Outlet \u202eA</bdi></td>" in sources
    assert '<td><bdi class="geotrack-placeholder">(unnamed source)</bdi></td>' in sources

    md = render_markdown(ctx)
    assert not any(c in BIDI for c in md)
    assert "Flights to Kufra gnp.exe" in md and "(unnamed source)" in md


# -- CSV formula injection -------------------------------------------------------------------------
FORMULA_TITLE = '=HYPERLINK("http://evil.example","x")'


def _formula_store(tmp_path: Path) -> Path:
    west = Site("west-point", "town", "-West Point", "غرب", -12.5, -3.25, "ref:test")
    table = {s.id: s for s in (*SITES, west)}
    docs = [
        article("a1", "@evil", "2024-04-05", ["west-point"], title=FORMULA_TITLE, url="=cmd|' /C calc'!A0",
                sentences=["+1 said -West Point was hit"], sites=table),
        article("a2", "\tTabbed", "2024-04-06", ["sirte"], title="\rCR", sites=table),
    ]
    path = tmp_path / "formula.db"
    store = make_store(path, [], sites=table.values())
    doc, mentions = docs[0]
    cand = Candidate(name="=1+2", name_key="=1+2", pattern="en:air base", surface=mentions[0].surface,
                     start=mentions[0].start, end=mentions[0].end, sentence=mentions[0].sentence, doc_id="a1")
    version = store.record_gazetteer(__import__("builders").gazetteer(table.values()))
    store.add_documents([(doc, Analysis(mentions=list(mentions), candidates=[cand])), docs[1]], version)
    store.close()
    return path


@pytest.mark.parametrize("by", ["site", "mention", "relative"])
def test_export_csv_neutralises_formulas_and_keeps_numbers(tmp_path: Path, by: str) -> None:
    db = _formula_store(tmp_path)
    out = tmp_path / f"{by}.csv"
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(out), "--by", by])
    assert result.exit_code == 0, result.output
    rows = csv_rows(out.read_bytes().decode("utf-8"))
    assert_csv_neutral(rows, numeric=("latitude", "longitude"))
    if by == "relative":
        return
    back = pd.read_csv(out)
    assert back["latitude"].dtype == "float64" and back["longitude"].dtype == "float64"
    west = back[back["site_id"] == "west-point"].iloc[0]
    assert west["latitude"] == -12.5 and west["longitude"] == -3.25
    assert west["site_name"] == "'-West Point"
    if by == "mention":
        evil = back[back["site_id"] == "west-point"].iloc[0]
        assert evil["title"] == "'" + FORMULA_TITLE and evil["source"] == "'@evil"
        assert evil["url"] == "'=cmd|' /C calc'!A0" and evil["snippet"] == "'+1 said -West Point was hit"
        assert {r["source"] for r in rows} == {"'@evil", "'\tTabbed"}
        assert "'\rCR" in {r["title"] for r in rows}
        assert [esc.csv_cell_restore(r["title"]) for r in rows] == [FORMULA_TITLE, "\rCR"]


def test_cli_mentions_and_candidates_csv_neutralise_formulas(tmp_path: Path) -> None:
    db = _formula_store(tmp_path)
    result = runner.invoke(app, ["mentions", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert len(rows) == 2
    assert_csv_neutral(rows)
    assert {r["title"] for r in rows} == {"'" + FORMULA_TITLE, "'\rCR"}
    assert {r["confidence"] for r in rows} == {"0.9"} and {r["start"] for r in rows} <= {str(i) for i in range(99)}
    as_json = json.loads(runner.invoke(app, ["mentions", "--db", str(db), "--format", "json"]).stdout)
    assert {r["title"] for r in as_json} == {FORMULA_TITLE, "\rCR"}  # JSON is data: unchanged

    result = runner.invoke(app, ["candidates", "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = csv_rows(result.stdout)
    assert [r["name"] for r in rows] == ["'=1+2"] and [r["name_key"] for r in rows] == ["'=1+2"]
    assert rows[0]["mentions"] == "1"
    assert_csv_neutral(rows)


# -- export format from the file name --------------------------------------------------------------
@pytest.mark.parametrize(("name", "fmt"), [("x.geojson", "geojson"), ("x.json", "geojson"), ("x.GPKG", "gpkg"),
                                           ("x.csv", "csv"), ("x.parquet", "parquet")])
def test_export_infers_the_format_from_the_suffix(tmp_path: Path, name: str, fmt: str) -> None:
    assert format_for_path(name) == fmt
    db = _formula_store(tmp_path)
    out = tmp_path / name
    result = runner.invoke(app, ["export", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith(f"({fmt})")
    assert _read_back(out, fmt)["site_id"].tolist() == ["sirte", "west-point"]


def test_export_refuses_a_format_that_contradicts_the_suffix(tmp_path: Path) -> None:
    db = _formula_store(tmp_path)
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "geojson", "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == (f"Error: format 'geojson' does not match the file name {str(tmp_path / 'x.csv')!r}, whose "
                        "suffix '.csv' means 'csv'; name the file with '.geojson' or choose format 'csv'")
    assert not (tmp_path / "x.csv").exists()
    unknown = runner.invoke(app, ["export", "--db", str(db), "-o", str(tmp_path / "x.txt")])
    assert unknown.exit_code == 1 and "cannot tell the export format" in unknown.stderr
    assert "'.txt'" in unknown.stderr and ".geojson (geojson)" in unknown.stderr
    given_fmt = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "-o", str(tmp_path / "x.txt")])
    assert given_fmt.exit_code == 0, given_fmt.output  # an unknown suffix with a format is fine


# -- implausible dates -----------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31", "2999-01-05", "1899-12-31"])
def test_report_sets_aside_implausible_dates(tmp_path: Path, bad: str, caplog: pytest.LogCaptureFixture) -> None:
    docs = [article("a1", "Outlet A", "2024-03-05", ["sirte"]), article("a2", "Outlet A", "2024-04-05", ["kufra"]),
            article("a3", "Outlet B", bad, ["sirte", "kufra"])]
    frame = mentions_frame(tmp_path / "d.db", docs)
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        ctx = build_report(frame, now=NOW)
    assert ctx.period_label == "2024-04" and ctx.previous_label == "2024-03"
    assert ctx.timeline_png is not None and ctx.timeline_png.startswith(b"\x89PNG")
    assert ctx.set_aside == 2 and ctx.totals["mentions"] == 4  # counted, but not placed in a period
    assert ctx.date_note == ("2 mentions dated outside 1900-01-01 to 2024-05-02 were treated as undated "
                             "(left out of the periods and the timeline).")
    warnings = [r.getMessage() for r in caplog.records if r.name == "geotrack" and r.levelno == logging.WARNING]
    assert f"report: set aside 2 mentions in 1 document dated outside 1900-01-01 to 2024-05-02 ({bad})" \
           ", treated as undated" in warnings
    page = render_html(ctx)
    assert ctx.date_note in page and "2024-03-05 to 2024-04-05" in srcdoc(page)
    assert "treated as undated" in render_markdown(ctx)
    write_report(frame, tmp_path / "r.md", now=NOW)


def test_the_day_after_now_is_plausible_the_one_after_is_not() -> None:
    frame = pd.DataFrame({"published": pd.to_datetime(["2024-05-02", "2024-05-03", "1900-01-01", None])})
    assert aggregate.implausible_dates(frame, NOW).tolist() == [False, True, False, False]
    assert aggregate.plausible_window(NOW) == (pd.Timestamp("1900-01-01"), pd.Timestamp("2024-05-02"))


def test_report_command_with_extreme_dates(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    make_store(db, [article("a1", "Outlet A", "2024-03-05", ["sirte"]),
                    article("a2", "Outlet B", "0001-01-01", ["kufra"]),
                    article("a3", "Outlet B", "9999-12-31", ["kufra"])]).close()
    for name in ("r.html", "r.md"):
        result = runner.invoke(app, ["report", "--db", str(db), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["map", "--db", str(db), "-o", str(tmp_path / "m.html")])
    assert result.exit_code == 0, result.output
    assert "2024-03-05 to 2024-03-05" in (tmp_path / "m.html").read_text(encoding="utf-8")


# -- the property: hostile strings through every writer -------------------------------------------
FRAGMENTS = [
    *SSTI, "{#", "#}", "{{ 'can' ~ 'ary' ~ 'XQ' }}", "\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2068",
    "\u2069", "\u200e", "\u200f", "\u200b", "\u2060", "\ufeff", '=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)",
    "\t", "\r", "\n", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
    "JaVaScRiPt:alert(1)", " java\nscript:x", "$x^$", "${alert(1)}", "`", "\\", "|", "[x](javascript:y)",
    "</script>", "\u2028", "'", "&amp;", "_", "*", "# ", "-->", "<!--",
]
_alphabet = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=_alphabet, max_size=4)),
                   min_size=1, max_size=5).map("".join)
hostile_url = st.one_of(hostile, st.sampled_from(["javascript:alert(1)", " JaVaScRiPt:x", "java\tscript:x",
                                                   "https://ok.example/a", "data:text/html,x"]))
ALLOWED_MAP_TAGS = {"div", "table", "tr", "th", "td", "a", "bdi", "b", "br", "span", "mark"}


def _relative_frame(text: str) -> pd.DataFrame:
    return pd.DataFrame([{
        "document_id": 1, "anchor_site_id": "kufra", "anchor_name": "Kufra", "distance_km": 300.0,
        "bearing_deg": 180.0, "direction": "S", "lat": 21.4867, "lon": 23.3139, "radius_km": 60.0,
        "surface": "300 km south of Kufra", "start": 10, "end": 31, "sentence": f"{text} 300 km south of Kufra",
        "precision": "relative", "source": text, "published": pd.Timestamp("2024-04-10"),
        "url": "https://sm.example/a", "title": text, "lang": "en"}])


def _read_back(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        return pd.DataFrame([f["properties"] for f in doc["features"]])
    if fmt == "csv":
        rows = csv_rows(path.read_bytes().decode("utf-8"))
        return pd.DataFrame([{k: esc.csv_cell_restore(v) for k, v in r.items()} for r in rows])
    if fmt == "gpkg":
        return pd.DataFrame(gpd.read_file(path, engine="pyogrio"))
    if fmt in ("kml", "kmz"):
        return pd.DataFrame([kml_data(p) for p in kml_placemarks(path)])
    return pd.DataFrame(gpd.read_parquet(path))


KML = "{http://www.opengis.net/kml/2.2}"


def kml_placemarks(path: Path) -> list[ET.Element]:
    """The ``Placemark`` elements of a KML file or of the ``doc.kml`` of a KMZ, parsed by ElementTree."""
    if path.suffix == ".kmz":
        import zipfile

        with zipfile.ZipFile(path) as zf:
            root = ET.fromstring(zf.read("doc.kml"))
    else:
        root = ET.parse(path).getroot()
    return root.findall(f".//{KML}Placemark")


def kml_data(placemark: ET.Element) -> dict[str, str]:
    """A placemark's ExtendedData (``SimpleData`` name to text), offsets under their table names."""
    names = {"text_start": "start", "text_end": "end"}
    return {names.get(d.get("name", ""), d.get("name", "")): d.text or ""
            for d in placemark.iter(f"{KML}SimpleData")}


def xml_read(value: str) -> str:
    """``value`` as an XML parser gives it back: CR and CRLF as LF, characters XML forbids as U+FFFD."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", value)


def assert_kml_shown_safe(path: Path) -> None:
    """What Google Earth shows of a KML export: names without bidi controls; each description an HTML
    balloon of known, inert tags, every value isolated (``dir``), links only to http(s)."""
    for placemark in kml_placemarks(path):
        name = placemark.findtext(f"{KML}name") or ""
        assert name and not any(c in BIDI for c in name), name
        t = tree(placemark.findtext(f"{KML}description") or "")
        assert_markup_inert(t, {"div", "p", "table", "tr", "th", "td", "a", "bdi"})
        assert_isolated(t)
        assert not any(c in BIDI for data, _ in t.texts for c in data)


@pytest.mark.slow
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile, sentence=hostile, source=hostile, site_name=hostile, url=hostile_url)
def test_hostile_strings_through_every_writer(tmp_path_factory: pytest.TempPathFactory, title: str, sentence: str,
                                              source: str, site_name: str, url: str) -> None:
    tmp = tmp_path_factory.mktemp("hostile")
    evil_site = Site("evil-site", "airbase", f"Evil {site_name} Base", "قاعدة", 27.0, 14.0, "ref:test")
    table = {s.id: s for s in (*SITES, evil_site)}
    name = evil_site.name_en
    docs = [
        article("h1", source, "2024-04-05", ["evil-site", "kufra"], title=title, url=url,
                sentences=[f"{sentence} {name} {sentence}", f"{sentence} at Kufra"], sites=table),
        article("h2", "Outlet B", "2024-03-05", ["kufra"], sites=table),
    ]
    db = tmp / "h.db"
    frame = mentions_frame(db, docs, sites=table.values())
    relative = _relative_frame(sentence)
    canary = "canaryXQ"

    # map
    page = render_map(build_map(frame, relative=relative, title=title), offline=False)
    assert canary not in page and "{{" not in page
    assert "<script>alert" not in page and "<img src=x" not in page
    for p in popups(page):
        t = tree(p)
        assert_markup_inert(t, ALLOWED_MAP_TAGS)
        assert_isolated(t)
    site_popup = next(tree(p).text for p in popups(page) if "geotrack-popup" in p and "Evil " in tree(p).text)
    assert esc.one_line(sentence) in site_popup or esc.one_line(sentence)[:250] in site_popup

    # report, HTML and Markdown
    ctx = build_report(frame, now=NOW, relative=relative, include_map=False)  # the map: above
    report = render_html(ctx)
    assert canary not in report
    t = tree(outer(report))
    assert_markup_inert(t, {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
                            "strong", "span", "ul", "li", "b", "section", "table", "thead", "tbody", "tr", "th",
                            "td", "figure", "img", "figcaption", "div", "a", "bdi", "iframe", "footer", "code"})
    assert_isolated(t)
    assert not [tag for tag, _ in t.tags if tag == "script"]
    md = render_markdown(ctx, timeline_file="t.png", map_file="m.html")
    assert canary not in md and not any(c in BIDI for c in md)
    assert "<script" not in md.lower() and "<img" not in md.lower()
    links = re.findall(r"(?<!\\)\]\(([^)]*)\)", md)  # an escaped "\]" opens no link
    assert all(u.startswith(("http://", "https://")) or u in ("t.png", "m.html") for u in links), links

    # every export format, every unit: read back equal (CSV: after removing the neutralising quote)
    for fmt, exporter in EXPORTERS.items():
        for by in ("site", "mention", "relative"):
            out = export(frame, tmp / f"{by}{exporter.suffix}", fmt, by=by, relative=relative)
            back = _read_back(out, fmt)
            if fmt == "csv":
                assert_csv_neutral(csv_rows(out.read_bytes().decode("utf-8")), numeric=("latitude", "longitude"))
            if fmt in ("kml", "kmz"):
                assert_kml_shown_safe(out)
            if by == "mention":
                order = back["mention_id"].astype(int).tolist()
                expected = frame.set_index("mention_id").loc[order]
                same = xml_read if fmt in ("kml", "kmz") else str  # XML reads CR as LF, C0 controls as U+FFFD
                for col, src in (("title", "title"), ("snippet", "sentence"), ("source", "source"),
                                 ("url", "url"), ("site_name", "site_name")):
                    assert back[col].fillna("").astype(str).tolist() == [
                        same(v) for v in expected[src].fillna("").astype(str)], (fmt, col)
            elif by == "relative":
                same = xml_read if fmt in ("kml", "kmz") else str
                assert back["snippet"].astype(str).tolist() == [same(v) for v in relative["sentence"]], fmt
                assert back["title"].astype(str).tolist() == [same(v) for v in relative["title"]], fmt
            else:
                shown = xml_read(name) if fmt in ("kml", "kmz") else name
                assert shown in back["site_name"].astype(str).tolist(), fmt

    # the CLI's csv and json of mentions
    csv_out = runner.invoke(app, ["mentions", "--db", str(db), "--format", "csv"])
    assert csv_out.exit_code == 0, csv_out.output
    rows = csv_rows(csv_out.stdout)
    assert_csv_neutral(rows)
    assert sorted(esc.csv_cell_restore(r["title"]) for r in rows) == sorted(frame["title"].astype(str))
    assert sorted(esc.csv_cell_restore(r["sentence"]) for r in rows) == sorted(frame["sentence"].astype(str))
    json_out = runner.invoke(app, ["mentions", "--db", str(db), "--format", "json"])
    assert json_out.exit_code == 0, json_out.output
    assert sorted(r["source"] for r in json.loads(json_out.stdout)) == sorted(frame["source"].astype(str))
