"""Aggregations against figures worked out by hand."""

import pandas as pd
import pytest

from geo.indicators import ALL_PERIODS, in_period, progress, targets_in_period, totals


@pytest.fixture
def frames():
    indicators = pd.DataFrame(
        {
            "district": ["A", "A", "A", "B", "B"],
            "quarter": ["2022Q1", "2022Q2", "2023Q1", "2022Q1", "2024Q4"],
            "jobs_created": [10, 20, 30, 5, 7],
        }
    )
    targets = pd.DataFrame(
        {
            "district": ["A", "A", "A", "B", "B", "B"],
            "year": [2022, 2023, 2024, 2022, 2023, 2024],
            "jobs_created": [40, 40, 40, 8, 8, 8],
        }
    )
    return indicators, targets


def test_period_filters(frames):
    indicators, targets = frames
    assert in_period(indicators, "2022")["jobs_created"].sum() == 35
    assert in_period(indicators, "2022Q1")["jobs_created"].sum() == 15
    assert in_period(indicators, ALL_PERIODS)["jobs_created"].sum() == 72
    assert targets_in_period(targets, "2023Q3")["jobs_created"].sum() == 12  # (40 + 8) / 4


def test_totals_by_district(frames):
    indicators, _ = frames
    assert totals(indicators, ["jobs_created"], by="district")["jobs_created"].to_dict() == {
        "A": 60, "B": 12,
    }  # fmt: skip


def test_progress_city_and_district(frames):
    indicators, targets = frames
    (city,) = progress(indicators, targets, ["jobs_created"])
    assert (city.actual, city.target) == (72, 144)
    assert city.ratio == pytest.approx(0.5)
    (a_2022,) = progress(indicators, targets, ["jobs_created"], "2022", district="A")
    assert (a_2022.actual, a_2022.target, a_2022.ratio) == (30, 40, 0.75)
    (none,) = progress(indicators, targets.iloc[0:0], ["jobs_created"], district="B")
    assert none.target is None and none.ratio is None
