"""The export formats: names, file suffixes and descriptions, without loading any writer.

This is the catalogue the command line reads to show its help and to infer a format from a file name
(``geotrack --help`` never imports geopandas); :mod:`geotrack.outputs.export` joins each entry to its
writer. One entry per format: a format added here needs a writer of the same name there (a test checks
both lists are the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geotrack.errors import ExportError


@dataclass(frozen=True)
class ExportFormat:
    """One output format: its name, the file suffix it is usually given, and what it is."""

    name: str
    suffix: str
    description: str


CATALOGUE: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("geojson", ".geojson", "GeoJSON FeatureCollection (RFC 7946)"),
        ExportFormat("gpkg", ".gpkg", "OGC GeoPackage"),
        ExportFormat("csv", ".csv", "CSV with latitude/longitude columns (UTF-8)"),
        ExportFormat("parquet", ".parquet", "GeoParquet"),
        ExportFormat("kml", ".kml", "KML 2.2 with a time stamp or time span per placemark (Google Earth)"),
        ExportFormat("kmz", ".kmz", "KMZ: the KML zipped"),
    )
}
FORMATS = tuple(CATALOGUE)

#: Suffixes that name a format besides each format's own suffix.
SUFFIX_ALIASES = {".json": "geojson", ".geoparquet": "parquet"}


def get_format(fmt: str) -> ExportFormat:
    try:
        return CATALOGUE[fmt.lower()]
    except KeyError:
        msg = f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}"
        raise ExportError(msg) from None


def suffixes() -> dict[str, str]:
    """Every known file suffix and its format: each format's suffix and :data:`SUFFIX_ALIASES`."""
    known = {f.suffix.lower(): f.name for f in CATALOGUE.values()}
    for suffix, name in SUFFIX_ALIASES.items():
        if name in CATALOGUE:
            known.setdefault(suffix, name)
    return known


def format_for_path(path: str | Path, fmt: str | None = None) -> str:
    """The export format for ``path``: ``fmt`` when given (checked against the suffix), else the format
    the suffix names.

    Raises :class:`~geotrack.errors.ExportError` when ``fmt`` is unknown, when ``fmt`` contradicts a
    known suffix (``geojson`` for ``sites.csv``), or when no ``fmt`` is given and the suffix names none.
    """
    suffix = Path(path).suffix.lower()
    known = suffixes()
    by_suffix = known.get(suffix)
    if fmt is not None:
        name = get_format(fmt).name
        if by_suffix is not None and by_suffix != name:
            msg = (f"format {name!r} does not match the file name {str(path)!r}, whose suffix {suffix!r} means "
                   f"{by_suffix!r}; name the file with {CATALOGUE[name].suffix!r} or choose format {by_suffix!r}")
            raise ExportError(msg)
        return name
    if by_suffix is None:
        listed = ", ".join(f"{k} ({v})" for k, v in sorted(known.items()))
        what = f"suffix {suffix!r}" if suffix else "no suffix"
        msg = (f"cannot tell the export format of {str(path)!r} ({what}); name the file with one of {listed}, "
               "or give the format")
        raise ExportError(msg)
    return by_suffix


__all__ = ["CATALOGUE", "FORMATS", "SUFFIX_ALIASES", "ExportFormat", "format_for_path", "get_format", "suffixes"]
