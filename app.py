"""Router and frame: language, page config, the data banner on every page, and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import i18n, settings, typography
from components.i18n import t
from data.loader import dataset_info

FAVICON = Path(__file__).parent / "static" / "brand" / "favicon.png"  # local: no icon CDN

lang = i18n.choose_from_url()


def public_pages() -> list:
    return [
        st.Page(
            "pages/public/overview.py",
            title=t("page_titles.overview"),
            icon=":material/dashboard:",
            url_path="overview",
            default=True,
        ),
        st.Page(
            "pages/public/map_explorer.py",
            title=t("page_titles.map"),
            icon=":material/map:",
            url_path="map",
        ),
        st.Page(
            "pages/public/employment.py",
            title=t("page_titles.employment"),
            icon=":material/school:",
            url_path="employment",
        ),
        st.Page(
            "pages/public/compare.py",
            title=t("page_titles.compare"),
            icon=":material/compare_arrows:",
            url_path="compare",
        ),
        st.Page(
            "pages/public/meeting.py",
            title=t("page_titles.meeting"),
            icon=":material/co_present:",
            url_path="meeting",
        ),
    ]


def admin_pages() -> list:
    return [
        st.Page(
            "pages/admin/data_admin.py",
            title=t("page_titles.data"),
            icon=":material/database:",
            url_path="data",
        ),
    ]


def kiosk_pages() -> list:
    return [
        st.Page(
            "pages/kiosk/storyboard.py",
            title=t("page_titles.kiosk"),
            url_path="kiosk",
            default=True,
        ),
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


st.set_page_config(page_title=t("app.title"), page_icon=str(FAVICON), layout="wide")
st.html(typography.page_css(lang))  # static CSS: fonts and text direction

if settings.is_kiosk():
    for option, value in settings.KIOSK_CLIENT_OPTIONS.items():
        st.set_option(option, value)
    page = st.navigation(kiosk_pages(), position="hidden")
else:
    pages = public_pages() + (admin_pages() if settings.data_page_enabled() else [])
    page = st.navigation(pages)

info = dataset_info()
if not settings.is_kiosk():
    with st.sidebar:
        st.markdown(f"### {t('app.title')}")
        st.caption(t("app.program"))
        language_switcher()
date_line = t("app.data_date", date=info.data_date or t("app.date_unknown"))
if info.is_sample:
    st.warning(
        t("app.sample_banner", label=t("app.sample_label"), date_line=date_line),
        icon=":material/science:",
    )
else:
    st.caption(date_line)

page.run()
