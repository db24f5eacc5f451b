"""The comparison page, the district brief, its SVG charts, the data page's chrome and the
load-failure message in English and Uyghur: labels from the catalogs, no Chinese except
data values (and the 示例数据 label), the brief right to left in Uyghur."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jinja2.utils import htmlsafe_json_dumps
from streamlit.testing.v1 import AppTest

from components import access, brief, i18n, lockout, svg
from components.access import hash_password
from data import loader, reference
from tests.apptest import open_app
from tests.pages.test_data_admin import open_admin
from tests.test_analytics_pages import COMPARE
from tests.test_app import folium_elements

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "pages/admin/data_admin.py"
CHINESE = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
ARABIC = re.compile(r"[\u0600-\u06ff]")
EXTERNAL = re.compile(r"https?:|//|@import", re.IGNORECASE)
QUERY = {"districts": "650102,650105", "period": "2023"}


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
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        texts.append(spec["layout"]["title"]["text"])
        texts += [trace.get("name") or "" for trace in spec["data"]]
    return texts


def without_sample_label(text: str, lang: str) -> str:
    with i18n.using(lang):
        return text.replace(i18n.t("app.sample_label"), "")


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


@pytest.fixture(scope="module")
def data() -> loader.Datasets:
    return loader.load_all()


def brief_in(lang: str, data, period: str = "2023") -> str:
    return brief.district_brief(
        data, "650109", period, loader.dataset_info(), generated="2025-01-02", lang=lang
    )


def headings(html: str) -> list[str]:
    return re.findall(r"<h[12]>(.*?)</h[12]>", html) + re.findall(r"<th>(.*?)</th>", html)


def test_uyghur_brief_is_right_to_left_with_uyghur_headings_and_its_own_font(data):
    html = brief_in("ug", data)
    assert html.startswith("<!DOCTYPE html><html lang='ug-Arab' dir='rtl'>")
    found = headings(html)
    assert found[0] == "مىدۇڭ رايونى · ئىگىلىك تىكلەش مەھەللىلىرى قىسقا دوكلاتى"
    assert all(ARABIC.search(h) and not CHINESE.search(h) for h in found), found
    assert "<title>مىدۇڭ رايونى قىسقا دوكلاتى</title>" in html
    # The vendored Arabic-script font is embedded: the file prints the same offline.
    assert html.count("src: url(data:font/woff2;base64,") == 2
    rest = re.sub(r"url\(data:font/woff2;base64,[A-Za-z0-9+/=]+\)", "", html)
    assert "url(" not in rest and not EXTERNAL.search(rest)
    assert "<script" not in html.lower()
    # Charts keep left to right; Uyghur labels inside them are isolated right to left.
    assert html.count('direction="ltr"') == 4
    with i18n.using("ug"):
        assert i18n.t("app.sample_label") in html
        unit = i18n.term("indicator_units", "jobs_created")
    assert f"{i18n.RTL_START}{unit}{i18n.ISOLATE_END}" in html


def test_english_brief_has_english_headings_and_no_chinese_but_data(data):
    html = brief_in("en", data)
    assert html.startswith("<!DOCTYPE html><html lang='en' dir='ltr'>")
    found = headings(html)
    assert found[0] == "Midong District · Entrepreneurship community brief"
    assert "Indicators and progress against targets" in found
    assert not [h for h in found if CHINESE.search(h)]
    assert "font-face" not in html  # nothing in Arabic script: no font to embed
    # Chinese only in data values (document titles and outlets, names of communities and
    # bases) and the sample label.
    figures = reference.program_figures()
    allowed = [*figures["source_title"], *figures["source_outlet"], *data.communities["name"],
               *data.bases["name"]]  # fmt: skip
    rest = html
    for value in sorted(set(allowed), key=len, reverse=True):
        rest = rest.replace(value, "")
    rest = without_sample_label(rest, "en")
    assert CHINESE.findall(rest) == []


def test_chinese_brief_is_unchanged_in_direction_and_language(data):
    html = brief_in("zh", data)
    assert html.startswith("<!DOCTYPE html><html lang='zh-CN' dir='ltr'>")
    assert "米东区 · 创业社区简报" in html and "font-face" not in html


def test_brief_language_follows_the_session_when_not_given(data):
    with i18n.using("en"):
        html = brief.district_brief(data, "650109", "2023", loader.dataset_info())
        assert brief.brief_file_name("Midong District") == "Midong District_brief.html"
    assert "<html lang='en' dir='ltr'>" in html


def test_period_text_in_each_language():
    with i18n.using("en"):
        assert brief.period_text("2023Q2") == "Q2 2023"
    with i18n.using("zh"):
        assert brief.period_text("2023Q2") == "2023 年第 2 季度"
    with i18n.using("ug"):
        text = brief.period_text("2023Q2")
    assert text.startswith(i18n.RTL_START) and text.endswith(i18n.ISOLATE_END)
    assert "پەسىل" in text


def test_svg_words_come_from_the_catalog_and_numbers_stay_left_to_right():
    with i18n.using("en"):
        chart = svg.hbar_chart(["A"], [1200.0], ["#123456"], "Jobs", "people")
    assert "Jobs (people)" in chart and 'direction="ltr"' in chart and ">1,200<" in chart
    with i18n.using("ug"):
        chart = svg.bar_chart(["22Q1"], [svg.Series("ئەمەلىي", [5.0], "#000")], "ت", "كىشى")
    assert f"{i18n.RTL_START}ئەمەلىي{i18n.ISOLATE_END}" in chart
    assert ">22Q1<" in chart  # category labels without Arabic script are left alone


@pytest.fixture
def fresh_logins(monkeypatch):
    """Failed logins are remembered by the server process: start with none, no delay."""
    monkeypatch.setattr(lockout, "LOGINS", lockout.Lockout())
    monkeypatch.setattr(access, "FAILURE_DELAY_SECONDS", 0)


def test_data_page_login_in_english(monkeypatch, fresh_logins):
    at = open_admin(monkeypatch, "en", ATLAS_ENABLE_DATA_PAGE="1")
    assert at.title[0].value == "Data management"
    assert at.error[0].value.startswith("No administrator password is configured")
    stored = hash_password("correct horse battery", iterations=1000)
    at = open_admin(monkeypatch, "en", ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    assert at.text_input(key="admin_login_user").label == "Your name (written to the audit log)"
    assert at.text_input(key="admin_login_password").label == "Administrator password"
    assert at.button[0].label == "Log in"
    at.text_input(key="admin_login_user").input("Zhang Wei")
    at.text_input(key="admin_login_password").input("wrong")
    at.button[0].click().run()
    assert at.error[0].value == "Wrong password."


def test_data_page_chrome_in_uyghur(monkeypatch, data_copy, fresh_logins):
    password = "correct horse battery"
    stored = hash_password(password, iterations=1000)
    at = open_admin(monkeypatch, "ug", ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    assert at.text_input(key="admin_login_password").label == "باشقۇرغۇچى پارولى"
    at.text_input(key="admin_login_user").input("ئابلىز")
    at.text_input(key="admin_login_password").input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [tab.label for tab in at.tabs] == [
        "سانلىق مەلۇمات ئەكىرىش",
        "نەشرلەر ۋە ئەسلىگە كەلتۈرۈش",
        "چۈشۈرۈش ۋە قېلىپلار",
    ]
    assert at.selectbox[0].options[0] == "ئىگىلىك تىكلەش مەھەللىلىرى"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["نۆۋەتتىكى سانلىق مەلۇمات CSV", "نۆۋەتتىكى سانلىق مەلۇمات XLSX"]
    versions = at.dataframe[0].value
    assert list(versions.columns) == ["ھۆججەت", "بايت"]


def test_load_failure_message_in_english_keeps_the_data_layer_report(data_copy):
    (data_copy / "communities.csv").unlink()
    at = open_app(COMPARE, lang="en", check=False)
    assert at.error[0].value.startswith("The data could not be loaded.")
    assert "缺少数据文件 communities.csv" in at.code[0].value  # the data layer's words (zh)
    assert str(data_copy) not in at.code[0].value
