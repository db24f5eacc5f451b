"""Folium layers built from data frames. Every data string passes through ``for_folium``;
each feature carries ``kind`` and ``id`` so a click can be told apart in st_folium's
``last_active_drawing``. Layer names, tooltip labels and reference terms are in the current
language (components.i18n); ids stay language-independent."""

from __future__ import annotations

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement, Template
from jinja2.utils import htmlsafe_json_dumps

from components.escape import for_folium
from components.i18n import t, term
from data import reference
from geo.density import LAT0, LON0, Grid, cell_degrees, split_visible

COORD_DECIMALS = 5
DISTRICT_STYLE = {"fillColor": "#dfe7ee", "color": "#5b7083", "weight": 1.5, "fillOpacity": 0.75}
DIMMED_STYLE = {"fillColor": "#eef1f4", "color": "#9aa8b5", "weight": 1, "fillOpacity": 0.5}
FOCUS_STYLE = {"color": "#1f4e79", "weight": 3.5}
HIGHLIGHT = {"weight": 3, "color": "#1f4e79"}
CLUSTER_COLORS = {"core": "#c0392b", "axis": "#8e44ad", "zone": "#16a085"}
UNIT_COLORS = {"prefecture": "#e4ecf2", "xpcc": "#f3e9d2"}
XPCC_PREFIX = "6590"  # adcodes of the cities the XPCC (兵团) administers directly


def _cell(value) -> str:
    """Tooltip text of a value: whole numbers without decimals, missing as a dash."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    if isinstance(value, (int, float)) and float(value).is_integer():
        return f"{int(value):,}"
    return for_folium(value)


def district_label(adcode: str) -> str:
    """A district's name in the current language (not yet escaped)."""
    return term("districts", adcode)


def unit_class(adcodes: pd.Series) -> pd.Series:
    """``prefecture`` or ``xpcc`` for each Xinjiang unit, from its adcode."""
    return adcodes.astype(str).str.startswith(XPCC_PREFIX).map({True: "xpcc", False: "prefecture"})


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
        {
            "kind": "district",
            "id": districts["adcode"],
            "label": districts["adcode"].map(district_label).map(for_folium),
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

    def __init__(self, places: gpd.GeoDataFrame, column: str = "name", texts=None):
        super().__init__()
        self._name = "PlaceLabels"
        points = places.geometry.representative_point()
        shown = places[column] if texts is None else texts
        self.labels = [
            [round(p.y, COORD_DECIMALS), round(p.x, COORD_DECIMALS), for_folium(text)]
            for text, p in zip(shown, points, strict=True)
        ]


def place_labels(
    places: gpd.GeoDataFrame, column: str = "name", texts: list[str] | pd.Series | None = None
) -> PlaceLabels:
    """Name labels from ``places[column]``, or from ``texts`` (one per place, e.g. names in
    the current language)."""
    return PlaceLabels(places, column, None if texts is None else list(texts))


class _RawScript(Element):
    """Script text already rendered, added to the figure as it is (branca would otherwise
    compile the rendered text, data and all, as a Jinja template once more)."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _DataScript(MacroElement):
    """A script-only element whose data is serialized once (``self.json``, HTML-safe JSON
    as Jinja's ``tojson``) and whose rendered script is never re-parsed as a template."""

    def __init__(self, data: dict):
        super().__init__()
        self.data = data
        self.json = htmlsafe_json_dumps(data)

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__["script"]
        figure = self.get_root()
        figure.script.add_child(_RawScript(script(self, kwargs)), name=self.get_name())


class PointLayer(_DataScript):
    """Points as one GeoJSON layer, sent compactly and expanded in the browser.

    A GeoJSON FeatureCollection repeats every property name and shared value (type,
    district, colour) for each point; folium's ``style_function`` adds every feature id
    again. Here each point is one short row ``[lat, lon, id, name, codes…]`` whose codes
    index shared lookup tables; the browser rebuilds the features (each with ``kind`` and
    ``id`` for clicks, and every property the tooltip shows) and one ``L.geoJSON`` group
    with a group tooltip, like ``GeoJsonTooltip``. Every string is escaped with
    ``for_folium`` before it is sent; the tooltip joins escaped strings only.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (d) {
            var features = d.rows.map(function (r) {
                var p = {kind: d.kind, id: r[2], name: r[3]};
                d.lookups.forEach(function (lookup, i) {
                    p[lookup.field] = lookup.values[r[4 + i]];
                });
                return {type: "Feature", properties: p,
                        geometry: {type: "Point", coordinates: [r[1], r[0]]}};
            });
            var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
                pointToLayer: function (f, latlng) {
                    var p = f.properties;
                    if (d.marker === "circle") {
                        return L.circleMarker(latlng, Object.assign({fillColor: p.color}, d.style));
                    }
                    return L.marker(latlng, {icon: L.AwesomeMarkers.icon({
                        icon: p.icon, markerColor: p.marker_color, iconColor: "white",
                        prefix: "fa", extraClasses: "fa-rotate-0"})});
                },
            });
            layer.bindTooltip(function (l) {
                var p = l.feature.properties;
                return "<table>" + d.tooltip.map(function (field) {
                    return "<tr><th>" + field[1] + "</th><td>" + p[field[0]] + "</td></tr>";
                }).join("") + "</table>";
            }, {className: "foliumtooltip", sticky: true});
            layer.addTo({{ this._parent.get_name() }});
        })({{ this.json }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, data: dict):
        super().__init__(data)
        self._name = "PointLayer"
        self.layer_name = name

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
    return codes.map(district_names) if district_names is not None else codes.map(district_label)


def community_layer(
    communities: pd.DataFrame, district_names: dict[str, str] | None = None
) -> PointLayer:
    """Communities as dots coloured by type; district names in the current language unless
    ``district_names`` (by adcode) are given."""
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
        },
        [
            ("name", t("map.tooltip.community")),
            ("type_name", t("map.tooltip.type")),
            ("district", t("map.tooltip.district")),
            ("street", t("map.tooltip.street")),
        ],
        "circle",
        {"radius": 7, "weight": 1.5, "color": "#ffffff", "fill": True, "fillOpacity": 0.95},
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


DENSITY_COLORS = ["#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603"]
DENSITY_STYLE = {"fillOpacity": 0.78, "color": "#ffffff", "weight": 0.4, "opacity": 0.7}


class DensityLayer(_DataScript):
    """Entity counts per grid cell as one GeoJSON layer of square cells.

    The payload is a compact grid (origin, cell size in degrees, one short row per cell:
    ix, iy, count, class, district index and, when allowed, the split by kind); the browser
    turns it into a FeatureCollection. Each cell carries ``kind`` "density" and ``id`` (its
    district), so a click can drill down. Tooltip labels are escaped static text; the rest
    are numbers. ``points`` (lat, lon, kind), only ever below the raw-point limit, are drawn
    as small dots without ids.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (d) {
            function row(label, value) {
                return "<tr><th>" + label + "</th><td>" + value + "</td></tr>";
            }
            var features = d.cells.map(function (c) {
                var w = d.lon0 + c[0] * d.dx, s = d.lat0 + c[1] * d.dy;
                var e = w + d.dx, n = s + d.dy;
                return {type: "Feature", geometry: {type: "Polygon",
                        coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]]},
                        properties: {kind: "density", id: d.districts[c[4]], n: c[2],
                                     c: c[3], i: c[5], e: c[6]}};
            });
            var layer = L.geoJSON({type: "FeatureCollection", features: features}, {
                style: function (f) {
                    return Object.assign({fillColor: d.colors[f.properties.c]}, d.style);
                },
            });
            layer.bindTooltip(function (l) {
                var p = l.feature.properties;
                var html = row(d.labels.total, p.n.toLocaleString("zh-CN"));
                if (p.i !== undefined) {
                    html += row(d.labels.individual, p.i.toLocaleString("zh-CN"));
                    html += row(d.labels.enterprise, p.e.toLocaleString("zh-CN"));
                }
                return "<table>" + html + "</table>" + d.labels.note;
            }, {sticky: true});
            layer.addTo({{ this._parent.get_name() }});
            (d.points || []).forEach(function (p) {
                L.circleMarker([p[0], p[1]], {radius: 3, weight: 0, fillOpacity: 0.8,
                                              fillColor: d.pointColors[p[2]]})
                    .bindTooltip(d.kindNames[p[2]])
                    .addTo({{ this._parent.get_name() }});
            });
        })({{ this.json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict):
        super().__init__(data)
        self._name = "DensityLayer"


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
        "pointColors": ["#e6550d", "#3182bd"],
    }
    if points is not None and len(points):
        data["points"] = [
            [round(float(lat), COORD_DECIMALS), round(float(lon), COORD_DECIMALS), int(kind)]
            for lon, lat, kind in points[["lon", "lat", "kind"]].itertuples(index=False)
        ]
    return DensityLayer(data)
