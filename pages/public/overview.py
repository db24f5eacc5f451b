"""总览: city-wide KPI cards, the district map of communities, and the 13 community types."""

from __future__ import annotations

import streamlit as st

from components import i18n, layout
from components import overview as parts
from components.guard import datasets_or_stop
from components.i18n import t
from components.kpi import count_card, progress_card, progress_of
from components.map_cache import render_map
from components.maps import community_map
from components.screen import fill_frame
from data import loader

layout.map_first_page()  # the map fills the height the screen has left
st.title(t("page_titles.overview"))
st.caption(t("app.program_title"))

data = datasets_or_stop()
districts, communities, bases = data.districts, data.communities, data.bases
lang, reference_key = i18n.current(), parts.reference_key()

cards = [
    count_card(t("overview.communities"), len(communities)),
    count_card(t("overview.bases"), len(bases)),
    *(
        progress_card(p, t("overview.three_year_target"))
        for p in progress_of(data, parts.KPI_CODES)
    ),
]
map_column, card_column = st.columns([4, 1], gap="medium")  # the map first, cards beside
for card in cards:
    card_column.metric(
        card.label,
        card.value,
        card.delta,
        delta_color=card.delta_color,
        help=card.help,
        delta_arrow="off",
        border=True,
    )

with map_column, st.container(key=layout.MAIN_MAP_KEY):
    st.subheader(t("overview.map_heading"))
    render_map(  # shared by sessions until a data file changes; one rendering per language
        repr((loader.data_signature(), i18n.current())),
        lambda: fill_frame(community_map(districts, communities)),
        key="overview_map",
        height=640,
        use_container_width=True,
        returned_objects=[],
    )

type_rows = parts.type_rows(data, reference_key, lang)
st.subheader(t("overview.types_heading", count=len(type_rows)))
st.dataframe(
    type_rows,
    column_config={
        # Wide enough for a whole type name, and kept in view while a phone scrolls sideways.
        "name": st.column_config.TextColumn(t("overview.col_type"), width="medium", pinned=True),
        "count": st.column_config.NumberColumn(
            t("overview.col_count"), format=t("overview.count_format"), width="small"
        ),
        "purpose": st.column_config.TextColumn(t("overview.col_purpose"), width="large"),
    },
    hide_index=True,
    height="content",  # all 13 rows, no inner scroll
)

with st.expander(t("overview.figures_heading")):
    st.caption(t("overview.figures_note"))
    st.dataframe(
        parts.program_figure_rows(data, reference_key, lang),
        column_config={
            "name": t("overview.fig.name"),
            "value": st.column_config.NumberColumn(t("overview.fig.value"), format="localized"),
            "unit": t("overview.fig.unit"),
            "scope": t("overview.fig.scope"),
            "period": t("overview.fig.period"),
            "source_title": t("overview.fig.source_title"),
            "source_outlet": t("overview.fig.source_outlet"),
        },
        hide_index=True,
    )
