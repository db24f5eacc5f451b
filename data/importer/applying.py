"""Serve a checked file, or bring back a kept version: atomic, versioned and audited."""

from __future__ import annotations

from pathlib import Path

from data import storage, stores
from data.importer.audit import audit_entry, update_meta
from data.importer.checking import check_bytes, size_report
from data.importer.database import database_apply, database_restore
from data.importer.folders import fallback_path, served_path, writable_data_dir
from data.importer.kinds import check_kind
from data.importer.reports import ApplyReport, RestoreReport


def apply_file(
    kind: str,
    path: str | Path,
    crs: str | None = None,
    sheet: str | None = None,
    user: str | None = None,
) -> ApplyReport:
    """Check a file on disk and, when valid, serve it; see ``apply_bytes``."""
    check_kind(kind)
    if not stores.uses_database():
        writable_data_dir()
    path = Path(path)
    refused = size_report(kind, path, crs)
    if refused is not None:
        return ApplyReport(refused)
    return apply_bytes(kind, path.read_bytes(), path.name, crs, sheet, user)


def apply_bytes(
    kind: str,
    data: bytes,
    file_name: str,
    crs: str | None = None,
    sheet: str | None = None,
    user: str | None = None,
) -> ApplyReport:
    """Validate ``data`` and, only if valid, replace the served file of ``kind`` atomically.

    The replaced file is kept under versions/, one line goes to audit.log and meta.json is
    updated. When the file has problems nothing is written (``applied`` False).
    """
    check_kind(kind)
    if stores.uses_database():
        return database_apply(kind, data, file_name, crs, sheet, user)
    data_dir = writable_data_dir()
    report = check_bytes(kind, data, file_name, crs, sheet)
    if not report.ok:
        return ApplyReport(report)
    target = served_path(kind, data_dir)
    with storage.data_lock(data_dir):
        before = storage.count_records(target if target.exists() else fallback_path(kind))
        replaced = storage.replace_served(
            data_dir, kind, target, report.content, fallback_path(kind)
        )
        update_meta(data_dir, kind)
        entry = audit_entry(
            "apply", kind, user, report.file, before, report.rows, report.sha256,
            replaced.kept_version, data_dir,
        )  # fmt: skip
        storage.append_audit(data_dir, entry)
    return ApplyReport(report, True, before, replaced.kept_version, entry)


def restore(kind: str, user: str | None = None) -> RestoreReport:
    """Serve the newest kept version that differs from the current file, keeping the current
    one as a version too (so a second restore undoes the first)."""
    check_kind(kind)
    if stores.uses_database():
        return database_restore(kind, user)
    data_dir = writable_data_dir()
    target = served_path(kind, data_dir)
    fallback = fallback_path(kind)
    with storage.data_lock(data_dir):
        current_path = target if target.exists() else fallback
        current = current_path.read_bytes() if current_path and current_path.exists() else None
        version = storage.latest_other_version(data_dir, kind, current)
        if version is None:
            return RestoreReport(kind)
        data = version.read_bytes()
        before = storage.count_records(current_path) if current_path else None
        replaced = storage.replace_served(data_dir, kind, target, data, fallback)
        update_meta(data_dir, kind)
        entry = audit_entry(
            "restore", kind, user, version.name, before, storage.count_records(target),
            storage.sha256_hex(data), replaced.kept_version, data_dir,
        )  # fmt: skip
        storage.append_audit(data_dir, entry)
    return RestoreReport(kind, version, replaced.kept_version, entry)
