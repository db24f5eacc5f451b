"""The compare page's choice in session state and in the URL (the rules are in
geo.compare): seeded from the URL or the district shared with the map, written back.

Its tables and figures are computed once per data version, choice and language
(``data.memo``) and shared by every session: the page only reads them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import figures, tables
from components.brief import BRIEF_CODES, period_text
from components.guard import SHARED_DISTRICT_KEY
from components.i18n import t
from components.labels import district_names
from data import files, memo, reference
from geo import compare
from geo.choropleth import district_values

DISTRICTS_KEY, INDICATOR_KEY, PERIOD_KEY = "cmp_districts", "cmp_indicator", "cmp_period"


def default_districts(names: dict[str, str]) -> list[str]:
    """The district shared with the map (if any), completed to two districts."""
    shared = st.session_state.get(SHARED_DISTRICT_KEY)
    chosen = [shared] if shared in names else []
    return (chosen + [a for a in names if a not in chosen])[: compare.MIN_DISTRICTS]


def seed_state(names: dict[str, str], indicator_codes: list[str]) -> None:
    """On a session's first visit, take the comparison from the URL."""
    if DISTRICTS_KEY in st.session_state:
        return
    params = st.query_params.to_dict()
    chosen = compare.comparison_from_params(params, list(names), indicator_codes)
    districts = list(chosen.districts) if "districts" in params else default_districts(names)
    st.session_state.update(
        {DISTRICTS_KEY: districts, INDICATOR_KEY: chosen.indicator, PERIOD_KEY: chosen.period}
    )


def current() -> compare.Comparison:
    """The comparison the widgets show."""
    return compare.Comparison(
        tuple(st.session_state[DISTRICTS_KEY]),
        st.session_state[INDICATOR_KEY],
        st.session_state[PERIOD_KEY],
    )


def sync_url(comparison: compare.Comparison) -> None:
    wanted = compare.comparison_to_params(comparison)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def population_version():
    """Cache key of the population table (per-10,000 figures depend on it)."""
    return files.reference_signature("district_population")


@memo.per_data
def kpi_tables(data, chosen: tuple[str, ...], period: str, population_key, lang: str):
    """KPIs of the chosen districts: absolute and per 10,000 residents, and whether the
    population figures are placeholders."""
    population = reference.district_population()
    residents = population.set_index("adcode")["population"]
    kpis = compare.district_kpis(data.indicators, BRIEF_CODES, period, list(chosen), residents)
    names = district_names(data.district_names)
    absolute = tables.kpi_table(kpis, names, "value")
    per_10k = tables.kpi_table(kpis, names, "per_10k")
    return absolute, per_10k, bool(population["is_sample"].any())


@memo.per_data
def steps_chart(data, chosen: tuple[str, ...], code: str, period: str, lang: str):
    """(figure, table) of one indicator per sub-period for the chosen districts."""
    names = district_names(data.district_names)
    steps = compare.period_steps(data.indicators, code, period, list(chosen))
    title = f"{tables.indicator_label(code)} · {period_text(period)}"
    figure = figures.grouped_bars_figure(steps, pd.Series(names), title, tables.unit_of(code))
    return figure, tables.steps_table(steps, names, code)


@memo.per_data
def ranking_chart(data, chosen: tuple[str, ...], code: str, period: str, lang: str):
    """(figure, table) ranking every district on one indicator, the chosen ones marked."""
    names = district_names(data.district_names)
    values = district_values(data.indicators, code, period, list(names))
    title = t("compare.ranking_title", indicator=tables.indicator_label(code))
    figure = figures.comparison_ranking_figure(
        values, pd.Series(names), title, tables.unit_of(code), list(chosen)
    )
    return figure, tables.breakdown_table(values, names, code, t("compare.district_column"))
