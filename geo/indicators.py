"""Aggregations of the quarterly indicator series and the annual targets (pure pandas)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ALL_PERIODS = "2022-2024"


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
