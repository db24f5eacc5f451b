"""A Leaflet legend control drawn from (colour, label) pairs, escaped."""

from __future__ import annotations

import re

import folium
from branca.element import MacroElement, Template

from components.escape import for_folium

_COLOR = re.compile(r"^#[0-9a-fA-F]{3,8}$")


class Legend(MacroElement):
    """Bottom-right legend with a title and coloured dots; text is escaped."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: "{{ this.position }}"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "atlas-legend");
                div.innerHTML = {{ this.html|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, items: list[tuple[str, str]], position: str = "bottomright"):
        super().__init__()
        self._name = "Legend"
        self.position = position
        rows = []
        for color, text in items:
            if not _COLOR.match(color):
                raise ValueError(f"not a hex colour: {color!r}")
            rows.append(
                f'<div class="atlas-legend-row"><span class="atlas-legend-dot" '
                f'style="background:{color}"></span>{for_folium(text)}</div>'
            )
        self.html = f'<div class="atlas-legend-title">{for_folium(title)}</div>' + "".join(rows)


LEGEND_CSS = """
<style>
.atlas-legend {background: rgba(255,255,255,0.92); padding: 8px 12px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-size: 14px; line-height: 1.5;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;}
.atlas-legend-title {font-weight: 700; margin-bottom: 4px;}
.atlas-legend-dot {display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  margin-right: 6px; vertical-align: -1px; border: 1px solid #555;}
.atlas-district-label {font-size: 15px; font-weight: 700; color: #1f2d3d; white-space: nowrap;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif;}
.leaflet-tooltip {font-size: 14px;}
</style>
"""


def add_map_styles(m: folium.Map) -> None:
    """Static CSS for legends and labels (no data in it)."""
    m.get_root().header.add_child(folium.Element(LEGEND_CSS))
