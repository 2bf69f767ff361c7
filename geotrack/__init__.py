"""geotrack: find Libyan sites in Arabic and English news, with the evidence, and map them."""

from __future__ import annotations

from typing import Any

from geotrack.errors import (
    ExportError,
    GazetteerError,
    GeocodingError,
    GeotrackError,
    InputError,
    StorageError,
)
from geotrack.extract import extract, normalize
from geotrack.gazetteer import Gazetteer
from geotrack.models import Document, Mention, Site


def __getattr__(name: str) -> Any:
    """``__version__``, read from the package metadata (the one source: pyproject.toml) on first use, so
    that importing geotrack does not pay for importlib.metadata."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("geotrack")
        except PackageNotFoundError:  # pragma: no cover - a source tree on sys.path without an install
            value = "0+unknown"
        globals()["__version__"] = value
        return value
    msg = f"module 'geotrack' has no attribute {name!r}"
    raise AttributeError(msg)

__all__ = [
    "Document",
    "ExportError",
    "Gazetteer",
    "GazetteerError",
    "GeocodingError",
    "GeotrackError",
    "InputError",
    "Mention",
    "Site",
    "StorageError",
    "__version__",
    "extract",
    "normalize",
]
