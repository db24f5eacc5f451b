"""ASGI middleware of the admin deployment (``tools/admin_server.py``).

- ``UploadGate``: a PUT to ``/_stcore/upload_file/<session>/<file>`` is answered 403 before
  its body is read unless the data page is enabled and that session has logged in, 411
  without a Content-Length, and 413 when it would exceed the session's or the server's
  upload byte budget (ATLAS_UPLOAD_SESSION_MB, ATLAS_UPLOAD_SERVER_MB per hour).
- ``SecurityHeaders``: ``X-Content-Type-Options: nosniff`` on every response; pages may
  not be framed by anyone (``X-Frame-Options: DENY``, CSP ``frame-ancestors 'none'``),
  and component documents (the maps' iframes) only by the app itself.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from data import settings

UPLOAD_ROUTE = "/_stcore/upload_file/"
COMPONENT_ROUTES = ("/component/", "/_stcore/bidi-components/")
BUDGET_WINDOW_SECONDS = 3600.0


class UploadBudget:
    """Bytes uploaded in the last hour, per session and in total."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._taken: deque[tuple[float, str, int]] = deque()
        self._lock = threading.Lock()

    def take(self, session_id: str, size: int) -> bool:
        """Count ``size`` bytes for ``session_id``; False (nothing counted) when either
        budget would be exceeded."""
        now = self.clock()
        with self._lock:
            while self._taken and now - self._taken[0][0] > BUDGET_WINDOW_SECONDS:
                self._taken.popleft()
            total = sum(size for _, _, size in self._taken)
            mine = sum(size for _, sid, size in self._taken if sid == session_id)
            if mine + size > settings.upload_session_bytes():
                return False
            if total + size > settings.upload_server_bytes():
                return False
            self._taken.append((now, session_id, size))
            return True


async def _refuse(send, status: int) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain"), (b"connection", b"close")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class UploadGate:
    def __init__(self, app, is_logged_in: Callable[[str], bool] | None = None, budget=None):
        self.app = app
        self.budget = budget or UploadBudget()
        self.is_logged_in = is_logged_in or _logged_in_session

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if UPLOAD_ROUTE in path and scope.get("method") == "PUT":
            session_id = path.split(UPLOAD_ROUTE, 1)[1].split("/", 1)[0]
            if not settings.data_page_enabled() or not self.is_logged_in(session_id):
                return await _refuse(send, 403)
            length = _header(scope, b"content-length")
            if length is None or not length.isdigit():
                return await _refuse(send, 411)
            if not self.budget.take(session_id, int(length)):
                return await _refuse(send, 413)
        await self.app(scope, receive, send)


def _logged_in_session(session_id: str) -> bool:
    from components.access import is_logged_in_session  # imports Streamlit: only when asked

    return is_logged_in_session(session_id)


def frame_headers(path: str) -> list[tuple[bytes, bytes]]:
    if any(route in path for route in COMPONENT_ROUTES):
        frame, ancestors = b"SAMEORIGIN", b"frame-ancestors 'self'"
    else:
        frame, ancestors = b"DENY", b"frame-ancestors 'none'"
    return [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", frame),
        (b"content-security-policy", ancestors),
    ]


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        extra = frame_headers(scope.get("path", ""))
        names = {name for name, _ in extra}

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": kept + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)
