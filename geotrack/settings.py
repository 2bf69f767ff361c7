"""Typed, documented settings with ``GEOTRACK_*`` environment overrides.

A :class:`Settings` object is passed in: the library's objects that need one (``Fetcher``, the
geocoders, ``geocode_name``) take ``settings=`` and read the environment only when none is given, once,
when they are made (:meth:`Settings.from_env`, the one reader of the ``GEOTRACK_*`` variables); the
command line reads it once per invocation. :func:`get_settings` is ``Settings.from_env()``.
A value that cannot be read (``GEOTRACK_HTTP_TIMEOUT=soon``) is an :class:`~geotrack.errors.InputError`
whose field is the variable's name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geotrack.errors import InputError

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
    #: SMTP server of the alert emails (``GEOTRACK_SMTP_HOST``; empty: no email) and its port
    #: (``GEOTRACK_SMTP_PORT``, 587), login (``GEOTRACK_SMTP_USER``, ``GEOTRACK_SMTP_PASSWORD``: never
    #: shown in a repr), sender (``GEOTRACK_SMTP_FROM``), STARTTLS (``GEOTRACK_SMTP_STARTTLS``, 1; 0 for
    #: a local relay without TLS) and a CA bundle to trust (``GEOTRACK_SMTP_CAFILE``).
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = field(default="", repr=False)
    smtp_from: str = "geotrack@localhost"
    smtp_starttls: bool = True
    smtp_cafile: str = ""


    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """The settings given by the ``GEOTRACK_*`` variables of ``environ`` (default: the process
        environment, read now), the defaults for the others."""
        return _from_env(os.environ if environ is None else environ)


def _number(env: Mapping[str, str], name: str, default: str, kind: type[float] | type[int]) -> float | int:
    value = env.get(name, default)
    try:
        return kind(value)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        msg = f"{name} {value!r} is not {what}"
        raise InputError(msg, field=name, value=value) from None


def get_settings() -> Settings:
    """``Settings.from_env()``: the settings of the process environment as it is now."""
    return Settings.from_env()


def _from_env(env: Mapping[str, str]) -> Settings:
    extra = tuple(Path(p) for p in env.get("GEOTRACK_GAZETTEER_EXTRA", "").split(os.pathsep) if p)
    return Settings(
        db_path=Path(env.get("GEOTRACK_DB", "geotrack.db")),
        gazetteer_dir=Path(env["GEOTRACK_GAZETTEER"]) if env.get("GEOTRACK_GAZETTEER") else _data_dir("gazetteer"),
        gazetteer_extra=extra,
        context_dir=Path(env["GEOTRACK_CONTEXT"]) if env.get("GEOTRACK_CONTEXT") else _data_dir("context"),
        samples_dir=Path(env["GEOTRACK_SAMPLES"]) if env.get("GEOTRACK_SAMPLES") else _data_dir("samples"),
        user_agent=env.get("GEOTRACK_USER_AGENT", "geotrack/0.1 (+https://github.com/geotrack/geotrack)"),
        http_timeout=float(_number(env, "GEOTRACK_HTTP_TIMEOUT", "20", float)),
        geocoder_min_delay=float(_number(env, "GEOTRACK_GEOCODER_DELAY", "1.0", float)),
        geocoder=env.get("GEOTRACK_GEOCODER", "nominatim"),
        nominatim_url=env.get("GEOTRACK_NOMINATIM_URL", "https://nominatim.openstreetmap.org"),
        geocoder_retries=int(_number(env, "GEOTRACK_GEOCODER_RETRIES", "2", int)),
        geocoder_error_wait=float(_number(env, "GEOTRACK_GEOCODER_ERROR_WAIT", "5.0", float)),
        user_gazetteer=(Path(env["GEOTRACK_USER_GAZETTEER"]).expanduser() if env.get("GEOTRACK_USER_GAZETTEER")
                        else _default_user_gazetteer()),
        smtp_host=env.get("GEOTRACK_SMTP_HOST", ""), smtp_port=_smtp_port(env),
        smtp_user=env.get("GEOTRACK_SMTP_USER", ""), smtp_password=env.get("GEOTRACK_SMTP_PASSWORD", ""),
        smtp_from=env.get("GEOTRACK_SMTP_FROM", "geotrack@localhost"),
        smtp_starttls=env.get("GEOTRACK_SMTP_STARTTLS", "1").strip() not in ("0", "false", "no"),
        smtp_cafile=env.get("GEOTRACK_SMTP_CAFILE", ""),
    )


def _smtp_port(env: Mapping[str, str]) -> int:
    port = env.get("GEOTRACK_SMTP_PORT", "587").strip()
    if not port.isdigit() or not 0 < int(port) < 65536:
        msg = f"GEOTRACK_SMTP_PORT={port!r} is not usable; give a port number such as 587"
        raise InputError(msg, field="GEOTRACK_SMTP_PORT", value=port)
    return int(port)
