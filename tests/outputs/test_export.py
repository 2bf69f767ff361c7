"""Exports: every format read back with geopandas, values and coordinates checked exactly."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotrack.errors import ExportError
from geotrack.models import Site
from geotrack.outputs.export import EXPORTERS, FORMATS, export, format_for_path, suffixes
from tests.builders import article, mentions_frame

EVIL = 'Title "quoted" <script>alert(1)</script>'
#: The fields GDAL's LIBKML driver reads from every placemark before its ExtendedData.
LIBKML_FIELDS = ["id", "Name", "description", "timestamp", "begin", "end", "altitudeMode", "tessellate", "extrude",
                 "visibility", "drawOrder", "icon"]


@pytest.fixture
def frame(tmp_path: Path) -> pd.DataFrame:
    return mentions_frame(tmp_path / "e.db", [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte", "al-jufra"], actors=["Russia"], title=EVIL),
        article("b1", "Outlet B", "2024-04-10T08:30:00Z", ["al-jufra"], lang="ar", activities=["flights"]),
        article("c1", "Outlet C", "", ["kufra"]),
    ])


def read_back(path: Path, fmt: str) -> gpd.GeoDataFrame:
    """The export as geopandas reads it (GDAL's LIBKML driver for KML/KMZ), with the CSV's
    ``latitude``/``longitude`` and the KML's ``text_start``/``text_end`` under their common names."""
    if fmt == "parquet":
        return gpd.read_parquet(path)
    got = gpd.read_file(path, engine="pyogrio")
    if fmt in ("kml", "kmz"):  # the LIBKML driver's own fields (name, description, time ...) set aside
        got = got.drop(columns=LIBKML_FIELDS)
    return got.rename(columns={"latitude": "lat", "longitude": "lon", "text_start": "start", "text_end": "end"})


def _list(value: object) -> list[str]:
    if isinstance(value, str):
        return list(json.loads(value))
    return [str(v) for v in value]  # type: ignore[attr-defined]


@pytest.mark.parametrize("fmt", FORMATS)
def test_by_site_round_trip(frame: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    path = export(frame, tmp_path / f"sites.{fmt}", fmt, by="site")
    got = read_back(path, fmt)
    assert list(got["site_id"]) == ["al-jufra", "kufra", "sirte"]
    j = got.iloc[0]
    assert j["site_name"] == "Al Jufra Air Base" and j["site_name_ar"] == "قاعدة الجفرة الجوية"
    assert j["kind"] == "airbase"
    assert [int(j["mentions"]), int(j["documents"]), int(j["sources"])] == [3, 2, 2]
    assert _list(j["source_list"]) == ["Outlet A", "Outlet B"]
    assert _list(j["actors"]) == ["Russia"] and _list(j["activities"]) == ["flights"]
    assert pd.Timestamp(j["first_seen"]) == pd.Timestamp("2024-03-05")
    assert pd.Timestamp(j["last_seen"]) == pd.Timestamp("2024-04-10 08:30")
    assert float(j["lat"]) == 29.1981 and float(j["lon"]) == 16.0008
    if fmt != "csv":
        assert got.crs.to_epsg() == 4326
        assert (j.geometry.x, j.geometry.y) == (16.0008, 29.1981)
    kufra = got.iloc[1]
    assert kufra["first_seen"] is None or pd.isna(kufra["first_seen"]) or kufra["first_seen"] == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_by_mention_round_trip(frame: pd.DataFrame, tmp_path: Path, fmt: str) -> None:
    path = export(frame, tmp_path / f"mentions.{fmt}", fmt, by="mention")
    got = read_back(path, fmt)
    assert len(got) == 5
    by_id = got.set_index(got["mention_id"].astype(int))
    src = frame.set_index("mention_id")
    for mid, row in by_id.iterrows():
        want = src.loc[mid]
        assert row["site_id"] == want["site_id"] and row["source"] == want["source"]
        assert int(row["start"]) == want["start"] and int(row["end"]) == want["end"]
        assert row["surface"] == want["surface"] and row["snippet"] == want["sentence"]
        assert row["url"] == want["url"] and row["title"] == want["title"]
        assert float(row["confidence"]) == want["confidence"] and row["rule"] == "test"
        assert int(row["document_id"]) == want["document_id"]
        assert float(row["lon"]) == want["lon"] and float(row["lat"]) == want["lat"]
        if fmt != "csv":
            assert (row.geometry.x, row.geometry.y) == (want["lon"], want["lat"])
        if pd.isna(want["published"]):
            assert row["published"] is None or pd.isna(row["published"]) or row["published"] == ""
        else:
            assert pd.Timestamp(row["published"]) == want["published"]
    assert EVIL in set(got["title"])


def test_geojson_is_rfc7946(frame: pd.DataFrame, tmp_path: Path) -> None:
    doc = json.loads(export(frame, tmp_path / "s.geojson", "geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    f = doc["features"][0]
    assert f["type"] == "Feature" and f["id"] == "al-jufra"
    assert f["geometry"] == {"type": "Point", "coordinates": [16.0008, 29.1981]}  # longitude first
    p = f["properties"]
    assert p["source_list"] == ["Outlet A", "Outlet B"]
    assert p["first_seen"] == "2024-03-05T00:00:00" and p["last_seen"] == "2024-04-10T08:30:00"
    assert doc["features"][1]["properties"]["first_seen"] is None
    m = json.loads(export(frame, tmp_path / "m.geojson", "geojson", by="mention").read_text(encoding="utf-8"))
    props = m["features"][0]["properties"]
    assert {"document_id", "source", "published", "url", "surface", "start", "end", "confidence", "rule",
            "snippet"} <= set(props)
    assert isinstance(props["actors"], list)


def test_csv_is_plain_utf8(frame: pd.DataFrame, tmp_path: Path) -> None:
    raw = export(frame, tmp_path / "s.csv", "csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert text.splitlines()[0].startswith("site_id,site_name,site_name_ar,kind,geo_precision,latitude,longitude,")
    assert "قاعدة الجفرة الجوية" in text


def test_gpkg_layer_names(frame: pd.DataFrame, tmp_path: Path) -> None:
    import pyogrio

    s = export(frame, tmp_path / "s.gpkg", "gpkg")
    m = export(frame, tmp_path / "m.gpkg", "gpkg", by="mention")
    assert [name for name, _ in pyogrio.list_layers(s)] == ["sites"]
    assert [name for name, _ in pyogrio.list_layers(m)] == ["mentions"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("by", ["site", "mention"])
def test_empty_exports_are_valid(frame: pd.DataFrame, tmp_path: Path, fmt: str, by: str) -> None:
    path = export(frame.iloc[:0], tmp_path / f"empty.{fmt}", fmt, by=by)
    assert len(read_back(path, fmt)) == 0


def test_overwrites_and_errors(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "x.geojson"
    out.write_text("old", encoding="utf-8")
    export(frame, out, "geojson")
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp files left
    with pytest.raises(ExportError, match=r"unknown export format 'shp'; use one of geojson, gpkg, csv, parquet, kml, "
                                          r"kmz$"):
        export(frame, tmp_path / "x.shp", "shp")
    with pytest.raises(ExportError, match="unknown export unit 'document'"):
        export(frame, out, "geojson", by="document")
    with pytest.raises(ExportError, match="is a folder"):
        export(frame, tmp_path, "csv")
    with pytest.raises(ExportError, match="does not exist"):
        export(frame, tmp_path / "no" / "x.csv", "csv")


def test_format_from_the_suffix(frame: pd.DataFrame, tmp_path: Path) -> None:
    assert suffixes() == {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv",
                          ".parquet": "parquet", ".geoparquet": "parquet", ".kml": "kml", ".kmz": "kmz"}
    assert format_for_path("x.KMZ") == "kmz"
    assert format_for_path("a/b.JSON") == "geojson" and format_for_path("x.csv", "CSV") == "csv"
    assert format_for_path("x.dat", "gpkg") == "gpkg"  # an unknown suffix does not contradict
    out = export(frame, tmp_path / "s.parquet")
    assert len(gpd.read_parquet(out)) == 3  # by site: al-jufra, sirte, kufra
    with pytest.raises(ExportError, match=r"^format 'parquet' does not match the file name '.*x\.gpkg', whose suffix "
                                          r"'\.gpkg' means 'gpkg'; name the file with '\.parquet' or choose format 'gpkg'$"):
        export(frame, tmp_path / "x.gpkg", "parquet")
    with pytest.raises(ExportError, match=r"cannot tell the export format of '.*x' \(no suffix\)"):
        export(frame, tmp_path / "x")
    assert not (tmp_path / "x.gpkg").exists() and not (tmp_path / "x").exists()
    assert set(EXPORTERS) == set(FORMATS)


def test_csv_rows_end_with_crlf_and_formulas_are_neutral(tmp_path: Path) -> None:
    frame = mentions_frame(tmp_path / "f.db", [
        article("a1", "=Outlet", "2024-03-05", ["sirte"], title="-2+3\rsecond line", url="@x"),
    ])
    raw = export(frame, tmp_path / "m.csv", by="mention").read_bytes().decode("utf-8")
    assert raw.count("\r\n") == 2 and raw.endswith("\r\n")
    back = pd.read_csv(tmp_path / "m.csv")
    assert back.loc[0, "source"] == "'=Outlet" and back.loc[0, "url"] == "'@x"
    assert back.loc[0, "title"] == "'-2+3\rsecond line"
    assert back.loc[0, "start"] >= 0 and back["latitude"].dtype == "float64"


coords = st.tuples(st.floats(19.4, 33.3, allow_nan=False), st.floats(9.3, 25.2, allow_nan=False))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sites=st.lists(st.tuples(coords, st.integers(1, 6)), min_size=1, max_size=6),
       fmt=st.sampled_from(FORMATS))
def test_round_trip_random_counts_and_coordinates(tmp_path_factory: pytest.TempPathFactory,
                                                  sites: list[tuple[tuple[float, float], int]], fmt: str) -> None:
    table = [Site(f"s-{i}", "town", f"Town {i}", f"بلدة {i}", lat, lon, "ref:test")
             for i, ((lat, lon), _n) in enumerate(sites)]
    lookup = {s.id: s for s in table}
    docs = [article(f"d{i}", "Outlet", "2024-01-01", [s.id] * n, sites=lookup)
            for i, (s, (_c, n)) in enumerate(zip(table, sites, strict=True))]
    folder = tmp_path_factory.mktemp("rt")
    frame = mentions_frame(folder / "h.db", docs, sites=table)
    got = read_back(export(frame, folder / f"out.{fmt}", fmt), fmt).set_index("site_id")
    for site, ((lat, lon), n) in zip(table, sites, strict=True):
        row = got.loc[site.id]
        assert int(row["mentions"]) == n
        assert float(row["lat"]) == round(lat, 6) and float(row["lon"]) == round(lon, 6)
        if fmt != "csv":
            assert (row.geometry.x, row.geometry.y) == (round(lon, 6), round(lat, 6))


def test_the_light_catalogue_and_the_writers_name_the_same_formats() -> None:
    from geotrack.outputs.formats import CATALOGUE

    assert list(EXPORTERS) == list(CATALOGUE) == list(FORMATS)
    assert all(EXPORTERS[n].suffix == CATALOGUE[n].suffix for n in CATALOGUE)
