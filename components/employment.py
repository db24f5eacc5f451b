"""The employment page's UI pieces: the shortfall cards, the target bars, and the
quarterly, breakdown and funnel sections (each a chart with its table and downloads).

Labels come from the catalogs (employment.*, charts.*) in the current language.
Tables and figures are computed once per data version, arguments and language
(``data.memo``) and shared by every session: they are only read here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import analytics, figures, i18n, tables
from components.escape import for_markdown
from components.guard import SHARED_DISTRICT_KEY
from components.i18n import t, term
from components.kpi import STATUS_COLORS
from components.labels import format_ratio, period_label
from data import memo, reference
from geo import indicators as ind

DISTRICT_KEY, PERIOD_KEY, INDICATOR_KEY = "emp_district", "emp_period", "emp_indicator"
WHOLE_CITY = ""  # the district selectbox's "whole city" option
PROGRESS_CODES = ["trained_total", *reference.indicator_parts("trained_total"), "jobs_created",
                  "new_entities", "returnee_startups", "startup_loans"]  # fmt: skip
SUMMARY_CODES = ["trained_total", "jobs_created", "new_entities", "returnee_startups"]
TARGET_CODES = ["trained_total", "jobs_created", "new_entities", "returnee_startups",
                "startup_loans"]  # fmt: skip


def rule() -> str:
    """How a status is decided, in the current language."""
    years = reference.PROGRAM_YEARS
    return t(
        "employment.rule",
        achieved=f"≥{format_ratio(1)}",
        close=f"≥{format_ratio(ind.CLOSE_SHARE)}",
        years=f"{years[0]}—{years[-1]}",
    )


def seed_state(names: dict[str, str]) -> None:
    """The district selectbox mirrors the district shared with the map."""
    shared = st.session_state.get(SHARED_DISTRICT_KEY)
    shared = shared if shared in names else None
    if DISTRICT_KEY not in st.session_state or (st.session_state[DISTRICT_KEY] or None) != shared:
        st.session_state[DISTRICT_KEY] = shared or WHOLE_CITY
    st.session_state.setdefault(PERIOD_KEY, ind.ALL_PERIODS)
    st.session_state.setdefault(INDICATOR_KEY, "trained_total")


def share_district() -> None:
    st.session_state[SHARED_DISTRICT_KEY] = st.session_state[DISTRICT_KEY] or None


@memo.per_data
def progress_tables(
    data, through: str, districts: tuple[str, ...], lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cumulative progress per district × indicator through a quarter, and the city's."""
    progress = ind.cumulative_progress(
        data.indicators, data.targets, PROGRESS_CODES, through, list(districts)
    )
    return progress, ind.city_progress(progress, tables.city_label())


@memo.per_data
def progress_chart(data, through: str, code: str, names: tuple, lang: str):
    """The progress figure of one indicator, the matrix (cells and their styles) and the
    long table for downloads."""
    progress, city = progress_tables(data, through, tuple(dict(names)), lang)
    figure = figures.progress_figure(
        progress[progress["code"] == code],
        pd.Series(dict(names)),
        t("employment.progress_title", indicator=tables.indicator_label(code)),
        tables.unit_of(code),
    )
    both = pd.concat([city, progress])
    cells, states = tables.progress_matrix(both, dict(names))
    matrix = (cells, tables.status_styles(states))
    return figure, matrix, tables.progress_long(both, dict(names))


@memo.per_data
def _shortfalls(data, through: str, code: str, districts: tuple[str, ...], lang: str):
    progress, _city = progress_tables(data, through, districts, lang)
    return ind.ranked_shortfalls(progress, code)


def shortfall_metric(column, data, through: str, code: str, names: dict[str, str]) -> None:
    """The district furthest behind on one indicator, as a metric card."""
    label = t("employment.lowest", indicator=term("indicators", code))
    ranked = _shortfalls(data, through, code, tuple(names), i18n.current())
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
        help=t("employment.gap_help") + rule(),
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


def pairs(items: list) -> list[list]:
    """Items two to a row."""
    return [items[i : i + 2] for i in range(0, len(items), 2)]


@memo.per_data
def _quarterly_parts(data, district: str | None, through: str, place: str, lang: str):
    quarters = ind.quarters_through(through)
    series = ind.quarterly(data.indicators, PROGRESS_CODES, district)
    series = series.reindex(quarters, fill_value=0)
    quarter_targets = ind.quarterly_targets(data.targets, TARGET_CODES, quarters, district)
    charts = [
        [
            figures.training_figure(series, place),
            figures.quarterly_figure(
                series["trained_total"], "trained_total", quarter_targets["trained_total"], place
            ),
        ],
        *pairs(figures.quarterly_small_figures(series, quarter_targets, TARGET_CODES[1:])),
    ]
    return quarters, charts, tables.quarterly_table(series, quarter_targets)


def quarterly_section(data, district: str | None, through: str, place: str) -> None:
    """Training and every target indicator per quarter, against the quarterly targets."""
    quarters, charts, table = _quarterly_parts(data, district, through, place, i18n.current())
    st.subheader(
        t(
            "employment.quarterly_heading",
            place=for_markdown(place),
            quarters=f"{quarters[0]}—{quarters[-1]}",
        )
    )
    analytics.chart_and_table(
        charts, table, t("employment.files.quarterly", place=place), "emp_quarterly"
    )


def breakdown_section(
    data, code: str, period: str, district: str | None, place: str, names: dict[str, str]
) -> None:
    """One indicator by community type (left) and by district (right)."""
    indicator = tables.indicator_label(code)
    st.subheader(
        t("employment.breakdown_heading", indicator=indicator, period=period_label(period))
    )
    by_type, by_district = _breakdown_parts(
        data, code, period, district, place, tuple(names.items()), i18n.current()
    )
    left, right = st.columns(2)
    with left:
        analytics.chart_and_table(
            *by_type, t("employment.files.by_type", place=place), "emp_by_type"
        )
    with right:
        analytics.chart_and_table(
            *by_district, t("employment.files.by_district"), "emp_by_district"
        )


@memo.per_data
def _breakdown_parts(
    data, code: str, period: str, district: str | None, place: str, names: tuple, lang: str
):
    """(figure, table) by community type and by district."""
    names = dict(names)
    by_type = ind.breakdown(data.indicators, [code], period, "community_type", district)[code]
    type_names = {c: term("community_types", c) for c in reference.codes("community_types")}
    by_district = ind.breakdown(data.indicators, [code], period, "district")[code]
    by_district = by_district.reindex(list(names), fill_value=0)
    ranking = figures.ranking_figure(
        by_district,
        pd.Series(names),
        t("employment.ranking_title", indicator=tables.indicator_label(code)),
        tables.unit_of(code),
        highlight=district,
    )
    return (
        (
            figures.by_type_figure(by_type, code, place),
            tables.breakdown_table(by_type, type_names, code, t("charts.col.community_type")),
        ),
        (ranking, tables.breakdown_table(by_district, names, code, t("charts.col.district"))),
    )


def funnel_section(data, period: str, district: str | None, place: str) -> None:
    """Training → jobs side by side, for the district or every district summed."""
    st.subheader(
        t("employment.funnel_heading", place=for_markdown(place), period=period_label(period))
    )
    analytics.chart_and_table(
        *_funnel_parts(data, period, district, place, i18n.current()),
        t("employment.files.funnel", place=place),
        "emp_funnel",
    )
    st.caption(t("employment.funnel_note"))


@memo.per_data
def _funnel_parts(data, period: str, district: str | None, place: str, lang: str):
    stages = ind.breakdown(data.indicators, ind.FUNNEL_CODES, period, "district", district)
    stages = stages.sum().astype(float)  # the district, or every district summed
    figure = figures.funnel_figure(stages, t("employment.funnel_title", place=place))
    return figure, tables.funnel_table(stages)
