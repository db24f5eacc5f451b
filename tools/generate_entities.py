"""Write invented market-entity points (示例数据):
``python -m tools.generate_entities --rows N --out FILE [--seed S]``.

Every point is invented. Points fall inside Urumqi's districts, weighted towards the urban
districts (the weights and anchors of tools.generate_sample), clustered around each
district's built-up area and a few sub-centres. About 72% are 个体工商户, the rest 企业.
``FILE`` ending in ``.parquet`` is written in the served format (kind codes, adcodes,
flagged as sample), importable as it is; ``.csv`` uses Chinese labels and district names
like the other sample files. The same seed and row count always give the same points.

The shipped sample has ``data/sample/entities.parquet`` with 20,000 rows:
``python -m tools.generate_entities --rows 20000 --out data/sample/entities.parquet``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from data import entities, reference
from data.loader import SHIPPED_BOUNDARY_DIR
from tools.generate_sample import DISTRICTS

DEFAULT_SEED = 2024
SAMPLE_ROWS = 20_000
ENTERPRISE_SHARE = 0.28
WEIGHT_POWER = 1.6  # sharpen generate_sample's weights: entities crowd the city centre
SUB_CENTRES = 5
MIX = (0.55, 0.35, 0.10)  # around the anchor, around sub-centres, anywhere in the district


def _inside(polygon, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return shapely.contains_xy(polygon, lon, lat)


def _points_in(polygon, anchor, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` points inside ``polygon``: clustered around ``anchor`` and sub-centres."""
    shapely.prepare(polygon)
    west, south, east, north = polygon.bounds
    size = max(east - west, north - south)
    spread = min(0.03, size / 8)
    centres = np.column_stack(
        [rng.uniform(west, east, SUB_CENTRES * 8), rng.uniform(south, north, SUB_CENTRES * 8)]
    )
    centres = centres[_inside(polygon, centres[:, 0], centres[:, 1])][:SUB_CENTRES]
    if not len(centres):
        centres = np.array([anchor])
    out = np.empty((0, 2))
    while len(out) < count:
        batch = max(1024, int((count - len(out)) * 1.5))
        part = rng.choice(3, size=batch, p=MIX)
        xy = np.empty((batch, 2))
        near = part == 0
        xy[near] = rng.normal(anchor, spread, (near.sum(), 2))
        sub = part == 1
        picks = centres[rng.integers(0, len(centres), sub.sum())]
        xy[sub] = picks + rng.normal(0, spread / 3, (sub.sum(), 2))
        anywhere = part == 2
        xy[anywhere] = np.column_stack(
            [rng.uniform(west, east, anywhere.sum()), rng.uniform(south, north, anywhere.sum())]
        )
        out = np.vstack([out, xy[_inside(polygon, xy[:, 0], xy[:, 1])]])
    return out[:count]


def generate(rows: int, seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """``rows`` invented entities: id, kind (code), lon, lat (WGS-84), district (adcode)."""
    import geopandas as gpd

    rng = np.random.default_rng(seed)
    districts = gpd.read_file(SHIPPED_BOUNDARY_DIR / "urumqi_districts.geojson")
    districts["adcode"] = districts["adcode"].astype(str)
    shapes = dict(zip(districts["adcode"], districts.geometry, strict=True))
    codes = list(DISTRICTS)
    weights = np.array([DISTRICTS[c][0] for c in codes]) ** WEIGHT_POWER
    counts = rng.multinomial(rows, weights / weights.sum())
    parts = []
    for adcode, count in zip(codes, counts, strict=True):
        if count:
            xy = _points_in(shapes[adcode], DISTRICTS[adcode][1], int(count), rng)
            parts.append(pd.DataFrame({"lon": xy[:, 0], "lat": xy[:, 1], "district": adcode}))
    frame = pd.concat(parts, ignore_index=True).sample(frac=1, random_state=seed)
    frame = frame.reset_index(drop=True)
    frame.insert(0, "id", [f"E{n:07d}" for n in range(1, len(frame) + 1)])
    enterprise = rng.random(len(frame)) < ENTERPRISE_SHARE
    frame.insert(1, "kind", np.where(enterprise, "enterprise", "individual"))
    frame["lon"] = frame["lon"].round(entities.COORDINATE_DECIMALS)
    frame["lat"] = frame["lat"].round(entities.COORDINATE_DECIMALS)
    return frame


def write(frame: pd.DataFrame, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".parquet":
        out.write_bytes(entities.parquet_bytes(frame, is_sample=True))
        return
    names = dict(zip(*_district_names(), strict=True))
    labels = {code: reference.label("entity_kinds", code) for code in entities.KIND_CODES}
    readable = frame.assign(
        kind=frame["kind"].map(labels),
        district=frame["district"].map(names),
    )
    out.write_bytes(readable.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def _district_names() -> tuple[list[str], list[str]]:
    import json

    collection = json.loads((SHIPPED_BOUNDARY_DIR / "urumqi_districts.geojson").read_text("utf-8"))
    properties = [f["properties"] for f in collection["features"]]
    return [str(p["adcode"]) for p in properties], [p["name"] for p in properties]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=SAMPLE_ROWS)
    parser.add_argument("--out", type=Path, required=True, help=".parquet or .csv")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.out.suffix not in (".parquet", ".csv"):
        parser.error("--out must end in .parquet or .csv")
    frame = generate(args.rows, args.seed)
    write(frame, args.out)
    print(f"entities: {len(frame):,} rows (示例数据) -> {args.out}")


if __name__ == "__main__":
    main()
