"""Recall rules written from the seventh and eighth sets (issue 14, recall on text never seen): names that need
context and find it in a list, each a general rule, tested with exact mentions and offsets."""

from __future__ import annotations

from geotrack.gazetteer.variants import arabic_variants, latin_variants
from tests.builders import found, rules


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


def test_old_names_with_a_source() -> None:
    # Tocra's Greek name in Arabic (Arabic Wikipedia, توكرة), Bardia's Italian one, Cyrene's Italian one, Tripoli
    # airport's Italian and royal names; the sources are in the rows' notes
    assert found("زرنا بنغازي ثم توكرة التي سمّاها الإغريق تاوخيرا.") == [
        ("benghazi", "بنغازي", 5, "gazetteer"), ("gn-88834", "توكرة", 15, "bulk+context"),
        ("gn-88834", "تاوخيرا", 41, "bulk+context")]
    assert found("The Italian garrison at Porto Bardia surrendered.") == [("gn-80509", "Porto Bardia", 24, "bulk")]
    assert found("On part de Bengasi et on traverse Cirene avant Derna.") == [
        ("benghazi", "Bengasi", 11, "gazetteer"), ("shahhat", "Cirene", 34, "context:document"),
        ("derna", "Derna", 47, "gazetteer")]
    assert found("عرفه الإيطاليون باسم كاستل بينيتو، ثم صار مطار إدريس.") == [
        ("tripoli-airport", "كاستل بينيتو", 21, "gazetteer"), ("tripoli-airport", "مطار إدريس", 42, "gazetteer")]
    assert found("L'aéroport Idris servait aux avions de la RAF.") == [
        ("tripoli-airport", "aéroport Idris", 2, "gazetteer")]


def test_press_spellings_with_a_source() -> None:
    # Garabulli without قصر, as its municipality and LANA write it
    assert found("الطريق الساحلي: تاجورا، القره بوللي، قصر خيار.") == [
        ("tajura", "تاجورا", 16, "gazetteer"), ("gn-2213695", "القره بوللي", 24, "bulk"),
        ("gn-2213570", "قصر خيار", 37, "bulk")]


def test_a_waw_after_alef_is_a_consonant_never_dropped() -> None:
    # تاوخيرا without its و would be تأخيرا "a delay"
    assert found("أعلنت الشركة تأخيرًا في رحلات بنغازي.") == [("benghazi", "بنغازي", 30, "gazetteer")]
    assert "تاخيرا" not in arabic_variants("تاوخيرا")
    assert "توخيرا" in arabic_variants("تاوخيرا")  # (the long ا still drops)


def test_a_name_only_the_libyan_site_has_places_it_in_libya_again() -> None:
    # سوسة is placed in Tunisia; مرسى سوسة, a name that needs no context, is the Libyan place, and so is أبولونيا
    # after it (no longer read as the Tunisian town's)
    assert found("أما سوسة التونسية فمدينة فنادق، ولها شقيقة ليبية هي مرسى سوسة قرب شحات، حيث ميناء أبولونيا "
                 "الأثري.") == [("gn-81584", "مرسى سوسة", 52, "bulk"), ("shahhat", "شحات", 66, "context:preposition"),
                                ("gn-81584", "أبولونيا", 82, "bulk+context")]



def test_a_first_short_vowel_dropped_to_an_english_onset_in_french_orthography() -> None:
    # Suluq (سلوق, a short first vowel) → Sluq → Slouk: French writes k for q, so the form looks like no English
    # word; Sulugh → Slough stays out (only vowels change)
    assert "slouk" in latin_variants("suluq", False, (1,))
    assert "slough" not in latin_variants("sulugh", False, (1,))
    assert "slugh" not in latin_variants("sulugh", False, (1,))
    assert found("Les céréaliers de Guemines et de Slouk réclament des semences.") == [
        ("gn-84257", "Guemines", 18, "generated"), ("gn-81604", "Slouk", 33, "generated+context")]


def test_an_arabic_name_glossed_in_latin_letters_is_the_place() -> None:
    # وازن is also a verb ("he balanced"); its own Latin spelling in brackets right after it makes it a name
    assert found("أعلنت الوزارة إعادة فتح معبر الذهيبة – وازن (Wazen) الحدودي.") == [
        ("gn-2208848", "وازن", 39, "bulk+context"), ("gn-2208848", "Wazen", 45, "generated+context")]
    # the verb stays a verb
    assert found("وقال المصدر إن الوفد وازن بين المتطلبات الأمنية في غدامس.") == [
        ("ghadames", "غدامس", 51, "gazetteer")]


def test_the_municipality_name_of_qasr_khiyar_with_a_source() -> None:
    # قصر الأخيار, the town's and its municipality's name today (qk.gov.ly, Arabic Wikipedia; in the row's notes)
    assert found("يستقبل المستشفى مرضى من مسلاتة والقره بوللي وقصر الأخيار.") == [
        ("gn-12687313", "مسلاتة", 24, "bulk+context"), ("gn-2213695", "والقره بوللي", 31, "bulk"),
        ("gn-2213570", "وقصر الأخيار", 44, "bulk")]


def test_the_airport_of_a_town_without_an_airport_site_is_cut_to_the_town() -> None:
    # the guides since the seventh set: مطار غات, ومطار غدامس, مطار زوارة are the town, its name alone the surface (the
    # gazetteer no longer lists the Arabic airport phrase as a spelling of the town; مطار is a kind cue for غات)
    assert found("هبطت الطائرة في مطار غات مساء أمس.") == [("ghat", "غات", 21, "context:cue")]
    assert found("وتحسين مدرجي مطار الزنتان ومطار غدامس.") == [
        ("zintan", "الزنتان", 18, "gazetteer"), ("ghadames", "غدامس", 32, "gazetteer")]
    assert found("أغلق مطار زوارة أمس.") == [("zuwara", "زوارة", 10, "gazetteer")]
    # and in Latin letters: the gazetteer no longer lists "Ghadames/Ghat/Zuwara airport" as spellings of the towns
    assert found("Flights landed at Ghadames airport yesterday.") == [("ghadames", "Ghadames", 18, "gazetteer")]
    assert found("Zuwara airport reopened; Ghat airport did not.") == [
        ("zuwara", "Zuwara", 0, "gazetteer"), ("ghat", "Ghat", 25, "context:cue")]


def test_a_thing_named_after_the_place_leaves_one_sense_per_document_alone() -> None:
    # حوض سرت (the basin) is a thing named after Sirte, not a person's name: a later bare سرت is the town again
    text = "لا تزال أحياء في مدينة سرت ملوثة. وتعمل فرق أخرى في حقول حوض سرت جنوباً.\n\nالاحتياجات: تحتاج سرت إلى ثلاثة فرق إضافية."
    assert rules(text, "sirte") == [("سرت", 23, "context:cue"), ("سرت", 61, "lookalike:name"),
                                    ("سرت", 92, "context:one-sense")]


def test_a_live_blog_entry_is_a_section_of_its_own() -> None:
    # the Lebanese Marj of one timestamped entry does not carry into the next entries
    text = ("13:05 – فريق من بلدة المرج اللبنانية يعلن استعداده للمشاركة.\n\n16:30 – فتح مدارس المرج لإيواء النازحين.\n\n"
            "17:00 – وصلت فرق من بنغازي إلى المرج.")
    assert rules(text, "al-marj") == [("المرج", 21, "lookalike:abroad"), ("المرج", 80, "context:cue"),
                                      ("المرج", 135, "context:preposition")]
    text = "09:40 – A video said to show Tripoli, Lebanon, was shared.\n\n10:15 – Convoys from Misrata reached Tripoli."
    assert rules(text, "tripoli") == [("Tripoli", 29, "lookalike:abroad"), ("Tripoli", 97, "context:document")]


def test_a_region_adjective_before_a_name_is_no_first_name() -> None:
    text = "Teams cleared items in the southern suburbs of Tripoli and in Sirte.\n\nSouthern Tripoli. Contamination remains."
    assert rules(text, "tripoli") == [("Tripoli", 47, "context:adjacent"), ("Tripoli", 79, "context:document")]


def test_an_institution_named_after_the_town_with_a_word_between() -> None:
    # Zawiya Teaching Hospital: the hospital's head word second, the town (no family name "Zawiya Teaching")
    text = "Heavy gunfire was reported in Zawiya overnight.\n\nA convoy from Misrata has reached Zawiya Teaching Hospital."
    assert rules(text, "zawiya") == [("Zawiya", 30, "context:preposition"), ("Zawiya", 83, "context:document")]


def test_a_french_base_phrase_with_de_before_the_article() -> None:
    # "de" not elided before the article (machine translation), and the literal "base de l'air de" for قاعدة ... الجوية
    assert found("Il a promis de réparer les routes vers l'aéroport de Al-Abraq.") == [
        ("al-abraq", "aéroport de Al-Abraq", 41, "gazetteer")]
    assert found("Les forces ont renforcé leur présence dans la base de l'air de Al-Jofrah avec huit avions.") == [
        ("al-jufra", "base de l'air de Al-Jofrah", 46, "gazetteer")]


def test_the_head_of_a_row_of_a_blotter_or_a_schedule() -> None:
    # a name that opens a line before a colon or a dash, where another line opens so with an accepted name
    text = "Police blotter, Benghazi region\n\nAjdabiya: Two men were arrested at a checkpoint.\n\nEl Abiar: A 22-year-old was arrested."
    assert found(text) == [("benghazi", "Benghazi", 16, "gazetteer"), ("ajdabiya", "Ajdabiya", 33, "gazetteer"),
                           ("gn-89087", "El Abiar", 83, "bulk+context")]


def test_a_capitalised_word_ending_the_line_before_is_no_first_name() -> None:
    # "daily except Friday\nGhat": the last word of a line is no first name of the name that opens the next one
    text = "Winter schedule from Tripoli, Mitiga:\nSabha – daily except Friday\nGhat – Monday, Thursday\nUbari – Sunday"
    assert found(text) == [
        ("tripoli", "Tripoli", 21, "context:adjacent"), ("mitiga", "Mitiga", 30, "gazetteer"),
        ("sabha", "Sabha", 38, "context:document"), ("ghat", "Ghat", 66, "context:document"),
        ("ubari", "Ubari", 90, "gazetteer")]


def test_a_checkpoint_gate_or_a_bridge_named_after_the_town() -> None:
    assert found("عند بوابة الماية أوقف رجال الأمن شخصين في طرابلس.") == [
        ("gn-2219812", "الماية", 10, "bulk+context"), ("tripoli", "طرابلس", 42, "context:preposition")]
    assert found("The coastal road between Janzour and Zawiya is closed at the Al Maya bridge.") == [
        ("janzur", "Janzour", 25, "gazetteer"), ("zawiya", "Zawiya", 37, "context:adjacent"),
        ("gn-2219812", "Al Maya", 61, "generated+context")]
