"""The overview and employment pages, KPI cards, charts and tables in English and Uyghur:
every label comes from the catalogs, and no Chinese shows except data values and 示例数据."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from components import analytics, figures, i18n, kpi, tables
from components.i18n import t, term
from components.typography import FONT_STACK
from geo.indicators import Progress
from tests.apptest import ARABIC, CHINESE, chinese_in

ROOT = Path(__file__).resolve().parent.parent
EMPLOYMENT, OVERVIEW = "pages/public/employment.py", "pages/public/overview.py"


# --- Components, rendered in one language --------------------------------------------


def test_kpi_cards_in_english() -> None:
    with i18n.using("en"):
        assert kpi.count_card("Startup communities", 1234).label == "Startup communities"
        assert kpi.count_card("Bases", 5, "sites").label == "Bases (sites)"
        card = kpi.progress_card(Progress("jobs_created", 950, 1000), "three-year target")
        assert (card.label, card.value, card.delta, card.delta_color, card.help) == (
            "Jobs created (people)",
            "950",
            "95% done · Near target",
            "orange",
            "Actual value as a share of the three-year target",
        )
        near = kpi.progress_card(Progress("jobs_created", 996, 1000))
        assert near.delta == "99.6% done · Near target"
        loans = kpi.progress_card(Progress("startup_loans", 12.34, None))
        assert (loans.label, loans.value, loans.delta) == (
            "Start-up guarantee loans (10k yuan)", "12.3", None,
        )  # fmt: skip
        card, line = kpi.period_card(
            Progress("jobs_created", 1250, 1000), Progress("jobs_created", 1000, None)
        )
        assert card.delta == "+25.0% vs previous period"  # the sign first: st.metric's direction
        assert line == ":green[Target 1,000 · 125% done (Achieved)]"
        assert kpi.period_card(Progress("jobs_created", 5, None), None)[1] == "No target data"


def test_kpi_cards_in_uyghur_isolate_numbers_and_keep_the_sign_first() -> None:
    with i18n.using("ug"):
        card = kpi.progress_card(Progress("jobs_created", 950, 1000))
        assert f"{i18n.LTR_START}95%{i18n.ISOLATE_END}" in card.delta
        assert ARABIC.search(card.label) and not CHINESE.search(card.label + card.delta)
        card, _ = kpi.period_card(
            Progress("jobs_created", 900, 1000), Progress("jobs_created", 1000, None)
        )
        assert card.delta.startswith("-10.0% ")


def test_zh_stays_the_default() -> None:
    assert tables.indicator_label("jobs_created") == "带动就业（人）"
    assert tables.per_10k_label("jobs_created") == "带动就业（人/万人）"
    assert tables.status_word("close") == "接近" and tables.status_word(None) == "无目标"
    assert kpi.count_card("创业社区", 3, "个").label == "创业社区（个）"


def test_figures_in_english_use_the_catalog_and_the_font_stack() -> None:
    quarters = pd.Index(["2024Q1", "2024Q2"])
    series = pd.Series([10.0, 20.0], index=quarters)
    with i18n.using("en"):
        fig = figures.quarterly_figure(series, "jobs_created", series / 2, "Tianshan District")
        assert fig.layout.title.text == "Tianshan District · Jobs created by quarter"
        assert [trace.name for trace in fig.data] == ["Actual", "Target (annual target ÷ 4)"]
        assert fig.layout.yaxis.title.text == "people"
        assert fig.layout.font.family == FONT_STACK
        frame = pd.DataFrame({c: [1.0, 2.0] for c in figures.TRAINING_PARTS}, index=quarters)
        training = figures.training_figure(frame, "<b>x</b>")
        assert (
            training.layout.title.text
            == "&lt;b&gt;x&lt;/b&gt; · People trained by type of training"
        )
        assert [trace.name for trace in training.data] == [
            term("indicators", c) for c in figures.TRAINING_PARTS
        ]
        by_type = figures.by_type_figure(pd.Series({"ecommerce": 3.0}), "jobs_created", "City")
        assert list(by_type.data[0].y) == ["E-commerce"]
        funnel = figures.funnel_figure(
            pd.Series({"trained_total": 5.0, "jobs_created": 3.0}), "Whole city · the three stages"
        )
        assert list(funnel.data[0].y) == ["People trained (person-times)", "Jobs created (people)"]
        assert funnel.data[0].hovertemplate == "%{y}: %{x:,.0f}<extra></extra>"


def test_progress_figure_in_english_names_statuses_and_gaps() -> None:
    table = pd.DataFrame(
        {
            "district": ["650102", "650109"],
            "ratio": [1.05, 0.8],
            "gap": [-5.0, 200.0],
            "status": ["achieved", "behind"],
        }
    )
    labels = pd.Series({"650102": "Tianshan District", "650109": "Midong District"})
    with i18n.using("en"):
        fig = figures.progress_figure(table, labels, "Jobs created: completion", "people")
    traces = {trace.name: trace for trace in fig.data}
    assert list(traces) == ["Achieved", "Near target (≥90%)", "Behind (<90%)"]
    assert list(traces["Behind (<90%)"].customdata) == ["80% · 200 people short"]  # hover
    # Each bar's share in the column right of the plot, level with its bar.
    values = [(a.y, a.text) for a in fig.layout.annotations if a.name == "value"]
    assert values == [("Tianshan District", "105%"), ("Midong District", "80%")]
    marks = [a.text for a in fig.layout.annotations if a.name == "reference"]
    assert marks == ["90%", "100%"]
    # The axis title in lines short enough for a phone.
    assert fig.layout.xaxis.title.text == "Completion (% of the<br>cumulative target to date)"


def test_tables_in_english_have_english_headers_and_words() -> None:
    table = pd.DataFrame(
        {
            "district": ["650102"],
            "code": ["jobs_created"],
            "actual": [90.0],
            "target": [100.0],
            "ratio": [0.9],
            "gap": [10.0],
            "status": ["close"],
            "program_target": [300.0],
        }
    )
    names = {"650102": "Tianshan District"}
    with i18n.using("en"):
        long = tables.progress_long(table, names)
        assert list(long.columns)[:4] == ["District", "Indicator", "Unit", "Cumulative actual"]
        assert long.iloc[0]["Status"] == "Near target"
        assert long.iloc[0]["Indicator"] == "Jobs created"
        cells, _ = tables.progress_matrix(table, names)
        assert cells.index.name == "District" and cells.iat[0, 0] == "90% Near target"
        funnel = tables.funnel_table(pd.Series({"trained_total": 5.0}))
        assert list(funnel.columns) == ["Stage", "Unit", "Value", "How it is counted"]
        assert funnel.iat[0, 3].startswith("Person-times")
        quarterly = tables.quarterly_table(
            pd.DataFrame({"jobs_created": [1.0]}, index=["2024Q1"]),
            pd.DataFrame({"jobs_created": [2.0]}, index=["2024Q1"]),
        )
        assert list(quarterly.columns) == [
            "Quarter", "Jobs created (people)", "Jobs created (people) · quarterly target",
        ]  # fmt: skip
        assert tables.city_label() == "Whole city"
        assert tables.format_value(12.345, "startup_loans") == "12.3"
    assert chinese_in(long.columns) == [] and chinese_in(funnel.columns) == []


def test_fill_keeps_a_uyghur_period_phrase_in_reading_order() -> None:
    with i18n.using("ug"):
        period = t("map.periods.quarter", year="2023", quarter="2")
        heading = t("employment.behind_heading", period=period)
        assert period in heading  # not wrapped whole in a left-to-right isolate
        assert f"{i18n.LTR_START}{period}" not in heading


def test_a_deferred_brief_is_built_in_the_page_language() -> None:
    assert analytics._in_language("ug", i18n.current) == "ug"
    assert i18n.current() == "zh"


# --- The pages in AppTest --------------------------------------------------------------
