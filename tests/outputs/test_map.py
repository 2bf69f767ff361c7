"""The folium map: markers, layers, legend, bounded size and inert untrusted text."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geotrack.errors import ExportError
from geotrack.models import Document, Mention, Site
from geotrack.outputs.map import (
    CLUSTER_THRESHOLD,
    MAX_RADIUS,
    MIN_RADIUS,
    build_map,
    escape_text,
    marker_radius,
    render_map,
    safe_url,
    write_map,
)
from geotrack.outputs.offline import external_assets
from tests.builders import SITES, article, mentions_frame

EVIL_TITLE = "<script>alert(1)</script>"
EVIL_SENTENCE = 'He said "go" </script><script>alert(2)</script> </div> `${alert(3)}` \\u0041 at Sirte.'


def _frame(tmp_path: Path, docs: list[tuple[Document, list[Mention]]]) -> pd.DataFrame:
    return mentions_frame(tmp_path / "m.db", docs)


@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    return _frame(tmp_path, [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte", "al-jufra"], actors=["Russia"]),
        article("b1", "Outlet B", "2024-04-10", ["al-jufra", "kufra"], lang="ar", activities=["flights"]),
        article("c1", "Outlet C", "2024-04-30", ["al-jufra"]),
    ])


def popups(page: str) -> list[str]:
    """The popup HTML of every marker: folium puts it in JS template literals ``$(`...`)[0]``."""
    return [m.replace("\\`", "`") for m in re.findall(r"\$\(`(.*?)`\)\[0\]", page, flags=re.DOTALL)]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Collect:
    p = _Collect()
    p.feed(fragment)
    p.close()
    return p


def test_one_marker_per_site_and_layers(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_map(frame, tmp_path / "map.html", title="Test map", filters_text="sources: Outlet A")
    page = path.read_text(encoding="utf-8")
    assert page.count('"className": "geotrack-site"') == 3  # al-jufra, sirte, kufra
    # per-source layers: (al-jufra, sirte) from A, (al-jufra, kufra) from B, al-jufra from C
    assert page.count('"className": "geotrack-source-marker"') == 5
    for name in ("Source: Outlet A", "Source: Outlet B", "Source: Outlet C", "Heat map (mentions)", "Sites (3)"):
        assert name in page
    assert "L.control.layers" in page
    assert "L.heatLayer" in page
    assert "L.markerClusterGroup" not in page  # only 3 sites
    assert "L.timeDimension" not in page and "geotrack-time-marker" not in page  # no look-alike circles
    assert "geotrack.timeFilter(" in page and "geotrack.baseLayer(" in page and "geotrack.labelLayer(" in page
    assert '"collapsed": true' in page and '"collapsed": false' not in page
    assert "fitBounds" in page and "[[19.4, 9.3], [33.3, 25.2]]" in page
    assert 'id="geotrack-legend"' in page and "airbase" in page and "Circle area ∝ mentions" in page
    assert 'id="geotrack-title" data-sites="3" data-mentions="6"' in page
    assert "2024-03-05 to 2024-04-30" in page and "Filters: sources: Outlet A" in page
    assert external_assets(page) == []  # works from file:// without a network


def test_popup_content(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame), offline=False)
    by_site = {re.search(r'data-site-id="([^"]+)"', p).group(1): p for p in popups(page)  # type: ignore[union-attr]
               if "geotrack-popup" in p}
    assert set(by_site) == {"al-jufra", "sirte", "kufra"}
    jufra = by_site["al-jufra"]
    assert "Al Jufra Air Base" in jufra and '<div dir="rtl" lang="ar" style="font-size:15px">قاعدة الجفرة الجوية' in jufra
    assert "airbase · 4 mentions in 3 documents from 3 sources" in jufra
    assert "First seen 2024-03-05, last seen 2024-04-30" in jufra
    assert '<tr><td><bdi>Outlet A</bdi></td><td style="text-align:right">2</td></tr>' in jufra
    assert "<b>Actors</b>: Russia ×2" in jufra and "<b>Activities</b>: flights ×1" in jufra
    assert jufra.count('class="geotrack-snippet"') == 3
    # newest first; the Arabic snippet is right to left
    date = '<bdi dir="ltr" class="geotrack-date">{}</bdi>'
    assert (jufra.index("Outlet C</bdi> · " + date.format("2024-04-30"))
            < jufra.index("Outlet B</bdi> · " + date.format("2024-04-10"))
            < jufra.index("Outlet A</bdi> · " + date.format("2024-03-05")))
    assert ('<div class="geotrack-evidence" dir="rtl" lang="ar" style="text-align:right">'
            "تقارير عن نشاط في <mark>قاعدة الجفرة الجوية</mark>.</div>") in jufra
    assert '<div class="geotrack-evidence" dir="ltr">Reports of activity at <mark>Al Jufra Air Base</mark>.</div>' in jufra
    assert '<span class="geotrack-input-id">id <bdi>b1</bdi></span>' in jufra
    assert ('<a href="https://outlet-c.example/c1" rel="noopener noreferrer" target="_blank"><bdi>Article c1</bdi></a>'
            in jufra)


def test_marker_size_and_colour(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame), offline=False)
    assert marker_radius(4, 4) == MAX_RADIUS and marker_radius(0, 4) == MIN_RADIUS
    assert marker_radius(1, 4) == pytest.approx(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * 0.5)
    assert f'"radius": {MAX_RADIUS}' in page
    assert '"fillColor": "#c0392b"' in page  # airbase
    assert '"fillColor": "#2e86c1"' in page  # town


def test_untrusted_text_is_inert(tmp_path: Path) -> None:
    frame = _frame(tmp_path, [
        article("x1", "Evil <b>Outlet</b> \"q\"", "2024-05-01", ["sirte"], title=EVIL_TITLE,
                url="javascript:alert(1)", sentences=[EVIL_SENTENCE]),
        article("x2", "Other", "2024-05-02", ["sirte"], title="Fine", url="JaVaScRiPt:alert(4)"),
        article("x3", "Third", "2024-05-03", ["sirte"], title="data", url="data:text/html,<script>alert(5)</script>"),
    ])
    page = write_map(frame, tmp_path / "evil.html", filters_text="<img src=x onerror=alert(6)>").read_text(
        encoding="utf-8")
    found = [p for p in popups(page) if "geotrack-popup" in p]
    assert len(found) == 1
    popup = found[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in popup
    assert "<script" not in popup.lower()
    assert 'href="javascript:' not in popup.lower() and 'href="data:' not in popup.lower()
    parsed = parse(popup)
    tags = {t for t, _ in parsed.tags}
    assert tags <= {"div", "table", "tr", "th", "td", "a", "bdi", "span", "mark"}
    hrefs = [a.get("href") or "" for t, a in parsed.tags if t == "a"]
    assert hrefs == []  # none of the three URLs is http(s): no link at all
    text = "".join(parsed.text)
    assert EVIL_TITLE in text and "</script><script>alert(2)</script> </div>" in text
    assert 'Evil <b>Outlet</b> "q"' in text
    # nothing special to the JS template literal survives unescaped
    assert "${" not in popup and "`" not in popup
    # nowhere in the whole page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page.lower()
    assert "&lt;img src=x onerror=alert(6)&gt;" in page
    # the source layer name is escaped too (Leaflet shows it as HTML)
    # (it reaches the page as a JSON string, so & is written \u0026)
    assert "Source: Evil \\u0026lt;b\\u0026gt;Outlet\\u0026lt;/b\\u0026gt; \\u0026quot;q\\u0026quot;" in page


def test_clustering_past_threshold(tmp_path: Path) -> None:
    n = CLUSTER_THRESHOLD + 5
    sites = [Site(f"site-{i:02d}", "town", f"Town {i}", f"بلدة {i}", 20 + i * 0.2, 10 + i * 0.3, "ref:test")
             for i in range(n)]
    table = {s.id: s for s in sites}
    docs = [article(f"d{i}", "Outlet", "2024-01-01", [s.id], sites=table) for i, s in enumerate(sites)]
    frame = mentions_frame(tmp_path / "c.db", docs, sites=sites)
    page = render_map(build_map(frame), offline=False)
    assert "L.markerClusterGroup" in page
    assert page.count('"className": "geotrack-site"') == n
    assert f'data-sites="{n}"' in page


def test_size_is_bounded(tmp_path: Path) -> None:
    ids = [s.id for s in SITES]
    docs = [article(f"d{i}", f"Outlet {i % 4}", f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}", ids * 4)
            for i in range(400)]
    big = _frame(tmp_path, docs)
    assert len(big) == 400 * 20
    small = big[big["document_id"] <= 12]
    big_page = render_map(build_map(big), offline=False)
    small_page = render_map(build_map(small), offline=False)
    assert len(big_page) < 250_000
    assert len(big_page) - len(small_page) < 60_000  # 650x the mentions, a few more slider features
    for p in popups(big_page):
        assert p.count('class="geotrack-snippet"') <= 5
    three = render_map(build_map(big, max_detail=2), offline=False)
    assert max(p.count('class="geotrack-snippet"') for p in popups(three)) == 2


def test_empty_frame_gives_a_valid_map(frame: pd.DataFrame, tmp_path: Path) -> None:
    page = write_map(frame.iloc[:0], tmp_path / "empty.html").read_text(encoding="utf-8")
    assert 'data-sites="0" data-mentions="0"' in page and "no dated mentions" in page
    assert "geotrack-site" not in page.replace('id="geotrack-title"', "")
    assert "<html" in page.lower() and "</html>" in page.lower()


def test_write_map_errors(frame: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_map(frame, tmp_path)
    with pytest.raises(ExportError, match="max_detail"):
        build_map(frame, max_detail=-1)


def time_config(page: str) -> dict:
    m = re.search(r"geotrack\.timeFilter\(map_\w+, ", page)
    assert m is not None
    data, _end = json.JSONDecoder().raw_decode(page, m.end())
    return data


def test_time_slider_is_per_site_and_month(frame: pd.DataFrame) -> None:
    page = render_map(build_map(frame), offline=False)
    config = time_config(page)
    assert config["months"] == ["2024-03", "2024-04"]
    # al-jufra: 2 in March, 2 in April; sirte: 1 in March; kufra: 1 in April (pairs month index, count)
    assert {s["id"]: s["c"] for s in config["sites"]} == {"al-jufra": [0, 2, 1, 2], "sirte": [0, 1], "kufra": [1, 1]}
    markers = re.findall(r"var (circle_marker_\w+) = L\.circleMarker\(\s*\[[^]]*\],\s*\{[^}]*"
                         r'"className": "geotrack-site"', page)
    assert sorted(s["m"] for s in config["sites"]) == sorted(markers)  # the site markers themselves
    assert config["group"].startswith("feature_group_") and f"var {config['group']} = " in page
    assert {s["id"]: s["r"] for s in config["sites"]}["al-jufra"] == MAX_RADIUS


def test_safe_url() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:alert(1)", "data:text/html,x",
                "//example.org", "example.org", "", None, 3, "http:///nohost"):
        assert safe_url(bad) is None, bad


@given(st.text())
def test_escape_text_is_inert(value: str) -> None:
    out = escape_text(value)
    for ch in "<>\"'`$\\":
        assert ch not in out
    assert html.unescape(out) == value
