"""The map explorer's side panels and district charts (Streamlit UI pieces).

Every label is in the current language (components.i18n); names and sources from the
data stay as entered.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import chart_layout, figures, i18n
from components.escape import for_markdown
from components.i18n import t, term
from components.item_card import base_card, community_card, indicator_field
from components.kpi import count_card, period_card, progress_of
from components.labels import district_name, district_names, period_label
from data import files, loader, memo, reference
from data.loader import Datasets
from geo import indicators as ind
from geo.program import URUMQI_ADCODE
from geo.view import View, previous_period

PANEL_CODES = [
    "jobs_created",
    "trained_total",
    "new_entities",
    "returnee_startups",
    "startup_loans",
]
# Figures quoted for Xinjiang as a whole (scope 新疆 in program_figures.csv).
XINJIANG_FIGURE_PREFIXES = ("xj_", "tianshan_")


@st.cache_resource(max_entries=256, show_spinner=False)
def _shared_figure(cache_key: str, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


def cached_figure(parts: tuple, build: Callable[[], go.Figure]) -> go.Figure:
    """The figure ``build`` makes, shared by sessions until a data file changes. ``parts``
    must name everything it depends on besides the data and the language. Only read, never
    change it (st.plotly_chart copies it with ``to_dict``)."""
    return _shared_figure(repr((loader.data_signature(), i18n.current(), parts)), build)


@memo.per_data
def urumqi_unit(data: Datasets) -> str:
    """Urumqi's short name in the Xinjiang units (a click there names it so)."""
    return data.units.set_index("adcode").at[URUMQI_ADCODE, "short_name"]


@memo.per_data
def _xinjiang_tables(data: Datasets, figures_key, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quoted Xinjiang figures and the clusters table with translated kinds."""
    stated = reference.program_figures()
    xinjiang = stated[stated["code"].str.startswith(XINJIANG_FIGURE_PREFIXES)].head(6)
    kinds = data.clusters["kind"].map(lambda code: term("cluster_kinds", code))
    return xinjiang, data.clusters.assign(kind=kinds)[["kind", "name", "members"]]


@memo.per_data
def _district_series(data: Datasets, adcode: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Quarterly totals of every indicator for a district, and its targets by year."""
    series = ind.quarterly(data.indicators, reference.codes("indicators"), adcode)
    return series, data.targets[data.targets["district"] == adcode].set_index("year")


@memo.per_data
def _by_type(data: Datasets, adcode: str, code: str, period: str) -> pd.Series:
    rows = ind.in_period(data.indicators, period)
    return rows[rows["district"] == adcode].groupby("community_type")[code].sum()


@memo.per_data
def _district_lists(data: Datasets, adcode: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A district's communities and bases as the panel lists them (names translated)."""
    communities = data.communities[data.communities["district"] == adcode]
    bases = data.bases[data.bases["district"] == adcode]
    type_names = communities["type"].map(lambda code: term("community_types", code))
    shown_communities = communities.assign(type=type_names)[
        ["name", "type", "street", "year", "jobs_created"]
    ]
    shown_bases = bases.assign(
        kind=bases["kind"].map(lambda code: term("base_kinds", code)),
        level=bases["level"].map(lambda code: term("base_levels", code)),
    )[["name", "kind", "level", "firms"]]
    return shown_communities, shown_bases


def place_period(place: str, period: str) -> str:
    """A panel heading: the place and the period label."""
    return f"{place} · {period_label(period)}"


def item_card(data: Datasets, item: tuple[str, str] | None) -> None:
    """The card of a clicked community or base, when it still exists in the data."""
    kind, item_id = item or (None, None)
    frame = data.communities if kind == "community" else data.bases
    match = frame[frame["id"] == item_id] if kind in ("community", "base") else frame.iloc[0:0]
    if match.empty:
        return
    row = match.iloc[0]
    build = community_card if kind == "community" else base_card
    card = build(row, district_name(row["district"], data.district_names))
    field, value = t("map.card.field"), t("map.card.value")
    with st.container(border=True):
        st.markdown(f"#### {for_markdown(card.title)}")
        st.caption(for_markdown(card.subtitle))
        st.table(pd.DataFrame(card.rows, columns=[field, value]).set_index(field))
        st.caption(t("map.card.source", source=for_markdown(card.source)))


def xinjiang_panel(data: Datasets) -> None:
    st.subheader(t("map.xinjiang.heading"))
    xinjiang, clusters = _xinjiang_tables(
        data, files.reference_signature("program_figures"), i18n.current()
    )
    for column, row in zip(st.columns(2) * 3, xinjiang.itertuples(), strict=False):
        label = t(
            "map.xinjiang.figure",
            name=term("program_figures", row.code),
            unit=term("program_figure_units", row.code),
        )
        column.metric(label, f"{row.value:,}")
    first = xinjiang.iloc[0]
    st.caption(
        t(
            "map.xinjiang.source",
            title=for_markdown(first["source_title"]),
            outlet=for_markdown(first["source_outlet"]),
        )
    )
    st.markdown(f"**{for_markdown(t('map.layers.clusters'))}**")
    st.dataframe(
        clusters,
        column_config={
            "kind": t("map.xinjiang.kind"),
            "name": t("map.xinjiang.name"),
            "members": t("map.xinjiang.members"),
        },
        hide_index=True,
    )


def city_panel(data: Datasets, view: View, values: pd.Series, value_title: str, unit: str) -> None:
    st.subheader(place_period(term("units", URUMQI_ADCODE), view.period))
    current = progress_of(data, tuple(PANEL_CODES[:3]), view.period)
    communities = count_card(
        t("map.city.communities"), len(data.communities), t("map.city.count_unit")
    )
    cards = [communities]
    cards += [period_card(item, None)[0] for item in current]
    for column, card in zip(st.columns(2) * 2, cards, strict=True):
        column.metric(card.label, card.value, border=True)
    labels = pd.Series(district_names(data.district_names))
    title = t("map.city.ranking", title=value_title)
    figure = cached_figure(
        ("ranking", view.indicator, view.period, view.per_10k, value_title, unit),
        lambda: figures.ranking_figure(values, labels, title, unit),
    )
    chart_layout.show(figure, "map_ranking")


def district_panel(data: Datasets, view: View, adcode: str) -> None:
    st.subheader(
        place_period(for_markdown(district_name(adcode, data.district_names)), view.period)
    )
    before = previous_period(view.period)
    current = progress_of(data, tuple(PANEL_CODES), view.period, adcode)
    earlier = progress_of(data, tuple(PANEL_CODES), before, adcode) if before else []
    for number, item in enumerate(current):
        card, target_line = period_card(item, earlier[number] if earlier else None)
        with st.container(border=True):
            st.metric(card.label, card.value, card.delta, delta_color=card.delta_color)
            st.caption(target_line)


def district_charts(data: Datasets, view: View, adcode: str) -> None:
    place = district_name(adcode, data.district_names)
    series, yearly_target = _district_series(data, adcode)
    left, right = st.columns(2)
    quarterly = cached_figure(
        ("quarterly", adcode, view.indicator),
        lambda: figures.quarterly_figure(
            series[view.indicator],
            view.indicator,
            pd.Series({q: yearly_target.at[int(q[:4]), view.indicator] / 4 for q in series.index}),
            place,
        ),
    )
    chart_layout.show(quarterly, "map_quarterly", where=left)
    training = cached_figure(("training", adcode), lambda: figures.training_figure(series, place))
    chart_layout.show(training, "map_training", where=right)
    by_type_figure = cached_figure(
        ("by_type", adcode, view.indicator, view.period),
        lambda: figures.by_type_figure(
            _by_type(data, adcode, view.indicator, view.period), view.indicator, place
        ),
    )
    chart_layout.show(by_type_figure, "map_by_type", where=left)
    with right:
        district_lists(data, adcode)


def district_lists(data: Datasets, adcode: str) -> None:
    communities, bases = _district_lists(data, adcode, i18n.current())
    heading = t("map.lists.communities", count=f"{len(communities):,}")
    st.markdown(f"**{for_markdown(heading)}**")
    st.dataframe(
        communities,
        column_config={
            "name": t("map.lists.community"),
            "type": t("map.lists.type"),
            "street": t("map.lists.street"),
            "year": st.column_config.NumberColumn(t("map.lists.year"), format="%d"),
            "jobs_created": indicator_field("jobs_created"),
        },
        hide_index=True,
        height=260,
    )
    heading = t("map.lists.bases", count=f"{len(bases):,}")
    st.markdown(f"**{for_markdown(heading)}**")
    st.dataframe(
        bases,
        column_config={
            "name": t("map.lists.base"),
            "kind": t("map.lists.kind"),
            "level": t("map.lists.level"),
            "firms": t("map.lists.firms"),
        },
        hide_index=True,
        height=220,
    )
