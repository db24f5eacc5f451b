"""The map page, its panels and every folium map in English and Uyghur (and zh unchanged)."""

from __future__ import annotations

import json
from pathlib import Path

import folium
import numpy as np
import pandas as pd

from components import i18n, map_cache
from components.item_card import base_card, community_card
from components.labels import period_label
from components.legend import Legend
from components.maps import DensityView, community_map, urumqi_map, xinjiang_map
from components.point_layers import PointLayer
from data import loader
from geo import density
from geo.layout import cluster_shapes
from tests.apptest import CHINESE

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/public/map_explorer.py"


def in_script(text: str, folium_map: dict) -> bool:
    """Map scripts hold text as JSON strings, where non-ASCII is escaped."""
    return json.dumps(text)[1:-1] in folium_map["script"] or text in folium_map["script"]


def test_chinese_map_keeps_its_labels_and_left_to_right():
    with i18n.using("zh"):
        assert period_label("2023Q2") == "2023 年第 2 季度" and period_label("2024") == "2024 年"
    data = loader.load_all()
    m = community_map(data.districts, data.communities)
    header = m.get_root().render()
    assert "direction: rtl" not in header and "atlas-arabic" in header
    legend = next(c for c in m._children.values() if isinstance(c, Legend))
    assert (
        "创业社区类型" in legend.html and "图例" in legend.html and 'dir="rtl"' not in legend.html
    )


def _tooltip(layer: folium.GeoJson) -> folium.GeoJsonTooltip:
    return next(c for c in layer._children.values() if isinstance(c, folium.GeoJsonTooltip))


def _geojson(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.GeoJson)}


def test_urumqi_map_in_english_translates_legend_tooltips_and_labels(data):
    with i18n.using("en"):
        fill = pd.Series("#08519c", index=data.districts["adcode"])
        text = pd.Series("12", index=data.districts["adcode"])
        m = urumqi_map(
            data.districts, data.communities, data.bases, ("communities", "bases", "choropleth"),
            choropleth=("Jobs created", text, fill, ["0 – 1"]),
        )  # fmt: skip
        html = m.get_root().render()
    layers = _geojson(m)
    tooltip = _tooltip(layers["Districts"])
    assert tooltip.aliases[:3] == ["District", "Startup communities", "Incubation bases"]
    features = layers["Districts"].data["features"]
    assert {f["properties"]["label"] for f in features} >= {"Tianshan District", "Urumqi County"}
    points = {c.layer_name: c for c in m._children.values() if isinstance(c, PointLayer)}
    assert set(points) == {"Startup communities", "Incubation bases"}
    assert points["Startup communities"].data["tooltip"] == [
        ["name", "Community"], ["type_name", "Type"], ["district", "District"],
        ["street", "Street"],
    ]  # fmt: skip
    community = points["Startup communities"].properties()[0]
    assert not CHINESE.search(community["type_name"]) and not CHINESE.search(community["district"])
    base = points["Incubation bases"].properties()[0]
    assert not CHINESE.search(base["kind_name"] + base["level_name"])
    (labels,) = [c for c in m._children.values() if type(c).__name__ == "PlaceLabels"]
    assert "Midong District" in [text for _, _, text in labels.labels]
    legend = next(c for c in m._children.values() if isinstance(c, Legend)).html
    for label in ("Legend", "Community types", "Incubation bases", "E-commerce", "National"):
        assert label in legend, label
    assert "Jobs created" in legend and not CHINESE.search(legend)
    for label in ("District", "Startup communities", "Incubation bases", "Legend"):
        assert label in html, label


def test_density_layer_labels_follow_the_language(data):
    lon, lat = np.full(5, 87.6), np.full(5, 43.8)  # five entities in one cell
    kind, district = np.array([0, 0, 0, 1, 1], np.int8), np.zeros(5, np.int8)
    codes = tuple(data.districts["adcode"])
    grid = density.aggregate(lon, lat, kind, district, codes, 2.0)
    with i18n.using("en"):
        m = urumqi_map(
            data.districts, data.communities, data.bases, ("density",),
            density=DensityView(grid, "Density"),
        )  # fmt: skip
    (layer,) = [c for c in m._children.values() if type(c).__name__ == "DensityLayer"]
    labels = layer.data["labels"]
    assert labels["total"] == "Market entities"
    assert (labels["individual"], labels["enterprise"]) == ("Individual business", "Enterprise")
    assert labels["note"] == "Cell 2 km × 2 km (4 km²)"
    legend = next(c for c in m._children.values() if isinstance(c, Legend)).html
    assert "Cells with fewer than 3 entities are hidden" in legend


def test_xinjiang_map_in_english_keeps_ids_and_translates_names(data):
    shapes = cluster_shapes(data.clusters, data.units)
    with i18n.using("en"):
        m = xinjiang_map(data.units, shapes, {"Bases": pd.Series({"乌鲁木齐": 48})})
    layers = _geojson(m)
    units = layers["Prefectures"]
    assert _tooltip(units).aliases == ["Prefecture", "Kind", "Bases"]
    urumqi = next(
        f["properties"] for f in units.data["features"] if f["properties"]["id"] == "乌鲁木齐"
    )
    assert (urumqi["label"], urumqi["unit_kind"], urumqi["field0"]) == (
        "Urumqi", "Prefecture or city", "48",
    )  # fmt: skip
    styles = {units.style_function(f)["fillColor"] for f in units.data["features"]}
    assert styles == {"#e4ecf2", "#f3e9d2"}
    clusters = layers["Two cores, five axes, five zones"]
    assert _tooltip(clusters).aliases == ["Name", "Kind", "Members"]
    assert {f["properties"]["cluster_kind"] for f in clusters.data["features"]} == {
        "Core", "Axis", "Zone",
    }  # fmt: skip
    (labels,) = [c for c in m._children.values() if type(c).__name__ == "PlaceLabels"]
    assert "Kashgar Prefecture" in [text for _, _, text in labels.labels]


def test_uyghur_range_labels_stay_left_to_right(data):
    fill = pd.Series("#08519c", index=data.districts["adcode"])
    text = pd.Series("12", index=data.districts["adcode"])
    with i18n.using("ug"):
        m = urumqi_map(
            data.districts, data.communities, data.bases, ("choropleth",),
            choropleth=("T", text, fill, ["10 – 20"]),
        )  # fmt: skip
    legend = next(c for c in m._children.values() if isinstance(c, Legend)).html
    assert f"{i18n.LTR_START}10 – 20{i18n.ISOLATE_END}" in legend
    assert legend.startswith('<details open dir="rtl">')


def test_cards_in_english():
    data = loader.load_all()
    with i18n.using("en"):
        community = community_card(data.communities.iloc[0], "Tianshan District")
        base = base_card(data.bases.iloc[0], "Toutunhe District")
    assert community.subtitle.endswith(" community · Tianshan District")
    assert [label for label, _ in community.rows] == [
        "Community type", "Street (township)", "Year recognised", "New market entities (entities)",
        "Jobs created (people)", "People trained (person-times)",
    ]  # fmt: skip
    assert base.subtitle == "Autonomous Region Technology Business Incubator · Toutunhe District"


def test_render_map_cache_key_includes_the_language():
    kwargs = {"height": 640}
    with i18n.using("en"):
        english = map_cache.full_key("view", "m", kwargs)
    with i18n.using("ug"):
        uyghur = map_cache.full_key("view", "m", kwargs)
    chinese = map_cache.full_key("view", "m", kwargs)
    assert len({english, uyghur, chinese}) == 3
