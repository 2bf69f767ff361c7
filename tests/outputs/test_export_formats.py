"""Exports analysts open directly (issue 12, item 7, and the document ids of item 2).

Each format is read back with the library its users would use: GDAL through pyogrio/geopandas (the
engine of QGIS; its LIBKML driver for KML and KMZ), ElementTree for the KML structure, pandas for the CSV
(as kepler.gl reads a table), geographiclib (an independent geodesic library) for the circles.
"""

from __future__ import annotations

import json
import math
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, Polygon
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.errors import ExportError
from geotrack.models import Site
from geotrack.outputs.export import (
    CIRCLE_VERTICES,
    GEO_PRECISION,
    MENTION_COLUMNS,
    RELATIVE_COLUMNS,
    export,
    geodesic_circle,
    geometry_json,
    relative_table,
)
from geotrack.outputs.kml import KMZ_ENTRY, kml_document, kml_time
from tests.builders import article, make_store, mentions_frame, relative_frame

KML = "{http://www.opengis.net/kml/2.2}"
LIBKML_FIELDS = ["id", "Name", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
                 "visibility", "drawOrder", "icon"]
runner = CliRunner()


@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    """Five mentions: two dated documents (one Arabic) and one without a date; ``input_id`` as a store
    that keeps the input's ids gives it."""
    out = mentions_frame(tmp_path / "f.db", [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte", "al-jufra"], actors=["Russia"]),
        article("b1", "الوسط", "2024-04-10T08:30:00Z", ["al-jufra"], lang="ar", url="https://alwasat.example/a/b1",
                sentences=["طائرات في قاعدة الجفرة الجوية يوم 10 أبريل."]),
        article("c1", "Outlet C", "", ["kufra"]),
    ])
    ids = {1: "feed:guid-17", 2: "https://alwasat.example/b1", 3: "data/in/c1.txt"}
    out["input_id"] = [ids[d] for d in out["document_id"]]
    return out


@pytest.fixture
def relative() -> pd.DataFrame:
    return relative_frame(pd.NaT, input_ids=("sm-2024-0410", None))


def kml_root(path: Path) -> ET.Element:
    if path.suffix == ".kmz":
        with zipfile.ZipFile(path) as zf:
            return ET.fromstring(zf.read(KMZ_ENTRY))
    return ET.parse(path).getroot()


def data(placemark: ET.Element) -> dict[str, str]:
    return {d.get("name", ""): d.text or "" for d in placemark.iter(f"{KML}SimpleData")}


def read_gdal(path: Path) -> gpd.GeoDataFrame:
    return gpd.read_file(path, engine="pyogrio")


# -- KML / KMZ -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_kml_mentions_have_a_time_stamp_each(frame: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    path = export(frame, tmp_path / f"m.{fmt}", by="mention")
    root = kml_root(path)
    doc = root.find(f"{KML}Document")
    assert doc is not None and doc.findtext(f"{KML}name") == "mentions"
    marks = root.findall(f".//{KML}Placemark")
    assert len(marks) == 5
    whens = [m.findtext(f"{KML}TimeStamp/{KML}when") for m in marks]
    assert whens == [None] + ["2024-03-05T00:00:00Z"] * 3 + ["2024-04-10T08:30:00Z"]
    assert [m.find(f"{KML}TimeSpan") for m in marks] == [None] * 5
    assert [m.findtext(f"{KML}name") for m in marks] == ["Kufra", "Al Jufra Air Base", "Sirte", "Al Jufra Air Base",
                                                         "Al Jufra Air Base"]
    assert [m.findtext(f"{KML}Point/{KML}coordinates") for m in marks][:2] == ["23.3139,24.1833", "16.0008,29.1981"]
    d = data(marks[4])
    assert d["input_id"] == "https://alwasat.example/b1" and d["document_id"] == "2"
    assert d["source"] == "الوسط" and d["snippet"] == "طائرات في قاعدة الجفرة الجوية يوم 10 أبريل."
    assert (d["geo_precision"], d["time_precision"]) == ("1", "1")
    assert (d["text_start"], d["text_end"]) == (str(frame.loc[4, "start"]), str(frame.loc[4, "end"]))
    assert d["published"] == "2024-04-10T08:30:00"
    assert "published" not in data(marks[0]) and data(marks[0])["time_precision"] == "3"
    # GDAL (QGIS, ogr2ogr) reads the time stamps and the typed fields
    got = read_gdal(path)
    assert pd.isna(got["timestamp"].iloc[0])
    assert got["timestamp"].dt.strftime("%Y-%m-%dT%H:%M").tolist()[1:] == ["2024-03-05T00:00"] * 3 + [
        "2024-04-10T08:30"]
    assert got["mention_id"].tolist() == frame["mention_id"].tolist()
    assert got["input_id"].tolist() == frame["input_id"].tolist()
    assert got["geo_precision"].tolist() == [2, 1, 2, 1, 1] and got["time_precision"].tolist() == [3, 1, 1, 1, 1]
    assert got["syndicated"].tolist() == [False] * 5
    assert [c for c in got.columns if c not in LIBKML_FIELDS and c != "geometry"] == [
        {"start": "text_start", "end": "text_end"}.get(c, c) for c in MENTION_COLUMNS]
    assert (got.geometry.x.tolist()[1], got.geometry.y.tolist()[1]) == (16.0008, 29.1981)


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_kml_sites_have_a_time_span(frame: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    path = export(frame, tmp_path / f"s.{fmt}", by="site")
    marks = {m.findtext(f"{KML}name"): m for m in kml_root(path).iter(f"{KML}Placemark")}
    assert list(marks) == ["Al Jufra Air Base", "Kufra", "Sirte"]
    jufra = marks["Al Jufra Air Base"]
    assert jufra.findtext(f"{KML}TimeSpan/{KML}begin") == "2024-03-05T00:00:00Z"
    assert jufra.findtext(f"{KML}TimeSpan/{KML}end") == "2024-04-10T08:30:00Z"
    assert jufra.find(f"{KML}TimeStamp") is None
    assert marks["Kufra"].find(f"{KML}TimeSpan") is None  # no date known: shown at every time
    got = read_gdal(path).set_index("site_id")
    assert got.loc["al-jufra", "begin"] == pd.Timestamp("2024-03-05", tz="UTC")
    assert got.loc["al-jufra", "end"] == pd.Timestamp("2024-04-10 08:30", tz="UTC")
    assert int(got.loc["al-jufra", "mentions"]) == 3 and json.loads(got.loc["al-jufra", "source_list"]) == [
        "Outlet A", "الوسط"]
    assert got.loc["al-jufra", "geo_precision"] == 1 and got.loc["sirte", "geo_precision"] == 2


def test_kml_balloon_has_the_evidence_and_isolates_arabic(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = export(frame, tmp_path / "m.kml", by="mention")
    marks = kml_root(path).findall(f".//{KML}Placemark")
    html = marks[4].findtext(f"{KML}description") or ""
    assert html == (
        '<div class="geotrack"><p dir="auto">طائرات في قاعدة الجفرة الجوية يوم 10 أبريل.</p><table>'
        '<tr><th>site</th><td dir="auto">Al Jufra Air Base</td></tr>'
        '<tr><th>source</th><td dir="auto">الوسط</td></tr>'
        '<tr><th>date</th><td dir="auto">2024-04-10</td></tr>'
        '<tr><th>title</th><td dir="auto">Article b1</td></tr>'
        '<tr><th>URL</th><td dir="auto"><a href="https://alwasat.example/a/b1">https://alwasat.example/a/b1</a></td></tr>'
        '<tr><th>document</th><td dir="auto"><bdi dir="auto">https://alwasat.example/b1</bdi> (geotrack #2)</td></tr>'
        '<tr><th>precision</th><td dir="auto">geo 1, time 1</td></tr></table></div>')
    assert "<tr><th>date</th><td dir=\"auto\">unknown</td></tr>" in (marks[0].findtext(f"{KML}description") or "")
    raw = path.read_text(encoding="utf-8")
    assert raw.count("<styleUrl>#evidence</styleUrl>") == 5
    assert "<BalloonStyle><text>$[description]</text></BalloonStyle>" in raw


def test_kml_escapes_names_and_descriptions(tmp_path: Path) -> None:
    evil = 'A & B <script>alert(1)</script> "q" \u202egnp.exe'
    frame = mentions_frame(tmp_path / "x.db", [article("a1", evil, "2024-03-05", ["sirte"], title=evil,
                                                   url="javascript:alert(1)")])
    frame["input_id"] = ["<id>&\u202e"]
    path = export(frame, tmp_path / "x.kml", by="mention")
    mark = kml_root(path).find(f".//{KML}Placemark")
    assert mark is not None
    html = mark.findtext(f"{KML}description") or ""
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\u202e" not in html and 'href="javascript' not in html
    assert '<td dir="auto">javascript:alert(1)</td>' in html  # shown, never a link
    assert '<bdi dir="auto">&lt;id&gt;&amp;</bdi>' in html
    d = data(mark)
    assert d["source"] == evil and d["title"] == evil and d["input_id"] == "<id>&\u202e"  # the data is exact


def test_kmz_is_the_kml_zipped(frame: pd.DataFrame, tmp_path: Path) -> None:
    kml = export(frame, tmp_path / "m.kml", by="mention")
    kmz = export(frame, tmp_path / "m.kmz", by="mention")
    with zipfile.ZipFile(kmz) as zf:
        assert zf.namelist() == ["doc.kml"]
        assert zf.getinfo("doc.kml").compress_type == zipfile.ZIP_DEFLATED
        assert zf.read("doc.kml") == kml.read_bytes()
    assert kmz.stat().st_size < kml.stat().st_size
    assert pyogrio.list_layers(kmz).tolist() == [["mentions", "Unknown"]]


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
@pytest.mark.parametrize("by", ["site", "mention", "relative"])
def test_empty_kml_opens_as_an_empty_layer(tmp_path: Path, fmt: str, by: str) -> None:
    path = export(pd.DataFrame(), tmp_path / f"e.{fmt}", by=by, relative=None) if by == "relative" else None
    if path is None:
        empty = mentions_frame(tmp_path / "e.db", [])
        path = export(empty, tmp_path / f"e.{fmt}", by=by)
    layer = {"site": "sites", "mention": "mentions", "relative": "relative"}[by]
    assert pyogrio.list_layers(path).tolist() == [[layer, "Unknown"]]
    assert len(read_gdal(path)) == 0


def test_kml_time() -> None:
    assert kml_time(pd.Timestamp("2024-03-05")) == "2024-03-05T00:00:00Z"
    assert kml_time(pd.Timestamp("2024-03-05T10:00:00+02:00")) == "2024-03-05T08:00:00Z"
    assert kml_time(pd.NaT) is None and kml_time(None) is None


# -- GeoPackage: real datetimes (QGIS Temporal Controller) ---------------------------------------------
def _ogr_types(path: Path) -> dict[str, str]:
    info = pyogrio.read_info(path)
    return dict(zip(info["fields"], info["ogr_types"], strict=True))


def test_gpkg_dates_are_datetime_fields(frame: pd.DataFrame, relative: pd.DataFrame, tmp_path: Path) -> None:
    sites = export(frame, tmp_path / "s.gpkg", by="site")
    mentions = export(frame, tmp_path / "m.gpkg", by="mention")
    rel = export(frame, tmp_path / "r.gpkg", by="relative", relative=relative)
    assert {k: v for k, v in _ogr_types(sites).items() if k.endswith("_seen")} == {
        "first_seen": "OFTDateTime", "last_seen": "OFTDateTime"}
    types = _ogr_types(mentions)
    assert types["published"] == "OFTDateTime" and _ogr_types(rel)["published"] == "OFTDateTime"
    assert (types["geo_precision"], types["time_precision"]) == ("OFTInteger64", "OFTInteger64")
    assert types["input_id"] == "OFTString"
    # what QGIS reads: the column is declared DATETIME in the GeoPackage's SQLite table
    with sqlite3.connect(mentions) as db:
        declared = {r[1]: r[2] for r in db.execute('PRAGMA table_info("mentions")')}
    assert declared["published"] == "DATETIME"
    got = read_gdal(mentions)
    assert str(got["published"].dtype).startswith("datetime64")
    assert got["published"].tolist()[4] == pd.Timestamp("2024-04-10 08:30") and pd.isna(got["published"].iloc[0])
    s = read_gdal(sites).set_index("site_id")
    assert s.loc["al-jufra", "first_seen"] == pd.Timestamp("2024-03-05")
    assert s.loc["al-jufra", "last_seen"] == pd.Timestamp("2024-04-10 08:30")


def test_gpkg_dates_stay_datetime_when_none_is_known(tmp_path: Path) -> None:
    frame = mentions_frame(tmp_path / "n.db", [article("a1", "Outlet", "", ["kufra"])])
    assert _ogr_types(export(frame, tmp_path / "m.gpkg", by="mention"))["published"] == "OFTDateTime"
    assert _ogr_types(export(frame, tmp_path / "s.gpkg", by="site"))["first_seen"] == "OFTDateTime"
    assert _ogr_types(export(frame.iloc[:0], tmp_path / "e.gpkg", by="mention"))["published"] == "OFTDateTime"


# -- CSV: latitude / longitude (kepler.gl) --------------------------------------------------------------
@pytest.mark.parametrize("by", ["site", "mention", "relative"])
def test_csv_has_numeric_latitude_longitude(frame: pd.DataFrame, relative: pd.DataFrame, tmp_path: Path,
                                            by: str) -> None:
    path = export(frame, tmp_path / f"{by}.csv", by=by, relative=relative)
    back = pd.read_csv(path)
    assert "latitude" in back.columns and "longitude" in back.columns
    assert "lat" not in back.columns and "lon" not in back.columns and "geometry" not in back.columns
    assert back["latitude"].dtype == "float64" and back["longitude"].dtype == "float64"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header.index("longitude") == header.index("latitude") + 1
    if by == "mention":
        assert back["latitude"].tolist()[:3] == [24.1833, 29.1981, 31.2089]
        assert back["longitude"].tolist()[:3] == [23.3139, 16.0008, 16.5887]
        assert back["input_id"].tolist() == frame["input_id"].tolist()
        assert back["geo_precision"].tolist() == [2, 1, 2, 1, 1] and back["time_precision"].tolist() == [3, 1, 1, 1, 1]
        assert back["published"].fillna("").tolist() == [""] + ["2024-03-05T00:00:00"] * 3 + ["2024-04-10T08:30:00"]


# -- relative positions as circles -----------------------------------------------------------------------
def _check_circle(poly: Polygon, lat: float, lon: float, radius_km: float) -> None:
    geod = Geodesic.WGS84
    ring = list(poly.exterior.coords)
    assert ring[0] == ring[-1] and len(ring) == CIRCLE_VERTICES + 1
    assert poly.is_valid and poly.exterior.is_ccw  # RFC 7946: exterior ring counterclockwise
    r = radius_km * 1000.0
    for x, y in ring:
        s12 = geod.Inverse(lat, lon, y, x)["s12"]
        assert abs(s12 - r) <= 0.01 * r, (x, y, s12, r)
    area = geod.Polygon()
    for x, y in ring[:-1]:
        area.AddPoint(y, x)
    _, _, a = area.Compute(reverse=False, sign=False)
    assert abs(a - math.pi * r * r) <= 0.02 * math.pi * r * r, (a, math.pi * r * r)


def test_geodesic_circle_radius_and_area() -> None:
    for lat, lon, radius in ((21.4867, 23.3139, 60.0), (32.9, 13.2, 1.0), (25.0, 17.0, 500.0)):
        _check_circle(geodesic_circle(lat, lon, radius), lat, lon, radius)


@settings(max_examples=40, deadline=None)
@given(lat=st.floats(19.0, 34.0), lon=st.floats(9.0, 26.0), radius=st.floats(0.5, 800.0))
def test_geodesic_circle_property(lat: float, lon: float, radius: float) -> None:
    _check_circle(geodesic_circle(lat, lon, radius), lat, lon, radius)


@pytest.mark.parametrize("radius", [0.0, -5.0, float("nan"), float("inf")])
def test_geodesic_circle_refuses_a_bad_radius(radius: float) -> None:
    with pytest.raises(ExportError, match=r"^cannot draw a circle of radius .* km around \(21\.5, 23\.3\); the radius "
                                          r"must be a positive number$"):
        geodesic_circle(21.5, 23.3, radius)


def test_relative_table_default_stays_centre_points(relative: pd.DataFrame) -> None:
    table = relative_table(relative)
    assert list(table.columns) == [*RELATIVE_COLUMNS, "geometry"]
    assert all(isinstance(g, Point) for g in table.geometry)
    assert table["geo_precision"].tolist() == [3, 3] and table["time_precision"].tolist() == [1, 3]
    assert table["input_id"].tolist() == ["sm-2024-0410", None]
    assert table["input_id"].dtype == object
    circles = relative_table(relative, circles=True)
    assert all(isinstance(g, Polygon) for g in circles.geometry)
    assert circles["lat"].tolist() == table["lat"].tolist()  # the centre stays in lat/lon
    for circle, centre in zip(circles.geometry, table.geometry, strict=True):  # planar, in degrees: near enough
        assert Point(circle.centroid).distance(centre) < 0.01


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "parquet", "kml", "kmz"])
def test_relative_circles_in_every_geometry_format(relative: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    path = export(pd.DataFrame(), tmp_path / f"c.{fmt}", by="relative", relative=relative, circles=True)
    got = gpd.read_parquet(path) if fmt == "parquet" else read_gdal(path)
    assert got.geom_type.tolist() == ["Polygon", "Polygon"]
    for poly, row in zip(got.geometry, relative.itertuples(), strict=True):
        _check_circle(poly, row.lat, row.lon, row.radius_km)
    assert got["input_id"].tolist()[0] == "sm-2024-0410"
    if fmt == "geojson":
        doc = json.loads(path.read_text(encoding="utf-8"))
        geometry = doc["features"][0]["geometry"]
        assert geometry["type"] == "Polygon" and len(geometry["coordinates"][0]) == CIRCLE_VERTICES + 1
        assert all(len(str(v).split(".")[-1]) <= 6 for pt in geometry["coordinates"][0] for v in pt)
    if fmt in ("kml", "kmz"):
        mark = kml_root(path).find(f".//{KML}Placemark")
        assert mark is not None and mark.find(f"{KML}Polygon/{KML}outerBoundaryIs/{KML}LinearRing") is not None
        assert mark.findtext(f"{KML}styleUrl") == "#approximate"
        assert mark.findtext(f"{KML}TimeStamp/{KML}when") == "2024-04-10T00:00:00Z"


def test_relative_circles_in_csv_as_wkt(relative: pd.DataFrame, tmp_path: Path) -> None:
    path = export(pd.DataFrame(), tmp_path / "c.csv", by="relative", relative=relative, circles=True)
    back = pd.read_csv(path)
    assert list(back.columns)[-1] == "geometry" and back["geometry"].str.startswith("POLYGON ((").all()
    from shapely import wkt

    _check_circle(wkt.loads(back.loc[0, "geometry"]), 21.4867, 23.3139, 60.0)
    assert back["latitude"].tolist() == [21.4867, 30.2]


def test_circles_only_for_relative_positions(frame: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"^circles are drawn only for relative positions \(unit 'relative'\), not "
                                          r"for the unit 'site'; sites and mentions are exact points$"):
        export(frame, tmp_path / "s.geojson", by="site", circles=True)
    assert not (tmp_path / "s.geojson").exists()


def test_geometry_json_points_and_polygons(relative: pd.DataFrame) -> None:
    points = geometry_json(relative_table(relative))
    assert points[0] == {"type": "Point", "coordinates": [23.3139, 21.4867]}
    poly = geometry_json(relative_table(relative, circles=True))[1]
    assert poly["type"] == "Polygon" and poly["coordinates"][0][0] == poly["coordinates"][0][-1]


# -- precision codes and document ids in every format --------------------------------------------------------
def test_geo_precision_by_kind(tmp_path: Path) -> None:
    kinds = ["airbase", "airport", "airfield", "port", "oilfield", "town", "oasis", "village", "region", "district"]
    sites = [Site(f"s-{k}", k, f"Place {k}", "مكان", 27.0 + i / 10, 15.0, "ref:test") for i, k in enumerate(kinds)]
    lookup = {s.id: s for s in sites}
    frame = mentions_frame(tmp_path / "k.db", [article("a1", "Outlet", "2024-01-01", list(lookup), sites=lookup)],
                           sites=sites)
    got = read_gdal(export(frame, tmp_path / "k.geojson", by="mention"))
    assert dict(zip(got["kind"], got["geo_precision"], strict=True)) == {
        "airbase": 1, "airport": 1, "airfield": 1, "port": 1, "oilfield": 1, "town": 2, "oasis": 2, "village": 2,
        "region": 3, "district": 3}
    assert dict(zip(got["kind"], got["geo_precision"], strict=True)) == GEO_PRECISION
    frame.loc[0, "kind"] = "something-new"
    assert read_gdal(export(frame, tmp_path / "u.geojson", by="mention"))["geo_precision"].tolist()[0] == 3


def test_time_precision_from_the_frame_when_it_says(frame: pd.DataFrame, tmp_path: Path) -> None:
    frame["time_precision"] = [None, 2, 1, 9, None]  # not said (no date); a week or month; a day; nonsense; not said
    got = read_gdal(export(frame, tmp_path / "t.gpkg", by="mention"))
    assert got["time_precision"].tolist() == [3, 2, 1, 1, 1]


FORMATS_READ = ["geojson", "gpkg", "csv", "parquet", "kml", "kmz"]


def _read(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.DataFrame(gpd.read_parquet(path))
    if fmt == "csv":
        return pd.read_csv(path, dtype={"input_id": str})
    return pd.DataFrame(read_gdal(path))


@pytest.mark.parametrize("fmt", FORMATS_READ)
def test_input_id_and_precision_in_every_format(frame: pd.DataFrame, relative: pd.DataFrame, tmp_path: Path,
                                                fmt: str) -> None:
    got = _read(export(frame, tmp_path / f"m.{fmt}", by="mention"), fmt)
    assert got["input_id"].tolist() == ["data/in/c1.txt"] + ["feed:guid-17"] * 3 + ["https://alwasat.example/b1"]
    assert [int(v) for v in got["geo_precision"]] == [2, 1, 2, 1, 1]
    assert [int(v) for v in got["time_precision"]] == [3, 1, 1, 1, 1]
    rel = _read(export(frame, tmp_path / f"r.{fmt}", by="relative", relative=relative), fmt)
    assert rel["input_id"].iloc[0] == "sm-2024-0410" and pd.isna(rel["input_id"].iloc[1])
    assert [int(v) for v in rel["geo_precision"]] == [3, 3] and [int(v) for v in rel["time_precision"]] == [1, 3]
    sites = _read(export(frame, tmp_path / f"s.{fmt}", by="site"), fmt)
    assert [int(v) for v in sites["geo_precision"]] == [1, 2, 2]


def test_input_id_in_geojson_properties(frame: pd.DataFrame, tmp_path: Path) -> None:
    doc = json.loads(export(frame, tmp_path / "m.geojson", by="mention").read_text(encoding="utf-8"))
    props = doc["features"][4]["properties"]
    assert props["input_id"] == "https://alwasat.example/b1" and props["document_id"] == 2
    assert (props["geo_precision"], props["time_precision"]) == (1, 1)
    assert list(props) == MENTION_COLUMNS


def test_input_id_absent_from_the_frame_is_null(frame: pd.DataFrame, tmp_path: Path) -> None:
    old = frame.drop(columns="input_id")
    doc = json.loads(export(old, tmp_path / "m.geojson", by="mention").read_text(encoding="utf-8"))
    assert [f["properties"]["input_id"] for f in doc["features"]] == [None] * 5
    marks = kml_root(export(old, tmp_path / "m.kml", by="mention")).findall(f".//{KML}Placemark")
    assert ["input_id" in data(m) for m in marks] == [False] * 5
    assert "<td dir=\"auto\">geotrack #3</td>" in (marks[0].findtext(f"{KML}description") or "")
    blank = frame.assign(input_id=["", None, float("nan"), 7, "x"])
    doc = json.loads(export(blank, tmp_path / "b.geojson", by="mention").read_text(encoding="utf-8"))
    assert [f["properties"]["input_id"] for f in doc["features"]] == [None, None, None, "7", "x"]
    assert blank["input_id"].tolist()[3] == 7  # the frame is left as it was


def test_kml_document_is_well_formed_for_every_unit(frame: pd.DataFrame, relative: pd.DataFrame) -> None:
    from geotrack.outputs.export import export_table

    for by, layer in (("site", "sites"), ("mention", "mentions"), ("relative", "relative")):
        text = kml_document(export_table(frame, by, relative), layer)
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == f"{KML}kml"
        schema = root.find(f"{KML}Document/{KML}Schema")
        assert schema is not None and schema.get("id") == layer


# -- command line ----------------------------------------------------------------------------------------
@pytest.fixture
def cli_db(tmp_path: Path) -> Path:
    from geotrack.extract import Analysis
    from geotrack.models import RelativePosition

    sentence = "The airstrip at Bir Lahmar, about 300 km south of Kufra, is busy."
    text = f"[r1] {sentence}"
    start = text.index("about 300 km")
    rel = RelativePosition(anchor_site_id="kufra", distance_km=300.0, bearing_deg=180.0, direction="S",
                           lat=21.4867, lon=23.3139, radius_km=60.0, surface="about 300 km south of Kufra",
                           start=start, end=start + len("about 300 km south of Kufra"), sentence=sentence)
    kdoc, kmentions = article("r1", "Sahel Monitor", "2024-04-10", ["kufra"], text=text, sentences=[sentence])
    path = tmp_path / "cli.db"
    store = make_store(path, [article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"])])
    store.add_documents([(kdoc, Analysis(mentions=list(kmentions), relative=[rel]))])
    store.close()
    return path


def test_cli_export_relative_circles(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "circles.geojson"
    result = runner.invoke(app, ["export", "--db", str(cli_db), "--by", "relative", "--circles", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 1 relative position (geojson, as circles)\n"
    got = read_gdal(out)
    assert got.geom_type.tolist() == ["Polygon"]
    _check_circle(got.geometry[0], 21.4867, 23.3139, 60.0)
    points = runner.invoke(app, ["export", "--db", str(cli_db), "--by", "relative", "-o", str(tmp_path / "p.geojson")])
    assert points.exit_code == 0 and read_gdal(tmp_path / "p.geojson").geom_type.tolist() == ["Point"]


def test_cli_circles_need_relative(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "s.geojson"
    result = runner.invoke(app, ["export", "--db", str(cli_db), "--circles", "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == "Error: --circles draws relative positions; add --by relative (not --by site)\n"
    assert not out.exists()


@pytest.mark.parametrize(("name", "fmt"), [("x.kml", "kml"), ("x.kmz", "kmz")])
def test_cli_export_kml_from_the_suffix(cli_db: Path, tmp_path: Path, name: str, fmt: str) -> None:
    out = tmp_path / name
    result = runner.invoke(app, ["export", "--db", str(cli_db), "--by", "mention", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}: 3 mentions ({fmt})\n"
    got = read_gdal(out)
    assert len(got) == 3 and got["timestamp"].notna().all()
    wrong = runner.invoke(app, ["export", "--db", str(cli_db), "-f", "kml", "-o", str(tmp_path / "y.kmz")])
    assert wrong.exit_code == 1 and "format 'kml' does not match the file name" in wrong.stderr


coords = st.tuples(st.floats(19.4, 33.3, allow_nan=False), st.floats(9.3, 25.2, allow_nan=False))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(points=st.lists(coords, min_size=1, max_size=5), fmt=st.sampled_from(["kml", "kmz"]))
def test_kml_coordinates_round_trip(tmp_path_factory: pytest.TempPathFactory, points: list[tuple[float, float]],
                                    fmt: str) -> None:
    table = [Site(f"s-{i}", "town", f"Town {i}", f"بلدة {i}", lat, lon, "ref:test") for i, (lat, lon) in enumerate(points)]
    lookup = {s.id: s for s in table}
    folder = tmp_path_factory.mktemp("kml")
    frame = mentions_frame(folder / "h.db", [article("d1", "Outlet", "2024-01-01", list(lookup), sites=lookup)], sites=table)
    got = read_gdal(export(frame, folder / f"out.{fmt}", by="mention")).set_index("site_id")
    for site in table:
        row = got.loc[site.id]
        assert (row.geometry.x, row.geometry.y) == (round(site.lon, 6), round(site.lat, 6))
        assert (row["lon"], row["lat"]) == (round(site.lon, 6), round(site.lat, 6))


def test_kml_time_stamp_keeps_the_time_of_day(tmp_path: Path) -> None:
    frame = mentions_frame(tmp_path / "r.db", [article("a1", "Outlet", "2024-02-29T23:59:59Z", ["kufra"])])
    path = export(frame, tmp_path / "m.kml", by="mention")
    assert read_gdal(path)["timestamp"].tolist() == [pd.Timestamp("2024-02-29 23:59:59", tz="UTC")]


@pytest.mark.parametrize("fmt", FORMATS_READ)
def test_cli_export_carries_the_stored_input_id(cli_db: Path, tmp_path: Path, fmt: str) -> None:
    """The id each document was ingested with (the store's ``input_id``) reaches every format."""
    out = tmp_path / f"m.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(cli_db), "--by", "mention", "-o", str(out)])
    assert result.exit_code == 0, result.output
    got = _read(out, fmt)
    assert sorted(zip(got["site_id"], got["input_id"], strict=True)) == [("al-jufra", "a1"), ("kufra", "r1"),
                                                                          ("sirte", "a1")]
    rel = tmp_path / f"r.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(cli_db), "--by", "relative", "-o", str(rel)])
    assert result.exit_code == 0, result.output
    assert _read(rel, fmt)["input_id"].tolist() == ["r1"]
