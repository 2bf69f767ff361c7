"""The workspace (``geotrack serve``) over a large store: map page load and filter latency.

Builds a SQLite store of ``--mentions`` (default 100,000) mentions of the shipped gazetteer's sites in
``--mentions / 4`` documents of twelve outlets over two years (four mentions per document, confidences
and actors varied), serves it with uvicorn on 127.0.0.1 (a free port), then in ``--rounds`` paired
rounds measures:

1. **floor**: reading every mention out of the store (``Store.mentions_frame()``, in process): what any
   page showing all mentions must do at least;
2. **map page**: what a browser fetches to show the map page, over HTTP: the HTML, Leaflet and the page's
   script, the filter choices (``/api/filters``) and every site with its counts (``/api/sites``). The
   store counts them (``Store.filter_choices``, ``Store.site_counts``: SQL aggregates, no mention read
   into Python), in the background from the server's start (``geotrack serve`` does), and the server
   keeps what the unfiltered map shows until the store changes.

Prints the first page load right after the server starts (cold: it waits for those counts) and its
ratio to the floor, the medians of the floor, of the page load (warm) and of their ratio (target: the
page loads in under 2 s, cold and warm), then the latency of ``--filters`` filter requests
(``/api/sites`` with a random time range, sources, kind, minimum confidence, actor or review status, as
the map's filters send them; each one a query of the store, which counts them, except a review status:
those mentions are read and joined to the decisions): median, p95 and max, and p95 against the
floor. Exit 1 when the page target is missed.
Run: ``python benchmarks/serve.py [--mentions N] [--rounds N] [--filters N]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geotrack.gazetteer import default_gazetteer  # noqa: E402
from geotrack.models import Document, Mention  # noqa: E402
from geotrack.store import Store  # noqa: E402
from geotrack.web import WebSettings, create_app  # noqa: E402

OUTLETS = tuple(f"Outlet {c}" for c in "ABCDEFGHIJKL")
ACTORS = ("russia", "turkey", "wagner", "uae", "egypt")
PAGE_TARGET_S = 2.0


def build(path: Path, mentions: int, seed: int = 7) -> Store:
    rng = random.Random(seed)
    gaz = default_gazetteer()
    sites = [s for s in gaz if s.layer == "curated"] or list(gaz)
    store = Store.open(path)
    version = store.record_gazetteer(gaz)
    start = date(2023, 1, 1)
    batch = []
    for d in range(mentions // 4):
        chosen = [rng.choice(sites) for _ in range(4)]
        sentences = [f"Reports of activity at {s.name_en} on day {d}." for s in chosen]
        text = " ".join(sentences)
        doc_id = f"d{d}"
        doc = Document(id=doc_id, text=text, source=rng.choice(OUTLETS), url=f"https://news.example/{d}",
                       title=f"Report {d}", published=(start + timedelta(days=rng.randrange(730))).isoformat(),
                       lang="en")
        found, pos = [], 0
        for s, sentence in zip(chosen, sentences, strict=True):
            at = text.index(s.name_en, pos)
            found.append(Mention(site_id=s.id, surface=s.name_en, start=at, end=at + len(s.name_en), sentence=sentence,
                                 confidence=rng.choice((0.5, 0.7, 0.85, 0.95)), rule="gazetteer", lat=s.lat, lon=s.lon,
                                 kind=s.kind, name=s.name_en, doc_id=doc_id,
                                 actors=tuple(rng.sample(ACTORS, rng.randrange(3)))))
            pos = at + len(s.name_en)
        batch.append((doc, found))
        if len(batch) == 2000:
            store.add_documents(batch, version)
            batch = []
    if batch:
        store.add_documents(batch, version)
    return store


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as resp:
        return bytes(resp.read())


def page_load(base: str) -> float:
    t0 = time.perf_counter()
    for path in ("/", "/static/leaflet/leaflet.js", "/static/leaflet/leaflet.css", "/static/web/map.js",
                 "/api/filters", "/api/sites"):
        fetch(base + path)
    return time.perf_counter() - t0


def random_filter(rng: random.Random) -> str:
    parts = []
    first = date(2023, 1, 1) + timedelta(days=rng.randrange(600))
    parts.append(f"since={first.isoformat()}&until={(first + timedelta(days=rng.randrange(7, 130))).isoformat()}")
    for outlet in rng.sample(OUTLETS, rng.randrange(0, 3)):
        parts.append("source=" + outlet.replace(" ", "%20"))
    if rng.random() < 0.3:
        parts.append("kind=" + rng.choice(("airbase", "town", "port")))
    if rng.random() < 0.3:
        parts.append(f"min_confidence={rng.choice((0.6, 0.8, 0.9))}")
    if rng.random() < 0.2:
        parts.append("actor=" + rng.choice(ACTORS))
    if rng.random() < 0.2:
        parts.append("status=unreviewed")
    return "&".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--filters", type=int, default=100)
    args = parser.parse_args()
    import uvicorn

    with tempfile.TemporaryDirectory(prefix="geotrack-serve-bench-") as tmp:
        t0 = time.perf_counter()
        store = build(Path(tmp) / "bench.db", args.mentions)
        print(f"store: {store.counts()['mentions']:,} mentions in {store.counts()['documents']:,} documents"
              f" (built in {time.perf_counter() - t0:.1f} s)")
        t0 = time.perf_counter()
        server = uvicorn.Server(uvicorn.Config(create_app(store, WebSettings(warm=True)), host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.02)
        port = server.servers[0].sockets[0].getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        t = time.perf_counter()
        cold = page_load(base)
        print(f"first map page right after the start (waits for the first counts): {cold:.3f} s"
              f" ({time.perf_counter() - t0:.1f} s after the store was built)")
        floors, pages, ratios = [], [], []
        for _ in range(args.rounds):
            t = time.perf_counter()
            store.mentions_frame()
            floor = time.perf_counter() - t
            page = page_load(base)
            floors.append(floor)
            pages.append(page)
            ratios.append(page / floor)
        rng = random.Random(11)
        latencies = []
        for _ in range(args.filters):
            query = random_filter(rng)
            t = time.perf_counter()
            fetch(base + "/api/sites?" + query)
            latencies.append(time.perf_counter() - t)
        server.should_exit = True
        thread.join(10)
        store.close()
    page_s, p95 = statistics.median(pages), sorted(latencies)[max(0, int(len(latencies) * 0.95) - 1)]
    floor_s = statistics.median(floors)
    print(f"floor (read every mention, in process): median {floor_s:.3f} s (the baseline of the ratios)")
    print(f"cold map page: {cold:.3f} s (target < {PAGE_TARGET_S:g} s); cold/floor ratio {cold / floor_s:.2f}")
    print(f"warm map page (HTML, Leaflet, script, filters, all sites over HTTP): median {page_s:.3f} s"
          f" (target < {PAGE_TARGET_S:g} s); page/floor ratio: median {statistics.median(ratios):.2f}")
    print(f"filter requests ({len(latencies)}): median {statistics.median(latencies) * 1000:.0f} ms,"
          f" p95 {p95 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; p95/floor ratio {p95 / floor_s:.2f}")
    ok = page_s < PAGE_TARGET_S and cold < PAGE_TARGET_S
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
