"""geotrack watch / feeds (geotrack.watch): feed lists, polite polling with backoff and conditional
requests, summary-only entries, and the end-to-end run over simulated days against feed, webhook and
SMTP servers on 127.0.0.1 (alerts exactly once, copies counted once, SIGTERM mid-round loses nothing)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import feedparser
import pytest

from geotrack.errors import InputError
from geotrack.store import Store
from geotrack.watch import FeedSpec, Watcher, feed_states, parse_duration, read_feed_list

DAY1 = "2025-03-03T12:00:00+00:00"

STORIES = {
    # day -> feed -> list of (guid, title, text)
    1: {
        "wire": [("w-1", "Cargo flights", "Russian transport aircraft landed at al-Jufra air base on Monday, flight "
                 "tracking data showed, after a long flight over the eastern Mediterranean from Syria carrying "
                 "equipment for the radar station that engineers built at the base last year.")],
        "summary": [("s-1", "Drones at Watiya", "Turkish drones were seen at al-Watiya air base.")],
    },
    2: {
        "wire": [("w-2", "More flights", "Two more cargo planes reached al-Jufra air base on Tuesday according to "
                 "residents of the nearby town of Hun who counted the aircraft as they crossed the desert sky at "
                 "low altitude before landing on the repaired northern runway of the base.")],
        "copy": [("c-1", "More flights (copy)", "UPDATE: Two more cargo planes reached al-Jufra air base on Tuesday "
                  "according to residents of the nearby town of Hun who counted the aircraft as they crossed the "
                  "desert sky at low altitude before landing on the repaired northern runway of the base. Read more.")],
        "summary": [("s-2", "Jufra again", "Observers describe new hangars at al-Jufra air base.")],
    },
}
PAGES = {
    "s-1": "<html><body><article><h1>Drones at Watiya</h1><p>Turkish drones were seen at al-Watiya air base on "
           "Monday by farmers working the fields west of the runway, who described at least three aircraft "
           "parked beside the new shelters built during the winter.</p></article></body></html>",
    "s-2": "<html><body><article><h1>Jufra again</h1><p>Observers describe new hangars at al-Jufra air base, built "
           "in the spring by foreign engineers, according to satellite pictures compared by a team of volunteer "
           "analysts who follow the construction month after month.</p></article></body></html>",
}
SOURCES = {"wire": "Sahel Wire", "copy": "Copy Daily", "summary": "Desert Notes"}


class _Feeds(BaseHTTPRequestHandler):
    day: ClassVar[list[int]] = [1]
    delay: ClassVar[list[float]] = [0.0]
    requests: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        _Feeds.requests.append((self.path, dict(self.headers)))
        time.sleep(_Feeds.delay[0])
        name = self.path.strip("/").removesuffix(".xml")
        if name == "broken":
            self._send(503, b"down", {"Retry-After": "7200"})
            return
        if self.path.startswith("/article/"):
            guid = self.path.rsplit("/", 1)[1].removesuffix(".html")
            if guid not in PAGES:
                self._send(404)
                return
            self._send(200, PAGES[guid].encode(), {"Content-Type": "text/html; charset=utf-8"})
            return
        if name not in SOURCES:
            self._send(404)
            return
        etag = f'"{name}-{_Feeds.day[0]}"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304)
            return
        self._send(200, self._rss(name).encode(), {"Content-Type": "application/rss+xml", "ETag": etag})

    def _rss(self, name: str) -> str:
        port = self.server.server_address[1]
        items = []
        for day in range(1, _Feeds.day[0] + 1):
            for guid, title, text in STORIES.get(day, {}).get(name, []):
                link = f"http://127.0.0.1:{port}/article/{guid}.html" if name == "summary" else f"https://{name}.example/{guid}"
                body = f"<description>{text}</description>" if name == "summary" else \
                    f"<description>{text[:60]}</description><content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>"
                items.append(f"<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title><link>{link}</link>"
                             f"<pubDate>{_rfc822(day)}</pubDate>{body}</item>")
        return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>{SOURCES[name]}</title><link>https://{name}.example/</link>{''.join(items)}</channel></rss>")

    def log_message(self, *args: object) -> None:
        pass


def _rfc822(day: int) -> str:
    return f"Mon, {2 + day:02d} Mar 2025 08:00:00 GMT"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Feeds)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def _reset(day: int = 1) -> None:
    _Feeds.day[0], _Feeds.delay[0] = day, 0.0
    _Feeds.requests.clear()


def test_durations() -> None:
    assert [parse_duration(v) for v in ("90s", "15m", "1h", "2d", "30")] == [90, 900, 3600, 172800, 30]
    with pytest.raises(InputError, match=r"duration '15 minutes' is not usable"):
        parse_duration("15 minutes")


def test_feed_lists(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
                    '<outline text="Libya"><outline type="rss" text="Wire" xmlUrl="https://wire.example/rss"/></outline>'
                    '<outline type="rss" text="Top" xmlUrl="https://top.example/feed"/></body></opml>', encoding="utf-8")
    assert read_feed_list(opml, 600) == [FeedSpec("https://wire.example/rss", "Libya", 600),
                                         FeedSpec("https://top.example/feed", "", 600)]
    (tmp_path / "drop").mkdir()
    text = tmp_path / "feeds.txt"
    text.write_text("# my feeds\n[Wires]\nhttps://a.example/rss every=1h\nhttps://a.example/rss\n\n[Local]\ndrop\n",
                    encoding="utf-8")
    assert read_feed_list(text) == [FeedSpec("https://a.example/rss", "Wires", 3600),
                                    FeedSpec(str(tmp_path / "drop"), "Local", 900, is_folder=True)]
    text.write_text("https://a.example/rss often\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"feeds\.txt:1: unknown option 'often'"):
        read_feed_list(text)
    text.write_text("nowhere/at/all\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"feeds\.txt:1: 'nowhere/at/all' is neither an http\(s\) URL nor a folder"):
        read_feed_list(text)


def test_round_conditional_backoff_and_summary_pages(server: str, db_location: str) -> None:
    """The feed cache, backoff and the feed states on both backends (a team's watcher writes PostGIS)."""
    _reset(1)
    t = [1_741_000_000.0]
    slept: list[float] = []
    feeds = [FeedSpec(f"{server}/wire.xml", every=900), FeedSpec(f"{server}/summary.xml", every=900),
             FeedSpec(f"{server}/broken.xml", every=900)]
    with Store.open(db_location) as store:
        w = Watcher(store, feeds, clock=lambda: t[0], sleep=slept.append, page_delay=2.0)
        r1 = w.run_round()
        assert (r1.polled, r1.failed, r1.read, r1.stored, r1.pages) == (3, 1, 2, 2, 1)
        states = {s["url"]: s for s in feed_states(store)}
        broken = states[f"{server}/broken.xml"]
        assert broken["failures"] == 1 and "HTTP 503" in broken["error"]
        assert broken["retry_after"] and broken["next_poll"] >= broken["retry_after"]  # Retry-After: 2 h > 2 × 15 min
        texts = {d.id: d.text for _, d in store.iter_documents()}
        assert "farmers working the fields" in texts["s-1"]  # the article page, not the one-line summary
        t[0] += 1000  # wire and summary are due again, broken is not
        assert sorted(f.url for f in w.due()) == [f"{server}/summary.xml", f"{server}/wire.xml"]
        _Feeds.requests.clear()
        r2 = w.run_round()
        assert (r2.polled, r2.not_modified, r2.stored) == (2, 2, 0)
        assert all(h.get("If-None-Match") for p, h in _Feeds.requests)
        _Feeds.day[0] = 2
        t[0] += 1000
        r3 = w.run_round()
        assert (r3.read, r3.stored, r3.pages) == (2, 2, 1)  # w-2 and s-2; s-1 is known: only s-2's page is fetched
        assert slept == []  # one page a host per round: no wait was needed
        t[0] += 3 * 3600
        assert f"{server}/broken.xml" in [f.url for f in w.due()]  # after its Retry-After
        w.stop()
        assert w.run_round().polled == 0  # stopped: nothing more is polled


def test_article_pages_one_host_at_a_time_with_a_delay(server: str, tmp_path: Path) -> None:
    _reset(2)
    t = [1_741_000_000.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        t[0] += s

    other = server.replace("127.0.0.1", "localhost")  # the same server under another host name
    with Store.open(tmp_path / "p.db") as store:
        w = Watcher(store, [], clock=lambda: t[0], sleep=sleep, page_delay=2.0, user_agent="geotrack-test/1")
        assert "farmers working the fields" in w._page(f"{server}/article/s-1.html")
        assert "volunteer analysts" in w._page(f"{other}/article/s-2.html")
        assert slept == []  # another host: no wait
        t[0] += 0.5
        assert "volunteer analysts" in w._page(f"{server}/article/s-2.html")
        assert slept == [1.5]  # the same host: 2 s after its last page
        assert w._page(f"{server}/article/missing.html") == ""  # a page that fails is skipped ...
        assert slept == [1.5, 2.0]  # ... after its wait too
    agents = {h.get("User-Agent") for p, h in _Feeds.requests}
    assert agents == {"geotrack-test/1"}  # the same user agent for every page


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Hook(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        _Hook.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _cli(args: list[str]) -> Any:
    """``geotrack ARGS`` in this process (the CLI's own code, without a new interpreter's start-up)."""
    from typer.testing import CliRunner

    from geotrack.cli import app

    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return json.loads(result.stdout)


@pytest.mark.slow
def test_end_to_end_over_simulated_days(server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiosmtpd.controller import Controller

    from geotrack.store.monitoring import Monitoring

    _reset(1)
    mails: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            mails.append(envelope.original_content)
            return "250 OK"

    smtp_port = _free_port()
    smtp = Controller(Handler(), hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    hook = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    _Hook.bodies.clear()
    try:
        feeds = tmp_path / "feeds.txt"
        feeds.write_text("\n".join(f"{server}/{n}.xml" for n in ("wire", "copy", "summary", "broken")) + "\n",
                         encoding="utf-8")
        atom = tmp_path / "alerts.atom"
        rules = tmp_path / "rules.toml"
        rules.write_text(f'[rules]\nsurge_min_documents = 2\n[deliver]\natom = "{atom}"\n'
                         f'webhook_url = "http://127.0.0.1:{hook.server_port}/hook"\nemail_to = ["desk@example.org"]\n',
                         encoding="utf-8")
        env = {"GEOTRACK_DB": str(tmp_path / "watch.db"), "GEOTRACK_SMTP_HOST": "127.0.0.1",
               "GEOTRACK_SMTP_PORT": str(smtp_port), "GEOTRACK_SMTP_STARTTLS": "0", "GEOTRACK_WEBHOOK_SECRET": "k"}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        watch = ["watch", str(feeds), "--rules", str(rules), "--page-delay", "0", "--format", "json"]
        day1 = _cli([*watch, "--once", "--now", "2025-03-03T12:00"])
        assert (day1[0]["polled"], day1[0]["failed"]) == (4, 1)
        # day 2: the wire story, its syndicated copy and a summary-only entry; a SIGTERM mid-round to a
        # separate process (the signal is the point here), then a restart
        _Feeds.day[0], _Feeds.delay[0] = 2, 1.0
        proc = subprocess.Popen([sys.executable, "-m", "geotrack", *watch, "--now", "2025-03-04T12:00"],
                                env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.time() + 60
        while len(_Feeds.requests) < 6 and time.time() < deadline:  # day 1 made 5 requests (4 feeds, 1 page)
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        stopped = json.loads(out)
        assert stopped[-1]["stopped"] is True and stopped[-1]["polled"] < 4
        _Feeds.delay[0] = 0.0
        day2 = _cli([*watch, "--once", "--now", "2025-03-04T12:00"])  # the restart finishes the round
        assert stopped[-1]["polled"] + day2[0]["polled"] == 4
        again = _cli([*watch, "--once", "--now", "2025-03-04T12:00"])
        assert again[0]["polled"] == 0  # nothing due: every feed has its next poll later

        listed = _cli(["alerts", "--format", "json"])
        keys = sorted(a["key"] for a in listed)
        assert keys == ["first_mention:al-jufra", "first_mention:al-watiya", "first_mention:hun",  # Hun: day 2
                        "new_actor:al-jufra:russia", "new_actor:al-jufra:syria", "new_actor:al-watiya:turkey"], keys
        entries = feedparser.parse(str(atom)).entries
        assert sorted(e.id for e in entries) == sorted(f"urn:geotrack:alert:{k}" for k in keys)
        hooked = [a["key"] for b in _Hook.bodies for a in json.loads(b)["alerts"]]
        assert sorted(hooked) == keys  # each alert exactly once at the webhook
        mailed = [message_from_bytes(m).get_payload(decode=True).decode().replace("\r\n", "\n") for m in mails]
        for k in keys:
            title = next(a["title"] for a in listed if a["key"] == k)
            assert sum(m.count(title + "\n") for m in mailed) == 1, (k, mailed)
        with Store.open(tmp_path / "watch.db") as store:
            docs = {d.id: (d.source, d.text) for _, d in store.iter_documents()}
            assert sorted(docs) == ["c-1", "s-1", "s-2", "w-1", "w-2"]  # nothing lost to the SIGTERM
            copies = Monitoring(store).copies()
            ids = {d.id: i for i, d in store.iter_documents()}
            # w-2 and c-1 have the same publication time: the original is the one stored first, which
            # depends on the (shuffled) poll order of the interrupted round; the other one is its copy
            original, copy = sorted([ids["w-2"], ids["c-1"]])
            assert copies == {copy: original}  # the copy counts once
        hun = next(a for a in listed if a["key"] == "first_mention:hun")
        assert (hun["documents"], len(hun["sources"])) == (1, 1)  # named by w-2 and c-1: one story, one source
        states = _cli(["feeds", str(feeds), "--format", "json"])
        assert [(s["url"].rsplit("/", 1)[1], s["failures"] > 0) for s in states] == [
            ("wire.xml", False), ("copy.xml", False), ("summary.xml", False), ("broken.xml", True)]
    finally:
        smtp.stop()
        hook.shutdown()
