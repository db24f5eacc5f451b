"""地图: layers, Xinjiang → Urumqi → district drill-down, and a district panel with charts.

The view lives in session state and in the URL (geo.view); a click on the map or a
widget change updates both, so a copied URL reopens the same view. Every label comes from
the message catalogs (components/locales/*/map.toml); rendered maps are cached per
language by components.map_cache.
"""

from __future__ import annotations

import streamlit as st

from components import explorer_panels as panels
from components import i18n, settings
from components.escape import for_markdown, from_folium
from components.guard import SHARED_DISTRICT_KEY, datasets_or_stop
from components.i18n import t, term
from components.map_cache import render_map
from components.view_map import build_view_map, safe_density_view, view_values
from data import loader, reference
from geo import density
from geo.view import LAYERS, PERIODS, View, view_from_params, view_to_params

MAP_KEY = "ex_map"
ITEM_KEY = "ex_item"
CLICK_KEY = "ex_last_click"
RENDERED_KEY = "ex_rendered"  # the selection the whole page was last drawn for
LEVEL_KEY = "ex_level"
URUMQI_ADCODE = "650100"
ALL_DISTRICTS = ""  # the district selectbox's "whole city" option

data = datasets_or_stop()
names = data.district_names  # adcode -> name in the data; shown names come from the catalogs
# A click on the Xinjiang map names a unit by its short name in the data (the feature id).
urumqi_unit = data.units.set_index("adcode").at[URUMQI_ADCODE, "short_name"]
# The density layer is offered only when the dataset folder has market-entity points.
available_layers = [
    layer for layer in LAYERS if layer != "density" or loader.entities_signature() is not None
]
type_codes = reference.codes("community_types")
indicator_codes = reference.codes("indicators")


WIDGET_KEYS = ("ex_district", "ex_layers", "ex_types", "ex_indicator", "ex_period", "ex_per10k")


def seed_state() -> None:
    """On a session's first visit, take the view from the URL (or another page's district).

    Streamlit drops the state of widgets a run did not draw, so after a visit to another
    page the view is seeded again (the district survives through SHARED_DISTRICT_KEY)."""
    if LEVEL_KEY in st.session_state and all(k in st.session_state for k in WIDGET_KEYS):
        return
    view = view_from_params(st.query_params.to_dict(), list(names), type_codes, indicator_codes)
    shared = st.session_state.get(SHARED_DISTRICT_KEY)
    if view.district is None and "level" not in st.query_params and shared in names:
        view = view.with_district(shared)
    st.session_state.update(
        {
            LEVEL_KEY: view.level,
            "ex_district": view.district or ALL_DISTRICTS,
            "ex_layers": [layer for layer in view.layers if layer in available_layers],
            "ex_types": list(view.types),
            "ex_indicator": view.indicator,
            "ex_period": view.period,
            "ex_per10k": view.per_10k,
        }
    )


def go_to(level: str, district: str = ALL_DISTRICTS) -> None:
    st.session_state[LEVEL_KEY] = level
    st.session_state["ex_district"] = district
    st.session_state.pop(ITEM_KEY, None)


def on_district_select() -> None:
    district = st.session_state["ex_district"]
    go_to("district" if district else "urumqi", district or ALL_DISTRICTS)


def clicked_feature() -> tuple[str | None, str | None]:
    value = st.session_state.get(MAP_KEY) or {}
    properties = (value.get("last_active_drawing") or {}).get("properties") or {}
    item_id = properties.get("id")
    # Ids reach the map escaped (for_folium); compare them with the data as they were.
    return properties.get("kind"), None if item_id is None else from_folium(str(item_id))


def on_map_click() -> None:
    """Apply a click on a district (drill down), Urumqi (go up) or a point (its card)."""
    click = clicked_feature()
    st.session_state[CLICK_KEY] = click
    kind, item_id = click
    city_cell = kind == "density" and st.session_state[LEVEL_KEY] == "urumqi"
    if (kind == "district" or city_cell) and item_id in names:
        go_to("district", item_id)
    elif kind == "unit" and item_id == urumqi_unit:
        go_to("urumqi")
    elif kind in ("community", "base"):
        st.session_state[ITEM_KEY] = (kind, item_id)


def take_pending_click() -> None:
    """A map value that no callback handled yet (e.g. restored or injected) is applied once."""
    click = clicked_feature()
    if click != (None, None) and click != st.session_state.get(CLICK_KEY):
        on_map_click()


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
    wanted = {**view_to_params(view), **i18n.url_params()}  # the URL keeps ?lang=
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[SHARED_DISTRICT_KEY] = view.district


seed_state()
take_pending_click()
st.title(t("page_titles.map"))


def crumb(name: str) -> str:
    """A breadcrumb below the first one."""
    return f"› {name}"


level_now = st.session_state[LEVEL_KEY]
crumbs = st.columns([1, 1, 1, 5], vertical_alignment="center")
crumb_labels = (
    ("xinjiang", t("map.crumbs.xinjiang")),
    ("urumqi", crumb(term("units", URUMQI_ADCODE))),
)
for column, (level, label) in zip(crumbs, crumb_labels, strict=False):
    kind = "primary" if level_now == level else "secondary"
    column.button(label, on_click=go_to, args=(level,), type=kind, key=f"crumb_{level}")
if level_now == "district" and st.session_state["ex_district"]:
    here = term("districts", st.session_state["ex_district"])
    crumbs[2].markdown(f"**{crumb(for_markdown(here))}**")


def district_option(adcode: str) -> str:
    if adcode in names:
        return term("districts", adcode)
    return t("map.all_districts", count=len(names))


with st.container(border=True):
    row = st.columns([2, 2, 2, 2], vertical_alignment="bottom")
    row[0].selectbox(
        t("map.district"),
        [ALL_DISTRICTS, *names],
        format_func=i18n.in_this_language(district_option),
        key="ex_district",
        on_change=on_district_select,
    )
    row[1].selectbox(
        t("map.indicator"),
        indicator_codes,
        format_func=i18n.in_this_language(lambda code: term("indicators", code)),
        key="ex_indicator",
    )
    row[2].selectbox(
        t("map.period"),
        list(PERIODS),
        format_func=i18n.in_this_language(panels.period_label),
        key="ex_period",
    )
    row[3].toggle(t("map.per_10k"), key="ex_per10k", help=t("map.per_10k_help"))

view = current_view()
sync_url(view)

shaded = view_values(data, view)  # the indicator the choropleth and city panel show


def rendered_selection() -> tuple:
    state = st.session_state
    return state[LEVEL_KEY], state["ex_district"], state.get(ITEM_KEY)


@st.fragment
def map_section() -> None:
    """Map-only filters and the map: changing them reruns this fragment alone."""
    if rendered_selection() != st.session_state.get(RENDERED_KEY):
        st.rerun()  # a map click chose another place: the panel must follow
    chosen = st.session_state["ex_layers"]
    if any(layer not in available_layers for layer in chosen):  # e.g. the file was removed
        st.session_state["ex_layers"] = [layer for layer in chosen if layer in available_layers]
    st.pills(
        t("map.layers_label"), available_layers, selection_mode="multi",
        format_func=i18n.in_this_language(lambda layer: t(f"map.layers.{layer}")),
        key="ex_layers",
    )  # fmt: skip
    st.multiselect(
        t("map.types_label"),
        type_codes,
        format_func=i18n.in_this_language(lambda code: term("community_types", code)),
        key="ex_types",
        placeholder=t("map.types_placeholder", count=len(type_codes)),
    )
    view = current_view()
    sync_url(view)
    shown_density, density_failed = safe_density_view(data, view)
    if density_failed:
        st.warning(t("map.density.unreadable"))
    # The rendered map depends only on the data files, the view and the language (which
    # render_map adds to the key): sessions share it.
    cache_key = repr(
        (loader.data_signature(), view, loader.entities_signature(), settings.entity_point_limit())
    )
    render_map(
        cache_key,
        lambda: build_view_map(data, view, shaded, shown_density),
        key=MAP_KEY,
        height=640,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        on_change=on_map_click,
    )
    st.caption(t("map.note"))
    if shown_density is not None:
        grid = shown_density.grid
        st.caption(
            t(
                "map.density.caption",
                size=f"{grid.cell_km:g}",
                count=f"{grid.entities:,}",
                min=density.MIN_COUNT,
            )
        )
    if view.per_10k:
        st.caption(t("map.per_10k_caption"))


st.session_state[RENDERED_KEY] = rendered_selection()
map_column, panel = st.columns([3, 2], gap="medium")
with map_column:
    map_section()

with panel:
    panels.item_card(data, st.session_state.get(ITEM_KEY))
    if view.level == "xinjiang":
        panels.xinjiang_panel(data)
    elif view.level == "urumqi":
        panels.city_panel(data, view, shaded.values, shaded.title, shaded.unit)
    else:
        panels.district_panel(data, view, view.district)

if view.level == "district":
    panels.district_charts(data, view, view.district)
