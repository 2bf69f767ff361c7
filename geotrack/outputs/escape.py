"""One escaping layer for every output: one function per output context.

Every piece of text that comes from an article (title, sentence, source, surface, URL, candidate name)
is untrusted. A writer turns it into output only through the function of the context it lands in:

=============================  =========================================================================
context                        function
=============================  =========================================================================
HTML text                      :func:`html_text` (inside a JS template literal: :func:`html_in_js_template`)
HTML text, direction isolated  :func:`html_isolated` (``<bdi>…</bdi>``, placeholder for a blank name)
HTML attribute value           :func:`html_attr` (shown attributes such as ``title``: :func:`html_attr_shown`)
JavaScript in ``<script>``     :func:`js_string` (one string literal), :func:`script_json` (a JSON value)
Chart label (matplotlib)       :func:`chart_text`
Markdown                       :func:`markdown_text`, :func:`markdown_link`, :func:`markdown_rtl_block`,
                               :func:`markdown_rtl_cell`
CSV cell                       :func:`csv_cell` (and :func:`csv_cell_restore` to read one back)
KML / XML text                 :func:`xml_text` (and :func:`xml_shown` for text a viewer shows)
URL that becomes a link        :func:`safe_url`
=============================  =========================================================================

Rules shared by all of them:

* **Never template source.** These functions produce *data*; a writer passes them to a template as a
  variable, never as the template itself (see ``geotrack.outputs.map`` for how folium is kept from
  compiling rendered text).
* **Bidi and invisible characters.** The bidirectional controls of :data:`BIDI_CONTROLS` (embeddings,
  overrides, isolates, marks) can reorder the text *around* a value ("Kufra ‮gnp.exe"). In HTML, each
  value is isolated in a ``<bdi>`` element (an unbalanced override ends with it); where no isolation
  exists (Markdown, KML names, shown attributes, terminal text) the controls are removed by
  :func:`strip_bidi`. A name made only of invisible characters is shown as a placeholder
  (:func:`display`).
* **Links** are made only for absolute ``http``/``https`` URLs with a host and without whitespace,
  control or format characters (:func:`safe_url`); ``javascript:``, ``data:``, ``JaVaScRiPt:``,
  ``java\\nscript:`` and friends never become links.
* **CSV formula injection** (OWASP): a text cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
  return (or with the quote itself) gets a single quote in front (:func:`csv_cell`); numbers are never
  touched, so negative coordinates stay numbers.
"""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from typing import Any
from urllib.parse import quote, urlsplit

#: Bidirectional formatting characters: ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_TABLE = {ord(c): None for c in BIDI_CONTROLS}
#: Characters that draw nothing although they are letters or symbols (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
#: A cell starting with one of these is read as a formula by spreadsheets (OWASP "CSV injection").
CSV_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_QUOTE = "'"
UNNAMED_SOURCE = "(unnamed source)"

_WS = re.compile(r"\s+")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^([#+=-])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
_JS_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JS_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")


def as_text(value: object) -> str:
    """``value`` as a string: ``""`` for None and NaN / NaT."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if not isinstance(value, str):
        try:
            import pandas as pd

            if pd.isna(value):
                return ""
        except (TypeError, ValueError):
            pass
    return str(value)


def strip_bidi(value: object) -> str:
    """``value`` without any bidirectional control (:data:`BIDI_CONTROLS`)."""
    return as_text(value).translate(_BIDI_TABLE)


def is_blank(value: object) -> bool:
    """True when ``value`` shows nothing: only spaces, controls, format (zero-width, bidi) characters."""
    for ch in as_text(value):
        if ch.isspace() or ch in _BLANK_LETTERS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Cn", "Co", "Cs", "Mn", "Me"):
            continue
        return False
    return True


def display(value: object, placeholder: str = "") -> str:
    """``value`` for display: ``placeholder`` when it would show nothing (zero-width characters only)."""
    text = as_text(value)
    return placeholder if placeholder and is_blank(text) else text


def one_line(value: object) -> str:
    """Whitespace runs (newlines included) as one space, ends trimmed."""
    return _WS.sub(" ", as_text(value)).strip()


# -- HTML ------------------------------------------------------------------------------------------
def html_text(value: object) -> str:
    """HTML-escaped text (``& < > " '``): inert as element content and inside a quoted attribute."""
    return html.escape(as_text(value), quote=True)


def html_attr(value: object) -> str:
    """A quoted attribute value (``"…"``) that the browser does not show (``data-*``, ``href``)."""
    return html.escape(as_text(value), quote=True)


def html_attr_shown(value: object) -> str:
    """An attribute value the browser shows (``title`` tooltips): escaped, bidi controls removed."""
    return html.escape(strip_bidi(value), quote=True)


_JS_TEMPLATE_REFS = str.maketrans({"\\": "&#92;", "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;",
                                    "_": "&#95;"})


def html_in_js_template(value: object) -> str:
    """HTML text that also stays inert inside a JavaScript template literal (folium popups, tooltips and
    layer names): :func:`html_text` plus `````, ``$`` and ``\\`` as character references, and ``{``,
    ``}`` too, so that the text can never form Jinja syntax even where a library compiles rendered text
    again, and ``_`` (folium rewrites ``a_b`` to ``aB`` in layer names)."""
    return html_text(value).translate(_JS_TEMPLATE_REFS)


def html_isolated(value: object, *, placeholder: str = "", in_js_template: bool = False,
                  direction: str | None = None) -> str:
    """``<bdi>`` + escaped text + ``</bdi>``: the text's own direction never reorders what is around it
    (an unbalanced right-to-left override ends at ``</bdi>``). A value that would show nothing is
    replaced by ``placeholder`` (in a ``<bdi class="geotrack-placeholder">``) when one is given.
    ``direction`` ("ltr" / "rtl") fixes the direction instead of letting the browser guess it."""
    text = as_text(value)
    escape = html_in_js_template if in_js_template else html_text
    dir_attr = f' dir="{direction}"' if direction in ("ltr", "rtl") else ""
    if placeholder and is_blank(text):
        return f'<bdi class="geotrack-placeholder"{dir_attr}>{escape(placeholder)}</bdi>'
    return f"<bdi{dir_attr}>{escape(text)}</bdi>"


# -- JavaScript ------------------------------------------------------------------------------------
def _js_safe(encoded: str) -> str:
    return _JS_UNSAFE_RE.sub(lambda m: _JS_UNSAFE[m.group(0)], encoded)


def js_string(value: object) -> str:
    """A JavaScript string literal (with its quotes) safe inside ``<script>``: no ``</script>``, no
    ``<!--``, no raw U+2028/U+2029 (``<``, ``>``, ``&`` and both separators as ``\\uXXXX``)."""
    return _js_safe(json.dumps(as_text(value), ensure_ascii=False))


def script_json(obj: Any) -> str:
    """``obj`` as JSON safe inside ``<script>`` (see :func:`js_string`); NaN refused."""
    return _js_safe(json.dumps(obj, ensure_ascii=False, allow_nan=False))


def script_body(code: str) -> str:
    """Trusted JavaScript (a vendored library) made safe to inline in ``<script>…</script>``."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def style_body(css: str) -> str:
    """Trusted CSS (a vendored stylesheet) made safe to inline in ``<style>…</style>``."""
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


# -- charts ----------------------------------------------------------------------------------------
def chart_text(value: object) -> str:
    """A label drawn by matplotlib (the report's timeline legend): ``$`` escaped, so the text never
    starts a mathtext formula (``$x^$`` would raise), bidi controls removed, one line."""
    return one_line(strip_bidi(value)).replace("$", "\\$")


# -- Markdown --------------------------------------------------------------------------------------
def markdown_text(value: object) -> str:
    """Untrusted text for Markdown: a table cell, a list item, a heading or a paragraph.

    Whitespace runs (newlines included) become one space; bidi controls are removed (Markdown has no
    isolation); ``<``, ``>`` and ``&`` become entities so that no tag or autolink survives; Markdown
    punctuation (`` ` `` ``|`` ``[`` ``]`` ``*`` ``_`` ``~`` ``\\``) is backslash-escaped, so no link, code
    span, emphasis or table cell can be opened by the text; a leading ``#``, ``+``, ``=``, ``-`` or ``1.``
    is escaped so that it starts no heading or list.
    """
    s = one_line(strip_bidi(value))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _MD_LINE_START.sub(r"\\\1", s)
    return _MD_ORDERED.sub(r"\1\\\2", s)


def markdown_link(label: object, url: object) -> str:
    """``[label](url)`` for a :func:`safe_url` (percent-encoded so it cannot break out), else the escaped
    label alone."""
    text = markdown_text(label) or "link"
    href = safe_url(url)
    if not href:
        return text
    href = quote(href, safe=":/?#@!$&'*+,;=%~-._")
    return f"[{text}]({href})"


def markdown_rtl_block(value: object) -> str:
    """Arabic text as an HTML block inside Markdown, shown right to left (escaped, bidi controls removed)."""
    return f'<div dir="rtl" lang="ar">{html_text(one_line(strip_bidi(value)))}</div>'


def markdown_rtl_cell(value: object) -> str:
    """Arabic text right to left inside a Markdown table cell: a ``<span dir="rtl">`` with the text
    escaped, bidi controls removed and ``|`` as an entity (so it cannot end the cell)."""
    s = html_text(one_line(strip_bidi(value))).replace("|", "&#124;")
    return f'<span dir="rtl" lang="ar">{s}</span>'


# -- CSV -------------------------------------------------------------------------------------------
def csv_cell(value: Any) -> Any:
    """A CSV cell that no spreadsheet reads as a formula (OWASP).

    A string starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a single quote in
    front; so does a string already starting with a single quote, so that :func:`csv_cell_restore` gives
    back exactly the original. Anything that is not a string (numbers: ``-12.5`` stays a number) is
    returned unchanged.
    """
    if isinstance(value, str) and value.startswith((*CSV_FORMULA_PREFIXES, CSV_QUOTE)):
        return CSV_QUOTE + value
    return value


def csv_cell_restore(value: str) -> str:
    """The original text of a cell written by :func:`csv_cell` (one added leading quote removed)."""
    if value.startswith(CSV_QUOTE) and value[1:].startswith((*CSV_FORMULA_PREFIXES, CSV_QUOTE)):
        return value[1:]
    return value


# -- XML / KML -------------------------------------------------------------------------------------
def xml_text(value: object) -> str:
    """XML character data or a quoted attribute value (KML): ``& < > " '`` escaped, and characters XML 1.0
    forbids (C0 controls but tab / newline / carriage return, lone surrogates, U+FFFE/U+FFFF) replaced
    by U+FFFD, so the file always parses."""
    return _XML_INVALID.sub("\ufffd", html.escape(as_text(value), quote=True))


def xml_shown(value: object, placeholder: str = "") -> str:
    """Text a KML viewer shows (a placemark name or description): bidi controls removed (KML has no
    isolation), a blank value replaced by ``placeholder``, then :func:`xml_text`."""
    return xml_text(display(strip_bidi(value), placeholder))


# -- URLs ------------------------------------------------------------------------------------------
def _hidden_char(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def safe_url(url: object) -> str:
    """``url`` (trimmed) when it is an absolute ``http``/``https`` URL with a host, else ``""``.

    Refused: any other scheme in any case (``javascript:``, ``JaVaScRiPt:``, ``data:``, ``vbscript:``),
    and any URL holding whitespace, control or format characters after trimming (``java\\nscript:``,
    ``java\\tscript:``, zero-width or bidi characters), which browsers would drop or show reordered.
    """
    if not isinstance(url, str):
        return ""
    u = url.strip()
    if not u or any(_hidden_char(c) for c in u):
        return ""
    try:
        parts = urlsplit(u)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or parts.netloc.startswith("@"):
        return ""
    return u


__all__ = [
    "BIDI_CONTROLS",
    "CSV_FORMULA_PREFIXES",
    "UNNAMED_SOURCE",
    "as_text",
    "chart_text",
    "csv_cell",
    "csv_cell_restore",
    "display",
    "html_attr",
    "html_attr_shown",
    "html_in_js_template",
    "html_isolated",
    "html_text",
    "is_blank",
    "js_string",
    "markdown_link",
    "markdown_rtl_block",
    "markdown_rtl_cell",
    "markdown_text",
    "one_line",
    "safe_url",
    "script_body",
    "script_json",
    "strip_bidi",
    "xml_shown",
    "xml_text",
]
