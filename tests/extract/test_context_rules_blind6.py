"""Context rules written for the sixth blind set (issue 14): each a general rule, tested with exact mentions and
offsets (lists of villages, ships, places abroad by their district, a base at a town, a Latin gloss, one sense)."""

from __future__ import annotations

from geotrack.extract import extract
from tests.builders import found, rules


# -- ships: a ship noun with a nationality or a flag before a name; "pétrolier" after a noun is "oil" --------------
def test_a_ship_noun_and_a_nationality_or_a_flag_before_a_name_make_a_ship() -> None:
    assert found("Le roulier libyen Derna aurait transporté du matériel.") == []
    assert rules("Le roulier libyen Derna aurait transporté du matériel.", "derna") == [
        ("Derna", 18, "lookalike:vessel")]
    assert found("One of them, the Libyan-flagged Ubari, left for Trieste.") == []
    assert found("Le pétrolier libyen Ubari a été repéré devant Tobrouk.") == [("tobruk", "Tobrouk", 46, "gazetteer")]
    # a nationality adjective without a ship noun says nothing
    assert found("Les forces libyennes Derna ont quitté.") != []


def test_an_oil_adjective_is_no_ship_word() -> None:
    text = "Au total, les chargements du croissant pétrolier (Sidra, Ras Lanouf, Brega, Zueitina) ont augmenté."
    assert [(s, t, a) for s, t, a, _ in found(text)] == [
        ("al-sidra", "Sidra", 50), ("ras-lanuf", "Ras Lanouf", 57), ("brega", "Brega", 69),
        ("gn-88380", "Zueitina", 76)]
    assert rules("Le pétrolier Sirte a chargé à Brega.", "sirte") == [("Sirte", 13, "lookalike:vessel")]


# -- the base at a town: the town's only airfield (the gazetteer's parent column) ---------------------------------
def test_the_base_at_a_town_with_one_airfield_is_that_airfield() -> None:
    text = "The trucks went down to Jufra and on to the base at Brak. The airfield at Brak (Wadi al-Shati) got fuel."
    assert [(s, t, a) for s, t, a, _ in found(text)] == [
        ("al-jufra", "Jufra", 24), ("brak-al-shati", "Brak", 52), ("brak-al-shati", "Brak", 74)]
    # a town of two airfields, a base word that belongs to a name before it, the town's own place word: the town
    assert found("The base at Tripoli was quiet.") == [("tripoli", "Tripoli", 12, "context:cue")]
    assert found("Flights landed at the Benina airport near Benghazi.")[-1] == (
        "benghazi", "Benghazi", 42, "gazetteer")
    assert found("The town of Brak is quiet.") == [("brak", "Brak", 12, "context:cue")]


# -- a Latin gloss in brackets after an Arabic name confirms it and is a mention ------------------------------------
def test_a_latin_gloss_after_an_arabic_name_confirms_it_and_is_a_mention() -> None:
    text = "وأن سبها (Sebah) تبقى العقدة الكبرى. ويذكر التقرير سرت (Syrte) وميناء طبرق."
    assert found(text) == [
        ("sabha", "سبها", 4, "gazetteer"), ("sabha", "Sebah", 10, "generated"),
        ("sirte", "سرت", 51, "context:adjacent"), ("sirte", "Syrte", 56, "gazetteer"),
        ("tobruk", "طبرق", 70, "gazetteer")]
    # a bracket that is no transliteration of the name, or a lower-case word, adds nothing
    assert [m.surface for m in extract("وصلت إلى سبها (Reuters) أمس. وفي سبها (sebah) أيضا.")] == ["سبها", "سبها"]
    assert found("ويذكر التقرير سرت (Misrata) أمس.") == [("misrata", "Misrata", 19, "gazetteer")]


# -- a place abroad by its district and city or country -------------------------------------------------------------
def test_a_name_located_in_a_district_city_or_country_abroad_is_abroad() -> None:
    for text, site_id in [
        ("وفي ليبيا أمطار. وتتأثر الجزائر أيضًا، إذ سُجلت أمطار غزيرة في حي الأبيار بالعاصمة الجزائرية.", "gn-89087"),
        ("وفي ليبيا أمطار. وستقام المباراة في حي العزيزية بمكة المكرمة على هامش معسكر.", "gn-2220139"),
        ("Traders in Tripoli, Libya, and in the Zawiya area of Zgharta district said prices doubled.", "zawiya"),
    ]:
        assert [r for _, _, r in rules(text, site_id)] == ["lookalike:abroad"], text
    text = "Le port de Tripoli, en Libye, attend. (Rien à voir avec Tadjourah, à Djibouti, précisons-le.)"
    assert rules(text, "tajura") == [("Tadjourah", 56, "lookalike:abroad")]
    # a Libyan site, a preposition or Libya after it: the place
    assert found("وفي ليبيا أمطار غزيرة في حي الأندلس بطرابلس.")[-1] == ("tripoli", "بطرابلس", 36, "context:preposition")
    assert found("ضربت منطقة الماية بين الزاوية وجنزور.")[0][:3] == ("gn-2219812", "الماية", 11)
    assert found("Le port de Tripoli, en Libye, attend. Tajoura, à Tripoli.")[1] == ("tajura", "Tajoura", 38, "gazetteer")


# -- entre is a preposition; a name heading a list after a colon is no verb -----------------------------------------
def test_entre_is_a_preposition_and_no_first_name() -> None:
    assert found("La ville de Hon grandit. Entre Hon et Waddan, une zone a été aménagée.") == [
        ("hun", "Hon", 12, "context:cue"), ("hun", "Hon", 31, "context:adjacent"),
        ("waddan", "Waddan", 38, "gazetteer")]


def test_a_name_heading_a_list_after_a_colon_is_a_place() -> None:
    text = "وفي ليبيا المناطق المتأثرة: البيضاء، شحات، سوسة، ماسه."
    assert [(s, t, a) for s, t, a, _ in found(text)][:2] == [("al-bayda", "البيضاء", 28), ("shahhat", "شحات", 37)]


# -- a country's possessive after a comma, in a sentence that names Libya, opens the next clause --------------------
def test_a_possessive_country_after_a_name_in_a_sentence_naming_libya_is_no_apposition() -> None:
    text = "The intervention halted the offensive on Tripoli, Turkey's footprint in western Libya has grown."
    assert found(text) == [("tripoli", "Tripoli", 41, "context:document")]
    assert rules("TRIPOLI, Lebanon's second city, was calm.", "tripoli") == [("TRIPOLI", 0, "lookalike:abroad")]
    assert rules("Flights reached Tripoli, Lebanon, and Libya.", "tripoli") == [("Tripoli", 16, "lookalike:abroad")]


# -- a village's name without its word for village (قرية القيعان → القيعان): strict, found in a list -----------------
def test_a_village_name_without_its_village_word_needs_a_list_or_a_cue() -> None:
    assert found("في ليبيا: وفي الرحيبات والقيعان وتيجي جرت الانتخابات.") == [
        ("gn-12687312", "الرحيبات", 14, "bulk+context"), ("gn-2218924", "والقيعان", 23, "generated+context"),
        ("gn-2209970", "وتيجي", 32, "bulk+context")]
    assert found("وتمتد القيعان الواسعة جنوب الجبل.") == []  # the word "the flats"
    assert found("في ليبيا: القيعان الواسعة.") == []
