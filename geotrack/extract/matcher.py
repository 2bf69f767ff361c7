"""Find gazetteer sites in a text: one Aho-Corasick scan, word boundaries, context rules.

The steps, for one text:

1. normalise it (:func:`normalize`);
2. scan the normalised text once with an automaton over every normalised spelling; Arabic spellings
   that begin with the article ال are stored without it, so that ``للكفرة`` (ل + ال, alef dropped) is
   found as well as ``الكفرة`` and ``بالكفرة``;
3. keep a hit only on word boundaries: nothing alphanumeric after it (an English possessive ``'s``
   excepted) and, before it, either nothing alphanumeric (Latin) or only an allowed chain of attached
   Arabic prefixes (و ف ب ل ك, ال, لل);
4. resolve overlaps: leftmost, then longest, wins (``براك الشاطئ`` before ``براك``);
5. give each hit a confidence: spellings that are also ordinary words need context (see
   ``data/gazetteer/README.md``: ``variants_doc``, ``variants_local``, ``variants_strict``) and are
   dropped when a negative cue (``لبنان`` for طرابلس) is in their sentence;
6. map offsets back to the original text, and cut the sentence around each mention.
"""

from __future__ import annotations

import gc
import re
from typing import TYPE_CHECKING, Final

import ahocorasick_rs

from geotrack.context import ContextData
from geotrack.gazetteer import spelling_key
from geotrack.gazetteer.variants import arabic_variants
from geotrack.models import ContextTerm, Mention, Site
from geotrack.text.arabic import (
    AL_PREFIXES,
    ONE_LETTER_PREFIXES,
    PLAIN_PREFIXES,
    PREPOSITION_PREFIXES,
    SHORT_PREFIXES,
    is_arabic,
)
from geotrack.text.normalize import (
    SCAN_ALNUM,
    OffsetMap,
    bisect_right,
    encode_for_scan,
    in_scan_page,
    normalize,
    normalize_for_scan,
)
from geotrack.text.sentences import (
    blank_line_after,
    blank_line_before,
    cut,
    sentence_ends,
    sentence_index,
    sentence_span,
)
from geotrack.translit import consonants, similar, skeleton

if TYPE_CHECKING:
    from geotrack.gazetteer import Gazetteer

LEVEL: Final = {"variants": 0, "variants_doc": 1, "variants_local": 2, "variants_strict": 3}

#: Confidence given by each rule. Rules whose value is below the default threshold (0.5) are reported
#: only when asked for with a lower ``min_confidence``.
CONFIDENCE: Final = {
    "gazetteer": 0.95,
    "context:cue": 0.9,
    "context:adjacent": 0.88,
    "context:preposition": 0.8,
    "context:document": 0.7,
    "context:document+military": 0.7,
    "context:one-sense": 0.75,
    "context:dateline": 0.9,
    "generated": 0.85,
    "generated+context": 0.6,
    "bulk": 0.7,
    "bulk+context": 0.6,
    "ambiguous:foreign-sense": 0.1,
    "ambiguous:no-libya": 0.1,
    "lookalike:abroad": 0.05,
    "lookalike:vessel": 0.05,
    "lookalike:name": 0.05,
    "lookalike:person": 0.05,
    "lookalike:club": 0.05,
    "lookalike:word": 0.05,
    "ambiguous:no-context": 0.2,
    "ambiguous:word-sense": 0.2,
    "ambiguous:negative-cue": 0.05,
}

#: What :meth:`Matcher._lookalike` returns for a thing named after the place (the Sirte Oil Company, حوض سرت, Tobruk
#: Road, the "Tobruk" callsign): reported as ``lookalike:name``, but unlike a person's name ("Marta Brak ... Brak said")
#: it leaves the document's later bare mentions of the name to one sense per document (the basin is no sense of Sirte).
_THING: Final = "lookalike:thing"

_AL_PREFIXES: Final = AL_PREFIXES
_PLAIN_PREFIXES: Final = PLAIN_PREFIXES
_SHORT_PREFIXES: Final = SHORT_PREFIXES
_PREPOSITION_PREFIXES: Final = PREPOSITION_PREFIXES
#: French elision before a Latin name: d'Ajdabiya, l'Ajdabiya (the apostrophe is checked in the original).
_ELISIONS: Final = frozenset({"d", "l", "qu", "j", "n", "s", "jusqu", "lorsqu", "puisqu"})
_ARTICLES: Final = frozenset({"al ", "el "})
_ASSIMILATED: Final = frozenset({"ash ", "ath ", "adh ", "as ", "ad ", "ar ", "at ", "az ", "an ", "es ", "ed ", "er ", "et ",
                          "ez ", "en "})
#: The word before a name that may be an assimilated article, alone or after a French elision (des sider).
_ASSIMILATED_ANY: Final = _ASSIMILATED | {e + a for a in _ASSIMILATED for e in "dl"}
_ARTICLE_LAST_LETTERS: Final = "".join(sorted({a[-2] for a in _ASSIMILATED_ANY}))
#: Assimilated articles that are English words: capitalised, they still need a hyphen to be the article.
_ENGLISH_ARTICLES: Final = frozenset({"as", "an", "at"})
_SUN_LETTERS: Final = {"t": "at", "d": "ad", "r": "ar", "z": "az", "s": "as", "n": "an"}


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


#: Words that say the next (or previous) name is an air base or airfield.
KIND_CUES_BEFORE: Final = _norm_set(
    "قاعدة قاعدتي قاعدتا قواعد القاعدة مطار مطاري مطارات المطار مهبط مهابط مدرج base bases airbase airbases "
    "airfield airfields airport airports airstrip airstrips aerodrome aéroport aéroports runway runways tarmac "
    "hangar hangars base aérienne"
)
KIND_CUES_AFTER: Final = _norm_set(
    "الجوية الجويه العسكرية العسكريه الجويتين base airbase airfield airport airstrip air aéroport aerodrome"
)
#: Words that say the name is a place: town, region, district.
PLACE_CUES_BEFORE: Final = _norm_set(
    "مواليد جبهة جبهات front مدينة مدينتي مدينتا مدن بلدة بلدتي بلدتا بلدات منطقة منطقتي مناطق واحة واحات بلدية بلديات قرى "
    "ضواحي أطراف محور مدخل وسط سكان "
    "أهالي ميناء مرفأ مصفاة حقل حي أحياء طريق معبر منفذ town towns city cities port refinery terminal residents people mayor "
    "oasis region district municipality outskirts neighbourhood neighbourhoods neighborhood neighborhoods ville "
    "région oasis quartier quartiers village villages محطة قرية مركز habitants piste pistes "
    # a checkpoint's gate named after the town (بوابة الماية, عند بوابتي قندولة والبياضة)
    "بوابة بوابتي "
    # a festival named after its town is held there: the town (مهرجان هون الخريفي, as "the Hun Autumn Festival")
    "مهرجان"
)
PLACE_CUES_AFTER: Final = _norm_set(
    "town city oasis district region municipality residents port terminal refinery oilfield field oil crossing "
    "road highway village ville front bridge checkpoint مدينة بلدة منطقة غربا شرقا شمالا جنوبا "
    # a town's university, hospital or schools are the town (Sebha University); one named after a man is a
    # name (Omar Al-Mukhtar University: the person rule of _lookalike, read first)
    "university hospital "
    # the place of today after its old name (ميناء حمص، أي الخمس الحالية "the port of Homs, today's al-Khums")
    "الحالية الحالي"
)
#: A town's institutions and features whose noun governs its name (جامعة سرت, مدارس البيضاء, شاطئ سوسة, مراقب آثار
#: البيضاء): the place, where the name is also a word (read by the context rule only; a name that starts with a given
#: name stays the man's: جامعة عمر المختار).
INSTITUTION_CUES: Final = _norm_set("جامعة جامعات مدرسة مدارس كلية مستشفى مستشفيات مراقبة آثار شاطئ شواطئ مزارعو "
                                    "سوق أسواق "  # (a town's market: سوق هون الأسبوعي, سوق المرج الأسبوعي)
                                    "مزارعي")
PREPOSITIONS: Final = _norm_set(
    "في من عن إلى الى على نحو قرب قُرب حول داخل عند بين باتجاه جنوب شمال شرق غرب جنوبي شمالي شرقي غربي تجاه "
    "in near from to at around outside into toward towards via through between south north east west à de vers près "
    "jusqua "
    "dans entre "
    "عبر"  # ("via", as the English via: أخذونا شمالًا عبر براك)
)
MILITARY: Final = _norm_set(
    "قاعدة قواعد القاعدة عسكرية عسكري العسكرية العسكري طائرات طائرة طيران الطيران قوات القوات مقاتلين مرتزقة "
    "شحنات أسلحة الأسلحة ذخائر روسية الروسية روسيا الروس تركيا التركية دفاع الدفاع جوي الجوي الجوية مدرج "
    "خفر حرس military aircraft troops forces flights cargo russian russia turkish base bases air weapons coastguard "
    "navy naval"
)
def _names_libya(norm: str) -> bool:
    """Does the text name Libya: a whole word ليبيا، ليبي، الليبي، libya, libyan, libye ... with at most
    two attached prefixes (و ب ل ف ك)? Found from the occurrences of "liby" and "ليبي" (every such word
    holds one), not with a regex: a pattern that starts with a look-behind is tried at every position."""
    n = len(norm)
    for stem in _LIBYA_STEMS:
        i = norm.find(stem)
        while i >= 0:
            a = i
            while a > 0 and (norm[a - 1].isalnum() or norm[a - 1] == "_"):
                a -= 1
            b = i + len(stem)
            while b < n and (norm[b].isalnum() or norm[b] == "_"):
                b += 1
            word = norm[a:b]
            if word in _LIBYA_WORDS:
                return True
            if len(word) > 2 and word[0] in _LIBYA_PREFIXES and (
                    word[1:] in _LIBYA_WORDS or (word[1] in _LIBYA_PREFIXES and word[2:] in _LIBYA_WORDS)):
                return True
            i = norm.find(stem, b)
    return False


_LIBYA_STEMS: Final = ("liby", "ليبي")
_LIBYA_WORDS: Final = frozenset({"ليبيا", "ليبي", "الليبي", "الليبيه", "الليبيين", "libya", "libyan", "libye", "libyen",
                                 "libyenne"})
_LIBYA_PREFIXES: Final = ONE_LETTER_PREFIXES


#: Ship prefixes (HMS Tobruk, TCG Gaziantep) and words that name a ship or boat before its name.
VESSEL_PREFIXES: Final = frozenset({"hms", "hmas", "uss", "ens", "tcg", "fs", "its", "sns", "hmcs", "ins", "rfs", "mv",
                                    "mt", "lns"})
VESSEL_WORDS: Final = _norm_set(
    "frigate frigates corvette corvettes tanker tankers vessel vessels ship ships boat boats destroyer navire navires "
    "patrouilleur patrouilleurs frégate corvette pétrolier porte-conteneurs bateau bateaux ناقلة ناقلات زورق زوارق سفينة "
    "السفينة الفرقاطة فرقاطة البارجة الزورق الناقلة باخرة الباخرة "
    "قاطرة القاطرة قاطرات"  # (a tug: القاطرة الليبية «زوارة»)
)
#: Arabic nouns of two ships or more: they name ships only when the names are quoted (الباخرتين «مرزق» و«زليتن»);
#: elsewhere they are ships at a place (السفن في ميناء طرابلس, سفن الصيد في زوارة).
_SHIPS_AR: Final = _norm_set("باخرتين باخرتان الباخرتين الباخرتان بواخر البواخر سفينتين سفينتان السفينتين السفينتان "
                             "سفن السفن ناقلتين الناقلتين")
#: Nouns of craft and animals that carry a place's name in quotes (l'avion sanitaire « Ghadames », المهر "ودّان",
#: the colt 'Sabha'): like :data:`_SHIPS_AR` they name the thing only where the name is quoted right after them.
_QUOTED_THING_NOUNS: Final = _norm_set(
    "avion avions lavion lappareil appareil helicoptere lhelicoptere jet aircraft plane helicopter airliner "
    "cheval chevaux jument etalon letalon poulain pouliche chamelle chameau dromadaire horse mare colt stallion filly "
    "camel طائرة طائرات مروحية مهر المهرة مهرة فرس حصان جواد ناقة الهجين هجين "
    "الطائرة الطائرات المروحية المهر الفرس الحصان الجواد الناقة")
#: Words right after a quoted name that make it a racing animal's: its stable (« Tazirbou » — écurie Ben Saïd).
_STABLE_WORDS: Final = _norm_set("ecurie lecurie stable stables اسطبل اسطبلات")
#: What may follow a horse's name before its stable: a space, a closing quote, a bracket.
_STABLE_GAP_FIRST: Final = " (" + "»”\"’"
#: Nouns of a ship that name it only right before its name, with nothing between (le cargo Ghadames Pearl, the
#: trawler Sabratha): elsewhere they are words of trade ("cargo flights to Benghazi", "the cargo. Misrata ...").
SHIP_NOUNS: Final = _norm_set("cargo vraquier chalutier remorqueur ferry freighter trawler tug caboteur roulier "
                               "vedette vedettes steamer steamship liner paquebot "
                               "ro")  # (a ro-ro, normalised "ro ro": the ro-ro Derna)  # (la vedette Sabratha: a patrol boat)
#: Words before a vessel word that make it the ship (a determiner or a number: "le pétrolier libyen Ubari", "deux
#: pétroliers"); after a noun a French vessel word is an adjective ("le croissant pétrolier (Sidra, Brega)", "le port
#: pétrolier de Zawiya").
_SHIP_DETERMINERS: Final = _norm_set("le la l un une ce cet du au des les aux son sa ses leur leurs notre votre the a "
                                     "an this that its their our one two deux trois quatre")
#: Adjectives of a French vessel word that is also the adjective "oil" (pétrolier, pétrolière).
_ADJECTIVE_VESSEL_WORDS: Final = _norm_set("pétrolier pétroliers")
#: A nationality adjective (Latin): libyen, Libyan, maltais, turc, Maltese, Turkish ... between a ship noun and its
#: name ("le roulier libyen Derna"), or a flag ("the Libyan-flagged Ubari", normalised "libyan flagged").
_NATIONALITY: Final = re.compile(r"[a-z]{2,}(?:ien|ienne|ain|aine|ais|aise|ois|oise|an|ane|ese|ish|c|que|i)")
#: Words after a Latin name that make it the name of a company, a basin or a service, not the place.
ORG_WORDS: Final = frozenset({"company", "oil", "basin", "express", "refining", "corporation", "holding", "petroleum",
                              "gas", "club", "logistics", "ltd", "airlines", "airways", "aviation",
                              "shipping", "trading", "group", "bank", "telecom", "cement", "steel", "relief", "network",
                              "transport", "services", "service", "logistic", "llc", "inc", "foundation",
                              "association", "street", "avenue", "boulevard",  # the Rats of Tobruk Association, Derna Street
                              # a newspaper, a station or a news page (la page Facebook Koufra Aujourd'hui)
                              "today", "aujourdhui", "news", "tv", "radio", "fm", "post", "times", "herald", "online"})
#: Capitalised words after a name that date it, never a person's family name ("landed at Al-Khadem Saturday").
CALENDAR_WORDS: Final = _norm_set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier "
    "mars avril mai juin juillet aout septembre octobre novembre decembre")
#: Words that give a place's other or new name right after them (now called X, renamed X, appelée X, تسمى X).
RENAMING_WORDS: Final = _norm_set("called renamed named appelee appele appelees appeles rebaptisee rebaptise renommee "
                                  "renomme baptisee baptise dite باسم سميت تسمى المسماه")
#: People of a place, who may stand before a preposition and its name (سكان في X, residents in X).
RESIDENT_WORDS: Final = _norm_set("سكان أهالي residents inhabitants habitants")
#: Words of a place's council or road that may stand before a preposition and its name (المجلس المحلي في X, الطريق
#: نحو X, the road to X): the name is a place.
PLACE_HEADS: Final = RESIDENT_WORDS | _norm_set("المحلي البلدي الطريق طريق road council conseil route")
#: Libya's historical regions, which a writer may name after a town (Brak, dans le Fezzan): no site of their own.
LIBYAN_REGIONS: Final = _norm_set("fezzan fezzane fazzan cyrenaica cyrenaique barqa tripolitania tripolitaine "
                                  "nafusa nefoussa jufra")
#: Words a ship's name ends in after a place name (the Sabratha Queen, Zuwara Star): the name of a vessel.
SHIP_NAME_WORDS: Final = frozenset({"queen", "star", "princess", "spirit", "pearl", "glory", "breeze", "wind", "sun",
                                    "carrier", "trader", "pioneer", "navigator", "voyager", "mariner"})
#: Words of an offshore installation before or after a name (la plateforme gazière offshore Sabratha, the
#: Bouri platform): the installation is named after the place, offshore, and is not the place.
PLATFORM_WORDS: Final = frozenset({"platform", "platforms", "plateforme", "plateformes", "rig", "rigs"})
#: Lower-case words after a Latin name that make it the name of an installation, a geological feature or a crude
#: oil (the Sirte basin, the Jalu trend, Es Sider grade).
_FEATURES_AFTER: Final = PLATFORM_WORDS | frozenset({"basin", "trend", "grade", "grades", "blend", "crude"})
#: Words of a fundraising appeal after a name, that end its phrase ("Derna appeal.", "the Tobruk fund,"): the appeal,
#: not the place (not the verb: "Hospitals in Tripoli appeal for blood donors").
_APPEAL_WORDS: Final = frozenset({"appeal", "fund"})
#: Words of a platform's kind between a name and its platform word (the Sabratha gas platform).
_PLATFORM_MODIFIERS: Final = frozenset({"gas", "oil", "offshore", "drilling", "production"})
#: Words of an oil field after a town's name: the field named after the town, not the town ("the Zelten field"; an
#: oil field the gazetteer lists has its own site and base phrase).
_FIELD_WORDS: Final = frozenset({"field", "fields", "oilfield", "oilfields"})
#: French words of an oil field before "de" and a town's name (le champ de Zelten, le gisement de X).
_FIELD_WORDS_FR: Final = _norm_set("champ champs gisement gisements")
#: Arabic words of a company, an institution or an offshore platform right before a name (شركة الزويتينة للنفط, منصة
#: صبراتة "the Sabratha platform"), of a geological basin (حوض مرزق) or a crude oil (خام السدرة "Es Sider crude"), or
#: of a street (شارع بنغازي): the name of something named after the place.
ORG_HEADS_AR: Final = _norm_set("شركة شركات مؤسسة منصة منصات حوض أحواض خام شارع "
                                # a radio, a channel, a newspaper, a club, a dune sea (رمال أوباري "the Ubari sands")
                                "إذاعة قناة صحيفة جريدة نادي رمال "
                                "راديو "  # (راديو سبها "Radio Sabha": a station, set 9's guide)
                                # (بحيرات أوباري "the Ubari lakes", like its sands: set 14's guide; one lake by an
                                # oasis, بحيرة الجغبوب, is the oasis: set 10's)
                                "بحيرات "
                                "هضبة")  # (هضبة جادو "the Djado plateau" of Niger: no town of Libya is called a plateau)
#: Words right after a quoted name that make it a name given after the place (the "Tobruk" callsign).
CODE_NAME_WORDS: Final = _norm_set("callsign callsigns codename code-name indicatif indicatifs نداء النداء")
#: The two-word code-name heads before a quoted name (call sign "Bengazi", nom de code « Syrte »), as word pairs.
_CODE_NAME_PAIRS: Final = frozenset({("call", "sign"), ("call", "signs"), ("code", "name"), ("de", "code")})
#: Latin words of a broadcasting station right before a name (Radio Misrata): the station, set 9's guide ("other").
_STATION_WORDS: Final = frozenset({"radio"})
#: Arabic heads of a fund or a committee up to two words before a name (صندوق إعمار درنة "the Derna reconstruction
#: fund", لجنة إعادة استقرار سرت): the thing named after the town (the guides: "other").
_FUND_HEADS_AR: Final = _norm_set("صندوق لجنة")
#: Arabic words of a firm right before a name that a "for the ..." (لل) of its trade follows (وكالة اوباري للسفر,
#: مجموعة زلة للمقاولات): the firm, named after the place; without the trade, the agency or the group may be the town's.
_FIRM_HEADS_AR: Final = _norm_set("وكالة مجموعة")
_FOR_THE: Final = normalize("لل")
#: Arabic words of a ferry right before a Latin name inside Arabic text (العبّارة AL KUFRA): the ship.
_FERRY_WORDS_AR: Final = _norm_set("عبارة العبارة")
#: Words of a Sufi lodge's people right before الزاوية (مريدي الزاوية "the lodge's disciples"): the lodge, a noun.
_LODGE_PEOPLE_AR: Final = _norm_set("مريدي مريدو مريدين")
#: Arabic words right before a man's name that give it (اسمه براك "his name is Brak", المدعو, يدعى); a town is
#: feminine (مدينة اسمها ...) and keeps its name.
_NAMED_PERSON_AR: Final = _norm_set("اسمه يدعى المدعو")
#: Adverbs and conjunctions that open a sentence, capitalised before a name, never a first name ("Puis Brak, puis
#: Gat", "Then Ghat").
_SENTENCE_ADVERBS: Final = frozenset({"puis", "ensuite", "enfin", "alors", "donc", "mais", "aussi", "then", "but",
                                      "also", "next", "finally", "and", "et", "ou", "or"})
#: English heads of a thing's name: a committee, a fund, not the place, before the name ("the Select Committee on
#: Benghazi", :data:`_THING_HEADS`) or one or two capitalised words after it ("the Derna Flood Committee", "the Tobruk
#: Relief Fund", :data:`_THING_HEADS_AFTER`).
_THING_HEADS_EN: Final = ("Committee", "Fund", "Foundation")
_THING_HEADS_AFTER: Final = _norm_set(" ".join(_THING_HEADS_EN))
#: The Arabic word after a name that makes it a flight information region (منطقة طرابلس لمعلومات الطيران, the
#: "Tripoli FIR" the guides count as "other").
_FIR_AFTER_AR: Final = " " + normalize("لمعلومات")
#: ISO 3166 country codes in brackets after a name in a table ("TRIPOLI (LB)"), with the English country name: the
#: place abroad where that name is one of the site's negative cues.
_COUNTRY_CODES: Final = {"lb": "lebanon", "sy": "syria", "gr": "greece", "ye": "yemen", "tn": "tunisia",
                         "eg": "egypt", "ma": "morocco", "dz": "algeria", "in": "india", "br": "brazil",
                         "pt": "portugal", "fi": "finland", "no": "norway", "kr": "korea", "kh": "cambodia",
                         "iq": "iraq", "ir": "iran", "qa": "qatar", "ph": "philippines", "pk": "pakistan",
                         "sn": "senegal", "cn": "china", "bd": "bangladesh", "us": "usa"}
#: The first cell of a table's header that makes its rows ships (السفينة | العلم | ...; Vessel | Flag | ...).
_SHIP_COLUMN_HEADS: Final = _norm_set("السفينة سفينة vessel ship navire")
#: Latin words right before a name that make it the name of something named after the place: the Italian "city of"
#: of a ship's or a title's name (the steamer Città di Tripoli), a crude oil (le brut Es Sider), a street (la rue de
#: Koufra).
NAMED_AFTER_HEADS: Final = _norm_set("citta brut qualite rue avenue boulevard")
#: Italian articles and articled prepositions before "città di": the city itself ("la pianta della città di Bengasi").
_ITALIAN_ARTICLES: Final = _norm_set("la della nella dalla alla sulla una")
#: Words of a crude oil's grade right before its name (le brut Es Sider, la qualité Es Sider).
_GRADE_WORDS: Final = _norm_set("brut qualite")
_STREET_WORDS: Final = _norm_set("rue avenue boulevard")
#: French words of a dune sea before a name (l'erg d'Oubari, the Ubari sand sea): the desert, not the town.
_DUNE_WORDS: Final = _norm_set("erg lerg idhan lidhan sable")  # (Idhan Murzuq; la mer de sable de Mourzouk: "sable de")
#: Capitalised French heads of a thing's proper name whose complement is a town ("le Comité des litiges de Zaouïa",
#: "le Fonds de reconstruction de Derna", "La Voix de Tobrouk", "les Rats de Tobrouk"): a committee, a fund, a
#: newspaper, a garrison's nickname named after the place (set 10's and 11's guides: negatives of class "other"), not
#: the place. (Courts, councils, hospitals and schools are the town: they are not among them; nor is a festival, held
#: in its town: « Festival international de Ghadamès ».) A race's "Prix de Janzour" is named after the town.
_THING_HEADS: Final = ("Comité", "Comite", "Fonds", "Fondation", "Voix", "Journal", "Rats", "Association", "Prix",
                        *_THING_HEADS_EN)
_THING_HEADS_OF: Final = _norm_set(" ".join(_THING_HEADS))
#: Lower-case heads of a venue whose name is an article and a place's name ("le restaurant Le Benghazi").
_VENUE_WORDS: Final = _norm_set("restaurant cafe brasserie hotel")
_THING_OF: Final = re.compile(r"(?:^|[\s«\"“(])(?:" + "|".join(_THING_HEADS) + ")"
                              # (or the head right before the name: "la Fondation Sabratha pour les antiquités")
                              r"(?:(?: [^\W\d_][\w-]*){0,3} (?:de|du|des|on|of|for))? $")
#: A company's word right before a Latin name (la Société Al-Marj des services alimentaires), as شركة before an
#: Arabic one (:data:`ORG_HEADS_AR`).
_COMPANY_WORDS_BEFORE: Final = _norm_set("societe")
#: Verbs that give a new aircraft or ship its name right before the name ("christened Ghadames"); a base renamed is
#: "renamed" or "now called" (:data:`RENAMING_WORDS`), and a base's name after them stays the base.
CHRISTENING_WORDS: Final = _norm_set("christened christen christens christening")
#: A name to come: "to be named", "will be named" right before a name give a new ship or aircraft its name (a
#: town is named, not "to be named").
_NAMED: Final = "named"
#: Latin words of a writer or a scholar right before a name (l'historien Brak, the author Misrati): the person.
PERSON_TITLES: Final = _norm_set("historian historien historienne author auteur autrice writer ecrivain ecrivaine "
                                 "journalist journaliste researcher chercheur chercheuse scholar professor professeur "
                                 "poet poete novelist romancier romanciere "
                                 "famille")  # (la famille Brak, a family's notice)
#: Military ranks two words before a name, a first name between (Lieutenant Richard Wheelus): the person.
MILITARY_RANKS: Final = _norm_set("lieutenant lt captain capt major colonel col general gen sergeant sgt "
                                  "capitaine commandant colonel general sergent")
#: Words right after a name that make it an author cited with others (براك وزملاؤه, Brak et al., Brak and colleagues).
COAUTHORS_AR: Final = _norm_set("وزملاؤه وزملائه وزملاؤها وزملائها وآخرون وآخرين")
_COAUTHORS_LATIN: Final = (" et al.", " et al,", " and colleagues", " and co-authors", " et ses collegues",
                           " et coll")
#: The first two letters of each :data:`COAUTHORS_AR` word and of each :data:`_COAUTHORS_LATIN` after its space.
_COAUTHORS_AR_HEADS: Final = frozenset(w[:2] for w in COAUTHORS_AR)
_COAUTHORS_LATIN_HEADS: Final = frozenset(w[1:3] for w in _COAUTHORS_LATIN)
#: Words of a political movement or party up to two words before a name (le mouvement libanais Marada, حزب X).
MOVEMENT_HEADS: Final = _norm_set("mouvement movement party parti حزب تيار حركة")
#: Words before a name that make it part of another place's name (Bab al-Aziziya, Dar El Beida).
COMPOUND_HEADS: Final = _norm_set("bab dar باب دار hotel lhotel albergo lalbergo فندق")  # (a hotel: l'hôtel Al Waddan, Albergo Uaddan)
#: Words of a tower before a town's name (برج طرابلس, la tour Tripoli: an office block); before an airfield's, its
#: control tower, the airfield (برج معيتيقة, Benina Tower).
_TOWER_WORDS: Final = _norm_set("tower برج")
#: Capitalised words that may stand before a place name as part of it or of the phrase (not a first name).
_NAME_HEADS: Final = _norm_set("wadi oued bir ras qasr gasr marsa jebel djebel jabal sidi umm oum bani beni zawiyat "
                               "the le la les el al")
DEMONSTRATIVES: Final = _norm_set("هذه هذا تلك ذلك")
#: Arabic words of an institution the guides count as the town, right before its name (مستشفى الخمس, مدارس سرت).
_INSTITUTIONS_BEFORE_AR: Final = _norm_set("مستشفى مستشفيات مدرسة مدارس جامعة محكمة مركز مراكز سوق أسواق")
#: The two words before ذلك in the idiom بما في ذلك "including" (its ذلك points at nothing after it).
_INCLUDING: Final = [normalize("بما"), normalize("في")]
#: Relative pronouns: they start with ال but are no definite adjective (المرج الذي يربط "al-Marj, which links").
RELATIVE_PRONOUNS: Final = _norm_set("الذي التي الذين اللذان اللتان اللذين اللتين اللواتي اللاتي اللائي")
#: Definite words of time that open an adverbial after a name (قرب البركات الأسبوع الماضي "near al-Barakat last
#: week"): no definite adjective that would make the name a noun of the language.
TIME_WORDS: Final = _norm_set("الأسبوع الاسبوع الشهر العام السنة اليوم الليلة الصباح المساء الأحد الاثنين الإثنين "
                              "الثلاثاء الأربعاء الخميس الجمعة السبت")
_GOD: Final = normalize("الله")
_MASCULINE_RELATIVES: Final = _norm_set("الذي الذين اللذان اللذين")
#: Particles that stand before a verb, never before a place: لا أدري "I do not know", لم تأت, سوف, قد.
VERB_PARTICLES: Final = _norm_set("لا لم لن قد سوف كي لكي")
#: Common given names: an ambiguous name right after one is a family name (عمر براك، الناشط محمد هون).
GIVEN_NAMES: Final = _norm_set(
    "محمد أحمد احمد عمر خالد عبدالله سالم مصطفى إبراهيم ابراهيم يوسف حسن حسين صالح سعيد فرج مفتاح ميلاد عادل "
    "جمال طارق نوري عثمان موسى عيسى خليفة فتحي مختار الطاهر الهادي المهدي بشير منصور رمضان عياد امحمد محمود "
    "سامي فوزي أسامة اسامة ناصر حمزة هشام وليد مراد عبدالسلام عبدالرحمن عبدالحميد عبدالكريم عبدالباسط "
    "توم جيمس مايكل ديفيد بيتر ريتشارد روبرت دونالد ستيفاني")
#: Common given names in Latin letters: a place named after a person (Omar al-Mukhtar) is the person unless a
#: place word stands before it.
LATIN_GIVEN_NAMES: Final = _norm_set("omar umar mohamed mohammed muhammad mohammad ahmed ahmad khalid salem mustafa "
                                     "moussa musa abdallah abdullah mahmoud mahmud "
                                     "ibrahim youssef yusuf hassan hussein saleh jamal gamal tarek tariq mansour mansur")
#: "Father of" before a town's name makes a man's nickname ("Ask for Abu Ubari"); not a given name: places are named
#: so (Abu Hadi), and the name that starts with it is the place.
_FATHER_OF: Final = _norm_set("abu abou")
#: Adjectives after an Arabic name that belong to a place (حقل الشرارة النفطي، الزاوية الغربية), not to a word.
_PLACE_ADJECTIVES: Final = _norm_set("النفطي النفطيه البحري البحريه الدولي الدوليه الغربيه الشرقيه الجنوبيه "
                                     "الشماليه الساحليه الصحراويه الكبرى الجديده القريبه المجاوره البعيده")
PRONOUNS: Final = _norm_set("أنا انا نحن أنت انت أنتم هو هي هم")
DIRECTIONS: Final = _norm_set("north south east west northern southern eastern western nord sud est ouest du شمال جنوب "
                              "شرق غرب شمالي جنوبي")
LIBYA_WORDS: Final = _norm_set("libya libye ليبيا الليبية الليبي")
#: Capitalised words before a Latin name that name a part of the place, never a first name ("Southern Tripoli.").
_REGION_ADJECTIVES: Final = DIRECTIONS | _norm_set("central greater downtown coastal")
#: Head words of an institution or an event the guides count as the town, second after its name (Zawiya Teaching
#: Hospital, Sebha Medical Centre, the Hun Autumn Festival): the capitalised word between is part of the
#: institution's or the event's name, no family name.
_INSTITUTIONS_AFTER: Final = _norm_set("hospital hospitals hopital university universite school schools college "
                                       "academy court courts tribunal clinic centre center institute prison festival")
#: Capitalised words right after a town's name that keep it the town: a base or a facility of the town, an
#: institution the guides count as the town (Sebha University, Misrata Court, the Benghazi North power station),
#: an armed group or a council of the town, an event named after it (an event is the place: the Ghadames talks),
#: and words of the sentence, not of a name (a date, a direction, Libya). Any other capitalised word makes the
#: name a modifier of another named thing (:func:`_named_after`): Ghadames Air, Tobruk Road, the Al Waddan Hotel,
#: the Murzuq Sand Sea.
_PLACE_HEADS_AFTER: Final = (KIND_CUES_AFTER | (PLACE_CUES_AFTER - {"road"}) | CALENDAR_WORDS | DIRECTIONS
                             | LIBYA_WORDS | LIBYAN_REGIONS | _norm_set(
    "airports bases airfields airstrips aeroport international military naval navy port harbour harbor seaport "
    "terminal terminals refinery refineries fields crossing border checkpoint gate universite hospitals hopital "
    "college academy school schools court courts tribunal council municipal municipality mayor prosecutor "
    "prosecution directorate security police station stations power plant medical central centre center clinic "
    "camp camps prison museum stadium market souk medina old city town towns region district governorate province "
    "area zone free sector front frontline axis corridor coast coastal "
    "brigade brigades militia militias forces battalion revolutionaries shura elders tribes chamber "
    "conference summit talks agreement accord process meeting dialogue forum festival fair battle siege offensive "
    "campaign massacre flood floods uprising revolution clashes war operation exercise declaration memorandum "
    "today tonight yesterday morning evening time local utc gmt"))
#: Words after "Air" that make it the name of a base or a force, not an airline ("Misrata Air Base", "Ghadames Air").
_AIR_BASE_WORDS: Final = _norm_set("base bases force field strip station defence defense wing academy college")
NAVAL_WORDS: Final = _norm_set("البحرية البحري naval navale")
#: Words of a sea or a basin before a name: the Gulf of Sirte, خليج سرت, le golfe de Syrte are water, not the town.
WATER_HEADS: Final = _norm_set("gulf golfe bay baie خليج سهل plain plaine "  # (and a plain: سهل الجفارة)
                               "wadi oued loued وادي")  # (and a valley named after the town: Wadi Derna, وادي درنة, l'oued Derna)
#: Every head word the look-alike rules ask for among the words before a name (one look-up gates them all).
_HEADS_BEFORE: Final = VESSEL_WORDS | WATER_HEADS | MOVEMENT_HEADS | COMPOUND_HEADS | ORG_HEADS_AR
#: Words that say a ship moves through or lies off a place ("frigates rotate through Tripoli", "a frigate off
#: Misrata"): the place is then no ship's name.
_SHIP_ROUTE_WORDS: Final = PREPOSITIONS | _norm_set(
    "through off across into onto par au aux en sur dans depuis عبر قبالة "
    # verbs of a journey whose object is where it goes or comes from: "tankers reached Zillah", "les bateaux ont
    # quitté Zouara", "ناقلات وصلت طبرق" (the boat is their subject, the place their object)
    "reach reached reaches reaching left leave leaves leaving enter entered enters entering approach approached "
    "approaching neared supplied resupplied atteint atteignent quitte quittent quitté rejoint rejoignent gagne gagné "
    "ravitaille ravitaillé وصلت وصل غادرت غادر دخلت دخل بلغت بلغ"
)
#: The Arabic "and" that Arabic text writes onto a Latin name it quotes (وJufra), the one prefix a Latin name takes.
_WAW: Final = "و"
_QUOTES: Final = "\"'«»“”‘’„()[]"
#: Quotes that open a name after a ship noun (le roulier « Derna », the ferry "Tobruk"), alone and after a space.
_OPENING_QUOTES: Final = "«“\"'‘„"
_OPENING_QUOTE_GAPS: Final = frozenset(f" {q} " for q in _OPENING_QUOTES)
#: Quotes and brackets that close: after a base word they end its phrase ("repartent vers la base. » Brak").
_CLOSING_QUOTES: Final = "»”’)]"
_AFTER_BASE: Final = ("air base", "airbase", "ab ", "ab)", "airfield", "base aerienne", "base)", "airport")
_SEPARATORS: Final = re.compile(r"[\s،,;/&؛–—-]+")
_GAP_WORDS: Final = frozenset({"", "and", "et", "or", "ou", "و", "او", "ثم", "puis", "then"})  # (ثم, puis: "then")
#: Between two names of a list, a conjunction may repeat the preposition: "autour de Djofra et de Brak".
_ADJACENT_GAP: Final = _GAP_WORDS | frozenset({"de", "d", "du", "à", "a", "to", "at", "in", "from", "en", "وفي", "ومن",
                                               "والى",
                                               # "Ghat and neighbouring Al Barkat", "Ghat et la voisine Al Barkat"
                                               "neighbouring", "neighboring", "nearby", "voisin", "voisine", "la",
                                               "le",
                                               # a route's arrows: "Gatroun > Brak > Idri", "Sebha → Brak"
                                               "➝", "→", "->", ">", "⇒", "➔"})
#: The widest gap between two names of a list (a conjunction, a preposition, "and neighbouring").
_ADJACENT_WIDTH: Final = 20
#: A bare count then a list's separator between two names of a table ("Sebha 21, Al Jedid", "Ghrayfa 2 · Brak").
_COUNT_THEN_SEPARATOR: Final = re.compile(r" \d{1,6}(?:[.,]\d+)? ?[,،;؛·•|] ?")
#: A count in brackets after a name of a list, once separators are spaces: "Shahat (22) and Al Qubbah (18)".
_COUNT_IN_BRACKETS: Final = re.compile(r"\( ?\d[\d. %]*\) ?")
#: Between a name and an accepted site after it, words that place the first near the second ("البركات قرب غات",
#: "Martuba, near Derna", "Al-Aziziya south of Tripoli") or start a route from it to the second ("يغادر براك نحو
#: قاعدة تمنهنت", "leaving Brak towards Tamanhint Air Base"): the first is a place too.
_NEAR_GAPS: Final = frozenset(normalize(w) for w in (
    "نحو", "باتجاه", "towards", "toward", "vers",  # (a route: "leaving Brak towards Tamanhint Air Base")
    "قرب", "بالقرب من", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "جنوب شرق", "جنوب غرب",
    "شمال شرق", "شمال غرب", "near", "close to", "outside", "south of", "north of", "east of", "west of",
    "south east of", "south west of", "north east of", "north west of", "pres de", "près de", "au sud de",
    "au nord de", "a l est de", "à l est de", "a l ouest de", "à l ouest de", "au sud est de", "au sud ouest de"))
#: What may stand between two airports of a route or a list: "Mitiga ou Misrata", "à Mitiga et à Misrata",
#: "Benina ➝ Sebha" (the arrow normalised or kept).
_ROUTE_GAP: Final = _GAP_WORDS | frozenset({"à", "a", "at", "to", "from", "de", "vers", "depuis", "via", "في", "الى",
                                            "إلى", "من", "➝", "→", "->", ">", "?", "⇒", "➔"})
_SHADDA: Final = "\u0651"
_DOUBLED: Final = re.compile(r"([b-df-hj-np-tv-z])\1")
_BASE_KINDS: Final = frozenset({"airbase", "airport", "airfield"})
_CUE_PREFIX: Final = frozenset(ONE_LETTER_PREFIXES)
_NO_PREFIX: Final = frozenset({""})
_APOSTROPHES: Final = "'’ʼ`´"
_OF_WORDS: Final = frozenset({"of", "de", "d", "du"})
#: Latin nouns of a settlement whose complement is its name (le village d'Omar Mukhtar, the town of X).
_SETTLEMENT_WORDS: Final = _norm_set("village villages town ville bourg hamlet hameau localite oasis")
_ARTICLE_LE: Final = frozenset({"le", "la", "the"})
_INTERNATIONAL: Final = " international"
#: Between an institution and a name: where it stands ("Omar Al-Mukhtar University in Al Bayda": the town).
_LOCATIVE_GAPS: Final = frozenset({" in ", " at ", " a ", " à ", " en "})
#: The words that join the parts of a compound name by hyphens before a name (Serment-de-Koufra), with their spaces.
_COMPOUND_LINKS: Final = frozenset({" de", " du", " la", " le"})
#: What stands between a listed name and a generated spelling of the same site that the writer sets against it
#: ("Tajoura is not Tadjoura", "Tajoura n'est pas Tadjourah"): the other place.
_NOT_THE_SAME: Final = frozenset({"is not", "isnt", "is no", "nest pas", "not", "ليست", "ليس"})
#: What stands before a sentence's first word (nothing, a stop, a colon, a line break).
_SENTENCE_OPENERS: Final = frozenset({"", ".", ":", "!", "?", "\n", "…"})
#: The article before a Latin name, alone or assimilated (al, el, es, as ...).
_ARTICLE_WORDS: Final = frozenset({"al", "el"} | {a.strip() for a in _ASSIMILATED})
_TOKEN_STRIP: Final = ".,;:!?()[]{}\"'«»“”،؛؟"
#: Characters either side of a mention searched for negative cues and military words.
NEAR: Final = 60

#: Words of football: a text holding two different ones (:func:`_sports_text`) is a sports text, where a town's name
#: in a fixture or a result may stand for its club. They ride in the sites' automaton (category "sport"): no pass
#: of their own over the text.
SPORTS_TEXT_WORDS: Final = tuple(sorted({normalize(w) for w in (
    "football", "soccer", "derby", "derbies", "stadium", "stadiums", "stade", "stades", "championnat",
    "premier league", "relegation", "goalkeeper", "midfielder", "striker", "kick-off", "buteur", "gardien de but",
    "الدوري", "دوري", "ديربي", "مباراة", "المباراة", "مباريات", "ملعب", "الملعب", "كرة القدم", "ركلة جزاء",
    "المشجعين", "المشجعون")}))
#: Labels that open a sports item in a roundup or a bulletin ("Sport: Khaleej Sirte drew one-all", "Sports : en
#: championnat, Sabha a battu Brak", رياضة:): the item is a sports text of its own (:func:`_sport_items`).
SPORT_LABELS: Final = tuple(sorted({normalize(w) for w in ("sport", "sports", "رياضة", "الرياضة")}))
_SPORT_LABEL: Final = re.compile(r"[^\W\d_]+ ?[:：]")
#: Words of a match: in a sports text, the sentence that holds one (or a score) is about clubs, and the bare name
#: of a town there, with no preposition of place before it, is the club ("Derna host Al Bayda in the derby",
#: تعادل زليتن مع فريق). Verbs of a result alone (lost, beat, خسر) are not enough: a bulletin's war news has them.
FIXTURE_WORDS: Final = _norm_set(
    "match matches matchs derby league relegation relegated promoted fixture fixtures goal goals fans supporters "
    "stadium football team teams championnat journee club equipe stade relegation "
    "مباراة المباراة مباراتي الدوري دوري ديربي فريق فريقا الفريق نادي النادي الهبوط المتصدر هدف هدفين الملعب ملعب "
    "المشجعين")
#: Words right before a town's name that make it a club's name in a sports sentence: a team word (فريق سبها,
#: "l'équipe de Sebha" — not "une équipe de Zaouïa", "a team from Misrata": a side from the place) or the first
#: word of a club's name (Al-Ahly Benghazi, الأهلي طرابلس).
CLUB_HEADS: Final = _norm_set("فريق فريقا نادي ahly ahli ittihad nasr hilal tahaddi khaleej الاهلي الاتحاد النصر الهلال التحدي "
                              "أهلي")
_TEAM_WORDS: Final = _norm_set("equipe lequipe club formation")
#: The words that the look-alike rules read before a name (:meth:`Matcher._lookalike`): found by one scan of a
#: text with site hits, they tell where the words before a hit are worth reading (a demonstrative or a word's
#: grammar matters only for Arabic names that are words too, which are always read).
_LOOKALIKE_HEADS: Final = (_HEADS_BEFORE | SHIP_NOUNS | PLATFORM_WORDS | CLUB_HEADS | _TEAM_WORDS | LATIN_GIVEN_NAMES | _FATHER_OF
                           | NAMED_AFTER_HEADS | PERSON_TITLES | CODE_NAME_WORDS | CHRISTENING_WORDS
                           | _DUNE_WORDS | _THING_HEADS_OF | _VENUE_WORDS | _FIELD_WORDS_FR | MILITARY_RANKS
                           | _STATION_WORDS | _FUND_HEADS_AR | _FIRM_HEADS_AR | _FERRY_WORDS_AR | _SHIPS_AR | _TOWER_WORDS
                           | _QUOTED_THING_NOUNS | _STABLE_WORDS
                           | frozenset({"flagged", "bassin", "basin", _NAMED, "societe", "tour"}))
#: A ship's prefix and the space after it, right before a name ("HMS Tobruk"): tested on the text before a hit.
_VESSEL_PREFIX_ENDS: Final = tuple(f"{p} " for p in sorted(VESSEL_PREFIXES))
#: The last letters of :data:`VESSEL_PREFIXES`: one character tested before the suffix test of a tuple.
_VESSEL_PREFIX_LAST: Final = "".join(sorted({p[-1] for p in VESSEL_PREFIXES}))
#: Words before a town's name in a sports sentence that keep it the place: prepositions of place (in, from,
#: near, à, de, في, من, قرب; not "to" or على: "Gharyan travel to Zuwara"), a stadium, a derby (ديربي بنغازي).
_PLACE_IN_SPORT: Final = _norm_set("in at from near outside around inside of a au de d dans pres depuis en "
                                   "في من قرب عند داخل خارج حول stadium stade ملعب derby ديربي")
_SCORE: Final = re.compile(r"(?<![\d.,])\d{1,2} ?[-–:] ?\d{1,2}(?![\d.,])")
#: What cuts a line of a table or a list into cells (:func:`_venue_cell`, :func:`_table_cell`): a pipe or a tab, a dash
#: with spaces either side ("محمد مفتاح – ودان – محاسبة"), or a run of spaces that aligns a column ("Al-Maya     21     27"),
#: with the spaces around it. (Written as " *(?:[|\t]| [-–—] ) *| {2,}" reads, but with each alternative opening on
#: its first character: the regular expression engine then skips the characters no cut starts with, a search of a
#: whole text three times faster, instead of trying the pattern at every position.)
_ROW_CELL: Final = re.compile(r"\| *|\t *| (?: *[|\t] *| *[-–—] +| +)")
#: A match in a cell: a score, or a word of "versus" standing alone (Derna v Tobruk, الأهلي × النصر, Darnes contre Al-Akhdar).
_MATCH_IN_CELL: Final = re.compile(_SCORE.pattern + r"|(?<!\w)(?:v|vs|contre|ضد)\.?(?!\w)|×")


# Plain classes, not dataclasses: compiled by mypyc they become native classes (fields read straight
# from a C struct, objects built without a Python-level call); they are created per hit, read per check.
class _Entry:
    """One site spelling in the automaton: which site, how much context it needs, which prefixes it takes."""

    __slots__ = ("al_stem", "allowed", "alternates", "arabic", "base", "base_only", "bulk", "generated", "kind",
                 "level", "mention", "shadda", "site", "site_id")

    def __init__(self, site: Site, level: int, arabic: bool, al_stem: bool, bulk: bool, shadda: bool = False,
                 allowed: frozenset[str] = _NO_PREFIX, mention: dict[str, object] | None = None,
                 generated: bool = False, base: bool = False) -> None:
        self.site = site
        # the site's id and kind, read for every hit: kept here as native attributes (Site is a plain dataclass)
        self.site_id = site.id
        self.kind = site.kind
        self.generated = generated  # made by the variant model (geotrack.gazetteer.variants), not listed
        self.base = base  # a base phrase (قاعدة X, X air base) made from a name
        # the name of a listed base phrase without its base word (جمال عبد الناصر from قاعدة جمال عبد الناصر):
        # a site only beside a base word (قاعدة «جمال عبد الناصر») or in brackets after the site (Tobruk AB
        # (Gamal Abdel Nasser)); alone it is the person, the saint, the conqueror
        self.base_only = False
        self.level = level
        self.arabic = arabic
        self.al_stem = al_stem
        self.bulk = bulk
        self.shadda = shadda
        self.allowed = allowed  # attached prefixes this spelling may carry
        # the fields of a Mention of this site, the site's own filled in (shared by the site's spellings):
        # a mention's __dict__ is a copy with the rest set
        self.mention = mention if mention is not None else _mention_fields(site)
        # the same spelling for the other sites that share it (Gazetteer.shared): the nearest named one wins
        self.alternates: tuple[_Entry, ...] = ()


def _mention_fields(site: Site) -> dict[str, object]:
    """Every field of a :class:`Mention` (in field order) with the site's values and placeholders."""
    return {"site_id": site.id, "surface": "", "start": 0, "end": 0, "sentence": "", "confidence": 0.0, "rule": "",
            "lat": site.lat, "lon": site.lon, "kind": site.kind, "name": site.name_en, "doc_id": "", "actors": (),
            "activities": (), "actors_paragraph": ()}


class _CtxEntry:
    """One actor, activity or foreign-place spelling in the automaton."""

    __slots__ = ("al_stem", "allowed", "always", "arabic", "category", "id", "is_actor", "is_place", "level")

    def __init__(self, category: str, id: str, level: str, arabic: bool, al_stem: bool,
                 allowed: frozenset[str] = _NO_PREFIX) -> None:
        self.category = category
        self.id = id
        self.level = level
        self.arabic = arabic
        self.al_stem = al_stem
        self.allowed = allowed
        # (read per term: flags, not string comparisons)
        self.is_actor = category == "actor"
        self.is_place = category != "actor" and category != "activity"  # (a foreign place, a word of football)
        self.always = level == "always"


class _Hit:
    """A spelling found on word boundaries, before overlaps are resolved."""

    __slots__ = ("core", "entry", "ne", "ns", "prefix")

    def __init__(self, ns: int, ne: int, core: int, entry: _Entry, prefix: str) -> None:
        self.ns = ns  # normalised start, prefix or article included
        self.ne = ne
        self.core = core  # normalised start of the name itself
        self.entry = entry
        self.prefix = prefix


def _latin_forms(key: str) -> set[str]:
    """Internal-article variants of a Latin spelling: ``maaten al sarra`` → ``maaten as sarra`` ..."""
    words = key.split(" ")
    options: list[list[str]] = []
    for i, w in enumerate(words):
        if 0 < i < len(words) - 1 and w in {"al", "el", "as", "ash", "ad", "ar", "at", "az", "an", "es", "ed", "er", "et", "ez", "en"}:
            nxt = words[i + 1]
            opts: set[str] = {"al", "el"}
            sun = "ash" if nxt.startswith("sh") else "ath" if nxt.startswith("th") else _SUN_LETTERS.get(nxt[:1])
            # after a base word the article stays al/el: "the air base at Tamanhint" is the base at the place,
            # and the place alone is the mention
            if sun and words[i - 1] not in _BASE_HEAD_WORDS:
                opts |= {sun, "e" + sun[1:]}
            options.append(sorted(opts | {w}))
        else:
            options.append([w])
    forms = {""}
    for choices in options:
        forms = {f"{f} {o}".strip() for f in forms for o in choices}
    return forms


def _clean_token(tok: str) -> str:
    """``tok`` without the punctuation (:data:`_TOKEN_STRIP`) at its ends."""
    if tok.isalnum():
        return tok  # (the usual word: one test instead of a strip that builds its character set)
    return tok.strip(_TOKEN_STRIP)


def _word_start(norm: str, i: int) -> bool:
    """Does a word start at ``i``: nothing alphanumeric before it, or a French elision (d', l')?"""
    if i == 0 or not norm[i - 1].isalnum():
        return True
    if norm[i - 1] == "u" and i >= 2 and norm[i - 2] == "q":
        return i == 2 or not norm[i - 3].isalnum()  # qu'Al-Khadim, fused "qual khadim"
    return norm[i - 1] in "dl" and (i == 1 or not norm[i - 2].isalnum())


def _words_before(norm: str, end: int, width: int, k: int) -> list[str]:
    """The last ``k`` words of ``norm[end - width:end]``, cleaned of punctuation (:func:`_clean_token`), without
    those that were punctuation only."""
    # (rsplit stops after k splits: the words further left are never made into strings)
    out: list[str] = []
    for t in norm[max(0, end - width):end].rsplit(None, k)[-k:]:
        t = _clean_token(t)
        if t:
            out.append(t)
    return out


def _words_after(norm: str, pos: int, width: int, k: int) -> list[str]:
    """The first ``k`` words of ``norm[pos:pos + width]``, cleaned of punctuation (:func:`_clean_token`), without
    those that were punctuation only."""
    out: list[str] = []
    for t in norm[pos:pos + width].split(None, k)[:k]:
        t = _clean_token(t)
        if t:
            out.append(t)
    return out


def _word_after(norm: str, pos: int) -> str:
    start = pos + 1 if pos < len(norm) and norm[pos] == " " else pos
    stop = norm.find(" ", start)
    return _clean_token(norm[start:] if stop < 0 else norm[start:stop])


_AR_BASE_WORDS: Final = ("قاعده", "مطار", "مهبط", "مدرج")
#: The Arabic base words that belong to a site's name phrase (قاعدة X, مطار X); a runway (مدرج X) is a cue
#: before the name, not part of it.
_AR_BASE_HEADS: Final = ("قاعده", "مطار", "مهبط")
_BASE_HEAD_WORDS: Final = frozenset({"base", "aerienne", "airbase"})
_LATIN_BASE_WORDS: Final = ("air base", "airbase", "airfield", "airport", "airstrip", "base", "aeroport", "aerodrome")


def _without_base_word(key: str) -> str:
    """A listed base phrase without its base word (قاعده جمال عبد الناصر الجويه → جمال عبد الناصر, gamal abdel
    nasser air base → gamal abdel nasser), or "" when the spelling is no base phrase."""
    if is_arabic(key):
        head, _, name = key.partition(" ")
        if head not in _AR_BASE_HEADS:
            return ""
        for suffix in (" الجويه", " العسكريه", " الدولي"):
            name = name.removesuffix(suffix)
        return name
    for suffix in (" international airport", " air base", " airbase", " airport", " airfield"):
        if key.endswith(suffix):
            return key[:-len(suffix)]
    return ""


def _base_forms(key: str, kind: str = "airbase", article: bool = False, literal: bool = False) -> list[str]:
    """'The name with its base word' spellings of an air base or airport: قاعدة X, مطار X, X air base,
    base aérienne de X, base de X, X AB ... (``article``: the site's Latin name has an article, al-Abraq: "aéroport
    de Al-Abraq" too; ``literal``: a spelling the gazetteer lists, whose literal renderings "airport X", "base de l'air
    de X" count too).

    They need no context (the base word is the cue) and, by the surface convention, include the base word.
    """
    if is_arabic(key):
        head, _, name = key.partition(" ")
        if head in _AR_BASE_WORDS and name and not any(w in name for w in _AR_BASE_WORDS):
            # قاعدة السارة known: مطار السارة, مدرج السارة name the same place
            name = name.removesuffix(" الجويه").removesuffix(" العسكريه")
            out = [f"{w} {name}" for w in _AR_BASE_HEADS if w != head] + [f"مهابط {name}"]
            if kind == "airport" and head == "مطار" and not name.endswith(" الدولي"):
                out.append(f"{key} الدولي")  # مطار إدريس listed: مطار إدريس الدولي, the airport's full name
            return out
        if any(w in key for w in _AR_BASE_WORDS):
            return []
        forms = [f"قاعده {key}", f"قاعده {key} الجويه", f"قاعده {key} العسكريه", f"مطار {key}", f"مهبط {key}",
                 f"مطار {key} الدولي", f"مهابط {key}"]  # (مهابط مرتوبة "the Martuba airstrips": the base's)
        return forms
    for suffix in (" air base", " airbase"):
        if key.endswith(suffix) and not any(w in key[:-len(suffix)] for w in _LATIN_BASE_WORDS):
            key = key[:-len(suffix)]  # "X air base" listed: "base aérienne X", "X AB" name the same place
            break
    else:
        if any(w in key for w in _LATIN_BASE_WORDS):
            return []
    forms = [f"{key} air base", f"{key} airbase", f"{key} airfield", f"{key} airport", f"{key} airstrip", f"{key} air strip",
             f"{key} ab", f"base aerienne de {key}", f"base aerienne {key}", f"base de {key}", f"base {key}",
             f"base aerienne al {key}", f"base al {key}", f"aeroport de {key}", f"aerodrome de {key}"]
    # French elision before the article or a vowel: base aérienne d'Al-Khadim, base d'El Ouatia, aéroport d'Oubari
    # (the apostrophe is dropped by normalisation: "dal khadim", "doubari")
    forms += [f"{head} {art} {key}" for head in ("base aerienne", "base", "aeroport", "aerodrome") for art in ("dal", "del")]
    if literal or article:
        # a literal rendering of Arabic (``literal``, machine translation: "aéroport de Al-Abraq" with no elision, "base
        # de l'air de Al-Jofrah" for قاعدة جوية, "the airport Benina" for مطار بنينا) keeps its base word too; only for
        # the spellings the gazetteer lists or one edit makes (a literal writer spells the name as it is known). A name
        # with an article (``article``) takes "de" before its article unelided from careless writers too, also after
        # "base aérienne", and the literal "base de l'air" elided (the apostrophe dropped: "lair")
        heads = ("base aerienne", "base", "aeroport", "base de lair") if article else ("base", "aeroport", "base de lair")
        forms += [f"{head} de {art} {key}" for head in heads for art in ("al", "el")]
        forms.append(f"base de lair de {key}")
        if literal:
            forms.append(f"airport {key}")
        if article:
            forms.append(f"base de lair dal {key}")
    if key[:1] in "aeiouh":
        forms += [f"{head} d{key}" for head in ("base aerienne", "base", "aeroport", "aerodrome")]
    if kind == "airport":
        forms += [f"{key} international airport", f"aeroport international de {key}"]
        if literal:  # (the abbreviation of charts and timetables, for the spellings they use: "Sebha Intl")
            forms += [f"{key} intl", f"{key} intl airport", f"{key} intl. airport"]
    # an air academy or college stands on its town's airfield (Misurata Air Academy, académie de l'air de Misrata)
    forms += [f"{key} air academy", f"{key} air college", f"{key} air force academy", f"academie de lair de {key}",
              f"academie aerienne de {key}", f"college de lair de {key}"]
    return forms


def _latin_article(site: Site) -> bool:
    """Does the site's English name or a listed Latin spelling start with an article (Al Abraq, al-Jufra)?"""
    return any(v[:3].lower() in {"al ", "al-", "el ", "el-"} for v in (site.name_en, *site.variants))


def _has_base_word(phrase: str) -> bool:
    """Does a matched phrase carry its base word (مطار بنغازي, Benina airport)? A town's bare name beside it is then
    the town: a writer who names one airport by its base word names the other so too."""
    words = phrase.split()
    return any(w in _AR_BASE_WORDS or w.removeprefix("و") in _AR_BASE_WORDS for w in words) or any(
        w in {"airport", "airbase", "airfield", "aeroport", "aerodrome", "base", "ab"} for w in words)


#: Plural (and Arabic dual) airport nouns: one heading a list of names makes each a town's airport.
AIRPORTS_NOUNS: Final = _norm_set("airports airfields airbases aeroports aerodromes مطارات مطاري مطارى مطارين")


def _airports_noun_before(norm: str, lo: int) -> bool:
    """Does a plural airport noun head the list of names that starts at ``lo``: one among the three words before
    it ("the airports of", "les aéroports de", مطاري)?"""
    return any(_has_cue(AIRPORTS_NOUNS, w) for w in _words_before(norm, lo, 30, 3))


def _field_forms(key: str) -> list[str]:
    """'The name with its base word' spellings of an oil field (Latin only: Arabic writers leave حقل out of
    the name): X field, X oilfield, X oil field, champ de X, champ pétrolier de X."""
    if is_arabic(key) or any(w in key for w in ("field", "champ")):
        return []
    forms = [f"{key} field", f"{key} oilfield", f"{key} oil field"]
    for head in ("champ", "champ petrolier", "gisement", "gisement petrolier"):
        forms += [f"{head} de {key}", f"{head} dal {key}", f"{head} del {key}"]  # champ d'El Sharara (d' + article)
        if key[:1] in "aeiouh":
            forms.append(f"{head} d{key}")  # champ d'Amal (the apostrophe is dropped by normalisation)
    return forms


def _airfields_by_town(gazetteer: Gazetteer) -> dict[str, Site]:
    """Town id → the airfield its name stands for in a base phrase: its only airfield child, or, of several,
    the one whose English name starts with the town's."""
    children: dict[str, list[Site]] = {}
    for site in gazetteer:
        if site.kind in _BASE_KINDS and site.parent and site.parent in gazetteer:
            children.setdefault(site.parent, []).append(site)
    out: dict[str, Site] = {}
    for town_id, kids in children.items():
        town = gazetteer.get(town_id)
        if town.kind in _BASE_KINDS:
            continue
        named = [k for k in kids if k.name_en.lower().startswith(town.name_en.lower())]
        if len(kids) == 1:
            out[town_id] = kids[0]
        elif len(named) == 1:
            out[town_id] = named[0]
    return out


def _military_word_near(norm: str, lo: int, hi: int, h: _Hit) -> bool:
    """Is one of the whole words in ``norm[lo:hi]`` outside the mention (or the word without its attached
    prefixes) a military word? Stops at the first one and builds no set of the window's words."""
    left = norm[lo:h.ns].split()
    right = norm[h.ne:hi].split()
    if lo and left:
        left = left[1:]  # the first word may be cut by the window
    if hi < len(norm) and right:
        right = right[:-1]
    return (any(_has_cue(MILITARY, _clean_token(t)) for t in left)
            or any(_has_cue(MILITARY, _clean_token(t)) for t in right))


def _has_cue(cues: frozenset[str], word: str) -> bool:
    """Is ``word``, or ``word`` without its attached prefixes (وقاعده → قاعده), one of ``cues``? (What
    ``not cues.isdisjoint(_forms([word]))`` says, without building the set.)"""
    if word in cues:
        return True
    if len(word) == 3 and word[0] in "وف" and word[1:] in cues:
        return True  # وفي، ومن: "and in", "and from"
    if len(word) > 3 and word[0] in _CUE_PREFIX:
        return word[1:] in cues or (word[1] in _CUE_PREFIX and word[2:] in cues)
    return False


def _forms(tokens: list[str]) -> frozenset[str]:
    """The tokens, and each Arabic token without its attached prefixes (وقاعده → قاعده)."""
    out = set(tokens)
    for t in tokens:
        if len(t) > 3 and t[0] in _CUE_PREFIX:
            out.add(t[1:])
            if t[1] in _CUE_PREFIX:
                out.add(t[2:])
    return frozenset(out)


class Matcher:
    """The compiled matcher of one :class:`~geotrack.gazetteer.Gazetteer`. Thread-safe for reading."""

    def __init__(self, gazetteer: Gazetteer, context: ContextData | None = None,
                 cue_words: dict[str, str] | None = None) -> None:
        """``cue_words`` (normalised word → kind) are words that later analysis steps start from (base words for
        discovery, distance units for relative positions): found by the scan that finds the foreign places,
        their positions are given to :meth:`find_all` callers that ask (``cues=``), so that those steps look
        only there instead of searching every text again."""
        self.gazetteer = gazetteer
        self.context = context
        table: dict[str, list[_Entry]] = {}
        claims = gazetteer.resolve_claims()
        listed = set(claims)
        ctx_keys = set(context.spellings()) if context is not None else set()
        generated: set[str] = set()
        for key, (site, level_name, _source) in gazetteer.generated.items():
            if key not in claims and key not in ctx_keys:
                claims[key] = (site, level_name)
                generated.add(key)
        # the airfield a town's name stands for in a base phrase ("Tobruk air base" → al-adem): a town's only
        # airfield child, or the one named after it
        self._airfield_of: dict[str, Site] = _airfields_by_town(gazetteer)
        # the site a town's bare name means in a document about military matters (Martuba: its air base)
        self._military_sense: dict[str, Site] = {
            s.id: gazetteer.get(s.military_sense) for s in gazetteer if s.military_sense and s.military_sense in gazetteer}
        # the airport a town's bare name stands for beside another airport ("Mitiga ou Misrata", "Benina ➝ Sebha
        # ➝ Koufra"): a town's only airfield, when it is an airport
        only_airfield = {town: a for town, a in self._airfield_of.items()
                         if sum(1 for s in gazetteer if s.parent == town and s.kind in _BASE_KINDS) == 1}
        self._airport_of: dict[str, Site] = {town: a for town, a in only_airfield.items() if a.kind == "airport"}
        # the airfield "the base at X" names: a town's only airfield child (the gazetteer's parent column)
        self._only_airfield_of: dict[str, Site] = only_airfield
        # the airfields by their ICAO codes (the coordinates' source airportsdata:HLKF), lower case as normalised:
        # a town's name beside its airfield's code is the airfield ("HLKF Kufra", "Misurata (HLMS)")
        self._icao: dict[str, Site] = {
            s.coord_source.partition(":")[2].lower(): s for s in gazetteer
            if s.coord_source.startswith("airportsdata:") and s.kind in _BASE_KINDS}
        base: set[str] = set()
        shared = dict(gazetteer.shared)
        # a spelling a writer's habit gives to one site and another site lists (Cufra: Turkish for Jufra, Kufra's
        # Italian name) → the habit's site; and the habit that makes each generated spelling (Cenzur: Turkish)
        self._habit_sites: dict[str, str] = {k: s.id for k, s in gazetteer.habit_spellings.items()}
        self._spelling_habits: dict[str, str] = dict(gazetteer.spelling_habits)
        for key, (site, level_name) in sorted(claims.items()):
            target = site if site.kind in _BASE_KINDS else self._airfield_of.get(site.id)
            if target is not None and (target is site or level_name != "variants_strict"):
                own = target is site and site.kind == "airbase" and not is_arabic(key)
                # ("Ghardabiya base": an air base's own name with "base" after it; not a town's, "Tobruk base" may
                # be its naval base)
                for form in [*_base_forms(key, target.kind, target is site and _latin_article(site), key in listed),
                             *([f"{key} base"] if own and not key.endswith(" base") else [])]:
                    if form not in claims or form in generated:
                        claims[form] = (target, "variants")
                        base.add(form)
                        generated.discard(form)
                        if key in shared and target is site:
                            shared[form] = shared[key]
            name = _without_base_word(key) if target is site and level_name == "variants" and is_arabic(key) else ""
            if name:  # مطار بنينا listed: مطار بنينة الدولي (the name's spellings beside its base word need no context)
                for variant in sorted(arabic_variants(name)):
                    for form in _base_forms(variant, site.kind):
                        if form not in claims:
                            claims[form] = (site, "variants")
                            base.add(form)
            if site.kind == "oilfield":
                for form in _field_forms(key):
                    if form not in claims:
                        claims[form] = (site, "variants")
                        base.add(form)
        base_only: set[str] = set()
        for key, (site, _level_name) in list(claims.items()):
            if site.kind in _BASE_KINDS and key in listed:
                rest = _without_base_word(key)
                if len(rest) >= 5 and rest not in claims and rest not in ctx_keys:
                    claims[rest] = (site, "variants")
                    base_only.add(rest)
        fields: dict[str, dict[str, object]] = {}  # site id → its mention fields, one dict per site
        self._site_entries: dict[str, _Entry] = {}  # an unambiguous Latin entry of each site (for remapping)
        for key, (site, level_name) in claims.items():
            level = LEVEL[level_name]
            is_generated = key in generated
            is_base = key in base and key not in listed
            bulk = site.layer == "bulk"
            # a shadda the gazetteer does not write is tolerated on a name of five letters or more, or where a
            # Latin spelling doubles a consonant (ودّان: Waddan); سبّها "insulted her" is not سبها
            shadda = len(key) >= 5 or any(
                _SHADDA in v or _DOUBLED.search(v.lower()) is not None
                for v in (site.name_ar, site.name_en, *site.variants, *site.variants_doc, *site.variants_local,
                          *site.variants_strict))
            mention = fields.get(site.id)
            if mention is None:
                mention = fields[site.id] = _mention_fields(site)
            made: list[_Entry] = []
            if is_arabic(key):
                if key.startswith("ال") and len(key) > 4:
                    made.append(_Entry(site, level, True, True, bulk, shadda, _AL_PREFIXES, mention, is_generated,
                                       is_base))
                    table.setdefault(key[2:], []).append(made[-1])
                else:
                    allowed = _SHORT_PREFIXES if len(key) <= 3 else _PLAIN_PREFIXES
                    made.append(_Entry(site, level, True, False, bulk, shadda, allowed, mention, is_generated, is_base))
                    table.setdefault(key, []).append(made[-1])
            else:
                for form in _latin_forms(key):
                    latin = _Entry(site, level, False, False, bulk, False, _NO_PREFIX, mention, is_generated, is_base)
                    made.append(latin)
                    table.setdefault(form, []).append(latin)
                    if level == 0 and not is_generated and key not in base_only:
                        self._site_entries.setdefault(site.id, latin)
            if key in base_only:
                for e in made:
                    e.base_only = True
            for other in shared.get(key, ()):
                if other.id != site.id:
                    other_fields = fields.get(other.id)
                    if other_fields is None:
                        other_fields = fields[other.id] = _mention_fields(other)
                    for e in made:
                        alt = _Entry(other, e.level, e.arabic, e.al_stem, e.bulk, e.shadda, e.allowed, other_fields,
                                     e.generated, e.base)
                        e.alternates = (*e.alternates, alt)
        for site in gazetteer:
            if site.id not in self._site_entries:
                self._site_entries[site.id] = _Entry(site, 0, False, False, site.layer == "bulk", False, _NO_PREFIX,
                                                     fields.get(site.id) or _mention_fields(site))
        # foreign countries (context places) and their Arabic adjectives (لبنان → اللبناني، اللبنانيه), for the
        # apposition rule ("TRIPOLI, Lebanon", "طرابلس (لبنان)", "المرج اللبنانية")
        countries: set[str] = set()
        names: set[str] = set()
        if context is not None:
            for key, ces in context.spellings().items():
                if any(c.category == "place" and c.id.startswith("country:") and c.id != "country:LY" for c in ces):
                    countries.add(key)
                    names.add(key)
                    if is_arabic(key) and " " not in key:
                        stem = key[2:] if key.startswith("ال") else key
                        stem = stem[:-1] if stem.endswith("ا") else stem
                        countries.update({f"ال{stem}ي", f"ال{stem}يه"})
        self._countries = frozenset(countries)
        self._country_names = frozenset(names)
        self._site_keys = frozenset(table)  # every spelling of a site in the automaton (Arabic without ال)
        # places abroad a section header may name ("LIBAN –", "SANAA –"): the foreign places' spellings that
        # are no site's
        heads: set[str] = set()
        if context is not None:
            for key, ces in context.spellings().items():
                if key not in claims and any(c.category == "place" and c.id != "country:LY" for c in ces):
                    heads.add(key)
        self._abroad_heads = frozenset(heads | countries)
        # one-word spellings of the cities abroad (context places city:...): a district of a bulk name in a sentence
        # that names one is that city's district (في مكة ... حي العزيزية)
        cities: set[str] = set()
        if context is not None:
            for key, ces in context.spellings().items():
                if key not in claims and " " not in key and any(
                        c.category == "place" and c.id.startswith("city:") for c in ces):
                    cities.add(key)
        self._foreign_cities = frozenset(cities)
        ctx_table: dict[str, list[_CtxEntry]] = {}
        if context is not None:
            for key, ctx_entries in context.spellings().items():
                for ce in ctx_entries:
                    if is_arabic(key):
                        al = key.startswith("ال") and len(key) > 4
                        ctx_table.setdefault(key[2:] if al else key, []).append(
                            _CtxEntry(ce.category, ce.id, ce.level, True, al, _AL_PREFIXES if al else _PLAIN_PREFIXES))
                    else:
                        for form in _latin_forms(key):
                            ctx_table.setdefault(form, []).append(_CtxEntry(ce.category, ce.id, ce.level, False, False))
        # (the words that make a sports text, see _sports_text, and the labels of a sports item, _sport_items)
        for category, keys in (("sport", SPORTS_TEXT_WORDS), ("sport-label", SPORT_LABELS)):
            for key in keys:
                if is_arabic(key):
                    al = key.startswith("ال") and len(key) > 4
                    ctx_table.setdefault(key[2:] if al else key, []).append(
                        _CtxEntry(category, key, "always", True, al, _AL_PREFIXES if al else _PLAIN_PREFIXES))
                else:
                    for form in _latin_forms(key):
                        ctx_table.setdefault(form, []).append(_CtxEntry(category, key, "always", False, False))
        # negative cues (لبنان for طرابلس, Lok for Sabha) are looked for only around an ambiguous hit
        # (:meth:`_negative_cue_near`): in the automaton, short ones (Sen, MP, Dr) would be thousands of
        # hits inside other words for nothing (measured in benchmarks/extract_throughput.py)
        self._negative_cues: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for site in gazetteer:
            for cue in site.negative_cues:
                key = normalize(cue).strip()
                if not key:
                    continue
                if is_arabic(key):
                    al = key.startswith("ال") and len(key) > 4
                    entry = (key[2:] if al else key, _AL_PREFIXES if al else _PLAIN_PREFIXES)
                else:
                    entry = (key, _NO_PREFIX)
                cues = self._negative_cues.setdefault(site.id, [])
                if entry not in cues:
                    cues.append(entry)
        # Two automata: sites with actors and activities (what every extraction needs), and foreign places
        # (only for analyse, which stores them). Each is a DFA, the fastest scan; keeping the places (a third
        # of all states) out of the first keeps its table smaller and extract faster (measured in
        # benchmarks/extract_throughput.py). Per key: (site entries, context entries).
        self._keys: list[str] = []
        self._values: list[tuple[tuple[_Entry, ...], tuple[_CtxEntry, ...]]] = []
        place_keys: list[str] = []
        self._place_values: list[tuple[tuple[_Entry, ...], tuple[_CtxEntry, ...]]] = []
        #: per pattern of the places' automaton: the cue kinds it is a word of (most: none)
        self._place_cues: list[tuple[str, ...]] = []
        for key in sorted(table.keys() | ctx_table.keys()):
            entries = table.get(key, [])
            # ال-stems are tried before plain spellings of the same letters
            entries.sort(key=lambda e: (not e.al_stem, e.level))
            ctx_unique: dict[tuple[str, str, bool], _CtxEntry] = {}
            for cx in sorted(ctx_table.get(key, ()), key=lambda c: c.level != "always"):
                ctx_unique.setdefault((cx.category, cx.id, cx.al_stem), cx)  # one per id and form, "always" first
            ctx_main = tuple(c for c in ctx_unique.values() if c.category != "place")
            ctx_places = tuple(c for c in ctx_unique.values() if c.category == "place")
            if entries or ctx_main:
                self._keys.append(key)
                self._values.append((tuple(entries), ctx_main))
            if ctx_places:
                place_keys.append(key)
                self._place_values.append(((), ctx_places))
                self._place_cues.append(())
        # the words the look-alike rules read before a name (_LOOKALIKE_HEADS) ride in the main automaton as
        # patterns of their own after all others (a spelling may be one too: the automaton reports both), found
        # anywhere (inside words too): where none stands just before a hit, those rules cannot hold
        self._first_head = len(self._keys)
        for word in sorted(_LOOKALIKE_HEADS):
            self._keys.append(word)
            self._values.append(((), ()))
        # the cue words ride in the places' automaton (analysis only: extract never pays for them)
        place_index = {key: i for i, key in enumerate(place_keys)}
        for key, kind in sorted((cue_words or {}).items()):
            i = place_index.get(key, -1)
            if i < 0:
                place_index[key] = len(place_keys)
                place_keys.append(key)
                self._place_values.append(((), ()))
                self._place_cues.append((kind,))
            elif kind not in self._place_cues[i]:
                self._place_cues[i] = (*self._place_cues[i], kind)
        self._has_cues = bool(cue_words)
        # per site: the entry of a Latin gloss in brackets after its Arabic name that no list has (سبها (Sebah))
        self._gloss_entries: dict[str, _Entry] = {}
        # overlapping matches: a longer spelling that fails its boundary check must not hide a shorter one
        dfa = ahocorasick_rs.Implementation.DFA
        # The scan runs over bytes in the scan page (normalize.SCAN_PAGE), which holds ASCII and every
        # Arabic letter in one byte each: a byte offset is the character offset (nothing to convert), an
        # Arabic text is half the bytes of its UTF-8, and normalisation gives these bytes directly (measured
        # in benchmarks/ab_extract.py). A character outside the page becomes "?" (one byte too); the few
        # spellings with such a character (ə) are checked against the text when found, since their "?"
        # would match any of them.
        #
        # The automaton reads the scan bytes through a table that numbers the bytes its spellings use (all digits
        # as one), the rest as 0: the DFA's rows are as wide as its alphabet rounded up to a power of two, and 64
        # classes instead of 79 halve its memory (505 MB to about 250 MB here). A spelling with a digit ("su 35")
        # then matches any digits there, and is checked against the text when found, as those with a "?".
        encoded = [encode_for_scan(key) for key in self._keys]
        self._scan_table = _scan_classes(encoded)
        self._automaton = ahocorasick_rs.BytesAhoCorasick([key.translate(self._scan_table) for key in encoded],
                                                          implementation=dfa)
        self._check_spelling = frozenset(i for i, key in enumerate(self._keys)
                                         if not in_scan_page(key) or any("0" <= c <= "9" for c in key))
        self._place_keys = place_keys
        self._place_automaton = ahocorasick_rs.BytesAhoCorasick(
            [encode_for_scan(key) for key in place_keys], implementation=dfa) if place_keys else None
        self._check_place_spelling = frozenset(i for i, key in enumerate(place_keys) if not in_scan_page(key))
        self.pattern_count = len(table)

    @property
    def patterns(self) -> tuple[str, ...]:
        """The normalised spellings in the automaton that :meth:`find` scans (sites, actors, activities, the head
        words of the look-alike rules; Arabic ال-spellings without their article)."""
        return tuple(self._keys)

    # ------------------------------------------------------------------------------------------------
    def prepare(self, text: str) -> tuple[str, OffsetMap | None, bytes]:
        """``text`` normalised as this matcher scans it, its offset map (None when normalisation deleted
        nothing) and its scan bytes: for callers that pass ``norm``, ``omap`` and ``raw`` to :meth:`find_all`
        and reuse the first two."""
        norm, raw, positions = normalize_for_scan(text)
        return norm, (OffsetMap(text, positions=positions) if positions else None), raw

    def find(self, text: str, *, min_confidence: float = 0.5, doc_id: str = "") -> list[Mention]:
        """Every site mention in ``text`` with ``confidence >= min_confidence``, in text order, with the
        actors and activities of its sentence and paragraph."""
        return self.find_all(text, min_confidence=min_confidence, doc_id=doc_id, want_terms=False)[0]

    def find_all(self, text: str, *, min_confidence: float = 0.5, doc_id: str = "", want_terms: bool = True,
                 categories: frozenset[str] = frozenset({"actor", "activity", "place"}),
                 norm: str | None = None, omap: OffsetMap | None = None, raw: bytes | None = None,
                 cues: dict[str, list[int]] | None = None,
                 ) -> tuple[list[Mention], list[ContextTerm]]:
        """The site mentions (as :meth:`find`) and the confirmed context terms of ``text`` in the given
        ``categories`` (actors, activities, foreign places), in text order, from one scan.

        ``cues``, when given with ``want_terms``, is filled with where the cue words of the matcher start
        (kind → ascending offsets of the normalised text, every occurrence, inside other words too), found
        by the same scan as the foreign places.

        The cyclic garbage collector is paused for the call (and resumed after, if it was running): the
        call allocates hundreds of short-lived containers and creates no reference cycles, so the
        collections those allocations trigger find nothing to free yet cost about a tenth of the time
        (measured in benchmarks/extract_throughput.py). Everything is still freed by reference counting.
        """
        if not _GC_ISENABLED():
            return self._find_all(text, min_confidence, doc_id, want_terms, categories, norm, omap, raw, cues)
        _GC_DISABLE()
        try:
            return self._find_all(text, min_confidence, doc_id, want_terms, categories, norm, omap, raw, cues)
        finally:
            _GC_ENABLE()

    def _find_all(self, text: str, min_confidence: float, doc_id: str, want_terms: bool,
                  categories: frozenset[str], norm: str | None, omap: OffsetMap | None, raw: bytes | None,
                  cues: dict[str, list[int]] | None = None) -> tuple[list[Mention], list[ContextTerm]]:
        positions: list[int] | None = None
        if norm is None:
            norm, raw, positions = normalize_for_scan(text)
            omap = None
        elif raw is None:
            raw = encode_for_scan(norm)
        hits, terms, heads = self._scan(norm, raw, want_terms, cues)
        if not hits and not (want_terms and terms):
            return [], []
        if omap is None and len(norm) != len(text):
            omap = OffsetMap(text, positions=positions)
        # context terms: start offsets mapped now (enough to place them in sentences), ends when output
        starts = omap.map_starts(terms) if omap else terms
        if hits:
            # (a base phrase followed by an s with no apostrophe is a plural, "Mitiga and Misrata airports": dropped
            # before overlaps are resolved, so that the name inside it stays)
            hits = [h for h in hits if not ((h.entry.base and _word_after(norm, h.ne) in NAVAL_WORDS) or (
                h.prefix == "'s" and norm.endswith(_BASE_WORD_ENDS, h.ns, h.ne)
                and not _apostrophe_at(text, omap.end(h.ne) if omap else h.ne)))]
        # the sentence ends, found once: for the mentions' sentences and the foreign places' confirmation
        mentions: list[Mention] = []
        ends: list[int] | None = None
        if hits:
            ends = sentence_ends(text)
            hits = self._resolve_overlaps(hits)
            if "(" in norm:
                self._glosses(text, norm, omap, hits)
            heads.sort()
            mentions = self._score(text, norm, omap, hits, min_confidence, doc_id, starts, ends, heads)
        if not want_terms or not starts:
            return mentions, []
        places = [t for t in starts if t[2].category in categories]
        if not places:
            return mentions, []
        if ends is None:
            ends = sentence_ends(text)
        out: dict[tuple[int, int, str, str], ContextTerm] = {}
        for a, ne, ce in _confirmed(ends, {sentence_index(ends, m.start) for m in mentions}, places):
            b = omap.end(ne) if omap else ne
            key = (a, b, ce.category, ce.id)
            if key not in out:
                # ContextTerm(...) without the frozen dataclass __init__, as the mentions are built (_score):
                # its (empty) __dict__ filled in field order; equal to ContextTerm(...), several times faster
                term = _NEW(ContextTerm)
                d = term.__dict__
                d["category"] = ce.category
                d["id"] = ce.id
                d["surface"] = text[a:b]
                d["start"] = a
                d["end"] = b
                out[key] = term
        return mentions, list(out.values())

    # ------------------------------------------------------------------------------------------------
    def _scan(self, norm: str, raw: bytes, places: bool = True, cues: dict[str, list[int]] | None = None,
              ) -> tuple[list[_Hit], list[tuple[int, int, _CtxEntry]], list[int]]:
        """Site hits, context-term hits (foreign places too when ``places``), boundaries checked, and where the
        words of :data:`_LOOKALIKE_HEADS` start (unsorted, inside words too); ``raw`` is ``norm`` as scan bytes
        (:func:`encode_for_scan`). With ``places``, ``cues`` is filled with the start of every cue word (kind →
        ascending offsets)."""
        hits: list[_Hit] = []
        ctx_hits: list[tuple[int, int, _CtxEntry]] = []
        heads: list[int] = []
        scanned = raw.translate(self._scan_table)
        # any "?" (a character outside the page, or a question mark) or digit
        unsure = raw.find(_UNSURE_BYTE) >= 0 or scanned.find(self._scan_table[_DIGIT_ZERO]) >= 0
        self._scan_with(self._automaton.find_matches_as_indexes(scanned, overlapping=True), self._values, norm, raw,
                        hits, ctx_hits, self._check_spelling if unsure else _NO_INDEXES, self._keys,
                        self._first_head, heads)
        if places and self._place_automaton is not None:
            matches = self._place_automaton.find_matches_as_indexes(raw, overlapping=True)
            if cues is not None and self._has_cues:
                kinds_of = self._place_cues
                for idx, s, _e in matches:
                    kinds = kinds_of[idx]
                    if kinds:
                        for kind in kinds:
                            found = cues.get(kind)
                            if found is None:
                                cues[kind] = [s]
                            else:
                                found.append(s)
                for found in cues.values():
                    found.sort()
            self._scan_with(matches, self._place_values, norm, raw, hits, ctx_hits,
                            self._check_place_spelling if unsure else _NO_INDEXES, self._place_keys, len(self._place_keys), heads)
        return hits, ctx_hits, heads

    @staticmethod
    def _scan_with(matches: list[tuple[int, int, int]],
                   values: list[tuple[tuple[_Entry, ...], tuple[_CtxEntry, ...]]], norm: str, raw: bytes,
                   hits: list[_Hit], ctx_hits: list[tuple[int, int, _CtxEntry]], check: frozenset[int],
                   keys: list[str], first_head: int, heads: list[int]) -> None:
        """Keep the automaton's ``matches`` (pattern index into ``values``, start, end in ``norm``) that
        stand on word boundaries, as site hits and context-term hits; a pattern in ``check`` only if
        ``norm`` holds its spelling (``keys``) there. Letters and digits are told from the scan bytes
        ``raw`` (a table lookup, no one-character string), from ``norm`` where a byte is "?". The patterns from
        ``first_head`` on are head words: where each starts goes to ``heads``, wherever it stands."""
        n = len(norm)
        for idx, s, ne in matches:
            if idx >= first_head:
                heads.append(s)
                continue
            if check and idx in check and norm[s:ne] != keys[idx]:
                continue
            possessive = False
            if ne < n and _alnum_at(norm, raw, ne):
                if raw[ne] == _S_BYTE and not is_arabic(norm[s]) and (ne + 1 == n or not _alnum_at(norm, raw, ne + 1)):
                    possessive = True  # Jufra's (apostrophe deleted by normalisation); checked later
                else:
                    continue
            if s == 0 or not _alnum_at(norm, raw, s - 1):
                prefix = ""
            else:
                w = s - 1
                while w > 0 and _alnum_at(norm, raw, w - 1) and s - w <= 4:
                    w -= 1
                if s - w > 4 or (w > 0 and _alnum_at(norm, raw, w - 1)):
                    continue
                prefix = norm[w:s]
            # (the pattern's entries read only for a match on word boundaries: one list item and tuple fewer to fetch
            # from the automaton's large tables for each match inside a word)
            entries, ctx = values[idx]
            for entry in entries:
                if entry.arabic:
                    if prefix in entry.allowed:
                        hits.append(_Hit(s - len(prefix), ne, s, entry, prefix))
                        break
                elif prefix in _ELISIONS:
                    hits.append(_Hit(s, ne, s, entry, "'" + prefix))
                    break
                elif prefix == _WAW:
                    # an Arabic "and" written onto a Latin name, as Arabic text quotes one (وJufra, وCirene): the
                    # mention with its و, as an Arabic name's attached prefixes are
                    hits.append(_Hit(s - 1, ne, s, entry, prefix))
                    break
                elif not prefix:
                    ns = s
                    # ("al " and "el " end in "l ": two byte tests before a slice)
                    if (s >= 3 and raw[s - 1] == _SPACE_BYTE and raw[s - 2] == _L_BYTE and norm[s - 3:s] in _ARTICLES
                            and _word_start(norm, s - 3)):
                        ns = s - 3
                    hits.append(_Hit(ns, ne, s, entry, "'s" if possessive else ""))
                    break
            for ce in ctx:
                if prefix in ce.allowed and not possessive:
                    ctx_hits.append((s - len(prefix), ne, ce))

    @staticmethod
    def _resolve_overlaps(hits: list[_Hit]) -> list[_Hit]:
        """Leftmost, then longest, wins. The hits come nearly in that order (the scan reports them by where
        they end; a name inside a longer spelling comes first): an insertion sort (stable) puts them in it,
        with a few moves and no call per item."""
        for k in range(1, len(hits)):
            h = hits[k]
            j = k
            while j > 0:
                p = hits[j - 1]
                if p.ns < h.ns or (p.ns == h.ns and p.ne >= h.ne):
                    break
                hits[j] = p
                j -= 1
            hits[j] = h
        out: list[_Hit] = []
        last_end = -1
        for h in hits:
            if h.ns >= last_end:
                out.append(h)
                last_end = h.ne
            elif h.prefix == "'s" and out[-1].ns == h.ns and out[-1].ne == h.ne + 1:
                # a name and its possessive s read as one longer spelling ending in s (Tripoli's, the listed
                # Tripolis): both stay, and the original's apostrophe decides which one counts (_score)
                out.append(h)
        return out

    def _glosses(self, text: str, norm: str, omap: OffsetMap | None, hits: list[_Hit]) -> None:
        """Add to ``hits`` (in place, in text order) the Latin glosses in brackets after Arabic names that the scan
        did not find: one to three capitalised Latin words whose transliteration skeleton is the name's (سبها
        (Sebah), with the final h of either dropped), a mention of the same site (a generated spelling)."""
        k = 0
        while k < len(hits):
            h = hits[k]
            k += 1
            a = h.ne + 2
            if not h.entry.arabic or norm[h.ne:a] != " (":
                continue
            close = norm.find(")", a, a + 32)
            if close < 0 or (k < len(hits) and hits[k].ns < close) or _GLOSS.fullmatch(norm, a, close) is None:
                continue  # (a name the scan found in the brackets is judged as any other: سرت (Syrte))
            at = omap.start(a) if omap else a
            if not text[at:at + 1].isupper() or not _gloss_of(norm[a:close], norm[h.core:h.ne]):
                continue
            site = h.entry.site
            entry = self._gloss_entries.get(site.id)
            if entry is None:
                entry = _Entry(site, 0, False, False, site.layer == "bulk", False, _NO_PREFIX,
                               self._site_entries[site.id].mention, True)
                self._gloss_entries[site.id] = entry
            hits.insert(k, _Hit(a, close, a, entry, ""))
            k += 1

    # ------------------------------------------------------------------------------------------------
    def _score(self, text: str, norm: str, omap: OffsetMap | None, hits: list[_Hit], min_confidence: float,
               doc_id: str, ctx_terms: list[tuple[int, int, _CtxEntry]], ends: list[int],
               heads: list[int]) -> list[Mention]:
        """The mentions of ``hits`` (``ends``: :func:`sentence_ends` of ``text``; ``heads``: where the words of
        :data:`_LOOKALIKE_HEADS` start in ``norm``, ascending)."""
        # pass 1: offsets, checks that need the original text, and the rule of each hit
        spans: list[tuple[int, int] | None] = []
        lower_writer: bool | None = None  # does the writer write names in lower case (:func:`_lower_case_writer`)?
        lowered: set[int] = set()  # hits of such a writer's lower-case names that a capital would have made names
        for h in hits:
            entry = h.entry
            start = omap.start(h.ns) if omap else h.ns
            end = omap.end(h.ne) if omap else h.ne
            if h.prefix == "'s":
                # possessive: only when the original really has an apostrophe right after the name
                if end >= len(text) or text[end] not in _APOSTROPHES:
                    spans.append(None)
                    continue
            elif (omap is not None and not entry.arabic and norm[h.ne - 1] == "s" and h.ne - h.ns > 2
                  and text[omap.start(h.ne - 1) - 1] in _APOSTROPHES):
                spans.append(None)  # "Tripoli's" is Tripoli and its possessive, not the spelling Tripolis
                continue
            elif h.prefix.startswith("'"):
                # French elision: only when the original really has an apostrophe right before the name
                if start == 0 or text[start - 1] not in _APOSTROPHES:
                    spans.append(None)
                    continue
            elif (not entry.arabic and h.ns == h.core and h.core >= 3 and norm[h.core - 1] == " "
                  and norm[h.core - 2] in _ARTICLE_LAST_LETTERS  # (a cheap first test: every article ends so)
                  and norm[max(0, h.core - 5):h.core - 1].rpartition(" ")[2].lstrip(_QUOTES) + " " in _ASSIMILATED_ANY):
                start = self._assimilated_article(text, norm, h, start, omap)
            if ((start and text[start - 1] in "@_") or (end < len(text) and text[end] == "_")) and _handle(text, start):
                spans.append(None)  # @benghazi_sceptic, Kamel_Zouara: a user's handle, not the place
                continue
            if text[start - 1:start] in " \t]" and text[end:end + 1] in " \t(:" and _chat_sender(text, start, end):
                spans.append(None)  # "[09:03] Brak (admin): ...": the sender of a chat message
                continue
            if omap is not None and entry.arabic and not entry.shadda and text.find(_SHADDA, start, end) >= 0:
                spans.append(None)  # سبّها "insulted her" is not سبها: a shadda the gazetteer lacks
                continue
            if not entry.arabic and not entry.base and (entry.level or entry.generated):
                core = omap.start(h.core) if omap else h.core
                if core < len(text) and text[core].islower():
                    if lower_writer is None:
                        lower_writer = _lower_case_writer(text, omap, hits)
                    if not (lower_writer and _lower_case_line(text, core)):
                        spans.append(None)  # "the zawiya", "une zaouïa": a common noun, not the name
                        continue
                    lowered.add(len(spans))
            if (omap is not None and end < len(text) and text[end] in _HAMZA_MARKS and not entry.arabic
                    and (end + 1 == len(text) or not text[end + 1].isalnum())
                    and any(c in _MACRON_VOWELS for c in text[start:end]) and (start == 0 or text[start - 1] not in _HAMZA_MARKS + "‘")):
                # Tājūrā': a transliteration with long-vowel marks ends with its hamza's apostrophe (not a name in
                # single quotes: 'Tājūrā')
                end += 1
            spans.append((start, end))
        n = len(text)
        sentences: list[str] = []
        sa = sb = -1
        sentence = ""
        for sp in spans:
            if sp is None:
                sentences.append("")
                continue
            if not (sa <= sp[0] and sp[1] <= sb):  # not in the previous mention's sentence
                sa, sb = sentence_span(ends, n, sp[0], sp[1])
                sentence = cut(text, sa, sb)
            sentences.append(sentence)
        doc_context: bool | None = None
        level0: list[bool] | None = None
        sports: bool | None = None
        items: list[tuple[int, int]] = []  # sports items of a roundup ("Sport: ..."): where each starts and ends
        plural_at = -2  # the last hit named by a plural base phrase ("the air bases at Martuba")
        rules: list[str] = []
        things: set[int] = set()  # hits that name a thing after the place (a company, a basin, a street)
        for i, h in enumerate(hits):
            entry = h.entry
            if spans[i] is None:
                rules.append("")
                continue
            if sports is None:
                sports = _sports_text(ctx_terms)
                items = _sport_items(text, ends, ctx_terms)
            sporty = sports
            if items and not sporty:
                sp = spans[i]
                sporty = sp is not None and any(a <= sp[0] < b for a, b in items)
            look = self._lookalike(text, norm, omap, hits, i, rules, sporty, heads)
            if look:
                if look == _THING:
                    things.add(i)  # (reported as a name; one sense per document tells it from a person's name)
                    look = "lookalike:name"
                rules.append(look)
                continue
            if self._base_after(norm, h) or (self._base_before(norm, h) and not (
                    # (the base word ends a base's own name right before: "Gamal Abdel Nasser Air Base (Tobruk)" adds
                    # the base's town in brackets, the town)
                    i and hits[i - 1].entry.kind in _BASE_KINDS and not norm[hits[i - 1].ne:h.ns].strip(" " + _QUOTES))):
                airfield = self._airfield_of.get(entry.site_id)
                if airfield is not None:  # «مرتوبة» after قاعدة, "Brak (air base)": the airfield
                    h.entry = entry = self._site_entries[airfield.id]
                rules.append("gazetteer" if entry.level == 0 else "context:cue")
                continue
            base_at = h.ns > 8 and norm[h.ns - 3:h.ns - 1] in _BASE_AT_LAST and norm.endswith(_BASE_AT_ENDS, 0, h.ns)
            if ((plural_at == i - 1 and i and norm[hits[i - 1].ne:h.ns] in _LIST_JOINS)
                    or (base_at and _BASE_AT.search(norm, max(0, h.ns - 40), h.ns) is not None)
                    or _bases_apposition_after(norm, hits, i)):
                airfield = self._only_airfield_of.get(entry.site_id)
                if airfield is not None:  # "the base at Brak", "the airfield near Brak": the town's only airfield
                    h.entry = entry = self._site_entries[airfield.id]
                    rules.append("gazetteer" if entry.level == 0 else "context:cue")
                    # (a plural base word names the next name of its list too: "the air bases at Martuba and Tobruk")
                    if plural_at == i - 1 or norm.endswith(_BASES_AT_ENDS, 0, h.ns):
                        plural_at = i
                    continue
                if (entry.kind in _BASE_KINDS and base_at and i + 1 < len(hits)
                        and norm[h.ne:hits[i + 1].ns] in _LIST_LAST_JOINS
                        and _BASE_AT.search(norm, max(0, h.ns - 40), h.ns) is not None):
                    # a singular base word over a pair whose first name is a base's own: "the airfield at El Adem and
                    # Martuba" (the second name is an airfield too)
                    plural_at = i
            if entry.base_only:
                prev = hits[i - 1] if i else None
                alias = (prev is not None and prev.entry.site_id == entry.site_id
                         and norm[prev.ne:h.ns].strip() in {"(", "، (", ", ("})
                if not alias and i + 1 < len(hits):
                    # (its town in brackets right after it: "vers Gamal Abdel Nasser (Tobruk)")
                    town = hits[i + 1]
                    alias = town.entry.site_id == entry.site.parent and norm[h.ne:town.ns].strip() == "("
                if alias or self._icao_beside(norm, h) is entry.site:
                    rules.append("gazetteer")  # (and "HLGN Gamal Abdel Nasser": the base's ICAO code beside it)
                elif self._renamed(norm, hits, spans, ends, i):
                    rules.append("context:cue")  # "the base of El Adem, now called Gamal Abdel Nasser"
                else:
                    rules.append("ambiguous:no-context")
                continue
            if entry.level == 0:
                rules.append("generated" if entry.generated else "bulk" if entry.bulk else "gazetteer")
            elif self._apposition(norm, h.ne, LIBYA_WORDS):
                rules.append("context:dateline")
            elif self._dateline(text, norm, h, spans[i]):
                # a dateline whose own sentence has a negative cue of the site is the place abroad
                # ("طرابلس – نفذ الجيش اللبناني"), and so are its later mentions (pass 3)
                rules.append("lookalike:abroad" if self._negative_cue_near(
                    norm, entry.site_id, *_same_sentence(norm, h.ne, h.ne, h.ne, h.ne + 4 * NEAR)) else "context:dateline")
            else:
                if doc_context is None:
                    doc_context = any(o.entry.level == 0 and not o.entry.bulk for o in hits) or _names_libya(norm)
                if level0 is None:
                    level0 = [o.entry.level == 0 for o in hits]
                rules.append(self._context_rule(norm, hits, i, doc_context, level0))
        # pass 1b: the heads of a blotter's or a table's rows ("El Abiar: A 22-year-old was arrested", "Brak : 3,5 —
        # 3", "Ghat – Monday, Thursday"): a name that opens a line before a colon or a dash, where another line of the
        # document opens so with an accepted name, is a row of the same list
        if doc_context and "ambiguous:no-context" in rules:
            _row_heads(text, omap, hits, rules)
            _table_columns(text, omap, hits, rules)
        # pass 2: an ambiguous name listed right next to an accepted one ("ودان وهون") is accepted too
        # (left to right, then back: each name so accepted confirms the next of its list, "بلديات الرحيبات والرجبان
        # وتيجي وسيناون", "Tarhuna, Msallata, Al-Khadhra et Qasr Khiyar")
        accepted = [bool(r) and CONFIDENCE[r] >= 0.5 for r in rules]
        if "ambiguous:no-context" in rules and "(" in norm:
            self._glossed_pairs(norm, hits, rules, accepted)
        chained = False
        for i, r in enumerate(rules):
            if r == "ambiguous:no-context" and self._adjacent(norm, hits, i, accepted):
                rules[i] = "context:adjacent"
                accepted[i] = chained = True
        if chained:
            for i in range(len(rules) - 2, -1, -1):
                if rules[i] == "ambiguous:no-context" and accepted[i + 1] and self._adjacent(norm, hits, i, accepted):
                    rules[i] = "context:adjacent"
                    accepted[i] = True
        # pass 2a: names that only lists make places: a name near an accepted site ("البركات قرب غات", "Martuba,
        # near Derna"); in a document with a Libyan anchor, a list of two or more ambiguous names joined by و, a
        # comma or "and" ("في القبة وماسة", "سوسة وشحات والبيضاء"), none of them a word by its grammar
        if "ambiguous:no-context" in rules:
            if doc_context is None:
                doc_context = any(o.entry.level == 0 and not o.entry.bulk for o in hits) or _names_libya(norm)
            self._list_members(norm, hits, rules, accepted, doc_context)
        # pass 2b: which site a town's bare name is beside an airport: the town's airport when a plural airport noun
        # heads the list ("les aéroports de Mitiga et de Misrata", مطاري معيتيقة ومصراتة; a bare "at Mitiga and
        # Misrata", "Benina ➝ Sebha" is the town: sets 5-8 and the guides), the
        # airfield glossed as its former name ("Tobruk, the old El-Adem"; in brackets, "Benghazi (Benina)", the town)
        for i, h in enumerate(hits):
            if not accepted[i] and not (rules[i] and CONFIDENCE[rules[i]] >= 0.5):
                continue
            site = h.entry.site
            if site.kind in _BASE_KINDS:
                continue
            coded = self._icao_beside(norm, h)
            if coded is None and norm[h.ne:h.ne + len(_INTERNATIONAL)] == _INTERNATIONAL:
                coded = self._icao_after(norm, h.ne + len(_INTERNATIONAL))
                if coded is not None and coded.parent == site.id and coded.kind == "airport":
                    # "Misrata International (HLMS)": the airport's short name, its code after it
                    h.ne += len(_INTERNATIONAL)
                    sp = spans[i]
                    if sp is not None:
                        spans[i] = (sp[0], omap.end(h.ne) if omap else h.ne)
            if coded is not None and coded.parent == site.id:
                h.entry = self._site_entries[coded.id]  # "HLKF Kufra", "Misurata (HLMS)": the airfield of the code
                continue
            prv = hits[i - 1] if i else None
            if (prv is not None and prv.entry.kind in _BASE_KINDS and prv.entry.site.parent == site.id
                    and rules[i - 1] and CONFIDENCE[rules[i - 1]] >= 0.5
                    and _SEPARATORS.sub(" ", norm[prv.ne:h.ns]).strip() == "("
                    and self._icao_beside(norm, prv) is prv.entry.site):
                # an aerodrome list's "CODE Name (Town)": "HLGN Gamal Abdel Nasser (Tobruk)", the town glosses the
                # coded airfield (not "Ghardabiya (Syrte)" in prose: the town)
                h.entry = self._site_entries[prv.entry.site_id]
                continue
            nxt = hits[i + 1] if i + 1 < len(hits) else None
            if (nxt is not None and nxt.ns - h.ne <= _GLOSS_GAP and nxt.entry.site.parent == site.id
                    and nxt.entry.kind in _BASE_KINDS and _old_name_gloss(norm[h.ne:nxt.ns])):
                # "at Tobruk, the old El-Adem": the town's name glossed by its airfield's former name is the airfield;
                # not the airfield's own name in brackets, "Tripoli (Mitiga) - Benghazi (Benina)", "Flights to Sirte
                # (Ghardabiya)": the town is the town, the bracket a mention of its own (a timetable's or a flight
                # list's "City (Airport)"; the guides' bare town on a route line, set 12)
                h.entry = self._site_entries[nxt.entry.site_id]
                continue
            airport = self._airport_of.get(site.id)
            if airport is None:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(hits) and rules[j] and CONFIDENCE[rules[j]] >= 0.5:
                    other = hits[j].entry.site
                    a, b = (hits[j].ne, h.ns) if j < i else (h.ne, hits[j].ns)
                    if (other.kind == "airport" and other.parent != site.id and b - a <= 16
                            and not _has_base_word(norm[hits[j].ns:hits[j].ne])
                            and all(w in _ROUTE_GAP for w in _SEPARATORS.sub(" ", norm[a:b]).split())
                            and (_airports_noun_before(norm, min(hits[j].ns, h.ns))
                                 or _has_cue(AIRPORTS_NOUNS, _word_after(norm, max(hits[j].ne, h.ne))))):
                        # (and a plural airport noun after the list: "Mitiga and Misrata airports")
                        h.entry = self._site_entries[airport.id]
                        break
        # pass 2c: a town whose bare name the press uses for a military site (the gazetteer's military_sense:
        # Martuba, a tiny town, for its air base) is that site in a document about military matters, one that
        # names two other air bases or more; not with a place word beside it (بلدة مرتوبة, the town of Martuba)
        if self._military_sense:
            self._military_senses(norm, hits, rules)
        # pass 3: one sense per document. After a site is placed abroad (an apposition "TRIPOLI, Lebanon",
        # طرابلس (لبنان); a dateline with a negative cue; a section abroad), its later context-dependent
        # mentions in the same section are the foreign place too, unless a Libyan word stands next to them
        # (العاصمة الليبية طرابلس) or the document used the Libyan place first and their sentence names Libya;
        # a site whose latest sense was the Libyan place counts where its name stands alone again (not as an
        # adjective after a definite noun: المعاطف البيضاء "white coats"; not after a person's "Abdessalam Brak").
        # foreign sections: under a header that names a place abroad ("LIBAN –", "SANAA –"), a name that is
        # ambiguous, generated or from the bulk layer is the place abroad, up to the next header
        headers: list[tuple[int, bool]] = []
        if any(r and CONFIDENCE[r] >= 0.5 and (hits[i].entry.level or hits[i].entry.bulk or hits[i].entry.generated)
               for i, r in enumerate(rules)):
            headers = self._section_headers(text)
            if len(headers) < 2:
                headers = []  # one dateline ("STUTTGART, Allemagne –") opens an article, not a section of a roundup
        section = [0] * len(hits)
        if headers:
            for i, sp in enumerate(spans):
                if sp is None:
                    continue
                k = 0
                while k < len(headers) and headers[k][0] <= sp[0]:
                    k += 1
                section[i] = k
                e = hits[i].entry
                if (k and headers[k - 1][1] and rules[i] and CONFIDENCE[rules[i]] >= 0.5
                        and (e.level or e.bulk or e.generated)):
                    rules[i] = "lookalike:abroad"
        abroad: dict[str, int] = {}
        named: dict[str, int] = {}  # site id -> its first hit read as a person's name
        used: set[str] = set()
        libyan_first: set[str] = set()  # sites the document used as the Libyan place before placing them abroad
        for i, r in enumerate(rules):
            if not r:
                continue
            site_id = hits[i].entry.site_id
            if r == "lookalike:abroad":
                if site_id in used and site_id not in abroad:  # (used before its first placing abroad)
                    libyan_first.add(site_id)
                abroad.setdefault(site_id, i)
            elif r == "lookalike:name" and i not in things:
                named.setdefault(site_id, i)  # "Marta Brak": later, a bare "Brak said" is her too
            elif CONFIDENCE[r] >= 0.5:
                used.add(site_id)
        # a site named in full (Brak al-Shati air base) makes its parent's bare name (Brak) the same site later on,
        # where the town itself is not otherwise used: the writer shortens the name already given
        shortened: dict[str, tuple[str, Site]] = {}
        for i, r in enumerate(rules):
            site = hits[i].entry.site
            if r and CONFIDENCE[r] >= 0.5 and site.parent and site.kind in _BASE_KINDS:
                shortened.setdefault(site.parent, (norm[hits[i].core:hits[i].ne] + " ", site))
        latest: dict[str, bool] = {}  # site id -> was its latest sense so far the place (else a person)?
        worded: set[str] = set()  # sites whose latest sense so far was the common noun (الزاوية الكبرى)
        placed_in_libya: set[str] = set()  # sites placed abroad whose latest placing since was in Libya
        for i, r in enumerate(rules):
            if not r or (r == "ambiguous:no-context" and i in lowered):
                continue  # (a lower-case writer's bare word, "thanks hun": one sense per document needs a capital)
            h = hits[i]
            site_id = h.entry.site_id
            if site_id in abroad:
                if r == "lookalike:abroad":
                    placed_in_libya.discard(site_id)
                elif r == "context:dateline":
                    # an apposition or a dateline that names Libya ("NOT to be confused with Tripoli, Libya", "À
                    # Tripoli, en Libye, le gouvernement"): later mentions are the Libyan place again (a qualifier
                    # before the name, العاصمة الليبية طرابلس, is a passing mention and changes nothing)
                    placed_in_libya.add(site_id)
                elif abroad[site_id] < i and h.entry.level == 0 and not h.entry.generated and CONFIDENCE[r] >= 0.5:
                    # a name of the site that needs no context, none abroad has (مرسى سوسة after سوسة التونسية):
                    # later mentions are the Libyan place again (أبولونيا). (A later paragraph whose sentence names
                    # Libya was tried and is too weak: Lebanese wires name "الأراضي الليبية" beside their Tripoli.)
                    placed_in_libya.add(site_id)
            if r == "lookalike:name" and i not in things:
                latest[site_id] = False
            elif (r == "lookalike:word" and h.prefix == "ال" and h.entry.arabic and norm[h.ns - 1:h.ns] == " "
                  and site_id not in latest):
                # الزاوية الكبرى "the great lodge": the name with its article as a common noun, the document's first
                # sense of it (not after the town: الزاوية – ... الزاوية الصوفية ... الزاوية «تدفع ثمن صراع»; not a
                # label in quotes, «الكفرة» الطليان, the writer's word for a people, not the word's sense)
                worded.add(site_id)
            elif CONFIDENCE[r] >= 0.5:
                if (r == "context:document" or r == "context:document+military") and site_id in worded and (
                        h.prefix == "ال"):
                    # one sense per document, the word's too: after the grammar made الزاوية the common noun (the
                    # Sanusi lodge), a later bare الزاوية that only the document's other sites would make the town
                    # is the noun again ("ويرى المؤلف أن الزاوية في الواحة كانت مدرسة")
                    rules[i] = "ambiguous:word-sense"
                    continue
                latest[site_id] = True
                worded.discard(site_id)
            elif (r == "ambiguous:no-context" and site_id in shortened and site_id not in used
                  and len(shortened[site_id][0]) > h.ne - h.core + 1  # (named in full: not "the base in Brak")
                  and shortened[site_id][0].startswith(norm[h.core:h.ne] + " ") and not h.entry.base_only
                  and not _other_sense(norm, h)):
                h.entry = self._site_entries[shortened[site_id][1].id]
                rules[i] = "context:one-sense"  # "Brak al-Shati - the air base ... we had mixed it up with Brak"
                continue
            elif (r == "ambiguous:no-context" and latest.get(site_id, False) and site_id not in abroad
                  and not h.entry.base_only and not _other_sense(norm, h) and _word_sense_closed(norm, h)):
                rules[i] = "context:one-sense"  # "the town of Brak ... a teacher from Brak ... Abdessalam Brak"
                continue
            if (site_id in abroad and abroad[site_id] < i and r.startswith("context:") and r != "context:dateline"
                    and site_id not in placed_in_libya
                    and section[abroad[site_id]] == section[i] and not _libyan_near(norm, h)
                    and not (site_id in libyan_first and (
                        _names_libya(normalize(sentences[i]))
                        # (a document that used the Libyan place first and placed its namesake abroad in passing is
                        # back at the Libyan place in a later paragraph: مرسى سوسة ... سوسة التونسية ... ¶ في سوسة)
                        or _paragraph_break(text, spans[abroad[site_id]], spans[i])))
                    # (the name again in the very sentence that placed it abroad contrasts the two places: "a
                    # workshop in Tripoli, north Lebanon, and ... the meeting in Tripoli", سوسة التونسية ... سوسة;
                    # not after a dateline, which places its whole sentence abroad: "TRIPOLI, Lebanon – ... in Tripoli")
                    and not (sentences[i] and sentences[i] is sentences[abroad[site_id]]
                             and not _opens_line(text, spans[abroad[site_id]]))
                    and not self._libyan_company(norm, hits, rules, i)):
                rules[i] = "ambiguous:foreign-sense"
            elif (r == "ambiguous:no-context" and site_id in used and site_id not in abroad
                  and named.get(site_id, i) >= i and not h.entry.base_only and not _other_sense(norm, h)
                  and not (h.entry.level == 3 and _after_definite(norm, h)) and _word_sense_closed(norm, h)):
                rules[i] = "context:one-sense"
        # pass 3b: a spelling the gazetteer does not list (generated) in a document about another country is
        # that country's place: one that names a country abroad but neither Libya nor a listed, curated site
        # (Tadjoura in an article on Djibouti is no Tajura)
        generated = [i for i in range(len(rules)) if rules[i] and CONFIDENCE[rules[i]] >= 0.5 and hits[i].entry.generated]
        if generated and not _names_libya(norm) and not any(
                rules[i] and CONFIDENCE[rules[i]] >= 0.5 and not hits[i].entry.generated and not hits[i].entry.bulk
                for i in range(len(rules))) and any(
                _clean_token(w) in self._countries for w in norm.split()):
            for i in generated:
                rules[i] = "ambiguous:no-libya"
        # pass 3c: a name that needs the document's context (variants_doc: Tripoli, which Lebanon has too) found
        # only after a preposition, in a document with no Libyan anchor (no curated name that needs no context, no
        # Libya) of several sentences is not placed: a Lebanese talk show's "عن طرابلس", "في طرابلس" (a lone
        # sentence has no document to tell: its preposition decides)
        weak = [i for i in range(len(rules)) if rules[i] == "context:preposition" and hits[i].entry.level == 1]
        if weak and len(ends) >= _DOCUMENT_SENTENCES and not _names_libya(norm) and not any(
                rules[i] and CONFIDENCE[rules[i]] >= 0.5 and hits[i].entry.level == 0 and not hits[i].entry.generated
                and not hits[i].entry.bulk for i in range(len(rules))):
            for i in weak:
                rules[i] = "ambiguous:no-libya"
        # pass 4: a name two sites have carried (Gazetteer.shared: Okba ibn Nafi) is the one of them that the
        # text names nearest (in its sentence first); with neither named, the rule's site. A spelling a writer's
        # habit makes for one site and another lists (Cufra) follows the document's habit: the habit's site where
        # the text writes another name in that habit (Cenzur, Tacura, Beni Velid: Turkish), else a sharer its own
        # sentence names, else the listed site (an Italian text's "Gialo, Cufra" is Kufra, though it names Giofra)
        doc_habits: set[str] | None = None
        for i, r in enumerate(rules):
            alternates = hits[i].entry.alternates
            if alternates and r and CONFIDENCE[r] >= 0.5:
                h = hits[i]
                habit_site = self._habit_sites.get(spelling_key(norm[h.core:h.ne])) if self._habit_sites else None
                if habit_site is None:
                    self._nearest_sharer(hits, rules, spans, ends, i, alternates)
                    continue
                if doc_habits is None:
                    doc_habits = {self._spelling_habits.get(spelling_key(norm[o.core:o.ne]), "")
                                  for j, o in enumerate(hits) if rules[j] and CONFIDENCE[rules[j]] >= 0.5
                                  and o.entry.generated and not o.entry.alternates}
                if self._spelling_habits.get(spelling_key(norm[h.core:h.ne])) in doc_habits:
                    for alt in alternates:
                        if alt.site.id == habit_site:
                            h.entry = alt
                else:  # no habit shown: a sharer named in its own sentence (a gloss: والجفرة (Cufra)), else the listed
                    self._nearest_sharer(hits, rules, spans, ends, i, alternates, same_sentence=True)
        # (index loops, not zip(): a zip is a generic call and a tuple per item in the compiled twin)
        keep = [False] * len(spans)
        kept_starts: list[int] = []
        for i, sp in enumerate(spans):
            if sp is not None and CONFIDENCE[rules[i]] >= min_confidence:
                keep[i] = True
                kept_starts.append(sp[0])
        context = _assign_context(text, ends, kept_starts, ctx_terms)
        out: list[Mention] = []
        k = -1
        for i, h in enumerate(hits):
            span, rule = spans[i], rules[i]
            if span is None or not keep[i]:
                continue
            k += 1
            if h.entry.level and not rule.startswith(("ambiguous", "lookalike")):
                if h.entry.generated:
                    rule = "generated+context"
                elif h.entry.bulk:
                    rule = "bulk+context"
            confidence = CONFIDENCE[rule]
            # Mention(...) without the frozen dataclass __init__ (one object.__setattr__ per field) or a
            # Python-level call: the new object's (empty) __dict__ filled with the site's fields, the
            # rest set; equal to Mention(...) with every field given, several times faster
            mention = _NEW(Mention)
            d = mention.__dict__
            d.update(h.entry.mention)
            d["surface"] = text[span[0]:span[1]]
            d["start"] = span[0]
            d["end"] = span[1]
            d["sentence"] = sentences[i]
            d["confidence"] = confidence
            d["rule"] = rule
            if doc_id:  # (the site's fields hold "" and empty tuples: only what differs is set)
                d["doc_id"] = doc_id
            if context:
                actors, activities, paragraph = context[k]
                if actors:
                    d["actors"] = actors
                if activities:
                    d["activities"] = activities
                if paragraph:
                    d["actors_paragraph"] = paragraph
            out.append(mention)
        return out

    def _military_senses(self, norm: str, hits: list[_Hit], rules: list[str]) -> None:
        """Pass 2c of :meth:`_score`: the accepted bare names of towns with a ``military_sense`` become that
        site where the document names at least :data:`_MILITARY_DOCUMENT_BASES` other air bases."""
        bases: set[str] | None = None
        first: dict[str, int] = {}  # air base -> the index of its first accepted mention
        for i, h in enumerate(hits):
            r = rules[i]
            target = self._military_sense.get(h.entry.site_id)
            if target is None or not r or CONFIDENCE[r] < 0.5:
                continue
            if bases is None:
                bases = set()
                for k, o in enumerate(hits):
                    if o.entry.kind == "airbase" and rules[k] and CONFIDENCE[rules[k]] >= 0.5:
                        bases.add(o.entry.site_id)
                        first.setdefault(o.entry.site_id, k)
            # (or the document has named the military site itself before and a military word stands near the bare
            # name in its sentence: "base « Martuba » ... les mouvements observés à Martuba confirment l'usage de la
            # base", the writer shortening the name already given; not "aid flights land at Martuba air base ...
            # other villages hit: Shahat, Susa and Martuba")
            if len(bases - {target.id}) < _MILITARY_DOCUMENT_BASES and (
                    first.get(target.id, i) >= i or self._in_town_list(norm, hits, rules, i)
                    or not _military_word_near(norm, *_same_sentence(norm, max(0, h.ns - NEAR), h.ns, h.ne,
                                                                     h.ne + NEAR), h)):
                continue
            if self._in_town_list(norm, hits, rules, i, both=True):
                continue  # (inside a list of towns, "..., Al Qubbah, Martuba, Umm ar-Rizam, ...": the town, in any document)
            before = _words_before(norm, h.ns, 40, 3)
            w1 = before[-1] if before else ""
            w2 = before[-2] if len(before) > 1 else ""
            if (_has_cue(PLACE_CUES_BEFORE, w1) or (w1 in _OF_WORDS and _has_cue(PLACE_CUES_BEFORE, w2))
                    or _has_cue(PLACE_CUES_AFTER, _word_after(norm, h.ne))
                    or any(_has_cue(RESIDENT_WORDS, w) for w in before)):
                continue  # (and a list that residents head: سكان ام الرزم ومرتوبه "the people of ... and Martuba")
            h.entry = self._site_entries[target.id]

    @staticmethod
    def _in_town_list(norm: str, hits: list[_Hit], rules: list[str], i: int, both: bool = False) -> bool:
        """Is hit ``i`` coordinated with an accepted town beside it (من البيضاء ومرتوبه, "Chahat, Soussa et
        Martouba"): a list of places, where a town's bare name is the town? With ``both``, with one on each side
        (inside the list: "Susa, Al Qubbah, Martuba, Umm ar-Rizam and Kambut")."""
        found = 0
        for j in (i - 1, i + 1):
            if 0 <= j < len(hits) and rules[j] and CONFIDENCE[rules[j]] >= 0.5 and hits[j].entry.kind not in _BASE_KINDS:
                a, b = (hits[j].ne, hits[i].ns) if j < i else (hits[i].ne, hits[j].ns)
                if _coordinated(norm, a, b):
                    found += 1
                    if not both:
                        return True
        return found == 2

    @staticmethod
    def _nearest_sharer(hits: list[_Hit], rules: list[str], spans: list[tuple[int, int] | None], ends: list[int],
                        i: int, alternates: tuple[_Entry, ...], same_sentence: bool = False) -> None:
        """Give hit ``i`` (a shared spelling) to the sharer whose own accepted mention is nearest to it: in
        its sentence first, then by distance (``same_sentence``: in its sentence only)."""
        h = hits[i]
        by_site = {h.entry.site_id: h.entry}
        for alt in alternates:
            by_site[alt.site.id] = alt
        span = spans[i]
        sentence = sentence_index(ends, span[0]) if span is not None else -1
        best: _Entry | None = None
        best_d = -1
        for j, o in enumerate(hits):
            rj = rules[j]
            sj = spans[j]
            if j == i or not rj or sj is None or o.entry.alternates or CONFIDENCE[rj] < 0.5:
                continue
            found = by_site.get(o.entry.site_id)
            d = abs(o.ns - h.ns) + (0 if sentence_index(ends, sj[0]) == sentence else 1 << 40)
            if same_sentence and d >= 1 << 40:
                continue
            if found is not None and (best is None or d < best_d):
                best, best_d = found, d
        if best is not None:
            h.entry = best

    @staticmethod
    def _assimilated_article(text: str, norm: str, h: _Hit, start: int, omap: OffsetMap | None) -> int:
        """Extend ``start`` over an assimilated article: ``as-Sarra``, ``Es Sider``, ``d'Es-Sider``.

        The article counts when written with a hyphen, or (e-forms only: es, ez, ed ...) capitalised;
        a bare lower-case ``as``/``an``/``at`` is English.
        """
        core = h.core
        if core < 3 or norm[core - 1] != " ":
            return start
        a = norm.rfind(" ", max(0, core - 5), core - 1) + 1 if core > 4 else 0
        while a < core - 1 and norm[a] in _QUOTES:
            a += 1  # the "Es Sider" terminal: the article inside the quotes
        if norm[a:core] not in _ASSIMILATED and norm[a] in "dl" and norm[a + 1:core] in _ASSIMILATED:
            a += 1  # French elision: d'Es-Sider
        if norm[a:core] not in _ASSIMILATED or not _word_start(norm, a) or not norm.startswith(norm[a + 1:core - 1], core):
            return start  # (the article takes the name's first consonant: Es Sider, ash-Shati; not "Et Oum el Araneb")
        article_start = omap.start(a) if omap else a
        hyphen = start > 0 and text[start - 1] in "-‐‑"
        if not hyphen and norm[a:core - 1] == "et" and text[:article_start].rstrip()[-1:] in _SENTENCE_OPENERS:
            return start  # « JOURNALISTE : Et Tamanhint ? »: the French "and" opening a sentence
        if hyphen or (text[article_start].isupper() and (norm[a] == "e" or norm[a:core - 1] not in _ENGLISH_ARTICLES)):
            return article_start  # (capitalised: Es Sider, Ar Rahaibat; not "At Tajura", "As ...", "An ...": English)
        return start

    def _lookalike(self, text: str, norm: str, omap: OffsetMap | None, hits: list[_Hit], i: int,
                   rules: list[str], sports: bool, heads: list[int]) -> str:
        """The look-alike rule that makes hit ``i`` something else than the Libyan site, or "": a ship
        (HMAS Tobruk, the corvette Tobruk, ناقلة النفط «أوباري»), a place abroad by apposition ("Tripoli,
        Lebanon", طرابلس (لبنان), المرج اللبنانية), part of another name (Bab al-Aziziya, Dar El Beida, the
        Sirte Oil Company, the Ghadames basin, Khadim Raza), a common word after a demonstrative (هذه الزاوية),
        a sports club named after its town (:func:`_club`; ``sports``: the text is a sports text). ``heads``: where
        the words of :data:`_LOOKALIKE_HEADS` start in ``norm``, ascending."""
        h = hits[i]
        entry = h.entry
        person = False  # does the name start with a given name (عمر المختار, Omar al-Mokhtar)?
        if entry.level and not entry.base and not entry.base_only:
            first, sep, _rest = norm[h.core:h.ne].partition(" ")
            person = bool(sep) and (first in GIVEN_NAMES or first in LATIN_GIVEN_NAMES)
        # The words before the hit, read only where a rule below can use them: a head word of those rules starts
        # in the 48 characters before (found by the document's one scan of them), a ship's prefix ends right
        # before, the name starts with a given name, the text is about sport, or an Arabic name needs its
        # grammar read (_arabic_word_sense, a demonstrative). Elsewhere every rule that reads them fails.
        k = bisect_right(heads, h.ns - 49)
        if ((k < len(heads) and heads[k] < h.ns) or person or sports or (entry.arabic and entry.level)
                or (h.ns > 2 and norm[h.ns - 2] in _VESSEL_PREFIX_LAST and norm.endswith(_VESSEL_PREFIX_ENDS, 0, h.ns))):
            before = _words_before(norm, h.ns, 48, 4)
        else:
            before = []
        if not entry.base and entry.kind not in _BASE_KINDS and _club(text, norm, omap, h, before, sports):
            return "lookalike:club"
        if person and not (before and (before[-1] in PLACE_CUES_BEFORE or before[-1] in KIND_CUES_BEFORE or (
                # (a settlement "of" the name: le village d'Omar Mukhtar, the village of Omar al-Mukhtar)
                len(before) > 1 and before[-1] in _OF_WORDS and before[-2] in _SETTLEMENT_WORDS))):
            return "lookalike:name"  # المجاهد عمر المختار, Omar al-Mokhtar: the man a village is named after
        if (entry.arabic and entry.generated and not entry.base and h.ne < len(norm) and norm[h.ne] == " "
                and _word_after(norm, h.ne) in GIVEN_NAMES):
            # a spelling the gazetteer does not list, followed by a given name, is the first name of a person's
            # name chain (مرزوق الطاهر "Marzouq al-Taher", not مرزق)
            return "lookalike:name"
        if h.ns == 0 or norm[h.ns - 1] in _QUOTE_OR_SPACE:
            thing = _quoted_thing(norm, h, before, heads)
            if thing:
                return thing  # الباخرتين «مرزق», l'avion sanitaire « Ghadames », « Tazirbou » — écurie Ben Saïd
        if before:
            last = before[-1]
            if last in VESSEL_PREFIXES and norm[h.ns - len(last) - 1:h.ns] == last + " ":
                return "lookalike:vessel"  # "عن الفرقاطة TCG Tobruk": a ship's prefix right before is its name
            # (one look-up in the union of the head words asked below tells whether any of them can stand there)
            cued = any(_has_cue(_HEADS_BEFORE, t) for t in before[-3:])
            if (((cued and any(_has_cue(VESSEL_WORDS, before[k]) and not _adjective_vessel_word(before, k)
                              for k in range(max(0, len(before) - 3), len(before))))
                 or ((last in SHIP_NOUNS or last == "flagged" or (len(before) > 1 and before[-2] in SHIP_NOUNS))
                     and _ship_noun_before(norm, h.ns, before)))
                    and not _route_after_vessel(before[-3:])):
                return "lookalike:vessel"
            if ((cued and _has_cue(WATER_HEADS, last)) or (len(before) > 1 and last in _OF_WORDS and before[-2] in WATER_HEADS)) and (
                    norm[h.ns - 1:h.ns] == " " and norm[h.ns - 2:h.ns - 1].isalnum()):
                return "lookalike:word"  # the Gulf of Sirte, خليج سرت: the sea (not "The plain. Al Marj")
            if cued and (entry.level or entry.bulk) and any(_has_cue(MOVEMENT_HEADS, t) for t in before[-2:]) and not any(
                    t in PREPOSITIONS for t in before[-2:]):
                return _THING  # le mouvement libanais Marada: a party named after a place
            if cued and (_has_cue(COMPOUND_HEADS, last) or (entry.arabic and _has_cue(ORG_HEADS_AR, last))):
                return _THING  # Bab al-Aziziya; شركة الزويتينة للنفط "the Zueitina Oil Company"
            if entry.kind not in _BASE_KINDS and (
                    _has_cue(_TOWER_WORDS, last) or (last == "tour" and len(before) > 1 and before[-2] == "la")):
                return _THING  # la tour Tripoli "the Tripoli tower" (not "Eastern tour — Benghazi", le tour de Libye)
            if entry.arabic and _has_cue(_FIRM_HEADS_AR, last) and _word_after(norm, h.ne).startswith(_FOR_THE):
                return _THING  # وكالة اوباري للسفر "the Ubari travel agency", مجموعة زلة للمقاولات: a firm's name
            if not entry.arabic and _has_cue(_FERRY_WORDS_AR, last) and norm.endswith(last + " ", 0, h.ns):
                return "lookalike:vessel"  # العبّارة AL KUFRA: a ferry's Latin name inside Arabic text
            if entry.arabic and len(before) > 1 and _fund_before_ar(norm, h.ns, before, h.prefix):
                return _THING  # صندوق إعمار درنة: a fund or a committee named after the town
            if (not entry.arabic and not entry.base and any(t in PLATFORM_WORDS for t in before[-3:])
                    and not any(t in _SHIP_ROUTE_WORDS for t in before[-3:][1:])
                    and not any(c in ",;:()" for c in norm[max(0, h.ns - 40):h.ns].rsplit("plat", 1)[-1])):
                return _THING  # la plateforme gazière offshore Sabratha: an installation offshore
            if (entry.arabic and entry.al_stem and entry.level and last in DEMONSTRATIVES
                    and before[-3:-1] != _INCLUDING):  # (بما في ذلك الكفرة "including Kufra": no demonstrative)
                return "lookalike:name"
            if entry.arabic and entry.level and not (
                    # (a Latin gloss of the same site in brackets right after, "الطريق القبة (GUBBA)": the writer
                    # transliterates a proper name, no word)
                    i + 1 < len(hits) and hits[i + 1].ns == h.ne + 2 and norm[h.ne:h.ne + 2] == " ("
                    and not hits[i + 1].entry.arabic and hits[i + 1].entry.site_id == entry.site_id):
                sense = self._arabic_word_sense(norm, hits, i, before)
                if sense:
                    return sense
            if not entry.arabic and (last in {"bassin", "basin"} or (
                    len(before) > 1 and before[-2] == "bassin" and last in _OF_WORDS)):
                return _THING
            if not entry.arabic and not entry.base:
                look = _latin_head_before(norm, h.ns, before, entry.kind == "town")
                if look:
                    return look
                if any(t in _THING_HEADS_OF for t in before) and h.ns == h.core:
                    start = omap.start(h.ns) if omap else h.ns
                    if _THING_OF.search(text, max(0, start - 60), start) is not None:
                        return _THING  # le Comité des litiges de Zaouïa, La Voix de Tobrouk: a thing's name
                if (last in _ARTICLE_LE and len(before) > 1 and before[-2] in _VENUE_WORDS
                        and norm.endswith(f"{before[-2]} {last} ", 0, h.ns)):
                    return _THING  # le restaurant Le Benghazi: a venue named after the place  # the steamer Città di Tripoli, le brut Es Sider, the callsign SIRTE, l'historien Brak
                if ((last in CHRISTENING_WORDS or (last == _NAMED and len(before) > 1 and before[-2] == "be"))
                        and entry.kind not in _BASE_KINDS and norm.endswith(last + " ", 0, h.ns)):
                    # ("a patrol craft ..., to be named Sabratha": a name to come is a new ship's or aircraft's)
                    return _THING  # "its first ATR, christened Ghadames": an aircraft's or a ship's name
        if norm[h.ne:h.ne + 2] == " |" and _ship_table_row(text, omap, h):
            return "lookalike:vessel"  # AL KUFRA | ليبيا | ALEXANDRIA: the first column of a table of ships
        # (_VESSEL_APPOSITION needs a comma, after a number at most ("Zliten 3,"), and a vessel word or ship noun, a
        # head word, among the two words after it: a head found by the scan after the name, with at most the six
        # spaces the pattern holds before its third word)
        m = None
        gap = norm[h.ne:h.ne + 7]
        if "," in gap or "،" in gap:
            k = bisect_right(heads, h.ne - 1)
            if k < len(heads) and _spaces_at_most(norm, h.ne, heads[k], 6):
                m = _VESSEL_APPOSITION.match(norm, h.ne)
        if m is not None and any(w and (_has_cue(VESSEL_WORDS, w) or w in SHIP_NOUNS)
                                 for w in (m.group(2), m.group(1) and m.group(3))) and not (
                i + 1 < len(hits) and hits[i + 1].ns - m.end() <= 3):
            # (not when the apposition's ship has a name of its own right after it: "À Tobrouk, le roulier « Derna »")
            return "lookalike:vessel"  # "le procès du Derna, ce bateau de pêche", "the Sabratha, a small tanker"
        if (not entry.arabic and not entry.base and not entry.level and h.ns == h.core and h.ns >= 2
                and norm[h.ns - 1] == " " and before and (before[-1] in LATIN_GIVEN_NAMES or before[-1] in _FATHER_OF)):
            k = h.ns - 1 - len(before[-1])
            at = omap.start(k) if omap else k
            if (norm[k:h.ns - 1] == before[-1] and at < len(text) and text[at].isupper()
                    and not _has_cue(KIND_CUES_AFTER, _word_after(norm, h.ne))
                    and not _has_cue(PLACE_CUES_AFTER, _word_after(norm, h.ne))):
                return "lookalike:name"  # "Midfielder Mohamed Derna": a family name after a given name
        if i and rules[i - 1] == "lookalike:vessel":
            a, b = hits[i - 1].ne, h.ns
            if _coordinated(norm, a, b) and not _dash_between(text, omap, a, b):
                # (not a dash: "MV Derna — Benghazi, 04/03", a ship and its port of call)
                return "lookalike:vessel"  # "the patrol boats Ubari and Sabratha"
        if self._apposition(norm, h.ne, self._countries if entry.level or not entry.arabic else self._country_names) and (
                not _possessive_after(norm, h.ne, self._countries) or not _names_libya(norm[slice(*_same_sentence(
                    norm, max(0, h.ns - 300), h.ns, h.ne, h.ne + 300))])):
            # (a country's possessive after a comma in a sentence that names Libya opens the next clause: "halted the
            # offensive on Tripoli, Turkey's footprint in western Libya ...", unlike "TRIPOLI, Lebanon's second city")
            return "lookalike:abroad"  # (a country's adjective after a name only Libya has: قاعدة «ويلس» الأمريكية)
        if norm[h.ne:h.ne + 2] == " (" and norm[h.ne + 4:h.ne + 5] == ")" and self._country_code_after(text, norm, omap, h):
            return "lookalike:abroad"  # "TRIPOLI (LB)": a port abroad by its country's code
        if entry.generated and i and hits[i - 1].entry.site_id == entry.site_id and not hits[i - 1].entry.generated and (
                norm[hits[i - 1].ne:h.ns].strip(" ,") in _NOT_THE_SAME):
            return "lookalike:abroad"  # "Tajoura is not Tadjoura": a spelling the gazetteer lacks, set against its own
        if not entry.base and (entry.generated or (entry.level and (entry.bulk or not entry.arabic))) and (
                self._located_abroad(text, norm, omap, h)):
            return "lookalike:abroad"  # "a court in Massa, in Tuscany", حي الأبيار بالعاصمة الجزائرية: a region abroad
        if (entry.bulk or entry.generated) and not entry.base and self._district_abroad(norm, h):
            return "lookalike:abroad"  # "In Mecca, ... hotels in the Aziziyah district": a district of a city abroad
        if (not entry.arabic and not entry.base and (entry.bulk or entry.generated or not entry.level)
                and self._in_country_after(norm, h.ne)):
            # (a curated name that needs context, Homs, has its negative cues: placed abroad, it would be so in the
            # whole document)
            return "lookalike:abroad"  # "Apollonia in Albania.", "Derna en Roumanie,": a namesake abroad
        if (entry.level and not entry.base and "," in norm[h.ne:h.ne + 2]
                and _IN_THE_COUNTRY.match(norm, h.ne) is not None):
            lo, hi = _same_sentence(norm, max(0, h.ns - 300), h.ns, h.ne, h.ne + 300)
            words = [_clean_token(t) for t in norm[lo:hi].split()]
            if any(w in self._countries for w in words) and not any(w in _LIBYA_WORDS for w in words):
                return "lookalike:abroad"  # "au Liban ..., à Tripoli, dans le nord du pays": that country's
        if not entry.arabic and not entry.base and _person_apposition(norm, h.ne):
            return "lookalike:name"  # "Brak the Turkish TV actor", "Derna, l'acteur": a person described
        if not entry.base and h.ne < len(norm) and norm[h.ne] == " " and _coauthors_after(norm, h.ne):
            return "lookalike:person"  # عمل براك وزملائه (2023), Brak et al.: an author cited
        if (not entry.arabic and h.ns > 4 and norm[h.ns - 1] == " " and norm[h.ns - 4:h.ns - 1] in _COMPOUND_LINKS
                and _hyphen_before(text, omap, h.ns) and _hyphen_before(text, omap, h.ns - 3)):
            return _THING  # la rue du Serment-de-Koufra: a compound name joined by hyphens
        if (entry.arabic and not entry.base and h.ne < len(norm) and norm[h.ne] == " "
                and not (i + 1 < len(hits) and hits[i + 1].ns <= h.ne + 2) and _hyphen_joined_ar(text, omap, h)):
            return _THING  # براك-شاطي: the first word of a longer name joined by a hyphen, not the town alone
        if entry.arabic and not entry.base and norm[h.ne:h.ne + len(_FIR_AFTER_AR)] == _FIR_AFTER_AR:
            return _THING  # منطقة طرابلس لمعلومات الطيران: the flight information region ("Tripoli FIR")
        q = h.ns - 2 if h.ns > 1 and norm[h.ns - 1] == " " else h.ns - 1  # (« Sirte 3 »: a space inside the quotes)
        if q >= 0 and norm[q] in _OPEN_QUOTES and _code_name_quoted(norm, q):
            return _THING  # call sign "Bengazi", صاحب النداء «سبها», indicatifs « LAA 214 » et « Sirte 3 »
        if not entry.base and self._quoted_name(norm, hits, i) and not _caption_dash_after(text, omap, h):
            # (« Derna — la cascade »: a postcard's caption, the place and what it shows)
            return _THING  # «صبراتة ستار», «ريح زوارة», «القبة الحديدية»: a name made with the place's
        if norm[h.ne:h.ne + 1] in _CLOSE_QUOTES and norm[h.ne:h.ne + 1] and _clean_token(
                _word_after(norm, h.ne + 1)) in CODE_NAME_WORDS:
            return _THING  # the "Tobruk" callsign, l'opération « Syrte »: a name given after the place
        if not entry.arabic and not entry.base and entry.level and h.ns == h.core and h.ns >= 2 and norm[h.ns - 1] == " ":
            k = norm.rfind(" ", 0, h.ns - 1) + 1
            prev = norm[k:h.ns - 1]
            at = omap.start(k) if omap else k
            if (prev.isalpha() and len(prev) > 2 and at < len(text) and text[at].isupper()
                    and text[at + 1:at + 2] not in _APOSTROPHES  # "L'antique Cyrène": the capital is the article's
                    and not text[at + 1:at + 2].isupper()  # "HLGT Ghat": a code or an acronym, no first name
                    and not (i and hits[i - 1].ne == h.ns - 1)  # "Sirte-Hun": a route between two sites
                    and not _hyphen_before(text, omap, h.ns)  # "Dehiba-Wazen": a crossing's two towns
                    and prev not in PREPOSITIONS and prev not in KIND_CUES_BEFORE and prev not in PLACE_CUES_BEFORE
                    and prev not in _NAME_HEADS and prev not in _REGION_ADJECTIVES  # ("Southern Tripoli.": no first name)
                    and prev not in _SENTENCE_ADVERBS  # ("Puis Brak, puis Gat": an adverb opens the sentence)
                    and "\n" not in text[at:omap.start(h.ns) if omap else h.ns]  # (a line's last word: "except Friday\nGhat")
                    # (a sentence's first word before a list of names is no first name: "Seuls Brega et Mellitah")
                    and not (_opens_sentence(norm, k) and _list_follows(text, norm, omap, h.ne))):
                return "lookalike:name"  # "Marta Brak", "Omar Ghat": a person's name
            if prev in {"the", "le"} and k >= 2:
                k2 = norm.rfind(" ", 0, k - 1) + 1
                at2 = omap.start(k2) if omap else k2
                if at2 + 2 < len(text) and text[at2] in "dlDL" and text[at2 + 1] in _APOSTROPHES:
                    at2 += 2  # "d'Attila le Hun"
                if norm[k2:k - 1].isalpha() and at2 < len(text) and text[at2].isupper() and norm[k2:k - 1] not in _NAME_HEADS:
                    return "lookalike:word"  # "Attila the Hun", "Attila le Hun": an epithet
        if (not entry.arabic and not entry.base and entry.level and h.ns < h.core and h.ns > 1
                and norm[h.ns - 1] == " "):
            toks = norm[max(0, h.ns - 24):h.ns].split()
            if (len(toks) > 1 and toks[-2] in {"al", "el"} and toks[-1].isalpha() and norm[h.ns - 2] != " "
                    and not (i and hits[i - 1].ne >= h.ns - 1) and toks[-1] not in PLACE_CUES_BEFORE
                    and toks[-1] not in KIND_CUES_BEFORE):
                # (not after a dash or a comma, which normalising leaves as spaces: "Al Bayda – Al Marj" is a route)
                return "lookalike:word"  # al-Saha al-Khadra "Green Square": an adjective after a definite noun
            if (not entry.bulk and not entry.generated and len(toks) > 1 and toks[-2] in _THE
                    and self._common_noun_before(text, norm, omap, h.ns, toks[-1])
                    and not (i and hits[i - 1].ne >= h.ns - 1)):
                # (a literal translation keeps the Arabic order, the adjective after its noun: البيت الأبيض, الورقة
                # البيضاء; a place's own word before it, "the town al-Bayda", "la route El Beïda", keeps the place)
                return "lookalike:word"  # "the house al-Bayda", "le papier Al-Bayda": an adjective after "the" noun
        if not entry.arabic and not entry.base:
            if (i + 1 < len(hits) and hits[i + 1].ns == h.ne + 1 and not hits[i + 1].entry.arabic
                    and _hyphen_before(text, omap, hits[i + 1].ns)
                    and _clean_token(_word_after(norm, hits[i + 1].ne)) in _FEATURES_AFTER):
                return _THING  # the Jalu–Awjila trend: two names joined, then a feature's word
            nxt = self._next_word(text, norm, omap, h)
            if nxt and nxt[0].isupper():
                word = _clean_token(normalize(nxt))
                if word in ORG_WORDS or (word == "air" and _clean_token(_word_after(norm, h.ne + 4)) in ORG_WORDS):
                    return _THING  # "Ubari Relief Network", "Ghadames Air Transport"
                if word == "air" and entry.kind not in _BASE_KINDS and (
                        _clean_token(_word_after(norm, h.ne + 4)) not in _AIR_BASE_WORDS):
                    return _THING  # "Operator: Cyrene Air.": an airline (not "Misrata Air Base", "Sirte Air Force")
                if word in _THING_HEADS_AFTER or _clean_token(_word_after(norm, h.ne + 1 + len(nxt))) in _THING_HEADS_AFTER:
                    return _THING  # "the Derna Flood Committee", "the Tobruk Relief Fund": named after the town
                if word in SHIP_NAME_WORDS:
                    return "lookalike:vessel"  # "the Sabratha Queen", a ship's name without a ship noun
                if (_hyphen_before(text, omap, h.ne + 1) and nxt.isalpha()
                        and _common_noun_after(text, norm, omap, h.ne + 1 + len(nxt))):
                    pass  # "Tripoli-Europe links": two names joined before a common noun, no name of a thing
                elif (entry.level and word not in KIND_CUES_AFTER and word not in PLACE_CUES_AFTER and len(word) > 2
                        and word not in CALENDAR_WORDS
                        # (a cable's "VIA AL-ABYAR AND TOCRA": a listed name in capitals, not a generated one, "SERT D'ECOLE")
                        and (entry.generated or not self._in_capitals(text, omap, h))
                        and not _institution_after(norm, h, nxt, word)
                        and not (i + 1 < len(hits) and (_hyphen_before(text, omap, hits[i + 1].ns) or (
                            hits[i + 1].ns == h.ne + 1 and hits[i + 1].entry.site_id == entry.site_id)))
                        # (names run together with no comma, another site either side: "Ras Lanouf Brega Sidra")
                        and not (i and hits[i - 1].ne == h.ns - 1 and i + 1 < len(hits) and hits[i + 1].ns == h.ne + 1)):
                    # (a name joined by a dash to the next one is a route: Ajdabiya–Jalo–Koufra; one followed by
                    # another name of the same site is glossed: "maps call Al Bayda Beda Littoria")
                    return "lookalike:name"  # "Khadim Raza": a person's name (not "Al-Khadem Saturday")
                elif (not entry.level and entry.kind not in _BASE_KINDS and not _institution_after(norm, h, nxt, word)
                      and _named_after(text, norm, omap, hits, i, word)):
                    return _THING  # "Ghadames Air", "Tobruk Road", "the Murzuq Sand Sea": another thing's name
            elif _clean_token(nxt) in _FEATURES_AFTER or (entry.kind == "town" and _clean_token(nxt) in _FIELD_WORDS):
                return _THING  # "the Sabratha platform", "the Sirte basin", a town's "Zelten field"
            elif _clean_token(nxt) in _APPEAL_WORDS and nxt[-1:] in ".,;:":
                return _THING  # "Derna appeal.": a fundraising appeal named after the town
            elif nxt in _PLATFORM_MODIFIERS and _clean_token(_word_after(norm, h.ne + 1 + len(nxt))) in PLATFORM_WORDS:
                return _THING  # "the Sabratha gas platform": a platform's kind between the name and it
            if entry.level and entry.kind not in _BASE_KINDS and self._country_possessive_before(text, norm, omap, h):
                # (read after the person rules: "Cambodia's Hun Sen" is the man)
                return "lookalike:abroad"  # "in Yemen's al-Bayda governorate", "Lebanon's Tripoli"
        return ""

    def _country_code_after(self, text: str, norm: str, omap: OffsetMap | None, h: _Hit) -> bool:
        """Is hit ``h`` followed by a country's two-letter code in capitals in brackets (" (LB)") whose country is a
        negative cue of the site ("TRIPOLI (LB)" in a port-call table: Tripoli in Lebanon)?"""
        country = _COUNTRY_CODES.get(norm[h.ne + 2:h.ne + 4])
        if country is None:
            return False
        at = omap.start(h.ne + 2) if omap else h.ne + 2
        if not text[at:at + 2].isupper():
            return False
        return any(key == country for key, _allowed in self._negative_cues.get(h.entry.site_id, ()))

    def _icao_beside(self, norm: str, h: _Hit) -> Site | None:
        """The airfield whose ICAO code stands right before the hit ("HLKF Kufra") or in brackets right after it
        ("Misurata (HLMS)", "(HLMS – Misurata Airport)"), or None."""
        # (one character at a time: nearly every hit fails on the first, before any slice or call)
        ns = h.ns
        if (ns >= 5 and norm[ns - 5] == "h" and norm[ns - 4] == "l" and norm[ns - 1] == " "
                and (ns == 5 or not norm[ns - 6].isalnum())):
            found = self._icao.get(norm[ns - 5:ns - 1])
            if found is not None:
                return found
        return self._icao_after(norm, h.ne)

    def _icao_after(self, norm: str, k: int) -> Site | None:
        """The airfield whose ICAO code stands in brackets at ``k`` (" (HLMS)"), or None."""
        n = len(norm)
        if k + 1 < n and norm[k] == " " and norm[k + 1] == "(":
            k += 1
        if (k + 3 <= n and norm[k] == "(" and norm[k + 1] == "h" and norm[k + 2] == "l"
                and (k + 7 >= n or not norm[k + 5].isalnum())):
            return self._icao.get(norm[k + 1:k + 5])
        return None

    @staticmethod
    def _renamed(norm: str, hits: list[_Hit], spans: list[tuple[int, int] | None], ends: list[int], i: int) -> bool:
        """Is a base's name without its base word given as the new or other name of the same site named earlier
        in its sentence ("la base d'El Adem, aujourd'hui appelée Gamal Abdel Nasser", "قاعدة العضم التي تسمى
        جمال عبد الناصر")?"""
        h = hits[i]
        span = spans[i]
        before = _words_before(norm, h.ns, 30, 2)
        if span is None or not any(t in RENAMING_WORDS for t in before):
            return False
        sentence = sentence_index(ends, span[0])
        for j in range(i - 1, -1, -1):
            other = spans[j]
            if other is not None and sentence_index(ends, other[0]) != sentence:
                return False
            if other is not None and hits[j].entry.site_id == h.entry.site_id:
                return True
        return False

    def _located_abroad(self, text: str, norm: str, omap: OffsetMap | None, h: _Hit) -> bool:
        """Is a name located by the words after it in a place that is no Libyan site, region or Libya? A Latin name
        followed by an apposition in a capitalised region of one word, closed by punctuation (or by a nationality
        adjective: ", dans le Piémont italien,"): ", in Tuscany,", ", en Sicile.", ", dans le Var,", ", à Djibouti";
        not ", in Ain Zara and", ", dans le Fezzan,", ", in the Shati valley,"; a Latin name followed by a word of an
        area and "of" a capitalised place that is none of those ("the Zawiya area of Zgharta district"); an Arabic
        name followed by ب and a place abroad, or a definite noun and a foreign country's adjective (حي الأبيار
        بالعاصمة الجزائرية), or (a bulk or generated name) by في, a country abroad and العاصمة (الأبيار في الجزائر
        العاصمة), or, after a neighbourhood word, ب and a name that is no Libyan site (حي العزيزية بمكة)."""
        if h.entry.arabic:
            words = [_clean_token(t) for t in norm[h.ne:h.ne + 48].split()[:3]]
            first = words[0] if words else ""
            if ((h.entry.bulk or h.entry.generated) and first == "في" and len(words) == 3 and words[2] == "العاصمه"
                    and words[1] in self._countries and norm[h.ne:h.ne + 1] == " "):
                return True  # "في" a country then العاصمة: that country's capital (الأبيار في الجزائر العاصمة)
            if len(first) < 3 or first[0] != "ب" or norm[h.ne:h.ne + 1] != " ":
                return False
            place = first[1:]
            if place in self._abroad_heads:
                return True
            if place.startswith("ال"):
                return len(words) > 1 and words[1] in self._countries
            before = _words_before(norm, h.ns, 48, 4)
            return (bool(before) and _has_cue(_DISTRICT_WORDS, before[-1]) and len(place) >= 3
                    and not _has_cue(PREPOSITIONS, first) and place not in self._site_keys
                    and place not in _LIBYA_WORDS and not _has_cue(PLACE_CUES_BEFORE, place)
                    and not _has_cue(KIND_CUES_BEFORE, place))
        if h.ns > 8 and norm[h.ns - 1] == " " and norm[h.ns - 3:h.ns - 1] == "of":
            # "the Italian town of Massa": a town of another nation (a capitalised nationality adjective)
            t = _NATION_TOWN_OF.search(norm, max(0, h.ns - 40), h.ns)
            if t is not None:
                nation = t.group(1)
                at = omap.start(t.start(1)) if omap else t.start(1)
                if (at < len(text) and text[at].isupper() and _NATIONALITY.fullmatch(nation) is not None
                        and nation not in _LIBYA_WORDS and nation not in LIBYA_WORDS):
                    return True
        m = _LOCATED_IN.match(norm, h.ne) or _AREA_OF.match(norm, h.ne)
        if m is None and (h.entry.generated or h.entry.bulk):
            m = _LOCATED_AU.match(norm, h.ne)
        if m is None:
            return False
        word = m.group(1)
        at = omap.start(m.start(1)) if omap else m.start(1)
        return (at < len(text) and text[at].isupper() and word not in self._site_keys and word not in LIBYA_WORDS
                and word not in DIRECTIONS and word not in _LIBYA_WORDS and word not in LIBYAN_REGIONS)

    @staticmethod
    def _common_noun_before(text: str, norm: str, omap: OffsetMap | None, ns: int, word: str) -> bool:
        """Is ``word``, right before the name at ``ns``, a lower-case common noun (no word of a place, a base, a
        route, a district or a direction, no preposition, nationality or Libya)?"""
        if (not word.isalpha() or len(word) < 3 or word in PLACE_CUES_BEFORE or word in KIND_CUES_BEFORE
                or word in PLACE_HEADS or word in _PLACE_HEADS_AFTER or word in PREPOSITIONS or word in DIRECTIONS
                or word in _THE or word in _NEIGHBOUR_WORDS or word in _LIBYA_WORDS
                or _NATIONALITY.fullmatch(word) is not None
                or norm[ns - len(word) - 1:ns] != word + " "):
            return False
        at = omap.start(ns - len(word) - 1) if omap else ns - len(word) - 1
        return at < len(text) and text[at].islower()

    def _district_abroad(self, norm: str, h: _Hit) -> bool:
        """Is the name a district's (a district word right before it or right after it: حي العزيزية, le quartier
        d'Al-Aziziyah, the Aziziyah district) in a sentence that names a city abroad ("In Mecca, ...", في مكة المكرمة):
        that city's district, not the Libyan village of the same name?"""
        if not self._foreign_cities or _DISTRICT_NEAR.search(norm, max(0, h.ns - 16), h.ne + 16) is None:
            return False  # (one search in C for a district word near: most names have none)
        before = _words_before(norm, h.ns, 24, 2)
        if not ((before and (_has_cue(_DISTRICT_WORDS, before[-1])
                             or (len(before) > 1 and before[-2] in _DISTRICT_WORDS and before[-1] in _OF_WORDS)))
                or _clean_token(_word_after(norm, h.ne)) in _DISTRICT_WORDS):
            return False
        lo, hi = _same_sentence(norm, max(0, h.ns - 300), h.ns, h.ne, h.ne + 300)
        for t in norm[lo:hi].split():
            w = _clean_token(t)
            if w in self._foreign_cities or (w[:1] in "وبل" and w[1:] in self._foreign_cities):
                return True
        return False

    def _in_country_after(self, norm: str, pos: int) -> bool:
        """Does " in " or " en " and a country abroad that ends its clause (a stop, a comma, a bracket or the end)
        follow at ``pos``, right after the name or after a word of a land feature ("Apollonia in Albania.", "the
        Djado plateau in Niger,")?"""
        if norm[pos:pos + 1] != " ":
            return False
        if norm[pos:pos + 4] not in _IN_GAPS:
            k = norm.find(" ", pos + 1)
            if k < 0 or norm[pos + 1:k] not in _FEATURE_WORDS:
                return False
            pos = k
            if norm[pos:pos + 4] not in _IN_GAPS:
                return False
        m = _WORD_THEN_STOP.match(norm, pos + 4)
        return m is not None and m.group(1) in self._countries

    def _country_possessive_before(self, text: str, norm: str, omap: OffsetMap | None, h: _Hit) -> bool:
        """Is the name right after a country's possessive ("Yemen's al-Bayda", "Lebanon's Tripoli"): that country's
        place?"""
        ns = h.ns
        if ns < 4 or norm[ns - 1] != " " or norm[ns - 2] != "s":
            return False
        k = norm.rfind(" ", 0, ns - 1) + 1
        if norm[k:ns - 2] not in self._countries:
            return False
        at = omap.start(ns - 2) if omap else ns - 2
        return 0 < at < len(text) and text[at - 1] in _APOSTROPHES

    @staticmethod
    def _quoted_name(norm: str, hits: list[_Hit], i: int) -> bool:
        """Is the hit inside quotes or guillemets with one or two other words that are not the name's article,
        a base or place word or another site: the quoted name of a ship, a company, a weapon («صبراتة ستار»,
        «ريح زوارة», "Sabratha Queen", «القبة الحديدية»)? A quoted name alone ("Es Sider", «الوطية») is the place."""
        h = hits[i]
        # (bounded searches in C: a hit far from any quote costs a few finds over 32 characters)
        a = -1
        for q in _OPEN_QUOTE_CHARS:
            a = max(a, norm.rfind(q, max(0, h.ns - 32), h.ns))
        if a < 0 or _PHRASE_STOP.search(norm, a + 1, h.ns) is not None:
            return False
        b = -1
        for q in _CLOSE_QUOTE_CHARS:
            k = norm.find(q, h.ne, h.ne + 32)
            if k >= 0 and (b < 0 or k < b):
                b = k
        if b < 0 or _PHRASE_STOP.search(norm, h.ne, b) is not None:
            return False
        if norm[a] == '"' and norm[b] != '"':
            return False
        if (i and hits[i - 1].ne > a) or (i + 1 < len(hits) and hits[i + 1].ns < b):
            return False  # another site inside the quotes: a route, a list
        lead = [t for t in (_clean_token(t) for t in norm[a + 1:h.ns].split()) if t]
        if lead and lead[-1] in _QUOTED_OF:
            return False  # « les sages de Zawiya »: the place's people, the place named
        words = [*lead, *(t for t in (_clean_token(t) for t in norm[h.ne:b].split()) if t)]
        if len(words) > _QUOTED_NAME_WORDS:
            return False  # a quoted sentence, not a name: « Hon est une ville de paix »
        words = [w for w in words if w not in _QUOTED_NAME_PARTS and not _has_cue(_QUOTED_NAME_PARTS, w)
                 and not w.isdigit()]
        return 0 < len(words) <= 2

    def _arabic_word_sense(self, norm: str, hits: list[_Hit], i: int, before: list[str]) -> str:
        """Does the grammar around an ambiguous Arabic hit make it a word or a person, not the place (the word
        before it is ``last``)? After a verb particle it is a verb (لا أدري); after a given name, a family
        name (عمر براك); with the article and right after a definite noun, an adjective (بالأعلام البيضاء،
        بالساحة الخضراء، للنظام الجديد); with the article and a definite adjective after it, a noun (الخادم
        الرئيسي "the main server"). A base or place word before it (قاعدة الخادم الرئيسية) keeps the place, and
        so does a noun phrase that is complete before it (البحرية التركية الخمس: "the Turkish navy [uses] al-Khums")."""
        h = hits[i]
        last = before[-1]
        if h.prefix == "":
            if last in _NAMED_PERSON_AR and norm.endswith(last + " ", 0, h.ns):
                return "lookalike:name"  # حارس تشادي اسمه براك "a Chadian guard named Brak": a man's name
            if last in VERB_PARTICLES or _word_after(norm, h.ne) == _GOD:
                return "lookalike:word"  # (and a verb whose subject is God: هون الله على أهلهم "may God ease")
            # (right before it: a dash or a comma between them, which normalising leaves as spaces, ends the name,
            # "محمد مفتاح – ودان – محاسبة" is a man, his home town and his subject)
            return "lookalike:name" if last in GIVEN_NAMES and norm.endswith(last + " ", 0, h.ns) else ""
        if (h.prefix != "ال" or _has_cue(KIND_CUES_BEFORE, last) or _has_cue(PLACE_CUES_BEFORE, last)
                or _has_cue(_INSTITUTIONS_BEFORE_AR, last)):
            return ""  # (مستشفى الخمس التعليمي: the town's hospital, the guides count it as the town)
        if last in _LODGE_PEOPLE_AR and norm.endswith(last + " ", 0, h.ns):
            return "lookalike:word"  # مريدي الزاوية "the lodge's disciples": the Sufi lodge, a noun
        j = h.ns - 1
        if j >= 0 and norm[j] in _OPEN_QUOTES and norm[h.ne:h.ne + 1] in _CLOSE_QUOTE_SET:
            # a name alone in quotes, then a people's word: a label the writer quotes for that people («الكفرة»
            # الطليان "the Italian 'infidels'"), not the place
            return "lookalike:word" if _people_word(_word_after(norm, h.ne + 1), self._countries) else ""
        if j < 0 or norm[j] != " " or (i and hits[i - 1].ne >= j - 1):
            return ""  # punctuation between, or the word before is a site: a list of places
        word_before = norm[norm.rfind(" ", 0, j) + 1:j]
        if not word_before or _clean_token(word_before) != word_before:
            return ""  # a dash or a comma between (طريق الأبيار – المرج): a list or a route, no noun phrase
        prev = _definite(last)
        if (prev and prev not in LIBYA_WORDS and prev not in self._countries
                and not (len(before) > 1 and _closed_phrase(prev, before[-2]))
                and not (i + 1 < len(hits) and hits[i + 1].ns <= h.ne + 2 and hits[i + 1].entry.level == 0
                         and norm[hits[i + 1].ns] in "وف،,")):  # الموانئ المغلقة السدرة ورأس لانوف: a list
            return "lookalike:word"
        nxt = _word_after(norm, h.ne)
        if (len(nxt) > 3 and nxt.startswith("ال") and norm[h.ne:h.ne + 1] == " " and nxt not in KIND_CUES_AFTER
                and nxt not in RELATIVE_PRONOUNS and nxt not in TIME_WORDS
                and nxt not in PLACE_CUES_AFTER and nxt not in LIBYA_WORDS and nxt not in _PLACE_ADJECTIVES
                and not (i + 1 < len(hits) and hits[i + 1].ns <= h.ne + 1)):
            return "lookalike:word"
        return ""

    @staticmethod
    def _in_capitals(text: str, omap: OffsetMap | None, h: _Hit) -> bool:
        """Are the Latin hit and the word after it written in capitals ("AL-QUBBAH AND")? In a line of capitals (a
        cable, a heading) a capitalised word after the name says nothing of a person's name."""
        a = omap.start(h.ns) if omap else h.ns
        b = omap.end(h.ne) if omap else h.ne
        nxt = text[b:b + 40].split(maxsplit=1)
        return text[a:b].isupper() and bool(nxt) and nxt[0].isupper()

    @staticmethod
    def _next_word(text: str, norm: str, omap: OffsetMap | None, h: _Hit) -> str:
        """The word right after a Latin hit, when only a space separates them (not a line break: a table's cell
        "— Tripoli" ends its line, the next row's "Sat" is no surname): normalised, with its first letter upper
        case when the original's is."""
        pos = h.ne
        if pos + 1 >= len(norm) or norm[pos] != " " or not norm[pos + 1].isalpha():
            return ""
        stop = norm.find(" ", pos + 1)
        word = norm[pos + 1:] if stop < 0 else norm[pos + 1:stop]
        at = omap.start(pos + 1) if omap else pos + 1
        if text.find("\n", omap.end(pos) if omap else pos, at) >= 0:
            return ""
        return word[:1].upper() + word[1:] if at < len(text) and text[at].isupper() else word

    @staticmethod
    def _apposition(norm: str, pos: int, words: frozenset[str]) -> bool:
        """Does an apposition follow at ``pos``: ", X", " (X)", " - X", or (Arabic) " X" right after, with an
        optional direction ("Tripoli, north Lebanon"), where X is one of ``words``?"""
        lim = min(len(norm), pos + 40)
        j = pos
        while j < lim and norm[j] == " ":
            j += 1
        if j >= lim:
            return False  # (nothing but spaces in the 40 characters: no word follows)
        if norm[j] not in ",(–-" and words is not LIBYA_WORDS:
            # (an Arabic word right after decides, unless it is a direction or punctuation: no list of words made;
            # the first word of the 40 characters is found without splitting them)
            k = norm.find(" ", j, lim)
            first = norm[j:k if k >= 0 else lim]
            if not first.isprintable():  # (another space than " " in it, rare in normalised text: split as str does)
                parts = norm[pos:lim].split(None, 1)
                first = parts[0] if parts else ""
            word = _clean_token(first)
            if word and word not in DIRECTIONS:
                return _arabic_one_of(word, words)
            if norm[pos:lim].isascii():
                return False  # (no separator and no Arabic word: neither way below can hold)
        sep = norm[j]
        tokens = _words_after(norm, pos, 40, 3)
        if not tokens:
            return False
        first = tokens[0]
        if len(tokens) > 1 and first in DIRECTIONS:
            first = tokens[1] if tokens[1] not in DIRECTIONS or len(tokens) < 3 else tokens[2]
        if len(tokens) > 1 and first in _IN_WORDS and words is LIBYA_WORDS:
            return tokens[1] in words  # "le port de Tripoli en Libye", "À Tripoli, en Libye", "Tripoli in Libya"
        if sep in ",(–-":
            return first in words or (first.endswith("s") and first[:-1] in words)  # Lebanon's
        # Arabic: "X، لبنان", "X لبنان" and "X بالجزائر" ("in Algeria": حي الأبيار بالجزائر العاصمة)
        return _arabic_one_of(first, words)

    @staticmethod
    def _dateline(text: str, norm: str, h: _Hit, span: tuple[int, int] | None) -> bool:
        """Is the hit a dateline: a name in capitals that opens a line, followed by a comma or a dash
        ("HUN - The town ...", "ZAWIYA, Libya (MW) -"), or the head of a list item, after a bullet and before a
        colon ("🔹 سوسة: الميناء ...")?"""
        if span is None:
            return False
        a, b = span
        lead = text[text.rfind("\n", 0, a) + 1:a]
        if lead.strip() and not any(c.isalnum() for c in lead):  # a list item: "🔹 سوسة: ...", "• Brak: ..."
            return text[b:b + 2].lstrip(" ")[:1] == ":"
        if a and text[a - 1] not in "\n":
            return False
        if h.entry.arabic:  # "هون – قال عميد بلدية هون": a dash after it
            return text[b:b + 3].lstrip(" ")[:1] in "-–—"
        surface = text[a:b]
        if not surface.isupper():
            return False
        rest = text[b:b + 3].lstrip(" ")
        return rest[:1] in ",-–—"

    def _section_headers(self, text: str) -> list[tuple[int, bool]]:
        """Where the section headers of ``text`` start, and whether each names a place abroad: a line that
        opens with a dateline-like head and a dash ("LIBAN –", "SANAA - ", "TRIPOLI, Lebanon (Reuters) -",
        "طرابلس (لبنان) –"), the head in capitals (Latin) or of at most three words (Arabic); and a line that opens
        with a time (a live blog's entry: "09:40", "08h30 —"), which names no place."""
        out: list[tuple[int, bool]] = []
        pos = 0
        n = len(text)
        while pos < n:
            stop = text.find("\n", pos)
            if stop < 0:
                stop = n
            line = text[pos:min(stop, pos + 64)]
            if line[:1].isdigit() and _TIMESTAMP.match(line) is not None:
                out.append((pos, False))  # a live blog's timestamped entry ("09:40 –", "08h30 —") is a section of its own
            elif line[:1].isalpha() and (" - " in line or " – " in line or " — " in line):  # (a dash _HEADER needs)
                m = _HEADER.match(line)
                if m is not None:
                    head = m.group(1)
                    words = head.split()
                    latin = not is_arabic(head[0])
                    if (latin and words[0].strip(",").isupper() and len(words[0].strip(",")) > 2) or (
                            not latin and len(words) <= 3):
                        keys = [spelling_key(w) for w in words]
                        out.append((pos, spelling_key(head) in self._abroad_heads
                                    or spelling_key(words[0].strip(",")) in self._abroad_heads
                                    or any(_clean_token(k) in self._countries for k in keys)))
            pos = stop + 1
        return out

    @staticmethod
    def _base_before(norm: str, h: _Hit) -> bool:
        """Is the name set off by quotes or brackets from a base word before it: قاعدة «X», la base « X »?"""
        i = h.ns
        quoted = closed = False
        while i > 0 and (norm[i - 1] == " " or norm[i - 1] in _QUOTES):
            quoted = quoted or norm[i - 1] != " "
            closed = closed or norm[i - 1] in _CLOSING_QUOTES
            i -= 1
        if quoted and not closed and (i == 0 or norm[i - 1] not in ".!?؟:"):
            j = norm.rfind(" ", 0, i) + 1
            if _has_cue(KIND_CUES_BEFORE, _clean_token(norm[j:i])):
                return True
        return False

    @staticmethod
    def _base_after(norm: str, h: _Hit) -> bool:
        """Is the name set off by quotes, brackets or dashes from a base word after it: X (air base), X - air base -,
        X – the air base –, X – la base aérienne –, "X" AB?"""
        k = h.ne
        marked = False
        while k < len(norm) and (norm[k] == " " or norm[k] in _QUOTES):
            marked = marked or norm[k] != " "
            k += 1
        if k - h.ne >= 2 or marked:
            tail = norm[k:k + 20]
            if tail.startswith(("the ", "la ", "l ")):  # "al-Khadim – the air base –", "Martuba – la base aérienne –"
                tail = tail.partition(" ")[2]
            return tail.startswith(_AFTER_BASE) or tail.rstrip() in {"ab", "air base", "airbase", "base"}
        return False

    def _libyan_company(self, norm: str, hits: list[_Hit], rules: list[str], i: int) -> bool:
        """Is hit ``i``, a name the document placed abroad before, in Libyan company: listed beside a Libyan site
        that needs no context (curated, accepted: في طرابلس وغريان والزاوية after طرابلس لبنان), or in the sentence
        of a site that lies within it ("Les vols civils à Mitiga, seul aéroport encore en service à Tripoli")?"""
        site_id = hits[i].entry.site_id
        curated = [bool(r) and CONFIDENCE[r] >= 0.5 and o.entry.level == 0 and not o.entry.bulk and not o.entry.generated
                   and o.entry.site_id != site_id for r, o in zip(rules, hits, strict=True)]
        if self._adjacent(norm, hits, i, curated):
            return True
        lo, hi = _same_sentence(norm, max(0, hits[i].ns - 4 * NEAR), hits[i].ns, hits[i].ne, hits[i].ne + 4 * NEAR)
        return any(curated[j] and o.entry.site.parent == site_id and lo <= o.ns < hi for j, o in enumerate(hits))

    def _negative_cue_near(self, norm: str, site_id: str, lo: int, hi: int, own: tuple[int, int] = (-1, -1),
                           others: tuple[tuple[int, int], ...] = ()) -> bool:
        """Does a negative cue of the site start in ``norm[lo:hi]``, as a whole word (with the attached
        prefixes it may carry), exactly as the scan would have found it? A cue that starts inside ``own`` (the
        mention's span) is the mention itself: "Hun's market" normalises to "huns", the cue of the Huns. A cue
        that starts inside one of ``others`` (the words right beside another mention of the same name) is that
        mention's (:func:`_beside_others`). A cue that starts with the mention and runs on past it by a word is
        a name of the other place that holds this one (طرابلس الشام "Tripoli of the Levant"): it counts."""
        cues = self._negative_cues.get(site_id)
        if not cues:
            return False
        n = len(norm)
        for key, allowed in cues:
            size = len(key)
            s = norm.find(key, lo, hi - 1 + size)  # a cue that starts before hi
            while s >= 0:
                e = s + size
                if e == n or not norm[e].isalnum():
                    w = s
                    while w > 0 and norm[w - 1].isalnum() and s - w <= 4:
                        w -= 1
                    if (s - w <= 4 and not (w > 0 and norm[w - 1].isalnum()) and norm[w:s] in allowed
                            and not (key in _INSTITUTIONS_AFTER and norm[e:own[0]] in _LOCATIVE_GAPS)
                            and (not own[0] <= w < own[1] or (e > own[1] + 1 and norm[own[1]] == " "))
                            and not any(a <= w < b for a, b in others)):
                        return True
                s = norm.find(key, s + 1, hi - 1 + size)
        return False

    def _context_rule(self, norm: str, hits: list[_Hit], i: int, doc_context: bool, level0: list[bool]) -> str:
        h = hits[i]
        entry = h.entry
        lo, hi = max(0, h.ns - NEAR), h.ne + NEAR
        clo, chi = _same_sentence(norm, lo, h.ns, h.ne, hi)
        cut, resume = _contrast(norm, hits, i, chi)
        if ((self._negative_cue_near(norm, entry.site_id, clo, cut, (h.ns, h.ne))
             or (resume < chi and self._negative_cue_near(norm, entry.site_id, resume, chi)))
                and not _located_from(norm, hits, i)):
            # (a cue right beside another mention of the name in the sentence is that one's: "في سرت ... شائعات
            # سرت", "اشتباكات في طرابلس، ... صُوّر في طرابلس لبنان")
            others = _beside_others(norm, hits, i, clo, chi)
            if not others or (self._negative_cue_near(norm, entry.site_id, clo, cut, (h.ns, h.ne), others)
                              or (resume < chi and self._negative_cue_near(norm, entry.site_id, resume, chi, (-1, -1),
                                                                           others))):
                return "ambiguous:negative-cue"
        # (quotes and brackets between a cue and the name are skipped: حقل «الشرارة», la base « X »)
        before = _words_before(norm, h.ns, 40, 4)[-2:]
        w1 = before[-1] if before else ""
        w2 = before[0] if len(before) == 2 else ""
        after = _word_after(norm, h.ne)
        if not after and h.ne < len(norm):
            after = next((t for t in (_clean_token(t) for t in norm[h.ne:h.ne + 40].split()[:2]) if t), "")
            if after in _APPOSITION_ARTICLES:  # "Hon : la ville qui vit de la base", "Hun - the town"
                after = next((t for t in (_clean_token(t) for t in norm[h.ne:h.ne + 40].split()[1:3])
                              if t and t not in _APPOSITION_ARTICLES), "")
        if (_has_cue(KIND_CUES_BEFORE, w1) or _has_cue(KIND_CUES_BEFORE, w2)
                or _has_cue(KIND_CUES_AFTER, after)):
            return "context:cue"
        if self._adjacent(norm, hits, i, level0):
            return "context:adjacent"
        if entry.arabic and doc_context and _glosses_latin_before(norm, h):
            return "context:cue"  # "Al-Baidaa (البيضا)": the writer spells the place's name in both scripts
        of = w1 in _OF_WORDS
        place_cue = (_has_cue(PLACE_CUES_BEFORE, w1) or (of and _has_cue(PLACE_CUES_BEFORE, w2))
                     or (entry.arabic and _has_cue(INSTITUTION_CUES, w1))  # (and ومستشفى الخمس: its prefix)
                     or _has_cue(PLACE_CUES_AFTER, after)
                     or (_has_cue(PLACE_HEADS, w2) and (of or _has_cue(PREPOSITIONS, w1))))  # سكان في الأبيار
        if entry.level == 3:
            if place_cue and entry.kind not in _BASE_KINDS:
                return "context:cue"
            if (not entry.arabic and h.ns < h.core and entry.kind not in _BASE_KINDS
                    and (h.prefix in _PREPOSITION_PREFIXES or _has_cue(PREPOSITIONS, w2 if of else w1)
                         or (norm[h.ns - 1] == "d" and (h.ns == 1 or not norm[h.ns - 2].isalnum())))):
                # an Arabic word written in Latin letters with its article ("in Al-Qubba", "à Al-Maya", the elided
                # de of "le centre de détention d'Al-Harsha") is a name, not the word: a town's name needs no more
                # than a preposition then
                return "context:preposition"
            if (not entry.arabic and h.ns < h.core and doc_context and entry.kind not in _BASE_KINDS
                    and _ROW_VALUE.match(norm, h.ne) is not None):
                return "context:adjacent"  # the same name heading a row of a table or a rating: "Al Barakat : 3 ;"
            if (entry.arabic and doc_context and entry.kind not in _BASE_KINDS and _has_cue(PREPOSITIONS, w1)
                    and not _other_sense(norm, h)):
                # a preposition written as a word of its own before an Arabic name that is also a word (وفي
                # الخمس ما زال، زميلي في البردية), in a document with a Libyan anchor: the place, unless the
                # grammar makes it the word (السنوات الخمس، الخادم الرئيسي)
                return "context:preposition"
            if doc_context and _military_word_near(norm, lo, hi, h) and not _relative_clause(norm, h):
                return "context:document+military"
            return "ambiguous:no-context"
        if place_cue:
            return "context:cue"
        if doc_context and norm[h.ne:h.ne + 1] == ")" and _SPEAKER_PLACE.search(norm, max(0, h.ns - 32), h.ns) is not None:
            return "context:cue"  # "CALLER 2 (Fatima, Brak):": a speaker's town after their name in brackets
        if h.prefix in _PREPOSITION_PREFIXES or _has_cue(PREPOSITIONS, w2 if of else w1):
            return "context:preposition"
        if entry.level == 1 and doc_context and not (entry.bulk and _other_sense(norm, h)):
            # (a village of the bulk layer whose name opens a sentence or a quotation, or that the grammar makes a
            # word, needs more than the document: «تيجي معانا» "you come with us")
            return "context:document"
        return "ambiguous:no-context"

    @staticmethod
    def _list_members(norm: str, hits: list[_Hit], rules: list[str], accepted: list[bool], doc_context: bool) -> None:
        """Pass 2a of :meth:`_score`: the ambiguous names (``ambiguous:no-context``) that a list makes places
        become ``context:adjacent``."""
        n = len(hits)
        joined = [False] * n  # joined[i]: hit i and hit i + 1 are coordinated (only separators and و between)
        for i in range(n - 1):
            a, b = hits[i].ne, hits[i + 1].ns
            if b - a <= 12:
                joined[i] = _list_gap(norm, a, b) in _GAP_WORDS
        for i in range(n):
            if rules[i] != "ambiguous:no-context" or _other_sense(norm, hits[i]):
                continue
            if i + 1 < n and accepted[i + 1] and hits[i + 1].ns - hits[i].ne <= 24 and _SEPARATORS.sub(
                    " ", norm[hits[i].ne:hits[i + 1].ns]).strip() in _NEAR_GAPS:
                rules[i] = "context:adjacent"
                continue
            if not doc_context:
                continue
            for j in (i - 1, i + 1):
                if (0 <= j < n and joined[min(i, j)] and rules[j] in {"ambiguous:no-context", "context:adjacent"}
                        and not _other_sense(norm, hits[j])):
                    rules[i] = "context:adjacent"
                    break

    @staticmethod
    def _glossed_pairs(norm: str, hits: list[_Hit], rules: list[str], accepted: list[bool]) -> None:
        """Pass 2 of :meth:`_score`, first: an Arabic name that needs context followed by its own site's Latin
        spelling in brackets (معبر الذهيبة – وازن (Wazen)) is a name the writer glosses, a place, not the word
        (وازن "he balanced"): both become ``context:adjacent``."""
        for i in range(len(hits) - 1):
            h, g = hits[i], hits[i + 1]
            if (h.entry.arabic and not g.entry.arabic and h.entry.site_id == g.entry.site_id
                    and "ambiguous:no-context" in (rules[i], rules[i + 1])
                    and rules[i] in _GLOSS_RULES and rules[i + 1] in _GLOSS_RULES
                    and g.ns - h.ne <= 3 and _SEPARATORS.sub(" ", norm[h.ne:g.ns]).strip() == "("
                    and norm[g.ne:g.ne + 1] == ")"):
                for k in (i, i + 1):
                    if rules[k] == "ambiguous:no-context":
                        rules[k] = "context:adjacent"
                        accepted[k] = True

    @staticmethod
    def _adjacent(norm: str, hits: list[_Hit], i: int, accepted: list[bool]) -> bool:
        """Is an accepted site named right before or after, joined by a comma, 'and' or و?"""
        for j in (i - 1, i + 1):
            if 0 <= j < len(hits) and accepted[j]:
                a, b = (hits[j].ne, hits[i].ns) if j < i else (hits[i].ne, hits[j].ns)
                if b - a > _ADJACENT_WIDTH:
                    continue
                gap = _list_gap(norm, a, b)
                if b - a > 12 and not gap.startswith(_AND_WORDS):
                    continue  # (a wide gap only as "and neighbouring", "et la voisine")
                if all(w in _ADJACENT_GAP for w in gap.split()) or gap in _GAP_WORDS:
                    return True
                if j > i and gap == "(" and hits[j].entry.site_id == hits[i].entry.site_id and not hits[j].entry.arabic:
                    return True  # سرت (Syrte): a Latin gloss of the same site in brackets confirms the name
                if (j < i and gap == "(" and hits[i].entry.kind in _BASE_KINDS
                        and hits[i].entry.site.parent == hits[j].entry.site_id):
                    return True  # "Tobruk (El Adem)": the airfield's own name in brackets after its town
        return False


_IN_WORDS: Final = frozenset({"in", "en"})
#: A base word with its own article (not a site's name before it) then at or near, right before a name: "the base at
#: Brak", "the airfield near X", "an old air strip at X", "the old RAF runways near X" (the base at the town, its
#: airfield where it has only one).
_BASE_AT: Final = re.compile(r"(?:^|[\s(\"“])(?:(?:the|an?|its|this|that)(?: (?:old|former|main|new|small|large|disused|abandoned|"
                             r"military|remote|desert|nearby|secret|russian|turkish|libyan|lna|us|soviet|"
                             # (the owners of a wartime airfield: "the Luftwaffe airfields at Martuba")
                             r"luftwaffe|raf|usaf|italian|german|british|american|french|egyptian|emirati|axis|allied|"
                             r"wartime)){0,2} (?:air ?base|base|air ?field|"
                             r"air ?strip|airport|runway|air academy|air college)s? (?:at|near|in|outside)"
                             # French plural: "les aérodromes de Martuba", "des bases aériennes de X" (a singular
                             # "aérodrome de X" is the base phrase itself, with its base word)
                             r"|(?:les|des|ses|leurs)(?: (?!navales? )[a-z]+){0,2} (?:aerodromes|aeroports|bases aeriennes|bases|"
                             r"terrains d aviation) (?:de|pres de|autour de)"
                             # Arabic: القاعدة الجوية في طبرق, المطار قرب سبها (a bare القاعدة is also al-Qaeda)
                             r"|(?:القاعده|القواعد) الجويه (?:في|قرب)|المطار(?: العسكري| المدني)? (?:في|قرب)) $")
#: How the text before a match of :data:`_BASE_AT` ends (its last word and "at" or "near"): tested before the search.
_BASE_AT_ENDS: Final = (*(f"{w}{s} {p} " for w in ("base", "field", "strip", "airport", "runway") for s in ("", "s")
                           for p in ("at", "near", "in", "outside")), "air academy at ", "air college at ",  # (an air academy's)
                         *(f"{w} {p} " for w in ("aerodromes", "aeroports", "aeriennes", "bases", "aviation")
                           for p in ("de", "pres de", "autour de")),
                         *(f"{w} {p} " for w in ("الجويه", "المطار", "العسكري", "المدني") for p in ("في", "قرب")))
#: The plural ones: "the air bases at Martuba and Tobruk" names the airfield of each name of its list.
_BASES_AT_ENDS: Final = tuple(e for e in _BASE_AT_ENDS if "s " in e)
#: What joins two names of a list right after a plural base phrase.
_LIST_JOINS: Final = frozenset({" and ", ", ", " et ", " & "})
#: What joins the last two names of a list.
_LIST_LAST_JOINS: Final = frozenset({" and ", " et ", " & "})
#: After a list of names, an apposition that calls them all bases: ", all three bases", " – the three bases", ", toutes
#: trois des bases aériennes", ", les trois bases".
_BASES_APPOSITION: Final = re.compile(r" ?[,–—-] (?:(?:all|the|les|toutes?) ){1,2}(?:(?:two|three|four|five|six|both|"
                                      r"deux|trois|quatre|cinq|six|\d) )?(?:des )?(?:air ?)?(?:bases|airbases|airfields|"
                                      r"aerodromes)\b")


def _bases_apposition_after(norm: str, hits: list[_Hit], i: int) -> bool:
    """Whether hit ``i`` is a name of a list of two names or more that an apposition right after it calls bases
    ("assigned to Al-Jufra, Brak and Tamanhint, all three bases"): each name is its town's airfield."""
    j = i
    while j + 1 < len(hits) and norm[hits[j].ne:hits[j + 1].ns] in _LIST_JOINS:
        j += 1
    k = i
    while k and norm[hits[k - 1].ne:hits[k].ns] in _LIST_JOINS:
        k -= 1
    return j > k and norm[hits[j - 1].ne:hits[j].ns] in _LIST_LAST_JOINS and _BASES_APPOSITION.match(
        norm, hits[j].ne) is not None
#: The two letters before the final space of every :data:`_BASE_AT_ENDS` (at, ar, in, de): one set look-up before the
#: suffix test of the tuple (a single letter let "the", "on" ... through).
_BASE_AT_LAST: Final = frozenset(e[-3:-1] for e in _BASE_AT_ENDS)
#: ", dans le nord du pays", ", in the north of the country": a name placed in the country its sentence names.
_IN_THE_COUNTRY: Final = re.compile(r" ?, (?:dans le|in the|au) (?:nord|sud|est|ouest|centre|north|south|east|west|"
                                    r"centre|center) (?:du|of the) (?:pays|country)\b")
#: After a Latin name, an apposition that describes a person: "Brak the Turkish TV actor", "Derna, l'actrice"
#: (the elided article is fused by normalisation: "lactrice").
_PERSON_APPOSITION: Final = re.compile(r",? (?:(?:the|le|la) (?:[a-z]+ ){0,3}|l)(?:actor|actress|singer|footballer|"
                                       r"striker|poet|novelist|journalist|acteur|actrice|chanteur|chanteuse|"
                                       r"footballeur|poete|journaliste|romancier)\b")
#: Articles that may open an apposition after a name and its punctuation (": la ville", " - the town").
_APPOSITION_ARTICLES: Final = frozenset({"la", "le", "l", "the", "les"})
#: An apposition after a name whose head may be a ship: ", ce bateau", ", a fishing boat", ", the tanker", "، السفينة".
_VESSEL_APPOSITION: Final = re.compile(
    r"(?: \d{1,4})?(?: ?[»”\"’])? ?[,،] (?:(ce|cet|cette|le|la|l|un|une|the|a|an) )?(\w+)(?: (\w+))?")
#: ", in Tuscany", ", en Sicile", ", dans le Var": an apposition that locates a name in a region (after a settlement
#: noun too: ", a village in Algeria", ", une petite ville en Tunisie").
#: ", au Niger", ", aux Comores": one that locates a spelling the gazetteer does not list or a bulk village (le plateau du
#: Djado, au Niger); a curated name so placed is left to its negative cues ("Tripoli, au Liban").
_LOCATED_AU: Final = re.compile(r", aux? ([^\W\d_]{3,})(?=[,.;)]|$)")
_LOCATED_IN: Final = re.compile(r", (?:(?:an? |une? )(?:small |little |petite )?(?:village|town|city|ville|bourg|localite|"
                                r"locality|oasis) )?(?:in|en|dans|a|à) (?:the |le |la |l )?([^\W\d_]{3,})"
                                r"(?: [^\W\d_]{2,}(?:ien|ienne|ian|ais|aise|ese|ois|oise|an|ane))?(?=[,.;)]|$)")
#: The most words besides the name that a quoted name holds (« Misrata Air Base Falcons »); more make a quoted
#: sentence (« Hon est une ville de paix »).
_QUOTED_NAME_WORDS: Final = 4
#: " area of Zgharta", " district of X", " quartier de X": a word of an area and "of" a place, after a name.
_AREA_OF: Final = re.compile(r" (?:area|district|neighbourhood|neighborhood|quarter|suburb|region|quartier|secteur|"
                             r"banlieue)(?: (?:north|south|east|west|nord|sud|est|ouest))? (?:of|de|du|d) ?([^\W\d_]{3,})")
#: Neighbourhood words before an Arabic name: "حي X بY" puts the name in Y.
_NATION_TOWN_OF: Final = re.compile(r"(?:^|\s)(?:the|an?) ([a-z]{4,}) (?:town|city|village|port|island)s? of $")
#: Definite articles before a common noun that a literal translation puts before an adjective (the house al-Bayda).
_THE: Final = frozenset({"the", "le", "la"})
#: Adjectives of a neighbouring place before a name ("la voisine Al Barkat", "the nearby al-Marj"): the place.
_NEIGHBOUR_WORDS: Final = frozenset({"neighbouring", "neighboring", "nearby", "voisine", "voisin", "proche"})
_DISTRICT_WORDS: Final = _norm_set("حي أحياء ضاحية district neighbourhood neighborhood quarter quartier")
_DISTRICT_NEAR: Final = re.compile("|".join(sorted(map(re.escape, _DISTRICT_WORDS), key=len, reverse=True)))
#: Apostrophes that write a final hamza or ayn in a scholarly transliteration (Tājūrā', Ṣabrātaʼ).
_HAMZA_MARKS: Final = "'ʼʾʿ’"
#: The long vowels of a scholarly transliteration: a name spelled with them is the writer's transliteration.
_MACRON_VOWELS: Final = "āīūĀĪŪ"
_OPEN_QUOTES: Final = "«“\"‘„"
_CLOSE_QUOTES: Final = "»”\"’"
#: The same, one string per character (a loop over them makes no string per character in the compiled twin).
_OPEN_QUOTE_CHARS: Final = tuple(_OPEN_QUOTES)
_CLOSE_QUOTE_SET: Final = frozenset(_CLOSE_QUOTES)
#: What may stand right before a quoted name: its opening quote, or the space after a guillemet.
_QUOTE_OR_SPACE: Final = _OPEN_QUOTES + " "
#: A space and the quotes either side of a quoted name: stripped from the gap between two names (:func:`_coordinated`).
_SPACE_AND_QUOTES: Final = " " + _OPEN_QUOTES + _CLOSE_QUOTES
#: Arabic names of peoples that are no nisba adjective (broken plurals): with the nisba plurals (الإيطاليين) and the
#: countries' adjectives, the words after a quoted label that say whose label it is (:func:`_people_word`).
PEOPLE_PLURALS: Final = _norm_set("الطليان الأتراك الروس الإنجليز الانجليز الأمريكان الأميركان الفرنسيس الألمان الأحباش "
                                  "الأعراب البدو")
_CLOSE_QUOTE_CHARS: Final = tuple(_CLOSE_QUOTES)
_QUOTED_OF: Final = _OF_WORDS | {"des", "l", "from", "in", "at", "a", "à", "en", "dans", "في", "من"}
#: Characters that end a phrase: no quoted name spans them.
_PHRASE_STOP: Final = re.compile(r"[.!?؟:;،,()\[\]\n]")
#: Words that may stand in quotes with a name and keep it the place: articles, base and place words, Libya.
_QUOTED_NAME_PARTS: Final = (KIND_CUES_BEFORE | KIND_CUES_AFTER | PLACE_CUES_BEFORE | PLACE_CUES_AFTER | LIBYA_WORDS
                             | _norm_set("al el as ash ad ar at az an es ed er et ez en the la le les l d de du des "
                                         "of air base aerienne international internationale الدولي")
                             | _PLACE_ADJECTIVES | DIRECTIONS)
#: Other air bases a document names from which it is about military matters, where a town's bare name means its
#: ``military_sense`` (pass 2c).
_MILITARY_DOCUMENT_BASES: Final = 2
#: Sentences from which a text is a document whose lack of any Libyan anchor says something (pass 3c).
_DOCUMENT_SENTENCES: Final = 4
#: A live blog's timestamp at the start of a line: 09:40, 9.40, 08h30, then a space or a dash.
_TIMESTAMP: Final = re.compile(r"[0-2]?\d[:.h][0-5]\d(?:\s|[-–—])")
_HEADER: Final = re.compile(r"([^\W\d_][^\n–—]{0,50}?) +[–—-] ")


#: A Latin gloss in brackets (normalised): one to three words of letters.
_GLOSS: Final = re.compile(r"[a-z]{2,}(?: [a-z]{2,}){0,2}")


#: The rules of the two names of a gloss (an Arabic name, its Latin spelling in brackets) that the gloss may confirm:
#: no context found, or context found (not a look-alike, a negative cue, a place abroad).
_GLOSS_RULES: Final = frozenset({"ambiguous:no-context", "context:cue", "context:adjacent", "context:preposition",
                                 "context:document", "context:document+military", "gazetteer", "generated", "bulk"})
#: A row's value after its head: a colon and a number ("Al Barakat : 3 ;", "صرمان: 3.").
_ROW_VALUE: Final = re.compile(r" ?: ?\d")
#: The conjunctions that open a wide gap between two names of a list ("and neighbouring").
_AND_WORDS: Final = ("and ", "et ")


def _handle(text: str, start: int) -> bool:
    """Is the name at ``start``, which an underscore or an at sign touches, part of a user's handle (@benghazi_sceptic,
    Kamel_Zouara) and not of a hashtag (#Derna_floods: a hashtag is a mention, the guides)?"""
    k = start
    while k and (text[k - 1].isalnum() or text[k - 1] == "_"):
        k -= 1
    return not (k and text[k - 1] == "#")


def _coordinated(norm: str, a: int, b: int) -> bool:
    """Are the names either side of ``norm[a:b]`` coordinated: at most 8 characters of separators and a conjunction
    between them ("Ubari and Sabratha", "البيضاء ومرتوبه"), not counting the quotes of quoted names (les vedettes
    « Zuara » et « Sabratha »)?"""
    gap = norm[a:b]
    if b - a > 8:
        gap = gap.strip(_SPACE_AND_QUOTES)
        if len(gap) > 8:
            return False
    return _SEPARATORS.sub(" ", gap).strip(_SPACE_AND_QUOTES) in _GAP_WORDS


def _list_gap(norm: str, a: int, b: int) -> str:
    """What stands between two names of a list (``norm[a:b]``) with separators made single spaces, and a count in
    brackets after the first dropped: "Shahat (22) and Al Qubbah" → "and"."""
    if b - a <= 12 and _COUNT_THEN_SEPARATOR.fullmatch(norm, a, b) is not None:
        return ""  # a table's count after the first: "Sebha 21, Al Jedid 9", "سبها 41؛ الجديد 9", "Ghrayfa 2 · Brak 4"
    gap = _SEPARATORS.sub(" ", norm[a:b]).strip()
    if gap[:1] == "(":
        m = _COUNT_IN_BRACKETS.match(gap)
        if m is not None:
            gap = gap[m.end():]
    return gap


def _gloss_of(latin: str, arabic: str) -> bool:
    """Is ``latin`` a transliteration of ``arabic`` by their skeletons (:mod:`geotrack.translit`): similar, or equal
    but for a final h that one writes (Sebah = سبها, whose final ه the skeleton drops only before nothing)?"""
    a = skeleton(latin)
    b = skeleton(arabic)
    if not a or not b:
        return False
    if similar(a, b):
        return True
    a = a.removesuffix("ح")
    b = b.removesuffix("ح")
    return a == b and consonants(a) >= 2


def _glosses_latin_before(norm: str, h: _Hit) -> bool:
    """Is an Arabic hit in brackets right after one to three Latin words that transliterate it ("de Al-Baidaa
    (البيضا)", "Derneh (درنه)"): the Arabic spelling of a Latin name, given as a gloss?"""
    ns = h.ns
    if ns < 4 or norm[ns - 1] != "(" or norm[ns - 2] != " " or norm[h.ne:h.ne + 1] != ")":
        return False
    words = norm[max(0, ns - 40):ns - 2].split()[-3:]
    arabic = norm[h.core:h.ne]
    for k in range(len(words)):
        latin = " ".join(words[k:])
        if latin.isascii() and latin.replace(" ", "").isalpha() and _gloss_of(latin, arabic):
            return True
    return False


def _people_word(word: str, countries: frozenset[str]) -> bool:
    """Is ``word`` (normalised) an Arabic word for a people: a broken plural (الطليان، الأتراك), a country's
    adjective (الإيطالي) or a definite nisba plural (الإيطاليين، الفرنسيون)?"""
    return word in PEOPLE_PLURALS or word in countries or (
        len(word) > 6 and word.startswith("ال") and word.endswith(("يين", "يون")))


def _possessive_after(norm: str, pos: int, countries: frozenset[str]) -> bool:
    """Is the first word after ``pos`` a Latin possessive ("Turkey's", normalised "turkeys")? The original's apostrophe
    is gone: a word that ends in s whose stem is a country (and that is no country itself) is one."""
    tokens = _words_after(norm, pos, 40, 2)
    word = tokens[0] if tokens else ""
    return word.endswith("s") and word not in countries and word[:-1] in countries


def _arabic_one_of(word: str, words: frozenset[str]) -> bool:
    """Is the Arabic ``word`` one of ``words``, alone or after ب "in" (لبنان, بالجزائر)?"""
    # (the look-ups first: they fail for nearly every word, and is_arabic is only asked of one that is listed)
    return (word in words or (word[:1] == "ب" and word[1:] in words)) and is_arabic(word)


def _spaces_at_most(norm: str, a: int, b: int, n: int) -> bool:
    """Does ``norm[a:b]`` hold at most ``n`` spaces? (Found one by one: a far ``b`` costs ``n + 1`` short finds.)"""
    for _ in range(n + 1):
        a = norm.find(" ", a, b)
        if a < 0:
            return True
        a += 1
    return False


def _latin_head_before(norm: str, ns: int, before: list[str], town: bool = False) -> str:
    """The look-alike rule the words right before a Latin name make it, or "": the name of something named after the
    place (:data:`NAMED_AFTER_HEADS`: the steamer Città di Tripoli, le brut Es Sider, la rue de Koufra; a callsign or a
    code name up to two words before: the callsign prefix SIRTE, l'indicatif « HUN-307 »), or a person by a writer's
    or a scholar's title right before (l'historien Brak: that mention only, the document's sense of the name stays)."""
    last = before[-1]
    prev = before[-2] if len(before) > 1 else ""
    if prev == "citta" and last == "di" and (len(before) < 3 or before[-3] not in _ITALIAN_ARTICLES):
        return _THING  # (not after an article: "Pianta della città di Bengasi" is the city)
    if last in _GRADE_WORDS or (prev in _GRADE_WORDS and last in _ARTICLE_WORDS):
        return _THING
    if last in _COMPANY_WORDS_BEFORE or last in _DUNE_WORDS or (last in _OF_WORDS and prev in _DUNE_WORDS):
        return _THING
    if last in _STATION_WORDS and norm.endswith(last + " ", 0, ns):
        return _THING  # Radio Misrata: a station named after the town
    if town and last in _OF_WORDS and (prev in _FIELD_WORDS_FR or (
            prev == "petrolier" and len(before) > 2 and before[-3] in _FIELD_WORDS_FR)):
        return _THING  # le champ de Zelten: the oil field named after the town (as "the Zelten field")
    if (last in _STREET_WORDS or (last in _OF_WORDS and prev in _STREET_WORDS)
            or any(w in CODE_NAME_WORDS or (w[:1] in "ld" and w[1:] in CODE_NAME_WORDS) for w in before[-2:])):
        return _THING
    if (prev in MILITARY_RANKS and len(last) > 2 and last.isalpha() and last not in PREPOSITIONS
            and last not in KIND_CUES_BEFORE and last not in PLACE_CUES_BEFORE and norm[ns - len(last) - 1:ns] == last + " "):
        return "lookalike:person"  # "Lieutenant Richard Wheelus": a rank, a first name, then the family name
    title = last[1:] if last[:1] in "ld" and last[1:] in PERSON_TITLES else last
    return "lookalike:person" if title in PERSON_TITLES and norm[ns - len(last) - 1:ns] == last + " " else ""


def _coauthors_after(norm: str, ne: int) -> bool:
    """Does a word of co-authors follow the name at ``ne`` (:data:`COAUTHORS_AR`, " et al.", " and colleagues")?"""
    c = norm[ne + 1:ne + 3]  # (the first two letters of the word after: the words' own, tested before any look-up)
    if c in _COAUTHORS_AR_HEADS:
        return _word_after(norm, ne) in COAUTHORS_AR
    return c in _COAUTHORS_LATIN_HEADS and norm.startswith(_COAUTHORS_LATIN, ne)


def _person_apposition(norm: str, pos: int) -> bool:
    """Does :data:`_PERSON_APPOSITION` match at ``pos`` ("Brak the Turkish TV actor", "Derna, l'actrice")?"""
    k = pos + 1 if norm[pos:pos + 1] == "," else pos
    # (its article starts with t or l after a space: two characters tested before the search)
    return norm[k:k + 2] in (" t", " l") and _PERSON_APPOSITION.match(norm, pos) is not None


def _hyphen_before(text: str, omap: OffsetMap | None, ns: int) -> bool:
    """Is the character right before the name at normalised offset ``ns`` a hyphen in the original text
    (two names joined: a border crossing "Dehiba-Wazen", a route)? A given name never joins its surname so."""
    at = omap.start(ns) if omap else ns
    return at > 0 and text[at - 1] in "-\u2010\u2011\u2013\u2014"  # (and a dash: the route Ajdabiya–Jalo–Koufra)


#: The base words a spelling may end in that take a plural s ("Misrata airports").
_BASE_WORD_ENDS: Final = (" airport", " base", " airbase", " airfield", " airstrip", " aerodrome", " aeroport")


def _opens_sentence(norm: str, k: int) -> bool:
    """Does the word at ``k`` open a sentence: nothing but spaces between it and the text's start, a stop, a colon
    or a line break?"""
    j = k - 1
    while j >= 0 and norm[j] == " ":
        j -= 1
    return j < 0 or norm[j] in _SENTENCE_OPENERS


def _list_follows(text: str, norm: str, omap: OffsetMap | None, pos: int) -> bool:
    """Does a conjunction and a capitalised word follow at ``pos`` (" et Mellitah", " and Zawiya"): the name is the
    first of a list of names?"""
    for conj in (" et ", " and ", " ou ", " or "):
        if norm.startswith(conj, pos):
            at = omap.start(pos + len(conj)) if omap else pos + len(conj)
            return at < len(text) and text[at].isupper()
    return False


#: " in " and " en " right after a name, before a country that places it abroad (:meth:`Matcher._country_after`).
_IN_GAPS: Final = frozenset({" in ", " en "})
#: Words of a land feature between a name and "in" a country (the Djado plateau in Niger, Derna county in Romania).
_FEATURE_WORDS: Final = _norm_set("plateau plateaus mountains massif valley oasis county province region district "
                                  "governorate commune village town city")
_WORD_THEN_STOP: Final = re.compile(r"([^\W\d_]{3,})(?=[,.;)]|$)")


def _common_noun_after(text: str, norm: str, omap: OffsetMap | None, pos: int) -> bool:
    """Does a lower-case word follow the space at ``pos`` ("Tripoli-Europe links"; not "Massa-Carrara, a province")?"""
    if pos + 1 >= len(norm) or norm[pos] != " " or not norm[pos + 1].isalpha():
        return False
    at = omap.start(pos + 1) if omap else pos + 1
    return at < len(text) and text[at].islower()


#: A speaker's name and a comma in brackets right before a name that closes them: "(Fatima, Brak)", "(Ali, Hun)".
_SPEAKER_PLACE: Final = re.compile(r"\((?:[^\W\d_]+ ){0,2}[^\W\d_]+ ?[,،] ?$")


def _apostrophe_at(text: str, at: int) -> bool:
    """Is there an apostrophe at offset ``at`` of the original text (a possessive's, "Mitiga airport's")?"""
    return at < len(text) and text[at] in _APOSTROPHES


def _named_after(text: str, norm: str, omap: OffsetMap | None, hits: list[_Hit], i: int, word: str) -> bool:
    """Is the Latin name of hit ``i`` the first word of another thing's proper name: directly followed by the
    capitalised ``word`` (normalised) that is none of :data:`_PLACE_HEADS_AFTER` ("Ghadames Air", "Tobruk Road",
    "the Al Waddan Hotel", "the Oubari Sand Sea")? Not where the next word starts another site (a list, a gloss), is
    a nationality or a possessive (a new clause: "In Sirte Turkish drones", "in Tobruk Haftar's men"), an acronym or
    a line in capitals or title case (a headline); not after a preposition that opens the sentence ("In Tobruk
    Hafter ...")."""
    h = hits[i]
    if word == "air":
        return _clean_token(_word_after(norm, h.ne + 4)) not in _AIR_BASE_WORDS
    if word in _PLACE_HEADS_AFTER or len(word) <= 2 or _NATIONALITY.fullmatch(word) is not None:
        return False
    if i + 1 < len(hits) and hits[i + 1].ns <= h.ne + 1:
        return False
    start = omap.start(h.ns) if omap else h.ns
    end = omap.end(h.ne) if omap else h.ne
    stop = end + 1
    while stop < len(text) and (text[stop].isalnum() or text[stop] in "-'’"):
        stop += 1
    nxt = text[end + 1:stop]
    if nxt.isupper() or text[start:end].isupper() or nxt.endswith(("'s", "’s")) or nxt[1:2] in _APOSTROPHES:
        return False  # "DERNA FLOODS", "KOUFRA ET", "UN", "in Tobruk Haftar's", "Tripoli L'Union" (no name of a thing)
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    line = text[a:b].rstrip()
    if len(line) <= 160 and line[-1:] not in ".!?…;,:»”\"')":
        # a headline in title case (a short line with no stop at its end) names no thing: "Clashes In Tripoli
        # Leave Five Dead"
        long = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
        if len(long) >= 3 and 4 * sum(1 for w in long if w[0].isupper()) >= 3 * len(long):
            return False
    if h.ns >= 2 and norm[h.ns - 1] == " ":
        k = norm.rfind(" ", 0, h.ns - 1) + 1
        prev = norm[k:h.ns - 1]
        if prev in PREPOSITIONS and _opens_sentence(norm, k):
            return False  # "In Tobruk Hafter's army ...", "À Tobrouk Khalifa Haftar ...": the name ends the phrase
    return True


def _institution_after(norm: str, h: _Hit, nxt: str, word: str) -> bool:
    """Is the capitalised word after a Latin name (``nxt``, ``word`` its clean lower-case form) the head of an
    institution or an event the guides count as the town (Tripoli Centre, Sebha Hospital), or the word before that
    head (Zawiya Teaching Hospital, the Jalu Date Festival): the town's, no person's or thing's name?"""
    return word in _INSTITUTIONS_AFTER or _clean_token(_word_after(norm, h.ne + 1 + len(nxt))) in _INSTITUTIONS_AFTER


def _hyphen_joined_ar(text: str, omap: OffsetMap | None, h: _Hit) -> bool:
    """Is the Arabic hit joined by a hyphen, with no space, to an Arabic word right after it (براك-شاطي)?"""
    end = omap.end(h.ne) if omap else h.ne
    return text[end:end + 1] == "-" and "\u0621" <= text[end + 1:end + 2] <= "\u064a"


def _dash_between(text: str, omap: OffsetMap | None, a: int, b: int) -> bool:
    """Does the original text between normalised offsets ``a`` and ``b`` hold a dash (normalisation makes it a
    space)?"""
    lo = omap.end(a) if omap else a
    hi = omap.start(b) if omap else b
    return any(c in "–—-" for c in text[lo:hi])


def _caption_dash_after(text: str, omap: OffsetMap | None, h: _Hit) -> bool:
    """Does a spaced dash follow the hit in the original text (« Derna — la cascade »: a caption)?"""
    end = omap.end(h.ne) if omap else h.ne
    return text.startswith((" — ", " – ", " - "), end)


def _fund_before_ar(norm: str, ns: int, before: list[str], prefix: str) -> bool:
    """Is an Arabic name at ``ns`` the complement of a fund's or a committee's name (صندوق إعمار درنة, لجنة إعادة
    استقرار سرت): a head of :data:`_FUND_HEADS_AR` two to four words before, with only words between that are no
    preposition, place or kind word (not لجنة الأزمة في درنة, لجنة بلدية درنة) and no punctuation, and the name's
    attached ``prefix`` no preposition (not لجنة متابعة الصيانة بدرنة)?"""
    attached = prefix[:-2] if prefix.endswith("ال") else prefix
    if "ب" in attached or "ل" in attached:
        return False  # (a name with a preposition is located, no fund's complement: لجنة متابعة الصيانة بدرنة)
    for k in (len(before) - 2, len(before) - 3, len(before) - 4):  # (صندوق التنمية وإعادة إعمار درنة)
        if k < 0 or not _has_cue(_FUND_HEADS_AR, before[k]):
            continue
        between = before[k + 1:]
        if any(_has_cue(PREPOSITIONS, w) or w in PREPOSITIONS or _has_cue(PLACE_CUES_BEFORE, w)
               or _has_cue(KIND_CUES_BEFORE, w) or w in LIBYA_WORDS for w in between):
            return False
        return norm.endswith(" ".join(before[k:]) + " ", 0, ns)
    return False


def _code_name_quoted(norm: str, q: int) -> bool:
    """Does the opening quote at ``q`` follow a code-name word (call sign "Bengazi", صاحب النداء «سبها», l'indicatif
    « Syrte »), directly or after other quoted names of the same list (indicatifs « LAA 214 » et « Sirte 3 »)?"""
    k = q
    for _ in range(4):
        while k > 0 and norm[k - 1] == " ":
            k -= 1
        if k > 0 and norm[k - 1] in _CLOSE_QUOTE_SET:
            a = -1
            for o in _OPEN_QUOTE_CHARS:
                a = max(a, norm.rfind(o, max(0, k - 30), k - 1))
            if a < 0:
                return False
            k = a  # a quoted name of the same list: read on before it ("« LAA 214 » et « Sirte 3 »")
            continue
        words = _words_before(norm, k, 30, 2)
        if not words:
            return False
        last = words[-1]
        if last in ("et", "and", "و", ",", "،") or last in _QUOTED_OF:
            if last in ("et", "and", "و"):
                k = norm.rfind(last, 0, k)
                continue
            return False
        return _has_cue(CODE_NAME_WORDS, last) or (len(words) > 1 and (words[0], last) in _CODE_NAME_PAIRS)
    return False


def _ship_table_row(text: str, omap: OffsetMap | None, h: _Hit) -> bool:
    """Does hit ``h`` fill the first cell of a row of a table ("AL KUFRA | ليبيا | ALEXANDRIA | 11:40") whose header's
    first cell is a ship word (السفينة | العلم | الميناء السابق; Vessel | Flag | Last port)?"""
    a = omap.start(h.ns) if omap else h.ns
    start = text.rfind("\n", 0, a) + 1
    if text[start:a].strip(_ROW_BULLETS):
        return False
    line = start
    for _ in range(60):  # up the rows of the table to its header
        if line == 0:
            break
        prev = text.rfind("\n", 0, line - 1) + 1
        if "|" not in text[prev:line]:
            break
        line = prev
    if line == start:
        return False
    head = text[line:text.find("|", line)].strip(_ROW_BULLETS + " ")
    return normalize(head) in _SHIP_COLUMN_HEADS or any(w in _SHIP_COLUMN_HEADS for w in normalize(head).split())


def _quoted_thing(norm: str, h: _Hit, before: list[str], heads: list[int]) -> str:
    """Is hit ``h`` a quoted name (a quote right before it, with a guillemet's space) of a thing: of ships after an
    Arabic plural ship noun (الباخرتين «مرزق»: "lookalike:vessel"), of a craft or an animal after its noun, an adjective
    between at most (l'avion sanitaire « Ghadames », المهر "ودّان", the colt 'Sabha'), or of a racing animal with its
    stable after it (« Tazirbou » — écurie Ben Saïd)? Not where a word of a route follows the noun ("the plane to
    'Sabha'"). ``heads``: where the scan found the words of :data:`_LOOKALIKE_HEADS` (the nouns and stables among
    them), ascending."""
    k = h.ns
    if k and norm[k - 1] == " ":
        k -= 1
    if k and norm[k - 1] in _OPEN_QUOTES:
        if h.entry.arabic and k == h.ns and any(_has_cue(_SHIPS_AR, t) for t in before[-2:]):
            return "lookalike:vessel"
        if any(_has_cue(_QUOTED_THING_NOUNS, t) for t in before[-2:]) and not _route_after_vessel(before[-2:]):
            return _THING
    # (the stable right after the name, past its closing quote, a dash or a bracket: « Tazirbou » — écurie Ben Saïd,
    # "3. Syrte (écurie Ben Ali, Garabulli)")
    j = bisect_right(heads, h.ne - 1)
    if j == len(heads) or heads[j] >= h.ne + 16:
        return ""  # (no head word starts in the 16 characters read: none of them is a stable)
    after = _words_after(norm, h.ne, 16, 2)[:1]
    if after and _has_cue(_STABLE_WORDS, after[0]) and norm[h.ne:h.ne + 1] in _STABLE_GAP_FIRST:
        gap = norm[h.ne:norm.find(after[0], h.ne)]
        # (not a bare space: "Houn and Sokna stable" is an adjective; a dash is normalised to spaces)
        if not gap.strip(" ()" + _CLOSE_QUOTES) and (len(gap) >= 3 or gap.strip(" ")):
            return _THING
    return ""


def _adjective_vessel_word(before: list[str], k: int) -> bool:
    """Is ``before[k]`` a French vessel word that is the adjective "oil" there: after a noun, not a determiner or a
    number (le croissant pétrolier, le port pétrolier; not le pétrolier, deux pétroliers)?"""
    if before[k] not in _ADJECTIVE_VESSEL_WORDS:
        return False
    return k > 0 and before[k - 1] not in _SHIP_DETERMINERS and not before[k - 1].isdigit()


def _route_after_vessel(words: list[str]) -> bool:
    """Does a word of a route or a place (to, from, par, en ...) follow the last vessel word or ship noun of
    ``words`` ("cargo flights to Benghazi": the ship noun is trade, the name a destination; not "par la vedette
    Sabratha", where the name is the boat's)? With no vessel word among them, any such word counts."""
    last_vessel = -1
    for k, w in enumerate(words):
        if w in SHIP_NOUNS or w == "flagged" or _has_cue(VESSEL_WORDS, w):
            last_vessel = k
    return any(w in _SHIP_ROUTE_WORDS for w in words[last_vessel + 1:])


def _ship_noun_before(norm: str, ns: int, before: list[str]) -> bool:
    """Does a ship noun or a flag stand right before the name, with nothing but a nationality adjective or an opening
    quote between ("le cargo Ghadames Pearl", "le roulier libyen Derna", "the Libyan-flagged Ubari", le ferry « Tobrouk
    »)? Elsewhere a ship noun is a word of trade ("cargo flights to Benghazi", "the cargo. Misrata ...")."""
    last = before[-1]
    if ns > 2 and norm[ns - 2] in _OPENING_QUOTES:
        if norm[ns - 3:ns] in _OPENING_QUOTE_GAPS:
            ns -= 2  # « Tobrouk »: the guillemet and the space inside it
    elif ns > 1 and norm[ns - 1] in _OPENING_QUOTES and norm[ns - 2] == " ":
        ns -= 1  # "Tobruk"
    size = len(last) + 1
    if norm[ns - size:ns] != last + " ":
        return False
    if last in SHIP_NOUNS or last == "flagged":
        return True
    if len(before) < 2 or (_NATIONALITY.fullmatch(last) is None and last not in _LIBYA_WORDS):
        return False
    prev = before[-2]
    return prev in SHIP_NOUNS and norm[ns - size - len(prev) - 1:ns - size] == prev + " "


def _sports_text(terms: list[tuple[int, int, _CtxEntry]]) -> bool:
    """Do the context terms the scan found hold two different words of football (:data:`SPORTS_TEXT_WORDS`)?"""
    first = ""
    for term in terms:
        ce = term[2]
        if ce.category == "sport":
            if not first:
                first = ce.id
            elif ce.id != first:
                return True
    return False


def _sport_items(text: str, ends: list[int], terms: list[tuple[int, int, _CtxEntry]]) -> list[tuple[int, int]]:
    """The sports items of a text: a sports label (:data:`SPORT_LABELS`) and a colon opening a line or a sentence,
    up to the end of that sentence, as (start, end) offsets of ``text``."""
    out: list[tuple[int, int]] = []
    for term in terms:
        if term[2].category != "sport-label":
            continue
        a = term[0]
        before = text[max(0, a - 3):a].rstrip(" \t")
        if (before and before[-1] not in "\n.!?:—–-•*") or _SPORT_LABEL.match(text, a) is None:
            continue
        out.append((a, sentence_span(ends, len(text), a, a + 1)[1]))
    return out


def _club(text: str, norm: str, omap: OffsetMap | None, h: _Hit, before: list[str], sports: bool) -> bool:
    """Is a town's bare name the sports club named after it? Right after a club's first word or a team word
    (Al-Ahly Benghazi, فريق البيضاء, l'équipe de Sebha) in a sentence about a match, or, in a sports text
    (:func:`_sports_text`), anywhere in a sentence with a word of a fixture or a result or a score (Derna host Al
    Bayda; Tobrouk et Derna (0-0); تستضيف درنة) unless a preposition of place, a stadium or a derby stands right
    before it or a derby right after it (the stadium in Sebha, a side from Zawiya, ديربي بنغازي, the Benghazi
    derby) or an Arabic preposition is attached to it (بطبرق)."""
    if not sports and not (before and (before[-1] in {"de", "d"} or _has_cue(CLUB_HEADS, before[-1]))):
        return False  # (neither a sports text nor a club's head word or "de" before: the tests below cannot hold)
    # (the word right before, with nothing but spaces or quotes between: not across a sentence or a comma)
    lead = norm[max(0, h.ns - 4):h.ns].rstrip(" \"'«»“”")
    last = before[-1] if before and lead[-1:].isalnum() else ""
    head = last in CLUB_HEADS or _has_cue(CLUB_HEADS, last) or (
        last in {"de", "d"} and len(before) > 1 and (
            (before[-2] in _TEAM_WORDS and (before[-2] == "lequipe" or (len(before) > 2 and before[-3] in {"l", "le", "la"})))
            or before[-2] in CLUB_HEADS))  # (and a club's first word: le club Al-Ittihad de Misrata)
    if _venue_cell(text, omap, h):
        return False
    if not (head or sports):
        return False
    lo, hi = _same_sentence(norm, max(0, h.ns - 300), h.ns, h.ne, h.ne + 300)
    fixture = any(_has_cue(FIXTURE_WORDS, _clean_token(t)) for t in norm[lo:hi].split())
    if not fixture:
        a = omap.start(lo) if omap else lo
        b = omap.end(hi) if omap else hi
        if _SCORE.search(text, a, b) is None:
            return head and sports
        if head:
            return True  # a club's first word and a score: "Al-Ahly Tripoli 2-1 Al-Ittihad"
    if head:
        return True
    prefix = h.prefix[1:] if h.prefix[:1] in {"و", "ف"} and len(h.prefix) > 1 else h.prefix
    if prefix[:1] == "ب" or prefix.startswith("'"):
        return False  # بطبرق "in Tobruk"; d'Ajdabiya
    if last and (last in _PLACE_IN_SPORT or _has_cue(_PLACE_IN_SPORT, last)):
        return False
    return _clean_token(_word_after(norm, h.ne)) not in {"derby", "ديربي"}


#: A chat line's time stamp ("[07:12]", "[9:03 pm]").
_CHAT_TIME: Final = r"\[[0-9:. apmAPM]{3,12}\]"
#: A chat line's header: a time stamp and a sender, or a sender alone, before a colon ("[07:12] Salem: ").
_CHAT_HEADER: Final = re.compile(r"[ \t]*(?:" + _CHAT_TIME + r"[ \t]*)?[^\n:]{1,30}:[ \t]")
#: What stands before a chat message's sender on its line, and after it ("[09:03] Brak (admin): ...").
_CHAT_SENDER_BEFORE: Final = re.compile(r"[ \t]*" + _CHAT_TIME + r"[ \t]*$")
_CHAT_SENDER_AFTER: Final = re.compile(r"[ \t]*(?:\([^)\n]{1,20}\)[ \t]*)?:")


def _chat_sender(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` the sender of a chat message, between its time stamp and its colon ("[09:03] Brak
    (admin): ...")? A person, like a user's handle."""
    # (the time stamp's closing bracket ends what stands before the name on its line, spaces aside: a character or
    # two read before either regular expression runs, which nearly every name in prose fails)
    k = start
    while k and text[k - 1] in " \t":
        k -= 1
    if not k or text[k - 1] != "]":
        return False
    return (_CHAT_SENDER_AFTER.match(text, end) is not None
            and _CHAT_SENDER_BEFORE.fullmatch(text, text.rfind("\n", 0, start) + 1, start) is not None)


def _lower_case_writer(text: str, omap: OffsetMap | None, hits: list[_Hit]) -> bool:
    """Does the writer of ``text`` write names in lower case: is a Latin name that needs no context and is no
    word (level 0, listed) written with a lower-case first letter ("just left sebha")? Then, on a line in lower
    case (:func:`_lower_case_line`), a name's lower-case letter says nothing of a common noun."""
    for h in hits:
        e = h.entry
        if not e.arabic and not e.level and not e.generated and not e.base:
            core = omap.start(h.core) if omap else h.core
            if core < len(text) and text[core].islower():
                return True
    return False


def _paragraph_break(text: str, a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    """Does a blank line (the end of a paragraph) stand between the mentions at ``a`` and ``b``?"""
    if a is None or b is None:
        return False
    k = text.find("\n", a[1], b[0])
    while k >= 0:
        nxt = text.find("\n", k + 1, b[0])
        if nxt < 0:
            return False
        if not text[k + 1:nxt].strip():
            return True
        k = nxt
    return False


def _opens_line(text: str, span: tuple[int, int] | None) -> bool:
    """Does the mention at ``span`` open its line (nothing but spaces before it: a dateline, a heading)?"""
    if span is None:
        return False
    a = text.rfind("\n", 0, span[0]) + 1
    return not text[a:span[0]].strip()


def _line_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    """Where the line of ``text`` that holds ``text[a:b]`` starts and ends (its line break excluded)."""
    end = text.find("\n", b)
    return text.rfind("\n", 0, a) + 1, len(text) if end < 0 else end


def _lower_case_line(text: str, at: int) -> bool:
    """Is the line of ``text`` holding offset ``at`` written all in lower case: a message (after a chat header
    "[07:12] Salem: ") of at least four words with no capital letter ("road to awbari is fine until ghrayfa")?"""
    start, end = _line_bounds(text, at, at)
    header = _CHAT_HEADER.match(text, start, end)
    body = text[header.end() if header else start:end]
    return len(body.split()) >= 4 and not any(c.isupper() for c in body)


def _venue_cell(text: str, omap: OffsetMap | None, h: _Hit) -> bool:
    """Is hit ``h`` in the venue cell of a fixture row: a cell of its line (cut at pipes, tabs and spaced dashes)
    with no match of its own, after a cell that holds one ("Al-Ittihad 2–1 Al-Sweahly — Tripoli", "الأهلي
    طرابلس × شباب غريان | ملعب 11 يونيو، طرابلس")? There the town is where the match is played, not a club."""
    a = omap.start(h.ns) if omap else h.ns
    b = omap.end(h.ne) if omap else h.ne
    line_start, line_end = _line_bounds(text, a, b)
    cuts = [m.end() for m in _ROW_CELL.finditer(text, line_start, a)]
    if not cuts or any(_has_cue(CLUB_HEADS, _clean_token(t)) for t in normalize(text[cuts[-1]:a]).split()):
        return False  # (the first cell: the match itself, or a date; a club's first word before the name in its cell)
    after = _ROW_CELL.search(text, b, line_end)
    if _MATCH_IN_CELL.search(text, cuts[-1], after.start() if after else line_end) is not None:
        return False
    return _MATCH_IN_CELL.search(text, line_start, cuts[-1]) is not None


def _libyan_near(norm: str, h: _Hit) -> bool:
    """Is the hit qualified as Libyan by a word next to it: "the Libyan capital Tripoli", "Tripoli, Libya",
    "Tripoli, la capitale libyenne", العاصمة الليبية طرابلس، طرابلس الليبية?"""
    words = _words_before(norm, h.ns, 40, 3)
    # (", la capitale libyenne": a comma standing apart is no word)
    words += _words_after(norm, h.ne, 30, 4)[:3]
    return any(_has_cue(LIBYA_WORDS, w) or w in _LIBYA_WORDS for w in words)


def _definite(word: str) -> str:
    """An Arabic word with the article, without its attached prefixes (بالساحه → الساحه, للنظام → النظام),
    or "" when it has no article."""
    if len(word) > 4 and word[0] in _CUE_PREFIX and not word.startswith("ال"):
        word = word[1:]
        if word.startswith("ل") and word[1:2] != "ا" and len(word) > 3:
            word = "ا" + word  # لل + noun: للنظام → النظام
        elif len(word) > 4 and word[0] in _CUE_PREFIX and not word.startswith("ال"):
            word = word[1:]
    return word if len(word) > 3 and word.startswith("ال") else ""


def _closed_phrase(prev: str, prev2: str) -> bool:
    """Do the two words before an Arabic name close a noun phrase of their own (a definite noun and a nisba
    adjective: البحرية التركية الخمس "the Turkish navy [uses] al-Khums"), so that the name starts a new one?
    (المعاطف البيضاء after الحفل does not: a noun, then its adjective.)"""
    return prev.endswith(("يه", "ي", "يين", "يون")) and bool(_definite(prev2))


#: A negation that opens a contrast after a name, after a comma, a bracket, a dash (two spaces once normalised) or a
#: conjunction ("Al Bayda, the eastern city, not the Yemeni governorate", "et non", "mais pas", وليس): what follows is
#: the other place. (Not a negated verb: "did not", لا تزال.)
#: (and the French "ne" before "pas", with an infinitive's "à": ", à ne pas confondre avec Homs en Syrie")
_NEGATION: Final = re.compile(r"(?:[,،;(]|\s\s|\b(?:and|but|et|mais|ou))\s*(?:(?:a )?ne )?(?:not|non|pas|nor)\b"
                              r"|(?:^|\s)و?ليس(?=\s|$)")


_CLAUSE_END: Final = re.compile(r"[,،;:)]")
#: Words right after a name that point at this place as against another of the same name.
_THIS_ONE: Final = DEMONSTRATIVES | LIBYA_WORDS | _norm_set("itself lui-meme elle-meme meme نفسها ذاتها نفسه ذاته")


def _contrast(norm: str, hits: list[_Hit], i: int, hi: int) -> tuple[int, int]:
    """The span after hit ``i`` (up to ``hi``) whose negative cues are another place's, as (start, end): a
    contrast that a negation opens after it, up to the end of its clause ("X, the eastern city, not the Yemeni
    governorate of the same name, as ..."; not where the contrast names Libya), and, where a word right after the
    name points at this one (itself, هذه, الليبية), all from the next mention of the same name on (a negative cue
    there is that one's: "Al Khums itself — Homs in Syria", للبيضاء هذه بالبيضاء في اليمن). ``(hi, hi)``: none."""
    h = hits[i]
    if (i + 1 < len(hits) and hits[i + 1].entry.site_id == h.entry.site_id and hits[i + 1].ns < hi
            and _word_after(norm, h.ne) in _THIS_ONE):
        return hits[i + 1].ns, hi
    if norm.find("no", h.ne, hi) < 0 and norm.find("pas", h.ne, hi) < 0 and norm.find("ليس", h.ne, hi) < 0:
        return hi, hi  # (no word _NEGATION needs: three finds in C instead of a search that tries every position)
    m = _NEGATION.search(norm, h.ne, hi)
    if m is None:
        return hi, hi
    stop = _CLAUSE_END.search(norm, m.end(), hi)
    end = stop.start() if stop is not None else hi
    if _names_libya(norm[m.start():end]):
        return hi, hi
    return m.start(), end


def _beside_others(norm: str, hits: list[_Hit], i: int, lo: int, hi: int) -> tuple[tuple[int, int], ...]:
    """The spans of the words right before and right after each other mention of hit ``i``'s site in
    ``norm[lo:hi]`` (its sentence near it): a negative cue there goes with that mention, the nearer one (في سرت ...
    شائعات سرت: the rumours spread, the town does not)."""
    site_id = hits[i].entry.site_id
    spans = (_beside(norm, o.ns, o.ne) for j, o in enumerate(hits) if j != i and o.entry.site_id == site_id)
    return tuple((a, b) for a, b in spans if a < hi and lo < b)


def _beside(norm: str, ns: int, ne: int) -> tuple[int, int]:
    """The span from the start of the word before ``norm[ns:ne]`` to the end of the word after it."""
    a = norm.rfind(" ", 0, max(0, ns - 1)) + 1
    b = norm.find(" ", ne + 1)
    return a, len(norm) if b < 0 else b


def _located_from(norm: str, hits: list[_Hit], i: int) -> bool:
    """Is hit ``i`` the place a curated site that needs no context is located from, right before it (قاعدة الخادم
    الجوية شرق المرج, "Benina, east of Benghazi")? A place in Libya is located from a place in Libya: a negative
    cue elsewhere in the sentence (سوريا) is about something else."""
    if not i:
        return False
    prev = hits[i - 1]
    if prev.entry.level or prev.entry.bulk or prev.entry.generated or hits[i].ns - prev.ne > 24:
        return False
    return _SEPARATORS.sub(" ", norm[prev.ne:hits[i].ns]).strip() in _NEAR_GAPS


#: Words of a gloss by a former name between a town's name and its airfield's ("at Tobruk, the old El-Adem").
#: The longest gap between a town's name and its airfield's that a bracket or a gloss by a former name fills (", the
#: old", ", l'ancienne": a few words, never a stretch of text between two mentions).
_GLOSS_GAP: Final = 48
_OLD_NAME_GLOSS: Final = _norm_set("the old former la le l ancien ancienne lancien lancienne القديمة القديم السابقة")


def _old_name_gloss(gap: str) -> bool:
    """Is ``gap`` (between a town's name and its airfield's) a comma and a gloss by a former name: ", the old",
    ", l'ancienne", ", the former"? The town's name then stands for the airfield ("at Tobruk, the old El-Adem")."""
    if "," not in gap and "،" not in gap:
        return False
    words = _SEPARATORS.sub(" ", gap).split()
    return bool(words) and all(w in _OLD_NAME_GLOSS for w in words) and any(
        w in {"old", "former", "ancien", "ancienne", "lancien", "lancienne", "القديمه", "القديم", "السابقه"} for w in words)


def _same_sentence(norm: str, lo: int, ns: int, ne: int, hi: int) -> tuple[int, int]:
    """``norm[lo:hi]`` cut to the sentence of the hit ``norm[ns:ne]``: a negative cue in the sentence before
    ("Attila the Hun." then "For us, Hun is home") says nothing about this one."""
    for stop in ".!?؟\n":
        k = norm.rfind(stop, lo, ns)
        if k >= 0:
            lo = k + 1
        k = norm.find(stop, ne, hi)
        if k >= 0:
            hi = k
    return lo, hi


#: What follows the head of a row (:func:`_row_heads`): a colon, or a dash with a space after it.
_ROW_HEAD_END: Final = re.compile(r"[ \t\u00a0]*(?::|[-–—][ \t\u00a0])")
#: What may stand before the head of a row on its line: spaces and bullets.
_ROW_BULLETS: Final = " \t\u00a0•*·▪►-–—🔹🔸"


def _opens_row(text: str, omap: OffsetMap | None, h: _Hit) -> bool:
    """Does hit ``h`` open a line of ``text`` (bullets before it at most) and stand before a colon or a dash?"""
    a = omap.start(h.ns) if omap else h.ns
    b = omap.end(h.ne) if omap else h.ne
    if _ROW_HEAD_END.match(text, b) is None:
        return False
    return not text[text.rfind("\n", 0, a) + 1:a].strip(_ROW_BULLETS)


def _row_heads(text: str, omap: OffsetMap | None, hits: list[_Hit], rules: list[str]) -> None:
    """A name with no context of its own that heads a row ("El Abiar: ...", "Brak : 3,5") is the place where another
    row of the document is headed by an accepted name: the rows of one blotter, schedule or table of towns."""
    heads = [i for i, h in enumerate(hits) if rules[i] and (rules[i] == "ambiguous:no-context" or CONFIDENCE[rules[i]] >= 0.5)
             and _opens_row(text, omap, h)]
    if len(heads) < 2 or not any(CONFIDENCE[rules[i]] >= 0.5 for i in heads):
        return
    for i in heads:
        if rules[i] == "ambiguous:no-context" and not hits[i].entry.base_only and any(
                CONFIDENCE[rules[k]] >= 0.5 and hits[k].entry.site_id != hits[i].entry.site_id for k in heads):
            rules[i] = "context:adjacent"


def _table_cell(text: str, omap: OffsetMap | None, h: _Hit) -> tuple[int, int] | None:
    """The (line start, column) of hit ``h`` when it fills a cell of a table or a list on its own (cut by
    :data:`_ROW_CELL`: "| الخمس |", "2026-01-03 | Brak | ...", "محمد مفتاح – ودان – محاسبة", "Al-Maya     21     27"):
    nothing but spaces between it and the cuts (or the line's ends) either side, and a cut on one side at least."""
    a = omap.start(h.ns) if omap else h.ns
    b = omap.end(h.ne) if omap else h.ne
    line, end = _line_bounds(text, a, b)
    cuts = list(_ROW_CELL.finditer(text, line, a))
    left = cuts[-1].end() if cuts else line
    right = _ROW_CELL.search(text, b, end)
    if (not cuts and right is None) or text[left:a].strip() or text[b:right.start() if right else end].strip():
        return None
    return line, len(cuts)


def _table_columns(text: str, omap: OffsetMap | None, hits: list[_Hit], rules: list[str]) -> None:
    """A name with no context of its own that fills a cell of a table is the place where another row's cell in the
    same column holds an accepted name of another site: the column of places of an incident log or a list
    ("2026-01-03 | الخمس | ...", under "2026-01-02 | مصراتة | ..."; "محمد مفتاح – ودان – محاسبة" under "مريم عبد الله –
    درنه – طب الطوارئ")."""
    if _ROW_CELL.search(text) is None:
        return  # (no cut anywhere: no hit fills a cell; one scan of the text instead of one of its line per hit)
    # the cells of the names to decide first: where none fills a cell, the accepted names' cells are not needed
    cells = [_table_cell(text, omap, h) if rules[i] == "ambiguous:no-context" and not h.entry.base_only else None
             for i, h in enumerate(hits)]
    if not any(cell is not None for cell in cells):
        return
    accepted: dict[int, list[tuple[int, str]]] = {}  # column -> (line, site id) of its cells holding an accepted name
    for k, h in enumerate(hits):
        if rules[k] and CONFIDENCE[rules[k]] >= 0.5:
            cell = _table_cell(text, omap, h)
            if cell is not None:
                accepted.setdefault(cell[1], []).append((cell[0], h.entry.site_id))
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        site = hits[i].entry.site_id
        column = accepted.get(cell[1])
        if column and any(line != cell[0] and site_id != site for line, site_id in column):
            rules[i] = "context:adjacent"
            column.append((cell[0], site))  # (accepted now: a later cell of the column reads it too)


def _other_sense(norm: str, h: _Hit) -> bool:
    """Does the grammar around an Arabic hit say it is a word, not the place, so that one sense per
    document must not apply: after a definite noun it is an adjective (السنوات الخمس، المعاطف البيضاء);
    a definite adjective after it makes it a noun (الخادم الرئيسي "the main server"); after a pronoun or
    a demonstrative it is a predicate (أنا هون "I am here"); a sentence or a quotation that opens with it
    most likely opens with a verb (بنينا "we built")."""
    if not h.entry.arabic:
        return False
    j = h.ns - 1
    while j >= 0 and norm[j] == " ":
        j -= 1
    if j < 0 or norm[j] in ".!?؟\n\"«“:":
        # (not before a dash, nor before a comma: a name that heads a list, "البيضاء، شحات، سوسة", is no verb; nor
        # before a colon: the head of a row of a table or a rating, "العجيلات: 4 – اشتباكات")
        return not norm[h.ne:h.ne + 3].lstrip(" ").startswith(("-", "–", "،", ",", ":"))
    k = norm.rfind(" ", 0, j) + 1
    prev = _clean_token(norm[k:j + 1])
    if prev in DEMONSTRATIVES or prev in PRONOUNS:
        return True
    if h.prefix == "ال" and len(prev) > 3 and prev.startswith("ال") and not (
            prev in KIND_CUES_BEFORE or prev in PLACE_CUES_BEFORE):
        k2 = norm.rfind(" ", 0, max(0, k - 1)) + 1
        return not (k > 1 and _closed_phrase(prev, _clean_token(norm[k2:k - 1])))
    nxt = _word_after(norm, h.ne)
    return (len(nxt) > 3 and nxt.startswith("ال") and nxt not in KIND_CUES_AFTER and nxt not in PLACE_CUES_AFTER
            and nxt not in RELATIVE_PRONOUNS and nxt not in TIME_WORDS
            and nxt not in LIBYA_WORDS)


#: Particles that open a clause, after which a name is its subject (ويقول سكان إن الجديد يعاني).
_CLAUSE_OPENERS: Final = _norm_set("إن أن لكن بينما حيث أما")


def _after_subject(norm: str, h: _Hit) -> bool:
    """Is an Arabic hit without any prefix right after a definite noun that is no place or base word and no
    adjective (الأخبار سرت بسرعة "the news spread quickly")? A definite noun takes no indefinite noun after it (no
    construct): the name is a verb there, or a word, and one sense per document does not reach it."""
    if not h.entry.arabic or h.prefix or h.ns < 2 or norm[h.ns - 1] != " ":
        return False
    k = norm.rfind(" ", 0, h.ns - 1) + 1
    prev = norm[k:h.ns - 1]
    return (len(prev) > 3 and prev.startswith("ال") and _clean_token(prev) == prev
            and not prev.endswith(("يه", "ي", "ية")) and prev not in KIND_CUES_BEFORE
            and prev not in PLACE_CUES_BEFORE and prev not in LIBYA_WORDS)


def _relative_clause(norm: str, h: _Hit) -> bool:
    """Is a name that is an ordinary word (``variants_strict``) followed by a masculine relative pronoun? A town or
    a base takes the feminine (العضم التي سلمها البريطانيون "al-Adem, which the British handed over"); with the
    masculine it is the word with its relative clause (الخادم الذي كان يدير "the server that ran"), and only a
    cue (a base or place word, a preposition of place, an adjacent site) makes it the place."""
    return h.entry.level == 3 and _word_after(norm, h.ne) in _MASCULINE_RELATIVES


def _word_sense_closed(norm: str, h: _Hit) -> bool:
    """May one sense per document reach the hit? A village of the bulk layer whose name is an ordinary word
    (``variants_strict``: ماسة "diamond", البركات "blessings") only after a preposition (في ماسة) or a particle that
    opens a clause (إن الجديد), never as a noun of its own (خاتم فيه ماسة "a ring with a diamond", جزيل البركات)."""
    if _after_subject(norm, h):
        return False
    if _relative_clause(norm, h):
        return False
    if h.entry.level != 3 or not h.entry.bulk:
        return True
    if h.prefix in _PREPOSITION_PREFIXES:
        return True
    words = norm[max(0, h.ns - 24):h.ns].split()
    if not words or norm[h.ns - 1:h.ns] != " ":
        return False
    last = _clean_token(words[-1])
    return _has_cue(PREPOSITIONS, last) or _has_cue(_CLAUSE_OPENERS, last)


def _after_definite(norm: str, h: _Hit) -> bool:
    """Is an Arabic hit with the article right after a definite word (a space between)? A name that is an
    ordinary word (``variants_strict``) is then its adjective (المجلس البلدي الجديد "the new municipal
    council"), whatever the phrase before it: one sense per document does not reach it."""
    if h.prefix != "ال" or h.ns < 2 or norm[h.ns - 1] != " ":
        return False
    k = norm.rfind(" ", 0, h.ns - 1) + 1
    prev = _clean_token(norm[k:h.ns - 1])
    return bool(_definite(prev)) and prev not in KIND_CUES_BEFORE and prev not in PLACE_CUES_BEFORE


def _alnum_at(norm: str, raw: bytes, i: int) -> bool:
    """``norm[i].isalnum()``, from the scan byte of ``norm[i]`` (:data:`SCAN_ALNUM`)."""
    a = SCAN_ALNUM[raw[i]]
    return a == 1 or (a == 2 and norm[i].isalnum())


_UNSURE_BYTE: Final = 0x3F  # "?"
_DIGIT_ZERO: Final = 0x30  # "0"


def _scan_classes(keys: list[bytes]) -> bytes:
    """The table through which the automaton reads scan bytes: each byte that ``keys`` use gets its own number
    from 1 in byte order, except the ten digits, which share one; every other byte is 0 (used by no key)."""
    used: set[int] = set()
    for key in keys:
        used.update(key)
    table = bytearray(256)
    code = 0
    digit = 0
    for b in sorted(used | set(b"0123456789")):
        if 0x30 <= b <= 0x39:
            if not digit:
                code += 1
                digit = code
            table[b] = digit
        else:
            code += 1
            table[b] = code
    return bytes(table)
_S_BYTE: Final = 0x73  # "s"
_SPACE_BYTE: Final = 0x20
_L_BYTE: Final = 0x6C  # "l"
_NO_INDEXES: Final[frozenset[int]] = frozenset()
_NEW: Final = object.__new__
_GC_ISENABLED: Final = gc.isenabled
_GC_DISABLE: Final = gc.disable
_GC_ENABLE: Final = gc.enable


def _confirmed(ends: list[int], anchored: set[int],
               terms: list[tuple[int, int, _CtxEntry]]) -> list[tuple[int, int, _CtxEntry]]:
    """Context terms to keep, in text order: every "always" term, and a "context" term (Chad, Jordan)
    only when its sentence also holds a site mention (``anchored``: sentence indexes) or an "always"
    term."""
    terms = sorted(terms, key=lambda t: (t[0], t[1]))
    if all(t[2].level == "always" for t in terms):
        return terms
    anchored = anchored | {sentence_index(ends, t[0]) for t in terms if t[2].level == "always"}
    return [t for t in terms if t[2].level == "always" or sentence_index(ends, t[0]) in anchored]


def _assign_context(text: str, ends: list[int], mention_starts: list[int],
                    terms: list[tuple[int, int, _CtxEntry]]) -> list[tuple[tuple[str, ...], ...]]:
    """For each kept mention (given by its start): the actors and activities of its sentence, and the
    actors of its paragraph, each sorted and distinct. An ambiguous ("context") term counts only in the
    sentence of a site mention.

    Paragraphs end at blank lines when the text has any, else at line breaks; they are found around the
    mentions only (a mention and a term both start on a letter, never inside a run of line breaks)."""
    if not mention_starts or not terms:
        return []
    # The sentences that hold a mention, numbered in text order ("slots"), found by walking the sentence
    # ends: mentions come in text order, terms nearly so (a bisection when a term comes before the last
    # one's sentence). bisect_right(ends, a) is the sentence of the character at a.
    n_ends = len(ends)
    slot_of: dict[int, int] = {}  # sentence index -> slot
    mention_slot: list[int] = []
    j = 0
    for a in mention_starts:
        while j < n_ends and ends[j] <= a:
            j += 1
        slot = slot_of.get(j, -1)
        if slot < 0:
            slot = len(slot_of)
            slot_of[j] = slot
        mention_slot.append(slot)
    slot_actors: list[list[str]] = [[] for _ in slot_of]
    slot_activities: list[list[str]] = [[] for _ in slot_of]
    actor_starts: list[int] = []  # actors that count in a paragraph: where they start, and which
    actor_ids: list[str] = []
    j = 0
    for term in terms:
        ce = term[2]
        if ce.is_place:
            continue
        a = term[0]
        if j and ends[j - 1] > a:
            j = bisect_right(ends, a)
        else:
            while j < n_ends and ends[j] <= a:
                j += 1
        slot = slot_of.get(j, -1)
        if slot >= 0:
            (slot_actors if ce.is_actor else slot_activities)[slot].append(ce.id)
        elif not ce.always:
            continue  # an ambiguous term (Chad, Jordan) counts only beside a site mention
        if ce.is_actor:
            actor_starts.append(a)
            actor_ids.append(ce.id)
    # (blank lines found from the line breaks: a one-character search is a memchr; a line of spaces is blank)
    blank = bool(actor_starts) and blank_line_after(text, 0) >= 0
    out: list[tuple[tuple[str, ...], ...]] = []
    sentence_rows: list[tuple[tuple[str, ...], tuple[str, ...]] | None] = [None] * len(slot_of)
    lo = hi = -1  # the paragraph of the previous mention: text[lo + 1:hi]
    paragraph: tuple[str, ...] = ()
    row: tuple[tuple[str, ...], ...] = ()
    last_slot = last_lo = -2
    for k, start in enumerate(mention_starts):
        slot = mention_slot[k]
        if actor_starts and not lo < start < hi:
            if blank:
                lo = blank_line_before(text, start)
                hi = blank_line_after(text, start)
            else:
                lo = text.rfind("\n", 0, start)
                hi = text.find("\n", start)
            if hi < 0:
                hi = len(text)
            ids: list[str] = []
            for m, a in enumerate(actor_starts):
                if lo < a < hi:
                    ids.append(actor_ids[m])
            paragraph = _sorted_ids(ids)
        if slot != last_slot or lo != last_lo:  # else the previous mention's row (same sentence, paragraph)
            sentence = sentence_rows[slot]
            if sentence is None:
                sentence = (_sorted_ids(slot_actors[slot]), _sorted_ids(slot_activities[slot]))
                sentence_rows[slot] = sentence
            row = (sentence[0], sentence[1], paragraph)
            last_slot, last_lo = slot, lo
        out.append(row)
    return out


def _sorted_ids(ids: list[str]) -> tuple[str, ...]:
    """The distinct ``ids``, sorted."""
    if not ids:
        return ()
    if len(ids) == 1:
        return (ids[0],)
    if len(ids) == 2:  # (the usual list of several: two, compared without a set and a sorted list)
        a, b = ids[0], ids[1]
        return (a,) if a == b else (a, b) if a < b else (b, a)
    return tuple(sorted(set(ids)))


__all__ = ["CONFIDENCE", "Matcher", "spelling_key"]
