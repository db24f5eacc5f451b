"""Maps that read at a glance, measured in Chromium: the map on the first screen of a
meeting screen, a laptop and a phone; district labels that never overlap in any language;
legends whose every entry shows without scrolling; the attribution and the scale bar; a
kiosk map at room scale; and basemap tiles from a deployment's own tile server."""

from __future__ import annotations

import http.server
import struct
import threading
import zlib

import pytest

from tests.browser.conftest import (
    MAP_FRAME,
    open_page,
    open_watched,
    screenshot,
    start_server,
    wait_for_map,
)

pytestmark = pytest.mark.browser

MAP_PAGES = [("/", "overview"), ("/map", "map"), ("/meeting", "meeting")]

# The boxes of the visible district labels and of the map frame, in page pixels.
LABEL_BOXES = """(selector) => {
    const frame = document.querySelector(selector);
    const outer = frame.getBoundingClientRect();
    const doc = frame.contentDocument;
    return [...doc.querySelectorAll('.atlas-district-label')]
        .filter(el => getComputedStyle(el).visibility === 'visible')
        .map(el => {
            const box = el.getBoundingClientRect();
            return {text: el.textContent, size: parseFloat(getComputedStyle(el).fontSize),
                    left: box.left + outer.left, top: box.top + outer.top,
                    right: box.right + outer.left, bottom: box.bottom + outer.top};
        })
        .filter(box => box.right > outer.left && box.left < outer.right
                    && box.bottom > outer.top && box.top < outer.bottom);
}"""


def points_under(page, frame) -> list[dict]:
    """The community dots and base pins drawn inside the map whose box meets the box of
    its open legend."""
    legend = frame.locator(".atlas-legend").bounding_box()
    outer = map_box(page)
    points = frame.locator(
        "path.leaflet-interactive[fill-opacity='0.95'], .awesome-marker:not(.awesome-marker-shadow)"
    ).evaluate_all(
        """els => els.map(el => { const b = el.getBoundingClientRect();
            return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; })"""
    )
    # Boxes in the map's own pixels; Leaflet leaves dots out of view empty.
    legend_box = {
        "left": legend["x"] - outer["x"],
        "top": legend["y"] - outer["y"],
        "right": legend["x"] - outer["x"] + legend["width"],
        "bottom": legend["y"] - outer["y"] + legend["height"],
    }
    shown = [
        p
        for p in points
        if p["right"] > p["left"]
        and p["right"] > 0
        and p["bottom"] > 0
        and p["left"] < outer["width"]
        and p["top"] < outer["height"]
    ]
    return [
        p
        for p in shown
        if p["left"] < legend_box["right"]
        and legend_box["left"] < p["right"]
        and p["top"] < legend_box["bottom"]
        and legend_box["top"] < p["bottom"]
    ]


def map_box(page) -> dict:
    return page.locator(MAP_FRAME).first.bounding_box()


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if (
                a["left"] < b["right"]
                and b["left"] < a["right"]
                and a["top"] < b["bottom"]
                and b["top"] < a["bottom"]
            ):
                pairs.append((a["text"], b["text"]))
    return pairs


# What moves while a map settles: its frame's box, the view, the labels and the legend.
MAP_STATE = """(selector) => {
    const frame = document.querySelector(selector);
    const doc = frame.contentDocument;
    const boxes = [...doc.querySelectorAll('.atlas-district-label, .atlas-legend')]
        .map(el => { const b = el.getBoundingClientRect();
                     return [Math.round(b.left), Math.round(b.top), b.width > 0]; });
    const pane = doc.querySelector('.leaflet-map-pane');
    const box = frame.getBoundingClientRect();
    return JSON.stringify([box.top, box.height, box.width, pane && pane.style.transform,
                           doc.querySelector('.leaflet-proxy')?.style.transform, boxes]);
}"""


def settled_map(page, shapes: int = 8):
    """The first map, drawn, once it has settled: its frame sized to the screen, the view
    refitted and the labels placed (two looks 0.5 s apart agree)."""
    frame = wait_for_map(page, shapes=shapes)
    page.wait_for_timeout(1000)
    before = None
    for _ in range(30):
        now = page.evaluate(MAP_STATE, MAP_FRAME)
        if now == before:
            break
        before = now
        page.wait_for_timeout(500)
    return frame


def in_language(path: str, lang: str) -> str:
    return path if lang == "zh" else f"{path}?lang={lang}"


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
@pytest.mark.parametrize(("path", "name"), MAP_PAGES)
def test_the_whole_map_is_on_the_first_screen(app_url, browser, path, name, width, height, lang):
    """Whatever stands above the map (a title, chips that wrap onto more rows in a longer
    language), the map starts where the page puts it and ends at the foot of the screen."""
    watch = open_watched(browser, width, height, locale="zh-CN")
    page = watch.page
    try:
        open_page(watch, f"{app_url}{in_language(path, lang)}")
        frame = settled_map(page)
        box = map_box(page)
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
        assert box["y"] + box["height"] >= height - 40, box  # no room left unused below
        if height == 1080:
            assert box["height"] >= 700, box
        # The map's foot shows: its credit and scale bar are inside the screen.
        for foot in (".leaflet-control-attribution", ".leaflet-control-scale-line"):
            part = frame.locator(foot).bounding_box()
            assert part["y"] + part["height"] <= height, (foot, part)
        screenshot(page, f"layout-{name}-{width}x{height}-{lang}")
    finally:
        watch.context.close()


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
@pytest.mark.parametrize(("path", "name"), MAP_PAGES)
def test_on_a_phone_the_map_comes_first_and_fills_most_of_the_screen(
    app_url, browser, path, name, lang
):
    watch = open_watched(browser, 390, 844, locale="zh-CN", is_mobile=True, has_touch=True)
    page = watch.page
    try:
        open_page(watch, f"{app_url}{path}?lang={lang}")
        frame = settled_map(page)
        box = map_box(page)
        assert box["y"] <= 0.4 * 844, box
        assert box["height"] >= 0.6 * 844, box
        assert box["y"] + box["height"] <= 844 + 1, box  # and ends on the first screen
        # The legend starts folded: only its summary line shows.
        assert frame.locator(".atlas-legend details").get_attribute("open") is None
        assert frame.locator(".atlas-legend-row").first.is_visible() is False
        # Nothing scrolls sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        screenshot(page, f"layout-{name}-phone-{lang}")
        assert watch.blocked == []
    finally:
        watch.context.close()


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
def test_district_labels_never_overlap_and_legend_entries_all_show(app_url, browser, lang):
    watch = open_watched(browser, 1920, 1080)
    page = watch.page
    try:
        query = "" if lang == "zh" else f"?lang={lang}"
        open_page(watch, f"{app_url}/map{query}")
        frame = settled_map(page)
        boxes = page.evaluate(LABEL_BOXES, MAP_FRAME)
        assert len(boxes) >= 6, boxes  # the core's districts are named
        assert overlapping(boxes) == []
        # Every legend entry is inside the map and the legend does not scroll.
        legend = frame.locator(".atlas-legend")
        assert legend.evaluate("el => el.scrollHeight <= el.clientHeight + 1")
        outer = map_box(page)
        rows = frame.locator(".atlas-legend-row")
        assert rows.count() == 13 + 5 + 4  # community types, base kinds and levels
        for row in rows.all():
            box = row.bounding_box()
            assert row.is_visible() and box["height"] > 0
            assert (
                box["y"] >= outer["y"] and box["y"] + box["height"] <= outer["y"] + outer["height"]
            )
            assert box["x"] >= outer["x"] and box["x"] + box["width"] <= outer["x"] + outer["width"]
        # No flag or library prefix; the boundary source and its caveat; metric only.
        credit = frame.locator(".leaflet-control-attribution")
        assert credit.locator("svg, img, a").count() == 0
        assert "2021" in credit.inner_text()
        scales = frame.locator(".leaflet-control-scale-line")
        assert scales.count() == 1
        assert scales.inner_text().strip().endswith(("km", "m"))
        # The city view opens with its points clear of the open legend.
        assert legend.locator("details").get_attribute("open") is not None
        assert points_under(page, frame) == []
        screenshot(page, f"layout-labels-{lang}")
        assert watch.blocked == []
    finally:
        watch.context.close()


def test_dense_points_are_spread_and_none_hides_another(app_url, watched_page):
    open_page(watched_page, f"{app_url}/map")
    page = watched_page.page
    frame = settled_map(page, shapes=8 + 100)
    dots = frame.locator("path.leaflet-interactive[fill-opacity='0.95']")
    centers = dots.evaluate_all(
        """els => els.map(el => { const b = el.getBoundingClientRect();
            return [b.x + b.width / 2, b.y + b.height / 2, b.width / 2]; })"""
    )
    assert len(centers) >= 150  # every community is drawn, none hidden in a cluster
    centers = [c for c in centers if c[2] > 0]  # Leaflet leaves dots out of view empty
    assert len(centers) >= 100
    piled = [
        (a, b)
        for i, a in enumerate(centers)
        for b in centers[i + 1 :]
        if (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2 < (a[2] + b[2] - 1) ** 2
    ]
    assert piled == []


def test_meeting_map_is_at_room_scale(app_url, browser):
    watch = open_watched(browser, 1920, 1080, locale="zh-CN")
    page = watch.page
    try:
        open_page(watch, f"{app_url}/meeting?view=1")
        frame = settled_map(page)
        boxes = page.evaluate(LABEL_BOXES, MAP_FRAME)
        assert boxes and min(box["size"] for box in boxes) >= 24
        assert overlapping(boxes) == []
        sizes = frame.locator("path.leaflet-interactive[fill-opacity='0.95']").evaluate_all(
            "els => els.map(el => el.getBoundingClientRect().width)"
        )
        sizes = [size for size in sizes if size > 0]  # dots out of view are left empty
        assert len(sizes) >= 50 and min(sizes) >= 16
    finally:
        watch.context.close()


def png_tile() -> bytes:
    """A 256×256 light-grey PNG."""
    row = b"\x00" + b"\xd0\xd0\xd0" * 256
    raw = zlib.compress(row * 256)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def tile_server():
    """A PNG tile server on the loopback that records the paths asked for."""
    tile = png_tile()
    asked: list[str] = []

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()


def test_a_configured_tile_server_is_drawn_under_the_map(browser, tile_server):
    tiles_url, asked = tile_server
    env = {"ATLAS_BASEMAP": f"{tiles_url}/{{z}}/{{x}}/{{y}}.png",
           "ATLAS_BASEMAP_ATTRIBUTION": "Intranet tiles"}  # fmt: skip
    url, server = start_server(env)
    watch = open_watched(browser, 1600, 1000)
    try:
        open_page(watch, f"{url}/map")
        frame = settled_map(watch.page)
        frame.locator("img.leaflet-tile-loaded").first.wait_for(timeout=30_000)
        assert frame.locator("img.leaflet-tile-loaded").count() >= 4
        assert any(path.endswith(".png") and path.count("/") == 3 for path in asked)
        assert "Intranet tiles" in frame.locator(".leaflet-control-attribution").inner_text()
        assert watch.blocked == []
    finally:
        watch.context.close()
        server.terminate()
        server.wait(timeout=10)


def test_without_a_tile_setting_no_tile_is_requested(app_url, watched_page, tile_server):
    _, asked = tile_server
    before = len(asked)
    open_page(watched_page, f"{app_url}/map")
    frame = settled_map(watched_page.page)
    assert frame.locator("img.leaflet-tile").count() == 0
    assert frame.locator(".leaflet-tile-pane").inner_html() == ""
    assert len(asked) == before
    assert watched_page.blocked == []
