"""Serve a checked file, or bring back any kept version: atomic, versioned and audited.

In the dataset folder the served file, the kept version, meta.json and the audit line
change together through ``data.journal`` (all or nothing, even when the process dies);
a file identical to the served one changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from data import journal, storage, stores
from data.files import META_FILE
from data.importer.audit import audit_entry, meta_after
from data.importer.checking import check_bytes, size_report
from data.importer.database import database_apply, database_restore, database_versions
from data.importer.folders import fallback_path, served_path, writable_data_dir
from data.importer.kinds import KIND_TITLES, UsageError, check_kind
from data.importer.reports import ApplyReport, RestoreReport, VersionInfo


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
    updated, all together. When the file has problems nothing is written (``applied``
    False); when it holds what is served already, nothing either (``unchanged``); when the
    disk is full, ``failure`` says so and nothing saved changes.
    """
    check_kind(kind)
    if stores.uses_database():
        return database_apply(kind, data, file_name, crs, sheet, user)
    data_dir = writable_data_dir()
    report = check_bytes(kind, data, file_name, crs, sheet)
    if not report.ok:
        return ApplyReport(report)
    with storage.data_lock(data_dir):
        journal.recover_locked(data_dir)
        current_path, current = _served(kind, data_dir)
        if current == report.content:
            return ApplyReport(report, unchanged=True)
        try:
            kept, entry = _serve(
                data_dir, kind, report.content, current_path, current,
                lambda before, kept: audit_entry(
                    "apply", kind, user, report.file, before, report.rows, report.sha256,
                    kept, data_dir,
                ),
            )  # fmt: skip
        except journal.WriteError as error:
            return ApplyReport(report, failure=str(error))
    return ApplyReport(report, True, entry["rows_before"], kept, entry)


def restore(kind: str, user: str | None = None, version: str | None = None) -> RestoreReport:
    """Serve the kept version ``version`` (an id from ``list_versions``), or by default the
    newest one that differs from the served file; the replaced file is kept as a version
    too, so a second restore undoes the first. UsageError for an unknown id."""
    check_kind(kind)
    if stores.uses_database():
        return database_restore(kind, user, version)
    data_dir = writable_data_dir()
    with storage.data_lock(data_dir):
        journal.recover_locked(data_dir)
        current_path, current = _served(kind, data_dir)
        if version is None:
            chosen = storage.latest_other_version(data_dir, kind, current)
            if chosen is None:
                return RestoreReport(kind)
        else:
            chosen = storage.find_version(data_dir, kind, version)
            if chosen is None:
                raise UsageError(unknown_version(kind, version))
        data = chosen.read_bytes()
        if data == current:
            return RestoreReport(kind, chosen, unchanged=True)
        after = storage.count_bytes(data, served_path(kind, data_dir).suffix)
        try:
            kept, entry = _serve(
                data_dir, kind, data, current_path, current,
                lambda before, kept: audit_entry(
                    "restore", kind, user, chosen.name, before, after,
                    storage.sha256_hex(data), kept, data_dir,
                ),
            )  # fmt: skip
        except journal.WriteError as error:
            return RestoreReport(kind, failure=str(error))
    return RestoreReport(kind, chosen, kept, entry)


def list_versions(kind: str) -> list[VersionInfo]:
    """The kept versions of ``kind``, newest first, in either store."""
    check_kind(kind)
    if stores.uses_database():
        return database_versions(kind)
    data_dir = writable_data_dir()
    with storage.data_lock(data_dir):
        journal.recover_locked(data_dir)
        _, current = _served(kind, data_dir)
        kept = list(reversed(storage.list_versions(data_dir, kind)))
    current_hash = None if current is None else storage.sha256_hex(current)[:12]
    listed = []
    for path in kept:  # the hash is in the name: no version is read
        digest, version_id = storage.version_hash(path), storage.version_id(path)
        size = path.stat().st_size
        saved = _saved_time(version_id)
        listed.append(VersionInfo(version_id, saved, size, digest, digest == current_hash))
    return listed


def unknown_version(kind: str, version: str) -> str:
    return (
        f"没有编号为“{version}”的{KIND_TITLES[kind]}版本；"
        f"用 python -m data.importer versions {kind} 查看已保存的版本"
    )


def _saved_time(version_id: str) -> str:
    try:
        stamp = datetime.strptime(version_id.split("-")[0], "%Y%m%dT%H%M%S%fZ")
    except ValueError:
        return ""
    return stamp.isoformat(timespec="seconds") + "Z"


def _served(kind: str, data_dir: Path) -> tuple[Path | None, bytes | None]:
    """The file serving ``kind`` now (the shipped one when the folder has none) and its
    bytes."""
    target = served_path(kind, data_dir)
    path = target if target.exists() else fallback_path(kind)
    if path is None or not path.exists():
        return None, None
    return path, path.read_bytes()


def _serve(data_dir, kind, content, current_path, current, make_entry):
    """Keep the served bytes as a version, serve ``content``, update meta.json and append
    the audit line, through one journal. Returns the kept version and the audit entry."""
    target = served_path(kind, data_dir)
    writes: list[tuple[Path, bytes]] = [(target, content)]
    kept = None
    if current is not None:
        kept = storage.new_version_path(data_dir, kind, current, target.suffix)
        if kept is not None:
            writes.append((kept, current))
        else:
            kept = storage.list_versions(data_dir, kind)[-1]
    meta = meta_after(data_dir, kind, content)
    if meta is not None:
        writes.append((data_dir / META_FILE, storage.meta_bytes(meta)))
    before = storage.count_bytes(current, current_path.suffix) if current is not None else None
    entry = make_entry(before, kept)
    journal.commit(data_dir, writes, entry)
    return kept, entry
