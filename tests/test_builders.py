"""Map and KPI builders, asserted on the objects they return."""

from __future__ import annotations

import re

import folium
import pandas as pd
import pytest

from components.kpi import count_card, progress_card
from components.maps import community_map
from components.palettes import DISTRICT_STYLE
from components.point_layers import PointLayer
from data import loader, reference
from geo.indicators import Progress


def point_layers(m: folium.Map) -> dict[str, PointLayer]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, PointLayer)}


def community_features(m: folium.Map) -> list[dict]:
    return [p for layer in point_layers(m).values() for p in layer.properties() if "type_name" in p]


@pytest.fixture(scope="module")
def districts():
    return loader.load_boundaries("districts")


@pytest.fixture(scope="module")
def communities():
    return loader.load("communities")


def test_community_map_opens_on_the_urban_core_and_has_no_remote_assets(districts, communities):
    m = community_map(districts, communities)
    html = m.get_root().render()
    (bounds,) = [c for c in m._children.values() if type(c).__name__ == "FitBounds"]
    (south, west), (north, east) = bounds.bounds
    # The core of the communities, not the 13,779 km² of the whole city ...
    city_w, city_s, city_e, city_n = districts.total_bounds
    assert (east - west) * (north - south) < 0.1 * (city_e - city_w) * (city_n - city_s)
    # ... holding most of them (the outer ones are a zoom-out away).
    inside = communities["lon"].between(west, east) & communities["lat"].between(south, north)
    assert inside.mean() >= 0.8
    assert m.options["maxZoom"] == 18
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    assert html.count(DISTRICT_STYLE["fillColor"]) >= 1
    (labels,) = [c for c in m._children.values() if type(c).__name__ == "PlaceLabels"]
    shown = [text for _, _, text in labels.labels]
    for name in districts["name"]:
        assert name in shown


def test_community_map_filters_types_and_legend_follows(districts, communities):
    m = community_map(districts, communities, type_codes=["childcare"])
    legend = next(c for c in m._children.values() if type(c).__name__ == "Legend")
    assert "托育服务" in legend.html and "电子商务" not in legend.html
    childcare = communities[communities["type"] == "childcare"]
    shown = community_features(m)
    assert len(shown) == len(childcare) and {f["type_name"] for f in shown} == {"托育服务"}
    assert sorted(f["name"] for f in shown) == sorted(childcare["name"])


def test_tooltips_escape_hostile_names(districts, communities):
    hostile = communities.head(3).copy()
    hostile["name"] = [
        "<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "${alert(1)}",
    ]  # fmt: skip
    m = community_map(districts, hostile)
    html = m.get_root().render()
    assert "<img src=x" not in html and "${alert" not in html
    assert "</script><script>alert" not in html
    names = [f["name"] for f in community_features(m)]
    assert names == [
        "&lt;img src=x onerror=alert(1)&gt;",
        "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#36;{alert(1)}",
    ]


def test_kpi_cards():
    assert count_card("创业社区", 1234, "个").value == "1,234"
    card = progress_card(Progress("jobs_created", 950, 1000), "三年目标")
    assert (card.label, card.value, card.delta, card.delta_color) == (
        "带动就业（人）", "950", "完成 95% · 接近", "orange",
    )  # fmt: skip
    assert progress_card(Progress("jobs_created", 800, 1000)).delta_color == "red"
    assert progress_card(Progress("jobs_created", 1000, 1000)).delta_color == "green"
    loans = progress_card(Progress("startup_loans", 12.34, None))
    assert loans.value == "12.3" and loans.delta is None
    assert reference.label("indicators", "startup_loans") in loans.label


def geojson_layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.GeoJson)}


def test_urumqi_map_focus_choropleth_and_base_icons(districts, communities):
    from components.maps import urumqi_map
    from components.palettes import CHOROPLETH_COLORS

    bases = loader.load("bases")
    fill = pd.Series("#08519c", index=districts["adcode"])
    text = pd.Series("12", index=districts["adcode"])
    m = urumqi_map(
        districts, communities, bases, ("communities", "bases", "choropleth"),
        focus="650106", choropleth=("带动就业", text, fill, ["0 – 1"]),
    )  # fmt: skip
    layers = geojson_layers(m)
    (bounds,) = [c for c in m._children.values() if type(c).__name__ == "FitBounds"]
    (south, west), (north, east) = bounds.bounds
    tou = districts.set_index("adcode").geometry["650106"].bounds
    assert (west, south, east, north) == pytest.approx(tou)
    styles = [layers["区县"].style_function(f) for f in layers["区县"].data["features"]]
    assert {s["fillColor"] for s in styles} == {"#08519c"}
    assert sum(s.get("weight") == 3.5 for s in styles) == 1
    points = point_layers(m)["孵化基地"].properties()
    assert {p["kind"] for p in points} == {"base"} and len(points) == (
        bases["district"] == "650106"
    ).sum()
    chuangzhi = next(p for p in points if p["name"] == "创智大厦")
    assert (chuangzhi["icon"], chuangzhi["marker_color"]) == ("flask", "orange")
    on_map = [p["id"] for p in point_layers(m)["创业社区"].properties()]
    assert set(on_map) == set(communities.loc[communities["district"] == "650106", "id"])
    assert (
        CHOROPLETH_COLORS[0]
        in next(c for c in m._children.values() if type(c).__name__ == "Legend").html
    )


def test_xinjiang_map_draws_units_and_layout():
    from components.maps import xinjiang_map
    from geo.layout import cluster_shapes

    units = loader.load_boundaries("xinjiang")
    shapes = cluster_shapes(loader.load("clusters"), units)
    m = xinjiang_map(units, shapes, {"孵化基地（个）": pd.Series({"乌鲁木齐": 48})})
    layers = geojson_layers(m)
    unit_features = layers["地州"].data["features"]
    assert len(unit_features) == 24
    urumqi = next(f["properties"] for f in unit_features if f["properties"]["id"] == "乌鲁木齐")
    assert urumqi["field0"] == "48"
    kinds = [f["properties"]["layout"] for f in layers["二核五轴五区"].data["features"]]
    assert kinds[:5] == ["zone"] * 5 and sorted(kinds) == ["axis"] * 5 + ["core"] * 2 + ["zone"] * 5


def test_a_share_just_below_target_never_reads_as_done():
    from components.labels import format_ratio as share

    assert share(0.996) == "99.6%" and share(1.0) == "100%" and share(0.93) == "93%"
    assert progress_card(Progress("jobs_created", 996, 1000)).delta == "完成 99.6% · 接近"
