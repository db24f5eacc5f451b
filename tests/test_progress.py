"""Cumulative progress, breakdowns and the district comparison against hand-worked figures."""

import pandas as pd
import pytest

from geo import compare
from geo import indicators as ind


@pytest.fixture
def frames():
    indicators = pd.DataFrame(
        {
            "district": ["A", "A", "A", "A", "B", "B", "C"],
            "community_type": ["x", "y", "x", "x", "x", "y", "x"],
            "quarter": ["2022Q1", "2022Q1", "2023Q2", "2024Q1", "2022Q4", "2023Q1", "2022Q2"],
            "jobs_created": [10, 5, 30, 100, 8, 12, 50],
            "trained_total": [40, 0, 60, 10, 20, 20, 7],
        }
    )
    targets = pd.DataFrame(
        {
            "district": ["A", "A", "A", "B", "B", "B"],
            "year": [2022, 2023, 2024, 2022, 2023, 2024],
            "jobs_created": [40, 80, 120, 8, 16, 40],
            "trained_total": [100, 100, 100, 40, 40, 40],
        }
    )
    return indicators, targets


def test_period_end_and_quarters():
    assert ind.period_end(ind.ALL_PERIODS) == "2024Q4"
    assert ind.period_end("2023") == "2023Q4"
    assert ind.period_end("2023Q2") == "2023Q2"
    assert ind.quarters_through("2022Q3") == ["2022Q1", "2022Q2", "2022Q3"]
    assert len(ind.quarters_through("2024Q4")) == 12


def test_cumulative_target_takes_a_quarter_of_the_current_year_per_quarter(frames):
    _, targets = frames
    through_2023q2 = ind.cumulative_target(targets, ["jobs_created"], "2023Q2")["jobs_created"]
    assert through_2023q2.to_dict() == {"A": 40 + 80 / 2, "B": 8 + 16 / 2}
    assert ind.cumulative_target(targets, ["jobs_created"], "2022Q1").at["A", "jobs_created"] == 10
    assert ind.program_target(targets, ["jobs_created"])["jobs_created"].to_dict() == {
        "A": 240, "B": 64,
    }  # fmt: skip


def test_cumulative_progress_ratio_gap_and_status(frames):
    indicators, targets = frames
    table = ind.cumulative_progress(
        indicators, targets, ["jobs_created"], "2023Q2", ["A", "B", "C"]
    )
    rows = table.set_index("district")
    # A: 10 + 5 + 30 = 45 against 40 + 40 = 80.
    assert (rows.at["A", "actual"], rows.at["A", "target"]) == (45, 80)
    assert rows.at["A", "ratio"] == pytest.approx(45 / 80)
    assert rows.at["A", "gap"] == 35 and rows.at["A", "status"] == ind.BEHIND
    assert rows.at["A", "program_target"] == 240
    # B: 8 + 12 = 20 against 8 + 8 = 16: reached, nothing missing.
    assert rows.at["B", "ratio"] == pytest.approx(1.25)
    assert rows.at["B", "gap"] == 0 and rows.at["B", "status"] == ind.ACHIEVED
    # C has rows but no target.
    assert rows.at["C", "actual"] == 50
    assert pd.isna(rows.at["C", "ratio"]) and pd.isna(rows.at["C", "status"])


def test_close_means_at_least_ninety_percent(frames):
    indicators, targets = frames
    # Through 2024Q1 the target is 100 + 100 + 100/4 = 225 for A and 40 + 40 + 10 = 90 for B.
    table = ind.cumulative_progress(indicators, targets, ["trained_total"], "2024Q1", ["A", "B"])
    assert table["target"].tolist() == [225, 90]
    assert table["actual"].tolist() == [110, 40]
    exact = indicators.assign(trained_total=[40, 0, 60, 125, 20, 61, 7])  # A 225, B 81 = 90 %
    rows = ind.cumulative_progress(exact, targets, ["trained_total"], "2024Q1", ["A", "B"])
    assert rows["status"].tolist() == [ind.ACHIEVED, ind.CLOSE]
    assert rows["gap"].tolist() == [0, 9]


def test_city_rows_sum_the_districts_and_shortfalls_rank_the_furthest_behind(frames):
    indicators, targets = frames
    table = ind.cumulative_progress(indicators, targets, ["jobs_created"], "2024Q4", ["A", "B"])
    (city,) = ind.city_progress(table).itertuples()
    assert (city.actual, city.target) == (145 + 20, 240 + 64)
    assert city.ratio == pytest.approx(165 / 304)
    ranked = ind.ranked_shortfalls(table, "jobs_created")
    # A: 145 / 240 = 60 %, B: 20 / 64 = 31 % → B first, 44 missing.
    assert ranked["district"].tolist() == ["B", "A"]
    assert ranked.loc[0, "gap"] == 44


def test_breakdowns_and_quarterly_targets(frames):
    indicators, targets = frames
    by_type = ind.breakdown(indicators, ["jobs_created"], "2022", "community_type")
    assert by_type["jobs_created"].to_dict() == {"x": 10 + 8 + 50, "y": 5}
    inside_a = ind.breakdown(indicators, ["jobs_created"], ind.ALL_PERIODS, "community_type", "A")
    assert inside_a["jobs_created"].to_dict() == {"x": 140, "y": 5}
    by_district = ind.breakdown(indicators, ["trained_total"], "2023", "district")
    assert by_district["trained_total"].to_dict() == {"A": 60, "B": 20}
    quarterly = ind.quarterly_targets(targets, ["jobs_created"], ["2022Q4", "2023Q1"], "A")
    assert quarterly["jobs_created"].tolist() == [10, 20]
    city = ind.quarterly_targets(targets, ["jobs_created"], ["2024Q2"])
    assert city.at["2024Q2", "jobs_created"] == (120 + 40) / 4


def test_district_kpis_absolute_and_per_10k(frames):
    indicators, _ = frames
    population = pd.Series({"A": 50_000, "B": 0})
    kpis = compare.district_kpis(indicators, ["jobs_created"], "2022", ["A", "B", "C"], population)
    rows = kpis.set_index("district")
    assert rows["value"].to_dict() == {"A": 15, "B": 8, "C": 50}
    assert rows.at["A", "per_10k"] == pytest.approx(15 / 50_000 * 10_000)
    assert pd.isna(rows.at["B", "per_10k"]) and pd.isna(rows.at["C", "per_10k"])


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (ind.ALL_PERIODS, {"2022": [15, 8], "2023": [30, 12], "2024": [100, 0]}),
        ("2023", {"2023Q1": [0, 12], "2023Q2": [30, 0], "2023Q3": [0, 0], "2023Q4": [0, 0]}),
        ("2022Q4", {"2022Q4": [0, 8]}),
    ],
)
def test_period_steps(frames, period, expected):
    indicators, _ = frames
    steps = compare.period_steps(indicators, "jobs_created", period, ["A", "B"])
    assert {k: list(v) for k, v in steps.iterrows()} == expected


def test_comparison_url_state_is_validated_and_round_trips():
    districts, codes = ["650102", "650105", "650109", "650121", "650104"], ["jobs_created"]
    params = {"districts": "650102,bogus,650105,650102,650109,650121,650104", "period": "1999"}
    state = compare.comparison_from_params(params, districts, codes)
    assert state.districts == ("650102", "650105", "650109", "650121")  # valid, unique, ≤ 4
    assert state.period == ind.ALL_PERIODS and state.indicator == compare.DEFAULT_INDICATOR
    assert state.ready
    back = compare.comparison_to_params(state)
    assert back == {"districts": "650102,650105,650109,650121"}
    again = compare.comparison_from_params(
        {**back, "indicator": ["x", "jobs_created"], "period": "2023Q2"}, districts, codes
    )
    assert (again.indicator, again.period) == ("jobs_created", "2023Q2")
    assert not compare.comparison_from_params({"districts": "650102"}, districts, codes).ready
