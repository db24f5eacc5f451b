"""The one place where a chart's layout is decided: title, legend, margins and wrapping,
the same for every screen width and language.

- **Title.** A figure keeps its title (``layout.title``, escaped for plotly), but ``show``
  writes it above the chart as page text instead of drawing it inside: page text wraps at
  any width (a plotly title is one line, cut at the edges on a phone) and runs right to
  left in Uyghur. So the legend can never sit on the title.
- **Legend.** One horizontal row above the plot, from the left edge; plotly wraps it into
  more rows on a narrow screen and grows the top margin to fit them.
- **Margins.** Small fixed margins; axis labels push them as far as they need
  (``automargin``), so long district and type names are never cut.
- **Axis titles** wrap onto lines short enough for a 390 px phone (``axis_title``): plotly
  draws an axis title on one line, centred on the plot, and cuts it at the figure's edges.
- **Values beside bars** stand in a column right of the plot (``values_beside``), never
  inside it, so no bar, gridline or reference line runs through them.
- **Reference lines** (90 %, 100 %) get their labels in a band reserved above the top bar
  (``reference_lines``), one on each side of its line, clear of bars and their values.
- **Small multiples** are separate figures side by side (``analytics.chart_and_table``
  rows), which stack on a phone, never subplots whose axes would run into each other.

Labels come from the caller, in the current language; data strings are escaped there.
"""

from __future__ import annotations

import html
import unicodedata

import plotly.graph_objects as go
import streamlit as st

from components.escape import for_markdown, for_plotly
from components.typography import FONT_STACK

FONT = dict(family=FONT_STACK, size=15)
GRID = "#e5e9ee"
PLOT_CONFIG = {"displayModeBar": False}
LEGEND = dict(
    orientation="h",
    x=0,
    xanchor="left",
    y=1.02,
    yanchor="bottom",
    font=dict(size=13),
    itemwidth=30,
)
MARGIN = dict(l=10, r=10, t=10, b=10, autoexpand=True)
# An axis title's line: about 240 px of 15 px type, so it fits a 390 px phone's chart.
AXIS_TITLE_EMS = 16.0
CLOSING_MARKS = ("Pe", "Pf", "Po")  # punctuation that never starts a line: ）, ，。：% …
NARROW_EM = 0.55  # a Latin or Arabic-script letter, as a share of a CJK character
VALUE_FONT = dict(size=13)
VALUE_GAP_PX = 6  # between the plot's right edge and the column of values
REFERENCE_COLOR = "#555555"


def apply(fig: go.Figure, title: str, unit: str = "", height: int = 340) -> go.Figure:
    """Title, fonts, legend, margins and axes of every chart; ``title`` and ``unit`` are
    plain text (escaped here)."""
    fig.update_layout(
        title=dict(text=for_plotly(title)),
        font=FONT,
        height=height,
        margin=MARGIN,
        legend=LEGEND,
        plot_bgcolor="white",
        yaxis=dict(title=axis_title(unit) or None, gridcolor=GRID, rangemode="tozero",
                   automargin=True),
        xaxis=dict(gridcolor=GRID, automargin=True),
        hoverlabel=dict(font=FONT),
    )  # fmt: skip
    return fig


def _ems(text: str) -> float:
    """The width of ``text`` in CJK characters (wide and full-width ones count 1)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else NARROW_EM for c in text)


def axis_title(text: str, ems: float = AXIS_TITLE_EMS) -> str:
    """Plain text as an axis title for plotly: escaped, in lines of at most ``ems`` CJK
    characters' width, broken between words (or anywhere in CJK text)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        for piece in _pieces(word, ems):
            joined = f"{line} {piece}" if line else piece
            if line and _ems(joined) > ems:
                lines.append(line)
                joined = piece
            line = joined
    if line:
        lines.append(line)
    return "<br>".join(for_plotly(part) for part in lines)


def _pieces(word: str, ems: float) -> list[str]:
    """``word`` cut into parts no wider than ``ems`` (only CJK runs are that long); a
    closing mark stays at the end of its line."""
    pieces, piece = [], ""
    for char in word:
        if piece and _ems(piece + char) > ems and unicodedata.category(char) not in CLOSING_MARKS:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def values_beside(fig: go.Figure, categories: list[str], texts: list[str]) -> go.Figure:
    """Each horizontal bar's value (plain text) in a column right of the plot, level with
    its bar; the right margin grows to hold the widest. ``categories`` are the bars' y
    values as drawn (already escaped)."""
    for category, text in zip(categories, texts, strict=True):
        fig.add_annotation(
            name="value", text=for_plotly(text), x=1, xref="paper", xanchor="left",
            xshift=VALUE_GAP_PX, y=category, yref="y", showarrow=False, font=VALUE_FONT,
        )  # fmt: skip
    widest = max((_ems(text) for text in texts), default=0.0)
    right = VALUE_GAP_PX + 8 + round(widest * VALUE_FONT["size"] * 1.15)
    fig.update_layout(margin=dict(r=max(MARGIN["r"], right)))
    return fig


def reference_lines(fig: go.Figure, marks: list[tuple[float, str, str]], bars: int) -> go.Figure:
    """Vertical reference lines across a horizontal bar chart of ``bars`` categories, each
    ``(x, label, dash)``, labelled in a band one bar high kept free above the top bar: the
    lowest mark's label left of its line, the others right of theirs."""
    fig.update_yaxes(range=[-0.5, bars - 0.5 + 1])  # the band above the top bar
    for number, (x, label, dash) in enumerate(sorted(marks)):
        fig.add_vline(x=x, line=dict(color=REFERENCE_COLOR, width=1, dash=dash))
        left = number == 0
        fig.add_annotation(
            name="reference", text=for_plotly(label), x=x, xref="x", y=1, yref="paper",
            yanchor="top", xanchor="right" if left else "left", xshift=-3 if left else 3,
            showarrow=False, font=dict(size=VALUE_FONT["size"], color=REFERENCE_COLOR),
        )  # fmt: skip
    return fig


def title_of(fig: go.Figure) -> str:
    """The figure's title as plain text."""
    return html.unescape(fig.layout.title.text or "")


def drawn_without_title(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` for the page: its title is shown as page text above it. The copy is
    kept on the figure, so a figure shared per data version is copied once, not per rerun."""
    copy = getattr(fig, "_untitled_copy", None)
    if copy is None:
        copy = go.Figure(fig)
        copy.update_layout(title=dict(text=None))
        fig._untitled_copy = copy
    return copy


def show(fig: go.Figure, key: str, where=None, config: dict | None = None) -> None:
    """The chart with its title above it as page text, in a container keyed ``chart_<key>``
    (``where``: the column or container to draw in, else the page)."""
    box = (where or st).container(key=f"chart_{key}", gap=None)
    title = title_of(fig)
    if title:
        box.markdown(f"**{for_markdown(title)}**")
    box.plotly_chart(drawn_without_title(fig), config=config or PLOT_CONFIG, key=key)
