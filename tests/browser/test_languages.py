"""The kiosk in 中文, ئۇيغۇرچە and English, landscape and portrait; meeting mode's QR code."""

from __future__ import annotations

import io
import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

import pytest

from components import i18n
from tests.browser.conftest import (
    current_url,
    open_page,
    open_watched,
    screenshot,
    settled,
    start_server,
)

pytestmark = pytest.mark.browser

SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}
MAP_SHAPES = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def slow_kiosk_url():
    env = {"ATLAS_MODE": "kiosk", "ATLAS_KIOSK_SLIDE_SECONDS": "600"}
    url, server = start_server(env)
    yield url
    server.terminate()
    server.wait(timeout=10)


def wait_for_map(page) -> None:
    frame = page.frame_locator(MAP_SHAPES).first
    frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=30_000)
    page.wait_for_timeout(600)  # tiles of text settle after the fonts arrive


def page_geometry(page) -> dict:
    return page.evaluate(
        """() => {
            const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
            const main = document.querySelector('[data-testid="stMain"] .block-container');
            const arabic = [...document.fonts].filter(f => f.family.includes('atlas-arabic'));
            return {
                overflow: document.scrollingElement.scrollHeight - window.innerHeight,
                mapHeight: map ? map.getBoundingClientRect().height : 0,
                mapBottom: map ? map.getBoundingClientRect().bottom : 0,
                direction: getComputedStyle(main).direction,
                buttons: [...document.querySelectorAll('button')]
                    .filter(b => b.offsetParent !== null).length,
                smallestTouchTarget: Math.min(...[...document.querySelectorAll('button')]
                    .filter(b => b.offsetParent !== null)
                    .map(b => Math.min(b.getBoundingClientRect().width,
                                       b.getBoundingClientRect().height))),
                arabicLoaded: arabic.some(f => f.status === 'loaded'),
                // Each visible button's label: its lines, and whether the button cuts it.
                labels: [...document.querySelectorAll('button')]
                    .filter(b => b.offsetParent !== null && b.querySelector('p'))
                    .map(b => { const p = b.querySelector('p');
                        return {text: p.innerText,
                                lines: Math.round(p.getBoundingClientRect().height
                                                  / parseFloat(getComputedStyle(p).lineHeight)),
                                cut: p.scrollWidth > b.clientWidth}; }),
            };
        }"""
    )


# Where a year range is drawn: the x of its first and of its second year.
YEAR_RANGES_JS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent, a = text.indexOf('2022'), b = text.indexOf('2024', a + 1);
    if (a < 0 || b < 0 || b - a > 8) continue;
    const range = document.createRange();
    range.setStart(node, a); range.setEnd(node, a + 4);
    const first = range.getBoundingClientRect();
    range.setStart(node, b); range.setEnd(node, b + 4);
    if (first.width > 0) found.push([first.x, range.getBoundingClientRect().x]);
  }
  return found;
}"""


@pytest.mark.parametrize("orientation", list(SCREENS))
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_kiosk_in_each_language_fits_the_screen(browser, slow_kiosk_url, lang, orientation):
    width, height = SCREENS[orientation]
    watch = open_watched(browser, width, height)
    page = watch.page
    try:
        page.goto(f"{slow_kiosk_url}/?lang={lang}")
        with i18n.using(lang):
            title = i18n.t("kiosk.overview_title")
        page.get_by_role("heading", name=title).wait_for(timeout=30_000)
        wait_for_map(page)
        geometry = page_geometry(page)
        screenshot(page, f"kiosk-{lang}-{orientation}")
        assert geometry["overflow"] <= 2, geometry  # no scrolling
        assert geometry["mapBottom"] <= height, geometry
        if orientation == "portrait":  # the map uses the height a portrait screen has
            assert geometry["mapHeight"] >= 0.5 * height, geometry
        assert geometry["direction"] == ("rtl" if lang == "ug" else "ltr")
        assert geometry["buttons"] >= 7, geometry  # 4 controls, 3 languages (+ map zoom)
        assert geometry["smallestTouchTarget"] >= 48, geometry  # every button, both sides
        with i18n.using(lang):
            pause = i18n.t("kiosk.pause")
        (label,) = [b for b in geometry["labels"] if b["text"] == pause]
        assert label["lines"] == 1 and not label["cut"], label  # "pause" on one line, whole
        zoom = page.frame_locator(MAP_SHAPES).first.locator(".leaflet-control-zoom-in")
        box = zoom.bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48, box  # the map's own controls
        if lang == "ug":
            assert geometry["arabicLoaded"], "the vendored Uyghur font was not used"
            ranges = page.evaluate(YEAR_RANGES_JS)  # 2022–2024 inside right-to-left text
            assert ranges and all(first < second for first, second in ranges), ranges
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        page.context.close()


# The map of the kiosk stage's slot on screen has drawn (the other slot is prepared unseen).
SHOWN_SLOT_MAP_DRAWN = """() => {
  const shown = document.documentElement.dataset.kioskShown || "0";
  const frame = document.querySelector(`.st-key-kiosk_stage_${shown} iframe`);
  const doc = frame && frame.contentDocument;
  return !!doc && doc.querySelectorAll(".leaflet-interactive").length > 0;
}"""


def test_kiosk_switches_language_with_one_touch(browser, slow_kiosk_url):
    watch = open_watched(browser, 1920, 1080)
    page = watch.page
    try:
        page.goto(slow_kiosk_url)
        page.get_by_role("heading", name="乌鲁木齐创业社区").wait_for(timeout=30_000)
        page.get_by_role("button", name="ئۇيغۇرچە").click()
        heading = page.get_by_role("heading", name="ئۈرۈمچى ئىگىلىك تىكلەش مەھەللىلىرى")
        heading.wait_for(timeout=30_000)
        assert "lang=ug" in current_url(page)
        page.locator(".st-key-kiosk_next button").click()
        page.get_by_role("heading", name=re.compile("مەھەللىلىرى$")).first.wait_for()
        page.wait_for_function(SHOWN_SLOT_MAP_DRAWN, timeout=30_000)
        screenshot(page, "kiosk-ug-type-slide")
        page.get_by_role("button", name="English").click()
        page.get_by_role("heading", name="Convenience Economy communities").wait_for()
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        page.context.close()


def test_meeting_qr_code_opens_the_current_view(browser, app_url):
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    watch = open_watched(browser, 1920, 1080)
    page = watch.page
    try:
        page.goto(f"{app_url}/meeting?view=3&lang=en")
        page.get_by_text("View 3 of").wait_for(timeout=30_000)
        wait_for_map(page)
        screenshot(page, "meeting-en-view3")
        widths = page.evaluate(
            """() => [document.querySelector('iframe[title="streamlit_folium.st_folium"]'),
                      document.querySelector('[data-testid="stMain"] .block-container')]
                .map(e => e.getBoundingClientRect().width)"""
        )
        assert widths[0] >= 0.75 * widths[1], widths  # the map spans the page beside the QR code
        qr = page.get_by_test_id("stImage").locator("img").first
        decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
        assert len(decoded) == 1
        target = urlsplit(decoded[0].text)
        assert f"{target.scheme}://{target.netloc}" == app_url and target.path == "/map"
        assert parse_qs(target.query) == {
            "layers": ["choropleth,communities"],
            "lang": ["en"],
        }
        page.keyboard.press("PageDown")  # a presenter's clicker
        page.get_by_text("View 4 of").wait_for(timeout=30_000)
        assert "view=4" in current_url(page)
        # The QR code's address opens the same view on the map page.
        page.goto(decoded[0].text)
        page.get_by_role("heading", name="Map").wait_for(timeout=30_000)
        wait_for_map(page)
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        page.context.close()


# The title's lines (its height over its line height) and where the map starts.
MEETING_TITLE_JS = """() => {
  const title = document.querySelector('[data-testid="stMain"] h1');
  const map = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  return {text: title.innerText,
          lines: Math.round(title.getBoundingClientRect().height
                            / parseFloat(getComputedStyle(title).lineHeight)),
          mapTop: map ? map.getBoundingClientRect().top : null};
}"""


def test_every_uyghur_meeting_title_takes_two_lines_at_most(browser, app_url):
    from data import reference

    count = len(reference.meeting_views())
    watch = open_watched(browser, 1920, 1080)
    page = watch.page
    try:
        page.goto(f"{app_url}/meeting?lang=ug")
        for number in range(1, count + 1):
            with i18n.using("ug"):
                position = i18n.t("meeting.position", n=number, total=count)
            page.get_by_text(position).wait_for(timeout=30_000)
            wait_for_map(page)
            title = page.evaluate(MEETING_TITLE_JS)
            if number in (1, count):
                screenshot(page, f"meeting-ug-view{number}")
            assert title["lines"] <= 2, (number, title)
            assert title["mapTop"] is not None and title["mapTop"] < 1080 - 500, (number, title)
            page.keyboard.press("PageDown")
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        page.context.close()


# The document's language and direction, where the sidebar is, and how wide the page scrolls.
DOCUMENT_JS = """() => {
  const bar = document.querySelector('[data-testid="stSidebar"]');
  const box = bar ? bar.getBoundingClientRect() : null;
  const main = document.querySelector('[data-testid="stMain"]');
  const content = document.querySelector('[data-testid="stMain"] .block-container')
    .getBoundingClientRect();
  return {lang: document.documentElement.lang, dir: document.documentElement.dir,
          collapsed: bar ? bar.dataset.collapsed : null,
          sidebar: box ? [box.left, box.right] : null,
          content: [content.left, content.right],
          scrollWidth: Math.max(document.scrollingElement.scrollWidth, main.scrollWidth),
          width: window.innerWidth};
}"""
SIDEBAR_SWITCHER = '[data-testid="stSidebar"] [data-testid="stButtonGroup"]'


def on_screen_width(state: dict) -> float:
    """How much of the sidebar lies inside the viewport, in px."""
    left, right = state["sidebar"]
    return max(0.0, min(right, state["width"]) - max(left, 0.0))


def document_state(page) -> dict:
    """The document's state once the sidebar has finished its 300 ms slide."""
    return settled(page, lambda: page.evaluate(DOCUMENT_JS), "the sidebar")


@contextmanager
def document_at(browser, url: str, width: int, height: int):
    """(watch, document state) of a fresh page of that size, once ``url`` has drawn; the
    page's context is closed afterwards."""
    watch = open_watched(browser, width, height)
    try:
        open_page(watch, url)
        yield watch, document_state(watch.page)
    finally:
        watch.context.close()


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_html_has_lang_and_dir_and_the_phone_sidebar_hides_whole(browser, app_url, lang):
    with document_at(browser, f"{app_url}/?lang={lang}", 390, 844) as (watch, state):
        page = watch.page
        assert state["lang"] == lang and state["dir"] == ("rtl" if lang == "ug" else "ltr")
        assert state["collapsed"] == "true", state  # a phone starts with it folded away
        assert on_screen_width(state) == 0, state  # no strip of it over the page
        assert state["scrollWidth"] <= state["width"], state  # nothing scrolls sideways
        page.get_by_test_id("stExpandSidebarButton").click()
        page.locator(SIDEBAR_SWITCHER).wait_for(timeout=10_000)
        opened = document_state(page)
        screenshot(page, f"sidebar-open-{lang}-390")
        left, right = opened["sidebar"]
        assert opened["collapsed"] == "false" and left >= -1 and right <= 391, opened
        assert right - left >= 250, opened  # open across the phone, all of it in view
        switcher = page.locator(SIDEBAR_SWITCHER).bounding_box()
        assert switcher["x"] >= 0 and switcher["x"] + switcher["width"] <= 390, switcher
        page.get_by_test_id("stSidebar").hover()  # its fold button shows on hover
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        closed = document_state(page)
        assert closed["collapsed"] == "true" and on_screen_width(closed) == 0, closed
        assert closed["scrollWidth"] <= closed["width"], closed
        assert watch.blocked == [] and watch.console_errors == []


def test_uyghur_desktop_has_the_sidebar_on_the_right_beside_the_page(browser, app_url):
    with document_at(browser, f"{app_url}/employment?lang=ug", 1920, 1080) as (watch, state):
        page = watch.page
        screenshot(page, "sidebar-ug-1920")
        assert state["dir"] == "rtl" and state["collapsed"] == "false", state
        left, right = state["sidebar"]
        assert right >= 1919 and left > 1400, state  # on the right edge, right to left
        assert state["content"][1] <= left, state  # the page beside it, not under it
        assert state["scrollWidth"] <= state["width"], state
        page.get_by_test_id("stSidebar").hover()  # its fold button shows on hover
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        closed = document_state(page)
        assert on_screen_width(closed) == 0 and closed["scrollWidth"] <= 1920, closed
        page.get_by_test_id("stExpandSidebarButton").click()
        reopened = document_state(page)
        assert reopened["sidebar"][1] >= 1919 and on_screen_width(reopened) > 200, reopened
        assert watch.blocked == [] and watch.console_errors == []
