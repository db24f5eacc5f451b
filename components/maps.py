"""Folium map builders. Each returns a fresh, offline-ready ``folium.Map``.

Never cache the returned map (DESIGN.md §4): cache the data and build the map per run.
Every text drawn (layer names, legends, tooltips, labels) is in the current language
(components.i18n); components.map_cache keys rendered maps by language.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from components import i18n
from components.basemap import CREDIT_CSS, map_frame
from components.i18n import t, term
from components.labels import district_names
from components.legend import Legend, LegendItem, add_map_styles
from components.map_scripts import MapScript
from components.offline_assets import localize_map
from components.palettes import (
    BACKGROUND,
    CHOROPLETH_COLORS,
    CLUSTER_COLORS,
    DENSITY_COLORS,
    UNIT_COLORS,
)
from components.point_layers import PlaceLabels, base_layer, community_layer, place_labels
from components.polygon_layers import (
    cluster_layer,
    density_layer,
    district_layer,
    unit_layer,
)
from data import reference
from geo.choropleth import class_breaks
from geo.density import MIN_COUNT, Grid
from geo.framing import Bounds, core_bounds, covering

MAX_ZOOM = 18


class KeepClicksInPlace(MapScript):
    """Focus the map without scrolling the page. Leaflet focuses its container on a mouse
    press; with the map half below the fold the page scrolls, the release lands elsewhere
    and the click is lost."""

    js_file = "keep_clicks_in_place.js"

    def __init__(self):
        super().__init__()
        self._name = "KeepClicksInPlace"


def base_map(bounds: tuple[float, float, float, float], frame: Bounds | None = None) -> folium.Map:
    """A map fitted to ``frame``, else to ``bounds`` (minx, miny, maxx, maxy), with the
    deployment's tiles if it names a source (components.basemap); without one no request
    leaves the server."""
    minx, miny, maxx, maxy = bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        zoom_start=9,
        max_zoom=MAX_ZOOM,
        maxZoom=MAX_ZOOM,  # tiles=None: Leaflet needs it on the map itself
        zoom_snap=0.25,
        control_scale=False,  # map_frame adds a metric-only one
    )
    if frame is not None:
        minx, miny, maxx, maxy = frame
    map_frame([[miny, minx], [maxy, maxx]]).add_to(m)
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container {{background: {BACKGROUND};}}</style>")
    )
    m.get_root().header.add_child(folium.Element(CREDIT_CSS))
    add_map_styles(m)
    KeepClicksInPlace().add_to(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(10, 10))
    return m


def city_frame(*points: pd.DataFrame) -> Bounds | None:
    """The urban core where the points crowd; outer districts are a zoom-out away."""
    lon = np.concatenate([frame["lon"].to_numpy(float) for frame in points])
    lat = np.concatenate([frame["lat"].to_numpy(float) for frame in points])
    return core_bounds(lon, lat)


def _focus_frame(
    shape: gpd.GeoDataFrame, communities: pd.DataFrame, bases: pd.DataFrame, focus: str | None
) -> Bounds | None:
    """One district's box, grown to hold its communities and bases."""
    if not focus:
        return None
    points = [frame[frame["district"] == focus] for frame in (communities, bases)]
    lon = np.concatenate([frame["lon"].to_numpy(float) for frame in points])
    lat = np.concatenate([frame["lat"].to_numpy(float) for frame in points])
    return covering(tuple(shape.total_bounds), lon, lat)


def _district_names(districts: gpd.GeoDataFrame) -> dict[str, str]:
    """District names in the current language, by adcode."""
    return district_names(dict(zip(districts["adcode"], districts["name"], strict=True)))


def _district_labels(districts: gpd.GeoDataFrame, frame: Bounds | None = None) -> PlaceLabels:
    texts = districts["adcode"].map(_district_names(districts))
    return place_labels(districts, texts=texts, within=frame)


def _type_legend_items(type_codes: list[str] | None) -> list[LegendItem]:
    types = reference.community_types()
    if type_codes:
        types = types[types["code"].isin(type_codes)]
    return [
        LegendItem(color, term("community_types", code))
        for color, code in zip(types["color"], types["code"], strict=True)
    ]


def _base_legend_items() -> list[LegendItem]:
    kinds = reference.base_kinds()
    levels = reference.base_levels()
    return [
        LegendItem("#333333", term("base_kinds", code), icon)
        for code, icon in zip(kinds["code"], kinds["icon"], strict=True)
    ] + [
        LegendItem(color, term("base_levels", code), "square")
        for color, code in zip(levels["color"], levels["code"], strict=True)
    ]


def _numeric_labels(labels: list[str]) -> list[str]:
    """Range labels ("10 – 20") kept left to right inside a right-to-left legend."""
    return [i18n.keep_ltr(label) for label in labels]


def community_map(
    districts: gpd.GeoDataFrame,
    communities: pd.DataFrame,
    type_codes: list[str] | None = None,
) -> folium.Map:
    """Urumqi's districts with communities as dots coloured by type, and a type legend."""
    shown = communities if type_codes is None else communities[communities["type"].isin(type_codes)]
    frame = city_frame(communities)
    m = base_map(tuple(districts.total_bounds), frame)
    counts = communities.groupby("district").size()
    district_layer(districts, {t("map.tooltip.communities_count"): counts}).add_to(m)
    _district_labels(districts, frame).add_to(m)
    if len(shown):
        community_layer(shown, _district_names(districts)).add_to(m)
    Legend(t("map.legend.community_types"), _type_legend_items(type_codes)).add_to(m)
    return localize_map(m)


@dataclass(frozen=True)
class DensityView:
    """What the density layer shows: aggregated cells, a legend title, and raw points only
    when the caller allowed them (at most the configured limit)."""

    grid: Grid
    title: str
    points: pd.DataFrame | None = None


def density_legend_labels(breaks: list[float]) -> list[str]:
    return [f"{breaks[i]:,.0f} – {breaks[i + 1]:,.0f}" for i in range(len(breaks) - 1)]


def choropleth_colors(classes: pd.Series) -> pd.Series:
    return classes.clip(0, len(CHOROPLETH_COLORS) - 1).map(dict(enumerate(CHOROPLETH_COLORS)))


def urumqi_map(
    districts: gpd.GeoDataFrame,
    communities: pd.DataFrame,
    bases: pd.DataFrame,
    layers: tuple[str, ...],
    type_codes: tuple[str, ...] = (),
    focus: str | None = None,
    choropleth: tuple[str, pd.Series, pd.Series, list[str]] | None = None,
    density: DensityView | None = None,
    fold_legend: bool = False,
) -> folium.Map:
    """Urumqi (or one district, ``focus``) with the chosen layers.

    ``choropleth`` is (title, value text by adcode, colour by adcode, legend labels);
    ``density`` the market-entity grid of this view (layer "density"); ``fold_legend``
    starts the legend closed.
    """
    names = _district_names(districts)
    shape = districts[districts["adcode"] == focus] if focus else districts
    frame = None if focus else city_frame(communities, bases)
    m = base_map(tuple(shape.total_bounds), frame or _focus_frame(shape, communities, bases, focus))
    fields = {t("map.tooltip.communities_count"): communities.groupby("district").size()}
    fields[t("map.tooltip.bases_count")] = bases.groupby("district").size()
    fill = None
    legend_sections: list[tuple[str, list[LegendItem]]] = []
    if choropleth and "choropleth" in layers:
        title, value_text, fill, labels = choropleth
        fields[title] = value_text
        legend_sections.append(
            (
                title,
                [
                    LegendItem(color, text, "square")
                    for color, text in zip(CHOROPLETH_COLORS, _numeric_labels(labels), strict=False)
                ],
            )
        )
    district_layer(districts, fields, fill=fill, focus=focus).add_to(m)
    _district_labels(districts, frame).add_to(m)
    if density is not None and "density" in layers:
        legend_sections.append(_add_density(m, density, list(districts["adcode"])))
    if "communities" in layers:
        shown = communities[communities["type"].isin(type_codes)] if type_codes else communities
        if focus:
            shown = shown[shown["district"] == focus]
        if len(shown):
            # Over a choropleth, small dots leave the district's colour visible.
            community_layer(shown, names, small=fill is not None).add_to(m)
        legend_sections.append(
            (t("map.legend.community_types"), _type_legend_items(list(type_codes)))
        )
    if "bases" in layers:
        shown = bases[bases["district"] == focus] if focus else bases
        if len(shown):
            base_layer(shown, names).add_to(m)
        legend_sections.append((t("map.legend.bases"), _base_legend_items()))
    if legend_sections:
        (title, items), *more = legend_sections
        Legend(title, items, more=more, folded=fold_legend).add_to(m)
    return localize_map(m)


def _add_density(
    m: folium.Map, density: DensityView, district_codes: list[str]
) -> tuple[str, list[LegendItem]]:
    cells = density.grid.cells
    note = LegendItem("#ffffff", t("map.density.hidden", min=MIN_COUNT), "square")
    if cells.empty and density.points is None:
        return density.title, [note]
    breaks = class_breaks(cells["total"].astype(float), classes=len(DENSITY_COLORS))
    density_layer(density.grid, district_codes, breaks, density.points).add_to(m)
    labels = _numeric_labels(density_legend_labels(breaks))
    items = [
        LegendItem(color, text, "square")
        for color, text in zip(DENSITY_COLORS, labels, strict=False)
    ]
    return density.title, [*items, note]


def unit_label_texts(units: gpd.GeoDataFrame) -> pd.Series:
    """Labels of Xinjiang's units on the map: Chinese keeps the data's short names (乌鲁木齐,
    昌吉州), which fit the map; other languages use the unit terms, short already."""
    if i18n.current() == "zh":
        return units["short_name"]
    return units["adcode"].map(lambda code: term("units", code))


def xinjiang_map(
    units: gpd.GeoDataFrame,
    cluster_shapes: gpd.GeoDataFrame | None,
    unit_fields: dict[str, pd.Series],
) -> folium.Map:
    """Xinjiang's prefectures and XPCC cities, with the 二核五轴五区 layout when given.

    ``unit_fields``: tooltip label -> values by the unit's short name (its feature id)."""
    m = base_map(tuple(units.total_bounds))
    unit_layer(units, unit_fields).add_to(m)
    place_labels(units, "short_name", texts=unit_label_texts(units), first="large").add_to(m)
    items = [
        LegendItem(color, t(f"map.unit_kinds.{kind}"), "square")
        for kind, color in UNIT_COLORS.items()
    ]
    more = []
    if cluster_shapes is not None and len(cluster_shapes):
        cluster_layer(cluster_shapes).add_to(m)
        more.append(
            (
                t("map.legend.clusters"),
                [
                    LegendItem(CLUSTER_COLORS["core"], t("map.legend.core"), "square"),
                    LegendItem(CLUSTER_COLORS["axis"], t("map.legend.axis"), "line"),
                    LegendItem(CLUSTER_COLORS["zone"], t("map.legend.zone"), "dashed"),
                ],
            )
        )
    Legend(t("map.legend.xinjiang"), items, more=more).add_to(m)
    return localize_map(m)
