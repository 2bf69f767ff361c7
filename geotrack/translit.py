"""A transliteration skeleton: one comparable key for the Latin and Arabic spellings of one place name.

Pure functions over strings; this module imports nothing of geotrack. :func:`skeleton` reduces a name to
its consonants, written with one Arabic letter per *class* of sounds a writer may render differently,
word by word (words are kept apart by one space). :func:`similar` compares two skeletons, tolerating one
edit on long ones.

Rules, in the order they apply (each name is first folded by :func:`fold`: Unicode compatibility
decomposition, case folding, accents, Arabic diacritics and tatweel dropped, alef forms ``أ إ آ ٱ`` → ``ا``,
``ى`` → ``ي``, ``ة`` → ``ه``; apostrophes and ``ʿ ʾ ‘ ’ ` ´`` (ayn, hamza) dropped; hyphens, dots, underscores
and every other non-letter separate words):

1. **Latin articles** ``al el as ash ad adh ar at ath az an es ed er et ez en`` are dropped as words
   (``al-Kharrouba``, ``Al Kharrouba``, ``as-Sarra``) when a word that is not an article follows, and
   ``al``/``el`` fused to a word (``Alkharrouba``, ``Elbeida``) when the word has at least six letters and
   its third is not a vowel (``Alexandria``, ``Alger`` keep theirs). A word ending in vowel + ``t`` before
   an article loses the ``t``: it is the ``ة`` of a construct (``Qaret al-Hamra`` = ``قارة الحمراء``).
2. **Arabic article and prefixes**: ``ال`` and ``وال فال بال كال`` are dropped from the start of a word
   when at least two letters remain, ``لل`` (``ل`` + article) when three remain; a bare ``و ف ب ك ل`` is
   kept (it starts many names: ``وادي``, ``بنينا``). A final ``ة``/``ه`` is dropped.
3. **Vowels**: Latin ``a e i o u y w`` (so ``ou``, ``ee``, ``oo``, doubled vowels, the ``-a``, ``-ia``,
   ``-iya`` endings) and Arabic ``ا و ي ى ء ئ ؤ ع`` (long vowels, hamza and its seats, ayn) are dropped,
   except a semivowel that starts a word before a vowel: Latin ``w``/``y``/``ou`` → ``و``/``ي``/``و``,
   Arabic initial ``و``/``ي`` kept (``Wadi`` = ``Ouadi`` = ``وادي`` → ``ود``). A Latin final ``h`` after a
   vowel is the ``ة`` of ``-ah`` and is dropped (``Misratah`` = ``Misrata``).
4. **Consonant classes** (Latin digraphs first):

   ======  ============================================  ==================
   class   Latin                                         Arabic
   ======  ============================================  ==================
   ``ب``   b, p                                          ب پ
   ``ت``   t, th                                         ت ط ث
   ``د``   d, dh                                         د ض ذ ظ
   ``ج``   j, dj, g before e/i/y                         ج
   ``ح``   h                                             ح ه (not final)
   ``خ``   kh, x                                         خ
   ``ر``   r                                             ر
   ``ز``   z                                             ز ژ
   ``س``   s, c before e/i/y                             س ص
   ``ش``   sh, ch, sch                                   ش چ
   ``غ``   gh                                            غ
   ``ف``   f, ph, v                                      ف ڤ
   ``ق``   q, k, ck, c, g (otherwise)                    ق ك ک گ
   ``ل``   l                                             ل
   ``م``   m                                             م
   ``ن``   n                                             ن
   ======  ============================================  ==================

   (``q``/``g``/``k`` are one class because Libyan ``ق`` is said and written ``g``: Gardabiya =
   ``القرضابية``; French ``ch`` is ``ش``; ``x`` is kept with ``خ``.)
5. **Doubled letters**: two equal classes in a row inside a word become one (``Kharrouba``, ``Wattiya``,
   shadda); two equal classes with a vowel between them keep an ``ا`` there (``Benina`` = ``بنينا`` →
   ``بنان``, never ``بن`` like ``Bin``). Words that keep no consonant disappear.

Examples (all in the tests)::

    skeleton("al-Kharrouba") == skeleton("الخروبة") == skeleton("Al-Kharruba") == skeleton("Kharouba") == "خرب"
    skeleton("Benina") == skeleton("Bnina") == skeleton("بنينا") == "بنان"
    skeleton("Jufra") == skeleton("Djoufrah") == skeleton("الجفرة") == "جفر"
    skeleton("Maaten al-Sarra") == skeleton("معطن السارة") == "متن سر"
    skeleton("Qaret al-Hamra") == skeleton("قارة الحمراء") == "قر حمر"
    skeleton("Gardabiya") == skeleton("القرضابية") == "قردب"
    skeleton("Wadi") == skeleton("Ouadi") == skeleton("وادي") == "ود"

The skeleton is idempotent (``skeleton(skeleton(x)) == skeleton(x)``: its letters are fixed points of the
rules) and does not change with case, accents, Arabic diacritics, hyphens for spaces, or a Latin article
written fused, hyphenated or spaced.

Similarity (:func:`similar`): equal skeletons, or skeletons of at least :data:`LONG` consonants each that
differ by one edit (a letter inserted, deleted or replaced, a space included: ``Bir Zaltan`` ~
``Birzaltan``, ``Bir Lahmar`` ~ ``بئر الأحمر``). Short names must be equal: one edit in three consonants
is another name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Skeletons with at least this many consonants (spaces not counted) may differ by one edit.
LONG = 5

#: Latin articles dropped as words (rule 1).
LATIN_ARTICLES = frozenset("al el as ash ad adh ar at ath az an es ed er et ez en".split())
_FUSED_ARTICLES = ("al", "el")
_LATIN_VOWELS = frozenset("aeiouyw")
_PLAIN_VOWELS = "aeiou"
_AR_VOWELS = frozenset("اويىءئؤع")
_MARK = "ا"  # a vowel between two equal consonant classes

_DROP_CHARS = "'\u2018\u2019\u02bc\u02bb\u02bf\u02be`\u00b4\u0640"  # apostrophes, ayn/hamza signs, tatweel
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ھ": "ه"})
_WORD_RE = re.compile(r"[a-z]+|[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")

_AR_CLASS: dict[str, str] = {}
for _letters, _cls in (("بپ", "ب"), ("تطث", "ت"), ("دضذظ", "د"), ("ج", "ج"), ("حه", "ح"), ("خ", "خ"),
                       ("ر", "ر"), ("زژ", "ز"), ("سص", "س"), ("شچ", "ش"), ("غ", "غ"), ("فڤ", "ف"),
                       ("قكکگ", "ق"), ("ل", "ل"), ("م", "م"), ("ن", "ن")):
    for _c in _letters:
        _AR_CLASS[_c] = _cls
#: The letters a skeleton is written with (and the two initial semivowels).
SKELETON_LETTERS = frozenset(_AR_CLASS.values()) | {"و", "ي"}

_LATIN_DIGRAPHS = (("sch", "ش"), ("kh", "خ"), ("gh", "غ"), ("sh", "ش"), ("ch", "ش"), ("dj", "ج"), ("dh", "د"),
                   ("th", "ت"), ("ph", "ف"), ("ck", "ق"))
_LATIN_SINGLE = {"b": "ب", "p": "ب", "t": "ت", "d": "د", "j": "ج", "h": "ح", "x": "خ", "r": "ر", "z": "ز",
                 "s": "س", "f": "ف", "v": "ف", "q": "ق", "k": "ق", "l": "ل", "m": "م", "n": "ن"}


def fold(text: str) -> str:
    """Case, accents, Arabic diacritics and orthographic variants folded away (see the module rules)."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) and c not in _DROP_CHARS)
    # NFKD splits آ/أ/إ into alef + a combining mark (dropped above): compose first would keep them
    return unicodedata.normalize("NFC", kept).translate(_ARABIC_FOLD)


_VOWEL = "a"  # a dropped vowel, in the token lists of one word


def _latin_units(word: str) -> list[tuple[str, int]]:
    """One Latin word as (unit, start): a consonant class letter (``w``, ``y`` or ``ou`` before a vowel at the
    start: the semivowel ``و``/``ي``), :data:`_VOWEL` for a vowel letter, ``""`` for a letter outside the model
    (rules 3-4). A final ``h`` after a vowel (``-ah``, ``-eh``: the ة of the ending) is no unit."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(word)
    while i < n:
        c = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        if i == 0 and c in "wy" and nxt in _PLAIN_VOWELS and nxt:
            out.append(("و" if c == "w" else "ي", i))
            i += 1
            continue
        if i == 0 and word.startswith("ou") and n > 2 and word[2] in _PLAIN_VOWELS:
            out.append(("و", i))
            i += 2
            continue
        for digraph, cls in _LATIN_DIGRAPHS:
            if word.startswith(digraph, i):
                out.append((cls, i))
                i += len(digraph)
                break
        else:
            if c in _LATIN_VOWELS:
                out.append((_VOWEL, i))
            elif c == "h" and i == n - 1 and i > 0 and word[i - 1] in _LATIN_VOWELS:
                pass
            elif c in "gc":
                soft = nxt in ("e", "i", "y")
                out.append((("ج" if c == "g" else "س") if soft else "ق", i))
            else:
                out.append((_LATIN_SINGLE.get(c, ""), i))
            i += 1
    return out


def _arabic_stem(word: str) -> str:
    """One Arabic word without its article (``ال``, after و ف ب ك, or ``لل``) and its final ة/ه, where enough
    of the word is left."""
    for prefix, keep in (("وال", 2), ("فال", 2), ("بال", 2), ("كال", 2), ("ال", 2), ("لل", 3)):
        if word.startswith(prefix) and len(word) - len(prefix) >= keep:
            word = word[len(prefix):]
            break
    if word.endswith("ه") and len(word) > 1:
        word = word[:-1]
    return word


def _arabic_tokens(word: str) -> list[str]:
    out: list[str] = []
    for i, c in enumerate(_arabic_stem(word)):
        if i == 0 and c in "وي":
            out.append(c)
        elif c in _AR_VOWELS:
            out.append(_VOWEL)
        else:
            out.append(_AR_CLASS.get(c, ""))
    return out


def _assemble(tokens: list[str]) -> str:
    """Consonant classes of one word: vowels dropped, a doubled class once, and ``ا`` kept between two
    equal classes that a vowel separates (``Benina`` → ``بنان``, not ``بن``)."""
    out: list[str] = []
    vowel = False
    for t in tokens:
        if t == _VOWEL:
            vowel = True
        elif t:
            if out and out[-1] == t:
                if vowel:
                    out.extend((_MARK, t))
            else:
                out.append(t)
            vowel = False
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """The transliteration skeleton of ``name`` (see the module rules); ``""`` when no consonant is left."""
    words = _WORD_RE.findall(fold(name))
    latin = [w.isascii() for w in words]
    # rule 1: Latin articles as words, fused al/el, the construct t before an article
    kept: list[str] = []
    for i, w in enumerate(words):
        if latin[i] and w in LATIN_ARTICLES and any(
                not (latin[j] and words[j] in LATIN_ARTICLES) for j in range(i + 1, len(words))):
            continue
        if latin[i] and len(w) >= 6 and w[:2] in _FUSED_ARTICLES and w[2] not in "aeiou":
            w = w[2:]
        if (latin[i] and i + 1 < len(words) and latin[i + 1] and words[i + 1] in LATIN_ARTICLES
                and len(w) > 2 and w.endswith("t") and w[-2] in "aeiou"):
            w = w[:-1]
        kept.append(_assemble([u for u, _ in _latin_units(w)] if latin[i] else _arabic_tokens(w)))
    return " ".join(k for k in kept if k)


def _arabic_gaps(word: str) -> tuple[list[str], list[int]] | None:
    """One Arabic word (article and final ة/ه dropped) as its consonant classes and, per gap between them (and
    before the first, after the last), how many long vowel letters it writes."""
    cons: list[str] = []
    gaps = [0]
    for i, c in enumerate(_arabic_stem(word)):
        if i == 0 and c in "وي":
            cons.append(c)
            gaps.append(0)
        elif c in _AR_VOWELS:
            gaps[-1] += 1
        elif c in _AR_CLASS:
            if cons and cons[-1] == _AR_CLASS[c] and not gaps[-1]:
                continue  # a doubled letter
            cons.append(_AR_CLASS[c])
            gaps.append(0)
        else:
            return None
    return cons, gaps


@lru_cache(maxsize=65536)
def short_vowels(latin: str, arabic: str) -> tuple[int, ...]:
    """Where the one-word Latin spelling ``latin`` (folded, no article) writes a *short* vowel of the Arabic
    spelling ``arabic`` (one word): the positions of the single vowel letters between two consonants where the
    Arabic writes no long vowel letter (ا و ي). Arabic leaves short vowels unwritten, so a writer may render
    each as a, i or u (Mukhili = Makhili = المخيلي; Hurshah = Harshah = الحرشة), while a long one keeps its
    letter (Hun = هون is never Han). Empty when the two spellings' consonant classes differ (they are not
    one name's) or either word holds a letter outside the model."""
    latin, arabic = fold(latin), fold(arabic)
    if " " in latin or " " in arabic:
        return ()
    frame = _latin_units(latin)
    ar = _arabic_gaps(arabic)
    if not frame or any(not unit for unit, _ in frame) or ar is None:  # a letter outside the model
        return ()
    ar_cons, ar_gaps = ar
    cons: list[str] = []
    slots: list[list[int]] = [[]]
    for unit, pos in frame:
        if unit == _VOWEL:
            slots[-1].append(pos)
        elif cons and cons[-1] == unit and not slots[-1]:
            continue  # a doubled consonant (Kharrouba)
        else:
            cons.append(unit)
            slots.append([])
    if cons != ar_cons:
        return ()
    return tuple(s[0] for k, s in enumerate(slots) if 0 < k < len(cons) and len(s) == 1 and not ar_gaps[k])


def consonants(key: str) -> int:
    """How many consonants a skeleton has (spaces not counted)."""
    return len(key) - key.count(" ")


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by at most one inserted, deleted or replaced character."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


def similar(a: str, b: str) -> bool:
    """Whether two skeletons name one place: equal, or both long (:data:`LONG`) and one edit apart.

    The edit never falls in a short leading word of a name of several words: that word is the generic
    part (``Bir`` a well, ``Qaret`` a hill, ``Wadi``, ``Ain``) and tells two places apart
    (``Qaret al-Ghazal`` is not ``Bir al-Ghazal``)."""
    if a == b:
        return bool(a)
    if not (consonants(a) >= LONG and consonants(b) >= LONG and within_one_edit(a, b)):
        return False
    head_a, _, rest_a = a.partition(" ")
    head_b, _, rest_b = b.partition(" ")
    return not (rest_a and rest_b and min(len(head_a), len(head_b)) <= 3 and head_a != head_b)


def distance(a: str, b: str) -> int:
    """0 for equal skeletons, 1 for skeletons :func:`similar` but not equal, 2 otherwise."""
    if a == b and a:
        return 0
    return 1 if similar(a, b) else 2


__all__ = ["LATIN_ARTICLES", "LONG", "SKELETON_LETTERS", "consonants", "distance", "fold", "short_vowels", "similar",
           "skeleton", "within_one_edit"]
