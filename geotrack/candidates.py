"""Candidates that help: stored candidate names grouped by place, with the known site they probably spell.

Takes the frame of :meth:`geotrack.store.Store.candidates_frame` (one row per occurrence of a candidate
name; this module never opens the store) and gives one row per *place*:

1. **Not places** are left out: each stored name is cleaned by today's discovery rules
   (:func:`geotrack.extract.discovery.clean_name`: headline words such as ``How``/``Inside`` and
   possessives trimmed, adjectives and prefixed common nouns such as ``الجديدة``/``العسكرية``/``Russian``
   dropped, places abroad from the context data and pycountry's country names dropped), and names the
   gazetteer knows now (after ``gazetteer add``) are dropped.
2. **Spellings of one place are one row**: names whose transliteration skeletons
   (:func:`geotrack.translit.skeleton`) are equal, or one edit apart on long names
   (:func:`geotrack.translit.similar`), are grouped, so ``al-Kharrouba``, ``الخروبة``, ``Al-Kharruba`` and
   ``Kharouba`` count together.
3. **Probably a spelling of a known site**: a group whose skeleton equals (or is similar to) the skeleton of
   a site's name or spelling says so in ``likely_site`` (the site id) and ``likely_spelling`` (the
   spelling it matched). Site spellings are compared without their base words (``Benina International
   Airport`` and ``مطار بنينا الدولي`` as ``Benina`` and ``بنينا``). The best match is the closest
   (equal before similar), then the higher layer (user, curated, bulk), then an air base, airfield or
   airport before a town, then the site id.

Columns (:data:`COLUMNS`): those of ``Store.candidate_summary`` (``name_key`` and ``name`` of the most
frequent spelling, counts over the whole group, ``source_list``, ``first_seen``/``last_seen``,
``patterns``, the earliest example), ``independent_sources`` (the outlets with a story of their own:
occurrences in syndicated copies left out, :func:`geotrack.syndication.independent_source_counts`, the one
rule; the frame's ``syndicated`` column says which documents are copies) and ``spellings`` (every spelling of the group, most frequent first),
``likely_site``, ``likely_spelling`` (``""`` when no site is close).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geotrack.errors import InputError
from geotrack.gazetteer import spelling_key
from geotrack.syndication import independent_source_counts
from geotrack.text.arabic import is_arabic
from geotrack.translit import LONG, consonants, distance, fold, skeleton, within_one_edit

if TYPE_CHECKING:
    import pandas as pd

    from geotrack.gazetteer import Gazetteer

COLUMNS = ("name_key", "name", "mentions", "documents", "sources", "independent_sources", "source_list", "first_seen", "last_seen",
           "patterns", "example_sentence", "example_url", "spellings", "likely_site", "likely_spelling")

#: Words of a site's spelling that name the kind of place, not the place: left out before comparing.
BASE_WORDS: frozenset[str] = frozenset(fold(w) for w in (
    "air base airbase airfield airstrip airport aerodrome aérodrome aéroport aeroport aérienne aerienne "
    "militaire military international de d of the "
    "قاعدة مطار مهبط مدرج الجوية العسكرية الدولي الجوي العسكري"
).split())
_MILITARY_KINDS = frozenset({"airbase", "airfield", "airport"})
_PRECEDENCE = {"user": 3, "curated": 2, "bulk": 1}
_SPLIT_RE = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class SiteSpelling:
    """One spelling of a gazetteer site as the index holds it."""

    skeleton: str
    site_id: str
    spelling: str
    rank: tuple[int, int]  # (-layer precedence, 0 for a military kind else 1)
    via_core: bool = False  # matched without the spelling's base words
    from_id: bool = False  # the site id read as words, not a spelling


def core(spelling: str) -> str:
    """``spelling`` without its :data:`BASE_WORDS` (``"Benina International Airport"`` → ``"benina"``), folded;
    the folded spelling itself when nothing else is left."""
    words = [w for w in _SPLIT_RE.split(fold(spelling)) if w]
    kept = [w for w in words if w not in BASE_WORDS]
    return " ".join(kept or words)


def site_index(gazetteer: Gazetteer) -> list[SiteSpelling]:
    """Every spelling of every site of ``gazetteer`` (names, variants of all levels, the id read as words),
    each with its skeleton and without its base words."""
    out: list[SiteSpelling] = []
    for site in gazetteer:
        rank = (-_PRECEDENCE.get(site.layer, 0), 0 if site.kind in _MILITARY_KINDS else 1)
        names = [site.name_en, site.name_ar, *site.variants, *site.variants_doc, *site.variants_local,
                 *site.variants_strict]
        seen: set[tuple[str, str]] = set()
        for name, from_id in [*((n, False) for n in dict.fromkeys(n for n in names if n)),
                              (site.id.replace("-", " "), True)]:
            plain, stripped = skeleton(name), skeleton(core(name))
            for key, via_core in ((plain, False), (stripped, True)):
                if key and (key, name) not in seen:
                    seen.add((key, name))
                    out.append(SiteSpelling(key, site.id, name, rank, via_core, from_id))
    return out


def likely_site(spellings: Iterable[str], index: list[SiteSpelling]) -> tuple[str, str]:
    """``(site id, matched spelling)`` of the site with a spelling closest to one of ``spellings`` (equal
    skeletons, else :func:`~geotrack.translit.similar` ones); ``("", "")`` when none is. Among equals: the
    higher layer, a military kind, the site id, then a spelling before the id read as words, a spelling in
    the script of the candidate's, one matched as written before one matched without its base words, the
    shortest."""
    best: tuple[int, tuple[int, int], str, bool, bool, bool, int, str] | None = None
    for name in set(spellings):
        key, arabic = skeleton(name), is_arabic(name)
        long = consonants(key) >= LONG
        for entry in index:
            if entry.skeleton != key and not (long and abs(len(entry.skeleton) - len(key)) <= 1
                                              and within_one_edit(entry.skeleton, key)):
                continue
            d = distance(entry.skeleton, key)
            if d > 1:
                continue
            other_script = arabic != is_arabic(entry.spelling)
            cand = (d, entry.rank, entry.site_id, entry.from_id, other_script, entry.via_core, len(entry.spelling),
                    entry.spelling)
            if best is None or cand < best:
                best = cand
    return ("", "") if best is None else (best[2], best[7])


class _Groups:
    """Union-find over skeletons: similar skeletons end in one group."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.setdefault(root, root) != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _group_skeletons(keys: Iterable[str]) -> dict[str, str]:
    """Each skeleton → its group's representative. Long skeletons one edit apart are joined, found through
    their one-deletion neighbourhoods (no comparison of every pair)."""
    groups = _Groups()
    by_deletion: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        groups.find(key)
        if consonants(key) < LONG:
            continue
        for variant in {key, *(key[:i] + key[i + 1:] for i in range(len(key)))}:
            for other in by_deletion.get(variant, ()):
                if consonants(other) >= LONG and within_one_edit(key, other):
                    groups.union(key, other)
            by_deletion.setdefault(variant, []).append(key)
    return {k: groups.find(k) for k in groups.parent}


def _clean_frame(frame: pd.DataFrame, gazetteer: Gazetteer | None) -> pd.DataFrame:
    """Occurrences whose name is still a candidate: cleaned (``spelling``, ``key``), known names dropped."""
    from geotrack.extract.discovery import _is_known, clean_name, known_spellings

    known = known_spellings(gazetteer) if gazetteer is not None else frozenset()
    cleaned: dict[tuple[str, str], str] = {}
    spellings: list[str] = []
    for name, pattern in zip(frame["name"], frame["pattern"], strict=True):
        pair = (str(name), str(pattern))
        if pair not in cleaned:
            spelling = clean_name(*pair)
            key = spelling_key(spelling)
            known_now = bool(key) and (_is_known(key, known, frozenset())
                                       or _is_known(spelling_key(pair[0]), known, frozenset()))
            cleaned[pair] = "" if known_now else spelling
        spellings.append(cleaned[pair])
    out = frame.assign(spelling=spellings)
    out = out[out["spelling"] != ""].copy()
    out["key"] = [spelling_key(s) for s in out["spelling"]]
    out["skeleton"] = [skeleton(s) or f"\0{k}" for s, k in zip(out["spelling"], out["key"], strict=True)]
    return out


def summarise(frame: pd.DataFrame, gazetteer: Gazetteer | None = None) -> pd.DataFrame:
    """One row per place named by the candidate occurrences of ``frame`` (``Store.candidates_frame``),
    most widely reported first (independent sources, sources, then mentions, descending, then ``name_key``); see the module
    docstring for the rules and :data:`COLUMNS` for the columns. With ``gazetteer``, names it knows are
    dropped and ``likely_site`` is filled."""
    import pandas as pd

    if frame.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    rows = _clean_frame(frame, gazetteer)
    rep = _group_skeletons(rows["skeleton"])
    index = site_index(gazetteer) if gazetteer is not None else []
    rows["group"] = [rep[str(k)] for k in rows["skeleton"]]
    independent = independent_source_counts(rows, by="group")
    groups: dict[str, list[Any]] = {}
    for row in rows.itertuples(index=False):
        groups.setdefault(str(row.group), []).append(row)
    records = []
    for group, members in groups.items():
        counts: dict[str, int] = {}
        for r in members:  # in publication order: ties go to the earliest spelling
            counts[r.spelling] = counts.get(r.spelling, 0) + 1
        order = sorted(counts, key=lambda s: -counts[s])
        dates = [r.published for r in members if not pd.isna(r.published)]
        site, spelling = likely_site(order, index) if index else ("", "")
        records.append({
            "name_key": spelling_key(order[0]),
            "name": order[0],
            "mentions": len(members),
            "documents": len({r.document_id for r in members}),
            "sources": len({r.source for r in members}),
            "independent_sources": int(independent[group]),
            "source_list": sorted({str(r.source) for r in members}),
            "first_seen": min(dates) if dates else pd.NaT,
            "last_seen": max(dates) if dates else pd.NaT,
            "patterns": sorted({str(r.pattern) for r in members}),
            "example_sentence": members[0].sentence,
            "example_url": members[0].url,
            "spellings": order,
            "likely_site": site,
            "likely_spelling": spelling,
        })
    records.sort(key=lambda r: (-r["independent_sources"], -r["sources"], -r["mentions"], r["name_key"]))
    out = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for col in ("first_seen", "last_seen"):
        out[col] = pd.to_datetime(out[col])
    for col in ("mentions", "documents", "sources", "independent_sources"):
        out[col] = out[col].astype("int64")
    return out


def candidate_spellings(frame: pd.DataFrame, name_key: str, gazetteer: Gazetteer | None = None) -> list[str]:
    """Every spelling of the candidate place that ``name_key`` (the key or any spelling of any of its
    spellings) names in ``frame``, most frequent first. Unknown: an :class:`InputError` naming the closest
    candidates."""
    key = spelling_key(name_key)
    summary = summarise(frame, gazetteer)
    for r in summary.itertuples(index=False):
        if key == r.name_key or key in {spelling_key(s) for s in r.spellings}:
            return list(r.spellings)
    wanted = skeleton(name_key)
    near = [str(r.name_key) for r in summary.itertuples(index=False)
            if (wanted and any(distance(wanted, skeleton(s)) <= 1 for s in r.spellings))
            or (key and key[:4] in r.name_key)]
    hint = f"; did you mean {', '.join(map(repr, near[:5]))}?" if near else "; see 'geotrack candidates'"
    msg = f"no candidate {name_key!r} among {len(summary)} stored candidate name(s){hint}"
    raise InputError(msg)


__all__ = ["BASE_WORDS", "COLUMNS", "SiteSpelling", "candidate_spellings", "core", "likely_site", "site_index",
           "summarise"]
