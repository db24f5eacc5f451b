"""展厅: the kiosk's attract loop, large type, touch to pause, reset after idling."""

from __future__ import annotations

import logging
import time

import streamlit as st

from components import figures
from components.guard import datasets_or_stop
from components.kiosk import idle_seconds, slide_seconds, storyboard, tick, touch
from components.kpi import count_card, progress_card
from components.maps import urumqi_map, xinjiang_map
from components.offline import render_offline
from data import reference
from data.loader import dataset_info
from geo import indicators as ind
from geo.layout import cluster_shapes

STATE_KEY = "kiosk"
MAP_HEIGHT = 520
KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"]
  {display: none;}
.block-container {padding-top: 1rem; padding-bottom: 0.5rem; max-width: 100%;}
h1 {font-size: 3rem !important;}
[data-testid^="stBaseButton"] {min-height: 64px; min-width: 140px;}
[data-testid^="stBaseButton"] p {font-size: 1.4rem;}
[data-testid="stMetricValue"] {font-size: 2.6rem;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem;}
</style>
"""
SLIDES = storyboard()
log = logging.getLogger(__name__)

st.html(KIOSK_CSS)  # static style, no data in it
data = datasets_or_stop()
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


def show_slide(index: int) -> None:
    slide = SLIDES[index]
    st.title(slide.title)
    st.markdown(f"#### {slide.text}")
    communities, bases = data.communities, data.bases
    if slide.kind == "community_type":
        chosen = communities[communities["type"] == slide.type_code]
        rows = data.indicators[data.indicators["community_type"] == slide.type_code]
        cards = [count_card("社区", len(chosen), "个")]
        cards += [progress_card(ind.Progress(c, float(rows[c].sum()), None)) for c in
                  ("jobs_created", "trained_total", "new_entities")]  # fmt: skip
        m = urumqi_map(data.districts, communities, bases, ("communities",), (slide.type_code,))
    elif slide.kind == "bases":
        levels = bases["level"].value_counts()
        cards = [count_card("孵化基地", len(bases), "个")]
        cards += [count_card(reference.label("base_levels", code), int(levels.get(code, 0)), "个")
                  for code in reference.codes("base_levels")]  # fmt: skip
        m = urumqi_map(data.districts, communities, bases, ("bases",))
    elif slide.kind == "clusters":
        stated = reference.program_figures().set_index("code")
        shown = ("xj_incubation_bases", "xj_startup_parks", "xj_service_stations")
        cards = [
            count_card(stated.at[c, "name"], int(stated.at[c, "value"]), stated.at[c, "unit"])
            for c in shown
        ]
        m = xinjiang_map(data.units, cluster_shapes(data.clusters, data.units), {})
    else:
        codes = ["jobs_created", "trained_total", "new_entities", "returnee_startups"]
        cards = [count_card("创业社区", len(communities), "个")]
        cards += [
            progress_card(p, "三年目标") for p in ind.progress(data.indicators, data.targets, codes)
        ]
        m = urumqi_map(data.districts, communities, bases, ("communities",))
    for column, card in zip(st.columns(len(cards)), cards, strict=True):
        column.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                      delta_arrow="off", border=True)  # fmt: skip
    if slide.kind == "employment":
        series = ind.quarterly(data.indicators, reference.codes("indicators"))
        st.plotly_chart(figures.training_figure(series, "乌鲁木齐市"), config={"staticPlot": True})
    else:
        render_offline(m, key="kiosk_map", height=MAP_HEIGHT, use_container_width=True,
                       returned_objects=[])  # fmt: skip


@st.fragment(run_every=slide_seconds())
def attract_loop() -> None:
    state = st.session_state.setdefault(STATE_KEY, {})
    tick(state, time.time(), len(SLIDES), slide_seconds(), idle_seconds())
    controls = st.columns([1, 1, 1, 1, 4], vertical_alignment="center")
    controls[0].button("◀ 上一页", on_click=on_touch, args=(-1,), key="kiosk_prev")
    if state["paused"]:
        controls[1].button("▶ 继续", on_click=on_touch, args=(0, False), key="kiosk_play")
    else:
        controls[1].button("❚❚ 暂停", on_click=on_touch, args=(0,), key="kiosk_pause")
    controls[2].button("下一页 ▶", on_click=on_touch, args=(1,), key="kiosk_next")
    controls[3].button("回到开始", on_click=on_restart, key="kiosk_home")
    sample = f" · {info.label}" if info.is_sample else ""
    controls[4].caption(f"{state['index'] + 1} / {len(SLIDES)}{sample} · 触摸任意按钮即暂停")
    try:
        show_slide(state["index"])
    except Exception:  # a kiosk never shows a traceback: say so politely and keep looping
        log.exception("kiosk slide %s failed", state["index"])
        st.info("这一页暂时无法显示，稍后将自动继续。")


attract_loop()
