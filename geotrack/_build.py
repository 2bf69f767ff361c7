"""Compiled or pure Python: which build of the hot modules this process imports, decided once.

``pip install`` compiles the extractor's hot modules (the matcher, the text modules it calls, and the
analysis steps after its scan: discovery and relative positions) with mypyc when a C compiler is there
(``hatch_build.py``): :data:`COMPILED_MODULES`, under their own names. The extension module
(``normalize.cpython-311-x86_64-linux-gnu.so``) sits beside its source (``normalize.py``) and Python's
import system loads it first, the way black's mypyc wheels work. The build also writes a manifest,
``geotrack/_compiled.json``, with the SHA-256 of each source it compiled.

An editable install (``pip install -e .``) leaves the extensions in the source tree, where a source can
be edited after the build. A stale extension must never run old code silently, so :func:`install`
(called by ``geotrack/__init__.py`` before any of these modules can be imported) puts a finder first on
``sys.meta_path`` that decides, the first time one of them is imported, for all of them together:

- the compiled modules, when every extension is there, was built for this interpreter, and the manifest's
  digest of every source matches the source on disk;
- else the pure-Python sources (all of them: compiled code calls its compiled neighbours directly, so
  the two builds are never mixed), with the reason in :func:`state`. ``GEOTRACK_PURE_PYTHON=1`` in the
  environment when geotrack is first imported forces this too.

The decision holds for the life of the process. Whoever runs the pure modules says so:
:mod:`geotrack.extract.select` logs a warning once when a matcher is built, and ``geotrack --version``
prints it. For tests and benchmarks that compare both builds in one process, :func:`pure_modules` loads
the pure modules from the same sources, separately.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType

#: the modules compiled by ``hatch_build.py``, in the order it hashes and compiles them
COMPILED_MODULES: tuple[str, ...] = (
    "geotrack.text.arabic",
    "geotrack.text.normalize",
    "geotrack.text.sentences",
    "geotrack.extract.matcher",
    "geotrack.extract.discovery",
    "geotrack.extract.relative",
)
#: the name of mypyc's shared library for the group (its runtime and the modules' code)
GROUP = "geotrack._compiled"
#: the build manifest, in the package directory
MANIFEST = "_compiled.json"
#: set (to anything but "" or "0") when geotrack is first imported: run the pure-Python modules
PURE_ENV = "GEOTRACK_PURE_PYTHON"

PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class BuildState:
    """What the finder decided: ``compiled`` or not, and why not (empty when compiled)."""

    compiled: bool
    reason: str = ""


def source_path(module: str, package_dir: Path = PACKAGE_DIR) -> Path:
    """The ``.py`` file of one of :data:`COMPILED_MODULES`."""
    parts = module.split(".")[1:]
    return package_dir.joinpath(*parts[:-1], parts[-1] + ".py")


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def forced_pure(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return env.get(PURE_ENV, "").strip() not in ("", "0")


def decide(package_dir: Path = PACKAGE_DIR, *, force_pure: bool = False) -> BuildState:
    """Whether the compiled modules beside the sources in ``package_dir`` may run (see the module
    docstring). Reads the manifest and hashes the sources; imports nothing."""
    if force_pure:
        return BuildState(False, f"{PURE_ENV} is set")
    manifest_path = package_dir / MANIFEST
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    has_extension = [any(source_path(m, package_dir).with_suffix(s).exists() for s in suffixes)
                     for m in COMPILED_MODULES]
    if not manifest_path.exists():
        if any(has_extension):
            return BuildState(False, f"compiled modules without their build manifest ({MANIFEST}): "
                                     "reinstall to rebuild them")
        return BuildState(False, "the compiled modules are not built (installed without a C compiler, "
                                 f"or with {PURE_ENV}=1)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        modules = manifest["modules"]
        group_file = package_dir / manifest["group"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return BuildState(False, f"unreadable build manifest {MANIFEST} ({exc}): reinstall to rebuild")
    if not group_file.exists():
        return BuildState(False, f"the compiled modules' library {group_file.name} is missing: reinstall")
    for module in COMPILED_MODULES:
        entry = modules.get(module)
        source = source_path(module, package_dir)
        if not isinstance(entry, dict):
            return BuildState(False, f"{module} is not in the build manifest: reinstall to rebuild")
        extension = source.parent / str(entry.get("extension", ""))
        if extension.name not in {source.stem + s for s in suffixes}:
            return BuildState(False, f"the compiled {module} was built for another Python "
                                     f"({extension.name}): reinstall to rebuild")
        if not extension.exists():
            return BuildState(False, f"the compiled {module} is missing ({extension.name}): reinstall")
        if entry.get("source_sha256") != sha256_file(source):
            rel = source.relative_to(package_dir.parent).as_posix()
            return BuildState(False, f"{rel} changed since the compiled modules were built "
                                     "(reinstall to rebuild them: pip install -e .)")
    return BuildState(True)


class _Finder(importlib.abc.MetaPathFinder):
    """First on ``sys.meta_path``: for :data:`COMPILED_MODULES`, the source when the pure modules must
    run; otherwise (and for every other module) nothing, so the ordinary finders load the extension."""

    def __init__(self, package_dir: Path) -> None:
        self.package_dir = package_dir
        self._state: BuildState | None = None
        self._lock = threading.Lock()
        #: set by :func:`pure_modules` while it loads the pure modules beside the compiled ones
        self.force_source = False

    def state(self) -> BuildState:
        with self._lock:
            if self._state is None:
                self._state = decide(self.package_dir, force_pure=forced_pure())
            return self._state

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in COMPILED_MODULES:
            return None
        if not self.force_source and self.state().compiled:
            return None
        source = source_path(fullname, self.package_dir)
        loader = importlib.machinery.SourceFileLoader(fullname, str(source))
        return importlib.util.spec_from_file_location(fullname, source, loader=loader)


_finder: _Finder | None = None


def install() -> None:
    """Put the finder first on ``sys.meta_path`` (once per process)."""
    global _finder
    if _finder is None:
        _finder = _Finder(PACKAGE_DIR)
        sys.meta_path.insert(0, _finder)


def state() -> BuildState:
    """The decision for this process (made now if no compiled module was imported yet)."""
    install()
    assert _finder is not None
    return _finder.state()


def is_compiled(module: ModuleType) -> bool:
    """Whether ``module`` was loaded from an extension module (the compiled build)."""
    return str(getattr(module, "__file__", "")).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def running() -> str:
    """``"compiled"`` when the compiled modules are the ones imported, else ``"pure-python"``."""
    modules = [importlib.import_module(m) for m in COMPILED_MODULES]
    return "compiled" if all(is_compiled(m) for m in modules) else "pure-python"


@lru_cache(maxsize=1)
def pure_modules() -> dict[str, ModuleType]:
    """The pure-Python :data:`COMPILED_MODULES`, loaded from their sources (they import each other).

    When the pure modules are the ones running, these are they. When the compiled ones are, these are
    separate module objects, made for comparing the two builds in one process (tests, benchmarks); the
    compiled modules stay the ones ``import`` gives.
    """
    install()
    assert _finder is not None
    imported = {m: importlib.import_module(m) for m in COMPILED_MODULES}
    if not state().compiled:
        return imported
    saved = {m: sys.modules.pop(m) for m in COMPILED_MODULES}
    _finder.force_source = True
    try:
        return {m: importlib.import_module(m) for m in COMPILED_MODULES}
    finally:
        _finder.force_source = False
        for m in COMPILED_MODULES:
            sys.modules.pop(m, None)
        sys.modules.update(saved)
        for m, module in saved.items():  # importing set the parent package's attribute: put it back
            parent, _, leaf = m.rpartition(".")
            setattr(sys.modules[parent], leaf, module)
