"""The map explorer page in AppTest: clicks, widgets, URL and session state."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from jinja2.utils import htmlsafe_json_dumps
from streamlit.testing.v1 import AppTest

from components.escape import for_folium
from components.guard import SHARED_DISTRICT_KEY
from tests.apptest import open_app
from tests.test_app import folium_elements

ROOT = Path(__file__).resolve().parent.parent
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
