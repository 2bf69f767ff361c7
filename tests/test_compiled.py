"""The mypyc-compiled twin of the matcher and the pure-Python module give the same results."""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.context import default_context
from geotrack.extract import matcher as pure_matcher
from geotrack.extract import select
from geotrack.extract.extractor import extractor_for
from geotrack.gazetteer import default_gazetteer
from geotrack.text import sentences as pure_sentences

DATA = Path(__file__).parent / "data"


def _texts() -> list[str]:
    texts: list[str] = []
    for name in ("labelled.jsonl", "heldout_articles.jsonl", "heldout_blind.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_pure_python_forced_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(select.PURE_ENV, "1")
    assert select.matcher_module() is pure_matcher
    assert select.implementation() == "pure-python"
    monkeypatch.setenv(select.PURE_ENV, "0")
    twins = select._compiled()
    assert select.matcher_module() is (twins[0] if twins else pure_matcher)


def test_stale_twin_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(select.PURE_ENV, raising=False)
    select._compiled.cache_clear()
    monkeypatch.setattr(select, "_source_digest", lambda: "0" * 64)  # as if matcher.py had been edited
    try:
        assert select.matcher_module() is pure_matcher
        assert select.implementation() == "pure-python"
    finally:
        select._compiled.cache_clear()


def _can_compile() -> bool:
    """A C compiler and the Python headers: what the build hook needs."""
    import shutil
    import sysconfig

    compiler = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    return bool(compiler) and (Path(sysconfig.get_paths()["include"]) / "Python.h").exists()


def test_compiled_twin_is_built_when_ci_requires_it() -> None:
    if os.environ.get("GEOTRACK_REQUIRE_COMPILED") != "1":
        pytest.skip("GEOTRACK_REQUIRE_COMPILED is not set (CI sets it)")
    if not _can_compile():
        pytest.skip("no C compiler or Python headers here: the install is pure Python by design")
    assert select._compiled() is not None, "the mypyc twins (geotrack.extract._matcher_c ...) were not built or are stale"


def test_compiled_and_pure_give_identical_mentions_and_terms() -> None:
    twins = select._compiled()
    if twins is None:
        pytest.skip("the compiled twins are not built here")
    twin = twins[0]
    gaz = default_gazetteer()
    compiled = twin.Matcher(gaz, default_context())
    pure = pure_matcher.Matcher(gaz, default_context())
    texts = _texts()
    assert len(texts) > 250
    n = 0
    for text in texts:
        for threshold in (0.5, 0.0):
            a_m, a_t = compiled.find_all(text, min_confidence=threshold)
            b_m, b_t = pure.find_all(text, min_confidence=threshold)
            assert [m.to_dict() for m in a_m] == [m.to_dict() for m in b_m], text
            assert [t.to_dict() for t in a_t] == [t.to_dict() for t in b_t], text
            n += len(a_m)
    assert n > 1000


def test_extracted_mentions_equal_mentions_built_the_ordinary_way() -> None:
    """The matcher builds Mention objects without the dataclass __init__: they must be the same objects."""
    import dataclasses

    import geotrack
    from geotrack.models import Mention

    text = "Russian cargo planes landed at al-Jufra air base, then flew on to Brak and Tamanhint."
    mentions = geotrack.extract.extract(text, doc_id="d1")
    assert [m.site_id for m in mentions] == ["al-jufra", "brak", "tamanhint"]
    for m in mentions:
        fields = {f.name: getattr(m, f.name) for f in dataclasses.fields(Mention)}
        twin = Mention(**fields)
        assert m == twin and hash(m) == hash(twin) and repr(m) == repr(twin)
        assert m.doc_id == "d1" and "russia" in m.actors
        with pytest.raises(dataclasses.FrozenInstanceError):
            m.start = 0  # type: ignore[misc]


def test_a_matcher_keeps_its_implementation_when_the_environment_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    """analyse() normalises with the matcher's own module: switching GEOTRACK_PURE_PYTHON after the
    default matcher was built must not hand a compiled matcher a pure-Python offset map (or the reverse)."""
    from geotrack.extract import analyse

    # a diacritic and an apostrophe: normalisation deletes characters, so an offset map is made
    text = "وصلت طائراتُ شحن روسية إلى قاعدة الجفرة والخادم.\n\nRussian cargo planes landed at al-Jufra's runway."
    extractor_for(default_gazetteer()).matcher  # noqa: B018  (built with the environment as it is)
    before = analyse(text)
    monkeypatch.setenv(select.PURE_ENV, "1")
    after = analyse(text)
    assert [m.to_dict() for m in after.mentions] == [m.to_dict() for m in before.mentions]
    assert [m.site_id for m in after.mentions] == ["al-jufra", "al-khadim", "al-jufra"]


def _matchers() -> list[object]:
    twins = select._compiled()
    gaz = default_gazetteer()
    modules = [pure_matcher] + ([twins[0]] if twins else [])
    return [module.Matcher(gaz, default_context()) for module in modules]


@pytest.mark.parametrize("index", [0, 1], ids=["pure", "compiled"])
def test_the_garbage_collector_is_left_as_it_was(index: int) -> None:
    """find_all pauses the cyclic collector for its own run only: running before, running after; off
    (the caller's choice) stays off; and an error inside the call does not leave it off."""
    import gc

    matchers = _matchers()
    if index >= len(matchers):
        pytest.skip("the compiled twins are not built here")
    matcher = matchers[index]
    text = "Russian cargo planes landed at al-Jufra air base. وصلت طائرات إلى قاعدة الجفرة."
    was = gc.isenabled()
    try:
        gc.enable()
        assert [m.site_id for m in matcher.find(text)] == ["al-jufra", "al-jufra"]  # type: ignore[attr-defined]
        assert gc.isenabled()
        gc.disable()
        assert len(matcher.find(text)) == 2  # type: ignore[attr-defined]
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises((TypeError, AttributeError)):
            matcher.find_all(text, norm=12345)  # type: ignore[attr-defined]
        assert gc.isenabled()
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


@given(a=st.lists(st.integers(min_value=-(2**70), max_value=2**70), max_size=40), x=st.integers(min_value=-(2**70), max_value=2**70))
@settings(max_examples=300, deadline=None)
def test_bisect_right_is_the_standard_one(a: list[int], x: int) -> None:
    """The extractor's own bisect_right (a C loop when compiled) agrees with bisect.bisect_right, big ints,
    duplicates, empty lists and values outside the list included."""
    import bisect

    pure_normalize = select._pure_normalize  # (the pure module geotrack.text.normalize)
    a.sort()
    expected = bisect.bisect_right(a, x)
    assert pure_normalize.bisect_right(a, x) == expected
    twins = select._compiled()
    if twins is not None:
        assert twins[1].bisect_right(a, x) == expected
    if a:  # the values themselves: duplicates go right
        assert pure_normalize.bisect_right(a, a[0]) == bisect.bisect_right(a, a[0])


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=30), st.integers(min_value=1, max_value=12)), max_size=25))
@settings(max_examples=300, deadline=None)
def test_overlaps_resolve_leftmost_then_longest(spans: list[tuple[int, int]]) -> None:
    """The insertion sort of _resolve_overlaps gives what a stable sort on (start, longest first) and the
    greedy left-to-right pass give: same hits, same objects, same order (pure and compiled)."""
    site = default_gazetteer().get("al-jufra")
    modules = [pure_matcher] + ([select._compiled()[0]] if select._compiled() else [])  # type: ignore[index]
    for module in modules:
        entry = module._Entry(site, 0, False, False, False)
        hits = [module._Hit(ns, ns + size, ns, entry, "") for ns, size in spans]
        ordered = sorted(hits, key=lambda h: (h.ns, h.ns - h.ne))
        expected = []
        last_end = -1
        for h in ordered:
            if h.ns >= last_end:
                expected.append(h)
                last_end = h.ne
        got = module.Matcher._resolve_overlaps(list(hits))
        assert [id(h) for h in got] == [id(h) for h in expected]


@given(text=st.text(alphabet="\na ب\t", max_size=30), pos=st.integers(min_value=0, max_value=32))
@settings(max_examples=400, deadline=None)
def test_blank_lines_found_from_line_breaks(text: str, pos: int) -> None:
    """The paragraph search by line breaks (geotrack.text.sentences, pure and compiled) finds the blank
    lines a regular expression finds: two line breaks with nothing but spaces or tabs between them (issue
    13: "\\n \\n" separates paragraphs as "\\n\\n" does), runs of three or more line breaks included."""
    blanks = [(m.start(1), m.end(1)) for m in re.finditer(r"(?=(\n[ \t\r\xa0]*\n))", text)]
    after = min((a for a, _ in blanks if a >= pos), default=-1)
    before = max((a for a, e in blanks if e <= pos), default=-1)
    modules = [pure_sentences]
    with contextlib.suppress(ImportError):
        modules.append(importlib.import_module("geotrack.text._sentences_c"))
    for module in modules:
        assert module.blank_line_after(text, pos) == after, (text, pos)
        assert module.blank_line_before(text, pos) == before, (text, pos)
