"""Which matcher build runs: the mypyc-compiled modules when they are built and current, else pure Python.

``geotrack/extract/matcher.py`` and the text-layer modules its hot loop calls
(``geotrack.text.arabic``, ``normalize`` and ``sentences``) are the implementation (with the analysis steps
``discovery`` and ``relative``, compiled with them: :data:`geotrack._build.COMPILED_MODULES`). When the package was
installed with a C compiler, ``hatch_build.py`` also compiled them, under their own names: the
extension modules sit beside the sources and are imported instead of them, unless a source changed
since the build (or ``GEOTRACK_PURE_PYTHON=1`` was set when geotrack was first imported). The choice
is made once per process, for all the modules together, by :mod:`geotrack._build`.

When a matcher is built with the pure modules, a warning says so once (logger ``geotrack``);
``geotrack --version`` says which build runs. Both builds give identical results (tested in
``tests/extract/test_compiled.py``).
"""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from types import ModuleType
from typing import Any

from geotrack import _build

PURE_ENV = _build.PURE_ENV
log = logging.getLogger("geotrack")


def matcher_module() -> ModuleType:
    """The module whose ``Matcher`` builds gazetteer matchers: ``geotrack.extract.matcher`` as imported
    (compiled or pure); logs a warning once when it is the pure-Python one."""
    module = importlib.import_module("geotrack.extract.matcher")
    if not _build.is_compiled(module):
        _warn_pure()
    return module


def normalize_module() -> ModuleType:
    """``geotrack.text.normalize`` as imported: the build that goes with :func:`matcher_module`."""
    return importlib.import_module("geotrack.text.normalize")


def implementation() -> str:
    """``"compiled"`` (the mypyc-built modules) or ``"pure-python"``: what runs in this process."""
    return _build.running()


def why_pure() -> str:
    """Why the pure-Python modules run (empty when the compiled ones do)."""
    return "" if implementation() == "compiled" else (_build.state().reason or "the pure modules were imported")


#: How the one warning of a pure-Python run begins (tests set it apart from the messages they pin).
PURE_NOTICE = "running the pure-Python matcher, about 3x slower"


@lru_cache(maxsize=1)
def _warn_pure() -> None:
    log.warning("%s: %s", PURE_NOTICE, why_pure())


def _compiled() -> tuple[ModuleType, ModuleType] | None:
    """The compiled ``matcher`` and ``normalize`` modules, when they are the ones running, else None
    (for tests comparing the two builds)."""
    if implementation() != "compiled":
        return None
    return importlib.import_module("geotrack.extract.matcher"), importlib.import_module("geotrack.text.normalize")


def __getattr__(name: str) -> Any:
    """``_pure`` and ``_pure_normalize``: the pure-Python ``matcher`` and ``normalize`` modules, loaded
    from their sources beside the compiled ones when those run (:func:`geotrack._build.pure_modules`)."""
    if name == "_pure":
        return _build.pure_modules()["geotrack.extract.matcher"]
    if name == "_pure_normalize":
        return _build.pure_modules()["geotrack.text.normalize"]
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
