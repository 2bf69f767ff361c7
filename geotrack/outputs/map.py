"""The interactive map: one folium page showing every site with its evidence.

What :func:`build_map` draws, from the mentions frame of ``Store.mentions_frame``:

* the map framed on Libya (the bounding box of :data:`LIBYA_BBOX`), over an **offline base layer**
  (Natural Earth borders and coast of Libya and its neighbours, a few reference cities:
  :func:`geotrack.settings.basemap_path`, inline in the page) drawn in a pane *under* the tiles, so the
  map makes sense with no network and the tiles cover it when they load;
* **one circle marker per site** (layer "Sites"), its area proportional to the site's mentions (radius
  ``MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * sqrt(mentions / max_mentions)``) and its colour fixed by the
  site's kind (:data:`KIND_COLOURS`); its popup gives the English and Arabic names, kind, counts, a table
  of mentions per source, first and last seen, actors and activities, and the latest ``max_detail``
  evidence snippets with source, date, link and the document's own id (``input_id``, when the frame has
  it). In each snippet the site's name is in a ``<mark>`` (:func:`locate`, :func:`marked_html`); Arabic
  evidence is right to left and right-aligned, with dates and numbers isolated left to right
  (``<bdi dir="ltr">``); a sentence that is the title again is shown once. Popups scroll when tall and
  pan clear of the title and the slider. Past :data:`CLUSTER_THRESHOLD` sites, the markers are
  clustered (``MarkerCluster``);
* permanent labels (English, and Arabic right to left) for the main sites (:func:`label_sites`);
* one layer per source (hidden at first; the :data:`MAX_SOURCE_LAYERS` busiest sources get their own
  layer, the rest share "Other sources") with one marker per site that source mentions;
* a heat-map layer (hidden at first) weighted by mentions per site;
* a time slider (``static/geotrack/geotrack.js``, plain JavaScript, inline) that filters the site
  markers themselves: its left end shows every period; on a month, sites without a mention in it are
  hidden (with their labels) and the others are sized by that month's mentions (:func:`time_config`);
* **relative positions** ("300 km south of Kufra", the ``relative`` frame of ``Store.relative_frame``)
  in their own layer "Approximate positions (relative)": each a dashed, semi-transparent
  ``folium.Circle`` of radius ``radius_km`` (metres on the ground) around the stated point, never a
  marker, since the place is only known to lie somewhere inside the circle. Its popup gives the
  statement (the sentence), the anchor site, distance and direction, and the source, date and link;
* a legend (kinds, colours, what the size means, and the dashed circles), a title with the period and
  the filters, and a collapsed layer control (open, it covered the legend in the report's small map).

The page stays small however many mentions there are: everything is aggregated per site (and per site ×
source, site × month), and per-mention detail is capped at ``max_detail`` snippets of at most
:data:`SNIPPET_CHARS` characters per site.

Untrusted text (titles, sentences, sources, surfaces, URLs) reaches the page only through
:mod:`geotrack.outputs.escape`: HTML-escaped, with the characters special inside the JavaScript template
literals folium wraps popups in (`````, ``$``, ``\\``) and the braces of Jinja syntax turned into
character references; each piece isolated in a ``<bdi>`` (or a block with its own ``dir``) so that a
right-to-left override in it cannot reorder the text around it; a source whose name shows nothing is
shown as "(unnamed source)". Links are only made for ``http``/``https`` URLs, with
``rel="noopener noreferrer" target="_blank"``.

**No text is ever compiled as a template.** folium (through branca) renders every element from a Jinja
template and then *compiles the rendered text again* as a template when it places it in the page, so a
title such as ``{{ 7*7 }}`` used to be evaluated (and ``{{cite news}}`` to crash the map). Every element
this module adds is a subclass that places its rendered text in the page as it is
(:class:`SafeMacroElement`, :class:`_Rendered`); folium's own elements are only used through these
subclasses.

**Counting markers in a browser**: every site marker is an SVG path with the class ``geotrack-site``
(``document.querySelectorAll('path.geotrack-site').length`` equals the number of sites when the markers
are not clustered); the title element ``#geotrack-title`` carries ``data-sites`` (number of sites) and
``data-mentions`` in every case. Per-source markers have the class ``geotrack-source-marker``; the
slider is ``#geotrack-time`` (``data-month``, ``data-shown``); base-layer paths ``geotrack-base-country``. Relative-position circles are SVG paths with the class
``geotrack-relative`` (:data:`RELATIVE_CLASS`); the title carries their number in ``data-relative``.
"""

from __future__ import annotations

import json
import logging
import math
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.plugins import HeatMap, MarkerCluster
from folium.template import Template

from geotrack import aggregate
from geotrack.errors import ExportError
from geotrack.models import LIBYA_BBOX
from geotrack.outputs import escape as esc
from geotrack.outputs.offline import STATIC_DIR, inline_assets
from geotrack.settings import basemap_path
from geotrack.syndication import originals
from geotrack.text.arabic import is_arabic

log = logging.getLogger("geotrack")

#: Marker colour per site kind; kinds not listed use ``OTHER_COLOUR``.
KIND_COLOURS: dict[str, str] = {
    "airbase": "#c0392b",
    "airport": "#e67e22",
    "airfield": "#8e44ad",
    "port": "#1f618d",
    "oilfield": "#6e2c00",
    "town": "#2e86c1",
    "village": "#76d7c4",
    "oasis": "#17a589",
    "district": "#7f8c8d",
    "region": "#aab7b8",
}
OTHER_COLOUR = "#555555"
MIN_RADIUS = 5.0
MAX_RADIUS = 24.0
#: More sites than this and the site markers are clustered.
CLUSTER_THRESHOLD = 40
#: Sources with their own layer; the others share one "Other sources" layer.
MAX_SOURCE_LAYERS = 12
#: Rows of the mentions-per-source table in a popup.
MAX_SOURCE_ROWS = 12
#: Longest snippet (sentence) and title shown in a popup, in characters.
SNIPPET_CHARS = 300
TITLE_CHARS = 160
#: Most features of the time slider (site × month); the smallest counts are dropped past it.
MAX_TIME_FEATURES = 3000
SITE_CLASS = "geotrack-site"
RELATIVE_CLASS = "geotrack-relative"
RELATIVE_LAYER = "Approximate positions (relative)"
RELATIVE_COLOUR = "#d35400"
#: Most relative-position circles drawn (newest first); the page stays bounded.
MAX_RELATIVE = 500
#: An opening popup pans the map to stay clear of the title box (pixels from the left and the top)
#: and of the time slider and the legend (pixels from the right and the bottom).
POPUP_PADDING_TOP_LEFT = [10, 120]
POPUP_PADDING_BOTTOM_RIGHT = [10, 120]
#: Sites given a permanent label: every site of these kinds and the LABEL_TOP most mentioned ones, at
#: most MAX_LABELS of them (the most mentioned first), so the map does not drown in names.
LABEL_KINDS = ("airbase", "airport")
LABEL_TOP = 6
MAX_LABELS = 12
LABEL_CLASS = "geotrack-label"
BASE_LAYER = "Base map (offline): borders, coast, towns"
#: Dates, times and decimal numbers (Latin or Arabic-Indic digits) isolated left to right inside
#: right-to-left evidence, so that "2024-04-10" or "10/4" keeps its order next to Arabic words.
_NUMBERS = re.compile(r"[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[-/.:,][0-9\u0660-\u0669\u06f0-\u06f9]+)+")
_WS = re.compile(r"\s+")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


# -- folium without a second template compilation --------------------------------------------------
class _Rendered(Element):
    """Text already rendered from a fixed template, placed in the page as it is: never compiled again."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Rendered"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _figure(element: Element) -> Figure:
    figure = element.get_root()
    if not isinstance(figure, Figure):
        msg = f"{type(element).__name__} can only be rendered inside a map page (a branca Figure)"
        raise ExportError(msg)
    return figure


class SafeMacroElement(MacroElement):
    """A ``MacroElement`` whose rendered header, html and script go into the page as plain text.

    branca's ``MacroElement.render`` wraps each rendered macro in ``Element(text)``, which compiles the
    text (article titles included) as a Jinja template. This one wraps it in :class:`_Rendered`. Mixed
    in *after* a folium class (``class _Circle(folium.Circle, SafeMacroElement)``) it replaces
    ``MacroElement.render`` only, so folium's own ``render`` steps (script links, layer control
    bookkeeping) still run first.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca's MacroElement returns None
        figure = _figure(self)
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(_Rendered(str(macro(self, kwargs))), name=self.get_name())
        for element in list(self._children.values()):
            element.render(**kwargs)


class _Map(folium.Map, SafeMacroElement):
    pass


class _TileLayer(folium.TileLayer, SafeMacroElement):
    pass


class _FitBounds(folium.map.FitBounds, SafeMacroElement):
    pass


class _FeatureGroup(folium.FeatureGroup, SafeMacroElement):
    pass


class _MarkerCluster(MarkerCluster, SafeMacroElement):
    pass


class _CircleMarker(folium.CircleMarker, SafeMacroElement):  # type: ignore[misc]  # Marker.render takes no kwargs
    pass


class _Circle(folium.Circle, SafeMacroElement):  # type: ignore[misc]  # Marker.render takes no kwargs
    pass


class _Tooltip(folium.Tooltip, SafeMacroElement):
    pass


class _HeatMap(HeatMap, SafeMacroElement):
    pass


class _LayerControl(folium.LayerControl, SafeMacroElement):
    pass


class _Popup(folium.Popup):
    """``folium.Popup`` whose rendered script goes into the page as plain text (see
    :class:`SafeMacroElement`); its content is HTML made with :mod:`geotrack.outputs.escape`."""

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as folium.Popup
        for child in list(self._children.values()):
            child.render(**kwargs)
        _figure(self).script.add_child(_Rendered(self._template.render(this=self, kwargs=kwargs)),
                                       name=self.get_name())


def _popup(html_text: str, max_width: int) -> _Popup:
    return _Popup(html_text, max_width=max_width, auto_pan_padding_top_left=POPUP_PADDING_TOP_LEFT,
                  auto_pan_padding_bottom_right=POPUP_PADDING_BOTTOM_RIGHT)


def page_json(obj: Any) -> str:
    """``obj`` as JSON safe inside ``<script>`` (:func:`geotrack.outputs.escape.script_json`), with the
    braces inside its strings written ``\\u007b`` / ``\\u007d``: the page never holds Jinja syntax."""
    return _JSON_STRING.sub(lambda m: m.group(0).replace("{", "\\u007b").replace("}", "\\u007d"),
                            esc.script_json(obj))


@cache
def _static(name: str) -> str:
    file = STATIC_DIR / "geotrack" / name
    try:
        return file.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"map asset {str(file)!r} is missing ({exc.strerror}); reinstall geotrack"
        raise ExportError(msg) from exc


class _GeotrackAssets(SafeMacroElement):
    """geotrack's own script and style (``static/geotrack/``), inline in the page's header: the base
    layer, the site labels and the time slider need no network and no CDN."""

    _template = Template(
        "{% macro header(this, kwargs) %}<style>{{ this.css }}</style>\n"
        "<script>{{ this.js }}</script>{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._name = "GeotrackAssets"
        self.css = esc.style_body(_static("geotrack.css"))
        self.js = esc.script_body(_static("geotrack.js"))


@cache
def base_layer_data() -> str:
    """The offline base layer (:func:`geotrack.settings.basemap_path`) as page JSON."""
    path = basemap_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        msg = f"the offline base layer {str(path)!r} cannot be read ({exc}); reinstall geotrack"
        raise ExportError(msg) from exc
    return page_json(data)


class _BaseLayer(folium.map.Layer, SafeMacroElement):
    """Libya and its neighbours (Natural Earth borders and coast, reference cities) in a pane under the
    tiles (z-index 150, tiles 200): with no network the map still shows where it is; online the tiles
    cover it. Paths have the class ``geotrack-base-country``, cities ``geotrack-base-city``."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = "
        "geotrack.baseLayer({{ this._parent.get_name() }}, {{ this.data }});{% endmacro %}")

    def __init__(self) -> None:
        super().__init__(name=BASE_LAYER, overlay=True, control=True, show=True)
        self._name = "GeotrackBaseLayer"
        self.data = base_layer_data()


class _SiteLabels(folium.map.Layer, SafeMacroElement):
    """Permanent labels (English name, Arabic name right to left) of the main sites; the text is set by
    the script with ``textContent``, never parsed as HTML."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = "
        "geotrack.labelLayer({{ this._parent.get_name() }}, {{ this.data }});{% endmacro %}")

    def __init__(self, sites: list[dict[str, Any]]) -> None:
        super().__init__(name=f"Site labels ({len(sites)})", overlay=True, control=True, show=True)
        self._name = "GeotrackSiteLabels"
        self.data = page_json(sites)


class _TimeFilter(SafeMacroElement):
    """The time slider: a control at the bottom left that shows only the site markers (and their labels)
    mentioned in the chosen month, sized by that month's mentions; its left end shows every period."""

    _template = Template(
        "{% macro script(this, kwargs) %}var {{ this.get_name() }} = "
        "geotrack.timeFilter({{ this._parent.get_name() }}, {{ this.config }});{% endmacro %}")

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeotrackTimeFilter"
        self.config = page_json(config)


#: Every folium element class :func:`build_map` adds (tests check no other one is in a map).
SAFE_ELEMENTS: tuple[type[Element], ...] = (
    SafeMacroElement, _Popup,
)


# -- untrusted text --------------------------------------------------------------------------------
def escape_text(value: object) -> str:
    """``value`` as inert HTML text, also safe inside a JavaScript template literal and in a string
    folium could compile (:func:`geotrack.outputs.escape.html_in_js_template`)."""
    return esc.html_in_js_template(value)


def _iso(value: object, *, placeholder: str = "", direction: str | None = None) -> str:
    """Untrusted text isolated in a ``<bdi>`` (see :func:`geotrack.outputs.escape.html_isolated`)."""
    return esc.html_isolated(value, placeholder=placeholder, in_js_template=True, direction=direction)


def _plain(value: object) -> str:
    """Text made on this side (a kind, a direction, the title, the filters) with bidi controls removed,
    where an isolate would only clutter the markup; escaped like :func:`escape_text`."""
    return escape_text(esc.strip_bidi(value))


def _source(value: object) -> str:
    return _iso(value, placeholder=esc.UNNAMED_SOURCE)


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL, else None (so it is never made a link)."""
    return esc.safe_url(url) or None


def _clip(text: object, limit: int) -> str:
    s = esc.one_line(text)
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _date(ts: Any) -> str:
    return "" if ts is None or pd.isna(ts) else pd.Timestamp(ts).strftime("%Y-%m-%d")


def kind_colour(kind: str) -> str:
    return KIND_COLOURS.get(kind, OTHER_COLOUR)


def marker_radius(mentions: int, max_mentions: int) -> float:
    """Radius in pixels: area proportional to mentions, between MIN_RADIUS and MAX_RADIUS."""
    if max_mentions <= 0 or mentions <= 0:
        return MIN_RADIUS
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(min(mentions, max_mentions) / max_mentions), 2)


def _link(url: object, label: str) -> str:
    ok = esc.safe_url(url)
    if not ok:
        return _iso(label)
    return f'<a href="{escape_text(ok)}" rel="noopener noreferrer" target="_blank">{_iso(label)}</a>'


def _direction(lang: object, text: str) -> str:
    is_ar = str(lang or "").lower().startswith("ar") or is_arabic(text[:80])
    return "rtl" if is_ar else "ltr"


def _lang_attrs(direction: str) -> str:
    return ' dir="rtl" lang="ar"' if direction == "rtl" else ' dir="ltr"'


def locate(sentence: str, mentions: list[tuple[str, int, int]]) -> list[tuple[int, int] | None]:
    """Where each mention (surface, start, end: offsets in its document) lies in ``sentence``.

    The frame gives a mention's offsets in the document, not in its sentence; the sentence's own offset
    is the one shift ``d`` that puts *every* mention of the sentence on its surface
    (``sentence[start - d:end - d] == surface``), tried for each occurrence of the first mention's
    surface. When no shift fits them all (a sentence cut short), each mention is searched on its own:
    the k-th mention of a surface is its k-th occurrence. A surface not found gives None.
    """
    if not mentions:
        return []
    order = sorted(range(len(mentions)), key=lambda i: mentions[i][1])
    first_surface, first_start, _ = mentions[order[0]]
    if first_surface:
        pos = sentence.find(first_surface)
        while pos >= 0:
            d = first_start - pos
            spans = [(m[1] - d, m[2] - d) for m in mentions]
            if all(0 <= a < b <= len(sentence) and sentence[a:b] == m[0] for (a, b), m in zip(spans, mentions,
                                                                                            strict=True)):
                return list(spans)
            pos = sentence.find(first_surface, pos + 1)
    out: list[tuple[int, int] | None] = [None] * len(mentions)
    seen: dict[str, int] = {}
    for i in order:
        surface = mentions[i][0]
        k = seen.get(surface, 0)
        seen[surface] = k + 1
        pos = sentence.find(surface) if surface else -1
        for _ in range(k):
            if pos < 0:
                break
            pos = sentence.find(surface, pos + 1)
        if pos < 0 and surface:
            pos = sentence.casefold().find(surface.casefold()) if k == 0 else -1
            if pos >= 0 and len(sentence.casefold()) != len(sentence):
                pos = -1  # case folding changed the length: offsets would not line up
        if pos >= 0:
            out[i] = (pos, pos + len(surface))
    return out


def _piece(text: str, *, rtl: bool) -> str:
    """Escaped text; in right-to-left text, dates and numbers with separators isolated left to right."""
    if not rtl:
        return escape_text(text)
    out, last = [], 0
    for m in _NUMBERS.finditer(text):
        out.append(escape_text(text[last:m.start()]))
        out.append(f'<bdi dir="ltr">{escape_text(m.group(0))}</bdi>')
        last = m.end()
    out.append(escape_text(text[last:]))
    return "".join(out)


def marked_html(sentence: object, spans: list[tuple[int, int]], *, rtl: bool = False,
                limit: int = SNIPPET_CHARS) -> str:
    """``sentence`` as escaped HTML, each span of ``spans`` in a ``<mark>``, whitespace runs as one space,
    clipped to about ``limit`` characters around the first span (an ellipsis where it is cut)."""
    text = esc.as_text(sentence)
    good: list[tuple[int, int]] = []
    for a0, b0 in sorted(set(spans)):
        a, b = max(a0, 0), min(b0, len(text))
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and (not good or a >= good[-1][1]):
            good.append((a, b))
    lo, hi = 0, len(text)
    if len(text) > limit:
        if good:
            s0, e0 = good[0]
            lo = max(0, min(s0 - limit // 3, len(text) - limit))
            hi = max(min(len(text), lo + limit), e0)
        else:
            hi = limit - 1
    good = [(a, b) for a, b in good if a >= lo and b <= hi]
    pieces: list[tuple[str, bool]] = []
    pos = lo
    for a, b in good:
        pieces.append((text[pos:a], False))
        pieces.append((text[a:b], True))
        pos = b
    pieces.append((text[pos:hi], False))
    pieces = [(_WS.sub(" ", p), m) for p, m in pieces]
    pieces[0] = (pieces[0][0].lstrip(), pieces[0][1])
    pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
    body = "".join(f"<mark>{_piece(p, rtl=rtl)}</mark>" if m else _piece(p, rtl=rtl) for p, m in pieces)
    return ("…" if lo > 0 else "") + body + ("…" if hi < len(text) else "")


def _comparable(value: object) -> str:
    return esc.one_line(esc.strip_bidi(value)).strip("…. !?؟:;،,").casefold()


def same_text(sentence: object, title: object) -> bool:
    """Is ``sentence`` the title again (case, spacing, bidi controls and end punctuation aside)?"""
    a = _comparable(sentence)
    return bool(a) and a == _comparable(title)


def _date_html(ts: Any, placeholder: str = "undated") -> str:
    """A date isolated left to right (``<bdi dir="ltr">``): it keeps its order next to Arabic text."""
    text = _date(ts)
    return f'<bdi dir="ltr" class="geotrack-date">{escape_text(text)}</bdi>' if text else placeholder


def _input_id_html(value: object) -> str:
    """The id the document came with (JSON id, feed guid, CSV id, file path), or "" when unknown."""
    text = esc.one_line(value)
    if not text or esc.is_blank(text):
        return ""
    return f' · <span class="geotrack-input-id">id {_iso(_clip(text, TITLE_CHARS))}</span>'


def evidence_html(r: Any) -> str:
    """One evidence snippet of a popup (a row of :func:`evidence_rows`): the sentence, right to left
    when Arabic, the site's name marked, then source, date, link and the document's own id. A
    sentence that is the title again is shown once (the link then reads "article")."""
    raw = esc.as_text(getattr(r, "sentence", ""))
    direction = _direction(getattr(r, "lang", ""), raw)
    marks = getattr(r, "marks", None)
    spans = [tuple(x) for x in marks] if isinstance(marks, list) else []
    title_raw = getattr(r, "title", "")
    headline = same_text(raw, title_raw)
    title = ("article" if headline else _clip(title_raw, TITLE_CHARS)) or _clip(getattr(r, "url", ""),
                                                                                TITLE_CHARS) or "article"
    meta = (f"{_source(getattr(r, 'source', ''))} · {_date_html(getattr(r, 'published', None))} · "
            f"{_link(getattr(r, 'url', ''), title)}{_input_id_html(getattr(r, 'input_id', ''))}")
    style = ' style="text-align:right"' if direction == "rtl" else ""
    head = ' data-headline="1"' if headline else ""
    return (
        '<div class="geotrack-snippet" style="border-top:1px solid #ddd;padding:3px 0">'
        f'<div class="geotrack-evidence"{_lang_attrs(direction)}{style}{head}>'
        f"{marked_html(raw, spans, rtl=direction == 'rtl')}</div>"
        f'<div style="color:#555;font-size:12px">{meta}</div></div>'
    )


def evidence_rows(frame: pd.DataFrame, max_detail: int) -> pd.DataFrame:
    """The latest ``max_detail`` evidence rows per site (:func:`geotrack.aggregate.evidence`) with
    ``marks`` (the spans of the site's mentions in the sentence, for ``<mark>``) and ``input_id`` (the
    document's own id when the frame has that column, else "")."""
    ev = aggregate.evidence(frame, limit=max_detail, per_site=True)
    if ev.empty:
        return ev.assign(marks=[], input_id=[])
    ids = frame.get("input_id")
    if "input_id" not in ev.columns:
        if ids is not None:
            lookup = dict(zip(frame["mention_id"], ids, strict=True))
            ev = ev.assign(input_id=[esc.as_text(lookup.get(m)) for m in ev["mention_id"]])
        else:
            ev = ev.assign(input_id="")
    wanted = set(zip(ev["document_id"], ev["sentence"], strict=True))
    keys = list(zip(frame["document_id"], frame["sentence"], strict=True))
    sub = frame[[k in wanted for k in keys]]
    groups: dict[tuple[Any, str], list[tuple[str, str, int, int]]] = {}
    for m in sub.itertuples():
        groups.setdefault((m.document_id, m.sentence), []).append(
            (str(m.site_id), esc.as_text(m.surface), int(m.start), int(m.end)))
    marks = []
    for r in ev.itertuples():
        members = groups.get((r.document_id, r.sentence), [])
        spans = locate(esc.as_text(r.sentence), [(sf, a, b) for _sid, sf, a, b in members])
        marks.append([sp for sp, mem in zip(spans, members, strict=True) if sp is not None and mem[0] == r.site_id])
    return ev.assign(marks=marks)


def popup_html(site: pd.Series, per_source: pd.DataFrame, snippets: pd.DataFrame) -> str:
    """The popup of one site, every untrusted value escaped and isolated (see :func:`escape_text`)."""
    parts = [
        f'<div class="geotrack-popup" data-site-id="{escape_text(site["site_id"])}" '
        'style="min-width:260px;max-width:380px;font:13px/1.35 sans-serif">',
        f'<div style="font-weight:bold;font-size:15px">{_iso(site["site_name"], placeholder=str(site["site_id"]))}'
        "</div>",
    ]
    if site.get("site_name_ar"):
        parts.append(f'<div dir="rtl" lang="ar" style="font-size:15px">{escape_text(site["site_name_ar"])}</div>')
    n, d, s = int(site["mentions"]), int(site["documents"]), int(site["sources"])
    own = int(site.get("independent_sources", s))  # outlets with a story of their own (copies left out)
    parts.append(
        f'<div style="color:#555">{_plain(site["kind"])} · {n} mention{"s" if n != 1 else ""} in {d} '
        f'document{"s" if d != 1 else ""} from {s} source{"s" if s != 1 else ""}'
        + (f' (<span class="geotrack-independent">{own} independent</span>: the others only copied a story)'
           if own != s else "") + "</div>"
    )
    parts.append(f"<div>First seen {escape_text(_date(site['first_seen']) or 'n/a')}, "
                 f"last seen {escape_text(_date(site['last_seen']) or 'n/a')}</div>")
    if len(per_source):
        rows = "".join(
            f"<tr><td>{_source(r.source)}</td><td style=\"text-align:right\">{int(r.mentions)}</td></tr>"
            for r in per_source.head(MAX_SOURCE_ROWS).itertuples()
        )
        more = len(per_source) - MAX_SOURCE_ROWS
        if more > 0:
            rows += f'<tr><td colspan="2">and {more} more source{"s" if more != 1 else ""}</td></tr>'
        parts.append('<table class="geotrack-sources" style="margin:4px 0;border-collapse:collapse">'
                     "<tr><th style=\"text-align:left\">Source</th><th>Mentions</th></tr>" + rows + "</table>")
    for label, counted, key in (("Actors", "top_actors", "actors"), ("Activities", "top_activities", "activities")):
        pairs = site.get(counted)
        values = site.get(key)
        if isinstance(pairs, list) and pairs:
            text = aggregate.format_counts(pairs)
        elif isinstance(values, list) and values:
            text = ", ".join(str(v) for v in values[:12])
        else:
            continue
        parts.append(f'<div class="geotrack-{key}"><b>{label}</b>: {escape_text(esc.strip_bidi(text))}</div>')
    if len(snippets):
        parts.append('<div style="font-weight:bold;margin-top:4px">Latest evidence</div>')
        for r in snippets.itertuples():
            parts.append(evidence_html(r))
    parts.append("</div>")
    return "".join(parts)


def _number(value: Any, digits: int = 0) -> str:
    if value is None or pd.isna(value):
        return "?"
    return f"{float(value):.{digits}f}"


def relative_popup_html(row: pd.Series) -> str:
    """The popup of one relative position: statement, anchor, distance/direction, source, date, link."""
    raw = esc.as_text(row.get("sentence"))
    direction = _direction(row.get("lang"), raw)
    headline = same_text(raw, row.get("title"))
    title = ("article" if headline else _clip(row.get("title"), TITLE_CHARS)) or _clip(row.get("url"),
                                                                                       TITLE_CHARS) or "article"
    anchor = row.get("anchor_name") or row.get("anchor_site_id")
    meta = (f"{_source(row.get('source'))} · {_date_html(row.get('published'))} · "
            f"{_link(row.get('url'), title)}{_input_id_html(row.get('input_id'))}")
    align = ";text-align:right" if direction == "rtl" else ""
    return (
        '<div class="geotrack-relative-popup" style="min-width:240px;max-width:380px;font:13px/1.35 sans-serif">'
        '<div style="font-weight:bold">Approximate position (relative)</div>'
        f"<div>{escape_text(_number(row.get('distance_km')))} km {_plain(row.get('direction'))} of "
        f"<b>{_iso(anchor, placeholder=esc.as_text(row.get('anchor_site_id')))}</b> "
        f"(bearing {escape_text(_number(row.get('bearing_deg')))}°)</div>"
        f"<div style=\"color:#555\">Somewhere within {escape_text(_number(row.get('radius_km')))} km of "
        f"{escape_text(_number(row.get('lat'), 4))}, {escape_text(_number(row.get('lon'), 4))}</div>"
        f'<div class="geotrack-evidence" style="border-top:1px solid #ddd;padding:3px 0{align}"'
        f'{_lang_attrs(direction)}>{marked_html(raw, [], rtl=direction == "rtl")}</div>'
        f'<div style="color:#555;font-size:12px">{meta}</div></div>'
    )


def add_relative_layer(fmap: folium.Map, relative: pd.DataFrame, *, limit: int = MAX_RELATIVE) -> int:
    """Draw ``relative`` (one row per relative position) as dashed circles in their own layer.

    Rows without coordinates or radius are skipped, and so are the rows of syndicated copies (their
    original draws the same circle: :func:`geotrack.syndication.originals`); at most ``limit`` (the
    newest) are drawn. Returns the number of circles drawn.
    """
    rows = originals(relative).dropna(subset=["lat", "lon", "radius_km"])
    if "published" in rows.columns:
        rows = rows.sort_values("published", ascending=False, na_position="last", kind="stable")
    rows = rows.head(limit)
    if rows.empty:
        return 0
    layer = _FeatureGroup(name=f"{RELATIVE_LAYER} ({len(rows)})", show=True)
    for _, row in rows.iterrows():
        anchor = row.get("anchor_name") or row.get("anchor_site_id")
        _Circle(
            location=[float(row["lat"]), float(row["lon"])],
            radius=float(row["radius_km"]) * 1000,
            color=RELATIVE_COLOUR, weight=2, opacity=0.8, dash_array="6 6",
            fill=True, fill_color=RELATIVE_COLOUR, fill_opacity=0.12,
            class_name=RELATIVE_CLASS,
            popup=_popup(relative_popup_html(row), 400),
            tooltip=_Tooltip(
                f"~{escape_text(_number(row.get('distance_km')))} km {_plain(row.get('direction'))} of "
                f"{_iso(anchor)} (±{escape_text(_number(row.get('radius_km')))} km)"),
        ).add_to(layer)
    layer.add_to(fmap)
    return len(rows)


class _HtmlBlock(SafeMacroElement):
    """A fixed block of (already escaped) HTML placed over the map.

    Its z-index (650) is above the markers (Leaflet panes 400-600) and below popups (700) and the map
    controls (800+), so an open popup is never hidden by the title or the legend.
    """

    _template = Template("{% macro html(this, kwargs) %}{{ this.block }}{% endmacro %}")

    def __init__(self, block: str) -> None:
        super().__init__()
        self._name = "GeotrackBlock"
        self.block = block


def legend_html(kinds: list[str], max_mentions: int, relative: int = 0) -> str:
    rows = "".join(
        f'<div><span style="display:inline-block;width:11px;height:11px;border-radius:50%;'
        f'background:{kind_colour(k)};margin-right:5px"></span>{_plain(k)}</div>'
        for k in kinds
    )
    return (
        '<div id="geotrack-legend" style="position:fixed;bottom:28px;right:10px;z-index:650;background:#fff;'
        'padding:6px 9px;border:1px solid #999;border-radius:4px;font:12px/1.4 sans-serif;'
        'box-shadow:0 1px 4px rgba(0,0,0,.3)"><div style="font-weight:bold">Site kind</div>'
        f"{rows}<div style=\"margin-top:4px;color:#444\">Circle area ∝ mentions<br>"
        f"(smallest: 1, largest: {max_mentions})</div>"
        + (f'<div id="geotrack-legend-relative" style="margin-top:4px"><span style="display:inline-block;'
           f"width:11px;height:11px;border-radius:50%;border:2px dashed {RELATIVE_COLOUR};"
           f'background:rgba(211,84,0,.12);margin-right:5px"></span>Approximate position ({relative}):<br>'
           "the place lies somewhere in the<br>dashed circle (\"300 km south of …\")</div>" if relative else "")
        + "</div>"
    )


def title_html(title: str, period: str, filters_text: str, sites: int, mentions: int, relative: int = 0) -> str:
    return (
        f'<div id="geotrack-title" data-sites="{sites}" data-mentions="{mentions}" data-relative="{relative}" '
        'style="position:fixed;top:10px;left:56px;z-index:650;background:rgba(255,255,255,.92);'
        'padding:5px 10px;border:1px solid #999;border-radius:4px;font:13px/1.35 sans-serif;max-width:60%">'
        f'<div style="font-weight:bold;font-size:15px">{_plain(title)}</div>'
        f"<div>{escape_text(period)} · {sites} site{'s' if sites != 1 else ''}, "
        f"{mentions} mention{'s' if mentions != 1 else ''}</div>"
        f'<div style="color:#555">Filters: {_plain(filters_text or "none")}</div></div>'
    )


def _period_text(frame: pd.DataFrame) -> str:
    dates = frame["published"].dropna() if len(frame) else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        return "no dated mentions"
    return f"{_date(dates.min())} to {_date(dates.max())}"


def month_labels(frame: pd.DataFrame) -> list[str]:
    """Every month from the first dated mention to the last ("YYYY-MM"), empty months included, so the
    slider moves evenly through time."""
    dates = frame["published"].dropna() if len(frame) else pd.Series(dtype="datetime64[ns]")
    if dates.empty:
        return []
    months = pd.period_range(dates.min().to_period("M"), dates.max().to_period("M"), freq="M")
    return [str(m) for m in months]


def time_config(frame: pd.DataFrame, summary: pd.DataFrame, markers: dict[str, Any], group: Any,
                labels: Any | None, max_mentions: int) -> dict[str, Any] | None:
    """What the time slider needs: the months, and per site its marker's JavaScript name, its radius
    for every period and its mentions per month (pairs month index, count; months without any left out).
    None when nothing is dated."""
    months = month_labels(frame)
    if not months:
        return None
    index = {m: i for i, m in enumerate(months)}
    sp = aggregate.site_period(frame, "month")
    counts: dict[str, list[int]] = {}
    for r in sp.itertuples():
        i = index.get(pd.Timestamp(r.period).strftime("%Y-%m"))
        if i is not None:
            counts.setdefault(str(r.site_id), []).extend([i, int(r.mentions)])
    sites = [{"id": str(site["site_id"]), "m": markers[str(site["site_id"])].get_name(),
              "r": marker_radius(int(site["mentions"]), max_mentions), "c": counts.get(str(site["site_id"]), [])}
             for _, site in summary.iterrows() if str(site["site_id"]) in markers]
    return {"months": months, "group": group.get_name(), "labels": labels.get_name() if labels is not None else None,
            "minRadius": MIN_RADIUS, "maxRadius": MAX_RADIUS, "sites": sites}


def label_sites(summary: pd.DataFrame, max_mentions: int) -> list[dict[str, Any]]:
    """The sites given a permanent label (see :data:`LABEL_KINDS`, :data:`LABEL_TOP`, :data:`MAX_LABELS`),
    the most mentioned first: id, English and Arabic names, position and marker radius."""
    if summary.empty:
        return []
    ranked = summary.sort_values(["mentions", "site_id"], ascending=[False, True], kind="stable")
    top = set(ranked["site_id"].head(LABEL_TOP))
    chosen = ranked[ranked["site_id"].isin(top) | ranked["kind"].astype(str).isin(LABEL_KINDS)].head(MAX_LABELS)
    return [{"id": str(r["site_id"]),
             "name": esc.display(esc.strip_bidi(esc.one_line(r["site_name"])), str(r["site_id"])),
             "ar": esc.strip_bidi(esc.one_line(r.get("site_name_ar"))),
             "lat": round(float(r["lat"]), 6), "lon": round(float(r["lon"]), 6),
             "r": marker_radius(int(r["mentions"]), max_mentions)}
            for _, r in chosen.iterrows()]


def build_map(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    filters_text: str = "",
    max_detail: int = 5,
    tiles: str = "OpenStreetMap",
    relative: pd.DataFrame | None = None,
    now: datetime | None = None,
    base_layer: bool = True,
) -> folium.Map:
    """A folium map of the mentions in ``frame`` (see the module docstring for what it shows).

    ``relative`` is the frame of relative positions (``Store.relative_frame``), drawn as circles.
    ``base_layer`` draws the offline base layer (borders, coast, towns) under the tiles.
    Publication dates outside :func:`geotrack.aggregate.plausible_window` (``now`` is the clock; default
    the current time) are treated as unknown: they stay out of the period shown and the time slider.
    """
    if max_detail < 0:
        msg = f"max_detail must be 0 or more, not {max_detail!r}"
        raise ExportError(msg)
    frame = aggregate.set_aside_implausible_dates(frame, now=now, what="map")
    min_lon, min_lat, max_lon, max_lat = LIBYA_BBOX
    fmap = _Map(location=[(min_lat + max_lat) / 2, (min_lon + max_lon) / 2], zoom_start=5, tiles=None,
                control_scale=True)
    fmap.get_root().add_child(_GeotrackAssets())
    if tiles:
        _TileLayer(tiles).add_to(fmap)
    if base_layer:
        _BaseLayer().add_to(fmap)
    fmap.add_child(_FitBounds([[min_lat, min_lon], [max_lat, max_lon]]))
    summary = aggregate.site_summary(frame)
    if len(summary):
        summary = summary.merge(aggregate.site_context(frame), on="site_id", how="left")
    max_mentions = int(summary["mentions"].max()) if len(summary) else 0
    n_relative = add_relative_layer(fmap, relative) if relative is not None and len(relative) else 0
    fmap.get_root().add_child(_HtmlBlock(title_html(
        title or "geotrack: Libyan sites in the news", _period_text(frame), filters_text, len(summary),
        len(frame), n_relative)))
    kinds = sorted(set(summary["kind"].astype(str))) if len(summary) else []
    fmap.get_root().add_child(_HtmlBlock(legend_html(kinds, max_mentions, n_relative)))
    if summary.empty:
        if n_relative or base_layer:
            _LayerControl(collapsed=True).add_to(fmap)
        return fmap

    by_site_source = (frame.groupby(["site_id", "source"]).agg(mentions=("mention_id", "size"),
                                                                documents=("document_id", "nunique"),
                                                                first=("published", "min"),
                                                                last=("published", "max"))
                      .reset_index().sort_values(["site_id", "mentions", "source"], ascending=[True, False, True]))
    per_source = {sid: g for sid, g in by_site_source.groupby("site_id", sort=False)}
    snippets = evidence_rows(frame, max_detail) if max_detail else None
    per_snip = {sid: g for sid, g in snippets.groupby("site_id", sort=False)} if snippets is not None else {}
    empty_snip = pd.DataFrame(columns=aggregate.EVIDENCE_COLUMNS)

    clustered = len(summary) > CLUSTER_THRESHOLD
    site_layer: _FeatureGroup | _MarkerCluster
    label = f"Sites ({len(summary)})"
    site_layer = _MarkerCluster(name=label, show=True) if clustered else _FeatureGroup(name=label, show=True)
    markers: dict[str, _CircleMarker] = {}
    for _, site in summary.iterrows():
        colour = kind_colour(str(site["kind"]))
        markers[str(site["site_id"])] = _CircleMarker(
            location=[float(site["lat"]), float(site["lon"])],
            radius=marker_radius(int(site["mentions"]), max_mentions),
            color=colour, weight=1.5, fill=True, fill_color=colour, fill_opacity=0.65,
            class_name=SITE_CLASS,
            popup=_popup(popup_html(site, per_source.get(site["site_id"], by_site_source.iloc[:0]),
                                    per_snip.get(site["site_id"], empty_snip)), 400),
            tooltip=_Tooltip(f"{_iso(site['site_name'], placeholder=str(site['site_id']))}: {int(site['mentions'])}"),
        )
        markers[str(site["site_id"])].add_to(site_layer)
    site_layer.add_to(fmap)
    labelled = label_sites(summary, max_mentions)
    labels = _SiteLabels(labelled) if labelled else None
    if labels is not None:
        labels.add_to(fmap)

    # One layer per source (the busiest MAX_SOURCE_LAYERS; the rest together).
    totals = frame.groupby("source").size().sort_values(ascending=False, kind="stable")
    own = list(totals.index[:MAX_SOURCE_LAYERS])
    others = list(totals.index[MAX_SOURCE_LAYERS:])
    info = summary.set_index("site_id")
    # Layer names: Leaflet shows each in a block of its own; bidi controls are removed there.
    groups: list[tuple[str, list[str]]] = [
        (escape_text(esc.display(esc.strip_bidi(s), esc.UNNAMED_SOURCE)), [str(s)]) for s in own]
    if others:
        groups.append((f"Other sources ({len(others)})", [str(s) for s in others]))
    for name, members in groups:
        layer = _FeatureGroup(name=f"Source: {name}", show=False)
        rows = by_site_source[by_site_source["source"].isin(members)]
        agg = rows.groupby("site_id").agg(mentions=("mentions", "sum"), first=("first", "min"), last=("last", "max"))
        for sid, r in agg.iterrows():
            site = info.loc[sid]
            colour = kind_colour(str(site["kind"]))
            text = (f"<b>{_iso(site['site_name'], placeholder=str(sid))}</b><br>{int(r['mentions'])} mention"
                    f"{'s' if r['mentions'] != 1 else ''} from {name}<br>"
                    f"{escape_text(_date(r['first']) or 'n/a')} to {escape_text(_date(r['last']) or 'n/a')}")
            _CircleMarker(
                location=[float(site["lat"]), float(site["lon"])],
                radius=marker_radius(int(r["mentions"]), max_mentions),
                color=colour, weight=1, fill=True, fill_color=colour, fill_opacity=0.5,
                class_name="geotrack-source-marker",
                popup=_popup(text, 300),
            ).add_to(layer)
        layer.add_to(fmap)

    _HeatMap(
        [[float(r.lat), float(r.lon), round(int(r.mentions) / max_mentions, 4)] for r in summary.itertuples()],
        name="Heat map (mentions)", show=False, radius=30, blur=20, min_opacity=0.3,
    ).add_to(fmap)

    config = time_config(frame, summary, markers, site_layer, labels, max_mentions)
    if config is not None:
        fmap.add_child(_TimeFilter(config))
    _LayerControl(collapsed=True).add_to(fmap)
    return fmap


def render_map(fmap: folium.Map, *, offline: bool = True) -> str:
    """The full HTML page of ``fmap``; ``offline`` inlines the scripts and styles (no CDN needed)."""
    page = fmap.get_root().render()
    return inline_assets(page) if offline else page


def write_map(frame: pd.DataFrame, path: str | Path, *, offline: bool = True, **kw: Any) -> Path:
    """Build the map of ``frame`` (keywords go to :func:`build_map`) and write it to ``path`` as HTML."""
    out = Path(path)
    if out.exists() and out.is_dir():
        msg = f"{str(out)!r} is a folder; give the path of the HTML file to write, e.g. map.html"
        raise ExportError(msg)
    page = render_map(build_map(frame, **kw), offline=offline)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(page, encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write the map to {str(out)!r}: {exc.strerror}; check the folder exists and is writable"
        raise ExportError(msg) from exc
    return out


__all__ = [
    "BASE_LAYER",
    "CLUSTER_THRESHOLD",
    "KIND_COLOURS",
    "LABEL_KINDS",
    "LIBYA_BBOX",
    "MAX_LABELS",
    "RELATIVE_CLASS",
    "RELATIVE_LAYER",
    "SAFE_ELEMENTS",
    "SITE_CLASS",
    "SafeMacroElement",
    "add_relative_layer",
    "base_layer_data",
    "build_map",
    "escape_text",
    "evidence_html",
    "evidence_rows",
    "kind_colour",
    "label_sites",
    "locate",
    "marked_html",
    "marker_radius",
    "month_labels",
    "page_json",
    "popup_html",
    "relative_popup_html",
    "render_map",
    "safe_url",
    "same_text",
    "time_config",
    "write_map",
]
