"""Chart layout in Chromium: on a 390 px phone and a 1600 px screen, in zh, ug and en,
every chart's title stays whole and clear of its legend (components/chart_layout)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_page, open_watched, screenshot

pytestmark = pytest.mark.browser

PAGES = {
    "employment": "/employment",
    "compare": "/compare?districts=650102,650105,650109",
    "map": "/map?level=district&district=650105",
}
EXPECTED_CHARTS = {"employment": 9, "compare": 2, "map": 3}

# Each chart's title (page text above it) and legend, as boxes in the page.
CHART_BOXES = """() => [...document.querySelectorAll('[class*="st-key-chart_"]')]
  .filter(box => box.offsetParent !== null)
  .map(box => {
    const rect = e => { if (!e) return null; const r = e.getBoundingClientRect();
      return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; };
    const title = box.querySelector('[data-testid="stMarkdownContainer"] p');
    const plot = box.querySelector('.js-plotly-plot');
    const legend = plot && plot.querySelector('g.legend');
    const inside = plot && plot.querySelector('g.g-gtitle text');
    return {
      key: box.className.match(/st-key-(\\S+)/)[1],
      title: title ? title.innerText : '',
      titleBox: rect(title), legendBox: rect(legend), box: rect(box),
      plotBox: rect(plot && plot.querySelector('.main-svg')),
      traces: plot ? plot.querySelectorAll('g.trace').length : 0,
      titleInside: inside ? inside.textContent : '',
    };
  })"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("width", [390, 1600])
@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
def test_chart_titles_and_legends_never_overlap(app_url, browser, lang, width):
    watch = open_watched(browser, width, 3200)
    page = watch.page
    try:
        for name, path in PAGES.items():
            separator = "&" if "?" in path else "?"
            open_page(watch, f"{app_url}{path}{separator}lang={lang}" if lang != "zh"
                      else f"{app_url}{path}")  # fmt: skip
            page.wait_for_function(
                f"""() => ({CHART_BOXES})().filter(c => c.traces > 0).length
                    >= {EXPECTED_CHARTS[name]}""",
                timeout=60_000,
            )
            charts = page.evaluate(CHART_BOXES)
            for chart in charts:
                where = (lang, width, name, chart["key"], chart["title"])
                assert chart["title"] and chart["titleBox"], where  # every chart is titled
                assert chart["titleInside"] == "", where  # never drawn over the plot too
                left, _, right, _ = chart["box"]
                title = chart["titleBox"]
                assert left - 1 <= title[0] and title[2] <= right + 1, where  # whole, not cut
                if chart["legendBox"]:
                    assert not overlap(title, chart["legendBox"]), where
                    legend, svg = chart["legendBox"], chart["plotBox"]
                    assert svg[0] - 1 <= legend[0] and legend[2] <= svg[2] + 1, where
            if width == 390:
                screenshot(page, f"charts-{name}-{lang}-{width}")
        assert watch.blocked == []
    finally:
        watch.context.close()
