"""Folium map builders. Each returns a fresh, offline-ready ``folium.Map``.

Never cache the returned map (DESIGN.md §4): cache the data and build the map per run.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd

from components.escape import for_folium
from components.legend import Legend, add_map_styles
from components.offline import localize_map
from data import reference

MAX_ZOOM = 18
BACKGROUND = "#eef2f5"
DISTRICT_STYLE = {"fillColor": "#dfe7ee", "color": "#5b7083", "weight": 1.5, "fillOpacity": 0.75}
COORD_DECIMALS = 5


def base_map(bounds: tuple[float, float, float, float]) -> folium.Map:
    """A tile-less map fitted to (minx, miny, maxx, maxy); no request leaves the server."""
    minx, miny, maxx, maxy = bounds
    m = folium.Map(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        tiles=None,
        zoom_start=9,
        max_zoom=MAX_ZOOM,
        maxZoom=MAX_ZOOM,  # tiles=None: Leaflet needs it on the map itself
        zoom_snap=0.25,
        control_scale=True,
        prefer_canvas=False,
    )
    m.get_root().header.add_child(
        folium.Element(f"<style>.leaflet-container {{background: {BACKGROUND};}}</style>")
    )
    add_map_styles(m)
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(10, 10))
    return m


def _district_layer(districts: gpd.GeoDataFrame, counts: pd.Series | None) -> folium.GeoJson:
    frame = districts[["adcode", "name", "geometry"]].copy()
    frame["label"] = frame["name"].map(for_folium)
    fields, aliases = ["label"], [for_folium("区县")]
    if counts is not None:
        frame["community_count"] = frame["adcode"].map(counts).fillna(0).astype(int)
        fields.append("community_count")
        aliases.append(for_folium("创业社区（个）"))
    return folium.GeoJson(
        frame.drop(columns="name").to_json(),
        name=for_folium("区县边界"),
        style_function=lambda _feature: DISTRICT_STYLE,
        highlight_function=lambda _feature: {"weight": 3, "color": "#1f4e79"},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


def _district_labels(districts: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=for_folium("区县名称"), control=False)
    for row in districts.itertuples():
        point = row.geometry.representative_point()
        folium.Marker(
            [point.y, point.x],
            icon=folium.DivIcon(
                html=f'<div class="atlas-district-label">{for_folium(row.name)}</div>',
                icon_size=(120, 20),
                icon_anchor=(60, 10),
                class_name="atlas-district-label-icon",
            ),
            interactive=False,
        ).add_to(group)
    return group


def _community_layer(communities: pd.DataFrame, district_names: dict[str, str]) -> folium.GeoJson:
    types = reference.community_types().set_index("code")
    points = gpd.GeoDataFrame(
        {
            "name": communities["name"].map(for_folium),
            "type_name": communities["type"].map(types["name_zh"]).map(for_folium),
            "district": communities["district"].map(district_names).map(for_folium),
            "street": communities["street"].fillna("").map(for_folium),
            "color": communities["type"].map(types["color"]),
        },
        geometry=gpd.points_from_xy(
            communities["lon"].round(COORD_DECIMALS), communities["lat"].round(COORD_DECIMALS)
        ),
        crs=4326,
    )
    return folium.GeoJson(
        points.to_json(),
        name=for_folium("创业社区"),
        marker=folium.CircleMarker(
            radius=7, weight=1.5, color="#ffffff", fill=True, fill_opacity=0.95
        ),
        style_function=lambda feature: {"fillColor": feature["properties"]["color"]},
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "type_name", "district", "street"],
            aliases=[for_folium(a) for a in ("社区", "类型", "区县", "街道")],
        ),
    )


def community_map(
    districts: gpd.GeoDataFrame,
    communities: pd.DataFrame,
    type_codes: list[str] | None = None,
) -> folium.Map:
    """Urumqi's districts with communities as dots coloured by type, and a type legend."""
    shown = communities if type_codes is None else communities[communities["type"].isin(type_codes)]
    m = base_map(tuple(districts.total_bounds))
    counts = communities.groupby("district").size()
    _district_layer(districts, counts).add_to(m)
    _district_labels(districts).add_to(m)
    names = dict(zip(districts["adcode"], districts["name"], strict=True))
    if len(shown):
        _community_layer(shown, names).add_to(m)
    types = reference.community_types()
    if type_codes is not None:
        types = types[types["code"].isin(type_codes)]
    Legend("创业社区类型", list(zip(types["color"], types["name_zh"], strict=True))).add_to(m)
    return localize_map(m)
