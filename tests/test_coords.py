"""Datum conversions between WGS-84, GCJ-02 and BD-09."""

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Point, Polygon

from geo.coords import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    geometry_gcj02_to_wgs84,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

GEOD = Geod(ellps="WGS84")

# Published outputs of the widely used coordtransform library for input (116.404, 39.915).
BEIJING = (116.404, 39.915)
PUBLISHED_FORWARD = {
    wgs84_to_gcj02: (116.41024449916938, 39.91640428150164),
    gcj02_to_bd09: (116.41036949371029, 39.92133699351021),
    wgs84_to_bd09: (116.41662724378733, 39.922699552216216),
}
# coordtransform's inverses are one-step approximations; ours iterate, so they
# agree only to a few centimetres.
PUBLISHED_INVERSE = {
    gcj02_to_wgs84: (116.39775550083061, 39.91359571849836),
    bd09_to_gcj02: (116.39762729119315, 39.90865673957631),
    bd09_to_wgs84: (116.3913836995125, 39.907253214522164),
}

PEOPLES_SQUARE_WGS84 = (87.617, 43.793)


def distance_m(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2]


def xinjiang_grid():
    lon, lat = np.meshgrid(np.linspace(73.5, 96.4, 60), np.linspace(34.3, 49.2, 60))
    return lon.ravel(), lat.ravel()


def urumqi_grid():
    lon, lat = np.meshgrid(np.linspace(86.6, 88.9, 30), np.linspace(42.7, 44.2, 30))
    return lon.ravel(), lat.ravel()


@pytest.mark.parametrize("convert", list(PUBLISHED_FORWARD), ids=lambda f: f.__name__)
def test_forward_matches_published_pair(convert):
    lon, lat = convert(*BEIJING)
    assert (lon, lat) == pytest.approx(PUBLISHED_FORWARD[convert], abs=1e-12)


@pytest.mark.parametrize("convert", list(PUBLISHED_INVERSE), ids=lambda f: f.__name__)
def test_inverse_close_to_published_one_step_value(convert):
    lon, lat = convert(*BEIJING)
    assert distance_m(lon, lat, *PUBLISHED_INVERSE[convert]) < 0.5


def test_inverse_is_exact_where_one_step_approximation_is_not():
    wgs = gcj02_to_wgs84(*BEIJING)
    assert wgs84_to_gcj02(*wgs) == pytest.approx(BEIJING, abs=1e-12)
    one_step = PUBLISHED_INVERSE[gcj02_to_wgs84]
    assert distance_m(*wgs84_to_gcj02(*one_step), *BEIJING) > 0.01


def test_offset_at_peoples_square_is_about_267_m():
    gcj = wgs84_to_gcj02(*PEOPLES_SQUARE_WGS84)
    assert 260 < distance_m(*PEOPLES_SQUARE_WGS84, *gcj) < 275


def test_offset_magnitude_around_urumqi():
    lon, lat = urumqi_grid()
    gcj_shift = distance_m(lon, lat, *wgs84_to_gcj02(lon, lat))
    bd_shift = distance_m(lon, lat, *wgs84_to_bd09(lon, lat))
    assert gcj_shift.min() > 200 and gcj_shift.max() < 350
    assert bd_shift.min() > 1000 and bd_shift.max() < 1200


@pytest.mark.parametrize(
    ("to_wgs", "from_wgs"),
    [(gcj02_to_wgs84, wgs84_to_gcj02), (bd09_to_wgs84, wgs84_to_bd09)],
    ids=["gcj02", "bd09"],
)
def test_round_trip_under_1_m_across_xinjiang(to_wgs, from_wgs):
    lon, lat = xinjiang_grid()
    back_lon, back_lat = from_wgs(*to_wgs(lon, lat))
    assert distance_m(lon, lat, back_lon, back_lat).max() < 1.0
    # and in the other direction
    back_lon, back_lat = to_wgs(*from_wgs(lon, lat))
    assert distance_m(lon, lat, back_lon, back_lat).max() < 1.0


def test_bd09_gcj02_round_trip():
    lon, lat = xinjiang_grid()
    back = gcj02_to_bd09(*bd09_to_gcj02(lon, lat))
    assert distance_m(lon, lat, *back).max() < 0.01


def test_scalars_give_floats():
    lon, lat = wgs84_to_gcj02(87.6, 43.8)
    assert isinstance(lon, float) and isinstance(lat, float)


def test_arrays_keep_their_shape():
    lon = np.full((3, 4), 87.6)
    lat = np.full((3, 4), 43.8)
    for convert in (wgs84_to_gcj02, gcj02_to_wgs84, bd09_to_wgs84, wgs84_to_bd09):
        out_lon, out_lat = convert(lon, lat)
        assert out_lon.shape == (3, 4) and out_lat.shape == (3, 4)
    out_lon, _ = wgs84_to_gcj02([87.6, 87.7], [43.8, 43.9])
    assert out_lon.shape == (2,)


def test_array_and_scalar_results_agree():
    lon, lat = xinjiang_grid()
    array_lon, array_lat = gcj02_to_wgs84(lon, lat)
    for i in (0, 17, len(lon) - 1):
        assert gcj02_to_wgs84(lon[i], lat[i]) == (array_lon[i], array_lat[i])


def test_to_wgs84_dispatches_on_source_system():
    lon, lat = 87.62, 43.8
    assert to_wgs84(lon, lat, "wgs84") == (lon, lat)
    assert to_wgs84(lon, lat, "gcj02") == gcj02_to_wgs84(lon, lat)
    assert to_wgs84(lon, lat, "bd09") == bd09_to_wgs84(lon, lat)


@pytest.mark.parametrize("crs", ["WGS84", "epsg:4326", "gcj-02", "", None])
def test_to_wgs84_rejects_unknown_crs(crs):
    with pytest.raises(ValueError, match="coordinate system"):
        to_wgs84(87.6, 43.8, crs)


def test_geometry_conversion_moves_every_vertex():
    square = Polygon([(87.6, 43.8), (87.7, 43.8), (87.7, 43.9), (87.6, 43.9)])
    converted = geometry_gcj02_to_wgs84(square)
    for (x, y), (cx, cy) in zip(square.exterior.coords, converted.exterior.coords, strict=True):
        assert (cx, cy) == pytest.approx(gcj02_to_wgs84(x, y), abs=1e-12)
    assert geometry_gcj02_to_wgs84(Point(87.6, 43.8)).coords[0] == gcj02_to_wgs84(87.6, 43.8)
