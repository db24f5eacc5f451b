"""区县对比: 2 to 4 districts side by side (KPIs absolute and per 10,000 residents,
grouped bars, small maps, briefs) and the ranking of every district.

The choice lives in the URL (``?districts=650102,650105&indicator=…&period=…``), so a
copied link reopens the same comparison. Every label comes from the catalogs (compare.*)
in the session's language; district names from components.labels.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import analytics, compare_state, figures, tables
from components.brief import BOUNDARY_YEAR, BRIEF_CODES, period_text
from components.compare_state import DISTRICTS_KEY, INDICATOR_KEY, PERIOD_KEY
from components.folium_render import render_offline
from components.guard import datasets_or_stop
from components.i18n import phrase, t
from components.labels import district_names
from data import reference
from data.loader import dataset_info
from geo import compare
from geo.choropleth import district_values
from geo.view import PERIODS

KPI_CODES = BRIEF_CODES  # the brief's order: jobs, training (total, by programme), ...
MAP_HEIGHT = 300

data = datasets_or_stop()
names = district_names(data.district_names)
indicator_codes = reference.codes("indicators")
info = dataset_info()
population = reference.district_population()

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
labels = pd.Series(names)

if not comparison.ready:
    st.info(t("compare.need_more", count=len(chosen), **limits), icon=":material/info:")
else:
    residents = population.set_index("adcode")["population"]
    kpis = compare.district_kpis(data.indicators, KPI_CODES, period, chosen, residents)
    absolute = tables.kpi_table(kpis, names, "value")
    per_10k = tables.kpi_table(kpis, names, "per_10k")
    number_format = {
        column: st.column_config.NumberColumn(format="localized")
        for column in absolute.columns[1:]  # district names: both tables share them
    }

    st.subheader(t("compare.kpi_heading", period=period_text(period)))
    absolute_tab, per_10k_tab = st.tabs([t("compare.tab_absolute"), t("compare.tab_per_10k")])
    absolute_tab.dataframe(absolute, hide_index=True, column_config=number_format)
    per_10k_tab.dataframe(per_10k, hide_index=True, column_config=number_format)
    analytics.table_downloads(pd.concat([absolute, per_10k]), t("compare.kpi_file"), "cmp_kpis")
    if population["is_sample"].any():
        st.caption(t("compare.population_note", per=f"{10_000:,}", label=t("app.sample_label")))

    steps = compare.period_steps(data.indicators, code, period, chosen)
    title = f"{tables.indicator_label(code)} · {period_text(period)}"
    st.subheader(t("compare.steps_heading", indicator=tables.indicator_label(code)))
    analytics.chart_and_table(
        figures.grouped_bars_figure(steps, labels, title, tables.unit_of(code)),
        tables.steps_table(steps, names, code),
        t("compare.steps_file"),
        "cmp_steps",
    )

    st.subheader(t("compare.maps_heading"))
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
    st.caption(t("compare.maps_note", year=BOUNDARY_YEAR, paper="A4"))

indicator = tables.indicator_label(code)
st.subheader(t("compare.ranking_heading", indicator=indicator, period=period_text(period)))
values = district_values(data.indicators, code, period, list(names))
analytics.chart_and_table(
    figures.comparison_ranking_figure(
        values,
        labels,
        t("compare.ranking_title", indicator=indicator),
        tables.unit_of(code),
        chosen,
    ),
    tables.breakdown_table(values, names, code, t("compare.district_column")),
    t("compare.ranking_file"),
    "cmp_ranking",
)
st.caption(t("compare.ranking_colors"))
