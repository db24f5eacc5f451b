"""The district brief read on a phone (390 px) in each language: nothing runs past the
screen's edge (wide tables scroll inside the page), and the program's year range in the
header stays on one line."""

from __future__ import annotations

import pytest

from components.brief import district_brief
from tests.browser.conftest import open_watched, screenshot

pytestmark = pytest.mark.browser

# How wide the document is, and the lines on which the header's first year range is drawn.
PHONE_JS = """() => {
  const meta = document.querySelector('.meta');
  const walker = document.createTreeWalker(meta, NodeFilter.SHOW_TEXT);
  let lines = null;
  for (let node = walker.nextNode(); node && !lines; node = walker.nextNode()) {
    const at = node.textContent.search(/\\d{4}[\\u2013\\u2014]/);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at); range.setEnd(node, at + 10);  // "2022–", the joiner, "2024"
    lines = new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
  }
  const cards = [...document.querySelectorAll('.card')].map(e => e.getBoundingClientRect());
  return {scrollWidth: document.scrollingElement.scrollWidth, width: innerWidth,
          rangeLines: lines,
          cardsInside: cards.every(r => r.left >= 0 && r.right <= innerWidth)};
}"""


@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
def test_the_brief_fits_a_phone(browser, data, sample_info, lang):
    html = district_brief(data, "650105", "2022-2024", sample_info, generated="2026-12-03",
                          lang=lang)  # fmt: skip
    watch = open_watched(browser, 390, 844)
    try:
        watch.page.set_content(html)
        state = watch.page.evaluate(PHONE_JS)
        screenshot(watch.page, f"brief-{lang}-390")
        assert state["scrollWidth"] <= state["width"], state
        assert state["cardsInside"], state
        assert state["rangeLines"] == 1, state
        assert watch.blocked == []
    finally:
        watch.context.close()
