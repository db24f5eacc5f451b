"""区县对比: 2 to 4 districts side by side (KPIs absolute and per 10,000 residents,
grouped bars, small maps, briefs) and the ranking of every district.

The choice lives in the URL (``?districts=650102,650105&indicator=…&period=…``), so a
copied link reopens the same comparison.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import analytics, figures, tables
from components.brief import BRIEF_CODES, period_text
from components.guard import SHARED_DISTRICT_KEY, datasets_or_stop
from components.offline import render_offline
from data import reference
from data.loader import dataset_info
from geo import compare
from geo.choropleth import district_values
from geo.view import PERIODS

DISTRICTS_KEY, INDICATOR_KEY, PERIOD_KEY = "cmp_districts", "cmp_indicator", "cmp_period"
KPI_CODES = BRIEF_CODES  # the brief's order: jobs, training (total, by programme), ...
MAP_HEIGHT = 300

data = datasets_or_stop()
names = data.district_names
indicator_codes = reference.codes("indicators")
info = dataset_info()
population = reference.district_population()


def default_districts() -> list[str]:
    """The district shared with the map (if any), completed to two districts."""
    shared = st.session_state.get(SHARED_DISTRICT_KEY)
    chosen = [shared] if shared in names else []
    return (chosen + [a for a in names if a not in chosen])[: compare.MIN_DISTRICTS]


def seed_state() -> None:
    """On a session's first visit, take the comparison from the URL."""
    if DISTRICTS_KEY in st.session_state:
        return
    params = st.query_params.to_dict()
    chosen = compare.comparison_from_params(params, list(names), indicator_codes)
    districts = list(chosen.districts) if "districts" in params else default_districts()
    st.session_state.update(
        {DISTRICTS_KEY: districts, INDICATOR_KEY: chosen.indicator, PERIOD_KEY: chosen.period}
    )


def sync_url(comparison: compare.Comparison) -> None:
    wanted = compare.comparison_to_params(comparison)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


seed_state()
st.title("区县对比")
st.caption(f"{reference.PROGRAM_TITLE} · 选择 2 至 4 个区县并排比较；链接可直接分享")

with st.container(border=True):
    row = st.columns([4, 2, 2])
    row[0].multiselect(
        "区县（2—4 个）",
        list(names),
        format_func=names.get,
        key=DISTRICTS_KEY,
        max_selections=compare.MAX_DISTRICTS,
        placeholder="选择区县",
    )
    row[1].selectbox("指标", indicator_codes, format_func=tables.indicator_label, key=INDICATOR_KEY)
    row[2].selectbox("时期", list(PERIODS), format_func=period_text, key=PERIOD_KEY)

comparison = compare.Comparison(
    tuple(st.session_state[DISTRICTS_KEY]),
    st.session_state[INDICATOR_KEY],
    st.session_state[PERIOD_KEY],
)
sync_url(comparison)
chosen, code, period = list(comparison.districts), comparison.indicator, comparison.period
labels = pd.Series(names)

if not comparison.ready:
    st.info(
        f"请至少选择 {compare.MIN_DISTRICTS} 个区县（最多 {compare.MAX_DISTRICTS} 个）进行对比，"
        f"当前已选 {len(chosen)} 个。下方仍显示全部区县的排名。",
        icon=":material/info:",
    )
else:
    residents = population.set_index("adcode")["population"]
    kpis = compare.district_kpis(data.indicators, KPI_CODES, period, chosen, residents)
    absolute = tables.kpi_table(kpis, names, "value")
    per_10k = tables.kpi_table(kpis, names, "per_10k")
    number_format = {
        column: st.column_config.NumberColumn(format="localized")
        for column in absolute.columns[1:]  # district names: both tables share them
    }

    st.subheader(f"主要指标 · {period_text(period)}")
    absolute_tab, per_10k_tab = st.tabs(["绝对值", "每万常住人口"])
    absolute_tab.dataframe(absolute, hide_index=True, column_config=number_format)
    per_10k_tab.dataframe(per_10k, hide_index=True, column_config=number_format)
    analytics.table_downloads(pd.concat([absolute, per_10k]), "区县对比指标", "cmp_kpis")
    if population["is_sample"].any():
        st.caption(
            "每万常住人口 = 指标 ÷ 分区常住人口 × 10,000。所用分区常住人口为占位数字"
            "（示例数据），须以乌鲁木齐市第七次全国人口普查公报数据替换。"
        )

    steps = compare.period_steps(data.indicators, code, period, chosen)
    title = f"{tables.indicator_label(code)} · {period_text(period)}"
    st.subheader(f"分期对比 · {tables.indicator_label(code)}")
    analytics.chart_and_table(
        figures.grouped_bars_figure(steps, labels, title, tables.unit_of(code)),
        tables.steps_table(steps, names, code),
        "区县分期对比",
        "cmp_steps",
    )

    st.subheader("分布图")
    for column, adcode in zip(st.columns(len(chosen)), chosen, strict=True):
        with column:
            st.text(names[adcode])
            render_offline(
                analytics.small_district_map(data, adcode),
                key=f"cmp_map_{adcode}",
                height=MAP_HEIGHT,
                use_container_width=True,
                returned_objects=[],
            )
            analytics.brief_button(data, adcode, period, info, key=f"cmp_brief_{adcode}")
    st.caption(
        "圆点为创业社区（按类型着色，图例可展开）。边界来自高德数据（约 2021 年），非标准地图，"
        "无审图号。简报为单个 HTML 文件，可打印为 A4。"
    )

st.subheader(f"全部区县排名 · {tables.indicator_label(code)} · {period_text(period)}")
values = district_values(data.indicators, code, period, list(names))
analytics.chart_and_table(
    figures.comparison_ranking_figure(
        values, labels, f"各区县排名：{tables.indicator_label(code)}", tables.unit_of(code), chosen
    ),
    tables.breakdown_table(values, names, code, "区县"),
    "区县排名",
    "cmp_ranking",
)
