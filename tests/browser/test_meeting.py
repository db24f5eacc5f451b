"""Meeting mode on a 1920×1080 projector: the presenter's note about the QR code's address
(ATLAS_PUBLIC_URL unset, so the address only works on this machine) is not on the first
screen, whether /meeting is opened from the sidebar or directly; the presenter finds it by
opening the sidebar."""

from __future__ import annotations

import pytest

from components import i18n
from data import reference
from tests.browser.conftest import open_page, open_watched, screenshot, settled, wait_for_map

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1920, 1080

# The sidebar's state, the box of the caption that names ATLAS_PUBLIC_URL, and the bottom
# of Streamlit's header against the top of the data banner (示例数据).
NOTE_JS = """() => {
  const bar = document.querySelector('[data-testid="stSidebar"]');
  const header = document.querySelector('[data-testid="stHeader"]');
  const banner = document.querySelector('.st-key-atlas_banner');
  const note = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
    .find(e => e.innerText.includes('ATLAS_PUBLIC_URL'));
  const box = note ? note.getBoundingClientRect() : null;
  return {collapsed: bar ? bar.dataset.collapsed : null,
          note: box && [box.left, box.top, box.right, box.bottom],
          inSidebar: !!(note && bar && bar.contains(note)),
          headerBottom: header ? header.getBoundingClientRect().bottom : 0,
          bannerTop: banner ? banner.getBoundingClientRect().top : null};
}"""


def in_view(box: list[float], width: int = WIDTH, height: int = HEIGHT) -> bool:
    left, top, right, bottom = box
    return right > left and right > 0 and left < width and bottom > 0 and top < height


def meeting_shown(page, lang: str) -> dict:
    """The note's state once the first view's map has drawn and the sidebar has settled."""
    with i18n.using(lang):
        position = i18n.t("meeting.position", n=1, total=len(reference.meeting_views()))
    page.get_by_text(position).wait_for(timeout=60_000)
    wait_for_map(page)
    return note_state(page)


def note_state(page) -> dict:
    """``NOTE_JS`` once the sidebar has finished its 300 ms slide."""
    return settled(page, lambda: page.evaluate(NOTE_JS), "the meeting page's sidebar")


def test_the_address_note_is_off_the_projected_screen(browser, app_url):
    watch = open_watched(browser, WIDTH, HEIGHT, locale="zh-CN")
    page = watch.page
    try:
        open_page(watch, app_url)
        assert page.evaluate(NOTE_JS)["collapsed"] == "false"  # other pages: sidebar open
        page.get_by_test_id("stSidebarNav").get_by_role("link", name="会议演示").click()
        state = meeting_shown(page, "zh")
        screenshot(page, "meeting-zh-1920-first-screen")
        assert state["inSidebar"] and state["collapsed"] == "true", state
        assert not in_view(state["note"]), state
        assert state["bannerTop"] >= state["headerBottom"], state  # 示例数据 not under it
        page.get_by_test_id("stExpandSidebarButton").click()  # the presenter opens it
        opened = note_state(page)
        assert opened["collapsed"] == "false" and in_view(opened["note"]), opened
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        watch.context.close()


@pytest.mark.parametrize(
    ("lang", "width", "height"), [("zh", WIDTH, HEIGHT), ("ug", WIDTH, HEIGHT), ("zh", 390, 844)]
)
def test_meeting_opened_directly_starts_with_the_sidebar_folded(
    browser, app_url, lang, width, height
):
    watch = open_watched(browser, width, height)
    page = watch.page
    try:
        page.goto(f"{app_url}/meeting" + ("" if lang == "zh" else f"?lang={lang}"))
        state = meeting_shown(page, lang)
        screenshot(page, f"meeting-{lang}-{width}-opened-directly")
        assert state["inSidebar"] and state["collapsed"] == "true", state
        assert not in_view(state["note"], width, height), state
        assert state["bannerTop"] >= state["headerBottom"], state
        assert watch.blocked == []
    finally:
        watch.context.close()
