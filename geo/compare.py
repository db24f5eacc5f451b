"""District comparison: its URL state and the figures it shows (pure pandas).

The state round-trips through query parameters (``districts=650102,650105``,
``indicator=…``, ``period=…``); unknown or malformed values are dropped, so a
hand-edited URL never breaks the page.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.choropleth import PER_10K
from geo.indicators import ALL_PERIODS, in_period
from geo.program import PROGRAM_YEARS
from geo.view import PERIODS

MIN_DISTRICTS, MAX_DISTRICTS = 2, 4
DEFAULT_INDICATOR = "trained_total"
SEPARATOR = ","


@dataclass(frozen=True)
class Comparison:
    districts: tuple[str, ...] = ()
    indicator: str = DEFAULT_INDICATOR
    period: str = ALL_PERIODS

    @property
    def ready(self) -> bool:
        return MIN_DISTRICTS <= len(self.districts) <= MAX_DISTRICTS


def _last(value) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def comparison_from_params(
    params: dict, districts: list[str], indicator_codes: list[str]
) -> Comparison:
    """A valid Comparison from query parameters (strings or lists of strings)."""
    raw = params.get("districts", "")
    text = SEPARATOR.join(raw) if isinstance(raw, list) else str(raw)
    chosen = [code.strip() for code in text.split(SEPARATOR) if code.strip() in districts]
    indicator = _last(params.get("indicator"))
    period = _last(params.get("period"))
    return Comparison(
        districts=tuple(dict.fromkeys(chosen))[:MAX_DISTRICTS],
        indicator=indicator if indicator in indicator_codes else DEFAULT_INDICATOR,
        period=period if period in PERIODS else ALL_PERIODS,
    )


def comparison_to_params(comparison: Comparison) -> dict[str, str]:
    """Query parameters for a comparison, leaving out defaults."""
    params: dict[str, str] = {}
    if comparison.districts:
        params["districts"] = SEPARATOR.join(comparison.districts)
    if comparison.indicator != DEFAULT_INDICATOR:
        params["indicator"] = comparison.indicator
    if comparison.period != ALL_PERIODS:
        params["period"] = comparison.period
    return params


def district_kpis(
    indicators: pd.DataFrame,
    codes: list[str],
    period: str,
    districts: list[str],
    population: pd.Series,
) -> pd.DataFrame:
    """One row per district and indicator: the period ``value`` and ``per_10k`` residents
    (``population`` by adcode; NaN where it is missing or zero)."""
    totals = in_period(indicators, period).groupby("district")[codes].sum().astype(float)
    totals = totals.reindex(districts, fill_value=0.0)
    residents = population.reindex(districts).astype(float).where(lambda p: p > 0)
    rows = [
        {
            "district": district,
            "code": code,
            "value": totals.at[district, code],
            "per_10k": totals.at[district, code] / residents[district] * PER_10K,
        }
        for district in districts
        for code in codes
    ]
    return pd.DataFrame(rows, columns=["district", "code", "value", "per_10k"])


def sub_periods(period: str) -> list[str]:
    """The steps a period is split into for grouped bars: years of the program, quarters
    of a year, or the quarter itself."""
    if period == ALL_PERIODS:
        return [str(y) for y in PROGRAM_YEARS]
    if len(period) == 4:
        return [f"{period}Q{q}" for q in (1, 2, 3, 4)]
    return [period]


def period_steps(
    indicators: pd.DataFrame, code: str, period: str, districts: list[str]
) -> pd.DataFrame:
    """One indicator per sub-period (rows) and district (columns)."""
    steps = sub_periods(period)
    rows = in_period(indicators, period)
    rows = rows[rows["district"].isin(districts)]
    step = rows["quarter"].str[:4] if period == ALL_PERIODS else rows["quarter"]
    table = rows.groupby([step, rows["district"]])[code].sum().unstack(fill_value=0)
    table = table.reindex(index=steps, columns=districts, fill_value=0).astype(float)
    table.index.name, table.columns.name = "period", "district"
    return table
