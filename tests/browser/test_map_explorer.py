"""The map explorer in Chromium: a click on a district polygon, and a shared URL."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    current_url,
    open_page,
    open_watched,
    screenshot,
    wait_for_map,
)
from tests.browser.test_smoke import DISTRICT_FILL

pytestmark = pytest.mark.browser


def test_clicking_a_district_polygon_updates_the_panel(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/map")
    page = watch.page
    page.get_by_role("heading", name="乌鲁木齐市 · 2022—2024 三年合计").wait_for()
    frame = wait_for_map(page)
    assert frame.locator(f'path.leaflet-interactive[fill="{DISTRICT_FILL}"]').count() == 8
    label = frame.locator(".atlas-district-label", has_text="米东区")
    box = label.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="米东区 · 2022—2024 三年合计").wait_for(timeout=30_000)
    page.wait_for_function("() => location.href.includes('district=650109')")
    assert "level=district" in current_url(page)
    wait_for_map(page)
    screenshot(page, "map-district")
    assert watch.blocked == [] and watch.console_errors == []


def test_a_shared_url_restores_the_view_in_a_new_browser(app_url, browser):
    watch = open_watched(browser)
    page = watch.page
    try:
        url = f"{app_url}/map?level=district&district=650104&layers=bases,choropleth&period=2023"
        open_page(watch, url)
        page.get_by_role("heading", name="新市区 · 2023 年").wait_for(timeout=60_000)
        frame = wait_for_map(page)
        frame.locator(".awesome-marker").first.wait_for()
        assert frame.locator(".atlas-legend").inner_text().startswith("图例")
        assert "带动就业" in frame.locator(".atlas-legend").inner_text()
        assert frame.locator(f'path.leaflet-interactive[fill="{DISTRICT_FILL}"]').count() == 0
        address = current_url(page)
        assert "district=650104" in address and "period=2023" in address
        screenshot(page, "map-shared-url")
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        watch.context.close()


def test_xinjiang_level(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/map?level=xinjiang")
    page = watch.page
    page.get_by_role("heading", name="新疆创业孵化体系").wait_for()
    frame = wait_for_map(page)
    assert frame.locator(".atlas-district-label").count() == 24
    screenshot(page, "map-xinjiang")
    assert watch.blocked == [] and watch.console_errors == []
