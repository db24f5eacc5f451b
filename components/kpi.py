"""KPI cards as plain records: the page renders each with ``st.metric``.

Labels and words come from the catalogs (charts.*) in the current language.
"""

from __future__ import annotations

from dataclasses import dataclass

from components import tables
from components.i18n import t
from components.labels import format_ratio
from data import memo
from geo import indicators
from geo.indicators import ACHIEVED, BEHIND, CLOSE, Progress, change, status

STATUS_COLORS = {ACHIEVED: "green", CLOSE: "orange", BEHIND: "red"}


@memo.per_data
def progress_of(
    data, codes: tuple[str, ...], period: str = indicators.ALL_PERIODS, adcode: str | None = None
) -> list[Progress]:
    """Actual against target per code, for the city or one district (adcode), computed
    once per data version and shared by every session: only read it."""
    return indicators.progress(data.indicators, data.targets, list(codes), period, adcode)


@dataclass(frozen=True)
class KpiCard:
    label: str
    value: str
    delta: str | None = None
    delta_color: str = "off"
    help: str | None = None


def count_card(label: str, count: int, unit: str | None = None) -> KpiCard:
    """A count; ``label`` already translated, ``unit`` (if any) added as 创业社区（个）."""
    title = t("charts.with_unit", name=label, unit=unit) if unit else label
    return KpiCard(title, f"{count:,}")


def progress_card(item: Progress, target_label: str | None = None) -> KpiCard:
    """Indicator value with its share of the target, coloured by status.

    ``target_label`` names the target in the help text (default: charts.target)."""
    label = tables.indicator_label(item.code)
    value = tables.format_value(item.actual, item.code)
    state = status(item.ratio)
    if state is None:
        return KpiCard(label, value)
    delta = t("charts.kpi_done", share=format_ratio(item.ratio), status=tables.status_word(state))
    help_text = t("charts.kpi_help", target=target_label or t("charts.target"))
    return KpiCard(label, value, delta, STATUS_COLORS[state], help=help_text)


STATUS_MARKDOWN = {ACHIEVED: "green", CLOSE: "orange", BEHIND: "red"}


def period_card(current: Progress, previous: Progress | None) -> tuple[KpiCard, str]:
    """A card with the change from the previous period, and a markdown target line."""
    value = tables.format_value(current.actual, current.code)
    ratio = change(current.actual, previous.actual if previous else None)
    # The sign leads the delta: st.metric reads the direction from its first character.
    delta = None if ratio is None else f"{ratio:+.1%} {t('charts.vs_previous')}"
    card = KpiCard(tables.indicator_label(current.code), value, delta, "normal")
    state = status(current.ratio)
    if state is None:
        return card, t("charts.no_target_data")
    words = t(
        "charts.target_line",
        target=f"{current.target:,.0f}",
        share=format_ratio(current.ratio),
        status=tables.status_word(state),
    )
    return card, f":{STATUS_MARKDOWN[state]}[{words}]"
