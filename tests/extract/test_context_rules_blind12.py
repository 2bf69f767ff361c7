"""Context rules written from the twelfth blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets on texts of its own (a town with its airfield's own name in
brackets; things named after a town: a call sign in quotes, a radio station, an airline, a committee or a fund, a
flight information region, a ship in a table of ships or after an Arabic ferry word, a port abroad by its country
code, a Sufi lodge's disciples)."""

from __future__ import annotations

from tests.builders import found, rules


# -- a town with its airfield's own name in brackets: the town, and the airfield (a timetable's "City (Airport)") --
def test_a_town_with_its_airfields_name_in_brackets_is_the_town() -> None:
    assert found("QX12 | Tripoli (Mitiga) - Sabha | Mon | 09:00") == [
        ("tripoli", "Tripoli", 7, "context:document"), ("mitiga", "Mitiga", 16, "gazetteer"),
        ("sabha", "Sabha", 26, "context:document")]
    assert found("Departures to Benghazi (Benina) resume on Monday.") == [
        ("benghazi", "Benghazi", 14, "gazetteer"), ("benina", "Benina", 24, "gazetteer")]
    # the airfield's name in brackets after its town is the airfield, though it needs context alone
    assert found("Route 4: Misrata - Tobruk (El Adem), twice a week.") == [
        ("misrata", "Misrata", 9, "gazetteer"), ("tobruk", "Tobruk", 19, "gazetteer"),
        ("al-adem", "El Adem", 27, "context:adjacent")]
    # a gloss by the airfield's former name still makes the town's name the airfield
    assert found("Jets landed at Tobruk, the old El Adem, overnight.") == [
        ("al-adem", "Tobruk", 15, "gazetteer"), ("al-adem", "El Adem", 31, "context:one-sense")]


# -- things named after a town ------------------------------------------------------------------------
def test_a_call_sign_in_quotes_is_no_place() -> None:
    assert rules('The pilot, call sign "Misrata", reported from Sirte.', "misrata") == [
        ("Misrata", 22, "lookalike:name")]
    assert rules("سلّم قائد المجموعة صاحب النداء «درنة» موقعه في سرت.", "derna") == [
        ("درنة", 32, "lookalike:name")]
    # (a list of quoted call signs after the word)
    assert rules("Relevé à Benghazi : indicatifs « ABC 12 » et « Tobrouk 5 ».", "tobruk") == [
        ("Tobrouk", 47, "lookalike:name")]
    assert found('Il a dit « Tobrouk » deux fois.') == [("tobruk", "Tobrouk", 11, "gazetteer")]


def test_a_radio_station_named_after_a_town_is_no_place() -> None:
    assert rules("Radio Zliten diffuse depuis Misrata.", "zliten") == [("Zliten", 6, "lookalike:name")]
    assert rules("تبث راديو درنة من مدينة البيضاء.", "derna") == [("درنة", 10, "lookalike:name")]


def test_an_airline_named_after_a_place_is_no_place() -> None:
    assert rules("Carrier: Cyrene Air. Route: Benghazi - Tripoli.", "shahhat") == [("Cyrene", 9, "lookalike:name")]
    assert found("The Misrata Air Base apron was extended.") == [
        ("misrata-airport", "Misrata Air Base", 4, "gazetteer")]


def test_a_committee_or_a_fund_named_after_a_town_is_no_place() -> None:
    assert rules("The Select Committee on Derna met in London.", "derna") == [("Derna", 24, "lookalike:name")]
    assert rules("Donors wrote to the Sirte Recovery Committee on Tuesday.", "sirte") == [
        ("Sirte", 20, "lookalike:name")]
    assert rules("The Tobruk Relief Fund paid for two clinics in Tobruk.", "tobruk") == [
        ("Tobruk", 4, "lookalike:name"), ("Tobruk", 47, "gazetteer")]
    assert rules("طالب التقرير صندوق تنمية سبها بتقديم حساباته.", "sabha") == [("سبها", 25, "lookalike:name")]
    # a preposition or a place word between: the committee in the town, the town's municipal committee
    assert rules("اجتمعت لجنة الأزمة في سبها أمس.", "sabha") == [("سبها", 22, "gazetteer")]


def test_a_flight_information_region_is_no_place() -> None:
    assert rules("أبلغ الطيار منطقة بنغازي لمعلومات الطيران بالعطل.", "benghazi") == [
        ("بنغازي", 18, "lookalike:name")]


def test_ships_in_a_table_of_ships_and_after_an_arabic_ferry_word() -> None:
    text = ("Vessel | Flag | Last port | ETA\n"
            "DERNA | Libya | VALLETTA | 09:00\n"
            "SEA LION | Malta | BENGHAZI | 11:00\n")
    assert found(text) == [("benghazi", "BENGHAZI", 84, "gazetteer")]
    assert rules("تصل العبّارة GHADAMES إلى طرابلس غدًا.", "ghadames") == [("GHADAMES", 13, "lookalike:vessel")]
    # a table of towns is no table of ships
    assert found("Town | Price\nDerna | 12\nSabha | 14") == [
        ("derna", "Derna", 13, "gazetteer"), ("sabha", "Sabha", 24, "context:document")]


def test_a_port_abroad_by_its_country_code() -> None:
    assert rules("SEA STAR | Panama | TRIPOLI (LB) | 20:00\nAL MANAR | Libya | MISRATA | 21:00", "tripoli") == [
        ("TRIPOLI", 20, "lookalike:abroad")]
    assert rules("Watiya (AB) and Tripoli (HQ) were named.", "tripoli") == [("Tripoli", 16, "context:document")]


def test_a_sufi_lodges_disciples() -> None:
    assert rules("وصل الزوار إلى الزاوية وقال مريدي الزاوية إن الموكب تأخر.", "zawiya") == [
        ("الزاوية", 15, "context:preposition"), ("الزاوية", 34, "lookalike:word")]
