"""The kiosk storyboard page in AppTest."""

from __future__ import annotations

from tests.apptest import open_app
from tests.test_app import folium_elements
from tests.test_playback import playback_arguments


def test_the_playback_slide_plays_the_three_years_on_the_urumqi_map(monkeypatch):
    monkeypatch.setenv("ATLAS_MODE", "kiosk")
    monkeypatch.setenv("ATLAS_KIOSK_SLIDE_SECONDS", "12")
    monkeypatch.setenv("ATLAS_KIOSK_PLAYBACK_SECONDS", "20")
    at = open_app(check=False)
    at.button(key="kiosk_prev").click().run()  # wraps round to the last slide
    assert not at.exception
    assert at.title[0].value == "三年历程" and at.button(key="kiosk_play")
    assert [m.label for m in at.metric][:2] == ["创业社区（个）", "孵化基地（个）"]
    (args,) = folium_elements(at)
    played = playback_arguments(args["script"])
    assert played["holdWhile"] == ".st-key-kiosk_play"  # a touch (the loop paused) holds play
    assert played["playing"] and played["start"] == 0 and played["mode"] == "cumulative"
    assert played["stepMs"]["normal"] == 2000  # twelve quarters fill the 24 s slide (2 ticks)
    assert played["url"] is False  # the kiosk's address never changes
