"""Context rules written from the eighth blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets (things named after a place: a ship in quotes, a liner's
Italian name, a basin, a crude oil, a street, a callsign, a news page; a person by a title or a citation)."""

from __future__ import annotations

from tests.builders import found, rules


def test_a_ship_noun_before_a_quoted_name_is_the_ship() -> None:
    assert found("Le chalutier « Zouara » a quitté le port de Misrata hier.") == [
        ("misrata", "Misrata", 44, "gazetteer")]
    assert rules("Le chalutier « Zouara » a quitté le port de Misrata hier.", "zuwara") == [
        ("Zouara", 15, "lookalike:vessel")]
    assert rules('The ferry "Tobruk" stayed in port at Benghazi.', "tobruk") == [("Tobruk", 11, "lookalike:vessel")]


def test_an_italian_city_of_before_a_name_is_a_ship_or_a_title() -> None:
    assert found("The liner Città di Tripoli docked at Naples.") == []
    assert rules("Elle a voyagé sur le paquebot Città di Bengasi jusqu'à Tripoli.", "benghazi") == [
        ("Bengasi", 39, "lookalike:name")]


def test_a_basin_a_crude_oil_or_a_trend_named_after_a_place_is_not_the_place() -> None:
    assert rules("تقع الحقول في حوض غدامس قرب الحدود.", "ghadames") == [("غدامس", 18, "lookalike:name")]
    assert rules("ارتفعت أسعار خام السدرة هذا الشهر.", "al-sidra") == [("السدرة", 17, "lookalike:name")]
    assert rules("Exports of Es Sider grade rose in May.", "al-sidra") == [("Es Sider", 11, "lookalike:name")]
    assert rules("Le brut Es Sider a gagné deux dollars.", "al-sidra") == [("Es Sider", 8, "lookalike:name")]
    # two names joined by a dash before a feature's word: both are the feature's name
    assert found("The Jalu–Awjila trend holds two blocks.") == []
    assert rules("The Jalu–Awjila trend holds two blocks.", "jalu") == [("Jalu", 4, "lookalike:name")]


def test_a_street_named_after_a_place_is_not_the_place() -> None:
    assert found("يقع مقر الشركة في شارع طرابلس بالقاهرة، وتعمل في مصراتة.") == [
        ("misrata", "مصراتة", 49, "gazetteer")]
    assert rules("يقع مقر الشركة في شارع طرابلس بالقاهرة، وتعمل في مصراتة.", "tripoli") == [
        ("طرابلس", 23, "lookalike:name")]
    assert rules("The office on Misrata Street in Cairo opened.", "misrata") == [("Misrata", 14, "lookalike:name")]
    assert rules("Il habite rue de Tobrouk, à Lyon.", "tobruk") == [("Tobrouk", 17, "lookalike:name")]
    # a compound name joined by hyphens (la place du Souvenir-de-Koufra)
    assert rules("La place du Souvenir-de-Koufra est fleurie.", "kufra") == [("Koufra", 24, "lookalike:name")]


def test_a_callsign_before_a_name_and_a_news_page_after_it() -> None:
    assert found("Aircraft with the callsign prefix TOBRUK flew over Sirte.") == [
        ("sirte", "Sirte", 51, "gazetteer")]
    assert rules("L'indicatif « SYRTE-12 » n'a aucun lien avec la ville.", "sirte") == [
        ("SYRTE", 14, "lookalike:name")]
    assert rules("La page Facebook Derna Aujourd'hui relaie l'appel.", "derna") == [("Derna", 17, "lookalike:name")]
    assert rules("The Ubari Association met in Tripoli.", "ubari") == [("Ubari", 4, "lookalike:name")]


def test_a_person_by_a_given_name_a_title_or_a_citation() -> None:
    assert found("Le député Moussa Ghadames a voté contre.") == []
    # a title or a citation marks that mention only: the document's later bare names stay the place
    assert rules("L'historien Brak a visité la ville de Brak en mai.", "brak") == [
        ("Brak", 12, "lookalike:person"), ("Brak", 38, "context:cue")]
    assert rules("اعتمدت الدراسة على عمل براك وزملائه حول الإمداد، وعلى زيارات إلى مدينة براك.", "brak") == [
        ("براك", 23, "lookalike:person"), ("براك", 71, "context:cue")]
    assert rules("As Brak et al. (2021) showed, the base at Brak grew.", "brak") == [("Brak", 3, "lookalike:person")]
    # "et Al-" is the conjunction and the article, no citation
    assert found("Dans la région, Zouila, Oum el-Araneb et Al-Gatroun ont voté.")[1:] == [
        ("umm-aranib", "Oum el-Araneb", 24, "generated"), ("al-qatrun", "Al-Gatroun", 41, "gazetteer")]


def test_a_town_beside_its_airfields_icao_code_is_the_airfield() -> None:
    assert found("• HLKF Kufra – PPR 24 hours.") == [("kufra-airport", "Kufra", 7, "gazetteer")]
    assert found("Flights were diverted to Misurata (HLMS) overnight.") == [
        ("misrata-airport", "Misurata", 25, "gazetteer")]
    # a base's name that alone is a man's is the base beside its code, and the town in brackets glosses it
    assert found("• HLGN Gamal Abdel Nasser (Tobruk) – runway lights out.") == [
        ("al-adem", "Gamal Abdel Nasser", 7, "gazetteer"), ("al-adem", "Tobruk", 27, "gazetteer")]
    # in prose, a town in brackets after an airfield is the town; a code or an acronym is no first name
    assert found("Activité accrue à Ghardabiya (Syrte) cette semaine.") == [
        ("al-ghardabiya", "Ghardabiya", 18, "gazetteer"), ("sirte", "Syrte", 30, "gazetteer")]
    assert found("Le NOTAM vise Tobrouk et Ghat. • HLGT Ghat – jour seulement.")[-1] == ("ghat", "Ghat", 38, "context:document")


def test_negative_cues_of_a_verb_and_of_a_computer_server() -> None:
    # سرت "spread" takes a rumour (شائعة, singular too); الخادم "the server" sits at a provider (مزود)
    assert rules("وحين سرت شائعة عن وصول الطائرات، خرج الناس إلى سرت.", "sirte") == [
        ("سرت", 5, "ambiguous:negative-cue"), ("سرت", 47, "context:preposition")]
    assert found("تعطل الخادم لدى مزود الخدمة يومين، فيما هبطت طائرات في قاعدة الخادم الجوية.") == [
        ("al-khadim", "قاعدة الخادم الجوية", 55, "gazetteer")]


def test_a_generated_spelling_placed_abroad_or_set_against_the_listed_name() -> None:
    assert rules("Les deux noms diffèrent : le plateau du Djado, au Niger, est loin.", "gn-2216432") == [
        ("Djado", 40, "lookalike:abroad")]
    assert rules("Tajoura lies east of Tripoli. But Tajoura is not Tadjoura.", "tajura") == [
        ("Tajoura", 0, "gazetteer"), ("Tajoura", 34, "gazetteer"), ("Tadjoura", 49, "lookalike:abroad")]
    # a listed name so placed is left to its negative cues (Tripoli, au Liban)
    assert rules("Un homme de Tripoli, au Liban, a parlé.", "tripoli") == [("Tripoli", 12, "ambiguous:negative-cue")]


def test_an_aircraft_christened_after_a_town_and_a_french_and_before_a_name() -> None:
    assert rules("Its first ATR, christened Ghadames, will fly to Ghadames weekly.", "ghadames") == [
        ("Ghadames", 26, "lookalike:name"), ("Ghadames", 48, "gazetteer")]
    # a capitalised Et opening a sentence is the French "and", not the article (et-Tamanhint keeps its hyphen)
    assert found("JOURNALISTE : Et Tamanhint ?") == [("tamanhint", "Tamanhint", 17, "gazetteer")]
    assert found("Les avions vont à et-Tamanhint.") == [("tamanhint", "et-Tamanhint", 18, "gazetteer")]


def test_an_air_college_is_its_towns_airfield_and_a_named_ships_apposition_leaves_the_place() -> None:
    # le Collège de l'air de X stands on X's airfield (as the académie de l'air de X)
    assert found("Une cérémonie au Collège de l'air de Misrata a eu lieu.") == [
        ("misrata-airport", "Collège de l'air de Misrata", 17, "gazetteer")]
    # an apposition whose ship has its own name right after it is about that ship, not the name before it
    assert found("À Tobrouk, le roulier « Zouara » est amarré au quai.") == [("tobruk", "Tobrouk", 2, "gazetteer")]
    assert rules("Le Zliten 3, un chalutier, a coulé.", "zliten") == [("Zliten", 3, "lookalike:vessel")]


def test_words_of_irrigation_make_al_sawani_the_common_noun() -> None:
    # السواني "irrigated gardens, water-wheels": with words of irrigation or livestock beside it, the common noun
    assert rules("ويُنصح المزارعون بتصريف المياه من السواني ونقل المواشي.", "al-sawani") == [
        ("السواني", 34, "ambiguous:negative-cue")]
    assert found("اندلعت اشتباكات في السواني جنوب طرابلس.") == [
        ("al-sawani", "السواني", 19, "context:preposition"), ("tripoli", "طرابلس", 32, "context:preposition")]
