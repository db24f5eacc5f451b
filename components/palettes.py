"""Colours and Leaflet styles of the map layers and their legends."""

from __future__ import annotations

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
# Community dots (their fill colour is the community type's, from the reference data); the
# dark outline keeps pale type colours visible on the pale map.
COMMUNITY_MARKER_STYLE = {
    "radius": 7,
    "weight": 1.5,
    "color": "#263238",
    "fill": True,
    "fillOpacity": 0.95,
}
# Community dots over a choropleth: small, so the district's colour stays visible.
SMALL_MARKER = {"radius": 4.5, "weight": 1}
# Market-entity density cells, by class, and raw points by kind (individual, enterprise).
DENSITY_COLORS = ["#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"]
DENSITY_STYLE = {"fillOpacity": 0.78, "color": "#ffffff", "weight": 0.4, "opacity": 0.7}
DENSITY_POINT_COLORS = ["#e6550d", "#3182bd"]
