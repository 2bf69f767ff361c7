"""Build hook: compile the extractor's hot modules with mypyc, under their own names, when a C compiler is there.

The modules (``geotrack._build.COMPILED_MODULES``: ``geotrack.text.arabic``, ``normalize``,
``sentences``, ``geotrack.extract.matcher`` and the analysis steps ``discovery`` and ``relative``) are
compiled as they are, the way black builds its
mypyc wheels: each extension module (``normalize.cpython-311-x86_64-linux-gnu.so``) is written beside
its source, with mypyc's shared library for the group (``geotrack/_compiled__mypyc…so``), and Python
imports the extension first. The hook then writes ``geotrack/_compiled.json``, the SHA-256 of every
source compiled; at run time ``geotrack._build`` uses the extensions only when every digest matches the
source on disk, so an edited source in an editable install runs as written (with a logged warning)
until the next ``pip install -e .``, never the stale build.

A wheel carries the extensions and the manifest; an editable install leaves them in the source tree.
Every build first removes the previous build's files. Anything that goes wrong (no compiler, no
headers, mypyc refusing the code) only leaves the package pure Python: the build never fails because of
it. ``GEOTRACK_PURE_PYTHON=1`` at build time skips the compilation.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _rules(root: Path) -> ModuleType:
    """``geotrack/_build.py`` (the module list, names and digests: one home for them), loaded by path:
    it imports only the standard library, and the package is not installed yet."""
    name = "_geotrack_build_rules"
    spec = importlib.util.spec_from_file_location(name, root / "geotrack" / "_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # (dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def previous_build(root: Path) -> list[Path]:
    """The files a previous build left in the source tree (this build's kind, and the twins of the
    builds before it: ``_*_c*.so``, ``_twins__mypyc*.so``)."""
    rules = _rules(root)
    package = root / "geotrack"
    found: list[Path] = []
    for module in rules.COMPILED_MODULES:
        source = rules.source_path(module, package)
        found += [p for p in source.parent.glob(source.stem + ".*") if p.suffix in (".so", ".pyd")]
    found += list(package.glob(rules.GROUP.rpartition(".")[2] + "__mypyc.*"))
    for folder in (package / "text", package / "extract"):  # the twins of earlier builds
        found += list(folder.glob("_*_c.*.so")) + list(folder.glob("_*_c.*.pyd")) + list(folder.glob("_twins__mypyc.*"))
    manifest = package / rules.MANIFEST
    return [*found, manifest] if manifest.exists() else found


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        rules = _rules(root)
        for stale in previous_build(root):
            stale.unlink(missing_ok=True)
        if rules.forced_pure():
            self.app.display_info(f"geotrack: {rules.PURE_ENV} is set: pure-Python build")
            return
        try:
            built = compile_in_place(root)
        except (Exception, SystemExit) as exc:  # any failure (mypyc exits on a type error) leaves pure Python
            for partial in previous_build(root):
                partial.unlink(missing_ok=True)
            self.app.display_warning(f"geotrack: mypyc compilation skipped ({type(exc).__name__}: {exc}); "
                                     "the pure-Python modules will be used")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":  # an editable install imports the package from the source tree
            for path in built:
                build_data["force_include"][str(path)] = path.relative_to(root).as_posix()
        self.app.display_info(f"geotrack: compiled {', '.join(rules.COMPILED_MODULES)} with mypyc")


def compile_in_place(root: Path) -> list[Path]:
    """Compile the modules beside their sources; return the files written (the extensions, the group's
    shared library, and last the manifest)."""
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    rules = _rules(root)
    package = root / "geotrack"
    sources = {m: rules.source_path(m, package) for m in rules.COMPILED_MODULES}
    digests = {m: rules.sha256_file(p) for m, p in sources.items()}
    cwd = os.getcwd()
    work = Path(tempfile.mkdtemp(prefix="geotrack-mypyc-"))
    try:
        os.chdir(root)
        paths = [p.relative_to(root).as_posix() for p in sources.values()]
        extensions = mypycify(paths, opt_level="3", target_dir=str(work / "c"), group_name=rules.GROUP)
        dist = Distribution({"name": "geotrack", "ext_modules": extensions})
        cmd = build_ext(dist)
        cmd.build_lib = str(work / "lib")
        cmd.build_temp = str(work / "tmp")
        cmd.inplace = False
        cmd.ensure_finalized()
        cmd.run()
        built: list[Path] = []
        for so in (work / "lib").rglob("*"):
            if so.suffix in (".so", ".pyd"):
                dest = root / so.relative_to(work / "lib")
                shutil.copy2(so, dest)
                built.append(dest)
    finally:
        os.chdir(cwd)
        shutil.rmtree(work, ignore_errors=True)
    manifest: dict[str, Any] = {"group": "", "modules": {}}
    for module, source in sources.items():
        if rules.sha256_file(source) != digests[module]:
            raise RuntimeError(f"{source} changed during the build")
        extension = [p for p in built if p.parent == source.parent and p.name.startswith(source.stem + ".")]
        if len(extension) != 1:
            raise RuntimeError(f"mypyc built no extension module for {module}")
        manifest["modules"][module] = {"extension": extension[0].name, "source_sha256": digests[module]}
    group = [p for p in built if p.parent == package and p.name.startswith(rules.GROUP.rpartition(".")[2] + "__mypyc.")]
    if len(group) != 1:
        raise RuntimeError("mypyc built no shared library for the group")
    manifest["group"] = group[0].name
    manifest_path = package / rules.MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return [*built, manifest_path]
