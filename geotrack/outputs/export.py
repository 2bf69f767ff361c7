"""Exports for GIS and analysis: GeoJSON (RFC 7946), GeoPackage, CSV, (Geo)Parquet, KML and KMZ.

:func:`export` writes the mentions frame of ``Store.mentions_frame`` either **by site** (one point per
site with its counts, ``independent_sources`` among them (outlets with a story of their own: syndicated
copies left out, :mod:`geotrack.syndication`), actors and activities; :func:`site_table`) or **by mention** (one point per mention
with its evidence, actors and activities; :func:`mention_table`), or the frame of ``Store.relative_frame``
**by relative position** (:func:`relative_table`).

**Relative positions** ("300 km south of Kufra") are exported as ``Point`` features, but the point is
NOT an exact location: it is the **centre of an uncertainty circle** of radius ``radius_km`` kilometres
(the place lies somewhere inside it). Every feature says so with ``precision = "relative"``, and carries
``radius_km``, the ``anchor`` site id and ``anchor_name``, ``distance_km``, ``bearing_deg`` (clockwise
from north), ``direction`` ("S", "SW", ...) and the evidence (``snippet``, ``source``, ``published``,
``url``, ``title``). Draw it as a circle, never as a site marker; with ``circles=True`` the export draws
it: each geometry is then the geodesic circle itself (:func:`geodesic_circle`: :data:`CIRCLE_VERTICES`
points exactly ``radius_km`` from the centre on the WGS84 ellipsoid, counterclockwise), and
``lat``/``lon`` still hold the centre. Formats live in a registry (:data:`EXPORTERS`); an unknown name is
an :class:`~geotrack.errors.ExportError` listing the valid ones.

Columns every format shares (besides those of each unit):

* ``input_id`` (mentions and relative positions): the id the document came with (a JSON/JSONL ``id``, a
  feed entry's id or guid, a CSV id column, a file's path), taken from the frame's ``input_id`` column
  when it has one, else null; ``document_id`` is geotrack's own number for the document.
* ``geo_precision`` (ACLED-style, :data:`GEO_PRECISION`): 1 the site itself (an air base, airport,
  airfield, port or oil field), 2 a town, oasis or village (the place or near it), 3 a region or
  district, a kind the table does not know, and every relative position.
* ``time_precision`` (mentions and relative positions, :func:`time_precision`): 1 the day is known (a full
  publication date), 3 no date; 2 (the week or month only) when the frame's own ``time_precision`` says so.

Per format:

* ``geojson``: RFC 7946: a ``FeatureCollection`` of ``Point`` features (``Polygon`` for circles) in
  WGS84, longitude first, no ``crs`` member, coordinates rounded to 6 decimals (about 0.1 m); each
  feature's ``id`` is the site id (by site), the mention id (by mention) or the relative id; list columns
  are JSON arrays, dates ISO 8601 strings (``2024-03-05T00:00:00``), unknown dates ``null``. UTF-8,
  Arabic written as is.
* ``gpkg``: GeoPackage through pyogrio, one layer named ``sites``, ``mentions`` or ``relative``,
  EPSG:4326; list columns as JSON strings; ``published``, ``first_seen`` and ``last_seen`` are
  ``DateTime`` fields (declared ``DATETIME``), so QGIS's Temporal Controller takes them as they are.
* ``csv``: plain UTF-8 (no byte-order mark), comma-separated, CRLF line ends (RFC 4180; a cell holding a
  line break or carriage return is quoted), a header row, numeric ``latitude`` and ``longitude`` columns
  (:data:`CSV_COORDINATES`: the names kepler.gl pairs into points; no geometry column, but circles as WKT
  in a last ``geometry`` column); lists as JSON strings, dates ISO 8601, unknown dates empty. **Formula
  injection** (OWASP): a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return, or
  with a single quote, gets one single quote in front (:func:`geotrack.outputs.escape.csv_cell`), so no
  spreadsheet runs it as a formula; numeric columns (``latitude``, ``longitude``, counts, offsets,
  precision codes) are numbers and never touched, ``-12.5`` stays ``-12.5``.
  :func:`geotrack.outputs.escape.csv_cell_restore` (remove one leading quote when a formula character or
  a quote follows it) gives back the original text.
* ``parquet``: GeoParquet through ``GeoDataFrame.to_parquet`` (geometry as WKB, CRS in the metadata);
  lists stay lists.
* ``kml`` / ``kmz``: KML 2.2 (:mod:`geotrack.outputs.kml`): a ``TimeStamp`` per mention or relative
  position and a ``TimeSpan`` (first to last seen) per site, so Google Earth's time slider plays them; an
  escaped HTML balloon with the evidence; every column as typed ``ExtendedData``. KMZ is the KML zipped.

The format is the one named, or else the one of the file's suffix (:func:`format_for_path`:
``.geojson``/``.json``, ``.gpkg``, ``.csv``, ``.parquet``, ``.kml``, ``.kmz`` and the suffix of any other
registered exporter); a named format that contradicts a known suffix (GeoJSON into ``x.csv``) is refused.

Files are written to a temporary name beside ``path`` and moved into place, so a failed export never
leaves half a file.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from geotrack import aggregate
from geotrack.errors import ExportError
from geotrack.outputs.escape import csv_cell
from geotrack.outputs.formats import CATALOGUE, FORMATS, SUFFIX_ALIASES, format_for_path, get_format, suffixes
from geotrack.outputs.kml import write_kml, write_kmz

#: Rows of an export: one per site, or one per mention.
BY = ("site", "mention", "relative")
COORD_DECIMALS = 6

SITE_COLUMNS = [
    "site_id", "site_name", "site_name_ar", "kind", "geo_precision", "lat", "lon", "mentions", "documents",
    "sources", "independent_sources", "source_list", "first_seen", "last_seen", "actors", "activities", "mean_confidence",
]
MENTION_COLUMNS = [
    "mention_id", "document_id", "input_id", "site_id", "site_name", "kind", "source", "published", "url",
    "title", "lang", "surface", "start", "end", "confidence", "rule", "snippet", "actors", "activities",
    "actors_paragraph", "syndicated", "geo_precision", "time_precision", "lat", "lon",
]
RELATIVE_COLUMNS = [
    "relative_id", "precision", "radius_km", "anchor", "anchor_name", "distance_km", "bearing_deg",
    "direction", "surface", "snippet", "document_id", "input_id", "start", "end", "source", "published", "url",
    "title", "lang", "syndicated", "geo_precision", "time_precision", "lat", "lon",
]
LIST_COLUMNS = ("source_list", "actors", "activities", "actors_paragraph")
DATE_COLUMNS = ("first_seen", "last_seen", "published")


#: ACLED-style ``geo_precision`` by site kind: 1 the site itself (a base, an airfield, a port, an oil
#: field: an exact installation), 2 a town or a place near it, 3 a region (and every relative position).
GEO_PRECISION = {
    "airbase": 1, "airport": 1, "airfield": 1, "port": 1, "oilfield": 1,
    "town": 2, "oasis": 2, "village": 2,
    "region": 3, "district": 3,
}
#: ``geo_precision`` of a kind the table does not know, and of every relative position.
GEO_PRECISION_APPROXIMATE = 3
#: ``time_precision``: 1 the day is known (a full publication date), 3 no date (at best the period of
#: the collection). The store keeps full dates only, so 2 (only the week or month) is given only when
#: the frame itself carries a ``time_precision`` column that says so.
TIME_PRECISION_DAY = 1
TIME_PRECISION_UNKNOWN = 3


def geo_precision(kinds: pd.Series) -> pd.Series:
    """``geo_precision`` (1, 2 or 3, see :data:`GEO_PRECISION`) of each site kind."""
    codes = kinds.astype(object).map(lambda k: GEO_PRECISION.get(str(k), GEO_PRECISION_APPROXIMATE))
    return codes.astype("int64")


def time_precision(frame: pd.DataFrame) -> pd.Series:
    """``time_precision`` of each row of ``frame``: its own ``time_precision`` column where it has one
    (a value 1, 2 or 3), else 1 when ``published`` is known and 3 when it is not."""
    published = pd.to_datetime(frame["published"]) if "published" in frame.columns else pd.Series(
        pd.NaT, index=frame.index)
    codes = pd.Series(TIME_PRECISION_UNKNOWN, index=frame.index, dtype="int64")
    codes[published.notna()] = TIME_PRECISION_DAY
    given = frame.get("time_precision")
    if given is not None:
        stated = pd.to_numeric(given, errors="coerce")
        ok = stated.isin([1, 2, 3])
        codes[ok] = stated[ok].astype("int64")
    return codes


def input_ids(frame: pd.DataFrame) -> pd.Series:
    """The id each row's document came with (``frame["input_id"]``: JSON id, feed guid, CSV id, file
    path) as text, None where the frame has none or the value is empty."""
    values = frame.get("input_id")
    if values is None:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    ids = [None if v is None or pd.isna(v) or str(v) == "" else str(v) for v in values.tolist()]
    return pd.Series(ids, index=frame.index, dtype=object)


def site_table(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """One row per site (columns :data:`SITE_COLUMNS` + geometry), most mentioned first."""
    out = aggregate.site_summary(frame)
    out["lat"] = out["lat"].astype("float64").round(COORD_DECIMALS)
    out["lon"] = out["lon"].astype("float64").round(COORD_DECIMALS)
    out["mean_confidence"] = out["mean_confidence"].astype("float64").round(4)
    out["geo_precision"] = geo_precision(out["kind"])
    return gpd.GeoDataFrame(out[SITE_COLUMNS], geometry=gpd.points_from_xy(out["lon"], out["lat"]),
                            crs="EPSG:4326")


def mention_table(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    """One row per mention (columns :data:`MENTION_COLUMNS` + geometry), in the frame's order.

    ``snippet`` is the mention's sentence; ``start``/``end`` are offsets into the original text;
    ``actors`` / ``activities`` are those of the sentence, ``actors_paragraph`` those of its paragraph
    (an empty list when the frame has no such column); ``input_id`` is the id the document came with
    (None when the frame has no such column); ``geo_precision`` and ``time_precision`` are the ACLED-style
    codes (:func:`geo_precision`, :func:`time_precision`).
    """
    if frame.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in MENTION_COLUMNS})
        for c in ("mention_id", "document_id", "start", "end", "geo_precision", "time_precision"):
            out[c] = out[c].astype("int64")
        for c in ("confidence", "lat", "lon"):
            out[c] = out[c].astype("float64")
        out["published"] = pd.to_datetime(out["published"])
        out["syndicated"] = out["syndicated"].astype(bool)
    else:
        src = frame.rename(columns={"sentence": "snippet"})
        if "actors_paragraph" not in src.columns:
            src = src.assign(actors_paragraph=[[] for _ in range(len(src))])
        src = src.assign(input_id=input_ids(frame).to_numpy(), geo_precision=geo_precision(src["kind"]).to_numpy(),
                         time_precision=time_precision(frame).to_numpy())
        out = src[MENTION_COLUMNS].copy()
        for c in ("site_id", "site_name", "kind", "source", "url", "title", "lang", "surface", "rule", "snippet"):
            out[c] = out[c].astype(object)
        out["lat"] = out["lat"].astype("float64").round(COORD_DECIMALS)
        out["lon"] = out["lon"].astype("float64").round(COORD_DECIMALS)
        out = out.reset_index(drop=True)
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["lon"], out["lat"]), crs="EPSG:4326")


#: Vertices of a relative position's circle polygon (one every 5 degrees of azimuth): the polygon's
#: area is 0.13 % below the circle's, and every vertex lies exactly ``radius_km`` from the centre.
CIRCLE_VERTICES = 72


def geodesic_circle(lat: float, lon: float, radius_km: float, vertices: int = CIRCLE_VERTICES) -> Polygon:
    """The polygon of the points ``radius_km`` kilometres (geodesic, WGS84) from ``(lat, lon)``, one
    vertex per ``360 / vertices`` degrees of azimuth, counterclockwise (RFC 7946), coordinates rounded
    to 6 decimals. Raises :class:`~geotrack.errors.ExportError` for a radius that is not a positive
    number."""
    if not (isinstance(radius_km, (int, float)) and math.isfinite(radius_km) and radius_km > 0):
        msg = f"cannot draw a circle of radius {radius_km!r} km around ({lat}, {lon}); the radius must be a positive number"
        raise ExportError(msg)
    from pyproj import Geod

    azimuths = np.linspace(360.0, 0.0, vertices, endpoint=False)  # decreasing azimuth: counterclockwise
    lons, lats, _ = Geod(ellps="WGS84").fwd(np.full(vertices, lon), np.full(vertices, lat), azimuths,
                              np.full(vertices, radius_km * 1000.0))
    ring = list(zip(np.round(lons, COORD_DECIMALS).tolist(), np.round(lats, COORD_DECIMALS).tolist(), strict=True))
    return Polygon(ring)


def relative_table(relative: pd.DataFrame | None, *, circles: bool = False) -> gpd.GeoDataFrame:
    """One row per relative position (columns :data:`RELATIVE_COLUMNS` + geometry), newest first.

    The geometry is the centre of the uncertainty circle (see the module docstring), or with ``circles``
    the circle itself (:func:`geodesic_circle`); ``lat``/``lon`` are the centre either way.
    ``relative_id`` is ``"<document_id>:<start>"``, unique per statement; ``geo_precision`` is always 3.
    """
    if relative is None or relative.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in RELATIVE_COLUMNS})
        for c in ("document_id", "start", "end", "geo_precision", "time_precision"):
            out[c] = out[c].astype("int64")
        for c in ("radius_km", "distance_km", "bearing_deg", "lat", "lon"):
            out[c] = out[c].astype("float64")
        out["published"] = pd.to_datetime(out["published"])
        out["syndicated"] = out["syndicated"].astype(bool)
    else:
        src = relative.sort_values(["published", "document_id", "start"], ascending=[False, True, True],
                                   na_position="last", kind="stable")
        out = pd.DataFrame({
            "relative_id": [f"{d}:{s}" for d, s in zip(src["document_id"], src["start"], strict=True)],
            "precision": "relative",
            "radius_km": src["radius_km"].astype("float64").round(3),
            "anchor": src["anchor_site_id"].astype(object),
            "anchor_name": (src["anchor_name"] if "anchor_name" in src.columns
                            else src["anchor_site_id"]).astype(object),
            "distance_km": src["distance_km"].astype("float64").round(3),
            "bearing_deg": src["bearing_deg"].astype("float64").round(1),
            "direction": src["direction"].astype(object),
            "surface": src["surface"].astype(object),
            "snippet": src["sentence"].astype(object),
            "document_id": src["document_id"].astype("int64"),
            "input_id": input_ids(src),
            "start": src["start"].astype("int64"),
            "end": src["end"].astype("int64"),
            "source": src["source"].astype(object),
            "published": pd.to_datetime(src["published"]),
            "url": src["url"].astype(object),
            "title": src["title"].astype(object),
            "lang": src["lang"].astype(object),
            "syndicated": (src["syndicated"].fillna(False).astype(bool) if "syndicated" in src.columns
                           else False),
            "geo_precision": GEO_PRECISION_APPROXIMATE,
            "time_precision": time_precision(src),
            "lat": src["lat"].astype("float64").round(COORD_DECIMALS),
            "lon": src["lon"].astype("float64").round(COORD_DECIMALS),
        }).reset_index(drop=True)
        out["geo_precision"] = out["geo_precision"].astype("int64")
    out = out[RELATIVE_COLUMNS]
    if circles:
        shapes = [geodesic_circle(lat, lon, r) for lat, lon, r in
                  zip(out["lat"].tolist(), out["lon"].tolist(), out["radius_km"].tolist(), strict=True)]
        return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(shapes, index=out.index, dtype="geometry"),
                                crs="EPSG:4326")
    return gpd.GeoDataFrame(out, geometry=gpd.points_from_xy(out["lon"], out["lat"]), crs="EPSG:4326")


ISO_FORMAT = "%Y-%m-%dT%H:%M:%S"


def _iso_column(values: pd.Series) -> list[str | None]:
    """ISO 8601 strings (``2024-03-05T00:00:00``), None for unknown dates."""
    dates = pd.to_datetime(values)
    text = dates.dt.strftime(ISO_FORMAT)
    return [t if ok else None for t, ok in zip(text.tolist(), dates.notna().tolist(), strict=True)]


def _json_column(values: pd.Series) -> list[Any]:
    """Plain Python values for ``json``: numpy scalars unwrapped, NaN as None, lists as lists of str."""
    if values.name in LIST_COLUMNS:
        return [[str(x) for x in v] for v in values.tolist()]
    if values.name in DATE_COLUMNS:
        return _iso_column(values)
    out = values.astype(object).where(values.notna(), None).tolist()
    return [None if isinstance(v, float) and math.isnan(v) else v for v in out]


def _json_lists(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for col in LIST_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(lambda v: json.dumps([str(x) for x in v], ensure_ascii=False)).astype(object)
    return out


def _iso_dates(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    for col in DATE_COLUMNS:
        if col in out.columns:
            out[col] = pd.Series(_iso_column(out[col]), index=out.index, dtype=object)
    return out


def _ring(coords: Any) -> list[list[float]]:
    return [[round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS)] for x, y, *_ in coords]


def geometry_json(table: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The GeoJSON geometry of each row: a ``Point`` at the row's ``lon``/``lat`` (rounded to
    :data:`COORD_DECIMALS`), or a ``Polygon`` (a relative position's circle) from its geometry."""
    lons = table["lon"].astype("float64").round(COORD_DECIMALS).tolist()
    lats = table["lat"].astype("float64").round(COORD_DECIMALS).tolist()
    out: list[dict[str, Any]] = []
    for geom, lon, lat in zip(table.geometry, lons, lats, strict=True):
        if isinstance(geom, Polygon):
            rings = [_ring(geom.exterior.coords), *(_ring(r.coords) for r in geom.interiors)]
            out.append({"type": "Polygon", "coordinates": rings})
        else:
            out.append({"type": "Point", "coordinates": [lon, lat]})
    return out


def write_geojson(table: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """RFC 7946 FeatureCollection (see the module docstring)."""
    id_col = {"sites": "site_id", "mentions": "mention_id", "relative": "relative_id"}[layer]
    props = pd.DataFrame(table.drop(columns="geometry"))
    names = list(props.columns)
    columns = [_json_column(props[c]) for c in names]
    ids = columns[names.index(id_col)]
    features = [
        {"type": "Feature", "id": fid, "geometry": geometry, "properties": dict(zip(names, row, strict=True))}
        for fid, geometry, row in zip(ids, geometry_json(table), zip(*columns, strict=True), strict=True)
    ]
    doc = {"type": "FeatureCollection", "features": features}
    # json.dumps uses the C encoder (json.dump to a file does not): several times faster.
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")


def write_gpkg(table: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """GeoPackage, one layer (``sites``, ``mentions`` or ``relative``), list columns as JSON strings."""
    out = gpd.GeoDataFrame(_json_lists(table), geometry="geometry", crs="EPSG:4326")
    out.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")


#: Rows end with CRLF (RFC 4180): Python's csv writer quotes a cell only when it holds a character of the
#: line end, so with a bare "\n" a carriage return inside a title would silently split its row.
CSV_LINE_END = "\r\n"


def csv_safe(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every text cell passed through :func:`geotrack.outputs.escape.csv_cell` (formula
    injection); numeric, boolean and date columns unchanged."""
    out = table.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            out[col] = out[col].map(csv_cell).astype(object)
    return out


#: CSV names of the coordinate columns: the pair kepler.gl (and most point importers) recognise.
CSV_COORDINATES = {"lat": "latitude", "lon": "longitude"}


def write_csv(table: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """Plain UTF-8 CSV with numeric ``latitude``/``longitude`` columns, lists as JSON strings, ISO 8601
    dates, text cells safe from formula injection (:func:`csv_safe`); polygons (relative positions drawn
    as circles) as WKT in a last ``geometry`` column."""
    out = _iso_dates(_json_lists(pd.DataFrame(table.drop(columns="geometry"))))
    if any(isinstance(g, Polygon) for g in table.geometry):
        out["geometry"] = [g.wkt if isinstance(g, Polygon) else None for g in table.geometry]
    out = csv_safe(out).rename(columns=CSV_COORDINATES)
    out.to_csv(path, index=False, encoding="utf-8", lineterminator=CSV_LINE_END)


def write_parquet(table: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """GeoParquet (WKB geometry, CRS in the metadata); lists stay lists."""
    out = table.copy()
    for col in LIST_COLUMNS:
        if col in out.columns:
            out[col] = out[col].map(lambda v: [str(x) for x in v])
    out.to_parquet(path, index=False)


@dataclass(frozen=True)
class Exporter:
    """One output format: its writer and the file suffix it is usually given."""

    name: str
    suffix: str
    write: Callable[[gpd.GeoDataFrame, Path, str], None]
    description: str


_WRITERS: dict[str, Callable[[gpd.GeoDataFrame, Path, str], None]] = {
    "geojson": write_geojson, "gpkg": write_gpkg, "csv": write_csv, "parquet": write_parquet,
    "kml": write_kml, "kmz": write_kmz,
}
#: Every format of :data:`geotrack.outputs.formats.CATALOGUE` with its writer.
EXPORTERS: dict[str, Exporter] = {
    f.name: Exporter(f.name, f.suffix, _WRITERS[f.name], f.description) for f in CATALOGUE.values()
}


def get_exporter(fmt: str) -> Exporter:
    return EXPORTERS[get_format(fmt).name]


#: Layer name (GeoPackage) and GeoJSON id column per export unit.
LAYERS = {"site": "sites", "mention": "mentions", "relative": "relative"}


def export_table(frame: pd.DataFrame, by: str = "site", relative: pd.DataFrame | None = None, *,
                 circles: bool = False) -> gpd.GeoDataFrame:
    """The table an export writes: :func:`site_table`, :func:`mention_table` or :func:`relative_table`
    (of ``relative``, the frame of ``Store.relative_frame``; with ``circles``, each position as the
    polygon of its uncertainty circle)."""
    if by not in BY:
        msg = (f"unknown export unit {by!r}; use one of {', '.join(BY)} (one row per site, per mention or per "
               "relative position)")
        raise ExportError(msg)
    if circles and by != "relative":
        msg = (f"circles are drawn only for relative positions (unit 'relative'), not for the unit {by!r}; "
               "sites and mentions are exact points")
        raise ExportError(msg)
    if by == "site":
        return site_table(frame)
    if by == "mention":
        return mention_table(frame)
    return relative_table(relative, circles=circles)


def export(frame: pd.DataFrame, path: str | Path, fmt: str | None = None, by: str = "site", *,
           relative: pd.DataFrame | None = None, circles: bool = False) -> Path:
    """Write ``frame`` by site or by mention (or ``relative`` by relative position) to ``path`` in format
    ``fmt`` (default: the one of the file's suffix, see :func:`format_for_path`); returns the path
    written. ``circles`` draws each relative position as the geodesic polygon of its uncertainty circle
    (:func:`geodesic_circle`) instead of its centre point."""
    exporter = get_exporter(format_for_path(path, fmt))
    table = export_table(frame, by, relative, circles=circles)
    out = Path(path)
    if out.is_dir():
        msg = f"{str(out)!r} is a folder; give a file name, e.g. {str(out / ('sites' + exporter.suffix))!r}"
        raise ExportError(msg)
    if not out.parent.exists():
        msg = f"folder {str(out.parent)!r} does not exist; create it or choose another output path"
        raise ExportError(msg)
    layer = LAYERS[by]
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=exporter.suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # some drivers refuse to write over an existing (empty) file
    try:
        exporter.write(table, tmp, layer)
        os.replace(tmp, out)
    except OSError as exc:
        msg = f"cannot write {exporter.name} export to {str(out)!r}: {exc}; check the folder is writable"
        raise ExportError(msg) from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


__all__ = [
    "BY",
    "CIRCLE_VERTICES",
    "CSV_COORDINATES",
    "CSV_LINE_END",
    "EXPORTERS",
    "FORMATS",
    "GEO_PRECISION",
    "LAYERS",
    "MENTION_COLUMNS",
    "RELATIVE_COLUMNS",
    "SITE_COLUMNS",
    "SUFFIX_ALIASES",
    "Exporter",
    "csv_safe",
    "export",
    "export_table",
    "format_for_path",
    "geo_precision",
    "geodesic_circle",
    "geometry_json",
    "get_exporter",
    "input_ids",
    "mention_table",
    "relative_table",
    "site_table",
    "suffixes",
    "time_precision",
]
