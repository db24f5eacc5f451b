"""The map explorer's side panels and district charts (Streamlit UI pieces)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import figures
from components.escape import for_markdown
from components.item_card import base_card, community_card
from components.kpi import count_card, period_card
from data import loader, reference
from data.loader import Datasets
from geo import indicators as ind
from geo.view import View, previous_period

PANEL_CODES = [
    "jobs_created",
    "trained_total",
    "new_entities",
    "returnee_startups",
    "startup_loans",
]
PLOT_CONFIG = {"displayModeBar": False}


@st.cache_resource(max_entries=256, show_spinner=False)
def _shared_figure(cache_key: str, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


def cached_figure(parts: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build`` makes, shared by sessions until a data file changes. ``parts``
    must name everything it depends on besides the data. Only read, never change it
    (st.plotly_chart copies it with ``to_dict``)."""
    return _shared_figure(repr((loader.data_signature(), parts)), build)


def period_label(period: str) -> str:
    if period == ind.ALL_PERIODS:
        return "2022—2024 三年合计"
    return f"{period} 年" if len(period) == 4 else period.replace("Q", " 年第 ") + " 季度"


def item_card(data: Datasets, item: tuple[str, str] | None) -> None:
    """The card of a clicked community or base, when it still exists in the data."""
    kind, item_id = item or (None, None)
    frame = data.communities if kind == "community" else data.bases
    match = frame[frame["id"] == item_id] if kind in ("community", "base") else frame.iloc[0:0]
    if match.empty:
        return
    row = match.iloc[0]
    build = community_card if kind == "community" else base_card
    card = build(row, data.district_names[row["district"]])
    with st.container(border=True):
        st.markdown(f"#### {for_markdown(card.title)}")
        st.caption(for_markdown(card.subtitle))
        st.table(pd.DataFrame(card.rows, columns=["项目", "内容"]).set_index("项目"))
        st.caption(f"来源：{for_markdown(card.source)}")


def xinjiang_panel(data: Datasets) -> None:
    st.subheader("新疆创业孵化体系")
    stated = reference.program_figures()
    xinjiang = stated[stated["scope"] == "新疆"].head(6)
    for column, row in zip(st.columns(2) * 3, xinjiang.itertuples(), strict=False):
        column.metric(f"{row.name}（{row.unit}）", f"{row.value:,}")
    first = xinjiang.iloc[0]
    st.caption(f"来源：《{first['source_title']}》，{first['source_outlet']}")
    st.markdown("**二核五轴五区**")
    kinds = reference.cluster_kinds().set_index("code")["name_zh"]
    st.dataframe(
        data.clusters.assign(kind=data.clusters["kind"].map(kinds))[["kind", "name", "members"]],
        column_config={"kind": "类别", "name": "名称", "members": "成员地州"},
        hide_index=True,
    )


def city_panel(data: Datasets, view: View, values: pd.Series, value_title: str, unit: str) -> None:
    st.subheader(f"乌鲁木齐市 · {period_label(view.period)}")
    current = ind.progress(data.indicators, data.targets, PANEL_CODES[:3], view.period)
    cards = [count_card("创业社区", len(data.communities), "个")]
    cards += [period_card(item, None)[0] for item in current]
    for column, card in zip(st.columns(2) * 2, cards, strict=True):
        column.metric(card.label, card.value, border=True)
    labels = pd.Series(data.district_names)
    figure = cached_figure(
        ("ranking", view.indicator, view.period, view.per_10k, value_title, unit),
        lambda: figures.ranking_figure(values, labels, f"各区县排名：{value_title}", unit),
    )
    st.plotly_chart(figure, config=PLOT_CONFIG)


def district_panel(data: Datasets, view: View, adcode: str) -> None:
    st.subheader(f"{for_markdown(data.district_names[adcode])} · {period_label(view.period)}")
    before = previous_period(view.period)
    current = ind.progress(data.indicators, data.targets, PANEL_CODES, view.period, adcode)
    earlier = (
        ind.progress(data.indicators, data.targets, PANEL_CODES, before, adcode) if before else []
    )
    for number, item in enumerate(current):
        card, target_line = period_card(item, earlier[number] if earlier else None)
        with st.container(border=True):
            st.metric(card.label, card.value, card.delta, delta_color=card.delta_color)
            st.caption(target_line)


def district_charts(data: Datasets, view: View, adcode: str) -> None:
    place = data.district_names[adcode]
    series = ind.quarterly(data.indicators, reference.codes("indicators"), adcode)
    yearly_target = data.targets[data.targets["district"] == adcode].set_index("year")
    per_quarter = pd.Series(
        {q: yearly_target.at[int(q[:4]), view.indicator] / 4 for q in series.index}
    )
    left, right = st.columns(2)
    quarterly = cached_figure(
        ("quarterly", adcode, view.indicator),
        lambda: figures.quarterly_figure(
            series[view.indicator], view.indicator, per_quarter, place
        ),
    )
    left.plotly_chart(quarterly, config=PLOT_CONFIG)
    training = cached_figure(("training", adcode), lambda: figures.training_figure(series, place))
    right.plotly_chart(training, config=PLOT_CONFIG)
    rows = ind.in_period(data.indicators, view.period)
    by_type = rows[rows["district"] == adcode].groupby("community_type")[view.indicator].sum()
    by_type_figure = cached_figure(
        ("by_type", adcode, view.indicator, view.period),
        lambda: figures.by_type_figure(by_type, view.indicator, place),
    )
    left.plotly_chart(by_type_figure, config=PLOT_CONFIG)
    with right:
        district_lists(data, adcode)


def district_lists(data: Datasets, adcode: str) -> None:
    communities = data.communities[data.communities["district"] == adcode]
    bases = data.bases[data.bases["district"] == adcode]
    st.markdown(f"**创业社区（{len(communities)} 个）**")
    type_names = communities["type"].map(lambda c: reference.label("community_types", c))
    st.dataframe(
        communities.assign(type=type_names)[["name", "type", "street", "year", "jobs_created"]],
        column_config={
            "name": "社区",
            "type": "类型",
            "street": "街道（乡镇）",
            "year": st.column_config.NumberColumn("认定年份", format="%d"),
            "jobs_created": "带动就业（人）",
        },
        hide_index=True,
        height=260,
    )
    st.markdown(f"**孵化基地（{len(bases)} 个）**")
    st.dataframe(
        bases.assign(
            kind=bases["kind"].map(lambda c: reference.label("base_kinds", c)),
            level=bases["level"].map(lambda c: reference.label("base_levels", c)),
        )[["name", "kind", "level", "firms"]],
        column_config={"name": "基地", "kind": "类别", "level": "级别", "firms": "入驻企业（家）"},
        hide_index=True,
        height=220,
    )
