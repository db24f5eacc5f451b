"""Real-browser fixtures: a ``streamlit run`` server on a free port and Debian Chromium.

Every request that is not to the loopback is aborted and recorded, so a test can
prove the page works offline. Screenshots go to ``artifacts/screenshots`` (git-ignored).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bench.protocol import spawn_server, wait_healthy
from data import settings

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = settings.chromium_path()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Opening a deep URL makes Streamlit probe these under the page path; both 404 (DESIGN.md §7).
KNOWN_DEEP_URL_PROBES = ("/_stcore/health", "/_stcore/host-config")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}

playwright_sync = pytest.importorskip("playwright.sync_api")


def start_server(
    extra_env: dict[str, str] | None = None, port: int | None = None
) -> tuple[str, subprocess.Popen]:
    """``streamlit run app.py`` on a loopback port (free unless given), once it answers
    its health check."""
    url, process = spawn_server(extra_env, port)
    try:
        wait_healthy(url, process)
    except Exception:
        process.kill()
        raise
    return url, process


@pytest.fixture(scope="session")
def app_url():
    url, process = start_server()
    yield url
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    with playwright_sync.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class PageWatch:
    """What a page did that a test must judge: blocked requests and console errors."""

    def __init__(self, page):
        self.page = page
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        if "Failed to load resource" in message.text and location.endswith(KNOWN_DEEP_URL_PROBES):
            return
        self.console_errors.append(f"{message.text} @ {location}")

    def route(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if host in LOOPBACK_HOSTS or route.request.url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture
def watched_page(browser):
    """A fresh page (1600×1000) whose non-loopback requests are aborted and recorded."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(page)
    context.route("**/*", watch.route)
    yield watch
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
