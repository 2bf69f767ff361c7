"""Score the extractor against labelled examples: precision, recall and F1 per language.

A labelled file is JSON Lines, one example a line::

    {"id": "ar-001", "lang": "ar", "text": "...", "expected": [{"site_id": "al-jufra", "surface": "والجفرة"}]}

A predicted mention counts as correct when an expected mention of the same example has the same
``site_id`` and exactly the same ``surface`` (each expected mention can be matched once).
"""

from __future__ import annotations

import json
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


#: the error class of a false positive that no labelled negative explains
UNLABELLED_FP = "unlabelled"
#: a false positive at the surface of an expected mention of another site
WRONG_SITE = "wrong-site"


@dataclass
class Evaluation:
    """Scores per language, per site, per rule and per error class, and every error with its sentence.

    - ``by_lang``: precision/recall/F1 per language;
    - ``by_site``: per site, tp and fn (recall) and fp; :attr:`macro_recall` averages recall over sites;
    - ``by_rule``: per rule of the predicted mentions, tp and fp (precision of each rule);
    - ``by_class``: per class of the expected mentions (``plain``, ``latin-variant`` ...), tp and fn;
      per class of the labelled negatives and of unexplained false positives, fp;
    - ``errors``: one entry per false positive and per miss, with the example id, language, site, surface,
      class, rule (false positives) and the sentence.
    """

    by_lang: dict[str, Score] = field(default_factory=dict)
    by_site: dict[str, Score] = field(default_factory=dict)
    by_rule: dict[str, Score] = field(default_factory=dict)
    by_class: dict[str, Score] = field(default_factory=dict)
    errors: list[dict[str, object]] = field(default_factory=list)

    @property
    def total(self) -> Score:
        s = Score()
        for v in self.by_lang.values():
            s.tp, s.fp, s.fn, s.examples = s.tp + v.tp, s.fp + v.fp, s.fn + v.fn, s.examples + v.examples
        return s

    @property
    def macro_recall(self) -> float:
        """Recall averaged over the sites that have expected mentions (each site counts once)."""
        recalls = [s.recall for s in self.by_site.values() if s.tp + s.fn]
        return sum(recalls) / len(recalls) if recalls else 1.0

    def as_dict(self) -> dict[str, object]:
        scores: dict[str, object] = {lang: s.as_dict() for lang, s in sorted(self.by_lang.items())}
        scores["all"] = self.total.as_dict()
        return {"scores": scores, "macro_recall": round(self.macro_recall, 4),
                "by_site": {k: v.as_dict() for k, v in sorted(self.by_site.items())},
                "by_rule": {k: v.as_dict() for k, v in sorted(self.by_rule.items())},
                "by_class": {k: v.as_dict() for k, v in sorted(self.by_class.items())},
                "errors": self.errors}


def _sentence_at(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around ``start:end`` (for reports; not the extractor's rule)."""
    stops = ".!?؟\n"
    left = max(text.rfind(c, 0, start) for c in stops) + 1
    rights = [i for i in (text.find(c, end) for c in stops) if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    return " ".join(text[left:right].split())


def _occurrences(text: str, surface: str) -> list[int]:
    """Where ``surface`` occurs in ``text``, overlapping occurrences included."""
    out: list[int] = []
    at = text.find(surface)
    while surface and at >= 0:
        out.append(at)
        at = text.find(surface, at + 1)
    return out


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
    """Score the extractor on labelled examples (see the module docstring for the format).

    An expected mention may carry a ``class`` (its error class, default ``plain``); an example may list
    ``negatives`` (``{surface, class, note}``): words that look like a site but are not one. A false
    positive whose surface lies inside a labelled negative takes that negative's class; one at the
    surface of an expected mention of another site is ``wrong-site``; others are ``unlabelled``."""
    gaz = gazetteer or default_gazetteer()
    ev = Evaluation()
    for ex in examples:
        text = str(ex["text"])
        lang = str(ex.get("lang") or "?")
        ex_id = str(ex.get("id", ""))
        score = ev.by_lang.setdefault(lang, Score())
        score.examples += 1
        expected = [(str(e["site_id"]), str(e["surface"]), str(e.get("class") or "plain"))
                    for e in ex["expected"]]  # type: ignore[attr-defined]
        negatives = [(str(n["surface"]), str(n.get("class") or "other"))
                     for n in ex.get("negatives") or []]  # type: ignore[attr-defined]
        found = list(extract(text, gaz, min_confidence=min_confidence))
        unmatched = list(range(len(found)))
        missed: list[tuple[str, str, str]] = []
        for site_id, surface, cls in expected:
            hit = next((i for i in unmatched if found[i].site_id == site_id and found[i].surface == surface), None)
            site, klass = ev.by_site.setdefault(site_id, Score()), ev.by_class.setdefault(cls, Score())
            if hit is not None:
                unmatched.remove(hit)
                rule = found[hit].rule
                for s in (score, site, klass, ev.by_rule.setdefault(rule, Score())):
                    s.tp += 1
                continue
            for s in (score, site, klass):
                s.fn += 1
            missed.append((site_id, surface, cls))
        # a miss is shown in the sentence of an occurrence of its surface that no found mention covers (the labels
        # carry no offsets: "طرابلس" missed in a text where "اطرابلس" was found is not the one inside "اطرابلس")
        taken = [(found[i].start, found[i].end) for i in range(len(found)) if i not in unmatched]
        for site_id, surface, cls in missed:
            spans = [(a, a + len(surface)) for a in _occurrences(text, surface)]
            free = [sp for sp in spans if not any(sp[0] < e and b < sp[1] for b, e in taken)]
            at, end = (free or spans or [(-1, -1)])[0]
            if free:
                taken.append(free[0])
            ev.errors.append({"id": ex_id, "lang": lang, "error": "missed", "site_id": site_id, "surface": surface,
                              "class": cls, "rule": "", "sentence": _sentence_at(text, at, end) if at >= 0 else ""})
        expected_surfaces = {surface for _, surface, _ in expected}
        for i in unmatched:
            m = found[i]
            cls = next((c for surface, c in negatives if m.surface in surface or surface in m.surface), "")
            cls = cls or (WRONG_SITE if m.surface in expected_surfaces else UNLABELLED_FP)
            for s in (score, ev.by_site.setdefault(m.site_id, Score()), ev.by_rule.setdefault(m.rule, Score()),
                      ev.by_class.setdefault(cls, Score())):
                s.fp += 1
            ev.errors.append({"id": ex_id, "lang": lang, "error": "false positive", "site_id": m.site_id,
                              "surface": m.surface, "class": cls, "rule": m.rule, "sentence": m.sentence})
    return ev
