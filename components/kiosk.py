"""The kiosk's attract loop: the storyboard, its timing, and what a touch does.

The loop state lives in a plain dict (session state on the page), so the rules can be
tested without Streamlit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from data import reference

SLIDE_SECONDS_ENV = "ATLAS_KIOSK_SLIDE_SECONDS"
IDLE_SECONDS_ENV = "ATLAS_KIOSK_IDLE_SECONDS"
DEFAULT_SLIDE_SECONDS = 12.0
DEFAULT_IDLE_SECONDS = 90.0


@dataclass(frozen=True)
class Slide:
    """One step of the storyboard: what it shows, and for a type slide which type."""

    kind: str  # overview | community_type | bases | clusters | employment
    title: str
    text: str
    type_code: str | None = None


def storyboard() -> list[Slide]:
    """Overview, then each community type, then bases, clusters, employment and training."""
    slides = [Slide("overview", "乌鲁木齐创业社区", reference.PROGRAM_TITLE)]
    for row in reference.community_types().itertuples():
        slides.append(Slide("community_type", f"{row.name_zh}社区", row.purpose, row.code))
    slides += [
        Slide(
            "bases",
            "创业孵化基地",
            "创业孵化示范基地、众创空间、科技企业孵化器、创业园区、星创天地",
        ),
        Slide("clusters", "二核五轴五区", "新疆中小微企业发展布局"),
        Slide("employment", "就业与培训", "带动就业与技能培训，对照三年目标"),
    ]
    return slides


def seconds(env: str, default: float) -> float:
    """A positive number of seconds from the environment, else the default."""
    try:
        value = float(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def slide_seconds() -> float:
    return seconds(SLIDE_SECONDS_ENV, DEFAULT_SLIDE_SECONDS)


def idle_seconds() -> float:
    return seconds(IDLE_SECONDS_ENV, DEFAULT_IDLE_SECONDS)


def start(state: dict, now: float) -> None:
    """The loop's initial state: first slide, playing."""
    state.update(index=0, paused=False, advanced_at=now, touched_at=None)


def tick(state: dict, now: float, count: int, slide_for: float, idle_for: float) -> None:
    """A timer tick: reset after idling, or move on when the slide has been shown long enough."""
    if state.get("index") is None:
        start(state, now)
        return
    touched = state.get("touched_at")
    if touched is not None and now - touched >= idle_for:
        start(state, now)
        return
    if not state["paused"] and now - state["advanced_at"] >= slide_for * 0.95:
        state["index"] = (state["index"] + 1) % count
        state["advanced_at"] = now


def touch(state: dict, now: float, count: int, step: int = 0, pause: bool = True) -> None:
    """A touch: pauses the loop (or resumes it) and may step to another slide."""
    state["index"] = (state.get("index", 0) + step) % count
    state["paused"] = pause
    state["touched_at"] = now if pause else None
    state["advanced_at"] = now
