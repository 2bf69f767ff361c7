"""geotrack: find Libyan sites in Arabic and English news, with the evidence, and map them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

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

try:
    __version__ = _version("geotrack")  # the one source: pyproject.toml, through the package metadata
except PackageNotFoundError:  # pragma: no cover - a source tree on sys.path without an install
    __version__ = "0+unknown"

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
