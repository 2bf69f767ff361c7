"""Normalisation: exact outputs, offset maps, and properties over arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.text.normalize import OffsetMap, normalize


def test_arabic_diacritics_tatweel_and_letter_forms() -> None:
    assert normalize("الجُفْـرةُ") == "الجفره"
    assert normalize("إجدابيا") == "اجدابيا"
    assert normalize("أوباري") == "اوباري"
    assert normalize("آمن") == "امن"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("مؤسسة") == "موسسه"
    assert normalize("رئيس") == "رييس"


def test_latin_case_accents_hyphens_apostrophes() -> None:
    assert normalize("Maaten Al-Sarra") == "maaten al sarra"
    assert normalize("Ma'aten as‑Sarra") == "maaten as sarra"
    assert normalize("GHADAMÈS") == "ghadames"
    assert normalize("Ṣabḥa") == "sabha"
    assert normalize("İstanbul") == "istanbul"
    assert normalize("Zaouïa\nKoufra") == "zaouia koufra"


def test_controls_and_invisible_characters_are_deleted() -> None:
    assert normalize("بن\u200cغازي") == "بنغازي"
    assert normalize("\ufeffسبها\u200f") == "سبها"


def test_offset_map_points_into_the_original() -> None:
    text = "وصلت الطائرات إلى قاعدة الجُفْرةِ أمس"
    norm = normalize(text)
    i = norm.index("الجفره")
    omap = OffsetMap(text)
    start, end = omap.start(i), omap.end(i + len("الجفره"))
    assert text[start:end] == "الجُفْرةِ"  # the final kasra belongs to the word


arabic_or_latin = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي" "ءأإآىةؤئ" "ًٌٍَُِّْـ" "abcXYZéÈ-' \n.,")),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(arabic_or_latin)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(arabic_or_latin)
def test_offset_map_is_monotonic_and_in_bounds(text: str) -> None:
    norm = normalize(text)
    omap = OffsetMap(text)
    previous = -1
    for i in range(len(norm)):
        j = omap.start(i)
        assert 0 <= j < len(text)
        assert j > previous
        # the character there normalises to the normalised character
        assert normalize(text[j]) == norm[i]
        previous = j


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalize_never_grows_text(text: str) -> None:
    assert len(normalize(text)) <= len(text)


def _reference_normalize(text: str) -> str:
    """normalize() spelled out one character at a time, with regex scans for the Latin folding: what the
    fast path (chained str.replace, encodings as pre-checks, one replace per accented letter) must
    reproduce exactly."""
    import re

    from geotrack.extract.select import _pure_normalize as mod

    replacements = dict(mod._ONE_FOR_ONE)
    out = "".join(replacements.get(c, c) for c in text if c not in mod._DELETED)
    out = re.sub("[\u00c0-\u024f\u1e00-\u1eff]", lambda m: mod._fold_latin_char(m.group()), out)
    return re.sub("[A-Z]", lambda m: m.group().lower(), out)  # ASCII capitals only


latin_in_arabic = st.text(
    alphabet=st.sampled_from(
        list("ابتجدرسطعفقكلمنهوي ءأإآىةؤئ ًّْـ" "abcxyzABCXYZ" "ÀÉÈÏÖ×÷ßàéèïöÿ" "ĀăČđĞİıŁłŒšŽſƒǅǆȘșȚțɏ" "ɐəʃʼʻ" "ḀḌḍṢṣṬṭẞỳỹỿ"
             "ΣσДд’‘–—\u00a0\u200c\ufeff" "-'` \n.,"  # marks, and what shares their UTF-16 bytes:
             "\u0670\u0610\u06d6\u06ed\u064b\u02bc\u00ad\u00b4\u2066KZp@[_\u066b\u2070\U0001f600")),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(latin_in_arabic)
def test_normalize_equals_the_reference_one_character_at_a_time(text: str) -> None:
    """Latin letters of every range inside Arabic text (and texts that become ASCII once ’ or – is gone):
    the pre-checks that skip the Latin folding must never skip a letter that needs it, pure or compiled."""
    from geotrack.extract.select import _compiled, _pure_normalize

    expected = _reference_normalize(text)
    assert _pure_normalize.normalize(text) == expected
    twins = _compiled()
    if twins is not None:
        assert twins[1].normalize(text) == expected


def test_latin_letters_inside_arabic_text_are_folded() -> None:
    assert normalize("قاعدة Al-Jufra الجوية") == "قاعده al jufra الجويه"
    assert normalize("مطار Ghadamès") == "مطار ghadames"
    assert normalize("قرب Şabḥa") == "قرب sabha"  # U+015E, U+1E25
    assert normalize("قاعدة الجفرة × ٣") == "قاعده الجفره × ٣"  # × is U+00D7: checked, left as it is
    assert normalize("The ’Jufra’ base") == "the jufra base"  # ASCII once the quotes are gone
    assert normalize("ΟΔΟΣ A") == "ΟΔΟΣ a"  # Latin case only: other scripts keep theirs
    assert normalize("Café Sébha, Ḥun à Waddān") == "cafe sebha, hun a waddan"


def test_the_grouped_tables_cover_every_character_once() -> None:
    """normalize looks for each deletable or replaceable character in exactly one group (the group its
    UTF-16 bytes can rule out): none missed, none twice."""
    from geotrack.extract.select import _pure_normalize as mod

    deleted = list(mod._DELETED_LATIN1) + [c for _, chars in mod._DELETED_BY_HIGH_BYTE for c in chars] + list(
        mod._ARABIC_MARKS)
    assert sorted(deleted) == sorted(mod._DELETED) and len(set(deleted)) == len(deleted)
    replaced = list(mod._REPLACEMENTS_LATIN1 + mod._REPLACEMENTS_ARABIC + mod._REPLACEMENTS_DASHES)
    assert sorted(replaced) == sorted(mod._ONE_FOR_ONE)


def test_every_deletable_character_is_deleted_wherever_it_stands() -> None:
    from geotrack.extract.select import _compiled, _pure_normalize

    modules = [_pure_normalize] + ([_compiled()[1]] if _compiled() else [])  # type: ignore[index]
    for mod in modules:
        for c in mod._DELETED:
            for text in (f"الجفرة{c}", f"{c}Jufra “base”", f"ب{c}ن{c}غازي K p @", f"a{c}b"):
                norm, deleted = mod.normalize_with_deletions(text)
                assert c not in norm and c in deleted, (c, text)
        for a, b in mod._ONE_FOR_ONE:
            assert mod.normalize(f"قاعدة{a}الجفرة “x”") == mod.normalize("قاعدة") + b + "الجفره “x”", a


def _twin_normalize_modules() -> list:  # type: ignore[type-arg]
    from geotrack.extract.select import _compiled, _pure_normalize

    twins = _compiled()
    return [_pure_normalize] + ([twins[1]] if twins else [])


def test_the_scan_page_holds_each_normalised_character_of_its_own() -> None:
    """SCAN_PAGE: ASCII at its own bytes, 256 distinct characters, and the normalised form of each of its
    characters is deleted or one of its characters (the table maps byte to byte)."""
    from geotrack.extract.select import _pure_normalize as mod

    page = mod.SCAN_PAGE
    assert len(page) == 256 and page[:128] == "".join(map(chr, range(128)))
    used = [c for c in page if c != "\ufffe"]
    assert len(set(used)) == len(used)
    for byte, c in enumerate(page):
        if c == "\ufffe":
            continue
        normal = mod.normalize_with_deletions(c)[0]
        assert normal == "" or normal in page, c
        expected = mod._DELETED_BYTE if normal == "" else page.index(normal)
        assert mod._NORMALISING_TABLE[byte] == expected, c
    assert page[mod._DELETED_BYTE] == "A" and "A" not in {mod.normalize(c) for c in used}
    for c in "الجفرهأإآىةؤئ،؟ًّـ«»“”’–—\u200c\u200f\ufeff\u00a0éèàçÉœāīūğşıİ٣پگ°":
        assert c in page, c


def test_normalize_for_scan_examples() -> None:
    from geotrack.text.normalize import normalize_for_scan

    norm, raw, positions = normalize_for_scan("الجُفْـرةُ")
    assert norm == "الجفره" and positions == [3, 5, 6, 9] and len(raw) == len(norm)
    assert normalize_for_scan("The ’Jufra’ base, Ma'aten") == ("the jufra base, maaten", b"the jufra base, maaten",
                                                               [4, 10, 20])
    # outside the page: the general path; a character it keeps is "?" in the scan bytes
    assert normalize_for_scan("ΟΔΟΣ A–Z\u0610") == ("ΟΔΟΣ a z", b"???? a z", [8])
    assert normalize_for_scan("") == ("", b"", [])


scan_text = st.text(
    alphabet=st.sampled_from(
        list("ابتجدرسطعفقكلمنهوي ءأإآىةؤئ ًّْـ،؟" "abcxyzABCXYZAAA" "ÀÉÈÏÖ×÷ßàéèïöÿāīū" "ĀăČđĞİıŁłŒšŽƒğşœ" "əʼʻʿʾ" "ḌḍṢṣ"
             "ΣσДд’‘“”«»–—…\u00a0\u00ad\u200b\u200c\u200f\u202b\u2067\ufeff" "-'` \n\t.,?" "٠٣پگکیھٱ"
             "\u0670\u0610\u06d6\u0653\u063b\U0001f600\ufffe\ufffd")),
    max_size=60,
)


#: mostly ASCII, a few other characters (an English article with curly quotes, a French one): the encoding
#: that patches the non-ASCII characters into the ASCII bytes
mostly_ascii_text = st.lists(st.one_of(st.text(alphabet="abcxyzABCXYZ -'`?.,\n", min_size=20, max_size=40),
                                       st.sampled_from(list("’“”–—…«»\u00a0éÉàāıİğşœ×©ΣДə\u200cالجفرةًـ\U0001f600\ud800"))),
                             max_size=8).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.one_of(scan_text, mostly_ascii_text))
def test_normalize_for_scan_is_the_general_normalisation(text: str) -> None:
    """The table path gives exactly what the general path gives: the normalised text, its scan bytes (one
    a character, "?" outside the page) and the offsets of the deleted characters, pure and compiled."""
    for mod in _twin_normalize_modules():
        expected, deleted = mod.normalize_with_deletions(text)
        norm, raw, positions = mod.normalize_for_scan(text)
        assert norm == expected
        assert raw == mod.encode_for_scan(norm) and len(raw) == len(norm)
        page = mod.SCAN_PAGE
        assert list(raw) == [page.index(c) if c != "\ufffe" and c in page else 0x3F for c in norm]
        assert positions == [i for i, c in enumerate(text) if c in mod._DELETED]
        assert positions == mod.deleted_positions(text, deleted)
        omap, reference = OffsetMap(text, positions=positions), OffsetMap(text)
        assert [omap.start(i) for i in range(len(norm))] == [reference.start(i) for i in range(len(norm))]
        assert [omap.end(i) for i in range(len(norm) + 1)] == [reference.end(i) for i in range(len(norm) + 1)]
