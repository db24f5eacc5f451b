"""The Urumqi view built the naive way, for comparison: every community and base an
individual ``folium.Marker`` with its own tooltip, all in one ``MarkerCluster``
(DESIGN.md §4 measured this at 10.6 s for 10k markers). Never used by the app."""

from __future__ import annotations

import folium
import pandas as pd
from folium.plugins import MarkerCluster

from components.escape import for_folium
from components.maps import base_map
from components.offline_assets import localize_map
from components.point_layers import place_labels
from components.polygon_layers import district_layer
from data import reference


def naive_urumqi_map(districts, communities: pd.DataFrame, bases: pd.DataFrame) -> folium.Map:
    m = base_map(tuple(districts.total_bounds))
    fields = {
        "创业社区（个）": communities.groupby("district").size(),
        "孵化基地（个）": bases.groupby("district").size(),
    }
    district_layer(districts, fields).add_to(m)
    place_labels(districts).add_to(m)
    cluster = MarkerCluster(name=for_folium("创业社区与孵化基地")).add_to(m)
    types = reference.community_types().set_index("code")["name_zh"]
    for row in communities.itertuples(index=False):
        folium.Marker(
            [row.lat, row.lon],
            tooltip=for_folium(f"{row.name} · {types.get(row.type, row.type)}"),
            icon=folium.Icon(color="blue", icon="home", prefix="fa"),
        ).add_to(cluster)
    kinds = reference.base_kinds().set_index("code")["icon"]
    for row in bases.itertuples(index=False):
        folium.Marker(
            [row.lat, row.lon],
            tooltip=for_folium(row.name),
            icon=folium.Icon(color="orange", icon=kinds.get(row.kind, "flag"), prefix="fa"),
        ).add_to(cluster)
    return localize_map(m)
