"""Deployment settings: the only module that reads environment variables and ``st.secrets``.

Every setting is read when its function is called, so a changed environment takes effect
at the next call (and tests may set variables with ``monkeypatch``). A blank value counts
as unset. Importing this module needs neither Streamlit nor a running app; the secrets
file is read only by ``admin_password_hash``, and only when Streamlit is installed.

- ``ATLAS_DATA_DIR`` (path, default unset: the shipped sample ``data/sample/``): the
  dataset folder the app reads (``data.loader``) and the importer writes (``data.importer``,
  which refuses when it is unset or the shipped sample).
- ``ATLAS_MODE`` (str, default ``"standard"``): ``"kiosk"`` registers only the kiosk
  storyboard and never the data page.
- ``ATLAS_ENABLE_DATA_PAGE`` (``"1"`` or unset, default unset): registers the 数据管理 page
  (outside kiosk mode). It still asks for the administrator password.
- ``ATLAS_ADMIN_PASSWORD_HASH`` (str, default unset), else the secret
  ``admin_password_hash`` in ``.streamlit/secrets.toml``: salted hash from
  ``python -m tools.hash_password``. Without either the data page refuses every login.
- ``ATLAS_PUBLIC_URL`` (str, default unset): the address attendees' phones use to reach
  the app, e.g. ``http://192.168.1.20:8501``; the meeting page's QR code points there.
  Unset, the address the presenter's browser used is taken.
- ``ATLAS_KIOSK_SLIDE_SECONDS`` (float > 0, default ``12``): how long a kiosk slide shows.
- ``ATLAS_KIOSK_PLAYBACK_SECONDS`` (float > 0, default ``20``): how long the kiosk's
  playback slide takes to play the twelve quarters (then the storyboard goes on, at the
  next slide tick).
- ``ATLAS_KIOSK_IDLE_SECONDS`` (float > 0, default ``90``): time without a touch after
  which the kiosk returns to its first slide and its language. An invalid or non-positive
  value of either falls back to the default.
- ``ATLAS_KIOSK_LANG`` (``zh``, ``ug`` or ``en``, default ``zh``): the language the kiosk
  starts in and returns to; another value counts as unset (checked in ``components.kiosk``).
- ``ATLAS_ENTITY_POINT_LIMIT`` (int, default ``0``): the most market-entity points a map
  view may send to the browser as raw points; a view with more is only ever drawn as
  aggregated cells. ``0`` (and an invalid value) never sends raw points.
- ``ATLAS_BASEMAP`` (str, default unset): tiles under the maps. ``tianditu-vector`` or
  ``tianditu-imagery`` (天地图 with its annotation layer; needs ``ATLAS_TIANDITU_KEY``), or
  an XYZ template on the deployment's network such as
  ``http://10.0.0.5/tiles/{z}/{x}/{y}.png``. Unset (or 天地图 without a key), the maps
  draw no tiles and request nothing.
- ``ATLAS_TIANDITU_KEY`` (str, default unset): the deployment's 天地图 key (``tk``).
- ``ATLAS_BASEMAP_ATTRIBUTION`` (str, default unset): the credit shown for an XYZ
  template's tiles (天地图 has its own).
- ``ATLAS_USER`` (str, default unset, then the login name in ``USER``): who is written into
  the importer's audit log when no user is given on the command line.
- ``ATLAS_IMPORT_MEMORY_MB`` (int > 0, default ``1024``): memory an import's worker process
  may use; it is killed above it.
- ``ATLAS_IMPORT_SECONDS`` (float > 0, default ``120``): time an import's worker process may
  take; it is killed after it.
- ``ATLAS_UPLOAD_SESSION_MB`` (int > 0, default ``250``) and ``ATLAS_UPLOAD_SERVER_MB``
  (int > 0, default ``500``): bytes a logged-in session, and all sessions together, may
  upload per hour on the admin deployment (``tools/admin_server.py``).
- ``ATLAS_TRUST_FORWARDED_FOR`` (``"1"`` or unset, default unset): take the client address
  for login back-off and the audit log from the reverse proxy's ``X-Forwarded-For`` header
  (its last address); only set it behind a proxy that writes that header.
- ``ATLAS_CONCURRENT_RUNS`` (int > 0, default ``1``): how many page scripts one server runs
  at once, the others waiting their turn in arrival order (``components.run_gate``).
- ``ATLAS_DATABASE_URL`` (SQLAlchemy URL, default unset), else the secret ``database_url``
  in ``.streamlit/secrets.toml``: a PostgreSQL/PostGIS database as the store, e.g.
  ``postgresql+psycopg://atlas@127.0.0.1:5432/atlas``. Unset, the dataset folder is the store.
- ``ATLAS_TEST_DATABASE_URL`` (SQLAlchemy URL, default unset): a scratch database the tests
  may empty; unset, the database tests skip and say so.
- ``ATLAS_CHROMIUM`` (path, default ``/usr/bin/chromium``): the Chromium that browser tests
  and the browser benchmarks launch.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

DATA_DIR_ENV = "ATLAS_DATA_DIR"
MODE_ENV = "ATLAS_MODE"
ENABLE_DATA_PAGE_ENV = "ATLAS_ENABLE_DATA_PAGE"
ADMIN_PASSWORD_HASH_ENV = "ATLAS_ADMIN_PASSWORD_HASH"
ADMIN_PASSWORD_HASH_SECRET = "admin_password_hash"
PUBLIC_URL_ENV = "ATLAS_PUBLIC_URL"
KIOSK_SLIDE_SECONDS_ENV = "ATLAS_KIOSK_SLIDE_SECONDS"
KIOSK_IDLE_SECONDS_ENV = "ATLAS_KIOSK_IDLE_SECONDS"
KIOSK_PLAYBACK_SECONDS_ENV = "ATLAS_KIOSK_PLAYBACK_SECONDS"
KIOSK_LANG_ENV = "ATLAS_KIOSK_LANG"
ENTITY_POINT_LIMIT_ENV = "ATLAS_ENTITY_POINT_LIMIT"
BASEMAP_ENV = "ATLAS_BASEMAP"
TIANDITU_KEY_ENV = "ATLAS_TIANDITU_KEY"
BASEMAP_ATTRIBUTION_ENV = "ATLAS_BASEMAP_ATTRIBUTION"
USER_ENV = ("ATLAS_USER", "USER")  # the first one set wins
CHROMIUM_ENV = "ATLAS_CHROMIUM"
IMPORT_MEMORY_MB_ENV = "ATLAS_IMPORT_MEMORY_MB"
IMPORT_SECONDS_ENV = "ATLAS_IMPORT_SECONDS"
UPLOAD_SESSION_MB_ENV = "ATLAS_UPLOAD_SESSION_MB"
UPLOAD_SERVER_MB_ENV = "ATLAS_UPLOAD_SERVER_MB"
TRUST_FORWARDED_FOR_ENV = "ATLAS_TRUST_FORWARDED_FOR"
CONCURRENT_RUNS_ENV = "ATLAS_CONCURRENT_RUNS"
DATABASE_URL_ENV = "ATLAS_DATABASE_URL"
DATABASE_URL_SECRET = "database_url"
TEST_DATABASE_URL_ENV = "ATLAS_TEST_DATABASE_URL"

STANDARD = "standard"
KIOSK = "kiosk"
DEFAULT_KIOSK_SLIDE_SECONDS = 12.0
DEFAULT_KIOSK_IDLE_SECONDS = 90.0
DEFAULT_KIOSK_PLAYBACK_SECONDS = 20.0
ENTITY_POINT_LIMIT_DEFAULT = 0
DEFAULT_CHROMIUM = "/usr/bin/chromium"
DEFAULT_IMPORT_MEMORY_MB = 1024
DEFAULT_IMPORT_SECONDS = 120.0
DEFAULT_UPLOAD_SESSION_MB = 250
DEFAULT_UPLOAD_SERVER_MB = 500
DEFAULT_CONCURRENT_RUNS = 1

# Client options a kiosk sets for itself: no error details, menu or page list.
KIOSK_CLIENT_OPTIONS = {
    "client.showErrorDetails": "none",
    "client.toolbarMode": "minimal",
    "client.showSidebarNavigation": False,
}


def _text(name: str) -> str:
    """The variable's value without surrounding blanks ('' if unset)."""
    return os.environ.get(name, "").strip()


def data_dir() -> Path | None:
    """The configured dataset folder, or None when ``ATLAS_DATA_DIR`` is unset."""
    configured = _text(DATA_DIR_ENV)
    return Path(configured) if configured else None


def mode() -> str:
    return _text(MODE_ENV).lower() or STANDARD


def is_kiosk() -> bool:
    return mode() == KIOSK


def data_page_enabled() -> bool:
    return not is_kiosk() and _text(ENABLE_DATA_PAGE_ENV) == "1"


def _secret(name: str) -> str | None:
    """A value from ``.streamlit/secrets.toml`` when Streamlit is installed, else None."""
    try:
        import streamlit as st
    except ImportError:
        return None
    try:
        return str(st.secrets[name]).strip() or None
    except (KeyError, FileNotFoundError, st.errors.StreamlitSecretNotFoundError):
        return None


def admin_password_hash() -> str | None:
    """The hash from the environment, else from ``.streamlit/secrets.toml``, else None."""
    if os.environ.get(ADMIN_PASSWORD_HASH_ENV):
        return os.environ[ADMIN_PASSWORD_HASH_ENV].strip()
    return _secret(ADMIN_PASSWORD_HASH_SECRET)


def database_url() -> str | None:
    """The store's database URL from the environment, else the secrets file; None: folder.
    The secrets file is read once per process (the store is chosen at every data access)."""
    return _text(DATABASE_URL_ENV) or _database_url_secret()


@lru_cache(maxsize=1)
def _database_url_secret() -> str | None:
    return _secret(DATABASE_URL_SECRET)


def test_database_url() -> str | None:
    """A scratch database for the tests, or None."""
    return _text(TEST_DATABASE_URL_ENV) or None


def public_url() -> str:
    """The configured public address of the app, without a trailing slash ('' if unset)."""
    return _text(PUBLIC_URL_ENV).rstrip("/")


def positive_seconds(name: str, default: float) -> float:
    """A positive number of seconds from the variable ``name``, else the default."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def kiosk_slide_seconds() -> float:
    return positive_seconds(KIOSK_SLIDE_SECONDS_ENV, DEFAULT_KIOSK_SLIDE_SECONDS)


def kiosk_idle_seconds() -> float:
    return positive_seconds(KIOSK_IDLE_SECONDS_ENV, DEFAULT_KIOSK_IDLE_SECONDS)


def kiosk_playback_seconds() -> float:
    return positive_seconds(KIOSK_PLAYBACK_SECONDS_ENV, DEFAULT_KIOSK_PLAYBACK_SECONDS)


def kiosk_language() -> str:
    """The configured kiosk language code as written ('' if unset), not yet checked."""
    return _text(KIOSK_LANG_ENV)


def entity_point_limit() -> int:
    """Raw market-entity points a view may send at most (0: never; invalid: 0)."""
    raw = _text(ENTITY_POINT_LIMIT_ENV)
    try:
        return max(0, int(raw)) if raw else ENTITY_POINT_LIMIT_DEFAULT
    except ValueError:
        return ENTITY_POINT_LIMIT_DEFAULT


def basemap() -> str:
    """The configured tile source as written ('' if unset), checked in components.basemap."""
    return _text(BASEMAP_ENV)


def tianditu_key() -> str:
    return _text(TIANDITU_KEY_ENV)


def basemap_attribution() -> str:
    return _text(BASEMAP_ATTRIBUTION_ENV)


def audit_user() -> str | None:
    """Who the importer's audit log names by default: ``ATLAS_USER``, else ``USER``."""
    return next((os.environ[name] for name in USER_ENV if os.environ.get(name)), None)


def chromium_path() -> str:
    """The Chromium executable for browser tests and benchmarks."""
    return os.environ.get(CHROMIUM_ENV, DEFAULT_CHROMIUM)


def positive_int(name: str, default: int) -> int:
    """A positive whole number from the variable ``name``, else the default."""
    try:
        value = int(_text(name))
    except ValueError:
        return default
    return value if value > 0 else default


def import_memory_bytes() -> int:
    return positive_int(IMPORT_MEMORY_MB_ENV, DEFAULT_IMPORT_MEMORY_MB) * 1024 * 1024


def import_seconds() -> float:
    return positive_seconds(IMPORT_SECONDS_ENV, DEFAULT_IMPORT_SECONDS)


def upload_session_bytes() -> int:
    return positive_int(UPLOAD_SESSION_MB_ENV, DEFAULT_UPLOAD_SESSION_MB) * 1024 * 1024


def upload_server_bytes() -> int:
    return positive_int(UPLOAD_SERVER_MB_ENV, DEFAULT_UPLOAD_SERVER_MB) * 1024 * 1024


def concurrent_runs() -> int:
    """How many page scripts one server runs at once (components.run_gate)."""
    return positive_int(CONCURRENT_RUNS_ENV, DEFAULT_CONCURRENT_RUNS)


def trust_forwarded_for() -> bool:
    return _text(TRUST_FORWARDED_FOR_ENV) == "1"
