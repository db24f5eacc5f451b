"""The one way the tests open the app in AppTest (through ``app.py``, like a browser), and the
readers of what it shows: folium maps, plotly charts, text in a language."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

import pages
from components import i18n

APP = str(Path(__file__).resolve().parent.parent / "app.py")
TIMEOUT = 60
ADMIN = "pages/admin/data_admin.py"
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
ISOLATES = str.maketrans("", "", i18n.LTR_START + i18n.ISOLATE_END)


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


# --- Reading what the app shows ----------------------------------------------------


def registered_pages(kiosk: bool = False) -> list[tuple[str, str]]:
    """(script path, url_path) of every page app.py may register; kiosk pages (registered
    only in kiosk mode) are left out unless ``kiosk``."""
    return [(entry.script, entry.url_path) for entry in pages.all_pages(kiosk)]


TEXT_ATTRS = ("label", "value", "body", "placeholder", "help", "options")


def texts(node) -> list[str]:
    """Every string a user reads in the element tree under ``node``."""
    found = []
    for child in getattr(node, "children", {}).values():
        for attr in TEXT_ATTRS:
            try:
                value = getattr(child, attr, None)
            except Exception:  # some elements compute values lazily and may refuse
                continue
            values = value if isinstance(value, list | tuple) else [value]
            found += [v for v in values if isinstance(v, str)]
        found += texts(child)
    return found


def folium_elements(at: AppTest) -> list:
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if type(child).__name__ == "UnknownElement" and "json_args" in str(proto)[:200]:
                found.append(json.loads(proto.json_args))
            walk(child)

    walk(at._tree)
    return found


def open_admin(monkeypatch, lang: str | None = None, **env) -> AppTest:
    """The data page with exactly these deployment settings."""
    for key in ("ATLAS_MODE", "ATLAS_ENABLE_DATA_PAGE", "ATLAS_ADMIN_PASSWORD_HASH"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return open_app(ADMIN, lang=lang, check=False)


def decoded(values) -> list:
    """Plotly sends numeric arrays as {"dtype", "bdata"} (base64); lists pass through."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def _plain(markdown: str) -> str:
    """``**title**`` with its markdown escapes, as the text a reader sees."""
    return MARKDOWN_ESCAPE.sub(r"\1", markdown.strip().removeprefix("**").removesuffix("**"))


def titled_charts(at: AppTest) -> list[tuple[str, dict]]:
    """(title, spec) of every chart on the page, in page order."""
    found: list[tuple[str, dict]] = []

    def walk(node) -> None:
        children = list(getattr(node, "children", {}).values())
        for before, child in zip([None, *children], children, strict=False):
            if getattr(child, "type", None) == "plotly_chart":
                title = before.value if getattr(before, "type", None) == "markdown" else ""
                found.append((_plain(title), json.loads(child.proto.spec)))
            else:
                walk(child)

    walk(at.main)
    return found


def chart(at: AppTest, title_part: str) -> list[dict]:
    """The traces (x, y, name) of the chart whose title contains ``title_part``."""
    for title, spec in titled_charts(at):
        if title_part in title:
            return [
                {"x": decoded(t["x"]), "y": decoded(t["y"]), "name": t.get("name")}
                for t in spec["data"]
            ]
    raise AssertionError(f"no chart titled …{title_part}…")


def plain(text: str) -> str:
    """Text without the left-to-right isolates that Uyghur messages put around numbers."""
    return text.translate(ISOLATES)


def chinese_in(texts) -> list[str]:
    return [text for text in texts if text and CHINESE.search(str(text))]


def without_sample_label(text: str, lang: str) -> str:
    with i18n.using(lang):
        return text.replace(i18n.t("app.sample_label"), "")
