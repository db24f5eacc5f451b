"""The kiosk in Chromium: two cycles of the loop, idle reset, nothing private reachable."""

from __future__ import annotations

import itertools
import re
import time
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import open_watched, screenshot, start_server

pytestmark = pytest.mark.browser

SLIDES = 18
COUNTER = re.compile(r"(\d+) / 18")


@pytest.fixture(scope="module")
def kiosk_url():
    env = {"ATLAS_MODE": "kiosk", "ATLAS_ENABLE_DATA_PAGE": "1",
           "ATLAS_KIOSK_SLIDE_SECONDS": "4", "ATLAS_KIOSK_IDLE_SECONDS": "5",
           "ATLAS_KIOSK_PLAYBACK_SECONDS": "2"}  # fmt: skip
    # 4 s: the stage draws the next slide unseen for half a slide, and a map may take over 1 s
    url, server = start_server(env)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def kiosk_page(browser):
    watch = open_watched(browser, 1920, 1080)
    yield watch
    watch.context.close()


def slide_number(page) -> int | None:
    """The position caption of the stage's slot on screen (the other slot is prepared
    unseen)."""
    shown = page.evaluate("document.documentElement.dataset.kioskShown || '0'")
    captions = page.locator(f'.st-key-kiosk_stage_{shown} [data-testid="stCaptionContainer"]')
    text = " ".join(captions.all_inner_texts())
    match = COUNTER.search(text)
    return int(match.group(1)) if match else None


def test_loop_runs_two_cycles_and_resets_after_idling(kiosk_url, kiosk_page):
    page = kiosk_page.page
    page.goto(kiosk_url)
    seen: list[int] = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and seen.count(1) < 3:
        number = slide_number(page)
        if number and (not seen or seen[-1] != number):
            seen.append(number)
        page.wait_for_timeout(150)
    assert seen.count(1) >= 3, seen  # started, wrapped once, wrapped twice
    steps = [(b - a) % SLIDES for a, b in itertools.pairwise(seen)]
    assert all(step == 1 for step in steps), seen  # every slide, in order
    # A touch pauses; after the idle time the kiosk returns to the first slide and plays.
    page.get_by_role("button", name="下一页 ▶").click()
    page.get_by_role("button", name="下一页 ▶").click()
    page.get_by_role("button", name="▶ 继续").wait_for()
    page.wait_for_timeout(1500)  # let the second touch's rerun finish drawing
    paused_at = slide_number(page)
    page.wait_for_timeout(2500)
    assert slide_number(page) == paused_at
    page.get_by_role("button", name="❚❚ 暂停").wait_for(timeout=20_000)
    back_at: list[int | None] = []  # the stage shows the first slide once it has drawn it
    for _ in range(40):
        back_at.append(slide_number(page))
        if back_at[-1] == 1:
            break
        page.wait_for_timeout(100)
    assert back_at[-1] == 1, back_at
    screenshot(page, "kiosk-landscape")
    assert kiosk_page.blocked == []  # nothing left the loopback while the kiosk ran
    assert kiosk_page.console_errors == []


def test_private_pages_and_uploads_are_unreachable(kiosk_url, kiosk_page):
    page = kiosk_page.page
    for path in ("data", "map", "employment"):
        page.goto(f"{kiosk_url}/{path}")
        page.get_by_role("heading", name="乌鲁木齐创业社区").wait_for(timeout=30_000)
        assert page.get_by_role("heading", name="数据管理").count() == 0
        assert page.locator('input[type="file"]').count() == 0
    request = urllib.request.Request(
        f"{kiosk_url}/_stcore/upload_file/any-session/any-file", data=b"x", method="PUT"
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert 400 <= refused.value.code < 500
    assert kiosk_page.blocked == []


def test_kiosk_recovers_by_itself_when_the_server_restarts(browser):
    """A kiosk screen left alone: the server goes away and comes back on the same port;
    the page reconnects and the loop plays again without anyone touching it."""
    env = {"ATLAS_MODE": "kiosk", "ATLAS_KIOSK_SLIDE_SECONDS": "2"}
    url, server = start_server(env)
    port = int(url.rsplit(":", 1)[1])
    watch = open_watched(browser, 1920, 1080)
    page, context = watch.page, watch.context
    try:
        page.goto(url)
        page.get_by_role("heading", name="乌鲁木齐创业社区").wait_for(timeout=30_000)
        server.terminate()
        server.wait(timeout=10)
        page.wait_for_timeout(3000)  # the screen is on its own, with no server
        server = start_server(env, port)[1]
        seen: set[int] = set()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(seen) < 3:
            number = slide_number(page)
            if number:
                seen.add(number)
            page.wait_for_timeout(300)
        assert len(seen) >= 3, seen  # reconnected, and the loop is moving again
        assert watch.blocked == []
    finally:
        context.close()
        server.terminate()
        server.wait(timeout=10)
