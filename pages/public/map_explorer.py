"""地图: layers, Xinjiang → Urumqi → district drill-down, and a district panel with charts.

The view lives in session state and in the URL (geo.view); a click on the map or a
widget change updates both, so a copied URL reopens the same view.
"""

from __future__ import annotations

import folium
import streamlit as st

from components import explorer_panels as panels
from components import settings
from components.escape import for_markdown
from components.guard import SHARED_DISTRICT_KEY, datasets_or_stop
from components.map_cache import render_map
from components.maps import DensityView, choropleth_colors, urumqi_map, xinjiang_map
from data import loader, reference
from data.schema import DatasetError
from geo import choropleth, density
from geo.layout import cluster_shapes, unit_of_points
from geo.view import LAYERS, PERIODS, View, view_from_params, view_to_params

MAP_KEY = "ex_map"
ITEM_KEY = "ex_item"
CLICK_KEY = "ex_last_click"
RENDERED_KEY = "ex_rendered"  # the selection the whole page was last drawn for
LEVEL_KEY = "ex_level"
LAYER_NAMES = {"communities": "创业社区", "bases": "孵化基地", "clusters": "二核五轴五区",
               "choropleth": "指标分级设色", "density": "市场主体密度"}  # fmt: skip
URUMQI_UNIT = "乌鲁木齐"
MAP_NOTE = (
    "点击区县可下钻；点击社区或基地查看详情。边界来自高德数据（约 2021 年），非标准地图，无审图号。"
)
ALL_DISTRICTS = ""  # the district selectbox's "whole city" option

data = datasets_or_stop()
names = data.district_names
# The density layer is offered only when the dataset folder has market-entity points.
available_layers = [
    layer for layer in LAYERS if layer != "density" or loader.entities_signature() is not None
]
type_codes = reference.codes("community_types")
indicator_codes = reference.codes("indicators")
catalogue = reference.indicators().set_index("code")


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
    return properties.get("kind"), properties.get("id")


def on_map_click() -> None:
    """Apply a click on a district (drill down), Urumqi (go up) or a point (its card)."""
    click = clicked_feature()
    st.session_state[CLICK_KEY] = click
    kind, item_id = click
    city_cell = kind == "density" and st.session_state[LEVEL_KEY] == "urumqi"
    if (kind == "district" or city_cell) and item_id in names:
        go_to("district", item_id)
    elif kind == "unit" and item_id == URUMQI_UNIT:
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
    wanted = view_to_params(view)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[SHARED_DISTRICT_KEY] = view.district


seed_state()
take_pending_click()
st.title("地图")

level_now = st.session_state[LEVEL_KEY]
crumbs = st.columns([1, 1, 1, 5], vertical_alignment="center")
for column, (level, label) in zip(
    crumbs, (("xinjiang", "新疆"), ("urumqi", "› 乌鲁木齐市")), strict=False
):
    kind = "primary" if level_now == level else "secondary"
    column.button(label, on_click=go_to, args=(level,), type=kind, key=f"crumb_{level}")
if level_now == "district" and st.session_state["ex_district"]:
    crumbs[2].markdown(f"**› {for_markdown(names[st.session_state['ex_district']])}**")

with st.container(border=True):
    row = st.columns([2, 2, 2, 2], vertical_alignment="bottom")
    row[0].selectbox(
        "区县",
        [ALL_DISTRICTS, *names],
        format_func=lambda a: names.get(a, "全市（8 个区县）"),
        key="ex_district",
        on_change=on_district_select,
    )
    row[1].selectbox(
        "指标",
        indicator_codes,
        format_func=lambda c: catalogue.at[c, "name_zh"],
        key="ex_indicator",
    )
    row[2].selectbox("时期", list(PERIODS), format_func=panels.period_label, key="ex_period")
    row[3].toggle("按每万常住人口", key="ex_per10k", help="需要“指标分级设色”图层")

view = current_view()
sync_url(view)

population = reference.district_population().set_index("adcode")["population"]
values = choropleth.district_values(
    data.indicators, view.indicator, view.period, list(names),
    population if view.per_10k else None,
)  # fmt: skip
name, unit = catalogue.at[view.indicator, "name_zh"], catalogue.at[view.indicator, "unit"]
shown_unit = f"{unit}/万人" if view.per_10k else unit
value_title = f"{name}（{shown_unit}，{panels.period_label(view.period)}）"


def density_view(view: View) -> DensityView | None:
    """The market-entity grid of the view (cached per file, district and cell size)."""
    try:
        points = loader.load_entities()
    except DatasetError:
        st.warning("市场主体点位文件无法读取，密度图层暂不可用。")
        return None
    if points is None:
        return None
    shape = data.districts
    if view.district:
        shape = shape[shape["adcode"] == view.district]
    grid = loader.entity_grid(view.district, density.cell_size_km(tuple(shape.total_bounds)))
    only = None if view.district is None else points.district_codes.index(view.district)
    raw = density.raw_points(
        points.lon, points.lat, points.kind, points.district, settings.entity_point_limit(), only
    )
    sample = f"（{reference.SAMPLE_LABEL}）" if points.is_sample else ""
    return DensityView(grid, f"市场主体密度（户/网格）{sample}", raw)


def build_map(view: View, shown_density: DensityView | None) -> folium.Map:
    if view.level == "xinjiang":
        base_units = unit_of_points(data.bases["lon"], data.bases["lat"], data.units)
        shapes = cluster_shapes(data.clusters, data.units) if "clusters" in view.layers else None
        return xinjiang_map(
            data.units, shapes, {"孵化基地（个，本数据集）": base_units.value_counts()}
        )
    breaks = choropleth.class_breaks(values)
    labels = [f"{breaks[i]:,.4g} – {breaks[i + 1]:,.4g}" for i in range(len(breaks) - 1)]
    colors = choropleth_colors(choropleth.class_of(values, breaks))
    text = values.map(lambda v: f"{v:,.1f}" if view.per_10k else f"{v:,.0f}")
    return urumqi_map(
        data.districts, data.communities, data.bases, view.layers, view.types,
        focus=view.district, choropleth=(value_title, text, colors, labels),
        density=shown_density,
    )  # fmt: skip


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
        "图层", available_layers, selection_mode="multi", format_func=LAYER_NAMES.get,
        key="ex_layers",
    )  # fmt: skip
    st.multiselect(
        "社区类型（不选即全部）",
        type_codes,
        format_func=lambda c: reference.label("community_types", c),
        key="ex_types",
        placeholder="全部 13 类",
    )
    view = current_view()
    sync_url(view)
    shown_density = None
    if view.level != "xinjiang" and "density" in view.layers:
        shown_density = density_view(view)
    # The rendered map depends only on the data files and the view: sessions share it.
    cache_key = repr(
        (loader.data_signature(), view, loader.entities_signature(), settings.entity_point_limit())
    )
    render_map(
        cache_key,
        lambda: build_map(view, shown_density),
        key=MAP_KEY,
        height=640,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        on_change=on_map_click,
    )
    st.caption(MAP_NOTE)
    if shown_density is not None:
        grid = shown_density.grid
        st.caption(
            f"市场主体密度：按 {grid.cell_km:g} km 网格汇总 {grid.entities:,} 户；"
            f"少于 {density.MIN_COUNT} 户的网格不显示，地图不显示单个主体的位置。"
        )
    if view.per_10k:
        st.caption("每万人口换算所用的分区常住人口为示例数据，须以第七次全国人口普查公报数据替换。")


st.session_state[RENDERED_KEY] = rendered_selection()
map_column, panel = st.columns([3, 2], gap="medium")
with map_column:
    map_section()

with panel:
    panels.item_card(data, st.session_state.get(ITEM_KEY))
    if view.level == "xinjiang":
        panels.xinjiang_panel(data)
    elif view.level == "urumqi":
        panels.city_panel(data, view, values, value_title, shown_unit)
    else:
        panels.district_panel(data, view, view.district)

if view.level == "district":
    panels.district_charts(data, view, view.district)
