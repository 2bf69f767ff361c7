"""Ingest throughput against extraction alone, measured in the same run.

Generates ``--docs`` (default 20,000) mixed Arabic/English documents of ~3 KB with the gazetteer's own
names (``benchmarks/corpus.py``), writes them as JSON Lines exports of six outlets (ten files, with id,
url, title, date), then:

1. extraction alone: :func:`geotrack.extract` (site mentions only) over the same texts, in memory,
   for reference;
2. analysis alone: :func:`geotrack.analyse` (mentions, foreign places, candidates, relative
   positions), in memory: what ingest runs per document;
3. ingest: :func:`geotrack.pipeline.ingest` of the folder into a fresh temporary database: reading,
   decoding, JSON parsing, metadata (language, source, date), analysis and storage in batches.

The three are measured file by file in paired rounds (analysis and ingest of the same file one after the
other, in alternating order, the database growing as in one long ingest), because the machine's speed
drifts within minutes. Prints documents/s and MB/s for all three (totals) and the ratio ingest /
analysis alone (median of the rounds' ratios), like with like (required >= 0.6: the store must not be
the bottleneck). Run: ``python benchmarks/ingest_throughput.py [--docs N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from geotrack.extract import analyse, extract, extractor_for
from geotrack.extract.select import implementation
from geotrack.gazetteer import default_gazetteer
from geotrack.pipeline import ingest
from geotrack.store import Store

OUTLETS = ("Sahel Monitor", "North Africa Wire", "Libya Desk Review", "الرصد الليبي", "النبأ المغاربي",
           "بوابة الصحراء")
FILES = 10
REQUIRED_RATIO = 0.6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000, help="number of documents (default 20,000)")
    args = parser.parse_args()

    gaz = default_gazetteer()
    extractor_for(gaz).matcher  # noqa: B018  (build the automaton outside the timings)
    texts = []
    for text in generate(gaz, total_bytes=10**12, doc_bytes=3000):
        texts.append(text)
        if len(texts) == args.docs:
            break
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    with tempfile.TemporaryDirectory(prefix="geotrack-bench-") as tmp:
        folder = Path(tmp) / "exports"
        folder.mkdir()
        per_file = -(-len(texts) // FILES)
        for f in range(FILES):
            with (folder / f"export-{f:02d}.jsonl").open("w", encoding="utf-8") as fh:
                for i in range(f * per_file, min(len(texts), (f + 1) * per_file)):
                    outlet = OUTLETS[i % len(OUTLETS)]
                    fh.write(json.dumps({
                        "id": f"doc-{i}", "source": outlet, "url": f"https://outlet{i % len(OUTLETS)}.example/{i}",
                        "title": texts[i][:60], "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "text": texts[i],
                    }, ensure_ascii=False) + "\n")

        files = sorted(folder.glob("export-*.jsonl"))
        chunks = [texts[f * per_file:(f + 1) * per_file] for f in range(len(files))]
        # Paired rounds, one per export file: extraction and analysis of the file's texts in memory, and
        # ingest of the file into the same growing database, in alternating order. The machine's speed
        # drifts by tens of per cent within minutes; the ratio of a pair does not.
        extract_s = analyse_s = ingest_s = 0.0
        extracted = found = candidates = relative = 0
        ratios: list[float] = []
        with Store.open(Path(tmp) / "bench.db") as store:
            new = failed = stored_mentions = stored_candidates = stored_relative = 0
            for r, (path, chunk) in enumerate(zip(files, chunks, strict=True)):
                t0 = time.perf_counter()
                extracted += sum(len(extract(t, gaz)) for t in chunk)
                extract_s += time.perf_counter() - t0
                times: dict[str, float] = {}
                for which in (("analyse", "ingest") if r % 2 == 0 else ("ingest", "analyse")):
                    t0 = time.perf_counter()
                    if which == "analyse":
                        for t in chunk:
                            a = analyse(t, gaz)
                            found += len(a.mentions)
                            candidates += len(a.candidates)
                            relative += len(a.relative)
                    else:
                        summary = ingest([str(path)], store, gazetteer=gaz)
                        new += summary.new
                        failed += summary.failed
                        stored_mentions += summary.mentions
                        stored_candidates += summary.candidates
                        stored_relative += summary.relative
                    times[which] = time.perf_counter() - t0
                analyse_s += times["analyse"]
                ingest_s += times["ingest"]
                ratios.append(times["analyse"] / times["ingest"])
            counts = store.counts()
    n = len(texts)
    assert new == n == counts["documents"] and failed == 0, (new, failed, counts)
    assert stored_mentions == found == extracted == counts["mentions"], (stored_mentions, found, extracted)
    assert (stored_candidates, stored_relative) == (candidates, relative)
    ratios.sort()
    ratio = ratios[len(ratios) // 2]
    print(f"corpus: {n} documents, {mb:.1f} MB, {found} mentions, {candidates} candidates, {relative} relative"
          f" positions, {len(gaz)} sites; matcher: {implementation()}")
    print(f"extraction alone (extract): {n / extract_s:8.0f} docs/s  {mb / extract_s:6.2f} MB/s  ({extract_s:.1f} s)")
    print(f"analysis alone (analyse):   {n / analyse_s:8.0f} docs/s  {mb / analyse_s:6.2f} MB/s  ({analyse_s:.1f} s)")
    print(f"ingest (read+decode+metadata+analyse+store): {n / ingest_s:8.0f} docs/s  {mb / ingest_s:6.2f} MB/s"
          f"  ({ingest_s:.1f} s)")
    print(f"ratio ingest / analysis alone: {ratio:.2f} (median of {len(ratios)} paired rounds, range"
          f" {ratios[0]:.2f}-{ratios[-1]:.2f}; required >= {REQUIRED_RATIO}); ingest / extraction alone:"
          f" {extract_s / ingest_s:.2f} (for reference)")
    return 0 if ratio >= REQUIRED_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
