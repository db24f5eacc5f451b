"""Folium maps that load nothing from the internet.

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
* st_folium itself prepends two hard-coded d3 URLs to ``js_links`` for every
  colormap it finds; no element attribute can change that. ``render_offline``
  therefore wraps ``streamlit_folium._component_func``, the one call that receives
  the finished ``js_links`` / ``css_links``, and rewrites the lists there. The
  wrapper is installed once and does nothing unless it is called from inside
  ``render_offline`` (a context variable, so concurrent sessions are unaffected);
  plain ``st_folium`` calls pass through unchanged.

Any asset URL that is neither local nor in ``CDN_TO_LOCAL`` raises
``UnvendoredAssetError``, so a newly used plugin fails loudly in tests instead of
silently reaching the internet. To support it, vendor its files in
``tools/vendor_assets.sh`` and add its URLs to ``CDN_TO_LOCAL``.
"""

from __future__ import annotations

import contextvars
import copy
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import folium
import folium.plugins
import folium.raster_layers
import streamlit_folium
from branca.element import Element, Figure, Link

__all__ = [
    "CDN_TO_LOCAL",
    "IMAGEPATH_JS",
    "STATIC_DIR",
    "VENDOR_URL",
    "UnvendoredAssetError",
    "local_path",
    "local_url",
    "localize_links",
    "localize_map",
    "render_offline",
    "rendered_args",
    "send_rendered",
]

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

# <script src=...>, <link href=...>, <img src=...>, url(//...), @import "//..."
_REMOTE_REF = re.compile(
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
            "and the URL to components.offline.CDN_TO_LOCAL."
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


def _localize_tree(root: Element, *, allow_remote_tiles: bool = False) -> None:
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
            "(tools/vendor_assets.sh + components.offline.CDN_TO_LOCAL):\n  "
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
    _localize_tree(m, allow_remote_tiles=allow_remote_tiles)
    return m


# --- st_folium ---------------------------------------------------------------

_OFFLINE_CALL: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "offline_st_folium_call", default=False
)
_ORIGINAL_ATTR = "_offline_original"
# Set by ``rendered_args``: the hook records the component arguments instead of sending them.
_CAPTURE: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "offline_st_folium_capture", default=None
)


def _component_func_offline(*args: Any, **kwargs: Any) -> Any:
    """Stands in for ``streamlit_folium._component_func`` (see the module docstring)."""
    original = getattr(_component_func_offline, _ORIGINAL_ATTR)
    if _OFFLINE_CALL.get():
        kwargs["js_links"] = localize_links(kwargs.get("js_links") or [])
        kwargs["css_links"] = localize_links(kwargs.get("css_links") or [])
        for part in ("header", "html"):
            found = _REMOTE_REF.search(kwargs.get(part) or "")
            if found:
                raise UnvendoredAssetError(
                    f"st_folium {part} references a remote asset near {found.group(0)!r}"
                )
        captured = _CAPTURE.get()
        if captured is not None:
            captured.update((k, v) for k, v in kwargs.items() if k != "on_change")
            return kwargs.get("default")
    return original(*args, **kwargs)


def _install_links_hook() -> None:
    current = streamlit_folium._component_func
    if current is _component_func_offline:
        return
    # If this module was re-imported (Streamlit reloads edited modules), unwrap the
    # previous copy's hook instead of stacking hooks.
    setattr(_component_func_offline, _ORIGINAL_ATTR, getattr(current, _ORIGINAL_ATTR, current))
    streamlit_folium._component_func = _component_func_offline


def render_offline(m: folium.Map, **st_folium_kwargs: Any) -> Any:
    """``streamlit_folium.st_folium(m, ...)`` with every asset served locally.

    Localizes ``m`` (and any ``feature_group_to_add`` / ``layer_control``), then
    calls st_folium with the links it sends to the browser rewritten to
    ``/app/static/vendor/...``. Raises ``UnvendoredAssetError`` if anything would
    still be fetched from the internet.
    """
    allow_remote_tiles = st_folium_kwargs.pop("allow_remote_tiles", False)
    localize_map(m, allow_remote_tiles=allow_remote_tiles)
    extra = st_folium_kwargs.get("feature_group_to_add")
    extras = list(extra) if isinstance(extra, (list, tuple)) else [extra]
    extras.append(st_folium_kwargs.get("layer_control"))
    for element in extras:
        if element is not None:
            _localize_tree(element, allow_remote_tiles=allow_remote_tiles)

    _install_links_hook()
    token = _OFFLINE_CALL.set(True)
    try:
        return streamlit_folium.st_folium(m, **st_folium_kwargs)
    finally:
        _OFFLINE_CALL.reset(token)


# --- rendered maps, cached as strings -------------------------------------------------


def rendered_args(m: folium.Map, **st_folium_kwargs: Any) -> dict[str, Any]:
    """The arguments ``render_offline(m, ...)`` would send to the st_folium component
    (script, html, header, links, component key, default value …), without sending them.

    They are plain strings, numbers and lists: unlike a ``folium.Map`` (DESIGN.md §4) they
    can be cached and shared by sessions. ``send_rendered`` sends them.
    """
    st_folium_kwargs.pop("on_change", None)
    captured: dict[str, Any] = {}
    token = _CAPTURE.set(captured)
    try:
        render_offline(m, **st_folium_kwargs)
    finally:
        _CAPTURE.reset(token)
    return captured


def send_rendered(args: dict[str, Any], key: str | None = None, on_change=None) -> Any:
    """Send arguments from ``rendered_args`` exactly as st_folium would: same component
    key, and the map's value copied to ``st.session_state[key]`` before ``on_change``."""
    import streamlit as st

    _install_links_hook()
    component_key = args["key"]

    def _on_change() -> None:
        if key is not None:
            st.session_state[key] = st.session_state.get(component_key, {})
        if on_change is not None:
            on_change()

    original = getattr(_component_func_offline, _ORIGINAL_ATTR)
    # The default value becomes this session's map value until the map reports one: a copy,
    # so no session can change what the others get.
    own = {**args, "default": copy.deepcopy(args.get("default"))}
    return original(**own, on_change=_on_change)
