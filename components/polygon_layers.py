"""Polygon layers built from data frames: districts, Xinjiang's units, the 二核五轴五区
layout and the market-entity density grid.

Every data string passes through ``for_folium``; each feature carries ``kind`` and ``id``
so a click can be told apart in st_folium's ``last_active_drawing``. Layer names, tooltip
labels and reference terms are in the current language (components.i18n); ids stay
language-independent. The density grid's browser side is in ``density_layer.js``.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from components.escape import for_folium
from components.i18n import t, term
from components.labels import district_name
from components.map_scripts import COORD_DECIMALS, MapScript
from components.palettes import (
    CLUSTER_COLORS,
    DENSITY_COLORS,
    DENSITY_POINT_COLORS,
    DENSITY_STYLE,
    DIMMED_STYLE,
    DISTRICT_STYLE,
    FOCUS_STYLE,
    HIGHLIGHT,
    UNIT_COLORS,
)
from geo.density import LAT0, LON0, Grid, cell_degrees, split_visible

XPCC_PREFIX = "6590"  # adcodes of the cities the XPCC (兵团) administers directly


def _cell(value) -> str:
    """Tooltip text of a value: whole numbers without decimals, missing as a dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, (int, float)) and float(value).is_integer():
        return f"{int(value):,}"
    return for_folium(value)


def unit_class(adcodes: pd.Series) -> pd.Series:
    """``prefecture`` or ``xpcc`` for each Xinjiang unit, from its adcode."""
    return adcodes.astype(str).str.startswith(XPCC_PREFIX).map({True: "xpcc", False: "prefecture"})


def district_layer(
    districts: gpd.GeoDataFrame,
    extra_fields: dict[str, pd.Series] | None = None,
    fill: pd.Series | None = None,
    focus: str | None = None,
) -> folium.GeoJson:
    """District polygons; ``extra_fields`` (alias -> values by adcode) join the tooltip,
    ``fill`` (colour by adcode) makes a choropleth, ``focus`` outlines one district."""
    frame = gpd.GeoDataFrame(
        {
            "kind": "district",
            "id": districts["adcode"],
            "label": districts["adcode"].map(district_name).map(for_folium),
        },
        geometry=districts.geometry,
        crs=districts.crs,
    )
    fields, aliases = ["label"], [for_folium(t("map.tooltip.district"))]
    for number, (alias, values) in enumerate((extra_fields or {}).items()):
        column = f"field{number}"
        frame[column] = frame["id"].map(values).map(_cell)
        fields.append(column)
        aliases.append(for_folium(alias))
    colors = {} if fill is None else fill.to_dict()

    def style(feature):
        adcode = feature["properties"]["id"]
        base = DISTRICT_STYLE if focus in (None, adcode) else DIMMED_STYLE
        styled = {**base, "fillColor": colors.get(adcode, base["fillColor"])}
        if fill is not None:
            styled["fillOpacity"] = 0.85
        return {**styled, **FOCUS_STYLE} if adcode == focus else styled

    return folium.GeoJson(
        frame.to_json(),
        name=for_folium(t("map.layers.districts")),
        style_function=style,
        highlight_function=lambda _feature: HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


def unit_layer(units: gpd.GeoDataFrame, extra_fields: dict[str, pd.Series]) -> folium.GeoJson:
    """Xinjiang's prefectures and XPCC cities; ``extra_fields`` by short name (the data's
    short name stays each feature's id, for clicks; names shown are translated)."""
    classes = unit_class(units["adcode"])
    frame = gpd.GeoDataFrame(
        {
            "kind": "unit",
            "id": units["short_name"].map(for_folium),
            "label": units["adcode"].map(lambda code: term("units", code)).map(for_folium),
            "unit_kind": classes.map(lambda c: t(f"map.unit_kinds.{c}")).map(for_folium),
            "unit_class": classes,
        },
        geometry=units.geometry,
        crs=units.crs,
    )
    fields = ["label", "unit_kind"]
    aliases = [for_folium(t("map.tooltip.unit")), for_folium(t("map.tooltip.kind"))]
    for number, (alias, values) in enumerate(extra_fields.items()):
        column = f"field{number}"
        frame[column] = units["short_name"].map(values).map(_cell)
        fields.append(column)
        aliases.append(for_folium(alias))
    return folium.GeoJson(
        frame.to_json(),
        name=for_folium(t("map.layers.units")),
        style_function=lambda f: {
            **DISTRICT_STYLE,
            "fillColor": UNIT_COLORS[f["properties"]["unit_class"]],
            "weight": 1,
        },
        highlight_function=lambda _feature: HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


def cluster_layer(shapes: gpd.GeoDataFrame) -> folium.GeoJson:
    """二核五轴五区: cores filled, axes as lines, zones dashed outlines."""
    frame = gpd.GeoDataFrame(
        {
            "kind": "cluster",
            "id": shapes["id"].map(for_folium),
            "name": shapes["name"].map(for_folium),
            "cluster_kind": shapes["kind"]
            .map(lambda code: term("cluster_kinds", code))
            .map(for_folium),
            "members": shapes["members"].map(for_folium),
            "layout": shapes["kind"],
        },
        geometry=shapes.geometry,
        crs=shapes.crs,
    )
    styles = {
        "core": {"color": CLUSTER_COLORS["core"], "weight": 2, "fillOpacity": 0.35},
        "axis": {"color": CLUSTER_COLORS["axis"], "weight": 5, "opacity": 0.85},
        "zone": {"color": CLUSTER_COLORS["zone"], "weight": 2.5, "dashArray": "8 6",
                 "fillOpacity": 0.05},
    }  # fmt: skip
    # Zones first, so cores and axes sit above them and stay clickable.
    order = frame["layout"].map({"zone": 0, "core": 1, "axis": 2}).sort_values().index
    return folium.GeoJson(
        frame.loc[order].to_json(),
        name=for_folium(t("map.layers.clusters")),
        style_function=lambda f: {
            "fillColor": CLUSTER_COLORS[f["properties"]["layout"]],
            **styles[f["properties"]["layout"]],
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "cluster_kind", "members"],
            aliases=[
                for_folium(t(f"map.tooltip.{field}")) for field in ("name", "kind", "members")
            ],
        ),
    )


class DensityLayer(MapScript):
    """Entity counts per grid cell as one GeoJSON layer of square cells.

    The payload is a compact grid (origin, cell size in degrees, one short row per cell:
    ix, iy, count, class, district index and, when allowed, the split by kind); the browser
    turns it into a FeatureCollection. Each cell carries ``kind`` "density" and ``id`` (its
    district), so a click can drill down. Tooltip labels are escaped static text; the rest
    are numbers. ``points`` (lat, lon, kind), only ever below the raw-point limit, are drawn
    as small dots without ids.
    """

    js_file = "density_layer.js"

    def __init__(self, data: dict):
        super().__init__()
        self._name = "DensityLayer"
        self.data = data

    def arguments(self) -> tuple:
        return (self.data,)


def density_layer(
    grid: Grid,
    district_codes: list[str],
    breaks: list[float],
    points: pd.DataFrame | None = None,
) -> DensityLayer:
    """The cells of a ``geo.density.Grid``, coloured by class of ``breaks``; ``points`` are
    drawn only when given (the caller enforces the raw-point limit)."""
    cells = grid.cells
    inner = np.asarray(breaks[1:-1])
    classes = np.searchsorted(inner, cells["total"].to_numpy(), side="right")
    district_index = {code: i for i, code in enumerate(district_codes)}
    visible = split_visible(cells).to_numpy()
    rows = []
    for values, cls, show in zip(
        cells[["ix", "iy", "total", "individual", "enterprise", "district"]].itertuples(
            index=False, name=None
        ),
        classes.tolist(),
        visible.tolist(),
        strict=True,
    ):
        ix, iy, total, individual, enterprise, district = values
        row = [int(ix), int(iy), int(total), int(cls), district_index[district]]
        if show:
            row += [int(individual), int(enterprise)]
        rows.append(row)
    dx, dy = cell_degrees(grid.cell_km)
    kinds = {code: term("entity_kinds", code) for code in ("individual", "enterprise")}
    area = grid.cell_km**2
    cell_note = t("map.density.cell", size=f"{grid.cell_km:g}", area=f"{area:g}")
    data = {
        "lon0": LON0,
        "lat0": LAT0,
        "dx": round(dx, 10),
        "dy": round(dy, 10),
        "cells": rows,
        "districts": list(district_codes),
        "colors": DENSITY_COLORS,
        "style": DENSITY_STYLE,
        "labels": {
            "total": for_folium(t("map.density.entities")),
            "individual": for_folium(kinds["individual"]),
            "enterprise": for_folium(kinds["enterprise"]),
            "note": for_folium(cell_note),
        },
        "kindNames": [for_folium(kinds["individual"]), for_folium(kinds["enterprise"])],
        "pointColors": DENSITY_POINT_COLORS,
    }
    if points is not None and len(points):
        data["points"] = [
            [round(float(lat), COORD_DECIMALS), round(float(lon), COORD_DECIMALS), int(kind)]
            for lon, lat, kind in points[["lon", "lat", "kind"]].itertuples(index=False)
        ]
    return DensityLayer(data)
