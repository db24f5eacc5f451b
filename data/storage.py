"""The dataset folder's files: atomic writes, the lock, kept versions, audit.log, meta.json.

- ``atomic_write_bytes``: a temp file in the same folder, fsync, then ``os.replace``;
- ``data_lock``: one change at a time per folder; an apply or a restore serves its files,
  meta.json and its audit line together through ``data.journal``;
- a replaced file is kept as ``versions/<kind>/<UTC time>-<sha256[:12]><suffix>``, whose
  name without the suffix is the version's id;
- ``audit.log``: one JSON line per apply, restore or login;
- ``meta.json``: the sample flag and data date, other keys kept (``meta_bytes``);
- ``dataset_csv_bytes``: a dataset in the format of the sample files.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
import threading
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data import files, reference
from data.files import read_meta as read_meta  # re-exported for the importer
from data.schema import KINDS

VERSIONS_DIR = "versions"
AUDIT_LOG = "audit.log"
LOCK_FILE = ".import.lock"

_process_lock = threading.Lock()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see either the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        files.forget_signature(path)  # this process reads the new file at once
    fsync_dir(path.parent)


@contextlib.contextmanager
def data_lock(data_dir: Path, wait: bool = True) -> Iterator[bool]:
    """One change at a time per data folder, across threads and processes. Yields True
    when held; with ``wait`` False it yields False at once when someone else holds it."""
    if not _process_lock.acquire(blocking=wait):
        yield False
        return
    try:
        with open(data_dir / LOCK_FILE, "a+b") as handle:
            try:
                import fcntl
            except ImportError:  # no advisory locks on this platform
                yield True
                return
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                held = True
            except BlockingIOError:
                held = False
            try:
                yield held
            finally:
                if held:
                    fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        _process_lock.release()


def versions_dir(data_dir: Path, kind: str) -> Path:
    return data_dir / VERSIONS_DIR / kind


def list_versions(data_dir: Path, kind: str) -> list[Path]:
    """Kept versions of ``kind``, oldest first."""
    folder = versions_dir(data_dir, kind)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def version_id(path: Path) -> str:
    """A kept version's id: its file name without the suffix (time and hash)."""
    return path.name.removesuffix(path.suffix)


def version_hash(path: Path) -> str:
    """The first 12 hex digits of a kept version's SHA-256, from its name."""
    return version_id(path).rsplit("-", 1)[-1]


def find_version(data_dir: Path, kind: str, wanted: str) -> Path | None:
    """The kept version of ``kind`` whose id or file name is ``wanted``."""
    for path in list_versions(data_dir, kind):
        if wanted in (path.name, version_id(path)):
            return path
    return None


def new_version_path(data_dir: Path, kind: str, data: bytes, suffix: str) -> Path | None:
    """Where ``data`` would be kept as the newest version of ``kind``; None when the
    newest kept version already holds the same bytes."""
    kept = list_versions(data_dir, kind)
    if kept and kept[-1].stat().st_size == len(data) and kept[-1].read_bytes() == data:
        return None
    stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
    return versions_dir(data_dir, kind) / f"{stamp}-{sha256_hex(data)[:12]}{suffix}"


def latest_other_version(data_dir: Path, kind: str, current: bytes | None) -> Path | None:
    """The newest kept version whose content differs from ``current``."""
    current_hash = sha256_hex(current) if current is not None else None
    for path in reversed(list_versions(data_dir, kind)):
        if sha256_hex(path.read_bytes()) != current_hash:
            return path
    return None


def audit_line(entry: Mapping[str, object]) -> bytes:
    return (json.dumps(dict(entry), ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def append_audit(data_dir: Path, entry: Mapping[str, object]) -> None:
    append_audit_line(data_dir, audit_line(entry))


def append_audit_line(data_dir: Path, line: bytes) -> None:
    """Append one whole line to audit.log in one write, and flush it to the disk."""
    handle = os.open(data_dir / AUDIT_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        view = memoryview(line)
        while view:
            view = view[os.write(handle, view) :]
        os.fsync(handle)
    finally:
        os.close(handle)


def read_audit(data_dir: Path) -> list[dict]:
    path = data_dir / AUDIT_LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def meta_bytes(meta: Mapping[str, object]) -> bytes:
    return (json.dumps(dict(meta), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def count_records(path: Path | None) -> int | None:
    """Data rows of a served CSV, features of a GeoJSON; None when absent or unreadable."""
    if path is None or not path.exists():
        return None
    try:
        return count_bytes(path.read_bytes(), path.suffix)
    except OSError:
        return None


def count_bytes(data: bytes, suffix: str) -> int | None:
    """Records in a served file's bytes (``suffix`` .csv, .parquet or .geojson)."""
    try:
        if suffix == ".parquet":
            return pq.ParquetFile(io.BytesIO(data)).metadata.num_rows
        if suffix == ".geojson":
            return len(json.loads(data.decode("utf-8"))["features"])
        return len(files.read_dataset_text(io.BytesIO(data)))
    except (ValueError, KeyError, OSError, UnicodeDecodeError):
        return None


def dataset_csv_bytes(
    kind: str, frame: pd.DataFrame, district_names: Mapping[str, str] | None = None
) -> bytes:
    """A dataset as the sample files hold it: column codes as headers, UTF-8, ``\\n`` line
    ends, coded columns as their Chinese labels and districts by name.
    """
    readable = frame[list(KINDS[kind].columns)].copy()
    for column, table in KINDS[kind].coded_columns.items():
        readable[column] = readable[column].map(
            lambda code, t=table: reference.label(t, code) if isinstance(code, str) else code
        )
    if district_names is not None and "district" in readable:
        readable["district"] = readable["district"].map(
            lambda code: district_names.get(code, code) if isinstance(code, str) else code
        )
    return readable.to_csv(index=False, lineterminator="\n").encode("utf-8")
