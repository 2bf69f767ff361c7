"""Document metadata that readers do not give: language by script, outlet, and dates.

* :func:`detect_lang` — ``ar`` when Arabic letters outnumber Latin ones, else ``fr`` when French
  stopwords or accents outweigh English stopwords, else ``en``; ``""`` for text without letters.
* :func:`source_from_url` — the URL's host without ``www.``.
* :func:`parse_date` — a metadata date (ISO 8601, RFC 822 as in RSS, ``5 March 2024``, ``٥ مارس ٢٠٢٤``)
  as ISO 8601; ``""`` when it cannot be read.
* :func:`find_dateline` — the first date written with a month name (English, Arabic ``يناير``..``ديسمبر``
  or Levantine ``كانون الثاني``..``كانون الأول``) near the start of a text.
* :func:`complete` — fills a document's ``source``, ``published`` and ``lang`` in that order of
  precedence: ``--source``/``--date`` options, the document's own metadata, the feed title, the URL's
  domain (source) or the dateline (date).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from geotrack.models import Document

UNKNOWN_SOURCE = "unknown"
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


def find_dateline(text: str, window: int = DATELINE_WINDOW) -> str:
    """The first valid date written with a month name (or as YYYY-MM-DD) in the first ``window``
    characters of ``text``, as ``YYYY-MM-DD``; ``""`` when there is none."""
    head = text[:window]
    if _INDIC_DIGIT.search(head):
        head = head.translate(_ARABIC_DIGITS)
    # Cheap first: every date has a year; look for the patterns only around a year.
    for year in _YEAR_ONLY.finditer(head):
        around = head[max(0, year.start() - 40):year.end() + 7]
        found = [(m.start(), iso) for pattern in _DATE_PATTERNS for m in pattern.finditer(around)
                 if (iso := _match_date(m))]
        if found:
            return min(found)[1]
    return ""


def parse_date(value: str) -> str:
    """A metadata date as ISO 8601 (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS[+00:00]``, UTC when the
    value has a zone); ``""`` when it cannot be read."""
    value = value.strip()
    if not value:
        return ""
    iso = value.translate(_ARABIC_DIGITS)
    if iso.endswith(("Z", "z")):
        iso = iso[:-1] + "+00:00"
    try:
        if len(iso) == 10:
            return date.fromisoformat(iso).isoformat()
        return _iso(datetime.fromisoformat(iso.replace(" ", "T", 1)))
    except ValueError:
        pass
    try:
        return _iso(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    return find_dateline(value, window=len(value))


def complete(doc: Document, *, source: str | None = None, published: str | None = None,
             feed_title: str = "") -> Document:
    """``doc`` with ``source``, ``published`` and ``lang`` filled (see the module doc for the order)."""
    src = complete_source(doc, source=source, feed_title=feed_title)
    pub, lang = complete_date_and_lang(doc.published, doc.lang, doc.text, published=published)
    if (src, pub, lang) == (doc.source, doc.published, doc.lang):
        return doc
    return replace(doc, source=src, published=pub, lang=lang)


def complete_source(doc: Document, *, source: str | None = None, feed_title: str = "") -> str:
    """The source :func:`complete` gives ``doc``: ``source``, the document's own, ``feed_title``, the host
    of its URL, else ``unknown``."""
    return (source or doc.source or feed_title or source_from_url(doc.url) or UNKNOWN_SOURCE).strip()


def complete_date_and_lang(doc_published: str, doc_lang: str, text: str, *,
                           published: str | None = None) -> tuple[str, str]:
    """The publication date and language :func:`complete` gives a document with these fields and text."""
    pub = published or parse_date(doc_published) or find_dateline(text)
    lang = doc_lang or detect_lang(text)
    return pub, lang


__all__ = [
    "ARABIC_MONTHS",
    "ENGLISH_MONTHS",
    "UNKNOWN_SOURCE",
    "complete",
    "complete_date_and_lang",
    "complete_source",
    "detect_lang",
    "find_dateline",
    "parse_date",
    "source_from_url",
]
