"""Score the extractor against labelled examples: precision, recall and F1 per language.

A labelled file is JSON Lines, one example a line::

    {"id": "ar-001", "lang": "ar", "text": "...", "expected": [{"site_id": "al-jufra", "surface": "والجفرة"}]}

A predicted mention counts as correct when an expected mention of the same example has the same
``site_id`` and exactly the same ``surface`` (each expected mention can be matched once).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geotrack.errors import InputError
from geotrack.extract import DEFAULT_MIN_CONFIDENCE, extract
from geotrack.gazetteer import Gazetteer, default_gazetteer


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    examples: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"examples": self.examples, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    by_lang: dict[str, Score] = field(default_factory=dict)
    errors: list[dict[str, object]] = field(default_factory=list)

    @property
    def total(self) -> Score:
        s = Score()
        for v in self.by_lang.values():
            s.tp, s.fp, s.fn, s.examples = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn, s.examples + v.examples
        return s


def load_examples(path: str | Path) -> list[dict[str, object]]:
    p = Path(path)
    out = []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        msg = f"cannot read labelled file {str(p)!r}: {exc.strerror}"
        raise InputError(msg) from exc
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            msg = f"{p}:{n}: not JSON ({exc.msg})"
            raise InputError(msg) from exc
        if not isinstance(obj, dict) or "text" not in obj or "expected" not in obj:
            msg = f"{p}:{n}: an example needs 'text' and 'expected'"
            raise InputError(msg)
        out.append(obj)
    return out


def evaluate(examples: Iterable[dict[str, object]], gazetteer: Gazetteer | None = None,
             min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> Evaluation:
    gaz = gazetteer or default_gazetteer()
    ev = Evaluation()
    for ex in examples:
        text = str(ex["text"])
        lang = str(ex.get("lang") or "?")
        score = ev.by_lang.setdefault(lang, Score())
        score.examples += 1
        expected_raw = ex["expected"]
        expected = Counter(
            (str(e["site_id"]), str(e["surface"])) for e in expected_raw  # type: ignore[attr-defined]
        )
        found = Counter((m.site_id, m.surface) for m in extract(text, gaz, min_confidence=min_confidence))
        tp = sum((expected & found).values())
        fp_items = found - expected
        fn_items = expected - found
        score.tp += tp
        score.fp += sum(fp_items.values())
        score.fn += sum(fn_items.values())
        if fp_items or fn_items:
            ev.errors.append({"id": ex.get("id", ""), "lang": lang,
                              "false_positives": sorted(fp_items.elements()),
                              "missed": sorted(fn_items.elements())})
    return ev
