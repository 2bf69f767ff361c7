"""Print one SHA-256 per corpus over everything extraction and the demo produce, to prove a refactoring
changed no output.

Corpora: the demo corpus (``data/samples``, read by the readers), each labelled set
(``tests/data/*.jsonl``), the benchmark corpus (``benchmarks/corpus.py``, seed 7, ~2 MB), and the files
``geotrack demo`` writes (GeoJSON sorted, plus a CSV export of the demo store; volatile parts such as
dates of generation removed, the checkout's own path made relative). Run it before and after a change and compare the lines::

    python scripts/output_digest.py > before.txt
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: keys whose values change from run to run (dates of generation, paths of a temporary folder)
VOLATILE = frozenset({"generated", "generated_at", "created", "exported", "date_generated", "timestamp"})


def _records(text: str, doc_id: str) -> Iterable[tuple[Any, ...]]:
    from geotrack.extract import analyse

    found = analyse(text, doc_id=doc_id)
    for m in found.mentions:
        yield ("m", doc_id, m.site_id, m.surface, m.start, m.end, m.rule, round(m.confidence, 9),
               m.actors, m.activities, m.actors_paragraph, m.sentence)
    for p in found.places:
        yield ("p", doc_id, p.category, p.id, p.surface, p.start, p.end)
    for c in found.candidates:
        yield ("c", doc_id, c.name, c.name_key, c.pattern, c.surface, c.start, c.end, c.sentence)
    for r in found.relative:
        yield ("r", doc_id, r.anchor_site_id, round(r.distance_km, 9), round(r.bearing_deg, 9), r.direction,
               round(r.lat, 9), round(r.lon, 9), round(r.radius_km, 9), r.surface, r.start, r.end, r.sentence,
               r.precision)


def _portable(text: str) -> str:
    """``text`` with the checkout's own path made relative (the demo's HTML documents are named by their
    path), so that two checkouts of the same code give the same digest."""
    return text.replace(str(ROOT), "<root>")


def _digest(texts: Iterable[tuple[str, str]]) -> tuple[str, int, int]:
    h = hashlib.sha256()
    docs = records = 0
    for doc_id, text in texts:
        docs += 1
        for rec in _records(text, doc_id):
            records += 1
            h.update(_portable(json.dumps(rec, ensure_ascii=False)).encode("utf-8"))
            h.update(b"\n")
    return h.hexdigest(), docs, records


def demo_texts() -> Iterable[tuple[str, str]]:
    from geotrack.demo import corpus_paths
    from geotrack.models import Document
    from geotrack.readers import read_path

    for path in corpus_paths(ROOT / "data" / "samples"):
        for item in read_path(path):
            if isinstance(item, Document):
                yield f"{Path(path).name}:{item.id}", item.text


def labelled_texts(path: Path) -> Iterable[tuple[str, str]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if line.strip():
            row = json.loads(line)
            yield str(row.get("id", n)), row["text"]


def _is_labelled(path: Path) -> bool:
    """Whether ``path`` is a labelled set of articles: its rows carry a ``text``."""
    first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()), "")
    return bool(first) and "text" in json.loads(first)


def benchmark_texts() -> Iterable[tuple[str, str]]:
    from benchmarks.corpus import generate
    from geotrack.gazetteer import default_gazetteer

    for n, text in enumerate(generate(default_gazetteer(), 2_000_000, seed=7)):
        yield str(n), text


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in sorted(value.items()) if k not in VOLATILE}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _geojson(path: Path) -> bytes:
    data = _scrub(json.loads(_portable(path.read_text(encoding="utf-8"))))
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        data["features"] = sorted(data["features"], key=lambda f: json.dumps(f, sort_keys=True, ensure_ascii=False))
    return json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _csv(path: Path) -> bytes:
    rows = list(csv.reader(io.StringIO(_portable(path.read_text(encoding="utf-8")))))
    header, body = (rows[0], sorted(rows[1:])) if rows else ([], [])
    return json.dumps([header, *body], ensure_ascii=False).encode("utf-8")


def demo_exports() -> dict[str, str]:
    from geotrack.demo import run_demo
    from geotrack.outputs.export import export
    from geotrack.store import Store

    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="geotrack-digest-") as tmp:
        result = run_demo(tmp)
        for name in ("sites.geojson", "mentions.geojson", "relative.geojson"):
            out[f"demo export {name}"] = hashlib.sha256(_geojson(Path(tmp) / name)).hexdigest()
        with Store.open(result.db_path) as store:
            frame = store.mentions_frame()
            relative = store.relative_frame()
        for by in ("site", "mention", "relative"):
            path = export(frame, Path(tmp) / f"{by}.csv", "csv", by=by, relative=relative)
            out[f"demo export {by}.csv"] = hashlib.sha256(_csv(path)).hexdigest()
    return out


def main() -> None:
    lines: list[str] = []
    digest, docs, records = _digest(demo_texts())
    lines.append(f"demo corpus (data/samples)  docs={docs} records={records}  {digest}")
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):
        if not _is_labelled(path):
            continue  # another kind of data (syndication pairs): no article text to analyse
        digest, docs, records = _digest(labelled_texts(path))
        lines.append(f"labelled {path.name}  docs={docs} records={records}  {digest}")
    digest, docs, records = _digest(benchmark_texts())
    lines.append(f"benchmark corpus (seed 7, 2 MB)  docs={docs} records={records}  {digest}")
    for name, value in demo_exports().items():
        lines.append(f"{name}  {value}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
