"""The playback map: the three program years quarter by quarter on the Urumqi map.

The server builds one map with every community and base and the first quarter's colours,
and sends the twelve quarters' values once (``PlaybackControl``). ``playback.js`` then
plays them in the map's own frame: it recolours the districts, shows each community and
base from the year it was recognised, counts the headline figures up and moves the date
line, with no script rerun and no map reload. The legend's classes are the run's, fixed
for every quarter. Every text is in the current language and escaped (``for_folium``).
"""

from __future__ import annotations

import itertools

import folium
import pandas as pd

from components import i18n, typography
from components.escape import for_folium
from components.i18n import t, term
from components.labels import period_label
from components.map_scripts import MapScript
from components.maps import DensityView, choropleth_colors, urumqi_map
from components.palettes import CHOROPLETH_COLORS
from components.view_map import ViewValues, build_view_map, legend_number
from data import reference
from data.loader import Datasets
from geo import playback as plays
from geo.choropleth import PER_10K
from geo.playback import Playback
from geo.program import PROGRAM_QUARTERS
from geo.view import View

# urumqi_map's district tooltip fields: communities, bases, then the choropleth's value.
VALUE_FIELD = "field2"
# In the kiosk the loop's play button shows only while the loop is paused: the playback
# holds while it is there (a touch pauses every slide, this one too).
KIOSK_PAUSED = ".st-key-kiosk_play"
FORWARDED_KEYS = ["PageUp", "PageDown"]  # a presenter's clicker


# Static style of the panel (no data in it): the date line and figures read from afar.
PLAYBACK_CSS = f"""
<style>
.leaflet-top.leaflet-left {{z-index: 1001;}}  /* the play panel stays above the legend */
.atlas-playback {{background: rgba(255,255,255,0.94); padding: 10px 14px; border-radius: 6px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.3); font-family: {typography.FONT_STACK};
  color: #1f2d3d; min-width: 300px;}}
.atlas-playback-label {{font-size: 22px; font-weight: 700; margin-bottom: 6px;}}
.atlas-playback-figures {{display: flex; gap: 14px; margin-bottom: 8px;}}
.atlas-playback-figure {{display: flex; flex-direction: column; max-width: 140px;}}
.atlas-playback-figure b {{font-size: 24px; font-variant-numeric: tabular-nums;}}
.atlas-playback-figure span {{font-size: 13px; color: #5b7083;}}
.atlas-playback-controls {{display: flex; align-items: center; gap: 8px;}}
.atlas-playback-toggle {{min-width: 72px; min-height: 40px; font-size: 16px; cursor: pointer;
  border: 1px solid #1f4e79; background: #1f4e79; color: #fff; border-radius: 4px;
  font-family: inherit;}}
.atlas-playback-slider {{flex: 1; min-width: 120px; height: 32px;}}
.atlas-playback-speed {{min-height: 36px; font-size: 14px; font-family: inherit;}}
.atlas-playback-note {{margin-top: 6px; font-size: 0.9em; color: #5b7083; max-width: 260px;}}
/* Phones: a compact panel that leaves most of the map in view. */
@media (max-width: 480px) {{
  .atlas-playback {{min-width: 0; max-width: 230px; padding: 6px 8px;}}
  .atlas-playback-label {{font-size: 15px; margin-bottom: 2px;}}
  .atlas-playback-figures {{gap: 8px; margin-bottom: 4px;}}
  .atlas-playback-figure b {{font-size: 16px;}}
  .atlas-playback-figure span {{font-size: 10px;}}
  .atlas-playback-toggle {{min-width: 48px; min-height: 36px; font-size: 14px;}}
  .atlas-playback-slider {{min-width: 70px;}}
  .atlas-playback-speed {{display: none;}}
}}
</style>
"""


class PlaybackControl(MapScript):
    """The playback panel and the per-quarter data it plays (``playback.js``)."""

    js_file = "playback.js"

    def __init__(self, data: dict):
        super().__init__()
        self._name = "PlaybackControl"
        self.data = data

    def arguments(self) -> tuple:
        return (self.data,)


def _shown(frame: pd.DataFrame, view: View, by_type: bool) -> pd.DataFrame:
    """The rows urumqi_map draws for this view (type filter, focused district)."""
    if by_type and view.types:
        frame = frame[frame["type"].isin(view.types)]
    return frame[frame["district"] == view.district] if view.district else frame


def _number(value: float, per_10k: bool) -> str:
    return i18n.keep_ltr(f"{value:,.1f}" if per_10k else f"{value:,.0f}")


def _appear(frame: pd.DataFrame) -> tuple[dict[str, int], list[int]]:
    """(escaped id -> first quarter index, for items not shown from the start; how many
    show at each quarter)."""
    index = plays.appear_index(frame["year"])
    later = {for_folium(str(i)): int(q) for i, q in zip(frame["id"], index, strict=True) if q > 0}
    return later, plays.shown_counts(index)


def playback_data(data: Datasets, view: View, playback: Playback) -> dict:
    """What the browser plays: per quarter the class of each district, its value text, the
    date line and the headline figures; the quarter each later item appears in; the
    panel's texts and the playback's state."""
    adcodes = list(data.district_names)
    population = reference.district_population().set_index("adcode")["population"]
    raw = plays.quarter_values(data.indicators, view.indicator, adcodes, playback.mode)
    values = raw
    if view.per_10k:
        values = plays.quarter_values(
            data.indicators, view.indicator, adcodes, playback.mode, population
        )
    breaks = plays.run_breaks(values)
    classes = plays.run_classes(values, breaks).clip(0, len(CHOROPLETH_COLORS) - 1)
    scope = [view.district] if view.district else adcodes
    total = raw[scope].sum(axis=1)
    if view.per_10k:
        total = total / float(population.reindex(scope).sum()) * PER_10K
    communities, community_counts = _appear(_shown(data.communities, view, by_type=True))
    bases, base_counts = _appear(_shown(data.bases, view, by_type=False))
    wording = f"playback.{playback.mode}_label"
    frames = [
        [
            for_folium(t(wording, period=i18n.phrase(period_label(quarter)))),
            _number(community_counts[i], False),
            _number(base_counts[i], False),
            _number(total.iloc[i], view.per_10k),
        ]
        for i, quarter in enumerate(PROGRAM_QUARTERS)
    ]
    unit = term("indicator_units", view.indicator)
    if view.per_10k:
        unit = t("map.per_10k_unit", unit=unit)
    return {
        "adcodes": adcodes,
        "quarters": list(PROGRAM_QUARTERS),
        "colors": CHOROPLETH_COLORS,
        "classes": classes.to_numpy().tolist(),
        "texts": [[_number(v, view.per_10k) for v in row] for row in values.to_numpy()],
        "frames": frames,
        "appear": {"community": communities, "base": bases},
        "valueField": VALUE_FIELD,
        "breaks": breaks,
        "figures": [
            for_folium(t("playback.communities")),
            for_folium(t("playback.bases")),
            for_folium(t("playback.indicator", name=term("indicators", view.indicator), unit=unit)),
        ],
        "legendNote": for_folium(t("playback.legend_note")),
        "buttons": {
            "play": for_folium(t("playback.play")),
            "pause": for_folium(t("playback.pause")),
            "slider": for_folium(t("playback.slider")),
            "speeds": {name: for_folium(t(f"playback.speeds.{name}")) for name in plays.SPEEDS},
        },
        "mode": playback.mode,
        "start": playback.start_index,
        "playing": playback.playing,
        "speed": playback.speed,
        "stepMs": plays.SPEEDS,
        "rtl": i18n.is_rtl(),
    }


def value_title(view: View, mode: str) -> str:
    unit = term("indicator_units", view.indicator)
    if view.per_10k:
        unit = t("map.per_10k_unit", unit=unit)
    name = term("indicators", view.indicator)
    return t(f"playback.{mode}_title", name=name, unit=unit)


def playback_map(
    data: Datasets,
    view: View,
    playback: Playback,
    *,
    density: DensityView | None = None,
    url: bool = False,
    resume: str | None = None,
    hold_while: str | None = None,
    forward_keys: bool = False,
    step_ms: int | None = None,
) -> folium.Map:
    """The Urumqi (or district) map of ``view`` playing the program's quarters.

    ``url``: the quarter and play state are written to the page's URL as they change;
    ``resume``: a map redrawn on the same page (a rerun) continues where the last one of
    this name was; ``hold_while``: a CSS selector of the page whose presence holds play;
    ``forward_keys``: PageUp / PageDown pressed in the map reach the page (a presenter's
    clicker moves between views even after a click in the map); ``step_ms``: the normal
    speed's time per quarter (the kiosk fits the run into its slide).
    """
    played = playback_data(data, view, playback)
    start = playback.start_index
    colors = choropleth_colors(pd.Series(played["classes"][start], index=played["adcodes"]))
    text = pd.Series(played["texts"][start], index=played["adcodes"])
    breaks = played["breaks"]
    labels = [f"{legend_number(a)} – {legend_number(b)}" for a, b in itertools.pairwise(breaks)]
    layers = tuple(dict.fromkeys(("choropleth", *view.layers)))
    layers = tuple(x for x in layers if x != "clusters")  # a Xinjiang layer
    m = urumqi_map(
        data.districts, data.communities, data.bases, layers, view.types,
        focus=view.district, choropleth=(value_title(view, playback.mode), text, colors, labels),
        density=density,
    )  # fmt: skip
    played.update(
        url=url,
        resume=resume,
        holdWhile=hold_while,
        forwardKeys=FORWARDED_KEYS if forward_keys else [],
    )
    if step_ms is not None:
        played["stepMs"] = {**played["stepMs"], "normal": step_ms}
    m.get_root().header.add_child(folium.Element(PLAYBACK_CSS), name="atlas_playback_css")
    PlaybackControl(played).add_to(m)
    return m


def playback_view(view: View) -> View:
    """A playback draws Urumqi or a district: a Xinjiang view plays the city."""
    return view if view.level != "xinjiang" else View(layers=view.layers, indicator=view.indicator)


def view_or_playback_map(
    data: Datasets,
    view: View,
    play: Playback | None,
    shaded: ViewValues,
    density: DensityView | None,
    **play_options,
) -> folium.Map:
    """The view's map, or, when ``play`` is set, the same map playing the quarters in the
    browser (``play_options`` go to ``playback_map``)."""
    if play:
        return playback_map(data, view, play, density=density, **play_options)
    return build_view_map(data, view, shaded, density)
