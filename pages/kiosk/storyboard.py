"""展厅 (kiosk): the kiosk's attract loop, large type, touch to pause, reset after idling."""

from __future__ import annotations

import logging
import time

import streamlit as st

from components import figures, i18n
from components.folium_render import render_offline
from components.i18n import t, term
from components.kiosk import (
    default_language,
    idle_seconds,
    noticed,
    slide_seconds,
    storyboard,
    tick,
    touch,
)
from components.kpi import count_card, progress_card
from components.maps import urumqi_map, xinjiang_map
from components.screen import for_screen
from data import loader, reference
from data.loader import dataset_info
from geo import indicators as ind
from geo.layout import cluster_shapes

STATE_KEY = "kiosk"
LANG_SEEN_KEY = "kiosk_lang_seen"
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
SLIDES = storyboard()
log = logging.getLogger(__name__)

st.html(KIOSK_CSS)  # static style, no data in it
if LANG_SEEN_KEY not in st.session_state:  # a fresh kiosk screen starts in its own language
    st.session_state[LANG_SEEN_KEY] = True
    if i18n.URL_PARAM not in st.query_params and i18n.current() != default_language():
        i18n.set_language(default_language())
        st.rerun()


@st.fragment(run_every=slide_seconds())
def retry_until_the_data_loads() -> None:
    """While the data cannot be read, try again every slide; once it loads, start over."""
    try:
        loader.load_all()
    except Exception:  # still broken: keep waiting quietly
        return
    st.rerun(scope="app")


def data_or_wait() -> loader.Datasets:
    """The datasets, or a friendly notice (no details for the public) while they are
    unreadable; the page recovers by itself when someone fixes the files."""
    try:
        return loader.load_all()
    except Exception:
        log.exception("kiosk data could not be loaded")
        st.info(t("kiosk.data_unavailable"))
        retry_until_the_data_loads()
        st.stop()


data = data_or_wait()
info = dataset_info()


def on_touch(step: int, pause: bool = True) -> None:
    touch(st.session_state[STATE_KEY], time.time(), len(SLIDES), step, pause)


def on_restart() -> None:
    touch(
        st.session_state[STATE_KEY],
        time.time(),
        len(SLIDES),
        -st.session_state[STATE_KEY]["index"],
        False,
    )


def on_language(lang: str) -> None:
    i18n.set_language(lang)
    noticed(st.session_state.setdefault(STATE_KEY, {}), time.time())


def show_slide(index: int) -> None:
    slide = SLIDES[index]
    st.title(slide.title)
    st.markdown(f"#### {slide.text}")
    communities, bases = data.communities, data.bases
    if slide.kind == "community_type":
        chosen = communities[communities["type"] == slide.type_code]
        rows = data.indicators[data.indicators["community_type"] == slide.type_code]
        cards = [count_card(t("kiosk.community_count"), len(chosen), t("kiosk.unit"))]
        cards += [progress_card(ind.Progress(c, float(rows[c].sum()), None)) for c in
                  ("jobs_created", "trained_total", "new_entities")]  # fmt: skip
        m = urumqi_map(data.districts, communities, bases, ("communities",), (slide.type_code,))
    elif slide.kind == "bases":
        levels = bases["level"].value_counts()
        unit = t("kiosk.unit")
        cards = [count_card(t("kiosk.bases"), len(bases), unit)]
        cards += [count_card(term("base_levels", code), int(levels.get(code, 0)), unit)
                  for code in reference.codes("base_levels")]  # fmt: skip
        m = urumqi_map(data.districts, communities, bases, ("bases",))
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
        m = xinjiang_map(data.units, cluster_shapes(data.clusters, data.units), {})
    else:
        codes = ["jobs_created", "trained_total", "new_entities", "returnee_startups"]
        cards = [count_card(t("kiosk.communities"), len(communities), t("kiosk.unit"))]
        cards += [
            progress_card(p, t("kiosk.three_year_target"))
            for p in ind.progress(data.indicators, data.targets, codes)
        ]
        m = urumqi_map(data.districts, communities, bases, ("communities",))
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                      delta_arrow="off", border=True)  # fmt: skip
    if slide.kind == "employment":
        series = ind.quarterly(data.indicators, reference.codes("indicators"))
        st.plotly_chart(
            figures.training_figure(series, term("units", "650100")), config={"staticPlot": True}
        )
    else:
        render_offline(for_screen(m), key="kiosk_map", height=MAP_HEIGHT, use_container_width=True,
                       returned_objects=[])  # fmt: skip


@st.fragment(run_every=slide_seconds())
def attract_loop() -> None:
    state = st.session_state.setdefault(STATE_KEY, {})
    reset = tick(state, time.time(), len(SLIDES), slide_seconds(), idle_seconds())
    if reset and i18n.current() != default_language():  # the visitor left: back to defaults
        i18n.set_language(default_language())
        st.rerun(scope="app")
    controls = st.columns([1, 1, 1, 1, 0.4, 1, 1, 1], vertical_alignment="center")
    controls[0].button(t("kiosk.previous"), on_click=on_touch, args=(-1,), key="kiosk_prev")
    if state["paused"]:
        controls[1].button(t("kiosk.play"), on_click=on_touch, args=(0, False), key="kiosk_play")
    else:
        controls[1].button(t("kiosk.pause"), on_click=on_touch, args=(0,), key="kiosk_pause")
    controls[2].button(t("kiosk.next"), on_click=on_touch, args=(1,), key="kiosk_next")
    controls[3].button(t("kiosk.restart"), on_click=on_restart, key="kiosk_home")
    for column, lang in zip(controls[5:], i18n.LANGS, strict=True):
        chosen = column.button(
            i18n.native_name(lang),
            on_click=on_language,
            args=(lang,),
            key=f"kiosk_lang_{lang}",
            type="primary" if lang == i18n.current() else "secondary",
            width="stretch",
        )
        if chosen:  # the whole page (direction, fonts) follows, not only this fragment
            st.rerun(scope="app")
    position = t("kiosk.position", n=state["index"] + 1, total=len(SLIDES))
    parts = [position, t("app.sample_label")] if info.is_sample else [position]
    st.caption(" · ".join([*parts, t("kiosk.touch_hint")]))
    try:
        show_slide(state["index"])
    except Exception:  # a kiosk never shows a traceback: say so politely and keep looping
        log.exception("kiosk slide %s failed", state["index"])
        st.info(t("kiosk.slide_failed"))


attract_loop()
