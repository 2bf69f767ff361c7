"""Context rules written from the thirteenth blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets on texts of its own (the venue cell of a fixture row; a line
break ends the word after a name)."""

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
    assert rules(text, "derna") == [("Derna", 83, "lookalike:club")]


# -- a line break ends the word after a name ---------------------------------------------------------------
def test_a_capitalised_word_on_the_next_line_is_no_surname() -> None:
    # ("Brak Khalid" would be a man's name; across a line break the next line's first word is no surname)
    assert found("Stage 2 ends in Brak\nKhalid Omar drove the lead car.") == [("brak", "Brak", 16, "context:preposition")]
    assert found("The festival returns to Ghat\nOrganisers expect 4,000 visitors.") == [
        ("ghat", "Ghat", 24, "context:preposition")]
    assert rules("Stage 2 ends in Brak Khalid, a driver said.", "brak") == [("Brak", 16, "lookalike:name")]
