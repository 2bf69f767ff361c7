"""Geocoding with geopy: the gazetteer behind geopy's interface, and an opt-in online fallback.

* :class:`GazetteerGeocoder` answers ``geocode`` and ``reverse`` from the gazetteer alone, with geopy
  :class:`~geopy.location.Location` results; no network, ever.
* :class:`CachedGeocoder` wraps an online geopy geocoder chosen by name from :data:`PROVIDERS`
  (Nominatim by default): a real user agent is required, calls go through geopy's
  :class:`~geopy.extra.rate_limiter.RateLimiter` (≥ ``geocoder_min_delay`` seconds apart, with retries;
  its clock and sleep are injectable so tests never sleep), results are restricted to Libya and cached
  in the store's ``geocode_cache`` table under ``(provider, spelling_key(query))``, negative answers
  included. Online answers are marked ``raw["source"] = <provider>`` and never enter the gazetteer.
* :class:`ChainGeocoder` asks the gazetteer first and the online geocoder only for names it lacks;
  :func:`make_geocoder` builds one, offline unless ``online=True``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from geopy.adapters import URLLibAdapter
from geopy.distance import geodesic
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import ArcGIS, Nominatim, Photon
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from geotrack.errors import GeocodingError, InputError
from geotrack.gazetteer import KINDS, Gazetteer, default_gazetteer, site_spellings, spelling_key
from geotrack.gazetteer.user import Coordinates
from geotrack.models import LIBYA_BBOX, Site
from geotrack.settings import Settings, get_settings
from geotrack.store import Store
from geotrack.store.caches import GeocodeCache

#: User agents that identify nobody: geotrack's shipped default and geopy's samples. Nominatim's usage
#: policy asks for one that names the application and a contact, so these are refused for it.
PLACEHOLDER_USER_AGENTS = frozenset(
    {
        "",
        "geotrack/0.1 (+https://github.com/geotrack/geotrack)",
        "my-application",
        "my_app/1",
        "my_user_agent/1.0",
        "specify_your_app_name_here",
    }
)
_LAYER_RANK = {"user": 0, "curated": 1, "bulk": 2}
_LEVEL_RANK = {"variants": 0, "variants_doc": 1, "variants_local": 2, "variants_strict": 3}

Clock = Callable[[], float]
Sleep = Callable[[float], None]
SiteDistance = tuple[Site, float]


# -- the gazetteer as a geopy geocoder ---------------------------------------------------------------
def _site_raw(site: Site, **extra: Any) -> dict[str, Any]:
    return {
        "source": "gazetteer",
        "id": site.id,
        "kind": site.kind,
        "layer": site.layer,
        "coord_source": site.coord_source,
        "name_en": site.name_en,
        "name_ar": site.name_ar,
        "parent": site.parent,
        "names": sorted({n for n in (site.name_en, site.name_ar, *site.variants, *site.variants_doc,
                                     *site.variants_local, *site.variants_strict) if n}),
        **extra,
    }


def site_location(site: Site, **extra: Any) -> Location:
    """A geopy :class:`Location` for ``site``; ``raw`` carries its id, kind, layer, source and names."""
    return Location(site.name_en, Point(site.lat, site.lon), _site_raw(site, **extra))


def _check_point(lat: float, lon: float) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        msg = f"({lat!r}, {lon!r}) is not a point: latitude must lie in [-90, 90] and longitude in [-180, 180]"
        raise InputError(msg)


def _check_kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    wanted = frozenset(kinds)
    unknown = sorted(wanted - KINDS)
    if unknown:
        msg = f"unknown kind(s) {', '.join(map(repr, unknown))}; valid kinds: {', '.join(sorted(KINDS))}"
        raise InputError(msg)
    return wanted or None


class GazetteerGeocoder(Geocoder):
    """geopy's geocoder interface over the gazetteer: exact spellings in, sites out. No network.

    ``geocode`` matches any spelling of any site (English, Arabic or a variant, at any context level and
    in any layer) after :func:`spelling_key`. A spelling claimed by several sites returns the one the
    gazetteer's rules pick first (``exactly_one=False`` returns them all); ``raw["also"]`` lists the
    others.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        super().__init__(user_agent="geotrack-gazetteer", adapter_factory=URLLibAdapter)
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer()
        self._index: dict[str, list[tuple[Site, str]]] | None = None

    @property
    def index(self) -> dict[str, list[tuple[Site, str]]]:
        """Spelling key → every (site, level) claiming it, the resolved winner first."""
        if self._index is None:
            resolved = self.gazetteer.resolve_claims()
            index: dict[str, list[tuple[Site, str]]] = {}
            for site in self.gazetteer:
                for key, level in site_spellings(site).items():
                    index.setdefault(key, []).append((site, level))
            for key, claims in index.items():
                winner = resolved.get(key)
                claims.sort(key=lambda c: (winner is None or c[0].id != winner[0].id, _LAYER_RANK.get(c[0].layer, 9),
                                           _LEVEL_RANK.get(c[1], 9), c[0].id))
            self._index = index
        return self._index

    def lookup(self, name: str) -> list[tuple[Site, str]]:
        """Every (site, level) whose spelling equals ``name`` after normalising, best first."""
        return list(self.index.get(spelling_key(name), ()))

    def geocode(self, query: str, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                **kwargs: Any) -> Location | list[Location] | None:
        """The site called ``query`` as a :class:`Location` (a list with ``exactly_one=False``), or None.

        ``timeout`` and other keyword arguments are accepted for compatibility with geopy and ignored.
        """
        claims = self.lookup(str(query))
        if not claims:
            return None
        ids = [site.id for site, _ in claims]
        found = [site_location(site, level=level, query=str(query), also=[i for i in ids if i != site.id])
                 for site, level in claims]
        return found[0] if exactly_one else found

    def nearest(self, lat: float, lon: float, within_km: float | None = None, limit: int | None = 10,
                kinds: Iterable[str] | None = None) -> list[SiteDistance]:
        """Sites by geodesic distance (WGS84) from ``(lat, lon)``, nearest first, ties by id."""
        _check_point(lat, lon)
        wanted = _check_kinds(kinds)
        if within_km is not None and within_km < 0:
            msg = f"within_km must be ≥ 0, not {within_km!r}"
            raise InputError(msg)
        if limit is not None and limit < 1:
            msg = f"limit must be ≥ 1, not {limit!r}"
            raise InputError(msg)
        here = (lat, lon)
        found = [(site, geodesic(here, (site.lat, site.lon)).km) for site in self.gazetteer
                 if wanted is None or site.kind in wanted]
        if within_km is not None:
            found = [(s, d) for s, d in found if d <= within_km]
        found.sort(key=lambda sd: (sd[1], sd[0].id))
        return found if limit is None else found[:limit]

    def reverse(self, query: Any, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                within_km: float | None = None, kinds: Iterable[str] | None = None,
                limit: int | None = 10, **kwargs: Any) -> Location | list[Location] | None:
        """The site nearest to ``query`` (a geopy ``Point``, ``(lat, lon)`` or ``"lat, lon"``).

        ``raw["distance_km"]`` is the geodesic distance; ``exactly_one=False`` returns up to ``limit``
        sites, nearest first. None when no site lies ``within_km``.
        """
        try:
            point = query if isinstance(query, Point) else Point(query)
        except (TypeError, ValueError) as exc:
            msg = f"cannot read {query!r} as a point; give (lat, lon) or 'lat, lon': {exc}"
            raise InputError(msg) from exc
        found = self.nearest(point.latitude, point.longitude, within_km=within_km,
                             limit=1 if exactly_one else limit, kinds=kinds)
        locations = [site_location(site, distance_km=km) for site, km in found]
        if exactly_one:
            return locations[0] if locations else None
        return locations


# -- online providers --------------------------------------------------------------------------------
_LIBYA_SW = Point(LIBYA_BBOX[1], LIBYA_BBOX[0])
_LIBYA_NE = Point(LIBYA_BBOX[3], LIBYA_BBOX[2])


@dataclass(frozen=True)
class Provider:
    """An online geocoder geotrack knows how to build, and how to keep inside Libya."""

    name: str
    build: Callable[[Settings, str], Geocoder]
    url: Callable[[Settings], str]
    #: Keyword arguments for ``geocode`` that restrict results to Libya (and ask for several).
    geocode_kwargs: Mapping[str, Any] = field(default_factory=dict)
    #: True when the service's usage policy demands an identifying user agent.
    strict_user_agent: bool = False


def _split_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        msg = f"GEOTRACK_NOMINATIM_URL {url!r} is not an http(s) URL like 'https://nominatim.openstreetmap.org'"
        raise GeocodingError(msg)
    return parts.scheme, parts.netloc + parts.path.rstrip("/")


def _build_nominatim(settings: Settings, user_agent: str) -> Geocoder:
    scheme, domain = _split_url(settings.nominatim_url)
    return Nominatim(domain=domain, scheme=scheme, user_agent=user_agent, timeout=settings.http_timeout,
                     adapter_factory=URLLibAdapter)


def _build_photon(settings: Settings, user_agent: str) -> Geocoder:
    return Photon(user_agent=user_agent, timeout=settings.http_timeout, adapter_factory=URLLibAdapter)


def _build_arcgis(settings: Settings, user_agent: str) -> Geocoder:
    return ArcGIS(user_agent=user_agent, timeout=settings.http_timeout, adapter_factory=URLLibAdapter)


#: Online geocoders by name: the geopy ones that need no API key.
PROVIDERS: dict[str, Provider] = {
    "nominatim": Provider("nominatim", _build_nominatim, lambda s: s.nominatim_url.rstrip("/"),
                          {"country_codes": "ly", "limit": 5}, strict_user_agent=True),
    "photon": Provider("photon", _build_photon, lambda s: "https://photon.komoot.io",
                       {"bbox": [_LIBYA_SW, _LIBYA_NE], "limit": 5}),
    "arcgis": Provider("arcgis", _build_arcgis,
                       lambda s: "https://geocode.arcgis.com/arcgis/rest/services/World/GeocodeServer"),
}


def get_provider(name: str) -> Provider:
    try:
        return PROVIDERS[name.strip().lower()]
    except KeyError:
        msg = f"unknown geocoder {name!r}; valid geocoders: {', '.join(sorted(PROVIDERS))} (set GEOTRACK_GEOCODER)"
        raise GeocodingError(msg) from None


def check_user_agent(provider: Provider, user_agent: str) -> str:
    """``user_agent`` stripped, or a :class:`GeocodingError` if it cannot identify this application."""
    ua = user_agent.strip()
    if not ua or (provider.strict_user_agent and (ua in PLACEHOLDER_USER_AGENTS or ua.startswith("geopy/"))):
        what = "an empty user agent" if not ua else f"the placeholder user agent {ua!r}"
        msg = (f"{provider.name} refuses {what}: set GEOTRACK_USER_AGENT to one naming your application and a "
               "contact, e.g. 'my-newsroom-geotrack/1.0 (you@example.org)'")
        raise GeocodingError(msg)
    return ua


def _in_libya(lat: float, lon: float) -> bool:
    min_lon, min_lat, max_lon, max_lat = LIBYA_BBOX
    return min_lat <= lat <= max_lat and min_lon <= lon <= max_lon


class _RateLimiter(RateLimiter):
    """geopy's RateLimiter with its clock and sleep injected (tests pass fakes and never sleep)."""

    def __init__(self, func: Callable[..., Any], *, clock: Clock, sleep: Sleep, **kwargs: Any) -> None:
        super().__init__(func, **kwargs)
        self._clock_fn = clock
        self._sleep_fn = sleep

    def _clock(self) -> float:
        return self._clock_fn()

    def _sleep(self, seconds: float) -> None:
        self._sleep_fn(seconds)


class CachedGeocoder(Geocoder):
    """An online geopy geocoder, rate limited, restricted to Libya and cached in the store.

    ``clock`` and ``sleep`` default to :func:`time.monotonic` and :func:`time.sleep`; ``requests``
    counts the calls that reached the provider (cache hits make none).
    """

    def __init__(self, provider: str | None = None, *, store: Store | None = None, db: str | Path | None = None,
                 settings: Settings | None = None, clock: Clock | None = None, sleep: Sleep | None = None,
                 max_retries: int | None = None, error_wait_seconds: float | None = None,
                 geocoder: Geocoder | None = None) -> None:
        self.settings = settings if settings is not None else get_settings()
        self.provider = get_provider(provider or self.settings.geocoder)
        user_agent = check_user_agent(self.provider, self.settings.user_agent)
        super().__init__(user_agent=user_agent, adapter_factory=URLLibAdapter)
        self.url = self.provider.url(self.settings)
        try:
            self.online = geocoder if geocoder is not None else self.provider.build(self.settings, user_agent)
        except GeopyError as exc:
            msg = f"cannot set up {self.provider.name} at {self.url}: {exc}"
            raise GeocodingError(msg) from exc
        self.requests = 0
        self._lock = threading.Lock()
        self._own_store = store is None
        self.store = store if store is not None else Store.open(db if db is not None else self.settings.db_path)
        self.cache = GeocodeCache(self.store)
        min_delay = max(0.0, self.settings.geocoder_min_delay)
        retries = self.settings.geocoder_retries if max_retries is None else max_retries
        wait = self.settings.geocoder_error_wait if error_wait_seconds is None else error_wait_seconds
        self.limiter = _RateLimiter(
            self._call_online, clock=clock or time.monotonic, sleep=sleep or time.sleep,
            min_delay_seconds=min_delay, max_retries=max(0, retries), error_wait_seconds=max(wait, min_delay),
            swallow_exceptions=False,
        )

    def close(self) -> None:
        if self._own_store:
            self.store.close()

    def _call_online(self, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            self.requests += 1
        return self.online.geocode(*args, **kwargs)

    def _fetch(self, query: str, timeout: Any) -> list[dict[str, Any]]:
        kwargs: dict[str, Any] = {"exactly_one": False, **self.provider.geocode_kwargs}
        if timeout is not DEFAULT_SENTINEL:
            kwargs["timeout"] = timeout
        try:
            found = self.limiter(query, **kwargs)
        except GeopyError as exc:
            msg = (f"{self.provider.name} at {self.url} failed for {query!r} after {self.limiter.max_retries} "
                   f"retries: {type(exc).__name__}: {exc}; check the network or the service URL")
            raise GeocodingError(msg) from exc
        results: list[dict[str, Any]] = []
        for loc in found or ():
            if _in_libya(loc.latitude, loc.longitude):
                results.append({"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
                                "response": loc.raw})
        return results

    def geocode(self, query: str, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                **kwargs: Any) -> Location | list[Location] | None:
        """Results in Libya from the cache, else from the provider (then cached, empty answers too)."""
        key = spelling_key(str(query))
        if not key:
            msg = "the name to geocode is empty"
            raise InputError(msg)
        results = self.cache.get(self.provider.name, key)
        if results is None:
            results = self._fetch(str(query), timeout)
            self.cache.put(self.provider.name, key, results)
        locations = [
            Location(r["address"], Point(r["lat"], r["lon"]),
                     {"source": self.provider.name, "query": str(query), "response": r["response"]})
            for r in results
        ]
        if exactly_one:
            return locations[0] if locations else None
        return locations

    def reverse(self, query: Any, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                **kwargs: Any) -> Location | list[Location] | None:
        msg = "online reverse geocoding is not offered; use the gazetteer's reverse or 'geotrack nearest'"
        raise GeocodingError(msg)


class ChainGeocoder(Geocoder):
    """The gazetteer first; the online geocoder (if any) only for names the gazetteer lacks."""

    def __init__(self, gazetteer: GazetteerGeocoder | None = None, online: CachedGeocoder | None = None) -> None:
        super().__init__(user_agent="geotrack-chain", adapter_factory=URLLibAdapter)
        self.gazetteer = gazetteer if gazetteer is not None else GazetteerGeocoder()
        self.online = online

    def close(self) -> None:
        if self.online is not None:
            self.online.close()

    def __enter__(self) -> ChainGeocoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def geocode(self, query: str, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                **kwargs: Any) -> Location | list[Location] | None:
        found = self.gazetteer.geocode(query, exactly_one=exactly_one)
        if found or self.online is None:
            return found
        return self.online.geocode(query, exactly_one=exactly_one, timeout=timeout)

    def reverse(self, query: Any, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL,
                **kwargs: Any) -> Location | list[Location] | None:
        return self.gazetteer.reverse(query, exactly_one=exactly_one, **kwargs)


def make_geocoder(online: bool = False, *, provider: str | None = None, db: str | Path | None = None,
                  gazetteer: Gazetteer | None = None, **online_kwargs: Any) -> ChainGeocoder:
    """A gazetteer geocoder, chained to an online one only when ``online=True`` (opt-in)."""
    chain_online = CachedGeocoder(provider, db=db, **online_kwargs) if online else None
    return ChainGeocoder(GazetteerGeocoder(gazetteer), chain_online)


# -- what the CLI calls ------------------------------------------------------------------------------
def location_record(location: Location) -> dict[str, Any]:
    """A flat, JSON-ready record of a geocoding result, from the gazetteer or online."""
    raw = location.raw
    if raw.get("source") == "gazetteer":
        return {"id": raw["id"], "name": raw["name_en"], "name_ar": raw["name_ar"], "lat": location.latitude,
                "lon": location.longitude, "kind": raw["kind"], "source": "gazetteer", "layer": raw["layer"],
                "coord_source": raw["coord_source"]}
    response = raw.get("response")
    kind = str(response.get("type") or response.get("osm_value") or "") if isinstance(response, dict) else ""
    return {"id": None, "name": location.address, "name_ar": "", "lat": location.latitude,
            "lon": location.longitude, "kind": kind, "source": raw.get("source", ""), "layer": "online",
            "coord_source": raw.get("source", "")}


def geocode_name(name: str, *, online: bool = False, provider: str | None = None,
                 db: str | Path | None = None, settings: Settings | None = None) -> Location:
    """The site called ``name``; online (and cached) only with ``online=True``. Not found: GeocodingError
    (``field="name"``)."""
    if not spelling_key(name):
        msg = "the name to geocode is empty; give a site name such as 'Benina' or 'الجفرة'"
        raise InputError(msg)
    with make_geocoder(online, provider=provider, db=db, settings=settings) as geocoder:
        found = geocoder.geocode(name)
        where = f"the gazetteer or from {geocoder.online.provider.name}" if geocoder.online else "the gazetteer"
    if found is None:
        msg = f"no site called {name!r} in {where}"
        raise GeocodingError(msg, field="name", value=name)
    assert isinstance(found, Location)
    return found


def nearest(lat: float, lon: float, within_km: float | None = None, limit: int | None = 10,
            kinds: Iterable[str] | None = None, gazetteer: Gazetteer | None = None) -> list[SiteDistance]:
    """Sites of the gazetteer by geodesic distance from ``(lat, lon)``; see :meth:`GazetteerGeocoder.nearest`."""
    return GazetteerGeocoder(gazetteer).nearest(lat, lon, within_km=within_km, limit=limit, kinds=kinds)


def geocoded_coordinates(names: Sequence[str], *, online: bool = False, db: str | Path | None = None,
                         gazetteer: Gazetteer | None = None, settings: Settings | None = None) -> Coordinates:
    """Coordinates of the first of ``names`` that the geocoder finds (the gazetteer, then online when
    ``online=True``): ``coord_source = "user:geocoded:<provider>"``. None found: :class:`GeocodingError`."""
    tried = [n for n in dict.fromkeys(names) if spelling_key(n)]
    with make_geocoder(online, db=db, gazetteer=gazetteer, settings=settings) as geocoder:
        for name in tried:
            found = geocoder.geocode(name)
            if found is None or isinstance(found, list):
                continue
            provider = str(found.raw.get("source") or "unknown")
            what = f"site {found.raw['id']}" if provider == "gazetteer" else repr(found.address)
            return Coordinates(found.latitude, found.longitude, f"user:geocoded:{provider}",
                               f"coordinates geocoded from {name!r} by {provider}: {what}")
    where = "online or in the gazetteer" if online else "in the gazetteer (online=False)"
    msg = f"the geocoder found none of {', '.join(map(repr, tried))} {where}"
    raise GeocodingError(msg, field="names", value=tried)
