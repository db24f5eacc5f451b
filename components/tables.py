"""Tables shown and downloaded on the analytics pages, and how their numbers are written.

Pure pandas: the pages render these frames, the downloads export them, and the district
brief prints the same numbers through the same formatting.
"""

from __future__ import annotations

import pandas as pd

from components import figures
from components.kpi import STATUS_WORDS
from data import reference

CITY = "全市"
STATUS_BACKGROUNDS = {"achieved": "#d7f0dc", "close": "#fdebc8", "behind": "#f8d0cf"}
DECIMALS = {"万元": 1}  # every other unit is a whole count
PER_10K_DECIMALS = 1


def indicator_label(code: str) -> str:
    """The indicator with its unit, e.g. 带动就业（人）."""
    row = reference.indicators().set_index("code").loc[code]
    return f"{row['name_zh']}（{row['unit']}）"


def per_10k_label(code: str) -> str:
    """The indicator per 10,000 residents, e.g. 带动就业（人/万人）."""
    row = reference.indicators().set_index("code").loc[code]
    return f"{row['name_zh']}（{row['unit']}/万人）"


def unit_of(code: str) -> str:
    return reference.indicators().set_index("code").at[code, "unit"]


def rounded(value: float, code: str) -> float:
    """A value rounded as it is shown: one decimal for 万元, whole numbers otherwise."""
    return round(float(value), DECIMALS.get(unit_of(code), 0))


def format_value(value: float | None, code: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{float(value):,.{DECIMALS.get(unit_of(code), 0)}f}"


def format_per_10k(value: float | None) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):,.{PER_10K_DECIMALS}f}"


def format_ratio(ratio: float | None) -> str:
    """97%; 99.6% rather than a rounded 100% for a target not yet reached; — if none."""
    if ratio is None or pd.isna(ratio):
        return "—"
    return figures.format_ratio(float(ratio))


def status_word(state: str | None) -> str:
    """已完成 / 接近 / 落后, or 无目标 (a missing status may be None or NaN)."""
    return STATUS_WORDS.get(state, "无目标") if isinstance(state, str) else "无目标"


def _name(names: dict[str, str], district: str) -> str:
    return names.get(district, district)


def progress_long(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A ``cumulative_progress`` table with Chinese headers, one row per district and
    indicator (for download)."""
    full, actual = table["program_target"], table["actual"]
    return pd.DataFrame(
        {
            "区县": [_name(names, d) for d in table["district"]],
            "指标": [reference.label("indicators", c) for c in table["code"]],
            "单位": [unit_of(c) for c in table["code"]],
            "累计实际": [rounded(v, c) for v, c in zip(actual, table["code"], strict=True)],
            "同期累计目标": table["target"].round(1),
            "完成率（%）": (table["ratio"] * 100).round(1),
            "差额": table["gap"].round(1),
            "状态": [status_word(s) for s in table["status"]],
            "三年目标": full.round(1),
            "占三年目标（%）": (table["actual"] / full.where(full > 0) * 100).round(1),
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
    index = pd.Index([_name(names, d) for d in order], name="区县")
    columns = [reference.label("indicators", c) for c in codes]
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
    frame = pd.DataFrame({"季度": series.index.astype(str)})
    for code in series.columns:
        frame[indicator_label(code)] = [rounded(v, code) for v in series[code]]
    for code in targets.columns if targets is not None else []:
        frame[f"{indicator_label(code)}·季度目标"] = targets[code].round(1).to_numpy()
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


def funnel_table(values: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "环节": [reference.label("indicators", c) for c in values.index],
            "单位": [unit_of(c) for c in values.index],
            "数值": [rounded(v, c) for c, v in values.items()],
            "口径": [FUNNEL_NOTES.get(c, "") for c in values.index],
        }
    )


FUNNEL_NOTES = {
    "trained_total": "参加三类培训的人次（一人多次培训计多次）",
    "jobs_created": "创业社区带动就业人数，与培训人员不一一对应",
    "new_entities": "新增市场主体户数",
}


def kpi_table(kpis: pd.DataFrame, names: dict[str, str], column: str = "value") -> pd.DataFrame:
    """指标 × 区县 from ``geo.compare.district_kpis``: ``value`` (rounded as shown) or
    ``per_10k`` (one decimal). Indicators are rows, so 2 to 4 districts fit side by side."""
    wide = kpis.pivot(index="code", columns="district", values=column)
    wide = wide.reindex(index=list(dict.fromkeys(kpis["code"])),
                        columns=list(dict.fromkeys(kpis["district"])))  # fmt: skip
    per_10k = column == "per_10k"
    frame = pd.DataFrame(
        {"指标": [per_10k_label(c) if per_10k else indicator_label(c) for c in wide.index]}
    )
    for district in wide.columns:
        values = wide[district].astype(float)
        frame[_name(names, district)] = [
            round(v, PER_10K_DECIMALS) if per_10k else rounded(v, c) for c, v in values.items()
        ]
    return frame


def steps_table(steps: pd.DataFrame, names: dict[str, str], code: str) -> pd.DataFrame:
    """``geo.compare.period_steps`` with district names as columns and 时期 first."""
    frame = pd.DataFrame({"时期": [str(i) for i in steps.index]})
    for district in steps.columns:
        frame[_name(names, district)] = [rounded(v, code) for v in steps[district]]
    return frame
