"""Atomic replacement, kept versions, the audit log, meta.json and the canonical CSV."""

import os
import re

import pytest

from data import loader, storage
from data.schema import KINDS


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "communities.csv"
    target.write_bytes(b"old")
    os.chmod(target, 0o640)
    storage.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["communities.csv"]


def test_failed_replace_keeps_the_old_file_and_removes_the_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "bases.csv"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        storage.atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["bases.csv"]


def test_versions_are_named_by_time_and_hash_and_not_duplicated(tmp_path):
    first = storage.new_version_path(tmp_path, "targets", b"one", ".csv")
    assert re.fullmatch(r"\d{8}T\d{12}Z-[0-9a-f]{12}\.csv", first.name)
    assert first.name.endswith(storage.sha256_hex(b"one")[:12] + ".csv")
    storage.atomic_write_bytes(first, b"one")
    assert storage.new_version_path(tmp_path, "targets", b"one", ".csv") is None  # newest
    second = storage.new_version_path(tmp_path, "targets", b"two", ".csv")
    storage.atomic_write_bytes(second, b"two")
    assert storage.list_versions(tmp_path, "targets") == [first, second]
    assert storage.latest_other_version(tmp_path, "targets", b"two") == first
    assert storage.latest_other_version(tmp_path, "targets", b"three") == second
    assert storage.latest_other_version(tmp_path, "clusters", b"two") is None
    assert storage.find_version(tmp_path, "targets", storage.version_id(first)) == first
    assert storage.find_version(tmp_path, "targets", second.name) == second
    assert storage.find_version(tmp_path, "targets", "20200101") is None


def test_the_lock_can_be_tried_without_waiting(tmp_path):
    with storage.data_lock(tmp_path) as held:
        assert held
        with storage.data_lock(tmp_path, wait=False) as again:
            assert not again  # held by this change
    with storage.data_lock(tmp_path, wait=False) as free:
        assert free


def test_audit_lines_append(tmp_path):
    storage.append_audit(tmp_path, {"action": "apply", "user": "李明"})
    storage.append_audit(tmp_path, {"action": "restore", "user": None})
    assert (tmp_path / "audit.log").read_bytes().endswith(b"}\n")
    assert "李明" in (tmp_path / "audit.log").read_text(encoding="utf-8")
    assert [e["action"] for e in storage.read_audit(tmp_path)] == ["apply", "restore"]


def test_meta_bytes_read_back(tmp_path):
    meta = {"is_sample": False, "note": "说明", "data_date": "2025-01-02"}
    (tmp_path / "meta.json").write_bytes(storage.meta_bytes(meta))
    assert storage.read_meta(tmp_path) == meta


def test_record_counts(tmp_path):
    assert storage.count_records(loader.SAMPLE_DIR / "targets.csv") == 24
    assert storage.count_records(loader.boundary_path("districts")) == 8
    assert storage.count_records(tmp_path / "missing.csv") is None
    assert storage.count_records(None) is None
    assert storage.count_bytes((loader.SAMPLE_DIR / "clusters.csv").read_bytes(), ".csv") == 12
    assert storage.count_bytes(b"not parquet", ".parquet") is None


@pytest.mark.parametrize("kind", list(KINDS))
def test_dataset_csv_is_byte_identical_to_the_sample(kind):
    districts = loader.load_boundaries("districts")
    names = dict(zip(districts["adcode"], districts["name"], strict=True))
    written = storage.dataset_csv_bytes(kind, loader.load(kind), names)
    assert written == (loader.SAMPLE_DIR / KINDS[kind].file_name).read_bytes()
