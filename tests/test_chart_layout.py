"""components.chart_layout without a browser: axis titles wrap to a phone's width, values
stand beside the bars, reference lines are labelled in their own band."""

from __future__ import annotations

import plotly.graph_objects as go

from components import chart_layout
from components.chart_layout import AXIS_TITLE_EMS, axis_title


def widths(title: str) -> list[float]:
    return [chart_layout._ems(line) for line in title.split("<br>")]


def test_a_long_axis_title_wraps_between_words():
    title = axis_title("Completion (% of the cumulative target to date)")
    assert title == "Completion (% of the<br>cumulative target to date)"
    uyghur = axis_title("ئورۇندىلىش نىسبىتى (%، شۇ ۋاقىتقىچە بولغان جۇغلانما نىشانغا نىسبەتەن)")
    assert uyghur.count("<br>") == 2 and max(widths(uyghur)) <= AXIS_TITLE_EMS


def test_a_short_title_stays_one_line_and_cjk_breaks_before_a_character():
    assert axis_title("人次") == "人次"
    assert axis_title("") == ""
    long = "对照同期累计目标的完成率按区县排（百分比）"  # 16 characters, then "（"
    assert axis_title(long).split("<br>") == ["对照同期累计目标的完成率按区县排", "（百分比）"]
    closing = "对照同期累计目标的完成率按区县排，列表"  # the 17th is a closing mark
    assert axis_title(closing).split("<br>") == ["对照同期累计目标的完成率按区县排，", "列表"]


def test_axis_titles_are_escaped():
    assert axis_title("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"


def test_values_beside_widen_the_right_margin_for_the_widest():
    fig = chart_layout.apply(go.Figure(go.Bar(y=["a", "b"], x=[1, 2], orientation="h")), "T")
    narrow = fig.layout.margin.r
    chart_layout.values_beside(fig, ["a", "b"], ["5%", "1,234,567"])
    notes = [(a.y, a.text, a.xref, a.xanchor) for a in fig.layout.annotations]
    assert notes == [("a", "5%", "paper", "left"), ("b", "1,234,567", "paper", "left")]
    assert fig.layout.margin.r > narrow + 50  # nine narrow characters of 13 px


def test_reference_lines_get_a_band_above_the_bars():
    fig = go.Figure(go.Bar(y=["a", "b", "c"], x=[1, 2, 3], orientation="h"))
    chart_layout.reference_lines(fig, [(100, "100%", "dash"), (90, "90%", "dot")], bars=3)
    assert tuple(fig.layout.yaxis.range) == (-0.5, 3.5)  # one bar's height free on top
    assert [s.x0 for s in fig.layout.shapes] == [90, 100]
    labels = [(a.text, a.xanchor, a.yref, a.y) for a in fig.layout.annotations]
    assert labels == [("90%", "right", "paper", 1), ("100%", "left", "paper", 1)]
