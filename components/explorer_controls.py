"""The map explorer's breadcrumbs and the captions under its map (Streamlit UI pieces)."""

from __future__ import annotations

import streamlit as st

from components import explorer_state as state
from components.escape import for_markdown
from components.explorer_panels import URUMQI_ADCODE
from components.i18n import t, term
from components.labels import district_name
from geo import density
from geo.view import View


def crumb(name: str) -> str:
    """A breadcrumb below the first one."""
    return f"› {name}"


def breadcrumbs(names: dict[str, str]) -> None:
    """Xinjiang › Urumqi › the district: buttons up to the current level, which is marked."""
    level_now = st.session_state[state.LEVEL_KEY]
    columns = st.columns([1, 1, 1, 5], vertical_alignment="center")
    labels = (
        ("xinjiang", t("map.crumbs.xinjiang")),
        ("urumqi", crumb(term("units", URUMQI_ADCODE))),
    )
    for column, (level, label) in zip(columns, labels, strict=False):
        kind = "primary" if level_now == level else "secondary"
        column.button(label, on_click=state.go_to, args=(level,), type=kind, key=f"crumb_{level}")
    if level_now == "district" and st.session_state["ex_district"]:
        here = district_name(st.session_state["ex_district"], names)
        columns[2].markdown(f"**{crumb(for_markdown(here))}**")


def map_captions(view: View, shown_density) -> None:
    """The note under the map, the density grid's size and count, and the per-10k note."""
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
