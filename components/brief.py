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

import re
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

import pandas as pd

from components import i18n, svg, typography
from components.figures import TRAINING_COLORS, TRAINING_PARTS
from components.file_names import safe_file_stem
from components.i18n import as_entered, phrase, t, term
from components.labels import district_name, format_ratio, period_label
from components.tables import (
    format_per_10k,
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
RANGE_DASH = re.compile(r"(?<=\d)([\u2013\u2014])(?=\d)")  # 2022–2024, 2022—2024
JOINED_DASH = "\\1\u2060"  # the dash, then a word joiner: no line break after it


@cache
def style() -> str:
    """The brief's CSS (brief.css, read once) with the print font stack filled in."""
    css = Path(__file__).with_name("brief.css").read_text(encoding="utf-8")
    return css.replace("FONT_STACK", typography.PRINT_FONT_STACK)


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


def brief_file_name(district_name: str) -> str:
    """米东区_区县简报.html (the suffix in the current language)."""
    stem = safe_file_stem(district_name, t("brief.file_district"))
    return f"{stem}_{t('brief.file_suffix')}.html"


def period_text(period: str) -> str:
    """The period in the brief's wording (2022—2024 三年合计, 2023 年, 2023 年第 2 季度), a
    phrase isolated right to left in Uyghur."""
    return phrase(period_label(period, "brief.period"))


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
        close=f"≥{format_ratio(ind.CLOSE_SHARE)}",
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
    title = t("brief.map_title", name=district_name(adcode, data.district_names))
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
    name = district_name(adcode, data.district_names)
    sample = (
        f"<div class='sample'>{escape(t('brief.sample_banner', label=t('app.sample_label')))}</div>"
        if info.is_sample
        else ""
    )
    date = info.data_date or t("app.date_unknown")
    parts = [t("app.program_title"), period_text(period), t("app.data_date", date=date)]
    parts += [t("brief.exported", date=generated)] if generated else []
    # Each part whole on paper; on a phone a part may wrap, but never inside a year range.
    meta = " · ".join(
        f"<span class='keep'>{RANGE_DASH.sub(JOINED_DASH, escape(part))}</span>" for part in parts
    )
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
    faces = (
        typography.embedded_font_faces() if typography.ARABIC_SCRIPT.search(body + title) else ""
    )
    lang = i18n.current()
    direction = "rtl" if i18n.is_rtl(lang) else "ltr"
    return (
        f"<!DOCTYPE html><html lang='{HTML_LANGS.get(lang, lang)}' dir='{direction}'><head>"
        "<meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{faces}{style()}</style></head>"
        f"<body>{body}</body></html>"
    )
