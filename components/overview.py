"""The overview page's tables (KPI progress, communities per type, the program figures),
computed once per data version and language (``data.memo``) and shared by every session:
the page only reads them. Names come from the catalogs in the current language."""

from __future__ import annotations

import pandas as pd

from components.i18n import term
from data import files, memo, reference

KPI_CODES = ("jobs_created", "trained_total", "new_entities", "returnee_startups")
FIGURE_COLUMNS = ["name", "value", "unit", "scope", "period", "source_title", "source_outlet"]


def reference_key() -> tuple:
    """Cache key of the reference tables these depend on."""
    return tuple(files.reference_signature(n) for n in ("community_types", "program_figures"))


@memo.per_data
def type_rows(data, reference_key: tuple, lang: str) -> pd.DataFrame:
    """The 13 community types: name, number of communities and purpose (as written)."""
    types = reference.community_types()
    counts = data.communities.groupby("type").size()
    return pd.DataFrame(
        {
            "name": [term("community_types", code) for code in types["code"]],
            "count": types["code"].map(counts).fillna(0).astype(int),
            "purpose": types["purpose"],  # quoted from the program as written
        }
    )


@memo.per_data
def program_figure_rows(data, reference_key: tuple, lang: str) -> pd.DataFrame:
    """Figures quoted from the program documents, with names and units translated."""
    figures = reference.program_figures()
    figures["name"] = [term("program_figures", code) for code in figures["code"]]
    figures["unit"] = [term("program_figure_units", code) for code in figures["code"]]
    return figures[FIGURE_COLUMNS]
