"""Apply and restore when a database is the store: one transaction each (data/stores)."""

from __future__ import annotations

from pathlib import PurePosixPath

from data.importer.audit import audit_entry
from data.importer.checking import check_bytes
from data.importer.kinds import UsageError
from data.importer.reports import ApplyReport, RestoreReport, VersionInfo


def _entry(action, kind, user, source, before, after, digest, kept) -> dict:
    entry = audit_entry(action, kind, user, source, before, after, digest, None, None)
    return entry | {"kept_version": kept}


def _path(label: str | None) -> PurePosixPath | None:
    return None if label is None else PurePosixPath(label)


def database_apply(kind, data, file_name, crs=None, sheet=None, user=None) -> ApplyReport:
    from data.stores import postgres

    report = check_bytes(kind, data, file_name, crs, sheet)
    if not report.ok:
        return ApplyReport(report)

    def make_entry(before, after, kept):
        return _entry("apply", kind, user, report.file, before, after, report.sha256, kept)

    before, kept, entry = postgres.apply(kind, report.content, make_entry)
    if entry is None:
        return ApplyReport(report, unchanged=True)
    return ApplyReport(report, True, before, _path(kept), entry)


def database_restore(kind: str, user: str | None = None, version: str | None = None):
    from data.importer.applying import unknown_version
    from data.stores import postgres

    def make_entry(before, after, kept, restored, digest):
        return _entry("restore", kind, user, restored, before, after, digest, kept)

    version_id = None
    if version is not None:
        version_id = postgres.parse_version_id(kind, version)
        if version_id is None:
            raise UsageError(unknown_version(kind, version))
    try:
        done = postgres.restore(kind, make_entry, version_id=version_id)
    except LookupError:
        raise UsageError(unknown_version(kind, version)) from None
    if done is None:
        return RestoreReport(kind)
    restored, kept, entry = done
    if entry is None:
        return RestoreReport(kind, _path(restored), unchanged=True)
    return RestoreReport(kind, _path(restored), _path(kept), entry)


def database_versions(kind: str) -> list[VersionInfo]:
    from data.stores import postgres

    return [VersionInfo(*row) for row in postgres.list_versions(kind)]
