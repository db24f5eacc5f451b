"""The map's frame: tiles from the deployment's own source (``ATLAS_BASEMAP``), the
attribution (no Leaflet prefix; the boundary source and its caveat, and the tile source
when there is one; one short line behind an ⓘ on a narrow map) and a metric-only scale
bar. The browser side is ``map_frame.js``.

Unset, there is no tile layer and the map requests nothing. 天地图 serves Web-Mercator
WMTS tiles in CGCS2000, which matches our WGS-84 data at map scale (no shift).
"""

from __future__ import annotations

from dataclasses import dataclass

from components.escape import for_folium
from components.i18n import t
from components.map_scripts import MapScript
from data import settings

TIANDITU_LAYERS = {"tianditu-vector": ("vec", "cva"), "tianditu-imagery": ("img", "cia")}
TIANDITU_MAX_ZOOM = 18


@dataclass(frozen=True)
class TileSource:
    """Leaflet tile templates drawn in order (a base, then its annotation) and a credit."""

    templates: tuple[str, ...]
    attribution: str
    subdomains: str = "abc"
    max_zoom: int = TIANDITU_MAX_ZOOM


def tianditu_template(layer: str, key: str) -> str:
    """The WMTS GetTile address of one 天地图 Web-Mercator layer as a Leaflet template."""
    return (
        f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
        f"&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
    )


def is_tile_template(text: str) -> bool:
    return text.startswith(("http://", "https://", "/")) and all(
        part in text for part in ("{z}", "{x}", "{y}")
    )


def tile_source() -> TileSource | None:
    """The configured tile source, or None (no tiles): unset, 天地图 without a key, or a
    value that is neither a 天地图 name nor an XYZ template."""
    name = settings.basemap()
    if name in TIANDITU_LAYERS:
        key = settings.tianditu_key()
        if not key:
            return None
        base, notes = TIANDITU_LAYERS[name]
        return TileSource(
            (tianditu_template(base, key), tianditu_template(notes, key)),
            t("map.attribution.tianditu"),
            subdomains="01234567",
        )
    if is_tile_template(name):
        credit = settings.basemap_attribution() or t("map.attribution.tiles")
        return TileSource((name,), credit)
    return None


NARROW_MAP_PX = 560  # below this width a map folds its legend and shortens its credit
SCALE_ROOM_PX = 140  # the scale bar's corner (at most 100 px, narrow maps 60, and margins)
# The short credit: one line with an ⓘ button that opens the full credit (map_frame.js
# toggles it), under the prefix that turns it on.
_SHORT_CREDIT = """
{on}.leaflet-control-attribution {{white-space: nowrap;}}
{on}.atlas-credit-full {{display: none;}}
{on}.atlas-credit-short, {on}.atlas-credit-more {{display: inline;}}
{on}.atlas-credit-open {{white-space: normal;}}
{on}.atlas-credit-open .atlas-credit-full {{display: inline;}}
{on}.atlas-credit-open .atlas-credit-short {{display: none;}}
"""
# Inside the map's own document: the credit in full on a wide map, kept beside the scale
# bar; the short one on a narrow map, and on one where the full credit would wrap or run
# into the scale bar (map_frame.js then marks the map atlas-credit-compact).
CREDIT_CSS = f"""
<style>
.atlas-credit-short, .atlas-credit-more {{display: none;}}
@media (min-width: {NARROW_MAP_PX}px) {{
  .leaflet-right .leaflet-control-attribution {{max-width: calc(100vw - {SCALE_ROOM_PX}px);}}
}}
.atlas-credit-more {{border: 0; background: none; padding: 0 2px; margin-inline-start: 4px;
  font: inherit; font-size: 1.25em; line-height: 1; cursor: pointer; color: #1f4e79;
  min-width: 24px; min-height: 20px;}}
@media (max-width: {NARROW_MAP_PX - 1}px) {{{_SHORT_CREDIT.format(on="")}}}
{_SHORT_CREDIT.format(on=".atlas-credit-compact ")}
</style>
"""


class MapFrame(MapScript):
    """Attribution without a prefix, a metric scale bar, the tile layers if any, and the
    box the map opens on (the legend refits the map so that it covers none of it)."""

    js_file = "map_frame.js"

    def __init__(self, source: TileSource | None, frame: list[list[float]] | None = None):
        super().__init__()
        self._name = "MapFrame"
        credits = [t("map.attribution.boundaries")]
        tiles = None
        if source is not None:
            credits.insert(0, source.attribution)
            tiles = {
                "templates": list(source.templates),
                "subdomains": source.subdomains,
                "maxZoom": source.max_zoom,
            }
        self.data = {
            "attribution": " | ".join(for_folium(c) for c in credits),
            # A narrow map shows this one line (the tile source, if any, and the boundaries'
            # short credit) and the full credit behind an ⓘ button.
            "short": " | ".join(
                for_folium(c) for c in [*credits[:-1], t("map.attribution.boundaries_short")]
            ),
            "more": for_folium(t("map.attribution.more")),
            "narrowPx": NARROW_MAP_PX,
            "tiles": tiles,
            "frame": frame,
        }

    def arguments(self) -> tuple:
        return (self.data,)


def map_frame(frame: list[list[float]] | None = None) -> MapFrame:
    """``frame``: [[south, west], [north, east]], the box the map opens on."""
    return MapFrame(tile_source(), frame)
