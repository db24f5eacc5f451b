"""Streamlit pieces shared by the employment and comparison pages: a chart with its table
view and downloads, the progress matrix, and the district-brief button.

Labels come from the catalogs (charts.*) in the current language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

import folium
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import brief, chart_layout, i18n
from components.escape import for_markdown
from components.file_names import safe_file_stem
from components.i18n import t
from components.labels import district_name
from components.maps import urumqi_map
from data import exports
from data.loader import DatasetInfo, Datasets

PLOT_CONFIG = chart_layout.PLOT_CONFIG
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """CSV and XLSX buttons, built only when clicked; formula-like cells are neutralised."""
    row = st.container(horizontal=True)
    row.download_button(
        t("charts.download_csv"),
        data=partial(exports.to_csv_bytes, frame),
        file_name=f"{safe_file_stem(file_stem)}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        t("charts.download_xlsx"),
        data=partial(exports.to_xlsx_bytes, frame),
        file_name=f"{safe_file_stem(file_stem)}.xlsx",
        mime=XLSX_MIME,
        key=f"{key}_xlsx",
        on_click="ignore",
        icon=":material/download:",
    )


def chart_and_table(figures: go.Figure | list, table: pd.DataFrame, file_stem: str, key: str,
                    column_config: dict | None = None) -> None:  # fmt: skip
    """Charts with a 表格 tab holding the same numbers, and the table's downloads.

    ``figures``: one figure, or rows of them; a row is a figure (full width) or a list of
    figures side by side.
    """
    rows = figures if isinstance(figures, list) else [figures]
    chart_tab, table_tab = st.tabs([t("charts.tab_chart"), t("charts.tab_table")])
    with chart_tab:
        number = 0
        for row in rows:
            row = row if isinstance(row, list) else [row]
            slots = st.columns(len(row)) if len(row) > 1 else [st.container()]
            for slot, figure in zip(slots, row, strict=True):
                chart_layout.show(figure, f"{key}_chart{number}", where=slot)
                number += 1
    with table_tab:
        st.dataframe(table, hide_index=True, column_config=column_config)
    table_downloads(table, file_stem, key)


def progress_matrix(cells: pd.DataFrame, styles: pd.DataFrame) -> None:
    """区县 × 指标 with “97% 接近” cells (``tables.progress_matrix``) on a background by
    status (``tables.status_styles``)."""
    st.dataframe(cells.style.apply(lambda _frame: styles, axis=None))


def _in_language(lang: str, build: Callable[[], str]) -> str:
    """``build()`` in ``lang``: a deferred download runs outside the page's script run,
    where the session's language is not known."""
    with i18n.using(lang):
        return build()


def brief_button(data: Datasets, adcode: str, period: str, info: DatasetInfo, key: str) -> None:
    """Download of the district brief (HTML, built when clicked, in the page's language)."""
    name = district_name(adcode, data.district_names)
    build = partial(
        brief.district_brief, data, adcode, period, info, generated=dt.date.today().isoformat()
    )
    st.download_button(
        t("charts.brief_button", name=for_markdown(name)),
        data=partial(_in_language, i18n.current(), build),
        file_name=brief.brief_file_name(name),
        mime="text/html",
        key=key,
        on_click="ignore",
        icon=":material/description:",
        help=t("charts.brief_help"),
    )


def small_district_map(data: Datasets, adcode: str) -> folium.Map:
    """One district's communities on a small map, its legend folded away to leave room."""
    return urumqi_map(
        data.districts, data.communities, data.bases, ("communities",), focus=adcode,
        fold_legend=True,
    )  # fmt: skip
