"""Real browser: map.html and report.html opened from file:// in headless Chromium (Debian's packages).

The machine (and CI) has no network: every script and stylesheet of the pages is inlined by
:func:`geotrack.outputs.offline.inline_assets`, so the only network errors allowed in the console are the
map tiles. Screenshots go to the test's tmp_path, and also to ``$GEOTRACK_SCREENSHOT_DIR`` when set.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geotrack.outputs.map import write_map
from geotrack.outputs.report import write_report
from tests import browser
from tests.builders import article, mentions_frame, relative_row

pytestmark = pytest.mark.browser

#: Console errors that only say a map tile could not be fetched (no network here).
TILE_FAILURE = re.compile(r"^https?://[^ ]*tile[^ ]*\.png[^ ]* - Failed to load resource: net::ERR_")

EVIL_TITLE = "<script>alert(1)</script>"
#: Template syntax and an unbalanced right-to-left override: shown as written, never evaluated.
HOSTILE_TITLE = "{{ 7*7 }} {{cite news |a=b}} {% if %} Flights to Kufra \u202egnp.exe"
EVIL_TEXT = ('Witnesses said "trucks" </script><img src=x onerror="window.__xss=1"> </div> '
             "entered Kufra.")


def _docs() -> list:
    return [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"]),
        article("a2", "Outlet B", "2024-04-01", ["al-jufra"], lang="ar"),
        article("a3", "Outlet A", "2024-04-02", ["al-jufra", "al-watiya"], title=HOSTILE_TITLE),
        article("a4", "Outlet C", "2024-04-03", ["al-jufra", "maaten-al-sarra"]),
        article("a5", "Outlet <i>D</i>", "2024-04-04", ["kufra"], title=EVIL_TITLE, url="javascript:alert(1)",
                text=f"[a5] {EVIL_TEXT}", sentences=[EVIL_TEXT]),
    ]


def _relative() -> pd.DataFrame:
    """Two relative positions (the columns of ``Store.relative_frame``), one with hostile text."""
    base = relative_row(start=10, end=37)
    evil = {**base, "document_id": 2, "anchor_site_id": "al-jufra", "anchor_name": "Al Jufra Air Base",
            "distance_km": 90.0, "direction": "NW", "lat": 29.77, "lon": 15.3, "radius_km": 25.0,
            "sentence": EVIL_TEXT + " 90 km north-west of Jufra", "title": EVIL_TITLE, "url": "javascript:alert(1)"}
    return pd.DataFrame([base, evil])


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    frame: pd.DataFrame = mentions_frame(folder / "b.db", _docs())
    relative = _relative()
    candidates = pd.DataFrame([{
        "name_key": "قارة الطيور", "name": "قارة الطيور", "mentions": 2, "documents": 2, "sources": 2,
        "source_list": ["A", "B"], "first_seen": pd.Timestamp("2024-04-01"), "last_seen": pd.Timestamp("2024-04-04"),
        "patterns": ["ar:qaida-jawiya"], "example_sentence": "قاعدة قارة الطيور الجوية، على بعد 90 كم شمال غرب الويغ",
        "example_url": "https://nb.example/q"}])
    return {
        "map": write_map(frame, folder / "map.html", title="Browser test", relative=relative),
        "report": write_report(frame, folder / "report.html", period="month", title="Browser test report",
                               relative=relative, candidates=candidates),
        "sites": Path(str(frame["site_id"].nunique())),
    }


@pytest.fixture(autouse=True)
def _standard_window(request: pytest.FixtureRequest) -> None:
    """Each browser test starts in the window the driver was started with (the driver is shared by the tests
    of the module that a worker runs, and a test may have left a tall or small window behind)."""
    if "driver" in request.fixturenames:
        request.getfixturevalue("driver").set_window_size(1280, 900)


def _open(driver: Any, path: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + 20
    while driver.execute_script("return document.readyState") != "complete":
        if time.monotonic() > deadline:
            pytest.fail(f"{path.name} did not finish loading")
        time.sleep(0.1)


def _wait_for(driver: Any, script: str, expected: Any, timeout: float = 15) -> Any:
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value == expected:
            return value
        time.sleep(0.2)
    return value


def _severe_errors(driver: Any) -> list[str]:
    """SEVERE console entries, less the tile fetches that fail because there is no network."""
    entries = driver.get_log("browser")
    return [e["message"] for e in entries
            if e["level"] == "SEVERE" and not TILE_FAILURE.search(e["message"])]


def _no_alert(driver: Any) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018


def _screenshot(driver: Any, folder: Path, name: str) -> Path:
    path = folder / name
    driver.save_screenshot(str(path))
    extra = os.environ.get("GEOTRACK_SCREENSHOT_DIR")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(extra) / name)
    return path


def test_map_loads_offline_with_every_site_marker(driver: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    sites = int(pages["sites"].name)
    driver.set_window_size(1280, 900)
    _open(driver, pages["map"])
    assert _wait_for(driver, "return document.querySelectorAll('path.geotrack-site').length", sites) == sites
    assert driver.execute_script("return typeof L") == "object"
    assert driver.execute_script("return window.__xss === undefined")
    title = driver.find_element("css selector", "#geotrack-title")
    assert title.get_attribute("data-sites") == str(sites)
    # relative positions: dashed circles (SVG paths), never markers
    assert _wait_for(driver, "return document.querySelectorAll('path.geotrack-relative').length", 2) == 2
    assert title.get_attribute("data-relative") == "2"
    dash = driver.execute_script(
        "return Array.from(document.querySelectorAll('path.geotrack-relative')).map(p => p.getAttribute('stroke-dasharray'))")
    assert dash == ["6 6", "6 6"]
    radii = driver.execute_script(
        """
        const map = Object.values(window).find(v => v instanceof L.Map);
        const out = [];
        map.eachLayer(l => { if (l instanceof L.Circle && l.options.className === 'geotrack-relative') out.push(l.getRadius()); });
        return out.sort((a, b) => a - b);
        """)
    assert radii == [25000, 60000]
    assert "Approximate position (2)" in driver.find_element("css selector", "#geotrack-legend").text
    assert driver.find_elements("css selector", ".leaflet-control-layers")  # the layer control rendered
    shot = _screenshot(driver, tmp_path, "map.png")
    assert shot.stat().st_size > 10_000
    _no_alert(driver)
    assert _severe_errors(driver) == []


def test_map_popup_shows_untrusted_text_as_text(driver: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    _open(driver, pages["map"])
    sites = int(pages["sites"].name)
    _wait_for(driver, "return document.querySelectorAll('path.geotrack-site').length", sites)
    # open every site popup in turn and read it while it is open: Leaflet removes a closed popup 200 ms after
    # its fade, so a query after the loop sees only the last one, or all of them, depending on the machine's load
    popups: list[dict[str, Any]] = driver.execute_script(
        """
        const map = Object.values(window).find(v => v instanceof L.Map);
        const out = [];
        map.eachLayer(layer => {
          if (layer.options && layer.options.className === 'geotrack-site' && layer.getPopup()) {
            layer.openPopup();
            const element = layer.getPopup().getElement();
            out.push({text: element.innerText,
                      isolated: Array.from(element.querySelectorAll('.leaflet-popup-content bdi'))
                        .filter(b => b.textContent.includes('gnp.exe')).length,
                      links: Array.from(element.querySelectorAll('.leaflet-popup-content a')).map(a => a.href)});
          }
        });
        return out;
        """
    )
    assert len(popups) == sites
    texts = [p["text"] for p in popups]
    kufra = next(t for t in texts if "Kufra" in t and "trucks" in t)
    assert EVIL_TITLE in kufra  # the title shows as literal text
    watiya = next(p for p in popups if "Al Watiya" in p["text"])
    assert HOSTILE_TITLE in watiya["text"] and "49" not in watiya["text"]  # template syntax shown, not evaluated
    assert watiya["isolated"] >= 1  # the override of the hostile title is closed by its <bdi>
    assert '</script><img src=x onerror="window.__xss=1"> </div>' in kufra
    assert driver.execute_script("return window.__xss === undefined")
    links = [h for p in popups for h in p["links"]]
    assert links and not [h for h in links if not h.startswith("http")]  # javascript: never becomes a link
    _screenshot(driver, tmp_path, "map_popup.png")
    _no_alert(driver)
    assert _severe_errors(driver) == []


def test_map_relative_popup(driver: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    _open(driver, pages["map"])
    _wait_for(driver, "return document.querySelectorAll('path.geotrack-relative').length", 2)
    texts: list[str] = driver.execute_script(
        """
        const map = Object.values(window).find(v => v instanceof L.Map);
        const out = [];
        map.eachLayer(layer => {
          if (layer.options && layer.options.className === 'geotrack-relative' && layer.getPopup()) {
            layer.openPopup();
            out.push(layer.getPopup().getElement().innerText);
          }
        });
        return out;
        """
    )
    assert len(texts) == 2
    kufra = next(t for t in texts if "Kufra" in t)
    assert "300 km S of Kufra" in kufra and "within 60 km" in kufra and "Sahel Monitor" in kufra
    evil = next(t for t in texts if "Jufra" in t)
    assert '</script><img src=x onerror="window.__xss=1"> </div>' in evil and EVIL_TITLE in evil
    assert driver.execute_script("return window.__xss === undefined")
    _screenshot(driver, tmp_path, "map_relative_popup.png")
    _no_alert(driver)
    assert _severe_errors(driver) == []


def test_report_tables_map_and_evidence(driver: Any, pages: dict[str, Path], tmp_path: Path) -> None:
    sites = int(pages["sites"].name)
    driver.set_window_size(1280, 2600)
    _open(driver, pages["report"])
    rows = driver.find_elements("css selector", "#site-table tbody tr")
    assert len(rows) == sites
    assert rows[0].find_elements("css selector", "td")[0].text == "Al Jufra Air Base"
    headers = [th.text for th in driver.find_elements("css selector", "#site-table thead th")]
    assert headers[:6] == ["Site", "Arabic", "Kind", "Mentions", "Documents", "Sources"]
    sources = [r.find_elements("css selector", "td")[0].text
               for r in driver.find_elements("css selector", "#source-table tbody tr")]
    assert sources == ["Outlet A", "Outlet <i>D</i>", "Outlet B", "Outlet C"]
    headline = [li.text for li in driver.find_elements("css selector", "#summary li")]
    assert headline[0].startswith("2024-04: ")
    img = driver.find_element("css selector", "#timeline img")
    assert driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img) > 100
    rtl = driver.find_elements("css selector", '#evidence p[dir="rtl"][lang="ar"]')
    assert rtl and rtl[0].value_of_css_property("direction") == "rtl"
    evil = [p.text for p in driver.find_elements("css selector", "#evidence p.snippet") if "trucks" in p.text]
    assert evil and '</script><img src=x onerror="window.__xss=1"> </div>' in evil[0]
    hrefs = driver.execute_script("return Array.from(document.querySelectorAll('a')).map(a => a.href)")
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert driver.execute_script("return window.__xss === undefined")
    cands = driver.find_elements("css selector", "#candidate-table tbody td")
    assert cands[0].text == "قارة الطيور" and cands[0].value_of_css_property("direction") == "rtl"
    rel = [r.find_elements("css selector", "td")[1].text
           for r in driver.find_elements("css selector", "#relative-table tbody tr")]
    assert sorted(rel) == ["Al Jufra Air Base", "Kufra"]
    evil_rel = [td.text for td in driver.find_elements("css selector", "#relative-table td.statement")
                if "trucks" in td.text]
    assert evil_rel and '</script><img src=x onerror="window.__xss=1"> </div>' in evil_rel[0]
    _screenshot(driver, tmp_path, "report.png")

    # the map inside the report's iframe runs too, with all its markers
    frame = driver.find_element("css selector", "#map iframe")
    driver.execute_script("arguments[0].scrollIntoView()", frame)
    driver.switch_to.frame(frame)
    try:
        count = _wait_for(driver, "return document.querySelectorAll('path.geotrack-site').length", sites)
        assert count == sites
        assert driver.execute_script("return document.querySelectorAll('path.geotrack-relative').length") == 2
        assert driver.execute_script("return window.__xss === undefined")
    finally:
        driver.switch_to.default_content()
    driver.set_window_size(1280, 900)
    _screenshot(driver, tmp_path, "report_map.png")
    _no_alert(driver)
    assert _severe_errors(driver) == []


# -- the map offline, in Arabic, with its time slider (issue 12, item 5) ----------------------------
LONG = ("Satellite images taken over several days show new shelters, fuel trucks and a row of transport "
        "aircraft parked along the northern apron, and local residents describe night flights that land "
        "and leave again before dawn at {name}, according to people who asked not to be named.")
AR_DATED = "في 2024-04-10 هبطت 3 طائرات شحن في قاعدة الجفرة الجوية قبل الفجر."
HEADLINE = "Cargo flights land at Kufra"


def _rich_docs() -> list:
    docs = [article(f"r{i}", f"Outlet {i}", f"2024-05-{i + 1:02d}", ["al-jufra"], sentences=[
        LONG.format(name="Al Jufra Air Base")]) for i in range(4)]
    return [
        article("m1", "Outlet M", "2024-03-05", ["sirte", "al-watiya"]),
        article("ar1", "منصة ليبية", "2024-04-10", ["al-jufra"], lang="ar", sentences=[AR_DATED]),
        article("h1", "Outlet H", "2024-04-12", ["kufra"], title=HEADLINE, sentences=[HEADLINE + "."]),
        *docs,
        article("s1", "Outlet S", "2024-05-20", ["maaten-al-sarra"]),
    ]


@pytest.fixture(scope="module")
def rich_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rich")
    frame: pd.DataFrame = mentions_frame(folder / "r.db", _rich_docs())
    frame = frame.assign(input_id=[f"feed:guid-{d}" for d in frame["document_id"]])
    return write_map(frame, folder / "map.html", title="Offline, Arabic, time")


def _block_network(driver: Any, blocked: bool) -> None:
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs",
                           {"urls": ["http://*", "https://*"] if blocked else list(browser.TILE_URLS)})


def _open_popup(driver: Any, site_id: str) -> Any:
    driver.execute_script(
        """
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.closePopup();
        map.eachLayer(l => {
          const p = l.getPopup && l.getPopup();
          if (l.options.className === 'geotrack-site' && p && p.getContent().innerHTML.includes(
                'data-site-id="' + arguments[0] + '"')) { l.openPopup(); }
        });
        """, site_id)
    # the popup fades in; WebDriver reads no text from an element still at opacity 0
    _wait_for(driver, "const p = document.querySelector('.leaflet-popup');"
                      "return !!p && getComputedStyle(p).opacity === '1'", True)
    selector = f'.leaflet-popup-content .geotrack-popup[data-site-id="{site_id}"]'
    # and until its content is rendered (an opaque popup still panning into view had no text yet, once in CI)
    _wait_for(driver, f"const e = document.querySelector({json.dumps(selector)});"
                      " return !!e && e.innerText.trim().length > 0", True)
    popup = driver.find_element("css selector", selector)
    # and until WebDriver reads its text (what the tests read): none, here, while the popup pans into view
    deadline = time.monotonic() + 15
    while not popup.text.strip() and time.monotonic() < deadline:
        time.sleep(0.2)
    return popup


def test_map_base_layer_shows_with_the_network_blocked(driver: Any, rich_map: Path, tmp_path: Path) -> None:
    import json

    from geotrack.settings import basemap_path

    layer = json.loads(basemap_path().read_text(encoding="utf-8"))
    countries = sum(f["properties"]["layer"] == "country" for f in layer["features"])
    cities = sum(f["properties"]["layer"] == "city" for f in layer["features"])
    _block_network(driver, True)
    try:
        _open(driver, rich_map)
        assert _wait_for(driver, "return document.querySelectorAll('path.geotrack-base-country').length",
                         countries) == countries
        assert driver.execute_script("return document.querySelectorAll('.geotrack-base-label').length") == cities
        assert driver.execute_script("return document.querySelectorAll('path.geotrack-base-city').length") == cities
        # the base pane lies under the tile pane, so tiles cover it when they load
        z = driver.execute_script(
            "const z = n => +getComputedStyle(document.querySelector('.leaflet-' + n + '-pane')).zIndex;"
            "return [z('geotrack-base'), z('tile')];")
        assert z[0] < z[1]
        libya = driver.execute_script(
            "return Array.from(document.querySelectorAll('path.geotrack-base-country'))"
            ".filter(p => p.getAttribute('stroke-width') === '1.6').length")
        assert libya == 1
        shot = _screenshot(driver, tmp_path, "map_offline.png")
        assert shot.stat().st_size > 20_000
        assert _severe_errors(driver) == []  # only blocked tiles failed
    finally:
        _block_network(driver, False)


def test_map_layer_control_is_collapsed_and_clear_of_the_legend(driver: Any, rich_map: Path) -> None:
    _open(driver, rich_map)
    control = driver.find_element("css selector", ".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in control.get_attribute("class")
    legend = driver.find_element("css selector", "#geotrack-legend")
    a, b = control.rect, legend.rect
    overlap = (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
               and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    assert not overlap
    labels = driver.execute_script(
        "return Array.from(document.querySelectorAll('.geotrack-label')).map(l => l.innerText)")
    assert "Al Jufra Air Base\nقاعدة الجفرة الجوية" in labels  # English, then Arabic
    clashes = driver.execute_script(
        """
        const boxes = Array.from(document.querySelectorAll('.geotrack-label:not(.geotrack-label-hidden)'))
          .map(l => l.getBoundingClientRect());
        let n = 0;
        boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
          if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) n += 1; }));
        return n;
        """)
    assert clashes == 0  # labels never print over each other
    ar = driver.find_element("css selector", ".geotrack-label-ar")
    assert ar.value_of_css_property("direction") == "rtl" and ar.value_of_css_property("text-align") == "right"


def test_map_arabic_evidence_reads_right_to_left(driver: Any, rich_map: Path, tmp_path: Path) -> None:
    _open(driver, rich_map)
    popup = _open_popup(driver, "al-jufra")
    rtl = popup.find_elements("css selector", '.geotrack-evidence[dir="rtl"]')
    assert len(rtl) == 1
    assert rtl[0].value_of_css_property("direction") == "rtl"
    assert rtl[0].value_of_css_property("text-align") == "right"
    # the date next to Arabic words is isolated, and drawn left to right (its first digit on the left)
    date = driver.execute_script(
        """
        const el = arguments[0];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        let node;
        while ((node = walker.nextNode())) {
          if (node.data.includes('2024-04-10')) {
            const i = node.data.indexOf('2024-04-10');
            const rect = k => { const r = document.createRange(); r.setStart(node, i + k); r.setEnd(node, i + k + 1);
                                return r.getBoundingClientRect().left; };
            const bdi = node.parentElement.closest('bdi');
            return {tag: node.parentElement.tagName, bdi: !!bdi, dir: bdi && getComputedStyle(bdi).direction,
                    first: rect(0), last: rect(9)};
          }
        }
        return null;
        """, rtl[0])
    assert date["bdi"] and date["dir"] == "ltr"
    assert date["first"] < date["last"]
    marks = [m.text for m in rtl[0].find_elements("css selector", "mark")]
    assert marks == ["قاعدة الجفرة الجوية"]
    # every evidence sentence has the site's name marked
    evidence = popup.find_elements("css selector", ".geotrack-evidence")
    assert len(evidence) == 5
    assert all([m.text for m in e.find_elements("css selector", "mark")] in (
        ["Al Jufra Air Base"], ["قاعدة الجفرة الجوية"]) for e in evidence)
    ids = [s.text for s in popup.find_elements("css selector", ".geotrack-input-id")]
    assert len(ids) == 5 and all(re.fullmatch(r"id feed:guid-\d+", s) for s in ids)
    _screenshot(driver, tmp_path, "map_popup_rtl.png")
    assert _severe_errors(driver) == []


def test_map_headline_sentence_is_not_repeated(driver: Any, rich_map: Path) -> None:
    _open(driver, rich_map)
    popup = _open_popup(driver, "kufra")
    assert popup.text.count(HEADLINE) == 1
    assert popup.find_element("css selector", ".geotrack-evidence mark").text == "Kufra"


def test_map_tall_popup_scrolls_clear_of_the_slider(driver: Any, rich_map: Path) -> None:
    driver.set_window_size(1000, 640)
    try:
        _open(driver, rich_map)
        popup = _open_popup(driver, "al-jufra")
        time.sleep(0.6)  # the auto-pan animation
        assert popup.value_of_css_property("overflow-y") == "auto"
        assert driver.execute_script("return arguments[0].scrollHeight > arguments[0].clientHeight", popup)
        box = driver.find_element("css selector", ".leaflet-popup").rect
        slider = driver.find_element("css selector", "#geotrack-time").rect
        assert box["y"] + box["height"] <= slider["y"]  # the slider does not cover it
        assert box["y"] >= 0
    finally:
        driver.set_window_size(1280, 900)


def test_map_time_slider_filters_the_site_markers(driver: Any, rich_map: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(driver, rich_map)
    count = "return document.querySelectorAll('path.geotrack-site').length"
    labels = "return document.querySelectorAll('.geotrack-label').length"
    assert _wait_for(driver, count, 5) == 5
    all_labels = driver.execute_script(labels)
    assert driver.execute_script("return document.querySelectorAll('path.geotrack-time-marker').length") == 0
    slider = driver.find_element("css selector", "#geotrack-time input[type=range]")
    box = driver.find_element("css selector", "#geotrack-time")
    radius = "return Object.values(window).find(v => v instanceof L.Map) && " \
             "Array.from(document.querySelectorAll('path.geotrack-site')).map(p => p.getAttribute('d').length)"
    slider.send_keys(Keys.ARROW_RIGHT)  # March 2024: sirte and al-watiya only
    assert box.get_attribute("data-month") == "2024-03"
    assert _wait_for(driver, count, 2) == 2
    assert driver.execute_script(labels) < all_labels
    assert "2024-03 · 2 sites, 2 mentions" in box.text
    slider.send_keys(Keys.ARROW_RIGHT)  # April: al-jufra (Arabic) and kufra
    assert _wait_for(driver, count, 2) == 2 and box.get_attribute("data-month") == "2024-04"
    slider.send_keys(Keys.ARROW_RIGHT)  # May: al-jufra x4, maaten-al-sarra
    assert _wait_for(driver, count, 2) == 2 and "2024-05 · 2 sites, 5 mentions" in box.text
    assert driver.execute_script(radius)
    _screenshot(driver, tmp_path, "map_slider.png")
    slider.send_keys(Keys.HOME)  # all periods again
    assert _wait_for(driver, count, 5) == 5 and box.get_attribute("data-month") == ""
    assert driver.execute_script(labels) == all_labels
    assert _severe_errors(driver) == []
