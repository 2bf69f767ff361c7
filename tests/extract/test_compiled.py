"""The mypyc-compiled modules and the pure-Python ones give the same results; a stale build never runs.

``hatch_build.py`` compiles ``geotrack.text.arabic``, ``normalize``, ``sentences``,
``geotrack.extract.matcher``, ``discovery`` and ``relative`` (``_build.COMPILED_MODULES``) under their own names; ``geotrack._build`` decides once per process which
build runs. The pure modules compared here are loaded from the same sources beside the compiled ones
(``select._pure``, :func:`geotrack._build.pure_modules`).
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack import _build
from geotrack.context import default_context
from geotrack.extract import select
from geotrack.gazetteer import default_gazetteer
from geotrack.settings import get_settings
from tests.paths import DATA

EXT = importlib.machinery.EXTENSION_SUFFIXES[0]  # this interpreter's own (".cpython-311-x86_64-linux-gnu.so")
COMPILED_HERE = select.implementation() == "compiled"
needs_compiled = pytest.mark.skipif(not COMPILED_HERE, reason=f"the compiled modules do not run here: {select.why_pure()}")


def _texts() -> list[str]:
    texts: list[str] = []
    for name in ("labelled.jsonl", "heldout_articles.jsonl", "heldout_blind.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


# --- the decision (geotrack._build.decide), on a tree of placeholder files: no compiler needed ---------

def _fake_build(root: Path) -> Path:
    """A package tree with the sources, an 'extension' beside each, the group library and the
    manifest a build would write (decide only reads files: it imports nothing)."""
    package = root / "geotrack"
    manifest: dict[str, object] = {"group": f"_compiled__mypyc{EXT}", "modules": {}}
    for module in _build.COMPILED_MODULES:
        source = _build.source_path(module, package)
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# {module}\nX = 1\n", encoding="utf-8")
        source.with_name(source.stem + EXT).write_bytes(b"\x7fELF")
        manifest["modules"][module] = {  # type: ignore[index]
            "extension": source.stem + EXT, "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest()}
    (package / f"_compiled__mypyc{EXT}").write_bytes(b"\x7fELF")
    (package / _build.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return package


def test_a_current_build_is_used(tmp_path: Path) -> None:
    assert _build.decide(_fake_build(tmp_path)) == _build.BuildState(True, "")


def test_an_edited_source_makes_the_whole_build_pure(tmp_path: Path) -> None:
    package = _fake_build(tmp_path)
    with (package / "text" / "sentences.py").open("a", encoding="utf-8") as f:
        f.write("Y = 2\n")
    assert _build.decide(package) == _build.BuildState(
        False, "geotrack/text/sentences.py changed since the compiled modules were built "
               "(reinstall to rebuild them: pip install -e .)")


@pytest.mark.parametrize(("damage", "reason"), [
    ("no manifest", "compiled modules without their build manifest (_compiled.json): reinstall to rebuild them"),
    ("nothing built", "the compiled modules are not built (installed without a C compiler, or with GEOTRACK_PURE_PYTHON=1)"),
    ("no extension", f"the compiled geotrack.extract.matcher is missing (matcher{EXT}): reinstall"),
    ("no group", f"the compiled modules' library _compiled__mypyc{EXT} is missing: reinstall"),
    ("other python", "the compiled geotrack.text.arabic was built for another Python (arabic.cpython-399-x.so): "
                     "reinstall to rebuild"),
    ("bad manifest", "unreadable build manifest _compiled.json (Expecting value: line 1 column 1 (char 0)): reinstall to rebuild"),
])
def test_a_damaged_build_is_not_used_and_says_why(tmp_path: Path, damage: str, reason: str) -> None:
    package = _fake_build(tmp_path)
    manifest_path = package / _build.MANIFEST
    if damage in ("no manifest", "nothing built"):
        manifest_path.unlink()
    if damage == "nothing built":
        for so in package.rglob(f"*{EXT}"):
            so.unlink()
    if damage == "no extension":
        (package / "extract" / f"matcher{EXT}").unlink()
    if damage == "no group":
        (package / f"_compiled__mypyc{EXT}").unlink()
    if damage == "other python":
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        manifest["modules"]["geotrack.text.arabic"]["extension"] = "arabic.cpython-399-x.so"
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    if damage == "bad manifest":
        manifest_path.write_text("", encoding="utf-8")
    assert _build.decide(package) == _build.BuildState(False, reason)


def test_the_environment_forces_pure_python(tmp_path: Path) -> None:
    assert _build.decide(_fake_build(tmp_path), force_pure=True) == _build.BuildState(False, "GEOTRACK_PURE_PYTHON is set")
    assert _build.forced_pure({"GEOTRACK_PURE_PYTHON": "1"}) and _build.forced_pure({"GEOTRACK_PURE_PYTHON": "yes"})
    assert not _build.forced_pure({"GEOTRACK_PURE_PYTHON": "0"}) and not _build.forced_pure({"GEOTRACK_PURE_PYTHON": " "})
    assert not _build.forced_pure({})


# --- the real build, end to end ---------------------------------------------------------------------

@pytest.mark.compiled
def test_the_compiled_modules_run() -> None:
    """CI (``GEOTRACK_REQUIRE=compiled``) fails here when the install fell back to pure Python."""
    if not COMPILED_HERE:
        pytest.skip(f"the compiled modules do not run here: {select.why_pure()}")
    assert _build.state() == _build.BuildState(True, "")
    for module in _build.COMPILED_MODULES:
        assert importlib.import_module(module).__file__.endswith(EXT), module  # type: ignore[union-attr]
    assert select.why_pure() == ""


_PROBE = """
import logging, sys
import geotrack.extract.matcher as m, geotrack.text.normalize as n
from geotrack.extract import select
select.matcher_module(); select.matcher_module()  # the warning, once
print(select.implementation(), m.__file__.rsplit("/", 1)[-1], n.__file__.rsplit("/", 1)[-1], getattr(m, "EDITED", "-"))
"""


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(cwd), "GEOTRACK_GAZETTEER": str(get_settings().gazetteer_dir),
               "GEOTRACK_CONTEXT": str(get_settings().context_dir)}
    environ.pop("GEOTRACK_PURE_PYTHON", None)
    environ.update(env)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=120,
                          check=True)


@pytest.mark.compiled
@pytest.mark.slow
@needs_compiled
def test_an_edited_source_beside_its_compiled_module_runs_as_written(tmp_path: Path) -> None:
    """An editable install's tree: the extension of matcher.py sits beside it. Unedited, the compiled
    modules run; after an edit, the source runs (the new code: EDITED), all the modules pure, with one
    warning and the reason in ``--version``."""
    shutil.copytree(_build.PACKAGE_DIR, tmp_path / "geotrack", ignore=shutil.ignore_patterns("__pycache__"))
    done = _run(["-c", _PROBE], tmp_path)
    assert done.stdout.split() == ["compiled", f"matcher{EXT}", f"normalize{EXT}", "-"]
    assert "pure-Python" not in done.stderr

    with (tmp_path / "geotrack" / "extract" / "matcher.py").open("a", encoding="utf-8") as f:
        f.write("\nEDITED = 'yes'\n")
    done = _run(["-c", _PROBE], tmp_path)
    assert done.stdout.split() == ["pure-python", "matcher.py", "normalize.py", "yes"]
    reason = ("geotrack/extract/matcher.py changed since the compiled modules were built "
              "(reinstall to rebuild them: pip install -e .)")
    assert done.stderr.splitlines() == [f"running the pure-Python matcher, about 3x slower: {reason}"]
    version = _run(["-m", "geotrack", "--version"], tmp_path)
    assert version.stdout.strip().endswith(f"(matcher: pure-python: {reason})")


def test_pure_python_forced_by_the_environment(tmp_path: Path) -> None:
    done = _run(["-c", _PROBE], tmp_path, GEOTRACK_PURE_PYTHON="1")  # (tmp_path is empty: the installed package)
    assert done.stdout.split() == ["pure-python", "matcher.py", "normalize.py", "-"]
    assert done.stderr.splitlines() == ["running the pure-Python matcher, about 3x slower: GEOTRACK_PURE_PYTHON is set"]


def test_the_build_is_decided_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Setting GEOTRACK_PURE_PYTHON after geotrack was imported changes nothing: a matcher and the
    normalisation it takes always come from the same build."""
    before = select.implementation()
    monkeypatch.setenv(select.PURE_ENV, "1" if before == "compiled" else "0")
    assert select.implementation() == before
    assert select.matcher_module() is importlib.import_module("geotrack.extract.matcher")
    assert select.normalize_module() is importlib.import_module("geotrack.text.normalize")


def test_the_pure_modules_beside_the_compiled_ones_are_the_sources() -> None:
    pure = _build.pure_modules()
    for module in _build.COMPILED_MODULES:
        assert pure[module].__file__ == str(_build.source_path(module)), module
        assert (pure[module] is importlib.import_module(module)) == (not COMPILED_HERE)
    assert select._pure is pure["geotrack.extract.matcher"]
    assert select._pure_normalize is pure["geotrack.text.normalize"]
    import geotrack.text

    assert geotrack.text.normalize is sys.modules["geotrack.text.normalize"]  # the package attribute is put back


def test_compiled_and_pure_give_identical_mentions_and_terms() -> None:
    twins = select._compiled()
    if twins is None:
        pytest.skip("the compiled modules do not run here")
    pure, compiled = _matchers()
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


def _analysis_texts() -> list[str]:
    """Texts with candidates and relative positions: the labelled sets and sample phrases of both steps."""
    texts = _texts()
    for line in (DATA / "heldout_blind2.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            texts.append(json.loads(line)["text"])
    return [*texts,
            "Cargo flights reached Zarqoun air base, 40 km south of Sabha, and the airstrip at Qarat Nakhla.",
            "How Bir Zaltan air base grew: Niger's Agadez airport, Libya's Tallab airfield, about 30 miles NNE of Kufra.",
            "وصلت طائرات إلى قاعدة زرقون الجوية على بعد 30 كم شمال سبها، ثم إلى مطار الوطية وقاعدة بيانات.",
            "نحو مئة وخمسين كيلومترا جنوب غربي مدينة الكفرة، ومهبط بئر حكيم وقاعدة عقبة بن نافع.",
            "La base aérienne de Zarqoun, à 25 km au nord de Brak, et l'aéroport de Mitiga; -40 km north of Sirte."]


def _discovery_and_relative(text: str, builds: list[tuple[Any, Any]]) -> list[tuple[list[Any], ...]]:
    """What each build's discovery and relative positions give for ``text``, from the running extractor's
    mentions, places and cue words (as analysis calls them) and with the steps searching the text alone."""
    from geotrack.extract import extractor_for

    extractor = extractor_for(default_gazetteer())
    matcher = extractor.matcher
    norm, omap, raw = matcher.prepare(text)
    cues: dict[str, list[int]] = {}
    mentions, places = matcher.find_all(text, categories=frozenset({"place"}), norm=norm, omap=omap, raw=raw,
                                        cues=cues)
    skip = [p.surface for p in places]
    out = []
    for discovery, relative in builds:
        candidates = discovery.find_candidates(text, extractor.gazetteer, mentions, "d", skip_names=skip, norm=norm,
                                               omap=omap, context=extractor.context, cues=cues)
        alone = discovery.find_candidates(text, extractor.gazetteer, mentions, context=extractor.context)
        positions = relative.find_relative_positions(text, mentions, "d", norm=norm, omap=omap, cues=cues)
        out.append(([c.to_dict() for c in candidates], [c.to_dict() for c in alone],
                    [r.to_dict() for r in positions],
                    [r.to_dict() for r in relative.find_relative_positions(text, mentions)],
                    [discovery.clean_name(c.name, c.pattern, extractor.context) for c in candidates]))
    return out


def _pure_and_compiled_analysis() -> list[tuple[Any, Any]]:
    names = ("geotrack.extract.discovery", "geotrack.extract.relative")
    pure = _build.pure_modules()
    compiled = tuple(importlib.import_module(m) for m in names)
    assert all(m.__file__.endswith(EXT) for m in compiled)  # type: ignore[union-attr]
    return [(pure[names[0]], pure[names[1]]), compiled]


@needs_compiled
def test_compiled_and_pure_give_identical_candidates_and_relative_positions() -> None:
    builds = _pure_and_compiled_analysis()
    candidates = relative = 0
    for text in _analysis_texts():
        pure, compiled = _discovery_and_relative(text, builds)
        assert pure == compiled, text
        candidates += len(compiled[0])
        relative += len(compiled[2])
    assert candidates >= 10 and relative >= 10  # the texts exercise both steps


_ANALYSIS_WORDS = st.sampled_from([
    "قاعدة", "مطار", "المدرج", "ومهبط", "بئر", "حكيم", "تلاب", "حميميم", "الجوية", "the airstrip at", "air base",
    "Air Base", "airfield", "base aérienne de", "la piste d'", "Tallab", "al-Hamra", "Bir", "Zaltan", "Niger's",
    "Mitiga", "Kufra", "الكفرة", "سبها", "300", "٣٠٠", "1e+60", "-40", "سبعين", "مئة و", "km", "كم", "miles",
    "south", "north-west", "SSE", "of", "جنوب", "غربي", "من", "about", "نحو", "مدينة", "de", "au", "sud", "the town of"])
_ANALYSIS_GLUE = st.sampled_from([" ", " ", " ", "", "\n", "، ", ". ", "-", "ُ", "ـ", "'", "(12 miles) "])


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_ANALYSIS_WORDS, _ANALYSIS_GLUE), max_size=16).map(lambda p: "".join(w + g for w, g in p)))
def test_compiled_and_pure_analysis_agree_on_any_text(text: str) -> None:
    pure, compiled = _discovery_and_relative(text, _pure_and_compiled_analysis())
    assert pure == compiled


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


def test_foreign_places_equal_context_terms_built_the_ordinary_way() -> None:
    """The matcher builds the foreign places' ContextTerm objects without the dataclass __init__, as it builds
    mentions: they must be the same objects."""
    import dataclasses

    from geotrack.extract import analyse
    from geotrack.models import ContextTerm

    text = "Russian cargo planes flew from Hmeimim in Syria to al-Jufra air base, then on to Chad. وصلت طائرة من موسكو."
    places = analyse(text).places
    assert [(p.category, p.id, p.surface, p.start, p.end) for p in places] == [
        ("place", "base:hmeimim", "Hmeimim", 31, 38), ("place", "country:SY", "Syria", 42, 47),
        ("place", "country:TD", "Chad", 81, 85), ("place", "city:524901", "موسكو", 101, 106)]
    for p in places:
        twin = ContextTerm(**{f.name: getattr(p, f.name) for f in dataclasses.fields(ContextTerm)})
        assert p == twin and hash(p) == hash(twin) and repr(p) == repr(twin) and p.to_dict() == twin.to_dict()
        assert list(vars(p)) == list(vars(twin))  # the same fields, in the same order
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.start = 0  # type: ignore[misc]


@functools.lru_cache(maxsize=1)
def _matchers() -> list[Any]:
    """The pure matcher and, when it runs, the compiled one, over the default data (built once: a module
    of these tests runs in one process)."""
    twins = select._compiled()
    gaz = default_gazetteer()
    modules = [select._pure] + ([twins[0]] if twins else [])
    return [module.Matcher(gaz, default_context()) for module in modules]


@pytest.mark.parametrize("index", [0, 1], ids=["pure", "compiled"])
def test_the_garbage_collector_is_left_as_it_was(index: int) -> None:
    """find_all pauses the cyclic collector for its own run only: running before, running after; off
    (the caller's choice) stays off; and an error inside the call does not leave it off."""
    import gc

    matchers = _matchers()
    if index >= len(matchers):
        pytest.skip("the compiled modules do not run here")
    matcher = matchers[index]
    text = "Russian cargo planes landed at al-Jufra air base. وصلت طائرات إلى قاعدة الجفرة."
    was = gc.isenabled()
    try:
        gc.enable()
        assert [m.site_id for m in matcher.find(text)] == ["al-jufra", "al-jufra"]
        assert gc.isenabled()
        gc.disable()
        assert len(matcher.find(text)) == 2
        assert not gc.isenabled()
        gc.enable()
        with pytest.raises((TypeError, AttributeError)):
            matcher.find_all(text, norm=12345)
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
    modules = [select._pure] + ([select._compiled()[0]] if select._compiled() else [])  # type: ignore[index]
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
    modules = [_build.pure_modules()["geotrack.text.sentences"]]
    if COMPILED_HERE:
        modules.append(importlib.import_module("geotrack.text.sentences"))
    for module in modules:
        assert module.blank_line_after(text, pos) == after, (text, pos)
        assert module.blank_line_before(text, pos) == before, (text, pos)
