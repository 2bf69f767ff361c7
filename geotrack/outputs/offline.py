"""Make a saved folium map work offline: replace the CDN ``<script>`` / ``<link>`` tags by inline copies.

folium writes maps that load Leaflet, jQuery, Bootstrap and the plugins from public CDNs. A map opened
from ``file://`` on a machine without a network (or in CI) then has no ``L`` and shows nothing. The
JavaScript and CSS files are vendored from npm into ``geotrack/outputs/static/`` (each folder keeps its
licence file; versions in ``static/README.md``); folium's own copies of the heat-map scripts are read from
the installed folium package. :func:`inline_assets` rewrites a rendered page so that it needs no network
for its code: every known asset is inlined (CSS ``url(...)`` references become ``data:`` URIs), known
optional assets the page does not use are dropped, and unknown URLs are left alone (see
:func:`external_assets`). Map tiles still come from the tile server; without a network the map shows its
markers over geotrack's own offline base layer (borders, coast, towns; see ``geotrack.outputs.map``),
whose script and style (``static/geotrack/``) the map writer places inline itself.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import folium

from geotrack.errors import ExportError
from geotrack.outputs.escape import script_body, style_body

STATIC_DIR = Path(__file__).resolve().parent / "static"
FOLIUM_DIR = Path(folium.__file__).resolve().parent

#: What a page must contain for an optional asset to be kept when ``drop_unused`` is true.
_USES_AWESOME = re.compile(r"L\.AwesomeMarkers")
_USES_FONTAWESOME = re.compile(r"L\.AwesomeMarkers|\bfa-[a-z]|[\"' ]fa[srb]?[\"' ]")


@dataclass(frozen=True)
class Asset:
    """A vendored file standing for a family of CDN URLs.

    ``path`` is relative to ``static/`` (or starts with ``folium:`` for a file of the folium package);
    an empty ``path`` means the URL is dropped (cosmetic files with no offline copy); ``needed`` tells,
    from the page's own markup, whether the asset is used at all.
    """

    pattern: re.Pattern[str]
    path: str
    needed: Callable[[str], bool] | None = None


def _uses(rx: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda page: bool(rx.search(page))


ASSETS: tuple[Asset, ...] = (
    Asset(re.compile(r"/leaflet@1\.[\d.]+/dist/leaflet\.js$"), "leaflet/leaflet.js"),
    Asset(re.compile(r"/leaflet@1\.[\d.]+/dist/leaflet\.css$"), "leaflet/leaflet.css"),
    Asset(re.compile(r"/jquery-3\.[\d.]+(\.min)?\.js$|/jquery/3\.[\d.]+/jquery(\.min)?\.js$"), "jquery/jquery.min.js"),
    Asset(re.compile(r"/bootstrap@5\.[\d.]+/dist/js/bootstrap\.bundle(\.min)?\.js$"), "bootstrap/bootstrap.bundle.min.js"),
    Asset(re.compile(r"/bootstrap@5\.[\d.]+/dist/css/bootstrap(\.min)?\.css$"), "bootstrap/bootstrap.min.css"),
    Asset(re.compile(r"/bootstrap/3\.[\d.]+/css/bootstrap-glyphicons\.css$"), ""),
    Asset(re.compile(r"/fontawesome-free@6\.[\d.]+/css/all(\.min)?\.css$"), "fontawesome/css/all.min.css",
          _uses(_USES_FONTAWESOME)),
    Asset(re.compile(r"/Leaflet\.awesome-markers/2\.[\d.]+/leaflet\.awesome-markers\.js$"),
          "awesome-markers/leaflet.awesome-markers.js", _uses(_USES_AWESOME)),
    Asset(re.compile(r"/Leaflet\.awesome-markers/2\.[\d.]+/leaflet\.awesome-markers\.css$"),
          "awesome-markers/leaflet.awesome-markers.css", _uses(_USES_AWESOME)),
    Asset(re.compile(r"/leaflet\.awesome\.rotate(\.min)?\.css$"), ""),
    Asset(re.compile(r"/leaflet\.markercluster/1\.[\d.]+/leaflet\.markercluster\.js$"),
          "markercluster/leaflet.markercluster.js"),
    Asset(re.compile(r"/leaflet\.markercluster/1\.[\d.]+/MarkerCluster\.css$"), "markercluster/MarkerCluster.css"),
    Asset(re.compile(r"/leaflet\.markercluster/1\.[\d.]+/MarkerCluster\.Default\.css$"),
          "markercluster/MarkerCluster.Default.css"),
    Asset(re.compile(r"/folium/templates/leaflet_heat\.min\.js$"), "folium:templates/leaflet_heat.min.js"),
    Asset(re.compile(r"/folium/templates/pa7_hm\.min\.js$"), "folium:templates/pa7_hm.min.js"),
    Asset(re.compile(r"/folium/templates/pa7_leaflet_hm\.min\.js$"), "folium:templates/pa7_leaflet_hm.min.js"),
    Asset(re.compile(r"/leaflet-timedimension@1\.[\d.]+/dist/leaflet\.timedimension(\.min)?\.js$"),
          "timedimension/leaflet.timedimension.min.js"),
    Asset(re.compile(r"/leaflet-timedimension@1\.[\d.]+/dist/leaflet\.timedimension\.control(\.min)?\.css$"),
          "timedimension/leaflet.timedimension.control.min.css"),
    Asset(re.compile(r"/iso8601-js-period@0\.[\d.]+/iso8601(\.min)?\.js$"), "iso8601/iso8601.js"),
    Asset(re.compile(r"/moment\.js/2\.[\d.]+/moment(\.min)?\.js$"), "moment/moment.min.js"),
    Asset(re.compile(r"/jqueryui/1\.[\d.]+/jquery-ui(\.min)?\.js$"), "jquery-ui/jquery-ui.min.js"),
    Asset(re.compile(r"/highlight\.js/[\d.]+/styles/default(\.min)?\.css$"), ""),
    Asset(re.compile(r"/leaflet\.fullscreen@3\.[\d.]+/Control\.FullScreen(\.min)?\.js$"),
          "fullscreen/Control.FullScreen.js"),
    Asset(re.compile(r"/leaflet\.fullscreen@3\.[\d.]+/Control\.FullScreen\.css$"), "fullscreen/Control.FullScreen.css"),
    Asset(re.compile(r"/leaflet\.timeline@1\.[\d.]+/dist/leaflet\.timeline(\.min)?\.js$"), "timeline/leaflet.timeline.js"),
)

_TAG = re.compile(
    r"<script\b[^>]*?\bsrc=([\"'])(?P<js>[^\"']+)\1[^>]*>\s*</script>"
    r"|<link\b[^>]*?\bhref=([\"'])(?P<css>[^\"']+)\3[^>]*>",
    re.IGNORECASE,
)
_CSS_URL = re.compile(r"url\(\s*([\"']?)(?P<ref>[^\"')]+)\1\s*\)")
_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
_SOURCE_MAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)
_EXTERNAL = re.compile(r"^(https?:)?//", re.IGNORECASE)

# Leaflet finds its default marker images through a CSS url(); once that url is a data: URI the
# detection yields nonsense, so the inlined page sets the images explicitly.
_ICON_FIX = (
    "L.Icon.Default.imagePath='';L.Icon.Default.mergeOptions({{iconUrl:'{icon}',"
    "iconRetinaUrl:'{icon2x}',shadowUrl:'{shadow}'}});"
)


def _resolve(path: str) -> Path:
    if path.startswith("folium:"):
        return FOLIUM_DIR / path.removeprefix("folium:")
    return STATIC_DIR / path


def _data_uri(file: Path) -> str:
    mime = mimetypes.guess_type(file.name)[0] or (
        "font/woff2" if file.suffix == ".woff2" else "application/octet-stream"
    )
    return f"data:{mime};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"


def _read(path: str) -> str:
    file = _resolve(path)
    try:
        return file.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"offline asset {str(file)!r} is missing ({exc.strerror}); reinstall geotrack"
        raise ExportError(msg) from exc


@cache
def _inline_js(path: str) -> str:
    code = script_body(_SOURCE_MAP.sub("", _read(path)))
    tag = f"<script>/* {path} (inlined by geotrack for offline use) */\n{code}\n</script>"
    if path == "leaflet/leaflet.js":
        images = STATIC_DIR / "leaflet" / "images"
        fix = _ICON_FIX.format(icon=_data_uri(images / "marker-icon.png"),
                               icon2x=_data_uri(images / "marker-icon-2x.png"),
                               shadow=_data_uri(images / "marker-shadow.png"))
        tag += f"\n<script>{fix}</script>"
    return tag


#: Fonts that CDN stylesheets load from the network, by file stem, and their vendored copy.
LOCAL_FONTS = {"glyphicons-halflings-regular": "glyphicons/glyphicons-halflings-regular.woff2"}


def _offline_font_face(m: re.Match[str]) -> str:
    """An ``@font-face`` rule that loads from the network: pointed at the vendored copy, else dropped."""
    rule = m.group(0)
    refs = [u.group("ref") for u in _CSS_URL.finditer(rule)]
    if not any(_EXTERNAL.match(r) for r in refs):
        return rule
    for ref in refs:
        stem = Path(ref.split("?")[0].split("#")[0]).stem
        if stem in LOCAL_FONTS:
            family = re.search(r"font-family\s*:\s*([^;}]+)", rule)
            name = family.group(1).strip() if family else f"'{stem}'"
            uri = _data_uri(STATIC_DIR / LOCAL_FONTS[stem])
            return f'@font-face{{font-family:{name};src:url("{uri}") format("woff2")}}'
    return ""


@cache
def _inline_css(path: str) -> str:
    css = _SOURCE_MAP.sub("", _read(path))
    base = _resolve(path).parent
    css = _FONT_FACE.sub(_offline_font_face, css)

    def replace(m: re.Match[str]) -> str:
        ref = m.group("ref").strip()
        if ref.startswith(("data:", "#")) or _EXTERNAL.match(ref):
            return m.group(0)
        file = (base / ref.split("?")[0].split("#")[0]).resolve()
        if file.suffix == ".ttf" or not file.is_file():
            return "url(data:,)"
        return f'url("{_data_uri(file)}")'

    css = _CSS_URL.sub(replace, css)
    # Font stacks list .woff2 then .ttf; the .ttf copies are not vendored.
    css = re.sub(r',\s*url\(data:,\)\s*format\("truetype"\)', "", css)
    css = style_body(css)
    return f"<style>/* {path} (inlined by geotrack for offline use) */\n{css}\n</style>"


def find_asset(url: str) -> Asset | None:
    """The vendored asset standing for ``url``, or None when geotrack has no copy of it."""
    clean = url.split("?")[0].split("#")[0]
    for asset in ASSETS:
        if asset.pattern.search(clean):
            return asset
    return None


def inline_assets(html: str, *, drop_unused: bool = True) -> str:
    """Return ``html`` with every known CDN script and stylesheet inlined (or dropped, see below).

    ``drop_unused`` drops optional assets the page never uses (Awesome Markers and Font Awesome when no
    icon marker or ``fa-`` class is present); cosmetic files without an offline copy (Bootstrap 3
    glyphicons, highlight.js styles, the awesome-markers rotation CSS) are always dropped. URLs that
    geotrack does not know are left as they are: :func:`external_assets` lists them.
    """
    page_without_assets = _TAG.sub("", html)
    seen: set[str] = set()

    def replace(m: re.Match[str]) -> str:
        tag = m.group(0)
        kind = "js" if m.group("js") else "css"
        if kind == "css" and "stylesheet" not in tag.lower():
            return tag
        url = m.group(kind)
        if not _EXTERNAL.match(url):
            return tag
        asset = find_asset(url)
        if asset is None:
            return tag
        if not asset.path or asset.path in seen:
            return ""
        if drop_unused and asset.needed is not None and not asset.needed(page_without_assets):
            return ""
        seen.add(asset.path)
        return _inline_js(asset.path) if kind == "js" else _inline_css(asset.path)

    return _TAG.sub(replace, html)


def external_assets(html: str) -> list[str]:
    """The scripts and stylesheets of ``html`` still loaded from the network (none after inlining a
    page made of known assets)."""
    urls = [m.group("js") or m.group("css") for m in _TAG.finditer(html)
            if m.group("js") or "stylesheet" in m.group(0).lower()]
    return [u for u in urls if _EXTERNAL.match(u)]


__all__ = ["ASSETS", "STATIC_DIR", "Asset", "external_assets", "find_asset", "inline_assets"]
