"""The workspace (``geotrack serve``) on a real uvicorn server on 127.0.0.1: API, pages, security.

One module-scoped server over a small real SQLite store; hostile article text in it (a script title,
a ``javascript:`` link, a right-to-left override) must stay inert on every page.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from geotrack.cli import app as cli_app
from geotrack.store import Store
from geotrack.web import WebSettings, create_app
from geotrack.web.app import openapi_of
from tests.builders import article, make_store

EVIL_TITLE = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
RLO = "\u202e"
EVIL_SENTENCE = f'Trucks </script><b onmouseover="x()">entered</b> Kufra {RLO}gnp.exe and more.'


def hostile_docs() -> list[Any]:
    return [
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"], actors=["russia"]),
        article("a2", "Outlet B", "2024-04-01", ["al-jufra"], lang="ar"),
        article("a3", "Outlet A", "2024-04-09", ["al-jufra", "al-watiya"], confidence=0.5),
        article("evil", f"Evil {RLO}Outlet", "2024-04-10", ["kufra"], title=EVIL_TITLE,
                url="javascript:alert(1)", sentences=[EVIL_SENTENCE]),
    ]


class Server:
    """A real uvicorn server in a thread, stopped at the end."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = 0
        self.base = ""
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        self.port = int(self.server.servers[0].sockets[0].getsockname()[1])  # port 0: the system's free port
        self.base = f"http://127.0.0.1:{self.port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def request(url: str, *, method: str = "GET", body: bytes | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=90) as resp:  # a rule check builds an extractor: slow on a loaded CI machine
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def get_json(url: str) -> Any:
    status, _, body = request(url)
    assert status == 200, body
    return json.loads(body)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = make_store(tmp_path_factory.mktemp("web") / "web.db", hostile_docs())
    yield s
    s.close()


@pytest.fixture(scope="module")
def server(store: Store) -> Iterator[Server]:
    with Server(create_app(store)) as srv:
        yield srv


def test_sites_api_counts_and_filters(server: Server) -> None:
    every = get_json(server.base + "/api/sites")
    assert every["mentions"] == 6
    assert [(s["site_id"], s["mentions"], s["documents"], s["sources"]) for s in every["sites"]] == [
        ("al-jufra", 3, 3, 2), ("al-watiya", 1, 1, 1), ("kufra", 1, 1, 1), ("sirte", 1, 1, 1)]
    jufra = every["sites"][0]
    assert (jufra["lat"], jufra["lon"], jufra["first_seen"], jufra["last_seen"]) == (29.1981, 16.0008, "2024-03-05",
                                                                                     "2024-04-09")
    only_b = get_json(server.base + "/api/sites?source=Outlet%20B")
    assert [(s["site_id"], s["mentions"]) for s in only_b["sites"]] == [("al-jufra", 1)]
    april = get_json(server.base + "/api/sites?since=2024-04-01&until=2024-04-09&min_confidence=0.6")
    assert [(s["site_id"], s["mentions"]) for s in april["sites"]] == [("al-jufra", 1)]
    russia = get_json(server.base + "/api/sites?actor=russia")
    assert sorted(s["site_id"] for s in russia["sites"]) == ["al-jufra", "sirte"]
    status, _, body = request(server.base + "/api/sites?min_confidence=7")
    assert status == 422, body


def test_sources_first_reports_and_syndicated_share(server: Server) -> None:
    rows = {r["source"]: r for r in get_json(server.base + "/api/sources")}
    assert {k: (v["documents"], v["mentions"], v["first_reports"], v["syndicated_share"]) for k, v in rows.items()} == {
        "Outlet A": (2, 4, ["al-jufra", "sirte", "al-watiya"], 0.0), "Outlet B": (1, 1, [], 0.0),
        f"Evil {RLO}Outlet": (1, 1, ["kufra"], 0.0)}
    page = request(server.base + "/sources")[2].decode()
    assert '<td class="firsts"><a href="/sites/al-jufra">al-jufra</a> <a href="/sites/sirte">sirte</a>' in page


def test_evidence_marks_the_name_and_filters(server: Server) -> None:
    ev = get_json(server.base + "/api/sites/al-jufra/evidence?source=Outlet%20B")
    assert ev["mentions"] == 1
    (e,) = ev["evidence"]
    assert e["sentence"][e["mark_start"]:e["mark_end"]] == "قاعدة الجفرة الجوية" == e["surface"]
    assert (e["source"], e["published"], e["url"]) == ("Outlet B", "2024-04-01", "https://outlet-b.example/a2")


def test_site_page_timeline_and_evidence(server: Server) -> None:
    info = get_json(server.base + "/api/sites/al-jufra")
    assert info["weekly"] == [{"week": "2024-03-04", "documents": 1, "sources": 1},
                              {"week": "2024-04-01", "documents": 1, "sources": 1},
                              {"week": "2024-04-08", "documents": 1, "sources": 1}]
    status, _, body = request(server.base + "/sites/al-jufra")
    page = body.decode()
    assert status == 200
    assert page.count("<li data-mention=") == 3
    assert page.count('<span class="status status-unreviewed">unreviewed</span>') == 3
    assert "<bdi>Reports of activity at <mark>Al Jufra Air Base</mark>.</bdi>" in page
    assert "<bdi>تقارير عن نشاط في <mark>قاعدة الجفرة الجوية</mark>.</bdi>" in page
    assert request(server.base + "/api/sites/nowhere")[0] == 404


def test_document_page_highlights_every_mention(server: Server, store: Store) -> None:
    doc_id = int(store.mentions_frame().query("site_id == 'sirte'")["document_id"].iloc[0])
    info = get_json(f"{server.base}/api/documents/{doc_id}")
    assert [m["surface"] for m in info["mentions"]] == ["Al Jufra Air Base", "Sirte"]
    page = request(f"{server.base}/documents/{doc_id}")[2].decode()
    assert page.count('<mark class="mention" title=') == 2
    assert '<mark class="mention" title="Sirte (test, 0.90)"><bdi>Sirte</bdi></mark>' in page
    assert request(server.base + "/documents/99999")[0] == 404


def _evil_pages(server: Server, store: Store) -> dict[str, str]:
    evil_doc = int(store.mentions_frame().query("site_id == 'kufra'")["document_id"].iloc[0])
    return {path: request(server.base + path)[2].decode()
            for path in ("/", "/sites/kufra", f"/documents/{evil_doc}", "/sources", "/login", "/review", "/audit")}


def test_hostile_text_is_inert_on_every_page(server: Server, store: Store) -> None:
    pages = _evil_pages(server, store)
    for path, page in pages.items():
        assert "<script>window" not in page and "onerror=" not in page.replace("onerror=&quot;", "").replace("onerror=&#34;", ""), path
        assert "<b onmouseover" not in page and 'href="javascript:' not in page.lower(), path
        # every script is a file of the server's own: no inline script at all
        assert re.findall(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", page) == [], path
        # overrides only inside <bdi> (or in a data-* attribute, which is never shown)
        shown = re.sub(r'data-[a-z]+="[^"]*"', "", page)
        assert RLO not in re.sub(r"<bdi[^>]*>(?:[^<]|</?mark[^>]*>)*</bdi>", "", shown), path
    site = pages["/sites/kufra"]
    assert "&lt;/script&gt;&lt;b onmouseover=&quot;x()&quot;&gt;entered&lt;/b&gt;" in site
    assert "javascript" not in site  # the unsafe URL is no link at all
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in pages[next(p for p in pages if p.startswith("/documents"))]


def test_security_headers_on_every_response(server: Server) -> None:
    for path in ("/", "/api/sites", "/static/web/map.js", "/nope"):
        _, headers, _ = request(server.base + path)
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def _csrf(server: Server) -> tuple[str, str]:
    _, headers, body = request(server.base + "/api/csrf")
    cookie = headers["set-cookie"].split(";")[0]
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=Strict" in headers["set-cookie"]
    return cookie, json.loads(body)["token"]


def test_a_change_without_the_csrf_token_is_refused(server: Server) -> None:
    body = json.dumps({"token": "x"}).encode()
    json_type = {"Content-Type": "application/json"}
    status, _, text = request(server.base + "/api/login", method="POST", body=body, headers=json_type)
    assert status == 403 and b"CSRF" in text
    cookie, token = _csrf(server)
    # the last character changed (token_urlsafe ends in "A" one time in sixteen: appending another letter
    # made a wrong token right then)
    wrong = {**json_type, "Cookie": cookie, "X-CSRF-Token": token[:-1] + ("B" if token[-1] != "B" else "C")}
    assert request(server.base + "/api/login", method="POST", body=body, headers=wrong)[0] == 403
    cross = {**json_type, "Cookie": cookie, "X-CSRF-Token": token, "Origin": "http://evil.example"}
    assert request(server.base + "/api/login", method="POST", body=body, headers=cross)[0] == 403
    good = {**json_type, "Cookie": cookie, "X-CSRF-Token": token}
    # past the CSRF check: this server has no token, so a login is refused for what it is
    status, _, text = request(server.base + "/api/login", method="POST", body=body, headers=good)
    assert (status, json.loads(text)["detail"]) == (401, "wrong token")


def test_request_size_is_limited(server: Server) -> None:
    cookie, token = _csrf(server)
    headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": token}
    big = json.dumps({"token": "x" * 100_000}).encode()
    assert request(server.base + "/api/login", method="POST", body=big, headers=headers)[0] == 413


def test_with_a_token_everything_needs_it(store: Store) -> None:
    with Server(create_app(store, WebSettings(token="s3cret-token"))) as srv:
        assert request(srv.base + "/api/sites")[0] == 401
        status, headers, _ = request(srv.base + "/")
        assert (status, headers["location"]) == (303, "/login")
        ok = request(srv.base + "/api/sites", headers={"Authorization": "Bearer s3cret-token"})
        assert ok[0] == 200
        cookie, token = _csrf(srv)
        headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": token}
        wrong = json.dumps({"token": "guess"}).encode()
        assert request(srv.base + "/api/login", method="POST", body=wrong, headers=headers)[0] == 401
        good = json.dumps({"token": "s3cret-token"}).encode()
        status, got, _ = request(srv.base + "/api/login", method="POST", body=good, headers=headers)
        assert status == 200 and "HttpOnly" in got["set-cookie"]
        session = got["set-cookie"].split(";")[0]
        assert request(srv.base + "/api/sites", headers={"Cookie": session})[0] == 200


def test_serve_refuses_another_host_without_a_token(tmp_path: Path) -> None:
    make_store(tmp_path / "s.db").close()
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "--host 0.0.0.0 would open the workspace to the network; give --users FILE or --token" in result.output


def test_reviewer_accounts_with_hashed_passwords(store: Store, tmp_path: Path) -> None:
    from geotrack.errors import InputError
    from geotrack.web import accounts

    users = tmp_path / "users"
    result = CliRunner().invoke(cli_app, ["serve", "--users", str(users), "--add-user", "ana"],
                                input="correct horse battery\ncorrect horse battery\n")
    assert result.exit_code == 0 and f"account 'ana' written to {users}" in result.output, result.output
    accounts.add_user(users, "bo", "another long secret")
    text = users.read_text()
    assert "correct horse" not in text and "another long secret" not in text
    assert [line.split(":", 1)[1][:10] for line in text.splitlines()] == ["$argon2id$"] * 2
    assert oct(users.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(InputError, match="the password of 'cy' has 5 characters; give at least 10"):
        accounts.add_user(users, "cy", "short")
    with Server(create_app(store, WebSettings(accounts=accounts.load(users)))) as srv:
        assert request(srv.base + "/api/sites")[0] == 401
        cookie, token = _csrf(srv)
        headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": token}
        for name, password in (("ana", "wrong password"), ("nobody", "correct horse battery"), ("ana", "")):
            body = json.dumps({"name": name, "password": password}).encode()
            status, _, text_ = request(srv.base + "/api/login", method="POST", body=body, headers=headers)
            assert (status, json.loads(text_)["detail"]) == (401, "wrong name or password"), name
        body = json.dumps({"name": "ana", "password": "correct horse battery"}).encode()
        status, got, text_ = request(srv.base + "/api/login", method="POST", body=body, headers=headers)
        assert (status, json.loads(text_)["reviewer"]) == (200, "ana")
        session = got["set-cookie"].split(";")[0]
        assert json.loads(request(srv.base + "/api/review/queue", headers={"Cookie": session})[2])["reviewer"] == "ana"
        # ten failures from one address: it must wait, even with the right password
        wrong = json.dumps({"name": "ana", "password": "guess guess guess"}).encode()
        codes = [request(srv.base + "/api/login", method="POST", body=wrong, headers=headers)[0] for _ in range(11)]
        assert codes == [401] * 10 + [429]
        status, _, text_ = request(srv.base + "/api/login", method="POST", body=body, headers=headers)
        assert status == 429 and json.loads(text_)["detail"].startswith("10 failed logins from 127.0.0.1: wait")


def test_a_login_survives_a_restart_of_the_server(db_location: str, tmp_path: Path) -> None:
    """Sessions are stored (a hash of the id, the reviewer, the expiry): a new application over the same
    store knows the cookie; an account removed since, or an expired session, no longer logs in."""
    from datetime import datetime, timedelta, timezone

    from geotrack.store import sessions as stored
    from geotrack.web import accounts

    store = make_store(db_location, hostile_docs())  # type: ignore[arg-type]
    users = tmp_path / "users"
    accounts.add_user(users, "ana", "correct horse battery")
    settings = WebSettings(accounts=accounts.load(users))
    try:
        with Server(create_app(store, settings)) as srv:
            cookie, token = _csrf(srv)
            body = json.dumps({"name": "ana", "password": "correct horse battery"}).encode()
            status, got, _ = request(srv.base + "/api/login", method="POST", body=body,
                                     headers={"Content-Type": "application/json", "Cookie": cookie, "X-CSRF-Token": token})
            assert status == 200
        session = got["set-cookie"].split(";")[0]
        sid = session.split("=", 1)[1]
        rows = store.frame("SELECT id_hash, reviewer, started_at, expires_at FROM web_sessions")
        assert list(rows["reviewer"]) == ["ana"] and sid not in rows["id_hash"][0] and len(rows["id_hash"][0]) == 64
        started = datetime.fromisoformat(rows["started_at"][0])
        assert datetime.fromisoformat(rows["expires_at"][0]) - started == timedelta(hours=12)
        with Server(create_app(store, settings)) as srv:  # restarted
            assert json.loads(request(srv.base + "/api/review/queue", headers={"Cookie": session})[2])["reviewer"] == "ana"
        others = tmp_path / "others"
        accounts.add_user(others, "bo", "another long secret")
        with Server(create_app(store, WebSettings(accounts=accounts.load(others)))) as srv:
            assert request(srv.base + "/api/review/queue", headers={"Cookie": session})[0] == 401
        past = datetime.now(timezone.utc) - timedelta(hours=13)
        stored.save(store, "an-old-session", "ana", timedelta(hours=12), now=past)
        assert stored.reviewer(store, "an-old-session") is None and stored.reviewer(store, sid) == "ana"
        stored.end(store, sid)
        assert stored.reviewer(store, sid) is None
    finally:
        store.close()


def test_openapi_describes_the_api(store: Store) -> None:
    spec = openapi_of(create_app(store))
    assert {"/api/sites", "/api/sites/{site_id}", "/api/sites/{site_id}/evidence", "/api/documents/{document_id}",
            "/api/sources", "/api/filters", "/api/login", "/api/csrf"} <= set(spec["paths"])


@pytest.mark.slow
def test_fuzzed_api_never_fails(server: Server) -> None:
    """schemathesis against the OpenAPI description: never a server error, whatever the parameters."""
    schema = schemathesis.openapi.from_url(server.base + "/openapi.json")
    cookie, token = _csrf(server)
    csrf = {"Cookie": cookie, "X-CSRF-Token": token}  # changes reach their handlers, not only the CSRF check
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 13

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case: Any) -> None:
            response = case.call(base_url=server.base, headers=csrf)
            assert response.status_code < 500, (case.path, case.query, response.status_code, response.text[:300])

        check()
