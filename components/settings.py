"""Deployment settings, read from the environment (and ``.streamlit/secrets.toml``).

- ``ATLAS_MODE`` (str, default ``"standard"``): ``"kiosk"`` registers only the public
  pages and never the data page.
- ``ATLAS_ENABLE_DATA_PAGE`` (``"1"`` or unset, default unset): registers the 数据管理 page
  (outside kiosk mode). It still asks for the administrator password.
- ``ATLAS_ADMIN_PASSWORD_HASH`` (str, default unset) or secret ``admin_password_hash``:
  salted hash from ``python -m tools.hash_password``. Without it the data page refuses
  every login.
- ``ATLAS_DATA_DIR`` (path, default the shipped sample): see ``data.loader``.
- ``ATLAS_PUBLIC_URL`` (str, default unset): the address attendees' phones use to reach
  the app, e.g. ``http://192.168.1.20:8501``; the meeting page's QR code points there.
  Unset, the address the presenter's browser used is taken.
- ``ATLAS_KIOSK_SLIDE_SECONDS``, ``ATLAS_KIOSK_IDLE_SECONDS``, ``ATLAS_KIOSK_LANG``: see
  ``components.kiosk``.
- ``ATLAS_ENTITY_POINT_LIMIT`` (int, default ``0``): the most market-entity points a map
  view may send to the browser as raw points; a view with more is only ever drawn as
  aggregated cells. ``0`` never sends raw points.
"""

from __future__ import annotations

import os

KIOSK = "kiosk"
# Client options a kiosk sets for itself: no error details, menu or page list.
KIOSK_CLIENT_OPTIONS = {
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "client.showSidebarNavigation": False,
}


def mode() -> str:
    return os.environ.get("ATLAS_MODE", "standard").strip().lower() or "standard"


def is_kiosk() -> bool:
    return mode() == KIOSK


def data_page_enabled() -> bool:
    return not is_kiosk() and os.environ.get("ATLAS_ENABLE_DATA_PAGE", "").strip() == "1"


ENTITY_POINT_LIMIT_DEFAULT = 0


def entity_point_limit() -> int:
    """Raw market-entity points a view may send at most (0: never; invalid: 0)."""
    raw = os.environ.get("ATLAS_ENTITY_POINT_LIMIT", "").strip()
    try:
        return max(0, int(raw)) if raw else ENTITY_POINT_LIMIT_DEFAULT
    except ValueError:
        return ENTITY_POINT_LIMIT_DEFAULT


def public_url() -> str:
    """The configured public address of the app, without a trailing slash ('' if unset)."""
    return os.environ.get("ATLAS_PUBLIC_URL", "").strip().rstrip("/")
