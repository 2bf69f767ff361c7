"""Precision and recall on the labelled sets, per language: the issue's bar, enforced."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from geotrack.evaluate import evaluate, load_examples
from geotrack.extract import extract
from tests.paths import DATA


@pytest.mark.parametrize("name", ["labelled.jsonl", "heldout_articles.jsonl", "heldout_blind.jsonl"])
def test_precision_and_recall_per_language(name: str) -> None:
    examples = load_examples(DATA / name)
    ev = evaluate(examples)
    assert set(ev.by_lang) == {"ar", "en", "fr"}
    for lang, score in ev.by_lang.items():  # the bar (issue 14), reached on every older set
        assert score.precision >= 0.99, (lang, score.as_dict(), ev.errors)
        assert score.recall >= (0.97 if lang == "fr" else 0.98), (lang, score.as_dict(), ev.errors)


def test_labelled_set_size_and_coverage() -> None:
    examples = load_examples(DATA / "labelled.jsonl")
    assert len(examples) >= 120
    langs = {str(e["lang"]) for e in examples}
    assert langs == {"ar", "en", "fr"}
    assert sum(1 for e in examples if not e["expected"]) >= 25  # sentences with no site
    for e in examples:
        for exp in e["expected"]:  # type: ignore[attr-defined]
            assert exp["surface"] in e["text"], e["id"]


def test_score_counts_false_positives_and_misses() -> None:
    ev = evaluate([
        {"id": "x", "lang": "en", "text": "Flights reached Jufra and Benina.",
         "expected": [{"site_id": "al-jufra", "surface": "Jufra"}, {"site_id": "sirte", "surface": "Sirte"}]},
    ])
    s = ev.by_lang["en"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert s.precision == 0.5 and s.recall == 0.5
    assert ev.errors == [
        {"id": "x", "lang": "en", "error": "missed", "site_id": "sirte", "surface": "Sirte", "class": "plain",
         "rule": "", "sentence": ""},
        {"id": "x", "lang": "en", "error": "false positive", "site_id": "benina", "surface": "Benina",
         "class": "unlabelled", "rule": ev.errors[1]["rule"], "sentence": "Flights reached Jufra and Benina."},
    ]
    assert ev.by_site["al-jufra"].recall == 1.0 and ev.by_site["sirte"].recall == 0.0
    assert ev.macro_recall == 0.5  # al-jufra 1.0, sirte 0.0; benina has no expected mention


def test_scores_per_class_and_labelled_negatives() -> None:
    ev = evaluate([
        {"id": "y", "lang": "en",
         "text": "TRIPOLI, Lebanon - Officials met. Later, planes landed at Djofra. Jufra was busy.",
         "expected": [{"site_id": "al-jufra", "surface": "Djofra", "class": "latin-variant"},
                      {"site_id": "al-jufra", "surface": "Jufra", "class": "plain"}],
         "negatives": [{"surface": "TRIPOLI, Lebanon", "class": "dateline"}]},
    ])
    assert ev.by_class["plain"].tp == 1
    klass = ev.by_class["latin-variant"]
    assert klass.tp + klass.fn == 1
    assert "dateline" not in ev.by_class or ev.by_class["dateline"].fp == 0  # the dateline is no mention
    missed = [e for e in ev.errors if e["error"] == "missed"]
    assert all(e["sentence"] == "Later, planes landed at Djofra." for e in missed)


def test_a_miss_is_shown_where_no_found_mention_covers_its_surface() -> None:
    # the labels carry no offsets: a missed surface is shown at an occurrence that no found mention covers, not at
    # its first occurrence, which a found mention covers (as "طرابلس" inside a found "اطرابلس")
    text = "Jufra was busy. At Jufra air base, planes landed."
    assert [(m.surface, m.start) for m in extract(text)] == [("Jufra", 0), ("Jufra air base", 19)]
    ev = evaluate([{"id": "w", "lang": "en", "text": text, "expected": [
        {"site_id": "al-jufra", "surface": "Jufra"}, {"site_id": "al-jufra", "surface": "Jufra"}]}])
    assert [(e["error"], e["surface"], e["sentence"]) for e in ev.errors] == [
        ("missed", "Jufra", "At Jufra air base, planes landed."),
        ("false positive", "Jufra air base", "At Jufra air base, planes landed.")]


#: The second blind set (issue 14): 113 article-length texts written and annotated blind to the code by
#: three annotators (ar, en, fr) from a guide and the list of site names only. Measured when it was
#: added: ar P 0.953 R 0.854, en P 0.929 R 0.876, fr P 0.889 R 0.813. After the variant model, one sense
#: per document, punctuation-tolerant base phrases and the look-alike rules: ar P 0.964 R 0.946, en P 0.991
#: R 0.955, fr P 0.950 R 0.922; French orthography and syllable forms in the variant model: en R 0.964,
#: fr R 0.933; old names two sites carried (shared, nearest named wins): ar P 0.967 R 0.955, en R 0.966,
#: fr P 0.951 R 0.942. The context rules (look-alikes, datelines and sections abroad, the latest sense,
#: a town beside an airport, base phrases, a base's name beside its base word, coast guards): ar P 0.990
#: R 0.972, en P 1.0 R 0.980, fr P 0.984 R 0.975. These floors (measured minus 0.005) guard against
#: regressions; the issue's bar (P >= 0.99, R >= 0.98 ar/en, R >= 0.97 fr) is reached for ar and en
#: precision and fr recall, not yet for fr precision (0.984) nor ar and en recall (0.972, 0.9798). Two
#: French surfaces corrected after review ("base de X", the guide's end): fr P 0.988 R 0.979. Old names (Homs),
#: fixed phrases (من العدم), Latin names with their article after a preposition, neighbourhood and crossing cues,
#: Arabic orthographic variants of every name, relative pronouns, عن, an elided article is no first name
#: (L'antique Cyrène): ar P 0.995 R 0.981, en R 0.989, fr R 0.984 (the issue's bar reached in every language).
#: Short vowels of the Arabic form in the Latin variant model: en R 0.993. A strict Arabic name after a preposition
#: word in a document with a Libyan anchor (في الخمس): ar R 0.984.
#: An elided de before a Latin name with its article (dont celui d'Al-Maya): fr R 0.986.
#: Old names and press spellings with a source (تاوخيرا, Porto Bardia, القره بوللي, كاستيل بنيتو): ar R 0.986, fr R 0.989.
#: A town beside an airport is the town unless an airport noun governs it (eight French labels made consistent with
#: sets 5-8, guide: Corrections after scoring): fr P 0.998 R 0.995.
BLIND2_FLOORS = {"ar": (0.993, 0.983), "en": (0.995, 0.993), "fr": (0.993, 0.990)}
#: The third blind set (issue 14): 60 article-length texts (20 per language, 625 mentions, 99 hard
#: negatives) written and annotated blind to the code from ``heldout_blind3_guide.md`` and the list of
#: site names only. Measured when it was added: ar P 0.963 R 0.941, en P 0.968 R 0.959, fr P 0.951
#: R 0.946; three English surfaces corrected after review (the guide's end): en P 0.982 R 0.973. French
#: elision in base phrases (base aérienne d'Al-Khadim): fr P 0.989 R 0.984. Company words, ship nouns, foreign
#: given names, places named after a man, generated spellings in a document about another country, list-item
#: heads, Arabic ىء and joined بن, name variants beside a base word: ar P 0.991 R 0.977, en P 1.0 R 0.973, fr P 1.0
#: R 0.984 (blind2 fr P 0.991). Old names, colloquial Arabic (لبرق, البيضا, بنجواد), a shortened name (Brak al-Shati
#: ... Brak), Latin names with their article: ar P 0.991 R 0.991, en P 1.0 R 0.986, fr P 1.0 R 0.989. Short vowels
#: of the Arabic form in the Latin variant model (Wutia, Al-Harsha): en R 0.991, fr R 0.995. A name that needs the
#: document's context, after a preposition only, in a document with no Libyan anchor (the Lebanese talk show's
#: Tripoli): ar P 1.0. Floors are measured minus 0.005. A diphthong read as a long i (Al-Rahibat): en R 0.996.
BLIND3_FLOORS = {"ar": (0.995, 0.986), "en": (0.995, 0.995), "fr": (0.995, 0.990)}
#: The fourth blind set (issue 14): 60 texts in ten genres (20 per language, 800 mentions, 72 hard negatives,
#: 116 distinct sites) written and annotated blind to the code by another annotator from
#: ``heldout_blind4_guide.md``, kept away from the code (never scored while rules were written) until it
#: was added. Scored on the code of the day it was written (0ed4241): ar P 0.984 R 0.946, en P 0.989
#: R 0.964, fr P 0.961 R 0.950. When added: ar P 0.984 R 0.954, en P 0.989 R 0.968, fr P 0.984 R 0.973. After the
#: blind4 rules (README: short vowels of the Arabic form, a prothetic alef, field and academy phrases, quoted names,
#: ship, platform and company words, a region abroad, calendar words, lists): ar P 1.0 R 0.981, en P 1.0 R 0.986,
#: fr P 1.0 R 0.996 (the issue's bar in every language); a base's name given as its new name (now called Gamal
#: Abdel Nasser): fr R 1.0; residents in a place, a centre (سكان في الأبيار، مركز الماية): ar R 0.988. Floors are
#: measured minus 0.005. A strict Arabic name after a preposition word in a document with a Libyan anchor (وفي
#: البياضة): ar R 0.992.
#: Old names and press spellings with a source (تاوخيرا, Porto Bardia, القره بوللي, كاستيل بنيتو): ar R 0.996.
BLIND4_FLOORS = {"ar": (0.995, 0.991), "en": (0.995, 0.984), "fr": (0.995, 0.995)}
#: The fifth blind set (issue 14): 60 texts in eleven genres (20 per language, 942 mentions, 126 hard negatives,
#: 113 distinct sites, 50 of the bulk layer) written blind to the code from ``heldout_blind5_guide.md``, then
#: reviewed by a second annotator also blind to the code (consistency: sports clubs, bare town names in flight
#: prose; 19 texts changed). Kept away from the code until it was added. Scored on the code before the blind4
#: rules (24d5a37): ar P 0.946 R 0.906, en P 0.940 R 0.937, fr P 0.924 R 0.949; when added (after them): ar
#: P 0.952 R 0.906, en P 0.943 R 0.940, fr P 0.930 R 0.949. Far from the issue's bar: the errors are towns named
#: for their sports clubs (31 false positives), names without any cue in lists of villages, the Libyan Tripoli
#: in a text that also names Lebanon's, bare Martuba for its air base (README). Floors are measured minus 0.005;
#: of the look-alike classes only datelines are clean. After the sports-club rule (a town's name in a fixture of a
#: sports text is its club): ar P 0.977, en P 0.962, fr P 0.969, recall unchanged. After the list rules (a list of
#: ambiguous names, a name near an accepted site, place words around a name): ar 0.978/0.955, en 0.962/0.944. After
#: a Libyan apposition places a name abroad's later mentions in Libya again: en R 0.947, fr R 0.962. After a base
#: phrase with its article between dashes (Martuba – la base aérienne –): fr 0.973/0.966. After the look-alike
#: rules around a name (a ship's prefix or apposition, a given name, company words, a route, a gloss): ar P 0.981,
#: en 0.971/0.956, fr 0.983/0.973. After small cues (jusqu'à, طريق, an air strip, a headline's apposition) and
#: look-alikes (a plain, a two-word region abroad, a party): ar 0.984/0.958, en P 0.974, fr 0.990/0.980. After a
#: front, a verb after its subject, a callsign, the Italian gi: ar 0.988/0.961, en 0.978/0.959, fr R 0.983. After a
#: person's apposition and "the north of the country": en 0.981/0.956, fr P 0.993. After a town's military sense (bare
#: Martuba for its air base in a document naming two other air bases): ar 0.991/0.964, en 0.990/0.966. After a
#: strict Arabic name after a preposition word in a document with a Libyan anchor (في الخمس، في البردية): ar R 0.973.
#: After contrasts (a negative cue in a clause a negation opens, or beyond a second mention of a name marked as this
#: one, is the other place's) and a place a Libyan site is located from (شرق المرج): ar R 0.979, en R 0.972. After
#: a strict name with a masculine relative clause (الخادم الذي) and a bulk village's name opening a quotation («تيجي
#: معانا») need more than the document: ar P 0.997, common words clean. After the article assimilated to a sun letter
#: and fused (Essouani) and a diphthong read as a long i (Rahibat) in the Latin variant model: fr R 0.990. A quoted
#: sentence is no quoted name (« Hon est une ville de paix »): fr R 0.993. A name a route leaves towards an accepted
#: site (يغادر براك نحو قاعدة تمنهنت): ar R 0.982, en R 0.975. A comma standing apart is no word of an apposition that
#: names Libya (vers Tripoli, la capitale libyenne): fr R 0.997. A town's name glossed by its airfield's former name
#: (at Tobruk, the old El-Adem) is the airfield: en 0.994/0.978.
#: An old name with a source (Tocra, the ancient Taucheira): en R 0.981.
#: The Italian ui for -uway- and a vowel و in a last syllable (Sinaoun): fr R 1.0.
#: Old names and press spellings with a source (تاوخيرا, Porto Bardia, القره بوللي, كاستيل بنيتو): ar P 1.0 R 0.988.
BLIND5_FLOORS = {"ar": (0.995, 0.989), "en": (0.989, 0.983), "fr": (0.988, 0.995)}
#: The sixth blind set (issue 14): 60 texts (20 per language, 1,181 mentions, 146 hard negatives, all 118 sites,
#: 55 of the bulk layer) written blind to the code from ``heldout_blind6_guide.md`` by three annotators, one per
#: language, and reviewed by three more (11 texts changed). First scored on the code of the day it was written
#: (b32cfa8), which had never seen it: ar P 0.981 R 0.937, en P 0.975 R 0.957, fr P 0.972 R 0.945. Floors are
#: measured minus 0.005; of the look-alike classes only datelines are clean. After a town's military sense (e7ff67c):
#: ar P 0.983 R 0.939, en P 0.977 R 0.959, fr P 0.977 R 0.950; after a strict Arabic name after a preposition word in
#: a document with a Libyan anchor: ar P 0.984 R 0.950. After "pétrolier" after a noun is the adjective "oil" (le
#: croissant pétrolier (Sidra, Brega)) and a ship noun or a flag with a nationality before a name (le roulier libyen
#: Derna, the Libyan-flagged Ubari): en P 0.979, fr 0.980/0.961. After the base at a town being its only airfield
#: (the base at Brak) and a Latin gloss in brackets after an Arabic name (سبها (Sebah), سرت (Syrte)): ar 0.984/0.955,
#: en 0.984/0.964.
#: A place abroad by its district and city or country (حي الأبيار بالعاصمة الجزائرية, حي العزيزية بمكة, the Zawiya area
#: of Zgharta district, a generated Tadjourah, à Djibouti), entre a preposition, a name heading a list after a colon:
#: ar 0.989/0.958, en P 0.986, fr 0.983/0.964. Arabic variants of the bulk layer's villages (قمينيس، برقين، كامبوت),
#: an ا after a final و (جالوا), ابو joined (قصر أبوهادي), ق/غ: ar R 0.976. Latin diphthongs (ey, a long e), a doubled
#: y, a name's particles written otherwise (Oum er-Rezem), a French final e after t (Kamboute): en 0.986/0.973, fr
#: 0.983/0.972. Old names with a source (Taucheira, قورينا): ar R 0.979, en R 0.975, fr R 0.975.
#: An Arabic platform word before a name (منصة صبراتة), a hotel, a patrol boat, a capitalised Ar: ar P 0.992.
#: French ou with the j kept (Aoujla), the village word as a particle (Qariat), through: en R 0.977, fr R 0.983.
#: A negative cue beside another mention of the name is that one's (جنوب سرت): ar R 0.982, fr R 0.986.
#: Things named after places (a crude grade, a news page): en P 0.989, fr P 0.986.
#: An elided de before a Latin name with its article (d'Al-Barkat): fr R 0.989.
#: A council of a name (the municipal council of Brak): en R 0.980.
#: An air college (le Collège de l'air de Misrata) is its town's airfield: fr P 0.989, R 0.992.
#: Old names and press spellings with a source (تاوخيرا, Porto Bardia, القره بوللي, كاستيل بنيتو): ar 0.992/0.984, en 0.991/0.982.
#: Precision rules (a cue that holds the name, Regdalin, shadows beside al-Zawiya, a town beside an airport):
#: ar 0.997/0.987, fr P 0.992.
#: Sports items of a roundup, club heads with de, هون الله, Hun Sen in Arabic, the Zelten field: ar P 1.000, en P 0.993,
#: fr P 0.994 (ar R 0.984: a هون سين no longer stands in for a missed one-sense هون).
#: Mansour a given name (le Dr Mansour Oubari): fr P 0.997.
BLIND6_FLOORS = {"ar": (0.995, 0.981), "en": (0.990, 0.979), "fr": (0.992, 0.990)}
#: The seventh blind set (issue 14): 60 texts (20 per language, 1,176 mentions, 141 hard negatives, all 118 sites,
#: 55 of the bulk layer) written blind to the code from ``heldout_blind7_guide.md`` like the sixth (one annotator per
#: language, one blind reviewer each; 9 texts changed) and kept SEALED for the session it was written in: no rule was
#: written from it. Scored only on the code of that session's start (b32cfa8): ar P 0.980 R 0.927, en P 0.967
#: R 0.934, fr P 0.975 R 0.936; and of its end (87d06f7, after the rules written from sets 5 and 6): ar P 0.983
#: R 0.930, en P 0.973 R 0.942, fr P 0.978 R 0.939. Floors are measured minus 0.005; only datelines are clean.
#: Opened as a development set (issue 14, the eighth set sealed instead). Arabic variants of the bulk layer's villages,
#: ق/غ, the colloquial article of any word (أم لرانب): ar R 0.944. The Latin rules above (Zuwetina, Ajeylat, Umm Rizam,
#: Qasr Bou Hadi, Gasr Bengashir, Oum er-Rzem, Al-Bayada): en 0.973/0.947, fr 0.978/0.951. Old names with a source
#: (قورينا, Cydamus): ar R 0.949, fr R 0.953.
#: A capitalised assimilated article (Ar Rahaibat), a platform (منصة صبراتة), a hotel (l'hôtel Al Waddan): ar P 0.986,
#: en 0.978/0.953, fr P 0.981. French place cues habitants, piste (les habitants d'Agar, la piste d'El-Ouigh): fr R 0.958.
#: The Italian ui for -uway- (Zuwaila), a vowel و in a last syllable (Sinaoun): en R 0.955, fr R 0.960.
#: A route word before a vessel word, a number before a vessel apposition, a lower-case basin: en P 0.981, fr P 0.986.
#: Verbs of a journey after a vessel word (tankers reached Zillah): en R 0.961. A possessive (Tripoli's): en R 0.963.
#: A negative cue beside another mention of the name is that one's; a name placed abroad is the Libyan place again
#: in Libyan company (في طرابلس وغريان, Mitiga ... à Tripoli): ar R 0.957, fr R 0.962. A long ا written ي or و and two
#: consonant swaps in a long word (تيزربو, الغردابية): ar R 0.965.
#: A callsign before a name (the callsign HUN-215): en P 0.984.
#: An elided de before a Latin name with its article (d'Al-Harsha): fr R 0.967.
#: A council of a name (the council of Hun), Fassato (Jadu's Berber name, sourced): en R 0.971.
#: A plural base phrase before a list (the air bases at Martuba and Tobruk): en 0.987/0.974.
#: Old names and press spellings with a source (تاوخيرا, Porto Bardia, القره بوللي, كاستيل بنيتو): ar R 0.970, fr R 0.969.
#: Precision rules (a town's military sense named before, a town beside an airport): en 0.989/0.976, fr 0.988/0.972.
#: A first short vowel dropped to an English onset in French orthography (Slouk): fr R 0.974.
#: Sports items of a roundup, Hun Sen in Arabic, the Italian town of Massa, a district east of Zgharta: ar P 0.989,
#: en P 0.997, fr P 0.993.
#: An elided aerodrome (l'aérodrome d'El Adem, dev9): fr R 0.976.
#: An Arabic name glossed in Latin letters in brackets (وازن (Wazen)): ar R 0.976.
#: The air academy at Misrata: en 1.000/0.979.
#: A rank and a first name before an old base name (lieutenant Richard Wheelus, dev11): fr P 0.995.
BLIND7_FLOORS = {"ar": (0.987, 0.976), "en": (0.995, 0.979), "fr": (0.990, 0.974)}
#: The eighth blind set (issue 14): 60 texts (1,086 mentions, 165 hard negatives, all 118 sites in each language)
#: written and reviewed blind to the code like the seventh (``heldout_blind8_guide.md``), and SEALED: no rule is
#: written from it. Scored on the code of the session it was written in, at its start (0b8a0b5): ar P 0.965
#: R 0.957, en P 0.958 R 0.947, fr P 0.952 R 0.952; and at its end (after the rules written from the seventh set):
#: ar P 0.965 R 0.960, en P 0.958 R 0.953, fr P 0.956 R 0.964. Floors are measured minus 0.005; only datelines
#: are clean. Opened as a development set (issue 14) once the ninth set was written and sealed.
#: Things named after places (a ship in quotes, a basin, a crude, a street, a callsign, a news page) and a person by a
#: title or a citation: ar P 0.981, en P 0.977, fr P 0.980. A town beside its airfield's ICAO code, a generated spelling
#: abroad or set against its listed name, christened names, negative cues of a verb and a server: ar P 0.983, en
#: 0.994/0.969, fr 0.986/0.966.
#: An air college, a named ship's apposition, irrigation words (السواني): ar P 0.986, fr 0.992/0.978.
#: Lists: a plural place word before one (بلديات), a list carrying an accepted name along, a count in brackets, "and
#: neighbouring": ar R 0.965, en R 0.975.
#: Old names and press spellings with a source (تاوخيرا, Porto Bardia, القره بوللي, كاستيل بنيتو): ar 0.989/0.973,
#: en 0.997/0.978, fr 0.997/0.980 (with the precision step before it).
#: Precision rules (a cue that holds the name, a dateline abroad first, Regdalin, the document's first sense of a
#: word, a quoted label for a people, a town's military sense named before, a town beside an airport; Luigi Razza
#: labelled): ar 0.997/0.976, en 1.000/0.980, fr 1.000/0.983.
#: A name only the Libyan site has after its namesake abroad (مرسى سوسة ... أبولونيا): ar R 0.978.
#: Slouk: fr R 0.986.
#: A bare name before the document's person of that name takes the place (dev9): en R 0.983.
#: Variant model, a long ī written ee or ei (Sidi Ben Zeinah; README, issue 14 "every spelling"): en R 0.986.
BLIND8_FLOORS = {"ar": (0.992, 0.979), "en": (0.995, 0.981), "fr": (0.995, 0.981)}
#: The ninth blind set (issue 14): 60 texts (1,171 mentions, 177 hard negatives, all 118 sites in each language) in
#: fourteen genres no earlier set used, written and reviewed blind to the code like the eighth
#: (``heldout_blind9_guide.md``), and sealed for two sessions: no rule was written from it. Scored at the start of the session it was
#: written in (91ce8a0): ar P 0.983 R 0.940, en P 0.965 R 0.968, fr P 0.967 R 0.955. Floors are measured minus 0.005;
#: only datelines are clean. After the rules written that session from the seventh and eighth sets (dd8ac06, 0f87448):
#: ar P 0.989 R 0.943, en P 0.968 R 0.968, fr P 0.977 R 0.965 (false positives 33 -> 26, misses 53 -> 48).
#: Opened as a development set (issue 14) once the tenth set was written and sealed (2026-12-07).
#: Context rules written from it as a development set (tests/extract/test_context_rules_blind9.py: a town's
#: university, schools or beach, the head of a rating table's row, the base in a town, an elided aerodrome, a bare name
#: before the document's person of that name): ar 0.989/0.978, en 0.975/0.983, fr 0.980/0.975.
#: A time word after a name (قرب البركات الأسبوع الماضي), a Latin name heading a table row (Al Barakat : 3): ar R 0.981,
#: fr R 0.978. Variant model (README, 2026-12-07): ar R 0.989, en R 0.985, fr R 0.980.
#: Context rules of the eleventh set as a development set (Lieutenant Richard Wheelus; Bayda after a university named
#: after a man; a town's schools with a prefix, ومدارس المرج): en 0.998/0.993.
BLIND9_FLOORS = {"ar": (0.984, 0.987), "en": (0.993, 0.988), "fr": (0.985, 0.980)}
#: The tenth blind set (issue 14): 60 texts (1,160 mentions, 166 hard negatives, all 118 sites in each language) in
#: fourteen genres no earlier set used (decrees, tenders, police blotters, flight schedules, mine action, machine
#: translation, chain messages ...), written and reviewed blind to the code like the ninth (``heldout_blind10_guide.md``),
#: and SEALED: no rule is written from it. Scored at the start of the session it was written in (7341535): ar P 0.980
#: R 0.918, en P 0.961 R 0.966, fr P 0.972 R 0.955. Floors are measured minus 0.005; only datelines are clean.
#: At the session's end (e31fc65): ar P 0.981 R 0.929, en P 0.961 R 0.966, fr P 0.972 R 0.960 (two incidental exposures
#: to helpers are on record in its guide; no rule was written from it). Opened as a development set when the eleventh
#: was sealed; after the recall and precision rules written from it (README, Accuracy): ar P 0.995 R 0.947, en P 0.997
#: R 0.979, fr P 0.997 R 0.972; of the look-alike classes datelines, vessels and people are clean.
#: Variant model, Latin spellings written in Arabic letters (تريبولي، ميسراتا، ميتيغا; README, issue 14 "every
#: spelling"): ar P 0.995 R 0.976.
#: Context rules of the eleventh set as a development set (Bayda after a university named after a man): en R 0.992.
BLIND10_FLOORS = {"ar": (0.992, 0.981), "en": (0.992, 0.987), "fr": (0.993, 0.982)}
#: The eleventh blind set (issue 14): 60 texts (1,289 mentions, 189 hard negatives, all 118 sites in each language) in
#: seventeen genres no earlier set used (satellite-imagery write-ups, encyclopedia profiles, epidemic bulletins,
#: load-shedding schedules, forum threads, leaked memos ...), written and reviewed blind to the code like the tenth
#: (``heldout_blind11_guide.md``), and SEALED for two sessions: no rule was written from it then. Scored at the start of the session it
#: was written in (68c03a0): ar P 0.982 R 0.919, en P 0.964 R 0.926, fr P 0.969 R 0.971. Floors are measured minus 0.005;
#: only datelines are clean. After the rules of the next session, written from the tenth set (27e9156 + 3243948): ar P 0.984
#: R 0.922, en P 0.975 R 0.946, fr P 0.973 R 0.975. Opened as a development set (2026-12-07); the variant model's
#: transcriptions into Arabic letters, English long ī, -ya and -y, old names Antipyrgos and Mellaha (README, issue 14
#: "every spelling"): ar P 0.985 R 0.946, en P 0.975 R 0.953, fr P 0.973 R 0.979.
#: Context rules written from it (tests/extract/test_context_rules_blind11.py: handles, plural airfields, things
#: named after a town, a table's counts, a town's institutions ...), before the variant model's step: ar P 0.997
#: R 0.939, en P 0.992 R 0.968, fr P 0.994 R 0.990 (false positives 29 -> 7, misses 66 -> 43).
#: With both (variant model and context rules): ar P 0.997 R 0.963, en P 0.992 R 0.975, fr P 0.994 R 0.994 (false
#: positives 7, misses 28).
BLIND11_FLOORS = {"ar": (0.993, 0.970), "en": (0.993, 0.982), "fr": (0.989, 0.989)}
#: The twelfth blind set (issue 14): 60 texts (1,521 mentions, 229 hard negatives, all 118 sites in each language) in
#: sixteen genres no earlier set used (war-risk circulars, incident summaries, hearings, foreign military bloggers in
#: translation, bid rounds, timetables, road books, auction catalogues, bank lists, testimonies ...), written and
#: reviewed blind to the code like the eleventh (``heldout_blind12_guide.md``), and SEALED beside it: no rule is written
#: from it. Scored on the code of the session's start (f417442): ar P 0.958 R 0.933, en P 0.969 R 0.921, fr P 0.973
#: R 0.926. Floors are measured minus 0.005; only datelines are clean. At the session's end, after the rules written from
#: the tenth set: ar P 0.958 R 0.933, en P 0.973 R 0.923, fr P 0.977 R 0.927. Still sealed the next session, when the
#: eleventh was opened (the only sealed set): after the variant model's transcriptions and the eleventh set's context
#: rules, ar P 0.963 R 0.953, en P 0.975 R 0.927, fr P 0.988 R 0.929 (false positives 44 -> 35, misses 110 -> 98).
#: A development set since (sixth session): after its old names (misses 98 -> 93) and the Russian and Turkish transliteration
#: habits of the variant model, ar P 0.963 R 0.963, en P 0.976 R 0.961, fr P 0.989 R 0.964 (false positives 35, misses
#: 93 -> 57).
#: With the context rules from it too (sixth session): ar P 0.985 R 0.968, en P 0.994 R 0.974, fr P 0.993 R 0.975 (false
#: positives 35 -> 14, misses 57 -> 42).
BLIND12_FLOORS = {"ar": (0.982, 0.977), "en": (0.990, 0.975), "fr": (0.991, 0.980)}
#: The thirteenth blind set (issue 14): 60 texts (1,321 mentions, 231 hard negatives, all 118 sites in each language) in
#: sixteen genres no earlier set used (fact-checks, photo-desk captions, tenders, customs bulletins, job vacancies, road
#: advisories, press reviews, detention-centre lists, mine-action reports, orders of battle, incident logs, chat
#: transcripts, diplomatic cables, football tables, consumer complaints, festival programmes), written and reviewed blind
#: to the code like the twelfth (``heldout_blind13_guide.md``), sealed for one session. Scored on the code
#: of the session's start (bc8a6ee): ar P 0.980 R 0.942, en P 0.973 R 0.859, fr P 0.987 R 0.929 (false positives 24,
#: misses 117). Floors are measured minus 0.005; only datelines are clean. At the session's end, after the twelfth
#: set's rules (Russian and Turkish habits, its context rules, old names, label decisions): ar P 0.980 R 0.945, en P 0.981
#: R 0.878, fr P 0.989 R 0.941 (false positives 20, misses 102). A development set since (seventh session): after its
#: context rules (the venue of a fixture row, lower-case writers, a table's column of places, festivals, a town in
#: brackets after its base's name, a Latin gloss, an air base's name with "base" after it), the variant habits written
#: from it and Cufra shared with Jufra: ar P 0.981 R 0.969, en P 0.990 R 0.964, fr P 0.990 R 0.972 (false positives 17,
#: misses 42).
BLIND13_FLOORS = {"ar": (0.980, 0.966), "en": (0.985, 0.970), "fr": (0.992, 0.972)}
#: The fourteenth blind set (issue 14): 60 texts (1,359 mentions, 207 hard negatives, all 118 sites in English and
#: French, 117 in Arabic) in sixteen genres no earlier set used (locust bulletins, flood-reconstruction reports, gazette
#: decrees, translator's glossaries, quiz shows, war memoirs, archive finding aids, pilgrim flight schedules, fuel-queue
#: reports, telecom outages, rental listings, scholarship lists, statistical yearbooks, social announcements, car-rental
#: adverts, border-trade statistics), written and reviewed blind to the code like the thirteenth
#: (``heldout_blind14_guide.md``), sealed for one session. Scored on the code of the session's start
#: (ae0d2c3): ar P 0.958 R 0.900, en P 0.990 R 0.932, fr P 0.984 R 0.967 (false positives 28, misses 89). Floors are
#: measured minus 0.005; only datelines are clean. At the session's end, after the thirteenth set's rules: ar P 0.958
#: R 0.918, en P 0.990 R 0.934, fr P 0.984 R 0.971 (false positives 28, misses 79). A development set since (eighth
#: session); nine Arabic surfaces cut against the surface conventions (an attached و, a base word) were corrected when
#: it opened (the guide lists them): ar P 0.977 R 0.935 (false positives 21, misses 72).
#: After its context rules and variant habits (eighth session): ar P 0.995 R 0.965, en P 0.994 R 0.972, fr P 0.991
#: R 0.989 (false positives 9, misses 33).
BLIND14_FLOORS = {"ar": (0.989, 0.972), "en": (0.988, 0.967), "fr": (0.986, 0.983)}
#: The fifteenth blind set (issue 14): 60 texts (1,147 mentions, 175 hard negatives, 118 sites in Arabic and French, 117
#: in English) in sixteen genres no earlier set used (heritage reports, bird counts, seismic bulletins, oil-spill
#: monitoring, graduation ceremonies, ceasefire-commission minutes, CVs, logbooks, convoy waybills, racing results, folk
#: poetry, school lessons, construction-progress reports, wiki talk pages, documentary reviews, medevac logs), written and
#: reviewed blind to the code like the fourteenth (``heldout_blind15_guide.md``), sealed for one session.
#: Scored on the code of the session's start (2a163b2): ar P 0.972 R 0.946, en P 0.979 R 0.974, fr P 0.963 R 0.978
#: (false positives 33, misses 40). Floors are measured minus 0.005; datelines (none labelled) and vessels are clean.
#: At the session's end, after the fourteenth set's rules: ar P 0.974 R 0.943, en P 0.982 R 0.977, fr P 0.963 R 0.978
#: (false positives 31, misses 40). A development set since (ninth session), labels unchanged: after its context rules
#: (a namesake abroad in the same sentence or an earlier paragraph, the Arabic base-at phrase, quoted names of craft and
#: animals, racing stables, a base word over a list) and the variant model's Arabic transcriptions: ar P 0.985 R 0.951,
#: en P 0.991 R 0.988, fr P 0.985 R 0.993 (false positives 15, misses 27).
BLIND15_FLOORS = {"ar": (0.979, 0.945), "en": (0.986, 0.983), "fr": (0.980, 0.987)}
#: The sixteenth blind set (issue 14): 60 texts (1,240 mentions, 233 hard negatives, 118 sites in Arabic and French, 115
#: in English) in sixteen genres no earlier set used (OSINT geolocation threads, sanctions notices, war-graves registers,
#: fish markets, strike notices, impact assessments, food blogs, expeditions, missing persons, veterinary bulletins,
#: arms-fair lists, sermons, loss adjusters, Man-Made River maintenance, children's stories, dialling-code and plate
#: directories), with plain mentions under half for the first time (37%), written and reviewed blind to the code like
#: the fifteenth (``heldout_blind16_guide.md``), and SEALED: no rule is written from it. Scored on the code of the
#: session's start (010eae9): ar P 0.958 R 0.905, en P 0.958 R 0.956, fr P 0.976 R 0.965 (false positives 43, misses
#: 70). Floors are measured minus 0.005; datelines are clean. At the session's end, after the fifteenth set's rules and
#: the variant model's: ar P 0.958 R 0.913, en P 0.958 R 0.956, fr P 0.979 R 0.972 (false positives 42, misses 64).
BLIND16_FLOORS = {"ar": (0.953, 0.900), "en": (0.953, 0.951), "fr": (0.971, 0.960)}


@dataclass(frozen=True)
class BlindSet:
    """A blind set's size (mentions in total, per language at least, hard negatives), its regression
    floors per language and the look-alike classes (issue 14's bar for all five: dateline,
    foreign-lookalike, vessel, person, common-word) with no false positive left on it."""

    mentions: int
    per_lang: int
    negatives: int
    floors: dict[str, tuple[float, float]]
    clean_classes: tuple[str, ...]


BLIND_SETS = {
    "heldout_blind2.jsonl": BlindSet(600, 200, 60, BLIND2_FLOORS,
                                     ("dateline", "foreign-lookalike", "vessel", "person", "common-word")),
    "heldout_blind3.jsonl": BlindSet(600, 180, 60, BLIND3_FLOORS,
                                     ("dateline", "foreign-lookalike", "vessel", "person", "common-word")),
    "heldout_blind4.jsonl": BlindSet(780, 250, 70, BLIND4_FLOORS,
                                     ("dateline", "foreign-lookalike", "vessel", "person", "common-word")),
    "heldout_blind5.jsonl": BlindSet(900, 290, 120, BLIND5_FLOORS, ("dateline", "common-word")),
    "heldout_blind6.jsonl": BlindSet(1150, 350, 140, BLIND6_FLOORS, ("dateline",)),
    "heldout_blind7.jsonl": BlindSet(1150, 370, 140, BLIND7_FLOORS, ("dateline",)),
    "heldout_blind8.jsonl": BlindSet(1080, 355, 160, BLIND8_FLOORS, ("dateline",)),
    "heldout_blind9.jsonl": BlindSet(1170, 365, 175, BLIND9_FLOORS, ("dateline",)),
    "heldout_blind10.jsonl": BlindSet(1160, 375, 165, BLIND10_FLOORS, ("dateline", "vessel", "person")),
    "heldout_blind11.jsonl": BlindSet(1280, 400, 185, BLIND11_FLOORS, ("dateline",)),
    "heldout_blind12.jsonl": BlindSet(1500, 460, 225, BLIND12_FLOORS, ("dateline",)),
    "heldout_blind13.jsonl": BlindSet(1300, 400, 225, BLIND13_FLOORS, ("dateline",)),
    "heldout_blind14.jsonl": BlindSet(1350, 400, 200, BLIND14_FLOORS, ("dateline",)),
    "heldout_blind15.jsonl": BlindSet(1140, 340, 170, BLIND15_FLOORS, ("dateline", "vessel")),
    "heldout_blind16.jsonl": BlindSet(1240, 375, 230, BLIND16_FLOORS, ("dateline",)),
}


@pytest.mark.parametrize("name", sorted(BLIND_SETS))
def test_blind_set_size_and_floors(name: str) -> None:
    spec = BLIND_SETS[name]
    examples = load_examples(DATA / name)
    per_lang: dict[str, int] = {}
    negatives = 0
    for e in examples:
        per_lang[str(e["lang"])] = per_lang.get(str(e["lang"]), 0) + len(e["expected"])  # type: ignore[arg-type]
        negatives += len(e.get("negatives") or [])  # type: ignore[arg-type]
        for exp in e["expected"]:  # type: ignore[attr-defined]
            assert exp["surface"] in e["text"], e["id"]
    assert sum(per_lang.values()) >= spec.mentions, per_lang
    assert min(per_lang.values()) >= spec.per_lang and negatives >= spec.negatives, (per_lang, negatives)
    ev = evaluate(examples)
    for lang, (precision, recall) in spec.floors.items():
        score = ev.by_lang[lang]
        assert score.precision >= precision and score.recall >= recall, (lang, score.as_dict())
    for klass in spec.clean_classes:
        assert klass not in ev.by_class or ev.by_class[klass].fp == 0, [
            e for e in ev.errors if e["class"] == klass]
