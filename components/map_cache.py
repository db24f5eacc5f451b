"""Rendered maps shared by every session: built once per data and view, sent every run.

Rendering a folium map (branca compiles every rendered element as a template) costs
0.2–0.3 s of server time for the sample and grows with the data, while sessions mostly
ask for the same few views. ``render_map`` keeps what st_folium would send (strings and
numbers, from ``components.map_replay.rendered_args``), keyed by a caller-given key that
must name everything the map depends on (data file signatures and the view) besides the
language, which ``render_map`` adds itself (every text on a map is translated), and sends
it with ``send_rendered``. A ``folium.Map`` is never cached (DESIGN.md §4): ``build`` makes a
fresh one on each cache miss.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import folium
import streamlit as st

from components import i18n
from components.map_replay import rendered_args, send_rendered

MAX_ENTRIES = 64  # rendered views kept (a city view with every layer is about 0.2 MB)


@st.cache_resource(max_entries=MAX_ENTRIES, show_spinner=False)
def _rendered(cache_key: str, _build: Callable[[], folium.Map], _kwargs: dict) -> dict:
    return rendered_args(_build(), **_kwargs)


def full_key(cache_key: str, key: str, st_folium_kwargs: dict[str, Any]) -> str:
    """The shared cache's key: the caller's key, the session's language, and how it is sent."""
    return repr((cache_key, i18n.current(), key, sorted(st_folium_kwargs.items())))


def render_map(
    cache_key: str,
    build: Callable[[], folium.Map],
    *,
    key: str,
    on_change: Callable[[], None] | None = None,
    **st_folium_kwargs: Any,
) -> Any:
    """``render_offline(build(), key=key, ...)``, with the rendering cached by ``cache_key``
    and the current language (``build`` runs in this session, so in its language).

    The returned arguments are shared: they are only read, never changed.
    """
    args = _rendered(full_key(cache_key, key, st_folium_kwargs), build, dict(st_folium_kwargs))
    return send_rendered(args, key=key, on_change=on_change)


def clear() -> None:
    _rendered.clear()
