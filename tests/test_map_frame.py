"""The map's frame: where a city map opens, points moved apart, labels in priority order,
the basemap setting, the attribution and the room-scale markers."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import MultiPolygon, box

from components import basemap, i18n, palettes
from components.maps import city_frame, community_map, urumqi_map
from components.point_layers import PlaceLabels, PointLayer
from components.screen import for_screen
from data import loader, reference
from geo.framing import MIN_SHOWN_SHARE, core_bounds, covering, dodge, label_anchors


@pytest.fixture(scope="module")
def data():
    return loader.load_all()


def children(m, kind):
    return [c for c in m._children.values() if isinstance(c, kind)]


def test_core_bounds_hold_the_central_points_and_leave_outliers_out():
    rng = np.random.default_rng(1)
    lon = np.r_[rng.normal(87.6, 0.03, 95), [86.9, 88.9, 87.2, 88.5, 87.0]]
    lat = np.r_[rng.normal(43.8, 0.03, 95), [43.0, 44.9, 43.1, 44.7, 43.2]]
    minx, miny, maxx, maxy = core_bounds(lon, lat)
    inside = (lon >= minx) & (lon <= maxx) & (lat >= miny) & (lat <= maxy)
    assert inside[:95].mean() >= 0.85 and not inside[95:].any()
    assert core_bounds(np.array([]), np.array([])) is None


def test_dodge_leaves_no_two_points_overlapping_inside_the_box():
    x, y = dodge(np.full(40, 100.0), np.full(40, 30.0), 5, gap=1, within=(0, 20, 680, 300))
    distance = np.hypot(x[:, None] - x[None], y[:, None] - y[None])
    np.fill_diagonal(distance, np.inf)
    assert distance.min() >= 11 - 1e-9
    assert y.min() >= 25 and x.min() >= 5
    assert (x[0], y[0]) == (100.0, 30.0)  # the first keeps its place


def test_district_labels_put_the_small_core_districts_first(data):
    m = community_map(data.districts, data.communities)
    (labels,) = children(m, PlaceLabels)
    texts = [text for _, _, text in labels.labels]
    assert texts[0] == "天山区" and texts[-1] in {"达坂城区", "米东区", "乌鲁木齐县"}


def test_a_place_is_named_inside_the_frame_only_where_it_covers_enough_of_it():
    frame = (0.0, 0.0, 10.0, 10.0)
    places = gpd.GeoSeries(
        [
            box(-20, 5, 5, 8),  # a quarter of it shows: named there
            box(9.9, -30, 40, 9),  # a sliver along the frame's edge: named at its own place
            MultiPolygon([box(50, 50, 51, 51), box(60, 0, 80, 20)]),  # out of the frame
        ]
    )
    assert box(-20, 5, 5, 8).intersection(box(*frame)).area / 100 > MIN_SHOWN_SHARE
    assert box(9.9, -30, 40, 9).intersection(box(*frame)).area / 100 < MIN_SHOWN_SHARE
    shown, sliver, away = label_anchors(places, frame)
    assert 0 <= shown.x <= 5 and 5 <= shown.y <= 8
    assert sliver.x > 10 and places[1].contains(sliver)
    assert box(60, 0, 80, 20).contains(away)  # in its largest part
    assert list(label_anchors(places)) == list(label_anchors(places, (100, 100, 101, 101)))


def test_dabancheng_is_not_named_on_the_corner_it_shows_in_the_city_view(data):
    districts = data.districts
    frame = city_frame(data.communities, data.bases)
    anchors = dict(zip(districts["adcode"], label_anchors(districts.geometry, frame), strict=True))
    corner = districts.set_index("adcode").geometry["650107"].intersection(box(*frame))
    assert not corner.is_empty  # 达坂城区 reaches into the city view with a corner
    assert not box(*frame).contains(anchors["650107"])
    assert box(*frame).contains(anchors["650102"])  # 天山区 is named where it shows


@pytest.mark.parametrize(
    ("env", "templates"),
    [
        ({}, 0),
        ({"ATLAS_BASEMAP": "tianditu-vector"}, 0),  # no key: no tiles
        ({"ATLAS_BASEMAP": "tianditu-vector", "ATLAS_TIANDITU_KEY": "k1"}, 2),
        ({"ATLAS_BASEMAP": "tianditu-imagery", "ATLAS_TIANDITU_KEY": "k1"}, 2),
        ({"ATLAS_BASEMAP": "http://10.0.0.5/t/{z}/{x}/{y}.png"}, 1),
        ({"ATLAS_BASEMAP": "not a source"}, 0),
    ],
)
def test_the_basemap_setting_names_the_tiles(monkeypatch, env, templates):
    for name in ("ATLAS_BASEMAP", "ATLAS_TIANDITU_KEY", "ATLAS_BASEMAP_ATTRIBUTION"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    source = basemap.tile_source()
    frame = basemap.MapFrame(source).data
    assert "2021" in frame["attribution"]  # the boundary source and its caveat, always
    if not templates:
        assert source is None and frame["tiles"] is None
        return
    assert len(source.templates) == templates
    if "ATLAS_TIANDITU_KEY" in env:
        base, notes = basemap.TIANDITU_LAYERS[env["ATLAS_BASEMAP"]]
        assert f"LAYER={base}&" in source.templates[0] and f"LAYER={notes}&" in source.templates[1]
        assert all(url.endswith("tk=k1") for url in source.templates)
        assert frame["attribution"].startswith(i18n.t("map.attribution.tianditu"))


def test_maps_have_no_default_scale_or_tiles_when_unset(monkeypatch, data):
    monkeypatch.delenv("ATLAS_BASEMAP", raising=False)
    m = community_map(data.districts, data.communities)
    html = m.get_root().render()
    assert "L.control.scale(" not in html.replace("L.control.scale({metric: true", "")
    assert "L.tileLayer(" not in html.replace("L.tileLayer(url", "")
    assert "setPrefix(false)" in html


def test_room_scale_enlarges_dots_and_keeps_them_smaller_over_a_choropleth(data):
    plain = for_screen(
        urumqi_map(data.districts, data.communities, data.bases, ("communities",)), True
    )
    (dots,) = children(plain, PointLayer)
    assert 2 * dots.data["style"]["radius"] >= 16
    fill = data.districts.set_index("adcode").index.to_series().map(lambda _: "#3182bd")
    values = fill.map(lambda _: "1")
    shaded = urumqi_map(
        data.districts, data.communities, data.bases, ("choropleth", "communities"),
        choropleth=("t", values, fill, ["a"]),
    )  # fmt: skip
    (small,) = children(for_screen(shaded, True), PointLayer)
    assert small.data["style"]["radius"] < dots.data["style"]["radius"] / 1.5
    assert small.data["style"]["radius"] > palettes.SMALL_MARKER["radius"]  # read from a room


def test_every_type_colour_gets_an_outline_that_contrasts_with_it(data):
    (dots,) = children(urumqi_map(data.districts, data.communities, data.bases,
                                  ("communities",)), PointLayer)  # fmt: skip
    pairs = {(p["color"], p["outline"]) for p in dots.properties()}
    types = set(reference.community_types()["color"])
    assert {color for color, _ in pairs} == types  # every type is drawn
    assert all(palettes.contrast_ratio(color, line) >= 3 for color, line in pairs), pairs
    assert palettes.outline_for("#000075") == palettes.LIGHT_OUTLINE  # navy: a white ring
    assert palettes.outline_for("#ffe119") == palettes.DARK_OUTLINE  # yellow: a dark ring
    assert palettes.outline_for("not a colour") == palettes.DARK_OUTLINE


def test_a_narrow_map_has_a_one_line_credit_with_the_full_one_behind_it():
    with i18n.using("ug"):
        frame = basemap.MapFrame(None).data
    assert "2021" in frame["short"] and len(frame["short"]) < len(frame["attribution"]) / 2
    assert frame["more"] and frame["short"] != frame["attribution"]


def test_covering_grows_a_box_to_hold_every_point():
    box = (87.0, 43.0, 88.0, 44.0)
    assert covering(box, np.array([87.5]), np.array([43.5])) == box  # inside: unchanged
    grown = covering(box, np.array([86.5, 87.2, np.nan]), np.array([43.2, 44.3, 45.0]))
    assert grown == (86.5, 43.0, 88.0, 44.3)  # a missing coordinate is left out


def test_a_district_map_opens_on_its_border_and_every_point_of_it(data):
    code = "650109"
    moved = data.communities.copy()
    minx, miny, maxx, maxy = data.districts.loc[data.districts["adcode"] == code].total_bounds
    outside = moved.index[moved["district"] == code][0]
    moved.loc[outside, ["lon", "lat"]] = [maxx + 0.05, miny - 0.03]  # just past the border
    m = urumqi_map(data.districts, moved, data.bases, ("communities",), focus=code)
    (frame,) = children(m, basemap.MapFrame)
    (south, west), (north, east) = frame.data["frame"]
    assert (west, north) == (pytest.approx(minx), pytest.approx(maxy))
    assert south == pytest.approx(miny - 0.03) and east == pytest.approx(maxx + 0.05)
