"""Colours and Leaflet styles of the map layers and their legends."""

from __future__ import annotations

import re

# District polygons: plain, dimmed around a focused district, the focus outline, hover.
DISTRICT_STYLE = {"fillColor": "#dfe7ee", "color": "#5b7083", "weight": 1.5, "fillOpacity": 0.75}
DIMMED_STYLE = {"fillColor": "#eef1f4", "color": "#9aa8b5", "weight": 1, "fillOpacity": 0.5}
FOCUS_STYLE = {"color": "#1f4e79", "weight": 3.5}
HIGHLIGHT = {"weight": 3, "color": "#1f4e79"}
# Map background where there are no tiles.
BACKGROUND = "#eef2f5"
# Choropleth classes, light to dark.
CHOROPLETH_COLORS = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c", "#08306b"]
# 二核五轴五区: cores, axes, zones.
CLUSTER_COLORS = {"core": "#c0392b", "axis": "#8e44ad", "zone": "#16a085"}
# Xinjiang's prefectures and XPCC cities.
UNIT_COLORS = {"prefecture": "#e4ecf2", "xpcc": "#f3e9d2"}
# Community dots (their fill colour is the community type's, from the reference data); each
# type's outline is the one that contrasts with its colour (outline_for, below).
COMMUNITY_MARKER_STYLE = {
    "radius": 7,
    "weight": 1.5,
    "color": "#263238",
    "fill": True,
    "fillOpacity": 0.95,
}
DARK_OUTLINE, LIGHT_OUTLINE = "#263238", "#ffffff"
HEX6 = re.compile(r"^#[0-9a-fA-F]{6}$")


def relative_luminance(color: str) -> float:
    """WCAG relative luminance of a #rrggbb colour (0 black … 1 white)."""
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 … 21)."""
    light, dark = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def outline_for(fill: str) -> str:
    """The dot outline that stands out most from ``fill``: dark around pale type colours,
    white around dark ones, so that every dot shows on pale districts and dark classes.
    A colour that is not #rrggbb gets the dark one."""
    if not HEX6.match(fill):
        return DARK_OUTLINE
    return max((DARK_OUTLINE, LIGHT_OUTLINE), key=lambda line: contrast_ratio(fill, line))


# Community dots over a choropleth: small, so the district's colour stays visible.
SMALL_MARKER = {"radius": 4.5, "weight": 1}
# Market-entity density cells, by class, and raw points by kind (individual, enterprise).
DENSITY_COLORS = ["#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"]
DENSITY_STYLE = {"fillOpacity": 0.78, "color": "#ffffff", "weight": 0.4, "opacity": 0.7}
DENSITY_POINT_COLORS = ["#e6550d", "#3182bd"]
