"""The comparison page, the district brief, its SVG charts, the data page's chrome and the
load-failure message in English and Uyghur: labels from the catalogs, no Chinese except
data values (and the 示例数据 label), the brief right to left in Uyghur."""

from __future__ import annotations

import re
from pathlib import Path

from components import brief, i18n, svg
from data import loader, reference
from tests.apptest import ARABIC, CHINESE, without_sample_label

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "pages/admin/data_admin.py"
EXTERNAL = re.compile(r"https?:|//|@import", re.IGNORECASE)
QUERY = {"districts": "650102,650105", "period": "2023"}


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
