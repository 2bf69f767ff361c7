"""Context rules written from the ninth blind set once it was opened as a development set (issue 14): each a
general rule, tested with exact mentions and offsets (a town's university, schools or beach; the head of a row of a
rating table; an airfield placed by its town; "the base in" a town; an elided aerodrome; a bare name before the
document's person of that name)."""

from __future__ import annotations

from tests.builders import found, rules


def test_a_towns_university_schools_or_beach_are_the_town() -> None:
    assert found("In the south, Sebha University has hired teachers; Sirte University will admit students.") == [
        ("sabha", "Sebha", 14, "gazetteer"), ("sirte", "Sirte", 51, "gazetteer")]
    assert found("قالت جامعة سبها إنها ستتعاون مع جامعة سرت.") == [
        ("sabha", "سبها", 11, "gazetteer"), ("sirte", "سرت", 38, "context:cue")]
    assert found("تستضيف مدارس البيضاء أكثر من 1800 نازح.") == [("al-bayda", "البيضاء", 13, "context:cue")]
    assert found("نفقت أسماك على شاطئ سوسة قرب درنة.") == [
        ("gn-81584", "سوسة", 20, "bulk+context"), ("derna", "درنة", 29, "gazetteer")]
    assert found("وقال مراقب آثار البيضاء إن الموسم سيبدأ.") == [("al-bayda", "البيضاء", 16, "context:cue")]
    # one named after a man is a name (and so is a radio station named after a town)
    assert found("افتتحت جامعة عمر المختار فرعاً جديداً.") == []
    assert found("Welcome to Morning Line on Sabha Voice.") == []


def test_the_head_of_a_row_of_a_rating_table_is_no_verb_opening_a_sentence() -> None:
    assert found("مستوى الخطر في ليبيا. صرمان: 3. يفرن: 2. مزده: 4 – الطريق غير مؤمن.") == [
        ("gn-2210560", "صرمان", 22, "bulk+context"), ("gn-2208791", "يفرن", 32, "bulk+context"),
        ("gn-2214827", "مزده", 41, "bulk+context")]


def test_the_base_in_a_town_and_an_elided_aerodrome() -> None:
    assert found("The planes at the base in Brak keep us awake.") == [
        ("brak-al-shati", "Brak", 26, "gazetteer")]
    # a town of two airfields stays the town
    assert found("The planes at the base in Tripoli keep us awake.") == [("tripoli", "Tripoli", 26, "context:cue")]
    assert found("Les avions ont atterri à l'aérodrome d'El Adem près de Tobrouk.") == [
        ("al-adem", "aérodrome d'El Adem", 27, "gazetteer"), ("tobruk", "Tobrouk", 55, "gazetteer")]
    # a bare name before "the base in" it is the town: only a base named in full lends its name to the town's
    assert rules("CALLER (Fatima, Brak): the planes at the base in Brak.", "brak") == [
        ("Brak", 16, "ambiguous:no-context")]


def test_a_bare_name_before_the_documents_person_of_that_name_takes_the_place() -> None:
    text = ("On a Moussa, qui nous appelle de Brak. Je voulais dire que chez nous à Brak, il fait froid. "
            "Il parle de la ville, pas de notre confrère Ali Brak.")
    assert rules(text, "brak") == [("Brak", 33, "context:one-sense"), ("Brak", 71, "context:preposition"),
                                   ("Brak", 140, "lookalike:name")]


def test_a_time_word_after_a_name_and_a_latin_name_heading_a_table_row() -> None:
    # a definite word of time after a name opens an adverbial (the week), no adjective that makes the name a word
    assert found("بعد سطو مسلح على شاحنة وقود قرب البركات الاسبوع الماضي في ليبيا.") == [
        ("gn-2220109", "البركات", 32, "bulk+context")]
    assert found("سيعود الخادم الرئيسي للعمل في ليبيا.") == []
    # a Latin name with its article heading a row of a rating table ("Al Barakat : 3 ;")
    assert rules("Niveaux de risque en Libye. Sud-ouest : – Ghat : 3 ; Al Barakat : 3 ;", "gn-2220109") == [
        ("Al Barakat", 53, "bulk+context")]
    assert rules("Sud-ouest : Al Barakat : 3.", "gn-2220109") == [("Al Barakat", 12, "ambiguous:no-context")]
