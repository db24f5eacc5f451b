"""Replace served dataset files so that nothing is lost and no reader sees half a file.

- ``atomic_write_bytes``: a temp file in the same folder, fsync, then ``os.replace``;
- the replaced file is kept as ``versions/<kind>/<UTC time>-<sha256[:12]><suffix>``;
- ``audit.log``: one JSON line per apply or restore;
- ``meta.json``: the sample flag and data date, other keys kept;
- ``dataset_csv_bytes``: a dataset in the format of the sample files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from data import files, reference
from data.files import META_FILE, read_meta
from data.schema import KINDS

VERSIONS_DIR = "versions"
AUDIT_LOG = "audit.log"
LOCK_FILE = ".import.lock"

_process_lock = threading.Lock()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)


def _fsync_dir(folder: Path) -> None:
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
    _fsync_dir(path.parent)


@contextlib.contextmanager
def data_lock(data_dir: Path) -> Iterator[None]:
    """One change at a time per data folder, across threads and processes."""
    with _process_lock, open(data_dir / LOCK_FILE, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # no advisory locks on this platform
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def versions_dir(data_dir: Path, kind: str) -> Path:
    return data_dir / VERSIONS_DIR / kind


def list_versions(data_dir: Path, kind: str) -> list[Path]:
    """Kept versions of ``kind``, oldest first."""
    folder = versions_dir(data_dir, kind)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def keep_version(data_dir: Path, kind: str, data: bytes, suffix: str) -> Path:
    """Store ``data`` as the newest version of ``kind`` and return its path.

    When the newest version already holds the same bytes, that one is returned.
    """
    kept = list_versions(data_dir, kind)
    if kept and kept[-1].read_bytes() == data:
        return kept[-1]
    stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
    path = versions_dir(data_dir, kind) / f"{stamp}-{sha256_hex(data)[:12]}{suffix}"
    atomic_write_bytes(path, data)
    return path


@dataclass(frozen=True)
class Replacement:
    """What a replace did: the bytes it replaced and where they are kept."""

    previous: bytes | None
    kept_version: Path | None


def replace_served(
    data_dir: Path, kind: str, target: Path, data: bytes, fallback: Path | None = None
) -> Replacement:
    """Keep the file now served (``fallback`` when ``target`` is absent), then replace it."""
    source = target if target.exists() else fallback
    previous = source.read_bytes() if source is not None and source.exists() else None
    kept = keep_version(data_dir, kind, previous, target.suffix) if previous is not None else None
    atomic_write_bytes(target, data)
    return Replacement(previous, kept)


def latest_other_version(data_dir: Path, kind: str, current: bytes | None) -> Path | None:
    """The newest kept version whose content differs from ``current``."""
    current_hash = sha256_hex(current) if current is not None else None
    for path in reversed(list_versions(data_dir, kind)):
        if sha256_hex(path.read_bytes()) != current_hash:
            return path
    return None


def append_audit(data_dir: Path, entry: Mapping[str, object]) -> None:
    line = json.dumps(dict(entry), ensure_ascii=False, sort_keys=False) + "\n"
    with open(data_dir / AUDIT_LOG, "a", encoding="utf-8") as log:
        log.write(line)
        log.flush()
        os.fsync(log.fileno())


def read_audit(data_dir: Path) -> list[dict]:
    path = data_dir / AUDIT_LOG
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def update_meta(data_dir: Path, changes: Mapping[str, object]) -> dict:
    """Set ``changes`` in meta.json, keeping its other keys."""
    meta = read_meta(data_dir)
    meta.update(changes)
    text = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    atomic_write_bytes(data_dir / META_FILE, text.encode("utf-8"))
    return meta


def count_records(path: Path | None) -> int | None:
    """Data rows of a served CSV, features of a GeoJSON; None when absent or unreadable."""
    if path is None or not path.exists():
        return None
    try:
        if path.suffix == ".parquet":
            return pq.ParquetFile(path).metadata.num_rows
        if path.suffix == ".geojson":
            return len(json.loads(path.read_text(encoding="utf-8"))["features"])
        return len(files.read_dataset_text(path))
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
