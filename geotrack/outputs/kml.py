"""KML and KMZ exports: Google Earth plays them on its time slider.

One ``Placemark`` per row of an export table (:func:`geotrack.outputs.export.export_table`), in one
``Document`` named after the layer (``sites``, ``mentions`` or ``relative``, the layer names of the
GeoPackage; GDAL reads the document as one layer of that name, from a KMZ too: placemarks in a
``Folder`` would hide their typed fields from GDAL's LIBKML driver inside a KMZ):

* **time**: a mention or a relative position has a ``TimeStamp`` (its publication date), a site a
  ``TimeSpan`` from ``first_seen`` to ``last_seen``, both as UTC ``xsd:dateTime``
  (``2024-03-05T00:00:00Z``); a row without a date has none (Google Earth then shows it at every time).
* **name**: the site's English name (a relative position: its statement, "300 km south of Kufra"), as
  plain text: bidi controls removed, a blank name shown as ``(unnamed)``
  (:func:`geotrack.outputs.escape.xml_shown`).
* **description**: an HTML balloon with the evidence sentence, source, date, title, URL (a link only for
  ``http(s)``), the document id the input gave (``input_id``) and geotrack's own number, and the
  precision codes. Every value is escaped for HTML, stripped of bidi controls and set in an element with
  ``dir="auto"``, so Arabic reads right to left and never reorders its neighbours; the HTML is then
  escaped as XML text (:func:`geotrack.outputs.escape.xml_text`). A shared style shows only this
  description in the balloon.
* **ExtendedData**: every column of the table, typed by a ``Schema`` (``int``, ``double``, ``bool``,
  ``string``) so GIS readers (GDAL's KML and LIBKML drivers, QGIS) get the same fields as from the other
  formats (but the text offsets ``start``/``end``, named ``text_start``/``text_end``:
  :data:`FIELD_NAMES`). Values are exact (escaped with :func:`~geotrack.outputs.escape.xml_text`; XML
  itself reads a carriage return as a line feed and has no place for C0 control characters, which
  become U+FFFD); lists are JSON arrays, dates ISO 8601; an unknown value is left out.
* **geometry**: a ``Point``, or a ``Polygon`` for a relative position drawn as its uncertainty circle.

KMZ is the same document zipped as ``doc.kml`` (the first and only entry, deflated).
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from shapely.geometry import Polygon

from geotrack.outputs.escape import (
    UNNAMED_SOURCE,
    as_text,
    display,
    html_attr,
    html_text,
    safe_url,
    strip_bidi,
    xml_shown,
    xml_text,
)

KML_NAMESPACE = "http://www.opengis.net/kml/2.2"
#: Name of the KML document inside a KMZ archive.
KMZ_ENTRY = "doc.kml"
UNNAMED = "(unnamed)"
COORD_DECIMALS = 6
#: Layers whose rows carry a time span (first to last seen) instead of a time stamp.
SPAN_LAYERS = frozenset({"sites"})
TITLES = {"sites": "geotrack: sites", "mentions": "geotrack: mentions",
          "relative": "geotrack: relative positions (approximate)"}
#: KML colours are aabbggrr: a blue outline and a translucent blue fill for uncertainty circles.
_STYLES = (
    '<Style id="evidence"><BalloonStyle><text>$[description]</text></BalloonStyle></Style>'
    '<Style id="approximate"><LineStyle><color>ffb4771f</color><width>2</width></LineStyle>'
    "<PolyStyle><color>40b4771f</color></PolyStyle>"
    "<BalloonStyle><text>$[description]</text></BalloonStyle></Style>"
)


#: ExtendedData names of the columns whose own name a KML reader takes for something else: GDAL's KML
#: drivers read ``begin``/``end``/``timestamp`` from the time elements (and would rename a field ``end``
#: to ``end2``), so the text offsets ``start``/``end`` are ``text_start``/``text_end`` in KML.
FIELD_NAMES = {"start": "text_start", "end": "text_end"}


def field_name(column: str) -> str:
    """The ExtendedData name of a table column (:data:`FIELD_NAMES`, else the column's own name)."""
    return FIELD_NAMES.get(column, column)


def kml_time(value: Any) -> str | None:
    """A UTC ``xsd:dateTime`` (``2024-03-05T00:00:00Z``) for KML, None for an unknown date."""
    if value is None or pd.isna(value):
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: Any) -> str:
    return "unknown" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _field_type(series: pd.Series) -> str:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "double"
    return "string"


def _data_value(value: Any, kind: str) -> str | None:
    """The text of one ``SimpleData`` value (not yet escaped), None when unknown."""
    if isinstance(value, (list, tuple)) or (hasattr(value, "tolist") and not isinstance(value, str)
                                             and getattr(value, "ndim", 0) == 1):
        return json.dumps([str(v) for v in list(value)], ensure_ascii=False)
    if value is None:
        return None
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        if pd.isna(value):
            return None
        return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, float) and math.isnan(value):
        return None
    if kind == "bool":
        return "1" if bool(value) else "0"
    if kind == "int":
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return as_text(value)


def _column_texts(series: pd.Series, kind: str) -> list[str | None]:
    """:func:`_data_value` of a whole column (numbers and dates converted column-wise)."""
    if kind == "int":
        return [str(v) for v in series.tolist()]
    if kind == "bool":
        return ["1" if v else "0" for v in series.tolist()]
    if kind == "double":
        return [None if math.isnan(v) else repr(v) for v in series.astype("float64").tolist()]
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        text = series.dt.strftime("%Y-%m-%dT%H:%M:%S").tolist()
        return [t if ok else None for t, ok in zip(text, series.notna().tolist(), strict=True)]
    return [_data_value(v, kind) for v in series.tolist()]


def _row(label: str, value_html: str) -> str:
    return f'<tr><th>{html_text(label)}</th><td dir="auto">{value_html}</td></tr>'


class Balloon:
    """Builds the balloon HTML of rows (:meth:`html`); the escaped form of each text is kept, because
    sources, names, titles and URLs recur from row to row."""

    def __init__(self) -> None:
        self._shown: dict[tuple[str, str], str] = {}
        self._links: dict[str, str] = {}

    def shown(self, value: object, placeholder: str = "") -> str:
        """A value for the balloon: bidi controls removed, escaped (its element gives its direction)."""
        text = as_text(value)
        key = (text, placeholder)
        out = self._shown.get(key)
        if out is None:
            out = self._shown[key] = html_text(display(strip_bidi(text), placeholder))
        return out

    def link(self, url: object) -> str:
        """A link for an http(s) URL, the URL as text otherwise."""
        text = as_text(url)
        out = self._links.get(text)
        if out is None:
            href = safe_url(text)
            out = f'<a href="{html_attr(href)}">{self.shown(href)}</a>' if href else self.shown(text)
            self._links[text] = out
        return out

    def document(self, row: dict[str, Any]) -> str:
        """The id the input gave the document, then geotrack's number for it."""
        given = row.get("input_id")
        number = f"geotrack #{int(row['document_id'])}" if row.get("document_id") is not None else ""
        if given is None or (isinstance(given, float) and math.isnan(given)) or given == "":
            return html_text(number or "unknown")
        if not number:
            return self.shown(given)
        return f'<bdi dir="auto">{self.shown(given)}</bdi> ({html_text(number)})'

    def items(self, value: Any) -> str:
        items = [str(v) for v in (value if value is not None else [])]
        return self.shown(", ".join(items)) if items else "—"

    def evidence(self, row: dict[str, Any]) -> list[str]:
        return [
            _row("source", self.shown(row.get("source"), UNNAMED_SOURCE)),
            _row("date", html_text(_day(row.get("published")))),
            _row("title", self.shown(row.get("title"))),
            _row("URL", self.link(row.get("url"))),
            _row("document", self.document(row)),
            _row("precision", html_text(f"geo {row.get('geo_precision')}, time {row.get('time_precision')}")),
        ]

    def html(self, row: dict[str, Any], layer: str) -> str:
        """The balloon HTML of one row (not yet escaped for XML; see the module docstring)."""
        if layer == "sites":
            rows = [
                _row("Arabic name", self.shown(row.get("site_name_ar"))),
                _row("kind", self.shown(row.get("kind"))),
                _row("mentions / documents / sources",
                     html_text(f"{row.get('mentions')} / {row.get('documents')} / {row.get('sources')}")),
                _row("first seen", html_text(_day(row.get("first_seen")))),
                _row("last seen", html_text(_day(row.get("last_seen")))),
                _row("sources", self.items(row.get("source_list"))),
                _row("actors", self.items(row.get("actors"))),
                _row("activities", self.items(row.get("activities"))),
                _row("precision", html_text(f"geo {row.get('geo_precision')}")),
            ]
            head = ""
        elif layer == "relative":
            rows = [
                _row("anchor", self.shown(row.get("anchor_name"))),
                _row("distance", html_text(f"{row.get('distance_km')} km {as_text(row.get('direction'))}")),
                _row("uncertainty", html_text(f"±{row.get('radius_km')} km (approximate position)")),
                *self.evidence(row),
            ]
            head = f'<p dir="auto">{self.shown(row.get("snippet"))}</p>'
        else:
            rows = [_row("site", self.shown(row.get("site_name"))), *self.evidence(row)]
            head = f'<p dir="auto">{self.shown(row.get("snippet"))}</p>'
        return f'<div class="geotrack">{head}<table>{"".join(rows)}</table></div>'


def description_html(row: dict[str, Any], layer: str) -> str:
    """The balloon HTML of one row (not yet escaped for XML; see the module docstring)."""
    return Balloon().html(row, layer)


def _coords(points: Any) -> str:
    return " ".join(f"{round(float(x), COORD_DECIMALS)!r},{round(float(y), COORD_DECIMALS)!r}"
                    for x, y, *_ in points)


def _geometry(geom: Any, lon: float, lat: float) -> str:
    if isinstance(geom, Polygon):
        inner = "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_coords(r.coords)}</coordinates>"
                        "</LinearRing></innerBoundaryIs>" for r in geom.interiors)
        return ("<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing><coordinates>"
                f"{_coords(geom.exterior.coords)}</coordinates></LinearRing></outerBoundaryIs>{inner}</Polygon>")
    return f"<Point><coordinates>{_coords([(lon, lat)])}</coordinates></Point>"


def _time(row: dict[str, Any], layer: str) -> str:
    if layer in SPAN_LAYERS:
        begin, end = kml_time(row.get("first_seen")), kml_time(row.get("last_seen"))
        if begin is None and end is None:
            return ""
        parts = (f"<begin>{begin}</begin>" if begin else "") + (f"<end>{end}</end>" if end else "")
        return f"<TimeSpan>{parts}</TimeSpan>"
    when = kml_time(row.get("published"))
    return f"<TimeStamp><when>{when}</when></TimeStamp>" if when else ""


def _name(row: dict[str, Any], layer: str) -> str:
    value = row.get("surface") if layer == "relative" else row.get("site_name")
    return xml_shown(value, UNNAMED)


def placemarks(table: gpd.GeoDataFrame, layer: str) -> Iterator[str]:
    """The ``<Placemark>`` of each row of ``table``."""
    props = pd.DataFrame(table.drop(columns="geometry"))
    types = {c: _field_type(props[c]) for c in props.columns}
    opening = {c: f'<SimpleData name="{xml_text(field_name(c))}">' for c in props.columns}
    escaped: dict[str, str] = {}  # sources, names, titles and sentences recur: escape each text once
    records = props.to_dict("records")
    columns = [(opening[c], kind, _column_texts(props[c], kind)) for c, kind in types.items()]
    style = "approximate" if layer == "relative" else "evidence"
    schema = f'<ExtendedData><SchemaData schemaUrl="#{xml_text(layer)}">'
    balloon = Balloon()
    for i, (row, geom) in enumerate(zip(records, table.geometry, strict=True)):
        data = []
        for tag, kind, texts in columns:
            text = texts[i]
            if text is None:
                continue
            if kind == "string":
                value = escaped.get(text)
                if value is None:
                    value = escaped[text] = xml_text(text)
            else:
                value = text  # digits, signs, points, exponents: nothing to escape
            data.append(f"{tag}{value}</SimpleData>")
        yield (f"<Placemark><name>{_name(row, layer)}</name>"
               f"<description>{xml_text(balloon.html(row, layer))}</description>"
               f"{_time(row, layer)}<styleUrl>#{style}</styleUrl>"
               f'{schema}{"".join(data)}</SchemaData></ExtendedData>'
               f"{_geometry(geom, row['lon'], row['lat'])}</Placemark>")


def kml_document(table: gpd.GeoDataFrame, layer: str) -> str:
    """The KML text of ``table`` (one export layer; see the module docstring)."""
    props = table.drop(columns="geometry")
    fields = "".join(f'<SimpleField type="{_field_type(props[c])}" name="{xml_text(field_name(c))}"/>'
                     for c in props.columns)
    title = TITLES.get(layer, f"geotrack: {layer}")
    # an empty export holds an empty Folder of the layer's name: GDAL finds no layer in a Document
    # without features, and then refuses to open the file
    body = "\n".join(placemarks(table, layer)) or f"<Folder><name>{xml_text(layer)}</name></Folder>"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<kml xmlns="{KML_NAMESPACE}">\n<Document><name>{xml_text(layer)}</name>'
        f"<description>{xml_text(title)}</description>\n{_STYLES}\n"
        f'<Schema name="{xml_text(layer)}" id="{xml_text(layer)}">{fields}</Schema>\n'
        f"{body}\n</Document>\n</kml>\n"
    )


def write_kml(table: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """KML 2.2, UTF-8 (see the module docstring)."""
    path.write_text(kml_document(table, layer), encoding="utf-8", newline="\n")


def write_kmz(table: gpd.GeoDataFrame, path: Path, layer: str) -> None:
    """KMZ: the KML of :func:`write_kml` zipped as ``doc.kml``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(KMZ_ENTRY, kml_document(table, layer).encode("utf-8"))


__all__ = [
    "FIELD_NAMES",
    "KML_NAMESPACE",
    "KMZ_ENTRY",
    "Balloon",
    "description_html",
    "field_name",
    "kml_document",
    "kml_time",
    "placemarks",
    "write_kml",
    "write_kmz",
]
