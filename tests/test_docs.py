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
    """The README's two commands are what .ci/run runs, read from the README itself (one procedure)."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("quickstart", root / "scripts" / "quickstart.py")
    assert spec and spec.loader
    quickstart = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(quickstart)
    commands = quickstart.quickstart_commands(README)
    assert commands == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && geotrack demo --out demo",
        'python3 -m venv .venv && . .venv/bin/activate && pip install -e ".[test]" && python -m pytest -q',
    ]
    ci = (root / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 scripts/quickstart.py" in ci
    assert 'bash -euo pipefail -c "${quickstart[0]}"' in ci
    assert 'bash -euo pipefail -c "${quickstart[1]}"' in ci
    # CI installs nothing the README does not: no pip upgrade, no second install procedure.
    code = [line for line in ci.splitlines() if not line.lstrip().startswith("#")]
    assert not [line for line in code if "pip install" in line or "pip " in line], "CI must install only as the README does"
    assert "--upgrade pip" not in README and "pip install -U pip" not in README


def test_readme_python_examples_run_and_print_what_they_say(capsys: pytest.CaptureFixture[str]) -> None:
    """Every ```python block of the README runs; lines it prints are the ``# `` comment lines after them."""
    import re

    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    for block in blocks:
        expected = [line[2:] for line in block.splitlines() if line.startswith("# ")]
        exec(compile(block, "README.md", "exec"), {})
        printed = capsys.readouterr().out.splitlines()
        assert printed == expected
