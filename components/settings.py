"""Deployment settings, read from the environment (and ``.streamlit/secrets.toml``).

- ``ATLAS_MODE`` (str, default ``"standard"``): ``"kiosk"`` registers only the public
  pages and never the data page.
- ``ATLAS_ENABLE_DATA_PAGE`` (``"1"`` or unset, default unset): registers the 数据管理 page
  (outside kiosk mode). It still asks for the administrator password.
- ``ATLAS_ADMIN_PASSWORD_HASH`` (str, default unset) or secret ``admin_password_hash``:
  salted hash from ``python -m tools.hash_password``. Without it the data page refuses
  every login.
- ``ATLAS_DATA_DIR`` (path, default the shipped sample): see ``data.loader``.
"""

from __future__ import annotations

import os

KIOSK = "kiosk"


def mode() -> str:
    return os.environ.get("ATLAS_MODE", "standard").strip().lower() or "standard"


def is_kiosk() -> bool:
    return mode() == KIOSK


def data_page_enabled() -> bool:
    return not is_kiosk() and os.environ.get("ATLAS_ENABLE_DATA_PAGE", "").strip() == "1"
