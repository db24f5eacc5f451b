"""Page layout CSS (static, no data in it): a compact top with a one-line data banner on
every page, and map-first pages whose main map fills the height the screen has left.

The main map of a page sits in ``st.container(key=MAIN_MAP_KEY)``; its iframe follows the
viewport (the map inside follows its iframe: ``components.screen.fill_frame``). On a phone
the main map comes first under a one-line header and the filters move below it.
"""

from __future__ import annotations

BANNER_KEY = "atlas_banner"
MAIN_MAP_KEY = "atlas_main_map"
CRUMBS_KEY = "atlas_crumbs"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

# Every page: the data banner (示例数据 and the data date) as one compact line.
FRAME_CSS = f"""
<style>
.st-key-{BANNER_KEY} [data-testid="stAlertContainer"] {{padding: 0.35rem 0.9rem;}}
.st-key-{BANNER_KEY} [data-testid="stAlertContainer"] p {{font-size: 0.9rem;}}
@media (max-width: 640px) {{
  .st-key-{BANNER_KEY} [data-testid="stAlertContainer"] p {{white-space: nowrap;
    overflow: hidden; text-overflow: ellipsis; font-size: 0.8rem;}}
}}
</style>
"""


def map_page_css(map_top_px: int) -> str:
    """CSS of a map-first page whose main map starts about ``map_top_px`` below the top of
    a desktop screen: the map takes the rest of the screen (at least 360 px)."""
    return f"""
<style>
.block-container {{padding-top: 3.2rem; padding-bottom: 1rem;}}
[data-testid="stMain"] h1 {{font-size: 2rem; padding: 0 0 0.25rem 0;}}
.st-key-{MAIN_MAP_KEY} {MAP_FRAME} {{height: max(360px, calc(100vh - {map_top_px}px))
  !important;}}
.st-key-{CRUMBS_KEY} [data-testid="stHorizontalBlock"] {{flex-wrap: nowrap; gap: 0.5rem;}}
.st-key-{CRUMBS_KEY} [data-testid="stColumn"] {{width: auto; flex: 0 0 auto; min-width: 0;}}
@media (max-width: 640px) {{
  .block-container {{padding-top: 3.6rem; padding-left: 0.75rem; padding-right: 0.75rem;}}
  [data-testid="stMain"] h1 {{font-size: 1.35rem; padding: 0;}}
  .st-key-{MAIN_MAP_KEY} {MAP_FRAME} {{height: 62vh !important;}}
  .st-key-{MAIN_MAP_KEY} [data-testid="stElementContainer"]:has({MAP_FRAME}) {{order: -1;}}
  .st-key-{CRUMBS_KEY} button {{min-height: 2rem; padding: 0.1rem 0.6rem;}}
}}
/* The layer chips wrap onto a second line instead of scrolling out of their column. */
.st-key-{MAIN_MAP_KEY} [data-testid="stButtonGroup"] div {{flex-wrap: wrap !important;
  overflow: visible !important;}}
</style>
"""
