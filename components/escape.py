"""The one escaping helper for text from data (DESIGN.md §5).

folium tooltips, popups, layer names and aliases execute HTML and ``${…}``; plotly
renders a subset of HTML. Every data string bound for either goes through here.
"""

from __future__ import annotations

import html
import re

_FOLIUM_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def for_folium(value: object) -> str:
    """Text safe inside folium/Leaflet HTML and JS template literals."""
    return html.escape(str(value), quote=True).translate(_FOLIUM_EXTRA)


def from_folium(text: str) -> str:
    """The text ``for_folium`` was given, from what it returned: a value read back from the
    map (a clicked feature's id) compares equal to the data again."""
    return html.unescape(text)


def for_plotly(value: object) -> str:
    """Text safe in plotly labels, hover text and titles."""
    return html.escape(str(value), quote=False)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def for_markdown(value: object) -> str:
    """Text shown literally by ``st.markdown``, headers and captions (no links, emphasis,
    colour directives, emoji codes or formulas from data)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value))
