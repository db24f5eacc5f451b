"""Quarter-by-quarter playback: a step between quarters in Chromium, from the frame change
to the map painted, and the whole run's payload against today's single-period view.

The view is the full Urumqi map: every community and base and the indicator choropleth.
A step is timed inside the map's own frame: ``atlasPlayback.show(i)`` (what the play
timer and the slider call), then the first task after the next animation frame, when the
browser has painted.
"""

from __future__ import annotations

import statistics

from bench.common import Figure, render_payload
from tools.local_server import spawn_server, stop_server, wait_healthy

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LAYERS = ("communities", "bases", "choropleth")
STEP_BUDGET_MS = 100
PAYLOAD_RATIO_BUDGET = 1.5
STEP_AND_PAINT = """async (index) => {
    const start = performance.now();
    window.atlasPlayback.show(index);
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    return performance.now() - start;
}"""


def payload_figures() -> list[Figure]:
    from components.playback import playback_map
    from components.view_map import build_view_map, view_values
    from data import loader
    from geo.playback import Playback
    from geo.view import View

    data = loader.load_all()
    view = View(layers=LAYERS)
    single = render_payload(
        build_view_map(data, view, view_values(data, view), None),
        returned_objects=["last_active_drawing"],
    )
    played = render_payload(
        playback_map(data, view, Playback("cumulative"), url=True, resume="map"),
        returned_objects=["last_active_drawing"],
    )
    counts = f"{len(data.communities)} communities, {len(data.bases)} bases, choropleth"
    return [
        Figure("Urumqi view, one period: payload", single / 1024, "KB", 1, note=counts),
        Figure("same view, playback of 12 quarters: payload", played / 1024, "KB", 1),
        Figure("playback payload / one period", played / single, "×", 1, PAYLOAD_RATIO_BUDGET),
    ]


def step_times(runs: int) -> list[float]:
    """Milliseconds of every step 2022Q1 → 2024Q4, ``runs`` times over, in Chromium."""
    from playwright.sync_api import sync_playwright

    from tools import offline_browser

    url, process = spawn_server()
    try:
        wait_healthy(url, process)
        with sync_playwright() as playwright:
            browser = offline_browser.launch(playwright)  # only the loopback resolves
            try:
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                page.goto(f"{url}/map?playback=cumulative&layers={','.join(LAYERS)}")
                page.frame_locator(MAP_FRAME).locator(".atlas-playback").wait_for(timeout=120_000)
                frame = next(f for f in page.frames if "st_folium" in (f.url or ""))
                frame.wait_for_function("() => !!window.atlasPlayback")
                frame.evaluate(STEP_AND_PAINT, 0)  # warm
                times = []
                for _ in range(runs):
                    frame.evaluate(STEP_AND_PAINT, 0)
                    times += [frame.evaluate(STEP_AND_PAINT, i) for i in range(1, 12)]
                return times
            finally:
                browser.close()
    finally:
        stop_server(process)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def playback_figures(runs: int, browser: bool = True) -> list[Figure]:
    figures = payload_figures()
    if browser:
        times = step_times(runs)
        steps = f"{len(times)} steps"
        figures += [
            Figure(
                "playback step → map painted (Chromium)",
                statistics.median(times),
                "ms",
                runs,
                STEP_BUDGET_MS,
                steps,
            ),
            Figure(
                "playback step, 90th percentile", _percentile(times, 0.9), "ms", runs, note=steps
            ),
            Figure("playback step, slowest", max(times), "ms", runs, note=steps),
        ]
    return figures


if __name__ == "__main__":
    from bench.common import quiet_streamlit, table

    quiet_streamlit()
    print(table(playback_figures(3)))
