"""Streamlit pieces shared by the employment and comparison pages: a chart with its table
view and downloads, the progress matrix, and the district-brief button."""

from __future__ import annotations

import datetime as dt
from functools import partial

import folium
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components import brief, tables
from components.escape import for_markdown
from components.legend import Legend
from components.maps import urumqi_map
from data import exports
from data.loader import DatasetInfo, Datasets

PLOT_CONFIG = {"displayModeBar": False}
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_downloads(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """CSV and XLSX buttons, built only when clicked; formula-like cells are neutralised."""
    row = st.container(horizontal=True)
    row.download_button(
        "下载 CSV",
        data=partial(exports.to_csv_bytes, frame),
        file_name=f"{brief.safe_file_stem(file_stem)}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        "下载 XLSX",
        data=partial(exports.to_xlsx_bytes, frame),
        file_name=f"{brief.safe_file_stem(file_stem)}.xlsx",
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
    chart_tab, table_tab = st.tabs(["图表", "表格"])
    with chart_tab:
        number = 0
        for row in rows:
            row = row if isinstance(row, list) else [row]
            slots = st.columns(len(row)) if len(row) > 1 else [st.container()]
            for slot, figure in zip(slots, row, strict=True):
                slot.plotly_chart(figure, config=PLOT_CONFIG, key=f"{key}_chart{number}")
                number += 1
    with table_tab:
        st.dataframe(table, hide_index=True, column_config=column_config)
    table_downloads(table, file_stem, key)


def progress_matrix(table: pd.DataFrame, names: dict[str, str]) -> None:
    """区县 × 指标 with “97% 接近” cells on a background by status."""
    cells, states = tables.progress_matrix(table, names)
    styled = cells.style.apply(lambda _frame: tables.status_styles(states), axis=None)
    st.dataframe(styled)


def brief_button(data: Datasets, adcode: str, period: str, info: DatasetInfo, key: str) -> None:
    """Download of the district brief (HTML, built when clicked)."""
    name = data.district_names[adcode]
    build = partial(
        brief.district_brief, data, adcode, period, info, generated=dt.date.today().isoformat()
    )
    st.download_button(
        f"下载{for_markdown(name)}简报（HTML，可打印为 A4）",
        data=build,
        file_name=brief.brief_file_name(name),
        mime="text/html",
        key=key,
        on_click="ignore",
        icon=":material/description:",
        help="单个 HTML 文件，离线可打开；用浏览器“打印 → 另存为 PDF”即可得到 A4 简报。",
    )


def small_district_map(data: Datasets, adcode: str) -> folium.Map:
    """One district's communities on a small map, its legend folded away to leave room."""
    m = urumqi_map(data.districts, data.communities, data.bases, ("communities",), focus=adcode)
    for child in m._children.values():
        if isinstance(child, Legend):
            child.html = child.html.replace("<details open>", "<details>", 1)
    return m
