"""The import contracts hold, can fail, and are the ones docs/architecture.md describes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - import-linter installs tomli on 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def _lint(pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(pythonpath), "PATH": str(Path(sys.executable).parent), "HOME": str(pythonpath)}
    return subprocess.run([str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, env=env, cwd=pythonpath)


def test_the_import_contracts_hold() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in done.stdout


def test_a_wrong_import_breaks_them(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "geotrack", tmp_path / "geotrack", ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    caches = tmp_path / "geotrack" / "store" / "caches.py"
    caches.write_text(caches.read_text(encoding="utf-8") + "\nimport geotrack.outputs.map  # noqa\n", encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0
    assert "The store never imports the pipeline, readers, network or outputs BROKEN" in " ".join(done.stdout.split())


def test_the_architecture_page_names_every_contract() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for contract in _contracts():
        assert f"| {contract['name']} |" in page, contract["name"]


def test_sql_lives_only_in_the_store() -> None:
    offenders = []
    for path in sorted((ROOT / "geotrack").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("geotrack/store/"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"^\s*(import sqlite3|from sqlite3 )|\.execute(many)?\(|\bexecutescript\(", text, re.M):
            offenders.append(rel)
    assert offenders == []
