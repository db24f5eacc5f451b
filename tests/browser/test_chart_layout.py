"""Chart layout in Chromium: on a 390 px phone and a 1600 px screen, in zh, ug and en,
every chart's title stays whole and clear of its legend, its axis titles and every other
text (ticks, values, legend) stay inside the figure, and the completion chart's 90 % and
100 % lines and their labels touch no other text (components/chart_layout)."""

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
    // Every piece of text in the figure, and which annotations label a reference line.
    const notes = (plot && plot.layout && plot.layout.annotations) || [];
    const texts = plot ? [...plot.querySelectorAll('text')]
      .filter(e => e.textContent.trim()).map(e => {
        const note = e.closest('g.annotation');
        const index = note ? Number(note.dataset.index) : -1;
        return {text: e.textContent, box: rect(e),
                reference: index >= 0 && (notes[index] || {}).name === 'reference'};
      }).filter(e => e.box) : [];
    const lines = plot ? [...plot.querySelectorAll('.layer-above .shapelayer path')]
      .map(e => e.getBoundingClientRect()).filter(r => r.height)  // a vertical line: 0 wide
      .map(r => [r.left - 0.5, r.top, r.right + 0.5, r.bottom]) : [];
    return {
      key: box.className.match(/st-key-(\\S+)/)[1],
      title: title ? title.innerText : '',
      titleBox: rect(title), legendBox: rect(legend), box: rect(box),
      plotBox: rect(plot && plot.querySelector('.main-svg')),
      traces: plot ? plot.querySelectorAll('g.trace').length : 0,
      titleInside: inside ? inside.textContent : '',
      axisTitles: plot ? [...plot.querySelectorAll('g.g-xtitle text, g.g-ytitle text')]
        .map(e => ({text: e.textContent, box: rect(e)})).filter(e => e.box) : [],
      texts: texts, lines: lines,
    };
  })"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(box, frame) -> bool:
    return (frame[0] - 1 <= box[0] and box[2] <= frame[2] + 1
            and frame[1] - 1 <= box[1] and box[3] <= frame[3] + 1)  # fmt: skip


@pytest.mark.parametrize("width", [390, 1600])
@pytest.mark.parametrize("lang", ["zh", "ug", "en"])
def test_chart_titles_and_legends_never_overlap(app_url, browser, lang, width):
    watch = open_watched(browser, width, 3200)
    page = watch.page
    reference_charts = 0
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
                svg = chart["plotBox"]
                if chart["legendBox"]:
                    assert not overlap(title, chart["legendBox"]), where
                    legend = chart["legendBox"]
                    assert svg[0] - 1 <= legend[0] and legend[2] <= svg[2] + 1, where
                for axis in chart["axisTitles"]:  # whole, inside the figure
                    assert inside(axis["box"], svg), (*where, axis)
                cut = [x["text"] for x in chart["texts"] if not inside(x["box"], svg)]
                assert cut == [], (*where, cut)  # every label, tick and value whole
                references = [x for x in chart["texts"] if x["reference"]]
                others = [x for x in chart["texts"] if not x["reference"]]
                if references:
                    reference_charts += 1
                    assert len(references) == len(chart["lines"]) == 2, (*where, references)
                for label in references:  # its own band: no other text, no line
                    assert inside(label["box"], svg), (*where, label)
                    crossed = [
                        x["text"]
                        for x in chart["texts"]
                        if x is not label and overlap(label["box"], x["box"])
                    ]
                    assert crossed == [], (*where, label["text"], crossed)
                    assert not any(overlap(label["box"], line) for line in chart["lines"])
                for line in chart["lines"]:  # a reference line runs through no text
                    crossed = [x["text"] for x in others if overlap(line, x["box"])]
                    assert crossed == [], (*where, crossed)
            if width == 390:
                screenshot(page, f"charts-{name}-{lang}-{width}")
        assert reference_charts >= 1  # the completion chart was among them
        assert watch.blocked == []
    finally:
        watch.context.close()
