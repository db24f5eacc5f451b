"""A database store that is down or refuses: every page says so in one paragraph in the
session's language (no traceback, address or password), the server log keeps the details,
and the app recovers by itself when the database answers again (no restart).

The database is "down" at a closed loopback port; recovery goes through a forward to the
scratch database (``tests.database.Forward``) that opens and closes at the same address.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import pytest

from components import i18n, store_status
from data import loader, stores
from data.stores import postgres
from tests.apptest import open_app, registered_pages, texts
from tests.database import Forward, database_url, fresh_database
from tools.local_server import LOOPBACK, free_port

ROOT = loader.SAMPLE_DIR.parent.parent
PASSWORD = "Pa55-w0rd%secret"
PAGES = [script for script, _ in registered_pages()]


def message(lang: str) -> str:
    with i18n.using(lang):
        return i18n.t("app.store_unavailable")


def down_url() -> str:
    """A database URL with a password, at a loopback port nothing listens on."""
    return f"postgresql+psycopg://atlas:{PASSWORD}@{LOOPBACK}:{free_port()}/atlas"


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def store_log():
    handler = Records()
    store_status.LOGGER.addHandler(handler)
    yield handler.lines
    store_status.LOGGER.removeHandler(handler)


@pytest.fixture
def database_down(monkeypatch):
    url = down_url()
    monkeypatch.setenv("ATLAS_DATABASE_URL", url)
    monkeypatch.delenv(loader.DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")  # the data page too
    monkeypatch.delenv("ATLAS_MODE", raising=False)
    loader.clear_cache()
    yield url
    loader.clear_cache()


def assert_only_the_message(at, lang: str, url: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [message(lang)]
    shown = "\n".join(texts(at.main) + texts(at.sidebar))
    port = url.rsplit(":", 1)[1].split("/")[0]
    for secret in (PASSWORD, "postgresql", LOOPBACK, port, "Traceback", "psycopg"):
        assert secret not in shown


@pytest.mark.parametrize("lang", i18n.LANGS)
@pytest.mark.parametrize("script", PAGES)
def test_every_page_says_so_in_the_sessions_language(database_down, store_log, script, lang):
    at = open_app(script, lang=lang, check=False)
    assert_only_the_message(at, lang, database_down)
    assert not at.tabs and not at.get("plotly_chart")  # the page itself did not run
    assert store_log, "the log keeps the details"
    assert all(PASSWORD not in line for line in store_log)
    assert "Connection refused" in store_log[0] and "atlas:***@" in store_log[0]


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_kiosk_says_so_too(database_down, monkeypatch, lang):
    monkeypatch.setenv("ATLAS_MODE", "kiosk")
    at = open_app(lang=lang, check=False)
    assert_only_the_message(at, lang, database_down)


def test_the_password_never_appears_in_the_error_or_the_message(database_down):
    with pytest.raises(stores.StoreUnavailable) as caught:
        postgres.current_version(database_down, max_age=0)
    text = str(caught.value)
    assert PASSWORD not in text and "atlas:***@" in text and text.startswith("无法连接数据库")
    assert PASSWORD not in str(caught.value.__cause__)  # the driver's text, logged
    for lang in i18n.LANGS:
        assert PASSWORD not in message(lang) and "://" not in message(lang)
    hostile = "postgresql+psycopg://atlas:p%40ss:w@rd@db.internal:5432/atlas"
    assert "p%40ss" not in stores.masked_url(hostile) and "w@rd" not in stores.masked_url(hostile)
    assert stores.masked_url("not a url " + PASSWORD) == "ATLAS_DATABASE_URL"


def test_a_failed_connection_is_not_retried_within_the_second(database_down):
    with pytest.raises(stores.StoreUnavailable) as tried:
        postgres.current_version(database_down)
    assert tried.value.__cause__ is not None  # the driver's refusal
    with pytest.raises(stores.StoreUnavailable) as remembered:
        postgres.current_version(database_down)
    assert remembered.value.__cause__ is None  # answered from the failure just now
    time.sleep(postgres.VERSION_TTL_SECONDS + 0.1)
    with pytest.raises(stores.StoreUnavailable) as again:
        postgres.current_version(database_down)
    assert again.value.__cause__ is not None  # a second later it asks again


@pytest.mark.parametrize(
    "command", [["data.importer", "restore", "targets"], ["data.database", "version"]]
)
def test_the_command_lines_say_so_without_the_password(database_down, command):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "无法连接数据库" in done.stderr and "atlas:***@" in done.stderr
    assert PASSWORD not in done.stderr + done.stdout


def test_the_app_recovers_by_itself_when_the_database_comes_back(monkeypatch, store_log):
    forward = Forward(database_url())
    fresh_database(monkeypatch, forward.url)
    try:
        at = open_app(check=False)  # the forward is closed: the database is down
        assert [e.value for e in at.error] == [message("zh")]
        assert not store_status.reachable()

        forward.open()
        time.sleep(postgres.VERSION_TTL_SECONDS + 0.1)  # past the remembered failure
        assert store_status.reachable()  # what the page's retry asks every few seconds
        at.run()  # the rerun the retry starts: same process, same session, same URL
        assert not at.exception and not at.error
        assert at.title and loader.dataset_info().is_sample

        forward.close()  # down again, with the pool's connections cut
        time.sleep(postgres.VERSION_TTL_SECONDS + 0.1)
        at.run()
        assert [e.value for e in at.error] == [message("zh")] and not at.exception

        forward.open()
        time.sleep(postgres.VERSION_TTL_SECONDS + 0.1)
        at.run()
        assert not at.exception and not at.error and at.title
    finally:
        forward.close()
    assert all(PASSWORD not in line for line in store_log)
