"""The district brief (区县简报): one self-contained HTML file per district, for print.

Everything is inline: styles, the district map and the charts as SVG drawn here, no
script and no external reference, so the file opens and prints offline. Laid out for
A4 portrait (180 mm text width). Every data string passes through ``html.escape``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import pandas as pd

from components import svg
from components.figures import TRAINING_COLORS, TRAINING_PARTS
from components.tables import (
    format_per_10k,
    format_ratio,
    format_value,
    indicator_label,
    status_word,
)
from data import reference
from data.loader import DatasetInfo, Datasets
from geo import compare
from geo import indicators as ind

BRIEF_CODES = [
    "jobs_created",
    "trained_total",
    "trained_job_skills",
    "trained_post_skills",
    "trained_startup",
    "new_entities",
    "returnee_startups",
    "startup_loans",
]
BOUNDARY_NOTE = (
    "区县边界来自高德地图数据（约 2021 年），经坐标转换与简化，非标准地图，无审图号；"
    "正式使用须以自然资源部标准地图或天地图边界替换。"
)
CARD_CODES = ["jobs_created", "trained_total", "new_entities", "returnee_startups", "startup_loans"]
STATUS_CLASSES = {"achieved": "ok", "close": "near", "behind": "late"}
BASE_COLOR = "#333333"
MAP_HEIGHTS = (200, 290)  # viewBox units on a 680 width: at most 77 mm tall on A4

STYLE = """
@page { size: A4 portrait; margin: 14mm 15mm 16mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC",
       "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2328; font-size: 10pt;
       -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { max-width: 180mm; margin: 8mm auto; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 1mm; }
h2 { font-size: 12pt; margin: 0 0 2mm; padding-bottom: 1mm; border-bottom: 1px solid #c9d1d9; }
p { margin: 0 0 2mm; }
.meta { color: #57606a; margin-bottom: 3mm; }
.keep { white-space: nowrap; }
.sample { border: 1.5px solid #bf8700; background: #fff8c5; padding: 2mm 3mm;
          margin-bottom: 4mm; font-weight: bold; }
section { break-inside: avoid; page-break-inside: avoid; margin: 0 0 6mm; }
figure { margin: 0 0 4mm; break-inside: avoid; page-break-inside: avoid; }
svg { display: block; width: 100%; max-width: 180mm; height: auto; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin-bottom: 3mm; }
.card { border: 1px solid #d0d7de; border-radius: 2mm; padding: 2mm; }
.card b { display: block; font-size: 13pt; }
.card span { color: #57606a; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; }
th, td { border: 1px solid #d0d7de; padding: 0.8mm 1.5mm; text-align: right;
         white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f3f5f8; }
td.ok { background: #d7f0dc; } td.near { background: #fdebc8; } td.late { background: #f8d0cf; }
.legend span { display: inline-block; margin-right: 4mm; font-size: 8.5pt; }
.legend i { display: inline-block; width: 3mm; height: 3mm; border-radius: 50%;
            margin-right: 1mm; vertical-align: -0.3mm; }
.legend i.square { border-radius: 0; }
.notes { font-size: 8.5pt; color: #424a53; }
.notes li { margin-bottom: 0.5mm; }
footer { font-size: 8pt; color: #57606a; border-top: 1px solid #d0d7de; padding-top: 2mm; }
"""


@dataclass(frozen=True)
class BriefNumbers:
    """The figures a brief prints, computed with the same functions as the pages."""

    kpis: pd.DataFrame  # geo.compare.district_kpis for the district
    progress: pd.DataFrame  # geo.indicators.cumulative_progress for the district
    through: str


def brief_numbers(data: Datasets, adcode: str, period: str, population: pd.Series) -> BriefNumbers:
    through = ind.period_end(period)
    return BriefNumbers(
        kpis=compare.district_kpis(data.indicators, BRIEF_CODES, period, [adcode], population),
        progress=ind.cumulative_progress(
            data.indicators, data.targets, BRIEF_CODES, through, [adcode]
        ),
        through=through,
    )


def safe_file_stem(text: str, fallback: str = "下载") -> str:
    """Text usable as a file name on every system (no separators or reserved characters)."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", text).strip(" ._")
    return safe[:60] or fallback


def brief_file_name(district_name: str) -> str:
    """米东区_区县简报.html."""
    return f"{safe_file_stem(district_name, '区县')}_区县简报.html"


def period_text(period: str) -> str:
    if period == ind.ALL_PERIODS:
        return "2022—2024 三年合计"
    return f"{period} 年" if len(period) == 4 else period.replace("Q", " 年第 ") + " 季度"


def _cards(numbers: BriefNumbers, period: str) -> str:
    values = numbers.kpis.set_index("code")
    cards = "".join(
        f"<div class='card'><b>{format_value(values.at[c, 'value'], c)}</b>"
        f"<span>{escape(indicator_label(c))}</span></div>"
        for c in CARD_CODES
    )
    return (
        f"<section><h2>主要指标 · {escape(period_text(period))}</h2>"
        f"<div class='cards'>{cards}</div></section>"
    )


def _kpi_table(numbers: BriefNumbers, period: str) -> str:
    values = numbers.kpis.set_index("code")
    progress = numbers.progress.set_index("code")
    rows = []
    for code in BRIEF_CODES:
        state = progress.at[code, "status"]
        css = STATUS_CLASSES.get(state, "")
        rows.append(
            "<tr>"
            f"<td>{escape(indicator_label(code))}</td>"
            f"<td>{format_value(values.at[code, 'value'], code)}</td>"
            f"<td>{format_per_10k(values.at[code, 'per_10k'])}</td>"
            f"<td>{format_value(progress.at[code, 'actual'], code)}</td>"
            f"<td>{format_value(progress.at[code, 'target'], code)}</td>"
            f"<td class='{css}'>{format_ratio(progress.at[code, 'ratio'])} "
            f"{escape(status_word(state))}</td>"
            f"<td>{format_value(progress.at[code, 'program_target'], code)}</td>"
            "</tr>"
        )
    through = escape(period_text(numbers.through))
    return (
        f"<section><h2>指标与目标进度</h2>"
        "<table><thead><tr><th>指标</th><th>本期合计</th><th>每万常住人口</th><th>累计实际</th>"
        "<th>同期累计目标</th><th>完成率</th><th>三年目标</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p class='notes'>本期：{escape(period_text(period))}；"
        f"累计：2022 年第 1 季度至 {through}。"
        "完成率 = 累计实际 ÷ 同期累计目标（年度目标 ÷ 4 × 已过季度数）；"
        "≥100% 已完成，≥90% 接近，其余落后。三年目标为 2022—2024 年度目标之和。</p></section>"
    )


def _map_section(data: Datasets, adcode: str) -> str:
    shape = data.districts[data.districts["adcode"] == adcode].geometry.union_all()
    types = reference.community_types().set_index("code")
    communities = data.communities[data.communities["district"] == adcode]
    bases = data.bases[data.bases["district"] == adcode]
    points = [
        svg.MapPoint(
            r.lon, r.lat, types.at[r.type, "color"], f"{r.name}（{types.at[r.type, 'name_zh']}）"
        )
        for r in communities.itertuples()
    ] + [
        svg.MapPoint(r.lon, r.lat, BASE_COLOR, str(r.name), square=True) for r in bases.itertuples()
    ]
    present = types.loc[[c for c in types.index if c in set(communities["type"])]]
    legend = "".join(
        f"<span><i style='background:{color}'></i>{escape(name)}</span>"
        for name, color in zip(present["name_zh"], present["color"], strict=True)
    )
    legend += f"<span><i class='square' style='background:{BASE_COLOR}'></i>孵化基地</span>"
    name = data.district_names[adcode]
    return (
        f"<section><h2>分布图：创业社区 {len(communities)} 个，孵化基地 {len(bases)} 个</h2>"
        f"<figure>{svg.district_map(shape, points, f'{name}分布图', MAP_HEIGHTS)}</figure>"
        f"<div class='legend'>{legend}</div></section>"
    )


def _chart_section(data: Datasets, adcode: str, period: str, through: str) -> str:
    quarters = ind.quarters_through(through)
    series = ind.quarterly(data.indicators, BRIEF_CODES, adcode).reindex(quarters, fill_value=0)
    targets = ind.quarterly_targets(data.targets, ["jobs_created"], quarters, adcode)
    labels = [q.replace("20", "", 1) for q in quarters]  # 22Q1: twelve labels fit the width
    jobs = svg.bar_chart(
        labels,
        [svg.Series("实际", [float(v) for v in series["jobs_created"]], "#3182bd")],
        "带动就业（按季度）",
        "人",
        target=svg.Series("目标（年度目标÷4）", list(targets["jobs_created"]), "#e6550d"),
    )
    training = svg.bar_chart(
        labels,
        [
            svg.Series(reference.label("indicators", c), [float(v) for v in series[c]], color)
            for c, color in zip(TRAINING_PARTS, TRAINING_COLORS, strict=True)
        ],
        "培训人数（按培训类别，按季度）",
        "人次",
    )
    types = reference.community_types().set_index("code")
    by_type = ind.breakdown(data.indicators, ["jobs_created"], period, "community_type", adcode)
    by_type = by_type["jobs_created"][lambda v: v > 0]
    type_chart = svg.hbar_chart(
        [types.at[c, "name_zh"] for c in by_type.index],
        [float(v) for v in by_type],
        [types.at[c, "color"] for c in by_type.index],
        f"带动就业（按社区类型，{period_text(period)}）",
        "人",
    )
    return (
        "<section><h2>就业与培训</h2>"
        f"<figure>{jobs}</figure><figure>{training}</figure></section>"
        f"<section><figure>{type_chart}</figure></section>"
    )


def _sources_section(info: DatasetInfo, population_is_sample: bool, footer: str) -> str:
    """Sources and caveats, ending with the footer (kept on the same page)."""
    figures = reference.program_figures()
    program = figures[figures["source_title"] == reference.PROGRAM_TITLE]
    outlet = program["source_outlet"].iloc[0] if len(program) else ""
    documents = figures.drop_duplicates("source_title")[["source_title", "source_outlet"]]
    items = [
        f"<li>指标口径与目标：《{escape(reference.PROGRAM_TITLE)}》，{escape(outlet)}。</li>",
        *(
            f"<li>文件数字：《{escape(t)}》，{escape(o)}。</li>"
            for t, o in documents.itertuples(index=False)
            if t != reference.PROGRAM_TITLE
        ),
        f"<li>{escape(BOUNDARY_NOTE)}</li>",
    ]
    if population_is_sample:
        items.append(
            "<li>每万常住人口换算所用的分区常住人口为占位数字（示例数据），"
            "须以乌鲁木齐市第七次全国人口普查公报数据替换。</li>"
        )
    if info.is_sample:
        items.append(
            f"<li>{escape(reference.SAMPLE_LABEL)}：本简报的统计数字均为虚构，仅供演示。</li>"
        )
    return (
        f"<section class='notes'><h2>数据来源与说明</h2><ul>{''.join(items)}</ul>"
        f"<footer>{footer}</footer></section>"
    )


def district_brief(
    data: Datasets,
    adcode: str,
    period: str,
    info: DatasetInfo,
    population: pd.DataFrame | None = None,
    generated: str | None = None,
) -> str:
    """The brief of one district (adcode) for a period, as a complete HTML document."""
    population = reference.district_population() if population is None else population
    residents = population.set_index("adcode")["population"]
    population_is_sample = bool(population["is_sample"].any())
    numbers = brief_numbers(data, adcode, period, residents)
    name = escape(data.district_names[adcode])
    sample = (
        f"<div class='sample'>{escape(reference.SAMPLE_LABEL)} · 本简报数字均为虚构的示例数据，"
        "仅供演示，不代表官方统计。</div>"
        if info.is_sample
        else ""
    )
    made = f" · 导出日期：{escape(generated)}" if generated else ""
    parts = [reference.PROGRAM_TITLE, period_text(period), f"数据日期：{info.data_date}"]
    parts += [f"导出日期：{generated}"] if generated else []
    meta = " · ".join(f"<span class='keep'>{escape(part)}</span>" for part in parts)
    return (
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        f"<title>{name}区县简报</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{name} · 创业社区简报</h1>"
        f"<p class='meta'>{meta}</p>{sample}</header>"
        f"{_cards(numbers, period)}"
        f"{_map_section(data, adcode)}"
        f"{_kpi_table(numbers, period)}"
        f"{_chart_section(data, adcode, period, numbers.through)}"
        f"{_sources_section(info, population_is_sample, f'创业社区地图 · 区县简报 · {name}{made}')}"
        "</body></html>"
    )
