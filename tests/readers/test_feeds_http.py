"""Feeds over HTTP against a server on 127.0.0.1: user agent, retries with backoff, timeout, 304."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geotrack.http import Fetcher, FetchError, MemoryCache, StoreCache, Validators
from geotrack.pipeline import ingest
from geotrack.store import Store
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
RSS = (FIX / "good" / "libya_watch.rss").read_bytes()
ETAG = '"rss-v1"'
LAST_MODIFIED = "Mon, 06 May 2024 08:30:00 GMT"
UA = "geotrack-tests/0 (+https://example.invalid)"


@dataclass
class Plan:
    """What the server does: fail the first ``failures`` requests, then serve ``body``."""

    failures: int = 0
    status_on_failure: int = 503
    body: bytes = RSS
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str = ETAG
    last_modified: str = LAST_MODIFIED
    block: threading.Event | None = None
    requests: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[tuple[str, Plan]]:
    plan = Plan()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            plan.requests.append({k: v for k, v in self.headers.items()})
            if plan.block is not None:
                plan.block.wait(5)
            if self.headers.get("User-Agent") != UA:
                self.send_response(403)
                self.end_headers()
                return
            if len(plan.requests) <= plan.failures:
                self.send_response(plan.status_on_failure)
                self.end_headers()
                return
            fresh = (plan.etag and self.headers.get("If-None-Match") == plan.etag) or (
                not plan.etag and plan.last_modified and self.headers.get("If-Modified-Since") == plan.last_modified)
            if fresh:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", plan.content_type)
            self.send_header("Content-Length", str(len(plan.body)))
            if plan.etag:
                self.send_header("ETag", plan.etag)
            if plan.last_modified:
                self.send_header("Last-Modified", plan.last_modified)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client timed out first
                self.wfile.write(plan.body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/feed.rss", plan
    finally:
        if plan.block is not None:
            plan.block.set()
        httpd.shutdown()
        httpd.server_close()


def test_user_agent_is_sent(server: tuple[str, Plan]) -> None:
    url, plan = server
    result = Fetcher(sleep=lambda s: None).fetch(url)
    assert (result.status, result.body, result.validators) == (200, RSS, Validators(ETAG, LAST_MODIFIED))
    assert plan.requests[0]["User-Agent"] == UA


def test_wrong_user_agent_is_refused_by_the_server(server: tuple[str, Plan]) -> None:
    url, _ = server
    with pytest.raises(FetchError) as info:
        Fetcher(user_agent="other", sleep=lambda s: None).fetch(url)
    assert str(info.value) == f"cannot fetch {url!r}: HTTP 403 Forbidden after 1 attempt; check the URL or try again later"


def test_retries_with_exponential_backoff(server: tuple[str, Plan]) -> None:
    url, plan = server
    plan.failures = 2
    waits: list[float] = []
    result = Fetcher(sleep=waits.append, backoff=0.5).fetch(url)
    assert (result.status, result.attempts, len(plan.requests)) == (200, 3, 3)
    assert waits == [0.5, 1.0]


def test_gives_up_after_the_retries(server: tuple[str, Plan]) -> None:
    url, plan = server
    plan.failures = 10
    waits: list[float] = []
    with pytest.raises(FetchError, match=r"HTTP 503 Service Unavailable after 4 attempts"):
        Fetcher(sleep=waits.append, retries=3, backoff=1.0).fetch(url)
    assert waits == [1.0, 2.0, 4.0]
    assert len(plan.requests) == 4


def test_timeout(server: tuple[str, Plan]) -> None:
    url, plan = server
    plan.block = threading.Event()
    waits: list[float] = []
    with pytest.raises(FetchError) as info:
        Fetcher(timeout=0.2, retries=1, sleep=waits.append).fetch(url)
    assert str(info.value) == f"cannot fetch {url!r}: timed out after 0.2 s after 2 attempts; check the URL or try again later"
    assert waits == [1.0]


def test_connection_refused_is_retried() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    waits: list[float] = []
    with pytest.raises(FetchError, match=r"connection failed .* after 3 attempts"):
        Fetcher(retries=2, sleep=waits.append).fetch(f"http://127.0.0.1:{port}/x")
    assert waits == [1.0, 2.0]


def test_conditional_request_etag(server: tuple[str, Plan]) -> None:
    url, plan = server
    fetcher = Fetcher(sleep=lambda s: None, cache=MemoryCache())
    first = fetcher.fetch(url)
    fetcher.remember(first, url)
    second = fetcher.fetch(url)
    assert second.not_modified and second.body == b""
    assert plan.requests[1]["If-None-Match"] == ETAG
    assert plan.requests[1]["If-Modified-Since"] == LAST_MODIFIED


def test_conditional_request_last_modified_only(server: tuple[str, Plan]) -> None:
    url, plan = server
    plan.etag = ""
    fetcher = Fetcher(sleep=lambda s: None)
    fetcher.remember(fetcher.fetch(url), url)
    assert fetcher.fetch(url).status == 304
    assert "If-None-Match" not in plan.requests[1]


def test_ingest_feed_url_then_poll_again(server: tuple[str, Plan], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_GAZETTEER", str(FIX / "gazetteer"))
    url, plan = server
    with Store.open(tmp_path / "f.db") as store:
        fetcher = Fetcher(sleep=lambda s: None, cache=StoreCache(store))
        first = ingest([url], store, fetcher=fetcher)
        assert (first.read, first.new, first.not_modified, first.failed) == (2, 2, 0, 0)
        assert list(first.per_source) == ["Libya Watch Weekly"]
        assert StoreCache(store).get(url) == Validators(ETAG, LAST_MODIFIED)
        second = ingest([url], store)  # a new fetcher: the validators come from the store
        assert (second.read, second.new, second.not_modified) == (0, 0, 1)
        assert plan.requests[1]["If-None-Match"] == ETAG
        assert store.counts()["documents"] == 2
        # the feed changes: a new ETag, one more entry
        plan.etag = '"rss-v2"'
        plan.body = RSS.replace(b"<item>", b"<item><title>New</title><link>https://libyawatch.example/new</link>"
                                b"<description>Flights at Sirte resumed.</description></item><item>", 1)
        third = ingest([url], store)
        assert (third.read, third.new, third.duplicates) == (3, 1, 2)


def test_ingest_feed_url_failure_is_a_problem(server: tuple[str, Plan], tmp_path: Path) -> None:
    url, plan = server
    plan.failures, plan.status_on_failure = 1, 404
    with Store.open(tmp_path / "f.db") as store:
        s = ingest([url], store, fetcher=Fetcher(sleep=lambda s: None))
    assert [str(p) for p in s.problems] == [
        f"{url}: HTTP 404 Not Found after 1 attempt; check the URL or try again later"]


def test_html_page_url(server: tuple[str, Plan], tmp_path: Path) -> None:
    url, plan = server
    plan.body = (FIX / "good" / "en_page.html").read_bytes()
    plan.content_type = "text/html; charset=utf-8"
    with Store.open(tmp_path / "f.db") as store:
        s = ingest([url], store, fetcher=Fetcher(sleep=lambda s: None))
        assert (s.read, list(s.per_source)) == (1, ["Coastal Times"])
