"""``Store.site_counts`` and ``Store.filter_choices``: what the map of the workspace asks the store, held to
the counts of :func:`geotrack.aggregate.site_summary` over the mentions themselves, on both backends."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geotrack.models import Document, Mention
from geotrack.store import MentionFilter, Store
from geotrack.web import data
from tests.builders import SITES, article, make_store

OUTLETS = ("Outlet A", "Outlet B", "Outlet C", "وكالة")
ACTORS = ("russia", "turkey", "wagner")
ACTIVITIES = ("airstrike", "deployment")
DATES = ("2024-01-03", "2024-01-20", "2024-02-11T06:30:00+00:00", "2024-02-11", "2024-03-01", "")


def varied_docs(seed: int = 3) -> list[tuple[Document, list[Mention]]]:
    """Forty articles of four outlets, some undated or with a time, names repeated, confidences, sentence
    and paragraph actors and activities varied; the last one places Sirte elsewhere (a gazetteer that moved
    it), so a site's mentions do not all share one position."""
    rng = random.Random(seed)
    docs = []
    for i in range(40):
        doc, mentions = article(f"v{i}", rng.choice(OUTLETS), rng.choice(DATES),
                                [rng.choice(SITES).id for _ in range(rng.randrange(1, 4))],
                                confidence=rng.choice((0.5, 0.7, 0.9)))
        mentions = [replace(m, actors=tuple(rng.sample(ACTORS, rng.randrange(3))),
                            actors_paragraph=tuple(rng.sample(ACTORS, rng.randrange(2))),
                            activities=tuple(rng.sample(ACTIVITIES, rng.randrange(2)))) for m in mentions]
        docs.append((doc, mentions))
    doc, mentions = article("moved", "Outlet B", "2024-03-02", ["sirte"])
    docs.append((doc, [replace(m, lat=31.0, lon=16.0) for m in mentions]))
    return docs


def by_frame(store: Store, flt: MentionFilter) -> list[dict[str, object]]:
    return data.site_records(data.site_summary(data.mentions(store, flt, text=False)))


filters = st.builds(
    MentionFilter,
    sites=st.lists(st.sampled_from([s.id for s in SITES]), max_size=2).map(tuple),
    sources=st.lists(st.sampled_from([*OUTLETS, "Nobody"]), max_size=2).map(tuple),
    kinds=st.lists(st.sampled_from(["airbase", "town", "port"]), max_size=1).map(tuple),
    actors=st.lists(st.sampled_from([*ACTORS, "uae"]), max_size=2).map(tuple),
    since=st.none() | st.dates(date(2024, 1, 1), date(2024, 3, 5)),
    until=st.none() | st.dates(date(2024, 1, 1), date(2024, 3, 5)),
    min_confidence=st.sampled_from([0.0, 0.6, 0.8, 0.95]),
)


def test_site_counts_are_the_counts_of_the_mentions(db_location: str) -> None:
    store = make_store(db_location, varied_docs())
    try:
        every = store.site_counts()
        assert every["mentions"].sum() == store.counts()["mentions"] == 79
        assert by_frame(store, MentionFilter()) == data.site_records(every)
        sirte = every.set_index("site_id").loc["sirte"]
        assert (sirte["lat"], sirte["lon"], sirte["kind"]) == (31.0, 16.0, "town")  # its last mention's place
        first = every.iloc[0]
        assert (first["site_id"], int(first["mentions"]), int(first["documents"]), int(first["sources"])) == (
            "al-jufra", 25, 19, 4)
        assert (first["first_seen"], first["last_seen"]) == (pd.Timestamp("2024-01-03"), pd.Timestamp("2024-03-01"))
        assert list(first["actors"]) == ["russia", "turkey", "wagner"]

        @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(filters)
        def same(flt: MentionFilter) -> None:
            assert data.site_records(store.site_counts(flt)) == by_frame(store, flt)
            # the store's actor filter: a wanted actor in the sentence OR the paragraph
            rows = store.mentions_frame(replace(flt, actors=()))
            wanted = set(flt.actors)
            expected = [int(i) for i, a, p in zip(rows["mention_id"], rows["actors"], rows["actors_paragraph"], strict=True)
                        if not wanted or wanted.intersection(a) or wanted.intersection(p)]
            assert list(store.mentions_frame(flt)["mention_id"]) == expected

        same()
    finally:
        store.close()


def test_filter_choices_are_those_of_the_mentions(db_location: str) -> None:
    store = make_store(db_location)
    try:  # nothing stored yet
        assert store.filter_choices() == {"sources": [], "kinds": [], "actors": [], "first": None, "last": None,
                                          "mentions": 0}
        assert store.site_counts().empty and store.site_counts(MentionFilter(actors=("russia",))).empty
    finally:
        store.close()
    store = make_store(db_location, [*varied_docs(), article("none", "Quiet Outlet", "2023-05-01", [])])
    try:
        frame = store.mentions_frame()
        choices = store.filter_choices()
        assert choices == {
            "sources": sorted(set(frame["source"])), "kinds": ["airbase", "town"],
            "actors": sorted({a for col in ("actors", "actors_paragraph") for lst in frame[col] for a in lst}),
            "first": pd.Timestamp("2024-01-03"), "last": pd.Timestamp("2024-03-02"), "mentions": 79}
        assert "Quiet Outlet" not in choices["sources"] and choices["actors"] == list(ACTORS)
    finally:
        store.close()
