"""Folium maps that load nothing from the internet: every asset URL rewritten to a
vendored copy.

folium, branca and streamlit-folium point every map at CDN copies of Leaflet,
jQuery, Bootstrap, Font Awesome, d3 and friends. Offline, the st_folium iframe
then stays 0 px high without any error. This module rewrites every such URL to
the copies vendored under ``static/vendor/`` (rebuilt by ``tools/vendor_assets.sh``),
which Streamlit serves at ``/app/static/vendor/...`` when
``server.enableStaticServing`` is on. The URLs must be absolute: st_folium runs in
a component iframe, where relative URLs resolve under the component's path.

Where the URLs come from, and how each source is localized:

* Every ``JSCSSMixin`` element (``folium.Map``, ``MarkerCluster``, ``Fullscreen``,
  ``HeatMap``, ...) lists its assets in ``default_js`` / ``default_css``. On render
  it adds them to the figure header, and st_folium reads the same lists to build
  the ``js_links`` / ``css_links`` that its iframe loads. ``localize_map`` gives each
  element its own rewritten copy of both lists (instance attributes), so the
  class attributes, and thus every other map in the process, are untouched.
* branca colormaps (legends) add d3 straight to the figure header during
  ``render()``. ``localize_map`` turns the figure's header into an
  ``_OfflineHeader``, whose ``add_child`` rewrites any script/stylesheet link as it
  is added (again per figure, not per class).
* st_folium itself prepends two hard-coded d3 URLs to ``js_links``; those are
  rewritten where st_folium hands them over (components.st_folium_hook).

Any asset URL that is neither local nor in ``CDN_TO_LOCAL`` raises
``UnvendoredAssetError``, so a newly used plugin fails loudly in tests instead of
silently reaching the internet. To support it, vendor its files in
``tools/vendor_assets.sh`` and add its URLs to ``CDN_TO_LOCAL``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import folium
import folium.plugins
import folium.raster_layers
from branca.element import Element, Figure, Link

#: Where Streamlit serves ``<repo>/static/`` (``server.enableStaticServing``).
STATIC_URL = "/app/static"
#: Base URL of the vendored assets (``<repo>/static/vendor/``).
VENDOR_URL = f"{STATIC_URL}/vendor"
#: ``<repo>/static/`` on disk.
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

#: Sets ``L.Icon.Default.imagePath``; loaded right after leaflet.js.
IMAGEPATH_JS = f"{VENDOR_URL}/local/leaflet-imagepath.js"
_IMAGEPATH_NAME = "leaflet_imagepath"

_V = VENDOR_URL

#: Every CDN URL that folium 0.20, branca 0.8 and streamlit-folium 0.27 request for
#: the elements this app uses, mapped to the vendored copy. Versions differ in a
#: few places on purpose (see static/vendor/README.md).
CDN_TO_LOCAL: dict[str, str] = {
    # folium.Map: JS
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": f"{_V}/leaflet/leaflet.js",
    "https://code.jquery.com/jquery-3.7.1.min.js": f"{_V}/jquery/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": (
        f"{_V}/bootstrap/js/bootstrap.bundle.min.js"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
    "leaflet.awesome-markers.js": f"{_V}/leaflet.awesome-markers/leaflet.awesome-markers.js",
    # folium.Map: CSS
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": f"{_V}/leaflet/leaflet.css",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": (
        f"{_V}/bootstrap/css/bootstrap.min.css"
    ),
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css": (
        f"{_V}/bootstrap-glyphicons/css/bootstrap-glyphicons.css"
    ),
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": (
        f"{_V}/fontawesome-free/css/all.min.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
    "leaflet.awesome-markers.css": f"{_V}/leaflet.awesome-markers/leaflet.awesome-markers.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/"
    "leaflet.awesome.rotate.min.css": f"{_V}/local/leaflet.awesome.rotate.min.css",
    # MarkerCluster / FastMarkerCluster
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
    "leaflet.markercluster.js": f"{_V}/leaflet.markercluster/leaflet.markercluster.js",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css": (
        f"{_V}/leaflet.markercluster/MarkerCluster.css"
    ),
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
    "MarkerCluster.Default.css": f"{_V}/leaflet.markercluster/MarkerCluster.Default.css",
    # folium.plugins.Fullscreen
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": (
        f"{_V}/leaflet.fullscreen/Control.FullScreen.js"
    ),
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": (
        f"{_V}/leaflet.fullscreen/Control.FullScreen.css"
    ),
    # folium.plugins.HeatMap
    "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/"
    "leaflet_heat.min.js": f"{_V}/folium/leaflet_heat.min.js",
    # branca colormaps (legends; also Choropleth's legend): branca's header link ...
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js": f"{_V}/d3/d3.min.js",
    # ... and the extra one st_folium prepends. The legend template only uses the
    # d3 v3 API (d3.scale.linear, d3.svg.axis), and online the 3.5.5 copy loads
    # last and wins anyway, so both map to the same file (deduplicated).
    "https://d3js.org/d3.v4.min.js": f"{_V}/d3/d3.min.js",
}

#: A reference to a remote file in HTML or CSS:
# <script src=...>, <link href=...>, <img src=...>, url(//...), @import "//..."
REMOTE_REF = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*"""
    r"""(?:[a-z][a-z0-9+.\-]*:)?//"""
    r"""|url\(\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+["'](?:https?:)?//""",
    re.IGNORECASE,
)


class UnvendoredAssetError(RuntimeError):
    """A map asks for a JS/CSS file that has no vendored local copy."""


def _is_local(url: str) -> bool:
    return url.startswith(STATIC_URL + "/")


def local_url(url: str) -> str:
    """Return the vendored URL for ``url`` (local URLs pass through unchanged).

    Raises ``UnvendoredAssetError`` for any other URL.
    """
    if _is_local(url):
        return url
    try:
        return CDN_TO_LOCAL[url]
    except KeyError:
        raise UnvendoredAssetError(
            f"No vendored copy of {url!r}. Add the file to tools/vendor_assets.sh "
            "and the URL to components.offline_assets.CDN_TO_LOCAL."
        ) from None


def localize_links(urls: Iterable[str]) -> list[str]:
    """Map each URL with ``local_url`` and drop duplicates, keeping the order."""
    return list(dict.fromkeys(local_url(u) for u in urls))


def local_path(url: str) -> Path:
    """The file under ``static/`` that a local ``/app/static/...`` URL is served from."""
    if not _is_local(url):
        raise ValueError(f"not a local static URL: {url!r}")
    return STATIC_DIR / url[len(STATIC_URL) + 1 :]


class _OfflineHeader(Element):
    """A figure header that rewrites script/stylesheet links as they are added.

    Needed for branca colormaps, which add d3 to the header inside ``render()``.
    Assigned per figure (``header.__class__``), it adds no state of its own.
    """

    def add_child(self, child: Element, name: str | None = None, index: int | None = None):
        if isinstance(child, Link):
            child.url = local_url(child.url)
        return super().add_child(child, name=name, index=index)


def _iter_elements(root: Element) -> Iterator[Element]:
    """``root`` and all its descendants (both maps of a DualMap included)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen.add(id(element))
        yield element
        children = list(getattr(element, "_children", {}).values())
        if isinstance(element, folium.plugins.DualMap):
            children = [element.m1, element.m2, *children]
        stack.extend(reversed(children))


def _remote_tiles(element: Element) -> str | None:
    if isinstance(element, folium.raster_layers.TileLayer):
        url = element.tiles
    elif isinstance(element, folium.raster_layers.WmsTileLayer):
        url = element.url
    else:
        return None
    if isinstance(url, str) and re.match(r"(?:[a-z][a-z0-9+.\-]*:)?//", url, re.IGNORECASE):
        return url
    return None


def localize_tree(root: Element, *, allow_remote_tiles: bool = False) -> None:
    """Rewrite the assets of ``root`` and its descendants, or raise without changing any."""
    plans: list[tuple[Element, list[tuple[str, str]], list[tuple[str, str]]]] = []
    missing: list[str] = []
    figures: dict[int, Figure] = {}

    for element in _iter_elements(root):
        figure = element.get_root() if hasattr(element, "get_root") else None
        if isinstance(figure, Figure):
            figures[id(figure)] = figure

        tiles = None if allow_remote_tiles else _remote_tiles(element)
        if tiles:
            missing.append(f"{type(element).__name__}: tiles from {tiles}")

        if not (hasattr(element, "default_js") or hasattr(element, "default_css")):
            continue
        lists = []
        for attr in ("default_js", "default_css"):
            new: list[tuple[str, str]] = []
            for name, url in getattr(element, attr, []):
                try:
                    new.append((name, local_url(url)))
                except UnvendoredAssetError:
                    missing.append(f"{type(element).__name__}.{attr}: {url}")
            lists.append(new)
        js, css = lists
        if isinstance(element, folium.Map) and not any(n == _IMAGEPATH_NAME for n, _ in js):
            at = next((i + 1 for i, (n, _) in enumerate(js) if n == "leaflet"), 0)
            js.insert(at, (_IMAGEPATH_NAME, IMAGEPATH_JS))
        plans.append((element, js, css))

    header_links = [
        child
        for figure in figures.values()
        for child in figure.header._children.values()
        if isinstance(child, Link)
    ]
    for link in header_links:
        try:
            local_url(link.url)
        except UnvendoredAssetError:
            missing.append(f"figure header: {link.url}")

    if missing:
        raise UnvendoredAssetError(
            "This map would load files from the internet; vendor them first "
            "(tools/vendor_assets.sh + components.offline_assets.CDN_TO_LOCAL):\n  "
            + "\n  ".join(dict.fromkeys(missing))
        )

    for element, js, css in plans:
        # Instance attributes: the class-level lists stay as folium ships them.
        element.default_js = js
        element.default_css = css
    for link in header_links:
        link.url = local_url(link.url)
    for figure in figures.values():
        if not isinstance(figure.header, _OfflineHeader):
            figure.header.__class__ = _OfflineHeader


def localize_map(m: folium.Map, *, allow_remote_tiles: bool = False) -> folium.Map:
    """Make ``m`` load every JS/CSS asset from ``/app/static/vendor/``; returns ``m``.

    Walks the map and all its children, gives each element its own copy of
    ``default_js`` / ``default_css`` with vendored URLs (the classes are not
    changed), adds ``leaflet-imagepath.js`` right after leaflet.js (sets
    ``L.Icon.Default.imagePath``), and makes the figure header rewrite links that
    are added later while rendering (branca's d3 for legends). Safe to call again,
    e.g. after adding more layers.

    Raises ``UnvendoredAssetError`` (and changes nothing) if any asset has no
    vendored copy, or if a tile layer would fetch tiles from the network (pass
    ``allow_remote_tiles=True`` to accept that on purpose).
    """
    localize_tree(m, allow_remote_tiles=allow_remote_tiles)
    return m
