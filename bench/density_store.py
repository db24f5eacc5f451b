"""``python -m bench.density_store [--rows 1000000 10000000] [--runs 3]``: market-entity
density with the database store, two ways, on the same points.

- in the database: one grid query (plain SQL over the PostGIS points' coordinates,
  counts per cell and kind, the cell's majority district, cells under 3 dropped);
- in numpy on a cached pull: the points are pulled once per data version (COPY, as the
  snapshot does), then ``geo.density.aggregate`` counts them per view.

It loads invented points (``tools.generate_entities``) into the database in
``ATLAS_TEST_DATABASE_URL`` (a scratch database: its atlas tables are replaced) and prints
the median per view for the whole city at 2 km and one district at 0.25 km, and the
one-off pull. The app uses the faster per view; this benchmark is how we chose.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import numpy as np
import sqlalchemy as sa

from data import entities, loader, settings
from data.stores import postgres
from geo import density
from tools import generate_entities

VIEWS = ((None, 2.0), ("650103", 0.25))  # city at 2 km; 沙依巴克区 at 0.25 km


def grid_sql(cell_km: float, district: str | None) -> tuple[str, dict]:
    width, height = density.cell_degrees(cell_km)
    where = "district = :district" if district else "district IS NOT NULL"
    query = (
        "SELECT floor((ST_X(geom) - :lon0) / :w)::bigint AS ix,"
        " floor((ST_Y(geom) - :lat0) / :h)::bigint AS iy, count(*) AS total,"
        " count(*) FILTER (WHERE kind = 'individual') AS individual,"
        " count(*) FILTER (WHERE kind = 'enterprise') AS enterprise,"
        " mode() WITHIN GROUP (ORDER BY district) AS district"
        f" FROM {postgres.ENTITY_TABLE} WHERE {where} GROUP BY 1, 2 HAVING count(*) >= :least"
    )
    values = {"lon0": density.LON0, "lat0": density.LAT0, "w": width, "h": height}
    return query, values | {"district": district, "least": density.MIN_COUNT}


def _median(action, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def measure(rows: int, runs: int, url: str) -> list[str]:
    frame = generate_entities.generate(rows)
    codes = tuple(loader.load_boundaries("districts")["adcode"])
    content = entities.parquet_bytes(frame)
    start = time.perf_counter()
    with postgres.engine(url).begin() as conn:
        postgres.replace_rows(conn, "entities", content)
        conn.execute(sa.text(f"ANALYZE {postgres.ENTITY_TABLE}"))
    load_seconds = time.perf_counter() - start
    lines = [f"{rows:,} points: loaded into PostGIS in {load_seconds:.0f} s"]
    with postgres.engine(url).connect() as conn:
        pull_seconds, pulled = _median(
            lambda: postgres._copy_out(
                conn, f"SELECT kind, lon, lat, district FROM {postgres.ENTITY_TABLE}"
            ),
            1,
        )
        kind = (pulled["kind"] == "enterprise").to_numpy().astype(np.int8)
        district = pulled["district"].map({c: n for n, c in enumerate(codes)}).fillna(-1)
        lon, lat = pulled["lon"].astype(float).to_numpy(), pulled["lat"].astype(float).to_numpy()
        district = district.to_numpy().astype(np.int8)
        lines.append(f"  pull once per data version (COPY → arrays): {pull_seconds:.2f} s")
        for code, cell_km in VIEWS:
            query, values = grid_sql(cell_km, code)
            db_seconds, db_rows = _median(
                lambda q=query, v=values: conn.execute(sa.text(q), v).all(), runs
            )
            only = None if code is None else codes.index(code)
            np_seconds, grid = _median(
                lambda c=cell_km, o=only: density.aggregate(lon, lat, kind, district, codes, c, o),
                runs,
            )
            view = "city, 2 km" if code is None else f"{code}, {cell_km} km"
            agree = "same cells" if len(db_rows) == len(grid.cells) else "cells differ"
            lines.append(
                f"  {view}: database grid {db_seconds:.2f} s ({len(db_rows)} cells), "
                f"numpy on the pull {np_seconds:.3f} s ({len(grid.cells)} cells; {agree})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    url = settings.test_database_url()
    if url is None:
        print("set ATLAS_TEST_DATABASE_URL to a scratch PostGIS database", file=sys.stderr)
        return 2
    postgres.create_schema(url)
    for rows in args.rows:
        print("\n".join(measure(rows, args.runs, url)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
