"""Tables shown and downloaded on the analytics pages, and how their numbers are written.

Pure pandas: the pages render these frames, the downloads export them, and the district
brief prints the same numbers through the same formatting. Headers and words come from
the catalogs (charts.*) in the current language; numbers are written the same in all.
"""

from __future__ import annotations

import pandas as pd

from components.i18n import t, term
from components.labels import format_ratio

STATUS_BACKGROUNDS = {"achieved": "#d7f0dc", "close": "#fdebc8", "behind": "#f8d0cf"}
DECIMALS = {"startup_loans": 1}  # by indicator: 万元 has one decimal, counts none
PER_10K_DECIMALS = 1


def city_label() -> str:
    """全市, in the current language (the whole city's row and place name)."""
    return t("charts.city")


def indicator_label(code: str) -> str:
    """The indicator with its unit, e.g. 带动就业（人）."""
    return t("charts.with_unit", name=term("indicators", code), unit=unit_of(code))


def per_10k_label(code: str) -> str:
    """The indicator per 10,000 residents, e.g. 带动就业（人/万人）."""
    return t("charts.per_10k", name=term("indicators", code), unit=unit_of(code))


def unit_of(code: str) -> str:
    """The unit an indicator is counted in, in the current language."""
    return term("indicator_units", code)


def rounded(value: float, code: str) -> float:
    """A value rounded as it is shown: one decimal for 万元, whole numbers otherwise."""
    return round(float(value), DECIMALS.get(code, 0))


def format_value(value: float | None, code: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):,.{DECIMALS.get(code, 0)}f}"


def format_per_10k(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):,.{PER_10K_DECIMALS}f}"


STATUS_KEYS = ("achieved", "close", "behind")


def status_word(state: str | None) -> str:
    """已完成 / 接近 / 落后, or 无目标 (a missing status may be None or NaN)."""
    return t(f"charts.status.{state if state in STATUS_KEYS else 'none'}")


def _name(names: dict[str, str], district: str) -> str:
    return names.get(district, district)


def progress_long(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A ``cumulative_progress`` table with headers in the current language, one row per
    district and indicator (for download)."""
    full, actual = table["program_target"], table["actual"]
    return pd.DataFrame(
        {
            t("charts.col.district"): [_name(names, d) for d in table["district"]],
            t("charts.col.indicator"): [term("indicators", c) for c in table["code"]],
            t("charts.col.unit"): [unit_of(c) for c in table["code"]],
            t("charts.col.actual_cum"): [
                rounded(v, c) for v, c in zip(actual, table["code"], strict=True)
            ],
            t("charts.col.target_cum"): table["target"].round(1),
            t("charts.col.ratio_pct"): (table["ratio"] * 100).round(1),
            t("charts.col.gap"): table["gap"].round(1),
            t("charts.col.status"): [status_word(s) for s in table["status"]],
            t("charts.col.program_target"): full.round(1),
            t("charts.col.program_share_pct"): (table["actual"] / full.where(full > 0) * 100).round(
                1
            ),
        }
    )


def progress_matrix(
    table: pd.DataFrame, names: dict[str, str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """区县 × 指标: cell text ("97% 接近") and the matching status codes, same shape."""
    pairs = zip(table["ratio"], table["status"], strict=True)
    text = table.assign(cell=[f"{format_ratio(r)} {status_word(s)}" for r, s in pairs])
    order = list(dict.fromkeys(table["district"]))
    codes = list(dict.fromkeys(table["code"]))
    cells = text.pivot(index="district", columns="code", values="cell").reindex(order)[codes]
    states = table.pivot(index="district", columns="code", values="status").reindex(order)[codes]
    index = pd.Index([_name(names, d) for d in order], name=t("charts.col.district"))
    columns = [term("indicators", c) for c in codes]
    cells.index, states.index = index, index
    cells.columns, states.columns = columns, columns
    return cells, states


def status_styles(states: pd.DataFrame) -> pd.DataFrame:
    """CSS per cell (a background by status) for ``Styler.apply(axis=None)``."""
    return states.map(
        lambda s: f"background-color: {STATUS_BACKGROUNDS[s]}" if s in STATUS_BACKGROUNDS else ""
    )


def quarterly_table(series: pd.DataFrame, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Quarters as rows, one column per indicator, plus ``目标`` columns when given."""
    frame = pd.DataFrame({t("charts.col.quarter"): series.index.astype(str)})
    for code in series.columns:
        frame[indicator_label(code)] = [rounded(v, code) for v in series[code]]
    for code in targets.columns if targets is not None else []:
        heading = t("charts.col.quarter_target", indicator=indicator_label(code))
        frame[heading] = targets[code].round(1).to_numpy()
    return frame


def breakdown_table(
    values: pd.Series, labels: dict[str, str], code: str, heading: str
) -> pd.DataFrame:
    """One indicator per category (community type or district), largest first."""
    ordered = values.sort_values(ascending=False)
    return pd.DataFrame(
        {
            heading: [labels.get(k, k) for k in ordered.index],
            indicator_label(code): [rounded(v, code) for v in ordered],
        }
    )


FUNNEL_NOTES = ("trained_total", "jobs_created", "new_entities")  # charts.funnel_notes.*


def funnel_table(values: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("charts.col.stage"): [term("indicators", c) for c in values.index],
            t("charts.col.unit"): [unit_of(c) for c in values.index],
            t("charts.col.value"): [rounded(v, c) for c, v in values.items()],
            t("charts.col.basis"): [
                t(f"charts.funnel_notes.{c}") if c in FUNNEL_NOTES else "" for c in values.index
            ],
        }
    )


def kpi_table(kpis: pd.DataFrame, names: dict[str, str], column: str = "value") -> pd.DataFrame:
    """指标 × 区县 from ``geo.compare.district_kpis``: ``value`` (rounded as shown) or
    ``per_10k`` (one decimal). Indicators are rows, so 2 to 4 districts fit side by side."""
    wide = kpis.pivot(index="code", columns="district", values=column)
    wide = wide.reindex(index=list(dict.fromkeys(kpis["code"])),
                        columns=list(dict.fromkeys(kpis["district"])))  # fmt: skip
    per_10k = column == "per_10k"
    frame = pd.DataFrame(
        {
            t("charts.col.indicator"): [
                per_10k_label(c) if per_10k else indicator_label(c) for c in wide.index
            ]
        }
    )
    for district in wide.columns:
        values = wide[district].astype(float)
        frame[_name(names, district)] = [
            round(v, PER_10K_DECIMALS) if per_10k else rounded(v, c) for c, v in values.items()
        ]
    return frame


def steps_table(steps: pd.DataFrame, names: dict[str, str], code: str) -> pd.DataFrame:
    """``geo.compare.period_steps`` with district names as columns and 时期 first."""
    frame = pd.DataFrame({t("charts.col.period"): [str(i) for i in steps.index]})
    for district in steps.columns:
        frame[_name(names, district)] = [rounded(v, code) for v in steps[district]]
    return frame
