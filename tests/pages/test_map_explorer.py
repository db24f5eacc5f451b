"""The map explorer page in AppTest: clicks, widgets, URL and session state."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from jinja2.utils import htmlsafe_json_dumps
from streamlit.testing.v1 import AppTest

from components import i18n
from components.escape import for_folium
from components.guard import SHARED_DISTRICT_KEY
from tests.apptest import ARABIC, CHINESE, folium_elements, open_app

PAGE = "pages/public/map_explorer.py"


def in_script(text: str, folium_map: dict) -> bool:
    """Legend HTML sits in the map script as a JSON string, so non-ASCII is escaped."""
    return json.dumps(text)[1:-1] in folium_map["script"]


def click(at: AppTest, kind: str, item_id: str) -> AppTest:
    at.session_state["ex_map"] = {
        "last_active_drawing": {"properties": {"kind": kind, "id": item_id}}
    }
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_clicking_a_district_shows_its_panel_and_updates_url_and_session():
    at = open_app(PAGE)
    assert at.subheader[0].value.startswith("乌鲁木齐市")
    click(at, "district", "650105")
    assert at.subheader[0].value.startswith("水磨沟区")
    assert at.query_params["district"] == "650105"
    assert at.session_state[SHARED_DISTRICT_KEY] == "650105"
    assert at.selectbox(key="ex_district").value == "650105"
    labels = [m.label for m in at.metric]
    assert "带动就业（人）" in labels and "创业担保贷款（万元）" in labels
    assert len(at.get("plotly_chart")) == 3


def test_district_selectbox_does_the_same_as_a_click():
    at = open_app(PAGE)
    at.selectbox(key="ex_district").select("650106").run()
    assert at.subheader[0].value.startswith("头屯河区")
    at.button(key="crumb_urumqi").click().run()
    assert at.subheader[0].value.startswith("乌鲁木齐市")
    assert "district" not in at.query_params


def test_clicking_a_base_shows_its_card_with_source():
    at = open_app(PAGE)
    click(at, "base", "B001")
    assert any(m.value == "#### 创智大厦" for m in at.markdown)
    assert any("新疆创业创新热潮涌动" in c.value for c in at.caption)


def test_a_base_whose_id_needs_escaping_opens_its_card(data_copy):
    hostile = "B&'<$\\`1"
    bases = pd.read_csv(data_copy / "bases.csv", dtype=str)
    bases.loc[bases["id"] == "B001", "id"] = hostile
    bases.to_csv(data_copy / "bases.csv", index=False)
    at = open_app(PAGE)
    (folium_map,) = folium_elements(at)
    carried = for_folium(hostile)  # the id as the map's feature carries it
    assert carried != hostile and htmlsafe_json_dumps(carried) in folium_map["script"]
    click(at, "base", carried)
    assert any(m.value == "#### 创智大厦" for m in at.markdown)


def test_url_parameters_restore_the_view():
    query = {"district": "650104", "layers": "bases,choropleth", "indicator": "trained_total",
             "period": "2023Q2"}  # fmt: skip
    at = open_app(PAGE, query=query)
    assert at.subheader[0].value == "新市区 · 2023 年第 2 季度"
    assert at.pills(key="ex_layers").value == ["bases", "choropleth"]
    assert at.selectbox(key="ex_indicator").value == "trained_total"
    (folium_map,) = folium_elements(at)
    assert in_script("孵化基地", folium_map) and not in_script("创业社区类型", folium_map)


def test_xinjiang_level_and_click_on_urumqi_goes_down():
    at = open_app(PAGE, query={"level": "xinjiang"})
    assert at.subheader[0].value == "新疆创业孵化体系"
    assert any(m.value == "371" for m in at.metric)
    click(at, "unit", "乌鲁木齐")
    assert at.subheader[0].value.startswith("乌鲁木齐市")


@pytest.mark.parametrize("indicator", ["jobs_created", "startup_loans"])
def test_choropleth_per_10k_runs(indicator):
    at = open_app(PAGE, query={"layers": "choropleth", "per10k": "1", "indicator": indicator})
    (folium_map,) = folium_elements(at)
    assert in_script("/万人", folium_map)


def test_density_layer_is_offered_drawn_and_drills_down_on_click():
    at = open_app(PAGE, query={"layers": "density"})
    assert "市场主体密度" in at.pills(key="ex_layers").options
    (folium_map,) = folium_elements(at)
    assert in_script("市场主体密度（户/网格）（示例数据）", folium_map)
    assert 'kind: "density"' in folium_map["script"]
    assert any("少于 3 户的网格不显示" in c.value for c in at.caption)
    click(at, "density", "650104")
    assert at.subheader[0].value.startswith("新市区")
    assert at.query_params["district"] == "650104"


def test_without_an_entities_file_the_density_layer_is_not_offered(data_copy):
    (data_copy / "entities.parquet").unlink()
    at = open_app(PAGE, query={"layers": "density,bases"})
    assert at.pills(key="ex_layers").value == ["bases"]
    assert "市场主体密度" not in at.pills(key="ex_layers").options


def test_back_from_another_page_keeps_the_district():
    at = open_app(PAGE)
    at.selectbox(key="ex_district").select("650106").run()
    at.switch_page("pages/public/overview.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value.startswith("头屯河区")


def widget_texts(at: AppTest) -> list[str]:
    """Every label, option, help and placeholder of the page's own widgets."""
    texts = [at.title[0].value]
    texts += [b.label for b in at.button if b.key and b.key.startswith("crumb_")]
    for key in ("ex_district", "ex_indicator", "ex_period"):
        box = at.selectbox(key=key)
        texts += [box.label, *box.options]
    toggle = at.toggle(key="ex_per10k")
    texts += [toggle.label, toggle.help]
    pills = at.pills(key="ex_layers")
    texts += [pills.label, *pills.options]
    types = at.multiselect(key="ex_types")
    texts += [types.label, *types.options, types.placeholder]
    return texts


def test_map_page_in_english_has_no_chinese_labels():
    at = open_app("map", lang="en", query={"layers": "communities,bases,choropleth,density"})
    texts = widget_texts(at)
    assert [text for text in texts if CHINESE.search(text)] == []
    assert at.title[0].value == "Map"
    assert at.button(key="crumb_xinjiang").label == "Xinjiang"
    assert at.button(key="crumb_urumqi").label == "› Urumqi"
    district = at.selectbox(key="ex_district")
    assert district.label == "District" and district.options[0] == "Whole city (8 districts)"
    assert "Tianshan District" in district.options
    assert at.selectbox(key="ex_period").options[:3] == [
        "2022–2024, all three years",
        "2022",
        "2023",
    ]
    assert "Q2 2023" in at.selectbox(key="ex_period").options
    assert "Market-entity density" in at.pills(key="ex_layers").options
    assert at.subheader[0].value == "Urumqi · 2022–2024, all three years"
    assert any(c.value.startswith("Click a district to drill down") for c in at.caption)
    assert any(c.value.startswith("Market-entity density: ") for c in at.caption)
    (folium_map,) = folium_elements(at)
    for label in ("Community types", "Incubation bases", "Legend", "Jobs created (people"):
        assert in_script(label, folium_map), label
    assert in_script("Market-entity density (entities per cell, 示例数据", folium_map)
    assert "Cells with fewer than 3 entities are hidden" in folium_map["script"]
    assert not in_script("创业社区类型", folium_map) and not in_script("图例", folium_map)
    assert at.query_params["lang"] == "en"  # the view's URL keeps the language


def test_map_page_district_panel_and_card_in_english():
    at = open_app("map", lang="en", query={"district": "650104", "period": "2023Q2"})
    assert at.subheader[0].value == "Xinshi District · Q2 2023"
    assert any(m.value == "**› Xinshi District**" for m in at.markdown)
    assert any(m.value.startswith("**Startup communities \\(") for m in at.markdown)
    click(at, "base", "B001")
    assert any(m.value == "#### 创智大厦" for m in at.markdown)  # data stays as entered
    (card,) = [table.value for table in at.table]
    assert list(card.index) == [
        "Kind", "Level", "Address", "Year recognised", "Resident firms", "Jobs created (people)",
    ]  # fmt: skip
    assert card.loc["Kind"].iloc[0] == "Technology Business Incubator"
    source = next(c.value for c in at.caption if c.value.startswith("Source: "))
    assert "新疆创业创新热潮涌动" in source


def test_xinjiang_level_in_english_and_a_click_still_finds_urumqi():
    at = open_app("map", lang="en", query={"level": "xinjiang"})
    assert at.subheader[0].value == "Xinjiang's incubation system"
    labels = [m.label for m in at.metric]
    assert labels and not [label for label in labels if CHINESE.search(label)]
    (folium_map,) = folium_elements(at)
    for label in ("Prefecture or city", "XPCC city", "Core: hub of small-business growth"):
        assert label in folium_map["script"], label
    click(at, "unit", "乌鲁木齐")  # the feature id is the data's short name in every language
    assert at.subheader[0].value.startswith("Urumqi · ")


def test_map_page_in_uyghur_reads_right_to_left():
    at = open_app("map", lang="ug", query={"layers": "communities,bases"})
    texts = widget_texts(at)
    assert [text for text in texts if CHINESE.search(text)] == []
    assert all(ARABIC.search(text) for text in texts if re.search(r"[A-Za-z]{2,}", text))
    assert at.title[0].value == "خەرىتە"
    period = at.selectbox(key="ex_period").options
    assert f"{i18n.LTR_START}2023{i18n.ISOLATE_END}-يىلى" in period
    (folium_map,) = folium_elements(at)
    assert "direction: rtl" in folium_map["header"]
    assert "atlas-arabic" in folium_map["header"]  # the vendored Uyghur font
    assert in_script('dir="rtl"', folium_map)
    assert in_script("مەھەللە تۈرلىرى", folium_map)


def test_sessions_in_different_languages_get_their_own_rendered_map():
    def overview_map(lang: str) -> dict:
        at = open_app(lang=lang)
        (folium_map,) = folium_elements(at)
        return folium_map

    english, chinese = overview_map("en"), overview_map("zh")
    assert "Community types" in english["script"] and not in_script("创业社区类型", english)
    assert in_script("创业社区类型", chinese) and "Community types" not in chinese["script"]


def test_switching_the_language_keeps_the_view():
    at = open_app(
        "map", lang="zh", query={"layers": "bases,choropleth", "indicator": "trained_total"}
    )
    at.selectbox(key="ex_district").select("650106").run()
    at.segmented_control(key="atlas_lang_switch").set_value("en").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.subheader[0].value == "Toutunhe District · 2022–2024, all three years"
    assert at.pills(key="ex_layers").value == ["bases", "choropleth"]
    assert at.selectbox(key="ex_indicator").value == "trained_total"
    assert at.query_params["lang"] == "en" and at.query_params["district"] == "650106"
    (folium_map,) = folium_elements(at)
    assert in_script("People trained (person-times, 2022–2024, all three years)", folium_map)
