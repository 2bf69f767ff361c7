"""geotrack: find Libyan sites in Arabic and English news, with the evidence, and map them."""

from __future__ import annotations

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

__version__ = "0.1.0"

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
