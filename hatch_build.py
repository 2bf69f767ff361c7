"""Build hook: compile the extractor's hot module with mypyc, when a C compiler is there.

``geotrack/extract/matcher.py`` stays the pure-Python implementation and the reference. The hook
compiles a twin of it, ``geotrack.extract._matcher_c`` (with twins of the text-layer modules it calls in
its hot loop, ``geotrack.text.arabic``, ``normalize`` and ``sentences``), from copies of the same sources that also record their SHA-256; at run time :func:`geotrack.extract.select.matcher_class` uses the twin only when
it imports and was built from the ``matcher.py`` that is on disk (an edited source is never shadowed by
a stale build). Anything that goes wrong here (no compiler, no headers, mypyc refusing the code) only
leaves the package pure Python: the build never fails because of it.

``GEOTRACK_PURE_PYTHON=1`` at build time skips the compilation.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: source module → its compiled twin (paths relative to the project root). The twins import each other.
TWINS = {
    "geotrack/text/arabic.py": "geotrack/text/_arabic_c.py",
    "geotrack/text/normalize.py": "geotrack/text/_normalize_c.py",
    "geotrack/text/sentences.py": "geotrack/text/_sentences_c.py",
    "geotrack/extract/matcher.py": "geotrack/extract/_matcher_c.py",
}
#: the shared library of the group (mypyc's runtime and the twins' code), inside the package
GROUP = "geotrack.extract._twins"


def _module(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def sources_digest(root: Path) -> str:
    """SHA-256 over the sources of every twin (the same as geotrack.extract.select computes)."""
    h = hashlib.sha256()
    for src in TWINS:
        h.update((root / src).read_bytes())
    return h.hexdigest()


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or os.environ.get("GEOTRACK_PURE_PYTHON"):
            return
        root = Path(self.root)
        try:
            built = compile_twins(root)
        except (Exception, SystemExit) as exc:  # any failure (mypyc exits on a type error) leaves pure Python
            self.app.display_warning(f"geotrack: mypyc compilation skipped ({type(exc).__name__}: {exc}); "
                                     "the pure-Python extractor will be used")
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        for so in built:
            rel = so.relative_to(root).as_posix()
            if version == "editable":
                continue  # built in place: the editable install imports the package from the source tree
            build_data["force_include"][str(so)] = rel
        self.app.display_info(f"geotrack: compiled {', '.join(TWINS.values())} with mypyc")


def compile_twins(root: Path) -> list[Path]:
    """Compile every twin in place (next to its source); return the extension files written."""
    from mypyc.build import mypycify
    from setuptools import Distribution
    from setuptools.command.build_ext import build_ext

    copies: list[Path] = []
    cwd = os.getcwd()
    work = Path(tempfile.mkdtemp(prefix="geotrack-mypyc-"))
    try:
        digest = sources_digest(root)
        for src, twin in TWINS.items():
            source = (root / src).read_text(encoding="utf-8")
            for other_src, other_twin in TWINS.items():  # twins import twins
                source = source.replace(f"from {_module(other_src)} import", f"from {_module(other_twin)} import")
            target = root / twin
            target.write_text(source + f'\n\nSOURCE_SHA256 = "{digest}"\n', encoding="utf-8")
            copies.append(target)
        os.chdir(root)
        extensions = mypycify(list(TWINS.values()), opt_level="3", target_dir=str(work / "c"), group_name=GROUP)
        dist = Distribution({"name": "geotrack", "ext_modules": extensions})
        cmd = build_ext(dist)
        cmd.build_lib = str(work / "lib")
        cmd.build_temp = str(work / "tmp")
        cmd.inplace = False
        cmd.ensure_finalized()
        cmd.run()
        built: list[Path] = []
        suffix = ".pyd" if sys.platform == "win32" else ".so"
        for so in (work / "lib").rglob(f"*{suffix}"):
            dest = root / so.relative_to(work / "lib")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(so, dest)
            built.append(dest)
        if not built:
            raise RuntimeError("mypyc produced no extension module")
        return built
    finally:
        os.chdir(cwd)
        for c in copies:
            c.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
