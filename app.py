"""Router and frame: page config, the data banner on every page, and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import settings
from data.loader import dataset_info

APP_TITLE = "创业社区地图"
FAVICON = Path(__file__).parent / "static" / "brand" / "favicon.png"  # local: no icon CDN
PAGES = [
    st.Page(
        "pages/public/overview.py",
        title="总览",
        icon=":material/dashboard:",
        url_path="overview",
        default=True,
    ),
    st.Page("pages/public/map_explorer.py", title="地图", icon=":material/map:", url_path="map"),
    st.Page(
        "pages/public/employment.py",
        title="就业与培训",
        icon=":material/school:",
        url_path="employment",
    ),
    st.Page(
        "pages/public/compare.py",
        title="区县对比",
        icon=":material/compare_arrows:",
        url_path="compare",
    ),
]
ADMIN_PAGES = [
    st.Page(
        "pages/admin/data_admin.py", title="数据管理", icon=":material/database:", url_path="data"
    ),
]

KIOSK_PAGES = [
    st.Page("pages/kiosk/storyboard.py", title="展厅", url_path="kiosk", default=True),
]

st.set_page_config(page_title=APP_TITLE, page_icon=str(FAVICON), layout="wide")

if settings.is_kiosk():
    for option, value in settings.KIOSK_CLIENT_OPTIONS.items():
        st.set_option(option, value)
    page = st.navigation(KIOSK_PAGES, position="hidden")
else:
    page = st.navigation(PAGES + (ADMIN_PAGES if settings.data_page_enabled() else []))

info = dataset_info()
if not settings.is_kiosk():
    with st.sidebar:
        st.markdown(f"### {APP_TITLE}")
        st.caption("乌鲁木齐市创业社区建设三年行动（2022—2024）")
banner = f"数据日期：{info.data_date}"
if info.is_sample:
    st.warning(
        f"**{info.label}** · 本页数字均为虚构的示例数据，仅供演示，不代表官方统计。{banner}",
        icon=":material/science:",
    )
else:
    st.caption(banner)

page.run()
