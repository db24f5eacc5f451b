"""The database store being unreachable: one friendly paragraph in the session's language
on the page (never a traceback, an address or a password), the details in the server
log, and a quiet retry that reloads the page once the database answers again."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import streamlit as st

from components.i18n import t
from data import stores

P = ParamSpec("P")
R = TypeVar("R")
RETRY_SECONDS = 5.0
LOGGER = logging.getLogger("streamlit.atlas.store")  # Streamlit's handler prints it


def log_unavailable(error: stores.StoreUnavailable) -> None:
    """One log line: our text (the database named, password masked) and the driver's."""
    cause = error.__cause__
    detail = f" ({' '.join(str(cause).split())})" if cause is not None else ""
    LOGGER.log(logging.ERROR, "data store unavailable: %s%s", error, detail)


@contextmanager
def stop_when_unreachable() -> Iterator[None]:
    """Runs the block; when the store cannot be reached, shows the message and stops the
    run (a fragment's rerun stops that fragment only)."""
    try:
        yield
    except stores.StoreUnavailable as error:
        log_unavailable(error)
        st.error(t("app.store_unavailable"), icon=":material/cloud_off:")
        retry_until_reachable()
        st.stop()


def stops_when_unreachable(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run inside ``stop_when_unreachable`` (for a fragment, which reruns alone)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with stop_when_unreachable():
            return func(*args, **kwargs)

    return run


def reachable() -> bool:
    try:
        stores.served_dir()
    except stores.StoreUnavailable:
        return False
    return True


@st.fragment(run_every=RETRY_SECONDS)
def retry_until_reachable() -> None:
    """Asks the store again every few seconds; once it answers, the whole page runs again."""
    if reachable():
        st.rerun(scope="app")
