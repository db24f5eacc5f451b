"""Quarter-by-quarter playback: the per-quarter series, the fixed scale, when items
appear, the URL round trip, and what the playback map sends to the browser."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from components import i18n, meeting
from components.map_scripts import js_source
from components.playback import playback_data, playback_map
from data import loader, reference
from geo import choropleth
from geo import playback as plays
from geo.playback import NEVER, Playback
from geo.program import PROGRAM_QUARTERS
from geo.view import View

CITY = View(layers=("choropleth", "communities", "bases"))


@pytest.fixture(scope="module")
def data():
    return loader.load_all()


def playback_arguments(script: str) -> dict:
    """The data a map script passes to playback.js (the JSON after the function)."""
    call = f"({js_source('playback.js')})("
    start = script.index(call) + len(call)
    value, _ = json.JSONDecoder().raw_decode(script[start:])
    return value


def test_cumulative_and_quarter_values_match_the_choropleth_of_each_period(data):
    adcodes = list(data.district_names)
    alone = plays.quarter_values(data.indicators, "jobs_created", adcodes, "quarter")
    summed = plays.quarter_values(data.indicators, "jobs_created", adcodes, "cumulative")
    assert list(alone.index) == list(PROGRAM_QUARTERS) and list(alone.columns) == adcodes
    for quarter in ("2022Q1", "2023Q2", "2024Q4"):
        expected = choropleth.district_values(data.indicators, "jobs_created", quarter, adcodes)
        pd.testing.assert_series_equal(alone.loc[quarter], expected, check_names=False)
    whole = choropleth.district_values(data.indicators, "jobs_created", "2022-2024", adcodes)
    pd.testing.assert_series_equal(summed.loc["2024Q4"], whole, check_names=False)
    assert (summed.diff().dropna() >= 0).all().all()  # cumulative never falls


def test_per_10k_divides_by_population():
    rows = pd.DataFrame(
        {"district": ["a", "a", "b"], "quarter": ["2022Q1", "2022Q2", "2022Q2"], "x": [1, 2, 5]}
    )
    population = pd.Series({"a": 10_000, "b": 20_000})
    table = plays.quarter_values(rows, "x", ["a", "b"], "cumulative", population)
    assert table.loc["2022Q1"].tolist() == pytest.approx([1.0, 0.0])
    assert table.loc["2022Q2"].tolist() == pytest.approx([3.0, 2.5])
    assert table.loc["2024Q4"].tolist() == pytest.approx([3.0, 2.5])


def test_one_scale_for_the_whole_run(data):
    adcodes = list(data.district_names)
    values = plays.quarter_values(data.indicators, "jobs_created", adcodes, "cumulative")
    breaks = plays.run_breaks(values)
    assert breaks[0] <= values.min().min() and breaks[-1] >= values.max().max()
    classes = plays.run_classes(values, breaks)
    assert (classes.diff().dropna() >= 0).all().all()  # a growing total never gets lighter
    assert classes.loc["2022Q1"].max() < classes.loc["2024Q4"].max()


def test_items_appear_in_the_year_they_were_recognised():
    years = pd.Series([2015, 2022, 2023, 2024, 2025, None], dtype="Int64")
    assert plays.appear_index(years).tolist() == [0, 0, 4, 8, NEVER, NEVER]
    assert plays.shown_counts(pd.Series([0, 4, 4, 8]))[:9] == [1, 1, 1, 1, 3, 3, 3, 3, 4]


def test_url_round_trip_and_bad_values():
    assert plays.playback_from_params({}) is None
    assert plays.playback_from_params({"playback": "sideways"}) is None
    full = Playback("quarter", "2023Q2", True, "fast")
    params = plays.playback_to_params(full)
    assert params == {"playback": "quarter", "quarter": "2023Q2", "playing": "1", "speed": "fast"}
    assert plays.playback_from_params(params) == full
    assert plays.playback_to_params(Playback()) == {"playback": "cumulative"}
    forgiven = plays.playback_from_params({"playback": "cumulative", "quarter": "2031Q9"})
    assert forgiven == Playback("cumulative")
    assert plays.invalid_playback_params({"playback": "cumulative", "speed": "warp"}) == ["speed"]
    assert plays.invalid_playback_params({"quarter": "2023Q1"}) == ["quarter"]


def test_the_browser_gets_every_quarter_once(data):
    played = playback_data(data, CITY, Playback("cumulative", "2023Q2"))
    assert played["start"] == 5 and len(played["frames"]) == len(played["classes"]) == 12
    label, communities, bases, jobs = played["frames"][5]
    assert label == "累计至 2023 年第 2 季度"
    years = data.communities["year"]
    assert communities == str(int((years <= 2023).sum()))
    assert bases == str(int((data.bases["year"] <= 2023).sum()))
    done = data.indicators[data.indicators["quarter"] <= "2023Q2"]["jobs_created"].sum()
    assert jobs == f"{done:,}"
    assert played["frames"][0][1] == str(int((years <= 2022).sum()))
    assert played["frames"][11][1] == str(len(data.communities))
    later = data.communities[years == 2024]
    assert all(played["appear"]["community"][i] == 8 for i in later["id"])
    assert len(played["appear"]["community"]) == int((years > 2022).sum())


def test_a_district_playback_counts_that_district_only(data):
    view = View(level="district", district="650104", layers=("communities",), per_10k=True)
    played = playback_data(data, view, Playback("quarter"))
    shown = data.communities[data.communities["district"] == "650104"]
    assert played["frames"][11][1] == str(len(shown))
    assert set(played["appear"]["community"]) <= set(shown["id"])
    assert played["frames"][0][0] == "2022 年第 1 季度 当季"


def test_the_playback_map_escapes_data_and_keeps_the_run_legend(data):
    hostile = data.communities.copy()
    hostile.loc[hostile.index[0], ["id", "year"]] = ["<img src=x onerror=alert(1)>${x}", 2024]
    bundle = dataclasses.replace(data, communities=hostile)
    m = playback_map(bundle, CITY, Playback())
    played = playback_arguments(m.get_root().render())
    assert "&lt;img src=x onerror=alert(1)&gt;&#36;{x}" in played["appear"]["community"]
    assert not any("<img" in key for key in played["appear"]["community"])
    assert played["url"] is False and played["resume"] is None


def test_uyghur_labels_keep_numbers_left_to_right(data):
    with i18n.using("ug"):
        played = playback_data(data, CITY, Playback())
    assert played["rtl"] is True
    assert "\u2066" in played["frames"][0][0]  # the year is isolated left to right


def test_saved_meeting_views_may_play():
    raw = [
        {"level": "urumqi", "layers": "choropleth", "playback": "cumulative", "speed": "fast"},
        {"level": "urumqi", "playback": "quarter", "quarter": "2023Q1", "playing": "0"},
        {"level": "urumqi", "playback": "cumulative", "speed": "warp"},
        {"level": "xinjiang", "playback": "cumulative"},
        {"level": "urumqi"},
    ]
    saved = meeting.saved_views(
        raw, ["650102"], reference.codes("community_types"), ["jobs_created"]
    )
    assert saved.playbacks == [
        Playback("cumulative", playing=True, speed="fast"),
        Playback("quarter", "2023Q1", playing=False),
        None,
    ]
    assert len(saved.views) == 3 and len(saved.problems) == 2
    assert "speed" in saved.problems[0] and "playback" in saved.problems[1]
    address = meeting.share_url("http://h", saved.views[0], "zh", saved.playbacks[0])
    assert address.endswith("/map?layers=choropleth&playback=cumulative&playing=1&speed=fast")
