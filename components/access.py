"""Administrator password: salted PBKDF2 hashes, and the login gate of the data page.

The login form's words come from the catalog (admin.login.*)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

import streamlit as st

from components.i18n import t
from data import settings

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000
HASH_ENV = settings.ADMIN_PASSWORD_HASH_ENV
HASH_SECRET = settings.ADMIN_PASSWORD_HASH_SECRET
LOGIN_KEY = "admin_logged_in"
LOGIN_FORM = "admin_login"
FAILED_KEY = "admin_failed_logins"
FAILURE_DELAY_SECONDS = 1.0
MAX_FAILURES = 5


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


def login_gate() -> bool:
    """Shows the login form until the password is right; True once logged in."""
    if st.session_state.get(LOGIN_KEY):
        return True
    stored = configured_hash()
    if not stored:
        st.error(t("admin.login.no_hash", env=HASH_ENV))
        return False
    failures = st.session_state.get(FAILED_KEY, 0)
    if failures >= MAX_FAILURES:
        st.error(t("admin.login.locked"))
        return False
    with st.form(LOGIN_FORM):
        password = st.text_input(t("admin.login.password"), type="password")
        submitted = st.form_submit_button(t("admin.login.submit"))
    if submitted:
        if verify_password(password, stored):
            st.session_state[LOGIN_KEY] = True
            st.rerun()
        st.session_state[FAILED_KEY] = failures + 1
        time.sleep(FAILURE_DELAY_SECONDS)
        st.error(t("admin.login.wrong"))
    return False
