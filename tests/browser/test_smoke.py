"""Every public page in Debian Chromium, offline by DNS: each must draw what it shows.

The harness itself is tested here too: a page that never draws must fail ``open_page``,
and a request to another host must be refused and recorded.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import MAP_FRAME, open_page, screenshot, wait_for_map

pytestmark = pytest.mark.browser

DISTRICT_FILL = "#dfe7ee"


def count(page, test_id: str) -> int:
    return page.get_by_test_id(test_id).count()


def test_overview_shows_the_district_map_offline(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/")
    page = watch.page
    page.get_by_role("heading", name="总览").wait_for()
    frame = wait_for_map(page, shapes=8 + 100)
    districts = frame.locator(f'path.leaflet-interactive[fill="{DISTRICT_FILL}"]')
    assert districts.count() == 8
    assert frame.locator("path.leaflet-interactive").count() > 8 + 100  # community dots
    assert frame.locator(".atlas-legend").inner_text().count("\n") >= 13
    banner = page.get_by_test_id("stAlert").first.inner_text()
    assert "示例数据" in banner and "数据日期：2024-12-31" in banner
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "overview")
    assert watch.blocked == []
    assert watch.console_errors == []


def expect_overview(page) -> None:
    wait_for_map(page, shapes=8)
    assert count(page, "stMetric") >= 4  # KPI cards against the targets
    assert count(page, "stDataFrame") + count(page, "stTable") >= 1  # the 13 types


def expect_map(page) -> None:
    frame = wait_for_map(page, shapes=8)
    assert frame.locator(f'path.leaflet-interactive[fill="{DISTRICT_FILL}"]').count() == 8
    assert frame.locator(".atlas-district-label").count() == 8
    assert count(page, "stSelectbox") >= 2  # level, district, indicator…
    assert count(page, "stMetric") >= 3  # the city panel


def expect_employment(page) -> None:
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    assert count(page, "stPlotlyChart") >= 3
    assert count(page, "stMetric") >= 4  # who is furthest behind, per indicator
    assert page.get_by_role("tab").count() >= 3


def expect_compare(page) -> None:
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30_000)
    for number in range(2):  # the default comparison: two districts, a small map each
        wait_for_map(page, shapes=1, index=number)
    assert count(page, "stPlotlyChart") >= 2
    assert count(page, "stMultiSelect") == 1


def expect_meeting(page) -> None:
    frame = wait_for_map(page, shapes=8)
    assert frame.locator(".atlas-legend").count() == 1
    assert count(page, "stButton") >= 2  # previous and next
    assert page.get_by_test_id("stImage").locator("img").count() >= 1  # the QR code


EXPECTED = {
    "overview": expect_overview,
    "map": expect_map,
    "employment": expect_employment,
    "compare": expect_compare,
    "meeting": expect_meeting,
}


def public_pages() -> list[tuple[str, str]]:
    from tests.apptest import registered_pages

    return [(script, url) for script, url in registered_pages() if "/admin/" not in script]


def test_every_public_page_has_its_expectations():
    assert sorted(url for _, url in public_pages()) == sorted(EXPECTED)


@pytest.mark.parametrize(("script", "url_path"), public_pages())
def test_every_public_page_opens_by_deep_link_offline(app_url, watched_page, script, url_path):
    watch = watched_page
    is_default = script == public_pages()[0][0]
    open_page(watch, f"{app_url}/{'' if is_default else url_path}")
    page = watch.page
    page.locator("h1").first.wait_for()
    EXPECTED[url_path](page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    screenshot(page, f"page-{url_path}")
    assert watch.blocked == []
    assert watch.console_errors == []


def test_a_page_that_never_draws_fails_the_harness(app_url, browser):
    """Without JavaScript the app stays blank: ``open_page`` must not accept it."""
    from tests.browser.conftest import open_watched

    watch = open_watched(browser, java_script_enabled=False)
    try:
        with pytest.raises(Exception):  # noqa: B017 - any wait or assertion failure
            open_page(watch, f"{app_url}/map", timeout=5_000)
    finally:
        watch.context.close()


def test_requests_off_the_loopback_are_refused_and_recorded(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/")
    outcome = watch.page.evaluate(
        """() => fetch('https://example.com/tile.png').then(() => 'reached', () => 'refused')"""
    )
    assert outcome == "refused"
    assert watch.blocked == ["https://example.com/tile.png"]
    assert watch.page.locator(MAP_FRAME).count() >= 1
