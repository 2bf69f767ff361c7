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


def test_no_module_rebinds_a_subpackage_name() -> None:
    """After importing every module, each package's attribute named like one of its submodules is that
    submodule (or absent): ``geotrack.extract`` is the package, never a function."""
    import importlib
    import pkgutil

    import geotrack

    names = [m.name for m in pkgutil.walk_packages(geotrack.__path__, "geotrack.")
             if not m.name.endswith("__main__") and not m.name.rsplit(".", 1)[-1].startswith("_")]
    modules = {name: importlib.import_module(name) for name in names}
    for name in ("Extractor", "Store", "ingest", "analyse", "Gazetteer", "Document", "Mention", "Site"):
        getattr(geotrack, name)  # the lazy public names, loaded too
    rebound = []
    for name, module in modules.items():
        parent, _, child = name.rpartition(".")
        value = getattr(sys.modules[parent], child, module)
        if value is not module:
            rebound.append(f"{parent}.{child} is {value!r}")
    assert rebound == []
    assert "geotrack.extract" in modules and "geotrack.pipeline" in modules


def test_the_public_api_is_lazy_and_complete() -> None:
    code = ("import sys, geotrack; loaded = sorted(m for m in sys.modules if m.startswith('geotrack')); "
            "import geotrack.pipeline, geotrack.extract, geotrack.store; "
            "assert geotrack.ingest is geotrack.pipeline.ingest and callable(geotrack.ingest); "
            "assert geotrack.analyse is geotrack.extract.analyse; "
            "assert geotrack.Extractor is geotrack.extract.Extractor and geotrack.Store is geotrack.store.Store; "
            "print(loaded)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['geotrack', 'geotrack._build']"  # (the build finder: standard library only)
