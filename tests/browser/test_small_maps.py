"""Small maps that frame their district and its points completely, measured in Chromium on
a meeting screen (1920×1080) and a phone (390×844): every community dot of /compare's
small maps and of the district brief's map lies whole inside its map, above the map's
credit and scale bar (the brief: clear of its scale bar and north mark), none left out;
every district name shown on a small map is whole and under none of the map's controls,
and the credit covers no other control (the scale bar)."""

from __future__ import annotations

import pytest

from components import i18n
from components.brief import district_brief
from data import loader
from geo.indicators import ALL_PERIODS
from tests.browser.conftest import (
    MAP_FRAME,
    PageWatch,
    open_page,
    open_watched,
    screenshot,
    wait_for_map,
)

pytestmark = pytest.mark.browser

SCREENS = {"desktop": (1920, 1080), "phone": (390, 844)}
# The districts whose points sat on their map's edges: 米东区 (south), 天山区 (north) and
# 新市区 (under the credit).
COMPARISONS = [
    ("650109,650102,650104", "zh", "desktop"),
    ("650109,650102,650104", "ug", "phone"),
    ("650102,650104", "en", "desktop"),
    ("650109,650104", "zh", "phone"),
]

# Per small map, in the map's own pixels: its frame's size, the Leaflet container, the
# boxes of the controls at its foot (credit, scale bar, folded legend) and of its markers.
SMALL_MAPS = """(selector) => [...document.querySelectorAll(selector)].map(frame => {
  const doc = frame.contentDocument;
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            width: r.width, height: r.height}; };
  const container = doc.querySelector(".leaflet-container");
  return {
    frame: {width: frame.clientWidth, height: frame.clientHeight},
    container: box(container),
    credit: box(doc.querySelector(".leaflet-control-attribution")),
    foot: [...doc.querySelectorAll(".leaflet-bottom > .leaflet-control")].map(box)
      .filter(b => b.width > 0),
    markers: [...doc.querySelectorAll(
        "path.leaflet-interactive[fill-opacity='0.95'], .awesome-marker")].map(box),
    controls: [...doc.querySelectorAll(".leaflet-control")].map(box).filter(b => b.width > 0),
    labels: [...doc.querySelectorAll(".atlas-district-label")]
      .filter(el => getComputedStyle(el).visibility === "visible")
      .map(el => ({text: el.textContent, ...box(el)})),
  };
})"""


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def inside(a: dict, b: dict) -> bool:
    return (
        a["left"] >= b["left"] - 0.5
        and a["right"] <= b["right"] + 0.5
        and a["top"] >= b["top"] - 0.5
        and a["bottom"] <= b["bottom"] + 0.5
    )


def settled_maps(page, count: int) -> list[dict]:
    """The small maps' measures once two readings 0.5 s apart agree (the map refits when
    its column and fonts settle, then spreads its points)."""
    for index in range(count):
        wait_for_map(page, shapes=1, index=index)
    before = None
    for _ in range(40):
        page.wait_for_timeout(500)
        now = page.evaluate(SMALL_MAPS, MAP_FRAME)
        if now == before:
            return now
        before = now
    raise AssertionError(f"the small maps never settled: {before}")


@pytest.mark.parametrize(("districts", "lang", "screen"), COMPARISONS)
def test_compare_small_maps_show_every_point_whole_above_the_credit(
    app_url, browser, districts, lang, screen
):
    width, height = SCREENS[screen]
    codes = districts.split(",")
    communities = loader.load_all().communities
    watch = open_watched(browser, width, height)
    page = watch.page
    try:
        open_page(watch, f"{app_url}/compare?districts={districts}&lang={lang}")
        maps = settled_maps(page, len(codes))
        screenshot(page, f"compare-small-maps-{len(codes)}-{lang}-{screen}")
        assert len(maps) == len(codes)
        for code, measured in zip(codes, maps, strict=True):
            where = f"{code} ({lang}, {screen})"
            container = measured["container"]
            # The map fills its frame: nothing of it is cut off by the frame.
            assert container["height"] <= measured["frame"]["height"] + 0.5, (where, measured)
            assert container["width"] <= measured["frame"]["width"] + 0.5, (where, measured)
            markers = [m for m in measured["markers"] if m["width"] > 0]
            # Every community of the district is drawn (a dot out of view is left empty).
            assert len(markers) == (communities["district"] == code).sum(), where
            assert measured["credit"]["height"] > 0, where
            for marker in markers:
                assert inside(marker, container), (where, marker, container)
                assert not any(overlaps(marker, foot) for foot in measured["foot"]), (
                    where,
                    marker,
                    measured["foot"],
                )
            # The credit, the scale bar, the legend and the zoom buttons cover none other.
            controls = measured["controls"]
            crossed = [
                (a, b) for i, a in enumerate(controls) for b in controls[i + 1 :] if overlaps(a, b)
            ]
            assert crossed == [], (where, crossed)
            # The district names shown are whole on the map, none under a control.
            assert measured["labels"], where
            for label in measured["labels"]:
                assert inside(label, container), (where, label)
                covered = [c for c in measured["controls"] if overlaps(label, c)]
                assert covered == [], (where, label, covered)
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        watch.context.close()


# The brief's map (the SVG with the district's outline): its box, its dots (circles and
# the bases' squares) and what they must not cover: the scale bar and the texts.
BRIEF_MAP = """() => {
  const svg = [...document.querySelectorAll("svg")]
    .find(s => s.querySelector("path[fill='#e4ecf2']"));
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
            width: r.width, height: r.height}; };
  return {
    map: box(svg),
    dots: [...svg.querySelectorAll("circle, rect")].map(box),
    marks: [...svg.querySelectorAll("text, path[fill='none']")].map(box),
  };
}"""


@pytest.mark.parametrize("lang", ["zh", "ug"])
@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("code", ["650109", "650102", "650104"])
def test_brief_map_shows_every_point_whole(browser, tmp_path, code, screen, lang):
    data = loader.load_all()
    info = loader.dataset_info()
    with i18n.using(lang):
        html = district_brief(data, code, ALL_PERIODS, info, generated="2025-01-01")
    source = tmp_path / "brief.html"
    source.write_text(html, encoding="utf-8")
    width, height = SCREENS[screen]
    watch = PageWatch(browser.new_context(viewport={"width": width, "height": height}))
    try:
        watch.page.goto(source.as_uri())
        watch.page.locator("svg").first.wait_for()
        measured = watch.page.evaluate(BRIEF_MAP)
    finally:
        watch.context.close()
    where = f"{code} ({lang}, {screen})"
    expected = (data.communities["district"] == code).sum() + (data.bases["district"] == code).sum()
    assert len(measured["dots"]) == expected, where
    assert measured["marks"], where  # the scale bar, its label and the north mark
    for dot in measured["dots"]:
        assert dot["width"] > 0 and inside(dot, measured["map"]), (where, dot, measured["map"])
        assert not any(overlaps(dot, mark) for mark in measured["marks"]), (where, dot)
