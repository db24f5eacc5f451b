"""The kiosk's look and its slides (Streamlit UI pieces): large type for touch screens,
and each slide's cards with a map or chart. The loop's rules are in components.kiosk."""

from __future__ import annotations

import streamlit as st

from components import figures, maps  # maps by module: tests replace its builders
from components.folium_render import render_offline
from components.i18n import t, term
from components.kiosk import Slide
from components.kpi import count_card, progress_card
from components.screen import for_screen
from data import reference
from data.loader import Datasets
from geo import indicators as ind
from geo.layout import cluster_shapes
from geo.program import URUMQI_ADCODE

MAP_HEIGHT = 520
KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"]
  {display: none;}
.block-container {padding-top: 1rem; padding-bottom: 0.5rem; max-width: 100%;}
/* Touch only: no text selection, no double-tap zoom, no tap flash. */
body {user-select: none; -webkit-user-select: none; touch-action: manipulation;
  -webkit-tap-highlight-color: transparent;}
h1 {font-size: 3rem !important;}
[data-testid^="stBaseButton"] {min-height: 64px; width: 100%;}
[data-testid^="stBaseButton"] p {font-size: 1.4rem; line-height: 1.2;
  white-space: normal; overflow-wrap: normal; word-break: keep-all;}
[data-testid="stMetricValue"] {font-size: 2.6rem;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem;}
/* Portrait screens: the map takes the height the landscape layout gives to width. */
@media (orientation: portrait) {
  [data-testid^="stBaseButton"] p {font-size: 1.2rem;}
  iframe[title="streamlit_folium.st_folium"] {height: calc(100vh - 720px) !important;
    min-height: 520px;}
}
</style>
"""


def show_slide(data: Datasets, slide: Slide) -> None:
    """One slide: its title and text, its cards, and a map or (employment) a chart."""
    st.title(slide.title)
    st.markdown(f"#### {slide.text}")
    communities, bases = data.communities, data.bases
    if slide.kind == "community_type":
        chosen = communities[communities["type"] == slide.type_code]
        rows = data.indicators[data.indicators["community_type"] == slide.type_code]
        cards = [count_card(t("kiosk.community_count"), len(chosen), t("kiosk.unit"))]
        cards += [progress_card(ind.Progress(c, float(rows[c].sum()), None)) for c in
                  ("jobs_created", "trained_total", "new_entities")]  # fmt: skip
        types = (slide.type_code,)
        m = maps.urumqi_map(data.districts, communities, bases, ("communities",), types)
    elif slide.kind == "bases":
        levels = bases["level"].value_counts()
        unit = t("kiosk.unit")
        cards = [count_card(t("kiosk.bases"), len(bases), unit)]
        cards += [count_card(term("base_levels", code), int(levels.get(code, 0)), unit)
                  for code in reference.codes("base_levels")]  # fmt: skip
        m = maps.urumqi_map(data.districts, communities, bases, ("bases",))
    elif slide.kind == "clusters":
        stated = reference.program_figures().set_index("code")
        shown = ("xj_incubation_bases", "xj_startup_parks", "xj_service_stations")
        cards = [
            count_card(
                term("program_figures", c),
                int(stated.at[c, "value"]),
                term("program_figure_units", c),
            )
            for c in shown
        ]
        m = maps.xinjiang_map(data.units, cluster_shapes(data.clusters, data.units), {})
    else:
        codes = ["jobs_created", "trained_total", "new_entities", "returnee_startups"]
        cards = [count_card(t("kiosk.communities"), len(communities), t("kiosk.unit"))]
        cards += [
            progress_card(p, t("kiosk.three_year_target"))
            for p in ind.progress(data.indicators, data.targets, codes)
        ]
        m = maps.urumqi_map(data.districts, communities, bases, ("communities",))
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                      delta_arrow="off", border=True)  # fmt: skip
    if slide.kind == "employment":
        series = ind.quarterly(data.indicators, reference.codes("indicators"))
        st.plotly_chart(
            figures.training_figure(series, term("units", URUMQI_ADCODE)),
            config={"staticPlot": True},
        )
    else:
        render_offline(for_screen(m, large_text=True), key="kiosk_map", height=MAP_HEIGHT,
                       use_container_width=True, returned_objects=[])  # fmt: skip
