"""数据管理: templates, upload → check → preview → apply, versions and restore, downloads.

Registered only when the deployment enables it (components.settings), behind a password.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.access import login_gate
from components.maps import urumqi_map
from components.offline import render_offline
from data import exports, importer, loader, reading, storage
from data.schema import KINDS, column_label

st.title("数据管理")
if not login_gate():
    st.stop()

try:
    data_dir = importer.writable_data_dir()
except importer.UsageError as error:
    st.error(str(error))
    st.info("导入需要一个可写的数据目录：启动前设置环境变量 ATLAS_DATA_DIR。")
    st.stop()

KIND_OPTIONS = list(importer.KIND_NAMES)
upload_tab, history_tab, download_tab = st.tabs(["导入数据", "版本与恢复", "下载与模板"])


def problem_table(problems) -> pd.DataFrame:
    return pd.DataFrame(
        [(p.row, column_label(p.column) if p.column else "", p.message) for p in problems],
        columns=["行", "列", "问题"],
    )


def highlighted_rows(kind: str, data: bytes, name: str, sheet: str | None, problems):
    """The uploaded rows with every row that has a problem highlighted, or None."""
    if kind in (importer.BOUNDARIES, "entities"):  # entities: up to a million rows
        return None
    try:
        table = reading.read_table(kind, data, name, sheet)
    except Exception:  # the problems table already says why the file is unreadable
        return None
    bad_rows = {p.row for p in problems if p.row is not None}
    frame = table.frame.rename(columns=column_label)
    frame.insert(0, "行", table.row_numbers)
    return frame.style.apply(
        lambda row: ["background-color: #fde2e1" if row["行"] in bad_rows else ""] * len(row),
        axis=1,
    )


def preview_map(kind: str, dataset: pd.DataFrame) -> None:
    data = loader.load_all()
    communities = dataset if kind == "communities" else data.communities
    bases = dataset if kind == "bases" else data.bases
    layers = ("communities",) if kind == "communities" else ("bases",)
    render_offline(
        urumqi_map(data.districts, communities, bases, layers),
        key="admin_preview_map",
        height=420,
        use_container_width=True,
        returned_objects=[],
    )


with upload_tab:
    kind = st.selectbox("数据类别", KIND_OPTIONS, format_func=importer.KIND_TITLES.get)
    crs = None
    if kind in importer.COORDINATE_KINDS:
        crs = st.radio(
            "坐标来源（必须声明）",
            list(importer.CRS_NAMES),
            format_func=importer.CRS_NAMES.get,
            index=None,
            horizontal=True,
            help=importer.CRS_HELP,
        )
    upload = st.file_uploader(
        "选择文件（CSV、XLSX、GeoJSON；市场主体点位可用 Parquet）",
        type=["csv", "xlsx", "geojson", "json", "parquet"],
        key="upload",
    )
    sheet = st.text_input("工作表名称（可选，默认第一个）") or None
    if upload is not None and (crs or kind not in importer.COORDINATE_KINDS):
        content = upload.getvalue()
        try:
            report = importer.check_bytes(kind, content, upload.name, crs, sheet)
        except importer.UsageError as error:
            st.error(str(error))
            st.stop()
        (st.success if report.ok else st.error)(report.summary)
        for note in report.notes:
            st.caption(note)
        if report.problems:
            st.dataframe(problem_table(report.problems), hide_index=True)
            rows = highlighted_rows(kind, content, upload.name, sheet, report.problems)
            if rows is not None:
                st.markdown("**上传的数据（有问题的行已标红）**")
                st.dataframe(rows, hide_index=True)
        if report.warnings:
            st.warning(f"{len(report.warnings)} 条警告，请核对后再导入：")
            st.dataframe(problem_table(report.warnings), hide_index=True)
        if report.ok:
            st.markdown("**预览**")
            if kind in ("communities", "bases"):
                preview_map(kind, report.dataset)
            elif report.dataset is not None:
                st.dataframe(report.dataset.head(50), hide_index=True)
            if st.button("确认导入，替换当前数据", type="primary"):
                result = importer.apply_bytes(kind, content, upload.name, crs, sheet)
                (st.success if result.applied else st.error)(result.summary)
    elif upload is not None:
        st.info("请先选择坐标来源：高德、腾讯为 GCJ-02，百度为 BD-09，GPS 为 WGS-84。")

with history_tab:
    kind = st.selectbox(
        "数据类别", KIND_OPTIONS, format_func=importer.KIND_TITLES.get, key="history_kind"
    )
    versions = storage.list_versions(data_dir, kind)
    st.markdown(f"**已保存的旧版本（{len(versions)} 个）**")
    st.dataframe(
        pd.DataFrame(
            [(v.name, v.stat().st_size) for v in reversed(versions)], columns=["文件", "字节"]
        ),
        hide_index=True,
    )
    if st.button("恢复上一版本", disabled=not versions):
        outcome = importer.restore(kind)
        (st.success if outcome.ok else st.warning)(outcome.summary)
    st.markdown("**操作记录**")
    audit = storage.read_audit(data_dir)
    st.dataframe(pd.DataFrame(list(reversed(audit))), hide_index=True)

with download_tab:
    for name, kind in KINDS.items():
        columns = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
        columns[0].markdown(f"**{kind.title}**")
        try:
            current = loader.load(name)
        except Exception as error:  # a broken file still gets its template
            columns[1].caption(f"当前数据无法读取：{error}")
            current = None
        if current is not None:
            columns[1].download_button(
                "当前数据 CSV", exports.to_csv_bytes(current), f"{kind.title}.csv", key=f"c_{name}"
            )
            columns[2].download_button(
                "当前数据 XLSX", exports.to_xlsx_bytes(current), f"{kind.title}.xlsx",
                key=f"x_{name}",
            )  # fmt: skip
        for column, fmt in zip(columns[3:], ("xlsx", "csv"), strict=True):
            column.download_button(
                f"空白模板 {fmt.upper()}",
                exports.template_bytes(name, fmt),
                exports.template_file_name(name, fmt),
                key=f"t_{name}_{fmt}",
            )
