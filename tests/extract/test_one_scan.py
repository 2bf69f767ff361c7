"""One scan for the whole analysis (issue 15 item 1): the cue words of discovery and relative positions are
found by the scan that finds the foreign places, and analysis gives what the steps give on their own."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.extract import extractor_for
from geotrack.extract.discovery import ARABIC_CUE, CUE_WORDS, LATIN_CUE, find_candidates, find_cues
from geotrack.extract.extractor import _CUE_WORDS
from geotrack.extract.relative import ARABIC_UNIT_CUE, LATIN_UNIT_CUE, find_relative_positions
from geotrack.gazetteer import default_gazetteer
from tests.paths import DATA

GAZ = default_gazetteer()
EXTRACTOR = extractor_for(GAZ)
PIECES = ["air base", "Air-Base", "airbase", "airports", "aéroport", "base aérienne", "la piste", "base near",
          "km", "30km", "kilometres", "miles", "قاعدة", "وقاعدة", "مطار", "المطارات", "مهبط", "مدرج", "كم", "كيلومتر",
          "Mitiga", "الجفرة", "Lebanon", "تركيا", " ", ", ", ".\n", "Zarqoun", "x", "é", "\u0640"]


def _cues(text: str) -> dict[str, list[int]]:
    matcher = EXTRACTOR.matcher
    norm, omap, raw = matcher.prepare(text)
    cues: dict[str, list[int]] = {}
    matcher.find_all(text, norm=norm, omap=omap, raw=raw, cues=cues)
    return cues


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_the_scan_reports_every_cue_word_where_a_search_finds_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    norm = EXTRACTOR.matcher.prepare(text)[0]
    assert _cues(text) == find_cues(norm, _CUE_WORDS)


def test_cue_positions_are_offsets_of_the_normalised_text() -> None:
    text = "The Air-Base near Zarqoun, 30 km south. قاعدة مطار على بعد 20 كم"
    norm = EXTRACTOR.matcher.prepare(text)[0]
    cues = _cues(text)
    assert cues[LATIN_CUE] == [4, 8]  # "air base", and "base near" inside it
    assert norm[4:12] == "air base" and norm[8:17] == "base near"
    assert cues[LATIN_UNIT_CUE] == [30]
    assert [norm[i:i + 4] for i in cues[ARABIC_CUE]] == ["قاعد", "مطار"]
    assert cues[ARABIC_UNIT_CUE] == [len(text) - 2] and norm[-2:] == "كم"  # the Arabic units apart


def test_extract_does_not_pay_for_the_cues() -> None:
    cues: dict[str, list[int]] = {}
    EXTRACTOR.matcher.find_all("Zarqoun air base, 30 km north of Mitiga.", want_terms=False, cues=cues)
    assert cues == {}
    assert set(CUE_WORDS) <= set(_CUE_WORDS)


def test_a_base_word_inside_a_mention_is_not_tried_and_the_candidates_are_exact() -> None:
    text = "Planes left Mitiga airport for Zarqoun air base, then قاعدة الوطية and مطار زرقون."
    found = EXTRACTOR.analyse(text)
    assert [(c.name, c.pattern, c.surface, c.start, c.end) for c in found.candidates] == [
        ("Zarqoun", "en:air-base", "Zarqoun air base", 31, 47),
        ("زرقون", "ar:matar", "مطار زرقون", 71, 81),
    ]
    assert [(m.site_id, m.surface) for m in found.mentions][:2] == [("mitiga", "Mitiga airport"),
                                                                    ("al-watiya", "قاعدة الوطية")]


def _labelled_texts() -> list[str]:
    texts = []
    for name in ("heldout_blind2.jsonl", "heldout_articles.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return [*texts,
            "Cargo flights reached Zarqoun air base, 40 km south of Sabha, and the airstrip at Qarat Nakhla.",
            "وصلت طائرات إلى قاعدة زرقون الجوية على بعد 30 كم شمال سبها، ثم إلى مطار الوطية.",
            "La base aérienne de Zarqoun, à 25 km au nord de Brak, et l'aéroport de Mitiga."]


def test_analysis_gives_what_each_step_gives_on_its_own() -> None:
    """Over the labelled sets: candidates and relative positions found from the scan's cues are those the
    steps find when they search the text themselves."""
    texts = _labelled_texts()
    candidates = relative = 0
    for text in texts:
        found = EXTRACTOR.analyse(text)
        alone = find_candidates(text, GAZ, found.mentions, skip_names=[p.surface for p in found.places],
                                context=EXTRACTOR.context)
        assert found.candidates == alone
        assert found.relative == find_relative_positions(text, found.mentions)
        candidates += len(alone)
        relative += len(found.relative)
    assert candidates >= 8 and relative >= 8  # the sets exercise both steps
