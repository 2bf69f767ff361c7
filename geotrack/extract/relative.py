"""Relative positions: "about 300 km south of Kufra" → an approximate point with an uncertainty radius.

Pure functions, no I/O. A statement is a distance, a compass direction and a preposition, right before a
site mention (its *anchor*), with at most ``town of`` / ``the city of`` / ``la ville de`` / ``مدينة`` /
``منطقة`` in between:

* English: ``[about|some|roughly|approximately|around|nearly|almost|an estimated|close to] 300 km|kms|
  kilometres|kilometers|miles|nautical miles [(186 miles)] [to the|due] south|southern|south-west|
  southwest|south-western|SW|SSW ... of``;
* French: ``[environ|quelque|près de|approximativement|autour de] 300 km|kilomètres|milles au sud de``,
  ``à 60 km à l'est de``, ``au nord-est d'``;
* Arabic: ``[نحو|حوالي|قرابة|زهاء|ما يقارب|ما يقرب من|ما يناهز] 300|٣٠٠|سبعين|مئة وخمسين كم|كيلومتر|
  كيلومترا|كيلومترات|كلم|ميل|أميال [تقريبا] [إلى] جنوب|جنوبي|الجنوب|جنوب غرب|جنوب غربي|الجنوب الغربي [من]``.
  Number words: units, teens, tens, hundreds (مئة، مائة، مئتان، ثلاثمئة ...), thousands (ألف، ألفان،
  ثلاثة آلاف) and their compounds (مئة وخمسين، خمسة وعشرون).

The statement is matched over the normalised text (:func:`~geotrack.text.normalize.normalize`) and
mapped back with :class:`~geotrack.text.normalize.OffsetMap`. ``surface == text[start:end]`` runs
from the hedge word (or the number) through the direction and its preposition (``of``, ``de``, ``d'``,
``من``); a lead-in such as ``على بعد`` or ``à`` and the anchor's name are outside it, so the surface never
overlaps the site mention.

The point is ``geopy.distance.geodesic(kilometers=d).destination((anchor.lat, anchor.lon), bearing)``.

Uncertainty model (``radius_km``), the sum of two errors:

* distance error: ``max(5 km, 0.15 × d)`` when the distance is hedged (about, نحو, environ ...) or round
  (a multiple of 10 in the unit stated, or written in words); otherwise ``max(2 km, 0.05 × d)``;
* direction error: ``d × sin(half-sector)``, the half-width of the compass sector the direction names:
  22.5° for the 8-point directions (N, NE, E ...) and 11.25° for the 16-point ones (NNE, SSW ...).

So "about 300 km south of Kufra" has a radius of 45 + 300·sin 22.5° ≈ 159.8 km: draw it as a circle.

Bounds: a distance must be finite, positive and at most :data:`MAX_DISTANCE_KM` once converted to km
(miles and nautical miles included). A statement outside them ("1e+60 km south of Kufra", "-40 km
north of Sirte", "0 km east of Sabha", "3,000 miles west of Tobruk") gives no position, and a warning
on the ``geotrack`` logger names the document, the statement and the reason. Numbers may be written
with an exponent (``1e+60``) or a sign so that such statements are seen whole and dropped, not read as
"60 km".
"""

from __future__ import annotations

import logging
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from geotrack.extract.discovery import cue_windows, find_cues, sentence_around
from geotrack.models import RelativePosition
from geotrack.text.normalize import OffsetMap, normalize

if TYPE_CHECKING:
    import geopy.distance

    from geotrack.models import Mention

#: Bearing of each compass direction, degrees clockwise from north.
BEARINGS: dict[str, float] = {
    d: i * 22.5
    for i, d in enumerate("N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW".split())
}
#: The largest distance a statement may give, in km. The gazetteer's anchors lie in Libya (about 1,500 km
#: north to south and 1,700 km west to east; Ghat to Bardia, its longest span, is about 1,650 km): a
#: place further than 2,000 km from a Libyan anchor lies beyond Libya and its neighbours' border areas,
#: so a statement giving more is an error or a hostile text, not a position to draw.
MAX_DISTANCE_KM = 2000.0
MILE_KM = 1.609344
NAUTICAL_MILE_KM = 1.852
#: Distance error floor and fraction, for hedged or round distances and for exact ones.
HEDGED_FLOOR_KM, HEDGED_FRACTION = 5.0, 0.15
EXACT_FLOOR_KM, EXACT_FRACTION = 2.0, 0.05

_log = logging.getLogger("geotrack")


def radius_km(distance_km: float, direction: str, hedged: bool) -> float:
    """The uncertainty radius of a point ``distance_km`` away in ``direction`` (see the module docstring)."""
    if hedged:
        dist_err = max(HEDGED_FLOOR_KM, HEDGED_FRACTION * distance_km)
    else:
        dist_err = max(EXACT_FLOOR_KM, EXACT_FRACTION * distance_km)
    half_sector = 11.25 if len(direction) == 3 else 22.5
    return dist_err + distance_km * math.sin(math.radians(half_sector))


# -- Arabic number words ---------------------------------------------------------------------------------
_AR_NUMBER_WORDS: dict[str, int] = {}
_AR_MULTIPLIERS: dict[str, int] = {}


def _add(words: str, value: int, table: dict[str, int] = _AR_NUMBER_WORDS) -> None:
    for w in words.split():
        table[normalize(w)] = value


_add("واحد واحدة أحد إحدى", 1)
_add("اثنان اثنين اثنا اثنتان اثنتين اثنتا", 2)
_add("ثلاث ثلاثة", 3)
_add("أربع أربعة", 4)
_add("خمس خمسة", 5)
_add("ست ستة", 6)
_add("سبع سبعة", 7)
_add("ثمان ثماني ثمانية", 8)
_add("تسع تسعة", 9)
_add("عشر عشرة", 10)
for _tens, _stem in enumerate("عشر ثلاث أربع خمس ست سبع ثمان تسع".split(), start=2):
    _add(f"{_stem}ون {_stem}ين", _tens * 10)
_add("مئة مائة مية مئه", 100, _AR_MULTIPLIERS)
_add("مئتان مئتين مائتان مائتين مئتا مائتا", 200)
for _h, _stem in enumerate("ثلاث أربع خمس ست سبع ثمان تسع".split(), start=3):
    _add(f"{_stem}مئة {_stem}مائة", _h * 100)
_add("ثمانيمئة ثمانمائة", 800)
_add("ألف", 1000, _AR_MULTIPLIERS)
_add("آلاف ألاف", 1000, _AR_MULTIPLIERS)
_add("ألفان ألفين ألفا", 2000)
_AR_ALL_NUMBER_WORDS = {**_AR_NUMBER_WORDS, **_AR_MULTIPLIERS}


def arabic_number(words: str) -> int | None:
    """The value of normalised Arabic number words: ``مئه وخمسين`` → 150, ``ثلاثه الاف`` → 3000."""
    total = current = 0
    seen = False
    for tok in words.split():
        if tok not in _AR_ALL_NUMBER_WORDS and tok.startswith("و") and tok[1:] in _AR_ALL_NUMBER_WORDS:
            tok = tok[1:]
        if tok in _AR_MULTIPLIERS:
            mult = _AR_MULTIPLIERS[tok]
            if mult == 1000:
                total += (current or 1) * 1000
                current = 0
            else:
                current = (current or 1) * mult
        elif tok in _AR_NUMBER_WORDS:
            current += _AR_NUMBER_WORDS[tok]
        else:
            return None
        seen = True
    return total + current if seen else None


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")


def parse_number(s: str) -> float | None:
    """A number written in digits (Western or Arabic-Indic): ``300``, ``٣٠٠``, ``1,200``, ``1,5``, ``2.5``,
    ``1e+60``; None when it is not one. The value may be ``inf`` (a few hundred digits): callers bound it."""
    s = s.translate(_DIGITS)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        s = s.replace(",", "")
    s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


# -- regular expressions over the normalised text -----------------------------------------------------------
_NUM_DIGITS = r"[0-9٠-٩۰-۹]+(?:[.,٫٬][0-9٠-٩۰-۹]+)*(?:e\+?[0-9٠-٩۰-۹]+)?"
#: A minus sign right before a number, in the original text (normalising turns "-" into a space): "-40 km"
#: is a negative distance and "1e-6 km" a negative exponent, to drop rather than read as "40 km" or
#: "6 km"; in "50-60 km", a range, the hyphen follows a digit and is no sign.
_MINUS = re.compile(r"(?P<exp>[0-9٠-٩۰-۹][eE])?[-\u2212]$")
_AR_L = "\u0621-\u064a"
_AR_NUMW = "|".join(sorted(map(re.escape, _AR_ALL_NUMBER_WORDS), key=len, reverse=True))
#: At most six number words (ثلاثة آلاف وخمسمئة وخمسة وعشرون): a bound that keeps the scan linear.
_AR_NUM = rf"(?:{_AR_NUMW})(?![{_AR_L}])(?: +و?(?:{_AR_NUMW})(?![{_AR_L}])){{0,5}}"

_LATIN_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<hedge>(?:about|some|roughly|approximately|approx\.?|around|nearly|almost|an estimated|close to|circa"
    r"|environ|quelque|quelques|pres de|approximativement|autour de) +)?"
    rf"(?P<num>{_NUM_DIGITS})"
    r" ?(?P<unit>kilometres|kilometers|kilometre|kilometer|kms|km|nautical miles|nautical mile|miles|mile|milles)"
    r"\.?(?: *\([^()]{0,40}\))?"
    r" +(?:"
    # English
    r"(?P<en>(?:to the |due )?(?:north|south|east|west)(?: ?(?:north|south|east|west)){0,2}(?:ern|erly)?"
    r"|nne|ene|ese|sse|ssw|wsw|wnw|nnw|ne|nw|se|sw) +(?P<en_prep>of)"
    # French
    r"|(?P<fr>(?:au |a l|vers l|vers le |plein )?(?:nord|sud|est|ouest)(?: (?:nord|sud|est|ouest)){0,2})"
    r"(?P<fr_prep> +de| +du| +d(?=[a-z]))"
    r")(?P<fill>(?: +(?:the|la|le|l))?(?: *(?:town|city|oasis|village|region|port|area|ville|oasis|region|"
    r"commune|localite) +(?:of|de|d(?=[a-z])))?)"
    r" *(?=\S)"
)
_AR_RE = re.compile(
    rf"(?<![{_AR_L}0-9٠-٩۰-۹.,٫٬])(?:[وف](?=[{_AR_L}0-9٠-٩]))??"
    r"(?P<hedge>(?:نحو|حوالي|قرابه|زهاء|ما يقارب|ما يقرب من|ما يناهز) +)?"
    rf"(?P<num>{_NUM_DIGITS}|{_AR_NUM})"
    r" *(?P<unit>كيلومترات|كيلومترا|كيلومتر|كيلو مترات|كيلو مترا|كيلو متر|كلم|كم|اميال|ميلا|ميل)"
    rf"(?![{_AR_L}])(?P<hedge2> +تقريبا)?"
    r" +(?P<ar>(?:(?:الي|باتجاه) +)?(?:ال)?(?:(?:شمال|جنوب)(?:ي|ا)?(?: +(?:ال)?(?:شرق|غرب)(?:ي|ا)?)?"
    rf"|(?:شرق|غرب)(?:ي|ا)?))(?![{_AR_L}])"
    r"(?P<ar_prep> +من)?"
    r"(?P<fill>(?: +(?:مدينه|منطقه|بلده|واحه|بلديه))?)"
    r" +(?=\S)"
)
_EN_WORDS = {"north": "N", "south": "S", "east": "E", "west": "W"}
_FR_WORDS = {"nord": "N", "sud": "S", "est": "E", "ouest": "W"}
_AR_WORDS = {"شمال": "N", "جنوب": "S", "شرق": "E", "غرب": "W"}
#: The groups whose end can end the surface (the anchor's filler words and the space are outside it).
_PHRASE_GROUPS = ("hedge2", "en", "en_prep", "fr", "fr_prep", "ar", "ar_prep")


def _direction(m: re.Match[str]) -> str | None:
    """The compass direction ("S", "SW", "SSW") of a match, or None when it is not one."""
    groups = m.groupdict()
    if groups.get("en"):
        words = groups["en"].removeprefix("to the ").removeprefix("due ")
        if words.endswith(("ern", "erly")):
            words = words.removesuffix("ern").removesuffix("erly")
        if words.isalpha() and len(words) <= 3:
            letters = words.upper()
        else:
            letters = "".join(_EN_WORDS[w] for w in re.findall("north|south|east|west", words))
    elif groups.get("fr"):
        words = re.sub(r"^(?:au |a l|vers l|vers le |plein )", "", groups["fr"])
        letters = "".join(_FR_WORDS[w] for w in words.split())
    else:
        letters = ""
        for w in m.group("ar").split():
            w = w.removeprefix("ال")
            for stem, letter in _AR_WORDS.items():
                if w.startswith(stem):
                    letters += letter
    return letters if letters in BEARINGS else None


def _distance(m: re.Match[str]) -> tuple[float, bool] | str:
    """(distance in km, round number?) of a match, or why it gives no position."""
    raw = m.group("num")
    if raw[0].isdigit():
        value = parse_number(raw)
        words = False
    else:
        n = arabic_number(raw)
        value = float(n) if n is not None else None
        words = True
    if value is None:
        return "not a number"
    if not math.isfinite(value):
        return "not a finite distance"
    if value <= 0:
        return "a distance of zero"
    is_round = words or (value == int(value) and int(value) % 10 == 0)
    unit = m.group("unit")
    if unit.startswith("nautical"):
        value *= NAUTICAL_MILE_KM
    elif unit.startswith(("mile", "mill")) or unit in {"ميل", "ميلا", "اميال"}:
        value *= MILE_KM
    if value > MAX_DISTANCE_KM:
        return f"{value:.6g} km is more than {MAX_DISTANCE_KM:g} km"
    return value, is_round


#: Units that every statement contains: each expression runs only in windows around its own (Latin units
#: for the English and French one, Arabic units for the Arabic one).
_LATIN_UNITS = ("km", "kilomet", "mile", "mill")
_ARABIC_UNITS = ("كم", "كلم", "كيلو", "ميل", "اميال")
#: Characters before a unit (hedge and number, in words too: نحو ثلاثمئة وخمسين) and after it (direction,
#: preposition, "the town of") searched for a statement.
_BEFORE_UNIT, _AFTER_UNIT = 70, 80


#: Cue kinds of :data:`CUE_WORDS`: the Latin units and the Arabic ones.
LATIN_UNIT_CUE, ARABIC_UNIT_CUE = "relative:unit", "relative:unit-ar"
#: The words (normalised) every statement holds, as cue words of the extractor's scan (word → kind):
#: :meth:`geotrack.extract.matcher.Matcher.find_all` reports where they are, so no text is searched again.
CUE_WORDS: dict[str, str] = {**dict.fromkeys(_LATIN_UNITS, LATIN_UNIT_CUE),
                             **dict.fromkeys(_ARABIC_UNITS, ARABIC_UNIT_CUE)}
#: Each cue kind with the expression that runs around it.
_EXPRESSIONS = ((LATIN_UNIT_CUE, _LATIN_RE), (ARABIC_UNIT_CUE, _AR_RE))


def _statements(norm: str, anchors: Callable[[int, int], bool] | None = None,
                cues: dict[str, list[int]] | None = None) -> Iterable[re.Match[str]]:
    """The statement matches in ``norm``, in text order, each found once; only in the windows ``[lo, hi]``
    around the units that start at ``cues`` (kind of :data:`CUE_WORDS` → ascending offsets of ``norm``;
    default: searched for) that hold a unit after a number, ``u`` the first, for which ``anchors(u, hi)`` says
    a site mention may start (a statement ends where its anchor starts, after its unit, and a match never
    leaves its window)."""
    if cues is None:
        cues = find_cues(norm, CUE_WORDS)
    found: list[re.Match[str]] = []
    for kind, expression in _EXPRESSIONS:
        hits = cues.get(kind, [])
        # a unit after a number: after a space or a digit (a number word is followed by a space), so not
        # in "حكم", "million", "smile"; a window holding no such unit holds no statement
        units = [u for u in hits if u and (norm[u - 1] == " " or norm[u - 1].isdigit())]
        if not units:
            continue
        for lo, hi in cue_windows(hits, _BEFORE_UNIT, _AFTER_UNIT, norm):
            k = bisect_left(units, lo)
            if k < len(units) and units[k] < hi and (anchors is None or anchors(units[k], hi)):
                found.extend(expression.finditer(norm, lo, hi))
    seen: set[int] = set()
    for m in sorted(found, key=lambda m: m.start()):
        if m.start() not in seen:
            seen.add(m.start())
            yield m


@lru_cache(maxsize=1)
def _geodesic() -> geopy.distance.geodesic:
    """One WGS-84 geodesic calculator, made once: building one (the ellipsoid's series coefficients) costs
    more than a destination. geopy is imported on first use: importing it costs every command's start-up."""
    from geopy.distance import geodesic

    return geodesic()


@lru_cache(maxsize=4096)
def _destination(lat: float, lon: float, bearing: float, distance_km: float) -> tuple[float, float]:
    """The point ``distance_km`` from ``(lat, lon)`` towards ``bearing`` on the WGS-84 ellipsoid, kept for
    the next statement of the same distance and direction from the same anchor (copies of a story, its
    follow-ups, the benchmark corpus): a geodesic destination costs more than finding the statement."""
    point = _geodesic().destination((lat, lon), bearing=bearing, distance=distance_km)
    return point.latitude, point.longitude


def find_relative_positions(text: str, mentions: list[Mention], doc_id: str = "", *, norm: str | None = None,
                            omap: OffsetMap | None = None,
                            cues: dict[str, list[int]] | None = None) -> list[RelativePosition]:
    """Every "distance direction of SITE" statement in ``text`` whose SITE is one of ``mentions``.

    ``mentions`` are the site mentions of ``text`` (``geotrack.extract.extract(text)``); a statement counts only
    when it ends where a mention starts. Results are in text order; ``surface == text[start:end]``.
    ``norm`` and ``omap`` (``normalize(text)`` and its offset map) may be passed to save recomputing them;
    ``cues``, where the extractor's scan found the units of :data:`CUE_WORDS` (kind → ascending offsets of
    ``norm``), saves searching for them.
    """
    if not mentions:
        return []
    if norm is None:
        norm = normalize(text)
        omap = OffsetMap(text) if len(norm) != len(text) else None
    by_start: dict[int, Mention] = {}
    for mention in mentions:
        by_start.setdefault(mention.start, mention)
    starts = sorted(by_start)
    n_norm = len(norm)

    def anchors(lo: int, hi: int) -> bool:
        """Whether a mention starts where a match in ``norm[lo:hi]`` may end (offsets of ``text``)."""
        a = omap.start(lo) if omap else lo
        b = (omap.start(hi) if hi < n_norm else len(text)) if omap else hi
        i = bisect_left(starts, a)
        return i < len(starts) and starts[i] <= b

    out: list[RelativePosition] = []
    for m in _statements(norm, anchors, cues):
        anchor_at = omap.start(m.end()) if omap else m.end()
        anchor = by_start.get(anchor_at)
        if anchor is None:
            continue
        direction = _direction(m)
        if direction is None:
            continue
        groups = m.groupdict()
        ns = m.start("hedge") if groups["hedge"] else m.start("num")
        ne = max(m.end(g) for g in _PHRASE_GROUPS if groups.get(g))
        start = omap.start(ns) if omap else ns
        end = omap.end(ne) if omap else ne
        num_at = omap.start(m.start("num")) if omap else m.start("num")
        minus = _MINUS.search(text, max(0, num_at - 3), num_at)
        dist: tuple[float, bool] | str
        if minus and (minus.group("exp") or not (minus.start() and text[minus.start() - 1].isalnum())):
            dist = "a negative exponent" if minus.group("exp") else "a negative distance"
            start = min(start, minus.start())
        else:
            dist = _distance(m)
        if isinstance(dist, str):
            _log.warning("%s: relative position %r of %s dropped: %s", doc_id or "text", text[start:end],
                         anchor.site_id, dist)
            continue
        distance_km, is_round = dist
        hedged = bool(groups["hedge"] or groups.get("hedge2"))
        bearing = BEARINGS[direction]
        lat, lon = _destination(anchor.lat, anchor.lon, bearing, distance_km)
        while end < anchor.start and text[end] in "'’ʼ`´":
            end += 1  # d'Ajdabiya: the elided preposition keeps its apostrophe
        out.append(RelativePosition(
            anchor_site_id=anchor.site_id,
            distance_km=distance_km,
            bearing_deg=bearing,
            direction=direction,
            lat=lat,
            lon=lon,
            radius_km=radius_km(distance_km, direction, hedged or is_round),
            surface=text[start:end],
            start=start,
            end=end,
            sentence=sentence_around(text, start, anchor.end),
            doc_id=doc_id,
        ))
    out.sort(key=lambda r: r.start)
    return out


__all__ = ["BEARINGS", "MAX_DISTANCE_KM", "arabic_number", "find_relative_positions", "parse_number", "radius_km"]
