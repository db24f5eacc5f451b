"""The explorer view's round trip through query parameters, and period arithmetic."""

import pytest

from geo.indicators import ALL_PERIODS
from geo.view import (
    Move,
    View,
    click_move,
    clicked_feature,
    previous_period,
    view_from_params,
    view_to_params,
)

DISTRICTS = ["650102", "650105"]
TYPES = ["childcare", "digital"]
INDICATORS = ["jobs_created", "trained_total"]


def parse(params):
    return view_from_params(params, DISTRICTS, TYPES, INDICATORS)


def test_defaults_give_an_empty_query_string():
    assert parse({}) == View()
    assert view_to_params(View()) == {}


def test_round_trip_of_a_full_view():
    view = View(
        level="district", district="650105", layers=("bases", "choropleth"),
        types=("digital",), indicator="trained_total", period="2023Q4", per_10k=True,
    )  # fmt: skip
    params = view_to_params(view)
    assert params == {
        "level": "district", "district": "650105", "layers": "bases,choropleth",
        "types": "digital", "indicator": "trained_total", "period": "2023Q4", "per10k": "1",
    }  # fmt: skip
    assert parse(params) == view


def test_bad_values_fall_back_without_error():
    view = parse(
        {"level": "moon", "district": "999999", "layers": "bases,<script>", "types": "x",
         "indicator": "gdp", "period": "2031", "per10k": "yes"}
    )  # fmt: skip
    assert view == View(layers=("bases",))


def test_district_implies_the_district_level_and_vice_versa():
    assert parse({"district": "650102"}).level == "district"
    assert parse({"level": "district"}).level == "urumqi"
    assert parse({"layers": ""}).layers == ()
    assert View().with_district("650102") == View(level="district", district="650102")
    assert View(level="district", district="650102").with_district(None) == View()


@pytest.mark.parametrize(
    ("period", "before"),
    [("2023Q1", "2022Q4"), ("2024Q3", "2024Q2"), ("2022Q1", None), ("2023", "2022"),
     ("2022", None), (ALL_PERIODS, None)],
)  # fmt: skip
def test_previous_period(period, before):
    assert previous_period(period) == before


def test_a_click_drills_down_goes_up_or_opens_a_card():
    def move(level, kind, item_id):
        return click_move(level, kind, item_id, DISTRICTS, "乌鲁木齐")

    assert move("urumqi", "district", "650105") == Move("district", "650105")
    assert move("urumqi", "density", "650102") == Move("district", "650102")
    assert move("district", "density", "650102") is None  # cells inside a district stay
    assert move("urumqi", "district", "999999") is None
    assert move("xinjiang", "unit", "乌鲁木齐") == Move("urumqi")
    assert move("xinjiang", "unit", "昌吉州") is None
    assert move("urumqi", "base", "B01") == Move(item=("base", "B01"))
    value = {"last_active_drawing": {"properties": {"kind": "community", "id": "C7"}}}
    assert clicked_feature(value) == ("community", "C7")
    assert clicked_feature(None) == clicked_feature({"last_active_drawing": None}) == (None, None)
