"""Ingest throughput against extraction alone, measured in the same run.

Generates ``--docs`` (default 20,000) mixed Arabic/English documents of ~3 KB with the gazetteer's own
names (``benchmarks/corpus.py``), writes them as JSON Lines exports of six outlets (ten files, with id,
url, title, date), then:

1. extraction alone: :func:`geotrack.extract` (site mentions only) over the same texts, in memory,
   for reference;
2. analysis alone: :func:`geotrack.analyse` (mentions, foreign places, candidates, relative
   positions), in memory: what ingest runs per document;
3. ingest: :func:`geotrack.pipeline.ingest` of the folder into a fresh temporary database: reading,
   decoding, JSON parsing, metadata (language, source, date), analysis and storage in batches, with one
   analysis worker and with ``--workers`` (default 2) worker processes, each into its own database.

All are measured file by file in paired rounds (the database growing as in one long ingest), because the
machine's speed drifts within minutes. Prints documents/s and MB/s for each and the medians of the rounds'
ratios against issue 15's targets: analyse >= 0.6 of extract, one-worker ingest >= 0.5 of analyse, two-worker
ingest >= 1.6 x one-worker ingest (exit 1 if one is missed). Run: ``python benchmarks/ingest_throughput.py [--docs N] [--workers N]``.

With ``--db postgresql://USER@HOST/DB`` it measures the store backends instead (issue 16): in paired rounds,
one per export file, ingest (one analysis worker) into a SQLite file against ingest into a fresh PostGIS
database created on that server for the run (and dropped after; the role needs CREATEDB), and the storage
alone (``Store.add_rows`` of documents analysed beforehand, in batches of 200) on each backend. Prints
the medians of the PostGIS/SQLite ratios; target: ingest >= 0.8 (exit 1 if missed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate
from cpu import children_cpu, idle_seconds

from geotrack.extract import analyse, extract, extractor_for
from geotrack.extract.select import implementation
from geotrack.gazetteer import default_gazetteer
from geotrack.models import Document
from geotrack.pipeline import ingest, usable_cores
from geotrack.store import Store, document_rows

OUTLETS = ("Sahel Monitor", "North Africa Wire", "Libya Desk Review", "الرصد الليبي", "النبأ المغاربي",
           "بوابة الصحراء")
FILES = 10
#: Targets of issue 15: analysis >= 0.6 of extraction alone (the extractor's), one-worker ingest >= 0.5 of
#: analysis alone, two-worker ingest >= 1.6 x one-worker ingest.
ANALYSE_REQUIRED = 0.6
REQUIRED_RATIO = 0.5
WORKERS_REQUIRED = 1.6
#: Target of issue 16: ingest into PostGIS >= 0.8 x ingest into SQLite.
POSTGIS_REQUIRED = 0.8


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000, help="number of documents (default 20,000)")
    parser.add_argument("--workers", type=int, default=2, help="analysis workers of the second ingest (default 2)")
    parser.add_argument("--db", help="postgresql://... URL of a server: compare ingest into PostGIS with SQLite")
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
        if args.db:
            return compare_backends(args.db, Path(tmp), files, chunks, mb)
        # Paired rounds, one per export file: extraction of the file's texts in memory, then analysis in
        # memory, ingest with one analysis worker and ingest with two (each into its own growing
        # database), in an order that rotates from round to round. The machine's speed drifts by tens of
        # per cent within minutes; the ratio of a round's pair does not.
        seconds = {"extract": 0.0, "analyse": 0.0, "ingest1": 0.0, "ingest2": 0.0}
        extracted = found = candidates = relative = 0
        ratios: dict[str, list[float]] = {"analyse/extract": [], "ingest1/analyse": [], "ingest2/ingest1": []}
        stored = {"ingest1": [0, 0, 0, 0, 0], "ingest2": [0, 0, 0, 0, 0]}
        # CPU seconds: this process, its children (analysis workers, store writer)
        cpu = {"extract": [0.0, 0.0], "analyse": [0.0, 0.0], "ingest1": [0.0, 0.0], "ingest2": [0.0, 0.0]}
        with Store.open(Path(tmp) / "one.db") as one, Store.open(Path(tmp) / "two.db") as two:
            stores = {"ingest1": (one, 1), "ingest2": (two, args.workers)}
            order = ["analyse", "ingest1", "ingest2"]
            for r, (path, chunk) in enumerate(zip(files, chunks, strict=True)):
                times: dict[str, float] = {}
                t0, c0 = time.perf_counter(), time.process_time()
                extracted += sum(len(extract(t, gaz)) for t in chunk)
                times["extract"] = time.perf_counter() - t0
                cpu["extract"][0] += time.process_time() - c0
                for which in order[r % 3:] + order[:r % 3]:
                    t0 = time.perf_counter()
                    if which == "analyse":
                        c0 = time.process_time()
                        for t in chunk:
                            a = analyse(t, gaz)
                            found += len(a.mentions)
                            candidates += len(a.candidates)
                            relative += len(a.relative)
                        cpu["analyse"][0] += time.process_time() - c0
                    else:
                        store, workers = stores[which]
                        kids0 = children_cpu()
                        c0 = time.process_time()
                        summary = ingest([str(path)], store, gazetteer=gaz, workers=workers)
                        # CPU of this process, and of its children (analysis workers, store writer: reaped
                        # when the ingest ends)
                        cpu[which][0] += time.process_time() - c0
                        cpu[which][1] += children_cpu() - kids0
                        for i, v in enumerate((summary.new, summary.failed, summary.mentions, summary.candidates,
                                               summary.relative)):
                            stored[which][i] += v
                    times[which] = time.perf_counter() - t0
                for key in seconds:
                    seconds[key] += times[key]
                for name in ratios:
                    fast, slow = name.split("/")
                    ratios[name].append(times[slow] / times[fast])
            counts = [one.counts(), two.counts()]
    n = len(texts)
    for which, c in zip(("ingest1", "ingest2"), counts, strict=True):
        new, failed, mentions, cands, rel = stored[which]
        assert new == n == c["documents"] and failed == 0, (which, new, failed, c)
        assert mentions == found == extracted == c["mentions"], (which, mentions, found, extracted)
        assert (cands, rel) == (candidates, relative), which
    print(f"corpus: {n} documents, {mb:.1f} MB, {found} mentions, {candidates} candidates, {relative} relative"
          f" positions, {len(gaz)} sites; matcher: {implementation()}; cores: {usable_cores()},"
          f" load average {os.getloadavg()[0]:.1f} at the end")
    for key, label in (("extract", "extraction alone (extract)"), ("analyse", "analysis alone (analyse)"),
                       ("ingest1", "ingest, 1 analysis worker"), ("ingest2", f"ingest, {args.workers} analysis workers")):
        print(f"{label:32s} {n / seconds[key]:8.0f} docs/s  {mb / seconds[key]:6.2f} MB/s  ({seconds[key]:.1f} s)")
    cores = usable_cores()
    for which in ("ingest1", "ingest2"):
        main_cpu, children = cpu[which]
        print(f"CPU of {which}: {main_cpu:.1f} s in the reading process, {children:.1f} s in its children"
              f" (analysis workers, store writer): {1000 * (main_cpu + children) / n:.2f} ms per document")
    # The ratios the CPU measured allows on an idle machine of this many cores, which the machine's load
    # hardly moves (unlike the wall-clock ratios below: the machine is shared). An ingest cannot be faster
    # than its busiest process (the reading process; with one worker the writer runs beside it) nor than
    # its total CPU spread over the cores.
    idle = {which: idle_seconds(main_cpu, children, cores) for which, (main_cpu, children) in cpu.items()}
    print("ratios from the CPU measured, on idle cores: " + ", ".join(
        f"{name} {idle[name.split('/')[1]] / idle[name.split('/')[0]]:.2f}"
        for name in ("analyse/extract", "ingest1/analyse", "ingest2/ingest1")))
    ok = True
    for name, required in (("analyse/extract", ANALYSE_REQUIRED), ("ingest1/analyse", REQUIRED_RATIO),
                           ("ingest2/ingest1", WORKERS_REQUIRED)):
        values = sorted(ratios[name])
        median = values[len(values) // 2]
        ok = ok and median >= required
        print(f"ratio {name}: {median:.2f} (median of {len(values)} paired rounds, range {values[0]:.2f}-{values[-1]:.2f};"
              f" target >= {required})")
    return 0 if ok else 1



@contextmanager
def _fresh_databases(url: str, n: int) -> Iterator[list[str]]:
    """``n`` new databases on the server of ``url`` (dropped afterwards), as URLs."""
    import psycopg

    from geotrack.store.postgis import mask_url, normalise_url

    url = normalise_url(url)
    names = [f"geotrack_bench_{os.getpid()}_{i}" for i in range(n)]
    parts = urlsplit(url)
    with psycopg.connect(url, autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        print(f"databases {', '.join(names)} created on the server of {mask_url(url)}")
        try:
            yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
        finally:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def compare_backends(url: str, tmp: Path, files: list[Path], chunks: list[list[str]], mb: float) -> int:
    """Ingest and storage alone into SQLite and into PostGIS, in paired rounds; the medians of the ratios."""
    gaz = default_gazetteer()
    n = sum(len(c) for c in chunks)
    seconds = {"ingest sqlite": 0.0, "ingest postgis": 0.0, "store sqlite": 0.0, "store postgis": 0.0}
    ratios: dict[str, list[float]] = {"ingest": [], "store": []}
    with _fresh_databases(url, 2) as (pg_ingest, pg_store), \
            Store.open(tmp / "ingest.db") as s_ingest, Store.open(pg_ingest) as p_ingest, \
            Store.open(tmp / "store.db") as s_store, Store.open(pg_store) as p_store:
        stores = {"ingest sqlite": s_ingest, "ingest postgis": p_ingest, "store sqlite": s_store,
                  "store postgis": p_store}
        for r, (path, chunk) in enumerate(zip(files, chunks, strict=True)):
            with path.open(encoding="utf-8") as fh:
                records = [json.loads(line) for line in fh]
            analysed = [document_rows(Document(id=rec["id"], text=rec["text"], source=rec["source"], url=rec["url"],
                                               title=rec["title"], published=rec["published"]), analyse(rec["text"], gaz))
                        for rec in records]
            assert len(analysed) == len(chunk)
            times: dict[str, float] = {}
            for which in (list(seconds) if r % 2 == 0 else list(reversed(seconds))):
                store = stores[which]
                t0 = time.perf_counter()
                if which.startswith("ingest"):
                    ingest([str(path)], store, gazetteer=gaz, workers=1)
                else:
                    for i in range(0, len(analysed), 200):
                        store.add_rows(analysed[i:i + 200], gaz.version)
                times[which] = time.perf_counter() - t0
            for key in seconds:
                seconds[key] += times[key]
            for name in ratios:
                ratios[name].append(times[f"{name} sqlite"] / times[f"{name} postgis"])
        counts = {which: store.counts() for which, store in stores.items()}
    first = next(iter(counts.values()))
    assert all(c == first for c in counts.values()) and first["documents"] == n, counts
    print(f"corpus: {n} documents, {mb:.1f} MB, {first['mentions']} mentions; matcher: {implementation()};"
          f" load average {os.getloadavg()[0]:.1f} at the end")
    for key, secs in seconds.items():
        print(f"{key:16s} {n / secs:8.0f} docs/s  {mb / secs:6.2f} MB/s  ({secs:.1f} s)")
    ok = True
    for name, required in (("ingest", POSTGIS_REQUIRED), ("store", None)):
        values = sorted(ratios[name])
        median = values[len(values) // 2]
        target = f"target >= {required}" if required else "for information"
        ok = ok and (required is None or median >= required)
        print(f"ratio {name} postgis/sqlite: {median:.2f} (median of {len(values)} paired rounds,"
              f" range {values[0]:.2f}-{values[-1]:.2f}; {target})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
