"""The database store going down and coming back, in Chromium: the page says so in one
paragraph in its language, then draws the page by itself once the database answers again
(no click, no reload, no server restart)."""

from __future__ import annotations

from components import i18n
from tests.browser.conftest import (
    MAIN_HEADING,
    assert_drawn,
    open_watched,
    screenshot,
    start_server,
)
from tests.database import Forward, database_url, fresh_database
from tools.local_server import stop_server


def test_the_page_comes_back_by_itself(browser, monkeypatch):
    forward = Forward(database_url())  # closed: the database is down
    fresh_database(monkeypatch, forward.url)
    with i18n.using("en"):
        unavailable = i18n.t("app.store_unavailable")
    url, server = start_server({"ATLAS_DATABASE_URL": forward.url, "ATLAS_DATA_DIR": ""})
    watch = open_watched(browser, locale="en-US")
    page = watch.page
    try:
        page.goto(url + "/?lang=en", wait_until="domcontentloaded")
        page.get_by_text(unavailable).wait_for(timeout=60_000)
        assert page.locator(MAIN_HEADING).count() == 0  # the page itself did not run
        screenshot(page, "store_unavailable_en")
        forward.open()
        page.locator(MAIN_HEADING).first.wait_for(timeout=60_000)  # the retry reran it
        page.get_by_text(unavailable).wait_for(state="detached", timeout=30_000)
        assert_drawn(page)
        assert watch.blocked == []
    finally:
        watch.context.close()
        stop_server(server)
        forward.close()
