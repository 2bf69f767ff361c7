"""Output speed and size: map, GeoJSON export and report over a store of 100,000 mentions at 50 sites.

Run: ``python benchmarks/outputs.py [--mentions N] [--sites N] [--keep DIR]``. Builds a synthetic store
(documents of 10 mentions each, 8 sources, 12 months, a tenth of the documents in Arabic) with bulk
``Store.add_documents`` calls, then times each output and prints the size of map.html. Requirements
(issue 4): each output under 30 s and map.html under 5 MB; the script exits 1 when one is missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from geotrack.gazetteer import LIBYA_BBOX, Gazetteer
from geotrack.models import Document, Mention, Site
from geotrack.outputs.export import export
from geotrack.outputs.map import write_map
from geotrack.store import Store

LIMIT_SECONDS = 30.0
LIMIT_MAP_BYTES = 5 * 1024 * 1024
KINDS = ("airbase", "airport", "airfield", "town", "oasis", "port")
SOURCES = tuple(f"Outlet {c}" for c in "ABCDEFGH")
MENTIONS_PER_DOC = 10
BATCH = 2_000


def make_sites(n: int, rng: random.Random) -> list[Site]:
    min_lon, min_lat, max_lon, max_lat = LIBYA_BBOX
    return [
        Site(f"bench-site-{i:03d}", KINDS[i % len(KINDS)], f"Bench Site {i}", f"موقع {i}",
             round(rng.uniform(min_lat + 1, max_lat - 1), 5), round(rng.uniform(min_lon + 1, max_lon - 1), 5),
             "ref:benchmark")
        for i in range(n)
    ]


def make_docs(n_mentions: int, sites: list[Site], rng: random.Random) -> list[tuple[Document, list[Mention]]]:
    weights = [1.0 / (i + 1) for i in range(len(sites))]  # a few busy sites, a long tail
    docs = []
    for d in range((n_mentions + MENTIONS_PER_DOC - 1) // MENTIONS_PER_DOC):
        k = min(MENTIONS_PER_DOC, n_mentions - d * MENTIONS_PER_DOC)
        arabic = d % 10 == 0
        chosen = rng.choices(sites, weights=weights, k=k)
        parts, mentions, pos = [f"[doc {d}]"], [], len(f"[doc {d}]") + 1
        for s in chosen:
            name = s.name_ar if arabic else s.name_en
            sentence = f"تقارير عن طائرات في {name}." if arabic else f"Cargo flights were reported at {name} again."
            start = pos + sentence.index(name)
            mentions.append(Mention(site_id=s.id, surface=name, start=start, end=start + len(name), sentence=sentence,
                                    confidence=0.9, rule="benchmark", lat=s.lat, lon=s.lon, kind=s.kind,
                                    name=s.name_en, doc_id=str(d), actors=("Russia",) if d % 3 == 0 else ()))
            parts.append(sentence)
            pos += len(sentence) + 1
        month, day = d % 12 + 1, d % 28 + 1
        doc = Document(id=str(d), text=" ".join(parts), source=SOURCES[d % len(SOURCES)],
                       url=f"https://bench.example/{d}", title=f"Benchmark article {d}",
                       published=f"2025-{month:02d}-{day:02d}", lang="ar" if arabic else "en")
        docs.append((doc, mentions))
    return docs


def timed(label: str, fn: Callable[[], Any], results: dict[str, float]) -> Any:
    t0 = time.perf_counter()
    value = fn()
    results[label] = time.perf_counter() - t0
    print(f"{label:<24} {results[label]:7.2f} s")
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=100_000)
    ap.add_argument("--sites", type=int, default=50)
    ap.add_argument("--keep", type=Path, help="write the outputs into this folder and keep them")
    args = ap.parse_args(argv)
    rng = random.Random(4)
    tmp = tempfile.TemporaryDirectory()
    out = args.keep or Path(tmp.name)
    out.mkdir(parents=True, exist_ok=True)
    db = out / "bench.db"
    if db.exists():
        db.unlink()
    sites = make_sites(args.sites, rng)
    results: dict[str, float] = {}

    def build() -> Store:
        docs = make_docs(args.mentions, sites, rng)
        store = Store.open(db)
        version = store.record_gazetteer(Gazetteer(sites))
        for i in range(0, len(docs), BATCH):
            store.add_documents(docs[i:i + BATCH], version)
        return store

    store = timed("build store", build, results)
    frame = timed("load mentions frame", store.mentions_frame, results)
    store.close()
    print(f"{'':<24} {len(frame):,} mentions, {frame['document_id'].nunique():,} documents, "
          f"{frame['site_id'].nunique()} sites, {frame['source'].nunique()} sources")

    map_path = timed("map", lambda: write_map(frame, out / "map.html"), results)
    timed("geojson by site", lambda: export(frame, out / "sites.geojson", "geojson"), results)
    timed("geojson by mention", lambda: export(frame, out / "mentions.geojson", "geojson", by="mention"), results)
    try:
        from geotrack.outputs.report import write_report
    except ImportError:
        print(f"{'report':<24}     n/a")
    else:
        timed("report (html)", lambda: write_report(frame, out / "report.html"), results)

    size = map_path.stat().st_size
    print(f"{'map.html size':<24} {size / 1024 / 1024:7.2f} MB")
    ok = True
    for label in ("map", "geojson by site", "geojson by mention", "report (html)"):
        if label in results and results[label] >= LIMIT_SECONDS:
            print(f"FAIL: {label} took {results[label]:.1f} s (limit {LIMIT_SECONDS:.0f} s)")
            ok = False
    if size >= LIMIT_MAP_BYTES:
        print(f"FAIL: map.html is {size:,} bytes (limit {LIMIT_MAP_BYTES:,})")
        ok = False
    print("OK: every output under 30 s and map.html under 5 MB" if ok else "requirements missed")
    if args.keep:
        print(f"outputs kept in {out}")
    tmp.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
