"""geotrack: find Libyan sites in Arabic and English news, with the evidence, and map them.

The public API, loaded on first use (``import geotrack`` stays light):

- :class:`Extractor` ``(gazetteer=None, context=None)``: the extractor of a gazetteer and context word
  lists; ``.extract(text)`` gives the site mentions, ``.analyse(text)`` every analysis record;
- :func:`analyse` ``(text, gazetteer=None, *, min_confidence=0.5, doc_id="")``: text → analysis records
  (mentions, foreign places, candidates, relative positions) with the default extractor;
- :class:`Store` (``Store.open(path)``): the SQLite store;
- :func:`ingest` ``(paths, store, ...)``: read, analyse and store files, folders and URLs;
- :class:`Gazetteer`, :class:`Document`, :class:`Mention`, :class:`Site` and the errors
  (:class:`GeotrackError` and its subclasses).

Subpackages and modules keep their own names: ``geotrack.extract`` is always the extraction package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from geotrack import _build

# Before any submodule: the compiled build of the hot modules runs only when it matches their sources
# (geotrack/_build.py); otherwise the pure-Python sources do.
_build.install()

if TYPE_CHECKING:
    from geotrack.errors import (
        ExportError,
        GazetteerError,
        GeocodingError,
        GeotrackError,
        InputError,
        StorageError,
    )
    from geotrack.extract import Extractor, analyse
    from geotrack.gazetteer import Gazetteer
    from geotrack.models import Document, Mention, Site
    from geotrack.pipeline import ingest
    from geotrack.store import Store

#: public name → the module that defines it
_LAZY = {
    "Extractor": "geotrack.extract",
    "analyse": "geotrack.extract",
    "ingest": "geotrack.pipeline",
    "Store": "geotrack.store",
    "Gazetteer": "geotrack.gazetteer",
    "Document": "geotrack.models",
    "Mention": "geotrack.models",
    "Site": "geotrack.models",
    "ExportError": "geotrack.errors",
    "GazetteerError": "geotrack.errors",
    "GeocodingError": "geotrack.errors",
    "GeotrackError": "geotrack.errors",
    "InputError": "geotrack.errors",
    "StorageError": "geotrack.errors",
}


def __getattr__(name: str) -> Any:
    """The public names (:data:`_LAZY`), imported on first use, and ``__version__``, read from the
    package metadata (the one source: pyproject.toml), so that importing geotrack stays cheap."""
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    elif name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("geotrack")
        except PackageNotFoundError:  # pragma: no cover - a source tree on sys.path without an install
            value = "0+unknown"
    else:
        msg = f"module 'geotrack' has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY, "__version__"})


__all__ = [
    "Document",
    "ExportError",
    "Extractor",
    "Gazetteer",
    "GazetteerError",
    "GeocodingError",
    "GeotrackError",
    "InputError",
    "Mention",
    "Site",
    "StorageError",
    "Store",
    "__version__",
    "analyse",
    "ingest",
]
