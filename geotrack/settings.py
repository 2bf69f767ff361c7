"""Typed, documented settings with ``GEOTRACK_*`` environment overrides.

Read them through :func:`get_settings`, which reads the environment at call time so that tests (and
long-lived processes) see changes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    """Data shipped in the wheel (``geotrack/_data``), else the source checkout's ``data/``."""
    installed = PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / "data" / name


def basemap_path() -> Path:
    """The offline base layer (Libya and its neighbours, Natural Earth; ``scripts/build_basemap.py``)."""
    return _data_dir("basemap") / "libya_region.geojson"


def _default_user_gazetteer() -> Path:
    """``$XDG_CONFIG_HOME/geotrack/gazetteer.csv``, else ``~/.config/geotrack/gazetteer.csv``."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "geotrack" / "gazetteer.csv"


@dataclass(frozen=True)
class Settings:
    #: SQLite database used by ingest, map, export and report (``GEOTRACK_DB``).
    db_path: Path
    #: Folder of the shipped gazetteer CSV files (``GEOTRACK_GAZETTEER``).
    gazetteer_dir: Path
    #: Folder of the context files: actors, activity cues, foreign places (``GEOTRACK_CONTEXT``).
    context_dir: Path
    #: Extra user gazetteer files loaded above the shipped layers, ``os.pathsep``-separated
    #: (``GEOTRACK_GAZETTEER_EXTRA``).
    gazetteer_extra: tuple[Path, ...]
    #: Folder of the demo corpus (``GEOTRACK_SAMPLES``).
    samples_dir: Path
    #: User agent sent to feeds and online geocoders (``GEOTRACK_USER_AGENT``).
    user_agent: str
    #: Seconds before an HTTP request gives up (``GEOTRACK_HTTP_TIMEOUT``).
    http_timeout: float
    #: Minimum seconds between two calls to a public online geocoder (``GEOTRACK_GEOCODER_DELAY``).
    geocoder_min_delay: float
    #: Online geocoder behind ``geotrack geocode --online`` (``GEOTRACK_GEOCODER``): nominatim, photon, arcgis.
    geocoder: str = "nominatim"
    #: Base URL of the Nominatim service (``GEOTRACK_NOMINATIM_URL``): your own instance, or a test server.
    nominatim_url: str = "https://nominatim.openstreetmap.org"
    #: Retries after a failed online geocoder call (``GEOTRACK_GEOCODER_RETRIES``).
    geocoder_retries: int = 2
    #: Seconds to wait before retrying a failed online geocoder call (``GEOTRACK_GEOCODER_ERROR_WAIT``).
    geocoder_error_wait: float = 5.0
    #: The user gazetteer file written by ``geotrack gazetteer add`` and loaded above the curated layer
    #: when it exists (``GEOTRACK_USER_GAZETTEER``; default ``~/.config/geotrack/gazetteer.csv``).
    user_gazetteer: Path = field(default_factory=_default_user_gazetteer)


def get_settings() -> Settings:
    env = os.environ
    extra = tuple(Path(p) for p in env.get("GEOTRACK_GAZETTEER_EXTRA", "").split(os.pathsep) if p)
    return Settings(
        db_path=Path(env.get("GEOTRACK_DB", "geotrack.db")),
        gazetteer_dir=Path(env["GEOTRACK_GAZETTEER"]) if env.get("GEOTRACK_GAZETTEER") else _data_dir("gazetteer"),
        gazetteer_extra=extra,
        context_dir=Path(env["GEOTRACK_CONTEXT"]) if env.get("GEOTRACK_CONTEXT") else _data_dir("context"),
        samples_dir=Path(env["GEOTRACK_SAMPLES"]) if env.get("GEOTRACK_SAMPLES") else _data_dir("samples"),
        user_agent=env.get("GEOTRACK_USER_AGENT", "geotrack/0.1 (+https://github.com/geotrack/geotrack)"),
        http_timeout=float(env.get("GEOTRACK_HTTP_TIMEOUT", "20")),
        geocoder_min_delay=float(env.get("GEOTRACK_GEOCODER_DELAY", "1.0")),
        geocoder=env.get("GEOTRACK_GEOCODER", "nominatim"),
        nominatim_url=env.get("GEOTRACK_NOMINATIM_URL", "https://nominatim.openstreetmap.org"),
        geocoder_retries=int(env.get("GEOTRACK_GEOCODER_RETRIES", "2")),
        geocoder_error_wait=float(env.get("GEOTRACK_GEOCODER_ERROR_WAIT", "5.0")),
        user_gazetteer=(Path(env["GEOTRACK_USER_GAZETTEER"]).expanduser() if env.get("GEOTRACK_USER_GAZETTEER")
                        else _default_user_gazetteer()),
    )
