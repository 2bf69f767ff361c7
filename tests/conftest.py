"""Shared fixtures: every test runs with its paths pointed into a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from geotrack.gazetteer import reset_default_gazetteer

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes ./geotrack.db or user gazetteer files of the machine it runs on."""
    monkeypatch.setenv("GEOTRACK_DB", str(tmp_path / "geotrack.db"))
    monkeypatch.delenv("GEOTRACK_GAZETTEER", raising=False)
    monkeypatch.delenv("GEOTRACK_GAZETTEER_EXTRA", raising=False)
    monkeypatch.setenv("GEOTRACK_USER_GAZETTEER", str(tmp_path / "user-gazetteer.csv"))  # never ~/.config
    monkeypatch.setenv("GEOTRACK_USER_AGENT", "geotrack-tests/0 (+https://example.invalid)")
    monkeypatch.setenv("COLUMNS", "200")
    reset_default_gazetteer()


#: Markers of tests that need a service or a build (``browser``: Debian's chromium; ``postgis``: a
#: PostgreSQL server with PostGIS). Such a test skips with a reason where the service is missing, but a
#: marker named in ``GEOTRACK_REQUIRE`` (comma-separated; ``.ci/run`` sets it) turns that skip into a
#: failure, so CI can never pass by skipping them.
REQUIRED_SERVICES = frozenset(s.strip() for s in os.environ.get("GEOTRACK_REQUIRE", "").split(",") if s.strip())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not REQUIRED_SERVICES:
        return
    needed = sorted(m.name for m in item.iter_markers() if m.name in REQUIRED_SERVICES)
    if needed:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"GEOTRACK_REQUIRE={','.join(sorted(REQUIRED_SERVICES))} requires {needed}, but: {reason}"
