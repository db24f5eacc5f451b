"""数据管理: templates, upload → check → preview → apply, versions and restore, downloads.

Registered only when the deployment enables it (components.settings), behind a password.
The page's own words (titles, buttons, captions, table headers) come from the catalog
(admin.*); check results, problems and summaries from the data layer (data/) are shown
as it writes them, in Chinese, with their file, row and column.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.access import login_gate
from components.file_names import safe_file_stem
from components.folium_render import render_offline
from components.i18n import t
from components.maps import urumqi_map
from data import exports, importer, loader, reading, storage
from data.schema import KINDS, column_label

AUDIT_COLUMNS = ("time", "action", "kind", "user", "source", "rows_before", "rows_after",
                 "sha256", "kept_version")  # fmt: skip
FILE_TYPES = ["csv", "xlsx", "geojson", "json", "parquet"]
# Names of the coordinate systems, put into the messages as values (kept left to right).
CRS_LABELS = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09"}
CRS_BY_SOURCE = {
    "amap": CRS_LABELS["gcj02"],
    "baidu": CRS_LABELS["bd09"],
    "gps": CRS_LABELS["wgs84"],
}

st.title(t("admin.title"))
if not login_gate():
    st.stop()

try:
    data_dir = importer.writable_data_dir()
except importer.UsageError as error:
    st.error(str(error))
    st.info(t("admin.need_data_dir", env=loader.DATA_DIR_ENV))
    st.stop()

KIND_OPTIONS = list(importer.KIND_NAMES)
ROW = t("admin.problems.row")
upload_tab, history_tab, download_tab = st.tabs(
    [t("admin.tab_upload"), t("admin.tab_history"), t("admin.tab_downloads")]
)


def kind_title(kind: str) -> str:
    return t(f"admin.kinds.{kind}")


def crs_title(crs: str) -> str:
    return t(f"admin.crs.{crs}", name=CRS_LABELS[crs])


def problem_table(problems) -> pd.DataFrame:
    return pd.DataFrame(
        [(p.row, column_label(p.column) if p.column else "", p.message) for p in problems],
        columns=[ROW, t("admin.problems.column"), t("admin.problems.problem")],
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
    # Column headers as the templates and the data layer's problems name them.
    frame = table.frame.rename(columns=column_label)
    frame.insert(0, ROW, table.row_numbers)
    return frame.style.apply(
        lambda row: ["background-color: #fde2e1" if row[ROW] in bad_rows else ""] * len(row),
        axis=1,
    )


def audit_table(audit: list[dict]) -> pd.DataFrame:
    """The audit log, newest first, with translated headers, actions and kinds."""
    frame = pd.DataFrame(list(reversed(audit)))
    if "action" in frame:
        frame["action"] = [
            t(f"admin.actions.{a}") if a in ("apply", "restore") else a for a in frame["action"]
        ]
    if "kind" in frame:
        frame["kind"] = [kind_title(k) if k in KIND_OPTIONS else k for k in frame["kind"]]
    headers = {c: t(f"admin.audit.{c}", algorithm="SHA-256") for c in AUDIT_COLUMNS}
    return frame.rename(columns=headers)


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
    kind = st.selectbox(t("admin.kind_label"), KIND_OPTIONS, format_func=kind_title)
    crs = None
    if kind in importer.COORDINATE_KINDS:
        crs = st.radio(
            t("admin.crs_label"),
            list(importer.CRS_NAMES),
            format_func=crs_title,
            index=None,
            horizontal=True,
            help=t("admin.crs_help", **CRS_BY_SOURCE),
        )
    upload = st.file_uploader(t("admin.upload_label"), type=FILE_TYPES, key="upload")
    sheet = st.text_input(t("admin.sheet_label")) or None
    st.caption(t("admin.checks_note"))
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
                st.markdown(f"**{t('admin.uploaded_rows')}**")
                st.dataframe(rows, hide_index=True)
        if report.warnings:
            st.warning(t("admin.warnings", count=len(report.warnings)))
            st.dataframe(problem_table(report.warnings), hide_index=True)
        if report.ok:
            st.markdown(f"**{t('admin.preview')}**")
            if kind in ("communities", "bases"):
                preview_map(kind, report.dataset)
            elif report.dataset is not None:
                st.dataframe(report.dataset.head(50), hide_index=True)
            if st.button(t("admin.apply"), type="primary"):
                result = importer.apply_bytes(kind, content, upload.name, crs, sheet)
                (st.success if result.applied else st.error)(result.summary)
    elif upload is not None:
        st.info(t("admin.choose_crs", **CRS_BY_SOURCE))

with history_tab:
    kind = st.selectbox(
        t("admin.kind_label"), KIND_OPTIONS, format_func=kind_title, key="history_kind"
    )
    versions = storage.list_versions(data_dir, kind)
    st.markdown(f"**{t('admin.versions', count=len(versions))}**")
    st.dataframe(
        pd.DataFrame(
            [(v.name, v.stat().st_size) for v in reversed(versions)],
            columns=[t("admin.versions_table.file"), t("admin.versions_table.bytes")],
        ),
        hide_index=True,
    )
    if st.button(t("admin.restore"), disabled=not versions):
        outcome = importer.restore(kind)
        (st.success if outcome.ok else st.warning)(outcome.summary)
    st.markdown(f"**{t('admin.audit_heading')}**")
    st.dataframe(audit_table(storage.read_audit(data_dir)), hide_index=True)

with download_tab:
    for name in KINDS:
        title = kind_title(name)
        columns = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
        columns[0].markdown(f"**{title}**")
        try:
            current = loader.load(name)
        except Exception as error:  # a broken file still gets its template
            columns[1].caption(t("admin.current_unreadable", error=error))
            current = None
        if current is not None:
            stem = safe_file_stem(title)
            columns[1].download_button(
                t("admin.download_current", format="CSV"),
                exports.to_csv_bytes(current),
                f"{stem}.csv",
                key=f"c_{name}",
            )
            columns[2].download_button(
                t("admin.download_current", format="XLSX"),
                exports.to_xlsx_bytes(current),
                f"{stem}.xlsx",
                key=f"x_{name}",
            )
        for column, fmt in zip(columns[3:], ("xlsx", "csv"), strict=True):
            column.download_button(
                t("admin.download_template", format=fmt.upper()),
                exports.template_bytes(name, fmt),
                exports.template_file_name(name, fmt),
                key=f"t_{name}_{fmt}",
            )
