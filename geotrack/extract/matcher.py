"""Find gazetteer sites in a text: one Aho-Corasick scan, word boundaries, context rules.

The steps, for one text:

1. normalise it (:func:`normalize`);
2. scan the normalised text once with an automaton over every normalised spelling; Arabic spellings
   that begin with the article ال are stored without it, so that ``للكفرة`` (ل + ال, alef dropped) is
   found as well as ``الكفرة`` and ``بالكفرة``;
3. keep a hit only on word boundaries: nothing alphanumeric after it (an English possessive ``'s``
   excepted) and, before it, either nothing alphanumeric (Latin) or only an allowed chain of attached
   Arabic prefixes (و ف ب ل ك, ال, لل);
4. resolve overlaps: leftmost, then longest, wins (``براك الشاطئ`` before ``براك``);
5. give each hit a confidence: spellings that are also ordinary words need context (see
   ``data/gazetteer/README.md``: ``variants_doc``, ``variants_local``, ``variants_strict``) and are
   dropped when a negative cue (``لبنان`` for طرابلس) is in their sentence;
6. map offsets back to the original text, and cut the sentence around each mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick

from geotrack.extract.normalize import OffsetMap, normalize
from geotrack.gazetteer import spelling_key
from geotrack.models import Mention, Site

if TYPE_CHECKING:
    from geotrack.gazetteer import Gazetteer

LEVEL = {"variants": 0, "variants_doc": 1, "variants_local": 2, "variants_strict": 3}

#: Confidence given by each rule. Rules whose value is below the default threshold (0.5) are reported
#: only when asked for with a lower ``min_confidence``.
CONFIDENCE = {
    "gazetteer+cue": 0.98,
    "gazetteer": 0.95,
    "context:cue": 0.9,
    "context:adjacent": 0.88,
    "context:preposition": 0.8,
    "context:document": 0.7,
    "context:document+military": 0.7,
    "bulk": 0.7,
    "bulk+context": 0.6,
    "ambiguous:no-context": 0.2,
    "ambiguous:negative-cue": 0.05,
}

_AL_PREFIXES = frozenset({"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال", "وكال", "فكال"})
_PLAIN_PREFIXES = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
_ARTICLES = ("al ", "el ")
_ASSIMILATED = ("ash ", "ath ", "adh ", "as ", "ad ", "ar ", "at ", "az ", "an ", "es ", "ed ", "er ", "et ", "ez ", "en ")
_SUN_LETTERS = {"t": "at", "d": "ad", "r": "ar", "z": "az", "s": "as", "n": "an"}


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


#: Words that say the next (or previous) name is an air base or airfield.
KIND_CUES_BEFORE = _norm_set(
    "قاعدة قاعدتي قاعدتا قواعد القاعدة مطار مطاري مطارات المطار مهبط مهابط مدرج base bases airbase airbases "
    "airfield airfields airport airports airstrip airstrips aerodrome aéroport aéroports"
)
KIND_CUES_AFTER = _norm_set(
    "الجوية الجويه العسكرية العسكريه الجويتين base airbase airfield airport airstrip air aéroport aerodrome"
)
#: Words that say the name is a place: town, region, district.
PLACE_CUES_BEFORE = _norm_set(
    "مدينة مدينتي مدن بلدة بلدات منطقة مناطق واحة بلدية ضواحي أطراف محور مدخل وسط سكان أهالي town city "
    "oasis region district municipality outskirts ville région oasis"
)
PLACE_CUES_AFTER = _norm_set("town city oasis district region municipality residents")
PREPOSITIONS = _norm_set(
    "في من إلى الى نحو قرب قُرب حول داخل عند بين باتجاه جنوب شمال شرق غرب جنوبي شمالي شرقي غربي تجاه "
    "in near from to at around outside into toward towards via between south north east west à de vers près "
    "dans"
)
MILITARY = _norm_set(
    "قاعدة قواعد القاعدة عسكرية عسكري العسكرية العسكري طائرات طائرة طيران الطيران قوات القوات مقاتلين مرتزقة "
    "شحنات أسلحة الأسلحة ذخائر روسية الروسية روسيا الروس تركيا التركية دفاع الدفاع جوي الجوي الجوية مدرج "
    "military aircraft troops forces flights cargo russian russia turkish base bases air weapons"
)
_LIBYA_RE = re.compile(r"(?<!\w)[وبلفك]{0,2}(?:ليبيا|ليبي|الليبي|الليبيه|الليبيين|libya|libyan|libye|libyen|libyenne)(?!\w)")
_SEPARATORS = re.compile(r"[\s،,;/&؛]+")
_GAP_WORDS = frozenset({"", "and", "et", "or", "ou", "و", "او", "ثم"})
_SENT_END_RE = re.compile(r"[.!?؟…]+(?=[\s\"'»”)\]]|$)|\n")
_OF_WORDS = frozenset({"of", "de", "d", "du"})
_TOKEN_STRIP = ".,;:!?()[]{}\"'«»“”،؛؟"
SENTENCE_MAX = 600


@dataclass(frozen=True, slots=True)
class _Entry:
    site: Site
    level: int
    arabic: bool
    al_stem: bool
    bulk: bool


@dataclass(slots=True)
class _Hit:
    ns: int  # normalised start, prefix or article included
    ne: int
    core: int  # normalised start of the name itself
    entry: _Entry
    prefix: str


def _latin_forms(key: str) -> set[str]:
    """Internal-article variants of a Latin spelling: ``maaten al sarra`` → ``maaten as sarra`` ..."""
    words = key.split(" ")
    options: list[list[str]] = []
    for i, w in enumerate(words):
        if 0 < i < len(words) - 1 and w in {"al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "es", "ed", "er", "et", "ez", "en"}:
            nxt = words[i + 1]
            opts = {"al", "el"}
            sun = "ash" if nxt.startswith("sh") else "ath" if nxt.startswith("th") else _SUN_LETTERS.get(nxt[:1])
            if sun:
                opts |= {sun, "e" + sun[1:]}
            options.append(sorted(opts | {w}))
        else:
            options.append([w])
    forms = {""}
    for opts in options:
        forms = {f"{f} {o}".strip() for f in forms for o in opts}
    return forms


def _is_arabic(s: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in s)


def _clean_token(tok: str) -> str:
    return tok.strip(_TOKEN_STRIP)


def _has_cue(tokens: list[str], cues: frozenset[str]) -> bool:
    for tok in tokens:
        t = _clean_token(tok)
        if t in cues or (len(t) > 3 and (t[1:] in cues or t[2:] in cues)):
            return True
    return False


class Matcher:
    """The compiled matcher of one :class:`~geotrack.gazetteer.Gazetteer`. Thread-safe for reading."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        table: dict[str, list[_Entry]] = {}
        for key, (site, level_name) in gazetteer.resolve_claims().items():
            level = LEVEL[level_name]
            bulk = site.layer == "bulk"
            if _is_arabic(key):
                if key.startswith("ال") and len(key) > 4:
                    table.setdefault(key[2:], []).append(_Entry(site, level, True, True, bulk))
                else:
                    table.setdefault(key, []).append(_Entry(site, level, True, False, bulk))
            else:
                for form in _latin_forms(key):
                    table.setdefault(form, []).append(_Entry(site, level, False, False, bulk))
        self._automaton = ahocorasick.Automaton()
        for key, entries in table.items():
            # ال-stems are tried before plain spellings of the same letters
            entries.sort(key=lambda e: (not e.al_stem, e.level))
            self._automaton.add_word(key, (len(key), tuple(entries)))
        self._automaton.make_automaton()
        self._negative: dict[str, re.Pattern[str]] = {}
        for site in gazetteer:
            if site.negative_cues:
                alts = "|".join(sorted({re.escape(normalize(c)) for c in site.negative_cues}, key=len, reverse=True))
                self._negative[site.id] = re.compile(rf"(?<!\w)[وبلفك]{{0,2}}(?:{alts})(?!\w)")
        self.pattern_count = len(table)

    # ------------------------------------------------------------------------------------------------
    def find(self, text: str, *, min_confidence: float = 0.5, doc_id: str = "") -> list[Mention]:
        """Every site mention in ``text`` with ``confidence >= min_confidence``, in text order."""
        norm = normalize(text)
        hits = self._scan(norm)
        if not hits:
            return []
        omap: OffsetMap | None = OffsetMap(text) if len(norm) != len(text) else None
        hits = self._resolve_overlaps(hits)
        return self._score(text, norm, omap, hits, min_confidence, doc_id)

    # ------------------------------------------------------------------------------------------------
    def _scan(self, norm: str) -> list[_Hit]:
        n = len(norm)
        hits: list[_Hit] = []
        for end_idx, (length, entries) in self._automaton.iter(norm):
            ne = end_idx + 1
            s = ne - length
            possessive = False
            if ne < n and norm[ne].isalnum():
                if norm[ne] == "s" and not entries[0].arabic and (ne + 1 == n or not norm[ne + 1].isalnum()):
                    possessive = True  # Jufra's (apostrophe deleted by normalisation); checked below
                else:
                    continue
            if s == 0 or not norm[s - 1].isalnum():
                prefix = ""
            else:
                w = s - 1
                while w > 0 and norm[w - 1].isalnum():
                    w -= 1
                    if s - w > 4:
                        break
                if s - w > 4:
                    continue
                prefix = norm[w:s]
            for entry in entries:
                if entry.arabic:
                    if (prefix in _AL_PREFIXES) if entry.al_stem else (prefix in _PLAIN_PREFIXES):
                        hits.append(_Hit(s - len(prefix), ne, s, entry, prefix if not possessive else "'s"))
                        break
                elif not prefix:
                    ns = s
                    for art in _ARTICLES:
                        k = len(art)
                        if norm[s - k:s] == art and (s == k or not norm[s - k - 1].isalnum()):
                            ns = s - k
                            break
                    hits.append(_Hit(ns, ne, s, entry, "'s" if possessive else ""))
                    break
        return hits

    @staticmethod
    def _resolve_overlaps(hits: list[_Hit]) -> list[_Hit]:
        hits.sort(key=lambda h: (h.ns, h.ns - h.ne))
        out: list[_Hit] = []
        last_end = -1
        for h in hits:
            if h.ns >= last_end:
                out.append(h)
                last_end = h.ne
        return out

    # ------------------------------------------------------------------------------------------------
    def _score(self, text: str, norm: str, omap: OffsetMap | None, hits: list[_Hit],
               min_confidence: float, doc_id: str) -> list[Mention]:
        doc_context: bool | None = None
        bounds: list[int] | None = None
        out: list[Mention] = []
        for i, h in enumerate(hits):
            entry = h.entry
            site = entry.site
            start = omap.start(h.ns) if omap else h.ns
            end = omap.end(h.ne) if omap else h.ne
            if h.prefix == "'s":
                # possessive: only when the original really has an apostrophe right after the name
                if end >= len(text) or text[end] not in "'’ʼ":
                    continue
            elif not entry.arabic and h.ns == h.core:
                start = self._assimilated_article(text, norm, h, start, omap)
            if bounds is None:
                bounds = [m.end() for m in _SENT_END_RE.finditer(text)]
            sentence = _sentence(text, bounds, start, end)
            if entry.level == 0:
                if entry.bulk:
                    rule = "bulk"
                elif _has_cue(norm[max(0, h.ns - 30):h.ns].split()[-2:], KIND_CUES_BEFORE) or _has_cue(
                    norm[h.ne:h.ne + 20].split()[:1], KIND_CUES_AFTER
                ):
                    rule = "gazetteer+cue"
                else:
                    rule = "gazetteer"
            else:
                if doc_context is None:
                    doc_context = any(o.entry.level == 0 and not o.entry.bulk for o in hits) or bool(
                        _LIBYA_RE.search(norm)
                    )
                rule = self._context_rule(norm, hits, i, sentence, doc_context)
                if entry.bulk and not rule.startswith("ambiguous"):
                    rule = "bulk+context"
            confidence = CONFIDENCE[rule]
            if confidence < min_confidence:
                continue
            out.append(
                Mention(
                    site_id=site.id,
                    surface=text[start:end],
                    start=start,
                    end=end,
                    sentence=sentence,
                    confidence=confidence,
                    rule=rule,
                    lat=site.lat,
                    lon=site.lon,
                    kind=site.kind,
                    name=site.name_en,
                    doc_id=doc_id,
                )
            )
        return out

    @staticmethod
    def _assimilated_article(text: str, norm: str, h: _Hit, start: int, omap: OffsetMap | None) -> int:
        """Extend ``start`` over an assimilated article written with a hyphen (``as-Sarra``)."""
        if start == 0 or text[start - 1] not in "-‐‑":
            return start
        for art in _ASSIMILATED:
            k = len(art)
            if norm[h.core - k:h.core] == art and (h.core == k or not norm[h.core - k - 1].isalnum()):
                return omap.start(h.core - k) if omap else h.core - k
        return start

    def _context_rule(self, norm: str, hits: list[_Hit], i: int, sentence: str, doc_context: bool) -> str:
        h = hits[i]
        entry = h.entry
        neg = self._negative.get(entry.site.id)
        if neg is not None and neg.search(normalize(sentence)):
            return "ambiguous:negative-cue"
        before = norm[max(0, h.ns - 40):h.ns].split()[-2:]
        after = norm[h.ne:h.ne + 30].split()[:2]
        if _has_cue(before, KIND_CUES_BEFORE) or _has_cue(after[:1], KIND_CUES_AFTER):
            return "context:cue"
        if self._adjacent(norm, hits, i):
            return "context:adjacent"
        if entry.level == 3:
            if doc_context and _has_cue(normalize(sentence).split(), MILITARY):
                return "context:document+military"
            return "ambiguous:no-context"
        place_before = before[-2:] if before and _clean_token(before[-1]) in _OF_WORDS else before[-1:]
        if _has_cue(place_before, PLACE_CUES_BEFORE) or _has_cue(after[:1], PLACE_CUES_AFTER):
            return "context:cue"
        if (h.prefix and ("ب" in h.prefix or h.prefix.endswith("ل"))) or _has_cue(before[-1:], PREPOSITIONS):
            return "context:preposition"
        if entry.level == 1 and doc_context:
            return "context:document"
        return "ambiguous:no-context"

    @staticmethod
    def _adjacent(norm: str, hits: list[_Hit], i: int) -> bool:
        """Is an unambiguous site named right before or after, joined by a comma, 'and' or و?"""
        for j in (i - 1, i + 1):
            if 0 <= j < len(hits) and hits[j].entry.level == 0:
                a, b = (hits[j].ne, hits[i].ns) if j < i else (hits[i].ne, hits[j].ns)
                if b - a > 12:
                    continue
                gap = _SEPARATORS.sub(" ", norm[a:b]).strip()
                if all(w in _GAP_WORDS for w in gap.split()) or gap in _GAP_WORDS:
                    return True
        return False


def _sentence(text: str, bounds: list[int], start: int, end: int) -> str:
    i = bisect_right(bounds, start)
    a = bounds[i - 1] if i else 0
    j = bisect_right(bounds, end - 1)
    b = bounds[j] if j < len(bounds) else len(text)
    sent = text[a:b].strip()
    if len(sent) > SENTENCE_MAX:
        mid = start - a
        lo = max(0, mid - SENTENCE_MAX // 2)
        sent = ("…" if lo else "") + text[a + lo:a + lo + SENTENCE_MAX].strip() + "…"
    return sent


__all__ = ["CONFIDENCE", "Matcher", "spelling_key"]
