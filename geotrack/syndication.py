"""Syndicated copies: near-duplicate texts across outlets, found with MinHash/LSH and counted once.

A wire story copied by twenty outlets is one report, not twenty. :func:`find_copies` groups documents
whose texts are near-duplicates (the same story with a new headline, a dateline or credit line added,
a sentence dropped, words changed, the end cut off) and names, in each group, the **original**: the
earliest published member; unknown dates come last, and a tie (the same publication time, common when
a wire copy is re-posted within the hour) goes to the member given first, which for the store's documents
(:meth:`geotrack.store.monitoring.Monitoring.documents_since`, in id order) is the one stored first, the
one geotrack saw first. The rule never looks at which feed was polled when, so the original of a group
is the same on every run over the same store. Every other member is a :class:`Copy` of it. A translation is a different text (it shares no shingles) and never a copy.

How two texts are compared:

1. Each text is normalised by the project's text layer (:func:`geotrack.text.normalize.normalize`:
   Arabic diacritics, tatweel, hamza and alef forms, ى/ي and ة/ه; Latin case and accents), cut into words
   (``\\w+``, Arabic and Latin alike) and turned into the set of its overlapping word triples (shingles of
   :data:`SHINGLE_WORDS` words).
2. A MinHash signature of :data:`NUM_PERM` permutations is made of each set (``datasketch``) and an LSH
   index (:data:`LSH_BANDS` bands of :data:`LSH_ROWS` rows) proposes candidate pairs cheaply: a low
   bar, so that a copy holding half of a longer text (Jaccard about 0.4) is still proposed.
3. Each candidate pair is checked exactly on the two shingle sets: it is a copy when the **containment**
   of the smaller set in the larger, ``|A ∩ B| / min(|A|, |B|)``, is at least ``threshold``
   (:data:`DEFAULT_THRESHOLD`). Containment, unlike Jaccard, does not fall when a copy is cut short.
   A text of fewer than :data:`MIN_SHINGLES` shingles (a headline, a one-line summary) is a copy only
   when its Jaccard similarity reaches the threshold too, so that a short phrase quoted inside a longer
   story never makes the story a copy. Syndication is republication by another outlet: two texts of the
   same (named) outlet are copies only from a containment of :data:`SAME_SOURCE_THRESHOLD` (a re-post
   or an updated version), since an outlet's fixed template (a daily "Flight Watch") makes two different
   reports share most of their words.

Copies are grouped transitively (union-find over the verified pairs).

**Independent sources** are the distinct outlets with a story of their own: the sources of documents that
are not copies (:func:`independent_sources`). :func:`mark_copies` sets the ``syndicated`` column of a
mentions frame for the copies found here, which is the column :mod:`geotrack.aggregate` (corroboration,
surges, the report) already leaves out when it counts documents and sources.

Why 0.5: on the dev set of ``benchmarks/dedup.py`` (every article of the project's labelled sets paired
with five edited copies of itself, against every pair of different articles on the same site) copies
have a containment of 0.79 or more and different stories 0.12 or less; 0.5 sits in the middle of that
gap. The 240 labelled pairs of ``tests/data/syndication_pairs.jsonl`` (written blind to this code, see
its guide) then scored precision 0.815, recall 1.000 at 0.5: all 30 false copies were two reports of
one outlet's fixed template (containment 0.63-0.88, against 0.76 or more for copies). The same-outlet
bar (:data:`SAME_SOURCE_THRESHOLD`) was added for them, after that measurement: with it the set scores
precision 1.000, recall 1.000, but it is no longer held out for that rule.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geotrack.errors import InputError
from geotrack.text.normalize import normalize

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger("geotrack.syndication")

#: Words per shingle.
SHINGLE_WORDS = 3
#: Permutations of a MinHash signature.
NUM_PERM = 128
#: Bands and rows of the LSH index (42 x 3 of the 128 permutations): a pair of Jaccard similarity
#: 0.3 is proposed for the exact check with probability 0.68, 0.4 with 0.94, 0.5 with 0.996 (given as
#: is, since datasketch would otherwise integrate them with scipy on every index it builds).
LSH_BANDS, LSH_ROWS = 42, 3
#: Containment (of the smaller shingle set in the larger) from which two texts are copies.
DEFAULT_THRESHOLD = 0.5
#: Below this many shingles a text is short, and Jaccard similarity must reach the threshold too.
MIN_SHINGLES = 12
#: Containment from which two texts of the SAME outlet are copies (a re-post, an updated version): an
#: outlet's recurring template ("Flight Watch: ...") shares most words between two reports of its own.
SAME_SOURCE_THRESHOLD = 0.95

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The normalised words of ``text`` (Arabic and Latin), in order."""
    return _WORD.findall(normalize(text))


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The set of overlapping ``size``-word shingles of the normalised text (the whole text as one
    shingle when it has fewer words)."""
    w = words(text)
    if len(w) <= size:
        return frozenset([" ".join(w)]) if w else frozenset()
    return frozenset(" ".join(w[i:i + size]) for i in range(len(w) - size + 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """``(containment, jaccard)`` of two shingle sets: containment is ``|a ∩ b| / min(|a|, |b|)``."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / min(len(a), len(b)), common / (len(a) + len(b) - common)


def is_copy(a: frozenset[str], b: frozenset[str], threshold: float = DEFAULT_THRESHOLD) -> bool:
    """Whether two shingle sets are near-duplicates by the rule of the module doc."""
    contained, jaccard = similarity(a, b)
    if min(len(a), len(b)) < MIN_SHINGLES:
        return jaccard >= threshold
    return contained >= threshold


@dataclass(frozen=True)
class Copy:
    """A document that is a near-duplicate of an earlier ``original`` (its group's earliest member)."""

    document: Hashable
    original: Hashable
    #: Containment of the closer of the two shingle sets in the other, for the pair that joined it.
    similarity: float


@dataclass(frozen=True)
class Text:
    """One document as :func:`find_copies` takes it: a key of the caller's (a document id), its source,
    its publication date (ISO 8601 text or ``""``) and its text."""

    key: Hashable
    source: str
    published: str
    text: str


def _check_threshold(threshold: float) -> None:
    if not isinstance(threshold, (int, float)) or isinstance(threshold, bool) or not 0.0 < threshold <= 1.0:
        msg = f"syndication threshold={threshold!r} is not usable; give a share between 0 and 1, e.g. 0.5"
        raise InputError(msg)


def _hash(shingle: bytes) -> int:
    return zlib.crc32(shingle)


def find_copies(docs: Iterable[Text], threshold: float = DEFAULT_THRESHOLD) -> dict[Hashable, Copy]:
    """The copies among ``docs``: key → :class:`Copy` for every document that is not the original of
    its group (originals and documents without a copy are left out). See the module doc."""
    _check_threshold(threshold)
    items = list(docs)
    sets = [shingles(d.text) for d in items]
    index = [i for i, s in enumerate(sets) if s]
    if len(index) < 2:
        return {}
    from datasketch import MinHash, MinHashLSH

    signatures = MinHash.bulk([[s.encode("utf-8") for s in sets[i]] for i in index], num_perm=NUM_PERM,
                              hashfunc=_hash)
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(LSH_BANDS, LSH_ROWS))
    for i, sig in zip(index, signatures, strict=True):
        lsh.insert(i, sig)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined: dict[int, float] = {}
    for i, sig in zip(index, signatures, strict=True):
        for j in lsh.query(sig):
            same = bool(items[i].source) and items[i].source == items[j].source
            if j <= i or not is_copy(sets[i], sets[j], max(threshold, SAME_SOURCE_THRESHOLD) if same else threshold):
                continue
            score = similarity(sets[i], sets[j])[0]
            for k in (i, j):
                joined[k] = max(joined.get(k, 0.0), score)
            a, b = root(i), root(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = {}
    for i in joined:
        groups.setdefault(root(i), []).append(i)
    out: dict[Hashable, Copy] = {}
    for members in groups.values():
        first = min(members, key=lambda k: (items[k].published == "", items[k].published, k))
        for k in members:
            if k != first:
                out[items[k].key] = Copy(items[k].key, items[first].key, round(joined[k], 4))
    log.debug("syndication: %d copies among %d documents", len(out), len(items))
    return out


def mark_copies(frame: pd.DataFrame, copies: Mapping[Hashable, Copy] | Iterable[Hashable],
                column: str = "document_id") -> pd.DataFrame:
    """A copy of ``frame`` whose ``syndicated`` column is also true for the rows of the documents in
    ``copies`` (keys are the frame's ``column`` values). Exact copies the store marked stay marked."""
    keys = set(copies)
    out = frame.copy()
    found = out[column].isin(keys) if len(out) else out[column].astype(bool)
    out["syndicated"] = (out["syndicated"].fillna(False).astype(bool) | found) if "syndicated" in out else found
    return out


def originals(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` whose document is not a copy (``syndicated`` false or missing): the stories
    of their own. Every row when the frame has no ``syndicated`` column. This is the one rule of what
    counts once: :func:`independent_sources`, :func:`independent_source_counts`, the changes and
    surges of :mod:`geotrack.aggregate`, candidates and alerts all go through it."""
    if frame.empty or "syndicated" not in frame.columns:
        return frame
    return frame[~frame["syndicated"].fillna(False).astype(bool)]


def independent_sources(rows: Iterable[Mapping[str, Any]] | pd.DataFrame) -> list[str]:
    """The sorted distinct sources of the rows that are not copies (``syndicated`` false or missing):
    the outlets with a story of their own."""
    if hasattr(rows, "to_dict"):
        return sorted({str(s) for s in originals(rows)["source"]})
    return sorted({str(r["source"]) for r in rows if not bool(r.get("syndicated") or False)})


def independent_source_counts(frame: pd.DataFrame, by: str = "site_id") -> pd.Series:
    """Per value of ``by`` (every value of the frame, 0 when all its rows are copies): the number of
    independent sources, the distinct sources of its rows that are not copies (:func:`originals`)."""
    import pandas as pd

    if frame.empty:
        return pd.Series(dtype="int64")
    counts = originals(frame).groupby(by)["source"].nunique()
    return counts.reindex(pd.unique(frame[by]), fill_value=0).astype("int64")


@dataclass(frozen=True)
class PairScore:
    """Precision and recall of the copy rule on labelled pairs (a copy is the positive class)."""

    pairs: int
    copies: int
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.copies if self.copies else 1.0


def score_pairs(pairs: Iterable[tuple[Any, ...]], threshold: float = DEFAULT_THRESHOLD) -> PairScore:
    """Score the rule on ``(text_a, text_b, is_copy)`` or ``(text_a, text_b, is_copy, source_a, source_b)``
    pairs, each run through :func:`find_copies` (index, exact check) on its own."""
    _check_threshold(threshold)
    n = copies = tp = fp = fn = 0
    for a, b, label, *sources in pairs:
        n += 1
        copies += bool(label)
        source_a, source_b = sources if sources else ("a", "b")
        found = bool(find_copies([Text(0, source_a, "", a), Text(1, source_b, "", b)], threshold))
        tp += found and label
        fp += found and not label
        fn += label and not found
    return PairScore(n, copies, tp, fp, fn)


def texts_from(records: Sequence[tuple[Hashable, str, str, str]]) -> list[Text]:
    """``(key, source, published, text)`` tuples as :class:`Text`."""
    return [Text(k, s, p or "", t) for k, s, p, t in records]


__all__ = [
    "DEFAULT_THRESHOLD",
    "LSH_BANDS",
    "LSH_ROWS",
    "MIN_SHINGLES",
    "NUM_PERM",
    "SAME_SOURCE_THRESHOLD",
    "SHINGLE_WORDS",
    "Copy",
    "PairScore",
    "Text",
    "find_copies",
    "independent_source_counts",
    "independent_sources",
    "is_copy",
    "mark_copies",
    "originals",
    "score_pairs",
    "shingles",
    "similarity",
    "texts_from",
    "words",
]
