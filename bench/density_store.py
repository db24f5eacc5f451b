"""``python -m bench.density_store [--rows 1000000 10000000] [--runs 3]``: market-entity
density with the database store, two ways, on the same points.

- in the database: one grid query (plain SQL over the PostGIS points' coordinates,
  counts per cell and kind, the cell's majority district, cells under 3 dropped);
- in numpy on a cached pull: the points are pulled once per data version (COPY, as the
  snapshot does), then ``geo.density.aggregate`` counts them per view.

It loads invented points (``tools.generate_entities``, a million at a time, streamed by
COPY) into the database in ``ATLAS_TEST_DATABASE_URL`` (a scratch database: its atlas
tables are replaced) and prints the median per view for the whole city at 2 km and one
district at 0.25 km, the one-off pull and the process's peak memory. The app uses the
faster per view; this benchmark is how we chose.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from data import entities, loader, settings
from data.stores import entity_copy, postgres
from geo import density
from tools import generate_entities

VIEWS = ((None, 2.0), ("650103", 0.25))  # city at 2 km; 沙依巴克区 at 0.25 km
GENERATE_BATCH = 1_000_000  # points generated and copied at a time: memory stays one batch


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


def generated_batches(rows: int, spent: dict[str, float]) -> Iterator[pd.DataFrame]:
    """``rows`` invented points, ``GENERATE_BATCH`` at a time (each batch with its own seed,
    ids numbered on), adding the time spent generating to ``spent["generate"]``."""
    done = 0
    while done < rows:
        size = min(GENERATE_BATCH, rows - done)
        start = time.perf_counter()
        seed = generate_entities.DEFAULT_SEED + done // GENERATE_BATCH
        frame = generate_entities.generate(size, seed=seed)
        frame["id"] = [f"E{n:08d}" for n in range(done + 1, done + size + 1)]
        spent["generate"] += time.perf_counter() - start
        yield frame
        done += size


def load(rows: int, url: str) -> str:
    """Replace the scratch database's points by ``rows`` invented ones: streamed by COPY a
    batch at a time with the spatial index dropped, then the index built and ANALYZE."""
    spent = {"generate": 0.0}
    start = time.perf_counter()
    with postgres.engine(url).begin() as conn:
        conn.execute(sa.text("DROP INDEX IF EXISTS atlas_entities_geom"))
        conn.execute(sa.text(f"TRUNCATE {postgres.ENTITY_TABLE}"))  # a scratch database only
        entity_copy.copy_in(conn, generated_batches(rows, spent))
        postgres.mark_served(conn, "entities", "benchmark", list(entity_copy.SERVED_COLUMNS), True)
    copied = time.perf_counter()
    postgres.create_schema(url)  # builds the GiST index again
    with postgres.engine(url).begin() as conn:
        conn.execute(sa.text(f"ANALYZE {postgres.ENTITY_TABLE}"))
    indexed = time.perf_counter()
    return (
        f"{rows:,} points: generated in {spent['generate']:.0f} s, COPY in"
        f" {copied - start - spent['generate']:.0f} s, GiST index and ANALYZE"
        f" {indexed - copied:.0f} s"
    )


def pull(conn, codes: tuple[str, ...]) -> entities.EntityPoints:
    """What a server does once per data version: the snapshot's entities file (COPY out →
    Arrow → Parquet), then the loader's arrays."""
    content = postgres.kind_bytes(conn, "entities")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "entities.parquet"
        path.write_bytes(content)
        return entities.read_points(path, codes)


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(rows: int, runs: int, url: str) -> list[str]:
    codes = tuple(loader.load_boundaries("districts")["adcode"])
    lines = [load(rows, url)]
    with postgres.engine(url).connect() as conn:
        pull_seconds, points = _median(lambda: pull(conn, codes), 1)
        lines.append(
            f"  pull once per data version (COPY → Arrow → Parquet → arrays): {pull_seconds:.1f} s"
        )
        for code, cell_km in VIEWS:
            query, values = grid_sql(cell_km, code)
            db_seconds, db_rows = _median(
                lambda q=query, v=values: conn.execute(sa.text(q), v).all(), runs
            )
            only = None if code is None else codes.index(code)
            np_seconds, grid = _median(
                lambda c=cell_km, o=only: density.aggregate(
                    points.lon, points.lat, points.kind, points.district, codes, c, o
                ),
                runs,
            )
            view = "city, 2 km" if code is None else f"{code}, {cell_km} km"
            agree = "same cells" if len(db_rows) == len(grid.cells) else "cells differ"
            lines.append(
                f"  {view}: database grid {db_seconds:.2f} s ({len(db_rows)} cells), "
                f"numpy on the pull {np_seconds:.3f} s ({len(grid.cells)} cells; {agree})"
            )
    lines.append(f"  peak memory of this process so far: {peak_memory_mb():,.0f} MB")
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
