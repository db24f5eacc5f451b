"""``render_offline``: ``st_folium`` with every asset of the map served locally."""

from __future__ import annotations

from typing import Any

import folium
import streamlit_folium

from components import st_folium_hook
from components.offline_assets import localize_map, localize_tree


def render_offline(m: folium.Map, **st_folium_kwargs: Any) -> Any:
    """``streamlit_folium.st_folium(m, ...)`` with every asset served locally.

    Localizes ``m`` (and any ``feature_group_to_add`` / ``layer_control``), then
    calls st_folium with the links it sends to the browser rewritten to
    ``/app/static/vendor/...``. Raises ``UnvendoredAssetError`` if anything would
    still be fetched from the internet.
    """
    allow_remote_tiles = st_folium_kwargs.pop("allow_remote_tiles", False)
    localize_map(m, allow_remote_tiles=allow_remote_tiles)
    extra = st_folium_kwargs.get("feature_group_to_add")
    extras = list(extra) if isinstance(extra, (list, tuple)) else [extra]
    extras.append(st_folium_kwargs.get("layer_control"))
    for element in extras:
        if element is not None:
            localize_tree(element, allow_remote_tiles=allow_remote_tiles)

    with st_folium_hook.offline_call():
        return streamlit_folium.st_folium(m, **st_folium_kwargs)
