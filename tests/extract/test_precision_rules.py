"""Precision rules written from the sixth to eighth blind sets as development sets (issue 14, precision and
site choice): each a general rule, tested with exact mentions and offsets."""

from __future__ import annotations

from tests.builders import found, rules


def test_a_negative_cue_that_holds_the_name_and_runs_on_is_the_other_place() -> None:
    # طرابلس الشام "Tripoli of the Levant": a cue that starts with the mention and runs on past it by a word
    text = "كتب إليّ قارئ من طرابلس الشام يعاتبني، وهو يعيش في طرابلس."
    assert rules(text, "tripoli") == [("طرابلس", 17, "ambiguous:negative-cue"), ("طرابلس", 51, "context:preposition")]
    assert found(text) == [("tripoli", "طرابلس", 51, "context:preposition")]


def test_a_dateline_abroad_first_makes_the_next_bare_name_the_place_abroad_whatever_comes_later() -> None:
    # the Libyan capital named later does not make the document one that used the Libyan place first
    text = ("TRIPOLI, Lebanon (LPA) – A ferry loaded in the Libyan port of Misrata docked in Tripoli on Friday. "
            "Farmers have buyers in the Libyan capital, Tripoli, they said.")
    assert rules(text, "tripoli") == [("TRIPOLI", 0, "lookalike:abroad"), ("Tripoli", 80, "ambiguous:foreign-sense"),
                                      ("Tripoli", 142, "context:document")]


def test_regdalin_is_no_name_of_sidi_bin_zinah() -> None:
    # GeoNames gives Regdalin among Sidi Bin Zinah's names; it is a town of its own beside it
    assert found("Coupure d'électricité à Sidi Ben Zina et Regdalin.") == [
        ("gn-2212882", "Sidi Ben Zina", 24, "generated")]


def test_after_the_common_noun_a_bare_name_the_document_alone_would_place_is_the_noun() -> None:
    # one sense per document, the word's too: الزاوية الكبرى "the great lodge", then الزاوية "the lodge"
    text = "أسس السنوسي الزاوية الكبرى في الجغبوب عام 1856. ويرى المؤلف أن الزاوية في الواحة كانت مدرسة."
    assert rules(text, "zawiya") == [("الزاوية", 12, "lookalike:word"), ("الزاوية", 63, "ambiguous:word-sense")]
    assert found(text) == [("jaghbub", "الجغبوب", 30, "gazetteer")]
    # a place's own evidence (a preposition) still places it
    assert rules("أسس السنوسي الزاوية الكبرى عام 1856، ثم زار الجغبوب وعاد إلى الزاوية.", "zawiya") == [
        ("الزاوية", 12, "lookalike:word"), ("الزاوية", 61, "context:preposition")]


def test_a_quoted_name_before_a_peoples_word_is_a_label_for_that_people() -> None:
    # «الكفرة» الطليان "the Italian 'infidels'": a label, not the oasis; and it leaves the word's later sense alone
    text = "ويورد المؤلف رسالة يحث فيها على قتال «الكفرة» الطليان، قبل سقوط الكفرة عام 1931 وبنغازي."
    assert rules(text, "kufra") == [("الكفرة", 38, "lookalike:word"), ("الكفرة", 64, "context:document")]
    assert rules("قاتلوا «الكفرة» الإيطاليين في برقة، كما في بنغازي.", "kufra") == [("الكفرة", 8, "lookalike:word")]
    # a quoted name with a word of place after it stays the place
    assert rules("وصلت القافلة إلى «الكفرة» الليبية، قرب بنغازي.", "kufra")[0][2] != "lookalike:word"


def test_a_towns_bare_name_after_its_military_site_is_that_site_unless_its_people_are_meant() -> None:
    # the document named the air base first: the writer shortens the name already given
    text = ("Commentaire : la base « Martuba » reçoit des Il-76. Les mouvements observés à Martuba confirment "
            "l'usage de la base comme point d'entrée.")
    assert found(text) == [("martuba-airbase", "Martuba", 24, "gazetteer"), ("martuba-airbase", "Martuba", 78, "gazetteer")]
    # residents heading a list of towns keep the town
    text = ("ناقشت اللجنة تقريرًا عن قاعدة مرتوبة الجوية، وأشار أحد الأعضاء إلى أن سكان ام الرزم ومرتوبه يشتكون. "
            "وردّ ممثل الأركان بأن الطيران في مرتوبة يقتصر على التدريب.")
    assert found(text) == [("martuba-airbase", "قاعدة مرتوبة الجوية", 24, "gazetteer"), ("gn-81071", "ام الرزم", 75, "bulk"),
                           ("martuba", "ومرتوبه", 84, "gazetteer"), ("martuba-airbase", "مرتوبة", 133, "gazetteer")]
    # a bare Martuba with no air base named before it stays the town
    assert found("Météo : vent fort attendu à Martuba et Derna.")[0][:2] == ("martuba", "Martuba")


def test_shadows_beside_al_zawiya_make_it_a_photos_angle() -> None:
    # (a negative cue of the site, as الكاميرا: a fact-check comparing a photo's angle and shadows)
    assert rules("تصحيح: الصورة قديمة، قارنوا الزاوية والظلال بصورة منشورة عام 2019 عن طرابلس.", "zawiya") == [
        ("الزاوية", 28, "ambiguous:negative-cue")]


def test_a_town_beside_an_airport_is_the_town_unless_a_plural_airport_noun_governs_the_list() -> None:
    assert found("Turkish transport aircraft are seen daily at Mitiga and Misrata.") == [
        ("mitiga", "Mitiga", 45, "gazetteer"), ("misrata", "Misrata", 56, "gazetteer")]
    assert found("Il-76 : Benina ➝ Sebha ➝ Koufra.") == [
        ("benina", "Benina", 8, "gazetteer"), ("sabha", "Sebha", 17, "gazetteer"), ("kufra", "Koufra", 25, "gazetteer")]
    assert found("وقالولي الطيارة من مصراته لبنينا ما تاخذش ساعة.") == [
        ("misrata", "مصراته", 19, "gazetteer"), ("benina", "لبنينا", 26, "context:adjacent")]
    # a plural (or dual) airport noun heading the list makes the town its airport
    assert found("Les aéroports de Mitiga et de Misrata ont rouvert.") == [
        ("mitiga", "Mitiga", 17, "gazetteer"), ("misrata-airport", "Misrata", 30, "gazetteer")]
    assert found("أعيد فتح مطاري معيتيقة ومصراتة أمس.") == [
        ("mitiga", "معيتيقة", 15, "gazetteer"), ("misrata-airport", "ومصراتة", 23, "gazetteer")]


def test_a_common_noun_after_the_town_leaves_the_documents_later_bare_names_the_town() -> None:
    # the document's first sense decides: the town first (a dateline, a cue), the Sufi lodge once, the town again
    text = ("الزاوية – تجددت الاشتباكات في وسط مدينة الزاوية. وسقطت قذائف قرب الزاوية الصوفية القديمة. "
            "وقال عضو في المجلس البلدي إن الزاوية تدفع ثمن الصراع.")
    assert [r for _s, _a, r in rules(text, "zawiya")] == [
        "context:dateline", "context:cue", "lookalike:word", "context:one-sense"]


def test_martuba_listed_with_other_towns_after_its_air_base_stays_the_town() -> None:
    text = ("Les avions d'aide se posent à Benina et sur la base aérienne de Martouba. D'autres localités ont été "
            "touchées, et les vols militaires ont repris : Chahat, Soussa et Martouba.")
    assert [(s, site) for site, s, _a, _r in found(text) if "art" in s] == [
        ("base aérienne de Martouba", "martuba-airbase"), ("Martouba", "martuba")]


def test_a_sports_item_of_a_roundup_names_clubs() -> None:
    # a label and a colon open a sports item: its towns are clubs where the club rules would make them so in a
    # sports text ("a side from Zliten" stays the place)
    text = "Weather: dust over Benghazi.\nSport: Khaleej Sirte drew one-all with a visiting side from Zliten."
    assert found(text) == [("benghazi", "Benghazi", 19, "gazetteer"), ("zliten", "Zliten", 89, "gazetteer")]
    assert rules(text, "sirte") == [("Sirte", 44, "lookalike:club")]
    text = "Météo : vent attendu sur Benghazi.\nSports : en championnat, Sabha a battu Brak deux buts à un."
    assert rules(text, "sabha") == [("Sabha", 60, "lookalike:club")]
    assert rules(text, "brak") == [("Brak", 74, "lookalike:club")]
    # no colon after the word: no label
    assert [s for _site, s, _a, _r in found("Sport is not the topic: clashes in Sirte and Misrata.")] == ["Sirte", "Misrata"]


def test_a_clubs_first_word_with_de_or_a_score_line_names_the_club() -> None:
    assert found("Des supporters du club Al-Ittihad de Misrata ont déployé une banderole à Tripoli.") == [
        ("tripoli", "Tripoli", 73, "context:preposition")]
    assert found("Results: Al-Ahly Tripoli 2-1 Al-Ittihad; the stadium in Misrata was full.") == [
        ("misrata", "Misrata", 56, "gazetteer")]
    assert found("النتائج: أهلي طرابلس 2-1 الاتحاد، وفي مصراتة تعادل فريقان.") == [
        ("misrata", "مصراتة", 38, "gazetteer")]


def test_hun_as_a_verb_whose_subject_is_god_and_hun_sen_in_arabic() -> None:
    assert found("يترحّم المجلس على ضحايا الحادث على طريق ترهونة، هون الله على أهلهم.") == [
        ("tarhuna", "ترهونة", 40, "gazetteer")]
    assert rules("لا علاقة لهذا بـهون سين كما مازحني أحد المتابعين في طرابلس.", "hun") == [
        ("بـهون", 14, "ambiguous:negative-cue")]


def test_a_town_abroad_by_a_nationality_or_a_district_and_a_towns_oil_field() -> None:
    assert rules("Supplies went to Benghazi and to a shelter run by the Italian town of Massa.", "gn-85026") == [
        ("Massa", 70, "lookalike:abroad")]
    # a place adjective that is no nationality keeps the town
    assert found("Clashes hit the historic town of Ghadames.") == [("ghadames", "Ghadames", 33, "gazetteer")]
    assert rules("Families in the Zawiya district east of Zgharta were evacuated, Tripoli said.", "zawiya") == [
        ("Zawiya", 16, "lookalike:abroad")]
    assert found("The Zelten field, the first large oil discovery in Libya, lies south of Brega.") == [
        ("brega", "Brega", 72, "context:preposition")]


def test_the_server_after_the_server_is_still_the_server() -> None:
    # the document's first sense (the common noun) also against a military word near the later bare name
    text = "ولم يتمكن الفريق من الوصول إلى الخادم الإلكتروني لشركة الطيران في بنغازي، إذ تعطل الخادم وفق الشركة والطيران."
    assert rules(text, "al-khadim") == [("الخادم", 31, "lookalike:word"), ("الخادم", 82, "ambiguous:word-sense")]


def test_the_air_academy_at_a_town_is_its_airfield_and_a_doctor_by_his_given_name_is_a_person() -> None:
    assert found("TB2 drones operating from Mitiga and from the air academy at Misrata hit convoys near Sirte.") == [
        ("mitiga", "Mitiga", 26, "gazetteer"), ("misrata-airport", "Misrata", 61, "gazetteer"),
        ("sirte", "Sirte", 86, "gazetteer")]
    assert found("The police academy at Misrata opened near Sirte.")[0] == ("misrata", "Misrata", 22, "gazetteer")
    assert found("Le coordinateur, le Dr Mansour Oubari, vit à Sabha.") == [("sabha", "Sabha", 45, "context:preposition")]


def test_a_name_directly_before_a_capitalised_head_names_another_thing() -> None:
    # a proper-name compound: an airline, a street, a hotel, a dune sea named after the place
    assert rules("Les transporteurs libyens, dont Ghadames Air, figurent sur la liste.", "ghadames") == [
        ("Ghadames", 32, "lookalike:name")]
    assert rules("He lives on Tobruk Road in a town in Bedfordshire.", "tobruk") == [("Tobruk", 12, "lookalike:name")]
    assert rules("Traffic is backed up past the Al Waddan Hotel on the seafront.", "waddan") == [
        ("Al Waddan", 30, "lookalike:name")]
    assert rules("Teams could not enter the dunes of the Oubari Sand Sea in Libya.", "ubari") == [
        ("Oubari", 39, "lookalike:name")]


def test_a_name_before_a_place_head_a_date_or_a_new_clause_stays_the_place() -> None:
    assert found("The convoy arrived in Tobruk Monday after a long drive.") == [("tobruk", "Tobruk", 22, "gazetteer")]
    # a town's university counts as the town (set 9's convention), its airport is the airport site
    assert found("Sebha University has hired 60 new teaching assistants.") == [("sabha", "Sebha", 0, "gazetteer")]
    assert found("Tripoli University reopened.") == [("tripoli", "Tripoli", 0, "context:cue")]
    assert found("Misrata Airport reopened in Libya.") == [("misrata-airport", "Misrata Airport", 0, "gazetteer")]
    assert found("Misrata Air Base reopened in Libya.") == [("misrata-airport", "Misrata Air Base", 0, "gazetteer")]
    # a sentence-opening preposition ends the phrase; a headline in title case names no thing
    assert found("In Tobruk Hafter paraded his men.") == [("tobruk", "Tobruk", 3, "gazetteer")]
    assert found("Clashes Erupt In Misrata Leave Five Dead") == [("misrata", "Misrata", 17, "gazetteer")]


def test_a_hyphenated_compound_of_two_names_is_no_persons_name() -> None:
    assert found("Tripoli-Europe links were suspended after the clashes in Libya.") == [
        ("tripoli", "Tripoli", 0, "context:document")]


def test_a_plural_airport_noun_after_a_list_makes_each_name_an_airport() -> None:
    assert found("Flights were moved to Mitiga and Misrata airports on Sunday.") == [
        ("mitiga", "Mitiga", 22, "gazetteer"), ("misrata-airport", "Misrata", 33, "gazetteer")]
    # a possessive keeps the airport's phrase; a bare list is the towns
    assert found("Shelling hit Misrata airport's runway on Sunday.") == [
        ("misrata-airport", "Misrata airport", 13, "gazetteer")]
    assert found("Flights were moved to Mitiga and Misrata on Sunday.") == [
        ("mitiga", "Mitiga", 22, "gazetteer"), ("misrata", "Misrata", 33, "gazetteer")]


def test_a_sentences_first_word_before_a_list_of_names_is_no_first_name() -> None:
    assert rules("Seuls Brega et Mellitah chargent encore, au compte-gouttes.", "brega") == [
        ("Brega", 6, "ambiguous:no-context")]
    assert rules("Marta Brak et son frère chargent encore.", "brak") == [("Brak", 6, "lookalike:name")]


def test_a_name_in_a_country_abroad_is_its_namesake() -> None:
    assert rules("Most pictures show Apollonia in Albania, a different colony.", "gn-81584") == [
        ("Apollonia", 19, "lookalike:abroad")]
    assert found("The strike on Derna in Libya killed five.") == [("derna", "Derna", 14, "gazetteer")]


def test_an_arabic_name_after_a_radio_or_a_clubs_noun_is_that_things_name() -> None:
    assert rules("قالت إذاعة طرابلس إن الاشتباكات توقفت في مصراتة.", "tripoli") == [("طرابلس", 11, "lookalike:name")]
    assert found("قالت إذاعة طرابلس إن الاشتباكات توقفت في مصراتة.") == [("misrata", "مصراتة", 41, "gazetteer")]


def test_a_speakers_town_in_brackets_after_their_name_is_the_place() -> None:
    text = "Libya call-in show. CALLER 2 (Fatima, Brak): The planes fly low over the valley every night."
    assert found(text) == [("brak", "Brak", 38, "context:cue")]


def test_a_crude_grade_named_after_a_terminal_is_no_place() -> None:
    assert rules("Sur les écrans, la qualité Es Sider s'est envolée en Libye.", "al-sidra") == [
        ("Es Sider", 27, "lookalike:name")]
    assert rules("Buyers in Libya prefer Es Sider crude this month.", "al-sidra") == [("Es Sider", 23, "lookalike:name")]


def test_a_name_in_a_country_or_after_its_possessive_is_that_countrys_place() -> None:
    assert rules("He was thinking of the Djado plateau in Niger, a thousand kilometres away.", "gn-2216432") == [
        ("Djado", 23, "lookalike:abroad")]
    assert rules("Breeding is under way in Saudi Arabia and in Yemen's al-Bayda governorate.", "al-bayda") == [
        ("al-Bayda", 53, "lookalike:abroad")]
    # Libya is no country abroad; a base a foreign power uses stays the Libyan base
    assert found("The Sirte district in Libya was calm.") == [("sirte", "Sirte", 4, "gazetteer")]
    assert found("Turkey's al-Watiya base was hit in Libya.") == [("al-watiya", "al-Watiya base", 9, "gazetteer")]
    # a country's possessive before a person's name leaves the document's place alone
    text = "I spent three days in Hun, the centre of the district in Libya. The same week Cambodia's Hun Sen was in the news."
    assert rules(text, "hun") == [("Hun", 22, "context:preposition"), ("Hun", 89, "lookalike:name")]


# Rules written from the tenth blind set once opened (issue 14, precision and site choice, 2026-12-07 afternoon).


def test_the_airport_of_a_town_with_no_airport_site_is_cut_to_the_town() -> None:
    # the guides cut مطار غات like a port: the town's name alone (no listed spelling keeps the airport word)
    assert found("وصل الوفد إلى مطار غات أمس.") == [("ghat", "غات", 19, "context:cue")]
    assert found("وتحسين مدرجي مطار الزنتان ومطار غدامس.") == [
        ("zintan", "الزنتان", 18, "gazetteer"), ("ghadames", "غدامس", 32, "gazetteer")]
    assert found("هبطت الطائرة في مطار زوارة.") == [("zuwara", "زوارة", 21, "gazetteer")]


def test_a_literal_rendering_of_an_arabic_base_phrase_keeps_its_base_word() -> None:
    # machine translation: no elision before the article, "base de l'air" for قاعدة جوية, "the airport X" for مطار X
    assert found("Il a promis de réparer la route vers l'aéroport de Al-Abraq.") == [
        ("al-abraq", "aéroport de Al-Abraq", 39, "gazetteer")]
    assert found("Wagner renforce la base de l'air de Al-Jofrah.") == [
        ("al-jufra", "base de l'air de Al-Jofrah", 19, "gazetteer")]
    assert found("The airport Benina in Benghazi received the first flight.") == [
        ("benina", "airport Benina", 4, "gazetteer"), ("benghazi", "Benghazi", 22, "gazetteer")]


def test_a_ship_by_its_kind_an_apposition_after_quotes_or_a_name_to_come() -> None:
    assert rules("The ro-ro Derna, which called on Monday, was not involved.", "derna") == [
        ("Derna", 10, "lookalike:vessel")]
    text = "Les garde-côtes exploitent déjà le « Zliten », une ancienne vedette italienne."
    assert rules(text, "zliten") == [("Zliten", 37, "lookalike:vessel")]
    text = "A model of a patrol craft ordered for the coast guard, to be named Sabratha; a sister ship will sail from Misrata."
    assert rules(text, "sabratha") == [("Sabratha", 67, "lookalike:name")]
    assert found(text) == [("misrata", "Misrata", 106, "gazetteer")]
    # a town named so is still the town
    assert found("A town named Sabratha lies west of Tripoli.")[0] == ("sabratha", "Sabratha", 13, "gazetteer")


def test_a_platform_a_dune_sea_and_a_company_named_after_a_place() -> None:
    assert rules("Workers at the nearby Sabratha gas platform reported boats at night.", "sabratha") == [
        ("Sabratha", 22, "lookalike:name")]
    assert found("Au pied des dunes de l'erg d'Oubari, les lacs s'assèchent.") == []
    assert rules("Les sociétés, comme la Société Al-Marj des services alimentaires, à Benghazi.", "al-marj") == [
        ("Al-Marj", 31, "lookalike:name")]
    # the town itself after a preposition stays the town
    assert found("Les lacs près d'Oubari s'assèchent.") == [("ubari", "Oubari", 16, "gazetteer")]


def test_a_district_in_a_sentence_that_names_a_city_abroad_is_that_citys() -> None:
    text = "In Mecca, the Libyan mission has rented hotels in the Aziziyah district near the Haram."
    assert rules(text, "gn-2220139") == [("Aziziyah", 54, "lookalike:abroad")]
    text = "À La Mecque, la mission libyenne sera logée dans le quartier d'Al-Aziziyah, à proximité de Mina."
    assert rules(text, "gn-2220139") == [("Al-Aziziyah", 63, "lookalike:abroad")]
    text = "سكن الحجاج في مكة المكرمة سيكون في فنادق حي العزيزية."
    assert rules(text, "gn-2220139") == [("العزيزية", 44, "lookalike:abroad")]



def test_a_literal_translation_puts_the_adjective_after_the_and_its_noun() -> None:
    text = "The spokesman of the house al-Bayda in Washington welcomed the talks. Clashes hit al-Bayda and Derna."
    assert rules(text, "al-bayda") == [("al-Bayda", 27, "lookalike:word"), ("al-Bayda", 82, "context:adjacent")]
    # an Arabic gloss of a Latin name in brackets is the place's name in both scripts
    text = ("Les habitants de Al-Mardj et de Al-Baidaa (البيضا) se plaignent. "
            "Le papier Al-Bayda de la réconciliation sera signé à Benghazi.")
    # (Al-Baidaa itself is found since the variant model writes a final long ā aa: a→aa, ay→ai)
    assert rules(text, "al-bayda") == [("Al-Baidaa", 32, "generated+context"), ("البيضا", 43, "generated+context"),
                                       ("Al-Bayda", 75, "lookalike:word")]
    # a place's own word or a route before the name keeps the place
    assert found("Clashes in the town al-Bayda near Derna.") == [
        ("al-bayda", "al-Bayda", 20, "context:cue"), ("derna", "Derna", 34, "gazetteer")]
    assert found("La route El Beïda – Chahat est coupée près de Derna.")[0] == (
        "al-bayda", "El Beïda", 9, "context:adjacent")


def test_an_airfield_outside_a_town_a_town_inside_a_list_and_tripoli_beside_beirut() -> None:
    assert found("Water tanks at Al Abraq and at the airfield outside Tobruk.") == [
        ("al-abraq", "Al Abraq", 15, "gazetteer"), ("al-adem", "Tobruk", 52, "gazetteer")]
    # a runway is a base word like an airfield: "the old RAF runways near Tobruk" are al-Adem's (the guides' rule since
    # the tenth set), a runway in a town with no airfield of its own leaves the town
    assert found("Now the old RAF runways near Tobruk host aircraft.") == [("al-adem", "Tobruk", 29, "gazetteer")]
    assert found("The runway near Zintan was bombed.") == [("zintan", "Zintan", 16, "gazetteer")]
    text = ("Drones moved to Al Khadim air base, Benina airport and al-Watiya air base. Committees for the "
            "municipalities: Susa, Al Qubbah, Martuba, Umm ar-Rizam and Kambut.")
    assert [m for m in found(text) if "martuba" in m[0]] == [("martuba", "Martuba", 127, "gazetteer")]
    assert rules("Candidates for positions in Tripoli and Beirut should apply online.", "tripoli") == [
        ("Tripoli", 28, "ambiguous:negative-cue")]
