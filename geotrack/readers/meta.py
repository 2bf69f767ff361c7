"""Document metadata that readers do not give: language by script, outlet, and dates.

* :func:`detect_lang` — ``ar`` when Arabic letters outnumber Latin ones, else ``fr`` when French
  stopwords or accents outweigh English stopwords, else ``en``; ``""`` for text without letters.
* :func:`source_from_url` — the URL's host without ``www.``.
* :func:`parse_date` — a metadata date (ISO 8601, RFC 822 as in RSS, ``5 March 2024``, ``٥ مارس ٢٠٢٤``)
  as ISO 8601; ``""`` when it cannot be read or is not used (below).
* :func:`find_dateline` — the first date written with a month name (English, Arabic ``يناير``..``ديسمبر``
  or Levantine ``كانون الثاني``..``كانون الأول``) near the start of a text.

Dates are validated here, in one place (:func:`read_date`, which :func:`parse_date` wraps):

* an impossible date (``2024-02-30``, ``Fri, 30 Feb 2024 ...``, ``30 February 2024``, month 13, hour 25)
  is refused;
* a date outside the plausible window — before :data:`EARLIEST_DATE` (1900-01-01; years 0001, 0 and
  negative ones included) or more than :data:`FUTURE_SLACK` (one day) after *now* (years 2999, 9999,
  10000) — is not used as the publication date.

Either way :func:`parse_date` returns ``""`` (so the dateline of the text, if any, is used instead) and
logs a warning on the ``geotrack`` logger naming the raw value and the reason: documents have no field
for a raw date, so the warning is where the raw value is kept. Values that simply cannot be read
(``garbage``, ``yesterday``) are dropped silently, as before. *Now* is the clock's UTC time unless a
``now`` is passed (tests pass one). RFC 822 reads a two-digit year as 19xx/20xx, but a year written
with three or four digits is taken as written: ``Mon, 01 Jan 0001`` is the year 1, not 2001. A dateline
outside the window is passed over for the next one.
* :func:`complete` — fills a document's ``source``, ``published`` and ``lang`` in that order of
  precedence: ``--source``/``--date`` options, the document's own metadata, the feed title, the URL's
  domain (source) or the dateline (date).
"""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from geotrack.models import Document

UNKNOWN_SOURCE = "unknown"
#: The earliest publication date used; an earlier one is dropped with a warning.
EARLIEST_DATE = date(1900, 1, 1)
#: How far after *now* a publication date may lie (clocks and time zones differ); a later one is dropped.
FUTURE_SLACK = timedelta(days=1)
#: How far into a text a dateline is looked for (characters).
DATELINE_WINDOW = 400
_LANG_SAMPLE = 2000
_STOPWORD_SAMPLE = 600

_NOT_ARABIC_LEAD = bytes(b for b in range(256) if not 0xD8 <= b <= 0xDB)
_NOT_LATIN_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122 or 0xC3 <= b <= 0xC5))
_FRENCH_WORDS = frozenset(
    "le la les des du de une un est dans pour avec sur par au aux qui que et sont a été selon cette ces l d".split()
)
_ENGLISH_WORDS = frozenset("the of and to in is was with for on by that from at as are were has have".split())

ENGLISH_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
#: Arabic month names: the Egyptian/Maghrebi forms (with common spellings) and the Levantine forms.
ARABIC_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("يناير", "كانون الثاني", "جانفي"), ("فبراير", "شباط", "فيفري"), ("مارس", "آذار", "اذار"),
         ("أبريل", "ابريل", "إبريل", "نيسان", "أفريل"), ("مايو", "أيار", "ايار", "ماي"),
         ("يونيو", "يونيه", "حزيران", "جوان"), ("يوليو", "يوليه", "تموز", "جويلية"),
         ("أغسطس", "اغسطس", "آب", "اب", "أوت"), ("سبتمبر", "أيلول", "ايلول"),
         ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"), ("نوفمبر", "تشرين الثاني"),
         ("ديسمبر", "كانون الأول", "كانون الاول")]
    )
    for name in names
}
_log = logging.getLogger("geotrack")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

_EN_MONTH = "|".join(sorted((re.escape(m) for m in ENGLISH_MONTHS), key=len, reverse=True))
_AR_MONTH = "|".join(sorted((re.escape(m) for m in ARABIC_MONTHS), key=len, reverse=True))
_DAY, _YEAR = r"(?P<day>[0-3]?\d)", r"(?P<year>(?:19|20)\d\d)"
_INDIC_DIGIT = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_YEAR_ONLY = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATE_PATTERNS = (
    # 5 March 2024, 5 Mar. 2024, 5th of March, 2024
    re.compile(rf"\b{_DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{_EN_MONTH})\.?,?\s+{_YEAR}\b", re.IGNORECASE),
    # March 5, 2024
    re.compile(rf"\b(?P<month>{_EN_MONTH})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.IGNORECASE),
    # ٥ مارس ٢٠٢٤, 5 كانون الثاني 2024, 5 من مارس/آذار 2024
    re.compile(rf"(?<![\w]){_DAY}\s+(?:من\s+)?(?P<month>{_AR_MONTH})(?:\s*/\s*(?:{_AR_MONTH}))?\s*(?:،\s*)?{_YEAR}(?!\d)"),
    # 2024-03-05
    re.compile(rf"\b{_YEAR}-(?P<mon>[01]\d)-(?P<day2>[0-3]\d)\b"),
)


def detect_lang(text: str) -> str:
    """``ar``, ``fr`` or ``en`` by script (and, for Latin text, stopwords and accents); ``""`` if no letters."""
    sample = text[:_LANG_SAMPLE]
    raw = sample.encode("utf-8", "surrogatepass")  # (a lone surrogate, from a JSON escape, is no letter)
    # Counted on UTF-8 bytes, in C, one pass each: lead bytes D8-DB open U+0600-U+06FF (Arabic); ASCII
    # letters and the lead bytes C3-C5 (Latin letters with accents) are what is left after deleting every
    # other byte (bytes.translate, several times faster than a bytes.count per byte value).
    arabic = len(raw.translate(None, _NOT_ARABIC_LEAD))
    latin = len(raw.translate(None, _NOT_LATIN_LETTER))
    if not arabic and not latin:
        return ""
    if arabic >= latin:
        return "ar"
    head = sample[:_STOPWORD_SAMPLE].lower()
    words = set(head.replace("'", " ").replace("’", " ").split())
    french = len(_FRENCH_WORDS.intersection(words)) + head.encode("utf-8", "surrogatepass").count(0xC3) // 4  # é è à ç ...
    english = len(_ENGLISH_WORDS.intersection(words))
    return "fr" if french > english else "en"


def source_from_url(url: str) -> str:
    """The host of ``url`` without ``www.``; ``""`` when there is none."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host[4:] if host.startswith("www.") else host


def _iso(dt: datetime) -> str:
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc)
        return dt.replace(tzinfo=None).isoformat(timespec="seconds") + "+00:00"
    return dt.isoformat(timespec="seconds")


def _match_date(m: re.Match[str]) -> str:
    g = m.groupdict()
    try:
        if g.get("mon"):
            return date(int(g["year"]), int(g["mon"]), int(g["day2"])).isoformat()
        month_name = g["month"]
        month = ENGLISH_MONTHS.get(month_name.lower()) or ARABIC_MONTHS.get(month_name, 0)
        return date(int(g["year"]), month, int(g["day"])).isoformat()
    except ValueError:  # 31 February and the like
        return ""


def _now(now: datetime | None) -> datetime:
    """``now`` (or the clock) as a naive UTC datetime."""
    now = now or datetime.now(timezone.utc)
    return now.astimezone(timezone.utc).replace(tzinfo=None) if now.tzinfo else now


def _outside_window(when: date | datetime, now: datetime) -> str:
    """Why ``when`` (a date, a naive UTC datetime) is outside the plausible window; ``""`` if inside."""
    day = when.date() if isinstance(when, datetime) else when
    if day < EARLIEST_DATE:
        return f"before {EARLIEST_DATE.isoformat()}"
    limit = now + FUTURE_SLACK
    if (when > limit) if isinstance(when, datetime) else (day > limit.date()):
        return f"more than a day in the future (after {limit.isoformat(timespec='minutes')} UTC)"
    return ""


def _datelines(text: str, window: int) -> list[tuple[int, str, str]]:
    """(offset, ISO date or "" when impossible, as written) of the dates in the first ``window``
    characters of ``text``, in text order."""
    head = text[:window]
    if _INDIC_DIGIT.search(head):
        head = head.translate(_ARABIC_DIGITS)
    found: dict[int, tuple[int, str, str]] = {}
    # Cheap first: every date has a year; look for the patterns only around a year.
    for year in _YEAR_ONLY.finditer(head):
        lo = max(0, year.start() - 40)
        around = head[lo:year.end() + 7]
        for pattern in _DATE_PATTERNS:
            for m in pattern.finditer(around):
                at = lo + m.start()
                if at not in found or (not found[at][1] and _match_date(m)):
                    found[at] = (at, _match_date(m), m.group())
    return sorted(found.values())


def find_dateline(text: str, window: int = DATELINE_WINDOW, *, now: datetime | None = None) -> str:
    """The first valid date written with a month name (or as YYYY-MM-DD) in the first ``window``
    characters of ``text``, as ``YYYY-MM-DD``; ``""`` when there is none. Dates outside the plausible
    window (see the module doc; ``now`` defaults to the clock) are passed over."""
    clock = _now(now)
    for _, iso, _written in _datelines(text, window):
        if iso and not _outside_window(date.fromisoformat(iso), clock):
            return iso
    return ""


@dataclass(frozen=True)
class DateReading:
    """What :func:`read_date` made of a value: the ISO date to use (``""`` when none) and, when the value
    was read but is not used, why (``""`` otherwise)."""

    iso: str = ""
    problem: str = ""


_ISO_DATE = re.compile(r"(?P<year>[+-]?\d+)-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?=$|[T ])")
#: The year of an RFC 822 date as written: "01 Jan 0001" (the email module reads it as 2001).
_RFC_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+(?P<year>-?\d+)\b")
_IMPOSSIBLE = "not a valid calendar date"


def _iso_parts(year: int, month: int, day: int, now: datetime) -> str:
    """Why a Y-M-D written date cannot be used, or ``""``."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return _IMPOSSIBLE
    if not 1 <= year <= 9999:  # beyond what datetime holds: as far as its ends
        return _outside_window(date.min if year < 1 else date.max, now)
    if day > calendar.monthrange(year, month)[1]:
        return _IMPOSSIBLE
    return ""


def _checked(when: date | datetime, now: datetime) -> DateReading:
    """``when`` as ISO 8601 (UTC when it has a zone), or why it is outside the window."""
    if isinstance(when, datetime) and when.tzinfo is not None:
        if when.year < EARLIEST_DATE.year:  # before converting: year 1 at +01:00 overflows
            return DateReading(problem=f"before {EARLIEST_DATE.isoformat()}")
        if when.year >= date.max.year:
            return DateReading(problem=_outside_window(date.max, now))
        utc = when.astimezone(timezone.utc).replace(tzinfo=None)
        problem = _outside_window(utc, now)
    else:
        problem = _outside_window(when, now)
    if problem:
        return DateReading(problem=problem)
    return DateReading(_iso(when) if isinstance(when, datetime) else when.isoformat())


def read_date(value: str, *, now: datetime | None = None) -> DateReading:
    """Read a metadata date as :func:`parse_date` does, without logging: the ISO date to use, or why a
    value that was read is not used (impossible, or outside the window of the module doc)."""
    value = value.strip()
    if not value:
        return DateReading()
    clock = _now(now)
    iso = value.translate(_ARABIC_DIGITS)
    if iso.endswith(("Z", "z")):
        iso = iso[:-1] + "+00:00"
    parts = _ISO_DATE.match(iso)
    if parts:
        problem = _iso_parts(int(parts["year"]), int(parts["month"]), int(parts["day"]), clock)
        if problem:
            return DateReading(problem=problem)
    try:
        if len(iso) == 10:
            return _checked(date.fromisoformat(iso), clock)
        return _checked(datetime.fromisoformat(iso.replace(" ", "T", 1)), clock)
    except ValueError:
        if parts and re.fullmatch(r"\d{4}-\d\d-\d\d", parts.group()) and len(iso) > 10:
            return DateReading(problem=_IMPOSSIBLE)  # a valid day with an impossible time (25:00) or offset
    try:
        rfc = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError) as exc:
        rfc = None
        if isinstance(exc, ValueError) and "out of range" in str(exc):  # 30 Feb, hour 25, year 10000
            written = _RFC_YEAR.search(value)
            if written and not 1 <= int(written["year"]) <= 9999:
                return DateReading(problem=_iso_parts(int(written["year"]), 1, 1, clock))
            return DateReading(problem=_IMPOSSIBLE)
    if rfc is not None:
        written = _RFC_YEAR.search(value)
        if written and len(written["year"].lstrip("-")) > 2 and int(written["year"]) != rfc.year:
            return DateReading(problem=_iso_parts(int(written["year"]), 1, 1, clock)
                               or _outside_window(date.min, clock))
        return _checked(rfc, clock)
    dates = _datelines(value, len(value))
    if dates:
        first = dates[0][1]
        return _checked(date.fromisoformat(first), clock) if first else DateReading(problem=_IMPOSSIBLE)
    return DateReading()


def parse_date(value: str, *, now: datetime | None = None) -> str:
    """A metadata date as ISO 8601 (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[+00:00]``, UTC when the
    value has a zone); ``""`` when it cannot be read, is impossible or lies outside the plausible window
    (the last two with a warning naming the raw value; see the module doc). ``now`` defaults to the clock."""
    reading = read_date(value, now=now)
    if reading.problem:
        _log.warning("publication date %r not used: %s", value, reading.problem)
    return reading.iso


def complete(doc: Document, *, source: str | None = None, published: str | None = None,
             feed_title: str = "", now: datetime | None = None) -> Document:
    """``doc`` with ``source``, ``published`` and ``lang`` filled (see the module doc for the order)."""
    src = complete_source(doc, source=source, feed_title=feed_title)
    pub, lang = complete_date_and_lang(doc.published, doc.lang, doc.text, published=published, now=now)
    if (src, pub, lang) == (doc.source, doc.published, doc.lang):
        return doc
    return replace(doc, source=src, published=pub, lang=lang)


def complete_source(doc: Document, *, source: str | None = None, feed_title: str = "") -> str:
    """The source :func:`complete` gives ``doc``: ``source``, the document's own, ``feed_title``, the host
    of its URL, else ``unknown``."""
    return (source or doc.source or feed_title or source_from_url(doc.url) or UNKNOWN_SOURCE).strip()


def complete_date_and_lang(doc_published: str, doc_lang: str, text: str, *,
                           published: str | None = None, now: datetime | None = None) -> tuple[str, str]:
    """The publication date and language :func:`complete` gives a document with these fields and text."""
    pub = published or parse_date(doc_published, now=now) or find_dateline(text, now=now)
    lang = doc_lang or detect_lang(text)
    return pub, lang


__all__ = [
    "ARABIC_MONTHS",
    "EARLIEST_DATE",
    "ENGLISH_MONTHS",
    "FUTURE_SLACK",
    "UNKNOWN_SOURCE",
    "DateReading",
    "complete",
    "complete_date_and_lang",
    "complete_source",
    "detect_lang",
    "find_dateline",
    "parse_date",
    "read_date",
    "source_from_url",
]
