"""Presentation screens (kiosk and meeting): maps that fill their frame, text for a room."""

from __future__ import annotations

import folium

from components.palettes import COMMUNITY_MARKER_STYLE, SMALL_MARKER
from components.point_layers import PointLayer

# Inside the map's own document: the map follows its iframe's height (which the page's
# CSS sets per screen), instead of the fixed height it was drawn with. Not while the
# frame is still collapsed: Leaflet must start with a real size to fit its bounds.
FILL_FRAME_CSS = """
<style>
@media (min-height: 100px) { #map_div, .folium-map {height: 100vh !important;} }
</style>
"""

# Inside the map's own document: the zoom buttons and the legend's fold are fingertip-sized
# (48 px) on touch screens.
TOUCH_CSS = """
<style>
.leaflet-touch .leaflet-bar a, .leaflet-bar a {width: 48px !important; height: 48px !important;
  line-height: 48px !important; font-size: 26px !important;}
.atlas-legend summary {min-height: 48px !important; line-height: 48px;}
</style>
"""

# Inside the map's own document: legend, labels and tooltips readable across a room (and
# from 2 m at the kiosk): labels 28 px, never shrunk below 24 px to make room. The legend
# is a narrow column (two columns of types), so the map opens beside it with room to spare.
LARGE_TEXT_CSS = """
<style>
.leaflet-container {--atlas-label-min: 24px;}
.atlas-legend {font-size: 20px !important; line-height: 1.45 !important;
  max-width: min(42vw, 560px) !important;}
.atlas-legend-mark {width: 18px !important; height: 18px !important;}
.atlas-legend-icon {width: 24px !important; margin-inline-end: 6px !important;}
.atlas-legend-many {column-count: 2 !important;}
.atlas-district-label {font-size: 28px !important;}
.leaflet-tooltip {font-size: 20px !important;}
.leaflet-control-attribution, .leaflet-control-scale-line {font-size: 14px !important;}
/* A room map opened on a phone: names and legend at a phone's scale. */
@media (max-width: 559px) {
  .leaflet-container {--atlas-label-min: 13px;}
  .atlas-district-label {font-size: 17px !important;}
  .atlas-legend {font-size: 15px !important;}
}
</style>
"""
# Community dots on a room screen: at least 16 px across, with their outline; over a
# choropleth 12 to 15 px, so that the district's colour still shows around them.
LARGE_MARKER = {"radius": 9, "weight": 2}
LARGE_SMALL_MARKER = {"radius": 5.5, "weight": 1.5}


def fill_frame(m: folium.Map) -> folium.Map:
    """The map following its iframe's height (set by the page's CSS, components.layout)."""
    m.get_root().header.add_child(folium.Element(FILL_FRAME_CSS))
    return m


def for_screen(m: folium.Map, large_text: bool = False) -> folium.Map:
    """The map filling its frame, with touch-sized controls, and when asked, text and
    community dots enlarged for a room."""
    m.get_root().header.add_child(folium.Element(FILL_FRAME_CSS))
    m.get_root().header.add_child(folium.Element(TOUCH_CSS))
    if large_text:
        m.get_root().header.add_child(folium.Element(LARGE_TEXT_CSS))
        for layer in m._children.values():
            style = layer.data["style"] if isinstance(layer, PointLayer) else {}
            if style.get("radius") == COMMUNITY_MARKER_STYLE["radius"]:  # not over a choropleth
                layer.data["style"] = {**style, **LARGE_MARKER}
            elif style.get("radius") == SMALL_MARKER["radius"]:
                layer.data["style"] = {**style, **LARGE_SMALL_MARKER}
    return m
