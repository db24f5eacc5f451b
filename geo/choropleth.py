"""Values per district for a choropleth, and their class breaks (pure pandas)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.indicators import in_period

PER_10K = 10_000


def district_values(
    indicators: pd.DataFrame,
    code: str,
    period: str,
    districts: list[str],
    population: pd.Series | None = None,
) -> pd.Series:
    """Indicator total per district (adcode) in the period; per 10,000 residents when
    ``population`` (residents per adcode) is given. Districts without rows get 0."""
    rows = in_period(indicators, period)
    values = rows.groupby("district")[code].sum().reindex(districts, fill_value=0).astype(float)
    if population is not None:
        values = values / population.reindex(districts).astype(float) * PER_10K
    return values


def class_breaks(values: pd.Series, classes: int = 5) -> list[float]:
    """Rounded quantile breaks (classes + 1 edges, ascending, unique)."""
    finite = values.dropna()
    if finite.empty:
        return [0.0, 1.0]
    edges = np.quantile(finite, np.linspace(0, 1, classes + 1))
    span = max(float(finite.max() - finite.min()), 1e-9)
    digits = max(0, 2 - int(np.floor(np.log10(span))))
    rounded = sorted({round(float(e), digits) for e in edges})
    if len(rounded) == 1:
        rounded.append(rounded[0] + 1)
    rounded[0] = min(rounded[0], float(finite.min()))
    rounded[-1] = max(rounded[-1], float(finite.max()))
    return rounded


def class_of(values: pd.Series, breaks: list[float]) -> pd.Series:
    """0-based class index of each value given ascending ``breaks``."""
    inner = np.asarray(breaks[1:-1])
    return pd.Series(np.searchsorted(inner, values.to_numpy(), side="right"), index=values.index)
