"""Ingest throughput against extraction alone, measured in the same run.

Generates ``--docs`` (default 20,000) mixed Arabic/English documents of ~3 KB with the gazetteer's own
names (``benchmarks/corpus.py``), writes them as JSON Lines exports of six outlets (ten files, with id,
url, title, date), then:

1. extraction alone: :func:`geotrack.extract` (site mentions only) over the same texts, in memory,
   for reference;
2. analysis alone: :func:`geotrack.analyse` (mentions, foreign places, candidates, relative
   positions), in memory: what ingest runs per document;
3. ingest: :func:`geotrack.ingest.ingest` of the folder into a fresh temporary database: reading,
   decoding, JSON parsing, metadata (language, source, date), analysis and storage in batches.

Prints documents/s and MB/s for all three and the ratio ingest / analysis alone, like with like
(required >= 0.6: the store must not be the bottleneck). Run: ``python benchmarks/ingest_throughput.py [--docs N]``.
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

from geotrack.extract import analyse, extract
from geotrack.gazetteer import default_gazetteer
from geotrack.ingest import ingest
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
    gaz.matcher  # noqa: B018  (build the automaton outside the timings)
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
                        "title": texts[i][:60], "published": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                        "text": texts[i],
                    }, ensure_ascii=False) + "\n")

        t0 = time.perf_counter()
        extracted = sum(len(extract(t, gaz)) for t in texts)
        extract_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        analyses = [analyse(t, gaz) for t in texts]
        analyse_s = time.perf_counter() - t0
        found = sum(len(a.mentions) for a in analyses)
        candidates = sum(len(a.candidates) for a in analyses)
        relative = sum(len(a.relative) for a in analyses)
        del analyses

        with Store.open(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            summary = ingest([str(folder)], store, gazetteer=gaz)
            ingest_s = time.perf_counter() - t0
            counts = store.counts()

    n = len(texts)
    assert summary.new == n == counts["documents"] and summary.failed == 0, summary
    assert summary.mentions == found == extracted == counts["mentions"], (summary.mentions, found, extracted)
    assert (summary.candidates, summary.relative) == (candidates, relative), summary
    ratio = analyse_s / ingest_s
    print(f"corpus: {n} documents, {mb:.1f} MB, {found} mentions, {candidates} candidates, {relative} relative"
          f" positions, {len(gaz)} sites")
    print(f"extraction alone (extract): {n / extract_s:8.0f} docs/s  {mb / extract_s:6.2f} MB/s  ({extract_s:.1f} s)")
    print(f"analysis alone (analyse):   {n / analyse_s:8.0f} docs/s  {mb / analyse_s:6.2f} MB/s  ({analyse_s:.1f} s)")
    print(f"ingest (read+decode+metadata+analyse+store): {n / ingest_s:8.0f} docs/s  {mb / ingest_s:6.2f} MB/s"
          f"  ({ingest_s:.1f} s)")
    print(f"ratio ingest / analysis alone: {ratio:.2f} (required >= {REQUIRED_RATIO});"
          f" ingest / extraction alone: {extract_s / ingest_s:.2f} (for reference)")
    return 0 if ratio >= REQUIRED_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
