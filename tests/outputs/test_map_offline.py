"""The map's offline base layer, labels, time slider data, and its evidence: marks, RTL, ids, headlines."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotrack.outputs import map as gmap
from geotrack.outputs.map import (
    LABEL_TOP,
    MAX_LABELS,
    build_map,
    evidence_rows,
    label_sites,
    locate,
    marked_html,
    month_labels,
    page_json,
    popup_html,
    render_map,
    same_text,
)
from geotrack.outputs.offline import external_assets
from geotrack.settings import basemap_path
from tests.builders import article, mentions_frame


def _frame(tmp_path: Path, docs: list) -> pd.DataFrame:
    return mentions_frame(tmp_path / "o.db", docs)


def _popups(page: str) -> list[str]:
    return [m for m in re.findall(r"\$\(`(.*?)`\)\[0\]", page, flags=re.DOTALL) if "geotrack-popup" in m]


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# -- locating the name in its sentence -------------------------------------------------------------
def test_locate_uses_the_one_shift_that_fits_every_mention() -> None:
    sentence = "Sirte is not Sirte Basin; flights left Sirte for Kufra."
    # document offsets: the sentence starts at 100; the mentions are the 1st and 3rd "Sirte", and Kufra
    mentions = [("Sirte", 100, 105), ("Sirte", 139, 144), ("Kufra", 149, 154)]
    assert locate(sentence, mentions) == [(0, 5), (39, 44), (49, 54)]


def test_locate_falls_back_to_the_kth_occurrence_and_none() -> None:
    sentence = "Kufra and Kufra again."
    # offsets from another copy of the sentence: no shift fits, the k-th occurrence is used
    assert locate(sentence, [("Kufra", 500, 505), ("Kufra", 900, 905)]) == [(0, 5), (10, 15)]
    assert locate(sentence, [("Jufra", 3, 8)]) == [None]
    assert locate(sentence, [("kufra", 0, 5)]) == [(0, 5)]  # case aside, when lengths agree
    assert locate(sentence, []) == []


def test_marked_html_escapes_around_the_mark() -> None:
    sentence = "<b>Jets</b> at  Al Jufra\n Air Base & more `${x}`"
    start = sentence.index("Al Jufra")
    out = marked_html(sentence, [(start, start + len("Al Jufra\n Air Base"))])
    assert out == ("&lt;b&gt;Jets&lt;/b&gt; at <mark>Al Jufra Air Base</mark> &amp; more "
                   "&#96;&#36;&#123;x&#125;&#96;")


def test_marked_html_keeps_a_late_mark_when_clipping() -> None:
    sentence = "word " * 120 + "Kufra" + " tail" * 100
    start = sentence.index("Kufra")
    out = marked_html(sentence, [(start, start + 5)], limit=100)
    assert out.startswith("…") and out.endswith("…") and "<mark>Kufra</mark>" in out
    assert len(_text(out)) <= 102
    plain = marked_html("x" * 400, [])
    assert _text(plain) == "x" * 299 + "…"


def test_marked_html_isolates_dates_in_right_to_left_text() -> None:
    sentence = "في 2024-04-10 هبطت 3 طائرات في الجفرة الساعة 10:30 و١٢/٤."
    start = sentence.index("الجفرة")
    out = marked_html(sentence, [(start, start + 6)], rtl=True)
    assert out == ('في <bdi dir="ltr">2024-04-10</bdi> هبطت 3 طائرات في <mark>الجفرة</mark> الساعة '
            '<bdi dir="ltr">10:30</bdi> و<bdi dir="ltr">١٢/٤</bdi>.')
    assert "<bdi" not in marked_html(sentence, [], rtl=False)


@given(st.text(max_size=200), st.data())
def test_marked_html_shows_the_sentence_and_marks_the_span(sentence: str, data: st.DataObject) -> None:
    a = data.draw(st.integers(0, len(sentence)))
    b = data.draw(st.integers(a, len(sentence)))
    out = marked_html(sentence, [(a, b)] if b > a else [], limit=1000)
    assert _text(out) == re.sub(r"\s+", " ", sentence).strip() or not sentence.strip()
    for ch in "`$\\{}":
        assert ch not in out
    marks = re.findall(r"<mark>(.*?)</mark>", out)
    if marks:
        assert len(marks) == 1 and _text(marks[0]) == re.sub(r"\s+", " ", sentence[a:b]).strip()


def test_same_text() -> None:
    assert same_text("Cargo flights land at Kufra.", "Cargo flights land at  kufra")
    assert same_text("…Cargo flights land at Kufra…", "\u202bCargo flights land at Kufra\u202c")
    assert not same_text("Cargo flights land at Kufra and Jufra.", "Cargo flights land at Kufra")
    assert not same_text("", "")


# -- popups from a real frame ---------------------------------------------------------------------
@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    return _frame(tmp_path, [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "al-jufra"],
                sentences=["Jets at Al Jufra Air Base.", "Al Jufra Air Base again, Al Jufra Air Base."]),
        article("h1", "Outlet H", "2024-04-02", ["kufra"], title="Cargo flights land at Kufra",
                sentences=["Cargo flights land at Kufra."]),
        article("b1", "منصة", "2024-04-10", ["al-jufra"], lang="ar",
                sentences=["في 2024-04-10 هبطت طائرات في قاعدة الجفرة الجوية."]),
    ])


def test_evidence_rows_mark_the_mention_and_carry_the_input_id(frame: pd.DataFrame) -> None:
    ev = evidence_rows(frame.assign(input_id=["doc-1", "doc-1", "guid:h", "row 7"]), 5)
    by = {(r.site_id, r.document_id): r for r in ev.itertuples()}
    jufra = by[("al-jufra", 1)]
    assert jufra.sentence == "Jets at Al Jufra Air Base." and jufra.marks == [(8, 25)]
    assert jufra.input_id == "doc-1"
    assert by[("kufra", 2)].marks == [(22, 27)] and by[("kufra", 2)].input_id == "guid:h"
    assert by[("al-jufra", 3)].marks == [(29, 48)] and by[("al-jufra", 3)].input_id == "row 7"


def test_evidence_rows_without_an_input_id_column(frame: pd.DataFrame) -> None:
    ev = evidence_rows(frame.drop(columns=["input_id"], errors="ignore"), 5)
    assert set(ev["input_id"]) == {""}
    page = render_map(build_map(frame.drop(columns=["input_id"], errors="ignore")), offline=False)
    assert 'class="geotrack-input-id"' not in page


def test_popup_shows_marks_ids_rtl_and_the_headline_once(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame.assign(input_id=["doc-1", "doc-1", "guid:h", "  "])), offline=False)
    popups = {re.search(r'data-site-id="([^"]+)"', p).group(1): p for p in _popups(page)}  # type: ignore[union-attr]
    kufra = popups["kufra"]
    assert _text(kufra).count("Cargo flights land at Kufra") == 1
    assert ('<div class="geotrack-evidence" dir="ltr" data-headline="1">Cargo flights land at '
            "<mark>Kufra</mark>.</div>") in kufra
    assert '<a href="https://outlet-h.example/h1" rel="noopener noreferrer" target="_blank"><bdi>article</bdi></a>' in kufra
    assert '<span class="geotrack-input-id">id <bdi>guid:h</bdi></span>' in kufra
    jufra = popups["al-jufra"]
    assert ('<div class="geotrack-evidence" dir="rtl" lang="ar" style="text-align:right">في '
            '<bdi dir="ltr">2024-04-10</bdi> هبطت طائرات في <mark>قاعدة الجفرة الجوية</mark>.</div>') in jufra
    assert "Jets at <mark>Al Jufra Air Base</mark>." in jufra
    assert jufra.count("geotrack-input-id") == 1  # a blank id shows nothing
    assert '<bdi dir="ltr" class="geotrack-date">2024-03-05</bdi>' in jufra


def test_popup_html_without_marks_or_ids() -> None:
    site = pd.Series({"site_id": "kufra", "site_name": "Kufra", "site_name_ar": "", "kind": "town", "mentions": 1,
                      "documents": 1, "sources": 1, "first_seen": pd.NaT, "last_seen": pd.NaT})
    snippets = pd.DataFrame([{"site_id": "kufra", "source": "S", "published": pd.NaT, "url": None, "title": None,
                              "sentence": "Trucks in Kufra.", "surface": "Kufra", "lang": "en"}])
    out = popup_html(site, pd.DataFrame(columns=["source", "mentions"]), snippets)
    assert '<div class="geotrack-evidence" dir="ltr">Trucks in Kufra.</div>' in out
    assert "<bdi>S</bdi> · undated · <bdi>article</bdi>" in out


# -- the page -------------------------------------------------------------------------------------
def test_base_layer_is_inline_under_the_tiles(frame: pd.DataFrame, tmp_path: Path) -> None:
    page = gmap.write_map(frame, tmp_path / "m.html").read_text(encoding="utf-8")
    m = re.search(r"geotrack\.baseLayer\(map_\w+, ", page)
    assert m is not None
    data, _ = json.JSONDecoder().raw_decode(page, m.end())
    assert data == json.loads(basemap_path().read_text(encoding="utf-8"))
    assert 'createPane(name)' in page and "pane(map, BASE_PANE, 150)" in page  # tiles are at 200
    assert gmap.BASE_LAYER in page  # in the layer control
    assert external_assets(page) == []
    for gone in ("timedimension", "moment.min.js", "jquery-ui", "iso8601"):
        assert gone not in page  # the old slider's libraries are no longer needed
    no_base = render_map(build_map(frame, base_layer=False), offline=False)
    assert not re.search(r"geotrack\.baseLayer\(map_", no_base)


def test_page_holds_no_template_syntax_even_from_names(tmp_path: Path) -> None:
    assert page_json({"a": "{{ 7*7 }} {% if %}", "b": {"c": [1]}}) == (
        '{"a": "\\u007b\\u007b 7*7 \\u007d\\u007d \\u007b% if %\\u007d", "b": {"c": [1]}}')
    from geotrack.models import Site
    evil = Site("evil", "airbase", "{{ 7*7 }} Base", "{% if %}", 29.0, 16.0, "ref:test")
    frame = _frame(tmp_path, [article("e1", "Outlet", "2024-01-02", ["evil"], sites={"evil": evil})])
    frame = mentions_frame(tmp_path / "e.db", [article("e1", "Outlet", "2024-01-02", ["evil"], sites={"evil": evil})],
                           sites=[evil])
    page = render_map(build_map(frame), offline=True)
    assert "{{" not in page and "{%" not in page
    m = re.search(r"geotrack\.labelLayer\(map_\w+, ", page)
    assert m is not None
    labels, _ = json.JSONDecoder().raw_decode(page, m.end())
    assert labels[0]["name"] == "{{ 7*7 }} Base" and labels[0]["ar"] == "{% if %}"


def test_label_sites_takes_air_bases_and_the_most_mentioned() -> None:
    rows = [{"site_id": f"town-{i:02d}", "site_name": f"Town {i}", "site_name_ar": "", "kind": "town",
             "lat": 30.0, "lon": 15.0, "mentions": 100 - i} for i in range(20)]
    rows += [{"site_id": f"base-{i}", "site_name": f"Base {i}", "site_name_ar": f"قاعدة {i}", "kind": "airbase",
              "lat": 29.0, "lon": 16.0, "mentions": 1} for i in range(3)]
    chosen = label_sites(pd.DataFrame(rows), 100)
    ids = [c["id"] for c in chosen]
    assert ids == [f"town-{i:02d}" for i in range(LABEL_TOP)] + ["base-0", "base-1", "base-2"]
    assert chosen[-1]["ar"] == "قاعدة 2" and chosen[0]["r"] == gmap.MAX_RADIUS
    many = pd.DataFrame([{**rows[-1], "site_id": f"b{i:02d}", "mentions": i} for i in range(30)])
    assert len(label_sites(many, 30)) == MAX_LABELS
    assert label_sites(pd.DataFrame(), 0) == []


def test_month_labels_include_empty_months(frame: pd.DataFrame) -> None:
    f = frame.copy()
    f.loc[0, "published"] = pd.Timestamp("2023-12-30")
    assert month_labels(f) == ["2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]
    assert month_labels(f.assign(published=pd.NaT)) == []
    page = render_map(build_map(frame.assign(published=pd.NaT)), offline=False)
    assert not re.search(r"geotrack\.timeFilter\(map_", page)  # nothing dated: no slider


def test_popups_pan_clear_of_title_and_slider(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame), offline=False)
    pads = re.findall(r'"autoPanPaddingBottomRight": \[\s*(\d+),\s*(\d+),\s*\]', page)
    assert pads and set(pads) == {("10", "120")}
    assert len(pads) == page.count("L.popup(")  # every popup
