"""The employment and comparison pages in AppTest: numbers against an independent groupby
of the loaded data, the district shared with the map, and the comparison's URL."""

from __future__ import annotations

import base64
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.guard import SHARED_DISTRICT_KEY
from data import loader, reference
from tests.apptest import open_app
from tests.charts import titled_charts
from tests.test_app import folium_elements

ROOT = Path(__file__).resolve().parent.parent
EMPLOYMENT, COMPARE = "pages/public/employment.py", "pages/public/compare.py"
NAMES = {"650102": "天山区", "650105": "水磨沟区", "650109": "米东区", "650121": "乌鲁木齐县"}


def decoded(values) -> list:
    """Plotly sends numeric arrays as {"dtype", "bdata"} (base64); lists pass through."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def chart(at: AppTest, title_part: str) -> list[dict]:
    """The traces (x, y, name) of the chart whose title contains ``title_part``."""
    for title, spec in titled_charts(at):
        if title_part in title:
            return [
                {"x": decoded(t["x"]), "y": decoded(t["y"]), "name": t.get("name")}
                for t in spec["data"]
            ]
    raise AssertionError(f"no chart titled …{title_part}…")


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return loader.load("indicators")


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return loader.load("targets")


@pytest.fixture(scope="module")
def employment() -> AppTest:
    """The employment page as it first opens (whole city, three years); read-only."""
    return open_app(EMPLOYMENT)


def training_completion(indicators, targets) -> pd.Series:
    """Training done over the three years ÷ the sum of the annual targets, per district."""
    done = indicators.groupby("district")["trained_total"].sum()
    planned = targets.groupby("district")["trained_total"].sum()
    return (done / planned).sort_values()


def test_employment_names_the_district_furthest_behind_on_training(employment, indicators, targets):
    at = employment
    done = indicators.groupby("district")["trained_total"].sum()
    planned = targets.groupby("district")["trained_total"].sum()  # through 2024Q4: all years
    worst = (done / planned).idxmin()
    metric = next(m for m in at.metric if m.label == "培训人数 · 完成率最低")
    name = loader.load_all().district_names[worst]
    assert metric.value == f"{name} {done[worst] / planned[worst]:.0%}"
    assert metric.delta.startswith(f"差 {planned[worst] - done[worst]:,.0f} 人次")


def test_employment_charts_equal_independent_sums(indicators, targets):
    at = open_app(EMPLOYMENT, state={SHARED_DISTRICT_KEY: "650109"})
    assert at.selectbox(key="emp_district").value == "650109"
    mine = indicators[indicators["district"] == "650109"]
    funnel = chart(at, "三个环节的数量")[0]["x"]
    assert funnel == [
        float(mine[c].sum()) for c in ["trained_total", "jobs_created", "new_entities"]
    ]
    by_type = chart(at, "（按社区类型）")[0]
    types = reference.community_types().set_index("code")["name_zh"]
    expected = mine.groupby("community_type")["trained_total"].sum()
    assert dict(zip(by_type["y"], by_type["x"], strict=True)) == {
        types[c]: float(v) for c, v in expected.items() if v > 0
    }
    progress = chart(at, "完成率（从低到高）")
    shown = {y: x for trace in progress for y, x in zip(trace["y"], trace["x"], strict=True)}
    assert shown["米东区"] == pytest.approx(
        100 * training_completion(indicators, targets)["650109"]
    )
    training = chart(at, "米东区 · 培训人数（按季度）")
    assert training[0]["y"] == mine.groupby("quarter")["trained_total"].sum().tolist()
    yearly = targets[targets["district"] == "650109"].set_index("year")["trained_total"]
    assert training[1]["y"] == [yearly[y] / 4 for y in (2022, 2023, 2024) for _ in range(4)]
    grid = chart(at, "米东区 · 按季度")  # bars and target lines, two traces per indicator
    for number, code in enumerate(["jobs_created", "new_entities", "returnee_startups"]):
        assert grid[2 * number]["y"] == mine.groupby("quarter")[code].sum().tolist()


def test_employment_district_choice_is_shared_with_the_map():
    at = open_app(EMPLOYMENT)
    assert at.selectbox(key="emp_district").value == ""
    at.selectbox(key="emp_district").select("650106").run()
    assert at.session_state[SHARED_DISTRICT_KEY] == "650106"
    assert any(s.value.startswith("季度走势 · 头屯河区") for s in at.subheader)
    assert at.get("download_button")[-1].proto.label.startswith("下载头屯河区简报")
    at.selectbox(key="emp_period").select("2023Q2").run()
    assert not at.exception
    assert at.subheader[0].value == "落后最多 · 累计至 2023 年第 2 季度"


def test_progress_matrix_words_follow_the_rule(employment, indicators, targets):
    matrix = employment.dataframe[0].value
    completion = training_completion(indicators, targets)
    names = loader.load_all().district_names
    for district, ratio in completion.items():
        word = "已完成" if ratio >= 1 else "接近" if ratio >= 0.9 else "落后"
        assert matrix.at[names[district], "培训人数"].endswith(word)


@pytest.mark.parametrize(
    ("districts", "period"),
    [(["650102", "650105"], "2022-2024"), (["650102", "650105", "650109", "650121"], "2023")],
)
def test_comparison_table_matches_a_groupby(indicators, districts, period):
    query = {"districts": ",".join(districts), "period": period}
    at = open_app(COMPARE, query=query)
    rows = (
        indicators if period == "2022-2024" else indicators[indicators["quarter"].str[:4] == period]
    )
    sums = rows.groupby("district")[["jobs_created", "trained_total", "startup_loans"]].sum()
    absolute = at.dataframe[0].value.set_index("指标")
    assert list(absolute.columns) == [NAMES[d] for d in districts]
    population = reference.district_population().set_index("adcode")["population"]
    per_10k = at.dataframe[1].value.set_index("指标")
    for district in districts:
        column = NAMES[district]
        assert absolute.at["带动就业（人）", column] == sums.at[district, "jobs_created"]
        assert absolute.at["培训人数（人次）", column] == sums.at[district, "trained_total"]
        loans = round(float(sums.at[district, "startup_loans"]), 1)
        assert absolute.at["创业担保贷款（万元）", column] == pytest.approx(loans)
        expected = sums.at[district, "jobs_created"] / population[district] * 10_000
        assert per_10k.at["带动就业（人/万人）", column] == pytest.approx(expected, abs=0.05)
    assert len(folium_elements(at)) == len(districts)
    bars = chart(at, "培训人数（人次） · ")
    assert [trace["name"] for trace in bars] == [NAMES[d] for d in districts]
    briefs = [b for b in at.get("download_button") if b.proto.label.endswith("可打印为 A4）")]
    assert len(briefs) == len(districts)
    assert any("占位数字" in c.value for c in at.caption)


def test_comparison_writes_its_choice_to_the_url_and_hints_below_two():
    at = open_app(COMPARE, query={"districts": "650102,650105,bogus", "indicator": "jobs_created"})
    assert at.multiselect(key="cmp_districts").value == ["650102", "650105"]
    assert at.query_params["districts"] == "650102,650105"
    at.multiselect(key="cmp_districts").select("650109").run()
    assert at.query_params["districts"] == "650102,650105,650109"
    at.selectbox(key="cmp_period").select("2024Q1").run()
    assert at.query_params["period"] == "2024Q1"
    at.multiselect(key="cmp_districts").set_value(["650102"]).run()
    assert not at.exception
    assert "请至少选择 2 个区县" in at.info[0].value
    assert len(at.get("plotly_chart")) == 1  # only the ranking of all districts


def test_comparison_without_url_starts_from_the_map_district():
    at = open_app(COMPARE, state={SHARED_DISTRICT_KEY: "650109"})
    assert at.multiselect(key="cmp_districts").value[0] == "650109"
    assert len(at.multiselect(key="cmp_districts").value) == 2
