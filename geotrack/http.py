"""Polite HTTP for feeds and pages: a user agent, a timeout, retries with backoff, conditional requests.

:class:`Fetcher` sends ``If-None-Match`` / ``If-Modified-Since`` from the validators a
:class:`ValidatorCache` remembered for the URL; a ``304 Not Modified`` answer comes back as a
:class:`FetchResult` with ``not_modified=True`` and no body. Validators are remembered only when the
caller says so (:meth:`Fetcher.remember`), after what was downloaded is safely stored: a crash between
the download and the commit must not make the next poll skip the feed.

Connection errors, timeouts, ``429`` and ``5xx`` answers are retried ``retries`` times, waiting
``backoff * 2**attempt`` seconds (capped at :data:`MAX_WAIT`, or the server's ``Retry-After`` when
shorter than the cap). ``sleep`` is injectable, so tests never wait.

Redirects are followed only to ``http`` and ``https`` URLs, at most ``max_redirects`` (default
:data:`MAX_REDIRECTS`) in a row and never in a loop; with ``same_host_redirects_only`` a redirect to
another host *or another port of the same host* is refused too (so is ``http`` → ``https`` on the same
host, which changes the port from 80 to 443). A refused redirect is not retried: the :class:`FetchError`
names the URL it led to and the rule, and nothing is requested from that URL.
"""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, TYPE_CHECKING, Protocol
from urllib.parse import urljoin, urlsplit

from geotrack.errors import InputError, StorageError
from geotrack.settings import Settings, get_settings

if TYPE_CHECKING:
    from geotrack.store import Store

MAX_WAIT = 30.0
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: How many redirects in a row a fetch follows.
MAX_REDIRECTS = 5
#: The URL schemes a fetch starts from or is redirected to.
SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}


class FetchError(InputError):
    """A URL could not be fetched (after the retries)."""


@dataclass(frozen=True)
class Validators:
    """What a server said identifies its answer: the ``ETag`` and ``Last-Modified`` headers."""

    etag: str = ""
    last_modified: str = ""

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    validators: Validators = Validators()
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class ValidatorCache(Protocol):
    def get(self, url: str) -> Validators | None: ...

    def put(self, url: str, validators: Validators) -> None: ...


class MemoryCache:
    """Validators kept in memory (one process)."""

    def __init__(self) -> None:
        self._data: dict[str, Validators] = {}

    def get(self, url: str) -> Validators | None:
        return self._data.get(url)

    def put(self, url: str, validators: Validators) -> None:
        self._data[url] = validators


class StoreCache:
    """Validators kept in the store's ``http_cache`` table (SQL in :mod:`geotrack.store.caches`)."""

    def __init__(self, store: Store) -> None:
        from geotrack.store.caches import HttpValidatorCache

        self.store = store
        self._table = HttpValidatorCache(store)

    def get(self, url: str) -> Validators | None:
        row = self._table.get(url)
        return Validators(row[0], row[1]) if row else None

    def put(self, url: str, validators: Validators) -> None:
        self._table.put(url, validators.etag, validators.last_modified)


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _host_port(url: str) -> tuple[str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: never equal to a real one
        port = -1
    return (parts.hostname or "").lower(), port if port is not None else _DEFAULT_PORTS.get(parts.scheme.lower())


class _RedirectRefused(Exception):
    """Raised inside urllib by :class:`_Redirects`; :meth:`Fetcher.fetch` turns it into a FetchError."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(target, reason)
        self.target, self.reason = target, reason


class _Redirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirect handling, checked first against the rules of the module doc. The URLs a fetch
    went through ride on each new request (``geotrack_chain``)."""

    def __init__(self, max_redirects: int, same_host_only: bool) -> None:
        self.max_redirects = max_redirects
        self.same_host_only = same_host_only

    def _check(self, req: urllib.request.Request, target: str) -> None:
        chain: list[str] = getattr(req, "geotrack_chain", [req.full_url])
        if urlsplit(target).scheme.lower() not in SCHEMES:
            raise _RedirectRefused(target, "only http and https are followed")
        if target in chain:
            raise _RedirectRefused(target, "a redirect loop (back to a URL already visited); check the URL")
        if len(chain) > self.max_redirects:
            raise _RedirectRefused(target, f"more than {self.max_redirects} redirects in a row; check the URL")
        if self.same_host_only and _host_port(target) != _host_port(chain[0]):
            host, port = _host_port(chain[0])
            raise _RedirectRefused(target, f"another host or port than {host}:{port}, and redirects to other hosts"
                                           " are refused; fetch that URL directly if it is trusted")

    def http_error_302(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                       headers: HTTPMessage) -> object | None:
        location = headers.get("location") or headers.get("uri")
        if location is not None:
            try:
                self._check(req, urljoin(req.full_url, location.strip()))
            except _RedirectRefused:
                with contextlib.suppress(OSError):
                    fp.close()
                raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req: urllib.request.Request, fp: IO[bytes], code: int, msg: str,
                         headers: HTTPMessage, newurl: str) -> urllib.request.Request | None:
        self._check(req, newurl)  # the URL as urllib cleaned it up
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.geotrack_chain = [*getattr(req, "geotrack_chain", [req.full_url]), newurl]  # type: ignore[attr-defined]
        return new


class Fetcher:
    """Fetch URLs politely; see the module doc."""

    def __init__(self, *, user_agent: str | None = None, timeout: float | None = None, retries: int = 3,
                 backoff: float = 1.0, sleep: Callable[[float], None] = time.sleep,
                 cache: ValidatorCache | None = None, max_redirects: int = MAX_REDIRECTS,
                 same_host_redirects_only: bool = False, settings: Settings | None = None) -> None:
        settings = settings if settings is not None else get_settings()
        self.user_agent = user_agent or settings.user_agent
        self.timeout = settings.http_timeout if timeout is None else timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.cache: ValidatorCache = cache if cache is not None else MemoryCache()
        self.max_redirects = max_redirects
        self.same_host_redirects_only = same_host_redirects_only
        self._opener = urllib.request.build_opener(_Redirects(max_redirects, same_host_redirects_only))

    def _wait(self, attempt: int, retry_after: str | None) -> float:
        wait = min(self.backoff * 2**attempt, MAX_WAIT)
        if retry_after and retry_after.strip().isdigit():
            wait = min(float(retry_after), MAX_WAIT)
        return wait

    def fetch(self, url: str) -> FetchResult:
        """GET ``url`` (conditionally when validators are cached); raises :class:`FetchError`."""
        if urlsplit(url).scheme.lower() not in SCHEMES:
            msg = f"cannot fetch {url!r}: only http and https URLs are fetched"
            raise FetchError(msg)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "identity"}
        known = self.cache.get(url)
        if known:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        last, attempts, retry_after = "", 0, None
        for attempt in range(self.retries + 1):
            attempts = attempt + 1
            if attempt:
                self.sleep(self._wait(attempt - 1, retry_after))
            retry_after = None
            request = urllib.request.Request(url, headers=headers)
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    body = response.read()
                    return FetchResult(
                        url=response.geturl(), status=response.status, body=body,
                        content_type=response.headers.get("Content-Type", ""),
                        validators=Validators(response.headers.get("ETag", ""),
                                              response.headers.get("Last-Modified", "")),
                        attempts=attempt + 1,
                    )
            except _RedirectRefused as exc:
                msg = f"cannot fetch {url!r}: redirected to {exc.target!r}: {exc.reason}"
                raise FetchError(msg) from None
            except urllib.error.HTTPError as exc:
                if exc.code == 304:
                    return FetchResult(url=url, status=304, validators=known or Validators(), attempts=attempt + 1)
                last = f"HTTP {exc.code} {exc.reason}"
                if exc.code not in RETRY_STATUS:
                    break
                retry_after = exc.headers.get("Retry-After")
            except TimeoutError:
                last = f"timed out after {self.timeout:g} s"
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                    last = f"timed out after {self.timeout:g} s"
                else:
                    last = f"connection failed ({exc.reason})"
            except (ConnectionError, OSError) as exc:
                last = f"connection failed ({exc})"
        msg = f"cannot fetch {url!r}: {last} after {attempts} attempt{'s' if attempts > 1 else ''}; check the URL or try again later"
        raise FetchError(msg)

    def remember(self, result: FetchResult, url: str | None = None) -> None:
        """Remember the validators of a successful fetch (call after its content is stored)."""
        if result.status == 200 and result.validators:
            with contextlib.suppress(StorageError):  # the cache is an optimisation: never fail an ingest over it
                self.cache.put(url or result.url, result.validators)


__all__ = ["MAX_REDIRECTS", "SCHEMES", "FetchError", "FetchResult", "Fetcher", "MemoryCache", "StoreCache", "ValidatorCache", "Validators",
           "is_url"]
