"""展厅 (kiosk): the kiosk's attract loop, large type, touch to pause, reset after idling."""

from __future__ import annotations

import logging
import time

import streamlit as st

from components import i18n, kiosk_slides
from components.i18n import t
from components.kiosk import (
    default_language,
    idle_seconds,
    noticed,
    plan_stage,
    slide_duration,
    slide_seconds,
    storyboard,
    tick,
    touch,
)
from data import loader
from data.loader import dataset_info

STATE_KEY = "kiosk"
LANG_SEEN_KEY = "kiosk_lang_seen"
SLIDES = storyboard()
log = logging.getLogger(__name__)

st.html(kiosk_slides.KIOSK_CSS)  # static style, no data in it
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


def slide_with_position(number: int, slot: int) -> None:
    """A slide under its position ("3 / 17"), so both change together."""
    position = t("kiosk.position", n=number + 1, total=len(SLIDES))
    parts = [position, t("app.sample_label")] if info.is_sample else [position]
    st.caption(" · ".join([*parts, t("kiosk.touch_hint")]))
    kiosk_slides.show_slide_or_notice(data, SLIDES[number], slot, number)


@st.fragment(run_every=slide_seconds() / 2)  # one tick moves on, the next prepares
def attract_loop() -> None:
    state = st.session_state.setdefault(STATE_KEY, {})
    showing = SLIDES[state.get("index") or 0]  # the playback slide lasts its play time
    reset = tick(state, time.time(), len(SLIDES), slide_duration(showing, slide_seconds()),
                 idle_seconds(), every=slide_seconds() / 2)  # fmt: skip
    if reset and i18n.current() != default_language():  # the visitor left: back to defaults
        i18n.set_language(default_language())
        st.rerun(scope="app")
    plan_stage(state, len(SLIDES), time.time(), kiosk_slides.on_screen_slot())
    controls = st.columns([1, 1.3, 1, 1, 0.2, 1, 1, 1], vertical_alignment="center")
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
    kiosk_slides.stage(state["slots"], state["shown"], slide_with_position)


attract_loop()
