"""The extractor: exact mentions, offsets, boundaries, prefixes, ambiguity rules, in Arabic and English."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geotrack
from geotrack.extract import extract
from geotrack.extract.matcher import CONFIDENCE


def found(text: str, **kw: float) -> list[tuple[str, str]]:
    return [(m.site_id, m.surface) for m in extract(text, **kw)]


def test_seed_style_list_of_bases_with_attached_prefixes() -> None:
    text = "وتشمل القواعد الأخرى في هذه الشبكة قواعد الخادم، والجفرة، وبراك الشاطئ، والويغ، وتمنهنت، والقرضابية."
    mentions = extract(text)
    assert [(m.site_id, m.surface) for m in mentions] == [
        ("al-khadim", "الخادم"),
        ("al-jufra", "والجفرة"),
        ("brak-al-shati", "وبراك الشاطئ"),
        ("al-wigh", "والويغ"),
        ("tamanhint", "وتمنهنت"),
        ("al-ghardabiya", "والقرضابية"),
    ]
    for m in mentions:
        assert text[m.start:m.end] == m.surface
        assert m.sentence == text
    khadim = mentions[0]
    assert (khadim.start, khadim.end) == (text.index("الخادم"), text.index("الخادم") + 6)
    assert khadim.rule == "context:cue"  # قواعد right before it
    assert khadim.kind == "airbase"
    assert (khadim.lat, khadim.lon) == (31.9985, 21.1918)  # airportsdata HL59


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("هبطت الطائرة بالكفرة صباحا", [("kufra", "بالكفرة")]),
        ("أرسلت المساعدات للكفرة أمس", [("kufra", "للكفرة")]),
        ("وبنغازي تشهد هدوءا حذرا", [("benghazi", "وبنغازي")]),
        ("وصلت القوات إلى الجفرة وبالجفرة تمركزت", [("al-jufra", "الجفرة"), ("al-jufra", "وبالجفرة")]),
        ("وللجفرة أهمية كبيرة في الخطط الروسية داخل ليبيا", [("al-jufra", "وللجفرة")]),
    ],
)
def test_arabic_prefixes(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_longest_match_wins() -> None:
    assert found("وصلت تعزيزات إلى قاعدة براك الشاطئ الجوية") == [("brak-al-shati", "قاعدة براك الشاطئ الجوية")]
    assert found("Fighters moved to Brak al-Shati air base.") == [("brak-al-shati", "Brak al-Shati air base")]


def test_no_match_inside_other_words() -> None:
    assert found("قال الرئيس المصري الأسبق حسني مبارك إن") == []
    assert found("Climate mitigation policies were discussed.") == []
    assert found("A Hungarian firm hundreds of miles away.") == []
    assert found("وخسرت الشركة وكسرت البطالة طموحاتهم") == []


def test_diacritics_and_tatweel_are_ignored_but_kept_in_the_surface() -> None:
    text = "تحدث سكان في الجُفْـرةِ عن رحلات ليلية"
    (m,) = extract(text)
    assert m.site_id == "al-jufra"
    assert m.surface == "الجُفْـرةِ"
    assert text[m.start:m.end] == m.surface


def test_town_unless_airport_or_air_base() -> None:
    assert found("Flights landed at Kufra airport after dark.") == [("kufra-airport", "Kufra airport")]
    assert found("Residents of Kufra reported the flights.") == [("kufra", "Kufra")]
    assert found("هبطت طائرة في مطار الكفرة") == [("kufra-airport", "مطار الكفرة")]
    assert found("Benina received two cargo jets; Benghazi stayed calm.") == [
        ("benina", "Benina"),
        ("benghazi", "Benghazi"),
    ]
    assert found("Russian aircraft at Jufra and the Jufra district.")[0] == ("al-jufra", "Jufra")


def test_alternative_names() -> None:
    assert found("Drones took off from Uqba ibn Nafi air base.") == [("al-watiya", "Uqba ibn Nafi air base")]
    assert found("An Egyptian delegation visited Gamal Abdel Nasser air base.") == [
        ("al-adem", "Gamal Abdel Nasser air base")
    ]


@pytest.mark.parametrize(
    "spelling",
    ["Maaten al-Sarra", "Maatan as-Sarra", "Matan al-Sarra", "Maaten Al Sarra", "Ma'aten al-Sarra"],
)
def test_spelling_variants(spelling: str) -> None:
    text = f"Syrian contractors were flown to {spelling} in December."
    assert found(text) == [("maaten-al-sarra", spelling)]


def test_latin_article_possessive_and_french_elision() -> None:
    assert found("Aircraft parked at al-Jufra overnight.") == [("al-jufra", "al-Jufra")]
    assert found("Satellite images of Jufra's runway.") == [("al-jufra", "Jufra")]
    assert found("Les autorités d'Ajdabiya ont intercepté un convoi.") == [("ajdabiya", "Ajdabiya")]
    assert found("Un avion a atterri à l'aéroport de Koufra.") == [("kufra-airport", "aéroport de Koufra")]


class TestAmbiguousWords:
    def test_khadim_the_server_vs_the_base(self) -> None:
        assert found("تعطل الخادم الرئيسي لشبكة المصرف ساعات عدة.") == []
        assert found("هبطت طائرة شحن في قاعدة الخادم شرق بنغازي.") == [
            ("al-khadim", "قاعدة الخادم"),
            ("benghazi", "بنغازي"),
        ]
        assert found("طردت الخادمة من المنزل في بنغازي") == [("benghazi", "بنغازي")]

    def test_sirte_the_verb_vs_the_city(self) -> None:
        assert found("سرت شائعات عن اتفاق جديد") == []
        assert found("وصلت القوات إلى سرت مساء أمس") == [("sirte", "سرت")]
        assert found("سرت شائعات في المدينة عن انسحاب القوات من الجفرة") == [("al-jufra", "الجفرة")]

    def test_tripoli_libya_vs_lebanon(self) -> None:
        assert found("Clashes broke out in Tripoli, in northern Lebanon, on Monday.") == []
        assert found("اشتباكات في طرابلس اللبنانية شمال لبنان") == []
        assert found("Militias clashed in Tripoli as Libya's rival governments traded blame.") == [
            ("tripoli", "Tripoli")
        ]

    def test_hun_brak_sabha(self) -> None:
        assert found("Attila the Hun led his armies west.") == []
        assert found("Residents of the town of Hun, in Libya's Jufra district, saw the convoy.") == [
            ("hun", "Hun"),
            ("al-jufra", "Jufra"),
        ]
        assert found("Brak said the talks would continue.") == []
        assert found("Fighters entered the town of Brak overnight.") == [("brak", "Brak")]
        assert found("The Lok Sabha passed the bill on Tuesday.") == []
        assert found("Clashes in Sabha left three dead, Libyan officials said.") == [("sabha", "Sabha")]

    def test_below_threshold_mentions_can_be_requested(self) -> None:
        mentions = extract("سرت شائعات عن اتفاق جديد", min_confidence=0.0)
        assert [(m.site_id, m.rule, m.confidence) for m in mentions] == [
            ("sirte", "ambiguous:negative-cue", CONFIDENCE["ambiguous:negative-cue"])
        ]


def test_confidence_is_in_range_and_rules_are_known() -> None:
    text = "وصلت طائرات روسية إلى قاعدة الجفرة ثم إلى سرت وطرابلس."
    for m in extract(text, min_confidence=0.0):
        assert 0.0 <= m.confidence <= 1.0
        assert m.rule in CONFIDENCE
        assert CONFIDENCE[m.rule] == m.confidence


def test_sentence_is_the_one_around_the_mention() -> None:
    text = "Nothing happened in March. Then cargo flights reached Jufra in April! Later, calm."
    (m,) = extract(text)
    assert m.sentence == "Then cargo flights reached Jufra in April!"


def test_empty_and_siteless_text() -> None:
    assert extract("") == []
    assert extract("The central bank raised interest rates again.") == []


def test_top_level_api_loads_the_default_gazetteer_once() -> None:
    g1 = geotrack.Gazetteer.load()
    assert len(g1) >= 45
    assert extract("الجفرة") == extract("الجفرة", g1)


NAMES = ["الجفرة", "بنغازي", "معطن السارة", "Benina", "Misrata", "Jufra", "تمنهنت", "Kufra airport"]
FILLER = st.sampled_from(["قال", "المسؤول", "إن", "the", "report", "said", "،", ",", ".", "\n", "أمس", "today"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(FILLER, st.sampled_from(NAMES)), max_size=25))
def test_every_span_is_inside_the_text_and_equals_its_surface(parts: list[str]) -> None:
    text = " ".join(parts)
    mentions = extract(text, min_confidence=0.0)
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.surface
        assert m.start >= previous_end  # no overlaps, text order
        previous_end = m.end
        assert m.surface in m.sentence


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["", "و", "ب", "وب", "ف"]), st.sampled_from(["بنغازي", "مصراتة", "تمنهنت", "أوباري"]))
def test_prefixed_arabic_names_are_found_whole(prefix: str, name: str) -> None:
    text = f"قال مسؤول ليبي إن {prefix}{name} شهدت تحركات عسكرية."
    mentions = extract(text)
    assert [m.surface for m in mentions] == [prefix + name]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # texts are scanned as single bytes of the scan page (ASCII, Arabic and the common punctuation and
        # accents); these characters are outside it: an emoji, Cyrillic, a schwa (a GeoNames spelling of
        # Qasr Abu Hadi), and the general normalisation must give the same mentions
        ("Russian flights reached al-Jufra air base 🚀 on Monday.", [("al-jufra", "al-Jufra air base", 24, 41)]),
        ("Рейсы в аль-Джуфру: Russian flights reached Jufra.", [("al-jufra", "Jufra", 44, 49)]),
        ("هبطت طائرات 🚀 في قاعدة الجفرة.", [("al-jufra", "قاعدة الجفرة", 17, 29)]),
        ("Clashes near Qəsr Əbu Hadi, south of Sirte.", [("gn-8354477", "Qəsr Əbu Hadi", 13, 26),
                                                         ("sirte", "Sirte", 37, 42)]),
        ("Clashes near Qasr Abu Hadi, south of Sirte.", [("gn-8354477", "Qasr Abu Hadi", 13, 26),
                                                         ("sirte", "Sirte", 37, 42)]),
    ],
)
def test_texts_outside_the_scan_page(text: str, expected: list[tuple[str, str, int, int]]) -> None:
    found = [(m.site_id, m.surface, m.start, m.end) for m in extract(text)]
    assert found == expected
    assert all(text[s:e] == surface for _, surface, s, e in found)


_LIBYA_REFERENCE = __import__("re").compile(
    r"(?<!\w)[وبلفك]{0,2}(?:ليبيا|ليبي|الليبي|الليبيه|الليبيين|libya|libyan|libye|libyen|libyenne)(?!\w)")


def test_names_libya_whole_words_with_prefixes() -> None:
    from geotrack.extract.matcher import _names_libya

    assert _names_libya("the libyan national army")
    assert _names_libya("forces in libya.")
    assert _names_libya("وصلت الى ليبيا امس") and _names_libya("الجيش الليبي") and _names_libya("وبليبيا")
    assert _names_libya("القوات الليبيه") and _names_libya("فالليبيين")
    assert not _names_libya("libyans and libyas")  # other forms of the word are not in the list
    assert not _names_libya("antilibya paralibyan")
    assert not _names_libya("ليبيات وكليبيا_")  # ك is a prefix, but the underscore joins the word
    assert not _names_libya("no country named here")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["libya", "libyan", "libyans", "libye", "ليبيا", "ليبي", "الليبيه", "الليبيين", "و", "ب", "ف",
                                 "ك", "ل", "x", "_", "1", " ", ".", "،", "liby", "ليب"]), max_size=12))
def test_names_libya_agrees_with_the_word_regex(parts: list[str]) -> None:
    """The find-based check gives what the whole-word regex gives, prefixes and word characters around
    the name included (pure module and compiled twin)."""
    from geotrack.extract import select

    text = "".join(parts)
    expected = _LIBYA_REFERENCE.search(text) is not None
    assert select._pure._names_libya(text) == expected, text
    twins = select._compiled()
    if twins is not None:
        assert twins[0]._names_libya(text) == expected, text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abzAZ09_ ?.,-'’–«»\u00a0ابةىأ٣ًـ،؟éāəДΣ\u200c\U0001f600")), max_size=40))
def test_letters_and_digits_are_told_from_the_scan_bytes(text: str) -> None:
    """The boundary checks read the scan bytes: the same answer as ``str.isalnum`` on the normalised text,
    "?" standing for a character outside the page included (pure module and compiled twin)."""
    from geotrack.extract import select

    modules = [(select._pure, select._pure_normalize)]
    twins = select._compiled()
    if twins is not None:
        modules.append((twins[0], twins[1]))
    for matcher_mod, normalize_mod in modules:
        norm, raw, _ = normalize_mod.normalize_for_scan(text)
        assert [matcher_mod._alnum_at(norm, raw, i) for i in range(len(norm))] == [c.isalnum() for c in norm]


def test_paragraph_actors_stop_at_blank_lines_or_line_breaks() -> None:
    """Paragraphs end at blank lines (runs of three or four line breaks too) when the text has any, else
    at single line breaks; an actor counts for the mentions of its own paragraph only."""
    text = ("Russian aircraft were seen.\n\n\nNew flights reached al-Jufra air base on Monday. Turkish drones too."
            "\n\nWagner fighters left Brak air base.\n\n\n\nRussian Wagner planes at Sirte.")
    got = [(m.site_id, m.actors, m.actors_paragraph) for m in geotrack.extract.extract(text)]
    assert got == [("al-jufra", (), ("turkey",)), ("brak-al-shati", ("wagner",), ("wagner",)),
                   ("sirte", ("russia", "wagner"), ("russia", "wagner"))]
    lines = "Russian planes flew.\nThey landed at al-Jufra air base.\nWagner came to Brak air base."
    got = [(m.site_id, m.actors, m.actors_paragraph) for m in geotrack.extract.extract(lines)]
    assert got == [("al-jufra", (), ()), ("brak-al-shati", ("wagner",), ("wagner",))]
    arabic = "قالت روسيا إن طائراتها وصلت إلى ليبيا وهبطت في قاعدة الجفرة.\n\nوهبطت الطائرات في قاعدة الجفرة."
    got = [(m.site_id, m.actors, m.actors_paragraph) for m in geotrack.extract.extract(arabic)]
    assert got == [("al-jufra", ("russia",), ("russia",)), ("al-jufra", (), ())]


def test_spellings_outside_the_scan_page_are_checked_against_the_text() -> None:
    """The scan runs over bytes of the scan page, where ə and any other character outside the page are
    "?": a spelling with ə is found where the text has ə, never where it has "?" or another such character."""
    found = [(m.site_id, m.surface) for m in geotrack.extract.extract("Fighting near Qəsr Əbu Hadi, south of Sirte.",
                                                              min_confidence=0)]
    assert found == [("gn-8354477", "Qəsr Əbu Hadi"), ("sirte", "Sirte")]
    for text in ("Fighting near q?sr ?bu hadi, south of Sirte.", "Fighting near qжsr жbu hadi, south of Sirte.",
                 "Fighting near q\U0001f600sr \U0001f600bu hadi, south of Sirte."):
        assert [m.site_id for m in geotrack.extract.extract(text, min_confidence=0)] == ["sirte"], text
    text = "中文 — 😀 near Əl Azizija and Tripoli; قرب قصر ابو هادي"
    got = geotrack.extract.extract(text, min_confidence=0)
    assert [(m.site_id, m.surface) for m in got] == [("gn-2220139", "Əl Azizija"), ("tripoli", "Tripoli"),
                                                      ("gn-8354477", "قصر ابو هادي")]
    assert all(text[m.start:m.end] == m.surface for m in got)


def test_spellings_with_digits_are_checked_against_the_text() -> None:
    """The automaton reads all ten digits as one letter (its alphabet stays within 64 classes): a spelling with
    digits (Il-76, MiG-29, An-124) is found where the text has those digits, never other ones."""
    text = "Two Il-76 and a MiG-29 stood at al-Jufra air base beside an An-124."
    got = [(m.site_id, m.activities) for m in geotrack.extract.extract(text)]
    assert got == [("al-jufra", ("flights", "weapons"))]
    for other in ("Two Il-77 and a MiG-28 stood at al-Jufra air base beside an An-125.",
                  "Two Il-67 and a MiG-39 stood at al-Jufra air base beside an An-224."):
        assert [(m.site_id, m.activities) for m in geotrack.extract.extract(other)] == [("al-jufra", ())], other


def test_the_automaton_alphabet_fits_rows_of_64() -> None:
    """The DFA's rows are as wide as its alphabet rounded up to a power of two: the scan table keeps the
    alphabet of the shipped spellings within 64 classes (a new character in a spelling that broke this would
    double the automaton's memory); digits share one class, and bytes no spelling uses are class 0."""
    matcher = geotrack.extract.default_extractor().matcher
    table = matcher._scan_table
    assert max(table) + 1 <= 64
    assert len({table[b] for b in b"0123456789"}) == 1 and table[ord("0")] > 0
    assert table[ord("A")] == 0  # (normalised text is lower-case: no spelling has a capital)
    assert table[ord("a")] != table[ord("b")] and table[ord(" ")] > 0


def test_lone_surrogates_in_a_python_string_are_scanned_past() -> None:
    """A str holding half a UTF-16 pair (from json.loads of an escape) is scanned as if it were U+FFFD;
    offsets and surfaces are those of the string as given."""
    text = "Jets at al-Jufra air base \ud800 and Sirte \udfff."
    got = [(m.site_id, m.surface, m.start) for m in geotrack.extract.extract(text)]
    assert got == [("al-jufra", "al-Jufra air base", 8), ("sirte", "Sirte", 32)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Word ", "x. ", "y.\n", "\n\n", "Ab "]), min_size=1, max_size=30).map(
    lambda parts: ["Start ", *parts]),
       st.data())
def test_context_assignment_does_not_depend_on_the_order_of_terms(parts: list[str], data: st.DataObject) -> None:
    """Sentence indexes are found by walking the sentence ends (a bisection when a term comes before the
    previous one): any order of the terms gives what text order gives, pure and compiled."""
    from geotrack.extract import select
    from geotrack.text.sentences import sentence_ends

    text = "".join(parts)
    starts = [i for i in range(len(text)) if text[i].isalpha() and (i == 0 or not text[i - 1].isalpha())]
    mention_starts = sorted(data.draw(st.lists(st.sampled_from(starts), max_size=6, unique=True)))
    modules = [select._pure] + ([select._compiled()[0]] if select._compiled() else [])  # type: ignore[index]
    for mod in modules:
        entries = [mod._CtxEntry("actor", "russia", "always", False, False),
                   mod._CtxEntry("activity", "flights", "always", False, False),
                   mod._CtxEntry("actor", "chad", "context", False, False)]
        terms = [(a, a + 1, data.draw(st.sampled_from(entries))) for a in data.draw(st.lists(st.sampled_from(starts),
                                                                                           max_size=10))]
        ends = sentence_ends(text)
        in_order = mod._assign_context(text, ends, mention_starts, sorted(terms, key=lambda t: t[0]))
        shuffled = data.draw(st.permutations(terms))
        assert mod._assign_context(text, ends, mention_starts, list(shuffled)) == in_order


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["قوات", "والقوات", "بالقاعدة", "وبقاعدة", "فقاعده", "طائرات،", "Russian", "aircraft.",
                                 "forces", "market", "و", "x", "the", "(troops)", "عسكريه", "كعسكري"]), max_size=14),
       st.integers(0, 40), st.integers(0, 40))
def test_military_word_near_agrees_with_the_window_word_set(words: list[str], cut_left: int, cut_right: int) -> None:
    """Whether a military word (or one with attached prefixes) stands in the window around a hit: the
    early-stopping loop says what the set of the window's words and their prefix-stripped forms says."""
    from geotrack.extract import select
    from geotrack.text.normalize import normalize

    norm = normalize(" ".join(words[:7]) + " NAME " + " ".join(words[7:]))
    ns = norm.index("name")
    ne = ns + 4
    lo, hi = max(0, ns - cut_left), min(len(norm), ne + cut_right)
    modules = [select._pure] + ([select._compiled()[0]] if select._compiled() else [])  # type: ignore[index]
    site = next(iter(geotrack.Gazetteer.load()))
    for mod in modules:
        hit = mod._Hit(ns, ne, ns, mod._Entry(site, 3, False, False, False), "")
        left = norm[lo:ns].split()
        right = norm[ne:hi].split()
        if lo and left:
            left = left[1:]
        if hi < len(norm) and right:
            right = right[:-1]
        expected = not mod.MILITARY.isdisjoint(mod._forms([mod._clean_token(t) for t in left + right]))
        assert mod._military_word_near(norm, lo, hi, hit) == expected


def test_a_shadda_the_gazetteer_lacks_is_another_word() -> None:
    """سبّها ("insulted her") is not سبها (Sabha): a shadda on the letters that the gazetteer's spelling
    lacks rejects the hit, with or without other marks around it; the plain spelling is found."""
    assert [m.site_id for m in extract("ذكرت الشرطة أن الرجل سبّها أمام المارة في سبها.")] == ["sabha"]
    assert extract("قال إن الرجل سبَّها أمام المارة قرب مدينة طرابلس.", min_confidence=0)[0].site_id == "tripoli"
    assert all(m.site_id != "sabha" for m in extract("قال إن الرجل سبَّها أمام المارة قرب مدينة طرابلس.",
                                                     min_confidence=0))
