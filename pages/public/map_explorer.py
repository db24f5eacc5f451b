"""地图: layers, Xinjiang → Urumqi → district drill-down, and a district panel with charts.

The view lives in session state and in the URL (geo.view); a click on the map or a
widget change updates both, so a copied URL reopens the same view. Every label comes from
the message catalogs (components/locales/*/map.toml); rendered maps are cached per
language by components.map_cache.
"""

from __future__ import annotations

import streamlit as st

from components import explorer_controls, i18n, layout, playback, playback_state, store_status
from components import explorer_panels as panels
from components import explorer_state as state
from components.explorer_state import Explorer
from components.guard import datasets_or_stop
from components.i18n import t, term
from components.labels import district_name, period_label
from components.map_cache import render_map
from components.screen import fill_frame
from components.view_map import safe_density_view, view_values
from data import loader, reference, settings
from geo.view import LAYERS, PERIODS

data = datasets_or_stop()
names = data.district_names  # adcode -> name in the data; shown names come from labels
type_codes = reference.codes("community_types")
explorer = Explorer(
    names=names,
    # A click on the Xinjiang map names a unit by its short name in the data (the feature id).
    urumqi_unit=panels.urumqi_unit(data),
    # The density layer is offered only when the dataset folder has market-entity points.
    available_layers=[
        x for x in LAYERS if x != "density" or loader.entities_signature() is not None
    ],
    type_codes=type_codes,
    indicator_codes=reference.codes("indicators"),
)
available_layers = explorer.available_layers

explorer.seed_state()
playback_state.seed()
explorer.take_pending_click()
layout.map_first_page()  # the map fills the height the screen has left
heading, crumbs = st.columns([1, 3], vertical_alignment="center")  # crumbs beside the title
heading.title(t("page_titles.map"))
with crumbs, st.container(key=layout.CRUMBS_KEY):
    explorer_controls.breadcrumbs(names)
if ignored := explorer.take_ignored_params():  # a hand-edited link: say what was dropped
    st.info(t("map.ignored_params", params=t("map.param_separator").join(ignored)))


def district_option(adcode: str) -> str:
    if adcode in names:
        return district_name(adcode, names)
    return t("map.all_districts", count=len(names))


map_column, panel = st.columns([3, 2], gap="medium")  # the map beside its panel
with panel.container(border=True):
    row = [*st.columns(2), *st.columns(2, vertical_alignment="bottom")]
    row[0].selectbox(
        t("map.district"),
        [state.ALL_DISTRICTS, *names],
        format_func=i18n.in_this_language(district_option),
        key="ex_district",
        on_change=explorer.on_district_select,
    )
    row[1].selectbox(
        t("map.indicator"),
        explorer.indicator_codes,
        format_func=i18n.in_this_language(lambda code: term("indicators", code)),
        key="ex_indicator",
    )
    row[2].selectbox(
        t("map.period"),
        list(PERIODS),
        format_func=i18n.in_this_language(period_label),
        key="ex_period",
    )
    row[3].toggle(t("map.per_10k"), key="ex_per10k", help=t("map.per_10k_help"))
    playback_state.mode_select(st)  # beside the period: the map plays the quarters

view = state.current_view()
state.sync_url(view)

shaded = view_values(data, view)  # the indicator the choropleth and city panel show


@st.fragment
@store_status.stops_when_unreachable  # a fragment reruns alone, outside the frame's check
def map_section() -> None:
    """Map-only filters and the map: changing them reruns this fragment alone."""
    if state.selection_moved():
        st.rerun()  # a map click chose another place: the panel must follow
    explorer.keep_available_layers()
    chips, types = st.columns([2, 1], vertical_alignment="bottom")
    chips.pills(
        t("map.layers_label"), available_layers, selection_mode="multi",
        format_func=i18n.in_this_language(lambda layer: t(f"map.layers.{layer}")),
        key="ex_layers",
    )  # fmt: skip
    types.multiselect(
        t("map.types_label"),
        type_codes,
        format_func=i18n.in_this_language(lambda code: term("community_types", code)),
        key="ex_types",
        placeholder=t("map.types_placeholder", count=len(type_codes)),
    )
    view = state.current_view()
    state.sync_url(view)
    shown_density, density_failed = safe_density_view(data, view)
    if density_failed:
        st.warning(t("map.density.unreadable"))
    # The rendered map depends only on the data files, the view and the language (which
    # render_map adds to the key): sessions share it.
    play = playback_state.current(view)  # None unless quarter-by-quarter playback is on
    cache_key = repr((loader.data_signature(), view, loader.entities_signature(),
                      settings.entity_point_limit(), play))  # fmt: skip
    options = {"url": True, "resume": "map"}  # a playback resumes where it was after a rerun
    parts = (data, view, play, shaded, shown_density)
    render_map(
        cache_key,
        lambda: fill_frame(playback.view_or_playback_map(*parts, **options)),
        key=state.MAP_KEY, height=640, use_container_width=True,
        returned_objects=["last_active_drawing"], on_change=explorer.on_map_click,
    )  # fmt: skip
    explorer_controls.map_captions(view, shown_density)


state.mark_rendered()
with map_column, st.container(key=layout.MAIN_MAP_KEY):
    map_section()

with panel:
    panels.item_card(data, st.session_state.get(state.ITEM_KEY))
    if view.level == "xinjiang":
        panels.xinjiang_panel(data)
    elif view.level == "urumqi":
        panels.city_panel(data, view, shaded.values, shaded.title, shaded.unit)
    else:
        panels.district_panel(data, view, view.district)

if view.level == "district":
    panels.district_charts(data, view, view.district)
