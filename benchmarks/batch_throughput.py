"""``geotrack batch`` on a local Dask cluster against one-process ingest of the same input, in one run.

Generates ``--docs`` (default 200,000) mixed Arabic/English documents of ~3 KB with the gazetteer's own
names (``benchmarks/corpus.py``) and writes them as input shards: JSON Lines exports (six outlets, id, url,
title, date) and WARC.gz archives of HTML pages (``--warc-share`` of the documents, default 0.02, 250 pages a file: each page
goes through the HTML article extractor, which costs far more per document than a JSON line). The input is
cut in two parts, a quarter and three quarters of the documents. For each part, in alternating order:

1. one-process ingest: :func:`geotrack.pipeline.ingest` with one analysis worker (and its store writer)
   into a fresh database;
2. batch: :func:`geotrack.batch.run_batch` with a fresh local cluster of ``--workers`` (default 2) worker
   processes (its start-up and shutdown counted), shards of ``--shard-mb`` MB, into a fresh database.

Checks that both stores hold the same documents and mentions, and prints documents/s of both, the ratio
batch / ingest for each part and their median (target >= 1.5), and the peak memory of each worker in each
part: with three times the input, a worker's peak must stay the same (bounded by the shard size, not the
input). Run: ``python benchmarks/batch_throughput.py [--docs N] [--workers N] [--shard-mb MB]``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate
from cpu import children_cpu, idle_seconds

from geotrack.batch import run_batch
from geotrack.extract import extractor_for
from geotrack.gazetteer import default_gazetteer
from geotrack.pipeline import ingest, usable_cores
from geotrack.store import Store

OUTLETS = ("Sahel Monitor", "North Africa Wire", "Libya Desk Review", "الرصد الليبي", "النبأ المغاربي",
           "بوابة الصحراء")
REQUIRED = 1.5
DOCS_PER_FILE = 10_000
#: HTML pages per WARC.gz file (many files: one shard each, spread over the workers)
PAGES_PER_WARC = 250


def _page(title: str, text: str, published: str) -> bytes:
    from html import escape

    body = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body><article>"
            f"<h1>{escape(title)}</h1>{body}</article></body></html>").encode()


def write_inputs(folder: Path, texts: list[str], first: int, warc_share: float) -> int:
    """JSON Lines and WARC.gz files of ``texts`` (ids from ``first``); returns the number of files."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir(parents=True)
    n_warc = int(len(texts) * warc_share)
    files = 0
    for start in range(0, len(texts), DOCS_PER_FILE):
        part = range(start, min(len(texts), start + DOCS_PER_FILE))
        warc = [i for i in part if i < n_warc]
        jsonl = [i for i in part if i >= n_warc]
        for w in range(0, len(warc), PAGES_PER_WARC):
            with (folder / f"crawl-{start + w:07d}.warc.gz").open("wb") as fh:
                writer = WARCWriter(fh, gzip=True)
                for i in warc[w:w + PAGES_PER_WARC]:
                    k = first + i
                    body = _page(texts[i][:60], texts[i], f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}T08:00:00Z")
                    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                                          ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
                    writer.write_record(writer.create_warc_record(
                        f"https://outlet{k % len(OUTLETS)}.example/{k}", "response", payload=io.BytesIO(body),
                        http_headers=headers, warc_headers_dict={"WARC-Date": "2025-12-01T00:00:00Z"}))
            files += 1
        if jsonl:
            with (folder / f"export-{start:07d}.jsonl").open("w", encoding="utf-8") as fh:
                for i in jsonl:
                    k = first + i
                    fh.write(json.dumps({
                        "id": f"doc-{k}", "source": OUTLETS[k % len(OUTLETS)], "url": f"https://outlet{k % len(OUTLETS)}.example/{k}",
                        "title": texts[i][:60], "published": f"2025-{1 + k % 12:02d}-{1 + k % 28:02d}", "text": texts[i],
                    }, ensure_ascii=False) + "\n")
            files += 1
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=200_000, help="number of documents (default 200,000)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the local cluster (default 2)")
    parser.add_argument("--shard-mb", type=float, default=8.0, help="JSON Lines shard size in MB (default 8)")
    parser.add_argument("--warc-share", type=float, default=0.02, help="share of the documents in WARC.gz (default 0.02)")
    args = parser.parse_args()

    gaz = default_gazetteer()
    # the automaton is built once here, outside the timings: else the first ingest would count its
    # construction (the cluster's workers build theirs in each part, which the batch's time includes)
    extractor_for(gaz).matcher  # noqa: B018
    texts = []
    for text in generate(gaz, total_bytes=10**13, doc_bytes=3000):
        texts.append(text)
        if len(texts) == args.docs:
            break
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    cut = len(texts) // 4
    parts = [texts[:cut], texts[cut:]]
    rows = []
    with tempfile.TemporaryDirectory(prefix="geotrack-batch-bench-") as tmp:
        for r, part in enumerate(parts):
            folder = Path(tmp) / f"part{r}"
            nfiles = write_inputs(folder / "in", part, 0 if r == 0 else cut, args.warc_share)
            times: dict[str, float] = {}
            cpus: dict[str, tuple[float, float]] = {}
            contents: dict[str, tuple[dict[str, int], int]] = {}
            peaks: tuple[int, ...] = ()
            for which in (("ingest", "batch") if r % 2 == 0 else ("batch", "ingest")):
                with Store.open(folder / f"{which}.db") as store:
                    t0, c0, k0 = time.perf_counter(), time.process_time(), children_cpu()
                    if which == "ingest":
                        summary = ingest([str(folder / "in")], store, gazetteer=gaz, workers=1)
                        read, failed = summary.read, summary.failed
                    else:
                        bs = run_batch([str(folder / "in")], folder / "shards", store, workers=args.workers,
                                       shard_bytes=int(args.shard_mb * 1e6))
                        read, failed, peaks = bs.read, bs.failed, bs.worker_peak_memory
                    times[which] = time.perf_counter() - t0
                    # CPU of this process and of its children (the writer; the cluster's nannies and the
                    # worker processes they wait for), all ended by now
                    cpus[which] = (time.process_time() - c0, children_cpu() - k0)
                    contents[which] = (store.counts(), read)
                    assert read == len(part) and failed == 0, (which, read, failed)
            assert contents["ingest"] == contents["batch"], contents
            rows.append((len(part), nfiles, times["ingest"], times["batch"], peaks, contents["ingest"][0]["mentions"], cpus))
    print(f"corpus: {len(texts)} documents, {mb:.0f} MB ({args.warc_share:.0%} as HTML pages in WARC.gz), {len(gaz)} sites;"
          f" local cluster of {args.workers} worker processes, shards of {args.shard_mb} MB; load average"
          f" {os.getloadavg()[0]:.1f} at the end; {os.cpu_count()} cores")
    ratios = []
    cores = usable_cores()
    for n, nfiles, t_ingest, t_batch, peaks, mentions, cpus in rows:
        ratio = t_ingest / t_batch
        ratios.append(ratio)
        print(f"part of {n:7d} documents in {nfiles} files ({mentions} mentions): ingest {n / t_ingest:7.0f} docs/s"
              f" ({t_ingest:.1f} s), batch {n / t_batch:7.0f} docs/s ({t_batch:.1f} s), batch/ingest {ratio:.2f};"
              f" peak memory per worker: {', '.join(f'{p / 1e6:.0f} MB' for p in peaks)}")
        # What the CPU measured allows on idle cores (the load hardly moves it, unlike the wall clock):
        # neither run is faster than its busiest process (ingest: the reading process, its writer beside it;
        # batch: this process, which plans, waits and loads the shards) nor than its CPU over the cores.
        idle = {which: idle_seconds(here, children, cores) for which, (here, children) in cpus.items()}
        print("  CPU: " + "; ".join(f"{which} {here:.1f} s here, {children:.1f} s in child processes"
                                     for which, (here, children) in cpus.items())
              + f"; batch/ingest from the CPU measured, on {cores} idle cores: {idle['ingest'] / idle['batch']:.2f}")
    ratios.sort()
    median = ratios[len(ratios) // 2] if len(ratios) % 2 else sum(ratios) / len(ratios)
    growth = max(rows[1][4]) / max(rows[0][4])
    print(f"ratio batch / one-process ingest: {median:.2f} (median of {len(ratios)} paired parts; target >= {REQUIRED});"
          f" worker peak memory with 3x the input: x{growth:.2f}")
    return 0 if median >= REQUIRED else 1



if __name__ == "__main__":
    sys.exit(main())
