"""The page frame's pieces that concern the whole document: the ``<html lang dir>`` of
the session's language, and a request for a page the deployment does not register.

Streamlit answers an unknown URL path with its own English-only "Page not found" dialog.
``claim_unknown_page`` runs before ``st.navigation``: it clears the request for an unknown
path, so Streamlit opens the default page without that dialog, and the caller shows the
notice in the session's language instead.
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components import i18n


def html_lang_script(lang: str) -> str:
    """A script that sets ``<html lang dir>`` for ``lang`` (static text: no data in it).

    Right to left, Streamlit's collapsed sidebar would slide the wrong way; the page CSS
    mirrors it (``typography.RTL_CSS``)."""
    direction = "rtl" if i18n.is_rtl(lang) else "ltr"
    code = i18n.valid(lang) or i18n.DEFAULT_LANG
    return (
        "<script>(() => {const doc = document.documentElement;"
        f' doc.lang = "{code}"; doc.dir = "{direction}";}})();</script>'
    )


def set_document_language(lang: str) -> None:
    st.html(html_lang_script(lang), unsafe_allow_javascript=True)


def requested_path() -> str:
    """The URL path this run was asked for ("" for the default page)."""
    ctx = get_script_run_ctx()
    return (ctx.pages_manager.intended_page_name or "") if ctx else ""


def claim_unknown_page(url_paths: set[str]) -> bool:
    """True when this run asks for a path outside ``url_paths``; the request is then
    cleared, so ``st.navigation`` opens the default page without Streamlit's dialog.

    On a freshly started server the very first run goes through Streamlit's old
    ``pages/`` mode, which has already answered an unknown path with its dialog before
    ``app.py`` runs; ``first_run_in_pages_mode`` tells the caller so."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return False
    wanted = ctx.pages_manager.intended_page_name or ""
    if wanted in url_paths or not wanted:
        return False
    ctx.pages_manager.set_script_intent("", "")
    return True


def first_run_in_pages_mode() -> bool:
    """True while Streamlit runs ``app.py`` through its old ``pages/`` discovery (only the
    first run after a server start, until ``st.navigation`` has run once)."""
    return bool(PagesManager.uses_pages_directory)


# Streamlit's own dialog for an unknown page, answered in pages/ mode before app.py ran:
# close it (its title is Streamlit's fixed English text), the page shows its own notice.
CLOSE_STREAMLIT_NOT_FOUND = """<script>
(() => {
  const doc = window.parent.document === document ? document : window.parent.document;
  const close = () => {
    for (const dialog of doc.querySelectorAll('[role="dialog"]')) {
      if (!dialog.textContent.includes("Page not found")) continue;
      const button = dialog.querySelector('button[aria-label="Close"]');
      if (button) { button.click(); return true; }
    }
    return false;
  };
  let tries = 0;
  const timer = setInterval(() => { if (close() || ++tries > 50) clearInterval(timer); }, 100);
})();
</script>"""


def close_streamlit_not_found() -> None:
    st.html(CLOSE_STREAMLIT_NOT_FOUND, unsafe_allow_javascript=True)
