"""The record an apply or a restore leaves: one audit.log line, and meta.json's sample
flag and data date (written together with the data by ``data.journal``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from data import files, settings, storage
from data.importer.kinds import BOUNDARIES, KIND_NAMES
from data.schema import spec


def _user(user: str | None) -> str | None:
    return user or settings.audit_user()


def audit_entry(action, kind, user, source, before, after, digest, kept, data_dir) -> dict:
    return {
        "time": storage.utc_now().isoformat(timespec="seconds"),
        "action": action,
        "kind": kind,
        "user": _user(user),
        "source": source,
        "rows_before": before,
        "rows_after": after,
        "sha256": digest,
        "kept_version": None if kept is None else kept.relative_to(data_dir).as_posix(),
    }


def meta_after(data_dir: Path, kind: str, content: bytes) -> dict | None:
    """meta.json once ``content`` serves ``kind``: marked as real data unless every dataset
    file is then the shipped sample. None when it stays as it is."""
    if kind == BOUNDARIES:
        return None
    sample_dir = files.SAMPLE_DIR

    def is_sample(name: str) -> bool:
        served, shipped = data_dir / name, sample_dir / name
        if name == spec(kind).file_name:
            return shipped.exists() and shipped.read_bytes() == content
        if not served.exists() or not shipped.exists():
            return served.exists() == shipped.exists()
        same_size = served.stat().st_size == shipped.stat().st_size
        return same_size and served.read_bytes() == shipped.read_bytes()

    current = storage.read_meta(data_dir)
    names = [spec(k).file_name for k in KIND_NAMES[:-1]]
    if all(is_sample(name) for name in names):
        shipped = storage.read_meta(sample_dir)
        changes = {"is_sample": True, "data_date": shipped.get("data_date", "")}
    elif not is_sample(spec(kind).file_name):
        changes = {"is_sample": False, "data_date": date.today().isoformat()}
    else:
        return None
    meta = current | changes
    return None if meta == current else meta
