"""就业与培训: who is behind on training and jobs, quarterly series against targets,
breakdowns by community type and district, and training → jobs side by side.

The district is shared with the map (SHARED_DISTRICT_KEY): chosen there, it arrives here
selected; chosen here, the map opens on it.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import analytics, figures, i18n, tables
from components.escape import for_markdown
from components.guard import SHARED_DISTRICT_KEY, datasets_or_stop
from components.i18n import t, term
from components.kpi import STATUS_COLORS
from components.labels import district_names, format_ratio, period_label
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

data = datasets_or_stop()
# District names for display, in the current language (the data's own are Chinese).
names = district_names(data.district_names)
info = dataset_info()
years = reference.PROGRAM_YEARS
RULE = t(
    "employment.rule",
    achieved=f"≥{format_ratio(1)}",
    close=f"≥{format_ratio(ind.CLOSE_SHARE)}",
    years=f"{years[0]}—{years[-1]}",
)


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
    label = t("employment.lowest", indicator=term("indicators", code))
    ranked = ind.ranked_shortfalls(progress, code)
    if ranked.empty:
        column.metric(label, t("charts.no_target_data"), border=True)
        return
    worst = ranked.iloc[0]
    if worst["status"] == ind.ACHIEVED:
        column.metric(label, t("employment.all_achieved"), border=True)
        return
    ratio = i18n.keep_ltr(format_ratio(worst["ratio"]))
    column.metric(
        label,
        f"{names[worst['district']]} {ratio}",
        t(
            "employment.gap_delta",
            gap=tables.format_value(worst["gap"], code),
            unit=tables.unit_of(code),
            status=tables.status_word(worst["status"]),
        ),
        delta_color=STATUS_COLORS[worst["status"]],
        delta_arrow="off",
        border=True,
        help=t("employment.gap_help") + RULE,
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
            text=t(
                "employment.target_bar",
                indicator=tables.indicator_label(row.code),
                actual=actual,
                target=target,
                share=format_ratio(share),
                ratio=format_ratio(row.ratio),
                status=tables.status_word(row.status),
            ),
        )


seed_state()
st.title(t("page_titles.employment"))
st.caption(f"{t('app.program_title')} · {t('employment.caption')}")

whole_city = t("employment.whole_city", count=len(names))
with st.container(border=True):
    row = st.columns(3)
    row[0].selectbox(
        t("employment.district_select"),
        [WHOLE_CITY, *names],
        format_func=lambda a: names.get(a, whole_city),
        key=DISTRICT_KEY,
        on_change=share_district,
    )
    row[1].selectbox(
        t("employment.period_select"),
        list(PERIODS),
        format_func=i18n.in_this_language(period_label),
        key=PERIOD_KEY,
    )
    row[2].selectbox(
        t("employment.indicator_select"),
        PROGRESS_CODES,
        format_func=i18n.in_this_language(tables.indicator_label),
        key=INDICATOR_KEY,
    )

district = st.session_state[DISTRICT_KEY] or None
period, code = st.session_state[PERIOD_KEY], st.session_state[INDICATOR_KEY]
through = ind.period_end(period)
place = names[district] if district else tables.city_label()
shown_place = for_markdown(place)  # for markdown headings; charts escape on their own
progress = ind.cumulative_progress(
    data.indicators, data.targets, PROGRESS_CODES, through, list(names)
)
city = ind.city_progress(progress, tables.city_label())

st.subheader(t("employment.behind_heading", period=period_label(through)))
for column, summary_code in zip(st.columns(len(SUMMARY_CODES)), SUMMARY_CODES, strict=True):
    shortfall_metric(column, progress, summary_code)
st.caption(RULE)

with st.expander(t("employment.targets_heading", place=shown_place), expanded=True):
    target_bars(progress[progress["district"] == district] if district else city)

st.subheader(t("employment.progress_heading", period=period_label(through)))
chart_tab, table_tab = st.tabs([t("charts.tab_chart"), t("employment.tab_matrix")])
with chart_tab:
    figure = figures.progress_figure(
        progress[progress["code"] == code],
        pd.Series(names),
        t("employment.progress_title", indicator=tables.indicator_label(code)),
        tables.unit_of(code),
    )
    st.plotly_chart(figure, config=analytics.PLOT_CONFIG, key="emp_progress_chart")
with table_tab:
    analytics.progress_matrix(pd.concat([city, progress]), names)
analytics.table_downloads(
    tables.progress_long(pd.concat([city, progress]), names),
    t("employment.files.progress"),
    "emp_progress",
)

quarters = ind.quarters_through(through)
series = ind.quarterly(data.indicators, PROGRESS_CODES, district).reindex(quarters, fill_value=0)
quarter_targets = ind.quarterly_targets(data.targets, TARGET_CODES, quarters, district)
st.subheader(
    t("employment.quarterly_heading", place=shown_place, quarters=f"{quarters[0]}—{quarters[-1]}")
)
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
    t("employment.files.quarterly", place=place),
    "emp_quarterly",
)

st.subheader(
    t(
        "employment.breakdown_heading",
        indicator=tables.indicator_label(code),
        period=period_label(period),
    )
)
left, right = st.columns(2)
with left:
    by_type = ind.breakdown(data.indicators, [code], period, "community_type", district)[code]
    type_names = {c: term("community_types", c) for c in reference.codes("community_types")}
    analytics.chart_and_table(
        figures.by_type_figure(by_type, code, place),
        tables.breakdown_table(by_type, type_names, code, t("charts.col.community_type")),
        t("employment.files.by_type", place=place),
        "emp_by_type",
    )
with right:
    by_district = ind.breakdown(data.indicators, [code], period, "district")[code]
    by_district = by_district.reindex(list(names), fill_value=0)
    analytics.chart_and_table(
        figures.ranking_figure(
            by_district,
            pd.Series(names),
            t("employment.ranking_title", indicator=tables.indicator_label(code)),
            tables.unit_of(code),
            highlight=district,
        ),
        tables.breakdown_table(by_district, names, code, t("charts.col.district")),
        t("employment.files.by_district"),
        "emp_by_district",
    )

st.subheader(t("employment.funnel_heading", place=shown_place, period=period_label(period)))
stages = ind.breakdown(data.indicators, ind.FUNNEL_CODES, period, "district", district)
stages = stages.sum().astype(float)  # the district, or every district summed
analytics.chart_and_table(
    figures.funnel_figure(stages, t("employment.funnel_title", place=place)),
    tables.funnel_table(stages),
    t("employment.files.funnel", place=place),
    "emp_funnel",
)
st.caption(t("employment.funnel_note"))

st.subheader(t("employment.brief_heading"))
if district:
    analytics.brief_button(data, district, period, info, key="emp_brief")
else:
    st.info(t("employment.brief_hint"))
