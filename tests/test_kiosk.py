"""Kiosk mode: the attract loop's rules, and what a kiosk deployment registers."""

from __future__ import annotations

from pathlib import Path

from components.kiosk import seconds, start, storyboard, tick, touch

ROOT = Path(__file__).resolve().parent.parent
SLIDE, IDLE = 10.0, 60.0


def test_storyboard_order():
    slides = storyboard()
    kinds = [s.kind for s in slides]
    assert kinds[0] == "overview" and kinds[-3:] == ["bases", "clusters", "employment"]
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


def test_seconds_setting(monkeypatch):
    monkeypatch.setenv("X_SECONDS", "2.5")
    assert seconds("X_SECONDS", 9) == 2.5
    for bad in ("", "abc", "-1", "0"):
        monkeypatch.setenv("X_SECONDS", bad)
        assert seconds("X_SECONDS", 9) == 9
