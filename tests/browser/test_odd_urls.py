"""Every public page opened with hostile and malformed values for each URL parameter, in
each language: the page draws, shows no exception box, runs no script dialog and sends
nothing off the loopback."""

from __future__ import annotations

from itertools import cycle
from urllib.parse import urlencode

import pytest

from components import i18n
from tests.apptest import registered_pages
from tests.browser.conftest import open_page, open_watched

pytestmark = pytest.mark.browser

PARAMS = [
    *("level", "district", "layers", "types", "indicator", "period", "per10k"),  # the view
    *("playback", "quarter", "playing", "speed"),  # the map's playback
    *("districts", "view"),  # compare, meeting
]
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "${alert(1)}",
    "</script><script>alert(2)</script>",
    "-1",
    "9999999999999999999999",
    "1e309",
    "650102,650102,<b>,",
    "\u202e\u0000\u4e00",
    "",
]
EXCEPTION = '[data-testid="stException"]'


def odd_query(lang: str, shift: int) -> str:
    """Every parameter with one hostile value; ``shift`` rotates which value goes where."""
    values = cycle(HOSTILE[shift % len(HOSTILE) :] + HOSTILE[: shift % len(HOSTILE)])
    query = {name: next(values) for name in PARAMS}
    return urlencode({**({"lang": lang} if lang != "zh" else {}), **query})


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
def test_every_page_survives_hostile_url_values(browser, app_url, lang):
    pages = [url for script, url in registered_pages() if "/admin/" not in script]
    watch = open_watched(browser)
    dialogs: list[str] = []
    watch.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for shift, url_path in enumerate(pages):
            path = "" if url_path == pages[0] else url_path
            open_page(watch, f"{app_url}/{path}?{odd_query(lang, shift)}")
            assert watch.page.locator(EXCEPTION).count() == 0, url_path
            heading = watch.page.locator('[data-testid="stMain"] h1').first.inner_text()
            assert heading.strip(), url_path  # the page's own title, not a blank page
        assert dialogs == []
        assert watch.blocked == []
    finally:
        watch.context.close()


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
def test_an_unknown_page_opens_the_first_with_a_notice_in_the_sessions_language(
    browser, app_url, lang
):
    watch = open_watched(browser)
    try:
        open_page(watch, f"{app_url}/nosuchpage" + ("" if lang == "zh" else f"?lang={lang}"))
        with i18n.using(lang):
            first = i18n.t("page_titles.overview")
            notice = i18n.t("app.page_not_found", page=first)
        page = watch.page
        page.get_by_text(notice).wait_for(timeout=30_000)
        heading = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert heading.strip() == first  # the first page, drawn
        assert page.get_by_text("Page not found").count() == 0  # not Streamlit's English
        assert page.locator(EXCEPTION).count() == 0 and watch.blocked == []
    finally:
        watch.context.close()
