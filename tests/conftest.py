"""Shared fixtures: every test runs with its paths pointed into a temporary folder."""

from __future__ import annotations

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
