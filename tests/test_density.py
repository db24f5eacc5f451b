"""Market-entity density: grid sizes, suppression of small cells, the layer's payload."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from components.maps import DensityView, urumqi_map
from data import loader
from geo import density

CODES = ("650102", "650103")


def cell_centre(ix: int, iy: int, cell_km: float) -> tuple[float, float]:
    width, height = density.cell_degrees(cell_km)
    return density.LON0 + (ix + 0.5) * width, density.LAT0 + (iy + 0.5) * height


def points(cells: list[tuple[int, int, int, int]], cell_km: float = 1.0):
    """(ix, iy, individuals, enterprises) → arrays of points in those cells, district 0."""
    lon, lat, kind = [], [], []
    for ix, iy, individuals, enterprises in cells:
        x, y = cell_centre(ix, iy, cell_km)
        for k, n in ((0, individuals), (1, enterprises)):
            lon += [x] * n
            lat += [y] * n
            kind += [k] * n
    n = len(lon)
    return (np.array(lon), np.array(lat), np.array(kind, np.int8), np.zeros(n, np.int8))


def test_cells_with_fewer_than_three_entities_are_suppressed():
    lon, lat, kind, district = points(
        [(500, 300, 1, 0), (501, 300, 1, 1), (502, 300, 3, 0), (503, 300, 0, 7)]
    )
    grid = density.aggregate(lon, lat, kind, district, CODES, 1.0)
    assert grid.cells[["ix", "total"]].values.tolist() == [[502, 3], [503, 7]]
    assert grid.suppressed_cells == 2 and grid.entities == 13
    assert (grid.cells["total"] >= density.MIN_COUNT).all()


def test_split_by_kind_is_withheld_when_one_kind_is_small():
    lon, lat, kind, district = points(
        [(500, 300, 9, 1), (501, 300, 4, 0), (502, 300, 3, 4), (503, 300, 10, 2)]
    )
    grid = density.aggregate(lon, lat, kind, district, CODES, 1.0)
    visible = dict(zip(grid.cells["ix"], density.split_visible(grid.cells), strict=True))
    assert visible == {500: False, 501: True, 502: True, 503: False}


def test_points_outside_urumqi_and_other_districts_are_not_counted():
    lon, lat, kind, district = points([(500, 300, 5, 0), (501, 300, 5, 0)])
    district[5:] = -1  # outside every district
    assert density.aggregate(lon, lat, kind, district, CODES, 1.0).entities == 5
    district[5:] = 1
    grid = density.aggregate(lon, lat, kind, district, CODES, 1.0, only_district=1)
    assert grid.cells["ix"].tolist() == [501] and grid.cells["district"].tolist() == ["650103"]


def test_cell_size_follows_the_view():
    districts = loader.load_boundaries("districts").set_index("adcode")
    city = density.cell_size_km(tuple(districts.total_bounds))
    tianshan = density.cell_size_km(districts.geometry["650102"].bounds)
    assert city == 2.0 and tianshan == 0.25
    assert density.cell_size_km((87.0, 43.0, 87.0001, 43.0001)) == density.NICE_CELL_KM[0]


def test_raw_points_only_below_the_limit():
    lon, lat, kind, district = points([(500, 300, 5, 5)])
    assert density.raw_points(lon, lat, kind, district, limit=0) is None
    assert density.raw_points(lon, lat, kind, district, limit=9) is None
    shown = density.raw_points(lon, lat, kind, district, limit=10)
    assert len(shown) == 10 and set(shown.columns) == {"lon", "lat", "kind"}


def density_data(m) -> dict:
    (layer,) = [c for c in m._children.values() if type(c).__name__ == "DensityLayer"]
    return layer.data


@pytest.fixture(scope="module")
def sample():
    return loader.load_all()


def test_density_layer_sends_only_cells_of_three_or_more(sample):
    lon, lat, kind, district = points(
        [(500, 300, 2, 0), (501, 300, 9, 1), (502, 300, 30, 40)], cell_km=2.0
    )
    codes = tuple(sample.districts["adcode"])
    grid = density.aggregate(lon, lat, kind, district, codes, 2.0)
    m = urumqi_map(
        sample.districts, sample.communities, sample.bases, ("density",),
        density=DensityView(grid, "市场主体密度<b>"),
    )  # fmt: skip
    data = density_data(m)
    assert [row[2] for row in data["cells"]] == [10, 70]
    assert len(data["cells"][0]) == 5  # 9 + 1: the split is withheld
    assert data["cells"][1][5:] == [30, 40]
    assert "points" not in data
    html = m.get_root().render()
    assert "市场主体密度&lt;b&gt;" in json.loads(f'"{_legend_html(html)}"')
    assert "少于 3 户的网格不显示" in json.loads(f'"{_legend_html(html)}"')


def _legend_html(html: str) -> str:
    """The legend's HTML as a JSON string body: the script's second argument."""
    start = html.index('("bottomright", ', html.index("function addLegend(")) + len(
        '("bottomright", '
    )
    _, end = json.JSONDecoder().raw_decode(html, start)
    return html[start + 1 : end - 1]


def test_density_layer_draws_points_only_when_given(sample):
    lon, lat, kind, district = points([(500, 300, 3, 2)])
    codes = tuple(sample.districts["adcode"])
    grid = density.aggregate(lon, lat, kind, district, codes, 1.0)
    raw = density.raw_points(lon, lat, kind, district, limit=10)
    m = urumqi_map(
        sample.districts, sample.communities, sample.bases, ("density",),
        density=DensityView(grid, "密度", raw),
    )  # fmt: skip
    assert len(density_data(m)["points"]) == 5
    without = urumqi_map(
        sample.districts, sample.communities, sample.bases, ("communities",),
        density=DensityView(grid, "密度", raw),
    )  # fmt: skip
    assert not [c for c in without._children.values() if type(c).__name__ == "DensityLayer"]


def test_shipped_sample_entities_are_labelled_and_inside_urumqi():
    points_ = loader.load_entities()
    assert points_ is not None and points_.is_sample
    assert 10_000 <= len(points_) <= 50_000
    assert (points_.district >= 0).mean() > 0.99
    assert set(np.unique(points_.kind)) == {0, 1}
    assert loader.entities_path().stat().st_size < 2 * 1024 * 1024
    assert pd.Series(points_.kind).mean() == pytest.approx(0.28, abs=0.03)
