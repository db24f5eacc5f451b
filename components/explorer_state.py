"""The map explorer's view in session state: seeded from the URL, moved by clicks and
widgets, written back to the URL (the rules themselves are in geo.view).

Widget keys are the ones the page draws its widgets with; tests find widgets by them.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components import i18n, playback_state
from components.escape import from_folium
from components.guard import SHARED_DISTRICT_KEY
from geo import view as views
from geo.view import (
    VIEW_PARAMS,
    View,
    click_move,
    invalid_params,
    view_from_params,
    view_to_params,
)

MAP_KEY = "ex_map"
ITEM_KEY = "ex_item"
CLICK_KEY = "ex_last_click"
RENDERED_KEY = "ex_rendered"  # the selection the whole page was last drawn for
LEVEL_KEY = "ex_level"
IGNORED_KEY = "ex_ignored_params"  # URL parameters the first visit could not use
ALL_DISTRICTS = ""  # the district selectbox's "whole city" option
WIDGET_KEYS = ("ex_district", "ex_layers", "ex_types", "ex_indicator", "ex_period", "ex_per10k")


@dataclass(frozen=True)
class Explorer:
    """What the state rules need to know about the data: district adcodes, the Xinjiang
    map's id of Urumqi, the layers on offer and the valid codes."""

    names: dict[str, str]  # adcode -> name in the data
    urumqi_unit: str
    available_layers: list[str]
    type_codes: list[str]
    indicator_codes: list[str]

    def seed_state(self) -> None:
        """On a session's first visit, take the view from the URL (or another page's
        district).

        Streamlit drops the state of widgets a run did not draw, so after a visit to
        another page the view is seeded again (the district survives through
        SHARED_DISTRICT_KEY)."""
        state = st.session_state
        if LEVEL_KEY in state and all(k in state for k in WIDGET_KEYS):
            return
        params = st.query_params.to_dict()
        view = view_from_params(params, list(self.names), self.type_codes, self.indicator_codes)
        view_params = {k: v for k, v in params.items() if k in VIEW_PARAMS}
        ignored = invalid_params(view_params, list(self.names), self.type_codes,
                                 self.indicator_codes)  # fmt: skip
        state[IGNORED_KEY] = [k for k in VIEW_PARAMS if k in ignored]  # known names only
        shared = state.get(SHARED_DISTRICT_KEY)
        if view.district is None and "level" not in st.query_params and shared in self.names:
            view = view.with_district(shared)
        state.update(
            {
                LEVEL_KEY: view.level,
                "ex_district": view.district or ALL_DISTRICTS,
                "ex_layers": [x for x in view.layers if x in self.available_layers],
                "ex_types": list(view.types),
                "ex_indicator": view.indicator,
                "ex_period": view.period,
                "ex_per10k": view.per_10k,
            }
        )

    @staticmethod
    def take_ignored_params() -> list[str]:
        """The URL parameters the view ignored on this visit (once; then forgotten)."""
        return st.session_state.pop(IGNORED_KEY, [])

    def on_district_select(self) -> None:
        district = st.session_state["ex_district"]
        go_to("district" if district else "urumqi", district or ALL_DISTRICTS)

    def on_map_click(self) -> None:
        """Apply a click on a district (drill down), Urumqi (go up) or a point (its card)."""
        click = clicked_feature()
        st.session_state[CLICK_KEY] = click
        kind, item_id = click
        move = click_move(st.session_state[LEVEL_KEY], kind, item_id, self.names, self.urumqi_unit)
        if move is None:
            return
        if move.level is not None:
            go_to(move.level, move.district or ALL_DISTRICTS)
        else:
            st.session_state[ITEM_KEY] = move.item

    def take_pending_click(self) -> None:
        """A map value no callback handled yet (e.g. restored or injected) is applied once."""
        click = clicked_feature()
        if click != (None, None) and click != st.session_state.get(CLICK_KEY):
            self.on_map_click()

    def keep_available_layers(self) -> None:
        """Drop chosen layers no longer on offer (e.g. the entities file was removed)."""
        chosen = st.session_state["ex_layers"]
        if any(layer not in self.available_layers for layer in chosen):
            st.session_state["ex_layers"] = [x for x in chosen if x in self.available_layers]


def go_to(level: str, district: str = ALL_DISTRICTS) -> None:
    st.session_state[LEVEL_KEY] = level
    st.session_state["ex_district"] = district
    st.session_state.pop(ITEM_KEY, None)


def current_view() -> View:
    state = st.session_state
    return View(
        level=state[LEVEL_KEY],
        district=(state["ex_district"] or None) if state[LEVEL_KEY] == "district" else None,
        layers=tuple(state["ex_layers"]),
        types=tuple(state["ex_types"]),
        indicator=state["ex_indicator"],
        period=state["ex_period"],
        per_10k=state["ex_per10k"],
    )


def sync_url(view: View) -> None:
    # The URL keeps ?lang= and the playback (whose quarter the browser moves while playing).
    wanted = {**view_to_params(view), **playback_state.url_params(), **i18n.url_params()}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[SHARED_DISTRICT_KEY] = view.district


def rendered_selection() -> tuple:
    state = st.session_state
    return state[LEVEL_KEY], state["ex_district"], state.get(ITEM_KEY)


def mark_rendered() -> None:
    """Remember the selection the whole page is drawn for (see selection_moved)."""
    st.session_state[RENDERED_KEY] = rendered_selection()


def selection_moved() -> bool:
    """True when a map click chose another place since the whole page was drawn."""
    return rendered_selection() != st.session_state.get(RENDERED_KEY)


def clicked_feature() -> tuple[str | None, str | None]:
    """(kind, id) of the feature last clicked on the map. Ids reach the map escaped
    (for_folium), so they are compared with the data as they were."""
    kind, item_id = views.clicked_feature(st.session_state.get(MAP_KEY))
    return kind, None if item_id is None else from_folium(str(item_id))
