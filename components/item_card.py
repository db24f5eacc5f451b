"""The card of a clicked community or base, as label/value rows (the page renders it)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data import reference


@dataclass(frozen=True)
class ItemCard:
    title: str
    subtitle: str
    rows: list[tuple[str, str]]
    source: str


def _number(value) -> str:
    return "—" if pd.isna(value) else f"{int(value):,}"


def community_card(row: pd.Series, district_name: str) -> ItemCard:
    type_name = reference.label("community_types", row["type"])
    return ItemCard(
        title=str(row["name"]),
        subtitle=f"{type_name}社区 · {district_name}",
        rows=[
            ("社区类型", type_name),
            ("街道（乡镇）", str(row["street"]) if pd.notna(row["street"]) else "—"),
            ("认定年份", "—" if pd.isna(row["year"]) else str(int(row["year"]))),
            ("新增市场主体（户）", _number(row["new_entities"])),
            ("带动就业（人）", _number(row["jobs_created"])),
            ("培训人数（人次）", _number(row["trained_total"])),
        ],
        source=str(row["source"]) if pd.notna(row["source"]) else "未注明",
    )


def base_card(row: pd.Series, district_name: str) -> ItemCard:
    kind = reference.label("base_kinds", row["kind"])
    level = reference.label("base_levels", row["level"])
    return ItemCard(
        title=str(row["name"]),
        subtitle=f"{level}{kind} · {district_name}",
        rows=[
            ("类别", kind),
            ("级别", level),
            ("地址", str(row["address"]) if pd.notna(row["address"]) else "—"),
            ("认定年份", "—" if pd.isna(row["year"]) else str(int(row["year"]))),
            ("入驻企业（家）", _number(row["firms"])),
            ("带动就业（人）", _number(row["jobs_created"])),
        ],
        source=str(row["source"]) if pd.notna(row["source"]) else "未注明",
    )
