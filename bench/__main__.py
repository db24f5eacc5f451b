"""``python -m bench [--runs N] [--no-browser] [--quick]``: one table of medians.

Rows (each a median over the runs shown in the table):
- cold start: server process start → first script finished over the websocket, and
  → the default page's map drawn in Chromium (bench/cold.py);
- the Urumqi view at 1×, 10× and 100× the sample's communities and bases: load, map build
  (builder + st_folium rendering, uncached) and payload, against the naive build (one
  folium.Marker per point in a MarkerCluster), as a ratio (bench/maps.py, bench/scale.py);
- the market-entity density layer at 1,000,000 points: read, build and payload for the
  city and the densest district (bench/maps.py);
- server time of a filter change on every registered page (bench/pages.py, AppTest);
- quarter-by-quarter playback: a step in Chromium to the map painted, and the whole run's
  payload against the single-period view (bench/playback.py);
- warm browser time to a visible /map.

``--quick`` (CI-sized): 2 runs, 1× and 10× only, 200,000 entity points, one cold start.
``--no-browser`` skips Chromium. The load test is ``python -m bench.load``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from bench.common import ROOT, Figure, machine, quiet_streamlit, table

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUICK_RUNS = 2
SCALES = (1, 10, 100)
QUICK_SCALES = (1, 10)
COLD_RUNS = 3
QUICK_ENTITY_ROWS = 200_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median)")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium figures")
    parser.add_argument("--quick", action="store_true", help="CI-sized: fewer runs and rows")
    args = parser.parse_args(argv)
    runs = min(args.runs, QUICK_RUNS) if args.quick else max(1, args.runs)
    cold_runs = 1 if args.quick else min(runs, COLD_RUNS)
    quiet_streamlit()

    from bench import cold, maps, pages, playback

    figures: list[Figure] = []
    figures += cold.protocol_figures(cold_runs)
    if not args.no_browser:
        figures += cold.browser_figures(runs, cold_runs)
    figures += maps.scale_figures(runs, QUICK_SCALES if args.quick else SCALES)
    rows = QUICK_ENTITY_ROWS if args.quick else maps.ENTITY_ROWS
    figures += maps.density_figures(runs, rows)
    figures += pages.page_figures(runs)
    figures += playback.playback_figures(runs, browser=not args.no_browser)

    print(f"machine: {machine()}")
    print(f"medians; runs per figure in the 'runs' column{' (--quick)' if args.quick else ''}")
    print(table(figures))
    print(json.dumps({f.name: round(f.value, 4) for f in figures}, ensure_ascii=False))
    missed = [
        f.name for f in figures if f.verdict == "NO" or (math.isnan(f.value) and not f.skipped)
    ]
    if missed:
        print("over budget or failed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
