"""Leaflet scripts kept in ``.js`` files next to this module, and the map element that
runs one.

Each file holds one named function whose last parameter is the map (or layer group) it
draws on. ``MapScript`` adds ``(<function>)(<arguments>, <map>);`` to the map's script:
the arguments are serialized as HTML-safe JSON (like Jinja's ``tojson``), and the text
is used as it is, by st_folium and by a figure alike, never compiled as a Jinja template
(branca would otherwise do that, data and all). Every data string in the arguments must
already have passed through ``for_folium``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from branca.element import Element, MacroElement, Template
from jinja2.utils import htmlsafe_json_dumps

COORD_DECIMALS = 5  # coordinates sent to the browser: about 1 m


@cache
def js_source(file_name: str) -> str:
    """The text of ``components/<file_name>``, read once."""
    return Path(__file__).with_name(file_name).read_text(encoding="utf-8").strip()


class _RawScript(Element):
    """Script text already rendered, added to the figure as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class MapScript(MacroElement):
    """Calls the function in ``js_file`` with ``arguments()`` (JSON) and the parent map.

    Subclasses name their file and return their arguments, read when the map is rendered.
    """

    js_file: str
    # st_folium reads each element's script from this macro; a figure renders ``render``.
    _template = Template("{% macro script(this, kwargs) %}{{ this.call_text() }}{% endmacro %}")

    def arguments(self) -> tuple:
        return ()

    def call_text(self) -> str:
        values = [htmlsafe_json_dumps(value) for value in self.arguments()]
        values.append(self._parent.get_name())
        return f"({js_source(self.js_file)})({', '.join(values)});"

    def render(self, **kwargs) -> None:
        self.get_root().script.add_child(_RawScript(self.call_text()), name=self.get_name())
