"""Page layout (static CSS, no data in it): a compact top with a one-line data banner on
every page, and map-first pages whose main map fills the height the screen has left.

The main map of a page sits in ``st.container(key=MAIN_MAP_KEY)``. A small script in the
page (``main_map_fit.js``) measures where that map starts and sizes its iframe down to the
foot of the screen; the map inside follows its iframe (``components.screen.fill_frame``).
On a phone the main map comes first under a one-line header and the filters move below it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

BANNER_KEY = "atlas_banner"
MAIN_MAP_KEY = "atlas_main_map"
CRUMBS_KEY = "atlas_crumbs"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
FIT_KEY = "atlas_main_map_fit"
FIT_COMPONENT = "atlas_main_map_fit"
FIT_SCRIPT = (Path(__file__).parent / "main_map_fit.js").read_text(encoding="utf-8")
MAP_HEIGHT_VAR = "--atlas-main-map"  # the main map's height, set by main_map_fit.js
MAP_FOOT_PX = 16  # the main map ends this far above the foot of the screen
MAP_MIN_PX = 360  # and is never lower than this

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


# A map-first page. Until the script has measured the map's top, the map assumes a top
# of 300 px. The script's own element takes no room.
MAP_PAGE_CSS = f"""
<style>
.block-container {{padding-top: 3.2rem; padding-bottom: 1rem;}}
[data-testid="stMain"] h1 {{font-size: 2rem; padding: 0 0 0.25rem 0;}}
.st-key-{FIT_KEY} {{display: none;}}
.st-key-{MAIN_MAP_KEY} {MAP_FRAME} {{height: var({MAP_HEIGHT_VAR},
  max({MAP_MIN_PX}px, calc(100vh - 300px))) !important;}}
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


def map_first_page() -> None:
    """Make this page map-first: its CSS, and the script that fits its main map (the one
    in ``st.container(key=MAIN_MAP_KEY)``) to the foot of the screen."""
    st.html(MAP_PAGE_CSS)
    fit = st.components.v2.component(FIT_COMPONENT, js=FIT_SCRIPT)  # same each run
    fit(
        key=FIT_KEY,
        data={
            "selector": f".st-key-{MAIN_MAP_KEY} {MAP_FRAME}",
            "variable": MAP_HEIGHT_VAR,
            "footPx": MAP_FOOT_PX,
            "minMapPx": MAP_MIN_PX,
        },
    )
