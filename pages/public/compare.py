"""区县对比: 2 to 4 districts side by side (KPIs absolute and per 10,000 residents,
grouped bars, small maps, briefs) and the ranking of every district.

The choice lives in the URL (``?districts=650102,650105&indicator=…&period=…``), so a
copied link reopens the same comparison. Every label comes from the catalogs (compare.*)
in the session's language; district names from components.labels.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import analytics, compare_state, i18n, tables
from components.brief import BOUNDARY_YEAR, BRIEF_CODES, period_text
from components.compare_state import DISTRICTS_KEY, INDICATOR_KEY, PERIOD_KEY
from components.guard import datasets_or_stop
from components.i18n import phrase, t
from components.labels import district_names
from components.map_cache import render_map
from data import loader, reference
from data.loader import dataset_info
from geo import compare
from geo.view import PERIODS

KPI_CODES = BRIEF_CODES  # the brief's order: jobs, training (total, by programme), ...
MAP_HEIGHT = 300

data = datasets_or_stop()
names = district_names(data.district_names)
indicator_codes = reference.codes("indicators")
info = dataset_info()
lang = i18n.current()

compare_state.seed_state(names, indicator_codes)
limits = {"min": compare.MIN_DISTRICTS, "max": compare.MAX_DISTRICTS}
st.title(t("compare.title"))
st.caption(t("compare.caption", program=phrase(t("app.program_title")), **limits))

with st.container(border=True):
    row = st.columns([4, 2, 2])
    row[0].multiselect(
        t("compare.districts_label", **limits),
        list(names),
        format_func=names.get,
        key=DISTRICTS_KEY,
        max_selections=compare.MAX_DISTRICTS,
        placeholder=t("compare.districts_placeholder"),
    )
    row[1].selectbox(
        t("compare.indicator_label"),
        indicator_codes,
        format_func=tables.indicator_label,
        key=INDICATOR_KEY,
    )
    row[2].selectbox(
        t("compare.period_label"), list(PERIODS), format_func=period_text, key=PERIOD_KEY
    )

comparison = compare_state.current()
compare_state.sync_url(comparison)
chosen, code, period = list(comparison.districts), comparison.indicator, comparison.period

if not comparison.ready:
    st.info(t("compare.need_more", count=len(chosen), **limits), icon=":material/info:")
else:
    absolute, per_10k, placeholder_population = compare_state.kpi_tables(
        data, comparison.districts, period, compare_state.population_version(), lang
    )
    number_format = {
        column: st.column_config.NumberColumn(format="localized")
        for column in absolute.columns[1:]  # district names: both tables share them
    }

    st.subheader(t("compare.kpi_heading", period=period_text(period)))
    absolute_tab, per_10k_tab = st.tabs([t("compare.tab_absolute"), t("compare.tab_per_10k")])
    absolute_tab.dataframe(absolute, hide_index=True, column_config=number_format)
    per_10k_tab.dataframe(per_10k, hide_index=True, column_config=number_format)
    analytics.table_downloads(pd.concat([absolute, per_10k]), t("compare.kpi_file"), "cmp_kpis")
    if placeholder_population:
        st.caption(t("compare.population_note", per=f"{10_000:,}", label=t("app.sample_label")))

    st.subheader(t("compare.steps_heading", indicator=tables.indicator_label(code)))
    analytics.chart_and_table(
        *compare_state.steps_chart(data, comparison.districts, code, period, lang),
        t("compare.steps_file"),
        "cmp_steps",
    )

    st.subheader(t("compare.maps_heading"))
    for column, adcode in zip(st.columns(len(chosen)), chosen, strict=True):
        with column:
            st.text(names[adcode])
            render_map(  # shared by sessions until a data file changes
                repr((loader.data_signature(), "compare", adcode)),
                lambda adcode=adcode: analytics.small_district_map(data, adcode),
                key=f"cmp_map_{adcode}",
                height=MAP_HEIGHT,
                use_container_width=True,
                returned_objects=[],
            )
            analytics.brief_button(data, adcode, period, info, key=f"cmp_brief_{adcode}")
    st.caption(t("compare.maps_note", year=BOUNDARY_YEAR, paper="A4"))

indicator = tables.indicator_label(code)
st.subheader(t("compare.ranking_heading", indicator=indicator, period=period_text(period)))
analytics.chart_and_table(
    *compare_state.ranking_chart(data, comparison.districts, code, period, lang),
    t("compare.ranking_file"),
    "cmp_ranking",
)
st.caption(t("compare.ranking_colors"))
