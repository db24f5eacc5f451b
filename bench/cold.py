"""Cold start and browser figures, each against a fresh ``streamlit run`` on the loopback.

- cold start, protocol: process start → first ``script_finished`` of the default page
  over the websocket (bench.protocol);
- cold start, browser: process start → the default page's map drawn in Chromium;
- warm browser: navigation to /map → the map's shapes drawn, caches and browser cache warm.
"""

from __future__ import annotations

import time

from bench.common import Figure
from bench.protocol import Session, run_async
from tools.local_server import spawn_server, stop_server, wait_healthy

COLD_BUDGET_S = None
WARM_BROWSER_BUDGET_S = 2.5
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


async def _first_run(url: str) -> None:
    session = await Session.open(url, timeout=120)
    try:
        await session.run("", {}, timeout=120)
    finally:
        await session.close()


def protocol_cold_start() -> float:
    start = time.perf_counter()
    url, process = spawn_server()
    try:
        wait_healthy(url, process)
        run_async(lambda: _first_run(url))
        return time.perf_counter() - start
    finally:
        stop_server(process)


def browser_figures(runs: int, cold_runs: int) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    from tools import offline_browser

    figures = []
    with sync_playwright() as playwright:
        browser = offline_browser.launch(playwright)  # only the loopback resolves
        try:
            cold = []
            for _ in range(cold_runs):
                context = browser.new_context(viewport={"width": 1600, "height": 1000})
                page = context.new_page()
                start = time.perf_counter()
                url, process = spawn_server()
                try:
                    wait_healthy(url, process)
                    page.goto(url)
                    frame = page.frame_locator(MAP_FRAME)
                    frame.locator("path.leaflet-interactive").first.wait_for(timeout=120_000)
                    cold.append(time.perf_counter() - start)
                    if len(cold) == cold_runs:  # the last server also gives the warm figure
                        figures.append(_warm(page, url, runs))
                finally:
                    context.close()
                    stop_server(process)
            figures.insert(0, _median_figure("cold start → 总览 map drawn in Chromium", cold))
        finally:
            browser.close()
    return figures


def _warm(page, url: str, runs: int) -> Figure:
    frame = page.frame_locator(MAP_FRAME)
    times = []

    def visible_map() -> float:
        start = time.perf_counter()
        page.goto(f"{url}/map")
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=60_000)
        return time.perf_counter() - start

    visible_map()  # warm: server caches and browser cache filled
    times = [visible_map() for _ in range(runs)]
    return _median_figure("warm browser to visible /map", times, WARM_BROWSER_BUDGET_S)


def _median_figure(name: str, times: list[float], budget: float | None = None) -> Figure:
    import statistics

    return Figure(name, statistics.median(times), "s", len(times), budget)


def protocol_figures(cold_runs: int) -> list[Figure]:
    times = [protocol_cold_start() for _ in range(cold_runs)]
    return [_median_figure("cold start → first script finished (websocket)", times, COLD_BUDGET_S)]
