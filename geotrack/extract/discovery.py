"""Discovery: phrases that name a base or airfield the gazetteer lacks (pure functions, no I/O).

A *candidate* is a phrase in which a base word names a place: ``قاعدة X الجوية``, ``مطار X``,
``X air base``, ``the airstrip at X``, ``base aérienne de X``. It is reported only when ``X`` is not a
spelling the gazetteer knows and the phrase overlaps no site mention, so that a new base can be noticed
as soon as the press names it, counted across documents (by ``name_key``) and reviewed by an analyst.

Rules (``Candidate.pattern``):

Arabic, over the normalised text (:func:`~geotrack.text.normalize.normalize`), the base word with
optional attached prefixes (و ف ب ل ك, never the article: ``القاعدة`` is al-Qaeda or "the rule"):

* ``ar:qaida-jawiya`` / ``ar:qaida-askariya``: ``قاعدة X الجوية`` / ``قاعدة X العسكرية``, X of 1-3 words;
* ``ar:qaida``: ``قاعدة X`` without the adjective, only when X looks like a name (below);
* ``ar:matar`` / ``ar:mahbat`` / ``ar:mudarraj``: ``مطار X``, ``مهبط X``, ``مدرج X``.

Without the adjective the name is one word, or two after a head word that begins compound place names
(بئر، وادي، معطن، قارة، جبل، عين، ...), or three with ``بن``/``ابن`` (``عقبة بن نافع``); its first word must
not be in :data:`AR_STOP` (common words that cannot start or be a name: بيانات، شعبية، عسكرية، جوية، جديدة،
روسية ..., prepositions and pronouns). So ``قاعدة بيانات``, ``قاعدة شعبية`` and ``قاعدة عسكرية روسية جديدة``
are not candidates. Like the matcher's mentions, an attached prefix (``وقاعدة``) is inside the surface;
the name never carries one.

English and French, over the original text (capitals matter), X being 1-3 capitalised words (articles
``al-``/``el-``/``as-`` ... and connectors ``bin``/``ben``/``abu`` allowed, so ``Bir Zaltan``, ``Qaret
al-Hamra``, ``Uqba bin Nafi``):

* ``en:air-base``, ``en:airfield``, ``en:airstrip``, ``en:airport``, ``en:aerodrome``: ``X air base``,
  ``X airbase``, ``X Air Base``, ``X airfield`` ...; leading words in :data:`EN_STOP` (``The``, ``A``,
  ``Russian``, ``Military``, ``Libyan``, ``New``, days, months, acronyms such as ``LNA`` ...) are not part
  of the name, and trailing ones (``International``, ``Military``) neither;
* ``en:airstrip-at``, ``en:airfield-at``, ``en:base-at``, ``en:airport-at``, ``en:air-base-at``:
  ``the airstrip at X``, ``the airfield near X``, ``the base at X``;
* ``fr:base-aerienne``, ``fr:base-militaire``, ``fr:aerodrome``, ``fr:aeroport``, ``fr:piste``:
  ``base aérienne de X``, ``aérodrome de X``, ``aéroport d'X``, ``la piste de X``.

Obvious non-places are never names: headline and question words (:data:`HEADLINE_WORDS`: ``How``, ``Why``,
``Inside``, ``Exclusive`` ...) are trimmed like :data:`EN_STOP`, and so is a leading possessive (``Libya's``,
``Haftar's``), unless it names a place abroad (``Niger's Agadez``, ``Sudan's Port Sudan``): then the phrase
is dropped. In Arabic a first word that is a common word with a prefix and the article (``والجديدة``,
``بالقرب``) is a stop word, and a lone word after a bare base word is not a name when its shape is an
adjective or a verbal noun: ``-ية`` (``قاعدة عملياتية``), ``مت...``/``مست...`` of five letters or more
(``قاعدة متكاملة``, ``مطار متكامل``), ``-اية`` (``قاعدة حماية``).

A phrase is skipped when its name's :func:`~geotrack.gazetteer.spelling_key` is a spelling of any
gazetteer site (with or without the Arabic article), is in :data:`FOREIGN_BASES` (bases abroad that recur
in Libya reporting: Hmeimim, Latakia, Incirlik ...), a spelling of a foreign place of the context data
(countries from pycountry, capitals, cities, bases: ``data/context/places.csv``) or in ``skip_names``, or
when the phrase overlaps a site mention. :func:`clean_name` applies the same rules to a stored name.

``Candidate.surface == text[start:end]`` covers the whole phrase, base word included; ``sentence`` is cut
as for mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from operator import gt, sub
from typing import TYPE_CHECKING

from geotrack.gazetteer import spelling_key
from geotrack.models import Candidate
from geotrack.text.arabic import is_arabic
from geotrack.text.normalize import OffsetMap, bisect_right, normalize
from geotrack.text.sentences import sentence_around

if TYPE_CHECKING:
    from geotrack.context import ContextData
    from geotrack.gazetteer import Gazetteer
    from geotrack.models import Mention


def _norm_words(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


#: Arabic words that cannot start (or be) the name after a base word: adjectives (feminine for قاعدة,
#: masculine for مطار/مهبط/مدرج), common nouns that follow a base word (قاعدة بيانات "database", مهبط
#: طائرات, مدرج الهبوط), prepositions, pronouns and particles. Compared with and without the article ال.
AR_STOP: frozenset[str] = _norm_words(
    # feminine adjectives and nouns after قاعدة
    "بيانات معلومات شعبية جماهيرية عسكرية جوية بحرية برية جديدة قديمة روسية تركية أمريكية أميركية "
    "إماراتية مصرية فرنسية بريطانية إيطالية سودانية تشادية سورية أجنبية ليبية ضخمة رئيسية كبيرة صغيرة "
    "كبرى سرية دائمة مؤقتة متقدمة أمامية خلفية لوجستية استراتيجية إستراتيجية مهمة هامة حيوية محصنة "
    "حصينة مشتركة ثابتة صلبة متينة عريضة واسعة اجتماعية اقتصادية صناعية انتخابية قانونية فقهية ذهبية "
    "عامة أساسية ثانية أولى أخرى جنوبية شمالية شرقية غربية وسطى قريبة بعيدة حربية دفاعية هجومية "
    "مدنية دولية إقليمية محلية نائية صحراوية متطورة حديثة عملاقة "
    # masculine adjectives after مطار / مهبط / مدرج
    "عسكري جوي مدني دولي جديد قديم صغير كبير رئيسي حربي محلي بديل ثانوي ترابي مهجور سري خاص إقليمي "
    "روسي تركي أمريكي ليبي أجنبي مؤقت طويل قصير واسع ضخم مرصوف معبد مجهز دولى صحراوي ناء بعيد قريب "
    # nouns that follow a base word without naming it
    "طائرات طائرة مروحيات مروحية طيران هبوط إقلاع انطلاق دعم تدريب عمليات قوات قوة جيش حلف ناتو "
    "مطار مطارات قاعدة قواعد مهبط مدرج مدينة منطقة بلدة عاصمة دولة البلاد "
    # verbs, pronouns, demonstratives, particles
    "تابعة تابع يضم تضم يقع تقع كانت كان أصبحت صار تستخدم يستخدم تستضيف يستضيف "
    "لها له لهم بها به فيها فيه عليها عليه منها منه هذه هذا تلك ذلك ذات التي الذي الذين "
    "في من إلى الى على عن مع قرب بالقرب نحو حول داخل خارج عند بين قبل بعد منذ حتى ضمن لدى تحت فوق "
    "شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط قد لم لن ما لا أن إن كما حيث ثم أو كل بعض أي "
    "واحدة واحد"
)
#: Head words of compound Arabic place names: the name takes one more word after them.
AR_HEADS: frozenset[str] = _norm_words("بئر بير وادي معطن قارة قارت جبل عين راس رأس أبو ابو أم ام سيدي بني حاسي قصر تل ذات")
_AR_BIN = _norm_words("بن ابن")
_AR_SUFFIX = {normalize("الجوية"): "ar:qaida-jawiya", normalize("العسكرية"): "ar:qaida-askariya"}
_AR_BASES = {normalize("قاعدة"): "ar:qaida", "مطار": "ar:matar", "مهبط": "ar:mahbat", "مدرج": "ar:mudarraj"}

#: English and French words that are not (the start or end of) a name before or after a base word:
#: articles and determiners, adjectives of nationality and kind, prepositions, days, months.
EN_STOP: frozenset[str] = frozenset(
    w.lower()
    for w in (
        "The A An This That These Those Its It His Her Their Our Your My Another Each Every Both Any Some "
        "One Two Three Several Many No "
        "New Former Old Main Major Key Big Large Small Huge Vast Secret Remote Strategic Desert Sprawling "
        "Russian Russia's Turkish Libyan American US Emirati Egyptian French Italian British Sudanese "
        "Chadian Syrian Belarusian Foreign Western Eastern Southern Northern Central "
        "Military Air Naval Army Force Forces International National Regional Civil Civilian Domestic "
        "Commercial Main Private Abandoned Disused Nearby Local Provincial Municipal Rebel Government "
        "In At On Near From To By For With Of Into Onto Inside Outside Across Around Towards Toward "
        "And But Or So Yet Then While When Where Which Who Whose Meanwhile However Also Since After "
        "Before During Meanwhile Although Though Despite Because Yesterday Today Tonight Tomorrow Last "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June "
        "July August September October November December "
        "Russia Turkey Libya Egypt Wagner Haftar Africa Corps Le La Les Un Une Des Du De L D Cette Ce "
        "Nouvelle Nouveau Ancienne Ancien Grande Petite Militaire Aérienne Principale Russe Turque "
        "Libyenne Américaine Internationale Nationale"
    ).split()
)
#: Words that open a headline, a question or a caption and never a place name ("How Bir Zaltan air base
#: grew", "Inside ...", "Exclusive: ...", "Satellite images ..."): like :data:`EN_STOP`, never part of a name.
HEADLINE_WORDS: frozenset[str] = frozenset(
    w.lower()
    for w in (
        "How Why What Whats Who Whom Whose Which Where When Inside Behind Beyond Exclusive Analysis Explainer "
        "Explained Watch Video Videos Photo Photos Pictures Images Imagery Satellite Breaking Opinion Update "
        "Updated Live Report Reports Revealed Reveals Revealing Here There Is Are Was Were Does Did Do Can "
        "Could Will Would Should Might Must Secret Hidden Mystery Comment Pourquoi Quand Qui Enquête Exclusif "
        "Vidéo Révélations"
    ).split()
)
_EN_TRAILING_STOP = frozenset({"international", "military", "regional", "civil", "civilian", "main", "old",
                               "new", "national", "domestic", "commercial", "strategic", "naval", "air"})
#: Bases and airports abroad that recur in stories about Libyan bases, as spelling keys.
FOREIGN_BASES: frozenset[str] = frozenset(
    spelling_key(w)
    for w in (
        "Hmeimim", "Hmeymim", "Khmeimim", "حميميم", "Latakia", "اللاذقية", "Incirlik", "إنجرليك", "Chkalovsky",
        "Sidi Barrani", "سيدي براني", "Marsa Matruh", "Mersa Matruh", "مرسى مطروح", "Cairo West", "Cairo",
        "القاهرة", "Moscow", "موسكو", "Istanbul", "إسطنبول", "Ankara", "أنقرة", "Khartoum", "الخرطوم",
        "N'Djamena", "انجامينا", "Damascus", "دمشق", "Sigonella", "Al Dhafra", "الظفرة", "Bamako", "Niamey",
        "Minsk", "Rostov", "Mozdok", "Bangui", "Port Sudan", "بورتسودان", "Aleppo", "Deir ez-Zor",
    )
)



def _is_foreign(key: str, places: frozenset[str]) -> bool:
    """Whether a spelling key names a place abroad: :data:`FOREIGN_BASES` or ``places``, the foreign places of
    the context data (countries, capitals, cities, bases: :attr:`ContextData.place_keys`), with or without
    the Arabic article."""
    forms = {key, key[2:]} if key.startswith("ال") and len(key) > 3 else {key, "ال" + key}
    return not forms.isdisjoint(FOREIGN_BASES) or not forms.isdisjoint(places)


# -- regular expressions ------------------------------------------------------------------------------
_AR_LETTER = "\u0621-\u064a\u066e-\u06d3"
_AR_RE = re.compile(
    rf"(?<![\w])(?P<pre>[وفبلك]{{0,2}})(?P<base>{'|'.join(_AR_BASES)})(?![\w])"
    rf"(?=(?P<rest>(?: +[{_AR_LETTER}]+(?![\w])){{1,4}}))"
)
#: Characters from an Arabic base word searched for its phrase (four name words fit).
_AR_REACH = 80
_AR_WORD_RE = re.compile(f"[{_AR_LETTER}]+")

_UP = "A-ZÀ-ÖØ-Þ"
_APOS = "'’ʼ"
# one name word: a capitalised word (hyphenated parts capitalised or articles), optionally preceded by a
# lower-case article (al-, el Khadim, as-Sarra) or connector (bin, ben, abu)
_CAP = rf"[{_UP}][^\W\d_]*(?:[{_APOS}][^\W\d_]+)*"
_ART = r"(?:al|el|as|ash|ad|ar|at|az|an|es|ed|er|et|ez|en)"
_NAME_WORD = rf"(?:(?:(?:al|el)[ \u00a0]|{_ART}-|(?:bin|ben|ibn|bou|abu|ould)[ \u00a0])?{_CAP}(?:-(?:{_ART}-)?{_CAP})*)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:[ \u00a0]+{_NAME_WORD}){{0,2}})"
_SP = r"[ \t\u00a0]+"
_EN_BASE = r"air[ \-]?base|air[ \-]?field|air[ \-]?strip|airport|aerodrome"
#: The words (normalised) every English or French phrase holds: the name patterns are tried only near them.
_LATIN_TRIGGERS = ("air base", "airbase", "airfield", "air field", "airstrip", "air strip", "airport", "aerodrome",
                   "aeroport", "base aerienne", "base militaire", "piste", "base at", "base near")
#: The English base words among them: the base word of every phrase of :data:`_EN_BEFORE_RE` is one.
_EN_BASE_WORDS = _LATIN_TRIGGERS[:8]
#: The French base words among them (``la piste``: its ``piste``): the base word of every phrase of :data:`_FR_RE`
#: is one. That of every phrase of :data:`_EN_AFTER_RE` is an English one or the ``base`` of ``base at``.
_FR_BASE_WORDS = ("aerodrome", "aeroport", "base aerienne", "base militaire", "piste")
#: The size of the base word of a phrase of :data:`_EN_AFTER_RE` at each trigger that may start one.
_AFTER_BASE = {**{w: len(w) for w in _EN_BASE_WORDS}, "base at": 4, "base near": 4}
_TRIGGER_RE = re.compile("|".join(re.escape(w) for w in sorted(_LATIN_TRIGGERS, key=len, reverse=True)))


def _latin_trigger(norm: str, i: int) -> str:
    """The word of :data:`_LATIN_TRIGGERS` at ``norm[i]`` (where the scan reported one)."""
    m = _TRIGGER_RE.match(norm, i)
    return m.group() if m else ""
#: Characters before a base word searched for its name (three name words with articles fit), and after it.
_NAME_WINDOW = 90
#: Characters from the start of a base word to just past its end (the longest, ``aerodrome`` and ``air
#: strip``, have 9): a name before a base word is searched up to there, so that its pattern still sees the
#: character after the base word.
_BASE_REACH = 10
#: Characters before a base word where a phrase that names the place after it may start: the article of
#: ``the airstrip at``, ``la piste de``.
_LEAD = 12
_UP_RE = re.compile(f"[{_UP}]")
_EN_BEFORE_RE = re.compile(rf"(?<![\w{_APOS}\-]){_NAME}{_SP}(?P<base>(?i:{_EN_BASE}))(?![\w])")
#: What follows the base word of a phrase that names the place after it (``the airstrip at``, ``the base near``).
_AT = rf"{_SP}(?i:at|near){_SP}"
_AT_RE = re.compile(_AT)
_EN_AFTER_RE = re.compile(
    rf"(?<![\w])(?i:(?:the|an?){_SP}(?P<base>{_EN_BASE}|base)){_AT}{_NAME}(?![\w{_APOS}\u064b-\u065f\u0670])"
)
_FR_RE = re.compile(
    rf"(?<![\w])(?i:(?P<base>base{_SP}a[ée]rienne|base{_SP}militaire|a[ée]rodrome|a[ée]roport|la{_SP}piste)"
    rf"(?:{_SP}de{_SP}|{_SP}d[{_APOS}]))(?:{_NAME})(?![\w{_APOS}\u064b-\u065f\u0670])"
)


def _en_pattern(base: str, suffix: str = "") -> str:
    b = re.sub(r"[\s\-]+", "", base.lower())
    kind = {"airbase": "air-base", "base": "base"}.get(b, b)
    return f"en:{kind}{suffix}"


def _fr_pattern(base: str) -> str:
    b = normalize(base).split()
    return {"base": "fr:base-aerienne" if b[-1] == "aerienne" else "fr:base-militaire", "la": "fr:piste"}.get(
        b[0], f"fr:{b[0]}")


# -- sentences ------------------------------------------------------------------------------------------


# -- the gazetteer's spellings ------------------------------------------------------------------------
def known_spellings(gazetteer: Gazetteer) -> frozenset[str]:
    """Every spelling key of every site (all claims, resolved or tied) and of the site names
    (:attr:`Gazetteer.known_keys`, computed once per gazetteer)."""
    return gazetteer.known_keys


_NOTHING: frozenset[str] = frozenset()


def _is_known(key: str, known: frozenset[str], skip: frozenset[str]) -> bool:
    forms = {key}
    if key.startswith("ال") and len(key) > 3:
        forms.add(key[2:])
    elif key and is_arabic(key[0]):
        forms.add("ال" + key)
    return not forms.isdisjoint(known) or not forms.isdisjoint(skip)


# -- Arabic ---------------------------------------------------------------------------------------------
def _ar_stop(word: str) -> bool:
    """A common word that cannot start a name: in :data:`AR_STOP`, with the article, or with a prefix and
    the article (``والجديدة``, ``بالقرب``)."""
    if word in AR_STOP or word.startswith("لل"):
        return True
    if word.startswith("ال"):
        return word[2:] in AR_STOP
    return len(word) > 4 and word[0] in "وفبك" and word[1:3] == "ال" and word[3:] in AR_STOP


def _ar_not_a_name(word: str) -> bool:
    """A lone word after a bare base word (``قاعدة X``, ``مطار X``) whose shape is an adjective or a verbal
    noun, not a name (normalised text: ة is ه): a nisba adjective ``-ية`` (``عملياتية``, ``روسية``), a
    participle of five letters or more ``مت...``/``مست...`` (``متكاملة``, ``متكامل``, ``مستقلة``), a verbal
    noun ``-اية`` (``حماية``)."""
    if word.startswith("ال") or len(word) < 4:
        return False
    return word.endswith(("يه", "ايه")) or (len(word) >= 5 and word.startswith(("مت", "مست")))


def _ar_name(words: list[re.Match[str]]) -> int:
    """How many of ``words`` form a name after a base word without its adjective (0: none)."""
    first = words[0].group()
    if _ar_stop(first) or len(first) < 2:
        return 0
    n = 1
    if first in AR_HEADS and len(words) > 1 and not _ar_stop(words[1].group()):
        n = 2
    elif len(words) > 2 and words[1].group() in _AR_BIN and not _ar_stop(words[2].group()):
        n = 3
    return 0 if n == 1 and _ar_not_a_name(first) else n


def _ar_phrases(norm: str, hits: list[int]) -> Iterable[re.Match[str]]:
    """The matches of :data:`_AR_RE` whose base word starts at one of ``hits`` (ascending offsets of ``norm``),
    each tried where it may start: at its base word or one or two prefix letters before it, in the window
    of the base words around it (which the phrase's words may reach). The same as searching the windows,
    where a match of another base word never covers these starts (a base word ends a word)."""
    k, n = 0, len(hits)
    for lo, hi in cue_windows(hits, 2, _AR_REACH, norm):
        while k < n and hits[k] < hi:
            h = hits[k]
            k += 1
            for start in range(max(lo, h - 2), h + 1):
                m = _AR_RE.match(norm, start, hi)
                if m is not None:
                    if m.start("base") == h:
                        yield m
                    break


def _arabic(norm: str, hits: list[int]) -> Iterable[tuple[int, int, int, int, str]]:
    """(phrase start, phrase end, name start, name end, pattern) spans in the normalised text, tried only at
    the base words that start at ``hits`` (ascending offsets of ``norm``), each phrase at its own base word
    (with up to two prefix letters before it)."""
    for m in _ar_phrases(norm, sorted(set(hits))):
        if m.group("pre").endswith("لل"):
            continue  # للقاعدة: ل + the article
        base_pattern = _AR_BASES[m.group("base")]
        words = list(_AR_WORD_RE.finditer(norm, m.start("rest"), m.end("rest")))
        if base_pattern == "ar:qaida":
            suffix = next((i for i in range(1, min(4, len(words))) if words[i].group() in _AR_SUFFIX), 0)
            if suffix:
                if any(_ar_stop(w.group()) for w in words[:suffix]):
                    continue
                yield (m.start(), words[suffix].end(), words[0].start(), words[suffix - 1].end(),
                       _AR_SUFFIX[words[suffix].group()])
                continue
        n = _ar_name(words)
        if n:
            yield m.start(), words[n - 1].end(), words[0].start(), words[n - 1].end(), base_pattern


# -- English and French ----------------------------------------------------------------------------------
_WORD_SPLIT = re.compile(r"\S+")


def _possessive(word: str) -> str:
    """``"Niger"`` for ``"Niger's"`` / ``"Niger’s"``; ``""`` for a word that is not a possessive."""
    return word[:-2] if len(word) > 2 and word[-2] in _APOS and word[-1] in "sS" else ""


def _trim_name(text: str, a: int, b: int, leading: bool, trailing: bool, places: frozenset[str]) -> tuple[int, int]:
    """Drop stop words, headline words and acronyms from the start and/or end of the name ``text[a:b]``,
    and a leading possessive (``Libya's``, ``Haftar's``); a possessive naming a foreign place (``Niger's
    Agadez``, ``Sudan's Port Sudan``) rejects the name (``(a, a)``): the place is abroad."""
    words = [(w.start() + a, w.end() + a, w.group()) for w in _WORD_SPLIT.finditer(text[a:b])]

    def stop(w: str) -> bool:
        low = w.lower()
        return (low in EN_STOP or low in HEADLINE_WORDS or (w.isupper() and len(w) > 1 and w.isalpha())
                or low.rstrip("s'’") in EN_STOP)

    while leading and words and (stop(words[0][2]) or (_possessive(words[0][2]) and len(words) > 1)):
        owner = _possessive(words.pop(0)[2])
        if owner and _is_foreign(spelling_key(owner), places):
            return a, a
    while trailing and words and (stop(words[-1][2]) or words[-1][2].lower() in _EN_TRAILING_STOP):
        words.pop()
    if not words or any(stop(w[2]) for w in words):
        return a, a
    return words[0][0], words[-1][1]


#: What a word is made of: letters, digits, Arabic marks, apostrophes.
_WORD_CHARS = rf"\w{_APOS}\u064b-\u065f\u0670"
#: The rest of a word that goes on at an offset (the character before it is a word's).
_WORD_REST = re.compile(f"(?<=[{_WORD_CHARS}])[{_WORD_CHARS}]*")


def cue_windows(hits: list[int], before: int, after: int, text: str) -> list[tuple[int, int]]:
    """The windows ``[hit - before, hit + after)`` of ``text`` around ascending ``hits``, overlapping ones
    merged; a window that would end inside a word ends with that word.

    This is the one rule that keeps what discovery and relative positions find within words: their
    expressions run in these windows (as ``finditer(text, lo, hi)``), and an expression sees the end of
    its window as the end of the text, so a name cut by a window would look whole (``قاعدة حمي`` of
    ``قاعدة حميميم``)."""
    windows: list[tuple[int, int]] = []
    n = len(text)
    for pos in hits:
        lo, hi = max(0, pos - before), min(n, pos + after)
        rest = _WORD_REST.match(text, hi) if 0 < hi < n else None
        if rest is not None:
            hi = rest.end()
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], hi))
        else:
            windows.append((lo, hi))
    return windows


def holds(hits: list[int], lo: int, hi: int) -> bool:
    """Whether one of ``hits`` (ascending) is in ``[lo, hi)``: whether a window of :func:`cue_windows` holds
    one of them."""
    k = bisect_left(hits, lo)
    return k < len(hits) and hits[k] < hi


def _name_may_end_before(text: str, t: int, size: int, named: set[int]) -> bool:
    """Whether a phrase of :data:`_EN_BEFORE_RE` may end with the English base word (:data:`_EN_BASE_WORDS`) of
    ``size`` characters at ``text[t]`` and name a candidate: the base word ends a word, after spaces
    (:data:`_SP`) that follow a word holding a capital (every name ends with one, :data:`_CAP`) and that do
    not follow a site mention (``named``: where mentions end), which the phrase would overlap."""
    end = t + size
    if end < len(text) and (text[end].isalnum() or text[end] == "_"):
        return False  # "the airfields": no base word ends here (nor where normalising deleted a character in it)
    j = t
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == t or j in named:
        return False
    k = j  # the letters and apostrophes before the spaces: the last name word's capitalised part is in them
    while k > 0 and (text[k - 1] in _APOS or (text[k - 1].isalnum() and not text[k - 1].isdecimal())):
        k -= 1
    return _UP_RE.search(text, k, j) is not None


def _latin(text: str, places: frozenset[str], hits: list[int], before: list[int], after: list[int],
           french: list[int]) -> Iterable[tuple[int, int, int, int, str]]:
    """(phrase start, phrase end, name start, name end, pattern) spans in the original text.

    The phrase patterns are only tried in short windows around the base words (air base, airstrip, base,
    aérodrome ...) that start at ``hits`` (ascending offsets of ``text``): the name patterns are costly to
    try everywhere. A phrase with the name before its base word ends with it, so it is searched for before
    the base words only; one with the name after begins with its base word (or an article), so it is
    searched for after them (each window half the size of one around the base word). Each pattern runs only
    in the windows that hold one of its own base words (each pattern's base words are among them): those
    at ``before`` (:func:`_name_may_end_before`), ``after`` (followed by :data:`_AT`) and ``french``, subsets
    of ``hits``; the windows are those of all the ``hits``.
    """
    for lo, hi in cue_windows(hits, _NAME_WINDOW, _BASE_REACH, text) if before else ():
        if not holds(before, lo, hi):
            continue
        for m in _EN_BEFORE_RE.finditer(text, lo, hi):
            a, b = _trim_name(text, m.start("name"), m.end("name"), leading=True, trailing=True, places=places)
            if a < b:
                yield a, m.end(), a, b, _en_pattern(m.group("base"))
    for lo, hi in cue_windows(hits, _LEAD, _NAME_WINDOW, text) if after or french else ():
        for m in _EN_AFTER_RE.finditer(text, lo, hi) if holds(after, lo, hi) else ():
            a, b = _trim_name(text, m.start("name"), m.end("name"), leading=False, trailing=True, places=places)
            if a == m.start("name") and a < b:
                yield m.start(), b, a, b, _en_pattern(m.group("base"), "-at")
        for m in _FR_RE.finditer(text, lo, hi) if holds(french, lo, hi) else ():
            a, b = _trim_name(text, m.start("name"), m.end("name"), leading=False, trailing=True, places=places)
            if a == m.start("name") and a < b:
                yield m.start(), b, a, b, _fr_pattern(m.group("base"))


#: Cue kinds of :data:`CUE_WORDS`.
LATIN_CUE, ARABIC_CUE = "discovery:latin", "discovery:arabic"
#: The words discovery starts from (normalised word → cue kind): the extractor's scan reports where they
#: are (:meth:`geotrack.extract.matcher.Matcher.find_all`), so discovery never searches a text for them.
CUE_WORDS: dict[str, str] = {**dict.fromkeys(_LATIN_TRIGGERS, LATIN_CUE), **dict.fromkeys(_AR_BASES, ARABIC_CUE)}


def find_cues(norm: str, words: dict[str, str]) -> dict[str, list[int]]:
    """Where the ``words`` (normalised word → kind) start in ``norm``, every occurrence (inside other words
    too), as kind → ascending offsets: what the extractor's scan reports, for a caller without one."""
    out: dict[str, list[int]] = {}
    for word, kind in words.items():
        i = norm.find(word)
        while i >= 0:
            out.setdefault(kind, []).append(i)
            i = norm.find(word, i + 1)
    for found in out.values():
        found.sort()
    return out


# -- stored names ----------------------------------------------------------------------------------------
_BARE_AR = frozenset({"ar:qaida", "ar:matar", "ar:mahbat", "ar:mudarraj"})


def clean_name(name: str, pattern: str = "", context: ContextData | None = None) -> str:
    """``name`` as :func:`find_candidates` would report it today, ``""`` when it would not (a candidate
    stored by an older geotrack, say): the same rules, applied to the name alone. A Latin name loses its
    leading stop words, headline words and possessive and its trailing stop words (``"How Bir Zaltan"`` →
    ``"Bir Zaltan"``); an Arabic name that starts with a common word (with its article or prefixes), or
    a lone word after a bare base word (``pattern`` ``ar:qaida`` ...) shaped like an adjective, is not a
    name; nor is a name of a place abroad (:data:`FOREIGN_BASES`, the context data's foreign places)."""
    places = _context(context).place_keys
    name = " ".join(name.split())
    if is_arabic(name):
        words = normalize(name).split()
        if not words or _ar_stop(words[0]) or (pattern in _BARE_AR and len(words) == 1 and _ar_not_a_name(words[0])):
            return ""
    else:
        a, b = _trim_name(name, 0, len(name), leading=True, trailing=True, places=places)
        name = name[a:b]
    key = spelling_key(name)
    return "" if not key or _is_foreign(key, places) else name


def _context(context: ContextData | None) -> ContextData:
    """``context``, or the default context data (built in one place, :func:`geotrack.context.default_context`)."""
    if context is not None:
        return context
    from geotrack.context import default_context

    return default_context()


# -- the public function -----------------------------------------------------------------------------------
def _covered(starts: list[int], ends: list[int], i: int) -> bool:
    """Whether ``text[i]`` lies inside a mention (``starts`` and ``ends`` of the mentions, in text order: mentions
    never overlap one another). The extractor's own :func:`~geotrack.text.normalize.bisect_right` (a C loop
    when compiled), called for every base word."""
    k = bisect_right(starts, i) - 1
    return k >= 0 and ends[k] > i


def find_candidates(text: str, gazetteer: Gazetteer, mentions: list[Mention] | None = None, doc_id: str = "",
                    *, skip_names: Iterable[str] = (), norm: str | None = None,
                    omap: OffsetMap | None = None, context: ContextData | None = None,
                    cues: dict[str, list[int]] | None = None) -> list[Candidate]:
    """Phrases in ``text`` that name a base or airfield the gazetteer lacks, in text order.

    ``mentions`` are the site mentions of ``text`` (default: those the gazetteer's extractor finds); a phrase
    overlapping one is skipped. ``skip_names`` are further names to ignore (foreign places found by the
    context layer, say). ``surface == text[start:end]`` for every candidate. ``norm`` and ``omap``
    (``normalize(text)`` and its offset map) may be passed to save recomputing them. ``context`` gives the
    foreign places that are never candidates (default: :func:`geotrack.context.default_context`).
    ``cues`` are where the base words of :data:`CUE_WORDS` start in ``norm`` (kind → ascending offsets), as the
    extractor's scan reports them; without them the text is searched for them. A base word inside a mention
    is not tried: every phrase holds its base word, and a phrase overlapping a mention is never a candidate.
    """
    if mentions is None:
        from geotrack.extract.extractor import extractor_for

        mentions = extractor_for(gazetteer).extract(text, doc_id=doc_id)
    known = gazetteer.known_keys
    places = _context(context).place_keys
    starts = [m.start for m in mentions]
    ends = [m.end for m in mentions]
    if any(map(gt, starts, starts[1:])):  # (not in text order)
        ordered = sorted(zip(starts, ends, strict=True))
        starts, ends = [s for s, _ in ordered], [e for _, e in ordered]

    if norm is None:
        norm = normalize(text)
        omap = OffsetMap(text) if len(norm) != len(text) else None
    if cues is None:
        cues = find_cues(norm, CUE_WORDS)
    spans: list[tuple[int, int, int, int, str]] = []
    ar_hits = [i for i in cues.get(ARABIC_CUE, ()) if not _covered(starts, ends, omap.start(i) if omap else i)]
    if ar_hits and not text.isascii() and is_arabic(text):
        for ps, pe, ns, ne, pattern in _arabic(norm, ar_hits):
            if omap is not None:
                ps, pe, ns, ne = omap.start(ps), omap.end(pe), omap.start(ns), omap.end(ne)
            spans.append((ps, pe, ns, ne, pattern))
    latin = [(i, omap.start(i) if omap else i) for i in cues.get(LATIN_CUE, ())]
    latin = [(i, t) for i, t in latin if not _covered(starts, ends, t)]
    if latin:
        named = set(ends)
        before: list[int] = []
        after: list[int] = []
        french: list[int] = []
        for i, t in latin:
            word = _latin_trigger(norm, i)
            if word in _EN_BASE_WORDS and _name_may_end_before(text, t, len(word), named):
                before.append(t)
            size = _AFTER_BASE.get(word, 0)
            if size and _AT_RE.match(text, t + size):
                after.append(t)
            if word in _FR_BASE_WORDS:
                french.append(t)
        spans.extend(_latin(text, places, [t for _, t in latin], before, after, french))
    if not spans:
        return []
    spans.sort()
    skip: frozenset[str] | None = None  # the names to skip, built when a phrase gets that far
    occupied = list(zip(starts, ends, strict=True))
    longest = max(map(sub, ends, starts), default=0)
    out: list[Candidate] = []
    last_end = -1
    for ps, pe, ns, ne, pattern in spans:
        if ps < last_end:
            continue
        lo, hi = bisect_left(starts, ps - longest), bisect_left(starts, pe)
        if any(ps < me for _, me in occupied[lo:hi]):
            continue
        name = text[ns:ne]
        key = spelling_key(name)
        if not key or _is_known(key, known, _NOTHING) or _is_foreign(key, places):
            continue
        if skip is None:  # (FOREIGN_BASES: _is_foreign, in more forms)
            skip = frozenset(spelling_key(s) for s in skip_names)
        if _is_known(key, _NOTHING, skip):
            continue
        out.append(Candidate(name=name, name_key=key, pattern=pattern, surface=text[ps:pe], start=ps, end=pe,
                             sentence=sentence_around(text, ps, pe), doc_id=doc_id))
        last_end = pe
    return out


__all__ = ["AR_HEADS", "AR_STOP", "EN_STOP", "FOREIGN_BASES", "HEADLINE_WORDS", "clean_name", "find_candidates",
           "known_spellings", "sentence_around"]
