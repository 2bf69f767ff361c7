"""Context rules written from the fifteenth blind set once it was opened as a development set: each a general rule,
tested with exact mentions and offsets on texts of its own (one sense per document beside a namesake abroad, the
Arabic "base at" phrase, a transliteration's hamza, things named after a place by a quoted name or a race)."""

from __future__ import annotations

from tests.builders import found, rules


# -- one sense per document beside a namesake abroad -----------------------------------------------------------
def test_a_name_repeated_in_the_sentence_that_placed_it_abroad_is_the_libyan_place() -> None:
    # the writer contrasts the two places in one sentence: the second is the Libyan one
    text = ("One UN officer joined by video from a workshop in Tripoli, north Lebanon, and asked that the meeting "
            "with the Libyan chiefs of staff in Tripoli be announced in advance.")
    assert found(text) == [("tripoli", "Tripoli", 136, "context:preposition")]
    assert rules(text, "tripoli")[0] == ("Tripoli", 50, "lookalike:abroad")
    # not after a dateline: it places its whole sentence abroad
    text = "TRIPOLI, Lebanon (LPA) – A ferry from Misrata docked in Tripoli on Friday."
    assert found(text) == [("misrata", "Misrata", 38, "gazetteer")]


def test_a_later_paragraph_is_back_at_the_libyan_place_the_document_used_first() -> None:
    text = ("Le port de Tripoli a rouvert hier.\n\nHors Libye, la station TRIPOLI (Liban) a répondu.\n\n"
            "Remarque : l'opérateur de Tripoli signale une panne.")
    assert found(text) == [("tripoli", "Tripoli", 11, "context:cue"), ("tripoli", "Tripoli", 113, "context:document")]
    # in the paragraph that placed it abroad, the namesake still
    text = ("Le port de Tripoli a rouvert hier.\n\nHors Libye, la station TRIPOLI (Liban) a répondu. "
            "L'opérateur de Tripoli signale une panne.")
    assert found(text) == [("tripoli", "Tripoli", 11, "context:cue")]
    assert rules(text, "tripoli")[2] == ("Tripoli", 101, "ambiguous:foreign-sense")


# -- the Arabic "base at" phrase names the town's only airfield ------------------------------------------------
def test_the_arabic_air_base_in_a_town_is_its_airfield() -> None:
    assert found("وأضاف المراسل أن القاعدة الجوية في طبرق تحمل اسم الرئيس الراحل.") == [
        ("al-adem", "طبرق", 35, "gazetteer")]
    assert found("هبطت الطائرة في المطار قرب سبها مساء أمس.") == [("sabha-airport", "سبها", 27, "gazetteer")]
    # a bare القاعدة is also al-Qaeda: the town stays the town
    assert found("وأعلن تنظيم القاعدة في درنة مسؤوليته.") == [("derna", "درنة", 23, "gazetteer")]
    assert found("وأضاف المراسل أن القاعدة في طبرق مغلقة.") == [("tobruk", "طبرق", 28, "gazetteer")]


# -- a scholarly transliteration's final hamza ----------------------------------------------------------------
def test_the_hamza_apostrophe_of_a_transliteration_belongs_to_the_surface() -> None:
    assert found("La sebkha de Tājūrā' ne comptait que quelques gravelots.") == [
        ("tajura", "Tājūrā'", 13, "gazetteer")]
    # a name in single quotes keeps its closing quote out; a name without long-vowel marks too
    assert found("Le mot 'Tājūrā' vient de l'arabe.") == [("tajura", "Tājūrā", 8, "gazetteer")]
    assert found("La sebkha de Tajura' ne comptait rien.") == [("tajura", "Tajura", 13, "gazetteer")]


# -- things named after a place: quoted names after a craft's or an animal's noun, races and stables ------------
def test_a_quoted_name_after_a_craft_or_an_animal_is_the_things() -> None:
    text = "Remarque : l'avion sanitaire « Ghadames » est en maintenance jusqu'au 10 mars."
    assert found(text) == []
    assert rules(text, "ghadames") == [("Ghadames", 31, "lookalike:name")]
    assert found('فاز المهر "ودّان" – إسطبلات العزيزية بالسباق.') == []
    # the ships' plural nouns keep their quoted names (the same home)
    assert found("فُرّغت حمولة الباخرتين «مرزق» و«زليتن» في ميناء الخمس.") == [("al-khums", "الخمس", 48, "context:cue")]
    # a route after the noun: the quoted name is the destination
    assert found("The plane to 'Sabha' left at noon.") == [("sabha", "Sabha", 14, "context:preposition")]


def test_a_name_with_its_stable_after_it_is_a_racing_animals() -> None:
    assert found("« Tazirbou » — écurie Ben Saïd, Ghadamès — 14 min 52 s") == [
        ("ghadames", "Ghadamès", 32, "gazetteer")]
    assert found("3. Syrte (écurie Ben Ali, Garabulli)") == [("gn-2213695", "Garabulli", 26, "generated")]
    # a bare space before "stable" is an adjective: the place
    assert found("Sites at Waddan, Houn and Sokna stable.") == [
        ("waddan", "Waddan", 9, "gazetteer"), ("hun", "Houn", 17, "gazetteer"), ("sokna", "Sokna", 26, "context:adjacent")]


def test_a_race_named_after_a_town() -> None:
    text = "Prix de Janzour (1 600 m, pur-sang arabes) : 1. Derna Star"
    assert found(text) == []
    assert rules(text, "janzur") == [("Janzour", 8, "lookalike:name")]
    # lower-case prices are no race
    assert found("Les prix de Janzour ont augmenté à Tripoli.") == [
        ("janzur", "Janzour", 12, "gazetteer"), ("tripoli", "Tripoli", 35, "context:preposition")]


# -- a settlement "of" a man's name is the place named after him ------------------------------------------------
def test_the_village_of_a_name_that_starts_with_a_given_name_is_the_place() -> None:
    assert found("Il cite le village d'Omar Mukhtar, nommé d'après le héros.") == [
        ("gn-84130", "Omar Mukhtar", 21, "generated+context")]
    assert found("the village of Omar Mukhtar") == [("gn-84130", "Omar Mukhtar", 15, "generated+context")]
    # a poem or a speech "of" him is the man's
    assert found("a poem of Omar Mukhtar") == []


# -- a base's own name that needs context, with its town in brackets after it -----------------------------------
def test_a_bases_name_with_its_town_in_brackets_is_the_base() -> None:
    assert found("Vol militaire de liaison vers Gamal Abdel Nasser (Tobruk), passagers de la Commission.") == [
        ("al-adem", "Gamal Abdel Nasser", 30, "gazetteer"), ("tobruk", "Tobruk", 50, "gazetteer")]
    # another town in brackets: the man
    assert found("Gamal Abdel Nasser (Benghazi) a parlé.") == [("benghazi", "Benghazi", 20, "gazetteer")]


# -- French "qu'" elided before a name with its article -----------------------------------------------------------
def test_the_article_after_an_elided_que_belongs_to_the_surface() -> None:
    assert rules("La délégation note qu'Al-Khadim n'accueille plus d'avions.", "al-khadim") == [
        ("Al-Khadim", 22, "ambiguous:no-context")]
    text = "La base d'Al-Khadim a été visitée. La délégation note qu'Al-Khadim n'accueille plus d'avions."
    assert found(text)[-1] == ("al-khadim", "Al-Khadim", 57, "context:document")


def test_a_foundation_right_before_a_name_is_named_after_it() -> None:
    text = "La villa a reçu un toit financé par la Fondation Sabratha pour les antiquités."
    assert rules(text, "sabratha") == [("Sabratha", 49, "lookalike:name")]
    # a committee that meets in a town: the town
    assert found("Le Comité se réunit à Sabratha.") == [("sabratha", "Sabratha", 22, "gazetteer")]


def test_a_village_in_a_country_abroad_is_the_namesake() -> None:
    text = "See also the hatnote: not to be confused with El Khadim, a village in Algeria."
    assert rules(text, "al-khadim") == [("El Khadim", 46, "lookalike:abroad")]
    # a village in Libya stays the Libyan one
    assert found("The troops left El Khadim, a village in Libya.") == [
        ("al-khadim", "El Khadim", 16, "context:document")]


# -- a base word over a list: a singular one over a pair led by a base's own name, an apposition calling a list bases
def test_a_singular_base_word_over_a_pair_led_by_a_bases_name_names_both_airfields() -> None:
    assert found("Next week: Tobruk, the airfield at El Adem and Martuba.") == [
        ("tobruk", "Tobruk", 11, "gazetteer"), ("al-adem", "El Adem", 35, "context:cue"),
        ("martuba-airbase", "Martuba", 47, "gazetteer")]
    # a town first: the singular word is its own, the second name the town
    assert found("the airfield at Brak and Martuba") == [
        ("brak-al-shati", "Brak", 16, "gazetteer"), ("martuba", "Martuba", 25, "gazetteer")]


def test_a_list_that_an_apposition_calls_bases_names_their_airfields() -> None:
    text = "Graduates were assigned to Al-Jufra, Brak and Tamanhint, all three bases where contractors are present."
    assert found(text) == [("al-jufra", "Al-Jufra", 27, "gazetteer"), ("brak-al-shati", "Brak", 37, "gazetteer"),
                           ("tamanhint", "Tamanhint", 46, "gazetteer")]
    assert found("Les élèves ont rejoint Brak et Martuba, les deux bases du Sud.") == [
        ("brak-al-shati", "Brak", 23, "gazetteer"), ("martuba-airbase", "Martuba", 31, "gazetteer")]
    # towns: the towns
    assert [m[0] for m in found("Graduates came from Sabha, Brak and Ghat, all three towns in the south.")] == [
        "sabha", "brak", "ghat"]


# -- an Arabic name placed "in" a country's capital (الجزائر العاصمة) is a place abroad -----------------------------
def test_an_arabic_bulk_name_in_a_countrys_capital_is_abroad() -> None:
    text = "وتواصلنا أيضاً مع محطة في طرابلس اللبنانية ومع هاوٍ من الأبيار في الجزائر العاصمة."
    assert found(text) == []
    assert rules(text, "gn-89087") == [("الأبيار", 55, "lookalike:abroad")]
    # Libya's capital: the Libyan place
    assert found("وتواصلنا مع هاوٍ من الأبيار في ليبيا العاصمة طرابلس.") == [
        ("gn-89087", "الأبيار", 20, "bulk+context"), ("tripoli", "طرابلس", 45, "context:document")]


# -- a spelling a writer's habit shares (Cufra: Turkish for Jufra, Kufra's Italian name) follows the document's habit --
def test_a_habit_spelling_is_the_habits_site_where_the_text_writes_in_that_habit() -> None:
    # the text writes other names in Turkish orthography (Cenzur, Tacura, Beni Velid): Cufra is Jufra
    assert found("Les Russes sont à Cufra, à Cenzur et à Tacura.") == [
        ("al-jufra", "Cufra", 18, "gazetteer"), ("janzur", "Cenzur", 27, "generated"),
        ("tajura", "Tacura", 39, "generated")]
    assert found("The line runs from Sirt to Cufra; Beni Velid and Terhune stay calm.") == [
        ("sirte", "Sirt", 19, "gazetteer"), ("al-jufra", "Cufra", 27, "gazetteer"),
        ("bani-walid", "Beni Velid", 34, "generated"), ("tarhuna", "Terhune", 49, "generated")]
    # even where Kufra itself is named nearer
    assert found("Russian jets landed at Kufra. The line now runs to Cufra, not Cenzur.") == [
        ("kufra", "Kufra", 23, "gazetteer"), ("al-jufra", "Cufra", 51, "gazetteer"),
        ("janzur", "Cenzur", 62, "generated")]


def test_a_habit_spelling_is_the_listed_site_where_the_text_shows_no_habit() -> None:
    # no Turkish spelling: the listed (Italian) name of Kufra, though an earlier sentence names Jufra (Giofra)
    assert found("Les Russes sont à Cufra, à Benghazi et à Tobruk.") == [
        ("kufra", "Cufra", 18, "gazetteer"), ("benghazi", "Benghazi", 27, "gazetteer"),
        ("tobruk", "Tobruk", 41, "gazetteer")]
    assert found("Axe du Centre : la base de Giofra. Axe du Sud : Gialo et Cufra.") == [
        ("al-jufra", "base de Giofra", 19, "gazetteer"), ("jalu", "Gialo", 48, "gazetteer"),
        ("kufra", "Cufra", 57, "gazetteer")]
    # a sharer its own sentence names still wins (a gloss, a list)
    assert found("Axe du Sud : la base de Giofra, puis Gialo et Cufra.")[2] == ("al-jufra", "Cufra", 46, "gazetteer")
