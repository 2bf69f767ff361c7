"""Syndicated copies: precision and recall of the copy rule, and documents/s of clustering.

1. **Dev set** (what the threshold was chosen on): every article of the project's labelled article sets
   (``tests/data/heldout_*.jsonl``) paired with five edited copies of itself (cut to 60 %, a sentence
   dropped, one word in fifteen replaced, a credit line and a footer added, a mix of these), against every
   pair of two different articles in the same language naming a common site (different stories on the
   same place). The distribution of containment on each side is printed.
2. **Labelled pairs** (held out, written blind to the code): ``tests/data/syndication_pairs.jsonl``
   (``--pairs`` to use another file), with its guide beside it. Translations are labelled distinct.
   Targets: precision >= 0.95, recall >= 0.90 on copies.
3. **Speed**: :func:`geotrack.syndication.find_copies` over the dev set's documents (``--repeat`` times
   the set, each repetition edited afresh), against the floor of reading the same texts into normalised
   words (:func:`geotrack.syndication.words`), in paired rounds; prints documents/s and the ratio
   (median of the rounds). Clustering runs after ingest, in ``geotrack watch``, never inside the
   ingest pipeline, so it does not change the ingest benchmark's ratio.

Run: ``python benchmarks/dedup.py [--pairs FILE] [--repeat N] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geotrack.syndication import (  # noqa: E402
    DEFAULT_THRESHOLD,
    Text,
    find_copies,
    score_pairs,
    shingles,
    similarity,
    words,
)

ARTICLE_SETS = ("heldout_blind2.jsonl", "heldout_blind.jsonl", "heldout_articles.jsonl")
EDITS = ("cut", "drop", "words", "wrap", "mix")
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+|\n+")


def articles() -> list[dict]:
    return [json.loads(line) for name in ARTICLE_SETS
            for line in (ROOT / "tests" / "data" / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def edited(text: str, edit: str, rng: random.Random) -> str:
    """A copy of ``text`` as another outlet might run it."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    if edit == "cut":
        sentences = sentences[:max(1, int(len(sentences) * 0.6))]
    elif edit == "drop" and len(sentences) > 2:
        sentences.pop(rng.randrange(1, len(sentences)))
    elif edit == "mix":
        sentences = sentences[:max(2, int(len(sentences) * 0.8))]
    out = " ".join(sentences)
    if edit in ("words", "mix"):
        w = out.split()
        for _ in range(max(1, len(w) // (15 if edit == "words" else 25))):
            w[rng.randrange(len(w))] = rng.choice(["said", "قال", "le", "reportedly", "أيضا"])
        out = " ".join(w)
    if edit in ("wrap", "mix"):
        out = f"(Agency) — {out}\nRead more on our site. اقرأ المزيد على موقعنا"
    return out


def _sites(row: dict) -> set[str]:
    return {str(e.get("site") or e.get("site_id")) for e in row.get("expected", []) if isinstance(e, dict)}


def dev_pairs(rows: list[dict], seed: int = 7) -> list[tuple[str, str, bool]]:
    rng = random.Random(seed)
    pairs = [(r["text"], edited(r["text"], e, rng), True) for r in rows for e in EDITS]
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a["lang"] == b["lang"] and _sites(a) & _sites(b):
                pairs.append((a["text"], b["text"], False))
    return pairs


def load_pairs(path: Path, kinds: list[str] | None = None) -> list[tuple[str, str, bool, str, str]]:
    """The labelled pairs as ``(text_a, text_b, is_copy, source_a, source_b)``: ``a``/``b`` objects with
    ``text`` and ``source`` (or ``text_a``/``text_b`` texts) and a label (``label`` = ``copy`` / anything
    else, or ``copy`` true/false). ``kinds`` receives each pair's ``kind``."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)

        def field(side: str, name: str, row: dict = row) -> str:
            value = row.get(f"text_{side}", row.get(side))
            return str(value.get(name, "")) if isinstance(value, dict) else (str(value) if name == "text" else side)

        label = row["copy"] if "copy" in row else str(row.get("label", "")).lower() in ("copy", "syndicated", "true", "1")
        out.append((field("a", "text"), field("b", "text"), bool(label), field("a", "source"), field("b", "source")))
        if kinds is not None:
            kinds.append(str(row.get("kind", "")))
    return out


def _print_score(name: str, pairs: list, threshold: float) -> None:
    s = score_pairs(pairs, threshold)
    print(f"{name}: {s.pairs} pairs ({s.copies} copies): precision {s.precision:.3f}, recall {s.recall:.3f}"
          f" (tp {s.true_positive}, fp {s.false_positive}, fn {s.false_negative})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "tests" / "data" / "syndication_pairs.jsonl")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--repeat", type=int, default=3, help="copies of the dev documents for the speed test")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    rows = articles()
    dev = dev_pairs(rows)
    pos = sorted(similarity(shingles(a), shingles(b))[0] for a, b, c in dev if c)
    neg = sorted(similarity(shingles(a), shingles(b))[0] for a, b, c in dev if not c)
    print(f"dev set: containment of copies min {pos[0]:.3f}, 5th percentile {pos[len(pos) // 20]:.3f};"
          f" of different stories max {neg[-1]:.3f}, 99th percentile {neg[len(neg) * 99 // 100]:.3f}")
    _print_score("dev set", dev, args.threshold)
    if args.pairs.exists():
        kinds: list[str] = []
        pairs = load_pairs(args.pairs, kinds)
        _print_score(f"labelled pairs ({args.pairs.name})", pairs, args.threshold)
        for kind in sorted(set(kinds)):
            sub = [p for p, k in zip(pairs, kinds, strict=True) if k == kind]
            found = sum(bool(find_copies([Text(0, p[3], "", p[0]), Text(1, p[4], "", p[1])], args.threshold))
                        for p in sub)
            print(f"  {kind:15} {'copy' if sub[0][2] else 'distinct':8} {len(sub):3} pairs, {found:3} judged copies")
    else:
        print(f"labelled pairs: {args.pairs} not found")

    rng = random.Random(11)
    docs: list[Text] = []
    for rep in range(args.repeat):
        for i, r in enumerate(rows):
            docs.append(Text(f"{rep}-{i}", f"{r['source']} {rep}", r["published"], r["text"] if rep == 0 else edited(r["text"], EDITS[rep % 5], rng)))
    ratios, speeds = [], []
    for n in range(args.rounds):
        order = [("floor", lambda: [words(d.text) for d in docs]), ("cluster", lambda: find_copies(docs))]
        if n % 2:
            order.reverse()
        took = {}
        for name, fn in order:
            t = time.perf_counter()
            fn()
            took[name] = time.perf_counter() - t
        ratios.append(took["floor"] / took["cluster"])
        speeds.append(len(docs) / took["cluster"])
    found = find_copies(docs)
    print(f"clustering: {len(docs)} documents, {len(found)} copies found; {statistics.median(speeds):,.0f} documents/s"
          f" (median of {args.rounds} rounds); ratio clustering/floor (normalise + words) {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
