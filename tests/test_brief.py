"""The district brief (self-contained, printable, escaped, same numbers as the pages) and the
analytics downloads (no live formula, even from a hostile district name)."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from html.parser import HTMLParser

import openpyxl
import pandas as pd
import pytest

from components import svg, tables
from components.brief import brief_file_name, district_brief
from data import exports, reference
from geo import compare
from geo import indicators as ind

HOSTILE = '=HYPERLINK("http://x.example","点我")<img src=x onerror=alert(1)>'
EXTERNAL = re.compile(r"https?:|//|\burl\(|@import", re.IGNORECASE)


@pytest.fixture(scope="module")
def brief(data, sample_info) -> str:
    return district_brief(data, "650109", "2023", sample_info, generated="2025-01-02")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [name for name, _ in attrs]))


def parsed_tags(html: str) -> list[tuple[str, list[str]]]:
    """Every start tag as a browser would parse it: (tag, attribute names)."""
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def table_row(html: str, label: str) -> list[str]:
    """Cells of the KPI table row whose first cell is ``label``."""
    row = re.search(rf"<tr><td>{re.escape(label)}</td>(.*?)</tr>", html)
    assert row, label
    return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))


def test_brief_has_no_external_reference_and_no_script(brief):
    assert not EXTERNAL.search(brief), EXTERNAL.search(brief)
    sources = re.findall(r"""\b(?:src|href)\s*=\s*["']?([^"' >]*)""", brief, re.IGNORECASE)
    assert all(s.startswith("data:") for s in sources)
    assert "<script" not in brief.lower() and "<link" not in brief.lower()


def test_brief_is_laid_out_for_a4_and_carries_its_sources(brief, sample_info):
    assert "@page { size: A4 portrait" in brief and "break-inside: avoid" in brief
    assert "max-width: 180mm" in brief
    assert brief.count("<svg") == 4  # map and three charts
    assert f"数据日期：{sample_info.data_date}" in brief
    assert reference.PROGRAM_TITLE in brief and "非标准地图，无审图号" in brief
    assert "新疆创业创新热潮涌动" in brief  # program document titles with their outlets
    assert "占位数字" in brief  # per-10k population is a placeholder


def test_sample_label_only_with_sample_data(data, sample_info, brief):
    assert sample_info.is_sample and reference.SAMPLE_LABEL in brief
    official = dataclasses.replace(sample_info, is_sample=False)
    census = reference.district_population().assign(is_sample=False)
    html = district_brief(data, "650109", "2023", official, population=census)
    assert reference.SAMPLE_LABEL not in html and "占位数字" not in html


def test_brief_progress_matches_an_independent_computation(brief, data):
    indicators, targets = data.indicators, data.targets
    mine = indicators[(indicators["district"] == "650109") & (indicators["quarter"] <= "2023Q4")]
    planned = targets[(targets["district"] == "650109") & (targets["year"] <= 2023)]
    done, target = mine["trained_total"].sum(), planned["trained_total"].sum()
    cells = table_row(brief, "培训人数（人次）")
    assert cells[2:4] == [f"{done:,}", f"{target:,}"]
    assert cells[4].startswith(tables.format_ratio(done / target))
    year = indicators[
        (indicators["district"] == "650109") & indicators["quarter"].str[:4].eq("2023")
    ]
    assert cells[0] == f"{year['trained_total'].sum():,}"


def test_brief_map_draws_every_community_and_base(brief, data):
    communities = (data.communities["district"] == "650109").sum()
    bases = (data.bases["district"] == "650109").sum()
    map_svg = brief[brief.index("<svg") : brief.index("</svg>")]
    assert map_svg.count("<circle") == communities and map_svg.count("<rect") == bases
    assert f"创业社区 {communities} 个，孵化基地 {bases} 个" in brief


def test_brief_escapes_data_strings(data, sample_info):
    names = data.districts.assign(
        name=data.districts["name"].where(data.districts["adcode"] != "650109", HOSTILE)
    )
    communities = data.communities.copy()
    first = communities.index[communities["district"] == "650109"][0]
    communities.loc[first, "name"] = "</title><script>alert(1)</script>"
    hostile = dataclasses.replace(data, districts=names, communities=communities)
    html = district_brief(hostile, "650109", ind.ALL_PERIODS, sample_info)
    tags = parsed_tags(html)
    assert not {"script", "img", "a", "link", "iframe"} & {tag for tag, _ in tags}
    assert not [name for _, attrs in tags for name in attrs if name in ("src", "href", "onerror")]
    assert "&lt;/title&gt;&lt;script&gt;" in html and "=HYPERLINK(&quot;" in html
    assert brief_file_name(HOSTILE).endswith("_区县简报.html")
    assert not set('/\\:*?"<>|') & set(brief_file_name(HOSTILE))


def test_svg_text_is_escaped():
    chart = svg.hbar_chart(["<b>x</b>"], [1.0], ["#123456"], "a&b", "人")
    assert "<b>" not in chart and "&lt;b&gt;" in chart and "a&amp;b" in chart


def hostile_frames(data) -> list[pd.DataFrame]:
    """Every downloadable analytics table, built with one district named like a formula."""
    names = {**data.district_names, "650109": HOSTILE}
    districts = ["650109", "650102"]
    population = reference.district_population().set_index("adcode")["population"]
    progress = ind.cumulative_progress(data.indicators, data.targets, ["jobs_created"], "2024Q4",
                                       districts)  # fmt: skip
    kpis = compare.district_kpis(data.indicators, ["jobs_created"], "2023", districts, population)
    steps = compare.period_steps(data.indicators, "jobs_created", "2023", districts)
    values = ind.breakdown(data.indicators, ["jobs_created"], "2023", "district")["jobs_created"]
    return [
        tables.progress_long(progress, names),
        tables.kpi_table(kpis, names),  # the district name is a column header here
        tables.steps_table(steps, names, "jobs_created"),
        tables.breakdown_table(values, names, "jobs_created", "区县"),
    ]


def test_downloads_contain_no_live_formula(data):
    for frame in hostile_frames(data):
        text = exports.to_csv_bytes(frame).decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
        assert "'" + HOSTILE in cells
        assert not [c for c in cells if c.startswith(exports.FORMULA_STARTS)]
        book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame)))
        values = [c for row in book.active.iter_rows() for c in row]
        assert not [c.coordinate for c in values if c.data_type == "f"]
        assert "'" + HOSTILE in [c.value for c in values]
        assert not book.active._hyperlinks
