"""Benchmark helpers that must stay right: scaled data, the naive map, the page list."""

from __future__ import annotations

import pandas as pd
import shapely

from bench.cluster import capacity_ratios, sessions_at
from bench.common import Figure, table
from bench.pages import registered_pages
from bench.scale import scaled_dataset
from data import loader


def test_scaled_copy_has_k_times_the_points_inside_their_districts(tmp_path, monkeypatch):
    folder = scaled_dataset(3, tmp_path / "x3")
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(folder))
    loader.clear_cache()
    try:
        data = loader.load_all()  # validates every file
        sample = pd.read_csv(loader.SAMPLE_DIR / "communities.csv")
        assert len(data.communities) == 3 * len(sample) and data.communities["id"].is_unique
        shapes = data.districts.set_index("adcode").geometry
        for adcode, group in data.communities.groupby("district"):
            lon, lat = group["lon"].astype(float), group["lat"].astype(float)
            assert shapely.contains_xy(shapes[adcode], lon, lat).all()
        assert (folder / "entities.parquet").exists()
    finally:
        loader.clear_cache()


def test_page_list_and_table():
    pages = registered_pages()
    assert ("pages/public/map_explorer.py", "map", "地图") in pages
    assert not any(script.startswith("pages/admin/") for script, _, _ in pages)
    text = table([Figure("x", 0.25, "s", 3, 0.3), Figure("y", 2.0, "s", 1, 1.0, "note")])
    assert "yes" in text.splitlines()[1] and "NO" in text.splitlines()[2]


def test_capacity_is_read_off_the_larger_arrangements_curve():
    def measured(points):
        return {n: {"first_render_p95_s": p95} for n, p95 in points}

    results = {1: measured([(50, 1.0), (100, 2.0)]), 2: measured([(100, 1.0), (200, 1.8)])}
    ratios = capacity_ratios(results)
    assert [n for n, *_ in ratios] == [50, 100]
    (_, p95_50, held_50, beyond_50), (_, p95_100, held_100, beyond_100) = ratios
    assert (p95_50, held_50, beyond_50) == (1.0, 100, False)  # a measured point
    assert p95_100 == 2.0 and beyond_100  # past 1.8 s: extrapolated along the last segment
    assert abs(held_100 - 225) < 1e-9
    assert abs(sessions_at(1.4, [(100, 1.0), (200, 1.8)]) - 150) < 1e-9
    assert abs(sessions_at(0.5, [(100, 1.0), (200, 1.8)]) - 50) < 1e-9  # through the origin
