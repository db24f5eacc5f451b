"""Fonts and text direction: the page frame's CSS, the font stacks for charts, maps and
printed files, and the font embedded in printed files.

The Uyghur font is the vendored Noto Sans Arabic (static/vendor/noto-sans-arabic, OFL),
declared for Streamlit in .streamlit/config.toml and here for map iframes. The CSS is
static text: no data goes into it.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

from components import i18n

FONT_FAMILY = "atlas-arabic"
FONT_URL = "/app/static/vendor/noto-sans-arabic/noto-sans-arabic-arabic-{weight}-normal.woff2"
ARABIC_RANGE = (
    "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+200C-200E, U+2010-2011, U+FB50-FDFF, U+FE70-FEFF"
)
# Charts and maps: Arabic script from the vendored font, Chinese from the system's CJK font.
FONT_STACK = (
    f'{FONT_FAMILY}, "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", '
    '"Source Sans Pro", sans-serif'
)

# Printed files (the district brief): Arabic script from the embedded font (or an installed
# Uyghur font), Chinese from the system's CJK fonts.
PRINT_FONT_STACK = (
    f'{FONT_FAMILY}, "Noto Sans Arabic", "UKIJ Tuz Tom", "Microsoft Uighur", '
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", sans-serif'
)
FONT_WEIGHTS = (400, 700)
# Text that needs the Arabic-script font.
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
ROOT = Path(__file__).resolve().parent.parent

FONT_FACES = "".join(
    f"@font-face {{font-family: {FONT_FAMILY}; font-weight: {weight}; font-display: swap; "
    f"src: url({FONT_URL.format(weight=weight)}) format('woff2'); "
    f"unicode-range: {ARABIC_RANGE};}}\n"
    for weight in FONT_WEIGHTS
)

# Right to left for the page's text; maps, charts, tables and numbers keep left to right.
RTL_CSS = """
[data-testid="stMain"] .block-container, [data-testid="stSidebarContent"] {direction: rtl;}
[data-testid="stMain"] .block-container p, [data-testid="stMain"] h1,
[data-testid="stMain"] h2, [data-testid="stMain"] h3, [data-testid="stMain"] h4,
[data-testid="stCaptionContainer"], [data-testid="stWidgetLabel"] {text-align: right;}
iframe, .js-plotly-plot, [data-testid="stDataFrame"], [data-testid="stTable"]
  {direction: ltr;}
/* plotly measures label widths in its own element at the end of the body: measured right
   to left, the axis labels of a chart get too little margin and are cut. */
#js-plotly-tester {direction: ltr;}
[data-testid="stMetricValue"], [data-testid="stMetricDelta"] {unicode-bidi: plaintext;}
[data-testid="stMetricValue"] {text-align: right;}
/* Right to left (dir on the html element), Streamlit's sidebar sits on the right but still
   slides out to the left when collapsed, across the page (a strip over a phone's page).
   It slides out to the right. (No angle brackets in this CSS: a style element holding
   tag-like text is dropped by the page's HTML sanitiser.) */
html[dir="rtl"] [data-testid="stSidebar"][data-collapsed="true"]
  {transform: translateX(100vw) !important;}
html[dir="rtl"] [data-testid="stSidebarCollapseButton"] [data-testid="stIconMaterial"],
html[dir="rtl"] [data-testid="stExpandSidebarButton"] [data-testid="stIconMaterial"]
  {display: inline-block; transform: scaleX(-1);}
"""

# Every language: a metric's label, value (a district name may be one) and change wrap
# instead of being cut off.
METRIC_CSS = """
[data-testid="stMetricLabel"] p, [data-testid="stMetricDelta"], [data-testid="stMetricDelta"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *
  {white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
[data-testid="stMetricLabel"] p {line-height: 1.4;}
"""


def page_css(lang: str) -> str:
    """A <style> block for the page frame in ``lang``."""
    rtl = RTL_CSS if i18n.is_rtl(lang) else ""
    return f"<style>\n{FONT_FACES}{METRIC_CSS}{rtl}</style>"


def map_css() -> str:
    """A <style> block for a folium map's own document (its iframe)."""
    return f"<style>\n{FONT_FACES}.leaflet-container {{font-family: {FONT_STACK};}}\n</style>"


@cache
def _font_data(weight: int) -> str:
    """The vendored Arabic-script font of one weight, base64 (the file the app serves)."""
    path = ROOT / FONT_URL.removeprefix("/app/").format(weight=weight)
    return base64.b64encode(path.read_bytes()).decode("ascii")


def embedded_font_faces() -> str:
    """@font-face rules embedding the vendored Arabic-script font as data: URIs, for files
    that are saved and printed away from the app (its font URL resolves only inside it)."""
    return "".join(
        f"@font-face {{font-family: {FONT_FAMILY}; font-weight: {weight}; "
        f"src: url(data:font/woff2;base64,{_font_data(weight)}) format('woff2'); "
        f"unicode-range: {ARABIC_RANGE};}}\n"
        for weight in FONT_WEIGHTS
    )
