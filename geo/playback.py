"""Quarter-by-quarter playback of the program (pure pandas): the per-quarter series a map
plays in the browser, one colour scale for the whole run, the quarter each community or
base appears in, and the playback's round trip through URL query parameters.

Unknown or malformed values fall back to defaults, so a hand-edited URL never breaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.choropleth import PER_10K, class_breaks, class_of
from geo.program import FIRST_QUARTER, PROGRAM_QUARTERS, PROGRAM_YEARS

MODES = ("cumulative", "quarter")  # values up to the quarter, or in that quarter alone
# Milliseconds per quarter; "normal" plays the twelve quarters in about 20 s (the kiosk's).
SPEEDS = {"slow": 3000, "normal": 1650, "fast": 800}
DEFAULT_SPEED = "normal"
PARAMS = ("playback", "quarter", "playing", "speed")
NEVER = len(PROGRAM_QUARTERS)  # the appearance index of an item recognised after the run


@dataclass(frozen=True)
class Playback:
    """A playback: its mode, the quarter it shows (or starts from), whether it is playing
    and its speed."""

    mode: str = "cumulative"
    quarter: str = FIRST_QUARTER
    playing: bool = False
    speed: str = DEFAULT_SPEED

    @property
    def start_index(self) -> int:
        return PROGRAM_QUARTERS.index(self.quarter)

    @property
    def step_ms(self) -> int:
        return SPEEDS[self.speed]


def _one(params: dict, key: str):
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value


def playback_from_params(params: dict) -> Playback | None:
    """The playback named by query parameters; None when ``playback`` is absent or unknown."""
    mode = _one(params, "playback")
    if mode not in MODES:
        return None
    quarter = _one(params, "quarter")
    speed = _one(params, "speed")
    return Playback(
        mode=mode,
        quarter=quarter if quarter in PROGRAM_QUARTERS else FIRST_QUARTER,
        playing=_one(params, "playing") == "1",
        speed=speed if speed in SPEEDS else DEFAULT_SPEED,
    )


def playback_to_params(playback: Playback | None) -> dict[str, str]:
    """Query parameters of a playback, defaults left out (none without a playback)."""
    if playback is None:
        return {}
    params = {"playback": playback.mode}
    if playback.quarter != FIRST_QUARTER:
        params["quarter"] = playback.quarter
    if playback.playing:
        params["playing"] = "1"
    if playback.speed != DEFAULT_SPEED:
        params["speed"] = playback.speed
    return params


def invalid_playback_params(params: dict) -> list[str]:
    """Playback keys of ``params`` holding a value a Playback would drop (a saved view must
    name valid ones)."""
    allowed = {
        "playback": MODES, "quarter": PROGRAM_QUARTERS, "playing": ("0", "1"),
        "speed": tuple(SPEEDS),
    }  # fmt: skip
    bad = [key for key in PARAMS if key in params and str(params[key]) not in allowed[key]]
    if "playback" not in params:
        bad += [key for key in PARAMS if key in params and key not in bad]
    return bad


def split_params(params: dict) -> tuple[dict, dict]:
    """(the view's own parameters, the playback's)."""
    view = {k: v for k, v in params.items() if k not in PARAMS}
    return view, {k: v for k, v in params.items() if k in PARAMS}


def quarter_values(
    indicators: pd.DataFrame,
    code: str,
    districts: list[str],
    mode: str,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """The indicator per quarter (rows, all twelve) and district (columns, adcodes):
    cumulative since the program's start or in that quarter alone; per 10,000 residents
    when ``population`` (by adcode) is given. Missing rows count 0."""
    table = (
        indicators.pivot_table(index="quarter", columns="district", values=code, aggfunc="sum")
        .reindex(index=list(PROGRAM_QUARTERS), columns=districts)
        .fillna(0)
        .astype(float)
    )
    if mode == "cumulative":
        table = table.cumsum()
    if population is not None:
        table = table / population.reindex(districts).astype(float).to_numpy() * PER_10K
    return table


def run_breaks(values: pd.DataFrame, classes: int = 5) -> list[float]:
    """One set of class breaks for every quarter of the run, so colours compare."""
    return class_breaks(pd.Series(values.to_numpy().ravel()), classes=classes)


def run_classes(values: pd.DataFrame, breaks: list[float]) -> pd.DataFrame:
    """The class index of every quarter × district, against the run's breaks."""
    return values.apply(lambda row: class_of(row, breaks), axis=1)


def appear_index(years: pd.Series) -> pd.Series:
    """The first quarter index (0 = 2022Q1) each item shows in: the first quarter of the
    year it was recognised; items recognised before the program show from the start,
    after it never (NEVER)."""
    year = pd.to_numeric(years, errors="coerce")
    index = (year - PROGRAM_YEARS[0]) * 4
    index = index.clip(lower=0).where(year <= PROGRAM_YEARS[-1], NEVER)
    return index.fillna(NEVER).astype(int)


def shown_counts(appear: pd.Series) -> list[int]:
    """How many items show at each quarter index."""
    values = np.asarray(appear)
    return [int((values <= i).sum()) for i in range(len(PROGRAM_QUARTERS))]
