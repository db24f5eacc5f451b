"""A Leaflet legend control drawn from (colour, label) pairs, escaped, and the static CSS
of every map document: fonts (the vendored Uyghur font) and, in Uyghur, right-to-left
legends, tooltips and labels (the map itself stays left to right)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import folium

from components import i18n, typography
from components.escape import for_folium
from components.i18n import t
from components.map_scripts import MapScript
from components.palettes import outline_for

_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


class Legend(MapScript):
    """Bottom-right legend with a title and coloured dots; text is escaped. ``folded``
    starts it closed (a viewer opens it with its summary line)."""

    js_file = "legend.js"

    def __init__(
        self,
        title: str,
        items: list[LegendItem | tuple[str, str]],
        position: str = "bottomright",
        more: list[tuple[str, list[LegendItem]]] | None = None,
        folded: bool = False,
    ):
        super().__init__()
        self._name = "Legend"
        self.position = position
        sections = [(title, [i if isinstance(i, LegendItem) else LegendItem(*i) for i in items])]
        sections += more or []
        body = "".join(_section_html(name, entries) for name, entries in sections)
        # A <details> element lets a viewer fold the legend away without any script.
        direction = ' dir="rtl"' if i18n.is_rtl() else ""
        summary = for_folium(t("map.legend.title"))
        state = "" if folded else " open"
        self.html = f"<details{state}{direction}><summary>{summary}</summary>{body}</details>"

    def arguments(self) -> tuple:
        return (self.position, self.html)


@dataclass(frozen=True)
class LegendItem:
    """A swatch and its label. ``swatch``: dot, square, line, dashed or an icon name."""

    color: str
    text: str
    swatch: str = "dot"

    def html(self) -> str:
        if not _COLOR.match(self.color):
            raise ValueError(f"not a hex colour: {self.color!r}")
        if self.swatch in SWATCH_STYLES:
            style = SWATCH_STYLES[self.swatch].format(color=self.color)
            if self.swatch == "dot":  # as on the map: the outline that contrasts with it
                style += f";border-color:{outline_for(self.color)}"
            mark = f'<span class="atlas-legend-mark" style="{style}"></span>'
        elif _ICON.match(self.swatch):
            mark = (
                f'<i class="fa fa-{self.swatch} atlas-legend-icon" style="color:{self.color}"></i>'
            )
        else:
            raise ValueError(f"unknown swatch: {self.swatch!r}")
        return f'<div class="atlas-legend-row">{mark}{for_folium(self.text)}</div>'


SWATCH_STYLES = {
    "dot": "background:{color};border-radius:50%",
    "square": "background:{color}",
    "line": "height:0;border-top:4px solid {color};border-radius:0;width:18px",
    "dashed": "background:transparent;border:2px dashed {color}",
}
_ICON = re.compile(r"^[a-z0-9-]+$")


MANY_ITEMS = 6  # a section with more entries lays them out in columns


def _section_html(title: str, items: list[LegendItem]) -> str:
    rows = "".join(item.html() for item in items)
    many = " atlas-legend-many" if len(items) > MANY_ITEMS else ""
    return (
        f'<div class="atlas-legend-title">{for_folium(title)}</div>'
        f'<div class="atlas-legend-rows{many}">{rows}</div>'
    )


# The selectors outweigh leaflet.css's own font, which may load after this block.
LEGEND_CSS = f"""
<style>
.atlas-legend {{background: rgba(255,255,255,0.92); padding: 8px 12px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-size: 14px; line-height: 1.5;
  font-family: {typography.FONT_STACK};}}
.atlas-legend-title {{font-weight: 700; margin-bottom: 4px;}}
.atlas-legend summary {{cursor: pointer; font-weight: 700; color: #5b7083; min-height: 24px;}}
.atlas-legend details[open] > summary {{margin-bottom: 4px;}}
.atlas-legend {{max-width: min(46vw, 520px);}}
.atlas-legend-many {{column-count: 2; column-gap: 14px;}}
.atlas-legend-row {{break-inside: avoid; display: flex; align-items: baseline;}}
.atlas-legend-row > :first-child {{flex: none;}}
.atlas-legend-mark {{display: inline-block; width: 12px; height: 12px;
  margin-inline-end: 6px; vertical-align: -1px; border: 1px solid #555;}}
.atlas-legend-icon {{display: inline-block; width: 14px; margin-inline-end: 4px;
  text-align: center;}}
.atlas-legend-title + .atlas-legend-rows {{margin-top: 2px;}}
.atlas-legend-rows + .atlas-legend-title {{margin-top: 6px;}}
.leaflet-container {{--atlas-label-min: 11px;}}
.atlas-district-label {{position: absolute; left: 0; top: 0; transform: translate(-50%, -50%);
  font-size: 15px; font-weight: 700; color: #1f2d3d; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff;
  font-family: {typography.FONT_STACK};}}
.atlas-district-label.atlas-label-away {{color: #3d4f61; font-weight: 600;
  background: rgba(255,255,255,0.82); border-radius: 4px; padding: 0 4px;}}
.atlas-label-arrow:not(:empty) {{margin: 0 0.25em; font-weight: 700;}}
html .leaflet-container {{font-family: {typography.FONT_STACK};}}
.leaflet-container .leaflet-tooltip {{font-size: 14px; font-family: {typography.FONT_STACK};}}
</style>
"""

# Right to left for the text drawn on the map (legend, tooltips), not the map. A label's
# name sets its own direction (dir="auto"), its arrow stays on the side it points to.
RTL_MAP_CSS = """
<style>
.atlas-legend, .leaflet-container .leaflet-tooltip {direction: rtl;}
.atlas-legend, .leaflet-container .leaflet-tooltip, .leaflet-container .leaflet-tooltip tr,
.leaflet-container .leaflet-tooltip th {text-align: right;}
.leaflet-container .leaflet-tooltip th {padding-right: 2px; padding-left: 8px;}
</style>
"""


def add_map_styles(m: folium.Map) -> None:
    """Static CSS for fonts, legends and labels, in the current language (no data in it)."""
    header = m.get_root().header
    header.add_child(folium.Element(typography.map_css()), name="atlas_fonts")
    header.add_child(folium.Element(LEGEND_CSS), name="atlas_legend_css")
    if i18n.is_rtl():
        header.add_child(folium.Element(RTL_MAP_CSS), name="atlas_rtl_css")
