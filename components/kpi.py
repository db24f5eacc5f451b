"""KPI cards as plain records: the page renders each with ``st.metric``."""

from __future__ import annotations

from dataclasses import dataclass

from data import reference
from geo.indicators import ACHIEVED, BEHIND, CLOSE, Progress, change, status

STATUS_COLORS = {ACHIEVED: "green", CLOSE: "orange", BEHIND: "red"}
STATUS_WORDS = {ACHIEVED: "已完成", CLOSE: "接近", BEHIND: "落后"}


@dataclass(frozen=True)
class KpiCard:
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    help: str | None = None


def share(ratio: float) -> str:
    """A completion share; one decimal just below 100 %, so 99.6 % never reads as done."""
    return f"{ratio:.1%}" if 0.995 <= ratio < 1 else f"{ratio:.0%}"


def count_card(label: str, count: int, unit: str) -> KpiCard:
    return KpiCard(f"{label}（{unit}）", f"{count:,}")


def progress_card(item: Progress, target_label: str = "目标") -> KpiCard:
    """Indicator value with its share of the target, coloured by status."""
    row = reference.indicators().set_index("code").loc[item.code]
    value = f"{item.actual:,.1f}" if row["unit"] == "万元" else f"{item.actual:,.0f}"
    state = status(item.ratio)
    if state is None:
        return KpiCard(f"{row['name_zh']}（{row['unit']}）", value)
    delta = f"完成 {share(item.ratio)} · {STATUS_WORDS[state]}"
    label = f"{row['name_zh']}（{row['unit']}）"
    return KpiCard(label, value, delta, STATUS_COLORS[state], help=f"实际值占{target_label}的比例")


STATUS_MARKDOWN = {ACHIEVED: "green", CLOSE: "orange", BEHIND: "red"}


def period_card(current: Progress, previous: Progress | None) -> tuple[KpiCard, str]:
    """A card with the change from the previous period, and a markdown target line."""
    row = reference.indicators().set_index("code").loc[current.code]
    value = f"{current.actual:,.1f}" if row["unit"] == "万元" else f"{current.actual:,.0f}"
    ratio = change(current.actual, previous.actual if previous else None)
    delta = None if ratio is None else f"{ratio:+.1%} 较上期"
    card = KpiCard(f"{row['name_zh']}（{row['unit']}）", value, delta, "normal")
    state = status(current.ratio)
    if state is None:
        return card, "无目标数据"
    target = f"{current.target:,.0f}"
    words = f"目标 {target} · 完成 {share(current.ratio)}（{STATUS_WORDS[state]}）"
    return card, f":{STATUS_MARKDOWN[state]}[{words}]"
