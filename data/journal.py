"""One change to the dataset folder, all or nothing: the served file, meta.json, the kept
version and the change's audit.log line change together, even when the process dies
half-way through.

A change (``commit``, under ``storage.data_lock``):

1. stages every new file beside its final place (``.<name>.<change id>.staged``, fsync)
   and hard-links each file it will replace (``.<name>.<change id>.old``). Nothing served
   has changed yet: a failure here (a full disk) removes the staged files and raises
   ``WriteError``.
2. writes the journal ``.journal.json`` (temp file, fsync, rename): the commit point. It
   names each staged file with its final place and backup, and the audit line.
3. moves each staged file into place (rename), appends the audit line once, removes the
   journal and the backups.

``recover`` finishes a journal left by a process that died in step 3 (roll forward) and
removes the stale temp files of changes that died before their journal. The importer runs
it before every apply, restore and listing; a reader of the folder runs it when it finds a
journal and no change holds the lock (``files.data_dir``). When step 3 of a live change
fails (an error, not a crash), the change is rolled back from the backups: renames only,
no disk space needed.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from data import files, storage

JOURNAL_FILE = files.JOURNAL_FILE
TEMP_SUFFIXES = (".tmp", ".staged", ".old")
LOGGER = logging.getLogger(__name__)

# Tests set this to kill the process at a named step (see tests/test_journal.py).
STEP_HOOK: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


class WriteError(OSError):
    """A change could not be written; nothing served changed. The message is Chinese."""

    def __str__(self) -> str:
        return self.strerror or super().__str__()


@dataclass(frozen=True)
class Move:
    staged: str  # paths relative to the data folder
    final: str
    backup: str | None  # hard link to the replaced file; None when there was none


def _relative(data_dir: Path, path: Path) -> str:
    return path.relative_to(data_dir).as_posix()


def write_error(data_dir: Path, path: Path, error: OSError) -> WriteError:
    """The Chinese message for a failed write of ``path``: a full disk says so."""
    name = _relative(data_dir, path) if path.is_relative_to(data_dir) else path.name
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return WriteError(
            error.errno,
            f"磁盘空间不足：写入 {name} 时失败（数据目录 {data_dir}）。"
            "已保存的数据没有任何改动；请清理该磁盘后重试",
        )
    reason = error.strerror or str(error) or type(error).__name__
    return WriteError(
        error.errno,
        f"写入 {name} 时失败（{reason}，数据目录 {data_dir}）。已保存的数据没有任何改动",
    )


def _write_synced(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file and flush it to the disk."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(handle, view)
            view = view[written:]
        os.fsync(handle)
    finally:
        os.close(handle)


def commit(data_dir: Path, writes: Sequence[tuple[Path, bytes]], audit: dict) -> None:
    """Serve every ``(path, bytes)`` of ``writes`` and append ``audit``, all or nothing.

    Call it holding ``storage.data_lock(data_dir)``. Raises WriteError (Chinese, naming
    the file and the folder) when a file cannot be written; nothing served changes then.
    """
    change = uuid.uuid4().hex[:12]
    moves: list[Move] = []
    writing = data_dir / JOURNAL_FILE
    try:
        for path, data in writes:
            writing = path
            path.parent.mkdir(parents=True, exist_ok=True)
            staged = path.with_name(f".{path.name}.{change}.staged")
            backup = path.with_name(f".{path.name}.{change}.old") if path.exists() else None
            moves.append(
                Move(
                    _relative(data_dir, staged),
                    _relative(data_dir, path),
                    None if backup is None else _relative(data_dir, backup),
                )
            )  # recorded before writing, so a failed write is cleaned up
            _write_synced(staged, data)
            if backup is not None:
                os.chmod(staged, path.stat().st_mode & 0o777)  # the replaced file's mode
                os.link(path, backup)
            _step(f"staged {moves[-1].final}")
        writing = data_dir / JOURNAL_FILE
        record = {"change": change, "moves": [m.__dict__ for m in moves], "audit": audit}
        record["audit_size"] = _audit_size(data_dir)
        _write_journal(data_dir, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as error:
        _discard(data_dir, moves)
        raise write_error(data_dir, writing, error) from error
    _step("journal written")
    try:
        _roll_forward(data_dir, record)
    except OSError as error:
        _roll_back(data_dir, record)
        where = Path(error.filename) if error.filename else data_dir / storage.AUDIT_LOG
        raise write_error(data_dir, where, error) from error


def _audit_size(data_dir: Path) -> int:
    path = data_dir / storage.AUDIT_LOG
    return path.stat().st_size if path.exists() else 0


def _write_journal(data_dir: Path, data: bytes) -> None:
    temp = data_dir / f".{JOURNAL_FILE}.tmp"
    temp.unlink(missing_ok=True)
    try:
        _write_synced(temp, data)
        os.replace(temp, data_dir / JOURNAL_FILE)
    except OSError:
        temp.unlink(missing_ok=True)
        raise
    storage.fsync_dir(data_dir)


def _discard(data_dir: Path, moves: list[Move]) -> None:
    """Remove what staging wrote (nothing served was touched)."""
    for move in moves:
        (data_dir / move.staged).unlink(missing_ok=True)
        if move.backup:
            (data_dir / move.backup).unlink(missing_ok=True)


def _moves(record: dict) -> list[Move]:
    return [Move(**move) for move in record["moves"]]


def _roll_forward(data_dir: Path, record: dict) -> None:
    """Finish a committed change; safe to repeat after a crash at any point."""
    for move in _moves(record):
        staged, final = data_dir / move.staged, data_dir / move.final
        if staged.exists():
            os.replace(staged, final)
            storage.fsync_dir(final.parent)
            files.forget_signature(final)
            _step(f"moved {move.final}")
    _append_once(data_dir, record["audit"], record.get("audit_size", 0))
    _step("audit appended")
    _finish(data_dir, record)


def _roll_back(data_dir: Path, record: dict) -> None:
    """Undo a committed change whose roll-forward failed: renames and removals only."""
    for move in reversed(_moves(record)):
        staged, final = data_dir / move.staged, data_dir / move.final
        if staged.exists():
            staged.unlink()
        elif move.backup and (data_dir / move.backup).exists():
            os.replace(data_dir / move.backup, final)
        elif move.backup is None:
            final.unlink(missing_ok=True)
        files.forget_signature(final)
    _drop_partial_line(data_dir / storage.AUDIT_LOG)
    _finish(data_dir, record)


def _finish(data_dir: Path, record: dict) -> None:
    (data_dir / JOURNAL_FILE).unlink(missing_ok=True)
    storage.fsync_dir(data_dir)
    files.forget_signature(data_dir / JOURNAL_FILE)
    _step("journal removed")  # backups left by a crash here go as stale temp files
    for move in _moves(record):
        if move.backup:
            (data_dir / move.backup).unlink(missing_ok=True)


def _append_once(data_dir: Path, entry: dict, size_before: int) -> None:
    """Append the change's audit line unless a first try already did."""
    path = data_dir / storage.AUDIT_LOG
    line = storage.audit_line(entry)
    if path.exists():
        with open(path, "rb") as log:
            log.seek(min(size_before, path.stat().st_size))
            if line in log.read().splitlines(keepends=True):
                return
    _drop_partial_line(path)
    storage.append_audit_line(data_dir, line)


def _drop_partial_line(path: Path) -> None:
    """Cut a last line a crash left without its end (audit.log is appended line by line)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "r+b") as log:
        data = log.read()
        if data.endswith(b"\n"):
            return
        log.truncate(data.rfind(b"\n") + 1)
        os.fsync(log.fileno())


def recover_locked(data_dir: Path) -> bool:
    """Finish a pending journal and remove stale temp files; the caller holds the lock.
    True when a journal was finished (rolled forward, or back if that failed)."""
    path = data_dir / JOURNAL_FILE
    finished = False
    if path.exists():
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            record = None
        if not isinstance(record, dict) or "moves" not in record or "audit" not in record:
            record = None  # not one this module wrote (it renames whole journals into place)
        if record is not None:
            try:
                _roll_forward(data_dir, record)
            except OSError:
                LOGGER.exception("finishing %s failed; rolling the change back", JOURNAL_FILE)
                _roll_back(data_dir, record)
            LOGGER.warning("finished the interrupted change %s", record.get("change"))
            finished = True
        else:
            path.unlink()
    _remove_stale_temp_files(data_dir)
    return finished


def recover(data_dir: Path, wait: bool = True) -> bool:
    """``recover_locked`` under the folder's lock. With ``wait`` False (a reader), do
    nothing when a change holds the lock: it finishes its own journal."""
    with storage.data_lock(data_dir, wait=wait) as locked:
        return recover_locked(data_dir) if locked else False


def _remove_stale_temp_files(data_dir: Path) -> None:
    """Temp files of writes that died before their journal (no change holds the lock)."""
    folders = [data_dir, data_dir / "boundaries"]
    versions = data_dir / storage.VERSIONS_DIR
    if versions.is_dir():
        folders += [p for p in versions.iterdir() if p.is_dir()]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIXES):
                path.unlink(missing_ok=True)
