"""Presentation screens (kiosk and meeting): maps that fill their frame, text for a room."""

from __future__ import annotations

import folium

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

# Inside the map's own document: legend, labels and tooltips readable across a room.
LARGE_TEXT_CSS = """
<style>
.atlas-legend {font-size: 20px !important; line-height: 1.6 !important;}
.atlas-legend-mark {width: 16px !important; height: 16px !important;}
.atlas-district-label {font-size: 20px !important;}
.leaflet-tooltip {font-size: 18px !important;}
</style>
"""


def for_screen(m: folium.Map, large_text: bool = False) -> folium.Map:
    """The map filling its frame, with touch-sized controls and text enlarged when asked
    (static CSS only)."""
    m.get_root().header.add_child(folium.Element(FILL_FRAME_CSS))
    m.get_root().header.add_child(folium.Element(TOUCH_CSS))
    if large_text:
        m.get_root().header.add_child(folium.Element(LARGE_TEXT_CSS))
    return m
