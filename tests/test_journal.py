"""The folder store changes data, meta.json, the kept version and the audit line together:
a process killed at any step of an apply, or a full disk, leaves the folder consistent."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from data import files, importer, journal, loader, storage

ROOT = Path(__file__).resolve().parent.parent
TEMP_ENDINGS = (".tmp", ".staged", ".old")

# Runs the importer's command line in a process of its own, killed (SIGKILL) at one
# named step of data.journal (a kept version named as versions/clusters/*); every step
# passed is written to STEPS_LOG.
RUNNER = """
import os, re, signal, sys, time
from data import journal
from data.importer import main

crash_at, pause_at = sys.argv[1], sys.argv[2]

def hook(name):
    name = re.sub(r"versions/clusters/\\S+", "versions/clusters/*", name)  # no time stamp
    with open(os.environ["STEPS_LOG"], "a", encoding="utf-8") as log:
        log.write(name + "\\n")
    if name == crash_at:
        os.kill(os.getpid(), signal.SIGKILL)
    if name == pause_at:
        time.sleep(120)  # the test kills us from outside

journal.STEP_HOOK = hook
sys.exit(main(sys.argv[3:]))
"""


def fewer_clusters(tmp_path: Path) -> Path:
    """A valid clusters file that differs from the sample (its first three rows)."""
    path = tmp_path / "集群.csv"
    frame = pd.read_csv(loader.SAMPLE_DIR / "clusters.csv", dtype=str, keep_default_na=False)
    path.write_bytes(frame.head(3).to_csv(index=False).encode("utf-8"))
    return path


def start_apply(data_dir: Path, upload: Path, steps: Path, crash_at="", pause_at=""):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ATLAS_DATA_DIR": str(data_dir)}
    env |= {"STEPS_LOG": str(steps), "ATLAS_DATABASE_URL": ""}
    command = [sys.executable, "-c", RUNNER, crash_at, pause_at, "apply", "clusters", str(upload)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)


def temp_files(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.rglob(".*") if p.name.endswith(TEMP_ENDINGS)]


def assert_consistent(data_dir: Path, old: bytes, new: bytes) -> bool:
    """Audit, meta.json, versions and the served file agree; True when the apply happened.

    Reading the folder (as an app starting up would) finishes an interrupted change."""
    loader.clear_cache()  # a fresh start of this process's readers
    assert files.data_dir() == data_dir
    assert not (data_dir / files.JOURNAL_FILE).exists()
    assert temp_files(data_dir) == []
    served = (data_dir / "clusters.csv").read_bytes()
    assert served in (old, new)
    applied = served == new
    audit = storage.read_audit(data_dir)
    versions = storage.list_versions(data_dir, "clusters")
    meta = storage.read_meta(data_dir)
    if applied:
        (entry,) = audit
        assert entry["action"] == "apply" and entry["sha256"] == storage.sha256_hex(new)
        assert entry["rows_after"] == 3 == len(loader.load("clusters"))
        assert [v.read_bytes() for v in versions] == [old]
        assert entry["kept_version"] == versions[0].relative_to(data_dir).as_posix()
        assert meta["is_sample"] is False  # the folder holds real data now
    else:
        assert audit == [] and versions == [] and meta["is_sample"] is True
    return applied


@pytest.fixture
def steps_of_an_apply(data_copy, tmp_path):
    """The step names of one whole apply, in order (recorded by a process that finishes)."""
    log = tmp_path / "steps.log"
    process = start_apply(data_copy, fewer_clusters(tmp_path), log)
    out, _ = process.communicate(timeout=180)
    assert process.returncode == 0, out
    return log.read_text(encoding="utf-8").splitlines()


def test_an_apply_killed_at_each_step_leaves_the_folder_consistent(
    steps_of_an_apply, tmp_path_factory, monkeypatch
):
    steps = steps_of_an_apply
    assert steps[:3] == ["staged clusters.csv", "staged versions/clusters/*", "staged meta.json"]
    assert steps[3] == "journal written"
    assert steps[-2:] == ["audit appended", "journal removed"]
    assert len(steps) == 9
    old = (loader.SAMPLE_DIR / "clusters.csv").read_bytes()
    outcomes = {}
    for step in steps:
        folder = tmp_path_factory.mktemp("crash") / "data"
        shutil.copytree(loader.SAMPLE_DIR, folder)
        monkeypatch.setenv(loader.DATA_DIR_ENV, str(folder))
        upload = fewer_clusters(folder.parent)
        new = importer.check_file("clusters", upload).content
        process = start_apply(folder, upload, folder.parent / "steps.log", crash_at=step)
        process.communicate(timeout=180)
        assert process.returncode == -signal.SIGKILL, step
        if step != "journal removed":
            assert (folder / files.JOURNAL_FILE).exists() == (step not in steps[:3]), step
        outcomes[step] = assert_consistent(folder, old, new)
    # Killed before the journal: nothing happened; after it: the apply is finished.
    assert [outcomes[s] for s in steps] == [False] * 3 + [True] * 6


def test_killed_from_outside_just_after_the_rename(data_copy, tmp_path):
    old = (data_copy / "clusters.csv").read_bytes()
    upload = fewer_clusters(tmp_path)
    new = importer.check_file("clusters", upload).content
    log = tmp_path / "steps.log"
    process = start_apply(data_copy, upload, log, pause_at="moved clusters.csv")
    deadline = time.monotonic() + 180
    while "moved clusters.csv" not in (log.read_text() if log.exists() else ""):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)  # kill -9
    process.communicate(timeout=30)
    # The new file is served but meta.json and audit.log are not written yet ...
    assert (data_copy / "clusters.csv").read_bytes() == new
    assert storage.read_audit(data_copy) == [] and storage.read_meta(data_copy)["is_sample"]
    # ... until the next reader (or apply) finishes the journal.
    assert assert_consistent(data_copy, old, new)


def test_stale_temp_files_of_a_dead_apply_are_removed_at_the_next_start(data_copy):
    stale = [
        data_copy / ".clusters.csv.abc.staged",
        data_copy / ".meta.json.x1y2.tmp",
        data_copy / "versions" / "clusters" / ".20260101T000000000000Z-0.csv.abc.staged",
    ]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    loader.clear_cache()
    files.data_dir()  # an app starting up
    assert temp_files(data_copy) == []


@contextlib.contextmanager
def full_disk_under(folder: Path, only: str | None = None):
    """Every write into ``folder`` (or only into files named ``only``) fails with ENOSPC
    after half its bytes, as on a full disk."""
    real_write = os.write

    def write(handle, data):
        target = os.readlink(f"/proc/self/fd/{handle}")
        if target.startswith(str(folder)) and (only is None or target.endswith(only)):
            real_write(handle, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(handle, data)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "write", write)
        yield


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != ".import.lock"}  # fmt: skip


def test_a_full_disk_says_so_and_changes_nothing(data_copy, tmp_path, capsys):
    upload = fewer_clusters(tmp_path)
    before = snapshot(data_copy)
    with full_disk_under(data_copy):
        code = importer.main(["apply", "clusters", str(upload)])
    out, _ = capsys.readouterr()
    assert code == 1
    assert out.startswith(f"未导入：磁盘空间不足：写入 clusters.csv 时失败（数据目录 {data_copy}）")
    assert "已保存的数据没有任何改动" in out
    assert snapshot(data_copy) == before  # data, meta.json, audit.log, versions


def test_a_full_disk_at_the_audit_line_rolls_the_apply_back(data_copy, tmp_path):
    upload = fewer_clusters(tmp_path)
    (data_copy / "audit.log").write_text('{"action": "login_ok"}\n', encoding="utf-8")
    before = snapshot(data_copy)
    with full_disk_under(data_copy, only="audit.log"):
        report = importer.apply_file("clusters", upload)
    assert not report.ok and "磁盘空间不足：写入 audit.log 时失败" in report.summary
    assert snapshot(data_copy) == before  # the half line is cut, the rename undone
    assert journal.recover(data_copy) is False


def test_a_reader_leaves_a_change_in_progress_alone(data_copy):
    (data_copy / files.JOURNAL_FILE).write_text("{}", encoding="utf-8")
    with storage.data_lock(data_copy):
        loader.clear_cache()
        files.data_dir()  # finds the journal, but the lock is held: not its business
        assert (data_copy / files.JOURNAL_FILE).exists()
