"""``python -m bench [--runs N] [--no-browser]``: speed and payload of the map explorer.

Figures (medians over N runs, sample data):
- server time of a filter change on /map (AppTest rerun after a widget change);
- map build time and st_folium payload for the Xinjiang, Urumqi and one-district views;
- warm browser time from navigation to a visible map (Chromium, loopback only).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGETS = {
    "filter change, server (s)": 0.3,
    "Urumqi view payload (KB)": 300,
    "warm browser to visible map (s)": 2.5,
}


def median_time(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def folium_payload(at) -> int:
    """Bytes of the st_folium component arguments (what goes over the websocket)."""

    def walk(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if type(child).__name__ == "UnknownElement" and "json_args" in str(proto)[:200]:
                yield len(proto.json_args.encode("utf-8"))
            yield from walk(child)

    return sum(walk(at._tree))


def app_figures(runs: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    results: dict[str, float] = {}
    for label, query in (("Xinjiang", {"level": "xinjiang"}), ("Urumqi", {}),
                         ("district", {"district": "650102"})):  # fmt: skip
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        at.switch_page("pages/public/map_explorer.py").run()
        results[f"{label} view payload (KB)"] = folium_payload(at) / 1024
        results[f"{label} view rerun, server (s)"] = median_time(at.run, runs)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/public/map_explorer.py").run()
    choices = [["childcare"], ["digital", "finance"], []]
    state = {"n": 0}

    def change_filter():
        state["n"] += 1
        at.multiselect(key="ex_types").set_value(choices[state["n"] % len(choices)]).run()

    results["filter change, server (s)"] = median_time(change_filter, runs)
    results["Urumqi view payload (KB)"] = results.pop("Urumqi view payload (KB)")
    return results


def builder_figures(runs: int) -> dict[str, float]:
    from components.maps import urumqi_map, xinjiang_map
    from data import loader
    from geo.layout import cluster_shapes

    data = loader.load_all()
    layers = ("communities", "bases")
    shapes = cluster_shapes(data.clusters, data.units)
    return {
        "Urumqi map build (s)": median_time(
            lambda: urumqi_map(data.districts, data.communities, data.bases, layers), runs
        ),
        "Xinjiang map build (s)": median_time(lambda: xinjiang_map(data.units, shapes, {}), runs),
    }


def browser_figures(runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, start_server

    url, server = start_server()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')

            def visible_map():
                page.goto(f"{url}/map")
                frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)

            visible_map()  # warm: server caches and browser cache filled
            figure = median_time(visible_map, runs)
            browser.close()
    finally:
        server.terminate()
    return {"warm browser to visible map (s)": figure}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    results = {**builder_figures(args.runs), **app_figures(args.runs)}
    if not args.no_browser:
        results.update(browser_figures(args.runs))
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, runs per figure: {args.runs} (median)")  # fmt: skip
    print(f"{'figure':<40}{'value':>10}{'budget':>10}  ok")
    for name, value in results.items():
        budget = BUDGETS.get(name)
        verdict = "" if budget is None else ("yes" if value <= budget else "NO")
        shown = "" if budget is None else f"{budget:g}"
        print(f"{name:<40}{value:>10.3f}{shown:>10}  {verdict}")
    print(json.dumps({k: round(v, 4) for k, v in results.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
