"""KPI cards as plain records: the page renders each with ``st.metric``."""

from __future__ import annotations

from dataclasses import dataclass

from data import reference
from geo.indicators import ACHIEVED, BEHIND, CLOSE, Progress, status

STATUS_COLORS = {ACHIEVED: "green", CLOSE: "orange", BEHIND: "red"}
STATUS_WORDS = {ACHIEVED: "已完成", CLOSE: "接近", BEHIND: "落后"}


@dataclass(frozen=True)
class KpiCard:
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    help: str | None = None


def count_card(label: str, count: int, unit: str) -> KpiCard:
    return KpiCard(f"{label}（{unit}）", f"{count:,}")


def progress_card(item: Progress, target_label: str = "目标") -> KpiCard:
    """Indicator value with its share of the target, coloured by status."""
    row = reference.indicators().set_index("code").loc[item.code]
    value = f"{item.actual:,.1f}" if row["unit"] == "万元" else f"{item.actual:,.0f}"
    state = status(item.ratio)
    if state is None:
        return KpiCard(f"{row['name_zh']}（{row['unit']}）", value)
    delta = f"完成 {item.ratio:.0%} · {STATUS_WORDS[state]}"
    label = f"{row['name_zh']}（{row['unit']}）"
    return KpiCard(label, value, delta, STATUS_COLORS[state], help=f"实际值占{target_label}的比例")
