"""Check a file without changing anything: read it, validate it and report every problem."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from data import reading, storage
from data.importer.boundaries import check_boundaries, served_districts
from data.importer.isolation import run_isolated
from data.importer.kinds import (
    BOUNDARIES,
    UsageError,
    check_crs,
    check_kind,
    check_readable,
    file_limit,
)
from data.importer.reports import CheckReport
from data.importer.tables import check_dataset, check_entities
from data.schema import ENTITIES, DatasetError, Problem


def check_file(
    kind: str, path: str | Path, crs: str | None = None, sheet: str | None = None
) -> CheckReport:
    """Check a file on disk; see ``check_bytes``."""
    check_kind(kind)
    path = Path(path)
    refused = size_report(kind, path, crs)
    if refused is not None:
        return refused
    return check_bytes(kind, path.read_bytes(), path.name, crs, sheet)


def size_report(kind: str, path: Path, crs: str | None) -> CheckReport | None:
    """A failed report when the file on disk is empty or over its kind's limit, found
    before reading it; None when its size is fine."""
    check_readable(path)
    check_crs(kind, crs)
    try:
        reading.check_size(path.stat().st_size, path.name, file_limit(kind))
    except DatasetError as error:
        return CheckReport(kind, path.name, "", problems=error.problems, crs=crs)
    return None


def check_bytes(
    kind: str, data: bytes, file_name: str, crs: str | None = None, sheet: str | None = None
) -> CheckReport:
    """Read and validate an uploaded file without changing anything.

    ``crs`` is required for kinds with coordinates (communities, bases); boundaries default
    to WGS-84. Raises UsageError for a bad request; every problem of the file itself is in
    the report (``ok`` False), each with file, spreadsheet row and column.
    """
    check_kind(kind)
    crs = check_crs(kind, crs)
    file = Path(file_name).name
    if kind == BOUNDARIES:
        if sheet is not None:
            raise UsageError("边界文件是 GeoJSON，没有工作表")
        work = partial(check_boundaries, data, file, crs or "wgs84")
    elif kind == ENTITIES.name:
        if sheet is not None:
            raise UsageError("市场主体点位为 CSV 或 Parquet 文件，没有工作表")
        work = partial(check_entities, data, file, crs, served_districts())
    else:
        work = partial(check_dataset, kind, data, file, crs, sheet, served_districts())
    try:
        report = run_isolated(work, file)
    except DatasetError as error:
        report = CheckReport(kind, file, "", problems=error.problems, crs=crs)
    except Exception as error:  # an unreadable file must not crash the page or the command
        message = f"处理文件时出错（{type(error).__name__}：{error}），未导入任何数据"
        report = CheckReport(kind, file, "", problems=[Problem(file, None, None, message)])
    report.sha256 = storage.sha256_hex(data)
    return report
