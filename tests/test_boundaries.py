"""Committed boundary files in data/boundaries/ (built by tools.build_boundaries)."""

import itertools
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

from geo.areas import area_km2

BOUNDARIES_DIR = Path(__file__).resolve().parents[1] / "data" / "boundaries"
DISTRICTS_FILE = BOUNDARIES_DIR / "urumqi_districts.geojson"
UNITS_FILE = BOUNDARIES_DIR / "xinjiang_units.geojson"

REFERENCE_DISTRICT_KM2 = {
    "天山区": 170.8,
    "沙依巴克区": 420.4,
    "新市区": 262.2,
    "水磨沟区": 279.6,
    "头屯河区": 358.5,
    "达坂城区": 4764.0,
    "米东区": 3400.8,
    "乌鲁木齐县": 4122.5,
}
REFERENCE_URUMQI_TOTAL_KM2 = 13778.7
DISTRICT_ADCODES = ["650102", "650103", "650104", "650105", "650106", "650107", "650109", "650121"]
PREFECTURE_ADCODES = [
    "650100",
    "650200",
    "650400",
    "650500",
    "652300",
    "652700",
    "652800",
    "652900",
    "653000",
    "653100",
    "653200",
    "654000",
    "654200",
    "654300",
]
XPCC_ADCODES = [f"6590{n:02d}" for n in range(1, 11)]
MAX_OVERLAP_DEG2 = 1e-9


@pytest.fixture(scope="module")
def districts():
    return gpd.read_file(DISTRICTS_FILE)


@pytest.fixture(scope="module")
def units():
    return gpd.read_file(UNITS_FILE)


def overlapping_pairs(gdf):
    pairs = []
    for (i, a), (j, b) in itertools.combinations(gdf.geometry.items(), 2):
        if a.intersection(b).area > MAX_OVERLAP_DEG2:
            pairs.append((gdf.loc[i, "name"], gdf.loc[j, "name"]))
    return pairs


def gaps(gdf):
    """Interior rings of the union: slivers left between neighbours."""
    union = shapely.union_all(gdf.geometry.values)
    return [ring for part in getattr(union, "geoms", [union]) for ring in part.interiors]


def test_file_sizes_within_budget():
    assert DISTRICTS_FILE.stat().st_size <= 100 * 1024
    assert UNITS_FILE.stat().st_size <= 200 * 1024


def test_district_rows_and_columns(districts):
    assert list(districts["adcode"]) == DISTRICT_ADCODES
    assert list(districts["name"]) == list(REFERENCE_DISTRICT_KM2)
    assert list(districts.columns) == ["adcode", "name", "short_name", "area_km2", "geometry"]
    assert list(districts["short_name"]) == [
        "天山",
        "沙依巴克",
        "新市",
        "水磨沟",
        "头屯河",
        "达坂城",
        "米东",
        "乌鲁木齐县",
    ]
    assert districts.crs.to_epsg() == 4326


def test_unit_rows_and_kinds(units):
    assert len(units) == 24
    assert list(units["adcode"]) == PREFECTURE_ADCODES + XPCC_ADCODES
    kinds = dict(zip(units["adcode"], units["kind"], strict=True))
    assert {kinds[a] for a in PREFECTURE_ADCODES} == {"地州市"}
    assert {kinds[a] for a in XPCC_ADCODES} == {"兵团城市"}
    short = dict(zip(units["name"], units["short_name"], strict=True))
    assert short["昌吉回族自治州"] == "昌吉州"
    assert short["巴音郭楞蒙古自治州"] == "巴州"
    assert short["克孜勒苏柯尔克孜自治州"] == "克州"
    assert short["石河子市"] == "石河子"
    assert short["胡杨河市"] == "胡杨河"
    assert not any(s.endswith("市") for s in units["short_name"])


@pytest.mark.parametrize("fixture_name", ["districts", "units"])
def test_geometries_valid(fixture_name, request):
    gdf = request.getfixturevalue(fixture_name)
    assert gdf.geometry.is_valid.all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("fixture_name", ["districts", "units"])
def test_neighbours_do_not_overlap(fixture_name, request):
    assert overlapping_pairs(request.getfixturevalue(fixture_name)) == []


@pytest.mark.parametrize("fixture_name", ["districts", "units"])
def test_no_gaps_between_neighbours(fixture_name, request):
    gdf = request.getfixturevalue(fixture_name)
    assert gaps(gdf) == []
    assert shapely.coverage_is_valid(gdf.geometry.values)


def test_units_tile_one_province(units):
    assert shapely.union_all(units.geometry.values).geom_type == "Polygon"


def test_dabancheng_has_two_parts(districts):
    dabancheng = districts.set_index("name").geometry["达坂城区"]
    assert len(dabancheng.geoms) == 2


def test_district_areas_match_reference(districts):
    computed = dict(zip(districts["name"], area_km2(districts), strict=True))
    for name, reference in REFERENCE_DISTRICT_KM2.items():
        assert computed[name] == pytest.approx(reference, rel=0.01), name
    assert sum(computed.values()) == pytest.approx(REFERENCE_URUMQI_TOTAL_KM2, rel=0.01)


def test_stored_area_column_agrees(districts, units):
    for gdf in (districts, units):
        recomputed = area_km2(gdf).round(1)
        assert (abs(gdf["area_km2"] - recomputed) <= 0.05).all()


def test_urumqi_prefecture_matches_its_districts(districts, units):
    urumqi = units.loc[units["adcode"] == "650100"].geometry.iloc[0]
    union = shapely.union_all(districts.geometry.values)
    assert urumqi.symmetric_difference(union).area / union.area < 0.01


def test_peoples_square_is_in_tianshan(districts):
    square = Point(87.617, 43.793)
    assert list(districts.loc[districts.contains(square), "name"]) == ["天山区"]
