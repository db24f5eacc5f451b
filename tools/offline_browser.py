"""Debian Chromium made offline by DNS, for the browser tests and the benchmarks.

Only the loopback resolves (``--host-resolver-rules``), so a page cannot reach any other
host. Nothing is intercepted: Playwright's ``route()`` leaves Streamlit pages as grey
skeletons now and then, and a test could then pass on a blank page. Every request that
tries to leave the loopback is still recorded by ``RequestLog``.
"""

from __future__ import annotations

from urllib.parse import urlparse

from data import settings

CHROMIUM = settings.chromium_path()
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    LOOPBACK_ONLY,
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
LOCAL_SCHEMES = ("data:", "blob:", "about:", "file:", "chrome-error:")
# Opening a deep URL makes Streamlit probe these under the page path; both 404 (DESIGN.md §7).
KNOWN_DEEP_URL_PROBES = ("/_stcore/health", "/_stcore/host-config")


def leaves_loopback(url: str) -> bool:
    """True for a request to any host other than this machine's loopback."""
    if url.startswith(LOCAL_SCHEMES):
        return False
    return (urlparse(url).hostname or "") not in LOOPBACK_HOSTS


class RequestLog:
    """What pages of one browser context did that a test must judge: the requests that
    tried to leave the loopback (DNS refused them) and console errors."""

    def __init__(self, context):
        self.context = context
        self.blocked: list[str] = []
        self.console_errors: list[str] = []
        context.on("request", self._on_request)
        context.on("page", self._watch_console)
        for page in context.pages:
            self._watch_console(page)

    def _on_request(self, request) -> None:
        if leaves_loopback(request.url):
            self.blocked.append(request.url)

    def _watch_console(self, page) -> None:
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "") if message.location else ""
        if "Failed to load resource" in message.text and location.endswith(KNOWN_DEEP_URL_PROBES):
            return
        self.console_errors.append(f"{message.text} @ {location}")


def launch(playwright):
    """Chromium from Debian, offline but for the loopback."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
