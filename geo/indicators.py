"""Aggregations of the quarterly indicator series and the annual targets (pure pandas)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.program import ALL_PERIODS, PROGRAM_QUARTERS


def year_of(quarter: pd.Series) -> pd.Series:
    return quarter.str[:4].astype(int)


def in_period(indicators: pd.DataFrame, period: str = ALL_PERIODS) -> pd.DataFrame:
    """Rows of one quarter ("2023Q2"), one year ("2023") or the whole program."""
    if period == ALL_PERIODS:
        return indicators
    if len(period) == 4:
        return indicators[indicators["quarter"].str.startswith(period)]
    return indicators[indicators["quarter"] == period]


def targets_in_period(targets: pd.DataFrame, period: str = ALL_PERIODS) -> pd.DataFrame:
    """Annual targets covering a period; a single quarter takes a quarter of its year's target."""
    if period == ALL_PERIODS:
        return targets
    year = int(period[:4])
    rows = targets[targets["year"] == year]
    if len(period) == 4:
        return rows
    numeric = rows.select_dtypes("number").columns.drop("year")
    quartered = rows.copy()
    quartered[numeric] = quartered[numeric].astype("Float64") / 4
    return quartered


def totals(
    frame: pd.DataFrame, codes: list[str], by: str | None = None
) -> pd.DataFrame | pd.Series:
    """Sum of each indicator, overall (a Series) or per ``by`` column (a frame)."""
    if by is None:
        return frame[codes].sum()
    return frame.groupby(by)[codes].sum()


@dataclass(frozen=True)
class Progress:
    """An indicator's actual value against its target over the same period."""

    code: str
    actual: float
    target: float | None

    @property
    def ratio(self) -> float | None:
        if not self.target:
            return None
        return self.actual / self.target


ACHIEVED, CLOSE, BEHIND = "achieved", "close", "behind"
CLOSE_SHARE = 0.9


def status(ratio: float | None) -> str | None:
    """achieved (≥ 100 % of target), close (≥ 90 %) or behind; None without a target."""
    if ratio is None:
        return None
    if ratio >= 1:
        return ACHIEVED
    return CLOSE if ratio >= CLOSE_SHARE else BEHIND


def progress(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    codes: list[str],
    period: str = ALL_PERIODS,
    district: str | None = None,
) -> list[Progress]:
    """Actual against target for each code, for the city or one district (adcode)."""
    actual_rows = in_period(indicators, period)
    target_rows = targets_in_period(targets, period)
    if district is not None:
        actual_rows = actual_rows[actual_rows["district"] == district]
        target_rows = target_rows[target_rows["district"] == district]
    actual = totals(actual_rows, codes)
    target = totals(target_rows, codes) if len(target_rows) else None
    return [
        Progress(code, float(actual[code]), None if target is None else float(target[code]))
        for code in codes
    ]


def quarterly(
    indicators: pd.DataFrame, codes: list[str], district: str | None = None
) -> pd.DataFrame:
    """Quarter-by-quarter totals (index: quarter), for the city or one district."""
    rows = indicators if district is None else indicators[indicators["district"] == district]
    return rows.groupby("quarter")[codes].sum().sort_index()


def change(current: float, previous: float | None) -> float | None:
    """Relative change from ``previous``; None when there is no base to compare with."""
    if previous is None or previous == 0:
        return None
    return current / previous - 1


# --- Cumulative progress against the three-year targets (employment page, brief) -------

# Stages shown side by side as "培训 → 就业 → 市场主体"; each is counted on its own.
FUNNEL_CODES = ["trained_total", "jobs_created", "new_entities"]


def period_end(period: str) -> str:
    """Last quarter of a period: the program → 2024Q4, "2023" → 2023Q4, "2023Q2" → itself."""
    if period == ALL_PERIODS:
        return PROGRAM_QUARTERS[-1]
    return f"{period}Q4" if len(period) == 4 else period


def quarters_through(quarter: str) -> list[str]:
    """Program quarters from 2022Q1 up to and including ``quarter``."""
    return [q for q in PROGRAM_QUARTERS if q <= quarter]


def cumulative_actual(
    indicators: pd.DataFrame, codes: list[str], through: str, by: str = "district"
) -> pd.DataFrame:
    """Sum of each indicator from the first quarter through ``through``, per ``by``."""
    rows = indicators[indicators["quarter"] <= through]
    return rows.groupby(by)[codes].sum().astype(float)


def cumulative_target(
    targets: pd.DataFrame, codes: list[str], through: str, by: str = "district"
) -> pd.DataFrame:
    """Target accumulated through a quarter: earlier years in full, then a quarter of the
    current year's annual target for each quarter passed (e.g. 2023Q2 → 2022 + ½ × 2023)."""
    year, quarter = int(through[:4]), int(through[-1])
    years = targets["year"].astype(int)
    share = years.map(lambda y: 1.0 if y < year else quarter / 4 if y == year else 0.0)
    weighted = targets[codes].astype(float).mul(share.astype(float), axis=0)
    return weighted.groupby(targets[by]).sum()


def program_target(targets: pd.DataFrame, codes: list[str], by: str = "district") -> pd.DataFrame:
    """The three-year target: the sum of the annual targets, per ``by``."""
    return targets.groupby(by)[codes].sum().astype(float)


PROGRESS_COLUMNS = ["district", "code", "actual", "target", "program_target", "ratio", "gap",
                    "status"]  # fmt: skip


def _progress_row(district: str, code: str, actual: float, target: float, full: float) -> dict:
    has_target = bool(target) and not pd.isna(target)
    ratio = actual / target if has_target else None
    return {
        "district": district,
        "code": code,
        "actual": actual,
        "target": target if has_target else None,
        "program_target": None if pd.isna(full) else full,
        "ratio": ratio,
        "gap": max(target - actual, 0.0) if has_target else None,
        "status": status(ratio),
    }


def cumulative_progress(
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    codes: list[str],
    through: str,
    districts: list[str],
) -> pd.DataFrame:
    """One row per district and indicator: cumulative ``actual`` and ``target`` through a
    quarter, the three-year ``program_target``, ``ratio`` (actual ÷ target), ``gap`` (how
    much is missing to reach the target, 0 when reached) and ``status``."""
    actual = cumulative_actual(indicators, codes, through).reindex(districts, fill_value=0.0)
    target = cumulative_target(targets, codes, through).reindex(districts)
    full = program_target(targets, codes).reindex(districts)
    rows = [
        _progress_row(d, c, float(actual.at[d, c]), target.at[d, c], full.at[d, c])
        for d in districts
        for c in codes
    ]
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def city_progress(table: pd.DataFrame, city: str = "全市") -> pd.DataFrame:
    """The city rows of a ``cumulative_progress`` table: districts summed per indicator."""
    rows = []
    for code, group in table.groupby("code", sort=False):
        target = group["target"].sum(min_count=1)
        full = group["program_target"].sum(min_count=1)
        rows.append(_progress_row(city, code, float(group["actual"].sum()), target, full))
    return pd.DataFrame(rows, columns=table.columns)


def ranked_shortfalls(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """Rows of one indicator that have a target, furthest behind first (lowest ratio)."""
    rows = table[(table["code"] == code) & table["ratio"].notna()]
    return rows.sort_values(["ratio", "gap"], ascending=[True, False]).reset_index(drop=True)


def breakdown(
    indicators: pd.DataFrame,
    codes: list[str],
    period: str,
    by: str,
    district: str | None = None,
) -> pd.DataFrame:
    """Indicator totals in a period per ``by`` (community_type, district), optionally
    inside one district."""
    rows = in_period(indicators, period)
    if district is not None:
        rows = rows[rows["district"] == district]
    return rows.groupby(by)[codes].sum()


def quarterly_targets(
    targets: pd.DataFrame, codes: list[str], quarters: list[str], district: str | None = None
) -> pd.DataFrame:
    """The quarterly share (annual target ÷ 4) of each indicator for the given quarters."""
    rows = targets if district is None else targets[targets["district"] == district]
    annual = rows.groupby(rows["year"].astype(int))[codes].sum().astype(float)
    frame = annual.reindex([int(q[:4]) for q in quarters]) / 4
    frame.index = pd.Index(quarters, name="quarter")
    return frame
