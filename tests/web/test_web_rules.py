"""A rejection made a rule on request (issue 18): a negative cue of the user gazetteer, checked with the
extractor before it is written, audited, listed, removable, and applied by ``reextract`` and ``ingest``;
on SQLite and PostGIS, over the shipped gazetteer and a real server."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from geotrack.cli import app as cli_app
from geotrack.gazetteer import Gazetteer, reset_default_gazetteer
from geotrack.gazetteer.user import add_negative_cue, add_variants, negative_cues_added, remove_negative_cue
from geotrack.store import Store
from tests.paths import INGEST_GAZETTEER
from tests.web.test_web import Server, get_json, request
from tests.web.test_web_review import _csrf_headers, _key, _post

TRIPOLI = "Protesters gathered in Tripoli near the El Mina harbour on Sunday, witnesses said."
SIRTE = "Forces loyal to the government moved into Sirte on Monday."
LATER = "Clashes broke out again in Tripoli close to El Mina overnight."
LIBYAN = "Militias in Tripoli, Libya, clashed near the airport."


def _ingest(db: str, folder: Path, docs: list[tuple[str, str, str, str]]) -> None:
    src = folder / f"docs{len(list(folder.glob('docs*.jsonl')))}.jsonl"
    src.write_text("".join(json.dumps({"id": i, "source": s, "published": p, "text": t}) + "\n"
                           for i, s, p, t in docs), encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["ingest", str(src), "--db", db, "-o", "json"])
    assert result.exit_code == 0, result.output


def _reextract(db: str) -> None:
    result = CliRunner().invoke(cli_app, ["reextract", "--db", db, "--workers", "1"])
    assert result.exit_code == 0, result.output


def _mentions(db: str) -> list[tuple[str, str, str]]:
    store = Store.open(db)
    try:
        frame = store.mentions_frame()
        return [(str(r.input_id), str(r.site_id), str(r.surface)) for r in frame.itertuples(index=False)]
    finally:
        store.close()


def test_negative_cues_of_the_user_gazetteer(tmp_path: Path) -> None:
    user = tmp_path / "user-gazetteer.csv"  # the conftest's GEOTRACK_USER_GAZETTEER
    done = add_negative_cue("tripoli", " El  Mina ", path=user)
    assert (done.how, done.added) == ("copied", ("El Mina",))
    assert add_negative_cue("tripoli", "el mina", path=user).how == "unchanged"  # the same cue, folded
    reset_default_gazetteer()
    site = Gazetteer.load().get("tripoli")
    assert (site.layer, site.negative_cues[-1], site.lat, site.coord_source) == (
        "user", "El Mina", Gazetteer.load(extra=[]).get("tripoli").lat, Gazetteer.load(extra=[]).get("tripoli").coord_source)
    assert [(n.site_id, n.cue) for n in negative_cues_added(user)] == [("tripoli", "El Mina")]
    assert remove_negative_cue("tripoli", "Lebanon", path=user) is False  # a cue of the shipped row stays
    assert remove_negative_cue("tripoli", "EL MINA", path=user) is True
    assert negative_cues_added(user) == []
    with pytest.raises(ValueError, match=re.escape("negative cue 'a|b': give one word or phrase of 1 to 100 characters")):
        add_negative_cue("tripoli", "a|b", path=user)


@pytest.mark.slow
def test_a_rejection_becomes_a_rule_reextract_and_ingest_apply_it(db_location: str, tmp_path: Path) -> None:
    _ingest(db_location, tmp_path, [("t1", "Outlet A", "2024-03-05", TRIPOLI), ("s1", "Outlet B", "2024-03-06", SIRTE)])
    assert _mentions(db_location) == [("t1", "tripoli", "Tripoli"), ("s1", "sirte", "Sirte")]
    from geotrack.web import WebSettings, create_app

    store = Store.open(db_location)
    try:
        with Server(create_app(store, WebSettings(reviewer="ana"))) as srv:
            items = {i["site_id"]: i for i in get_json(srv.base + "/api/review/queue")["items"]}
            tripoli, sirte = items["tripoli"], items["sirte"]
            assert tripoli["rule"] == "context:preposition"
            headers = _csrf_headers(srv.base)
            decisions = "/api/review/decisions"
            # refused, and nothing decided: a spelling that needs no context; a cue that would not stop it;
            # a rule with a confirmation
            status, body = _post(srv.base, decisions, {**_key(sirte), "status": "rejected", "rule_cue": "Forces"}, headers)
            assert (status, body["detail"]) == (422, "'Sirte' is a spelling of 'sirte' that needs no context (rule"
                                                " 'gazetteer'): a negative cue does not apply to it; reject it without a"
                                                " rule, or move the spelling to variants_doc in the gazetteer")
            status, body = _post(srv.base, decisions, {**_key(tripoli), "status": "rejected", "rule_cue": "Beirut"}, headers)
            assert (status, body["detail"]) == (422, "negative cue 'Beirut' would not stop this mention of 'tripoli': it"
                                                " counts as a whole word within 60 characters of the name, in its"
                                                " sentence; pick a word of the sentence near it")
            status, body = _post(srv.base, decisions, {**_key(tripoli), "status": "confirmed", "rule_cue": "Mina"}, headers)
            assert (status, body["detail"]) == (422, "a rule comes with a rejection, not with 'confirmed'")
            assert get_json(srv.base + "/api/review/audit") == []
            assert get_json(srv.base + "/api/rules") == []
            # the rejection with its rule
            status, body = _post(srv.base, decisions, {**_key(tripoli), "status": "rejected", "reason": "Tripoli, Lebanon",
                                                       "rule_cue": " Mina ", "expected_version": 0}, headers)
            assert status == 200, body
            assert (body["status"], body["rule"]["site_id"], body["rule"]["cue"], body["rule"]["how"]) == (
                "rejected", "tripoli", "Mina", "copied")
            rules = get_json(srv.base + "/api/rules")
            assert [(r["site_id"], r["cue"], r["made_by"], r["reason"], r["surface"], r["sentence"]) for r in rules] == [
                ("tripoli", "Mina", "ana", "Tripoli, Lebanon", "Tripoli", TRIPOLI)]
            assert rules[0]["made_at"] and rules[0]["document_id"] == tripoli["document_id"]
            page = request(srv.base + "/rules")[2].decode()
            assert "<bdi>Mina</bdi>" in page and 'data-cue="Mina"' in page and "<bdi>ana</bdi>" in page
            audit = get_json(srv.base + "/api/review/audit")
            assert [(e["what"], e["who"], e["target"]) for e in audit] == [
                ("negative-cue", "ana", ["tripoli", "Mina"]), ("review", "ana", list(_key(tripoli).values()))]
        # extraction applies the rule: reextract drops the mention, a new document in that context is not
        # found, the same spelling elsewhere still is
        _reextract(db_location)
        assert _mentions(db_location) == [("s1", "sirte", "Sirte")]
        _ingest(db_location, tmp_path, [("t2", "Outlet C", "2024-03-07", LATER), ("t3", "Outlet C", "2024-03-08", LIBYAN)])
        assert _mentions(db_location) == [("s1", "sirte", "Sirte"), ("t3", "tripoli", "Tripoli")]
        with Server(create_app(store, WebSettings(reviewer="bo"))) as srv:
            headers = _csrf_headers(srv.base)
            status, body = _post(srv.base, "/api/rules/remove", {"site_id": "tripoli", "cue": "Lebanon"}, headers)
            assert (status, body["detail"]) == (404, "no rule 'Lebanon' of site 'tripoli' in the user gazetteer")
            status, body = _post(srv.base, "/api/rules/remove", {"site_id": "tripoli", "cue": "Mina"}, headers)
            assert (status, body) == (200, {"site_id": "tripoli", "cue": "Mina", "removed": True})
            assert get_json(srv.base + "/api/rules") == []
            removed = get_json(srv.base + "/api/review/audit")[0]
            assert (removed["what"], removed["who"], removed["target"], removed["before"]["made_by"], removed["after"]) == (
                "negative-cue-removed", "bo", ["tripoli", "Mina"], "ana", None)
        _reextract(db_location)
        assert sorted(_mentions(db_location)) == [("s1", "sirte", "Sirte"), ("t1", "tripoli", "Tripoli"),
                                                  ("t2", "tripoli", "Tripoli"), ("t3", "tripoli", "Tripoli")]
    finally:
        store.close()


def test_undo_takes_the_rule_back_with_the_rejection(tmp_path: Path) -> None:
    db = str(tmp_path / "u.db")
    _ingest(db, tmp_path, [("t1", "Outlet A", "2024-03-05", TRIPOLI)])
    from geotrack.web import WebSettings, create_app

    store = Store.open(db)
    try:
        with Server(create_app(store, WebSettings(reviewer="ana"))) as srv:
            item: dict[str, Any] = get_json(srv.base + "/api/review/queue")["items"][0]
            headers = _csrf_headers(srv.base)
            status, _ = _post(srv.base, "/api/review/decisions",
                              {**_key(item), "status": "rejected", "rule_cue": "witnesses"}, headers)
            assert status == 200 and [r["cue"] for r in get_json(srv.base + "/api/rules")] == ["witnesses"]
            status, body = _post(srv.base, "/api/review/undo", {}, headers)
            assert (status, body["undone"]["status"], body["rules_removed"]) == (
                200, "unreviewed", [{"site_id": "tripoli", "cue": "witnesses"}])
            assert get_json(srv.base + "/api/rules") == []
            assert [e["what"] for e in get_json(srv.base + "/api/review/audit")] == [
                "negative-cue-removed", "undo", "negative-cue", "review"]
    finally:
        store.close()


@pytest.mark.slow
def test_rule_checks_reuse_the_extractor_until_the_gazetteer_or_a_rule_changes(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    _ingest(db, tmp_path, [("t1", "Outlet A", "2024-03-05", TRIPOLI), ("s1", "Outlet B", "2024-03-06", SIRTE)])
    from geotrack.web import WebSettings, create_app
    from geotrack.web.rules import Extractors, gazetteer_of

    extractors = Extractors()
    store = Store.open(db)
    decisions = "/api/review/decisions"
    plain = ("'Sirte' is a spelling of 'sirte' that needs no context (rule 'gazetteer'): a negative cue does not"
             " apply to it; reject it without a rule, or move the spelling to variants_doc in the gazetteer")
    try:
        with Server(create_app(store, WebSettings(reviewer="ana"), extractors=extractors)) as srv:
            items = {i["site_id"]: i for i in get_json(srv.base + "/api/review/queue")["items"]}
            headers = _csrf_headers(srv.base)
            sirte = {**_key(items["sirte"]), "status": "rejected", "rule_cue": "Forces"}
            assert _post(srv.base, decisions, sirte, headers) == (422, {"detail": plain})
            assert extractors.builds == 1  # today's gazetteer: refused before a second extractor is needed
            today = extractors.of(gazetteer_of(None))  # the gazetteer loaded again: the same content
            assert _post(srv.base, decisions, sirte, headers) == (422, {"detail": plain})
            assert (extractors.builds, extractors.of(gazetteer_of(None))) == (1, today)
            # an edit of the user gazetteer is new content: a new extractor
            assert add_variants("sirte", ["Surt City"]).how == "copied"
            assert _post(srv.base, decisions, sirte, headers) == (422, {"detail": plain})
            edited = extractors.of(gazetteer_of(None))
            assert (extractors.builds, edited is today) == (2, False)
            # a rule made: the check builds the gazetteer with the cue (today's is kept) ...
            tripoli = {**_key(items["tripoli"]), "status": "rejected", "rule_cue": "Mina"}
            status, body = _post(srv.base, decisions, tripoli, headers)
            assert (status, body["rule"]["how"], extractors.builds) == (200, "copied", 3)
            # ... and the user gazetteer with that rule is new content again: the next check sees the rule
            assert _post(srv.base, decisions, tripoli, headers) == (422, {"detail": (
                "today's gazetteer no longer finds this mention of 'tripoli': nothing for a rule to stop; reject it"
                " without one")})
            assert extractors.builds == 4
            assert extractors.of(gazetteer_of(None)) not in (today, edited)
            assert extractors.builds == 4
    finally:
        store.close()


def test_the_extractor_cache_keeps_the_latest_used() -> None:
    from geotrack.gazetteer import Gazetteer
    from geotrack.gazetteer.user import with_negative_cue
    from geotrack.web.rules import Extractors

    with pytest.raises(ValueError, match=re.escape("an extractor cache holds at least one extractor, not size=0")):
        Extractors(size=0)
    small = Gazetteer.load(INGEST_GAZETTEER)
    cued = with_negative_cue(small, "brak", "Ohio")
    extractors = Extractors(size=2)
    first = extractors.of(small)
    assert extractors.of(Gazetteer(list(small), small.rules)) is first  # another object, the same content
    with_cue = extractors.of(cued)
    assert with_cue is not first and extractors.builds == 2
    assert extractors.of(small) is first  # now the latest used: the cued one goes first
    extractors.of(with_negative_cue(small, "brak", "Iowa"))
    assert extractors.builds == 3 and extractors.of(small) is first and extractors.builds == 3
    assert extractors.of(with_negative_cue(small, "brak", "Ohio")) is not with_cue  # dropped: built again
    assert extractors.builds == 4
    assert extractors.of(Gazetteer(list(small), {"brak": "brak"})) is not first  # its shared-spelling rules count
    assert extractors.builds == 5
