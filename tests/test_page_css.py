"""The page's own CSS reaches the page: Streamlit's HTML sanitiser drops a whole style
element whose text looks like a tag (a comment naming an element in angle brackets did
that to the right-to-left rules), so no style sent through ``st.html`` holds one."""

from __future__ import annotations

import re

import pytest

from components import kiosk_slides, layout, meeting, typography

TAG_LIKE = re.compile(r"<(?!/?style\b)[/!a-zA-Z]")
STYLES = {
    "frame (zh)": typography.page_css("zh"),
    "frame (ug)": typography.page_css("ug"),
    "banner": layout.FRAME_CSS,
    "map page": layout.MAP_PAGE_CSS,
    "kiosk": kiosk_slides.KIOSK_CSS,
    "meeting": meeting.MEETING_CSS,
}


@pytest.mark.parametrize("name", list(STYLES))
def test_page_styles_hold_no_tag_like_text(name):
    css = STYLES[name].strip()
    assert css.startswith("<style>") and css.endswith("</style>"), name
    assert TAG_LIKE.findall(css) == [], name


def test_the_check_finds_tag_like_text():
    assert TAG_LIKE.findall("<style>/* <html dir> */ a {}</style>") == ["<h"]
    assert "direction: rtl" in typography.page_css("ug")
    assert 'html[dir="rtl"] [data-testid="stSidebar"]' in typography.page_css("ug")
