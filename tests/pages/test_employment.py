"""The employment page (/employment): numbers against an independent groupby of the loaded data,
the district shared with the map, and every label in English and Uyghur from the catalogs."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import i18n, tables
from components.escape import for_markdown
from components.guard import SHARED_DISTRICT_KEY
from components.i18n import t, term
from components.labels import period_label
from data import loader, reference
from tests.apptest import ARABIC, chart, chinese_in, open_app, plain

EMPLOYMENT = "pages/public/employment.py"


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
    for element in at.get("plotly_chart"):
        layout = json.loads(element.proto.spec)["layout"]
        texts.append(layout["title"]["text"])
        for axis in ("xaxis", "yaxis"):
            texts.append((layout.get(axis, {}).get("title") or {}).get("text"))
        texts += [a.get("text") for a in layout.get("annotations", [])]
        texts += [trace.get("name") for trace in json.loads(element.proto.spec)["data"]]
        texts += [str(trace.get("y")) for trace in json.loads(element.proto.spec)["data"]]
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
def translated(request) -> tuple[str, AppTest]:
    """The employment page for one district, in English or Uyghur; read-only."""
    return request.param, open_page(EMPLOYMENT, request.param, "650109")


def test_employment_titles_and_labels_come_from_the_catalog(translated) -> None:
    lang, at = translated
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


def test_employment_shows_no_chinese(translated) -> None:
    lang, at = translated
    texts = page_texts(at)
    assert len(texts) > 100
    assert chinese_in(texts) == []
    if lang == "ug":
        assert ARABIC.search(at.title[0].value) and ARABIC.search(at.metric[0].label)
