"""The variant model: spellings a writer may use, generated from the spellings the gazetteer lists.

Pure functions over normalised spellings (see :func:`geotrack.gazetteer.spelling_key`); nothing here reads
files. The matcher puts the generated spellings in the same automaton as the listed ones, with a rule and
a confidence of their own (``generated``), and asks for context where a generated spelling is short.

**Latin** (:func:`latin_variants`): the alternations of transliteration, each applied where it fits, at
most :data:`MAX_LATIN_EDITS` of them in one spelling (one in a name of fewer than six letters):

- vowels: ``a``/``e``, ``e``/``i``, ``i``/``e``, ``u``/``o``/``ou``, ``o``/``u``/``ou``, ``aa``/``a``,
  ``ee``/``i``, ``oo``/``u``, the diphthongs ``ay ai ei ey ee`` (and ``i`` or ``e`` before a consonant: ي read as a
  long vowel, Rahaibat → Rahibat, Zuwaytinah → Zuwetina; never ``ay`` before a doubled y, Bayyadah → Bayada),
  ``aw``/``ou``/``ao``/``aou``, and the
  French ``ou`` for a ``w`` that starts a word (Watiya → Ouatiya) or follows ``u`` (Zuwara → Zouara);
- consonants: ``q``/``g``/``k``, ``gh``/``g``, ``kh``/``k``, ``sh``/``ch``, ``th``/``t``, ``dh``/``d``,
  ``j``/``dj``/``g`` (and the Italian ``gi`` before a, o, u: Tagiura); a doubled consonant written single and the reverse (Wazin → Wazzin);
- endings: ``-a``/``-ah``, ``-iya``/``-ia``/``-iyah``/``-iyya`` (never a final ``-i`` the listed spelling
  lacks: Misrati, Zintani are adjectives and surnames);
- particles (:func:`_particle_forms`), besides those edits: umm/oum/um, abu/abou/bou, bin/ben/ibn (joined to the next
  word or not), an article inside the name with the other vowel or dropped (Umm ar Rizam → Oum er-Rezem, Umm Rizam);
- read from the site's Arabic spelling of the same name (the caller passes it; :func:`_arabic_rules`): ``d``/``dh``
  where it writes ض or ذ (Khadra → Khadhra), ``i`` after ``w`` written ``ay``/``ai`` where it writes وي (Wigh →
  Waigh), ``a``/``aa`` before the last consonant where it ends with ا and a consonant (Qian → Qiaan); the ending
  ``-a``/``-ah`` with every one-edit form of a short name (Zuila → Zuwaylah), a final long
  ``i`` written ``ie`` or ``y`` (Nafi → Nafie, Tripoli → Tripoly), a long ``i`` written ``ee`` or ``ei`` where the Arabic
  writes ي (Abid → Abeed, Zinah → Zeinah; never at a short vowel of the Arabic form, never with French orthography),
  a last long ``i`` written ``ee`` where every Arabic spelling ends with ي (Ubari → Ubaree: one edit alone), a long
  vowel written doubled with one consonant edit in a short name (Ghat → Gaat), ``-iya`` written ``-ya`` (Watiya →
  Watya);
- the Latin article fused to the name (Elkufra, Alkhums) when a listed spelling has an article, assimilated
  to a sun letter that starts it (t d r z s n: Essouani, Ezzaouia, Assider), written ``l`` before a vowel as Libyan
  speech says it (Labyar, Umm Laranib), and an internal article fused to the next word (Maaten Assarra, Brak Ashati);
- the habits of foreign writers (:func:`french`, :func:`russian`, :func:`turkish`, :func:`german`): French
  ``ou``/``dj``/``ch``, Russian ``dzh``/``kh``/``v`` (or the traditional ``u`` of у for a w: Uig), Turkish ``c``/``v``
  and its vowel harmony (Benine), German ``dsch``/``sch``/``s`` for z (Dschalu, Audschila, Sella); the Russian and
  Turkish ones on a doubled consonant written once too (Bin-Dzhavad); the Italian ``u`` for a w that starts a word
  (Uigh, Ualid).

**Latin written in Arabic letters** (:func:`arabic_transcriptions`): a Latin spelling transcribed letter by letter,
every vowel long, as the translated foreign press and the Arabic writing of old Italian names do (Tripoli → تريبولي,
Giarabub → جارابوب); the gazetteer generates them from Latin spellings that are no word.

**Arabic** (:func:`arabic_variants`), one edit per spelling (on the normalised form, where ة/ه, ى/ي and
the hamza seats are already one letter): a long vowel letter (ا و ي) dropped inside a word (not و or ي after ا,
a consonant there: تاوخيرا never loses its و to become تأخيرا "a delay") or added
between two consonants, a final ه written ا (زوارة/زوارا), ت/ط and س/ص exchanged (زليتن/زليطن), ابن/بن,
بن joined to a neighbouring word (قصربن غشير, بنجواد), a final ئ of a later word written ىء (براك الشاطىء),
the article ال dropped (الزنتان → زنتان), a one-letter exchange (ت/ط, س/ص, ق/غ) in a short word with its article
(الويغ → الويق: it needs context), a final ء after ا dropped (البيضاء → البيضا) and the article of a word
that starts with a hamza written as it is said (الأبرق → لبرق, أم لرانب; such a spelling needs context); ق/غ
exchanged (قصر بن قشير: Libyan speech says ق as g); the last syllable's short vowel written ي or و before a final
consonant (قمينس → قمينيس, برقن → برقين; not before a final ة, which makes an adjective); ابو joined to the next
word (قصر أبوهادي), an ا after a final و (جالوا) and no space after a letter that never joins (قصرخيار), spellings of
the same word; the vowel after a word-initial و or ي written ا (الوطية → الواطية). A generated one-word Arabic spelling keeps at least
:data:`ARABIC_MIN` letters besides its article (a shorter one is too likely a word: زوارة → زاره, and with
و, وزارة "ministry"); the gazetteer generates Arabic variants only from curated spellings that need no
context, and from the bulk layer's names that are no words (a name that is also a word has variants that are words).
"""

from __future__ import annotations

import re
from functools import lru_cache
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
        (r"iyy?ah?\b", ("iya", "ia", "iyah", "iyya", "ya")),  # (-ya: the i before y unwritten, Watiya → Watya)
        (r"iah?\b", ("ia", "iya", "iyah")),
        (r"(?<=[a-z])ah\b", ("ah", "a")),
        (r"(?<=[^aeiou ])a\b", ("a", "ah")),
        (r"([bcdfghjklmnpqrstvwyz])\1", ("=1",)),  # doubled → single (computed; yy too: Bayyadah → Bayada)
        (r"aou|aw(?=[^aeiouw]|\b)", ("aw", "ou", "ao", "aou")),
        (r"aw(?=a)", ("aw", "ou")),
        (r"iy(?=a)", ("iy", "i")),
        (r"uw", ("uw", "ou", "ouw")),
        (r"\bw(?=[aeiou])", ("w", "ou")),
        (r"ou", ("ou", "u", "o")),
        (r"(?:ay|ai|ei|ey)(?=[b-df-hj-np-tv-xz])", ("ay", "ai", "ei", "ey", "ee", "i", "e")),  # (before a consonant:
        # Rahaibat → Rahibat, Zuwaytinah → Zuwetina, Ajaylat → Ajeylat)
        (r"(?:ay|ai|ei|ey)(?!y)", ("ay", "ai", "ei", "ey", "ee")),  # (not before a doubled y: Bayyadah is a + yy)
        (r"aa", ("aa", "a")),
        (r"ee", ("ee", "i")),
        (r"oo", ("oo", "u")),
        (r"gh(?=[ei])", ("gh", "g", "gu")),
        (r"gh", ("gh", "g")),
        (r"kh", ("kh", "k")),
        (r"sh", ("sh", "ch")),
        (r"ch", ("ch", "sh")),
        (r"th", ("th", "t")),
        (r"dh", ("dh", "d")),
        (r"dj", ("dj", "j")),
        (r"j(?=[aou])", ("j", "dj", "g", "gi")),  # (Italian gi before a, o, u: Tagiura, Giado)
        (r"j", ("j", "dj", "g")),
        (r"q", ("q", "g", "k")),
        (r"g(?=[aou])", ("g", "q")),
        (r"g(?=[ei])", ("g", "gu")),
        (r"k", ("k", "q")),
        (r"(?<=[aeiou])([bdlmnrstz])(?=[aeiou])", ("=2",)),  # single → doubled (computed)
        (r"a", ("a", "e")),
        (r"e", ("e", "a", "i")),
        (r"i", ("i", "e")),
        (r"u", ("u", "o", "ou", "e")),
        (r"o", ("o", "u", "ou")),
    )
)
#: One-edit forms besides the alternations (they overlap them, so they are not sites of :data:`_LATIN_RULES`): the
#: Italian ui between consonants for -uway- (Zuila → Zuwayla, Zuwaila), و read as the vowel of a last syllable
#: -awin, -awen (Sinawin → Sinaoun), the long i that ends a name written ie or, in English, y (Okba ibn Nafi →
#: Nafie; Tripoli → Tripoly, as Benghazy), and the Italian u for a w before a vowel (Wigh → Uigh).
_WHOLE_FORMS: Final[tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = (
    (re.compile(r"(?<=[b-df-hj-np-tv-xz])ui(?=[b-df-hj-np-tv-xz][aeiou])"), ("uway", "uwai", "uwei")),
    (re.compile(r"(?<=a)w[aeiu](?=n\b)"), ("ou",)),
    (re.compile(r"(?<=[b-df-hj-np-tv-xz])i$"), ("ie", "y")),
    # the Italian u for a w that starts a word before a vowel (Walid → Ualid, Wazin → Uazzen, Wigh → Uigh): one edit
    # alone (as an alternation it would double every name with a w)
    (re.compile(r"\bw(?=[aeiou])"), ("u",)),
)
#: A diphthong read as a long i or e (Rahaibat → Rahibat, Zuwaytinah → Zuwetina): only in a spelling of :data:`SHORT`
#: letters or more.
_DIPHTHONG_I: Final = re.compile(r"(?<![a-z])(?:ay|ai|ei|ey)→[ie](?![a-z])")
_ARTICLES: Final = ("al", "el")
_INTERNAL_ARTICLES: Final = frozenset({"al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "es", "ed", "er", "et",
                                       "ez", "en"})


#: Alternations that the name's Arabic spelling allows (:func:`_arabic_rules`), tried before :data:`_LATIN_RULES`:
#: ``d``/``dh`` where the Arabic writes ض or ذ (al-Khadra → al-Khadhra: ض is written dh in Libyan and Gulf
#: transliteration, as ذ is), and an ``i`` after ``w`` before a consonant written as the diphthong ``ay ai``
#: where the Arabic writes وي (the diminutive -uway-, which GeoNames renders ī: Wigh → Waigh, Zawilah → Zawaylah).
_DH_RULES: Final = ((re.compile(r"(?<=[aeiou])d(?=[aeiou])"), ("d", "dh", "dd")),
                     (re.compile(r"d(?![dhj])"), ("d", "dh")))
_WAY_RULE: Final = (re.compile(r"(?<=w)i(?=[b-df-hj-np-tv-xz])"), ("i", "e", "ay", "ai"))  # (no ei: Wigh → weigh)


#: A long ā before the last consonant (the endings -ān, -āt, -ār ... that the Arabic writes with ا) written ``aa``
#: (al-Qi'an → al-Qiaan), where the site's Arabic spelling ends so (:func:`_long_a_last`).
_AA_RULE: Final = (re.compile(r"a(?=[b-df-gj-np-tvxz]$)"), ("a", "e", "aa"))


#: A name's last vowel ``a`` (or ``ah``) written as the Arabic spelling ends (:func:`_final_rule`): ``eh`` where it ends
#: with ة or ه (درنة: Derna → Derneh, the Levantine and Persian habit), ``aa`` where it ends with a long ا (سبها, البيضاء:
#: Sabha → Sabhaa, Al Bayda → Al-Baidaa).
_FINAL_A: Final = re.compile(r"(?<=[b-df-hj-np-tv-z])ah?$")
_FINAL_EH_RULE: Final = (_FINAL_A, ("a", "ah", "eh"))
_FINAL_AA_RULE: Final = (_FINAL_A, ("a", "ah", "aa"))
#: A long ū that the Arabic writes و, written ``oo`` (هون: Hun → Hoon), besides the vowel alternations of ``u``.
_OO_RULE: Final = (re.compile(r"u(?![uow])"), ("u", "o", "ou", "e", "oo"))
#: A long ī that the Arabic writes ي, written ``ee`` or ``ei`` as English-language writers do (العبيد: Abid → Abeed,
#: زينة: Zinah → Zeinah, as the gazetteer's Bani Waleed), besides the vowel alternations of ``i``: an i before one
#: consonant that ends the word or comes before a vowel (a long vowel's syllable).
_EE_RULE: Final = (re.compile(r"(?<![aeiou])i(?=[b-df-hj-np-tv-xz](?:[aeiou]|\b))"), ("i", "e", "ee", "ei"))


#: A name's last long ī that the Arabic writes ي (أوباري: Ubari → Ubaree), written ``ee`` as English-language and
#: phonetic writers write it (:func:`_final_ee`): one edit, never combined with a second alternation (a site of its
#: own would multiply every other edit of every name that ends so); a marker among the Arabic rules, no site.
_FINAL_EE_RULE: Final = (re.compile(r"(?<=[b-df-hj-np-tv-xz])i$"), ("ee",))
#: The ways of writing a long vowel doubled (:data:`_AA_RULE`, :data:`_OO_RULE`, :data:`_EE_RULE`): the habit of
#: phonetic writers, which a short name combines with one consonant edit (Ghat → Gat → Gaat), as it takes the
#: ending -a/-ah with one.
_DOUBLED: Final = frozenset({"aa", "ee", "oo"})


def _final_ee(arabic: str) -> bool:
    """Whether every one of the Arabic spellings ``arabic`` ("|"-separated) ends with a long ي after a consonant."""
    lasts = [a.rsplit(" ", 1)[-1] for a in arabic.split("|") if a]
    return bool(lasts) and all(len(w) >= 3 and w[-1] == "ي" and w[-2] not in "اوي" for w in lasts)


_LONG_I: Final = ("ee", "ei")


def _english_i(why: str) -> bool:
    """Whether the alternations ``why`` write a long ī the English way (:data:`_EE_RULE`): French orthography never
    comes with it (Kameenis mixes two habits nobody combines)."""
    return "i→ee" in why or "i→ei" in why


def _final_rule(arabic: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """The alternation of a name's last ``a`` that its Arabic spellings ``arabic`` ("|"-separated) allow: all of them
    end with ة/ه (:data:`_FINAL_EH_RULE`) or all with a long ا (:data:`_FINAL_AA_RULE`), or None."""
    lasts = [a.rsplit(" ", 1)[-1] for a in arabic.split("|") if a]
    if lasts and all(len(w) >= 3 and w[-1] == "ه" for w in lasts):
        return _FINAL_EH_RULE
    if lasts and all(len(w) >= 3 and (w[-1] == "ا" or w.endswith("اء")) for w in lasts):
        return _FINAL_AA_RULE
    return None


def _long_a_last(arabic: str) -> bool:
    """Whether one of the Arabic spellings ``arabic`` ("|"-separated) ends with a long ا before its last consonant."""
    return any(len(w) >= 3 and w[-2] == "ا" and w[-1] not in "اويهء" for w in (a.rsplit(" ", 1)[-1] for a in
                                                                               arabic.split("|")))


def _arabic_rules(arabic: str, spelled: str = "") -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """The alternations (:data:`_DH_RULES`, :data:`_WAY_RULE`) that the site's Arabic spellings ``arabic`` allow,
    and the ways of writing its vowels (:data:`_AA_RULE`, :func:`_final_rule`, :data:`_OO_RULE`, :data:`_EE_RULE`,
    :data:`_FINAL_EE_RULE`) that its Arabic spellings ``spelled`` allow (given also for a name another country has:
    they make no namesake's spelling; Ghat → Gaat, غات)."""
    rules: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
    if _long_a_last(spelled):
        rules.append(_AA_RULE)
    final = _final_rule(spelled) if spelled else None
    if final is not None:
        rules.append(final)
    if "و" in spelled:
        rules.append(_OO_RULE)
    if "ي" in spelled:
        rules.append(_EE_RULE)
        if _final_ee(spelled):
            rules.append(_FINAL_EE_RULE)
    if "ض" in arabic or "ذ" in arabic:
        rules.extend(_DH_RULES)
    if "وي" in arabic:
        rules.append(_WAY_RULE)
    return tuple(rules)


def _sites(word: str, extra: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()
           ) -> list[tuple[int, int, tuple[str, ...]]]:
    """Where in ``word`` an alternation applies: (start, end, alternatives, the original first); ``extra``: the
    alternations of the name's Arabic spelling (:func:`_arabic_rules`), tried first."""
    out: list[tuple[int, int, tuple[str, ...]]] = []
    i = 0
    n = len(word)
    rules = (*extra, *_LATIN_RULES) if extra else _LATIN_RULES
    while i < n:
        for pattern, alts in rules:
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


#: The Latin letters of the sun letters that an Arabic article assimilates (as-Sawani, az-Zawiya, at-Tahir).
_SUN_LETTERS: Final = frozenset("tdrzsn")
_CONSONANT_UNITS: Final = ("sch", "sh", "kh", "gh", "th", "dh", "ch", "dj", "ph", "ck")
_CONSONANTS: Final = frozenset("bcdfghjklmnpqrstvwxz")


def _units(word: str) -> list[str]:
    """``word`` cut into letters, a Latin digraph (``kh``, ``dj`` ...) one unit."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for d in _CONSONANT_UNITS:
            if word.startswith(d, i):
                out.append(d)
                i += len(d)
                break
        else:
            out.append(word[i])
            i += 1
    return out


def _is_consonant(unit: str) -> bool:
    return unit[0] in _CONSONANTS


#: Two-consonant onsets that English and French words start with: a vowel is never dropped to make one
#: (Sulugh → Slough, a town and a word; Jumayl → Jmayl, Zuwara → Zwara keep their foreign look). In French
#: orthography that writes a consonant its own way the onset is kept (Suluq → Sluq → Slouk: k for q, no English word).
_ENGLISH_ONSETS: Final = frozenset("bl br cl cr dr fl fr gl gr pl pr sc sk sl sm sn sp st sw tr tw wr qu kn gn ps "
                                   "ch sh th ph wh".split())


def _cluster_forms(word: str, english: bool = False) -> list[tuple[str, str]]:
    """The syllable forms of one word, each one edit: a short vowel dropped after the first consonant
    (Jumayl → Jmayl, Zuwara → Zwara: Libyan speech and its transliterations; never to an English onset,
    :data:`_ENGLISH_ONSETS`, unless ``english``), or an ``e`` inserted in a
    cluster of two consonants (Driana → Deriana, Adjdabia → Adjedabia); word of five letters or more."""
    if len(word) < 5 or word in _INTERNAL_ARTICLES:
        return []
    u = _units(word)
    out: list[tuple[str, str]] = []
    if (len(u) >= 4 and _is_consonant(u[0]) and u[0] not in "wy" and u[1] in _VOWELS and u[2] not in _VOWELS
            and _is_consonant(u[2]) and u[3] in _VOWELS and u[2] != u[0]
            and (u[0] + u[2] in _ENGLISH_ONSETS) == english):
        out.append((u[0] + "".join(u[2:]), f"vowel dropped after {u[0]}-"))
    if english:
        return out
    for i in range(len(u) - 1):
        a, b = u[i], u[i + 1]
        if _is_consonant(a) and _is_consonant(b) and a != b and a not in "wy" and b not in "wyh" and (
                i == 0 or u[i - 1] in _VOWELS) and i + 2 < len(u) and u[i + 2] in _VOWELS:
            out.append(("".join(u[:i + 1]) + "e" + "".join(u[i + 1:]), f"e between {a} and {b}"))
    return out


def _consonants_of(word: str) -> str:
    """The letters of ``word`` that are no vowels."""
    return "".join(c for c in word if c not in _VOWELS)


def _french_word(word: str) -> str:
    """French orthography of one transliterated word: ``ou`` for u and w, ``ch`` for sh, ``dj`` for j, ``k``
    for q, ``ss`` for an s between vowels (one s would read z), ``-a``/``-ia`` endings."""
    u = _units(word)
    out: list[str] = []
    for i, c in enumerate(u):
        prev = u[i - 1] if i else ""
        nxt = u[i + 1] if i + 1 < len(u) else ""
        if c == "u":
            out.append("u" if prev == "o" else "ou")
        elif c == "w":
            if prev != "u":
                out.append("ou")
        elif c == "sh":
            out.append("ch")
        elif c == "j":
            out.append("dj")
        elif c == "q":
            out.append("k")
        elif c == "s" and prev in _VOWELS and nxt in _VOWELS and prev and nxt:
            out.append("ss")
        else:
            out.append(c)
    fr = "".join(out)
    if fr.endswith("iyah") or fr.endswith("iya"):
        fr = fr[: fr.rindex("iy")] + "ia"
    elif fr.endswith("ah") and len(fr) > 3:
        fr = fr[:-1]
    return fr


def french(key: str) -> list[str]:
    """French orthography of a normalised Latin spelling, word by word (articles kept), and the same with a
    final ``e`` after a last syllable ``-an``/``-in``/``-en`` (Gharian → Ghariane, Zintan → Zintane) or a vowel and
    ``t`` (Kambut → Kamboute), its ``dj`` also written ``j`` (Rojban → Rojbane, Aoujla)."""
    fr = " ".join(w if w in _INTERNAL_ARTICLES else _french_word(w) for w in key.split(" "))
    out = [fr]
    last = fr.rsplit(" ", 1)[-1]
    if len(last) >= 5 and ((last[-1] == "n" and last[-2] in "aei") or (last[-1] == "t" and last[-2] in _VOWELS)):
        out.append(fr + "e")  # (and a final t after a vowel: Kambut → Kamboute)
    if "dj" in fr and "dj" not in key and "ou" in fr and "ou" not in key:
        out.append(fr.replace("dj", "j"))  # French ou with the j kept (Awjla → Aoujla, not only Aoudjla)
    if "dj" in fr and "dj" not in key and len(out) > 1 and out[1].endswith("e"):
        out.append(out[1].replace("dj", "j"))  # the final e with the j kept (Rojban → Rojbane, as Zintane)
    return out


#: Why a spelling writes a name as a Russian writer romanises it from Cyrillic (:func:`russian`).
RUSSIAN: Final = "Russian transliteration"
#: Why a spelling writes a name in Turkish orthography (:func:`turkish`).
TURKISH: Final = "Turkish orthography"
#: Why a spelling writes a name as a German writer transliterates it (:func:`german`).
GERMAN: Final = "German transliteration"
#: The one-edit forms that the Russian and Turkish habits are applied on as well as on the listed spelling: an ``a``
#: written ``e`` (Janzur → Jenzur → Cenzur; Tarhuna → Terhuna → Terhune; Walid → Welid → Velid), as Turkish vowel
#: harmony and the Russian e for a short a do; in a name of :data:`SHORT` letters or more (a shorter name takes the
#: habit alone, as it takes one alternation: Wigh → Vig, never Veg). Never a consonant edit (it mixes two habits), but
#: a doubled consonant written once (:data:`_DEGEMINATED`).
_HABIT_EDITS: Final = frozenset({"a→e"})
#: A doubled consonant written once (Bin Jawwad → Bin Jawad → Bin-Dzhavad, Бин-Джавад): Russian and Turkish writers
#: write a name from its Arabic spelling, whose shadda is unwritten, so the habits apply on that one-edit form too.
_DEGEMINATED: Final = re.compile(r"([b-df-hj-np-tv-z])\1→\1")
#: Letters of a French spelling (ou for u or w, dj for j, ch for sh): the habits start from an English spelling.
_FRENCH_MARKS: Final = re.compile(r"ou|dj|ch")
#: Particles a Turkish writer joins with the words of a compound name (Kasrbingaşir, as Trablusgarp).
_TURKISH_JOINED: Final = frozenset({"bin", "ben", "abu", "umm"})
#: Words of English or French that the Russian and Turkish habits make from the gazetteer's spellings (the kh for h
#: of Sabha is sabkha, "salt flat"; the h for kh of Khums is "hums", c for j of Marj "marc", the
#: Turkish -e of Mitiga "mitigé", of Massah "masse"): never generated by a habit. Found by checking every habit
#: spelling of the shipped gazetteer against English, French and German word lists (wamerican, wfrench, wngerman).
HABIT_WORDS: Final = frozenset({"sabkha", "hums", "marc", "darne", "calo", "masse", "messe", "mitige", "suse",
                                "maye", "beide", "birke", "chums", "selten", "kuba"})  # (beide, birke: the German
# "both", "birch", of harmony; chums, the English word, and selten, the German "rarely", of the German habit: Khums,
# Zelten; kuba, Cuba in Russian and German, of Qubbah with its doubled b written once). Sebkha, the Russian Sebha, is
# made although the French and English sebkha is a salt flat: the bare word is written in lower case, which a
# generated spelling must not be (the matcher's common-noun rule), and Russian writers use it for Sabha (sets 12-14)


#: The letters a Russian romanisation writes otherwise (:func:`_russian_word`; w is decided by the next letter).
_RUSSIAN_UNITS: Final = {"j": "dzh", "h": "kh", "gh": "g", "q": "k", "th": "t", "dh": "d"}
#: The letters Turkish orthography writes otherwise (:func:`_turkish_word`; ş normalised to s).
_TURKISH_UNITS: Final = {"w": "v", "j": "c", "q": "k", "gh": "g", "kh": "h", "sh": "s", "th": "t", "dh": "d"}


def _russian_word(word: str) -> str:
    """One transliterated word as a Russian writer romanises its Cyrillic spelling: ``v`` for w before a vowel
    (Waddan → Vaddan, Ваддан; ``u`` before a consonant), ``dzh`` for j (Jufra → Dzhufra, Джуфра), ``kh`` for h (Sebha → Sebkha, Hun → Khun, х),
    ``g`` for gh (Wigh → Vig), ``k`` for q (Qatrun → Katrun), ``t`` for th, ``d`` for dh, the ending ``-ah`` without
    its h (Сирта). Articles inside the name are kept."""
    if word in _INTERNAL_ARTICLES:
        return word
    if word.endswith("ah") and len(word) > 3 and word[-3] not in _VOWELS:
        word = word[:-1]
    u = _units(word)
    out: list[str] = []
    for i, c in enumerate(u):
        nxt = u[i + 1] if i + 1 < len(u) else ""
        if c == "w":
            out.append("v" if nxt and (nxt in _VOWELS or nxt == "w") else "u")  # (aw before a consonant: au)
        else:
            out.append(_RUSSIAN_UNITS.get(c, c))
    return "".join(out)


def russian(key: str) -> list[str]:
    """A normalised Latin spelling as a Russian writer romanises the name (:func:`_russian_word`, word by word), the
    habit of translated Russian military bloggers (Dzhufra, Sebkha, Tamankhint, Vaddan, el-Vig); and the same with the
    traditional у for a w that starts a word before a vowel (as Уильям, Уэльс: Wigh → Уиг, el-Uig); none where it
    changes no consonant, or where ``key`` is a French spelling (ou, dj, ch)."""
    if _FRENCH_MARKS.search(key):
        return []
    ru = " ".join(_russian_word(w) for w in key.split(" "))
    out = [ru] if _consonants_of(ru) != _consonants_of(key) else []
    if out and _RUSSIAN_V.search(ru):
        out.append(_RUSSIAN_V.sub("u", ru))
    return out


#: The v of a w that starts a word before a vowel, in a Russian spelling: written u too (:func:`russian`).
_RUSSIAN_V: Final = re.compile(r"\bv(?=[aeiou])")


def _turkish_word(word: str) -> str:
    """One transliterated word in Turkish orthography: ``v`` for w (Watiya → Vatiye), ``c`` for j (Tajura → Tacura),
    ``k`` for q, ``g`` for gh (Gharyan → Garyan), ``h`` for kh, ``ş`` for sh (normalised ``s``: Ghashir → Gaşir),
    ``t`` for th, ``d`` for dh, ``i`` for ee, ``u`` for oo, the ending ``-iya`` written ``-iye`` (Zawiya → Zaviye) and
    ``-ah`` without its h. Articles inside the name are kept."""
    if word in _INTERNAL_ARTICLES:
        return word
    word = re.sub(r"(?:iyy?ah?|ia|iah)$", "iye", word) if len(word) > 4 else word
    if word.endswith("ah") and len(word) > 3 and word[-3] not in _VOWELS:
        word = word[:-1]
    return "".join(_TURKISH_UNITS.get(c, c) for c in _units(word)).replace("ee", "i").replace("oo", "u")


#: A word whose vowels are all front (e, i; at least one): Turkish vowel harmony writes its last -a as -e.
_FRONT_ONLY: Final = re.compile(r"[^aeiou]*[ei][^aou]*")


def turkish(key: str, final_e: bool = False, harmony: bool = True) -> list[str]:
    """A normalised Latin spelling in Turkish orthography (:func:`_turkish_word`, word by word), the habit of translated
    Turkish writers (Cenzur, Tacura, Vatiye, Zuvara, Beni Velid); ``final_e``: the name's Arabic spelling ends with ة,
    which Turkish writes ``-e`` (Medine, Derne), so also the same with a last ``-a`` after a consonant written ``-e``
    (Tarhuna → Tarhune, Terhune), as vowel harmony writes it after front vowels only (Benina → Benine); and, for a name with a particle (bin, abu, umm), written as one word (Qasr bin
    Ghashir → Kasrbingaşir, as Trablusgarp). None where ``key`` is a French spelling (ou, dj, ch). ``harmony``: the
    vowel harmony's -e is written (False for a form whose a another edit wrote e: Berta → Berte is no harmony)."""
    if _FRENCH_MARKS.search(key):
        return []
    words = key.split(" ")
    tr = " ".join(_turkish_word(w) for w in words)
    out = [tr] if tr != key else []
    last = tr.rsplit(" ", 1)[-1]
    # vowel harmony: a last -a after syllables of front vowels only (e, i) written -e (Benina → Benine, as Medina →
    # Medine), whatever the Arabic ending
    harmony = harmony and bool(_FRONT_ONLY.fullmatch(last[:-1]))
    if (final_e or harmony) and len(last) >= 4 and last.endswith("a") and last[-2] not in _VOWELS:
        out.append(tr[:-1] + "e")
    if len(words) > 1 and _TURKISH_JOINED.intersection(words):
        out += [v.replace(" ", "") for v in list(out)]
    return [v for v in out if v != key]


#: The letters a German transliteration writes otherwise (:func:`_german_word`; w and y are decided by the letters
#: around them): ``dsch`` for j (Dschalu, Dschufra), ``sch`` for sh, ``s`` for z (German s before a vowel says z, its
#: z says ts: Sella, Taserbo), ``ch`` for kh (Chums), ``k`` for q.
_GERMAN_UNITS: Final = {"j": "dsch", "sh": "sch", "z": "s", "kh": "ch", "q": "k", "dh": "d", "th": "t"}


def _german_word(word: str) -> str:
    """One transliterated word as a German writer transliterates it (:data:`_GERMAN_UNITS`): ``dsch`` for j and for
    the Italian gi before a, o, u (Jalu → Dschalu, Giarabub → Dscharabub), ``sch`` for sh, ``s`` for z (Zella →
    Sella, Tazerbo → Taserbo), ``ch`` for kh, ``k`` for q, ``u`` for a w after a vowel before a consonant (Awjila →
    Audschila, as au), ``j`` for a y before a vowel (Yafran → Jafran, Zawiya → Sawija), ``i`` for ee, ``u`` for oo
    and the ending ``-ah`` without its h. Articles inside the name are kept."""
    if word in _INTERNAL_ARTICLES:
        return word
    if word.endswith("ah") and len(word) > 3 and word[-3] not in _VOWELS:
        word = word[:-1]
    word = re.sub(r"gi(?=[aou])", "j", word)
    u = _units(word)
    out: list[str] = []
    for i, c in enumerate(u):
        prev = u[i - 1] if i else ""
        nxt = u[i + 1] if i + 1 < len(u) else ""
        if c == "w":
            out.append("u" if prev in ("a", "e") and nxt and nxt not in _VOWELS and nxt != "w" else "w")
        elif c == "y":
            out.append("j" if nxt in _VOWELS and nxt else "y")
        else:
            out.append(_GERMAN_UNITS.get(c, c))
    return "".join(out).replace("ee", "i").replace("oo", "u")


def german(key: str) -> list[str]:
    """A normalised Latin spelling as a German writer transliterates the name (:func:`_german_word`, word by word),
    the habit of German-language agencies, travel writing and reference works (Dschalu, Audschila, Dscharabub,
    Dschufra, Sella, Taserbo); none where it changes no consonant, or where ``key`` is a French spelling (ou, dj,
    ch). Applied on the listed spelling alone (German has no e for a short a): a short result needs context as any
    short spelling does (Zella → Sella)."""
    if _FRENCH_MARKS.search(key):
        return []
    de = " ".join(_german_word(w) for w in key.split(" "))
    return [de] if _consonants_of(de) != _consonants_of(key) else []


def _habits(key: str, final_e: bool = False, harmony: bool = True) -> list[tuple[str, str]]:
    """The spellings of the Russian, Turkish and German habits of ``key`` (``final_e``: see :func:`turkish`), each
    with its name, none a word (:data:`HABIT_WORDS`)."""
    out = ([(v, RUSSIAN) for v in russian(key)] + [(v, TURKISH) for v in turkish(key, final_e, harmony)]
           + [(v, GERMAN) for v in (german(key) if harmony else ())])  # (German has no vowel harmony, no e for a:
    # on the listed spelling alone, as a German writer copies it: Tazerbo → Taserbo)
    return [(v, why) for v, why in out if not HABIT_WORDS.intersection(v.split(" "))]


def latin_variants(key: str, has_article: bool = False, short: tuple[int, ...] = (), arabic: str = "",
                   spelled: str | None = None) -> set[str]:
    """The Latin spellings generated from the normalised spelling ``key`` (``key`` itself excluded); ``short``:
    the positions of its short vowels (:func:`geotrack.translit.short_vowels`, from the name's Arabic form);
    ``arabic``: the site's Arabic spellings (normalised, "|"-separated), which allow some alternations
    (:func:`_arabic_rules`); ``spelled``: those that allow the ways of writing its vowels (default ``arabic``)."""
    return set(latin_variants_explained(key, has_article, short, arabic, spelled))


def latin_variants_explained(key: str, has_article: bool = False, short: tuple[int, ...] = (),
                             arabic: str = "", spelled: str | None = None) -> dict[str, str]:
    """:func:`latin_variants` with the alternations that make each spelling (``"u→ou; s→ss"``)."""
    return dict(_explained(key, has_article, short, _arabic_rules(arabic, arabic if spelled is None else spelled)))


#: The renderings of a vowel that Arabic leaves unwritten (a short vowel): a, i and u, one for another.
SHORT_VOWELS: Final = ("a", "i", "u")


@lru_cache(maxsize=8192)
def _explained(key: str, has_article: bool, short: tuple[int, ...] = (),
               arabic_rules: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ()) -> tuple[tuple[str, str], ...]:
    final_ee = _FINAL_EE_RULE in arabic_rules
    if final_ee:
        arabic_rules = tuple(r for r in arabic_rules if r is not _FINAL_EE_RULE)
    sites = _sites(key, arabic_rules)
    if short:  # a short vowel of the Arabic form is never written as a long ī (Qaminis: Qameenis, not Qaminees)
        sites = [(a, b, tuple(o for o in opts if not (a in short and o in _LONG_I))) for a, b, opts in sites]
    letters = sum(c.isalpha() for c in key)
    budget = 1 if letters < SHORT else MAX_LATIN_EDITS
    out: dict[str, str] = {}

    def put(v: str, why: str) -> None:
        if v != key and v not in out and len(out) < MAX_PER_SPELLING:
            out[v] = why

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

    def why_of(k: int, o: str) -> str:
        seg = sites[k][2][0]
        return f"{seg}→{o}" if o else f"{seg} dropped"

    def clusters(v: str) -> list[tuple[str, str]]:
        words = v.split(" ")
        res: list[tuple[str, str]] = []
        for wi, w in enumerate(words):
            for form, why in _cluster_forms(w):
                res.append((" ".join([*words[:wi], form, *words[wi + 1:]]), why))
        return res

    # one edit, then two (breadth first: the cap keeps the closest spellings)
    singles = [(k, o) for k, (_a, _b, opts) in enumerate(sites) for o in opts[1:]]
    one: list[tuple[str, str]] = [(build({k: o}), why_of(k, o)) for k, o in singles]
    one += clusters(key)
    for pattern, alts in (*_WHOLE_FORMS, _FINAL_EE_RULE) if final_ee else _WHOLE_FORMS:
        for m in pattern.finditer(key):
            one += [(key[:m.start()] + alt + key[m.end():], f"{m.group(0)}→{alt}") for alt in alts]
    if letters < SHORT:  # (a diphthong read as a long i in a short name: Bayda → Bida, a town in Nigeria)
        one = [(v, why) for v, why in one if not _DIPHTHONG_I.search(why)]
    # a short vowel of the Arabic form written as another (Mukhili → Makhili, Hurshah → Harshah): one edit, never
    # combined with a second alternation (it multiplies every other), French orthography on it
    for p in short:
        if 0 < p < len(key) and key[p] in _VOWELS:
            for alt in SHORT_VOWELS:
                if alt != key[p]:
                    v = key[:p] + alt + key[p + 1:]
                    one.append((v, f"short vowel {key[p]}→{alt}"))
                    if "q" in v and letters >= SHORT:
                        # the Libyan g for q is how a writer who heard the name writes it, as he writes its short
                        # vowel: with the short vowel written otherwise (Qaminis → Guminis)
                        one.append((v.replace("q", "g"), f"q→g; short vowel {key[p]}→{alt}"))
                    if v.endswith("ah") and len(v) > 4:
                        one.append((v[:-1], f"short vowel {key[p]}→{alt}; ah→a"))  # Hurshah → Harsha
            # an unstressed short vowel between two consonants inside a name of six letters or more dropped, as
            # Libyan speech drops it (Awjila → Awjla, Aoujla); not after the first consonant (:func:`_cluster_forms`)
            if (letters >= SHORT and 2 <= p < len(key) - 2 and key[p - 1] in _CONSONANTS and key[p + 1] in _CONSONANTS
                    and key[p - 1] != key[p + 1] and key[p - 2] != " "):
                one.append((key[:p] + key[p + 1:], f"short vowel {key[p]} dropped"))
    # the ending -a/-ah (ة written h or not) is a habit, not an edit: in a short name (one edit) each one-edit form
    # with the other ending too (Zuila → Zuwayla → Zuwaylah); a longer name combines it with a second edit anyway
    for v, why in list(one) if budget == 1 else ():
        other = _other_ending(v)
        if other and not why.startswith(("ah→", "a→ah")):
            one.append((other, f"{why}; {ENDING}"))
    for v, why in one:
        put(v, why)
    # a long vowel written doubled (aa, ee, oo where the Arabic writes it long) is a habit, not an edit: a short name
    # (one edit) takes it with one consonant edit too (Ghat → Gat → Gaat), as a longer name combines any two
    if budget == 1:
        for k1, o1 in singles:
            if o1 in _DOUBLED:
                for k2, o2 in singles:
                    seg = sites[k2][2][0]
                    if k2 != k1 and seg[0] not in _VOWELS and o2 != seg * 2 and seg != o2 * 2:  # (a letter, not
                        # a doubled one: Ubari → Ubaree, never Ubbaree)
                        put(build({k1: o1, k2: o2}), f"{why_of(k2, o2)}; {why_of(k1, o1)}")
    # French orthography is one habit, not a list of edits: on the listed spelling and on each one-edit form
    for fr in french(key):
        put(fr, "French orthography")
    for v, why in one:
        if not _english_i(why):
            for fr in french(v):
                put(fr, f"{why}; French orthography")
    # a short vowel dropped to an English onset (Suluq → Sluq) only in French orthography that writes a consonant
    # its own way (Slouk: k for q), never an English-looking word (Sulugh → Slough)
    if " " not in key:
        for v, why in _cluster_forms(key, english=True):
            for fr in french(v):
                if _consonants_of(fr) != _consonants_of(v):
                    put(fr, f"{why}; French orthography")
    if budget >= 2:
        for x in range(len(singles)):
            for y in range(x + 1, len(singles)):
                (k1, o1), (k2, o2) = singles[x], singles[y]
                if k1 != k2:
                    put(build({k1: o1, k2: o2}), f"{why_of(k1, o1)}; {why_of(k2, o2)}")
        for v, why in one[:len(singles)]:
            for c, cwhy in clusters(v):
                put(c, f"{why}; {cwhy}")
                # the ending -a/-ah is a habit, not an edit: a syllable form with the onset Cw- (Zawilah → Zweilah: the
                # diminutive -uway- said zwei-) with the other one too (Zweila), as a short name's one-edit forms take it
                other = _other_ending(c) if cwhy.startswith("vowel dropped") and c[1:2] == "w" else ""
                if other and not why.startswith(("ah→", "a→ah")):
                    put(other, f"{why}; {cwhy}; {ENDING}")
        for v, why in list(out.items()):
            if "French" not in why and why.count(";") == 1 and "short vowel" not in why and not _english_i(why):
                for fr in french(v):
                    put(fr, f"{why}; French orthography")
    # articles fused: Elkufra, Alkhums (a listed spelling has the article); Maaten Assarra, Brak Ashati
    bases = [(key, ""), *one]
    fused_out: dict[str, str] = {}
    if has_article and " " not in key and letters >= 4:
        for b, why in bases:
            if " " not in b:
                for a in _ARTICLES:
                    fused_out.setdefault(a + b, f"{why}; article fused" if why else "article fused")
                if b[0] in _SUN_LETTERS and b[:2] not in _CONSONANT_UNITS and b[1:2] in _VOWELS:
                    # the article assimilated to a sun letter and fused: Essouani (es-Souani), Ezzaouia
                    for a in ("e", "a"):
                        fused_out.setdefault(a + b[0] + b, f"{why}; article assimilated and fused" if why
                                             else "article assimilated and fused")
                if b[0] in _VOWELS and b[1:2] not in _VOWELS:
                    # the article of a name that starts with a vowel (a hamza) said and written l (al-Abraq →
                    # Labraq, al-Abyar → Labyar): Libyan speech, the Latin twin of :data:`COLLOQUIAL_ARTICLE`
                    fused_out.setdefault("l" + b, f"{why}; {LATIN_COLLOQUIAL_ARTICLE}" if why
                                         else LATIN_COLLOQUIAL_ARTICLE)
    for b, bwhy in [(key, ""), *out.items()]:
        words = b.split(" ")
        for i in range(1, len(words) - 1):
            if words[i] in _INTERNAL_ARTICLES and len(words[i + 1]) >= 3:
                nxt = words[i + 1]
                fused = {words[i] + nxt, "a" + nxt}  # al sarra → alsarra; ash shati → ashshati, ashati
                if words[i] in {"ash", "as", "ad", "ar", "at", "az", "an", "es", "ed", "er", "et", "ez", "en"}:
                    fused.add(words[i] + nxt[len(words[i]) - 1:])  # ash shati → ashati, as sarra → asarra
                    fused.add(words[i][0] + nxt)
                    fused.add("a" + words[i][1:] + nxt)
                for f in sorted(fused):
                    fused_out.setdefault(" ".join([*words[:i], f, *words[i + 2:]]),
                                         f"{bwhy}; article fused" if bwhy else "article fused")
                if words[i] in _ARTICLES and nxt[0] in _VOWELS and nxt[1] not in _VOWELS and ";" not in bwhy:
                    # (the same inside a name: Umm al-Aranib → Umm Laranib, as أم لرانب; on the listed spelling and
                    # its one-edit forms, the particles then written otherwise: Oum Laranib)
                    fused_out.setdefault(" ".join([*words[:i], "l" + nxt, *words[i + 2:]]),
                                         f"{bwhy}; {LATIN_COLLOQUIAL_ARTICLE}" if bwhy else LATIN_COLLOQUIAL_ARTICLE)
    for v, why in fused_out.items():
        if v != key:
            out.setdefault(v, why)
    # the particles of a name written otherwise, besides its edits (Umm ar Rizam → Oum er-Rezem, Umm Rizam; Qasr Abu
    # Hadi → Qasr Bou Hadi; Qasr bin Ghashir → Gasr Bengashir): a second cap, as many again
    if " " in key:
        extra: dict[str, str] = {}
        for b, bwhy in [(key, ""), *out.items()]:
            for form in _particle_forms(b):
                if form != key and form not in out and len(extra) < MAX_PER_SPELLING:
                    extra.setdefault(form, f"{bwhy}; {PARTICLES}" if bwhy else PARTICLES)
        out.update(extra)
    # the Russian and Turkish habits, each one habit as French orthography is: on the listed spelling and on each
    # one-edit form that writes a vowel otherwise (:data:`_HABIT_EDITS`) or a doubled consonant once
    # (:data:`_DEGEMINATED`); the German habit on the listed spelling alone; a cap of their own, after every other form
    habit: dict[str, str] = {}
    for b, bwhy in [(key, ""), *((v, why) for v, why in one
                                 if (why in _HABIT_EDITS or _DEGEMINATED.fullmatch(why)) and budget >= 2)]:
        for v, why in _habits(b, _FINAL_EH_RULE in arabic_rules, harmony=not bwhy):
            if v != key and v not in out and len(habit) < MAX_PER_SPELLING:
                habit.setdefault(v, f"{bwhy}; {why}" if bwhy else why)
    out.update(habit)
    # a final -i the listed spelling lacks makes an adjective or a surname (Misrata → Misrati, Zintani)
    nisba = not key.endswith("i")
    return tuple((r, why) for r, why in out.items()
                 if r and "  " not in r and r.strip() == r and not (nisba and r.endswith("i")))


#: Why a Latin spelling writes the article of a name that starts with a vowel as ``l`` fused to it (al-Abraq → Labraq,
#: Umm al-Aranib → Umm Laranib): Libyan speech drops the article's a before a hamza, as :data:`COLLOQUIAL_ARTICLE` writes
#: it in Arabic letters (لبرق, أم لرانب).
LATIN_COLLOQUIAL_ARTICLE: Final = "article written l and fused (colloquial)"


#: Why a spelling writes a one-edit form with the other ending (:func:`_other_ending`).
ENDING: Final = "ending -a/-ah"


def _other_ending(v: str) -> str:
    """``v`` with its ending ``-ah`` written ``-a`` or the reverse (after a consonant; a last word of four
    letters or more), or ""."""
    last = v.rsplit(" ", 1)[-1]
    if len(last) < 4:
        return ""
    if last.endswith("ah") and last[-3] not in _VOWELS:
        return v[:-1]
    if last.endswith("a") and last[-2] not in _VOWELS and last[-2] != "h":
        return v + "h"
    return ""


#: Why a spelling writes a name's particles otherwise (:func:`_particle_forms`).
PARTICLES: Final = "particles written otherwise"
#: The words of a name that writers spell their own way (umm, abu, bin): each one's other spellings.
_PARTICLE_WORDS: Final = {
    "umm": ("oum", "um", "om"), "oum": ("umm", "um"), "um": ("umm", "oum"),
    "abu": ("abou", "bou", "bu"), "abou": ("abu", "bou", "bu"), "bou": ("abu", "abou", "bu"),
    "bin": ("ben", "ibn"), "ben": ("bin", "ibn"), "ibn": ("bin", "ben"),
    "qaryat": ("qariat", "qarya"), "qariat": ("qaryat", "qarya"),  # (the village word: Qariat Omar al-Mokhtar)
}
#: Particles that writers may join to the next word (Bengashir, Bouhadi).
_JOINING: Final = frozenset({"bin", "ben", "abu", "abou", "bou", "bu"})


def _particle_forms(v: str) -> list[str]:
    """The spellings of ``v`` with its particles written otherwise: ``umm``/``oum``/``um``, ``abu``/``abou``/``bou``,
    ``bin``/``ben``/``ibn`` (and bin, ben, abu, bou joined to the next word), an article inside the name with the
    other vowel (``ar``/``er``, ``al``/``el``) or dropped (Umm ar Rizam → Umm Rizam). Every combination."""
    words = v.split(" ")
    choices: list[list[str]] = []
    for i, w in enumerate(words):
        opts = [w]
        if w in _PARTICLE_WORDS:
            opts += list(_PARTICLE_WORDS[w])
        elif 0 < i < len(words) - 1 and w in _INTERNAL_ARTICLES:
            opts += [("e" if w[0] == "a" else "a") + w[1:], ""]
        choices.append(opts)
    if all(len(c) == 1 for c in choices):
        return []
    forms: list[list[str]] = [[]]
    for opts in choices:
        forms = [[*f, o] for f in forms for o in opts]
    out: list[str] = []
    for f in forms:
        ws = [w for w in f if w]
        out.append(" ".join(ws))
        for i in range(len(ws) - 1):
            if ws[i] in _JOINING and len(ws[i + 1]) >= 3:
                out.append(" ".join([*ws[:i], ws[i] + ws[i + 1], *ws[i + 2:]]))
    return [o for o in dict.fromkeys(out) if o != v]


_AR_LONG: Final = "اوي"
_AR_SWAPS: Final = {"ت": "ط", "ط": "ت", "س": "ص", "ص": "س"}
#: ق and غ, one for the other: Libyan speech says ق as g, which writers of a name heard spoken may write غ, and a
#: غ of a name as ق (قصر بن غشير → قصر بن قشير). Letters of the name changed: a short result needs context.
_AR_QAF_GHAYN: Final = {"ق": "غ", "غ": "ق"}
#: An emphatic consonant written plain, as a writer who knows the name from its Latin spelling hears it (Gardabiya
#: → غردابية, ض → د; ظ → ز); only beside another edit of the same kind in a long word (:data:`LONG_WORD`): alone,
#: in a short word, it makes words (البيضاء → البيداء "the desert").
_AR_HEARD: Final = {"ض": "د", "ظ": "ز"}
#: Why a spelling exchanges ق and غ alone (:data:`_AR_QAF_GHAYN`).
_QAF_GHAYN_REASONS: Final = frozenset(f"{a}/{b}" for a, b in _AR_QAF_GHAYN.items())
#: The fewest letters of a word (its article ال not counted) in which a long ا may be written ي or و (تازربو →
#: تيزربو) and two of its consonants may be swapped at once (:data:`_AR_SWAPS`, ق/غ, :data:`_AR_HEARD`: القرضابية →
#: الغردابية): a long word, which an edit or two leave no other word.
LONG_WORD: Final = 6


def arabic_variants(key: str) -> set[str]:
    """The Arabic spellings generated from the normalised spelling ``key``, one edit each."""
    return set(arabic_variants_explained(key))


def arabic_variants_explained(key: str) -> dict[str, str]:
    """:func:`arabic_variants` with the edit that makes each spelling (``"long vowel و dropped"``)."""
    return dict(_arabic_explained(key))


@lru_cache(maxsize=8192)
def _arabic_explained(key: str) -> tuple[tuple[str, str], ...]:
    out: dict[str, str] = {}
    words = key.split(" ")
    for wi, w in enumerate(words):
        core_start = 2 if w.startswith("ال") and len(w) > 4 else 0

        def put(new: str, why: str, wi: int = wi) -> None:
            out.setdefault(" ".join([*words[:wi], new, *words[wi + 1:]]), why)

        if w in {"ابن", "بن"}:
            put("بن" if w == "ابن" else "ابن", "ابن/بن")
            if w == "بن" and wi + 1 < len(words):  # بن written with its neighbour: بنجواد, قصربن غشير
                out.setdefault(" ".join([*words[:wi], w + words[wi + 1], *words[wi + 2:]]), "بن joined to the next word")
                if wi:
                    out.setdefault(" ".join([*words[:wi - 1], words[wi - 1] + w, *words[wi + 1:]]),
                                   "بن joined to the word before")
            continue
        if len(w) - core_start < 3:
            continue
        for i in range(core_start + 1, len(w) - 1):
            c = w[i]
            if c in _AR_LONG:
                if not (c in "وي" and w[i - 1] == "ا"):  # (و or ي after ا is a consonant: تاوخيرا is no تأخيرا)
                    put(w[:i] + w[i + 1:], f"long vowel {c} dropped")
            elif w[i - 1] not in _AR_LONG:
                for v in _AR_LONG:
                    put(w[:i] + v + w[i:], f"long vowel {v} added")
            elif i - 1 == core_start and w[i - 1] in "وي" and w[i] not in _AR_LONG:
                # a و or ي that starts a word is a consonant (wa-, ya-): its vowel written long ا, as the press
                # writes a name it hears (الوطية → الواطية, يفرن → يافرن)
                put(w[:i] + "ا" + w[i:], "long vowel ا added after an initial و or ي")
        # the last syllable's short vowel written long (قمينس → قمينيس, برقن → برقين): ي or و before a final
        # consonant, never before a final ة (مصراتية is an adjective, "of Misrata")
        vowel_before = w[-2] in _AR_LONG and not (w[-2] in "وي" and w[-3:-2] == "ا")  # (و after ا: a consonant)
        if len(w) - core_start >= 3 and w[-1] not in _AR_LONG + "ه" and not vowel_before:
            for v in "يو":
                put(w[:-1] + v + w[-1], f"long vowel {v} added before the last letter")
        for i in range(core_start, len(w)):
            swap = _AR_SWAPS.get(w[i]) or _AR_QAF_GHAYN.get(w[i])
            if swap:
                put(w[:i] + swap + w[i + 1:], f"{w[i]}/{swap}")
        if len(w) - core_start >= LONG_WORD:
            for i in range(core_start + 1, len(w) - 1):
                if w[i] == "ا" and w[i - 1] not in _AR_LONG and w[i + 1] not in _AR_LONG + "ء":
                    for v in "يو":
                        put(w[:i] + v + w[i + 1:], f"long vowel ا written {v}")
            swaps = [(i, sw) for i in range(core_start, len(w))
                     if (sw := _AR_SWAPS.get(w[i]) or _AR_QAF_GHAYN.get(w[i]) or _AR_HEARD.get(w[i]))]
            for k, (i, a) in enumerate(swaps):
                for j, b in swaps[k + 1:]:
                    put(w[:i] + a + w[i + 1:j] + b + w[j + 1:], f"{w[i]}/{a} and {w[j]}/{b}")
        if w.endswith("ي") and len(w) - core_start >= 4 and wi:
            put(w + "ء", "final ئ written ىء")  # براك الشاطئ → براك الشاطىء (normalised: الشاطي, الشاطيء)
        if w.endswith("ه") and len(w) - core_start >= 4:
            put(w[:-1] + "ا", "final ة written ا")
        if w.endswith("ا") and len(w) - core_start >= 4 and wi == len(words) - 1:
            put(w[:-1] + "ه", "final ا written ة")
    if key.startswith("ال") and " " not in key:
        out.setdefault(key[2:], "article ال dropped")
        # the name heard with its g (Libyan ق) and written without its article, as a writer who knows it from speech
        # or a Latin spelling without the article writes it (القرضابية → غرضابية, Gardabiya): the ق/غ form too
        for v, why in list(out.items()):
            if why in _QAF_GHAYN_REASONS and v.startswith("ال") and " " not in v:
                out.setdefault(v[2:], f"{why}; article ال dropped")
    for v, why in _orthographic(key):
        out.setdefault(v, why)
    out.pop(key, None)
    # a short spelling is too likely a word with an attached prefix (زوارة → زاره → وزارة "ministry"); an
    # orthographic edit writes the same word (البيضا), whatever its length
    # an exchange of letters keeps the word's length and its article: a short one-word name with the article may take
    # it (الويغ → الويق), at the level of a short spelling (it needs context)
    return tuple((v, why) for v, why in out.items()
                 if " " in v or len(v.removeprefix("ال")) >= ARABIC_MIN or why in ORTHOGRAPHIC
                 or (why in _LETTER_SWAPS and v.startswith("ال") and len(v) - 2 >= 3))


#: The edit that writes the article of a name that starts with a hamza as it is said (الأبرق → لبرق, الأبيار →
#: لبيار): Libyan colloquial spelling; such a spelling needs context near it (ل + برق is also "for lightning").
COLLOQUIAL_ARTICLE: Final = "article written ل (colloquial)"
#: The orthographic edits (:func:`arabic_orthographic_variants_explained`): spellings of the same word, never
#: another word, so generated for every name, one that needs context included, at the name's own level.
#: The edit that writes the helping vowel of a name that starts with two consonants and a long ا (طرابلس, said
#: iṭrābulus → اطرابلس; غدامس → اغدامس): classical and Libyan spelling, never another word.
PROTHETIC_ALEF: Final = "prothetic ا before an initial cluster"
#: ابو written with the next word of a name (قصر ابو هادي → قصر ابوهادي), as بن is.
ABU_JOINED: Final = "ابو joined to the next word"
#: An ا written after a name's final و (جالو → جالوا), as after the و of a verb's plural.
FINAL_WAW_ALEF: Final = "ا after a final و"
#: Two words of a name written as one where the first ends with a letter that never joins the next (قصر خيار → قصرخيار,
#: :data:`_NON_JOINING`): the space is unseen, so typists leave it out.
SPACE_AFTER_NON_JOINING: Final = "no space after a non-joining letter"
#: A consonant written twice inside a word (القربوللي, copied from the Latin double of Garabulli) written once, as
#: Arabic writes a geminate (its shadda unwritten): القربولي. The same word, never another.
DOUBLED_ONCE: Final = "doubled letter written once"
ORTHOGRAPHIC: Final = frozenset({"final ء dropped", "بن joined to the next word", "بن joined to the word before",
                                 COLLOQUIAL_ARTICLE, PROTHETIC_ALEF, ABU_JOINED, FINAL_WAW_ALEF,
                                 SPACE_AFTER_NON_JOINING, DOUBLED_ONCE})


def _orthographic(key: str) -> list[tuple[str, str]]:
    """A final hamza after a long ا dropped (البيضاء → البيضا: informal and colloquial writing), the article
    of a word that starts with a hamza written ل (الأبرق, normalised الابرق → لبرق; أم الأرانب → أم لرانب) and of a
    word after the first that starts with ع written ل (جردس العبيد → جردس لعبيد), a
    helping ا before a name that starts with two consonants and a long ا (طرابلس → اطرابلس, :data:`PROTHETIC_ALEF`),
    ابو joined to the next word as بن is (قصر أبو هادي → قصر أبوهادي), an ا after a final و (جالو → جالوا: the
    silent alef of a verb's plural, written after a name's final و too) and a consonant written twice inside a word
    written once (القربوللي → القربولي, :data:`DOUBLED_ONCE`)."""
    out: list[tuple[str, str]] = []
    words = key.split(" ")
    last = words[-1]
    if last.endswith("اء") and len(last.removeprefix("ال")) >= 4:
        out.append((" ".join([*words[:-1], last[:-1]]), "final ء dropped"))
    for wi, w in enumerate(words):
        if w.startswith("الا") and len(w) >= 6:
            out.append((" ".join([*words[:wi], "ل" + w[3:], *words[wi + 1:]]), COLLOQUIAL_ARTICLE))
        elif wi and w.startswith("الع") and len(w) >= 5:
            # the same before the other guttural, ع, said as the syllable la- (جردس العبيد → جردس لعبيد); only after
            # another word of the name, which vouches for it (a first word لعبيد is "for slaves")
            out.append((" ".join([*words[:wi], w[1:], *words[wi + 1:]]), COLLOQUIAL_ARTICLE))
        if w == "ابو" and wi + 1 < len(words):
            out.append((" ".join([*words[:wi], w + words[wi + 1], *words[wi + 2:]]), ABU_JOINED))
    first = words[0]
    if (len(first) >= 4 and first[0] not in _AR_LONG and first[1] not in _AR_LONG and first[2] == "ا"
            and not first.startswith("ال")):
        out.append((" ".join(["ا" + first, *words[1:]]), PROTHETIC_ALEF))
    if last.endswith("و") and len(last.removeprefix("ال")) >= 4 and last[-2] not in _AR_LONG:
        out.append((" ".join([*words[:-1], last + "ا"]), FINAL_WAW_ALEF))
    for wi, w in enumerate(words):
        start = 3 if w.startswith("ال") else 1  # (the article before a name that starts with ل is no double: الليث)
        for i in range(start, len(w)):
            if w[i] == w[i - 1] and w[i] not in _AR_LONG and len(w) - start >= 4:
                out.append((" ".join([*words[:wi], w[:i] + w[i + 1:], *words[wi + 1:]]), DOUBLED_ONCE))
    for wi in range(len(words) - 1):
        if words[wi][-1:] in _NON_JOINING and len(words[wi]) >= 2:
            out.append((" ".join([*words[:wi], words[wi] + words[wi + 1], *words[wi + 2:]]), SPACE_AFTER_NON_JOINING))
    return out


#: The letters that never join the next one (ا د ذ ر ز و): after them a space is not seen, and typists leave it out
#: (قصر خيار → قصرخيار, as عبدالله).
_NON_JOINING: Final = frozenset("ادذرزو")


def arabic_orthographic_variants_explained(key: str) -> dict[str, str]:
    """The spellings of :func:`arabic_variants_explained` that only change how the same word is written (a final
    ء dropped, بن joined to a neighbouring word, the colloquial article ل): for names that are also words."""
    return {v: why for v, why in _arabic_explained(key) if why in ORTHOGRAPHIC}


#: Why an Arabic spelling is generated from a Latin one (:func:`arabic_transcriptions`).
TRANSCRIBED: Final = "transcribed from the Latin spelling"
#: Why an oil field's transcribed name is generated with the Arabic field phrase (حقل شارارا النفطي): the phrase is the
#: base phrase, which needs no context, as the matcher's base phrases of listed names do.
TRANSCRIBED_FIELD: Final = "transcribed from the Latin spelling, in the field phrase"
#: The Arabic letters of Latin consonants (digraphs first) as a writer who knows the name from a Latin text writes
#: them: the translated foreign press (تريبولي, ميسراتا, ميتيغا) and old Italian names (جارابوب, بيدا ليتوريا).
_TO_ARABIC: Final = {"sch": "ش", "sh": "ش", "ch": "ش", "kh": "خ", "gh": "غ", "th": "ث", "dh": "ذ", "dj": "ج",
                     "ph": "ف", "ck": "ك", "b": "ب", "p": "ب", "t": "ت", "d": "د", "j": "ج", "h": "ه", "r": "ر",
                     "z": "ز", "s": "س", "f": "ف", "v": "ف", "q": "ق", "k": "ك", "c": "ك", "l": "ل", "m": "م",
                     "n": "ن", "x": "كس", "w": "و"}
#: The generic words of a name that a writer writes in their Arabic form, not letter by letter (Bani Walid → بني
#: واليد, not باني).
_ARABIC_WORDS: Final = {"bir": "بير", "bin": "بن", "ben": "بن", "ibn": "ابن", "abu": "ابو", "abou": "ابو",
                        "umm": "ام", "oum": "ام", "um": "ام", "wadi": "وادي", "ouadi": "وادي", "qasr": "قصر",
                        "gasr": "قصر", "ksar": "قصر", "ain": "عين", "ras": "راس", "sidi": "سيدي", "bani": "بني",
                        "beni": "بني", "jabal": "جبل", "jebel": "جبل", "djebel": "جبل", "bab": "باب", "qaryat": "قريه"}
#: Words of a Latin spelling that make it no name to write in Arabic letters (Misrata Air Academy, RAF El Adem).
_NOT_TRANSCRIBED: Final = frozenset("air force academy college raf ab base field strip port international of the de du des "
                                    "la le les aerienne aeroport".split())
_LONG_OF: Final = {"a": "ا", "e": "ي", "i": "ي", "y": "ي", "o": "و", "u": "و"}


def _transcribe_word(word: str) -> str:
    """One Latin word in Arabic letters, every vowel written long (a → ا, e i y → ي, o u → و; a vowel that
    starts the word after ا: Obari → اوباري, Idri → ايدري), a final e after a consonant silent (Sirte → سيرت), the
    Italian gi before a vowel ج (Giarabub → جارابوب), g before e or i ج and otherwise غ (Mitiga → ميتيغا), a doubled
    letter once (Mellaha → ملاها is never written with two ل); "" for a letter outside the model."""
    if word in _ARABIC_WORDS:
        return _ARABIC_WORDS[word]
    if not word.isascii() or not word.isalpha():
        return ""
    if len(word) >= 4 and word[-1] == "e" and word[-2] not in _VOWELS:
        word = word[:-1]
    out: list[str] = []
    i, n = 0, len(word)
    while i < n:
        c = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        if c in "aeiouy" and not (c == "y" and nxt in _VOWELS and nxt):
            run = i
            while run < n and word[run] in "aeiouy" and not (word[run] == "y" and run + 1 < n and word[run + 1]
                                                              in _VOWELS and run > i):
                run += 1
            vowels = word[i:run]
            letters: list[str] = []
            for v in vowels:  # (ia → يا, ua → وا, ai → اي; a repeated letter once: aa, ee, oo, ou, ie)
                a = _LONG_OF[v]
                if not letters or letters[-1] != a:
                    letters.append(a)
            if len(letters) > 1 and letters[0] in "يو" and letters[1] in "يو":
                letters = letters[:1]  # (ou, ie, ei, ui: one long vowel)
            if i == 0 and letters[0] != "ا":
                letters.insert(0, "ا")
            out.extend(letters)
            i = run
            continue
        if c == "g" and nxt == "h":
            pass
        elif c == "g" and nxt == "i" and i + 2 < n and word[i + 2] in "aou":
            out.append("ج")
            i += 2
            continue
        elif c == "g":
            out.append("ج" if nxt in ("e", "i", "y") else "غ")
            i += 1
            continue
        if c == "y":
            out.append("ي")
            i += 1
            continue
        for unit in (word[i:i + 3], word[i:i + 2], c):
            if unit in _TO_ARABIC and (len(unit) == 1 or unit in _CONSONANT_UNITS):
                out.append(_TO_ARABIC[unit])
                i += len(unit)
                break
        else:
            return ""
    return re.sub(r"(.)\1+", r"\1", "".join(out))


#: Why the Arabic name's final ق is written ك with the last vowel long (مرزق → مرزوك, طبرق → طبروك): the writer knows
#: the name from its Latin spelling (Murzuk, Tobruk), whose k and stressed vowel the Arabic letters copy.
KAF_OF_LATIN_K: Final = "final ق written ك, as the Latin spelling's k"


def _kaf_of_latin_k(key: str, arabic: str) -> dict[str, str]:
    """The site's Arabic spellings in ``arabic`` ("|"-joined) that end in ق, written as a writer who knows the name
    from the one-word Latin spelling ``key`` ending in a vowel and k (Murzuk, Tobruk) writes them: ك for the ق and
    the vowel before it long (و for u or o, ي for i or e), as the Latin spelling has it (مرزق → مرزوك)."""
    m = re.fullmatch(r"[a-z]+?([aeiou])k", key)
    long = {"u": "و", "o": "و", "i": "ي", "e": "ي"}.get(m.group(1), "") if m else ""
    out: dict[str, str] = {}
    for a in filter(None, arabic.split("|")):
        if long and " " not in a and a.endswith("ق") and len(a.removeprefix("ال")) >= 4:
            form = a[:-1] + ("" if a[-2] in "اوي" else long) + "ك"
            if len(form.removeprefix("ال")) >= ARABIC_MIN:
                out[form] = KAF_OF_LATIN_K
    return out


def _adds_one_long_vowel(form: str, arabic: str) -> bool:
    """Whether ``form`` is one of the Arabic spellings in ``arabic`` ("|"-joined) with one long vowel (ا و ي) added
    inside it (سيرت of سرت)."""
    return any(form[:i] + form[i + 1:] in arabic.split("|") for i in range(1, len(form) - 1) if form[i] in "اوي")


def arabic_transcriptions(key: str, has_article: bool = False, field: bool = False,
                          arabic: str = "") -> dict[str, str]:
    """The Arabic spellings of the normalised Latin spelling ``key`` written letter by letter (:func:`_transcribe_word`),
    as the translated foreign press and the Arabic writing of old Italian names do (Tripoli → تريبولي, Misrata →
    ميسراتا, Giarabub → جارابوب, Porto Bardia → بورتو بارديا), a one-word one also with its first syllable's vowel
    unwritten, as Arabic writes foreign names (برلين, مدريد; Giarabub → جرابوب), each with why (:data:`TRANSCRIBED`). A Latin article
    inside the name is ال on the next word (Gardas al Abid → غارداس العبيد); ``has_article``: the name takes the
    article, which a one-word spelling is also written with (Jufra → جوفرا, الجوفرا); ``field``: the name is an oil
    field's, also written with the Arabic field phrase (Sharara → حقل شارارا النفطي). A one-word spelling keeps at
    least :data:`ARABIC_MIN` letters besides its article (a shorter one is too likely a word), or one fewer where it
    is one of the site's Arabic spellings ``arabic`` ("|"-joined) with one long vowel added (Sirte → سيرت of سرت:
    the Latin spelling's vowel written long on the Arabic name's letters, as the translated press writes it; two
    sources agree on every letter, so no word is made up); and for a one-word Latin spelling that ends in a vowel and
    k, the Arabic name's final ق written ك (:func:`_kaf_of_latin_k`: Murzuk → مرزوك)."""
    words = key.split(" ")
    if _NOT_TRANSCRIBED.intersection(words):
        return {}
    out: list[str] = []
    article = False
    for i, w in enumerate(words):
        if w in _INTERNAL_ARTICLES and 0 < i < len(words) - 1:
            article = True
            continue
        t = _transcribe_word(w)
        if not t:
            return {}
        out.append(("ال" + t) if article else t)
        article = False
    if not out:
        return {}
    form = " ".join(out)
    forms = [form]
    if len(out) == 1 and len(form) >= 3 and form[1] in _AR_LONG and form[0] not in _AR_LONG and form[2] not in _AR_LONG:
        # the first syllable's vowel left short, unwritten, as Arabic writes foreign names (برلين, مدريد, برشلونة)
        # and old Italian ones (Giarabub → جرابوب): one form more, of as many letters as any (ARABIC_MIN)
        forms.append(form[0] + form[2:])
    if len(out) == 1 and has_article:
        forms += ["ال" + f for f in forms]
    out_forms = {f: TRANSCRIBED for f in forms if " " in f or len(f.removeprefix("ال")) >= ARABIC_MIN
                 or (len(f) == ARABIC_MIN - 1 and arabic and _adds_one_long_vowel(f, arabic))}
    out_forms.update(_kaf_of_latin_k(key, arabic) if len(words) == 1 else {})
    if field:
        out_forms.update({f"حقل {form}": TRANSCRIBED_FIELD, f"حقل {form} النفطي": TRANSCRIBED_FIELD})
    return out_forms


#: Why a village's name without its word for village is generated (قرية سلوق → سلوق, Qaryat Suluq → suluq): it needs
#: a kind cue, a list or an adjacent site (``variants_strict``), as the names that are words do.
VILLAGE_WORD_DROPPED: Final = "village word dropped"
_VILLAGE_WORDS: Final = ("قريه ", "qaryat ", "qariat ", "qaryah ", "qarya ")


def village_name(key: str) -> str:
    """A spelling key that starts with a word for village (قرية, Qaryat) without that word, or "" (none, or fewer
    than four letters left)."""
    for word in _VILLAGE_WORDS:
        if key.startswith(word):
            rest = key[len(word):]
            return rest if sum(c.isalpha() for c in rest) >= 4 else ""
    return ""


def is_short(spelling: str) -> bool:
    """Fewer than :data:`SHORT` letters (spaces not counted): a generated spelling that needs context."""
    return sum(c.isalpha() for c in spelling) < SHORT


def needs_context(spelling: str, why: str = "") -> bool:
    """Whether a generated spelling needs context near it: a short one (:func:`is_short`), except an Arabic
    one of :data:`ARABIC_MIN` letters or more that only swaps an emphatic consonant for its plain twin
    (زليتن → زليطن: the letters of the name, none added or dropped, so no new word); and one with the
    colloquial article (:data:`COLLOQUIAL_ARTICLE`), whatever its length."""
    if why == COLLOQUIAL_ARTICLE:
        return True
    if not is_short(spelling):
        return False
    return not (why in _SWAP_REASONS and len(spelling.removeprefix("ال")) >= ARABIC_MIN)


_SWAP_REASONS: Final = frozenset(f"{a}/{b}" for a, b in _AR_SWAPS.items())
#: Every one-letter exchange of :func:`arabic_variants` (ت/ط, س/ص, ق/غ).
_LETTER_SWAPS: Final = _SWAP_REASONS | frozenset(f"{a}/{b}" for a, b in _AR_QAF_GHAYN.items())


__all__ = [
    "ABU_JOINED",
    "ARABIC_MIN",
    "COLLOQUIAL_ARTICLE",
    "DOUBLED_ONCE",
    "FINAL_WAW_ALEF",
    "GERMAN",
    "HABIT_WORDS",
    "KAF_OF_LATIN_K",
    "LATIN_COLLOQUIAL_ARTICLE",
    "LONG_WORD",
    "MAX_LATIN_EDITS",
    "MAX_PER_SPELLING",
    "ORTHOGRAPHIC",
    "PROTHETIC_ALEF",
    "RUSSIAN",
    "SHORT",
    "SHORT_VOWELS",
    "SPACE_AFTER_NON_JOINING",
    "TRANSCRIBED",
    "TRANSCRIBED_FIELD",
    "TURKISH",
    "VILLAGE_WORD_DROPPED",
    "arabic_orthographic_variants_explained",
    "arabic_transcriptions",
    "arabic_variants",
    "arabic_variants_explained",
    "french",
    "german",
    "is_short",
    "latin_variants",
    "latin_variants_explained",
    "needs_context",
    "russian",
    "turkish",
    "village_name",
]
