"""Alerts (geotrack.alerts): rules over a real store with an injected clock, fired once, and delivered
to an Atom file, a webhook receiver and an SMTP server (STARTTLS, login) on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import feedparser
import pandas as pd
import pytest

from geotrack.alerts import (
    SIGNATURE_HEADER,
    Alert,
    AlertRules,
    Area,
    Deliveries,
    DeliveryError,
    SmtpSettings,
    evaluate,
    load_rules,
    post_webhook,
    run,
    send_email,
    stored_alerts,
    write_atom,
)
from geotrack.errors import InputError
from geotrack.store import Store
from tests.builders import article, make_store

NOW = datetime(2025, 3, 20, 12, 0, tzinfo=timezone.utc)
STORY = ("Two Russian Il-76 cargo aircraft landed at Al Jufra Air Base on Tuesday according to flight tracking data "
         "reviewed by analysts, after crossing the eastern Mediterranean from Syria with equipment for the radar "
         "station built at the base last year.")


_FACTS = ["A convoy of trucks was filmed entering {} before dawn.",
          "Satellite pictures show new hangars going up at {} this month.",
          "Engineers finished repairing the main runway of {} last week.",
          "Residents counted fuel tankers queuing outside {} on Friday.",
          "Drone shelters have appeared along the northern apron of {}.",
          "An air defence battery was moved to {} according to officials.",
          "Transport helicopters flew several times over {} overnight.",
          "A field hospital opened near {} for the coming operations."]


def _own(doc_id: str, source: str, published: str, sites: list[str], n: int, **kw: Any) -> Any:
    """An article with a story of its own (texts of the builder alone would be near-duplicates)."""
    from tests.builders import SITE_BY_ID

    sentences = [_FACTS[(n + i) % 8].format(SITE_BY_ID[s].name_en) for i, s in enumerate(sites)]
    return article(doc_id, source, published, sites, sentences=sentences, **kw)


def _docs() -> list[Any]:
    docs = [_own(f"base{i}", "Outlet A", f"2025-02-{day:02d}", ["al-jufra"], i) for i, day in
            enumerate((17, 24), start=1)]  # baseline: 2 documents in the 4 weeks before the window
    docs += [_own("sirte-old", "Outlet A", "2025-02-20", ["sirte"], 3)]
    docs += [
        _own("w1", "Outlet A", "2025-03-15", ["al-jufra"], 4),
        article("w2", "Outlet B", "2025-03-16", ["al-jufra"], text=STORY, sentences=[STORY], actors=("russia",)),
        article("w3", "Outlet C", "2025-03-17", ["al-jufra"], text="UPDATE: " + STORY + " Read more on our site.",
                sentences=[STORY]),
        _own("w4", "Outlet B", "2025-03-18", ["al-jufra", "kufra"], 5),
        _own("future", "Outlet D", "2025-03-25", ["maaten-al-sarra"], 6),  # after the injected now
    ]
    return docs


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    s = make_store(tmp_path / "alerts.db", _docs())
    yield s
    s.close()


def test_rules_fire_once_with_copies_counted_once(store: Store) -> None:
    fired = run(store, now=NOW)
    by_key = {a.key: a for a in fired}
    assert sorted(by_key) == ["first_mention:kufra", "new_actor:al-jufra:russia", "surge:al-jufra:2025-W12"]
    surge = by_key["surge:al-jufra:2025-W12"]
    # w1, w2, w4: the copy w3 (Outlet C) counts neither as a document nor as a source
    assert surge.documents == 3 and surge.sources == ("Outlet A", "Outlet B")
    assert "against a baseline of 0.50 per 7 days" in surge.summary
    assert [e["document_id"] for e in surge.evidence] and all(e["source"] != "Outlet C" for e in surge.evidence)
    assert by_key["new_actor:al-jufra:russia"].evidence[0]["sentence"] == STORY
    assert by_key["first_mention:kufra"].evidence[0]["url"] == "https://outlet-b.example/w4"
    assert run(store, now=NOW) == []  # state in the store: nothing fires twice
    assert sorted(a.key for a in stored_alerts(store)) == sorted(by_key)


def test_the_clock_decides(store: Store) -> None:
    early = run(store, now=datetime(2025, 2, 21, tzinfo=timezone.utc))
    assert sorted(a.key for a in early) == ["first_mention:al-jufra", "first_mention:sirte"]


def test_a_surge_needs_two_independent_sources(tmp_path: Path) -> None:
    docs = [_own("b", "Outlet A", "2025-02-20", ["al-jufra"], 0)]
    docs += [_own(f"x{i}", "Outlet A", f"2025-03-1{i}", ["al-jufra"], i) for i in range(5, 9)]
    with make_store(tmp_path / "one.db", docs) as s:
        assert [a.kind for a in run(s, now=NOW)] == []


def test_watch_lists_keep_the_site_rules_to_watched_sites(store: Store) -> None:
    rules = AlertRules(sites=("kufra",), first_mention=True)
    assert [a.key for a in run(store, now=NOW, rules=rules)] == ["first_mention:kufra"]


def test_candidates_and_areas_from_frames() -> None:
    ts = pd.Timestamp("2025-03-18")
    candidates = pd.DataFrame({
        "name_key": ["kharouba", "kharouba", "kharouba", "qasr"], "name": ["al-Kharrouba", "Kharouba", "Kharouba", "Qasr"],
        "sentence": ["s1", "s2", "s3", "s4"], "document_id": [1, 2, 3, 4], "url": ["https://a.example/1", "", "", ""],
        "title": ["", "", "", ""], "source": ["A", "A", "B", "A"], "published": [ts] * 4,
        "syndicated": [False, False, False, False]})
    relative = pd.DataFrame({
        "document_id": [7, 8], "anchor_site_id": ["kufra", "kufra"], "lat": [21.5, 29.0], "lon": [23.3, 23.3],
        "radius_km": [60.0, 30.0], "surface": ["300 km south of Kufra", "500 km north of Kufra"], "start": [10, 4],
        "sentence": ["r1", "r2"], "url": ["", ""], "title": ["", ""], "source": ["A", "B"], "published": [ts, ts],
        "syndicated": [False, False]})
    empty = pd.DataFrame(columns=["site_id", "published", "document_id", "source", "actors", "syndicated"])
    rules = AlertRules(areas=(Area("Maaten", 21.6869, 21.8308, 100.0),))
    alerts = evaluate(empty, now=NOW, rules=rules, candidates=candidates, relative=relative)
    assert [a.key for a in alerts] == ["candidate:kharouba", "area:Maaten:7:10"]
    assert alerts[0].title == "Candidate site: Kharouba" and alerts[0].sources == ("A", "B")
    assert alerts[1].evidence[0]["sentence"] == "r1"


def test_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[rules]\nsurge_share = 0.5\n[watch]\nsites = ["al-jufra"]\n[[areas]]\nname = "South"\n'
                    'lat = 24.0\nlon = 23.0\nradius_km = 50\n[deliver]\natom = "a.atom"\nemail_to = ["x@example.org"]\n',
                    encoding="utf-8")
    rules, deliver = load_rules(path)
    assert rules.surge_share == 0.5 and rules.sites == ("al-jufra",) and rules.areas == (Area("South", 24.0, 23.0, 50.0),)
    assert deliver.atom == "a.atom" and deliver.email_to == ("x@example.org",)
    assert load_rules(None) == (AlertRules(), Deliveries())
    path.write_text("[rules]\nsurge_min_sources = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"rules\.toml'.*surge_min_sources=1"):
        load_rules(path)
    path.write_text("[rules]\nsurge_ratio = 2\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unknown key\(s\) \['surge_ratio'\]"):
        load_rules(path)


def _alert(key: str = "k1", url: str = "https://a.example/1") -> Alert:
    return Alert(key, "surge", "Surge: Al Jufra <b>&", "3 documents", "al-jufra", ("A", "B"), 3,
                 ({"sentence": "قاعدة الجفرة \u202e", "url": url, "source": "A", "published": "2025-03-18",
                   "title": "", "document_id": 1},), NOW.isoformat())


def test_atom_file_parses_with_escaped_text(tmp_path: Path) -> None:
    path = write_atom([_alert("k1"), _alert("k2", "javascript:alert(1)")], tmp_path / "alerts.atom")
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo and feed.version == "atom10"
    assert [e.id for e in feed.entries] == ["urn:geotrack:alert:k1", "urn:geotrack:alert:k2"]
    assert feed.entries[0].title == "Surge: Al Jufra <b>&"
    assert [link.href for link in feed.entries[0].links] == ["https://a.example/1"]
    assert "javascript" not in path.read_text(encoding="utf-8") and "\u202e" not in path.read_text(encoding="utf-8")


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    fail_next = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if _Receiver.fail_next:
            _Receiver.fail_next -= 1
            self.send_response(503)
            self.end_headers()
            return
        _Receiver.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def webhook() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def test_webhook_signed_and_retried(webhook: str) -> None:
    _Receiver.received.clear()
    _Receiver.fail_next = 2
    waits: list[float] = []
    assert post_webhook(webhook, [_alert()], "s3cret", sleep=waits.append) == 204
    assert waits == [1.0, 2.0]
    headers, body = _Receiver.received[0]
    assert headers[SIGNATURE_HEADER] == "sha256=" + hmac.new(b"s3cret", body, hashlib.sha256).hexdigest()
    assert json.loads(body)["alerts"][0]["key"] == "k1"
    _Receiver.fail_next = 10
    with pytest.raises(DeliveryError, match=r"HTTP 503; they are sent again on the next run"):
        post_webhook(webhook, [_alert()], "s3cret", retries=1, sleep=waits.append)
    _Receiver.fail_next = 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def smtp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SmtpSettings, list[bytes]]]:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    received: list[bytes] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope.original_content)
            return "250 OK"

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        return AuthResult(success=data.login == b"watcher" and data.password == b"pw")

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=authenticate, auth_require_tls=True)
    controller.start()
    yield SmtpSettings("127.0.0.1", port, "watcher", "pw", "alerts@example.org", True, str(cert)), received
    controller.stop()


def test_smtp_settings_from_the_environment() -> None:
    env = {"GEOTRACK_SMTP_HOST": "mail.example", "GEOTRACK_SMTP_USER": "desk", "GEOTRACK_SMTP_PASSWORD": "pw"}
    got = SmtpSettings.from_env(env)
    assert (got.host, got.port, got.user, got.password, got.starttls) == ("mail.example", 587, "desk", "pw", True)
    assert SmtpSettings.from_env({**env, "GEOTRACK_SMTP_STARTTLS": "0"}).starttls is False
    with pytest.raises(InputError, match=r"GEOTRACK_SMTP_PORT='smtp' is not usable"):
        SmtpSettings.from_env({**env, "GEOTRACK_SMTP_PORT": "smtp"})


def test_email_through_starttls_with_login(smtp_server: tuple[SmtpSettings, list[bytes]]) -> None:
    settings, received = smtp_server
    received.clear()
    send_email(settings, ["analyst@example.org"], [_alert()])
    message = message_from_bytes(received[0])
    assert message["To"] == "analyst@example.org" and message["Subject"] == "geotrack: Surge: Al Jufra <b>&"
    assert "https://a.example/1" in message.get_payload(decode=True).decode("utf-8")
    untrusted = SmtpSettings(settings.host, settings.port, "watcher", "pw", starttls=True)  # the system CAs only
    with pytest.raises(DeliveryError, match=r"through 127\.0\.0\.1:\d+ failed: .*CERTIFICATE_VERIFY_FAILED"):
        send_email(untrusted, ["analyst@example.org"], [_alert()])


def test_run_delivers_everywhere_once_and_retries_a_failed_channel(
        store: Store, tmp_path: Path, webhook: str, smtp_server: tuple[SmtpSettings, list[bytes]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    settings, mails = smtp_server
    mails.clear()
    _Receiver.received.clear()
    monkeypatch.setenv("GEOTRACK_WEBHOOK_SECRET", "k")
    deliveries = Deliveries(atom=str(tmp_path / "a.atom"), webhook_url=webhook, email_to=("a@example.org",))
    _Receiver.fail_next = 10  # the webhook is down during the first run
    fired = run(store, now=NOW, deliveries=deliveries, smtp=settings, sleep=lambda s: None)
    assert len(fired) == 3 and len(mails) == 1 and _Receiver.received == []
    _Receiver.fail_next = 0
    assert run(store, now=NOW, deliveries=deliveries, smtp=settings, sleep=lambda s: None) == []
    assert len(mails) == 1  # not sent twice
    assert len(json.loads(_Receiver.received[0][1])["alerts"]) == 3  # the webhook gets them on the next run
    assert len(feedparser.parse(str(tmp_path / "a.atom")).entries) == 3


def test_the_webhook_secret_comes_from_the_mapping_given(
        store: Store, tmp_path: Path, webhook: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The variable the rules name is read from ``secrets`` when given (the environment is not read)."""
    _Receiver.received.clear()
    monkeypatch.setenv("DESK_HOOK_KEY", "from-the-environment")
    deliveries = Deliveries(webhook_url=webhook, webhook_secret_env="DESK_HOOK_KEY")
    fired = run(store, now=NOW, deliveries=deliveries, sleep=lambda s: None, secrets={"DESK_HOOK_KEY": "given"})
    assert len(fired) == 3 and len(_Receiver.received) == 1
    headers, body = _Receiver.received[0]
    assert headers[SIGNATURE_HEADER] == "sha256=" + hmac.new(b"given", body, hashlib.sha256).hexdigest()


def test_cli_lists_and_runs(store: Store, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    rules = tmp_path / "r.toml"
    rules.write_text(f'[deliver]\natom = "{tmp_path / "cli.atom"}"\n', encoding="utf-8")
    runner = CliRunner()
    db = str(store.path)
    result = runner.invoke(app, ["alerts", "--db", db, "--run", "--rules", str(rules), "--now", "2025-03-20T12:00",
                                 "--format", "json"])
    assert result.exit_code == 0, result.output
    assert sorted(a["key"] for a in json.loads(result.stdout)) == [
        "first_mention:kufra", "new_actor:al-jufra:russia", "surge:al-jufra:2025-W12"]
    assert len(feedparser.parse(str(tmp_path / "cli.atom")).entries) == 3
    listed = runner.invoke(app, ["alerts", "--db", db])
    assert listed.exit_code == 0 and "3 alert(s)" in listed.stdout and "Surge: Al Jufra Air Base" in listed.stdout
    bad = runner.invoke(app, ["alerts", "--db", db, "--run", "--now", "yesterday"])
    assert bad.exit_code == 1 and "--now 'yesterday' is not a date and time" in bad.stderr


def test_report_section(store: Store) -> None:
    from geotrack.alerts import report_section
    from geotrack.outputs.report import build_report, render_html, render_markdown

    run(store, now=NOW)
    rows = report_section(stored_alerts(store)) + report_section([_alert("x", "javascript:alert(1)")])
    ctx = build_report(store.mentions_frame(), alerts=rows, include_map=False, include_timeline=False, now=NOW)
    assert [a.kind for a in ctx.alerts][-1] == "surge" and ctx.alerts[-1].url == ""
    html = render_html(ctx)
    assert 'id="alert-table"' in html and html.count('<tr data-kind=') == 4
    assert "Surge: Al Jufra &lt;b&gt;&amp;" in html and "javascript:" not in html
    md = render_markdown(ctx)
    assert "## Alerts" in md and "First mention: Kufra" in md
    assert "alert-table" not in render_html(build_report(store.mentions_frame(), include_map=False,
                                                         include_timeline=False, now=NOW))


def test_copies_found_are_syndicated_for_every_count(store: Store) -> None:
    from typer.testing import CliRunner

    from geotrack.aggregate import changes
    from geotrack.cli import app

    def march() -> Any:
        return changes(store.mentions_frame(), "month", current="2025-03-20").table.set_index("site_id").loc["al-jufra"]

    assert not store.mentions_frame()["syndicated"].any()  # w3 is no exact copy: the store alone cannot tell
    assert (march()["current"], march()["sources"]) == (4, 3)
    runner = CliRunner()
    for _ in range(2):  # finding them again changes nothing
        result = runner.invoke(app, ["copies", "--db", str(store.path), "--format", "json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert [(r["input_id"], r["source"], r["original_input_id"], r["original_source"]) for r in rows] == [
            ("w3", "Outlet C", "w2", "Outlet B")]
    frame = store.mentions_frame()
    assert sorted(frame.loc[frame["syndicated"], "input_id"]) == ["w3"]
    # corroboration and surges (geotrack.aggregate, the report, the map) leave the copy out now
    assert (march()["current"], march()["sources"]) == (3, 2)
    sources = store.sources_frame().set_index("source")
    assert int(sources.loc["Outlet C", "syndicated"]) == 1 and int(sources.loc["Outlet B", "syndicated"]) == 0
    # exports by site and map popups show the independent sources beside all sources
    from geotrack.outputs.export import site_table
    from geotrack.outputs.map import build_map, render_map

    by_site = site_table(frame).set_index("site_id")
    assert by_site.loc["al-jufra", ["sources", "independent_sources"]].tolist() == [3, 2]
    assert by_site.loc["kufra", ["sources", "independent_sources"]].tolist() == [1, 1]
    page = render_map(build_map(frame), offline=False)
    page = page.replace('\\"', '"')  # popups may sit in a JavaScript string
    # al-jufra only: at every other site each source is independent
    assert page.count('<span class="geotrack-independent">') == 1
    assert "from 3 sources (<span class=\"geotrack-independent\">2 independent</span>" in page


def test_an_exact_copy_dated_earlier_never_makes_its_original_a_copy(tmp_path: Path) -> None:
    from geotrack.alerts import find_and_store_copies

    docs = [article("w2", "Outlet B", "2025-03-16", ["al-jufra"], text=STORY, sentences=[STORY]),
            article("e", "Outlet E", "2025-03-14", ["al-jufra"], text=STORY, sentences=[STORY]),  # the same text
            article("w3", "Outlet C", "2025-03-17", ["al-jufra"], text="UPDATE: " + STORY + " More soon.",
                    sentences=[STORY])]
    with make_store(tmp_path / "exact.db", docs) as s:
        marked = s.mentions_frame().set_index("input_id")["syndicated"]
        assert marked.to_dict() == {"w2": False, "e": True, "w3": False}  # e: an exact copy, marked at ingest
        ids = {d.id: i for i, d in s.iter_documents()}
        assert find_and_store_copies(s) == {ids["w3"]: ids["w2"]}
        marked = s.mentions_frame().set_index("input_id")["syndicated"]
        assert marked.to_dict() == {"w2": False, "e": True, "w3": True}  # the story counts once, never zero times


def test_monitoring_state_on_both_backends(db_location: str, tmp_path: Path) -> None:
    """The monitoring SQL (geotrack.store.monitoring) on SQLite and on PostgreSQL: copies, alerts fired
    once, deliveries, known inputs, feed states."""
    from geotrack.alerts import find_and_store_copies
    from geotrack.store.monitoring import Monitoring

    with make_store(db_location, _docs()) as s:  # type: ignore[arg-type]
        state = Monitoring(s)
        ids = {d.id: i for i, d in s.iter_documents()}
        assert find_and_store_copies(s) == {ids["w3"]: ids["w2"]}
        assert [(r["input_id"], r["original_input_id"]) for r in state.copy_rows()] == [("w3", "w2")]
        assert state.syndicated_ids() == {ids["w3"]}
        atom = tmp_path / "a.atom"
        fired = run(s, now=NOW, deliveries=Deliveries(atom=str(atom)))
        assert sorted(a.key for a in fired) == ["first_mention:kufra", "new_actor:al-jufra:russia", "surge:al-jufra:2025-W12"]
        assert run(s, now=NOW) == []
        assert [(a.key, a.delivered) for a in state.alerts(limit=2)] == [
            ("surge:al-jufra:2025-W12", ("atom",)), ("new_actor:al-jufra:russia", ("atom",))]
        assert state.known_inputs(["w1", "nope", ""]) == {"w1"}
        feed = {"url": "https://a.example/rss", "folder": "", "every_s": 900.0, "last_success": "", "last_error": "",
                "error": "", "failures": 0, "items": 0, "next_poll": "2025-03-20T12:15:00+00:00", "retry_after": ""}
        state.save_feed(feed)
        state.save_feed({**feed, "failures": 2, "error": "HTTP 503"})
        assert [(f["url"], f["failures"], f["error"]) for f in state.feeds()] == [("https://a.example/rss", 2, "HTTP 503")]
