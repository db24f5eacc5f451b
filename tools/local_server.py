"""A ``streamlit run app.py`` server on a loopback port, for the tests and the benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def wait_healthy(
    url: str,
    process: subprocess.Popen,
    timeout: float = 90,
    path: str = "/_stcore/health",
    name: str = "streamlit",
) -> None:
    """Poll ``url + path`` until it answers 200; fails when ``process`` (called ``name`` in
    the errors) exits first or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{name} did not become healthy at {url}{path}")


def spawn_server(
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    script: str = "app.py",
    extra_flags: tuple[str, ...] = (),
) -> tuple[str, subprocess.Popen]:
    """Start ``streamlit run <script>`` (app.py, or tools/admin_server.py) on a loopback
    port, free unless given, with ``extra_flags`` on its command line (not yet waited for)."""
    port = port or free_port()
    flags = [
        *("--server.port", str(port), "--server.address", LOOPBACK),
        *("--server.headless", "true", "--browser.gatherUsageStats", "false"),
        *("--server.fileWatcherType", "none"),
        *extra_flags,
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, *flags],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return f"http://{LOOPBACK}:{port}", process


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def rss_bytes(pid: int) -> int:
    """Resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc status")
