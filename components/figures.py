"""Plotly figures for the employment and training charts. Data strings are escaped."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.escape import for_plotly
from data import reference

FONT = dict(family="Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, sans-serif", size=15)
TRAINING_PARTS = reference.indicator_parts("trained_total")
TRAINING_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c"]


def _layout(fig: go.Figure, title: str, unit: str, height: int = 340) -> go.Figure:
    fig.update_layout(
        title=dict(text=for_plotly(title), font=dict(size=18)),
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=50, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        plot_bgcolor="white",
        yaxis=dict(title=for_plotly(unit), gridcolor="#e5e9ee", rangemode="tozero"),
        xaxis=dict(gridcolor="#e5e9ee"),
        hoverlabel=dict(font=FONT),
    )
    return fig


def indicator_name(code: str) -> tuple[str, str]:
    row = reference.indicators().set_index("code").loc[code]
    return row["name_zh"], row["unit"]


def quarterly_figure(series: pd.Series, code: str, target_per_quarter: pd.Series | None,
                     place: str) -> go.Figure:  # fmt: skip
    """Bars per quarter, with the quarterly share of the annual target as a line."""
    name, unit = indicator_name(code)
    fig = go.Figure(go.Bar(x=series.index, y=series.values, name="实际", marker_color="#3182bd"))
    if target_per_quarter is not None:
        fig.add_trace(
            go.Scatter(
                x=target_per_quarter.index,
                y=target_per_quarter.values,
                name="目标（年度目标÷4）",
                mode="lines+markers",
                line=dict(color="#e6550d", dash="dash", shape="hv"),
            )
        )
    return _layout(fig, f"{place} · {name}（按季度）", unit)


def training_figure(frame: pd.DataFrame, place: str) -> go.Figure:
    """Stacked bars of people trained per quarter, by programme."""
    fig = go.Figure()
    for code, color in zip(TRAINING_PARTS, TRAINING_COLORS, strict=True):
        fig.add_trace(
            go.Bar(x=frame.index, y=frame[code], name=indicator_name(code)[0], marker_color=color)
        )
    fig.update_layout(barmode="stack")
    return _layout(fig, f"{place} · 培训人数（按培训类别）", "人次")


def by_type_figure(values: pd.Series, code: str, place: str) -> go.Figure:
    """Horizontal bars of one indicator per community type, in type colours."""
    name, unit = indicator_name(code)
    types = reference.community_types().set_index("code")
    values = values[values > 0].sort_values()
    fig = go.Figure(
        go.Bar(
            y=[for_plotly(types.at[c, "name_zh"]) for c in values.index],
            x=values.values,
            orientation="h",
            marker_color=[types.at[c, "color"] for c in values.index],
            showlegend=False,
        )
    )
    fig = _layout(fig, f"{place} · {name}（按社区类型）", "", height=max(260, 28 * len(values)))
    fig.update_layout(xaxis_title=for_plotly(unit), yaxis_title=None)
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
    fig.update_layout(xaxis_title=for_plotly(unit), yaxis_title=None)
    return fig
