"""``MentionFilter(documents=...)``: a document's own rows (mentions, candidates, relative positions,
foreign places) read by the store, not picked out of every row; the workspace's document page and its
decisions ask for them that way. Held to the whole frames on both backends."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geotrack.store import MentionFilter, Store
from tests.web.test_web_rules import _ingest

DOCS = [
    ("d1", "Wire One", "2024-03-05",
     "Russian cargo flights landed at the Qasr Tamrit air base on Monday, 300 km south of Kufra."),
    ("d2", "Desert Review", "2024-04-02", "New hangars are going up at the Qasr Tamrit air base.\n\nWagner fighters were"
     " seen in Sirte and in Chad, near Ndjamena."),
    ("d3", "Wire One", "2024-04-10",
     "قالت مصادر إن قاعدة وادي تمرزيت الجوية استقبلت معدات جديدة، على بعد 200 كم شمال الكفرة. ووصلت قوات إلى سرت."),
]


def test_the_rows_of_some_documents_are_those_of_the_whole_frames(db_location: str, tmp_path: Path) -> None:
    _ingest(db_location, tmp_path, DOCS)
    store = Store.open(db_location)
    try:
        ids = {str(r.input_id): int(r.document_id) for r in store.mentions_frame().itertuples(index=False)}
        assert sorted(ids) == ["d1", "d2", "d3"]
        reads = {"mentions": store.mentions_frame, "candidates": store.candidates_frame,
                 "relative": store.relative_frame, "places": store.places_frame}
        wholes = {name: read() for name, read in reads.items()}
        assert {name: sorted(set(frame["input_id"])) for name, frame in wholes.items()} == {
            "mentions": ["d1", "d2", "d3"], "candidates": ["d1", "d2", "d3"], "relative": ["d1", "d3"],
            "places": ["d2"]}
        for chosen in ((ids["d1"],), (ids["d2"], ids["d3"]), (ids["d3"],), (max(ids.values()) + 1,)):
            flt = MentionFilter(documents=chosen)
            for name, read in reads.items():
                whole = wholes[name]
                expected = whole[whole["document_id"].isin(chosen)].reset_index(drop=True)
                pd.testing.assert_frame_equal(read(flt).reset_index(drop=True), expected, check_dtype=False, obj=name)
        # with the other filters, as the document page's decisions ask (one document, one site)
        sirte = store.mentions_frame(MentionFilter(documents=(ids["d3"],), sites=("sirte",)))
        assert [(r.input_id, r.surface) for r in sirte.itertuples(index=False)] == [("d3", "سرت")]
        assert MentionFilter(documents=(ids["d1"], 7)).describe() == f"documents: {ids['d1']}, 7"
    finally:
        store.close()
