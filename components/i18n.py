"""Message catalogs and the session's language: 中文 (default), ئۇيغۇرچە and English.

Catalogs live in ``components/locales/<lang>/*.toml``; nested tables become dotted keys
(``[overview] title = …`` is ``overview.title``). Every language has exactly the keys
and ``{placeholders}`` of zh, which tests/test_i18n.py checks.

The language comes from ``?lang=`` in the URL, else the session, else zh. Uyghur is
written right to left; numbers passed into a message are isolated so they stay left to
right inside it, and so are numbers written in a right-to-left catalog.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

LOCALES_DIR = Path(__file__).parent / "locales"
LANGS = ("zh", "ug", "en")
DEFAULT_LANG = "zh"
RTL_LANGS = frozenset({"ug"})
SESSION_KEY = "atlas_lang"
URL_PARAM = "lang"
# Unicode directional isolates (U+2066..U+2069), defined here once: a run between a start
# and ISOLATE_END keeps its own direction inside the text around it.
LTR_START = "\u2066"  # LEFT-TO-RIGHT ISOLATE
RTL_START = "\u2067"  # RIGHT-TO-LEFT ISOLATE
FIRST_STRONG = "\u2068"  # FIRST STRONG ISOLATE: the direction of the run's first letter
ISOLATE_END = "\u2069"  # POP DIRECTIONAL ISOLATE
ISOLATES = LTR_START + RTL_START + FIRST_STRONG + ISOLATE_END

# A number with its sign and the separators inside it (2022–2024, 10 – 20, +5.0%), or a
# quarter label (2022Q1—2024Q4): one left-to-right unit inside right-to-left text. Not a
# digit of a Latin code (A4, GCJ-02) or of a {placeholder}.
NUMBER_RUN = re.compile(
    r"(?<![A-Za-z_{\-\d.])[+\-\u2212]?\d"
    r"(?:(?:[\d,.:/%\u2013\u2014-]|Q(?=\d)| [\u2013\u2014-] )*\d)?%?"
)

# A Latin token (.streamlit/secrets.toml, PageDown, GCJ-02) keeps its own order too.
LATIN_RUN = re.compile(r"(?<![\w{.])\.?[A-Za-z][A-Za-z0-9_./\-]*[A-Za-z0-9_]")

_forced: ContextVar[str | None] = ContextVar("atlas_forced_lang", default=None)


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every message of one language, by dotted key."""
    messages: dict[str, str] = {}
    for path in sorted((LOCALES_DIR / lang).glob("*.toml")):
        with path.open("rb") as handle:
            flat = _flatten(tomllib.load(handle))
        clash = messages.keys() & flat.keys()
        if clash:
            raise ValueError(f"{path}: keys defined twice: {sorted(clash)}")
        messages.update(flat)
    if lang in RTL_LANGS:
        messages = {key: _isolate_ltr_runs(text) for key, text in messages.items()}
    return messages


def _isolate_ltr_runs(text: str) -> str:
    return NUMBER_RUN.sub(_isolate, LATIN_RUN.sub(_isolate, text))


def _isolate(match: re.Match) -> str:
    return f"{LTR_START}{match.group(0)}{ISOLATE_END}"


def valid(lang: object) -> str | None:
    """The language code if it is one we speak, else None."""
    return lang if isinstance(lang, str) and lang in LANGS else None


def current() -> str:
    """The language of this run: forced (tests, caches), the session's, or zh."""
    forced = _forced.get()
    if forced:
        return forced
    if get_script_run_ctx(suppress_warning=True) is not None:
        return valid(st.session_state.get(SESSION_KEY)) or DEFAULT_LANG
    return DEFAULT_LANG


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Render in ``lang`` inside the block (builders and tests)."""
    token = _forced.set(valid(lang) or DEFAULT_LANG)
    try:
        yield
    finally:
        _forced.reset(token)


T = TypeVar("T")


def in_this_language(func: Callable[[T], str]) -> Callable[[T], str]:
    """``func`` fixed to the language of this run, for a widget's ``format_func``: AppTest
    calls it again outside the script run, where the session's language is unknown."""
    lang = current()

    def formatted(value: T) -> str:
        with using(lang):
            return func(value)

    return formatted


def is_rtl(lang: str | None = None) -> bool:
    return (lang or current()) in RTL_LANGS


def keep_ltr(text: object, lang: str | None = None) -> str:
    """Text whose numbers are isolated left to right when the language is right to left
    (words around them keep their right-to-left order)."""
    text = str(text)
    if not is_rtl(lang) or LTR_START in text:
        return text
    return NUMBER_RUN.sub(_isolate, text)


def phrase(text: str) -> str:
    """A translated phrase to put into a message as a value. In a right-to-left language
    it is isolated right to left, so that it keeps its word order: ``t()`` isolates a
    value holding digits left to right, which would turn "2023-يىلى 2-پەسىل" around."""
    return f"{RTL_START}{text}{ISOLATE_END}" if is_rtl() else text


def as_entered(text: str) -> str:
    """A data value (a document title, an outlet) isolated in right-to-left text, so that
    Chinese inside Uyghur keeps its own order and the punctuation around it stays with the
    Uyghur text."""
    return f"{FIRST_STRONG}{text}{ISOLATE_END}" if is_rtl() else text


def t(key: str, /, **values: object) -> str:
    """The message ``key`` in the current language, with ``values`` filled in."""
    lang = current()
    text = catalog(lang).get(key)
    if text is None:
        text = catalog(DEFAULT_LANG)[key]  # a missing key is a bug; tests catch it
    if not values:
        return text
    return text.format(**{name: keep_ltr(value, lang) for name, value in values.items()})


def term(table: str, code: object) -> str:
    """A reference term (community type, base kind, indicator, district …) by its code."""
    return t(f"{table}.{code}")


def native_name(lang: str) -> str:
    """A language's name written in that language (for the switcher)."""
    return catalog(lang)["language.native"]


def choose_from_url() -> str:
    """Take ``?lang=`` into the session, then keep the URL showing the session's language."""
    requested = valid(st.query_params.get(URL_PARAM))
    if requested:
        st.session_state[SESSION_KEY] = requested
    lang = current()
    wanted = None if lang == DEFAULT_LANG else lang
    if st.query_params.get(URL_PARAM) != wanted:
        if wanted is None:
            del st.query_params[URL_PARAM]
        else:
            st.query_params[URL_PARAM] = wanted
    return lang


def set_language(lang: str) -> None:
    """Switch the session (a widget callback): the URL follows on the rerun."""
    if valid(lang):
        st.session_state[SESSION_KEY] = lang
        if lang == DEFAULT_LANG:
            st.query_params.pop(URL_PARAM, None)
        else:
            st.query_params[URL_PARAM] = lang


def url_params(lang: str | None = None) -> dict[str, str]:
    """The query parameters that carry the language (none for zh)."""
    lang = lang or current()
    return {} if lang == DEFAULT_LANG else {URL_PARAM: lang}
