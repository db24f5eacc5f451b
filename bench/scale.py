"""Scaled copies of the sample dataset for the benchmark (``scaled_dataset``).

A copy at factor k holds k times the sample's communities and bases: each original row
plus k - 1 copies whose points are jittered inside the same district. Indicators,
targets and clusters are copied unchanged. The copies are seeded, so every run measures
the same data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from data import loader

JITTER_DEGREES = 0.012  # about 1 km
PLACEMENT_TRIES = 60
SCALED_KINDS = ("communities", "bases")


def district_shapes() -> dict[str, object]:
    """Polygon of each district, by the names the sample files use."""
    districts = loader.load_boundaries("districts")
    shapes = {}
    for row in districts.itertuples():
        for key in (row.adcode, row.name, row.short_name):
            shapes[key] = row.geometry
    return shapes


def jitter_inside(
    lon: np.ndarray, lat: np.ndarray, polygon, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Points near (lon, lat), each inside ``polygon``; the original point when no try fits."""
    out_lon, out_lat = lon.copy(), lat.copy()
    pending = np.arange(len(lon))
    for _ in range(PLACEMENT_TRIES):
        if not len(pending):
            break
        try_lon = lon[pending] + rng.normal(0, JITTER_DEGREES, len(pending))
        try_lat = lat[pending] + rng.normal(0, JITTER_DEGREES, len(pending))
        inside = shapely.contains_xy(polygon, try_lon, try_lat)
        out_lon[pending[inside]] = try_lon[inside]
        out_lat[pending[inside]] = try_lat[inside]
        pending = pending[~inside]
    return out_lon.round(5), out_lat.round(5)


def scale_rows(frame: pd.DataFrame, factor: int, shapes: dict, seed: int) -> pd.DataFrame:
    """``frame`` (text cells, as in the sample CSV) with ``factor`` copies of each row."""
    rng = np.random.default_rng(seed)
    copies = [frame]
    for number in range(1, factor):
        copy = frame.copy()
        copy["id"] = frame["id"] + f"-{number:03d}"
        copy["name"] = frame["name"] + f"（{number}）"
        lon = frame["lon"].astype(float).to_numpy()
        lat = frame["lat"].astype(float).to_numpy()
        new_lon, new_lat = lon.copy(), lat.copy()
        for district, rows in frame.groupby("district").indices.items():
            new_lon[rows], new_lat[rows] = jitter_inside(
                lon[rows], lat[rows], shapes[district], rng
            )
        copy["lon"] = [f"{v:.5f}" for v in new_lon]
        copy["lat"] = [f"{v:.5f}" for v in new_lat]
        copies.append(copy)
    return pd.concat(copies, ignore_index=True)


def scaled_dataset(factor: int, out: Path, seed: int = 7) -> Path:
    """Write the sample at ``factor`` times its communities and bases into ``out``."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(loader.SAMPLE_DIR, out)
    if factor == 1:
        return out
    shapes = district_shapes()
    for number, kind in enumerate(SCALED_KINDS):
        path = out / f"{kind}.csv"
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        scaled = scale_rows(frame, factor, shapes, seed + number)
        path.write_bytes(scaled.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return out
