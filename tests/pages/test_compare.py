"""The comparison page (/compare): its table against a groupby, its URL, the brief's numbers, and
the page in English and Uyghur."""

from __future__ import annotations

import pytest
from jinja2.utils import htmlsafe_json_dumps
from streamlit.testing.v1 import AppTest

from components import i18n, tables
from components.brief import district_brief
from components.guard import SHARED_DISTRICT_KEY
from data import reference
from tests.apptest import (
    ARABIC,
    CHINESE,
    chart,
    decoded,
    folium_elements,
    open_app,
    titled_charts,
    without_sample_label,
)
from tests.test_brief import table_row

COMPARE = "pages/public/compare.py"
NAMES = {"650102": "天山区", "650105": "水磨沟区", "650109": "米东区", "650121": "乌鲁木齐县"}
QUERY = {"districts": "650102,650105", "period": "2023"}


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


def test_ranking_names_the_chosen_districts_in_their_colours_and_greys_the_rest(indicators):
    at = open_app(COMPARE, query={**QUERY, "districts": "650105,650102"})
    (_, steps), (_, ranking) = [(t, s) for t, s in titled_charts(at) if "培训人数" in t]
    assert [t["name"] for t in ranking["data"]] == ["水磨沟区", "天山区", "其余区县"]
    shown = [ranking["layout"].get("showlegend", True)] + [
        t.get("showlegend", True) for t in ranking["data"]
    ]
    assert all(shown)  # the legend says which colour is which district
    colours = {t["name"]: t["marker"]["color"] for t in steps["data"]}
    for trace in ranking["data"][:2]:  # the same colour as in the grouped bars above
        assert trace["marker"]["color"] == colours[trace["name"]]
    assert len({t["marker"]["color"] for t in ranking["data"]}) == 3
    bars = {name: value for t in ranking["data"]
            for value, name in zip(decoded(t["x"]), decoded(t["y"]), strict=True)}  # fmt: skip
    year = indicators[indicators["quarter"].str[:4] == "2023"]
    sums = year.groupby("district")["trained_total"].sum()
    assert len(bars) == len(sums) and bars["水磨沟区"] == sums["650105"]  # each district once
    order = ranking["layout"]["yaxis"]["categoryarray"]
    assert [bars[name] for name in order] == sorted(bars.values())  # largest on top


def test_comparison_without_url_starts_from_the_map_district():
    at = open_app(COMPARE, state={SHARED_DISTRICT_KEY: "650109"})
    assert at.multiselect(key="cmp_districts").value[0] == "650109"
    assert len(at.multiselect(key="cmp_districts").value) == 2


def shown_texts(at: AppTest) -> list[str]:
    """Every text the comparison page shows: headings, captions, notices, widget labels
    and options, tab labels, table headers and cells, download labels, chart titles and
    trace names."""
    texts = [e.value for kind in ("title", "subheader", "caption", "info", "text")
             for e in getattr(at, kind)]  # fmt: skip
    for widget in [*at.multiselect, *at.selectbox]:
        texts += [widget.label, *widget.options]
    texts += [tab.label for tab in at.tabs]
    for frame in at.dataframe:
        table = frame.value
        texts += [str(c) for c in table.columns]
        texts += [v for column in table.columns for v in table[column] if isinstance(v, str)]
    texts += [button.proto.label for button in at.get("download_button")]
    for title, spec in titled_charts(at):
        texts.append(title)
        texts += [trace.get("name") or "" for trace in spec["data"]]
    return texts


@pytest.fixture(scope="module")
def english() -> AppTest:
    return open_app(COMPARE, lang="en", query=QUERY)


@pytest.fixture(scope="module")
def uyghur() -> AppTest:
    return open_app(COMPARE, lang="ug", query=QUERY)


def test_comparison_page_in_english(english):
    at = english
    assert at.title[0].value == "Compare districts"
    assert at.multiselect(key="cmp_districts").label == "Districts (2–4)"
    assert at.multiselect(key="cmp_districts").value == ["650102", "650105"]
    assert [s.label for s in at.selectbox] == ["Indicator", "Period"]
    assert at.selectbox(key="cmp_period").options[0] == "2022–2024, three years"
    headings = [s.value for s in at.subheader]
    assert headings[0] == "Key indicators · 2023" and headings[2] == "Maps"
    assert headings[-1].startswith("All districts ranked · ")
    assert [tab.label for tab in at.tabs][:2] == ["Absolute", "Per 10,000 residents"]
    assert list(at.dataframe[0].value.columns)[1:] == ["Tianshan District", "Shuimogou District"]
    assert any(c.value.startswith("Per 10,000 residents = ") for c in at.caption)
    assert any("prints on A4" in c.value for c in at.caption)
    chinese = [t for t in shown_texts(at) if CHINESE.search(without_sample_label(t, "en"))]
    assert chinese == []


def test_comparison_page_in_uyghur(uyghur):
    at = uyghur
    assert at.title[0].value == "رايونلارنى سېلىشتۇرۇش"
    labels = [at.multiselect[0].label, *(s.label for s in at.selectbox)]
    assert all(ARABIC.search(label) for label in labels), labels
    assert at.multiselect[0].options[0] == "تەڭرىتاغ رايونى"
    assert all(ARABIC.search(s.value) for s in at.subheader)
    # The year is kept left to right inside the Uyghur phrase, itself kept right to left.
    assert f"{i18n.LTR_START}2023{i18n.ISOLATE_END}-يىل" in at.subheader[0].value
    chinese = [t for t in shown_texts(at) if CHINESE.search(without_sample_label(t, "ug"))]
    assert chinese == []


@pytest.mark.parametrize("lang", ["ug", "zh"])
def test_small_maps_keep_their_legends_folded(lang, uyghur):
    at = uyghur if lang == "ug" else open_app(COMPARE, query=QUERY)
    maps = folium_elements(at)
    assert len(maps) == 2
    folded = '<details dir="rtl">' if lang == "ug" else "<details>"
    for folium_map in maps:
        script = folium_map["script"]
        assert htmlsafe_json_dumps(folded)[1:-1] in script
        assert htmlsafe_json_dumps("<details open")[1:-1] not in script


def test_comparison_hint_below_two_districts_in_english():
    at = open_app(COMPARE, lang="en", query={"districts": "650102"})
    assert at.info[0].value.startswith(
        "Choose at least 2 districts (at most 4) to compare; 1 chosen"
    )


def test_load_failure_message_in_english_keeps_the_data_layer_report(data_copy):
    (data_copy / "communities.csv").unlink()
    at = open_app(COMPARE, lang="en", check=False)
    assert at.error[0].value.startswith("The data could not be loaded.")
    assert "缺少数据文件 communities.csv" in at.code[0].value  # the data layer's words (zh)
    assert str(data_copy) not in at.code[0].value  # no server path on a public page


def test_brief_numbers_match_the_comparison_page(data, sample_info):
    at = open_app(COMPARE, query={"districts": "650109,650102", "period": "2023"})
    absolute = at.dataframe[0].value.set_index("指标")
    per_10k = at.dataframe[1].value.set_index("指标")
    html = district_brief(data, "650109", "2023", sample_info)
    for code in ("jobs_created", "trained_total", "startup_loans"):
        cells = table_row(html, tables.indicator_label(code))
        assert cells[0] == tables.format_value(
            absolute.at[tables.indicator_label(code), "米东区"], code
        )
        assert cells[1] == tables.format_per_10k(per_10k.at[tables.per_10k_label(code), "米东区"])
