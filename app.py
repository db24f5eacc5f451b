"""Router and frame: language, page config, the data banner on every page, and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import i18n, settings, typography
from components.i18n import t
from data.loader import dataset_info

FAVICON = Path(__file__).parent / "static" / "brand" / "favicon.png"  # local: no icon CDN

lang = i18n.choose_from_url()


# (script, url_path, icon); a page's title is the catalog's page_titles.<url_path>.
PUBLIC_PAGES = [
    ("pages/public/overview.py", "overview", ":material/dashboard:"),
    ("pages/public/map_explorer.py", "map", ":material/map:"),
    ("pages/public/employment.py", "employment", ":material/school:"),
    ("pages/public/compare.py", "compare", ":material/compare_arrows:"),
    ("pages/public/meeting.py", "meeting", ":material/co_present:"),
]
ADMIN_PAGES = [("pages/admin/data_admin.py", "data", ":material/database:")]
KIOSK_PAGES = [("pages/kiosk/storyboard.py", "kiosk", None)]


def pages(entries: list[tuple[str, str, str | None]]) -> list:
    """st.Page objects in the session's language; the first one is the default page."""
    return [
        st.Page(script, title=t(f"page_titles.{url}"), icon=icon, url_path=url, default=i == 0)
        for i, (script, url, icon) in enumerate(entries)
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
    page = st.navigation(pages(KIOSK_PAGES), position="hidden")
else:
    shown = PUBLIC_PAGES + (ADMIN_PAGES if settings.data_page_enabled() else [])
    page = st.navigation(pages(shown))

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
