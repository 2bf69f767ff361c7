"""Discovery: phrases naming a base or airfield the gazetteer lacks (geotrack.extract.discovery)."""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.extract import Extractor
from geotrack.extract.discovery import AR_STOP, EN_STOP, find_candidates, known_spellings
from geotrack.gazetteer import Gazetteer, spelling_key
from geotrack.models import Candidate
from geotrack.text.normalize import normalize
from tests.paths import ROOT

GAZ = Gazetteer.load(ROOT / "data" / "gazetteer", extra=[])


def cands(text: str) -> list[Candidate]:
    out = find_candidates(text, GAZ, doc_id="d1")
    for c in out:
        assert text[c.start:c.end] == c.surface
        assert c.name in c.surface
        assert c.name_key == spelling_key(c.name)
        assert c.doc_id == "d1"
        assert c.surface in c.sentence
    return out


def summary(text: str) -> list[tuple[str, str, str, int, int]]:
    return [(c.pattern, c.name, c.surface, c.start, c.end) for c in cands(text)]


@pytest.mark.parametrize("name", ["معطن بشارة", "بئر حكيم", "Maaten Bishara", "Qaret al-Hamra", "Uweinat",
                                  "Wadi Bey", "Tmassah", "Ouenat", "Tallab", "أم العرانب", "تلاب"])
def test_test_names_are_unknown_to_the_gazetteer(name: str) -> None:
    assert spelling_key(name) not in known_spellings(GAZ)


# -- Arabic ------------------------------------------------------------------------------------------
def test_arabic_qaida_jawiya() -> None:
    text = "هبطت طائرات روسية في قاعدة معطن بشارة الجوية جنوب شرق الكفرة."
    assert summary(text) == [("ar:qaida-jawiya", "معطن بشارة", "قاعدة معطن بشارة الجوية", 21, 44)]
    (c,) = cands(text)
    assert c.name_key == "معطن بشاره"
    assert c.sentence == text


def test_arabic_qaida_askariya_with_prefix_and_diacritics() -> None:
    text = "ووصلت تعزيزات إلى وقاعدةِ تلاب العسكرية أمس."
    (c,) = cands(text)
    assert (c.pattern, c.name, c.surface) == ("ar:qaida-askariya", "تلاب", "وقاعدةِ تلاب العسكرية")
    assert (c.start, c.end) == (18, 39)


def test_arabic_matar_mahbat_mudarraj() -> None:
    text = "وصلت شحنات إلى مطار أم العرانب ومهبط بئر حكيم ومدرج تلاب الأسبوع الماضي."
    assert summary(text) == [
        ("ar:matar", "أم العرانب", "مطار أم العرانب", 15, 30),
        ("ar:mahbat", "بئر حكيم", "ومهبط بئر حكيم", 31, 45),
        ("ar:mudarraj", "تلاب", "ومدرج تلاب", 46, 56),
    ]


def test_arabic_qaida_without_adjective_needs_a_name() -> None:
    text = "تتمركز القوات في قاعدة تلاب منذ شهر."
    assert summary(text) == [("ar:qaida", "تلاب", "قاعدة تلاب", 17, 27)]


@pytest.mark.parametrize("text", [
    "أنشأت الوزارة قاعدة بيانات جديدة للمهاجرين.",
    "يتمتع الحزب بقاعدة شعبية واسعة.",
    "أعلن تنظيم القاعدة مسؤوليته. القاعدة الذهبية معروفة.",
    "تبني روسيا قاعدة عسكرية روسية جديدة في المنطقة.",
    "قاعدة جوية ضخمة ومطار دولي ومهبط طائرات ومدرج الهبوط.",
    "وصلت الطائرة إلى المطار ثم إلى القاعدة.",
    "هبطت طائرات في قاعدة الجفرة الجوية وقاعدة الخادم الجوية ومطار معيتيقة.",
    "نقلت روسيا معدات من قاعدة حميميم الجوية.",
    "للقاعدة تاريخ طويل.",
])
def test_arabic_negatives(text: str) -> None:
    assert cands(text) == []


def test_arabic_known_site_without_article_is_not_a_candidate() -> None:
    # the gazetteer spells it الجفرة; جفرة without the article is the same name
    assert cands("هبطت طائرة في قاعدة جفرة الجوية.") == []


# -- English -------------------------------------------------------------------------------------------
def test_english_name_before_base_word() -> None:
    text = "Satellite images show the Maaten Bishara airstrip. The Russian Uweinat Air Base grew; Tallab airfield too."
    assert summary(text) == [
        ("en:airstrip", "Maaten Bishara", "Maaten Bishara airstrip", 26, 49),
        ("en:air-base", "Uweinat", "Uweinat Air Base", 63, 79),
        ("en:airfield", "Tallab", "Tallab airfield", 86, 101),
    ]


def test_english_airbase_airport_and_trailing_words() -> None:
    text = "Flights reached Wadi Bey airbase and Tallab International Airport on Sunday."
    assert summary(text) == [
        ("en:air-base", "Wadi Bey", "Wadi Bey airbase", 16, 32),
        ("en:airport", "Tallab", "Tallab International Airport", 37, 65),
    ]


def test_english_base_word_before_name() -> None:
    text = "Crews repaired the airfield at Qaret al-Hamra, the airstrip near Tmassah and the base at Wadi Bey."
    assert summary(text) == [
        ("en:airfield-at", "Qaret al-Hamra", "the airfield at Qaret al-Hamra", 15, 45),
        ("en:airstrip-at", "Tmassah", "the airstrip near Tmassah", 47, 72),
        ("en:base-at", "Wadi Bey", "the base at Wadi Bey", 77, 97),
    ]
    assert [c.name_key for c in cands(text)] == ["qaret al hamra", "tmassah", "wadi bey"]


def test_english_sentence_initial_stop_words_are_not_names() -> None:
    text = "On Monday Uweinat airfield was hit."
    assert summary(text) == [("en:airfield", "Uweinat", "Uweinat airfield", 10, 26)]


@pytest.mark.parametrize("text", [
    "The base rate fell. Russian air base. A Turkish airbase. The Military airfield. Its airport.",
    "LNA airbase; US air base; the Libyan airport; New airstrip; Former air base.",
    "Russian aircraft landed at Jufra air base and Al Watiya airbase, then at Mitiga airport.",
    "Aircraft flew from Hmeimim air base in Syria via Cairo airport.",
    "the base at the time was empty; the airstrip at dawn.",
    "Gamal Abdel Nasser Air Base and Benina International Airport reopened.",
])
def test_english_negatives(text: str) -> None:
    assert cands(text) == []


def test_skip_names_and_given_mentions() -> None:
    text = "Planes left Tallab airfield."
    assert [c.name for c in find_candidates(text, GAZ, [])] == ["Tallab"]
    assert find_candidates(text, GAZ, [], skip_names=["Tallab"]) == []
    mention = Extractor(GAZ).extract("Planes left Jufra.")[0]
    overlapping = type(mention)(**{**mention.to_dict(), "start": 14, "end": 20, "actors": (), "activities": ()})
    assert find_candidates(text, GAZ, [overlapping]) == []


# -- French --------------------------------------------------------------------------------------------
def test_french() -> None:
    text = ("Des avions à la base aérienne de Maaten Bishara, à l'aéroport d'Ouenat, à l'aérodrome de Tallab "
            "et sur la piste de Tmassah ; la piste de décollage et l'aéroport de Mitiga.")
    assert summary(text) == [
        ("fr:base-aerienne", "Maaten Bishara", "base aérienne de Maaten Bishara", 16, 47),
        ("fr:aeroport", "Ouenat", "aéroport d'Ouenat", 53, 70),
        ("fr:aerodrome", "Tallab", "aérodrome de Tallab", 76, 95),
        ("fr:piste", "Tmassah", "la piste de Tmassah", 103, 122),
    ]


# -- stop lists -------------------------------------------------------------------------------------------
def test_stop_lists_hold_the_documented_words() -> None:
    for w in ["بيانات", "شعبية", "عسكرية", "جوية", "جديدة", "روسية", "تركية", "أمريكية", "ضخمة", "رئيسية"]:
        assert normalize(w) in AR_STOP
    for w in ["the", "a", "russian", "turkish", "military", "libyan", "new", "former", "main", "its"]:
        assert w in EN_STOP


# -- properties ---------------------------------------------------------------------------------------------
@cache
def _extractor() -> Extractor:
    return Extractor(GAZ)


PIECES = st.sampled_from([
    "قاعدة", "الجوية", "العسكرية", "مطار", "مهبط", "وقاعدة", "تلاب", "معطن", "بشارة", "الجفرة", "بيانات", "ـ", "ُ",
    "air base", "airbase", "airfield", "the airstrip at", "the base at", "Tallab", "Wadi", "Bey", "al-Hamra",
    "The", "Russian", "Jufra", "base aérienne de", "la piste de", "d'", "Ouenat", ",", ".", "\n", " ", "-",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map(" ".join))
def test_spans_are_inside_the_text_and_equal_their_surface(text: str) -> None:
    out = find_candidates(text, GAZ)
    mentions = _extractor().extract(text)  # built once: building one takes seconds
    last = -1
    for c in out:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.surface
        assert c.start >= last
        last = c.end
        assert c.name and c.name_key == spelling_key(c.name)
        assert c.name_key not in known_spellings(GAZ)
        assert all(not (m.start < c.end and c.start < m.end) for m in mentions)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_fails(text: str) -> None:
    for c in find_candidates(text, GAZ):
        assert text[c.start:c.end] == c.surface


@pytest.mark.parametrize("text", ["Aaaa Bbbb-Cccc'dd " * 20000, "قاعدة مطار مهبط " * 20000, "the base at " * 20000])
def test_long_runs_stay_linear(text: str) -> None:
    import time

    t0 = time.perf_counter()
    find_candidates(text, GAZ, [])
    assert time.perf_counter() - t0 < 5


# -- obvious non-places (issue 12 item 8) ----------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("How Tmassah air base grew", [("en:air-base", "Tmassah", "Tmassah air base", 4, 20)]),
    ("Inside Tmassah airbase", [("en:air-base", "Tmassah", "Tmassah airbase", 7, 22)]),
    ("Exclusive: Secret Tmassah air base", [("en:air-base", "Tmassah", "Tmassah air base", 18, 34)]),
    ("Why Haftar's Tmassah airbase matters", [("en:air-base", "Tmassah", "Tmassah airbase", 13, 28)]),
    ("Libya's Wadi Bey airstrip", [("en:airstrip", "Wadi Bey", "Wadi Bey airstrip", 8, 25)]),
    ("Sudan's Port Sudan airport", []),  # a possessive naming a place abroad: the base is abroad
    ("Niger's Tmassah air base", []),
    ("Faya airbase and Dirkou airstrip", [("en:airstrip", "Dirkou", "Dirkou airstrip", 17, 32)]),  # Faya: Chad
    ("What Satellite Images Show", []),
])
def test_headline_words_possessives_and_foreign_places(text: str, expected: list[tuple[str, str, str, int, int]]) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("قاعدة والجديدة", []),  # prefix + article + adjective
    ("مطار بالقرب من تلاب", []),
    ("قاعدة عملياتية", []),  # nisba adjective -ية after a bare قاعدة
    ("قاعدة متكاملة للقوات", []),  # participle مت...ة
    ("مطار متكامل", []),
    ("قاعدة مستقلة", []),
    ("قاعدة حماية", []),  # verbal noun -اية
    ("قاعدة تلاب", [("ar:qaida", "تلاب", "قاعدة تلاب", 0, 10)]),
    ("قاعدة بئر حكيم", [("ar:qaida", "بئر حكيم", "قاعدة بئر حكيم", 0, 14)]),
    ("قاعدة متكاملة الجوية", [("ar:qaida-jawiya", "متكاملة", "قاعدة متكاملة الجوية", 0, 20)]),  # the adjective names it
])
def test_arabic_adjectives_and_prefixed_common_words(text: str, expected: list[tuple[str, str, str, int, int]]) -> None:
    assert summary(text) == expected


@pytest.mark.parametrize(("name", "pattern", "expected"), [
    ("How Bir Zaltan", "en:air-base", "Bir Zaltan"),
    ("Inside Russian Tmassah", "en:air-base", "Tmassah"),
    ("Tmassah International", "en:airport", "Tmassah"),
    ("Sudan's Port Sudan", "en:airport", ""),
    ("Port Sudan", "en:airport", ""),
    ("Agadez", "en:air-base", ""),
    ("أغاديس", "ar:matar", ""),
    ("Russian Military", "en:air-base", ""),
    ("How", "en:air-base", ""),
    ("متكاملة", "ar:qaida", ""),
    ("متكاملة", "ar:qaida-jawiya", "متكاملة"),
    ("والجديدة", "ar:qaida-jawiya", ""),
    ("العسكرية", "ar:qaida", ""),
    ("الخروبة", "ar:qaida-jawiya", "الخروبة"),
    ("  al-Kharrouba ", "en:air-base", "al-Kharrouba"),
])
def test_clean_name_applies_todays_rules_to_a_stored_name(name: str, pattern: str, expected: str) -> None:
    from geotrack.extract.discovery import clean_name

    assert clean_name(name, pattern) == expected


def test_foreign_places_come_from_the_extractors_own_context() -> None:
    """Discovery reads the foreign places of the context it is given (the extractor's), not a default."""
    from dataclasses import replace

    from geotrack.context import ContextEntry, default_context
    from geotrack.extract.discovery import clean_name

    text = "Cargo flights landed at Zarqoun air base overnight."
    assert [c.name for c in find_candidates(text, GAZ, [])] == ["Zarqoun"]
    base = default_context()
    abroad = replace(base, entries=(*base.entries, ContextEntry("place", "city:1", "Zarqoun", "always")))
    assert "zarqoun" in abroad.place_keys and "zarqoun" not in base.place_keys
    assert find_candidates(text, GAZ, [], context=abroad) == []
    assert [c.name for c in Extractor(GAZ, base).analyse(text).candidates] == ["Zarqoun"]
    assert Extractor(GAZ, abroad).analyse(text).candidates == []
    assert clean_name("Zarqoun", "en:air-base") == "Zarqoun"
    assert clean_name("Zarqoun", "en:air-base", abroad) == ""


def test_known_spellings_are_the_gazetteers_own() -> None:
    assert known_spellings(GAZ) is GAZ.known_keys
    assert spelling_key("Mitiga") in GAZ.known_keys and spelling_key("معيتيقة") in GAZ.known_keys


# -- names end at a word boundary ---------------------------------------------------------------------------
# A base word 80 characters before another one (المدرج here) used to search for its own phrase in a window
# that ended inside the next phrase's name: the expression saw the window's end as the end of the text.
@pytest.mark.parametrize(("text", "expected"), [
    ("توسعة المدرج مستمرة منذ أسابيع، وأكدت مصادر محلية أن طائرات شحن هبطت ليلا في قاعدة بئر حكيم قادمة من الشرق.",
     [("ar:qaida", "بئر حكيم", "قاعدة بئر حكيم", 77, 91)]),  # was "بئر ح" (77, 88)
    ("توسعة المدرج مستمرة منذ أسابيع، وأكدت مصادر محلية أن طائرات شحن هبطت ليلا في قاعدة حميميم قبل أن تعود.",
     []),  # Hmeimim is abroad; was "حميمي" (77, 88)
    ("Work at the airstrip at Abcdefghijklmnopqrstuvwxyzab Bcdefghijklmnopqrstuvwxyzab Cdefghijklmnopqrstuvwxyzab "
     "went on.", [("en:airstrip-at", "Abcdefghijklmnopqrstuvwxyzab Bcdefghijklmnopqrstuvwxyzab Cdefghijklmnopqrstuvwxyzab",
                   "the airstrip at Abcdefghijklmnopqrstuvwxyzab Bcdefghijklmnopqrstuvwxyzab Cdefghijklmnopqrstuvwxyzab",
                   8, 107)]),  # the name ran past the 90 characters searched after the base word
    ("قاعدة تلابُ", [("ar:qaida", "تلابُ", "قاعدة تلابُ", 0, 11)]),  # a final vowel mark is part of the name
    ("قاعدة تلاب2 وصلت", []),  # a name glued to a digit or a Latin letter is not a name
    ("مطار بئرA", []),
])
def test_a_name_is_never_cut_inside_a_word(text: str, expected: list[tuple[str, str, str, int, int]]) -> None:
    assert summary(text) == expected


def _inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` of ``text`` falls between two characters of one Arabic word (letters and vowel
    marks; the tatweel is decoration) or of one Latin word (letters and digits)."""
    def arabic(ch: str) -> bool:
        return "\u0621" <= ch <= "\u065f" and ch != "ـ"

    def latin(ch: str) -> bool:
        return ch.isalnum() and not "\u0600" <= ch <= "\u06ff"

    if not 0 < i < len(text):
        return False
    left, right = text[i - 1], text[i]
    return (arabic(left) and arabic(right)) or (latin(left) and latin(right))


WORDS = st.sampled_from(["قاعدة", "مطار", "المدرج", "ومهبط", "بئر", "حكيم", "تلاب", "حميميم", "مصادر", "the airstrip at",
                         "air base", "base aérienne de", "Tallab", "al-Hamra", "Abcdefghijklmnopqrstu"])
#: What joins two words: nothing, a space, punctuation, a mark, or a run of spaces that moves the next words
#: to where a window may end.
GLUE = st.one_of(st.sampled_from([" ", " ", " ", "", "\n", "، ", ". ", "-", "2", "ُ", "ـ", "'"]),
                 st.integers(2, 90).map(lambda n: " " * n))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, GLUE), max_size=12).map(lambda parts: "".join(w + g for w, g in parts)))
def test_a_candidate_never_starts_or_ends_inside_a_word(text: str) -> None:
    for c in find_candidates(text, GAZ, _extractor().extract(text)):
        assert not _inside_word(text, c.start), (c.surface, c.start)
        assert not _inside_word(text, c.end), (c.surface, c.end)
        name_at = text.index(c.name, c.start)
        assert not _inside_word(text, name_at) and not _inside_word(text, name_at + len(c.name)), c.name


@pytest.mark.parametrize(("text", "expected"), [
    # the name after its base word: any spaces or tabs before "at"/"near", any case
    ("Planes use the airport  near Tallab and The Airfield\tAT Wadi Bey.",
     [("en:airport-at", "Tallab", "the airport  near Tallab", 11, 35),
      ("en:airfield-at", "Wadi Bey", "The Airfield\tAT Wadi Bey", 40, 64)]),
    # a base word after a site mention names that site; a plural or a lower-case word before it names nothing
    ("Jufra air base and Tallab air base; al-Khadim air bases; the airfields of Uweinat.",
     [("en:air-base", "Tallab", "Tallab air base", 19, 34)]),
    ("Cargo flights reached the base near Tmassah, then Ouenat airport.",
     [("en:base-at", "Tmassah", "the base near Tmassah", 22, 43), ("en:airport", "Ouenat", "Ouenat airport", 50, 64)]),
    ("l'aéroport de Ouenat; the airport at Uweinat",
     [("fr:aeroport", "Ouenat", "aéroport de Ouenat", 2, 20), ("en:airport-at", "Uweinat", "the airport at Uweinat", 22, 44)]),
    # Arabic: a base word with the article, in a plural or before a site mention names no candidate
    ("وصلت طائرات إلى مطار تلاب ثم إلى المطار ثم إلى قاعدة الجفرة الجوية ومطارات أخرى",
     [("ar:matar", "تلاب", "مطار تلاب", 16, 25)]),
])
def test_each_pattern_is_tried_only_where_its_phrase_can_be(text: str,
                                                           expected: list[tuple[str, str, str, int, int]]) -> None:
    """Discovery tries each phrase pattern only around base words where its phrase can be (issue 15); the
    phrases it finds there are those of the patterns searched everywhere."""
    assert summary(text) == expected


def test_a_name_never_ends_before_a_vowel_mark_of_its_word() -> None:
    # (found by the property test above: a Latin name running into an Arabic word with a final damma)
    assert find_candidates("the airstrip at Tallabقاعدةُ", GAZ, _extractor().extract("the airstrip at Tallabقاعدةُ")) == []
