"""Syndicated copies (geotrack.syndication): the copy rule, grouping, and counting a story once."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.errors import InputError
from geotrack.syndication import (
    Text,
    find_copies,
    independent_source_counts,
    independent_sources,
    is_copy,
    mark_copies,
    score_pairs,
    shingles,
    similarity,
)
from tests.paths import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import dedup

WIRE_EN = (
    "Two Russian Il-76 cargo aircraft landed at al-Jufra air base on Tuesday, according to flight-tracking "
    "data reviewed by analysts. The aircraft arrived from Hmeimim in Syria after crossing the eastern "
    "Mediterranean. A military source said the flights carried equipment for the radar station built at "
    "the base last year. The Libyan National Army did not comment on the arrivals. Satellite images from "
    "Monday showed new hangars on the western side of the runway."
)
WIRE_AR = (
    "هبطت طائرتا شحن روسيتان من طراز إليوشن-76 في قاعدة الجُفرة الجوية يوم الثلاثاء، وفق بيانات تتبع "
    "الرحلات التي راجعها محللون. وقدمت الطائرتان من قاعدة حميميم في سوريا بعد عبور شرق المتوسط. "
    "وقال مصدر عسكري إن الرحلات حملت معدات لمحطة الرادار التي بنيت في القاعدة العام الماضي. "
    "ولم تعلق القيادة العامة على وصول الطائرتين."
)


def test_edited_copies_are_copies() -> None:
    copy = "(Sahel Wire) — " + WIRE_EN.replace("Tuesday", "Tuesday morning").rsplit(". ", 1)[0] + ". Read more."
    assert is_copy(shingles(WIRE_EN), shingles(copy))
    # Arabic: diacritics, hamza and alef forms, taa marbuta and alef maqsura differ; a credit line is added
    ar_copy = "طرابلس (وكالة) - " + WIRE_AR.replace("الجُفرة", "الجفره").replace("إليوشن", "اليوشن")
    contained, jaccard = similarity(shingles(WIRE_AR), shingles(ar_copy))
    assert contained == 1.0 and 0.85 < jaccard < 1.0
    assert is_copy(shingles(WIRE_AR), shingles(ar_copy))


def test_translations_and_other_stories_are_not_copies() -> None:
    assert similarity(shingles(WIRE_EN), shingles(WIRE_AR)) == (0.0, 0.0)
    other = ("Flight-tracking data showed no Russian aircraft at al-Jufra air base this week, analysts said. "
             "The Libyan National Army said the base was used for training. Satellite images from Monday "
             "showed the runway under repair, and a military source said work would end in March.")
    contained, _ = similarity(shingles(WIRE_EN), shingles(other))
    assert 0.2 < contained < 0.3  # the same event, phrases in common, under the 0.5 bar
    assert not is_copy(shingles(WIRE_EN), shingles(other))


def test_a_short_phrase_inside_a_story_does_not_make_a_copy() -> None:
    quote = "The Libyan National Army did not comment on the arrivals."
    assert similarity(shingles(quote), shingles(WIRE_EN))[0] == 1.0  # contained entirely ...
    assert not is_copy(shingles(quote), shingles(WIRE_EN))  # ... but short: Jaccard decides


def test_groups_name_the_earliest_original() -> None:
    docs = [
        Text(10, "Copy Daily", "2025-03-12", "UPDATE: " + WIRE_EN),
        Text(11, "Sahel Wire", "2025-03-11T08:00:00+00:00", WIRE_EN),
        Text(12, "Undated Blog", "", WIRE_EN + " Share this article."),
        Text(13, "Arabic Wire", "2025-03-10", WIRE_AR),
        Text(14, "Another Arabic", "2025-03-13", "عاجل: " + WIRE_AR),
    ]
    copies = find_copies(docs)
    assert sorted(copies) == [10, 12, 14]
    assert {k: c.original for k, c in copies.items()} == {10: 11, 12: 11, 14: 13}
    assert all(0.5 <= c.similarity <= 1.0 for c in copies.values())
    # the same publication time: the member given first (the store gives its documents in id order) is the
    # original, whichever text is longer or whichever key is smaller
    tie = [Text(21, "Copy Daily", "2025-03-11T08:00:00+00:00", "UPDATE: " + WIRE_EN + " Read more."),
           Text(20, "Sahel Wire", "2025-03-11T08:00:00+00:00", WIRE_EN)]
    assert {k: c.original for k, c in find_copies(tie).items()} == {20: 21}
    assert {k: c.original for k, c in find_copies(tie[::-1]).items()} == {21: 20}


def test_one_outlets_template_reports_are_not_copies_of_each_other() -> None:
    template = ("Flight Watch. On {day} March an {plane} from {origin} landed at {base}, tracking data showed. "
                "The aircraft stayed on the ground for about two hours before leaving to the north. "
                "Flight Watch follows military transport flights over Libya every day from public data.")
    one = template.format(day=3, plane="Il-76", origin="Latakia", base="al-Jufra air base")
    two = template.format(day=4, plane="Il-76", origin="Latakia", base="al-Khadim air base")
    contained = similarity(shingles(one), shingles(two))[0]
    assert 0.5 < contained < 0.95
    assert find_copies([Text(1, "Flight Watch", "2025-03-03", one), Text(2, "Flight Watch", "2025-03-04", two)]) == {}
    assert list(find_copies([Text(1, "Flight Watch", "2025-03-03", one), Text(2, "Other", "2025-03-04", two)])) == [2]
    repost = find_copies([Text(1, "Flight Watch", "2025-03-03", one), Text(2, "Flight Watch", "2025-03-04", one + " Updated.")])
    assert list(repost) == [2]  # a re-post of the same report by the same outlet is still one story


def test_bad_threshold_is_refused_with_its_value() -> None:
    with pytest.raises(InputError, match=r"threshold=1\.5"):
        find_copies([], threshold=1.5)


def test_mark_copies_feeds_the_independent_source_count() -> None:
    frame = pd.DataFrame({
        "document_id": [1, 2, 3, 4],
        "site_id": ["al-jufra"] * 4,
        "source": ["Sahel Wire", "Copy Daily", "Copy Daily", "Exact Mirror"],
        "syndicated": [False, False, False, True],  # 4 is an exact copy the store marked
    })
    assert independent_sources(frame) == ["Copy Daily", "Sahel Wire"]
    marked = mark_copies(frame, {2: None})  # type: ignore[dict-item]
    assert marked["syndicated"].tolist() == [False, True, False, True]
    assert frame["syndicated"].tolist() == [False, False, False, True]  # the input is left as it was
    assert independent_sources(marked) == ["Copy Daily", "Sahel Wire"]  # Copy Daily's story 3 is its own
    assert independent_sources(mark_copies(frame, [2, 3])) == ["Sahel Wire"]
    frame["site_id"] = ["al-jufra", "al-jufra", "hun", "waddan"]
    assert independent_source_counts(mark_copies(frame, [2])).to_dict() == {"al-jufra": 1, "hun": 1, "waddan": 0}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(WIRE_EN.split(". ") + WIRE_AR.split(". ")), min_size=3, max_size=8, unique=True),
       st.sampled_from(["", "(AFP) ", "عاجل: "]))
def test_a_reformatted_text_is_always_a_copy_and_the_earlier_the_original(sentences: list[str], credit: str) -> None:
    text = ". ".join(sentences)
    reformatted = credit + "  ".join(text.upper().split(" "))
    copies = find_copies([Text("b", "B", "2025-01-02", reformatted), Text("a", "A", "2025-01-01", text)])
    assert list(copies) == ["b"] and copies["b"].original == "a"


def test_dev_set_floors() -> None:
    """A slice of the benchmark's dev set (the full set: python benchmarks/dedup.py)."""
    rows = dedup.articles()[::4]
    score = score_pairs(dedup.dev_pairs(rows))
    assert score.copies == 5 * len(rows) and score.pairs > score.copies
    assert score.precision >= 0.95 and score.recall >= 0.90


PAIRS = ROOT / "tests" / "data" / "syndication_pairs.jsonl"


@pytest.mark.skipif(not PAIRS.exists(), reason="the labelled pairs are not in tests/data yet")
def test_labelled_pairs_floors() -> None:
    pairs = dedup.load_pairs(PAIRS)
    assert len(pairs) >= 200
    score = score_pairs(pairs)
    assert score.precision >= 0.95, score
    assert score.recall >= 0.90, score


def test_pair_loader_reads_both_layouts(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in (
        {"a": {"text": "x y z"}, "b": {"text": "x y z w"}, "label": "copy"},
        {"text_a": "p", "text_b": "q", "copy": False},
    )), encoding="utf-8")
    assert dedup.load_pairs(path) == [("x y z", "x y z w", True, "", ""), ("p", "q", False, "a", "b")]
