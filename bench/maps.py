"""Map figures: the Urumqi view at 1×, 10× and 100× the sample, the naive build of the same
view, and the market-entity density layer at a million points.

"build" is what one script run spends on the map: the builder plus st_folium's rendering
of it (``components.map_replay.rendered_args``), without the shared rendered-map cache, so
it is the cost of a cache miss. "payload" is the st_folium component arguments as
Streamlit serializes them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.common import Figure, build_and_render, data_dir, median_time, timed
from bench.scale import scaled_dataset

URUMQI_LAYERS = ("communities", "bases", "clusters")  # the default view's layers
NAIVE_MAX_RUNS_AT = {100: 1}  # the naive build takes many seconds at 100×: run it once
ENTITY_ROWS = 1_000_000
DENSITY_BUILD_BUDGET_S = 1.5
DENSITY_PAYLOAD_BUDGET_KB = 1024


def scale_figures(runs: int, factors: tuple[int, ...], naive: bool = True) -> list[Figure]:
    from bench.naive import naive_urumqi_map
    from components.maps import urumqi_map
    from data import loader

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        for factor in factors:
            path = scaled_dataset(factor, Path(folder) / f"x{factor}")
            with data_dir(path):
                load_s, data = timed(loader.load_all)
                counts = f"{len(data.communities):,} communities, {len(data.bases):,} bases"

                def ours(data=data):
                    return urumqi_map(data.districts, data.communities, data.bases, URUMQI_LAYERS)

                def theirs(data=data):
                    return naive_urumqi_map(data.districts, data.communities, data.bases)

                payload = build_and_render(ours)
                build_s = median_time(lambda build=ours: build_and_render(build), runs)
                figures += [
                    Figure(f"{factor}× load + validate all files", load_s, "s", 1, note=counts),
                    Figure(f"{factor}× Urumqi map build", build_s, "s", runs),
                    Figure(f"{factor}× Urumqi map payload", payload / 1024, "KB", 1),
                ]
                if not naive:
                    continue
                naive_runs = min(runs, NAIVE_MAX_RUNS_AT.get(factor, runs))
                naive_payload = build_and_render(theirs) if naive_runs > 1 else None
                naive_s = median_time(lambda build=theirs: build_and_render(build), naive_runs)
                if naive_payload is None:
                    naive_payload = build_and_render(theirs)
                figures += [
                    Figure(
                        f"{factor}× naive Marker+MarkerCluster build", naive_s, "s", naive_runs,
                        note=f"{naive_s / build_s:.1f}× ours",
                    ),
                    Figure(
                        f"{factor}× naive payload", naive_payload / 1024, "KB", 1,
                        note=f"{naive_payload / payload:.1f}× ours",
                    ),
                ]  # fmt: skip
    return figures


def density_figures(runs: int, rows: int = ENTITY_ROWS) -> list[Figure]:
    """Entity points generated into a scratch copy of the sample, then the layer built for
    the city and for the district with the most cells, uncached."""
    import shutil

    from components.maps import DensityView, urumqi_map
    from data import entities, loader
    from geo import density
    from tools.generate_entities import generate

    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as folder:
        target = Path(folder) / "entities-data"
        shutil.copytree(loader.SAMPLE_DIR, target)
        frame = generate(rows)
        (target / "entities.parquet").write_bytes(entities.parquet_bytes(frame, is_sample=True))
        del frame
        with data_dir(target):
            data = loader.load_all()
            load_s, points = timed(loader.load_entities)
            figures.append(
                Figure(f"entities: read {rows:,} points", load_s, "s", 1, note="once per file")
            )
            codes = tuple(data.districts["adcode"])
            views = [("city", None, tuple(data.districts.total_bounds))]
            for adcode, geometry in zip(codes, data.districts.geometry, strict=True):
                views.append((adcode, adcode, geometry.bounds))

            def build(district, bounds):
                cell = density.cell_size_km(bounds)
                only = None if district is None else codes.index(district)
                grid = density.aggregate(
                    points.lon, points.lat, points.kind, points.district, codes, cell, only
                )
                shown = DensityView(grid, "市场主体密度")
                return urumqi_map(
                    data.districts, data.communities, data.bases, ("density",),
                    focus=district, density=shown,
                ), grid  # fmt: skip

            payloads = {}
            for label, district, bounds in views:
                m, grid = build(district, bounds)
                payloads[label] = (build_and_render(lambda m=m: m), len(grid.cells), grid.cell_km)
            worst = max(
                (label for label in payloads if label != "city"), key=lambda k: payloads[k][0]
            )
            for label in ("city", worst):
                district = None if label == "city" else label
                bounds = next(b for lab, _, b in views if lab == label)
                seconds = median_time(
                    lambda d=district, b=bounds: build_and_render(lambda: build(d, b)[0]), runs
                )
                payload, cells, cell_km = payloads[label]
                name = "city" if label == "city" else f"district {data.district_names[label]}"
                note = f"aggregate + map; {cells:,} cells of {cell_km:g} km"
                figures += [
                    Figure(
                        f"density layer build, {name}", seconds, "s", runs,
                        DENSITY_BUILD_BUDGET_S, note,
                    ),
                    Figure(
                        f"density map payload, {name}", payload / 1024, "KB", 1,
                        DENSITY_PAYLOAD_BUDGET_KB, "no raw points",
                    ),
                ]  # fmt: skip
            cell = density.cell_size_km(views[0][2])
            loader.entity_grid(None, cell)  # fills the cache
            hit = median_time(lambda: loader.entity_grid(None, cell), runs)
            figures.append(Figure("density grid, city, cached (cache hit)", hit, "s", runs))
    return figures
