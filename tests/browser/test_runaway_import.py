"""A runaway workbook uploaded on the data page of the admin deployment, logged in: its
worker process is killed at the memory limit with a clear message, nothing is imported,
and a public page of the same server keeps answering in under 2 s while it runs."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.protocol import Session
from data import storage
from tests.browser.conftest import ADMIN_PASSWORD, open_page, open_watched, screenshot
from tests.test_isolation import runaway_workbook
from tools.local_server import rss_bytes

MEMORY_MB = 250  # small, so the worker is stopped within seconds
MB = 1024 * 1024
PUBLIC_PAGE_SECONDS = 2.0


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process, from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(text.rsplit(")", 1)[1].split()[1])
    return parents


def import_workers(server_pid: int) -> list[int]:
    """Processes two or more levels below the server: the import workers (its children
    are the fork server and multiprocessing's helpers)."""
    parents = _parents()

    def depth(pid: int) -> int:
        for level in range(1, 10):
            pid = parents.get(pid, 0)
            if pid == server_pid:
                return level
        return 0

    return [pid for pid in parents if depth(pid) >= 2]


@dataclass
class Watch:
    """Samples the import workers and reruns a public page until stopped."""

    server_pid: int
    url: str
    stop: threading.Event = field(default_factory=threading.Event)
    workers: dict[int, tuple[float, float, int]] = field(default_factory=dict)  # first, last, rss
    renders: list[tuple[float, float]] = field(default_factory=list)  # start, end
    errors: list[BaseException] = field(default_factory=list)

    def sample_workers(self) -> None:
        while not self.stop.is_set():
            now = time.monotonic()
            for pid in import_workers(self.server_pid):
                try:
                    rss = rss_bytes(pid)
                except (OSError, RuntimeError):
                    continue
                first, _, peak = self.workers.get(pid, (now, now, 0))
                self.workers[pid] = (first, now, max(peak, rss))
            time.sleep(0.05)

    def render_public_page(self) -> None:
        async def loop():
            session = await Session.open(self.url)
            try:
                await session.run("")  # warm: the overview of a session already opened
                while not self.stop.is_set():
                    start = time.monotonic()
                    await session.run("", timeout=30)
                    self.renders.append((start, time.monotonic()))
                    await asyncio.sleep(0.1)
            finally:
                await session.close()

        try:
            asyncio.run(loop())
        except BaseException as error:  # reported by the test
            self.errors.append(error)

    def __enter__(self) -> Watch:
        self.threads = [
            threading.Thread(target=self.sample_workers, daemon=True),
            threading.Thread(target=self.render_public_page, daemon=True),
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.mark.parametrize(
    "admin_server",
    [{"ATLAS_IMPORT_MEMORY_MB": str(MEMORY_MB), "ATLAS_IMPORT_SECONDS": "90"}],
    ids=[f"memory-{MEMORY_MB}MB"],
    indirect=True,
)
def test_a_runaway_upload_is_stopped_and_public_pages_keep_answering(
    browser, admin_server, tmp_path
):
    url, process, data_dir = admin_server.url, admin_server.process, admin_server.data_dir
    workbook = tmp_path / "社区名录.xlsx"
    workbook.write_bytes(runaway_workbook(60 * MB))  # under 2 MB, parses to gigabytes
    served = (data_dir / "communities.csv").read_bytes()
    watch = open_watched(browser, locale="zh-CN")
    page = watch.page
    try:
        open_page(watch, url + "/data")
        page.get_by_label("操作人姓名（记入审计日志）").fill("张伟")
        page.get_by_label("管理员密码").fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("tab", name="导入数据").wait_for(timeout=60_000)
        page.get_by_text("WGS-84", exact=False).first.click()
        with Watch(process.pid, url) as running:
            while not running.renders:  # the public session is open and warm
                assert not running.errors, running.errors
                time.sleep(0.1)
            server_before = rss_bytes(process.pid)
            dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            dropzone.set_input_files(str(workbook))
            summary = "校验未通过：社区名录.xlsx 有 1 个问题，未导入任何数据"
            page.get_by_text(summary, exact=False).first.wait_for(timeout=150_000)
            message = f"读取文件所需内存超过上限 {MEMORY_MB} MB，已停止，未导入任何数据"
            page.get_by_text(message, exact=False).first.wait_for(state="attached")  # a table
            time.sleep(0.5)  # one more public render after the worker's end
            server_growth = rss_bytes(process.pid) - server_before
        screenshot(page, "admin_runaway_import_stopped")
    finally:
        watch.context.close()

    assert not running.errors, running.errors
    assert running.workers, "no import worker was seen"
    started, ended, peak = max(running.workers.values(), key=lambda w: w[2])  # the runaway
    assert 0.8 * MEMORY_MB * MB < peak < 2 * MEMORY_MB * MB, peak  # stopped at its limit
    assert server_growth < 150 * MB, server_growth  # the server never parsed the workbook
    assert not [pid for pid in running.workers if Path(f"/proc/{pid}").exists()]
    during = [end - start for start, end in running.renders if end >= started and start <= ended]
    assert during, "no public page rendered while the import ran"
    assert max(during) < PUBLIC_PAGE_SECONDS, during
    assert (data_dir / "communities.csv").read_bytes() == served
    assert not [e for e in storage.read_audit(data_dir) if e["action"] == "apply"]
