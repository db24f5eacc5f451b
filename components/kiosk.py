"""The kiosk's attract loop: the storyboard, its timing, what a touch does, and the stage
of two slots that shows one slide while the next one is drawn out of sight.

The loop state lives in a plain dict (session state on the page), so the rules can be
tested without Streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from components import i18n
from components.i18n import t, term
from data import reference, settings


@dataclass(frozen=True)
class Slide:
    """One step of the storyboard: what it shows, and for a type slide which type.

    Title and text are read from the catalog when shown, in the visitor's language."""

    kind: str  # overview | community_type | bases | clusters | employment | playback
    type_code: str | None = None

    @property
    def title(self) -> str:
        if self.kind == "community_type":
            return t("kiosk.type_title", type=term("community_types", self.type_code))
        return t(f"kiosk.{self.kind}_title")

    @property
    def text(self) -> str:
        if self.kind == "overview":
            return t("app.program_title")
        if self.kind == "community_type":
            return term("community_type_purposes", self.type_code)
        if self.kind == "bases":
            kinds = [term("base_kinds", code) for code in reference.codes("base_kinds")]
            return t("kiosk.list_separator").join(kinds)
        return t(f"kiosk.{self.kind}_text")


def storyboard() -> list[Slide]:
    """Overview, then each community type, then bases, clusters, employment and training,
    and the three years played quarter by quarter."""
    types = [Slide("community_type", code) for code in reference.codes("community_types")]
    return [
        Slide("overview"), *types, Slide("bases"), Slide("clusters"), Slide("employment"),
        Slide("playback"),
    ]  # fmt: skip


# Timing comes from the deployment settings (data.settings).
seconds = settings.positive_seconds
slide_seconds = settings.kiosk_slide_seconds
idle_seconds = settings.kiosk_idle_seconds
playback_seconds = settings.kiosk_playback_seconds


def slide_duration(slide: Slide, tick_seconds: float) -> float:
    """How long ``slide`` shows: the slide time, or for the playback slide its play time
    rounded up to whole ticks (the loop moves on at a tick)."""
    if slide.kind != "playback":
        return tick_seconds
    return math.ceil(playback_seconds() / tick_seconds - 1e-9) * tick_seconds


def start(state: dict, now: float) -> None:
    """The loop's initial state: first slide, playing."""
    state.update(index=0, paused=False, advanced_at=now, touched_at=None)


def tick(state: dict, now: float, count: int, slide_for: float, idle_for: float,
         every: float = 0.0) -> bool:  # fmt: skip
    """A timer tick: reset after idling (returns True), or move on when the slide has been
    on screen long enough. Its time counts from when the page showed it (``plan_stage``),
    so the loop waits for a slow page instead of skipping; with ticks ``every`` seconds, a
    slide moves on at the tick nearest its time, not a whole tick late."""
    if state.get("index") is None:
        start(state, now)
        return False
    touched = state.get("touched_at")
    if touched is not None and now - touched >= idle_for:
        start(state, now)
        return True
    on_screen = state.get("appeared", state["index"]) == state["index"]
    enough = slide_for - every / 2 if every else slide_for * 0.95
    if not state["paused"] and on_screen and now - state["advanced_at"] >= enough:
        state["index"] = (state["index"] + 1) % count
        state["advanced_at"] = now
    return False


def touch(state: dict, now: float, count: int, step: int = 0, pause: bool = True) -> None:
    """A touch: pauses the loop (or resumes it) and may step to another slide."""
    state["index"] = (state.get("index", 0) + step) % count
    state["paused"] = pause
    state["touched_at"] = now if pause else None
    state["advanced_at"] = now


def noticed(state: dict, now: float) -> None:
    """A touch that leaves the loop playing (a language switch): only the idle clock
    restarts, so the kiosk still returns to its defaults once the visitor leaves."""
    state["touched_at"] = now


SLOTS = 2  # the stage: one slot on screen, the other drawing the next slide unseen


def plan_stage(state: dict, count: int, now: float, on_screen: int | None = None) -> None:
    """Which slide each slot of the stage holds, so that a slide appears whole.

    ``state["slots"]`` holds a slide number per slot and ``state["shown"]`` the slot to
    show; both are updated here. ``on_screen`` is the slot the page reports it shows (the
    stage's acknowledgement, kiosk_stage.js); None before its first report (the slot to
    show then counts as on screen, and the loop does not move on by itself until the page
    has reported). The rule: **a slot the page shows is never refilled**.

    The loop ticks twice a slide: one tick moves on, the other draws the next slide into
    the hidden slot, out of sight. Moving on shows the prepared slot (the page shows it
    once its map or chart has drawn, then reports it); the slot that left the screen is
    refilled only after the page has reported the switch, however short the slides. A
    jump (a touch, the idle reset) draws its slide into the slot the page does not show,
    once the page has reported which one that is. A slide's time counts from the page's
    report that it shows it (``state["appeared"]``), so a slow page never skips a slide."""
    index = state["index"]
    slots = state.setdefault("slots", [None] * SLOTS)
    shown = state.setdefault("shown", 0)
    reported = on_screen is not None
    if not reported:  # before the page's first report: the slot to show is on screen,
        on_screen = shown  # but the loop waits for a report to time the slide
        state.setdefault("appeared", None)
    if slots[shown] is None:  # nothing on screen yet: draw straight onto it
        slots[shown] = index
    if slots[shown] != index:  # move on
        other = 1 - shown
        if slots[other] == index:  # prepared unseen: show it
            state["shown"] = shown = other
        elif on_screen == shown:  # the other slot is out of sight: draw it there, show it
            slots[other] = index
            state["shown"] = shown = other
        # else the page has not yet reported the last switch, so either slot may be on
        # screen: wait for its report (it asks for a run at once), then move on.
    if on_screen != shown or slots[shown] != index:
        return
    if reported and state.get("appeared") != index:  # it has just appeared: time starts
        state["appeared"] = index
        state["advanced_at"] = now
    other, upcoming = 1 - shown, (index + 1) % count
    slots[other] = upcoming  # prepare the next one, out of sight


def shown_slide(state: dict) -> int:
    """The slide number on screen (the one the position caption names)."""
    return state["slots"][state["shown"]]


def default_language() -> str:
    """The language the kiosk starts in and returns to after idling (default zh)."""
    return i18n.valid(settings.kiosk_language()) or i18n.DEFAULT_LANG
