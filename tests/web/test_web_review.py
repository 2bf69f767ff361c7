"""Review decisions on a real store, SQLite and PostGIS (geotrack/store/review.py): versions, undo,
two-person confirmation, the audit log, the ``--reviewed`` filter and Admiralty source grades; then the
review API on a real uvicorn server (queue order, CSRF, conflicts, undo, audit, two reviewers at once) and
the CLI outputs made with ``--reviewed`` / ``--status``."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from geotrack.cli import app as cli_app
from geotrack.store import Store
from geotrack.store.review import ReviewConflictError, ReviewError, Reviews
from geotrack.web import WebSettings, create_app
from tests.builders import article, make_store
from tests.web.test_web import Server, get_json, hostile_docs, request


@pytest.fixture
def store(db_location: str) -> Iterator[Store]:
    s = make_store(db_location, [  # type: ignore[arg-type]
        article("a1", "Outlet A", "2024-03-05", ["al-jufra", "sirte"]),
        article("a2", "Outlet B", "2024-04-01", ["al-jufra"]),
    ])
    yield s
    s.close()


def keys(store: Store) -> list[tuple[int, int, int, str]]:
    frame = store.mentions_frame()
    return [(int(r.document_id), int(r.start), int(r.end), str(r.site_id)) for r in frame.itertuples(index=False)]


def test_decide_undo_and_the_reviewed_filter(store: Store) -> None:
    reviews = Reviews(store)
    jufra1, sirte, jufra2 = keys(store)
    assert reviews.decide(jufra1, "confirmed", reviewer="ana").version == 1
    rejected = reviews.decide(sirte, "rejected", reviewer="ana", reason="the city, not a base", expected_version=0)
    assert (rejected.status, rejected.reason, rejected.version) == ("rejected", "the city, not a base", 1)
    frame = reviews.with_status(store.mentions_frame())
    assert list(zip(frame["site_id"], frame["review_status"], strict=True)) == [
        ("al-jufra", "confirmed"), ("sirte", "rejected"), ("al-jufra", "unreviewed")]
    confirmed = reviews.filter_frame(store.mentions_frame())
    assert [(int(r.document_id), r.site_id) for r in confirmed.itertuples()] == [(jufra1[0], "al-jufra")]
    # undo: ana's last decision (the rejection) goes back to unreviewed, audited
    restored = reviews.undo("ana")
    assert restored is not None and (restored.status, restored.version) == ("unreviewed", 2)
    assert reviews.get(sirte).status == "unreviewed"  # type: ignore[union-attr]
    log = reviews.audit()
    assert [(e["what"], e["who"], e["target"][3]) for e in log] == [
        ("undo", "ana", "sirte"), ("review", "ana", "sirte"), ("review", "ana", "al-jufra")]
    assert (log[0]["before"]["status"], log[0]["after"]["status"], log[0]["undoes"]) == ("rejected", "unreviewed",
                                                                                          log[1]["id"])
    assert log[1]["before"] is None and log[1]["after"]["reason"] == "the city, not a base"
    # the next undo takes the confirmation back; then nothing is left to undo
    assert reviews.undo("ana").status == "unreviewed"  # type: ignore[union-attr]
    assert reviews.undo("ana") is None
    assert jufra2  # never decided: still unreviewed
    with pytest.raises(ReviewError, match="'maybe' is not one of confirmed, rejected, unreviewed"):
        reviews.decide(jufra2, "maybe", reviewer="ana")


def test_two_reviewers_never_overwrite_each_other(store: Store) -> None:
    reviews = Reviews(store)
    key = keys(store)[0]
    reviews.decide(key, "confirmed", reviewer="ana", expected_version=0)
    with pytest.raises(ReviewConflictError, match="is at version 1 \\(confirmed by ana\\), not 0: reload it"):
        reviews.decide(key, "rejected", reviewer="bo", expected_version=0)
    assert reviews.get(key).status == "confirmed"  # type: ignore[union-attr]
    reviews.decide(key, "rejected", reviewer="bo", expected_version=1, reason="duplicate")
    with pytest.raises(ReviewConflictError, match="changed since 'ana' decided it"):
        reviews.undo("ana")
    assert reviews.get(key).status == "rejected"  # type: ignore[union-attr]


def test_two_person_confirmation(store: Store) -> None:
    reviews = Reviews(store, two_person=True)
    key = keys(store)[0]
    assert reviews.decide(key, "confirmed", reviewer="ana").status == "pending"
    assert reviews.decide(key, "confirmed", reviewer="ana").status == "pending"  # the same person twice
    second = reviews.decide(key, "confirmed", reviewer="bo")
    assert (second.status, second.confirmed_by) == ("confirmed", ("ana", "bo"))
    assert len(reviews.filter_frame(store.mentions_frame())) == 1


def test_source_grades_are_audited(store: Store) -> None:
    reviews = Reviews(store)
    reviews.grade_source("Outlet A", "B", reviewer="ana")
    reviews.grade_source("Outlet A", "C", reviewer="bo")
    assert reviews.grades() == {"Outlet A": "C"}
    assert [(e["who"], e["before"], e["after"]) for e in reviews.audit()] == [("bo", "B", "C"), ("ana", None, "B")]
    with pytest.raises(ReviewError, match="reliability 'G' is not one of A, B, C, D, E, F"):
        reviews.grade_source("Outlet A", "G", reviewer="ana")
    with pytest.raises(ReviewError, match="source 'Nobody' is not stored"):
        reviews.grade_source("Nobody", "A", reviewer="ana")


# --- the review API on a real server (loopback; then a token server with two named reviewers) ---------------

HOSTILE_REASON = "the city <script>alert(1)</script>"


def _csrf_headers(base: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    _, headers, body = request(base + "/api/csrf", headers=extra or {})
    cookie = headers["set-cookie"].split(";")[0]
    jar = "; ".join(c for c in (cookie, (extra or {}).get("Cookie", "")) if c)
    return {"Content-Type": "application/json", "Cookie": jar, "X-CSRF-Token": json.loads(body)["token"]}


def _post(base: str, path: str, body: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
    status, _, text = request(base + path, method="POST", body=json.dumps(body).encode(), headers=headers)
    return status, json.loads(text)


def _key(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ("document_id", "start", "end", "site_id")}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    path = tmp_path_factory.mktemp("review") / "web.db"
    store = make_store(path, hostile_docs())
    with Server(create_app(store, WebSettings(reviewer="ana"))) as srv:
        yield srv, path
    store.close()


def test_queue_decisions_undo_audit_and_the_reviewed_outputs(served: tuple[Server, Path], tmp_path: Path) -> None:
    srv, path = served
    q = get_json(srv.base + "/api/review/queue")
    assert (q["reviewer"], q["waiting"]) == ("ana", 6)
    assert [(i["site_id"], i["need"], i["published"]) for i in q["items"]] == [
        ("al-watiya", 1.2, "2024-04-09"), ("sirte", 0.8, "2024-03-05"), ("kufra", 0.8, "2024-04-10"),
        ("al-jufra", 0.5, "2024-03-05"), ("al-jufra", 0.5, "2024-04-09"), ("al-jufra", 0.1, "2024-04-01")]
    assert q["items"][0]["reasons"] == ["confidence 0.50", "first mention of the site", "the site's only source"]
    watiya, sirte, _, jufra = q["items"][:4]
    headers = _csrf_headers(srv.base)
    no_csrf = {"Content-Type": "application/json", "Cookie": headers["Cookie"]}
    assert _post(srv.base, "/api/review/decisions", {**_key(jufra), "status": "confirmed"}, no_csrf)[0] == 403
    status, body = _post(srv.base, "/api/review/decisions",
                         {**_key(jufra), "status": "confirmed", "expected_version": 0}, headers)
    assert (status, body["status"], body["reviewer"], body["version"]) == (200, "confirmed", "ana", 1)
    status, body = _post(srv.base, "/api/review/decisions",
                         {**_key(sirte), "status": "rejected", "reason": HOSTILE_REASON, "expected_version": 0}, headers)
    assert (status, body["status"], body["reason"]) == (200, "rejected", HOSTILE_REASON)
    audit_page = request(srv.base + "/audit")[2].decode()
    assert "<script>alert" not in audit_page and "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in audit_page
    # a stale version is refused and the decision made meanwhile is kept
    status, body = _post(srv.base, "/api/review/decisions", {**_key(jufra), "status": "rejected", "expected_version": 0},
                         headers)
    assert status == 409 and "is at version 1 (confirmed by ana), not 0" in body["detail"]
    assert _post(srv.base, "/api/review/decisions", {**_key(jufra), "site_id": "nowhere", "status": "confirmed"},
                 headers)[0] == 404
    # watiya rejected, then undone: back in the queue
    _post(srv.base, "/api/review/decisions", {**_key(watiya), "status": "rejected", "reason": "x"}, headers)
    status, body = _post(srv.base, "/api/review/undo", {}, headers)
    assert (status, body["undone"]["site_id"], body["undone"]["status"]) == (200, "al-watiya", "unreviewed")
    assert [i["site_id"] for i in get_json(srv.base + "/api/review/queue")["items"]] == [
        "al-watiya", "kufra", "al-jufra", "al-jufra"]
    audit = get_json(srv.base + "/api/review/audit")
    assert [(e["what"], e["who"], e["target"][3], e["after"]["status"]) for e in audit] == [
        ("undo", "ana", "al-watiya", "unreviewed"), ("review", "ana", "al-watiya", "rejected"),
        ("review", "ana", "sirte", "rejected"), ("review", "ana", "al-jufra", "confirmed")]
    assert audit[2]["after"]["reason"] == HOSTILE_REASON
    # the map's data by review status
    assert [(s["site_id"], s["mentions"]) for s in get_json(srv.base + "/api/sites?status=confirmed")["sites"]] == [
        ("al-jufra", 1)]
    assert [s["site_id"] for s in get_json(srv.base + "/api/sites?status=rejected")["sites"]] == ["sirte"]
    # the CLI outputs with --reviewed / --status hold exactly those decisions
    out = tmp_path / "reviewed.geojson"
    result = CliRunner().invoke(cli_app, ["export", "--db", str(path), "-o", str(out), "--by", "mention", "--reviewed"])
    assert result.exit_code == 0, result.output
    features = json.loads(out.read_text())["features"]
    assert [(f["properties"]["site_id"], f["properties"]["published"][:10]) for f in features] == [
        ("al-jufra", "2024-03-05")]
    result = CliRunner().invoke(cli_app, ["map", "--db", str(path), "-o", str(tmp_path / "m.html"), "--status", "rejected"])
    assert result.exit_code == 0 and "1 sites, 1 mentions" in result.output, result.output
    result = CliRunner().invoke(cli_app, ["report", "--db", str(path), "-o", str(tmp_path / "r.md"), "--reviewed"])
    assert result.exit_code == 0, result.output
    report = (tmp_path / "r.md").read_text()
    assert "Al Jufra Air Base" in report and "Sirte" not in report and "Al Watiya" not in report
    result = CliRunner().invoke(cli_app, ["export", "--db", str(path), "-o", str(out), "--status", "maybe"])
    assert result.exit_code != 0
    assert "--status 'maybe' is not a review status; use one of: unreviewed, pending, confirmed, rejected" in result.output


def test_two_person_confirmation_and_two_reviewers_at_once(tmp_path: Path) -> None:
    store = make_store(tmp_path / "two.db", hostile_docs())
    with Server(create_app(store, WebSettings(token="t0ken", two_person=True))) as srv:
        sessions = {}
        for name in ("ana", "bo"):
            headers = _csrf_headers(srv.base)
            status, got, _ = request(srv.base + "/api/login", method="POST",
                                     body=json.dumps({"token": "t0ken", "name": name}).encode(), headers=headers)
            assert status == 200
            sessions[name] = {**headers, "Cookie": headers["Cookie"] + "; " + got["set-cookie"].split(";")[0]}
        items = json.loads(request(srv.base + "/api/review/queue", headers=sessions["ana"])[2])["items"]
        first = _key(items[0])
        status, body = _post(srv.base, "/api/review/decisions", {**first, "status": "confirmed"}, sessions["ana"])
        assert (status, body["status"], body["confirmed_by"]) == (200, "pending", ["ana"])
        mine = json.loads(request(srv.base + "/api/review/queue", headers=sessions["ana"])[2])["items"]
        theirs = json.loads(request(srv.base + "/api/review/queue", headers=sessions["bo"])[2])["items"]
        assert _key(items[0]) not in [_key(i) for i in mine]
        assert (_key(theirs[0]), theirs[0]["review_status"]) == (first, "pending")
        status, body = _post(srv.base, "/api/review/decisions", {**first, "status": "confirmed", "expected_version": 1},
                             sessions["bo"])
        assert (status, body["status"], body["confirmed_by"]) == (200, "confirmed", ["ana", "bo"])
        # both reviewers at once, on different mentions: every decision is kept
        rest = [_key(i) for i in items[1:]]
        results: dict[str, int] = {}

        def work(name: str, keys: list[dict[str, Any]]) -> None:
            for k in keys:
                results[f"{name}{k['start']}{k['site_id']}{k['document_id']}"] = _post(
                    srv.base, "/api/review/decisions", {**k, "status": "rejected", "reason": name}, sessions[name])[0]

        threads = [threading.Thread(target=work, args=("ana", rest[::2])), threading.Thread(target=work, args=("bo", rest[1::2]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert sorted(results.values()) == [200] * len(rest)
        decided = Reviews(store).frame()
        assert sorted(decided["review_status"]) == ["confirmed"] + ["rejected"] * len(rest)
        assert sorted(decided["reason"]) == sorted([""] + ["ana"] * len(rest[::2]) + ["bo"] * len(rest[1::2]))
    store.close()


def candidate_store(folder: Path, mp: pytest.MonkeyPatch) -> Path:
    """A store ingested over the five-site test gazetteer with candidate places (Bir Zaltan, براك); the
    user gazetteer is ``folder/user.csv``."""
    from geotrack.gazetteer import reset_default_gazetteer
    from tests.builders import write_gazetteer_csv
    from tests.cli.test_candidates_cli import DOCS

    mp.setenv("GEOTRACK_GAZETTEER", str(folder / "gaz"))
    mp.setenv("GEOTRACK_USER_GAZETTEER", str(folder / "user.csv"))
    write_gazetteer_csv(folder / "gaz")
    reset_default_gazetteer()
    src = folder / "docs.jsonl"
    src.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["ingest", str(src), "--db", str(folder / "c.db"), "-o", "json"])
    assert result.exit_code == 0, result.output
    return folder / "c.db"


def test_a_candidate_becomes_a_site_with_clicked_coordinates_or_a_variant(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from geotrack.gazetteer import Gazetteer, reset_default_gazetteer

    path = candidate_store(tmp_path, monkeypatch)
    store = Store.open(path)
    try:
        with Server(create_app(store, WebSettings(reviewer="ana"))) as srv:
            cands = get_json(srv.base + "/api/candidates")
            assert [(c["name"], c["sources"], c["mentions"]) for c in cands] == [
                ("Bir Zaltan", 2, 2), ("براك", 2, 2)]
            headers = _csrf_headers(srv.base)
            # no position: refused, nothing written
            status, body = _post(srv.base, "/api/candidates/accept",
                                 {"name_key": cands[0]["name_key"], "site_id": "bir-zaltan", "kind": "airbase"}, headers)
            assert (status, body["detail"]) == (422, "give lat and lon (a click on the map) or geocode, one of the two")
            assert not (tmp_path / "user.csv").exists()
            # براك has no Latin spelling: a new site needs both names
            status, body = _post(srv.base, "/api/candidates/accept", {"name_key": cands[1]["name_key"], "site_id": "brak",
                                                                     "kind": "airbase", "lat": 27.65, "lon": 14.27}, headers)
            assert (status, body["detail"]) == (422, f"candidate {cands[1]['name_key']!r} has no English spelling:"
                                                " give the site's English name")
            status, body = _post(srv.base, "/api/candidates/variant",
                                 {"name_key": cands[1]["name_key"], "site_id": "brak"}, headers)
            assert status == 422 and "brak" in body["detail"], body  # no such site in the test gazetteer
            status, body = _post(srv.base, "/api/candidates/accept",
                                 {"name_key": cands[0]["name_key"], "site_id": "bir-zaltan", "kind": "airbase",
                                  "name_ar": "بئر زلطن", "lat": 28.91234, "lon": 19.76543}, headers)
            assert status == 200, body
            assert (body["site_id"], body["lat"], body["lon"], body["coord_source"]) == (
                "bir-zaltan", 28.91234, 19.76543, "user:map-click")
            reset_default_gazetteer()
            site = Gazetteer.load().get("bir-zaltan")
            assert (site.name_en, site.name_ar, site.lat, site.lon, site.coord_source, site.layer) == (
                "Bir Zaltan", "بئر زلطن", 28.91234, 19.76543, "user:map-click", "user")
            assert [c["name"] for c in get_json(srv.base + "/api/candidates")] == ["براك"]
            audit = get_json(srv.base + "/api/review/audit")
            assert [(e["what"], e["who"], e["target"], e["after"]["coord_source"]) for e in audit] == [
                ("candidate-site", "ana", cands[0]["name_key"], "user:map-click")]
    finally:
        store.close()
        reset_default_gazetteer()


def test_document_and_site_pages_show_candidates_and_approximate_positions(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A document page marks its mentions, its candidate places and its relative positions (each a
    ``<mark>`` of its own class, the label in the title); the anchor's site page lists the approximate
    positions anchored on it, with their document."""
    from geotrack.gazetteer import reset_default_gazetteer

    store = Store.open(candidate_store(tmp_path, monkeypatch))
    try:
        with Server(create_app(store)) as srv:
            ids = {str(r.input_id): int(r.document_id) for r in store.mentions_frame().itertuples(index=False)}
            info = get_json(f"{srv.base}/api/documents/{ids['e1']}")
            assert [(m["surface"], m["site_id"]) for m in info["mentions"]] == [("Kufra", "kufra")]
            assert info["candidates"] == [{"name": "Bir Zaltan", "surface": "Bir Zaltan air base", "start": 36, "end": 55}]
            assert [(r["surface"], r["anchor_site_id"], r["distance_km"], r["direction"]) for r in info["relative"]] == [
                ("300 km south of", "kufra", 300.0, "S")]
            page = request(f"{srv.base}/documents/{ids['e1']}")[2].decode()
            assert ('<bdi>Russian cargo flights landed at the </bdi>'
                    '<mark class="candidate" title="candidate: Bir Zaltan"><bdi>Bir Zaltan air base</bdi></mark>'
                    '<bdi> on Monday, </bdi><mark class="relative" title="≈ 300 km S of Kufra"><bdi>300 km south of</bdi></mark>'
                    '<bdi> </bdi><mark class="mention" title="Kufra (gazetteer, 0.95)"><bdi>Kufra</bdi></mark><bdi>.</bdi>') in page
            arabic = request(f"{srv.base}/documents/{ids['a2']}")[2].decode()
            assert '<mark class="candidate" title="candidate: براك"><bdi>قاعدة براك الجوية</bdi></mark>' in arabic
            assert '<mark class="relative" title="≈ 200 km N of Kufra"><bdi>200 كم شمال</bdi></mark>' in arabic
            site = request(srv.base + "/sites/kufra")[2].decode()
            listed = re.findall(r"<li>≈ ([^<]*)<bdi>[^<]*</bdi>\s*<a href=\"/documents/(\d+)\">", site)
            assert listed == [("300 km S (± 160 km): ", str(ids["e1"])), ("200 km N (± 107 km): ", str(ids["a2"]))]
    finally:
        store.close()
        reset_default_gazetteer()
