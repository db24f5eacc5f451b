"""The one way the tests open the app in AppTest: through ``app.py``, like a browser."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import pages

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60


def script_of(page: str) -> str:
    """A page's script from its url_path (``"map"``) or its script path."""
    for entry in pages.all_pages(kiosk=True):
        if page in (entry.url_path, entry.script):
            return entry.script
    raise KeyError(f"no registered page {page!r}")


def open_app(
    page: str | None = None,
    *,
    lang: str | None = None,
    query: dict | None = None,
    state: dict | None = None,
    check: bool = True,
) -> AppTest:
    """Run app.py (the default page), then switch to ``page`` if given.

    ``lang`` and ``query`` go into the URL's query, ``state`` into the session before the
    switch. With ``check``, an exception on the page fails the test at once. Environment
    settings are the caller's (``monkeypatch.setenv``) and must be set before the call."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in {**({"lang": lang} if lang else {}), **(query or {})}.items():
        at.query_params[key] = value
    at.run()
    if page is not None:
        for key, value in (state or {}).items():
            at.session_state[key] = value
        at.switch_page(script_of(page)).run()
    if check:
        assert not at.exception, [e.value for e in at.exception]
    return at
