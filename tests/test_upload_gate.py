"""Uploads: refused on the public app and, on the admin deployment, for every session that
has not logged in (before the body is read); budgets; security headers."""

from __future__ import annotations

import asyncio
import http.client
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest
import websockets
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.protocol import rerun_message, run_async
from tools import upload_gate
from tools.local_server import free_port, rss_bytes, spawn_server, stop_server, wait_healthy

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"
ADMIN_FLAGS = ("--server.maxUploadSize", "200")


async def _own_session(url: str) -> tuple[str, str]:
    """Open a session as a script would (no browser) and return its id and XSRF cookie."""
    host = urlparse(url).netloc
    connection = http.client.HTTPConnection(host, timeout=10)
    connection.request("GET", "/_stcore/health")
    response = connection.getresponse()
    response.read()
    cookie = next(
        part.split("=", 1)[1]
        for header in response.headers.get_all("set-cookie") or []
        for part in header.split(";")
        if part.strip().startswith("_streamlit_xsrf=")
    )
    stream = url.replace("http://", "ws://") + "/_stcore/stream"
    socket_ = await websockets.connect(
        stream,
        subprotocols=["streamlit"],
        max_size=None,
        additional_headers={"Cookie": f"_streamlit_xsrf={cookie}"},
    )
    await socket_.send(rerun_message(""))
    session_id = None
    while True:  # until the first run finished, so the server is warm
        message = ForwardMsg()
        message.ParseFromString(await asyncio.wait_for(socket_.recv(), 90))
        if message.WhichOneof("type") == "new_session":
            session_id = message.new_session.initialize.session_id
        if message.WhichOneof("type") == "script_finished":
            return session_id, cookie, socket_


def forged_puts(url: str, pid: int | None, count: int, size: int) -> tuple[list[int], int]:
    """PUT ``count`` files of ``size`` bytes into a session of our own, opened without a
    browser: the statuses, and how much the server's RSS grew meanwhile."""

    async def attack():
        session_id, cookie, socket_ = await _own_session(url)
        before = settled_rss(pid)
        statuses = [
            await asyncio.to_thread(_put, url, session_id, cookie, f"file{i}", size)
            for i in range(count)
        ]
        growth = settled_rss(pid) - before
        await socket_.close()
        return statuses, growth

    return run_async(attack)


def _put(url: str, session_id: str, cookie: str, file_id: str, size: int) -> int:
    """Send a PUT's headers and read the answer before the body; then send the body all
    the same (an attacker does not wait). The status, or 0 when there was none."""
    boundary = "atlasboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{file_id}.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    parsed = urlparse(url)
    request = (
        f"PUT /_stcore/upload_file/{session_id}/{file_id} HTTP/1.1\r\n"
        f"Host: {parsed.netloc}\r\nContent-Length: {len(head) + size + len(tail)}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Cookie: _streamlit_xsrf={cookie}\r\nX-Xsrftoken: {cookie}\r\n\r\n"
    ).encode()
    with socket.create_connection((parsed.hostname, parsed.port), timeout=10) as sock:
        sock.sendall(request + head)
        try:
            answer = sock.recv(200).decode("latin-1")
        except TimeoutError:
            answer = ""
        try:
            chunk = b"x" * MB
            for _ in range(size // MB):
                sock.sendall(chunk)
            sock.sendall(tail)
        except OSError:
            pass  # the server closed the connection
    return int(answer.split()[1]) if answer.startswith("HTTP/1.1") else 0


@pytest.fixture
def server(request):
    started = []

    def start(**kwargs):
        url, process = spawn_server(**kwargs)
        started.append(process)
        wait_healthy(url, process)
        return url, process

    yield start
    for process in started:
        stop_server(process)


def settled_rss(pid: int | None) -> int:
    """The server's RSS after a second's rest (0 for a server behind a proxy)."""
    time.sleep(1)
    return rss_bytes(pid) if pid else 0


def test_public_app_refuses_forged_uploads_and_keeps_its_memory(server):
    url, process = server()
    statuses, growth = forged_puts(url, process.pid, count=5, size=19 * MB)
    assert statuses == [413] * 5  # Streamlit's answer to a body over maxUploadSize = 0
    assert growth < 20 * MB


def test_admin_deployment_answers_403_to_a_session_that_has_not_logged_in(server):
    url, process = server(
        script="tools/admin_server.py",
        extra_flags=ADMIN_FLAGS,
        extra_env={"ATLAS_ENABLE_DATA_PAGE": "1"},
    )
    statuses, growth = forged_puts(url, process.pid, count=5, size=19 * MB)
    assert statuses == [403] * 5 and growth < 20 * MB


def test_admin_deployment_sends_security_headers_on_every_response(server):
    url, _ = server(script="tools/admin_server.py", extra_flags=ADMIN_FLAGS)
    host = urlparse(url).netloc
    for path in ("/", "/data", "/_stcore/health", "/app/static/vendor/leaflet/leaflet.js"):
        connection = http.client.HTTPConnection(host, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        assert response.getheader("X-Content-Type-Options") == "nosniff", path
        assert response.getheader("X-Frame-Options") == "DENY", path
        assert response.getheader("Content-Security-Policy") == "frame-ancestors 'none'"
    assert upload_gate.frame_headers("/component/streamlit_folium.st_folium/index.html") == [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"content-security-policy", b"frame-ancestors 'self'"),
    ]


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def test_budgets_per_session_and_for_the_server(monkeypatch):
    monkeypatch.setenv("ATLAS_UPLOAD_SESSION_MB", "30")
    monkeypatch.setenv("ATLAS_UPLOAD_SERVER_MB", "50")
    clock = Clock()
    budget = upload_gate.UploadBudget(clock)
    assert budget.take("a", 20 * MB)
    assert not budget.take("a", 20 * MB)  # 40 MB > the session's 30
    assert budget.take("b", 20 * MB)
    assert not budget.take("c", 20 * MB)  # 60 MB > the server's 50
    clock.now += upload_gate.BUDGET_WINDOW_SECONDS + 1
    assert budget.take("a", 30 * MB)


def _call_gate(gate, path: str, headers: list[tuple[bytes, bytes]]) -> tuple[int, bool]:
    """Status sent and whether the body was read or the app reached."""
    events = {"status": None, "app": False, "read": False}

    async def app(scope, receive, send):
        events["app"] = True
        await send({"type": "http.response.start", "status": 204, "headers": []})

    async def receive():
        events["read"] = True
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.start":
            events["status"] = message["status"]

    gate.app = app
    scope = {"type": "http", "method": "PUT", "path": path, "headers": headers}
    # A thread of its own: the browser tests' Playwright may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, gate(scope, receive, send)).result()
    return events["status"], events["app"] or events["read"]


def test_the_gate_lets_only_logged_in_sessions_within_budget_through(monkeypatch):
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")
    monkeypatch.setenv("ATLAS_UPLOAD_SESSION_MB", "1")
    gate = upload_gate.UploadGate(None, is_logged_in=lambda sid: sid == "in")
    size = [(b"content-length", str(MB // 2).encode())]
    assert _call_gate(gate, "/_stcore/upload_file/out/f1", size) == (403, False)
    assert _call_gate(gate, "/_stcore/upload_file/in/f1", []) == (411, False)
    assert _call_gate(gate, "/_stcore/upload_file/in/f1", size) == (204, True)
    assert _call_gate(gate, "/_stcore/upload_file/in/f2", size) == (204, True)
    assert _call_gate(gate, "/_stcore/upload_file/in/f3", size) == (413, False)
    monkeypatch.delenv("ATLAS_ENABLE_DATA_PAGE")
    assert _call_gate(gate, "/_stcore/upload_file/in/f4", size) == (403, False)


def readme_nginx_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Reverse proxy", 1)[1]
    return section.split("```nginx\n", 1)[1].split("```", 1)[0]


@pytest.fixture
def proxied(server, tmp_path):
    """The README's nginx block in front of a public app: the proxy's address."""
    if not Path(NGINX).exists():
        pytest.skip("nginx not installed: apt-get install nginx")
    url, _ = server()
    port = free_port()
    block = readme_nginx_block()
    block = block.replace("listen 8080;", f"listen 127.0.0.1:{port};")
    block = block.replace("127.0.0.1:8501", urlparse(url).netloc)
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\naccess_log off;\n{block}\n}}\n"
    )
    nginx = subprocess.Popen(
        [NGINX, "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    proxy = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(proxy, nginx, timeout=30, name="nginx")
        yield proxy, url
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)


def test_readme_proxy_refuses_uploads_blocks_metrics_and_sends_headers(proxied):
    proxy, _ = proxied
    host = urlparse(proxy).netloc
    answers = {}
    for path in ("/", "/_stcore/metrics", "/component/streamlit_folium.st_folium/index.html"):
        connection = http.client.HTTPConnection(host, timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        answers[path] = response
    assert answers["/"].status == 200
    assert answers["/"].getheader("X-Frame-Options") == "DENY"
    assert answers["/"].getheader("X-Content-Type-Options") == "nosniff"
    assert answers["/_stcore/metrics"].status == 403
    component = answers["/component/streamlit_folium.st_folium/index.html"]
    assert component.getheader("X-Frame-Options") == "SAMEORIGIN"
    # a session opened through the proxy (websocket), then a forged upload into it
    statuses, _ = forged_puts(proxy, None, count=2, size=5 * MB)
    assert statuses == [403, 403]
