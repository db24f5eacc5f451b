"""The one way to show a district's name, a period and a share, in the current language.

Pages, panels, tables, figures and KPI cards all call these; none formats them itself.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from components import i18n
from components.i18n import t, term
from geo.indicators import ALL_PERIODS


def district_name(adcode: str, loaded: Mapping[str, str] | None = None) -> str:
    """A district's name to show (not escaped).

    The catalog's name in ug and en; in zh the name as loaded (``loaded``: adcode → the
    boundary file's own name; tests/test_i18n.py checks that the two agree), so pages and
    briefs show a district as it was loaded. A district the catalog does not know keeps
    its loaded name, or its code."""
    known = f"districts.{adcode}" in i18n.catalog(i18n.current())
    if (
        loaded is not None
        and adcode in loaded
        and (i18n.current() == i18n.DEFAULT_LANG or not known)
    ):
        return loaded[adcode]
    return term("districts", adcode) if known else str(adcode)


def district_names(loaded: Mapping[str, str]) -> dict[str, str]:
    """Every loaded district's name to show, by adcode, in the loaded order."""
    return {adcode: district_name(adcode, loaded) for adcode in loaded}


def period_label(period: str, wording: str = "map.periods") -> str:
    """全期, a year (2023) or a quarter (2023Q1) in the current language.

    ``wording`` is the catalog table with the ``all``, ``year`` and ``quarter`` texts: the
    map's (``map.periods``) or the brief's (``brief.period``), which differ in grammar."""
    if period == ALL_PERIODS:
        return t(f"{wording}.all")
    if len(period) == 4:
        return t(f"{wording}.year", year=period)
    year, quarter = period.split("Q")
    return t(f"{wording}.quarter", year=year, quarter=quarter)


def format_ratio(ratio: float | None) -> str:
    """A share as a percentage: 97%; 99.6% rather than a rounded 100% for a target not
    yet reached; — if there is none."""
    if ratio is None or pd.isna(ratio):
        return "—"
    ratio = float(ratio)
    return f"{ratio:.1%}" if 0.995 <= ratio < 1 else f"{ratio:.0%}"
