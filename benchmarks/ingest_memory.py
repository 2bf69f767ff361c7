"""Peak memory of ``geotrack ingest`` against the size of its input: it must not grow with the file.

Generates two JSON Lines files in a temporary folder (default ~100 MB and ~1 GB: ``--small-mb`` and
``--large-mb``) of unique ~3 KB mixed Arabic/English documents (a pool from ``benchmarks/corpus.py``,
each copy made unique by a numbered sentence), runs ``geotrack ingest`` on each in a subprocess into a
fresh database, and prints for each the peak RSS of the largest process (``ru_maxrss`` of the
subprocess's children: the ingest or its writer process) and of the whole process tree (psutil, polled
every 50 ms), then the ratio large / small of both. Target: ratio <= 1.5 (memory bounded by the batch
size, not by the input). Run: ``python benchmarks/ingest_memory.py [--small-mb 100] [--large-mb 1000]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    import psutil
except ImportError:  # the whole-tree figure needs psutil; the largest-process one does not
    psutil = None

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from geotrack.gazetteer import default_gazetteer

GEOTRACK = str(Path(sys.executable).parent / "geotrack")
#: Runs ``argv`` and prints the peak RSS (KiB) of its largest descendant, as Linux counts it.
_MAXRSS = ("import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode;"
           " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(rc)")


def write_jsonl(path: Path, megabytes: float, pool_size: int = 2000) -> int:
    """A JSON Lines file of about ``megabytes`` MB of unique documents; returns the document count."""
    pool = list(generate(default_gazetteer(), pool_size * 3000, doc_bytes=3000, seed=11))
    target = int(megabytes * 1_000_000)
    written = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            text = f"{pool[n % len(pool)]}\nDispatch number {n}."
            line = json.dumps({"id": f"m{n}", "title": f"Dispatch {n}", "text": text, "source": f"Outlet {n % 6}",
                               "published": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"}, ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


def _tree_rss(pid: int) -> int:
    if psutil is None:
        return 0
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def measure(path: Path, db: Path) -> tuple[float, float, float]:
    """``(seconds, peak RSS of the largest process, peak RSS of the process tree)`` in MB, for one ingest."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _MAXRSS, GEOTRACK, "ingest", str(path), "--db", str(db), "-q"],
                            stdout=subprocess.PIPE, text=True)
    peak_tree = 0
    stop = threading.Event()

    def poll() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            time.sleep(0.05)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    out, _ = proc.communicate()
    stop.set()
    poller.join()
    if proc.returncode:
        msg = f"ingest of {path} failed with exit code {proc.returncode}"
        raise SystemExit(msg)
    largest_kib = int(out.strip().splitlines()[-1])
    return time.perf_counter() - start, largest_kib / 1024, peak_tree / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small-mb", type=float, default=100.0)
    parser.add_argument("--large-mb", type=float, default=1000.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="geotrack-mem-") as tmp:
        results = []
        for label, mb in (("small", args.small_mb), ("large", args.large_mb)):
            path = Path(tmp) / f"{label}.jsonl"
            docs = write_jsonl(path, mb)
            size = path.stat().st_size / 1e6
            seconds, largest, tree = measure(path, Path(tmp) / f"{label}.db")
            results.append((largest, tree))
            print(f"{label}: {size:,.0f} MB, {docs:,} documents, ingest {seconds:,.0f} s;"
                  f" peak RSS largest process {largest:,.0f} MB, process tree {tree:,.0f} MB", flush=True)
            path.unlink()
        (small_largest, small_tree), (large_largest, large_tree) = results
        ratio = large_largest / small_largest
        tree_ratio = f"{large_tree / small_tree:.2f}" if small_tree else "n/a (no psutil)"
        print(f"ratio large/small: largest process {ratio:.2f}, process tree {tree_ratio}"
              f" (target <= 1.5: {'ok' if ratio <= 1.5 else 'FAILED'})")


if __name__ == "__main__":
    main()
