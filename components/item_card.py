"""The card of a clicked community or base, as label/value rows (the page renders it).

Labels and reference terms are in the current language; names, streets, addresses and
sources are data and stay as entered.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.i18n import t, term


@dataclass(frozen=True)
class ItemCard:
    title: str
    subtitle: str
    rows: list[tuple[str, str]]
    source: str


def _number(value) -> str:
    return "—" if pd.isna(value) else f"{int(value):,}"


def _text(value) -> str:
    return str(value) if pd.notna(value) else "—"


def _year(value) -> str:
    return "—" if pd.isna(value) else str(int(value))


def _source(row: pd.Series) -> str:
    return str(row["source"]) if pd.notna(row["source"]) else t("map.card.no_source")


def indicator_field(code: str) -> str:
    """An indicator's name with its unit, as a field label (带动就业（人）)."""
    return t(
        "map.card.with_unit", name=term("indicators", code), unit=term("indicator_units", code)
    )


def community_card(row: pd.Series, district_name: str) -> ItemCard:
    type_name = term("community_types", row["type"])
    return ItemCard(
        title=str(row["name"]),
        subtitle=t("map.card.community_subtitle", type=type_name, district=district_name),
        rows=[
            (t("map.card.community_type"), type_name),
            (t("map.card.street"), _text(row["street"])),
            (t("map.card.year"), _year(row["year"])),
            (indicator_field("new_entities"), _number(row["new_entities"])),
            (indicator_field("jobs_created"), _number(row["jobs_created"])),
            (indicator_field("trained_total"), _number(row["trained_total"])),
        ],
        source=_source(row),
    )


def base_card(row: pd.Series, district_name: str) -> ItemCard:
    kind = term("base_kinds", row["kind"])
    level = term("base_levels", row["level"])
    return ItemCard(
        title=str(row["name"]),
        subtitle=t("map.card.base_subtitle", level=level, kind=kind, district=district_name),
        rows=[
            (t("map.card.kind"), kind),
            (t("map.card.level"), level),
            (t("map.card.address"), _text(row["address"])),
            (t("map.card.year"), _year(row["year"])),
            (t("map.card.firms"), _number(row["firms"])),
            (indicator_field("jobs_created"), _number(row["jobs_created"])),
        ],
        source=_source(row),
    )
