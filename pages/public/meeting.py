"""会议演示 (meeting): saved views played in order, a full-width map in large type, and a
QR code of the current view for attendees' phones."""

from __future__ import annotations

import streamlit as st

from components import i18n, layout, meeting, playback
from components.guard import datasets_or_stop
from components.i18n import t, term
from components.labels import district_name
from components.map_cache import render_map
from components.screen import for_screen
from components.view_map import safe_density_view, view_values
from data import loader, reference, settings
from data.schema import DatasetError
from geo.program import URUMQI_ADCODE
from geo.view import View

INDEX_PARAM = "view"
INDEX_KEY = "meeting_index"
MAP_KEY = "meeting_map"
MISSING_KEY = "meeting_missing_view"

data = datasets_or_stop()
layout.map_first_page()  # the map fills the height the screen has left
st.html(meeting.MEETING_CSS)
try:
    raw_views = reference.meeting_views()
except DatasetError as error:
    raw_views = []
    st.error(t("meeting.unreadable", error=error))
saved = meeting.saved_views(
    raw_views,
    list(data.district_names),
    reference.codes("community_types"),
    reference.codes("indicators"),
)
for problem in saved.problems:
    st.warning(problem)
views = saved.views
if not views:
    st.info(t("meeting.no_views"))
    st.stop()


def index_from_url() -> int:
    """The 1-based ?view= of the URL as a list index, else the first; a view that does
    not exist is named in a notice."""
    raw = st.query_params.get(INDEX_PARAM)
    if raw is None:
        return 0
    number = meeting.view_number(raw, len(views))
    if number is None:
        st.session_state[MISSING_KEY] = True
        return 0
    return number - 1


def step(by: int) -> None:
    st.session_state[INDEX_KEY] = (st.session_state[INDEX_KEY] + by) % len(views)


def view_title(view: View, shaded_title: str) -> str:
    if view.level == "xinjiang":
        place = t("map.crumbs.xinjiang")
    elif view.level == "district":
        place = district_name(view.district, data.district_names)
    else:
        place = term("units", URUMQI_ADCODE)
    if "choropleth" in view.layers and view.level != "xinjiang":
        subject = shaded_title
    else:
        subject = t("meeting.title_separator").join(t(f"map.layers.{x}") for x in view.layers)
    return t("meeting.title_separator").join([place, subject])


if INDEX_KEY not in st.session_state:  # first visit: the URL may name a view
    st.session_state[INDEX_KEY] = index_from_url()
index = st.session_state[INDEX_KEY]
view = views[index]
play = saved.playbacks[index]  # None, or the quarters played on this view's map
st.query_params[INDEX_PARAM] = str(index + 1)

with st.container(key=meeting.HEAD_KEY):  # title and page buttons (a phone: one row)
    head, back, forward = st.columns([5.8, 2, 2], vertical_alignment="center")
shaded = view_values(data, view)
head.title(view_title(view, playback.value_title(view, play.mode) if play else shaded.title))
head.caption(f"{t('meeting.position', n=index + 1, total=len(views))} · {t('meeting.keys_hint')}")
if st.session_state.pop(MISSING_KEY, False):
    st.info(t("meeting.missing_view", total=len(views)))
back.button(
    t("meeting.previous"),
    on_click=step,
    args=(-1,),
    key="meeting_prev",
    shortcut="PageUp",
    width="stretch",
)
forward.button(
    t("meeting.next"),
    on_click=step,
    args=(1,),
    key="meeting_next",
    shortcut="PageDown",
    width="stretch",
)
address = meeting.share_url(
    meeting.base_url(settings.public_url(), st.context.url), view, i18n.current(), play
)
shown_density, density_failed = safe_density_view(data, view)
if density_failed:
    st.warning(t("map.density.unreadable"))
if meeting.only_this_machine(address):  # for the presenter, not the projected screen
    st.sidebar.caption(t("meeting.local_address"))
map_column, code = st.columns([8, 1.1])  # the map first, the QR code beside it
with code:
    st.image(meeting.qr_png(address), width="stretch", caption=t("meeting.qr_caption"))


with map_column, st.container(key=layout.MAIN_MAP_KEY):
    render_map(
        repr((loader.data_signature(), loader.entities_signature(), view, play, "meeting")),
        lambda: for_screen(  # a playback still lets the clicker's keys reach the page
            playback.view_or_playback_map(
                data, view, play, shaded, shown_density, forward_keys=True
            ),
            large_text=True,
        ),
        key=MAP_KEY,
        height=720,
        use_container_width=True,
        returned_objects=[],
    )
