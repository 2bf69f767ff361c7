"""Review decisions on a real store, SQLite and PostGIS (geotrack/store/review.py): versions, undo,
two-person confirmation, the audit log, the ``--reviewed`` filter and Admiralty source grades."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from geotrack.store import Store
from geotrack.store.review import ReviewConflictError, ReviewError, Reviews
from tests.builders import article, make_store


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
