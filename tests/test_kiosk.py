"""Kiosk mode: the attract loop's rules, and what a kiosk deployment registers."""

from __future__ import annotations

import itertools
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
    plan_stage(state, 17, 0.0)  # first run: slide 0 on screen, slide 1 drawn unseen
    assert state["slots"] == [0, 1] and shown_slide(state) == 0
    tick(state, 10.0, 17, SLIDE, IDLE)
    assert state["index"] == 0  # the loop waits for the page to report its first slide
    plan_stage(state, 17, 10.0, on_screen=0)  # the report: slide 0's time starts
    for expected in (1, 2, 3):
        now = 10.0 * expected + 10
        tick(state, now, 17, SLIDE, IDLE)  # the tick that moves on
        plan_stage(state, 17, now, on_screen=state["shown"])  # still the old slot
        left = 1 - state["shown"]
        assert shown_slide(state) == expected  # the prepared slot is shown …
        assert state["slots"][left] == expected - 1  # … and the one that left is untouched
        plan_stage(state, 17, now, on_screen=state["shown"])  # the page reports the swap
        assert shown_slide(state) == expected and state["slots"][left] == expected + 1
    touch(state, 50.0, 17, step=-2)  # a jump to slide 1, which is not prepared
    plan_stage(state, 17, 50.0, on_screen=state["shown"])
    assert shown_slide(state) == 1  # drawn into the hidden slot, shown once drawn
    assert state["slots"][1 - state["shown"]] == 3  # the slot that left keeps its slide
    plan_stage(state, 17, 51.0, on_screen=state["shown"])
    assert state["slots"][1 - state["shown"]] == 2  # once shown, the next one is prepared


def test_the_page_reports_the_slot_it_shows_and_that_slot_is_never_refilled():
    state: dict = {}
    start(state, 0.0)
    plan_stage(state, 17, 0.0)  # first run, no report yet: 0 on screen, 1 drawn unseen
    assert state["slots"] == [0, 1] and state["shown"] == 0
    plan_stage(state, 17, 0.0, on_screen=0)  # the page reports slide 0 on screen
    tick(state, 10.0, 17, SLIDE, IDLE)  # moves on: show slot 1
    plan_stage(state, 17, 10.0, on_screen=0)
    assert state["slots"] == [0, 1] and state["shown"] == 1
    tick(state, 15.0, 17, SLIDE, IDLE)  # the tick in between, the page not switched yet
    plan_stage(state, 17, 15.0, on_screen=0)
    assert state["slots"] == [0, 1]  # slot 0 is still on screen: kept
    tick(state, 20.0, 17, SLIDE, IDLE)  # the page is slow: the loop waits for it …
    assert state["index"] == 1
    plan_stage(state, 17, 21.0, on_screen=1)  # … until it reports slot 1 on screen
    assert state["slots"] == [2, 1] and state["shown"] == 1  # slide 2 drawn out of sight
    tick(state, 25.0, 17, SLIDE, IDLE)
    assert state["index"] == 1  # slide 1's time counts from 21.0, when it appeared
    tick(state, 31.0, 17, SLIDE, IDLE)
    assert state["index"] == 2
    plan_stage(state, 17, 31.0, on_screen=1)
    assert state["slots"] == [2, 1] and state["shown"] == 0  # show slot 0, keep slot 1
    touch(state, 32.0, 17, step=5)  # a jump before the page has switched
    plan_stage(state, 17, 32.0, on_screen=1)
    assert state["slots"] == [2, 1]  # either slot may be on screen: nothing is refilled
    plan_stage(state, 17, 32.2, on_screen=0)  # the page shows slot 0: slot 1 is free
    assert state["slots"] == [2, 7] and state["shown"] == 1


def test_any_delay_of_the_page_keeps_the_slot_on_screen_and_the_order():
    """A model of the page: told which slot to show, it switches 0–3 ticks later (its map
    drawing on a loaded machine, or slides of 2 s) and reports it at once. Whatever the
    delay, the slot on screen keeps its slide, every slide appears in order, and each
    stays on screen at least three quarters of its time."""
    every = SLIDE / 2
    for delays in ([0], [1], [2], [3], [0, 3, 1, 2, 0, 0, 3, 1]):
        state: dict = {}
        start(state, 0.0)
        displayed, reported, wanted, wait, seen = 0, None, None, 0, []  # slot 0 at first
        for step in range(300):
            now = step * every
            tick(state, now, 17, SLIDE, IDLE, every=every)
            before = list(state.get("slots", [None, None]))
            plan_stage(state, 17, now, reported and reported[0])
            if before[displayed] is not None:
                assert state["slots"][displayed] == before[displayed], (delays, step)
            order = (state["shown"], state["slots"][state["shown"]])
            if order != wanted:  # a new request: the page needs a while to draw it
                wanted, wait = order, delays[step % len(delays)]
            if wait == 0 and reported != wanted:
                displayed, reported = wanted[0], wanted  # shown; the report arrives at once
                seen.append((wanted[1], now))
                plan_stage(state, 17, now, displayed)
            wait = max(0, wait - 1)
        slides = [slide for slide, _ in seen]
        assert len(slides) > 40, delays
        assert {(b - a) % 17 for a, b in itertools.pairwise(slides)} == {1}, (delays, slides)
        shown_for = [b - a for (_, a), (_, b) in itertools.pairwise(seen)]
        assert min(shown_for) >= 0.75 * SLIDE, (delays, shown_for)


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
