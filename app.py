"""Router and frame: language, page config, the data banner on every page, and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import frame, i18n, layout, run_gate, store_status, typography
from components.i18n import t
from data import settings
from data.loader import dataset_info
from pages import ADMIN_PAGES, KIOSK_PAGES, PUBLIC_PAGES, PageEntry

FAVICON = Path(__file__).parent / "static" / "brand" / "favicon.png"  # local: no icon CDN

lang = i18n.choose_from_url()


def navigation_pages(entries: tuple[PageEntry, ...]) -> list:
    """st.Page objects in the session's language; the first one is the default page."""
    return [
        st.Page(
            entry.script,
            title=t(f"page_titles.{entry.url_path}"),
            icon=entry.icon,
            url_path=entry.url_path,
            default=i == 0,
        )
        for i, entry in enumerate(entries)
    ]


def language_switcher() -> None:
    st.session_state["atlas_lang_switch"] = lang
    st.segmented_control(
        t("language.label"),
        i18n.LANGS,
        format_func=i18n.native_name,
        key="atlas_lang_switch",
        on_change=lambda: i18n.set_language(st.session_state["atlas_lang_switch"] or lang),
    )


# Scripts run a few at a time, in arrival order (components.run_gate).
with run_gate.RunSlot(settings.concurrent_runs()) as slot:
    st.set_page_config(page_title=t("app.title"), page_icon=str(FAVICON), layout="wide")
    st.html(typography.page_css(lang))  # static CSS: fonts and text direction
    frame.set_document_language(lang)
    st.html(layout.FRAME_CSS)  # static CSS: a compact top and one-line data banner

    shown = (
        KIOSK_PAGES
        if settings.is_kiosk()
        else PUBLIC_PAGES + (ADMIN_PAGES if settings.data_page_enabled() else ())
    )
    answered_in_pages_mode = frame.first_run_in_pages_mode()
    unknown_page = frame.claim_unknown_page({entry.url_path for entry in shown})
    if settings.is_kiosk():
        for option, value in settings.KIOSK_CLIENT_OPTIONS.items():
            st.set_option(option, value)
        page = st.navigation(navigation_pages(shown), position="hidden")
    else:
        page = st.navigation(navigation_pages(shown))
    opened = {e.url_path: e for e in shown}.get(page.url_path, shown[0])  # "": the default
    st.set_page_config(initial_sidebar_state=opened.sidebar)  # the page's own sidebar start
    if page.url_path in {entry.url_path for entry in ADMIN_PAGES}:
        slot.leave()  # the data page waits for import workers: it must not hold viewers up
    if unknown_page and answered_in_pages_mode:
        frame.close_streamlit_not_found()

    if not settings.is_kiosk():
        with st.sidebar:
            st.markdown(f"### {t('app.title')}")
            st.caption(t("app.program"))
            language_switcher()
    with store_status.stop_when_unreachable():  # a database store that is down: say so, retry
        info = dataset_info()
    date_line = t("app.data_date", date=info.data_date or t("app.date_unknown"))
    with st.container(key=layout.BANNER_KEY):  # one compact line (components.layout)
        if info.is_sample:
            st.warning(
                t("app.sample_banner", label=t("app.sample_label"), date_line=date_line),
                icon=":material/science:",
            )
        else:
            st.caption(date_line)
    if unknown_page and not settings.is_kiosk():  # a kiosk simply plays its loop
        st.info(t("app.page_not_found", page=t(f"page_titles.{shown[0].url_path}")),
                icon=":material/explore_off:")  # fmt: skip

    with store_status.stop_when_unreachable():
        page.run()
