"""总览: city-wide KPI cards, the district map of communities, and the 13 community types."""

from __future__ import annotations

import streamlit as st

from components.guard import datasets_or_stop
from components.kpi import count_card, progress_card
from components.map_cache import render_map
from components.maps import community_map
from data import loader, reference
from geo.indicators import progress

KPI_CODES = ["jobs_created", "trained_total", "new_entities", "returnee_startups"]

st.title("总览")
st.caption(reference.PROGRAM_TITLE)

data = datasets_or_stop()
districts, communities, bases = data.districts, data.communities, data.bases
indicators, targets = data.indicators, data.targets

cards = [
    count_card("创业社区", len(communities), "个"),
    count_card("孵化基地", len(bases), "个"),
    *(progress_card(p, "三年目标") for p in progress(indicators, targets, KPI_CODES)),
]
for column, card in zip(st.columns(len(cards)), cards, strict=True):
    column.metric(
        card.label,
        card.value,
        card.delta,
        delta_color=card.delta_color,
        help=card.help,
        delta_arrow="off",
        border=True,
    )

st.subheader("各区县创业社区分布")
render_map(  # shared by sessions until a data file changes
    repr(loader.data_signature()),
    lambda: community_map(districts, communities),
    key="overview_map",
    height=640,
    use_container_width=True,
    returned_objects=[],
)

st.subheader("13 类创业社区")
types = reference.community_types()
types["count"] = types["code"].map(communities.groupby("type").size()).fillna(0).astype(int)
st.dataframe(
    types[["name_zh", "count", "purpose"]],
    column_config={
        "name_zh": st.column_config.TextColumn("类型", width="small"),
        "count": st.column_config.NumberColumn("社区数", format="%d 个", width="small"),
        "purpose": st.column_config.TextColumn("功能定位（摘自行动方案）", width="large"),
    },
    hide_index=True,
)

with st.expander("文件中的数字（附来源）"):
    figures = reference.program_figures()
    st.dataframe(
        figures[["name", "value", "unit", "scope", "period", "source_title", "source_outlet"]],
        column_config={
            "name": "指标",
            "value": st.column_config.NumberColumn("数值", format="localized"),
            "unit": "单位",
            "scope": "范围",
            "period": "时间",
            "source_title": "来源文件",
            "source_outlet": "发布方",
        },
        hide_index=True,
    )
