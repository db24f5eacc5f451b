"""Run an import's parsing in a worker process, killed above a memory or a time limit.

Workers fork from a clean fork server that has the importer already imported (fast, and
never a fork of the threaded app server). The parent polls the worker's resident memory,
so a file that unzips or parses to gigabytes is stopped instead of starving the viewers;
the worker also runs at a lower priority, so the app keeps its share of the CPU.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from data import settings
from data.problems import DatasetError, Problem

T = TypeVar("T")
POLL_SECONDS = 0.05
WORKER_NICENESS = 10
PRELOAD = ["data.importer.warm_worker"]
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
_context_lock = threading.Lock()
_context: Any = None


def _worker_context() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOAD)
            _context = context
    return _context


def _resident_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * _PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def _work(sender: Any, func: Callable[[], Any]) -> None:
    os.nice(WORKER_NICENESS)
    try:
        outcome: tuple[str, Any] = ("value", func())
    except MemoryError:
        outcome = ("memory", None)
    except BaseException as error:  # handed to the parent, which decides what to show
        outcome = ("error", error)
    try:
        sender.send(outcome)
    except Exception as error:  # an unpicklable result or error: say what it was
        sender.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    sender.close()


def _fail(file: str, message: str) -> DatasetError:
    return DatasetError([Problem(file, None, None, message)])


def memory_message(limit: int) -> str:
    return (
        f"读取文件所需内存超过上限 {limit / 1024 / 1024:.0f} MB，已停止，未导入任何数据；"
        "请删去多余的工作表、格式和空行，或拆分后分别导入"
    )


def time_message(seconds: float) -> str:
    return (
        f"读取文件超过 {seconds:g} 秒仍未完成，已停止，未导入任何数据；"
        "请删去多余的工作表、格式和空行后重试"
    )


def _stopped_message(exit_code: int | None, limit: int) -> str:
    if exit_code == -9:  # the kernel's out-of-memory killer
        return memory_message(limit)
    return f"读取文件的进程意外停止（退出码 {exit_code}），未导入任何数据"


def run_isolated(func: Callable[[], T], file: str) -> T:
    """``func()`` computed in a worker process; DatasetError naming ``file`` when the worker
    exceeds ATLAS_IMPORT_MEMORY_MB or ATLAS_IMPORT_SECONDS (it is killed) or dies."""
    limit, seconds = settings.import_memory_bytes(), settings.import_seconds()
    context = _worker_context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, func), daemon=True)
    worker.start()
    sender.close()
    deadline = time.monotonic() + seconds
    try:
        while not receiver.poll(POLL_SECONDS):
            if not worker.is_alive() and not receiver.poll(0):
                raise _fail(file, _stopped_message(worker.exitcode, limit))
            if _resident_bytes(worker.pid) > limit:
                raise _fail(file, memory_message(limit))
            if time.monotonic() > deadline:
                raise _fail(file, time_message(seconds))
        try:
            kind, value = receiver.recv()
        except EOFError:
            worker.join()
            raise _fail(file, _stopped_message(worker.exitcode, limit)) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join()
        receiver.close()
    if kind == "memory":
        raise _fail(file, memory_message(limit))
    if kind == "error":
        raise value
    return value
