"""Which matcher implementation runs: the mypyc-compiled twin when it is built and current, else pure Python.

``geotrack/extract/matcher.py`` is the implementation and the reference. When the package was installed
with a C compiler, the build hook (``hatch_build.py``) also compiled copies of it and of the text-layer
modules its hot loop calls (``geotrack.text.arabic``, ``normalize`` and ``sentences``), as
``geotrack.extract._matcher_c`` and ``geotrack.text._arabic_c``, ``_normalize_c`` and ``_sentences_c``
(about 1.4× faster together), stamped with the SHA-256 of the sources they were built from. The twins are used only if they import and the stamp matches the sources beside them, so an
edited source always runs as written until the package is rebuilt. The choice is made when a
gazetteer's matcher is built; a matcher keeps its implementation (and its normalisation:
:meth:`~geotrack.extract.matcher.Matcher.prepare`) for its life. ``GEOTRACK_PURE_PYTHON=1`` forces the
pure-Python module. Both give identical results (tested in ``tests/test_compiled.py``).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType

_pure = importlib.import_module("geotrack.extract.matcher")
_pure_arabic = importlib.import_module("geotrack.text.arabic")
_pure_normalize = importlib.import_module("geotrack.text.normalize")
_pure_sentences = importlib.import_module("geotrack.text.sentences")

PURE_ENV = "GEOTRACK_PURE_PYTHON"
log = logging.getLogger("geotrack")
#: the pure modules that have twins, in the order the build hook hashes them
_SOURCES = (_pure_arabic, _pure_normalize, _pure_sentences, _pure)


def _source_digest() -> str:
    h = hashlib.sha256()
    for module in _SOURCES:
        h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _compiled() -> tuple[ModuleType, ModuleType] | None:
    """The compiled twins of ``matcher`` and ``normalize``, when built from the sources on disk."""
    try:
        twin = importlib.import_module("geotrack.extract._matcher_c")
        twin_normalize = importlib.import_module("geotrack.text._normalize_c")
    except ImportError:
        return None
    if getattr(twin, "SOURCE_SHA256", None) != _source_digest():
        return None  # built from another version of the sources: stale
    return twin, twin_normalize


@lru_cache(maxsize=1)
def _why_pure() -> str:
    """Why the compiled twins cannot run (logged once; empty when they can)."""
    try:
        twin = importlib.import_module("geotrack.extract._matcher_c")
    except ImportError:
        return "the compiled matcher is not built (installed without a C compiler?)"
    if getattr(twin, "SOURCE_SHA256", None) != _source_digest():
        return "the compiled matcher was built from other sources (reinstall to rebuild it)"
    return ""


def _use_compiled() -> tuple[ModuleType, ModuleType] | None:
    if os.environ.get(PURE_ENV, "").strip() not in ("", "0"):
        return None
    twins = _compiled()
    if twins is None:
        _warn_pure()
    return twins


@lru_cache(maxsize=1)
def _warn_pure() -> None:
    log.warning("running the pure-Python matcher, about 3x slower: %s", _why_pure())


def matcher_module() -> ModuleType:
    """The module whose ``Matcher`` builds gazetteer matchers (see the module docstring)."""
    twins = _use_compiled()
    return twins[0] if twins else _pure


def normalize_module() -> ModuleType:
    """The ``normalize`` module that goes with :func:`matcher_module` (its ``OffsetMap`` is the type the
    matcher takes)."""
    twins = _use_compiled()
    return twins[1] if twins else _pure_normalize


def implementation() -> str:
    """``"compiled"`` (the mypyc twin) or ``"pure-python"``: what :func:`matcher_module` gives now."""
    return "pure-python" if matcher_module() is _pure else "compiled"
