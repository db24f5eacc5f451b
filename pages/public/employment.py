"""就业与培训: who is behind on training and jobs, quarterly series against targets,
breakdowns by community type and district, and training → jobs side by side.

The district is shared with the map (SHARED_DISTRICT_KEY): chosen there, it arrives here
selected; chosen here, the map opens on it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import analytics, figures, tables
from components.brief import period_text
from components.escape import for_markdown
from components.guard import SHARED_DISTRICT_KEY, datasets_or_stop
from components.kpi import STATUS_COLORS
from data import reference
from data.loader import dataset_info
from geo import indicators as ind
from geo.view import PERIODS

DISTRICT_KEY, PERIOD_KEY, INDICATOR_KEY = "emp_district", "emp_period", "emp_indicator"
WHOLE_CITY = ""  # the district selectbox's "whole city" option
PROGRESS_CODES = ["trained_total", *reference.indicator_parts("trained_total"), "jobs_created",
                  "new_entities", "returnee_startups", "startup_loans"]  # fmt: skip
SUMMARY_CODES = ["trained_total", "jobs_created", "new_entities", "returnee_startups"]
TARGET_CODES = ["trained_total", "jobs_created", "new_entities", "returnee_startups",
                "startup_loans"]  # fmt: skip
RULE = (
    "完成率 = 累计实际 ÷ 同期累计目标（年度目标 ÷ 4 × 已过季度数）；"
    "≥100% 已完成，≥90% 接近，其余落后。三年目标为 2022—2024 年度目标之和。"
)
FUNNEL_NOTE = (
    "三个环节各自独立统计：培训按人次计（一人多次培训计多次），带动就业与新增市场主体"
    "并非对参训人员的跟踪，不能据此推算“培训后就业率”。"
)

data = datasets_or_stop()
names = data.district_names
info = dataset_info()


def seed_state() -> None:
    """The district selectbox mirrors the district shared with the map."""
    shared = st.session_state.get(SHARED_DISTRICT_KEY)
    shared = shared if shared in names else None
    if DISTRICT_KEY not in st.session_state or (st.session_state[DISTRICT_KEY] or None) != shared:
        st.session_state[DISTRICT_KEY] = shared or WHOLE_CITY
    st.session_state.setdefault(PERIOD_KEY, ind.ALL_PERIODS)
    st.session_state.setdefault(INDICATOR_KEY, "trained_total")


def share_district() -> None:
    st.session_state[SHARED_DISTRICT_KEY] = st.session_state[DISTRICT_KEY] or None


def shortfall_metric(column, progress: pd.DataFrame, code: str) -> None:
    """The district furthest behind on one indicator, as a metric card."""
    label = f"{reference.label('indicators', code)} · 完成率最低"
    ranked = ind.ranked_shortfalls(progress, code)
    if ranked.empty:
        column.metric(label, "无目标数据", border=True)
        return
    worst = ranked.iloc[0]
    if worst["status"] == ind.ACHIEVED:
        column.metric(label, "全部区县已完成", border=True)
        return
    column.metric(
        label,
        f"{names[worst['district']]} {tables.format_ratio(worst['ratio'])}",
        f"差 {tables.format_value(worst['gap'], code)} {tables.unit_of(code)}"
        f" · {tables.status_word(worst['status'])}",
        delta_color=STATUS_COLORS[worst["status"]],
        delta_arrow="off",
        border=True,
        help="累计实际与同期累计目标之差；" + RULE,
    )


def target_bars(rows: pd.DataFrame) -> None:
    """Cumulative actual against the three-year target, one bar per indicator."""
    for row in rows.set_index("code").loc[TARGET_CODES].reset_index().itertuples():
        full = row.program_target
        share = row.actual / full if full and not pd.isna(full) else 0.0
        actual, target = (
            tables.format_value(row.actual, row.code),
            tables.format_value(full, row.code),
        )
        st.progress(
            min(max(share, 0.0), 1.0),
            text=f"{tables.indicator_label(row.code)}：累计 {actual} / 三年目标 {target}"
            f"（{tables.format_ratio(share)}）· 同期 {tables.format_ratio(row.ratio)} "
            f"{tables.status_word(row.status)}",
        )


seed_state()
st.title("就业与培训")
st.caption(f"{reference.PROGRAM_TITLE} · 就业技能培训行动与劳动力就业促进行动的季度指标")

with st.container(border=True):
    row = st.columns(3)
    row[0].selectbox(
        "区县（与地图联动）",
        [WHOLE_CITY, *names],
        format_func=lambda a: names.get(a, "全市（8 个区县）"),
        key=DISTRICT_KEY,
        on_change=share_district,
    )
    row[1].selectbox("时期", list(PERIODS), format_func=period_text, key=PERIOD_KEY)
    row[2].selectbox(
        "构成图的指标", PROGRESS_CODES, format_func=tables.indicator_label, key=INDICATOR_KEY
    )

district = st.session_state[DISTRICT_KEY] or None
period, code = st.session_state[PERIOD_KEY], st.session_state[INDICATOR_KEY]
through = ind.period_end(period)
place = names[district] if district else tables.CITY
shown_place = for_markdown(place)  # for markdown headings; charts escape on their own
progress = ind.cumulative_progress(
    data.indicators, data.targets, PROGRESS_CODES, through, list(names)
)
city = ind.city_progress(progress, tables.CITY)

st.subheader(f"落后最多 · 累计至 {period_text(through)}")
for column, summary_code in zip(st.columns(len(SUMMARY_CODES)), SUMMARY_CODES, strict=True):
    shortfall_metric(column, progress, summary_code)
st.caption(RULE)

with st.expander(f"三年目标进度 · {shown_place}", expanded=True):
    target_bars(progress[progress["district"] == district] if district else city)

st.subheader(f"各区县累计进度 · 截至 {period_text(through)}")
chart_tab, table_tab = st.tabs(["图表", "区县 × 指标"])
with chart_tab:
    figure = figures.progress_figure(
        progress[progress["code"] == code],
        pd.Series(names),
        f"{tables.indicator_label(code)}完成率（从低到高）",
        tables.unit_of(code),
    )
    st.plotly_chart(figure, config=analytics.PLOT_CONFIG, key="emp_progress_chart")
with table_tab:
    analytics.progress_matrix(pd.concat([city, progress]), names)
analytics.table_downloads(
    tables.progress_long(pd.concat([city, progress]), names), "累计进度", "emp_progress"
)

quarters = ind.quarters_through(through)
series = ind.quarterly(data.indicators, PROGRESS_CODES, district).reindex(quarters, fill_value=0)
quarter_targets = ind.quarterly_targets(data.targets, TARGET_CODES, quarters, district)
st.subheader(f"季度走势 · {shown_place} · {quarters[0]}—{quarters[-1]}")
analytics.chart_and_table(
    [
        [
            figures.training_figure(series, place),
            figures.quarterly_figure(
                series["trained_total"], "trained_total", quarter_targets["trained_total"], place
            ),
        ],
        figures.quarterly_grid_figure(series, quarter_targets, TARGET_CODES[1:], place),
    ],
    tables.quarterly_table(series, quarter_targets),
    f"季度指标_{place}",
    "emp_quarterly",
)

st.subheader(f"{tables.indicator_label(code)}构成 · {period_text(period)}")
left, right = st.columns(2)
with left:
    by_type = ind.breakdown(data.indicators, [code], period, "community_type", district)[code]
    type_names = reference.community_types().set_index("code")["name_zh"].to_dict()
    analytics.chart_and_table(
        figures.by_type_figure(by_type, code, place),
        tables.breakdown_table(by_type, type_names, code, "社区类型"),
        f"按社区类型_{place}",
        "emp_by_type",
    )
with right:
    by_district = ind.breakdown(data.indicators, [code], period, "district")[code]
    by_district = by_district.reindex(list(names), fill_value=0)
    analytics.chart_and_table(
        figures.ranking_figure(
            by_district,
            pd.Series(names),
            f"各区县 · {tables.indicator_label(code)}",
            tables.unit_of(code),
            highlight=district,
        ),
        tables.breakdown_table(by_district, names, code, "区县"),
        "按区县",
        "emp_by_district",
    )

st.subheader(f"培训 → 就业 → 市场主体 · {shown_place} · {period_text(period)}")
stages = ind.breakdown(data.indicators, ind.FUNNEL_CODES, period, "district", district)
stages = stages.sum().astype(float)  # the district, or every district summed
analytics.chart_and_table(
    figures.funnel_figure(stages, f"{place} · 三个环节的数量"),
    tables.funnel_table(stages),
    f"培训与就业_{place}",
    "emp_funnel",
)
st.caption(FUNNEL_NOTE)

st.subheader("区县简报")
if district:
    analytics.brief_button(data, district, period, info, key="emp_brief")
else:
    st.info("在上方选择一个区县，即可下载该区县的简报（含地图、指标、图表与来源）。")
