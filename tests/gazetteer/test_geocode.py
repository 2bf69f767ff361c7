"""Geocoding with geopy: the gazetteer geocoder, nearest sites, and the online chain against a
Nominatim-compatible server on 127.0.0.1 (rate limiting checked with a fake clock: nothing sleeps)."""

from __future__ import annotations

import json
import re
import socket
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from geopy.distance import geodesic
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.errors import GeocodingError, GeotrackError, InputError
from geotrack.gazetteer import Gazetteer, default_gazetteer, spelling_key
from geotrack.geocode import (
    PROVIDERS,
    CachedGeocoder,
    ChainGeocoder,
    GazetteerGeocoder,
    geocode_name,
    get_provider,
    make_geocoder,
    nearest,
)
from geotrack.models import Site
from geotrack.settings import get_settings
from geotrack.store import Store

UA = "geotrack-tests/0 (+https://example.invalid)"  # set by the conftest fixture
JUFRA = (29.1981, 16.001)
BENINA = (32.0968, 20.2695)
SARRA = (21.6877, 21.8309)


@pytest.fixture(scope="module")
def geo() -> GazetteerGeocoder:
    return GazetteerGeocoder(Gazetteer.load())


# -- the gazetteer geocoder ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "site_id", "point"),
    [
        ("الجفرة", "al-jufra", JUFRA),
        ("قاعدة الجفرة الجوية", "al-jufra", JUFRA),
        ("Al-Jufra", "al-jufra", JUFRA),
        ("  JUFRA ", "al-jufra", JUFRA),
        ("Benina", "benina", BENINA),
        ("مطار بنينا", "benina", BENINA),
        ("Maaten as-Sarra", "maaten-al-sarra", SARRA),
        ("Maaten al-Sarra Air Base", "maaten-al-sarra", SARRA),
    ],
)
def test_geocode_exact_coordinates_arabic_and_english(geo: GazetteerGeocoder, query: str, site_id: str,
                                                      point: tuple[float, float]) -> None:
    loc = geo.geocode(query)
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == point
    assert loc.raw["id"] == site_id
    assert loc.raw["source"] == "gazetteer"
    assert loc.raw["query"] == query


def test_geocode_raw_carries_site_fields(geo: GazetteerGeocoder) -> None:
    loc = geo.geocode("الجفرة")
    assert isinstance(loc, Location)
    assert loc.address == "Al Jufra Air Base"
    raw = loc.raw
    assert {k: raw[k] for k in ("id", "kind", "layer", "coord_source", "name_en", "name_ar", "level")} == {
        "id": "al-jufra", "kind": "airbase", "layer": "curated", "coord_source": "airportsdata:HL69",
        "name_en": "Al Jufra Air Base", "name_ar": "قاعدة الجفرة الجوية", "level": "variants"}
    assert "الجفرة" in raw["names"] and "Jufra" in raw["names"]
    assert raw["also"] == []


def test_geocode_context_level_spellings_still_resolve(geo: GazetteerGeocoder) -> None:
    """The extractor needs context for 'Hun' or 'زلة'; a user asking for the name explicitly does not."""
    hun = geo.geocode("Hun")
    assert isinstance(hun, Location) and hun.raw["id"] == "hun" and hun.raw["level"] == "variants_local"
    zillah = geo.geocode("زلة")
    assert isinstance(zillah, Location) and zillah.raw["id"] == "zillah" and zillah.raw["level"] == "variants_strict"


def test_geocode_unknown_is_none_and_list_mode(geo: GazetteerGeocoder) -> None:
    assert geo.geocode("Atlantis") is None
    assert geo.geocode("Atlantis", exactly_one=False) is None
    found = geo.geocode("Benina", exactly_one=False)
    assert isinstance(found, list) and len(found) == 1
    assert all(isinstance(x, Location) for x in found)
    assert found[0].point == Point(*BENINA)


def _site(site_id: str, lat: float, lon: float, variants: tuple[str, ...] = (), layer: str = "curated",
          kind: str = "town") -> Site:
    return Site(id=site_id, kind=kind, name_en=site_id.title(), name_ar="", lat=lat, lon=lon,
                coord_source="ref:test", layer=layer, variants=variants)


def test_geocode_shared_spelling_returns_all_claimants_rule_winner_first() -> None:
    sites = [_site("zawiya-east", 32.76, 12.73, ("Zawiya",)), _site("zawiya-west", 32.75, 12.70, ("Zawiya",))]
    plain = GazetteerGeocoder(Gazetteer(sites))
    first = plain.geocode("zawiya")
    assert isinstance(first, Location) and first.raw["id"] == "zawiya-east"  # no rule: by id
    assert first.raw["also"] == ["zawiya-west"]
    both = plain.geocode("Zawiya", exactly_one=False)
    assert isinstance(both, list) and [x.raw["id"] for x in both] == ["zawiya-east", "zawiya-west"]
    ruled = GazetteerGeocoder(Gazetteer(sites, rules={spelling_key("Zawiya"): "zawiya-west"}))
    winner = ruled.geocode("Zawiya")
    assert isinstance(winner, Location) and winner.raw["id"] == "zawiya-west"


def test_geocode_user_layer_comes_first() -> None:
    sites = [_site("old", 30.0, 15.0, ("Qasr",), layer="bulk"), _site("new", 31.0, 16.0, ("Qasr",), layer="user")]
    found = GazetteerGeocoder(Gazetteer(sites)).geocode("Qasr", exactly_one=False)
    assert isinstance(found, list) and [x.raw["id"] for x in found] == ["new", "old"]


def test_is_a_geopy_geocoder_and_works_under_geopy_rate_limiter(geo: GazetteerGeocoder) -> None:
    assert isinstance(geo, Geocoder)
    limited = RateLimiter(geo.geocode, min_delay_seconds=0)
    loc = limited("Benina")
    assert isinstance(loc, Location) and loc.raw["id"] == "benina"
    loc2 = geo.geocode("Benina", timeout=3)  # geopy keyword accepted
    assert isinstance(loc2, Location) and loc2.point == loc.point


# -- reverse and nearest ----------------------------------------------------------------------------------
def test_reverse_nearest_site_with_exact_distance(geo: GazetteerGeocoder) -> None:
    here = (29.2, 16.0)
    for query in (here, Point(*here), "29.2, 16.0"):
        loc = geo.reverse(query)
        assert isinstance(loc, Location)
        assert loc.raw["id"] == "al-jufra"
        assert loc.raw["distance_km"] == geodesic(here, JUFRA).km
        assert (loc.latitude, loc.longitude) == JUFRA
    on_site = geo.reverse(BENINA)
    assert isinstance(on_site, Location) and on_site.raw["id"] == "benina" and on_site.raw["distance_km"] == 0.0


def test_reverse_list_within_and_bad_input(geo: GazetteerGeocoder) -> None:
    here = (29.2, 16.0)
    many = geo.reverse(here, exactly_one=False, limit=3)
    assert isinstance(many, list) and [x.raw["id"] for x in many] == ["al-jufra", "hun", "waddan"]
    assert geo.reverse((45.0, 5.0), within_km=100) is None  # France: nothing within 100 km
    with pytest.raises(InputError, match="cannot read"):
        geo.reverse("not a point")


def test_nearest_exact_distances_sorted(geo: GazetteerGeocoder) -> None:
    here = (29.2, 16.0)
    expected = sorted(((s.id, geodesic(here, (s.lat, s.lon)).km) for s in geo.gazetteer), key=lambda t: (t[1], t[0]))
    got = geo.nearest(*here, limit=None)
    assert [(s.id, km) for s, km in got] == expected
    assert [(s.id, km) for s, km in geo.nearest(*here, limit=5)] == expected[:5]


def test_nearest_within_and_kinds(geo: GazetteerGeocoder) -> None:
    here = (29.2, 16.0)
    within = geo.nearest(*here, within_km=30, limit=None)
    assert [s.id for s, _ in within] == ["al-jufra", "hun", "waddan", "sokna"]
    assert all(km <= 30 for _, km in within)
    assert [s.id for s, _ in geo.nearest(*here, within_km=10, limit=None)] == ["al-jufra", "hun"]
    assert geo.nearest(*here, within_km=0.1) == []
    towns = geo.nearest(*here, within_km=30, kinds=["town"])
    assert [s.id for s, _ in towns] == ["hun", "waddan", "sokna"]
    airbases = geo.nearest(*BENINA, kinds=["airbase", "airport"], limit=1)
    assert [(s.id, km) for s, km in airbases] == [("benina", 0.0)]


def test_nearest_rejects_bad_input(geo: GazetteerGeocoder) -> None:
    with pytest.raises(InputError, match=r"'plane'.*valid kinds: airbase"):
        geo.nearest(29.0, 16.0, kinds=["plane"])
    with pytest.raises(InputError, match="latitude must lie"):
        geo.nearest(95.0, 16.0)
    with pytest.raises(InputError, match="within_km"):
        geo.nearest(29.0, 16.0, within_km=-1)
    with pytest.raises(InputError, match="limit"):
        geo.nearest(29.0, 16.0, limit=0)


def test_module_nearest_uses_default_gazetteer() -> None:
    assert [(s.id, km) for s, km in nearest(*JUFRA, limit=1)] == [("al-jufra", 0.0)]


# -- a Nominatim-compatible server on 127.0.0.1 --------------------------------------------------------
TMASSAH = {"place_id": 101, "osm_type": "node", "osm_id": 42, "lat": "26.3676", "lon": "15.7996",
             "display_name": "Tmassah, Murzuq, Libya", "class": "place", "type": "village"}
PARIS = {"place_id": 7, "lat": "48.8566", "lon": "2.3522", "display_name": "Paris, France", "type": "city"}


@dataclass
class Nominatim:
    """What the fake server answers, and what it saw."""

    url: str
    places: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: list[int] = field(default_factory=list)  # statuses to send before answering
    requests: list[dict[str, Any]] = field(default_factory=list)

    def queries(self) -> list[str]:
        return [r["q"] for r in self.requests]


@pytest.fixture
def nominatim(monkeypatch: pytest.MonkeyPatch) -> Iterator[Nominatim]:
    state = Nominatim(url="")
    state.places = {"tmassah": [TMASSAH], "paris": [PARIS]}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            params = {k: v[0] for k, v in parse_qs(parts.query).items()}
            state.requests.append({"path": parts.path, "q": params.get("q", ""), "params": params,
                                   "user_agent": self.headers.get("User-Agent", "")})
            if self.headers.get("User-Agent") != UA:
                self._send(403, b"set a user agent")
                return
            if state.failures:
                self._send(state.failures.pop(0), b"busy")
                return
            if parts.path != "/search" or params.get("format") != "json":
                self._send(400, b"bad request")
                return
            body = json.dumps(state.places.get(params.get("q", "").strip().lower(), [])).encode()
            self._send(200, body, "application/json")

        def _send(self, status: int, body: bytes, ctype: str = "text/plain") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    monkeypatch.setenv("GEOTRACK_NOMINATIM_URL", state.url)
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


class FakeTime:
    """A clock that only moves when something sleeps (or the test says so)."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "geo.db"


def _online(db_path: Path, fake_time: FakeTime, **kwargs: Any) -> CachedGeocoder:
    return CachedGeocoder(db=db_path, clock=fake_time.clock, sleep=fake_time.sleep, **kwargs)


def _cache_rows(db_path: Path) -> list[tuple[str, str, Any]]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute("SELECT provider, query_key, response FROM geocode_cache ORDER BY query_key").fetchall()
    return [(p, k, json.loads(r)) for p, k, r in rows]


def test_online_first_query_requests_then_cache(nominatim: Nominatim, fake_time: FakeTime, db_path: Path) -> None:
    online = _online(db_path, fake_time)
    loc = online.geocode("Tmassah")
    assert isinstance(loc, Location)
    assert (loc.latitude, loc.longitude) == (26.3676, 15.7996)
    assert loc.address == "Tmassah, Murzuq, Libya"
    assert loc.raw["source"] == "nominatim" and loc.raw["response"]["osm_id"] == 42
    assert online.requests == 1 and len(nominatim.requests) == 1
    req = nominatim.requests[0]
    assert req["user_agent"] == UA
    assert req["path"] == "/search"
    assert req["params"]["countrycodes"] == "ly" and req["params"]["format"] == "json"
    assert [(p, k) for p, k, _ in _cache_rows(db_path)] == [("nominatim", "tmassah")]

    again = online.geocode("  TMASSAH ")  # same spelling key: served from the cache
    assert isinstance(again, Location) and again.point == loc.point and again.raw["source"] == "nominatim"
    assert online.requests == 1 and len(nominatim.requests) == 1
    online.close()

    reopened = _online(db_path, fake_time)  # the cache lives in the database, not the object
    assert isinstance(reopened.geocode("tmassah"), Location)
    assert reopened.requests == 0 and len(nominatim.requests) == 1
    reopened.close()


def test_online_negative_results_cached(nominatim: Nominatim, fake_time: FakeTime, db_path: Path) -> None:
    online = _online(db_path, fake_time)
    assert online.geocode("Nowhere Oasis") is None
    assert online.geocode("nowhere oasis") is None
    assert online.geocode("nowhere oasis", exactly_one=False) == []
    assert len(nominatim.requests) == 1
    assert _cache_rows(db_path) == [("nominatim", "nowhere oasis", [])]
    online.close()


def test_online_results_outside_libya_dropped(nominatim: Nominatim, fake_time: FakeTime, db_path: Path) -> None:
    with Store.open(db_path) as store:
        online = CachedGeocoder(store=store, clock=fake_time.clock, sleep=fake_time.sleep)
        assert online.geocode("Paris") is None
        assert _cache_rows(db_path) == [("nominatim", "paris", [])]


def test_rate_limited_with_fake_clock(nominatim: Nominatim, fake_time: FakeTime, db_path: Path) -> None:
    online = _online(db_path, fake_time)
    assert online.limiter.min_delay_seconds == get_settings().geocoder_min_delay == 1.0
    online.geocode("Tmassah")
    assert fake_time.sleeps == []  # the first call goes at once
    online.geocode("Paris")  # no time has passed: wait a full second
    assert fake_time.sleeps == [1.0]
    fake_time.now += 0.25
    online.geocode("Atlantis")  # 0.25 s passed since the last call: wait the rest
    assert fake_time.sleeps == [1.0, 0.75]
    online.geocode("atlantis")  # cached: no request, no wait
    fake_time.now += 3
    online.geocode("Elsewhere")
    assert fake_time.sleeps == [1.0, 0.75]
    assert len(nominatim.requests) == 4
    online.close()


def test_delay_from_settings(nominatim: Nominatim, fake_time: FakeTime, db_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_GEOCODER_DELAY", "2.5")
    online = _online(db_path, fake_time)
    online.geocode("Tmassah")
    online.geocode("Paris")
    assert fake_time.sleeps == [2.5]
    online.close()


def test_retries_after_503(nominatim: Nominatim, fake_time: FakeTime, db_path: Path) -> None:
    nominatim.failures = [503]
    online = _online(db_path, fake_time)
    loc = online.geocode("Tmassah")
    assert isinstance(loc, Location) and loc.raw["source"] == "nominatim"
    assert len(nominatim.requests) == 2 and online.requests == 2
    assert fake_time.sleeps == [get_settings().geocoder_error_wait]  # waited 5 s (fake) before retrying
    online.close()


def test_gives_up_after_retries_and_caches_nothing(nominatim: Nominatim, fake_time: FakeTime, db_path: Path) -> None:
    nominatim.failures = [503, 502, 503]
    online = _online(db_path, fake_time, max_retries=2, error_wait_seconds=7.0)
    with pytest.raises(GeocodingError, match=re.escape(f"nominatim at {nominatim.url} failed for 'Tmassah' after 2 retries")):
        online.geocode("Tmassah")
    assert len(nominatim.requests) == 3
    assert fake_time.sleeps == [7.0, 7.0]
    assert _cache_rows(db_path) == []
    online.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_names_the_url(fake_time: FakeTime, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    monkeypatch.setenv("GEOTRACK_NOMINATIM_URL", url)
    online = _online(db_path, fake_time, max_retries=1)
    with pytest.raises(GeocodingError) as info:
        online.geocode("Tmassah")
    assert url in str(info.value)
    assert isinstance(info.value, GeotrackError) and isinstance(info.value, RuntimeError)
    assert fake_time.sleeps == [get_settings().geocoder_error_wait]
    assert _cache_rows(db_path) == []
    online.close()


@pytest.mark.parametrize("user_agent", ["", "   "])
def test_empty_user_agent_refused(user_agent: str, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_USER_AGENT", user_agent)
    for provider in PROVIDERS:
        with pytest.raises(GeocodingError, match="set GEOTRACK_USER_AGENT"):
            CachedGeocoder(provider, db=db_path)


def test_default_user_agent_refused_for_nominatim(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOTRACK_USER_AGENT")
    default = get_settings().user_agent
    with pytest.raises(GeocodingError, match=re.escape(f"placeholder user agent {default!r}") + ".*set GEOTRACK_USER_AGENT"):
        CachedGeocoder(db=db_path)
    monkeypatch.setenv("GEOTRACK_USER_AGENT", "geopy/2.5.0")
    with pytest.raises(GeocodingError, match="GEOTRACK_USER_AGENT"):
        CachedGeocoder(db=db_path)
    assert not db_path.exists()  # refused before touching the database


def test_provider_registry(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sorted(PROVIDERS) == ["arcgis", "nominatim", "photon"]
    assert get_provider(" Nominatim ").name == "nominatim"
    with pytest.raises(GeocodingError, match="unknown geocoder 'google'; valid geocoders: arcgis, nominatim, photon"):
        get_provider("google")
    monkeypatch.setenv("GEOTRACK_GEOCODER", "photon")
    photon = CachedGeocoder(db=db_path)  # builds only: no request
    assert photon.provider.name == "photon" and photon.online.headers["User-Agent"] == UA
    photon.close()


def test_nominatim_url_setting(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEOTRACK_NOMINATIM_URL", raising=False)
    assert get_settings().nominatim_url == "https://nominatim.openstreetmap.org"
    online = CachedGeocoder(db=db_path)
    assert online.online.api == "https://nominatim.openstreetmap.org/search"
    online.close()
    monkeypatch.setenv("GEOTRACK_NOMINATIM_URL", "http://localhost:8080/nominatim/")
    local = CachedGeocoder(db=db_path)
    assert local.online.api == "http://localhost:8080/nominatim/search"
    local.close()
    monkeypatch.setenv("GEOTRACK_NOMINATIM_URL", "ftp://example.org")
    with pytest.raises(GeocodingError, match=re.escape("GEOTRACK_NOMINATIM_URL 'ftp://example.org'")):
        CachedGeocoder(db=db_path)


# -- the chain -----------------------------------------------------------------------------------------
def test_offline_by_default(nominatim: Nominatim, tmp_path: Path) -> None:
    with make_geocoder() as chain:
        assert isinstance(chain, ChainGeocoder) and chain.online is None
        assert chain.geocode("Tmassah") is None
        loc = chain.geocode("Benina")
        assert isinstance(loc, Location) and loc.raw["source"] == "gazetteer"
    assert nominatim.requests == []
    assert not (tmp_path / "geotrack.db").exists()


def test_chain_asks_online_only_for_names_the_gazetteer_lacks(nominatim: Nominatim, fake_time: FakeTime,
                                                              db_path: Path) -> None:
    gaz = default_gazetteer()
    before = len(gaz)
    with make_geocoder(True, db=db_path, clock=fake_time.clock, sleep=fake_time.sleep) as chain:
        known = chain.geocode("الجفرة")
        assert isinstance(known, Location) and known.raw["source"] == "gazetteer"
        assert nominatim.requests == []
        unknown = chain.geocode("Tmassah")
        assert isinstance(unknown, Location) and unknown.raw["source"] == "nominatim"
        assert len(nominatim.requests) == 1
        near = chain.reverse(JUFRA)
        assert isinstance(near, Location) and near.raw["id"] == "al-jufra"
    assert len(gaz) == before and GazetteerGeocoder(gaz).geocode("Tmassah") is None  # never added


def test_geocode_name_not_found_message() -> None:
    with pytest.raises(GeocodingError) as info:
        geocode_name("Atlantis")
    assert str(info.value) == "no site called 'Atlantis' in the gazetteer"  # the CLI adds: try --online ...
    assert (info.value.field, info.value.value) == ("name", "Atlantis")
    with pytest.raises(InputError, match="empty"):
        geocode_name("  ")


# -- CLI ---------------------------------------------------------------------------------------------------
@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_help(runner: CliRunner) -> None:
    for cmd, flags in (("geocode", ("--online", "--db", "--format", "--provider")),
                       ("nearest", ("--within", "--limit", "--kind", "--format"))):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0, result.output
        assert all(flag in result.output for flag in flags)


def test_cli_geocode_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["geocode", "الجفرة", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "id": "al-jufra", "name": "Al Jufra Air Base", "name_ar": "قاعدة الجفرة الجوية", "lat": 29.1981,
        "lon": 16.001, "kind": "airbase", "source": "gazetteer", "layer": "curated",
        "coord_source": "airportsdata:HL69"}
    sarra = json.loads(runner.invoke(app, ["geocode", "Maaten as-Sarra", "-f", "json"]).stdout)
    assert (sarra["id"], sarra["lat"], sarra["lon"]) == ("maaten-al-sarra", *SARRA)


def test_cli_geocode_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["geocode", "Benina"])
    assert result.exit_code == 0, result.output
    assert "benina" in result.stdout and "32.09680" in result.stdout and "20.26950" in result.stdout
    assert "airportsdata:HLLB" in result.stdout


def test_cli_geocode_not_found(runner: CliRunner, nominatim: Nominatim) -> None:
    result = runner.invoke(app, ["geocode", "Tmassah"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no site called 'Tmassah' in the gazetteer; try --online or 'geotrack gazetteer list'" in result.stderr
    assert nominatim.requests == []


def test_cli_geocode_online_cached(runner: CliRunner, nominatim: Nominatim, db_path: Path) -> None:
    args = ["geocode", "Tmassah", "--online", "--db", str(db_path), "--format", "json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == {
        "id": None, "name": "Tmassah, Murzuq, Libya", "name_ar": "", "lat": 26.3676, "lon": 15.7996,
        "kind": "village", "source": "nominatim", "layer": "online", "coord_source": "nominatim"}
    second = runner.invoke(app, args)
    assert second.exit_code == 0 and second.stdout == first.stdout
    assert len(nominatim.requests) == 1
    missing = runner.invoke(app, ["geocode", "Atlantis", "--online", "--db", str(db_path)])
    assert missing.exit_code == 1
    assert "no site called 'Atlantis' in the gazetteer or from nominatim" in missing.stderr


def test_cli_geocode_online_errors(runner: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_USER_AGENT", "")
    result = runner.invoke(app, ["geocode", "Tmassah", "--online", "--db", str(db_path)])
    assert result.exit_code == 1 and "set GEOTRACK_USER_AGENT" in result.stderr
    bad = runner.invoke(app, ["geocode", "Tmassah", "--online", "--provider", "bing", "--db", str(db_path)])
    assert bad.exit_code == 1 and "valid geocoders: arcgis, nominatim, photon" in bad.stderr


def test_cli_nearest_json_exact(runner: CliRunner) -> None:
    here = (29.2, 16.0)
    result = runner.invoke(app, ["nearest", "29.2", "16.0", "--within", "30", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["al-jufra", "hun", "waddan", "sokna"]
    gaz = default_gazetteer()
    for r in rows:
        site = gaz.get(r["id"])
        assert (r["lat"], r["lon"], r["kind"], r["name"]) == (site.lat, site.lon, site.kind, site.name_en)
        assert r["distance_km"] == geodesic(here, (site.lat, site.lon)).km
    assert rows[0]["distance_km"] == geodesic(here, JUFRA).km


def test_cli_nearest_limit_kind_table(runner: CliRunner) -> None:
    rows = json.loads(runner.invoke(app, ["nearest", "32.1", "20.2", "--kind", "airport", "--kind", "airbase",
                                          "--limit", "2", "-f", "json"]).stdout)
    assert len(rows) == 2 and rows[0]["id"] == "benina"
    assert all(r["kind"] in ("airport", "airbase") for r in rows)
    table = runner.invoke(app, ["nearest", "29.2", "16.0", "--limit", "2"])
    assert table.exit_code == 0 and "al-jufra" in table.stdout and "hun" in table.stdout
    assert "0.23" in table.stdout and "waddan" not in table.stdout
    empty = runner.invoke(app, ["nearest", "45", "5", "--within", "10", "-f", "json"])
    assert empty.exit_code == 0 and json.loads(empty.stdout) == []
    bad = runner.invoke(app, ["nearest", "29", "16", "--kind", "plane"])
    assert bad.exit_code == 1 and "unknown kind(s) 'plane'" in bad.stderr
