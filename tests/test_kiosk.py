"""Kiosk mode: the attract loop's rules, and what a kiosk deployment registers."""

from __future__ import annotations

from pathlib import Path

from components.kiosk import plan_stage, seconds, shown_slide, start, storyboard, tick, touch

ROOT = Path(__file__).resolve().parent.parent
SLIDE, IDLE = 10.0, 60.0


def test_storyboard_order():
    slides = storyboard()
    kinds = [s.kind for s in slides]
    assert kinds[0] == "overview"
    assert kinds[-4:] == ["bases", "clusters", "employment", "playback"]
    assert kinds[1:14] == ["community_type"] * 13
    assert slides[3].title == "托育服务社区" and slides[3].text.startswith("在居民聚集")


def test_loop_advances_wraps_and_waits_for_the_slide_time():
    state: dict = {}
    start(state, 0.0)
    tick(state, 5.0, 3, SLIDE, IDLE)
    assert state["index"] == 0
    for now, expected in ((10.0, 1), (20.0, 2), (30.0, 0)):
        tick(state, now, 3, SLIDE, IDLE)
        assert state["index"] == expected


def test_touch_pauses_and_idle_resets_to_the_start():
    state: dict = {}
    start(state, 0.0)
    touch(state, 1.0, 17, step=1)
    touch(state, 2.0, 17, step=1)
    assert state == {"index": 2, "paused": True, "advanced_at": 2.0, "touched_at": 2.0}
    tick(state, 40.0, 17, SLIDE, IDLE)
    assert state["index"] == 2  # paused: no advance
    tick(state, 62.0, 17, SLIDE, IDLE)
    assert state["index"] == 0 and not state["paused"]  # idle for 60 s: back to the start
    touch(state, 70.0, 17, step=-1)
    assert state["index"] == 16
    touch(state, 71.0, 17, pause=False)
    assert not state["paused"] and state["touched_at"] is None


def test_stage_shows_a_prepared_slide_and_prepares_the_next():
    state: dict = {}
    start(state, 0.0)
    plan_stage(state, 17)  # first run: slide 0 on screen, slide 1 drawn unseen
    assert state["slots"] == [0, 1] and shown_slide(state) == 0
    for expected in (1, 2, 3):
        tick(state, 10.0 * expected, 17, SLIDE, IDLE)  # the tick that moves on
        plan_stage(state, 17)
        left = 1 - state["shown"]
        assert shown_slide(state) == expected  # the prepared slot is shown …
        assert state["slots"][left] == expected - 1  # … and the one that left is untouched
        tick(state, 10.0 * expected + 5, 17, SLIDE, IDLE)  # the tick in between
        plan_stage(state, 17)
        assert shown_slide(state) == expected and state["slots"][left] == expected + 1
    touch(state, 40.0, 17, step=-2)  # a jump to slide 1, which is not prepared
    plan_stage(state, 17)
    assert shown_slide(state) == 1  # drawn into the hidden slot, shown once drawn
    assert state["slots"][1 - state["shown"]] == 3  # the slot that left keeps its slide
    plan_stage(state, 17)
    assert state["slots"][1 - state["shown"]] == 2  # the next tick prepares the next one


def test_seconds_setting(monkeypatch):
    monkeypatch.setenv("X_SECONDS", "2.5")
    assert seconds("X_SECONDS", 9) == 2.5
    for bad in ("", "abc", "-1", "0"):
        monkeypatch.setenv("X_SECONDS", bad)
        assert seconds("X_SECONDS", 9) == 9


def test_the_playback_slide_lasts_its_play_time(monkeypatch):
    from components.kiosk import Slide, slide_duration

    monkeypatch.setenv("ATLAS_KIOSK_PLAYBACK_SECONDS", "20")
    assert storyboard()[-1].kind == "playback"
    assert slide_duration(Slide("playback"), 12.0) == 24.0  # moves on at the next tick
    assert slide_duration(Slide("playback"), 5.0) == 20.0
    assert slide_duration(Slide("bases"), 12.0) == 12.0
    state: dict = {}
    start(state, 0.0)
    state["index"] = 17
    tick(state, 12.0, 18, slide_duration(Slide("playback"), 12.0), IDLE)
    assert state["index"] == 17  # still playing the quarters
    tick(state, 24.0, 18, slide_duration(Slide("playback"), 12.0), IDLE)
    assert state["index"] == 0  # then the storyboard goes on
