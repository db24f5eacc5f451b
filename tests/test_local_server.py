"""``tools.local_server.wait_healthy``: the one readiness wait of app servers and nginx."""

from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tools.local_server import LOOPBACK, wait_healthy


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200 if self.path == "/_health/" else 404)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer((LOOPBACK, 0), _Health)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://{LOOPBACK}:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def running():
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.kill()
    process.wait()


def test_waits_for_the_given_path(server, running):
    wait_healthy(server, running, timeout=5, path="/_health/", name="nginx")
    with pytest.raises(TimeoutError, match=r"nginx did not become healthy at .*/_stcore/health"):
        wait_healthy(server, running, timeout=0.5, name="nginx")  # that path answers 404


def test_names_the_process_that_exited(server):
    exited = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    exited.wait()
    with pytest.raises(RuntimeError, match="nginx exited with 3"):
        wait_healthy(server, exited, timeout=5, path="/_health/", name="nginx")
