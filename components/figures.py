"""Plotly figures for the employment and training charts. Data strings are escaped.

Titles, axis and legend names come from the catalogs (charts.*) in the current language,
so a cached figure must be keyed by the language too.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components import chart_layout
from components.escape import for_plotly
from components.i18n import t, term
from components.labels import format_ratio
from data import reference
from geo.indicators import CLOSE_SHARE

FONT = chart_layout.FONT
TRAINING_PARTS = reference.indicator_parts("trained_total")
TRAINING_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c"]


def _layout(fig: go.Figure, title: str, unit: str, height: int = 340) -> go.Figure:
    return chart_layout.apply(fig, title, unit, height)


def indicator_name(code: str) -> tuple[str, str]:
    """The indicator's name and unit in the current language."""
    return term("indicators", code), term("indicator_units", code)


def _with_unit(code: str) -> str:
    return t("charts.with_unit", name=term("indicators", code), unit=term("indicator_units", code))


def quarterly_figure(series: pd.Series, code: str, target_per_quarter: pd.Series | None,
                     place: str) -> go.Figure:  # fmt: skip
    """Bars per quarter, with the quarterly share of the annual target as a line."""
    name, unit = indicator_name(code)
    fig = go.Figure(
        go.Bar(x=series.index, y=series.values, name=t("charts.actual"), marker_color="#3182bd")
    )
    if target_per_quarter is not None:
        fig.add_trace(
            go.Scatter(
                x=target_per_quarter.index,
                y=target_per_quarter.values,
                name=t("charts.quarter_target"),
                mode="lines+markers",
                line=dict(color="#e6550d", dash="dash", shape="hv"),
            )
        )
    return _layout(fig, t("charts.by_quarter_title", place=place, name=name), unit)


def training_figure(frame: pd.DataFrame, place: str) -> go.Figure:
    """Stacked bars of people trained per quarter, by programme."""
    fig = go.Figure()
    for code, color in zip(TRAINING_PARTS, TRAINING_COLORS, strict=True):
        fig.add_trace(
            go.Bar(x=frame.index, y=frame[code], name=indicator_name(code)[0], marker_color=color)
        )
    fig.update_layout(barmode="stack")
    name, unit = indicator_name("trained_total")
    return _layout(fig, t("charts.training_title", place=place, name=name), unit)


def by_type_figure(values: pd.Series, code: str, place: str) -> go.Figure:
    """Horizontal bars of one indicator per community type, in type colours."""
    name, unit = indicator_name(code)
    types = reference.community_types().set_index("code")
    values = values[values > 0].sort_values()
    fig = go.Figure(
        go.Bar(
            y=[for_plotly(term("community_types", c)) for c in values.index],
            x=values.values,
            orientation="h",
            marker_color=[types.at[c, "color"] for c in values.index],
            showlegend=False,
        )
    )
    title = t("charts.by_type_title", place=place, name=name)
    fig = _layout(fig, title, "", height=max(260, 28 * len(values)))
    fig.update_layout(xaxis_title=chart_layout.axis_title(unit), yaxis_title=None)
    return fig


def ranking_figure(values: pd.Series, labels: pd.Series, title: str, unit: str,
                   highlight: str | None = None) -> go.Figure:  # fmt: skip
    """Horizontal ranking of districts; ``values`` and ``labels`` indexed by adcode."""
    ordered = values.sort_values()
    colors = ["#e6550d" if a == highlight else "#6baed6" for a in ordered.index]
    fig = go.Figure(
        go.Bar(
            y=[for_plotly(labels[a]) for a in ordered.index],
            x=ordered.values,
            orientation="h",
            marker_color=colors,
            showlegend=False,
        )
    )
    fig = _layout(fig, title, "", height=max(260, 34 * len(ordered)))
    fig.update_layout(xaxis_title=chart_layout.axis_title(unit), yaxis_title=None)
    return fig


# --- Employment page and district comparison ---------------------------------------

STATUS_BAR_COLORS = {"achieved": "#2e8540", "close": "#f0a202", "behind": "#d62728"}
REFERENCE_SHARES = ((CLOSE_SHARE, "dot"), (1.0, "dash"))  # 接近 from 90 %, 已完成 at 100 %
DISTRICT_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]


def status_label(state: str) -> str:
    """The legend name of a status: 已完成, 接近（≥90%）, 落后（<90%）."""
    close = format_ratio(CLOSE_SHARE)
    shares = {"close": f"≥{close}", "behind": f"<{close}"}
    if state in shares:
        return t(f"charts.legend.{state}", share=shares[state])
    return t(f"charts.legend.{state}")


def progress_figure(table: pd.DataFrame, labels: pd.Series, title: str, unit: str) -> go.Figure:
    """Completion (% of the cumulative target) per district, furthest behind at the top,
    with reference lines at 90 % and 100 %.

    ``table``: rows of ``geo.indicators.cumulative_progress`` for one indicator.
    """
    rows = table[table["ratio"].notna()].sort_values("ratio", ascending=False)
    names = [for_plotly(labels[d]) for d in rows["district"]]
    fig = go.Figure()
    for state, color in STATUS_BAR_COLORS.items():
        part = rows[rows["status"] == state]
        hover = [
            t("charts.gap_text", ratio=format_ratio(r), gap=f"{g:,.0f}", unit=unit)
            if g > 0
            else format_ratio(r)
            for r, g in zip(part["ratio"], part["gap"], strict=True)
        ]
        fig.add_trace(
            go.Bar(
                y=[for_plotly(labels[d]) for d in part["district"]],
                x=part["ratio"] * 100,
                orientation="h",
                marker_color=color,
                name=status_label(state),
                customdata=hover,
                hovertemplate=f"%{{y}}{t('charts.sep')}%{{customdata}}<extra></extra>",
            )
        )
    fig = _layout(fig, title, "", height=max(280, 38 * (len(rows) + 1) + 90))
    # The short share of each bar stands in a column right of the plot (the gap is in the
    # hover text and the table); the reference lines are labelled above the top bar.
    chart_layout.values_beside(fig, names, [format_ratio(r) for r in rows["ratio"]])
    marks = [(share * 100, format_ratio(share), dash) for share, dash in REFERENCE_SHARES]
    chart_layout.reference_lines(fig, marks, bars=len(rows))
    widest = float(rows["ratio"].max() * 100) if len(rows) else 100.0
    fig.update_layout(
        xaxis=dict(title=chart_layout.axis_title(t("charts.completion_axis")),
                   range=[0, max(widest, 100) * 1.05]),
        yaxis=dict(categoryorder="array", categoryarray=names, title=None),  # first at the bottom
    )  # fmt: skip
    return fig


def funnel_figure(values: pd.Series, title: str) -> go.Figure:
    """Training, jobs and new entities as three separate bars, each with its own unit: the
    stages are counted separately, so nothing (no funnel, no connector) suggests that one
    turns into the next."""
    names = [for_plotly(_with_unit(code)) for code in values.index]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=values.values,
            orientation="h",
            marker_color=["#1f77b4", "#2ca02c", "#9467bd"][: len(values)],
            showlegend=False,
            hovertemplate=f"%{{y}}{t('charts.sep')}%{{x:,.0f}}<extra></extra>",
        )
    )
    fig = _layout(fig, title, "", height=260)
    # Each count in the column right of the plot: beside a long bar it would be cut.
    chart_layout.values_beside(fig, names, [f"{v:,.0f}" for v in values.values])
    top = float(values.max()) if len(values) else 1.0
    fig.update_layout(
        yaxis=dict(title=None, autorange="reversed"),
        xaxis=dict(range=[0, top * 1.02], showticklabels=False, showgrid=False),
        bargap=0.45,
    )
    return fig


def grouped_bars_figure(table: pd.DataFrame, labels: pd.Series, title: str, unit: str) -> go.Figure:
    """Bars per row (a period) grouped by column (an adcode), one colour per district."""
    fig = go.Figure()
    for number, adcode in enumerate(table.columns):
        fig.add_trace(
            go.Bar(
                x=[str(i) for i in table.index],
                y=table[adcode].values,
                name=for_plotly(labels[adcode]),
                marker_color=DISTRICT_COLORS[number % len(DISTRICT_COLORS)],
            )
        )
    fig.update_layout(barmode="group")
    fig = _layout(fig, title, unit)
    fig.update_xaxes(type="category")
    return fig


OTHER_DISTRICTS = "#c5ced8"


def comparison_ranking_figure(values: pd.Series, labels: pd.Series, title: str, unit: str,
                              chosen: list[str]) -> go.Figure:  # fmt: skip
    """``ranking_figure`` with each chosen district in its colour from
    ``grouped_bars_figure`` (the same colour means the same district on the page), named
    in the legend, and the other districts in grey under one legend entry."""
    ordered = values.sort_values()
    bars = [([a], for_plotly(labels[a]), DISTRICT_COLORS[n % len(DISTRICT_COLORS)])
            for n, a in enumerate(chosen) if a in ordered.index]  # fmt: skip
    others = [a for a in ordered.index if a not in chosen]
    if others:
        bars.append((others, t("compare.other_districts"), OTHER_DISTRICTS))
    fig = go.Figure()
    for members, name, color in bars:
        fig.add_trace(
            go.Bar(
                y=[for_plotly(labels[a]) for a in members],
                x=ordered[members].values,
                orientation="h",
                marker_color=color,
                name=name,
            )
        )
    fig = _layout(fig, title, "", height=max(260, 34 * len(ordered)))
    fig.update_layout(
        barmode="overlay",  # one bar per district, full height, whichever trace holds it
        xaxis_title=chart_layout.axis_title(unit),
        yaxis=dict(
            title=None,
            categoryorder="array",  # smallest at the bottom, largest on top
            categoryarray=[for_plotly(labels[a]) for a in ordered.index],
        ),
    )
    return fig


def quarterly_small_figures(series: pd.DataFrame, targets: pd.DataFrame,
                            codes: list[str]) -> list[go.Figure]:  # fmt: skip
    """One small figure per indicator: quarterly bars with the target step line (annual
    target ÷ 4). Shown two to a row; they stack on a phone."""
    small = []
    for code in codes:
        fig = go.Figure(
            go.Bar(x=series.index, y=series[code], name=t("charts.actual"), marker_color="#3182bd")
        )
        fig.add_trace(
            go.Scatter(x=targets.index, y=targets[code], name=t("charts.quarter_target"),
                       mode="lines", line=dict(color="#e6550d", dash="dash", shape="hv"))
        )  # fmt: skip
        fig = _layout(fig, _with_unit(code), "", height=300)
        fig.update_xaxes(type="category", tickangle=-45, tickfont=dict(size=11))
        small.append(fig)
    return small
