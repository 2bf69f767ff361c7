"""Redirects against servers on 127.0.0.1: only http/https, a few hops, no loops, optionally one host
(geotrack.http)."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geotrack.http import MAX_REDIRECTS, Fetcher, FetchError
from geotrack.pipeline import ingest
from geotrack.store import Store
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
RSS = (FIX / "good" / "libya_watch.rss").read_bytes()


@dataclass
class Site:
    """A server on 127.0.0.1: ``routes`` maps a path to ``(status, Location)``; other paths serve RSS."""

    base: str = ""
    routes: dict[str, tuple[int, str]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


@contextlib.contextmanager
def serve() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            site.requests.append(self.path)
            if self.path in site.routes:
                status, location = site.routes[self.path]
                self.send_response(status)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(RSS)))
            self.end_headers()
            self.wfile.write(RSS)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        yield s


@pytest.fixture
def other_port() -> Iterator[Site]:
    with serve() as s:
        yield s


@pytest.fixture
def listener() -> Iterator[tuple[int, list[int]]]:
    """A bare TCP port that counts the connections made to it (an "FTP server")."""
    accepted: list[int] = []
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.settimeout(0.05)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                continue
            accepted.append(1)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join()
        sock.close()


def fetcher(**kwargs: object) -> Fetcher:
    return Fetcher(sleep=lambda s: None, **kwargs)  # type: ignore[arg-type]


def refusal(url: str, target: str, reason: str) -> str:
    return f"cannot fetch {url!r}: redirected to {target!r}: {reason}"


def test_a_normal_redirect_is_followed(site: Site) -> None:
    site.routes["/old"] = (301, "/feed.rss")
    site.routes["/older"] = (302, f"{site.base}/old")
    result = fetcher().fetch(f"{site.base}/older")
    assert (result.status, result.body, result.url) == (200, RSS, f"{site.base}/feed.rss")
    assert site.requests == ["/older", "/old", "/feed.rss"]


@pytest.mark.parametrize("status", [303, 307, 308])
def test_other_redirect_statuses(site: Site, status: int) -> None:
    site.routes["/old"] = (status, "/feed.rss")
    assert fetcher().fetch(f"{site.base}/old").url == f"{site.base}/feed.rss"


def test_a_redirect_to_ftp_is_refused_without_connecting(site: Site, listener: tuple[int, list[int]]) -> None:
    port, accepted = listener
    site.routes["/feed"] = (302, f"ftp://127.0.0.1:{port}/feed.rss")
    url = f"{site.base}/feed"
    with pytest.raises(FetchError) as info:
        fetcher().fetch(url)
    assert str(info.value) == refusal(url, f"ftp://127.0.0.1:{port}/feed.rss", "only http and https are followed")
    assert site.requests == ["/feed"]  # not retried
    assert accepted == []


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "gopher://127.0.0.1:9/x"])
def test_redirects_to_other_schemes_are_refused(site: Site, target: str) -> None:
    site.routes["/feed"] = (301, target)
    url = f"{site.base}/feed"
    with pytest.raises(FetchError) as info:
        fetcher().fetch(url)
    assert str(info.value) == refusal(url, target, "only http and https are followed")


def test_a_redirect_loop_is_refused(site: Site) -> None:
    site.routes["/a"] = (302, "/b")
    site.routes["/b"] = (302, "/a")
    url = f"{site.base}/a"
    with pytest.raises(FetchError) as info:
        fetcher().fetch(url)
    assert str(info.value) == refusal(url, url, "a redirect loop (back to a URL already visited); check the URL")
    assert site.requests == ["/a", "/b"]


def test_a_redirect_to_itself_is_a_loop(site: Site) -> None:
    site.routes["/a"] = (307, "/a")
    url = f"{site.base}/a"
    with pytest.raises(FetchError) as info:
        fetcher().fetch(url)
    assert str(info.value) == refusal(url, url, "a redirect loop (back to a URL already visited); check the URL")


def test_too_many_hops(site: Site) -> None:
    for i in range(10):
        site.routes[f"/r{i}"] = (302, f"/r{i + 1}")
    url = f"{site.base}/r0"
    with pytest.raises(FetchError) as info:
        fetcher().fetch(url)
    assert MAX_REDIRECTS == 5
    assert str(info.value) == refusal(url, f"{site.base}/r6", "more than 5 redirects in a row; check the URL")
    assert site.requests == [f"/r{i}" for i in range(6)]


def test_exactly_the_maximum_of_hops_is_followed(site: Site) -> None:
    for i in range(3):
        site.routes[f"/r{i}"] = (302, f"/r{i + 1}")
    assert fetcher(max_redirects=3).fetch(f"{site.base}/r0").url == f"{site.base}/r3"
    with pytest.raises(FetchError, match="more than 2 redirects in a row"):
        fetcher(max_redirects=2).fetch(f"{site.base}/r0")


def test_a_redirect_to_another_port_is_followed_by_default(site: Site, other_port: Site) -> None:
    site.routes["/feed"] = (302, f"{other_port.base}/feed.rss")
    result = fetcher().fetch(f"{site.base}/feed")
    assert (result.url, result.body) == (f"{other_port.base}/feed.rss", RSS)
    assert other_port.requests == ["/feed.rss"]


def test_same_host_only_refuses_another_port(site: Site, other_port: Site) -> None:
    site.routes["/feed"] = (302, f"{other_port.base}/feed.rss")
    url = f"{site.base}/feed"
    with pytest.raises(FetchError) as info:
        fetcher(same_host_redirects_only=True).fetch(url)
    port = int(site.base.rsplit(":", 1)[1])
    assert str(info.value) == refusal(
        url, f"{other_port.base}/feed.rss",
        f"another host or port than 127.0.0.1:{port}, and redirects to other hosts are refused; fetch that URL"
        " directly if it is trusted")
    assert other_port.requests == []


def test_same_host_only_refuses_another_host(site: Site) -> None:
    port = int(site.base.rsplit(":", 1)[1])
    site.routes["/feed"] = (302, f"http://localhost:{port}/feed.rss")
    url = f"{site.base}/feed"
    with pytest.raises(FetchError) as info:
        fetcher(same_host_redirects_only=True).fetch(url)
    assert str(info.value) == refusal(
        url, f"http://localhost:{port}/feed.rss",
        f"another host or port than 127.0.0.1:{port}, and redirects to other hosts are refused; fetch that URL"
        " directly if it is trusted")
    assert site.requests == ["/feed"]


def test_same_host_only_follows_redirects_on_the_same_host_and_port(site: Site) -> None:
    site.routes["/feed"] = (301, "/feed.rss")
    site.routes["/x"] = (301, f"{site.base}/feed")
    result = fetcher(same_host_redirects_only=True).fetch(f"{site.base}/x")
    assert (result.status, result.url) == (200, f"{site.base}/feed.rss")


def test_only_http_and_https_urls_are_fetched() -> None:
    with pytest.raises(FetchError) as info:
        fetcher().fetch("ftp://127.0.0.1:9/feed.rss")
    assert str(info.value) == "cannot fetch 'ftp://127.0.0.1:9/feed.rss': only http and https URLs are fetched"


def test_ingest_reports_the_refused_redirect(site: Site, listener: tuple[int, list[int]], tmp_path: Path) -> None:
    port, accepted = listener
    site.routes["/feed"] = (302, f"ftp://127.0.0.1:{port}/feed.rss")
    url = f"{site.base}/feed"
    with Store.open(tmp_path / "r.db") as store:
        summary = ingest([url], store, fetcher=fetcher())
    assert [str(p) for p in summary.problems] == [
        f"{url}: redirected to 'ftp://127.0.0.1:{port}/feed.rss': only http and https are followed"]
    assert accepted == []


def test_the_cli_option_refuses_a_redirect_to_another_port(site: Site, other_port: Site, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    site.routes["/feed"] = (302, f"{other_port.base}/feed.rss")
    db = str(tmp_path / "c.db")
    refused = CliRunner().invoke(app, ["ingest", f"{site.base}/feed", "--db", db, "--same-host-redirects", "-q"])
    assert refused.exit_code == 1
    host, port = site.base.removeprefix("http://").split(":")
    assert (f"{site.base}/feed: redirected to '{other_port.base}/feed.rss': another host or port than "
            f"{host}:{port}, and redirects to other hosts are refused") in " ".join(refused.output.split())
    assert other_port.requests == []
    followed = CliRunner().invoke(app, ["ingest", f"{site.base}/feed", "--db", db, "-q"])
    assert followed.exit_code == 0, followed.output
    assert other_port.requests == ["/feed.rss"]
