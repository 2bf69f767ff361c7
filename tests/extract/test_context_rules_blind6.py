"""Context rules written for the sixth blind set (issue 14): each a general rule, tested with exact mentions and
offsets (lists of villages, ships, places abroad by their district, a base at a town, a Latin gloss, one sense)."""

from __future__ import annotations

from geotrack.extract import extract


def found(text: str) -> list[tuple[str, str, int, str]]:
    return [(m.site_id, m.surface, m.start, m.rule) for m in extract(text)]


def rules(text: str, site_id: str) -> list[tuple[str, int, str]]:
    return [(m.surface, m.start, m.rule) for m in extract(text, min_confidence=0.0) if m.site_id == site_id]


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
