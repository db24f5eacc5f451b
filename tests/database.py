"""Helpers for tests against the database store: the scratch database (or a printed skip
reason), its audit log, and a switchable TCP forward to it that plays a database going
down and coming back at the same address."""

from __future__ import annotations

import contextlib
import socket
import threading

import pytest

from data import loader, settings
from tools.local_server import LOOPBACK, free_port

NO_DATABASE = "ATLAS_TEST_DATABASE_URL is not set: database store tests skipped"


def database_url() -> str:
    url = settings.test_database_url()
    if url is None:
        pytest.skip(NO_DATABASE)
    return url


def fresh_database(monkeypatch, url: str | None = None) -> str:
    """The scratch database emptied and loaded with the sample, served to the app (the
    folder store's variable unset); returns the URL the app uses."""
    from data.stores import postgres

    target = database_url()
    postgres.drop_all(target)
    postgres.create_schema(target)
    postgres.load_folder(loader.SAMPLE_DIR, "测试", target)
    monkeypatch.delenv(loader.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("ATLAS_DATABASE_URL", url or target)
    loader.clear_cache()
    return url or target


def audit_entries(url: str, skip_load: bool = True) -> list[dict]:
    import sqlalchemy as sa

    from data.stores import postgres

    with postgres.engine(url).connect() as conn:
        rows = conn.execute(sa.text("SELECT entry FROM atlas_audit ORDER BY id")).scalars()
        return [e for e in rows if not (skip_load and e["action"] == "load")]


class Forward:
    """A loopback port that forwards to the scratch database while open. Closed, a
    connection is refused, as from a database that is down; ``close`` also cuts every
    open connection."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self.target = make_url(url)
        self.port = free_port()
        self.url = self.target.set(host=LOOPBACK, port=self.port).render_as_string(
            hide_password=False
        )
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()

    def open(self) -> None:
        self._listener = socket.create_server((LOOPBACK, self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def close(self) -> None:
        if self._listener is not None:  # shut down first: a blocked accept() keeps it open
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection((self.target.host, self.target.port or 5432))
            with self._lock:
                self._open += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while block := source.recv(65536):
                sink.sendall(block)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
