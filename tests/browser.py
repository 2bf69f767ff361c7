"""Headless Chromium for the browser tests (marker ``browser``): where Debian's chromium and chromedriver are,
the flags every test starts it with, and why a test must skip when they are missing. The one ``driver``
fixture (module-scoped, a fresh profile each) lives in tests/conftest.py and is built from these."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROME_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
)

#: The map tiles (OpenStreetMap's ``https://tile.openstreetmap.org/{z}/{x}/{y}.png``), blocked in every
#: test's browser: there is no network, and a tile fetch that waits for the resolver to give up held a
#: page's load event for about 5 s; blocked, it fails at once, with the same console error
#: (``... .png - Failed to load resource: net::ERR_BLOCKED_BY_CLIENT``), which the tests allow as before.
#: Every other address still goes to the network, so a page that fetched anything else still fails.
TILE_URLS = ("*tile*.png*",)


def missing_browser() -> str:
    for path, what in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromedriver")):
        if not Path(path).exists():
            return f"{what} not found at {path}; install Debian's chromium and chromium-driver (.ci/run does)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed; pip install -e '.[test]'"
    return ""
