"""The data page's UI pieces: tables of problems and audit entries, the highlighted
upload, the preview map and one row of downloads.

The page's own words come from the catalog (admin.*); what the data layer (data/) writes
is shown as written, in Chinese, escaped wherever markdown would read it.
"""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from components.access import logged_in_user
from components.escape import for_markdown
from components.file_names import safe_file_stem
from components.folium_render import render_offline
from components.i18n import t
from components.maps import urumqi_map
from data import exports, importer, loader, reading
from data.importer.isolation import run_isolated
from data.schema import column_label
from data.stores import StoreUnavailable

AUDIT_COLUMNS = ("time", "action", "kind", "user", "source", "rows_before", "rows_after",
                 "sha256", "kept_version", "address")  # fmt: skip
AUDIT_ACTIONS = ("apply", "restore", "load", "login_ok", "login_failed", "login_locked")
KIND_OPTIONS = list(importer.KIND_NAMES)
AUDIT_KINDS = (*KIND_OPTIONS, "all")  # "all": a whole folder loaded into the database
RESTORE_OUTCOME = "admin_restore_outcome"
# Names of the coordinate systems, put into the messages as values (kept left to right).
CRS_LABELS = {"wgs84": "WGS-84", "gcj02": "GCJ-02", "bd09": "BD-09"}
CRS_BY_SOURCE = {
    "amap": CRS_LABELS["gcj02"],
    "baidu": CRS_LABELS["bd09"],
    "gps": CRS_LABELS["wgs84"],
}


def kind_title(kind: str) -> str:
    return t(f"admin.kinds.{kind}")


def crs_title(crs: str) -> str:
    return t(f"admin.crs.{crs}", name=CRS_LABELS[crs])


def problem_table(problems) -> pd.DataFrame:
    return pd.DataFrame(
        [(p.row, column_label(p.column) if p.column else "", p.message) for p in problems],
        columns=[t("admin.problems.row"), t("admin.problems.column"), t("admin.problems.problem")],
    )


def highlighted_rows(kind: str, data: bytes, name: str, sheet: str | None, problems):
    """The uploaded rows with every row that has a problem highlighted, or None."""
    if kind in (importer.BOUNDARIES, "entities"):  # entities: up to a million rows
        return None
    bad_rows = {p.row for p in problems if p.row is not None}
    if not bad_rows:  # unreadable, or stopped at a limit: the problems table says why
        return None
    try:  # read again where a runaway file cannot hurt the server, like the check
        table = run_isolated(partial(reading.read_table, kind, data, name, sheet), name)
    except Exception:  # the problems table already says why the file is unreadable
        return None
    row_header = t("admin.problems.row")
    # Column headers as the templates and the data layer's problems name them.
    frame = table.frame.rename(columns=column_label)
    frame.insert(0, row_header, table.row_numbers)
    return frame.style.apply(
        lambda row: ["background-color: #fde2e1" if row[row_header] in bad_rows else ""] * len(row),
        axis=1,
    )


def versions_table(versions) -> pd.DataFrame:
    """Kept versions (``importer.list_versions``, newest first) with translated headers."""
    rows = [(v.id, v.saved, v.bytes, v.current) for v in versions]
    names = ("id", "saved", "bytes", "current")
    return pd.DataFrame(rows, columns=[t(f"admin.versions_table.{n}") for n in names])


def restore_key(kind: str) -> str:
    return f"restore_version_{kind}"


def restore_chosen(kind: str) -> None:
    """The restore button's callback: serve the version chosen for ``kind``."""
    try:
        outcome = importer.restore(kind, logged_in_user(), st.session_state[restore_key(kind)])
    except importer.UsageError as error:
        outcome = error
    st.session_state[RESTORE_OUTCOME] = outcome
    del st.session_state[restore_key(kind)]  # the picker starts again at the newest other


def restore_outcome() -> None:
    """The last restore's summary, once."""
    outcome = st.session_state.pop(RESTORE_OUTCOME, None)
    if isinstance(outcome, importer.UsageError):
        st.error(for_markdown(outcome))
    elif outcome is not None:
        show = st.info if outcome.unchanged else st.success if outcome.ok else st.warning
        show(for_markdown(outcome.summary))


def audit_table(audit: list[dict]) -> pd.DataFrame:
    """The audit log, newest first, with translated headers, actions and kinds."""
    frame = pd.DataFrame(list(reversed(audit)))
    if "action" in frame:
        frame["action"] = [
            t(f"admin.actions.{a}") if a in AUDIT_ACTIONS else a for a in frame["action"]
        ]
    if "kind" in frame:
        frame["kind"] = [kind_title(k) if k in AUDIT_KINDS else k for k in frame["kind"]]
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


def check_report(report, kind: str, content: bytes, name: str, sheet: str | None) -> None:
    """A check's summary, notes, problems (with the rows they sit in) and warnings."""
    (st.success if report.ok else st.error)(for_markdown(report.summary))
    for note in report.notes:
        st.caption(for_markdown(note))
    if report.problems:
        st.dataframe(problem_table(report.problems), hide_index=True)
        rows = highlighted_rows(kind, content, name, sheet, report.problems)
        if rows is not None:
            st.markdown(f"**{t('admin.uploaded_rows')}**")
            st.dataframe(rows, hide_index=True)
    if report.warnings:
        st.warning(t("admin.warnings", count=len(report.warnings)))
        st.dataframe(problem_table(report.warnings), hide_index=True)


def download_row(kind: str) -> None:
    """One dataset: its current file as CSV and XLSX (when readable) and its templates."""
    title = kind_title(kind)
    columns = st.columns([2, 1, 1, 1, 1], vertical_alignment="center")
    columns[0].markdown(f"**{title}**")
    try:
        current = loader.load(kind)
    except StoreUnavailable:  # the frame says so in its own words (components.store_status)
        raise
    except Exception as error:  # a broken file still gets its template
        columns[1].caption(t("admin.current_unreadable", error=for_markdown(error)))
        current = None
    if current is not None:
        stem = safe_file_stem(title)
        columns[1].download_button(
            t("admin.download_current", format="CSV"),
            exports.to_csv_bytes(current),
            f"{stem}.csv",
            key=f"c_{kind}",
        )
        columns[2].download_button(
            t("admin.download_current", format="XLSX"),
            exports.to_xlsx_bytes(current),
            f"{stem}.xlsx",
            key=f"x_{kind}",
        )
    for column, fmt in zip(columns[3:], ("xlsx", "csv"), strict=True):
        column.download_button(
            t("admin.download_template", format=fmt.upper()),
            exports.template_bytes(kind, fmt),
            exports.template_file_name(kind, fmt),
            key=f"t_{kind}_{fmt}",
        )
