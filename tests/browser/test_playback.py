"""Quarter-by-quarter playback in Chromium: the map plays in its own frame, and the date
line, two districts' colours and the visible communities follow the data."""

from __future__ import annotations

import pytest

from components.playback import playback_data
from data import loader
from geo.playback import Playback
from geo.view import View
from tests.browser.conftest import (
    MAP_FRAME,
    current_url,
    open_page,
    open_watched,
    screenshot,
    wait_for_map,
)

pytestmark = pytest.mark.browser

LAYERS = ("communities", "bases", "choropleth")
WATCHED = ("650102", "650107")  # 天山区 and 达坂城区
CHECKED = ("2022Q1", "2023Q2", "2024Q4")
DISTRICT_COUNT = 8
# What the map shows now, read from the painted document: the date line, the fill of
# each watched district's path, and the community dots (paths besides the districts).
SHOWN = """([adcodes, districtCount]) => {
    const layers = Object.values(window.map._layers);
    const fill = (code) => {
        const layer = layers.find((l) => l.feature && l.feature.properties.kind === "district"
                                         && l.feature.properties.id === code);
        return layer._path.getAttribute("fill");
    };
    return {
        quarter: document.documentElement.getAttribute("data-playback-quarter"),
        label: document.querySelector(".atlas-playback-label").textContent,
        fills: adcodes.map(fill),
        communities: document.querySelectorAll("path.leaflet-interactive").length - districtCount,
        bases: document.querySelectorAll(".awesome-marker").length,
        loadedOnce: window.__loadedOnce === true,
    };
}"""


def expected(quarter: str) -> dict:
    data = loader.load_all()
    played = playback_data(data, View(layers=LAYERS), Playback("cumulative"))
    index = played["quarters"].index(quarter)
    classes = dict(zip(played["adcodes"], played["classes"][index], strict=True))
    years = data.communities["year"]
    return {
        "label": played["frames"][index][0],
        "fills": [played["colors"][classes[code]] for code in WATCHED],
        "communities": int((years <= int(quarter[:4])).sum()),
    }


def map_frame(page):
    return next(f for f in page.frames if "st_folium" in (f.url or ""))


def test_playback_plays_in_the_map_without_reload_and_follows_the_data(app_url, watched_page):
    watch = watched_page
    page = watch.page
    open_page(watch, f"{app_url}/map?playback=cumulative&layers={','.join(LAYERS)}&speed=fast")
    wait_for_map(page, shapes=DISTRICT_COUNT + 1)
    frame = map_frame(page)
    frame.wait_for_function("() => !!window.atlasPlayback")
    frame.evaluate("() => { window.__loadedOnce = true; }")  # gone if the map reloads
    seen = {"2022Q1": frame.evaluate(SHOWN, [list(WATCHED), DISTRICT_COUNT])}
    page.frame_locator(MAP_FRAME).get_by_role("button", name="播放").click()
    while len(seen) < len(CHECKED):
        state = frame.evaluate(SHOWN, [list(WATCHED), DISTRICT_COUNT])
        if state["quarter"] in CHECKED and state["quarter"] not in seen:
            seen[state["quarter"]] = state
        page.wait_for_timeout(40)
    for quarter in CHECKED:
        want = expected(quarter)
        got = seen[quarter]
        assert got["label"] == want["label"], quarter
        assert got["fills"] == want["fills"], quarter
        assert got["communities"] == want["communities"], quarter
        assert got["loadedOnce"], "the map reloaded during play"
    assert seen["2022Q1"]["fills"] != seen["2024Q4"]["fills"]  # the colours moved
    assert seen["2022Q1"]["communities"] < seen["2023Q2"]["communities"]
    assert seen["2023Q2"]["communities"] < seen["2024Q4"]["communities"]
    page.frame_locator(MAP_FRAME).get_by_role("button", name="播放").wait_for()  # stopped
    address = current_url(page)
    assert "quarter=2024Q4" in address and "playing" not in address
    assert "playback=cumulative" in address and "speed=fast" in address
    screenshot(page, "playback-map-zh")
    assert watch.blocked == [] and watch.console_errors == []


def test_a_playback_url_reopens_the_quarter_and_the_slider_moves_it(app_url, browser):
    watch = open_watched(browser, 1600, 1000, locale="zh-CN")
    page = watch.page
    try:
        open_page(watch, f"{app_url}/map?playback=quarter&quarter=2023Q2&lang=ug")
        wait_for_map(page)
        frame = map_frame(page)
        frame.wait_for_function("() => !!window.atlasPlayback")
        assert frame.evaluate("() => window.atlasPlayback.state()") == {
            "index": 5, "quarter": "2023Q2", "playing": False, "speed": "normal",
        }  # fmt: skip
        assert frame.locator(".atlas-playback").get_attribute("dir") == "rtl"
        slider = frame.locator(".atlas-playback-slider")
        slider.fill("9")
        page.wait_for_function("() => location.href.includes('quarter=2024Q2')")
        assert frame.evaluate("() => window.atlasPlayback.state().quarter") == "2024Q2"
        screenshot(page, "playback-map-ug")
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        watch.context.close()
