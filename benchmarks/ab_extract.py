"""A/B of two versions of the compiled extractor, in one process: for changes worth a few percent.

The development VM's speed drifts by up to 40% within minutes, so two benchmark runs made one after the
other cannot tell a 3% change from noise. This script builds the extractor's hot modules (``geotrack._build.COMPILED_MODULES``: ``arabic``,
``normalize``, ``sentences``, ``matcher``, ``discovery``, ``relative``) of two git revisions (or of the working tree) as separately
named modules (``a_matcher``, ``b_matcher`` ...), compiled with mypyc as ``hatch_build.py`` compiles the
package's own, loads both in one process with the same gazetteer, and times ``Matcher.find`` over the same generated corpus in many short alternating
rounds. It prints the median and quartiles of the per-round time ratios, and checks that both versions
find the same mentions.

Usage::

    python benchmarks/ab_extract.py BASE [OTHER] [--rounds 100] [--mb 0.5] [--pure]

BASE and OTHER are git revisions (``HEAD``, ``e13bfea`` ...) from the text layer on (3c8fcad); OTHER
defaults to the working tree.
``--pure`` compares the pure-Python modules instead (no compiler needed). A ratio above 1 means OTHER
is faster. Needs mypy (for mypyc), setuptools and a C compiler, like the install does.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from geotrack._build import COMPILED_MODULES  # noqa: E402  (the modules the build compiles: one list)

#: short name (``normalize``) → dotted name (``geotrack.text.normalize``)
MODULES = {m.rpartition(".")[2]: m for m in COMPILED_MODULES}


def _source(rev: str | None, module: str) -> str:
    path = MODULES[module].replace(".", "/") + ".py"
    if rev is None:
        return (ROOT / path).read_text(encoding="utf-8")
    return subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout


def build(name: str, rev: str | None, out: Path, *, compiled: bool) -> None:
    """Write ``<name>_normalize.py`` ... into ``out`` (imports renamed) and, if ``compiled``, compile them
    with mypyc into extension modules there."""
    work = Path(tempfile.mkdtemp(prefix=f"ab-{name}-"))
    for module in MODULES:
        text = _source(rev, module)
        for other in MODULES:
            text = text.replace(f"from {MODULES[other]} import", f"from {name}_{other} import")
        (work / f"{name}_{module}.py").write_text(text, encoding="utf-8")
    if compiled:
        from mypyc.build import mypycify
        from setuptools import Distribution
        from setuptools.command.build_ext import build_ext

        cwd = os.getcwd()
        os.chdir(work)
        try:
            # (the renamed copies are outside the package, where pyproject.toml's mypy settings do not reach: its
            # ignore_missing_imports for untyped dependencies such as geopy is given on the command line)
            extensions = mypycify(["--ignore-missing-imports", *(f"{name}_{m}.py" for m in MODULES)], opt_level="3",
                                  group_name=f"{name}_group")
            cmd = build_ext(Distribution({"name": name, "ext_modules": extensions}))
            cmd.inplace = True
            cmd.ensure_finalized()
            cmd.run()
        finally:
            os.chdir(cwd)
        for so in work.glob("*.so"):
            (out / so.name).write_bytes(so.read_bytes())
    else:
        for py in work.glob("*.py"):
            (out / py.name).write_bytes(py.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="git revision of the reference version")
    parser.add_argument("other", nargs="?", default=None, help="git revision to compare (default: working tree)")
    parser.add_argument("--rounds", type=int, default=100, help="alternating rounds (default 100)")
    parser.add_argument("--mb", type=float, default=0.5, help="corpus size per round in MB (default 0.5)")
    parser.add_argument("--pure", action="store_true", help="compare the pure-Python modules")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from corpus import generate

    from geotrack.context import default_context
    from geotrack.gazetteer import default_gazetteer

    out = Path(tempfile.mkdtemp(prefix="ab-modules-"))
    names = ("a", "b")
    for name, rev in zip(names, (args.base, args.other), strict=True):
        build(name, rev, out, compiled=not args.pure)
    sys.path.insert(0, str(out))
    gazetteer, context = default_gazetteer(), default_context()
    matchers = {name: importlib.import_module(f"{name}_matcher").Matcher(gazetteer, context) for name in names}
    docs = list(generate(gazetteer, int(args.mb * 1_000_000)))
    size = sum(len(d.encode("utf-8")) for d in docs)

    times: dict[str, list[float]] = {name: [] for name in names}
    found: dict[str, int] = {}
    for round_ in range(args.rounds):
        for name in names if round_ % 2 == 0 else names[::-1]:
            find = matchers[name].find
            start = time.process_time()
            found[name] = sum(len(find(d)) for d in docs)
            times[name].append(time.process_time() - start)
    ratios = [a / b for a, b in zip(times["a"], times["b"], strict=True)]
    q1, median, q3 = statistics.quantiles(ratios, n=4)
    label_b = args.other or "working tree"
    print(f"{'pure Python' if args.pure else 'compiled'}; {len(docs)} documents, {size / 1e6:.1f} MB per round, "
          f"{args.rounds} rounds")
    print(f"A {args.base}: best {size / min(times['a']) / 1e6:.1f} MB/s, {found['a']} mentions")
    print(f"B {label_b}: best {size / min(times['b']) / 1e6:.1f} MB/s, {found['b']} mentions")
    print(f"time A / time B: median {median:.3f} (quartiles {q1:.3f}-{q3:.3f}); above 1: B is faster")
    if found["a"] != found["b"]:
        print("warning: the two versions find different numbers of mentions")


if __name__ == "__main__":
    main()
