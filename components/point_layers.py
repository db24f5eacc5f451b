"""Point layers built from data frames: communities, incubation bases and name labels.

Every data string passes through ``for_folium``; each point carries ``kind`` and ``id`` so
a click can be told apart in st_folium's ``last_active_drawing``. Layer names, tooltip
labels and reference terms are in the current language (components.i18n); ids stay
language-independent. The browser side is in ``point_layer.js`` and ``place_labels.js``.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from components.escape import for_folium
from components.i18n import t, term
from components.labels import district_name
from components.map_scripts import COORD_DECIMALS, MapScript
from components.palettes import COMMUNITY_MARKER_STYLE, SMALL_MARKER, outline_for
from data import reference
from geo.framing import label_anchors


class PlaceLabels(MapScript):
    """Non-interactive name labels, added in one script from a list (fast to build). The
    browser places them in list order, each where it overlaps none placed before it, and
    shrinks or hides those that do not fit (``place_labels.js``)."""

    js_file = "place_labels.js"

    def __init__(self, places: gpd.GeoDataFrame, column: str = "name", texts=None, within=None):
        super().__init__()
        self._name = "PlaceLabels"
        points = label_anchors(places.geometry, within)
        shown = places[column] if texts is None else texts
        self.labels = [
            [round(p.y, COORD_DECIMALS), round(p.x, COORD_DECIMALS), for_folium(text)]
            for text, p in zip(shown, points, strict=True)
        ]

    def arguments(self) -> tuple:
        return (self.labels,)


def place_labels(
    places: gpd.GeoDataFrame,
    column: str = "name",
    texts: list[str] | pd.Series | None = None,
    first: str = "small",
    within: tuple[float, float, float, float] | None = None,
) -> PlaceLabels:
    """Name labels from ``places[column]``, or from ``texts`` (one per place, e.g. names in
    the current language). ``first``: which places claim room first, the ``small`` ones
    (crowded city districts) or the ``large`` ones (prefectures before small cities).
    ``within`` (minx, miny, maxx, maxy): the box the map opens on."""
    shown = places[column] if texts is None else pd.Series(list(texts), index=places.index)
    edges = places.geometry.bounds
    area = (edges["maxx"] - edges["minx"]) * (edges["maxy"] - edges["miny"])
    order = area.sort_values(ascending=first == "small", kind="stable").index
    ordered = places.loc[order]
    return PlaceLabels(ordered, column, list(shown.loc[order]), within)


class PointLayer(MapScript):
    """Points as one GeoJSON layer, sent compactly and expanded in the browser.

    A GeoJSON FeatureCollection repeats every property name and shared value (type,
    district, colour) for each point; folium's ``style_function`` adds every feature id
    again. Here each point is one short row ``[lat, lon, id, name, codes…]`` whose codes
    index shared lookup tables; the browser rebuilds the features (each with ``kind`` and
    ``id`` for clicks, and every property the tooltip shows) and one ``L.geoJSON`` group
    with a group tooltip, like ``GeoJsonTooltip``. Every string is escaped with
    ``for_folium`` before it is sent; the tooltip joins escaped strings only.
    """

    js_file = "point_layer.js"

    def __init__(self, name: str, data: dict):
        super().__init__()
        self._name = "PointLayer"
        self.data = data
        self.layer_name = name

    def arguments(self) -> tuple:
        return (self.data,)

    def properties(self) -> list[dict]:
        """Every point's properties, as the browser rebuilds them (for tests)."""
        out = []
        for row in self.data["rows"]:
            item = {"kind": self.data["kind"], "id": row[2], "name": row[3]}
            for number, lookup in enumerate(self.data["lookups"]):
                item[lookup["field"]] = lookup["values"][row[4 + number]]
            out.append(item)
        return out


def _point_layer(
    name: str,
    kind: str,
    frame: pd.DataFrame,
    lookups: dict[str, pd.Series],
    tooltip: list[tuple[str, str]],
    marker: str,
    style: dict | None = None,
) -> PointLayer:
    """``lookups``: property name -> escaped text (or colour/icon) per point; each becomes
    a table of distinct values and an index per row."""
    columns = [
        frame["lat"].astype(float).round(COORD_DECIMALS).tolist(),
        frame["lon"].astype(float).round(COORD_DECIMALS).tolist(),
        frame["id"].map(for_folium).tolist(),
        frame["name"].map(for_folium).tolist(),
    ]
    tables = []
    for field, values in lookups.items():
        codes, uniques = pd.factorize(values.fillna("").astype(str), sort=False)
        columns.append(codes.tolist())
        tables.append({"field": field, "values": uniques.tolist()})
    data = {
        "kind": kind,
        "rows": [list(row) for row in zip(*columns, strict=True)],
        "lookups": tables,
        "tooltip": [[field, for_folium(alias)] for field, alias in tooltip],
        "marker": marker,
        "style": style or {},
    }
    return PointLayer(for_folium(name), data)


def _district_names(codes: pd.Series, district_names: dict[str, str] | None) -> pd.Series:
    return codes.map(district_names) if district_names is not None else codes.map(district_name)


def community_layer(
    communities: pd.DataFrame, district_names: dict[str, str] | None = None, small: bool = False
) -> PointLayer:
    """Communities as dots coloured by type; district names in the current language unless
    ``district_names`` (by adcode) are given. ``small`` dots leave a choropleth visible."""
    types = reference.community_types().set_index("code")
    return _point_layer(
        t("map.layers.communities"),
        "community",
        communities,
        {
            "type_name": communities["type"]
            .map(lambda code: term("community_types", code))
            .map(for_folium),
            "district": _district_names(communities["district"], district_names).map(for_folium),
            "street": communities["street"].fillna("").map(for_folium),
            "color": communities["type"].map(types["color"]),
            "outline": communities["type"].map(types["color"]).map(outline_for),
        },
        [
            ("name", t("map.tooltip.community")),
            ("type_name", t("map.tooltip.type")),
            ("district", t("map.tooltip.district")),
            ("street", t("map.tooltip.street")),
        ],
        "circle",
        {**COMMUNITY_MARKER_STYLE, **(SMALL_MARKER if small else {})},
    )


def base_layer(bases: pd.DataFrame, district_names: dict[str, str] | None = None) -> PointLayer:
    """Incubation bases as pins: the icon shows the kind, the pin colour the level."""
    kinds = reference.base_kinds().set_index("code")
    levels = reference.base_levels().set_index("code")
    return _point_layer(
        t("map.layers.bases"),
        "base",
        bases,
        {
            "kind_name": bases["kind"].map(lambda code: term("base_kinds", code)).map(for_folium),
            "level_name": bases["level"]
            .map(lambda code: term("base_levels", code))
            .map(for_folium),
            "district": _district_names(bases["district"], district_names).map(for_folium),
            "icon": bases["kind"].map(kinds["icon"]),
            "marker_color": bases["level"].map(levels["marker_color"]),
        },
        [
            ("name", t("map.tooltip.base")),
            ("kind_name", t("map.tooltip.kind")),
            ("level_name", t("map.tooltip.level")),
            ("district", t("map.tooltip.district")),
        ],
        "icon",
    )
