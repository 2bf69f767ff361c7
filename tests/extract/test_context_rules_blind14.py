"""Context rules written from the fourteenth blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets on texts of its own (a dash or a comma between words ends a
phrase that normalising would join; a column of a list cut by dashes or aligned by spaces)."""

from __future__ import annotations

from tests.builders import found, rules


# -- a dash or a comma between two words ends the phrase they would make ---------------------------------------
def test_a_name_after_a_dash_is_no_adjective_of_the_name_before() -> None:
    # "al-Saha al-Khadra" is Green Square (an adjective after a definite noun); "Al Bayda – Al Marj" is a route
    text = "The mountain road Shahhat – Al Bayda – Al Marj was resurfaced over 41 km."
    assert rules(text, "al-marj") == [("Al Marj", 39, "context:document")]
    assert rules("Crowds filled al-Saha al-Khadra in the evening.", "gn-2219918") == [
        ("al-Khadra", 22, "lookalike:word")]


def test_a_given_name_before_a_dash_makes_no_family_name() -> None:
    # "محمد ودان" would be a man; "محمد مفتاح – ودان – محاسبة" is a man, his home town and his subject
    assert rules("قال محمد ودان إن الطريق مغلق.", "waddan") == [("ودان", 9, "lookalike:name")]
    text = "المقبولون حسب المدينة:\n1. مريم عبد الله – درنه – طب\n2. محمد مفتاح – ودان – محاسبة\n"
    assert rules(text, "waddan") == [("ودان", 68, "context:document")]
    assert rules("وصل الوفد إلى زليتن.\n1. عثمان إبراهيم – غات – آثار\n", "ghat") == [("غات", 40, "context:document")]


# -- a column of places in a list cut by dashes or in a table aligned by spaces ------------------------------
def test_a_column_of_a_dashed_list_is_a_column_of_places() -> None:
    text = "Admitted students by home town:\n1. Omar Salem – Benghazi – medicine\n2. Huda Ali – Al-Khadra – history\n"
    assert found(text) == [("benghazi", "Benghazi", 48, "gazetteer"), ("gn-2219918", "Al-Khadra", 82, "bulk+context")]
    # in another column than the accepted name, the word ("the green one") stays a word
    text = "Admitted students by home town:\n1. Omar Salem – Benghazi – medicine\n2. Huda Ali – history – Al-Khadra\n"
    assert found(text) == [("benghazi", "Benghazi", 48, "gazetteer")]


def test_a_column_of_a_table_aligned_by_spaces_is_a_column_of_places() -> None:
    text = "Town              2006     2021\nBenghazi           670      859\nAl-Khadra            8       10\n"
    assert found(text) == [("benghazi", "Benghazi", 32, "gazetteer"), ("gn-2219918", "Al-Khadra", 64, "bulk+context")]
    # (text after the numbers makes no difference: the name fills its cell up to the run of spaces)
    assert found(text.replace("10\n", "10 (estimate)\n")) == found(text)
    # in another column, no place
    assert found("Town              2006     2021\nBenghazi           670      859\n     8    Al-Khadra     10\n") == [
        ("benghazi", "Benghazi", 32, "gazetteer")]


# -- a university names no other Beida: Peking's is told by Peking, Beijing and China ------------------------
def test_a_university_in_the_sentence_keeps_al_bayda() -> None:
    # (Omar Al-Mukhtar University is in Al Bayda, and other towns' universities share its sentences)
    text = "Candidates were nominated by Omar Al-Mukhtar University in Al Bayda and by the University of Ajdabiya."
    assert found(text) == [("al-bayda", "Al Bayda", 59, "context:preposition"), ("ajdabiya", "Ajdabiya", 93, "gazetteer")]
    text = "She studied at Peking University, known to students as Beida, before moving to Tripoli, Libya."
    assert rules(text, "al-bayda") == [("Beida", 55, "ambiguous:negative-cue")]


# -- things and people named after a place --------------------------------------------------------------------
def test_two_ships_named_after_towns() -> None:
    # the dual and the plural of the ship words, like the singular (الباخرة «مرزق»), and the name coordinated after it
    assert found("فُرّغت حمولة الباخرتين «مرزق» و«زليتن» في ميناء الخمس.") == [("al-khums", "الخمس", 48, "context:cue")]
    # (the ships sail to a port: the place after a preposition stays the place)
    assert found("وصلت السفن إلى مصراتة أمس.") == [("misrata", "مصراتة", 15, "gazetteer")]


def test_the_ubari_lakes_and_a_hotel_are_no_town() -> None:
    assert found("رحلة إلى بحيرات اوباري ثم سبها.") == [("sabha", "سبها", 26, "gazetteer")]
    # (one lake by an oasis is the oasis, as set 10's guide has it)
    assert found("شوهد البط حول بحيرة الجغبوب قرب سبها.") == [
        ("jaghbub", "الجغبوب", 20, "gazetteer"), ("sabha", "سبها", 32, "gazetteer")]
    assert found("Postcards of the Albergo Uaddan in Tripoli, Libya.") == [("tripoli", "Tripoli", 35, "context:dateline")]


def test_a_family_and_a_father_of_named_after_a_town_are_people() -> None:
    assert found("Libye : la famille Brak, d'El Marj, remercie ses amis.") == [("al-marj", "El Marj", 27, "context:document")]
    assert rules("Ask for Abu Ubari on WhatsApp for trips to Sabha.", "ubari") == [("Ubari", 12, "lookalike:name")]
    assert rules("The convoy left Ubari for Sabha.", "ubari") == [("Ubari", 16, "gazetteer")]


def test_quoted_ship_names_coordinated() -> None:
    # the quotes of quoted names are no words between them: both are ships, the port after à stays the town
    text = "Les vedettes « Zuara » et « Sabratha », cédées aux garde-côtes, sont basées à Tripoli."
    assert found(text) == [("tripoli", "Tripoli", 78, "context:preposition")]
    assert rules(text, "sabratha") == [("Sabratha", 28, "lookalike:vessel")]


def test_a_plateau_is_no_town() -> None:
    # هضبة جادو is the Djado plateau of Niger; no town of Libya is called a plateau
    text = "أبلغت الفرق في النيجر عن أسراب متجهة شمالاً من هضبة جادو قرب غات."
    assert rules(text, "gn-2216432") == [("جادو", 52, "lookalike:name")]
    assert found("وصل الوفد إلى جادو ويفرن.") == [
        ("gn-2216432", "جادو", 14, "bulk+context"), ("gn-2208791", "ويفرن", 19, "bulk+context")]


def test_the_city_of_in_italian_is_the_city() -> None:
    # "Città di Tripoli" names a liner; "la città di", "della città di" (an article before) is the city itself
    text = "Libia. C-101 Pianta della città di Bengasi, 1:10 000, 1926. The liner Città di Tripoli docked at Benghazi."
    assert found(text) == [("benghazi", "Bengasi", 35, "gazetteer"), ("benghazi", "Benghazi", 97, "gazetteer")]


def test_funds_valleys_towers_and_firms_named_after_a_town() -> None:
    # a fund's long name, a valley after the French elision, a tower, a hotel after the elision: things, not the town
    text = "في ليبيا أعلن صندوق التنمية وإعادة إعمار درنه أن النسبة بلغت 60. ووصل الوفد إلى درنه."
    assert rules(text, "derna") == [("درنه", 41, "lookalike:name"), ("درنه", 80, "gazetteer")]
    assert rules("Libye : le pont de l'oued Derna est reconstruit à Derna.", "derna") == [
        ("Derna", 26, "lookalike:word"), ("Derna", 50, "gazetteer")]
    text = "L'Observatoire rappelle que la tour Tripoli n'a pas été touchée à Tripoli. Les plans de l'Albergo Uaddan."
    assert found(text) == [("tripoli", "Tripoli", 66, "context:preposition")]
    # (a tour of the east is no tower)
    assert found("LIBYA: EASTERN TOUR — BENGHAZI, AL-MARJ")[:1] == [("benghazi", "BENGHAZI", 22, "gazetteer")]
    # a firm's word and its trade after the name (للسفر "for travel"); without the trade, no firm
    text = "احجزوا عن طريق وكالة اوباري للسفر في سبها."
    assert found(text) == [("sabha", "سبها", 37, "gazetteer")]
    assert rules("مجموعة زلة للمقاولات تعمل في جالو.", "zillah") == [("زلة", 7, "lookalike:name")]


def test_sebkha_capitalised_is_sabha_in_lower_case_a_salt_flat() -> None:
    # the Russian habit's Sebkha for Sebha; the French and English sebkha, a salt flat, is written in lower case
    text = "Libye. On longe une sebkha, un lac de sel à sec, et on entre à Sebkha, la capitale du Fezzan."
    assert found(text) == [("sabha", "Sebkha", 63, "generated")]
    assert found("Personnel rotate through Sebkha airport.") == [("sabha-airport", "Sebkha airport", 25, "gazetteer")]


def test_the_abbreviation_intl_of_an_airport() -> None:
    # charts and timetables write "Intl" for the international airport, after the spellings the gazetteer lists
    text = "Libye. la désignation « Sebha Intl » et Tamenhint."
    assert found(text)[0] == ("sabha-airport", "Sebha Intl", 24, "gazetteer")
    assert found("Resurfacing at Misurata Intl. Airport began.") == [
        ("misrata-airport", "Misurata Intl. Airport", 15, "gazetteer")]


def test_a_festival_named_after_a_town_is_the_town_for_a_listed_name_too() -> None:
    # (set 13 made the festival an institution of the town for names that need context; a listed one too)
    text = "Festival programme, Libya\n14–16 Nov — Jalu Date Festival, with guided walks to the mosques of Awjila."
    assert found(text) == [("jalu", "Jalu", 38, "gazetteer"), ("awjila", "Awjila", 94, "gazetteer")]
    # another thing's name after a listed name stays a thing
    assert rules("Ghadames Air flies to Tobruk.", "ghadames") == [("Ghadames", 0, "lookalike:name")]


def test_the_place_of_today_after_its_old_name() -> None:
    # الحالية "of today" after a name is a place word: the town as it is called now
    assert rules("مخطط ميناء قديم، أي الخمس الحالية، 1914.", "al-khums") == [("الخمس", 20, "context:cue")]
    assert rules("مخطط ميناء قديم، أي الخمس، 1914.", "al-khums") == [("الخمس", 20, "ambiguous:no-context")]


def test_an_arabic_and_written_onto_a_latin_name() -> None:
    # Arabic text that quotes Latin names writes its و onto them, as onto its own names: the mention keeps it
    text = "- Djofra وJufra: كتبناهما قاعدة الجفرة الجوية."
    assert found(text)[:2] == [("al-jufra", "Djofra", 2, "gazetteer"), ("al-jufra", "وJufra", 9, "gazetteer")]
    text = "صور لآثار صبراتة وCirene (شحات)، 1935."
    assert found(text) == [("sabratha", "صبراتة", 10, "gazetteer"), ("shahhat", "وCirene", 17, "context:adjacent"),
                           ("shahhat", "شحات", 26, "context:one-sense")]
    # no other letter: والmisrata is no name
    assert found("والmisrata") == []


def test_the_narrow_edges_of_the_things_rules() -> None:
    # an airfield's control tower is the airfield; a town's tower is a building
    assert found("تواصلنا مع برج معيتيقة ثم برج طرابلس في ليبيا.") == [("mitiga", "معيتيقة", 15, "gazetteer")]
    # ships in the plural name ships only with quoted names; elsewhere they are ships at the place
    assert found("رست السفن في طرابلس، وسفن مصراتة وصلت.") == [
        ("tripoli", "طرابلس", 13, "context:preposition"), ("misrata", "مصراتة", 26, "gazetteer")]
    # a fund's or a committee's complement has no preposition: بدرنة is where the committee works
    assert found("لجنة متابعة أعمال الصيانة بدرنة.") == [("derna", "بدرنة", 26, "gazetteer")]
    # "Abu" makes a nickname of a town's name, not of a place named Abu Hadi
    assert found("The convoy passed Abu Hadi near Sirte.") == [
        ("gn-8354477", "Abu Hadi", 18, "bulk+context"), ("sirte", "Sirte", 32, "gazetteer")]
