"""Recall rules written from the seventh and eighth sets (issue 14, recall on text never seen): names that need
context and find it in a list, each a general rule, tested with exact mentions and offsets."""

from __future__ import annotations

from tests.builders import found


def test_a_plural_place_word_heads_a_list_of_names() -> None:
    # بلديات "municipalities" (not ب + the definite اللديات), قرى, واحات: the first name is a place, and the list
    # carries the rest of it along
    assert found("أجريت الانتخابات في بلديات الرحيبات والرجبان وتيجي.") == [
        ("gn-12687312", "الرحيبات", 27, "bulk+context"), ("gn-2219463", "والرجبان", 36, "bulk+context"),
        ("gn-2209970", "وتيجي", 45, "bulk+context")]
    assert found("توقف العمل في بلديات العزيزية وترهونة.") == [
        ("gn-2220139", "العزيزية", 21, "bulk+context"), ("tarhuna", "وترهونة", 30, "gazetteer")]


def test_a_list_carries_an_accepted_name_along_its_members() -> None:
    # one name needs no context; each name joined to an accepted one is accepted, left to right and back
    assert found("Patrols went to Tarhuna, Al Qubbah and Tiji.") == [
        ("tarhuna", "Tarhuna", 16, "gazetteer"), ("gn-88835", "Al Qubbah", 25, "bulk+context"),
        ("gn-2209970", "Tiji", 39, "bulk+context")]


def test_a_count_in_brackets_after_a_name_of_a_list() -> None:
    assert found("Cases: Shahat (22) and Al Qubbah (18).") == [
        ("shahhat", "Shahat", 7, "gazetteer"), ("gn-88835", "Al Qubbah", 23, "bulk+context")]


def test_and_neighbouring_joins_two_names_of_a_list() -> None:
    assert found("Candidates won in Ghat and neighbouring Al Barkat.") == [
        ("ghat", "Ghat", 18, "context:preposition"), ("gn-2220109", "Al Barkat", 40, "bulk+context")]
    assert found("On vote à Ghat et la voisine Al Barkat.") == [
        ("ghat", "Ghat", 10, "context:preposition"), ("gn-2220109", "Al Barkat", 29, "bulk+context")]
