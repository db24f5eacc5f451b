"""Check, apply and restore dataset files from offices.

    python -m data.importer check KIND FILE [--crs wgs84|gcj02|bd09] [--sheet NAME]
    python -m data.importer apply KIND FILE [--crs ...] [--sheet NAME] [--user NAME]
    python -m data.importer versions KIND
    python -m data.importer restore KIND [VERSION] [--user NAME]

KIND is communities, bases, clusters, indicators, targets, entities (market-entity points,
CSV or Parquet, up to about a million rows) or boundaries. ``apply`` and
``restore`` change the folder in ATLAS_DATA_DIR only, never the shipped sample; with
ATLAS_DATABASE_URL set, the database instead (one transaction each). ``restore``
serves any kept version (by its id from ``versions``; the previous one by default); a file
or version identical to the served one changes nothing. Exit codes: 0 valid, done or
unchanged, 1 the file has problems, the disk is full (or nothing to restore), 2 usage
error.

The functions return reports and print nothing, so a page can call them too:
``check_bytes``/``check_file``, ``apply_bytes``/``apply_file``, ``list_versions``, ``restore``.

Modules: ``kinds`` (what may be imported), ``folders`` (where it is written), ``reports``,
``tables`` and ``boundaries`` (the checks), ``checking`` and ``applying``, ``audit``
(audit.log and meta.json), ``history`` (the audit log of either store, for the data
page) and ``cli``; ``data.journal`` makes each change all or nothing.
"""

from data.importer.applying import apply_bytes, apply_file, list_versions, restore
from data.importer.boundaries import geojson_bytes, served_districts, shipped_districts
from data.importer.checking import check_bytes, check_file
from data.importer.cli import main
from data.importer.folders import served_path, writable_data_dir
from data.importer.history import audit_log, check_writable, record
from data.importer.kinds import (
    BOUNDARIES,
    COORDINATE_KINDS,
    CRS_HELP,
    CRS_NAMES,
    KIND_NAMES,
    KIND_TITLES,
    UsageError,
)
from data.importer.reports import (
    ApplyReport,
    CheckReport,
    RestoreReport,
    VersionInfo,
    report_lines,
)

__all__ = [
    "BOUNDARIES",
    "COORDINATE_KINDS",
    "CRS_HELP",
    "CRS_NAMES",
    "KIND_NAMES",
    "KIND_TITLES",
    "ApplyReport",
    "CheckReport",
    "RestoreReport",
    "UsageError",
    "VersionInfo",
    "apply_bytes",
    "apply_file",
    "audit_log",
    "check_bytes",
    "check_file",
    "check_writable",
    "geojson_bytes",
    "list_versions",
    "main",
    "record",
    "report_lines",
    "restore",
    "served_districts",
    "served_path",
    "shipped_districts",
    "writable_data_dir",
]
