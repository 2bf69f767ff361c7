"""Which matcher implementation runs: the mypyc-compiled twin when it is built and current, else pure Python.

``geotrack/extract/matcher.py`` is the implementation and the reference. When the package was installed
with a C compiler, the build hook (``hatch_build.py``) also compiled a copy of it as
``geotrack.extract._matcher_c`` (about 1.3× faster), stamped with the SHA-256 of the source it was built
from. That twin is used only if it imports and its stamp matches the ``matcher.py`` beside it, so an
edited source always runs as written until the package is rebuilt. ``GEOTRACK_PURE_PYTHON=1`` forces the
pure-Python module. Both give identical results (tested in ``tests/test_compiled.py``).
"""

from __future__ import annotations

import hashlib
import importlib
import os
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from geotrack.extract import matcher as _pure

PURE_ENV = "GEOTRACK_PURE_PYTHON"


def _source_digest() -> str:
    return hashlib.sha256(Path(_pure.__file__).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _compiled() -> ModuleType | None:
    try:
        twin = importlib.import_module("geotrack.extract._matcher_c")
    except ImportError:
        return None
    if getattr(twin, "SOURCE_SHA256", None) != _source_digest():
        return None  # built from another version of matcher.py: stale
    return twin


def matcher_module() -> ModuleType:
    """The module whose ``Matcher`` builds gazetteer matchers (see the module docstring)."""
    if os.environ.get(PURE_ENV, "").strip() not in ("", "0"):
        return _pure
    return _compiled() or _pure


def implementation() -> str:
    """``"compiled"`` (the mypyc twin) or ``"pure-python"``: what :func:`matcher_module` gives now."""
    return "pure-python" if matcher_module() is _pure else "compiled"
