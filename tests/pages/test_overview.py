"""The overview page (/): city figures from the data, its map, and the page in English and
Uyghur."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from components import i18n, tables
from components.i18n import t, term
from data import loader
from tests.apptest import chinese_in, folium_elements, open_app, plain

OVERVIEW = "pages/public/overview.py"


def test_overview_shows_city_figures_from_the_data(run_page):
    at = run_page("pages/public/overview.py")
    metrics = {m.label: m.value for m in at.metric}
    communities = loader.load("communities")
    indicators = loader.load("indicators")
    assert metrics["创业社区（个）"] == f"{len(communities):,}"
    assert metrics["带动就业（人）"] == f"{int(indicators['jobs_created'].sum()):,}"
    assert "示例数据" in at.warning[0].value
    (folium_map,) = folium_elements(at)
    assert "atlas-legend" in folium_map["script"]


def test_bad_data_shows_a_chinese_message_instead_of_a_crash(run_page, data_copy):
    path = data_copy / "communities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",天山区,", ",天上区,", 1), "utf-8")
    at = run_page("pages/public/overview.py")
    assert not at.exception
    assert "数据未能载入" in at.error[0].value
    assert "communities.csv，第 2 行，“所属区县”列：未知区县“天上区”" in at.code[0].value


@pytest.fixture(scope="module", params=["en", "ug"])
def overview(request) -> tuple[str, AppTest]:
    return request.param, open_app(OVERVIEW, lang=request.param)


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
