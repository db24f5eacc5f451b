"""The map page's playback in session state: seeded from the URL, chosen with one picker,
written back to the URL with the rest of the view (the rules are in geo.playback).

While a playback plays, the browser writes the quarter and play state to the URL itself
(``playback.js``); the server keeps the state it started the map with, so a rerun does not
redraw the map at every quarter, and a map redrawn in the same page resumes in the browser.
"""

from __future__ import annotations

import streamlit as st

from components import i18n
from components.i18n import t
from geo.playback import MODES, Playback, playback_from_params, playback_to_params
from geo.view import View

MODE_KEY = "ex_playback"
START_KEY = "ex_playback_start"  # the playback the URL named when the session opened
OFF = "off"


def seed() -> None:
    """On a session's first visit (or back from another page), take the playback from the
    URL."""
    state = st.session_state
    if MODE_KEY in state:
        return
    started = playback_from_params(st.query_params.to_dict())
    state[MODE_KEY] = started.mode if started else OFF
    state[START_KEY] = started


def mode_select(container) -> None:
    """The playback picker: off, cumulative values or values of the quarter alone."""
    container.selectbox(
        t("playback.mode_label"),
        [OFF, *MODES],
        format_func=i18n.in_this_language(lambda mode: t(f"playback.modes.{mode}")),
        key=MODE_KEY,
        help=t("playback.mode_help"),
    )


def current(view: View | None = None) -> Playback | None:
    """The chosen playback (None when off, or for the Xinjiang map, which has no
    quarters): as the URL named it, else a new one playing from the first quarter."""
    mode = st.session_state.get(MODE_KEY, OFF)
    if mode == OFF or (view is not None and view.level == "xinjiang"):
        return None
    started = st.session_state.get(START_KEY)
    return started if started is not None and started.mode == mode else Playback(mode, playing=True)


def url_params() -> dict[str, str]:
    return playback_to_params(current())
