"""The meeting page in AppTest: a saved view that plays."""

from __future__ import annotations

from data import reference
from tests.apptest import open_app
from tests.test_app import folium_elements
from tests.test_playback import playback_arguments


def test_a_saved_playback_view_plays_and_the_clicker_still_moves():
    number = next(n for n, v in enumerate(reference.meeting_views(), start=1) if "playback" in v)
    at = open_app("meeting", query={"view": str(number)})
    assert at.title[0].value == "乌鲁木齐市 · 带动就业（人，累计）"
    (args,) = folium_elements(at)
    played = playback_arguments(args["script"])
    assert played["playing"] and played["forwardKeys"] == ["PageUp", "PageDown"]
    at.button(key="meeting_next").click().run()
    (args,) = folium_elements(at)
    assert "addPlayback" not in args["script"]
