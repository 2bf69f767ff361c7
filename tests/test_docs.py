"""Every command has help, and the README documents every command."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from geotrack.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    out: list[list[str]] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        sub = getattr(cmd, "commands", None)
        if sub:
            out.extend([name, s] for s in sub)
        else:
            out.append([name])
    return sorted(out)


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_command_has_help_and_is_documented(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert f"geotrack {' '.join(command)}" in README, f"README does not document 'geotrack {' '.join(command)}'"


def test_readme_quickstart_commands() -> None:
    assert 'pip install -e . && geotrack demo --out demo' in README
    assert 'pip install -e ".[test]" && python -m pytest -q' in README
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest -q" in ci
