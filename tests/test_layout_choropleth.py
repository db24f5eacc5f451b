"""二核五轴五区 geometry and choropleth values and classes."""

import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from data import loader, reference
from geo.choropleth import class_breaks, class_of, district_values
from geo.layout import cluster_shapes, unit_of_points


@pytest.fixture(scope="module")
def units():
    return loader.load_boundaries("xinjiang")


def test_cluster_shapes_follow_their_members(units):
    shapes = cluster_shapes(loader.load("clusters"), units).set_index("id")
    areas = units.set_index("short_name").geometry
    axis = shapes.loc["axis_north"].geometry
    assert isinstance(axis, LineString) and len(axis.coords) == 4
    for member, (x, y) in zip(["伊犁州", "博州", "塔城", "阿勒泰"], axis.coords, strict=True):
        assert areas[member].contains(Point(x, y))
    zone = shapes.loc["zone_east"].geometry
    assert zone.area == pytest.approx(areas["吐鲁番"].area + areas["哈密"].area, rel=1e-6)
    assert shapes.loc["core_urumqi"].geometry.equals(areas["乌鲁木齐"])


def test_unknown_member_is_a_clear_error(units):
    clusters = pd.DataFrame(
        [{"id": "x", "name": "测试区", "kind": "zone", "members": "乌鲁木齐、火星"}]
    )
    with pytest.raises(ValueError, match="火星"):
        cluster_shapes(clusters, units)


def test_points_fall_in_their_unit(units):
    found = unit_of_points(pd.Series([87.617, 75.99, 0.0]), pd.Series([43.793, 39.47, 0.0]), units)
    assert found.iloc[0] == "乌鲁木齐" and found.iloc[1] == "喀什" and pd.isna(found.iloc[2])


def test_district_values_total_and_per_10k():
    indicators = pd.DataFrame(
        {
            "district": ["A", "A", "B"],
            "quarter": ["2022Q1", "2023Q1", "2023Q2"],
            "jobs_created": [10, 20, 5],
        }
    )
    values = district_values(indicators, "jobs_created", "2023", ["A", "B", "C"])
    assert values.to_dict() == {"A": 20.0, "B": 5.0, "C": 0.0}
    population = pd.Series({"A": 40_000, "B": 10_000, "C": 1})
    per_10k = district_values(indicators, "jobs_created", "2022-2024", ["A", "B"], population)
    assert per_10k.to_dict() == {"A": 7.5, "B": 5.0}


def test_class_breaks_cover_all_values_and_classify():
    values = pd.Series([0.0, 10, 20, 30, 40, 1000])
    breaks = class_breaks(values, 5)
    assert breaks[0] <= 0 and breaks[-1] >= 1000 and breaks == sorted(breaks)
    classes = class_of(values, breaks)
    assert classes.iloc[0] == 0 and classes.iloc[-1] == len(breaks) - 2
    assert classes.is_monotonic_increasing
    assert class_breaks(pd.Series([5.0, 5.0])) == [5.0, 6.0]


def test_population_table_states_its_source():
    table = reference.district_population()
    assert len(table) == 8 and table["population"].gt(0).all()
    assert (table["source_title"].str.len() > 0).all()
    assert table["is_sample"].all()  # placeholder figures, labelled as such
