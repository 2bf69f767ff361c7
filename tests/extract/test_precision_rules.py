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
