"""The overview and employment pages, KPI cards, charts and tables in English and Uyghur:
every label comes from the catalogs, and no Chinese shows except data values and 示例数据."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import analytics, figures, i18n, kpi, tables
from components.escape import for_markdown
from components.i18n import t, term
from components.labels import period_label
from components.typography import FONT_STACK
from geo.indicators import Progress
from tests.apptest import open_app
from tests.charts import titled_charts

ROOT = Path(__file__).resolve().parent.parent
EMPLOYMENT, OVERVIEW = "pages/public/employment.py", "pages/public/overview.py"
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
ISOLATES = str.maketrans("", "", i18n.LTR_START + i18n.ISOLATE_END)


def plain(text: str) -> str:
    """Text without the left-to-right isolates that Uyghur messages put around numbers."""
    return text.translate(ISOLATES)


def chinese_in(texts) -> list[str]:
    return [text for text in texts if text and CHINESE.search(str(text))]


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
        assert (
            kpi.progress_card(Progress("jobs_created", 996, 1000)).delta
            == "99.6% done · Near target"
        )
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
    assert list(traces["Behind (<90%)"].text) == ["80%"]  # short: fits beside the bar
    assert list(traces["Behind (<90%)"].customdata) == ["80% · 200 people short"]  # hover
    assert list(traces["Achieved"].text) == ["105%"]
    assert fig.layout.xaxis.title.text == "Completion (% of the cumulative target to date)"


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


def open_page(script: str, lang: str, district: str | None = None) -> AppTest:
    """The page in ``lang``, with a district and 2024 chosen through the widgets."""
    at = open_app(script, lang=lang)
    if district:
        at.selectbox(key="emp_district").select(district).run()
        at.selectbox(key="emp_period").select("2024").run()  # options formatted in lang
    assert not at.exception, [e.value for e in at.exception]
    return at


def chart_texts(at: AppTest) -> list[str]:
    """Titles, axis titles, subplot titles and trace names of every chart."""
    texts = []
    for title, spec in titled_charts(at):
        layout = spec["layout"]
        texts.append(title)
        for axis in ("xaxis", "yaxis"):
            texts.append((layout.get(axis, {}).get("title") or {}).get("text"))
        texts += [a.get("text") for a in layout.get("annotations", [])]
        texts += [trace.get("name") for trace in spec["data"]]
        texts += [str(trace.get("y")) for trace in spec["data"]]
    return texts


def page_texts(at: AppTest) -> list[str]:
    """What a reader sees on the page, besides the sample banner and the sidebar."""
    texts = [e.value for e in at.title] + [e.value for e in at.subheader]
    texts += [e.value for e in at.caption] + [e.value for e in at.info]
    texts += [x for m in at.metric for x in (m.label, m.value, m.delta, m.proto.help)]
    texts += [s.label for s in at.selectbox] + [o for s in at.selectbox for o in s.options]
    texts += [x.label for x in at.tabs] + [x.label for x in at.expander]
    texts += [x for b in at.get("download_button") for x in (b.proto.label, b.proto.help)]
    texts += [p.proto.text for p in at.get("progress")]
    texts += chart_texts(at)
    for frame in at.dataframe:
        value = frame.value
        value = getattr(value, "data", value)  # a Styler holds its frame in .data
        texts += [str(c) for c in value.columns] + [str(value.index.name)]
        texts += [str(v) for v in value.index]
        texts += [str(v) for v in value.to_numpy().ravel()]
    return [plain(text) for text in texts if text]


@pytest.fixture(scope="module", params=["en", "ug"])
def employment(request) -> tuple[str, AppTest]:
    """The employment page for one district, in English or Uyghur; read-only."""
    return request.param, open_page(EMPLOYMENT, request.param, "650109")


def test_employment_titles_and_labels_come_from_the_catalog(employment) -> None:
    lang, at = employment
    with i18n.using(lang):
        place = term("districts", "650109")
        assert at.title[0].value == t("page_titles.employment")
        assert at.selectbox(key="emp_district").label == t("employment.district_select")
        assert at.selectbox(key="emp_period").label == t("employment.period_select")
        assert at.selectbox(key="emp_district").options[0] == t("employment.whole_city", count=8)
        lowest = t("employment.lowest", indicator=term("indicators", "trained_total"))
        assert at.metric[0].label == lowest
        headings = [s.value for s in at.subheader]
        assert headings[-1] == t("employment.brief_heading")
        quarterly = t("employment.quarterly_heading", place=for_markdown(place),
                      quarters="2022Q1—2024Q4")  # fmt: skip
        assert quarterly in headings
        breakdown = t(
            "employment.breakdown_heading",
            indicator=tables.indicator_label("trained_total"),
            period=period_label("2024"),
        )
        assert breakdown in headings
        assert [x.label for x in at.tabs][:2] == [t("charts.tab_chart"), t("employment.tab_matrix")]
        funnel_title = t("employment.funnel_title", place=place)
        assert funnel_title in chart_texts(at)
        labels = [b.proto.label for b in at.get("download_button")]
        assert t("charts.download_csv") in labels
        assert labels[-1] == t("charts.brief_button", name=place)
        assert t("employment.funnel_note") in [c.value for c in at.caption]


def test_employment_shows_no_chinese(employment) -> None:
    lang, at = employment
    texts = page_texts(at)
    assert len(texts) > 100
    assert chinese_in(texts) == []
    if lang == "ug":
        assert ARABIC.search(at.title[0].value) and ARABIC.search(at.metric[0].label)


@pytest.fixture(scope="module", params=["en", "ug"])
def overview(request) -> tuple[str, AppTest]:
    return request.param, open_page(OVERVIEW, request.param)


def column_labels(frame) -> dict[str, str]:
    """The headers a dataframe shows: its column_config labels, by column."""
    config = json.loads(frame.proto.columns or "{}")
    return {name: c["label"] for name, c in config.items() if "label" in c}


# Columns of the program figures that hold data as entered (Chinese in every language).
QUOTED = {"purpose", "scope", "period", "source_title", "source_outlet"}


def test_overview_in_another_language(overview) -> None:
    lang, at = overview
    with i18n.using(lang):
        assert at.title[0].value == t("page_titles.overview")
        labels = [m.label for m in at.metric]
        assert labels[:2] == [t("overview.communities"), t("overview.bases")]
        assert labels[2] == tables.indicator_label("jobs_created")
        assert at.metric[2].proto.help == t(
            "charts.kpi_help", target=t("overview.three_year_target")
        )
        assert [s.value for s in at.subheader] == [
            t("overview.map_heading"), t("overview.types_heading", count=13),
        ]  # fmt: skip
        assert at.expander[0].label == t("overview.figures_heading")
        types, quoted = at.dataframe[0].value, at.dataframe[1].value
        assert (
            list(types["name"])
            == [term("community_types", c) for c in ("convenience", "modern_service")]
            + list(types["name"])[2:]
        )
        assert term("program_figures", "xj_incubation_bases") in list(quoted["name"])
        headers = [column_labels(frame) for frame in at.dataframe]
        assert headers[0] == {
            "name": t("overview.col_type"),
            "count": t("overview.col_count"),
            "purpose": t("overview.col_purpose"),
        }
        assert headers[1]["source_title"] == t("overview.fig.source_title")
    texts = [e.value for e in at.title] + [e.value for e in at.subheader]
    texts += [x for m in at.metric for x in (m.label, m.value, m.delta, m.proto.help)]
    texts += [x.label for x in at.expander] + [c.value for c in at.caption]
    texts += [label for frame_labels in headers for label in frame_labels.values()]
    for frame in (types, quoted):
        texts += [str(v) for c in frame.columns if c not in QUOTED for v in frame[c]]
    assert chinese_in([plain(x) for x in texts if x]) == []
    # The sample banner keeps 示例数据 in every language.
    assert "示例数据" in at.warning[0].value
