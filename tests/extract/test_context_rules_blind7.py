"""Context rules written from the seventh blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets (a capitalised assimilated article, an offshore platform, a
hotel, a patrol boat)."""

from __future__ import annotations

from geotrack.extract import extract
from tests.builders import found, rules


def test_a_capitalised_assimilated_article_belongs_to_the_name() -> None:
    # Ar, Az, Ash ... capitalised before a name that starts with its consonant: the article, as Es Sider is
    assert found("Lorries were still reaching Tiji and Ar Rahaibat from the south.") == [
        ("gn-12687312", "Ar Rahaibat", 37, "bulk")]  # (Tiji alone needs more context)
    assert found("Crews repaired the pipeline near Ar Rujban in the Nafusa mountains.") == [
        ("gn-2219463", "Ar Rujban", 33, "bulk")]
    # At, As, An are English words: capitalised, they need a hyphen to be the article
    assert found("At Tajura, the crowd gathered.") == [("tajura", "Tajura", 3, "gazetteer")]


def test_an_offshore_platform_or_a_hotel_named_after_a_place_is_not_the_place() -> None:
    assert found("زار وفد من الشركة منصة صبراتة البحرية أمس.") == []
    assert rules("زار وفد من الشركة منصة صبراتة البحرية أمس.", "sabratha") == [("صبراتة", 23, "lookalike:name")]
    assert found("Ne pas confondre avec l'hôtel Al Waddan de la capitale.") == []
    assert found("نزل الوفد في فندق الودان بطرابلس.") == [("tripoli", "بطرابلس", 25, "context:preposition")]
    assert found("They met at the hotel in Waddan.") == [("waddan", "Waddan", 25, "gazetteer")]


def test_a_patrol_boat_before_a_name_is_a_ship() -> None:
    assert rules("La vedette Sabratha a intercepté 40 personnes au large de Zouara.", "sabratha") == [
        ("Sabratha", 11, "lookalike:vessel")]
    assert found("La vedette Sabratha a intercepté 40 personnes au large de Zouara.") == [
        ("zuwara", "Zouara", 58, "gazetteer")]


def test_french_residents_and_a_runway_before_a_name_are_place_cues() -> None:
    # habitants is French for residents (les habitants d'Agar, as "the residents of"); a runway or a track (la piste
    # d'El-Ouigh) is a place cue, as مدرج is
    assert found("Les habitants d'Agar sont invités à partir.") == [("gn-2219563", "Agar", 16, "bulk+context")]
    assert found("Plus au sud, la piste d'El-Ouigh a été remise en état.") == [
        ("al-wigh", "El-Ouigh", 24, "generated+context")]
    assert found("Les habitants sont invités à partir vers Agar.") == []  # (a word of its own, no cue beside it)


def test_through_is_a_preposition() -> None:
    # a village named by a word, written with its article in Latin letters, needs only a preposition (as "in al-Qubba")
    assert found("The coastal approach runs through al-Jumail, west of Zawiya.") == [
        ("gn-2219936", "al-Jumail", 34, "generated+context"), ("zawiya", "Zawiya", 53, "context:preposition")]


def test_a_boat_named_after_a_place_after_a_route_word_is_still_a_boat() -> None:
    # a route word (par, to, from) keeps a name a destination only when it follows the vessel word: "par la vedette
    # Sabratha" is the boat, "cargo flights to Benghazi" and "the frigate sailed from Tobruk" the places
    text = "Deux interceptions par les garde-côtes, dont l'une par la vedette Sabratha, au large de Garaboulli."
    assert rules(text, "sabratha") == [("Sabratha", 66, "lookalike:vessel")]
    assert found("Cargo flights to Benghazi resumed on Monday.") == [("benghazi", "Benghazi", 17, "gazetteer")]
    assert found("The frigate sailed from Tobruk to Misrata.") == [
        ("tobruk", "Tobruk", 24, "gazetteer"), ("misrata", "Misrata", 34, "gazetteer")]


def test_a_trawler_named_after_a_place_with_a_number_is_a_ship() -> None:
    # "Le Zliten 3, un chalutier": the apposition that makes a name a vessel may follow a number after it
    assert rules("Le Zliten 3, un chalutier libyen, a été vu sans intervenir.", "zliten") == [
        ("Zliten", 3, "lookalike:vessel")]
    assert found("Zliten 3 jours plus tard, un calme précaire.") == [("zliten", "Zliten", 0, "gazetteer")]


def test_a_basin_named_after_a_place_is_not_the_place() -> None:
    # a lower-case basin after a Latin name, as a capitalised one ("the Sirte Basin") already was
    assert found("In the Sirte basin, fields operated by the Waha Oil Company have resumed output.") == []
    assert rules("In the Sirte basin, fields have resumed output.", "sirte") == [("Sirte", 7, "lookalike:name")]


def test_a_club_of_sirte_in_a_match_report_is_the_club() -> None:
    assert found("Khaleej Sirte beat Al-Ahly Benghazi 2-0 in the league match at the stadium.") == []


def test_a_place_that_boats_reach_or_leave_is_the_place() -> None:
    # a verb of a journey after the vessel word makes the name its object (where the boats go or come from), not
    # the boat's name; a vessel word right before the name still names the boat
    assert found("Fuel tankers reached Zillah and Tazirbu after a two-week gap.") == [
        ("zillah", "Zillah", 21, "context:adjacent"), ("tazirbu", "Tazirbu", 32, "gazetteer")]
    assert found("Les bateaux ont quitté Zouara à l'aube.") == [("zuwara", "Zouara", 23, "gazetteer")]
    assert found("وقالت المصادر إن ناقلات الوقود وصلت طبرق أمس.") == [("tobruk", "طبرق", 36, "gazetteer")]
    assert rules("The tanker Sabratha reached Malta on Monday.", "sabratha") == [("Sabratha", 11, "lookalike:vessel")]


def test_a_possessive_is_the_name_not_a_longer_spelling_ending_in_s() -> None:
    # "Tripoli's" normalises to the listed spelling Tripolis: the original's apostrophe makes it Tripoli and its
    # possessive (the surface leaves the 's out), so the capitalised word after it is no person's name either
    assert found("Prices rose in Tripoli's Souq al-Mushir.") == [("tripoli", "Tripoli", 15, "context:preposition")]
    assert found("Drones took off from Tripoli's Mitiga airport.") == [
        ("tripoli", "Tripoli", 21, "context:preposition"), ("mitiga", "Mitiga airport", 31, "gazetteer")]
    # without an apostrophe the listed spelling stays whole
    assert rules("The museum in Tripolis reopened after the war.", "tripoli") == [
        ("Tripolis", 14, "context:preposition")]


def test_a_negative_cue_beside_another_mention_of_the_name_is_that_ones() -> None:
    # the verb سرت "spread" takes شائعات; the town in the same sentence keeps its preposition's sense
    text = "أكد المتحدث عدم وجود قوات أجنبية في سرت، وقال إن ما نشر مجرد شائعات سرت في الصفحات."
    assert rules(text, "sirte") == [("سرت", 36, "context:preposition"), ("سرت", 68, "ambiguous:negative-cue")]
    text = "وتنفي الوزارة أنباء عن اشتباكات في طرابلس، مؤكدة أن المقطع صور في طرابلس لبنان قبل سنوات."
    assert rules(text, "tripoli") == [("طرابلس", 35, "context:preposition"), ("طرابلس", 66, "lookalike:abroad")]
    # a cue beside the mention itself still counts
    assert rules("وقال إن ما نشر مجرد شائعات سرت في الصفحات.", "sirte") == [("سرت", 27, "ambiguous:negative-cue")]


def test_a_name_placed_abroad_is_the_libyan_place_again_in_libyan_company() -> None:
    # listed beside a curated Libyan site, or in the sentence of a site within it (Mitiga in Tripoli); alone in its
    # sentence it stays the place abroad
    text = ("TRIPOLI (Liban) – Des manifestants ont envahi la place de Tripoli.\n\n"
            "Les vols civils à Mitiga, seul aéroport en service à Tripoli, ont été suspendus.\n\n"
            "Des renforts sont arrivés à Tripoli et à Gharian, selon le ministère.\n\n"
            "À Tripoli, les manifestants libanais ont dansé.")
    assert rules(text, "tripoli") == [
        ("TRIPOLI", 0, "lookalike:abroad"), ("Tripoli", 58, "ambiguous:foreign-sense"),
        ("Tripoli", 121, "context:preposition"), ("Tripoli", 178, "context:adjacent"),
        ("Tripoli", 223, "ambiguous:negative-cue")]
    text = ("طرابلس (لبنان) – أعلن الجيش اللبناني توقيف مهربين في طرابلس.\n\n"
            "وتهيب الوزارة بالمواطنين في طرابلس وغريان والزاوية الإبلاغ عن أي تحركات.")
    assert rules(text, "tripoli") == [
        ("طرابلس", 0, "lookalike:abroad"), ("طرابلس", 53, "ambiguous:negative-cue"),
        ("طرابلس", 90, "context:adjacent")]


def test_a_latin_name_with_its_article_after_an_elided_de_is_the_place() -> None:
    # d' is de elided: an Arabic word written in Latin letters with its article needs no more than a preposition
    assert found("Ils ont été ramenés au centre de détention d'Al-Harsha.") == [
        ("gn-2219994", "Al-Harsha", 45, "generated+context")]
    assert found("La localité d'Al-Khadra a été inondée.") == [("gn-2219918", "Al-Khadra", 14, "bulk+context")]
    # another elision is no preposition
    assert found("C'est l'Al-Harsha.") == []


def test_a_council_or_a_road_of_a_name_is_a_place() -> None:
    # a place head (council, road, residents) then "of" before a name, as with a preposition (المجلس المحلي في X)
    assert found("After the storm, the municipal council of Brak said the road was repaired.") == [
        ("brak", "Brak", 42, "context:cue")]
    assert found("The council of Hun again demanded compensation.") == [("hun", "Hun", 15, "context:cue")]
    assert found("The council said Brak was quiet.") == []


def test_an_old_name_with_a_source_in_the_bulk_layer() -> None:
    # Fassato, Jadu's Berber name (the row's notes give the source)
    assert found("Next morning we stopped in Jado, marked as Fassato on Italian colonial maps.") == [
        ("gn-2216432", "Jado", 27, "generated+context"), ("gn-2216432", "Fassato", 43, "bulk")]


def test_a_plural_base_phrase_names_the_airfield_of_each_name_of_its_list() -> None:
    text = "Any intervention would use the air bases at Martuba and Tobruk, Egyptian sources said."
    assert [(m.site_id, m.surface, m.start) for m in extract(text)] == [
        ("martuba-airbase", "Martuba", 44), ("al-adem", "Tobruk", 56)]
    # a singular base phrase names the first name only
    assert [(m.site_id, m.surface, m.start) for m in extract("The base at Brak and Sebha were hit.")] == [
        ("brak-al-shati", "Brak", 12), ("sabha", "Sebha", 21)]
