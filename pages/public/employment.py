"""就业与培训: who is behind on training and jobs, quarterly series against targets,
breakdowns by community type and district, and training → jobs side by side.

The district is shared with the map (SHARED_DISTRICT_KEY): chosen there, it arrives here
selected; chosen here, the map opens on it.
"""

from __future__ import annotations

import streamlit as st

from components import analytics, chart_layout, i18n, tables
from components import employment as emp
from components.employment import DISTRICT_KEY, INDICATOR_KEY, PERIOD_KEY
from components.escape import for_markdown
from components.guard import datasets_or_stop
from components.i18n import t
from components.labels import district_names, period_label
from data.loader import dataset_info
from geo import indicators as ind
from geo.view import PERIODS

data = datasets_or_stop()
# District names for display, in the current language (the data's own are Chinese).
names = district_names(data.district_names)
info = dataset_info()

emp.seed_state(names)
st.title(t("page_titles.employment"))
st.caption(f"{t('app.program_title')} · {t('employment.caption')}")

whole_city = t("employment.whole_city", count=len(names))
with st.container(border=True):
    row = st.columns(3)
    row[0].selectbox(
        t("employment.district_select"),
        [emp.WHOLE_CITY, *names],
        format_func=lambda a: names.get(a, whole_city),
        key=DISTRICT_KEY,
        on_change=emp.share_district,
    )
    row[1].selectbox(
        t("employment.period_select"),
        list(PERIODS),
        format_func=i18n.in_this_language(period_label),
        key=PERIOD_KEY,
    )
    row[2].selectbox(
        t("employment.indicator_select"),
        emp.PROGRESS_CODES,
        format_func=i18n.in_this_language(tables.indicator_label),
        key=INDICATOR_KEY,
    )

district = st.session_state[DISTRICT_KEY] or None
period, code = st.session_state[PERIOD_KEY], st.session_state[INDICATOR_KEY]
through = ind.period_end(period)
place = names[district] if district else tables.city_label()
progress, city = emp.progress_tables(data, through, tuple(names), i18n.current())

st.subheader(t("employment.behind_heading", period=period_label(through)))
for column, summary_code in zip(st.columns(len(emp.SUMMARY_CODES)), emp.SUMMARY_CODES, strict=True):
    emp.shortfall_metric(column, data, through, summary_code, names)
st.caption(emp.rule())

with st.expander(t("employment.targets_heading", place=for_markdown(place)), expanded=True):
    emp.target_bars(progress[progress["district"] == district] if district else city)

st.subheader(t("employment.progress_heading", period=period_label(through)))
chart_tab, table_tab = st.tabs([t("charts.tab_chart"), t("employment.tab_matrix")])
figure, matrix, long_table = emp.progress_chart(
    data, through, code, tuple(names.items()), i18n.current()
)
with chart_tab:
    chart_layout.show(figure, "emp_progress_chart")
with table_tab:
    analytics.progress_matrix(*matrix)
analytics.table_downloads(long_table, t("employment.files.progress"), "emp_progress")

emp.quarterly_section(data, district, through, place)
emp.breakdown_section(data, code, period, district, place, names)
emp.funnel_section(data, period, district, place)

st.subheader(t("employment.brief_heading"))
if district:
    analytics.brief_button(data, district, period, info, key="emp_brief")
else:
    st.info(t("employment.brief_hint"))
