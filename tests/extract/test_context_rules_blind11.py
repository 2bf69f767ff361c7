"""Context rules written from the eleventh blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets (a user's handle; plural airfields of a town; an airport's full
or short name; things named after a town: a wadi, a dune sea, a committee,
a fund, a newspaper, a venue, an appeal, a tug, a town's oil field; a person's name chain; a table's counts; a town's
centre, hospital or university; "including"; a rank before a first name; names run together without commas)."""

from __future__ import annotations

from tests.builders import found, rules


def test_a_users_handle_is_no_place_but_a_hashtag_is() -> None:
    assert found("Reply to @derna_watcher: Derna is quiet tonight.") == [("derna", "Derna", 25, "gazetteer")]
    assert rules("Posted by Ali_Tobruk from Benghazi.", "tobruk") == []
    assert found("Photos tagged #Derna_floods spread fast.") == [("derna", "Derna", 15, "gazetteer")]


def test_plural_airfields_of_a_town_are_its_air_base() -> None:
    assert found("After the retreat the Italian airfields at Martuba were abandoned to the British.") == [
        ("martuba-airbase", "Martuba", 43, "gazetteer")]
    assert found("Les bombardiers ont frappé les aérodromes de Martuba pendant la nuit.") == [
        ("martuba-airbase", "Martuba", 45, "gazetteer")]
    assert found("استخدمت القوات الألمانية مهابط مرتوبة في الهجوم.") == [
        ("martuba-airbase", "مهابط مرتوبة", 25, "gazetteer")]
    # a naval base in a town is the town
    assert found("The naval base in Misrata may be expanded, said Benghazi.") == [
        ("misrata", "Misrata", 18, "gazetteer"), ("benghazi", "Benghazi", 48, "gazetteer")]


def test_airport_names_cut_by_the_guides() -> None:
    # a listed مطار X: its full name with الدولي; an airport's short name with its ICAO code after it
    assert found("هبطت الطائرة في مطار إدريس الدولي بعد الظهر.") == [
        ("tripoli-airport", "مطار إدريس الدولي", 16, "gazetteer")]
    assert found("Misrata International (HLMS) stays open at night.") == [
        ("misrata-airport", "Misrata International", 0, "gazetteer")]


def test_things_named_after_a_town_are_not_the_town() -> None:
    assert rules("Rain in Libya filled Wadi Derna; Derna itself was spared.", "derna") == [
        ("Derna", 26, "lookalike:word"), ("Derna", 33, "gazetteer")]
    assert rules("امتلأ وادي درنة بمياه الأمطار وغمرت المياه شوارع درنة.", "derna") == [
        ("درنة", 11, "lookalike:word"), ("درنة", 49, "gazetteer")]
    # (a thing's name is reported as lookalike:name: one sense per document tells it from a person's)
    assert rules("From Sebha the convoy crossed the Idhan Murzuq in three days.", "murzuq") == [
        ("Murzuq", 40, "lookalike:name")]
    assert rules("Depuis Sebha, les caravanes traversaient la mer de sable de Mourzouk.", "murzuq") == [
        ("Mourzouk", 60, "lookalike:name")]
    assert rules("À Tripoli, le Comité des recours de Zaouïa a rejeté la plainte.", "zawiya") == [
        ("Zaouïa", 36, "lookalike:name")]
    assert rules("Le Fonds de soutien de Derna a reçu des dons de Benghazi.", "derna") == [
        ("Derna", 23, "lookalike:name")]
    assert rules("Il écrivait à Benghazi pour La Voix de Tobrouk depuis dix ans.", "tobruk") == [
        ("Tobrouk", 39, "lookalike:name")]
    assert rules("Le dîner a eu lieu au restaurant Le Benghazi, à Marseille.", "benghazi") == [
        ("Benghazi", 36, "lookalike:name")]
    assert rules("Tobruk appeal. Our thanks to every donor in Tobruk.", "tobruk") == [
        ("Tobruk", 0, "lookalike:name"), ("Tobruk", 44, "gazetteer")]
    assert found("Hospitals in Tobruk appeal for blood donors.") == [("tobruk", "Tobruk", 13, "gazetteer")]
    assert rules("وصلت إلى طرابلس القاطرة الليبية «زوارة» بعد عطل في المحرك.", "zuwara") == [
        ("زوارة", 33, "lookalike:vessel")]
    assert rules("Grève à Benghazi et au champ de Zelten cette semaine.", "gn-2208655") == [
        ("Zelten", 32, "lookalike:name")]
    # (an oil port is the town: le port pétrolier de Zawiya)
    assert found("Côté ouest, le port pétrolier de Zawiya a reçu du brut de Benghazi.") == [
        ("zawiya", "Zawiya", 33, "context:document"), ("benghazi", "Benghazi", 58, "gazetteer")]


def test_a_spelling_the_gazetteer_lacks_before_a_given_name_is_a_persons_name() -> None:
    assert rules("وقال مدير المدرسة في سبها، مرزوق سالم، إن الدراسة ستستأنف.", "murzuq") == [
        ("مرزوق", 27, "lookalike:name")]


def test_a_tables_counts_join_its_names() -> None:
    assert found("Registrations: Sebha 12, Al Jedid 4, Qira 2, Ghat 3.") == [
        ("sabha", "Sebha", 15, "gazetteer"), ("gn-2219960", "Al Jedid", 25, "generated+context"),
        ("gn-2213371", "Qira", 37, "generated+context"), ("ghat", "Ghat", 45, "context:document")]
    assert found("الإصابات: سبها 20؛ الجديد 3؛ غات 2.") == [
        ("sabha", "سبها", 10, "gazetteer"), ("gn-2219960", "الجديد", 19, "bulk+context"),
        ("ghat", "غات", 29, "context:document")]
    assert found("Sebha 14 · Brak 3 · Ghat 2") == [
        ("sabha", "Sebha", 0, "gazetteer"), ("brak", "Brak", 11, "context:adjacent"),
        ("ghat", "Ghat", 20, "context:document")]


def test_a_towns_centre_hospital_or_university_and_including() -> None:
    assert found("Polling centres, Benghazi and Tripoli:\nTripoli Centre – Al-Nour Primary School") == [
        ("benghazi", "Benghazi", 17, "gazetteer"), ("tripoli", "Tripoli", 30, "context:adjacent"),
        ("tripoli", "Tripoli", 39, "context:document")]
    assert found("أعيد افتتاح مستشفى الخمس التعليمي أمس.") == [("al-khums", "الخمس", 19, "context:cue")]
    assert found("He teaches at Omar Al-Mukhtar University in Al Bayda.") == [
        ("al-bayda", "Al Bayda", 44, "context:preposition")]
    assert found("ينصح بزيارة كل المدن الكبرى بما في ذلك الكفرة وسبها.") == [
        ("kufra", "الكفرة", 39, "context:adjacent"), ("sabha", "وسبها", 46, "gazetteer")]


def test_a_rank_and_a_first_name_make_a_person() -> None:
    assert rules("Named after Lieutenant Richard Wheelus, the base grew fast near Tripoli.", "mitiga") == [
        ("Wheelus", 31, "lookalike:person")]
    # a general hospital is no general: the name stays for the context rules (no person)
    assert rules("Les blessés de Sebha sont à l'hôpital général de Brak.", "brak") == [
        ("Brak", 49, "ambiguous:no-context")]


def test_names_run_together_without_commas_are_a_list() -> None:
    assert found("The rain reached Sirte Ras Lanouf Brega Zueitina and Ajdabiya.") == [
        ("sirte", "Sirte", 17, "gazetteer"), ("ras-lanuf", "Ras Lanouf", 23, "gazetteer"),
        ("brega", "Brega", 34, "context:adjacent"), ("gn-88380", "Zueitina", 40, "bulk"),
        ("ajdabiya", "Ajdabiya", 53, "gazetteer")]
