"""A patch of streamlit-folium's private ``_component_func``, the one call that receives
the finished ``js_links`` / ``css_links`` of a map.

st_folium prepends two hard-coded d3 URLs to ``js_links`` for every colormap it finds;
no element attribute can change that, so the lists are rewritten here
(``components.offline_assets.localize_links``), and the HTML it sends is checked for
remote references. The patch is installed once and does nothing unless it is called
inside ``offline_call()`` (a context variable, so concurrent sessions are unaffected);
plain ``st_folium`` calls pass through unchanged. Inside ``capturing()`` it records the
component arguments instead of sending them.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from typing import Any

import streamlit_folium

from components.offline_assets import REMOTE_REF, UnvendoredAssetError, localize_links

_OFFLINE_CALL: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "offline_st_folium_call", default=False
)
_ORIGINAL_ATTR = "_offline_original"
# Set by ``capturing``: the hook records the component arguments instead of sending them.
_CAPTURE: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "offline_st_folium_capture", default=None
)


def _component_func_offline(*args: Any, **kwargs: Any) -> Any:
    """Stands in for ``streamlit_folium._component_func`` (see the module docstring)."""
    original = getattr(_component_func_offline, _ORIGINAL_ATTR)
    if _OFFLINE_CALL.get():
        kwargs["js_links"] = localize_links(kwargs.get("js_links") or [])
        kwargs["css_links"] = localize_links(kwargs.get("css_links") or [])
        for part in ("header", "html"):
            found = REMOTE_REF.search(kwargs.get(part) or "")
            if found:
                raise UnvendoredAssetError(
                    f"st_folium {part} references a remote asset near {found.group(0)!r}"
                )
        captured = _CAPTURE.get()
        if captured is not None:
            captured.update((k, v) for k, v in kwargs.items() if k != "on_change")
            return kwargs.get("default")
    return original(*args, **kwargs)


def install() -> None:
    """Put the patch in place (once; a re-imported module replaces its earlier copy)."""
    current = streamlit_folium._component_func
    if current is _component_func_offline:
        return
    # If this module was re-imported (Streamlit reloads edited modules), unwrap the
    # previous copy's hook instead of stacking hooks.
    setattr(_component_func_offline, _ORIGINAL_ATTR, getattr(current, _ORIGINAL_ATTR, current))
    streamlit_folium._component_func = _component_func_offline


def original_component_func() -> Callable[..., Any]:
    """streamlit-folium's own ``_component_func`` (installs the patch first)."""
    install()
    return getattr(_component_func_offline, _ORIGINAL_ATTR)


@contextlib.contextmanager
def offline_call() -> Iterator[None]:
    """st_folium calls inside the block send vendored links only (installs the patch)."""
    install()
    token = _OFFLINE_CALL.set(True)
    try:
        yield
    finally:
        _OFFLINE_CALL.reset(token)


@contextlib.contextmanager
def capturing() -> Iterator[dict[str, Any]]:
    """Offline st_folium calls inside the block fill the dict yielded with the component
    arguments instead of sending them."""
    captured: dict[str, Any] = {}
    token = _CAPTURE.set(captured)
    try:
        yield captured
    finally:
        _CAPTURE.reset(token)
