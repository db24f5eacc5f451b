"""Folium layers built from data frames. Every data string passes through ``for_folium``;
each feature carries ``kind`` and ``id`` so a click can be told apart in st_folium's
``last_active_drawing``."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement, Template

from components.escape import for_folium
from data import reference

COORD_DECIMALS = 5
DISTRICT_STYLE = {"fillColor": "#dfe7ee", "color": "#5b7083", "weight": 1.5, "fillOpacity": 0.75}
DIMMED_STYLE = {"fillColor": "#eef1f4", "color": "#9aa8b5", "weight": 1, "fillOpacity": 0.5}
FOCUS_STYLE = {"color": "#1f4e79", "weight": 3.5}
HIGHLIGHT = {"weight": 3, "color": "#1f4e79"}
CLUSTER_COLORS = {"core": "#c0392b", "axis": "#8e44ad", "zone": "#16a085"}


def _cell(value) -> str:
    """Tooltip text of a value: whole numbers without decimals, missing as a dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, (int, float)) and float(value).is_integer():
        return f"{int(value):,}"
    return for_folium(value)


def _points(frame: pd.DataFrame, properties: dict) -> str:
    points = gpd.GeoDataFrame(
        properties,
        geometry=gpd.points_from_xy(
            frame["lon"].round(COORD_DECIMALS), frame["lat"].round(COORD_DECIMALS)
        ),
        crs=4326,
    )
    return points.to_json()


def district_layer(
    districts: gpd.GeoDataFrame,
    extra_fields: dict[str, pd.Series] | None = None,
    fill: pd.Series | None = None,
    focus: str | None = None,
) -> folium.GeoJson:
    """District polygons; ``extra_fields`` (alias -> values by adcode) join the tooltip,
    ``fill`` (colour by adcode) makes a choropleth, ``focus`` outlines one district."""
    frame = gpd.GeoDataFrame(
        {"kind": "district", "id": districts["adcode"], "label": districts["name"].map(for_folium)},
        geometry=districts.geometry,
        crs=districts.crs,
    )
    fields, aliases = ["label"], [for_folium("区县")]
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
        name=for_folium("区县"),
        style_function=style,
        highlight_function=lambda _feature: HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


class PlaceLabels(MacroElement):
    """Non-interactive name labels, added in one script from a list (fast to build)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.labels|tojson }}.forEach(function (label) {
            L.marker([label[0], label[1]], {
                interactive: false,
                keyboard: false,
                icon: L.divIcon({
                    className: "atlas-district-label-icon",
                    html: '<div class="atlas-district-label">' + label[2] + "</div>",
                    iconSize: [120, 20],
                    iconAnchor: [60, 10],
                }),
            }).addTo({{ this._parent.get_name() }});
        });
        {% endmacro %}
        """
    )

    def __init__(self, places: gpd.GeoDataFrame, column: str = "name"):
        super().__init__()
        self._name = "PlaceLabels"
        points = places.geometry.representative_point()
        self.labels = [
            [round(p.y, COORD_DECIMALS), round(p.x, COORD_DECIMALS), for_folium(text)]
            for text, p in zip(places[column], points, strict=True)
        ]


def place_labels(places: gpd.GeoDataFrame, column: str = "name") -> PlaceLabels:
    return PlaceLabels(places, column)


def community_layer(communities: pd.DataFrame, district_names: dict[str, str]) -> folium.GeoJson:
    """Communities as dots coloured by type."""
    types = reference.community_types().set_index("code")
    properties = {
        "kind": "community",
        "id": communities["id"].map(for_folium).to_numpy(),
        "name": communities["name"].map(for_folium).to_numpy(),
        "type_name": communities["type"].map(types["name_zh"]).map(for_folium).to_numpy(),
        "district": communities["district"].map(district_names).map(for_folium).to_numpy(),
        "street": communities["street"].fillna("").map(for_folium).to_numpy(),
        "color": communities["type"].map(types["color"]).to_numpy(),
    }
    return folium.GeoJson(
        _points(communities, properties),
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


def base_layer(bases: pd.DataFrame, district_names: dict[str, str]) -> folium.GeoJson:
    """Incubation bases as pins: the icon shows the kind, the pin colour the level."""
    kinds = reference.base_kinds().set_index("code")
    levels = reference.base_levels().set_index("code")
    properties = {
        "kind": "base",
        "id": bases["id"].map(for_folium).to_numpy(),
        "name": bases["name"].map(for_folium).to_numpy(),
        "kind_name": bases["kind"].map(kinds["name_zh"]).map(for_folium).to_numpy(),
        "level_name": bases["level"].map(levels["name_zh"]).map(for_folium).to_numpy(),
        "district": bases["district"].map(district_names).map(for_folium).to_numpy(),
        "icon": bases["kind"].map(kinds["icon"]).to_numpy(),
        "marker_color": bases["level"].map(levels["marker_color"]).to_numpy(),
    }
    return folium.GeoJson(
        _points(bases, properties),
        name=for_folium("孵化基地"),
        marker=folium.Marker(icon=folium.Icon(prefix="fa", icon_color="white")),
        style_function=lambda feature: {
            "icon": feature["properties"]["icon"],
            "markerColor": feature["properties"]["marker_color"],
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "kind_name", "level_name", "district"],
            aliases=[for_folium(a) for a in ("基地", "类别", "级别", "区县")],
        ),
    )


def unit_layer(units: gpd.GeoDataFrame, extra_fields: dict[str, pd.Series]) -> folium.GeoJson:
    """Xinjiang's prefectures and XPCC cities; ``extra_fields`` by short name."""
    frame = gpd.GeoDataFrame(
        {
            "kind": "unit",
            "id": units["short_name"].map(for_folium),
            "label": units["name"].map(for_folium),
            "unit_kind": units["kind"].map(for_folium),
        },
        geometry=units.geometry,
        crs=units.crs,
    )
    fields, aliases = ["label", "unit_kind"], [for_folium("地州"), for_folium("类别")]
    for number, (alias, values) in enumerate(extra_fields.items()):
        column = f"field{number}"
        frame[column] = units["short_name"].map(values).map(_cell)
        fields.append(column)
        aliases.append(for_folium(alias))
    return folium.GeoJson(
        frame.to_json(),
        name=for_folium("地州"),
        style_function=lambda f: {
            **DISTRICT_STYLE,
            "fillColor": "#e4ecf2" if f["properties"]["unit_kind"] == "地州市" else "#f3e9d2",
            "weight": 1,
        },
        highlight_function=lambda _feature: HIGHLIGHT,
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


def cluster_layer(shapes: gpd.GeoDataFrame) -> folium.GeoJson:
    """二核五轴五区: cores filled, axes as lines, zones dashed outlines."""
    kinds = reference.cluster_kinds().set_index("code")
    frame = gpd.GeoDataFrame(
        {
            "kind": "cluster",
            "id": shapes["id"].map(for_folium),
            "name": shapes["name"].map(for_folium),
            "cluster_kind": shapes["kind"].map(kinds["name_zh"]).map(for_folium),
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
        name=for_folium("二核五轴五区"),
        style_function=lambda f: {
            "fillColor": CLUSTER_COLORS[f["properties"]["layout"]],
            **styles[f["properties"]["layout"]],
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "cluster_kind", "members"],
            aliases=[for_folium(a) for a in ("名称", "类别", "成员")],
        ),
    )
