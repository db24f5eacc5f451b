"""Smoke test in Debian Chromium with every non-loopback request aborted."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
DISTRICT_FILL = "#dfe7ee"


def open_page(watch, url: str) -> None:
    page = watch.page
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stApp").wait_for()
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=60_000)


def test_overview_shows_the_district_map_offline(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/")
    page = watch.page
    page.get_by_role("heading", name="总览").wait_for()
    frame = page.frame_locator(MAP_FRAME)
    districts = frame.locator(f'path.leaflet-interactive[fill="{DISTRICT_FILL}"]')
    districts.first.wait_for(timeout=30_000)
    assert districts.count() == 8
    assert frame.locator("path.leaflet-interactive").count() > 8 + 100  # community dots
    assert frame.locator(".atlas-legend").inner_text().count("\n") >= 13
    banner = page.get_by_test_id("stAlert").first.inner_text()
    assert "示例数据" in banner and "数据日期：2024-12-31" in banner
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "overview")
    assert watch.blocked == []
    assert watch.console_errors == []


def public_pages() -> list[tuple[str, str]]:
    from tests.test_app import registered_pages

    return [(script, url) for script, url in registered_pages() if "/admin/" not in script]


@pytest.mark.parametrize(("script", "url_path"), public_pages())
def test_every_public_page_opens_by_deep_link_offline(app_url, watched_page, script, url_path):
    watch = watched_page
    is_default = script == public_pages()[0][0]
    open_page(watch, f"{app_url}/{'' if is_default else url_path}")
    page = watch.page
    page.locator("h1").first.wait_for()
    maps = page.locator(MAP_FRAME)
    if maps.count():
        page.frame_locator(MAP_FRAME).first.locator(".leaflet-container").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    screenshot(page, f"page-{url_path}")
    assert watch.blocked == []
    assert watch.console_errors == []
