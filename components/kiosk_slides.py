"""The kiosk's look, its stage and its slides (Streamlit UI pieces): large type for touch
screens, two slots stacked in one place (one shown, one drawing the next slide unseen), and
each slide's cards with a map or chart. The loop's rules are in components.kiosk."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

import streamlit as st

from components import (
    chart_layout,
    figures,
    kiosk,
    maps,  # by module: tests replace its builders
    playback,
)
from components.folium_render import render_offline
from components.i18n import t, term
from components.kiosk import Slide
from components.kpi import count_card, progress_card
from components.map_cache import render_map
from components.screen import for_screen
from data import loader, reference
from data.loader import Datasets
from geo import indicators as ind
from geo.layout import cluster_shapes
from geo.playback import Playback
from geo.program import PROGRAM_QUARTERS, URUMQI_ADCODE
from geo.view import View

MAP_HEIGHT = 500  # drawn at this height; the page then fits it to the screen's foot
STAGE_KEY = "kiosk_stage"
MAP_BOX_KEY = "kiosk_mapbox"  # per slot: the map and its cards
CARDS_KEY = "kiosk_cards"
log = logging.getLogger(__name__)
KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"]
  {display: none;}
.block-container {padding-top: 1rem; padding-bottom: 0.5rem; max-width: 100%;}
/* Touch only: no text selection, no double-tap zoom, no tap flash. */
body {user-select: none; -webkit-user-select: none; touch-action: manipulation;
  -webkit-tap-highlight-color: transparent;}
h1 {font-size: 3rem !important;}
[data-testid^="stBaseButton"] {min-height: 64px; width: 100%;}
[data-testid^="stBaseButton"] p {font-size: 1.4rem; line-height: 1.2;
  white-space: nowrap;}
[data-testid="stMetricValue"] {font-size: 2.6rem;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem;}
/* The stage: both slots in one grid cell, so the hidden one has the same size; the page
   script (kiosk_stage.js) says which one is shown. */
.st-key-kiosk_stage {display: grid !important; grid-template-columns: minmax(0, 1fr);
  width: 100%;}
.st-key-kiosk_stage > * {grid-area: 1 / 1; min-width: 0;}
html:not([data-kiosk-shown="1"]) .st-key-kiosk_stage_1,
html[data-kiosk-shown="1"] .st-key-kiosk_stage_0,
html:not([data-kiosk-shown="1"]) .st-key-kiosk_stage_1 *,
html[data-kiosk-shown="1"] .st-key-kiosk_stage_0 * {visibility: hidden !important;
  pointer-events: none;}
/* A map slide: the map reaches the foot of the screen (kiosk_stage.js measures each
   slot's room into --kiosk-map-0 and --kiosk-map-1), its cards beside it on a landscape
   screen and in a row above it on a portrait one. */
.st-key-kiosk_stage_0 iframe[title="streamlit_folium.st_folium"]
  {height: var(--kiosk-map-0, 500px) !important;}
.st-key-kiosk_stage_1 iframe[title="streamlit_folium.st_folium"]
  {height: var(--kiosk-map-1, 500px) !important;}
/* A slide's figure cards, their type scaled by the page to the room they have
   (kiosk_stage.js: --kiosk-cards-0 and -1), so that all of them end above the foot. */
.st-key-kiosk_cards_0 {--card-scale: var(--kiosk-cards-0, 1);}
.st-key-kiosk_cards_1 {--card-scale: var(--kiosk-cards-1, 1);}
[class*="st-key-kiosk_cards_"] {gap: calc(1rem * var(--card-scale));}
[class*="st-key-kiosk_cards_"] [data-testid="stMetricValue"]
  {font-size: calc(2.2rem * var(--card-scale));}
[class*="st-key-kiosk_cards_"] [data-testid="stMetricLabel"] p
  {font-size: calc(1.2rem * var(--card-scale));}
[class*="st-key-kiosk_cards_"] [data-testid="stMetricDelta"]
  {font-size: calc(1rem * var(--card-scale));}
/* The slide's end marker takes no room under the map. */
[class*="st-key-kiosk_stage_"] [data-testid="stElementContainer"]:has([data-kiosk-slide])
  {display: none;}
@media (orientation: portrait) {
  [data-testid^="stBaseButton"] p {font-size: 1.2rem;}
  [class*="st-key-kiosk_mapbox_"] [data-testid="stHorizontalBlock"]
    {flex-direction: column-reverse !important; flex-wrap: nowrap !important;}
  [class*="st-key-kiosk_mapbox_"] [data-testid="stColumn"]
    {width: 100% !important; flex: 1 1 auto !important; min-width: 0 !important;}
  [class*="st-key-kiosk_cards_"] {flex-direction: row !important; flex-wrap: nowrap !important;}
  [class*="st-key-kiosk_cards_"] > * {flex: 1 1 0 !important; min-width: 0 !important;}
}
</style>
"""


STAGE_SCRIPT = (Path(__file__).parent / "kiosk_stage.js").read_text(encoding="utf-8")
STAGE_COMPONENT = "atlas_kiosk_stage"
STAGE_ACK_KEY = "kiosk_on_screen"  # the page's report of the slide it shows
SHOW_WAIT_MS = 1500  # a slide that never draws (it failed) is shown after this anyway
MAP_FOOT_PX = 16  # a map slide's map ends this far above the foot of the screen
MAP_MIN_PX = 360  # and is never lower than this
CARD_MIN_SCALE = 0.6  # a slide's cards shrink their type to fit the screen, not below this


def slide_marker(slot: int, number: int) -> str:
    return f"{slot}-{number}"


def reported_marker() -> str | None:
    """The slide the page last reported on screen (``slide_marker``), if it has."""
    state = st.session_state.get(STAGE_ACK_KEY)
    marker = state.get("on_screen") if isinstance(state, Mapping) else None
    return marker if isinstance(marker, str) else None


def on_screen_slot() -> int | None:
    """The stage's slot the page reports it shows, or None before its first report."""
    slot, _, number = (reported_marker() or "").partition("-")
    return int(slot) if slot in ("0", "1") and number.isdigit() else None


def _on_report() -> None:
    """The page reported a switch: the loop's fragment runs again and may now refill the
    slot that left the screen (components.kiosk.plan_stage)."""


def stage(slots: list[int], shown: int, draw: Callable[[int, int], None]) -> None:
    """The two slots: ``draw(slide_number, slot)`` fills each; slot ``shown`` is to be
    shown. Each slot ends with a marker of its slide, so the page knows the slide has
    arrived; the page shows the slot once its map or chart has drawn and reports it back
    (kiosk_stage.js, a component: static script, only numbers in its data)."""
    show = st.components.v2.component(STAGE_COMPONENT, js=STAGE_SCRIPT)  # same each run
    with st.container(key=STAGE_KEY):
        show(
            key=STAGE_ACK_KEY,
            data={
                "slot": int(shown),
                "marker": slide_marker(shown, slots[shown]),
                "reported": reported_marker(),
                "waitMs": SHOW_WAIT_MS,
                "footPx": MAP_FOOT_PX,
                "minMapPx": MAP_MIN_PX,
                "minCardScale": CARD_MIN_SCALE,
            },
            on_on_screen_change=_on_report,
        )
        boxes = [st.container(key=f"{STAGE_KEY}_{slot}") for slot in range(len(slots))]
    for slot in sorted(range(len(slots)), key=lambda n: n != shown):  # the shown one first
        with boxes[slot]:
            draw(slots[slot], slot)
            st.html(f'<span data-kiosk-slide="{slide_marker(slot, slots[slot])}"></span>')


def show_slide_or_notice(data: Datasets, slide: Slide, slot: int, number: int) -> None:
    """A slide; a kiosk never shows a traceback, it says so politely and loops on."""
    try:
        show_slide(data, slide, slot, number)
    except Exception:
        log.exception("kiosk slide %s failed", slide)
        st.info(t("kiosk.slide_failed"))


def show_slide(data: Datasets, slide: Slide, slot: int = 0, number: int = 0) -> None:
    """One slide: its title and text, its cards, and a map or (employment) a chart.
    ``slot`` and ``number`` key its map and chart: a slot that takes another slide gets a
    new map frame, never the previous map redrawn in view."""
    st.title(slide.title)
    st.markdown(f"#### {slide.text}")
    communities, bases = data.communities, data.bases
    if slide.kind == "community_type":
        chosen = communities[communities["type"] == slide.type_code]
        rows = data.indicators[data.indicators["community_type"] == slide.type_code]
        cards = [count_card(t("kiosk.community_count"), len(chosen), t("kiosk.unit"))]
        cards += [progress_card(ind.Progress(c, float(rows[c].sum()), None)) for c in
                  ("jobs_created", "trained_total", "new_entities")]  # fmt: skip
        types = (slide.type_code,)
        m = maps.urumqi_map(data.districts, communities, bases, ("communities",), types)
    elif slide.kind == "bases":
        levels = bases["level"].value_counts()
        unit = t("kiosk.unit")
        cards = [count_card(t("kiosk.bases"), len(bases), unit)]
        cards += [count_card(term("base_levels", code), int(levels.get(code, 0)), unit)
                  for code in reference.codes("base_levels")]  # fmt: skip
        m = maps.urumqi_map(data.districts, communities, bases, ("bases",))
    elif slide.kind == "clusters":
        stated = reference.program_figures().set_index("code")
        shown = ("xj_incubation_bases", "xj_startup_parks", "xj_service_stations")
        cards = [
            count_card(
                term("program_figures", c),
                int(stated.at[c, "value"]),
                term("program_figure_units", c),
            )
            for c in shown
        ]
        m = maps.xinjiang_map(data.units, cluster_shapes(data.clusters, data.units), {})
    elif slide.kind == "playback":
        cards = [count_card(t("kiosk.communities"), len(communities), t("kiosk.unit")),
                 count_card(t("kiosk.bases"), len(bases), t("kiosk.unit"))]  # fmt: skip
        jobs = ind.progress(data.indicators, data.targets, ["jobs_created"])
        cards += [progress_card(p, t("kiosk.three_year_target")) for p in jobs]
        m = None
    else:
        codes = ["jobs_created", "trained_total", "new_entities", "returnee_startups"]
        cards = [count_card(t("kiosk.communities"), len(communities), t("kiosk.unit"))]
        cards += [
            progress_card(p, t("kiosk.three_year_target"))
            for p in ind.progress(data.indicators, data.targets, codes)
        ]
        m = maps.urumqi_map(data.districts, communities, bases, ("communities",))
    if slide.kind == "employment":  # the cards in a row above the chart
        for column, card in zip(st.columns(len(cards)), cards, strict=True):
            show_card(column, card)
        series = ind.quarterly(data.indicators, reference.codes("indicators"))
        chart_layout.show(
            figures.training_figure(series, term("units", URUMQI_ADCODE)),
            f"kiosk_chart_{slot}_{number}",
            config={"staticPlot": True},
        )
        return
    # The map first, its cards beside it (above it on a portrait screen: KIOSK_CSS).
    with st.container(key=f"{MAP_BOX_KEY}_{slot}"):
        map_side, card_side = st.columns([4, 1], gap="medium")
    with card_side.container(key=f"{CARDS_KEY}_{slot}"):
        for card in cards:
            show_card(st, card)
    with map_side:
        if m is None:
            show_playback(data, slot, number)
        else:
            render_offline(
                for_screen(m, large_text=True),
                key=f"kiosk_map_{slot}_{number}",
                height=MAP_HEIGHT,
                use_container_width=True,
                returned_objects=[],
            )


def show_card(place, card) -> None:
    """One figure card, large and framed (``place``: a column, or st itself)."""
    place.metric(card.label, card.value, card.delta, delta_color=card.delta_color,
                 delta_arrow="off", border=True)  # fmt: skip


def show_playback(data: Datasets, slot: int, number: int) -> None:
    """The three years over the Urumqi map, played in the map's frame in the playback time
    (then the last quarter stays until the loop moves on).

    The slide is drawn into the stage's hidden slot before it is shown: play holds there,
    at the first quarter, until the stage shows its slot, and while a touch pauses the
    loop. The rendered map is shared and the same on every tick, so the loop's ticks
    during the slide leave the playing map as it is."""
    seconds = kiosk.playback_seconds()  # the slide lasts until the next tick after it
    view = View(layers=("choropleth", "communities", "bases"), indicator="jobs_created")
    start = Playback("cumulative", playing=True)
    step_ms = round(seconds * 1000 / len(PROGRAM_QUARTERS))
    hidden = 'html[data-kiosk-shown="1"]' if slot == 0 else 'html:not([data-kiosk-shown="1"])'
    hold = f"{playback.KIOSK_PAUSED}, {hidden}"  # the stage's CSS hides the slot the same way
    render_map(
        repr((loader.data_signature(), "kiosk-playback", step_ms, slot)),
        lambda: for_screen(
            playback.playback_map(data, view, start, hold_while=hold, step_ms=step_ms),
            large_text=True,
        ),
        key=f"kiosk_map_{slot}_{number}",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )
