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
- **Small multiples** are separate figures side by side (``analytics.chart_and_table``
  rows), which stack on a phone, never subplots whose axes would run into each other.

Labels come from the caller, in the current language; data strings are escaped there.
"""

from __future__ import annotations

import html

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
        yaxis=dict(title=for_plotly(unit) or None, gridcolor=GRID, rangemode="tozero",
                   automargin=True),
        xaxis=dict(gridcolor=GRID, automargin=True),
        hoverlabel=dict(font=FONT),
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
