"""The command line's own surface: version, ``python -m geotrack``, the pure-Python notice."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

import geotrack
from geotrack.cli import app
from geotrack.extract import select

runner = CliRunner()


def test_version_comes_from_the_package_metadata() -> None:
    assert geotrack.__version__ == version("geotrack")
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith(f"geotrack {version('geotrack')} (matcher: ")


def test_version_says_when_the_pure_python_matcher_runs() -> None:
    env = {**os.environ, select.PURE_ENV: "1"}  # read when geotrack is first imported: a new process
    done = subprocess.run([sys.executable, "-m", "geotrack", "--version"], capture_output=True, text=True, check=True,
                          env=env)
    assert done.stdout.strip().endswith("(matcher: pure-python: GEOTRACK_PURE_PYTHON is set)")


def test_python_dash_m_geotrack_is_the_same_cli() -> None:
    done = subprocess.run([sys.executable, "-m", "geotrack", "--version"], capture_output=True, text=True, check=True)
    assert done.stdout == runner.invoke(app, ["--version"]).output


def test_a_stale_compiled_matcher_is_never_used_silently(monkeypatch: pytest.MonkeyPatch,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """The warning, once per process (tests/extract/test_compiled.py runs a really edited source end to end)."""
    from geotrack import _build

    reason = "geotrack/extract/matcher.py changed since the compiled modules were built"
    monkeypatch.setattr(_build, "is_compiled", lambda module: False)
    monkeypatch.setattr(_build, "state", lambda: _build.BuildState(False, reason))
    select._warn_pure.cache_clear()
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        select.matcher_module()
        select.matcher_module()
    warnings = [r.getMessage() for r in caplog.records if r.name == "geotrack"]
    assert warnings == [f"running the pure-Python matcher, about 3x slower: {reason}"]
    assert runner.invoke(app, ["--version"]).output.strip().endswith(f"(matcher: pure-python: {reason})")
    select._warn_pure.cache_clear()


def test_unknown_site_and_source_values_warn_with_the_closest_known(tmp_path: Path) -> None:
    from builders import article, make_store

    from geotrack.cli.filters import build_filter, unknown_filter_values
    from geotrack.store import Store

    path = tmp_path / "w.db"
    make_store(path, [article("a1", "Outlet A", "2024-03-05", ["al-jufra"])]).close()
    flt = build_filter(site=["al-jufra", "jufra", "zzzz"], source=["outlet a", "Outlet A"])
    with Store.open(path, create=False) as store:
        lines = unknown_filter_values(store, flt)
    assert lines == [
        "--site 'jufra' is not a known site id; closest: al-jufra, kufra, tajura",
        "--site 'zzzz' is not a known site id",
        "--source 'outlet a' is not a known source; closest: Outlet A",
    ]


def test_help_shows_no_python_type_names() -> None:
    import typer

    from geotrack.cli import app as root
    from geotrack.cli.filters import ActorOption, KindOption, SinceOption, SiteOption, SourceOption  # noqa: F401

    group = typer.main.get_command(root)
    commands = [[name] for name in group.commands if name != "gazetteer"]  # type: ignore[attr-defined]
    commands += [["gazetteer", name] for name in group.commands["gazetteer"].commands]  # type: ignore[attr-defined]
    assert len(commands) > 15
    for command in commands:
        text = runner.invoke(app, [*command, "--help"]).output
        for python_name in ("<str>", "<int>", "<float", "<list[", "<Path>", "<path>", "<bool>"):
            assert python_name not in text, (command, text)


def test_db_help_says_file_or_url() -> None:
    """``--db`` takes a SQLite file or a PostgreSQL URL: its help says both wherever it appears."""
    import click
    import typer

    from geotrack.cli import app as root

    def walk(group: click.Group, prefix: list[str]) -> list[tuple[list[str], click.Command]]:
        out = []
        for name, cmd in group.commands.items():
            out += walk(cmd, [*prefix, name]) if isinstance(cmd, click.Group) else [([*prefix, name], cmd)]
        return out

    with_db = [(path, cmd) for path, cmd in walk(typer.main.get_command(root), [])  # type: ignore[arg-type]
               if any("--db" in p.opts for p in cmd.params)]
    assert len(with_db) > 10
    for path, cmd in with_db:
        option = next(p for p in cmd.params if "--db" in p.opts)
        text = str(getattr(option, "help", "") or "")
        assert "postgresql://" in text and "SQLite file" in text, (path, text)
        assert "SQLite database file (default" not in text
