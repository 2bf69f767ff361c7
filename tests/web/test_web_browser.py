"""The workspace in headless Chromium (Debian's chromium + chromedriver) on a real uvicorn server.

Screenshots for the README go to ``docs/img/`` when ``GEOTRACK_SCREENSHOT_DIR`` names it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geotrack.store import Store
from geotrack.web import create_app
from tests.builders import make_store
from tests.web.test_web import EVIL_TITLE, Server, hostile_docs

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store: Store = make_store(tmp_path_factory.mktemp("webb") / "web.db", hostile_docs())
    with Server(create_app(store)) as srv:
        srv.db = store.path  # type: ignore[attr-defined]
        yield srv
    store.close()


def wait_for(predicate: Any, timeout: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


def screenshot(drv: Any, name: str, tmp_path: Path) -> None:
    drv.save_screenshot(str(tmp_path / name))
    folder = os.environ.get("GEOTRACK_SCREENSHOT_DIR")
    if folder:
        drv.save_screenshot(str(Path(folder) / name))


def summary(drv: Any) -> tuple[str, str]:
    el = drv.find_element("id", "summary")
    if el.get_attribute("data-loading"):
        return "", ""
    return el.get_attribute("data-sites") or "", el.get_attribute("data-mentions") or ""


def test_filter_the_map_by_time_and_source_then_open_a_site(driver: Any, server: Server, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.get(server.base + "/")
    wait_for(lambda: summary(driver)[1] == "6")
    assert summary(driver)[0] == "al-jufra al-watiya kufra sirte"
    # source: Outlet A only
    box = wait_for(lambda: [i for i in driver.find_elements("css selector", "#sources input") if i.get_attribute("value") == "Outlet A"])
    box[0].click()
    wait_for(lambda: summary(driver) == ("al-jufra al-watiya sirte", "4"))
    # time: move the start of the range to April (the slider counts days from the first date, 2024-03-05)
    since = driver.find_element("id", "since")
    since.click()
    while driver.find_element("id", "since-label").text < "2024-04-01":
        since.send_keys(Keys.ARROW_RIGHT)
    assert driver.find_element("id", "since-label").text == "2024-04-01"
    wait_for(lambda: summary(driver) == ("al-jufra al-watiya", "2"))
    screenshot(driver, "workspace-map.png", tmp_path)
    # a site's evidence in the side panel, the name marked
    driver.find_element("css selector", ".site-al-jufra").click()
    marks = wait_for(lambda: driver.find_elements("css selector", "#panel mark"))
    assert [m.text for m in marks] == ["Al Jufra Air Base"]
    driver.find_element("css selector", "#panel h2 a").click()
    wait_for(lambda: driver.current_url.endswith("/sites/al-jufra"))
    assert len(driver.find_elements("css selector", "ol.evidence li")) == 3
    screenshot(driver, "workspace-site.png", tmp_path)


def test_hostile_page_runs_nothing(driver: Any, server: Server) -> None:
    for path in ("/sites/kufra", "/sources", "/", "/review"):
        driver.get(server.base + path)
        time.sleep(0.3)
        assert driver.execute_script("return window.__xss === undefined")
    driver.get(server.base + "/sites/kufra")
    assert "entered" in driver.find_element("css selector", "ol.evidence li .sentence").text
    assert EVIL_TITLE not in driver.page_source.replace("&lt;", "<")  # the title is not on the site page
    logs = [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]
    assert logs == []


def test_review_with_the_keyboard_then_the_map_shows_the_decisions(driver: Any, server: Server, tmp_path: Path) -> None:
    """c confirms the mention in focus, r + a reason + Enter rejects the next, u undoes, j/k move."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    def press(*keys: str) -> None:
        ActionChains(driver).send_keys(*keys).perform()

    def rows() -> list[tuple[str, str]]:
        return [(li.get_attribute("data-key").split("|")[3], li.get_attribute("data-status") or "")
                for li in driver.find_elements("css selector", "#queue li")]

    driver.get(server.base + "/review")
    wait_for(lambda: driver.find_element("id", "queue").get_attribute("data-ready"))
    assert [k for k, _ in rows()] == ["al-watiya", "sirte", "kufra", "al-jufra", "al-jufra", "al-jufra"]
    press("j", "j", "j")  # the first mention of al-jufra
    press("c")
    wait_for(lambda: rows()[3] == ("al-jufra", "confirmed"))
    press("k", "k", "k", "k")  # back to al-watiya (the confirmation moved on to the next one)
    press("r")
    reason = wait_for(lambda: [e for e in driver.find_elements("id", "reject-reason") if e.is_displayed()])[0]
    reason.send_keys("a TV report about the base, not activity", Keys.ENTER)
    wait_for(lambda: rows()[0] == ("al-watiya", "rejected"))
    press("r")
    reason.send_keys("mistake", Keys.ENTER)  # rejects sirte, the next open one…
    wait_for(lambda: rows()[1] == ("sirte", "rejected"))
    press("u")  # …and is undone
    wait_for(lambda: rows()[1] == ("sirte", "unreviewed"))
    assert "undone: back to unreviewed" in driver.find_element("id", "review-status").text
    screenshot(driver, "workspace-review.png", tmp_path)
    decision = driver.find_elements("css selector", "#queue li .decision")[0].text
    assert decision == "rejected: a TV report about the base, not activity (local)"
    # the map's review filter shows exactly those decisions
    driver.get(server.base + "/")
    wait_for(lambda: summary(driver)[1] == "6")
    wait_for(lambda: [i for i in driver.find_elements("css selector", "#statuses input")
                      if i.get_attribute("value") == "confirmed"])[0].click()
    wait_for(lambda: summary(driver) == ("al-jufra", "1"))
    # and so do a GeoJSON export and a report made with --reviewed, and a map of the rejected ones
    import json

    from typer.testing import CliRunner

    from geotrack.cli import app as cli_app

    db = str(server.db)  # type: ignore[attr-defined]
    out = tmp_path / "reviewed.geojson"
    result = CliRunner().invoke(cli_app, ["export", "--db", db, "-o", str(out), "--by", "mention", "--reviewed"])
    assert result.exit_code == 0, result.output
    assert [(f["properties"]["site_id"], f["properties"]["published"][:10])
            for f in json.loads(out.read_text())["features"]] == [("al-jufra", "2024-03-05")]
    result = CliRunner().invoke(cli_app, ["report", "--db", db, "-o", str(tmp_path / "r.md"), "--reviewed"])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "r.md").read_text()
    assert "Al Jufra Air Base" in report and "Al Watiya" not in report and "Sirte" not in report
    result = CliRunner().invoke(cli_app, ["export", "--db", db, "-o", str(out), "--by", "mention", "--status", "rejected"])
    assert [f["properties"]["site_id"] for f in json.loads(out.read_text())["features"]] == ["al-watiya"]


@pytest.fixture(scope="module")
def cand_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    from tests.web.test_web_review import candidate_store

    folder = tmp_path_factory.mktemp("cand")
    with pytest.MonkeyPatch.context() as mp:
        store = Store.open(candidate_store(folder, mp))
        with Server(create_app(store)) as srv:
            yield srv, folder
        store.close()
    from geotrack.gazetteer import reset_default_gazetteer

    reset_default_gazetteer()


def test_accept_a_candidate_as_a_new_site_with_a_map_click(driver: Any, cand_server: tuple[Server, Path],
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    from geotrack.gazetteer import reset_default_gazetteer

    srv, folder = cand_server
    monkeypatch.setenv("GEOTRACK_GAZETTEER", str(folder / "gaz"))  # the store's gazetteer (conftest resets it)
    monkeypatch.setenv("GEOTRACK_USER_GAZETTEER", str(folder / "user.csv"))
    reset_default_gazetteer()
    driver.get(srv.base + "/review")
    item = wait_for(lambda: [li for li in driver.find_elements("css selector", "#cand-list li")
                             if li.get_attribute("data-key") == "bir zaltan"])[0]
    item.click()
    assert driver.find_element("id", "cand-id").get_attribute("value") == "bir-zaltan"
    driver.find_element("id", "cand-ar").send_keys("بئر زلطن")
    driver.find_element("id", "cand-add").click()  # no click on the map yet: refused in the page
    assert "click the place on the map first" in driver.find_element("id", "cand-status").text
    driver.find_element("id", "cand-map").click()  # the centre of the map
    position = driver.find_element("id", "cand-position")
    lat, lon = float(position.get_attribute("data-lat")), float(position.get_attribute("data-lon"))
    assert 20 < lat < 34 and 10 < lon < 25  # somewhere over Libya: the map starts centred on it
    driver.find_element("id", "cand-add").click()
    wait_for(lambda: "added site bir-zaltan" in driver.find_element("id", "cand-status").text)
    screenshot(driver, "workspace-candidate.png", tmp_path)
    with (folder / "user.csv").open(encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["id"], row["name_en"], row["name_ar"], row["coord_source"]) == (
        "bir-zaltan", "Bir Zaltan", "بئر زلطن", "user:map-click")
    assert (float(row["lat"]), float(row["lon"])) == (lat, lon)
    wait_for(lambda: [li.get_attribute("data-key") for li in driver.find_elements("css selector", "#cand-list li")]
             == ["براك"])


def test_reject_with_n_makes_a_rule_listed_and_removed_on_the_rules_page(driver: Any, tmp_path: Path) -> None:
    """n opens the rejection with "make it a rule" ticked; the cue typed + Enter rejects and writes the
    rule; the rules page lists it, and its Remove button takes it back."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    from tests.web.test_web_rules import TRIPOLI, _ingest

    db = str(tmp_path / "rules.db")
    _ingest(db, tmp_path, [("t1", "Outlet A", "2024-03-05", TRIPOLI)])
    store = Store.open(db)
    try:
        with Server(create_app(store)) as srv:
            driver.get(srv.base + "/review")
            wait_for(lambda: driver.find_element("id", "queue").get_attribute("data-ready"))
            ActionChains(driver).send_keys("n").perform()
            cue = wait_for(lambda: [e for e in driver.find_elements("id", "reject-cue") if e.is_displayed()])[0]
            assert driver.find_element("id", "reject-rule").is_selected()
            cue.send_keys("Mina", Keys.ENTER)
            # the rule is checked by building an extractor with it (seconds; more on a loaded CI machine)
            wait_for(lambda: driver.find_element("css selector", "#queue li").get_attribute("data-status") == "rejected",
                     timeout=90)
            assert driver.find_element("id", "review-status").text.endswith("; rule: Mina near tripoli")
            driver.get(srv.base + "/rules")
            cells = [td.text for td in driver.find_elements("css selector", "table.rules tbody td")]
            assert cells[:4] == ["Tripoli", "Mina", "local", cells[3]] and cells[3]
            screenshot(driver, "workspace-rules.png", tmp_path)
            driver.find_element("css selector", "button.rule-remove").click()
            wait_for(lambda: "removed: Mina (tripoli)" in driver.find_element("id", "rule-status").text)
            assert driver.find_elements("css selector", "button.rule-remove") == []
    finally:
        store.close()
