"""The monitoring report: its context, both renderings, untrusted text, and the offline map assets."""

from __future__ import annotations

import html
import os
import re
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

import folium
import pandas as pd
import pytest
from folium import plugins
from markupsafe import escape

from geotrack.aggregate import ChangeRules
from geotrack.errors import ExportError
from geotrack.outputs.offline import external_assets, find_asset, inline_assets
from geotrack.outputs.report import (
    ReportContext,
    build_report,
    is_rtl,
    md_escape,
    md_link,
    render_html,
    render_markdown,
    safe_url,
    write_report,
)
from tests.builders import article, mentions_frame
from tests.paths import DATA, ROOT

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
GOLDEN = DATA / "golden"

EVIL_TITLE = "<script>alert(1)</script>"
EVIL_TEXT = 'He said "hello" </script><img src=x onerror=alert(2)> </div> at Kufra | [x](javascript:alert(3)) `code`.'


def corpus() -> list:
    return [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"]),
        article("a2", "Outlet B", "2024-04-01", ["al-jufra"], lang="ar"),
        article("a3", "Outlet A", "2024-04-02", ["al-jufra", "kufra"]),
        article("a4", "Outlet C", "2024-04-03", ["al-jufra"]),
        article("a5", "Outlet C", "2024-04-20", ["al-watiya"]),
        article("a6", "Outlet B", "2024-03-10", ["al-watiya"]),
    ]


@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    return mentions_frame(tmp_path / "r.db", corpus())


@pytest.fixture
def evil_frame(tmp_path: Path) -> pd.DataFrame:
    docs = [
        article("e1", "Outlet <b>X</b>", "2024-04-02", ["kufra"], title=EVIL_TITLE, url="javascript:alert(1)",
                text=f"[e1] {EVIL_TEXT}", sentences=[EVIL_TEXT]),
        article("e2", "Outlet Y", "2024-03-02", ["kufra"], title='Quotes "double" and \'single\' | pipe'),
    ]
    return mentions_frame(tmp_path / "evil.db", docs)


class _Tables(HTMLParser):
    """Collects the text of every cell, per table id, and every href / src."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.hrefs: list[str] = []
        self.scripts = 0
        self._table = ""
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id") or a.get("class") or ""
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        elif tag == "script":
            self.scripts += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def parse(page: str) -> _Tables:
    p = _Tables()
    p.feed(page)
    return p


def without_srcdoc(page: str) -> str:
    return re.sub(r'srcdoc="[^"]*"', 'srcdoc=""', page)


# -- the context ----------------------------------------------------------------------------------
def test_context_counts_headline_and_changes(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, period="month", include_map=False, now=NOW)
    assert isinstance(ctx, ReportContext)
    assert ctx.period_label == "2024-04"
    assert ctx.previous_label == "2024-03"
    assert ctx.totals == {"documents": 6, "mentions": 8, "sites": 4, "sources": 3}
    assert ctx.headline == (
        "2024-04: 4 documents naming 3 sites (5 mentions), against 2 per month over the previous month (2024-03).",
        "1 new site this month: Kufra.",
        "Surge at Al Jufra Air Base: 3 documents from 3 sources, against 1 per month over the previous month.",
        "1 site gone quiet this month: Sirte (no document this month, against a baseline of at least 1 per month).",
    )
    rows = [(s.site_id, s.mentions, s.documents, s.sources, s.first_seen, s.last_seen, s.current, s.previous,
             s.baseline, s.current_sources, s.current_mentions, s.status) for s in ctx.sites]
    assert rows == [
        ("al-jufra", 4, 4, 3, "2024-03-05", "2024-04-03", 3, 1, 1.0, 3, 3, "surge"),
        ("al-watiya", 2, 2, 2, "2024-03-10", "2024-04-20", 1, 1, 1.0, 1, 1, "steady"),
        ("kufra", 1, 1, 1, "2024-04-02", "2024-04-02", 1, 0, 0.0, 1, 1, "new"),
        ("sirte", 1, 1, 1, "2024-03-05", "2024-03-05", 0, 1, 1.0, 0, 0, "quiet"),
    ]
    assert ctx.baseline_label == "2024-03"
    assert ctx.ingested is None and ctx.period_ingested is None and ctx.period_documents == 4
    assert ctx.documents_note == "6 documents name a site. In 2024-04: 4 documents name a site."
    assert ctx.rules_text == ChangeRules().describe("month")
    assert [s.site_id for s in ctx.new_sites] == ["kufra"]
    assert [s.site_id for s in ctx.surges] == ["al-jufra"]
    assert [s.site_id for s in ctx.quiet_sites] == ["sirte"]
    assert ctx.sites[0].change == "+2 (surge)"
    assert ctx.sites[1].change == "0 (steady)"
    assert ctx.sites[2].change == "+1 (new)"
    assert ctx.sites[3].change == "-1 (quiet)"
    assert [(s.source, s.documents, s.mentions, s.sites) for s in ctx.sources] == [
        ("Outlet A", 2, 4, 3), ("Outlet B", 2, 2, 2), ("Outlet C", 2, 2, 2),
    ]
    assert ctx.generated == "2024-05-01 12:00 UTC"
    assert ctx.timeline_png is not None and ctx.timeline_png.startswith(b"\x89PNG")
    assert ctx.map_html == ""


def test_evidence_newest_first_with_arabic_marked_rtl(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, include_map=False, include_timeline=False)
    jufra = next(g for g in ctx.evidence if g.site_id == "al-jufra")
    assert [(e.source, e.published, e.rtl) for e in jufra.items] == [
        ("Outlet C", "2024-04-03", False), ("Outlet A", "2024-04-02", False), ("Outlet B", "2024-04-01", True),
    ]
    assert jufra.items[2].snippet == "تقارير عن نشاط في قاعدة الجفرة الجوية."
    assert jufra.items[2].lang == "ar"
    assert jufra.items[0].url == "https://outlet-c.example/a4"


def test_since_until_choose_the_window_and_the_current_period(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, since=date(2024, 3, 1), until=date(2024, 3, 31), include_map=False,
                       include_timeline=False)
    assert ctx.period_label == "2024-03"
    assert ctx.totals["documents"] == 2
    assert {s.site_id for s in ctx.new_sites} == {"al-jufra", "al-watiya", "sirte"}
    assert ctx.window == "2024-03-01 – 2024-03-31"


def test_week_period(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, period="week", include_map=False)
    assert ctx.period_label == "week of 2024-04-15"
    assert ctx.headline[0] == ("week of 2024-04-15: 1 document naming 1 site (1 mention), against 0.75 per week "
                               "over the previous 4 weeks (week of 2024-03-18 to 2024-04-08).")
    assert ctx.baseline_label == "week of 2024-03-18 to 2024-04-08"


def test_unknown_period_is_refused(frame: pd.DataFrame) -> None:
    with pytest.raises(Exception, match="unknown period 'year'"):
        build_report(frame, period="year")


def test_empty_frame_renders_both_formats(tmp_path: Path) -> None:
    empty = mentions_frame(tmp_path / "e.db")
    ctx = build_report(empty)
    assert ctx.sites == () and ctx.timeline_png is None and ctx.map_html == ""
    assert ctx.headline == ("No dated mentions in the selected data, so no change to report.",)
    assert "No mention matches the selection." in render_html(ctx)
    assert "_No mention matches the selection._" in render_markdown(ctx)


def test_documents_ingested_overall_and_in_the_period(frame: pd.DataFrame) -> None:
    # the store holds 9 documents: the 6 that name a site and 3 that do not (2 in April, 1 undated)
    stored = pd.DataFrame({"document_id": range(1, 10), "published": [
        "2024-03-05", "2024-04-01", "2024-04-02", "2024-04-03", "2024-04-20", "2024-03-10",
        "2024-04-11T08:00:00+02:00", "2024-04-30", ""]})
    counts = {"sources": 3, "documents": 9, "mentions": 8, "syndicated": 0}
    ctx = build_report(frame, include_map=False, include_timeline=False, now=NOW, counts=counts, documents=stored)
    assert (ctx.ingested, ctx.period_ingested, ctx.period_documents) == (9, 6, 4)
    assert ctx.documents_note == ("9 documents ingested in all; 6 of them name a site. "
                                  "In 2024-04: 6 documents ingested, 4 of them name a site.")
    page = render_html(ctx)
    assert '<li id="ingested"><b>9</b>documents ingested</li>' in page
    assert '<li><b>6</b>documents name a site</li>' in page
    assert f'<p class="note" id="documents-note">{ctx.documents_note}</p>' in page
    md = render_markdown(ctx)
    assert "**9** documents ingested · **6** documents name a site · **8** mentions" in md
    assert f"\n{ctx.documents_note}\n" in md
    # counts alone: the period's ingested documents are not known; a selection says so
    only = build_report(frame, include_map=False, include_timeline=False, counts=counts, filtered=True,
                        since=date(2024, 4, 1))
    assert only.documents_note == ("9 documents ingested in all; 4 of them name a site in this selection. "
                                   "In 2024-04: 4 documents name a site in this selection.")
    # a document dated 9999 is not placed in a period
    odd = build_report(frame, include_map=False, include_timeline=False, now=NOW, counts=counts,
                       documents=pd.DataFrame({"published": ["2024-04-02", "9999-04-02"]}))
    assert odd.period_ingested == 1


def test_change_rules_reach_the_report(frame: pd.DataFrame, tmp_path: Path) -> None:
    strict = ChangeRules(baseline_periods=2, surge_ratio=4.0)
    ctx = build_report(frame, include_map=False, include_timeline=False, rules=strict)
    assert ctx.surges == () and next(s for s in ctx.sites if s.site_id == "al-jufra").status == "up"
    assert ctx.rules_text.startswith("Counted in documents and independent sources")
    assert "over the previous 2 months" in ctx.rules_text and "at least 4 times the baseline" in ctx.rules_text
    assert f'<p class="note" id="rules">{escape(ctx.rules_text)}</p>' in render_html(ctx)
    out = write_report(frame, tmp_path / "r.md", rules=strict)
    assert "_No surge in this month._" in out.read_text(encoding="utf-8")


def test_evidence_shows_the_input_id(frame: pd.DataFrame) -> None:
    assert "input_id" in frame.columns
    ctx = build_report(frame, include_map=False, include_timeline=False)
    jufra = next(g for g in ctx.evidence if g.site_id == "al-jufra")
    assert [e.input_id for e in jufra.items] == ["a4", "a3", "a2"]
    page = render_html(ctx)
    assert '· <span class="input-id">id <bdi>a4</bdi></span></span>' in page
    md = render_markdown(ctx)
    assert "— Outlet B, 2024-04-01 · [Article a2](https://outlet-b.example/a2) · id a2\n" in md
    # a frame without the column (an older store) shows no id
    old = build_report(frame.drop(columns=["input_id"]), include_map=False, include_timeline=False)
    assert {e.input_id for g in old.evidence for e in g.items} == {""}
    assert 'class="input-id"' not in render_html(old) and " · id " not in render_markdown(old)
    # a missing id (None / NaN) shows nothing either
    gaps = build_report(frame.assign(input_id=[None, float("nan"), *frame["input_id"][2:]]), include_map=False,
                        include_timeline=False)
    assert "" in {e.input_id for g in gaps.evidence for e in g.items}


def test_untrusted_input_id_is_inert(frame: pd.DataFrame) -> None:
    evil = '<script>alert(1)</script>\u202e|[x](javascript:alert(2))'
    ctx = build_report(frame.assign(input_id=evil), include_map=False, include_timeline=False)
    page = render_html(ctx)
    assert "<script>alert(1)" not in page
    # escaped, and isolated so that its right-to-left override cannot reorder the rest of the line
    assert ('<span class="input-id">id <bdi>&lt;script&gt;alert(1)&lt;/script&gt;\u202e|[x](javascript:alert(2))'
            '</bdi></span></span>') in page
    md = render_markdown(ctx)
    assert "<script>" not in md and "\u202e" not in md
    assert r"· id &lt;script&gt;alert(1)&lt;/script&gt;\|\[x\](javascript:alert(2))" in md
    assert not re.search(r"(?<!\\)\]\(javascript", md)


def grouped_candidates() -> pd.DataFrame:
    """Rows as :func:`geotrack.candidates.summarise` gives them: spellings grouped, likely_site filled."""
    base = {"patterns": ["en:air base"], "example_url": "https://x.example/1", "first_seen": pd.Timestamp("2024-03-02"),
            "last_seen": pd.Timestamp("2024-04-09")}
    return pd.DataFrame([
        {**base, "name_key": "al-kharrouba", "name": "al-Kharrouba", "mentions": 5, "documents": 4, "sources": 2,
         "source_list": ["A", "B"], "example_sentence": "the al-Kharrouba air base",
         "spellings": ["al-Kharrouba", "الخروبة", "Al-Kharruba"], "likely_site": "", "likely_spelling": ""},
        {**base, "name_key": "bnina", "name": "Bnina", "mentions": 9, "documents": 2, "sources": 1,
         "source_list": ["A"], "example_sentence": "Bnina air base", "spellings": ["Bnina"],
         "likely_site": "benina", "likely_spelling": "Benina"},
        {**base, "name_key": "bir lahmar", "name": "Bir Lahmar", "mentions": 2, "documents": 2, "sources": 2,
         "source_list": ["A", "C"], "example_sentence": "Bir Lahmar airstrip", "spellings": ["Bir Lahmar"],
         "likely_site": "", "likely_spelling": ""},
    ])


def test_candidates_are_grouped_places_with_their_likely_site(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, include_map=False, include_timeline=False, candidates=grouped_candidates())
    # most sources first, then documents, then mentions: one outlet's nine mentions come last
    assert [(c.name, c.sources, c.documents, c.mentions) for c in ctx.candidates] == [
        ("al-Kharrouba", 2, 4, 5), ("Bir Lahmar", 2, 2, 2), ("Bnina", 1, 2, 9)]
    kharrouba, lahmar, bnina = ctx.candidates
    assert kharrouba.spellings == ("الخروبة", "Al-Kharruba") and kharrouba.likely == ""
    assert lahmar.spellings == ()
    assert (bnina.likely_site, bnina.likely_spelling) == ("benina", "Benina")
    assert bnina.likely == "probably a spelling of benina (Benina)"
    page = render_html(ctx)
    assert ('<tr data-candidate="Bnina" data-likely-site="benina"><td><bdi>Bnina</bdi><div class="likely" '
            'dir="ltr" lang="en"><bdi>probably a spelling of benina (Benina)</bdi></div></td>') in page
    assert ('<div class="spellings" dir="ltr" lang="en">also written: <bdi>الخروبة</bdi>, <bdi>Al-Kharruba</bdi>'
            '</div>') in page
    assert '<tr data-candidate="Bir Lahmar"><td><bdi>Bir Lahmar</bdi></td>' in page
    md = render_markdown(ctx)
    assert ('| al-Kharrouba · also written: <span dir="rtl" lang="ar">الخروبة</span>, Al-Kharruba | 5 | 2 | '
            '2024-03-02 | 2024-04-09 |') in md
    assert "| Bnina · **probably a spelling of benina (Benina)** | 9 | 1 |" in md
    assert "| Bir Lahmar | 2 | 2 |" in md


# -- HTML -----------------------------------------------------------------------------------------
def test_html_tables_and_sections(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, include_map=False, now=NOW)
    page = render_html(ctx)
    t = parse(page)
    sites = t.tables["site-table"]
    assert sites[0][:4] == ["Site", "Arabic", "Kind", "Mentions"]
    assert [r[0] for r in sites[1:]] == ["Al Jufra Air Base", "Al Watiya Air Base", "Kufra", "Sirte"]
    assert sites[1] == ["Al Jufra Air Base", "قاعدة الجفرة الجوية", "airbase", "4", "4", "3", "3", "2024-03-05",
                        "2024-04-03", "3", "+2 surge", ""]
    assert [r[0] for r in t.tables["source-table"][1:]] == ["Outlet A", "Outlet B", "Outlet C"]
    assert [r[0] for r in t.tables["new-sites"][1:]] == ["Kufra"]
    assert [r[0] for r in t.tables["surges"][1:]] == ["Al Jufra Air Base"]
    for line in ctx.headline:
        assert f"<li>{html.escape(line)}</li>" in page
    assert '<img src="data:image/png;base64,' in page
    assert 'dir="rtl" lang="ar">تقارير عن نشاط في قاعدة الجفرة الجوية.</p>' in page
    assert t.scripts == 0  # the report itself runs no script; the map lives in its sandboxed iframe


def test_html_embeds_the_map_in_a_sandboxed_srcdoc_iframe(frame: pd.DataFrame) -> None:
    page = render_html(build_report(frame, include_timeline=False))
    m = re.search(r'<iframe [^>]*sandbox="allow-scripts[^"]*" srcdoc="([^"]*)"', page)
    assert m is not None
    inner = html.unescape(m.group(1))
    assert inner.startswith("<!DOCTYPE html>")
    assert "L.map(" in inner
    assert external_assets(inner) == []  # leaflet and friends are inlined: works offline


# -- Markdown -------------------------------------------------------------------------------------
def test_markdown_content(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, include_map=False, now=NOW)
    md = render_markdown(ctx, timeline_file="report_timeline.png")
    assert "| Al Jufra Air Base | قاعدة الجفرة الجوية | airbase | 4 | 4 | 3 | 3 | 2024-03-05 | 2024-04-03 | 3 | +2 (surge) |" in md
    assert "| Outlet A | 2 | 4 | 3 | 2024-03-05 | 2024-04-02 | 0 |" in md
    assert "- Surge at Al Jufra Air Base: 3 documents from 3 sources, against 1 per month over the previous month." in md
    assert "| Al Jufra Air Base | airbase | 3 | 3 | 1 | +2 |" in md  # documents, sources, baseline, change
    assert "Gone quiet: Sirte (baseline 1 per month)" in md
    assert "| Kufra | town | 1 | 1 | 2024-04-02 |" in md
    assert "![Documents per month" in md and "](report_timeline.png)" in md
    assert '<div dir="rtl" lang="ar">تقارير عن نشاط في قاعدة الجفرة الجوية.</div>' in md
    assert "— Outlet C, 2024-04-03 · [Article a4](https://outlet-c.example/a4) · id a4\n" in md


def test_markdown_golden(frame: pd.DataFrame) -> None:
    ctx = build_report(frame, include_map=False, now=NOW)
    md = render_markdown(ctx, timeline_file="report_timeline.png", map_file="report_map.html")
    golden = GOLDEN / "report.md"
    if os.environ.get("GEOTRACK_UPDATE_GOLDEN"):  # pragma: no cover - regenerate, review the diff, commit
        golden.write_text(md, encoding="utf-8")
    assert md == golden.read_text(encoding="utf-8")


def test_write_report_picks_the_format_and_writes_beside_markdown(frame: pd.DataFrame, tmp_path: Path) -> None:
    h = write_report(frame, tmp_path / "out" / "r.html", period="month")
    m = write_report(frame, tmp_path / "out" / "r.md", period="month")
    assert h.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "out" / "r_timeline.png").read_bytes().startswith(b"\x89PNG")
    assert "L.map(" in (tmp_path / "out" / "r_map.html").read_text(encoding="utf-8")
    text = m.read_text(encoding="utf-8")
    assert "](r_timeline.png)" in text and "(r_map.html)" in text
    with pytest.raises(ExportError, match=r"name it with \.html or \.md"):
        write_report(frame, tmp_path / "r.pdf")


# -- untrusted text -------------------------------------------------------------------------------
def test_untrusted_text_is_inert_in_html(evil_frame: pd.DataFrame) -> None:
    page = render_html(build_report(evil_frame))
    outer = without_srcdoc(page)
    assert "<script" not in outer.lower()
    assert "<img src=x" not in page and "</div> at Kufra" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outer
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &lt;/div&gt;" in outer
    assert "Outlet &lt;b&gt;X&lt;/b&gt;" in outer
    t = parse(outer)
    assert t.hrefs == ["https://outlet-y.example/e2"]  # the javascript: URL is no link
    # inside the map, after one level of unescaping, the untrusted strings are still escaped
    inner = html.unescape(re.search(r'srcdoc="([^"]*)"', page).group(1))  # type: ignore[union-attr]
    assert "<script>alert(1)" not in inner
    assert "href=\"javascript:" not in inner and "href='javascript:" not in inner
    assert "onerror=alert(2)>" not in inner


def test_untrusted_text_is_inert_in_markdown(evil_frame: pd.DataFrame, tmp_path: Path) -> None:
    md = write_report(evil_frame, tmp_path / "evil.md").read_text(encoding="utf-8")
    assert "<script" not in md.lower() and "<img" not in md and "</div> at" not in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # only an escaped bracket precedes it
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    assert r"\[x\](javascript:alert(3))" in md and r"\`code\`" in md
    # the pipe in a title or source never adds a table column
    for line in md.splitlines():
        if line.startswith("| Outlet"):
            assert len(re.findall(r"(?<!\\)\|", line)) == 8


def test_md_helpers() -> None:
    assert md_escape("a|b\n[c](d) <e> `f` *g* _h_") == r"a\|b \[c\](d) &lt;e&gt; \`f\` \*g\* \_h\_"
    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_escape("2024. a year") == r"2024\. a year"
    assert md_link("t", "javascript:alert(1)") == "t"
    assert md_link("t", "https://x.example/a(b)<c>") == "[t](https://x.example/a%28b%29%3Cc%3E)"
    assert md_link("", "https://x.example/") == "[link](https://x.example/)"


@pytest.mark.parametrize(("url", "ok"), [
    ("https://a.example/x?y=1", True), ("http://a.example", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,x", False), ("//a.example/x", False), ("", False),
    ("https://a.example/\nx", False), (None, False), ("ftp://a.example/", False),
])
def test_safe_url(url: object, ok: bool) -> None:
    assert (safe_url(url) != "") is ok


def test_is_rtl() -> None:
    assert is_rtl("قصفت طائرات مسيرة قاعدة الوطية")
    assert is_rtl("قالت Reuters إن قاعدة الجفرة استقبلت طائرات")
    assert not is_rtl("Drones struck al-Watiya (الوطية) on Monday")
    assert not is_rtl("12345")


# -- offline assets -------------------------------------------------------------------------------
def test_inline_assets_leave_no_cdn_and_escape_script_ends() -> None:
    m = folium.Map(location=[27, 17], zoom_start=5)
    folium.CircleMarker([29, 16], radius=5).add_to(m)
    plugins.HeatMap([[29.0, 16.0, 1.0]]).add_to(m)
    plugins.MarkerCluster().add_to(m)
    folium.LayerControl().add_to(m)
    page = m.get_root().render()
    assert len(external_assets(page)) > 5
    out = inline_assets(page)
    assert external_assets(out) == []
    assert "L.Icon.Default.imagePath=''" in out
    assert "fontawesome" not in out and "AwesomeMarkers" not in out  # unused: dropped
    scripts = re.findall(r"<script>(.*?)</script>", out, flags=re.S)
    assert all("</script" not in s.lower() for s in scripts)


def test_inline_assets_keeps_unknown_urls_and_font_awesome_when_used() -> None:
    page = ('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css"/>'
            '<script src="https://example.invalid/x.js"></script><i class="fa fa-star"></i>')
    out = inline_assets(page)
    assert external_assets(out) == ["https://example.invalid/x.js"]
    assert "data:font/woff2;base64," in out
    assert find_asset("https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js") is not None
    assert find_asset("https://example.invalid/leaflet.js") is None


def test_readme_documents_every_change_rule_with_its_default() -> None:
    """The README's threshold table, the library defaults and the CLI options say the same thing."""
    import dataclasses

    import typer

    from geotrack.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = {m.group(1): float(m.group(2))
                  for m in re.finditer(r"^\| `--([a-z-]+) [NX]` \| ([\d.]+) \|", readme, flags=re.M)}
    defaults = {f.name.replace("_", "-"): float(getattr(ChangeRules(), f.name))
                for f in dataclasses.fields(ChangeRules)}
    assert documented == defaults
    report = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    options = {p.opts[0].removeprefix("--"): float(p.default) for p in report.params
               if p.opts[0].removeprefix("--") in defaults}
    assert options == defaults
