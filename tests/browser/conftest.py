"""Real-browser fixtures: a ``streamlit run`` server on a free port and Debian Chromium.

Chromium is offline by DNS (``tools.offline_browser``): only the loopback resolves, and
nothing is intercepted. Every request that tries to leave the loopback is recorded, so a
test can prove the page works offline. ``open_page`` fails on a page that stays a grey
skeleton. Screenshots go to ``artifacts/screenshots`` (git-ignored).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from components.access import hash_password
from data import loader
from tools import offline_browser
from tools.local_server import spawn_server, stop_server, wait_healthy
from tools.offline_browser import RequestLog

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = offline_browser.CHROMIUM
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SKELETONS = '[data-testid="stAppSkeleton"], [data-testid="stSkeleton"]'
MAIN_HEADING = '[data-testid="stMain"] h1, [data-testid="stMain"] h2'

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


ADMIN_PASSWORD = "admin deployment test"


@dataclass(frozen=True)
class AdminServer:
    """The admin deployment on a loopback port, over its own copy of the sample data."""

    url: str
    process: subprocess.Popen
    data_dir: Path


@pytest.fixture(scope="module")
def admin_server(request, tmp_path_factory):
    """``tools/admin_server.py`` with the data page on, logged in with ``ADMIN_PASSWORD``,
    over a copy of the sample data. Extra settings (environment variables) come from
    indirect parametrisation: ``@pytest.mark.parametrize("admin_server", [{...}],
    indirect=True)``."""
    data_dir = tmp_path_factory.mktemp("atlas") / "data"
    shutil.copytree(loader.SAMPLE_DIR, data_dir)
    env = {
        "ATLAS_ENABLE_DATA_PAGE": "1",
        "ATLAS_DATA_DIR": str(data_dir),
        "ATLAS_ADMIN_PASSWORD_HASH": hash_password(ADMIN_PASSWORD, iterations=1000),
        **getattr(request, "param", {}),
    }
    url, process = spawn_server(
        env, script="tools/admin_server.py", extra_flags=("--server.maxUploadSize", "200")
    )
    try:
        wait_healthy(url, process)
        yield AdminServer(url, process, data_dir)
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with playwright_sync.sync_playwright() as playwright:
        chromium = offline_browser.launch(playwright)
        yield chromium
        chromium.close()


class PageWatch(RequestLog):
    """One page of a fresh context, with its off-loopback requests and console errors."""

    def __init__(self, context):
        super().__init__(context)
        self.page = context.new_page()


def open_watched(browser, width: int = 1600, height: int = 1000, **options) -> PageWatch:
    """A fresh context and page of the given size, watched."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    return PageWatch(context)


@pytest.fixture
def watched_page(browser):
    """A fresh page (1600×1000) whose off-loopback requests are recorded."""
    watch = open_watched(browser, locale="zh-CN")
    yield watch
    watch.context.close()


def open_page(watch: PageWatch, url: str, timeout: int = 60_000) -> None:
    """Go to ``url`` and wait until the script has run and the page is drawn: the app's
    skeleton placeholders are gone and a heading is visible. A blank page fails here."""
    page = watch.page
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_test_id("stApp").wait_for(timeout=timeout)
    page.locator(MAIN_HEADING).first.wait_for(timeout=timeout)
    page.get_by_test_id("stStatusWidget").wait_for(state="detached", timeout=timeout)
    assert_drawn(page, timeout)


def assert_drawn(page, timeout: int = 30_000) -> None:
    """The main area shows a heading and widgets, not Streamlit's grey skeletons."""
    page.wait_for_function(
        """([skeletons, heading]) => document.querySelectorAll(skeletons).length === 0
            && document.querySelector(heading) !== null
            && document.querySelectorAll('[data-testid="stMain"] [data-testid^="st"]')
                .length > 10""",
        arg=[SKELETONS, MAIN_HEADING],
        timeout=timeout,
    )


def wait_for_map(page, shapes: int = 1, index: int = 0):
    """The index-th map frame, once it has drawn at least ``shapes`` Leaflet shapes."""
    frame = page.frame_locator(MAP_FRAME).nth(index)
    frame.locator(".leaflet-container").wait_for(timeout=30_000)
    page.wait_for_function(
        """([selector, index, shapes]) => {
            const frame = document.querySelectorAll(selector)[index];
            const doc = frame && frame.contentDocument;
            return !!doc && doc.querySelectorAll('path.leaflet-interactive').length >= shapes;
        }""",
        arg=[MAP_FRAME, index, shapes],
        timeout=30_000,
    )
    return frame


def current_url(page) -> str:
    """The address bar now: ``page.url`` lags behind Streamlit's ``history.replaceState``."""
    return page.evaluate("() => window.location.href")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def settled(page, measure: Callable[[], Any], what: str, tries: int = 40, every_ms: int = 500):
    """``measure()`` once two readings ``every_ms`` apart agree and are not None (a map fits
    its frame, then places its labels; a sidebar slides); fails naming ``what`` after
    ``tries`` readings."""
    before = None
    for _ in range(tries):
        page.wait_for_timeout(every_ms)
        now = measure()
        if now is not None and now == before:
            return now
        before = now
    raise AssertionError(f"{what} never settled: {before}")
