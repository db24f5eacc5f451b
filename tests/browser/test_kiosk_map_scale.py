"""The kiosk's map slides read from 2 m, measured in Chromium on the stage's slot on screen
(the other slot is prepared unseen), landscape 1920×1080 and portrait 1080×1920:

- the map takes most of the screen: at least 60 % of its height, down to its foot (within
  40 px), with nothing to scroll;
- every district (or prefecture) name shown is at least 24 px;
- community dots are at least 16 px across, base pins too; over a choropleth the dots
  stay smaller than that, so the district's colour shows, but at least 12 px;
- every dot's outline contrasts with its type colour (WCAG ratio at least 3);
- every figure card beside (or above) the map is whole on the screen.
"""

from __future__ import annotations

import re

import pytest

from components.kiosk import storyboard
from components.palettes import contrast_ratio
from tests.browser.conftest import open_watched, screenshot, settled, start_server
from tools.local_server import stop_server

pytestmark = pytest.mark.browser

SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
SLIDES = storyboard()
COUNTER = re.compile(rf"(\d+) / {len(SLIDES)}")
# Slide numbers (1-based) of the map slides the test visits: the overview, a community
# type, and (backward past the end) the playback, the clusters and the bases.
KINDS = [slide.kind for slide in SLIDES]
VISITS = [1, 2, len(SLIDES), KINDS.index("clusters") + 1, KINDS.index("bases") + 1]

# The slot on screen: its position caption and its map's measures, in page pixels.
SHOWN_MAP = """() => {
  const shown = document.documentElement.dataset.kioskShown || "0";
  const slot = document.querySelector(".st-key-kiosk_stage_" + shown);
  const frame = slot && slot.querySelector("iframe");
  const doc = frame && frame.contentDocument;
  if (!doc || doc.querySelectorAll(".leaflet-interactive").length === 0) return null;
  const box = frame.getBoundingClientRect();
  const inView = r => r.width > 0 && r.right > 0 && r.left < box.width
                      && r.bottom > 0 && r.top < box.height;
  const shownText = el => getComputedStyle(el).visibility === "visible"
                          && inView(el.getBoundingClientRect());
  return {
    caption: [...slot.querySelectorAll('[data-testid="stCaptionContainer"]')]
      .map(el => el.innerText).join(" ").replace(/[\u2066-\u2069\u200e\u200f]/g, ""),
    top: box.top, bottom: box.bottom, height: box.height,
    overflow: document.scrollingElement.scrollHeight - innerHeight,
    labels: [...doc.querySelectorAll(".atlas-district-label")].filter(shownText)
      .map(el => [el.textContent, parseFloat(getComputedStyle(el).fontSize)]),
    dots: [...doc.querySelectorAll("path.leaflet-interactive[fill-opacity='0.95']")]
      .map(el => [el.getBoundingClientRect().width, el.getAttribute("fill"),
                  el.getAttribute("stroke")])
      .filter(dot => dot[0] > 0),
    pins: [...doc.querySelectorAll(".awesome-marker")]
      .map(el => Math.min(el.getBoundingClientRect().width, el.getBoundingClientRect().height)),
    cards: [...slot.querySelectorAll('[data-testid="stMetric"]')].map(el => {
      const r = el.getBoundingClientRect();
      return [el.innerText.replace(/\\s+/g, " "), r.left, r.top, r.right, r.bottom]; }),
    screen: [innerWidth, innerHeight],
  };
}"""


@pytest.fixture(scope="module")
def kiosk_url():
    url, server = start_server({"ATLAS_MODE": "kiosk", "ATLAS_KIOSK_SLIDE_SECONDS": "600"})
    yield url
    stop_server(server)


def shown_map(page, number: int) -> dict:
    """The measures of slide ``number``'s map once it is on screen and has settled: two
    measures 0.5 s apart agree (the map fits its frame, then places its labels)."""
    is_number = f"/(^|\\D){number} \\/ {len(SLIDES)}/.test(m.caption)"
    measure = f"() => {{ const m = ({SHOWN_MAP})(); return m && {is_number} ? m : null; }}"
    page.wait_for_function(measure, timeout=60_000)
    return settled(page, lambda: page.evaluate(measure), f"slide {number}'s map on screen")


def step_to(page, at: int, number: int) -> None:
    """From slide ``at`` to slide ``number`` by the fewest touches of ◀ or ▶ (the loop
    wraps around)."""
    forward, backward = (number - at) % len(SLIDES), (at - number) % len(SLIDES)
    button, count = ("next", forward) if forward <= backward else ("prev", backward)
    for _ in range(count):
        page.locator(f".st-key-kiosk_{button} button").click()
        page.wait_for_timeout(400)


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
@pytest.mark.parametrize("orientation", list(SCREENS))
def test_kiosk_map_slides_fill_the_screen_at_room_scale(browser, kiosk_url, orientation, lang):
    width, height = SCREENS[orientation]
    watch = open_watched(browser, width, height)
    page = watch.page
    try:
        page.goto(f"{kiosk_url}/?lang={lang}")
        at = 1
        for number in VISITS:
            step_to(page, at, number)
            at = number
            measured = shown_map(page, number)
            where = f"slide {number} ({KINDS[number - 1]}), {lang} {orientation}"
            screenshot(page, f"kiosk-scale-{orientation}-{lang}-{number}")
            assert measured["overflow"] <= 2, (where, measured["overflow"])
            assert measured["height"] >= 0.6 * height, (where, measured["height"])
            assert height - 40 <= measured["bottom"] <= height, (where, measured["bottom"])
            screen_width, screen_height = measured["screen"]
            assert measured["cards"], where  # every figure card whole on the screen
            for text, left, top, right, bottom in measured["cards"]:
                assert left >= 0 and right <= screen_width, (where, text, left, right)
                assert top >= 0 and bottom <= screen_height, (where, text, top, bottom)
            sizes = [size for _, size in measured["labels"]]
            assert sizes and min(sizes) >= 24, (where, measured["labels"])
            # The Urumqi maps name the core's districts, the clusters map the prefectures.
            assert len(sizes) >= 4, (where, measured["labels"])
            dots = measured["dots"]
            if KINDS[number - 1] in ("overview", "community_type"):
                assert dots and min(size for size, _, _ in dots) >= 16, (where, dots[:5])
            if KINDS[number - 1] == "playback":  # small over the choropleth, yet readable
                assert dots and min(size for size, _, _ in dots) >= 12, (where, dots[:5])
                assert max(size for size, _, _ in dots) < 16, where
            if KINDS[number - 1] == "bases":
                assert measured["pins"] and min(measured["pins"]) >= 16, where
            weak = {(fill, stroke) for _, fill, stroke in dots if contrast_ratio(fill, stroke) < 3}
            assert weak == set(), where
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        watch.context.close()
