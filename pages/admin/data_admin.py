"""数据管理: templates, upload → check → preview → apply, versions and restore, downloads,
against whichever store serves the data (the folder in ATLAS_DATA_DIR, or the database).

Registered only when the deployment enables it (data.settings), behind a password.
The page's own words (titles, buttons, captions, table headers) come from the catalog
(admin.*); check results, problems and summaries from the data layer (data/) are shown
as it writes them, in Chinese, with their file, row and column (components.admin).
"""

from __future__ import annotations

import streamlit as st

from components import admin
from components.access import logged_in_user, login_gate
from components.escape import for_markdown
from components.i18n import t
from data import importer, loader, stores
from data.schema import KINDS

FILE_TYPES = ["csv", "xlsx", "geojson", "json", "parquet"]

st.title(t("admin.title"))
if not login_gate():
    st.stop()

try:
    importer.check_writable()  # the folder in ATLAS_DATA_DIR, or the database
except importer.UsageError as error:
    st.error(for_markdown(error))
    st.info(t("admin.need_data_dir", env=loader.DATA_DIR_ENV))
    st.stop()
if stores.uses_database():
    st.caption(t("admin.store_database"))

upload_tab, history_tab, download_tab = st.tabs(
    [t("admin.tab_upload"), t("admin.tab_history"), t("admin.tab_downloads")]
)

with upload_tab:
    kind = st.selectbox(t("admin.kind_label"), admin.KIND_OPTIONS, format_func=admin.kind_title)
    crs = None
    if kind in importer.COORDINATE_KINDS:
        crs = st.radio(
            t("admin.crs_label"),
            list(importer.CRS_NAMES),
            format_func=admin.crs_title,
            index=None,
            horizontal=True,
            help=t("admin.crs_help", **admin.CRS_BY_SOURCE),
        )
    upload = st.file_uploader(t("admin.upload_label"), type=FILE_TYPES, key="upload")
    sheet = st.text_input(t("admin.sheet_label")) or None
    st.caption(t("admin.checks_note"))
    if upload is not None and (crs or kind not in importer.COORDINATE_KINDS):
        content = upload.getvalue()
        try:
            report = importer.check_bytes(kind, content, upload.name, crs, sheet)
        except importer.UsageError as error:
            st.error(for_markdown(error))
            st.stop()
        admin.check_report(report, kind, content, upload.name, sheet)
        if report.ok:
            st.markdown(f"**{t('admin.preview')}**")
            if kind in ("communities", "bases"):
                admin.preview_map(kind, report.dataset)
            elif report.dataset is not None:
                st.dataframe(report.dataset.head(50), hide_index=True)
            if st.button(t("admin.apply"), type="primary"):
                result = importer.apply_bytes(
                    kind, content, upload.name, crs, sheet, logged_in_user()
                )
                show = st.info if result.unchanged else st.success if result.applied else st.error
                show(for_markdown(result.summary))
    elif upload is not None:
        st.info(t("admin.choose_crs", **admin.CRS_BY_SOURCE))

with history_tab:
    kind = st.selectbox(
        t("admin.kind_label"), admin.KIND_OPTIONS, format_func=admin.kind_title, key="history_kind"
    )
    versions = importer.list_versions(kind)  # newest first
    st.markdown(f"**{t('admin.versions', count=len(versions))}**")
    st.dataframe(admin.versions_table(versions), hide_index=True)
    others = [v.id for v in versions if not v.current]
    chosen = st.selectbox(
        t("admin.restore_pick"),
        [v.id for v in versions],
        index=[v.id for v in versions].index(others[0]) if others else None,
        key=admin.restore_key(kind),
    )
    # Restored in the button's callback, before this run lists the versions again.
    st.button(
        t("admin.restore"), disabled=chosen is None, on_click=admin.restore_chosen, args=(kind,)
    )
    admin.restore_outcome()
    st.markdown(f"**{t('admin.audit_heading')}**")
    st.dataframe(admin.audit_table(importer.audit_log()), hide_index=True)

with download_tab:
    for name in KINDS:
        admin.download_row(name)
