"""Throughput of ``geotrack.extract`` against a bare floor, measured in the same run.

Generates a >= 20 MB mixed Arabic/English corpus of ~3 KB documents and prints, for one core:

* ``extract``: MB/s and documents/s of ``geotrack.extract`` (boundaries, prefixes, context, offsets);
* ``floor``: MB/s of normalising each document (with the normalisation extract uses, compiled or not) and
  scanning it once with a pyahocorasick automaton over the same normalised spellings as extract's
  automaton (sites, actors, activities), with no boundary or context logic;
* their ratio. Required: extract >= 20 MB/s and ratio >= 0.4 (issue 14 asks ratio >= 0.5);
* ``analyse``: MB/s of ``geotrack.extract.analyse`` (mentions, foreign places, unknown-base candidates,
  relative positions: what ingest runs per document) and the ratio analyse / extract, from the same
  paired rounds (issue 15 asks >= 0.6).

Times are CPU time of this process (``time.process_time``): MB/s per core, and stable when other
processes share the machine. MB/s figures are the best of ``--repeat`` rounds; the ratio is the median of
the rounds' ratios, each from a floor run and an extract run made one after the other.

The first line says which matcher runs: the mypyc-compiled twin (the default install, see
``hatch_build.py``) or the pure-Python module (``GEOTRACK_PURE_PYTHON=1``).

Usage: python benchmarks/extract_throughput.py [--mb 20] [--repeat 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import ahocorasick

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from geotrack.extract import analyse, extract, extractor_for
from geotrack.extract.select import implementation, normalize_module
from geotrack.gazetteer import default_gazetteer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--repeat", type=int, default=7, help="paired rounds of floor, extract, analyse (default 7)")
    args = parser.parse_args()

    gaz = default_gazetteer()
    normalize = normalize_module().normalize  # the same normalisation as extract uses (compiled or pure)
    matcher = extractor_for(gaz).matcher  # build once, outside the timings
    docs = list(generate(gaz, int(args.mb * 1_000_000)))
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000

    floor_auto = ahocorasick.Automaton()
    for key in matcher.patterns:  # the same normalised spellings
        floor_auto.add_word(key, len(key))
    floor_auto.make_automaton()

    def run_floor() -> int:
        hits = 0
        for d in docs:
            for _ in floor_auto.iter(normalize(d)):
                hits += 1
        return hits

    def run_extract() -> int:
        return sum(len(extract(d)) for d in docs)

    def run_analyse() -> int:
        return sum(len(analyse(d).mentions) for d in docs)

    best_floor = best_extract = best_analyse = float("inf")
    floor_hits = mentions = analysed = 0
    ratios: list[float] = []
    analyse_ratios: list[float] = []
    for round_ in range(args.repeat):
        # alternate the order, and pair each extract run with the floor run beside it: the ratio of a pair
        # is robust to the machine speeding up or slowing down between rounds
        order = ("floor", "extract", "analyse") if round_ % 2 == 0 else ("analyse", "extract", "floor")
        times: dict[str, float] = {}
        for which in order:
            t = time.process_time()
            if which == "floor":
                floor_hits = run_floor()
            elif which == "extract":
                mentions = run_extract()
            else:
                analysed = run_analyse()
            times[which] = time.process_time() - t
        best_floor = min(best_floor, times["floor"])
        best_extract = min(best_extract, times["extract"])
        best_analyse = min(best_analyse, times["analyse"])
        ratios.append(times["floor"] / times["extract"])
        analyse_ratios.append(times["extract"] / times["analyse"])
    assert analysed == mentions, (analysed, mentions)
    ratios.sort()
    ratio = ratios[len(ratios) // 2]
    analyse_ratios.sort()
    analyse_ratio = analyse_ratios[len(analyse_ratios) // 2]

    ex_mbs, floor_mbs = mb / best_extract, mb / best_floor
    print(f"matcher: {implementation()} (GEOTRACK_PURE_PYTHON=1 for the pure-Python module)")
    print(f"corpus: {len(docs)} documents, {mb:.1f} MB (half Arabic, half English), {matcher.pattern_count} patterns,"
          f" {mentions / (mb * 1000):.1f} mentions per KB")
    print(f"floor   (normalise + 1 scan):   {floor_mbs:6.1f} MB/s  {len(docs) / best_floor:8.0f} docs/s  {floor_hits} raw hits")
    print(f"extract (geotrack.extract):     {ex_mbs:6.1f} MB/s  {len(docs) / best_extract:8.0f} docs/s  {mentions} mentions")
    print(f"ratio extract/floor: {ratio:.2f} (median of {len(ratios)} paired rounds, range {ratios[0]:.2f}-{ratios[-1]:.2f})"
          "   required: >= 20 MB/s and ratio >= 0.4; issue 14 asks >= 0.5")
    print(f"analyse (geotrack.extract.analyse): {mb / best_analyse:6.1f} MB/s  {len(docs) / best_analyse:8.0f} docs/s")
    print(f"ratio analyse/extract: {analyse_ratio:.2f} (median of {len(analyse_ratios)} paired rounds, range"
          f" {analyse_ratios[0]:.2f}-{analyse_ratios[-1]:.2f})   issue 15 asks >= 0.6")


if __name__ == "__main__":
    main()
