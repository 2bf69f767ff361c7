"""Context rules written from the thirteenth blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets on texts of its own (the venue cell of a fixture row; a line
break ends the word after a name; a writer who writes names in lower case; a chat message's sender; a cable in
capitals)."""

from __future__ import annotations

from tests.builders import found, rules

FIXTURES = "Premier League football, week 9 results:\n"


# -- the venue cell of a fixture row is the place, the clubs before it are not ------------------------------
def test_the_venue_cell_of_a_fixture_row_is_the_place() -> None:
    text = FIXTURES + "Al-Nasr 2–1 Al-Hilal — Derna\nAl-Ahly Tripoli v Olympic Zawiya — Tripoli\n"
    assert rules(text, "derna") == [("Derna", 64, "gazetteer")]
    # the club after its head word stays a club; the venue at the end of the row is the town
    assert rules(text, "tripoli") == [("Tripoli", 78, "lookalike:club"), ("Tripoli", 105, "context:document")]
    # a stadium and a comma in the venue cell; pipes as cells
    text = FIXTURES + "Al-Nasr 0-0 Darnes | Martyrs Stadium, Tobruk | sold out\n"
    assert rules(text, "tobruk") == [("Tobruk", 79, "gazetteer")]
    text = "الدوري الليبي، الجولة التاسعة\nالوحدة صبراتة × النصر | الملعب البلدي، صبراتة | 1 - 1\n"
    assert rules(text, "sabratha") == [("صبراتة", 37, "lookalike:club"), ("صبراتة", 69, "gazetteer")]


def test_a_row_without_a_match_before_the_name_keeps_the_club() -> None:
    # the dash as "versus": no cell before the name holds a score or a "v", so both are clubs of the match
    text = FIXTURES + "Derna – Tobruk: 2-1\n"
    assert rules(text, "derna") == [("Derna", 41, "lookalike:club")]
    assert rules(text, "tobruk") == [("Tobruk", 49, "lookalike:club")]
    # a name in the cell of the match itself is a club, whatever stands before it
    text = FIXTURES + "Sat 16 Dec — Darnes v Al-Akhdar — 2-0 for Derna\n"
    assert rules(text, "derna") == [("Darnes", 54, "lookalike:club"), ("Derna", 83, "lookalike:club")]  # (Darnes: Darnis, i→e)


# -- a line break ends the word after a name ---------------------------------------------------------------
def test_a_capitalised_word_on_the_next_line_is_no_surname() -> None:
    # ("Brak Khalid" would be a man's name; across a line break the next line's first word is no surname)
    assert found("Stage 2 ends in Brak\nKhalid Omar drove the lead car.") == [("brak", "Brak", 16, "context:preposition")]
    assert found("The festival returns to Ghat\nOrganisers expect 4,000 visitors.") == [
        ("ghat", "Ghat", 24, "context:preposition")]
    assert rules("Stage 2 ends in Brak Khalid, a driver said.", "brak") == [("Brak", 16, "lookalike:name")]


# -- a writer who writes names in lower case ---------------------------------------------------------------
CHAT = "[07:10] Salem: just left sebha, the road to ubari is fine\n"


def test_a_lower_case_writers_names_are_names_on_lower_case_lines() -> None:
    # "sebha" needs no context and is no word: this writer writes names in lower case, so on his lower-case lines a
    # lower-case name is a name, with the context it has (a base word, a preposition, the document's other sites)
    text = CHAT + "[07:12] Omar: anyone knows if ghat airport is open?\n[07:13] Salem: ghat is closed, go from brak\n"
    assert found(text) == [
        ("sabha", "sebha", 25, "gazetteer"), ("ubari", "ubari", 44, "gazetteer"), ("ghat", "ghat", 88, "context:cue"),
        ("ghat", "ghat", 125, "context:document"), ("brak", "brak", 149, "context:preposition")]
    # no lower-case name that needs no context: the lower case is a common noun's, as everywhere
    assert found("[07:12] Omar: anyone knows if ghat airport is open?\n") == []
    assert found("Le chef de la zaouïa de Zliten : la zaouïa du quartier nord est fermée\n") == [
        ("zliten", "Zliten", 24, "gazetteer")]


def test_a_lower_case_word_gets_no_sense_from_the_document() -> None:
    # a bare lower-case "hun" has no capital to tell the town: one sense per document does not reach it
    assert rules(CHAT + "[07:20] Huda: thanks hun, see you in hun next week\n", "hun") == [
        ("hun", 79, "ambiguous:no-context"), ("hun", 95, "context:preposition")]


def test_a_chat_messages_sender_is_a_person() -> None:
    text = "[09:03] Brak (admin): no politics here please\n[09:04] Ali: The road from Brak to Sabha is open.\n"
    assert found(text) == [("brak", "Brak", 73, "context:cue"), ("sabha", "Sabha", 81, "context:preposition")]


# -- a cable in capitals --------------------------------------------------------------------------------
def test_a_capitalised_word_after_a_name_in_capitals_is_no_surname() -> None:
    assert found("ROUTE EAST VIA AL-ABYAR AND TOCRA.\n") == [
        ("gn-89087", "AL-ABYAR", 15, "bulk+context"), ("gn-88834", "TOCRA", 28, "bulk")]
    # a generated spelling in capitals keeps the rule: the verb "SERT" after a base's name is no Sirte
    assert found("LA BASE AERIENNE DE MARTOUBA SERT D'ECOLE.\n") == [
        ("martuba-airbase", "BASE AERIENNE DE MARTOUBA", 3, "gazetteer")]


# -- the column of places of a pipe table -------------------------------------------------------------------
def test_a_name_filling_a_cell_of_a_column_of_places_is_the_place() -> None:
    log = "Incident log, week 2\n2026-01-02 | Misrata | clashes | local page\n"
    assert found(log + "2026-01-03 | Brak | supply convoy | reader photo\n") == [
        ("misrata", "Misrata", 34, "gazetteer"), ("brak", "Brak", 78, "context:adjacent")]
    text = "سجل الحوادث\n2026-01-02 | مصراتة | اشتباكات | صفحة محلية\n2026-01-03 | الخمس | وصول سفينة إمداد | صور قارئ\n"
    assert found(text) == [("misrata", "مصراتة", 25, "gazetteer"), ("al-khums", "الخمس", 69, "context:adjacent")]


def test_a_cell_alone_or_shared_or_in_another_column_says_nothing() -> None:
    # no other row: no column of places
    assert found("Incident log\n2026-01-03 | Brak | supply convoy | reader photo\n") == []
    # the name shares its cell with other words
    log = "Incident log, week 2\n2026-01-02 | Misrata | clashes | local page\n"
    assert found(log + "2026-01-03 | Brak convoy | supply | reader photo\n") == [("misrata", "Misrata", 34, "gazetteer")]
    # a column of sources, not of places: the accepted names are in another column
    assert found("Incident log\n2026-01-02 | Misrata | clashes | Brak\n2026-01-03 | Zintan | convoy | Brak\n") == [
        ("misrata", "Misrata", 26, "gazetteer"), ("zintan", "Zintan", 64, "gazetteer")]


# -- a festival named after its town is the town -------------------------------------------------------------
def test_a_festival_named_after_its_town_is_the_town() -> None:
    # (a capitalised word between the name and "Festival" is part of the festival's name, no family name)
    assert rules("Programme: the Ghat International Festival opens in Ghat on 28 December.", "ghat") == [
        ("Ghat", 15, "context:one-sense"), ("Ghat", 52, "context:preposition")]
    assert found("يفتتح مهرجان هون الخريفي يوم السبت.") == [("hun", "هون", 13, "context:cue")]
    # a given name before the town's name still makes a person
    assert rules("Omar Ghat Festival director spoke.", "ghat") == [("Ghat", 5, "lookalike:name")]


# -- a town in brackets after its base's own name is the town --------------------------------------------------
def test_a_town_in_brackets_after_its_bases_name_is_the_town() -> None:
    assert found("Lot 6: apron crack sealing, Gamal Abdel Nasser Air Base (Tobruk).") == [
        ("al-adem", "Gamal Abdel Nasser Air Base", 28, "gazetteer"), ("tobruk", "Tobruk", 57, "gazetteer")]
    # a base word after the bracket, or before a name of no base, still makes the airfield
    assert found('Helicopters moved to Gamal Abdel Nasser AB ("Tobruk" AB).') == [
        ("al-adem", "Gamal Abdel Nasser AB", 21, "gazetteer"), ("al-adem", "Tobruk", 45, "gazetteer")]
    assert found("Jets landed at the air base (Brak) overnight.") == [("brak-al-shati", "Brak", 29, "gazetteer")]


# -- an Arabic name glossed in Latin letters is a name, not a word ------------------------------------------------
def test_an_arabic_name_with_its_latin_gloss_is_no_word() -> None:
    # after a definite noun القبة would be an adjective ("the road, the dome"); its Latin gloss makes it a name
    assert found("رُصدت أرتال على الطريق القبة (GUBBA) قرب المدينة.") == [
        ("gn-88835", "القبة", 23, "bulk+context"), ("gn-88835", "GUBBA", 30, "bulk+context")]
    # a gloss that is no name of the site leaves the grammar's word
    assert rules("اشترى المعاطف البيضاء (white) أمس.", "al-bayda") == [("البيضاء", 14, "lookalike:word")]


# -- an air base's own name with "base" after it ----------------------------------------------------------------
def test_an_air_bases_name_with_base_after_it_is_the_base_phrase() -> None:
    assert found('"Ghardabiya base hosts joint drill" — Al-Marsad') == [
        ("al-ghardabiya", "Ghardabiya base", 1, "gazetteer")]
    assert found("Drones returned to Watiya base overnight.") == [("al-watiya", "Watiya base", 19, "gazetteer")]
    # a town's name before "base" stays the town: its base may be a naval one
    assert found("Patrols left the Tobruk base of the navy at dawn.") == [("tobruk", "Tobruk", 17, "gazetteer")]
