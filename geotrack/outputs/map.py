"""The interactive map: one folium page showing every site with its evidence.

What :func:`build_map` draws, from the mentions frame of ``Store.mentions_frame``:

* the map framed on Libya (the bounding box of :data:`LIBYA_BBOX`);
* **one circle marker per site** (layer "Sites"), its area proportional to the site's mentions (radius
  ``MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * sqrt(mentions / max_mentions)``) and its colour fixed by the
  site's kind (:data:`KIND_COLOURS`); its popup gives the English and Arabic names, kind, counts, a table
  of mentions per source, first and last seen, actors and activities, and the latest ``max_detail``
  evidence snippets with source, date and link. Past :data:`CLUSTER_THRESHOLD` sites, the markers are
  clustered (``MarkerCluster``);
* one layer per source (hidden at first; the :data:`MAX_SOURCE_LAYERS` busiest sources get their own
  layer, the rest share "Other sources") with one marker per site that source mentions;
* a heat-map layer (hidden at first) weighted by mentions per site;
* a time slider (``TimestampedGeoJson``) over mentions aggregated per site and month;
* **relative positions** ("300 km south of Kufra", the ``relative`` frame of ``Store.relative_frame``)
  in their own layer "Approximate positions (relative)": each a dashed, semi-transparent
  ``folium.Circle`` of radius ``radius_km`` (metres on the ground) around the stated point, never a
  marker, since the place is only known to lie somewhere inside the circle. Its popup gives the
  statement (the sentence), the anchor site, distance and direction, and the source, date and link;
* a legend (kinds, colours, what the size means, and the dashed circles) and a title with the period
  and the filters.

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
``data-mentions`` in every case. Per-source markers have the class ``geotrack-source-marker`` and
time-slider circles ``geotrack-time-marker``. Relative-position circles are SVG paths with the class
``geotrack-relative`` (:data:`RELATIVE_CLASS`); the title carries their number in ``data-relative``.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import folium
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.plugins import HeatMap, MarkerCluster, TimestampedGeoJson
from folium.template import Template

from geotrack import aggregate
from geotrack.errors import ExportError
from geotrack.outputs import escape as esc
from geotrack.outputs.offline import inline_assets

log = logging.getLogger("geotrack")

#: Libya's bounding box, min lon, min lat, max lon, max lat (WGS84 degrees).
LIBYA_BBOX = (9.3, 19.4, 25.2, 33.3)
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
#: An opening popup pans the map to stay clear of the title box (pixels from the left and the top).
POPUP_PADDING_TOP_LEFT = [10, 120]


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


class _TimestampedGeoJson(TimestampedGeoJson, SafeMacroElement):
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
    return _Popup(html_text, max_width=max_width, auto_pan_padding_top_left=POPUP_PADDING_TOP_LEFT)


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
    is_ar = str(lang or "").lower().startswith("ar") or any("\u0600" <= ch <= "\u06ff" for ch in text[:80])
    return "rtl" if is_ar else "ltr"


def _lang_attrs(direction: str) -> str:
    return ' dir="rtl" lang="ar"' if direction == "rtl" else ' dir="ltr"'


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
    parts.append(
        f'<div style="color:#555">{_plain(site["kind"])} · {n} mention{"s" if n != 1 else ""} in {d} '
        f'document{"s" if d != 1 else ""} from {s} source{"s" if s != 1 else ""}</div>'
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
            sentence = _clip(r.sentence, SNIPPET_CHARS)
            title = _clip(r.title, TITLE_CHARS) or _clip(r.url, TITLE_CHARS) or "article"
            meta = f"{_source(r.source)} · {escape_text(_date(r.published) or 'undated')} · {_link(r.url, title)}"
            parts.append(
                '<div class="geotrack-snippet" style="border-top:1px solid #ddd;padding:3px 0">'
                f"<div{_lang_attrs(_direction(r.lang, sentence))}>{escape_text(sentence)}</div>"
                f'<div style="color:#555;font-size:12px">{meta}</div></div>'
            )
    parts.append("</div>")
    return "".join(parts)


def _number(value: Any, digits: int = 0) -> str:
    if value is None or pd.isna(value):
        return "?"
    return f"{float(value):.{digits}f}"


def relative_popup_html(row: pd.Series) -> str:
    """The popup of one relative position: statement, anchor, distance/direction, source, date, link."""
    sentence = _clip(row.get("sentence"), SNIPPET_CHARS)
    title = _clip(row.get("title"), TITLE_CHARS) or _clip(row.get("url"), TITLE_CHARS) or "article"
    anchor = row.get("anchor_name") or row.get("anchor_site_id")
    meta = (f"{_source(row.get('source'))} · {escape_text(_date(row.get('published')) or 'undated')} · "
            f"{_link(row.get('url'), title)}")
    return (
        '<div class="geotrack-relative-popup" style="min-width:240px;max-width:380px;font:13px/1.35 sans-serif">'
        '<div style="font-weight:bold">Approximate position (relative)</div>'
        f"<div>{escape_text(_number(row.get('distance_km')))} km {_plain(row.get('direction'))} of "
        f"<b>{_iso(anchor, placeholder=esc.as_text(row.get('anchor_site_id')))}</b> "
        f"(bearing {escape_text(_number(row.get('bearing_deg')))}°)</div>"
        f"<div style=\"color:#555\">Somewhere within {escape_text(_number(row.get('radius_km')))} km of "
        f"{escape_text(_number(row.get('lat'), 4))}, {escape_text(_number(row.get('lon'), 4))}</div>"
        f'<div style="border-top:1px solid #ddd;padding:3px 0"{_lang_attrs(_direction(row.get("lang"), sentence))}>'
        f"{escape_text(sentence)}</div>"
        f'<div style="color:#555;font-size:12px">{meta}</div></div>'
    )


def add_relative_layer(fmap: folium.Map, relative: pd.DataFrame, *, limit: int = MAX_RELATIVE) -> int:
    """Draw ``relative`` (one row per relative position) as dashed circles in their own layer.

    Rows without coordinates or radius are skipped; at most ``limit`` (the newest) are drawn. Returns
    the number of circles drawn.
    """
    rows = relative.dropna(subset=["lat", "lon", "radius_km"])
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


def _time_features(frame: pd.DataFrame, summary: pd.DataFrame, max_mentions: int) -> list[dict[str, Any]]:
    sp = aggregate.site_period(frame, "month")
    if sp.empty:
        return []
    if len(sp) > MAX_TIME_FEATURES:
        sp = sp.nlargest(MAX_TIME_FEATURES, "mentions")
    info = summary.set_index("site_id")
    monthly_max = int(sp["mentions"].max())
    features = []
    for r in sp.itertuples():
        site = info.loc[r.site_id]
        colour = kind_colour(str(site["kind"]))
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(site["lon"]), 6), round(float(site["lat"]), 6)]},
            "properties": {
                "times": [pd.Timestamp(r.period).strftime("%Y-%m-%d")],
                "icon": "circle",
                "iconstyle": {"radius": marker_radius(int(r.mentions), monthly_max), "color": colour,
                              "fillColor": colour, "fillOpacity": 0.6, "weight": 1,
                              "className": "geotrack-time-marker"},
                "popup": f"{_iso(site['site_name'], placeholder=str(r.site_id))}: {int(r.mentions)} mention"
                         f"{'s' if r.mentions != 1 else ''} in {pd.Timestamp(r.period).strftime('%Y-%m')}",
            },
        })
    return features


def build_map(
    frame: pd.DataFrame,
    *,
    title: str | None = None,
    filters_text: str = "",
    max_detail: int = 5,
    tiles: str = "OpenStreetMap",
    relative: pd.DataFrame | None = None,
    now: datetime | None = None,
) -> folium.Map:
    """A folium map of the mentions in ``frame`` (see the module docstring for what it shows).

    ``relative`` is the frame of relative positions (``Store.relative_frame``), drawn as circles.
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
    if tiles:
        _TileLayer(tiles).add_to(fmap)
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
        if n_relative:
            _LayerControl(collapsed=False).add_to(fmap)
        return fmap

    by_site_source = (frame.groupby(["site_id", "source"]).agg(mentions=("mention_id", "size"),
                                                                documents=("document_id", "nunique"),
                                                                first=("published", "min"),
                                                                last=("published", "max"))
                      .reset_index().sort_values(["site_id", "mentions", "source"], ascending=[True, False, True]))
    per_source = {sid: g for sid, g in by_site_source.groupby("site_id", sort=False)}
    snippets = aggregate.evidence(frame, limit=max_detail, per_site=True) if max_detail else None
    per_snip = {sid: g for sid, g in snippets.groupby("site_id", sort=False)} if snippets is not None else {}
    empty_snip = pd.DataFrame(columns=aggregate.EVIDENCE_COLUMNS)

    clustered = len(summary) > CLUSTER_THRESHOLD
    site_layer: _FeatureGroup | _MarkerCluster
    label = f"Sites ({len(summary)})"
    site_layer = _MarkerCluster(name=label, show=True) if clustered else _FeatureGroup(name=label, show=True)
    for _, site in summary.iterrows():
        colour = kind_colour(str(site["kind"]))
        _CircleMarker(
            location=[float(site["lat"]), float(site["lon"])],
            radius=marker_radius(int(site["mentions"]), max_mentions),
            color=colour, weight=1.5, fill=True, fill_color=colour, fill_opacity=0.65,
            class_name=SITE_CLASS,
            popup=_popup(popup_html(site, per_source.get(site["site_id"], by_site_source.iloc[:0]),
                                    per_snip.get(site["site_id"], empty_snip)), 400),
            tooltip=_Tooltip(f"{_iso(site['site_name'], placeholder=str(site['site_id']))}: {int(site['mentions'])}"),
        ).add_to(site_layer)
    site_layer.add_to(fmap)

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

    features = _time_features(frame, summary, max_mentions)
    if features:
        data = esc.script_json({"type": "FeatureCollection", "features": features})
        _TimestampedGeoJson(data, period="P1M", duration="P27D", auto_play=False,
                            loop=False, date_options="YYYY-MM", add_last_point=False).add_to(fmap)
    _LayerControl(collapsed=False).add_to(fmap)
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
    "CLUSTER_THRESHOLD",
    "KIND_COLOURS",
    "LIBYA_BBOX",
    "RELATIVE_CLASS",
    "RELATIVE_LAYER",
    "SAFE_ELEMENTS",
    "SITE_CLASS",
    "SafeMacroElement",
    "add_relative_layer",
    "build_map",
    "escape_text",
    "kind_colour",
    "marker_radius",
    "popup_html",
    "relative_popup_html",
    "render_map",
    "safe_url",
    "write_map",
]
