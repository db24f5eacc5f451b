"""Rendered maps as plain data: what ``render_offline`` would send to the st_folium
component, captured without sending it, and sent again later (components.map_cache)."""

from __future__ import annotations

import copy
from typing import Any

import folium

from components import st_folium_hook
from components.folium_render import render_offline


def rendered_args(m: folium.Map, **st_folium_kwargs: Any) -> dict[str, Any]:
    """The arguments ``render_offline(m, ...)`` would send to the st_folium component
    (script, html, header, links, component key, default value …), without sending them.

    They are plain strings, numbers and lists: unlike a ``folium.Map`` (DESIGN.md §4) they
    can be cached and shared by sessions. ``send_rendered`` sends them.
    """
    st_folium_kwargs.pop("on_change", None)
    with st_folium_hook.capturing() as captured:
        render_offline(m, **st_folium_kwargs)
    return captured


def send_rendered(args: dict[str, Any], key: str | None = None, on_change=None) -> Any:
    """Send arguments from ``rendered_args`` exactly as st_folium would: same component
    key, and the map's value copied to ``st.session_state[key]`` before ``on_change``."""
    import streamlit as st

    component_key = args["key"]

    def _on_change() -> None:
        if key is not None:
            st.session_state[key] = st.session_state.get(component_key, {})
        if on_change is not None:
            on_change()

    send = st_folium_hook.original_component_func()
    # The default value becomes this session's map value until the map reports one: a copy,
    # so no session can change what the others get.
    own = {**args, "default": copy.deepcopy(args.get("default"))}
    return send(**own, on_change=_on_change)
