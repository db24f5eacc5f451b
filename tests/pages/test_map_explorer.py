"""The map explorer page in AppTest: quarter-by-quarter playback."""

from __future__ import annotations

from tests.apptest import open_app
from tests.test_app import folium_elements
from tests.test_playback import playback_arguments


def played_on_map(at) -> dict | None:
    (args,) = folium_elements(at)
    if "addPlayback" not in args["script"]:
        return None
    return playback_arguments(args["script"])


def test_a_playback_url_reopens_the_quarter_and_keeps_it_in_the_url():
    query = {"playback": "cumulative", "quarter": "2023Q2", "layers": "communities,bases"}
    at = open_app("map", query=query)
    assert at.selectbox(key="ex_playback").value == "cumulative"
    played = played_on_map(at)
    assert played["start"] == 5 and not played["playing"]
    assert played["url"] is True and played["resume"] == "map"
    assert played["frames"][5][0] == "累计至 2023 年第 2 季度"
    params = at.query_params
    assert params["playback"] == "cumulative" and params["quarter"] == "2023Q2"
    assert params["layers"] == "communities,bases"


def test_choosing_a_playback_starts_playing_and_off_stops_it():
    at = open_app("map")
    assert played_on_map(at) is None
    at.selectbox(key="ex_playback").select("quarter").run()
    played = played_on_map(at)
    assert played["mode"] == "quarter" and played["playing"] and played["start"] == 0
    assert at.query_params["playback"] == "quarter" and at.query_params["playing"] == "1"
    at.selectbox(key="ex_playback").select("off").run()
    assert played_on_map(at) is None and "playback" not in at.query_params


def test_the_xinjiang_map_has_no_playback():
    at = open_app("map", query={"level": "xinjiang", "playback": "cumulative"})
    assert played_on_map(at) is None
