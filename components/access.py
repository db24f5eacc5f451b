"""Administrator password: salted PBKDF2 hashes, and the login gate of the data page.

The login form's words come from the catalog (admin.login.*)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import secrets
import threading
import time

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import lockout
from components.i18n import t
from data import settings, storage
from data.importer import history
from data.stores import StoreUnavailable

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
HASH_ENV = settings.ADMIN_PASSWORD_HASH_ENV
HASH_SECRET = settings.ADMIN_PASSWORD_HASH_SECRET
LOGIN_KEY = "admin_logged_in"
LOGIN_FORM = "admin_login"
USER_KEY = "admin_user"
FAILURE_DELAY_SECONDS = 1.0
AUDIT_LOGGER = logging.getLogger("streamlit.atlas.audit")  # Streamlit's handler prints it
_logged_in_sessions: set[str] = set()
_sessions_lock = threading.Lock()


def hash_password(password: str, salt: str | None = None, iterations: int = ITERATIONS) -> str:
    """``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``."""
    salt = salt or secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), bytes.fromhex(salt), iterations
    )
    return f"{ALGORITHM}${iterations}${salt}${digest.hex()}"


def verify_password(password: str, stored: str | None) -> bool:
    """True when ``password`` matches ``stored``; False for a missing or malformed hash."""
    try:
        algorithm, iterations, salt, expected = (stored or "").split("$")
        if algorithm != ALGORITHM:
            return False
        actual = hash_password(password, salt, int(iterations)).rsplit("$", 1)[1]
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def configured_hash() -> str | None:
    """The hash from the environment, else from ``.streamlit/secrets.toml``."""
    return settings.admin_password_hash()


def client_address() -> str:
    """The browser's address: the proxy's X-Forwarded-For (its last entry, the one the
    proxy wrote) when the deployment trusts it, else the connection's; "local" on the
    loopback."""
    if settings.trust_forwarded_for():
        forwarded = st.context.headers.get("X-Forwarded-For", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"


def _record(action: str, address: str, user: str) -> None:
    """One audit line per login event: in the store's audit log (audit.log of the data
    folder, or the database's) and in the server log."""
    entry = {
        "time": storage.utc_now().isoformat(timespec="seconds"),
        "action": action,
        "user": user,
        "address": address,
    }
    AUDIT_LOGGER.warning(json.dumps(entry, ensure_ascii=False))
    try:
        history.record(entry)
    except (OSError, StoreUnavailable) as error:  # the server log above keeps the line
        AUDIT_LOGGER.log(logging.ERROR, "the audit entry could not be stored: %s", error)


def _session_id() -> str | None:
    context = get_script_run_ctx()
    return context.session_id if context else None


def is_logged_in_session(session_id: str) -> bool:
    """True when the app session ``session_id`` has logged in (the upload gate asks)."""
    with _sessions_lock:
        return session_id in _logged_in_sessions


def logged_in_user() -> str | None:
    """Who logged in in this session (for the audit log), None before a login."""
    return st.session_state.get(USER_KEY) if st.session_state.get(LOGIN_KEY) else None


def _show_locked(wait: float) -> None:
    st.error(t("admin.login.locked", minutes=max(1, math.ceil(wait / 60))))


def login_gate() -> bool:
    """Shows the login form until the password is right; True once logged in.

    Failures count per client address for the whole server (lockout.LOGINS), so a reload
    or a new browser gets no fresh tries; every attempt is audited."""
    if st.session_state.get(LOGIN_KEY):
        return True
    stored = configured_hash()
    if not stored:
        st.error(t("admin.login.no_hash", env=HASH_ENV))
        return False
    address = client_address()
    wait = lockout.LOGINS.wait_seconds(address)
    if wait > 0:
        _show_locked(wait)
        return False
    with st.form(LOGIN_FORM):
        user = st.text_input(t("admin.login.user"), max_chars=40, key="admin_login_user")
        password = st.text_input(
            t("admin.login.password"), type="password", key="admin_login_password"
        )
        submitted = st.form_submit_button(t("admin.login.submit"))
    if not submitted:
        return False
    user = " ".join(user.split())
    if not user:
        st.error(t("admin.login.need_user"))
        return False
    if verify_password(password, stored):
        lockout.LOGINS.succeeded(address)
        _record("login_ok", address, user)
        with _sessions_lock:
            _logged_in_sessions.add(_session_id() or "")
        st.session_state[LOGIN_KEY] = True
        st.session_state[USER_KEY] = user
        st.rerun()
    lockout.LOGINS.failed(address)
    _record("login_failed", address, user)
    time.sleep(FAILURE_DELAY_SECONDS)
    wait = lockout.LOGINS.wait_seconds(address)
    if wait > 0:
        _record("login_locked", address, user)
        _show_locked(wait)
    else:
        st.error(t("admin.login.wrong"))
    return False
