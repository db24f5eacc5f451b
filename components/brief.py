"""The district brief (区县简报): one self-contained HTML file per district, for print.

Everything is inline: styles, the district map and the charts as SVG drawn here, no
script and no external reference, so the file opens and prints offline. Laid out for
A4 portrait (180 mm text width). Every data string passes through ``html.escape``, and
so does every catalog message (formatted with the raw data, then escaped once).

Language: the brief is written in the current language (``i18n.current()``, or ``lang``):
``<html lang dir>`` follow it, so a Uyghur brief runs right to left; the SVG charts keep
left to right (components/svg.py). Reference terms and district names come from the
catalogs; community and base names and document titles stay as entered.

Fonts: the brief is saved and printed away from the app, so it cannot use the app's
``/app/static/…`` font URL (that resolves only when the file is opened from a running
app). When the brief holds Arabic-script text (a Uyghur brief, or Uyghur data), the
vendored Noto Sans Arabic (static/vendor/noto-sans-arabic, OFL) is embedded as
``data:`` URIs, about 130 kB for both weights; a brief without such text embeds
nothing. Chinese and Latin text use the reader's system fonts (the CJK stack below).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

import pandas as pd

from components import i18n, svg, typography
from components.figures import TRAINING_COLORS, TRAINING_PARTS
from components.i18n import t, term
from components.tables import (
    format_per_10k,
    format_ratio,
    format_value,
    indicator_label,
    status_word,
    unit_of,
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
BOUNDARY_YEAR = 2021  # the Amap boundaries date from about then
CARD_CODES = ["jobs_created", "trained_total", "new_entities", "returnee_startups", "startup_loans"]
STATUS_CLASSES = {"achieved": "ok", "close": "near", "behind": "late"}
BASE_COLOR = "#333333"
MAP_HEIGHTS = (200, 290)  # viewBox units on a 680 width: at most 77 mm tall on A4
QUARTERS_PER_YEAR = 4
HTML_LANGS = {"zh": "zh-CN", "ug": "ug-Arab", "en": "en"}
# Unicode isolates: RIGHT-TO-LEFT ISOLATE, FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE.
RTL_START, FIRST_STRONG, ISOLATE_END = "\u2067", "\u2068", "\u2069"

ROOT = Path(__file__).resolve().parent.parent
FONT_WEIGHTS = (400, 700)
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Arabic script from the embedded font (or an installed Uyghur font), Chinese from the
# system's CJK fonts.
FONT_STACK = (
    f'{typography.FONT_FAMILY}, "Noto Sans Arabic", "UKIJ Tuz Tom", "Microsoft Uighur", '
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", sans-serif'
)

STYLE = (
    """
@page { size: A4 portrait; margin: 14mm 15mm 16mm; }
* { box-sizing: border-box; }
html { font-family: FONT_STACK; color: #1f2328; font-size: 10pt;
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
svg { display: block; width: 100%; max-width: 180mm; height: auto; direction: ltr; }
.cards { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2mm; margin-bottom: 3mm; }
.card { border: 1px solid #d0d7de; border-radius: 2mm; padding: 2mm; }
.card b { display: block; font-size: 13pt; }
.card span { color: #57606a; font-size: 8.5pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; }
th, td { border: 1px solid #d0d7de; padding: 0.8mm 1.5mm; text-align: end;
         white-space: nowrap; }
th:first-child, td:first-child { text-align: start; }
thead th, td:first-child { white-space: normal; }
thead th { background: #f3f5f8; }
td.ok { background: #d7f0dc; } td.near { background: #fdebc8; } td.late { background: #f8d0cf; }
.legend span { display: inline-block; margin-inline-end: 4mm; font-size: 8.5pt; }
.legend i { display: inline-block; width: 3mm; height: 3mm; border-radius: 50%;
            margin-inline-end: 1mm; vertical-align: -0.3mm; }
.legend i.square { border-radius: 0; }
.notes { font-size: 8.5pt; color: #424a53; }
.notes li { margin-bottom: 0.5mm; }
footer { font-size: 8pt; color: #57606a; border-top: 1px solid #d0d7de; padding-top: 2mm; }
"""
).replace("FONT_STACK", FONT_STACK)


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


def safe_file_stem(text: str, fallback: str | None = None) -> str:
    """Text usable as a file name on every system (no separators or reserved characters)."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f\u2066-\u2069]+', "_", text).strip(" ._")
    return safe[:60] or fallback or t("brief.file_fallback")


def brief_file_name(district_name: str) -> str:
    """米东区_区县简报.html (the suffix in the current language)."""
    stem = safe_file_stem(district_name, t("brief.file_district"))
    return f"{stem}_{t('brief.file_suffix')}.html"


def district_name(data: Datasets, adcode: str) -> str:
    """A district's name to show: the catalog's in ug and en; in zh the boundary file's own
    name (tests/test_i18n.py checks that the two agree), so the page and the brief show a
    district as it was loaded."""
    lang = i18n.current()
    if lang != i18n.DEFAULT_LANG and f"districts.{adcode}" in i18n.catalog(lang):
        return term("districts", adcode)
    return data.district_names.get(adcode, adcode)


def phrase(text: str) -> str:
    """A translated phrase to put into a message as a value. In a right-to-left language
    it is isolated right to left, so that it keeps its word order: ``t()`` isolates a
    value holding digits left to right, which would turn "2023-يىلى 2-پەسىل" around."""
    return f"{RTL_START}{text}{ISOLATE_END}" if i18n.is_rtl() else text


def period_text(period: str) -> str:
    """2022—2024 三年合计, 2023 年, 2023 年第 2 季度 in the current language (a phrase,
    isolated right to left in Uyghur)."""
    if period == ind.ALL_PERIODS:
        text = t("brief.period.all")
    elif len(period) == 4:
        text = t("brief.period.year", year=period)
    else:
        year, quarter = period.split("Q")
        text = t("brief.period.quarter", year=year, quarter=quarter)
    return phrase(text)


def as_entered(text: str) -> str:
    """A data value (a document title, an outlet) isolated in a right-to-left brief, so
    that Chinese inside Uyghur keeps its own order and the punctuation around it stays
    with the Uyghur text."""
    return f"{FIRST_STRONG}{text}{ISOLATE_END}" if i18n.is_rtl() else text


def _cards(numbers: BriefNumbers, period: str) -> str:
    values = numbers.kpis.set_index("code")
    cards = "".join(
        f"<div class='card'><b>{format_value(values.at[c, 'value'], c)}</b>"
        f"<span>{escape(indicator_label(c))}</span></div>"
        for c in CARD_CODES
    )
    return (
        f"<section><h2>{escape(t('brief.cards_heading', period=period_text(period)))}</h2>"
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
    columns = ("indicator", "period_total", "per_10k", "actual", "target", "ratio",
               "program_target")  # fmt: skip
    head = "".join(f"<th>{escape(t(f'brief.columns.{c}'))}</th>" for c in columns)
    note = t(
        "brief.table_note",
        period=period_text(period),
        start=period_text(ind.PROGRAM_QUARTERS[0]),
        through=period_text(numbers.through),
        quarters=QUARTERS_PER_YEAR,
        done="≥100%",
        achieved=status_word(ind.ACHIEVED),
        close=f"≥{ind.CLOSE_SHARE:.0%}",
        near=status_word(ind.CLOSE),
        behind=status_word(ind.BEHIND),
    )
    return (
        f"<section><h2>{escape(t('brief.table_heading'))}</h2>"
        f"<table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<p class='notes'>{escape(note)}</p></section>"
    )


def _map_section(data: Datasets, adcode: str) -> str:
    shape = data.districts[data.districts["adcode"] == adcode].geometry.union_all()
    colors = reference.color_map("community_types")
    communities = data.communities[data.communities["district"] == adcode]
    bases = data.bases[data.bases["district"] == adcode]
    points = [
        svg.MapPoint(
            r.lon,
            r.lat,
            colors[r.type],
            t("brief.point_title", name=as_entered(r.name), type=term("community_types", r.type)),
        )
        for r in communities.itertuples()
    ] + [
        svg.MapPoint(r.lon, r.lat, BASE_COLOR, str(r.name), square=True) for r in bases.itertuples()
    ]
    present = [c for c in colors if c in set(communities["type"])]
    legend = "".join(
        f"<span><i style='background:{colors[c]}'></i>{escape(term('community_types', c))}</span>"
        for c in present
    )
    legend += (
        f"<span><i class='square' style='background:{BASE_COLOR}'></i>"
        f"{escape(t('brief.legend_bases'))}</span>"
    )
    title = t("brief.map_title", name=district_name(data, adcode))
    heading = t("brief.map_heading", communities=len(communities), bases=len(bases))
    return (
        f"<section><h2>{escape(heading)}</h2>"
        f"<figure>{svg.district_map(shape, points, title, MAP_HEIGHTS)}</figure>"
        f"<div class='legend'>{legend}</div></section>"
    )


def _chart_section(data: Datasets, adcode: str, period: str, through: str) -> str:
    quarters = ind.quarters_through(through)
    series = ind.quarterly(data.indicators, BRIEF_CODES, adcode).reindex(quarters, fill_value=0)
    targets = ind.quarterly_targets(data.targets, ["jobs_created"], quarters, adcode)
    labels = [q.replace("20", "", 1) for q in quarters]  # 22Q1: twelve labels fit the width
    jobs = svg.bar_chart(
        labels,
        [
            svg.Series(
                t("brief.series_actual"),
                [float(v) for v in series["jobs_created"]],
                "#3182bd",
            )
        ],
        t("brief.chart_jobs", indicator=term("indicators", "jobs_created")),
        unit_of("jobs_created"),
        target=svg.Series(
            t("brief.series_target", quarters=QUARTERS_PER_YEAR),
            list(targets["jobs_created"]),
            "#e6550d",
        ),
    )
    training = svg.bar_chart(
        labels,
        [
            svg.Series(term("indicators", c), [float(v) for v in series[c]], color)
            for c, color in zip(TRAINING_PARTS, TRAINING_COLORS, strict=True)
        ],
        t("brief.chart_training", indicator=term("indicators", "trained_total")),
        unit_of("trained_total"),
    )
    colors = reference.color_map("community_types")
    by_type = ind.breakdown(data.indicators, ["jobs_created"], period, "community_type", adcode)
    by_type = by_type["jobs_created"][lambda v: v > 0]
    by_type_title = t("brief.chart_by_type", indicator=term("indicators", "jobs_created"),
                      period=period_text(period))  # fmt: skip
    type_chart = svg.hbar_chart(
        [term("community_types", c) for c in by_type.index],
        [float(v) for v in by_type],
        [colors[c] for c in by_type.index],
        by_type_title,
        unit_of("jobs_created"),
    )
    return (
        f"<section><h2>{escape(t('brief.charts_heading'))}</h2>"
        f"<figure>{jobs}</figure><figure>{training}</figure></section>"
        f"<section><figure>{type_chart}</figure></section>"
    )


def _sources_section(info: DatasetInfo, population_is_sample: bool, footer: str) -> str:
    """Sources and caveats, ending with the footer (kept on the same page)."""
    figures = reference.program_figures()
    program = figures[figures["source_title"] == reference.PROGRAM_TITLE]
    outlet = program["source_outlet"].iloc[0] if len(program) else ""
    documents = figures.drop_duplicates("source_title")[["source_title", "source_outlet"]]
    sample_label = t("app.sample_label")
    notes = [
        t(
            "brief.source_program",
            title=as_entered(reference.PROGRAM_TITLE),
            outlet=as_entered(outlet),
        ),
        *(
            t("brief.source_document", title=as_entered(title), outlet=as_entered(outlet))
            for title, outlet in documents.itertuples(index=False)
            if title != reference.PROGRAM_TITLE
        ),
        t("brief.boundary_note", year=BOUNDARY_YEAR),
    ]
    if population_is_sample:
        notes.append(t("brief.population_note", label=sample_label))
    if info.is_sample:
        notes.append(t("brief.sample_note", label=sample_label))
    items = "".join(f"<li>{escape(note)}</li>" for note in notes)
    return (
        f"<section class='notes'><h2>{escape(t('brief.sources_heading'))}</h2><ul>{items}</ul>"
        f"<footer>{escape(footer)}</footer></section>"
    )


@cache
def _font_data(weight: int) -> str:
    """The vendored Arabic-script font of one weight, base64 (the file the app serves)."""
    path = ROOT / typography.FONT_URL.removeprefix("/app/").format(weight=weight)
    return base64.b64encode(path.read_bytes()).decode("ascii")


def font_faces() -> str:
    """@font-face rules embedding the vendored Arabic-script font as data: URIs."""
    return "".join(
        f"@font-face {{font-family: {typography.FONT_FAMILY}; font-weight: {weight}; "
        f"src: url(data:font/woff2;base64,{_font_data(weight)}) format('woff2'); "
        f"unicode-range: {typography.ARABIC_RANGE};}}\n"
        for weight in FONT_WEIGHTS
    )


def district_brief(
    data: Datasets,
    adcode: str,
    period: str,
    info: DatasetInfo,
    population: pd.DataFrame | None = None,
    generated: str | None = None,
    lang: str | None = None,
) -> str:
    """The brief of one district (adcode) for a period, as a complete HTML document, in
    ``lang`` (default: the current language)."""
    with i18n.using(lang or i18n.current()):
        return _district_brief(data, adcode, period, info, population, generated)


def _district_brief(data, adcode, period, info, population, generated) -> str:
    population = reference.district_population() if population is None else population
    residents = population.set_index("adcode")["population"]
    population_is_sample = bool(population["is_sample"].any())
    numbers = brief_numbers(data, adcode, period, residents)
    name = district_name(data, adcode)
    sample = (
        f"<div class='sample'>{escape(t('brief.sample_banner', label=t('app.sample_label')))}</div>"
        if info.is_sample
        else ""
    )
    date = info.data_date or t("app.date_unknown")
    parts = [t("app.program_title"), period_text(period), t("app.data_date", date=date)]
    parts += [t("brief.exported", date=generated)] if generated else []
    meta = " · ".join(f"<span class='keep'>{escape(part)}</span>" for part in parts)
    footer = [t("app.title"), t("brief.footer_label"), name]
    footer += [t("brief.exported", date=generated)] if generated else []
    body = (
        f"<header><h1>{escape(t('brief.heading', name=name))}</h1>"
        f"<p class='meta'>{meta}</p>{sample}</header>"
        f"{_cards(numbers, period)}"
        f"{_map_section(data, adcode)}"
        f"{_kpi_table(numbers, period)}"
        f"{_chart_section(data, adcode, period, numbers.through)}"
        f"{_sources_section(info, population_is_sample, ' · '.join(footer))}"
    )
    title = escape(t("brief.doc_title", name=name))
    faces = font_faces() if ARABIC_SCRIPT.search(body + title) else ""
    lang = i18n.current()
    direction = "rtl" if i18n.is_rtl(lang) else "ltr"
    return (
        f"<!DOCTYPE html><html lang='{HTML_LANGS.get(lang, lang)}' dir='{direction}'><head>"
        f"<meta charset='utf-8'><title>{title}</title><style>{faces}{STYLE}</style></head>"
        f"<body>{body}</body></html>"
    )
