"""The variant model: spellings a writer may use, generated from the spellings the gazetteer lists.

Pure functions over normalised spellings (see :func:`geotrack.gazetteer.spelling_key`); nothing here reads
files. The matcher puts the generated spellings in the same automaton as the listed ones, with a rule and
a confidence of their own (``generated``), and asks for context where a generated spelling is short.

**Latin** (:func:`latin_variants`): the alternations of transliteration, each applied where it fits, at
most :data:`MAX_LATIN_EDITS` of them in one spelling (one in a name of fewer than six letters):

- vowels: ``a``/``e``, ``e``/``i``, ``i``/``e``, ``u``/``o``/``ou``, ``o``/``u``/``ou``, ``aa``/``a``,
  ``ee``/``i``, ``oo``/``u``, the diphthongs ``ay ai ei ey ee``, ``aw``/``ou``/``ao``/``aou``, and the
  French ``ou`` for a ``w`` that starts a word (Watiya → Ouatiya) or follows ``u`` (Zuwara → Zouara);
- consonants: ``q``/``g``/``k``, ``gh``/``g``, ``kh``/``k``, ``sh``/``ch``, ``th``/``t``, ``dh``/``d``,
  ``j``/``dj``/``g``; a doubled consonant written single and the reverse (Wazin → Wazzin);
- endings: ``-a``/``-ah``, ``-iya``/``-ia``/``-iyah``/``-iyya`` (never a final ``-i`` the listed spelling
  lacks: Misrati, Zintani are adjectives and surnames);
- the Latin article fused to the name (Elkufra, Alkhums) when a listed spelling has an article, and an
  internal article fused to the next word (Maaten Assarra, Brak Ashati).

**Arabic** (:func:`arabic_variants`), one edit per spelling (on the normalised form, where ة/ه, ى/ي and
the hamza seats are already one letter): a long vowel letter (ا و ي) dropped inside a word or added
between two consonants, a final ه written ا (زوارة/زوارا), ت/ط and س/ص exchanged (زليتن/زليطن), ابن/بن,
and the article ال dropped (الزنتان → زنتان). A generated one-word Arabic spelling keeps at least
:data:`ARABIC_MIN` letters besides its article (a shorter one is too likely a word: زوارة → زاره, and with
و, وزارة "ministry"); the gazetteer generates Arabic variants only from curated spellings that need no
context (a name that is also a word has variants that are words).
"""

from __future__ import annotations

import re
from typing import Final

#: The most alternations applied to one Latin spelling (a name of fewer than six letters: one).
MAX_LATIN_EDITS: Final = 2
#: The cap on spellings generated from one listed spelling (the first ones, with the fewest edits, kept).
MAX_PER_SPELLING: Final = 400
#: The fewest letters of each word (its article ال not counted) of a generated Arabic spelling.
ARABIC_MIN: Final = 5
#: Below this many letters a generated spelling needs context near it.
SHORT: Final = 6

_VOWELS: Final = "aeiou"
# (pattern, alternatives): tried in this order at each position, the first that matches is the site
_LATIN_RULES: Final[tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = tuple(
    (re.compile(p), alts) for p, alts in (
        (r"iyy?ah?\b", ("iya", "ia", "iyah", "iyya")),
        (r"iah?\b", ("ia", "iya", "iyah")),
        (r"(?<=[a-z])ah\b", ("ah", "a")),
        (r"(?<=[^aeiou ])a\b", ("a", "ah")),
        (r"([bcdfghjklmnpqrstvwz])\1", ("=1",)),  # doubled → single (computed)
        (r"aou|aw(?=[^aeiouw]|\b)", ("aw", "ou", "ao", "aou")),
        (r"aw(?=a)", ("aw", "ou")),
        (r"iy(?=a)", ("iy", "i")),
        (r"uw", ("uw", "ou", "ouw")),
        (r"\bw(?=[aeiou])", ("w", "ou")),
        (r"ou", ("ou", "u", "o")),
        (r"ay|ai|ei|ey", ("ay", "ai", "ei", "ee")),
        (r"aa", ("aa", "a")),
        (r"ee", ("ee", "i")),
        (r"oo", ("oo", "u")),
        (r"gh", ("gh", "g")),
        (r"kh", ("kh", "k")),
        (r"sh", ("sh", "ch")),
        (r"ch", ("ch", "sh")),
        (r"th", ("th", "t")),
        (r"dh", ("dh", "d")),
        (r"dj", ("dj", "j")),
        (r"j", ("j", "dj", "g")),
        (r"q", ("q", "g", "k")),
        (r"g(?=[aou])", ("g", "q")),
        (r"k", ("k", "q")),
        (r"(?<=[aeiou])([bdlmnrstz])(?=[aeiou])", ("=2",)),  # single → doubled (computed)
        (r"a", ("a", "e")),
        (r"e", ("e", "a", "i")),
        (r"i", ("i", "e")),
        (r"u", ("u", "o", "ou")),
        (r"o", ("o", "u", "ou")),
    )
)
_ARTICLES: Final = ("al", "el")
_INTERNAL_ARTICLES: Final = frozenset({"al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "es", "ed", "er", "et",
                                       "ez", "en"})


def _sites(word: str) -> list[tuple[int, int, tuple[str, ...]]]:
    """Where in ``word`` an alternation applies: (start, end, alternatives, the original first)."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    i = 0
    n = len(word)
    while i < n:
        for pattern, alts in _LATIN_RULES:
            m = pattern.match(word, i)
            if m is None or m.end() == i:
                continue
            seg = m.group(0)
            if alts == ("=1",):
                options: tuple[str, ...] = (seg, seg[0])
            elif alts == ("=2",):
                options = (seg, seg + seg)
            else:
                options = (seg, *(a for a in alts if a != seg))
            out.append((i, m.end(), options))
            i = m.end()
            break
        else:
            i += 1
    return out


def latin_variants(key: str, has_article: bool = False) -> set[str]:
    """The Latin spellings generated from the normalised spelling ``key`` (``key`` itself excluded)."""
    sites = _sites(key)
    letters = sum(c.isalpha() for c in key)
    budget = 1 if letters < SHORT else MAX_LATIN_EDITS
    out: list[str] = []
    seen = {key}

    def build(choice: dict[int, str]) -> str:
        parts: list[str] = []
        last = 0
        for k, (a, b, _opts) in enumerate(sites):
            if k in choice:
                parts.append(key[last:a])
                parts.append(choice[k])
                last = b
        parts.append(key[last:])
        return "".join(parts)

    # one edit, then two (breadth first: the cap keeps the closest spellings)
    singles = [(k, o) for k, (_a, _b, opts) in enumerate(sites) for o in opts[1:]]
    for k, o in singles:
        v = build({k: o})
        if v not in seen:
            seen.add(v)
            out.append(v)
    if budget >= 2:
        for x in range(len(singles)):
            for y in range(x + 1, len(singles)):
                (k1, o1), (k2, o2) = singles[x], singles[y]
                if k1 == k2:
                    continue
                v = build({k1: o1, k2: o2})
                if v not in seen:
                    seen.add(v)
                    out.append(v)
                if len(out) >= MAX_PER_SPELLING:
                    break
            if len(out) >= MAX_PER_SPELLING:
                break
    result = set(out[:MAX_PER_SPELLING])
    # articles fused: Elkufra, Alkhums (a listed spelling has the article); Maaten Assarra, Brak Ashati
    bases = [key, *out[:len(singles)]]
    if has_article and " " not in key and letters >= 4:
        for b in bases:
            result.update(a + b for a in _ARTICLES)
    words = key.split(" ")
    for i in range(1, len(words) - 1):
        if words[i] in _INTERNAL_ARTICLES and len(words[i + 1]) >= 3:
            nxt = words[i + 1]
            fused = {words[i] + nxt, "a" + nxt}  # al sarra → alsarra; ash shati → ashshati, ashati
            if words[i] in {"ash", "as", "ad", "ar", "at", "az", "an", "es", "ed", "er", "et", "ez", "en"}:
                fused.add(words[i] + nxt[len(words[i]) - 1:])  # ash shati → ashati, as sarra → asarra
                fused.add(words[i][0] + nxt)
                fused.add("a" + words[i][1:] + nxt)
            for f in fused:
                result.add(" ".join([*words[:i], f, *words[i + 2:]]))
    result.discard(key)
    # a final -i the listed spelling lacks makes an adjective or a surname (Misrata → Misrati, Zintani)
    nisba = not key.endswith("i")
    return {r for r in result if r and "  " not in r and not (nisba and r.endswith("i"))}


_AR_LONG: Final = "اوي"
_AR_SWAPS: Final = {"ت": "ط", "ط": "ت", "س": "ص", "ص": "س"}


def arabic_variants(key: str) -> set[str]:
    """The Arabic spellings generated from the normalised spelling ``key``, one edit each."""
    out: set[str] = set()
    words = key.split(" ")
    for wi, w in enumerate(words):
        core_start = 2 if w.startswith("ال") and len(w) > 4 else 0

        def put(new: str, wi: int = wi) -> None:
            out.add(" ".join([*words[:wi], new, *words[wi + 1:]]))

        if w in {"ابن", "بن"}:
            put("بن" if w == "ابن" else "ابن")
            continue
        if len(w) - core_start < 3:
            continue
        for i in range(core_start + 1, len(w) - 1):
            c = w[i]
            if c in _AR_LONG:
                put(w[:i] + w[i + 1:])
            elif w[i - 1] not in _AR_LONG and i - 1 >= core_start:
                for v in _AR_LONG:
                    put(w[:i] + v + w[i:])
        for i in range(core_start, len(w)):
            swap = _AR_SWAPS.get(w[i])
            if swap:
                put(w[:i] + swap + w[i + 1:])
        if w.endswith("ه") and len(w) - core_start >= 4:
            put(w[:-1] + "ا")
        if w.endswith("ا") and len(w) - core_start >= 4 and wi == len(words) - 1:
            put(w[:-1] + "ه")
    if key.startswith("ال") and " " not in key:
        out.add(key[2:])
    out.discard(key)
    # a short spelling is too likely a word with an attached prefix (زوارة → زاره → وزارة "ministry")
    return {v for v in out if " " in v or len(v.removeprefix("ال")) >= ARABIC_MIN}


def is_short(spelling: str) -> bool:
    """Fewer than :data:`SHORT` letters (spaces not counted): a generated spelling that needs context."""
    return sum(c.isalpha() for c in spelling) < SHORT


__all__ = ["ARABIC_MIN", "MAX_LATIN_EDITS", "MAX_PER_SPELLING", "SHORT", "arabic_variants", "is_short", "latin_variants"]
