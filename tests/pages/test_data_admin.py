"""The data page: registration by deployment setting, password gate, data folder."""

from __future__ import annotations

import pandas as pd
import pytest

from components.access import hash_password, verify_password
from components.escape import for_markdown
from tests.apptest import open_admin

ADMIN = "pages/admin/data_admin.py"
PASSWORD = "correct horse battery"


def test_hash_and_verify():
    stored = hash_password(PASSWORD, iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored)
    assert not verify_password("wrong", stored)
    assert hash_password(PASSWORD, iterations=1000) != stored  # a fresh salt each time
    for broken in (None, "", "md5$1$00$00", "pbkdf2_sha256$x$zz$00"):
        assert not verify_password(PASSWORD, broken)


@pytest.mark.parametrize("env", [{}, {"ATLAS_MODE": "kiosk", "ATLAS_ENABLE_DATA_PAGE": "1"}])
def test_not_registered_unless_enabled_and_never_in_kiosk(monkeypatch, env):
    with pytest.raises(ValueError, match="Could not find a navigation page") as caught:
        open_admin(monkeypatch, **env)
    assert "data_admin" not in str(caught.value).split("Known pages:")[1]


def test_refuses_login_without_a_configured_hash(monkeypatch):
    at = open_admin(monkeypatch, ATLAS_ENABLE_DATA_PAGE="1")
    assert at.title[0].value == "数据管理"
    assert "未配置管理员密码" in at.error[0].value
    assert not at.tabs


def test_password_gate_then_data_folder(monkeypatch, data_copy):
    stored = hash_password(PASSWORD, iterations=1000)
    at = open_admin(monkeypatch, ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    at.text_input[0].input("wrong password")
    at.button[0].click().run()
    assert "密码错误" in at.error[0].value and not at.tabs
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.tabs] == ["导入数据", "版本与恢复", "下载与模板"]
    assert len(at.get("download_button")) == 5 * 4


def test_without_a_data_folder_it_says_how_to_set_one(monkeypatch):
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    stored = hash_password(PASSWORD, iterations=1000)
    at = open_admin(monkeypatch, ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    assert "ATLAS_DATA_DIR" in at.info[0].value


HOSTILE = "**x**<img src=x onerror=alert(1)>"


def test_file_names_and_headers_from_an_upload_are_shown_literally(monkeypatch, data_copy):
    stored = hash_password(PASSWORD, iterations=1000)
    at = open_admin(monkeypatch, ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    at.text_input[0].input(PASSWORD)
    at.button[0].click().run()
    at.selectbox[0].set_value("targets").run()
    targets = pd.read_csv(data_copy / "targets.csv", dtype=str)
    content = targets.assign(**{HOSTILE: "1"}).to_csv(index=False).encode()
    at.file_uploader[0].upload(f"{HOSTILE}.csv", content, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    summary, note = at.success[0].value, at.caption[1].value
    assert for_markdown(f"{HOSTILE}.csv") in summary and HOSTILE not in summary
    assert for_markdown(HOSTILE) in note and HOSTILE not in note


def test_data_page_login_in_english(monkeypatch):
    at = open_admin(monkeypatch, "en", ATLAS_ENABLE_DATA_PAGE="1")
    assert at.title[0].value == "Data management"
    assert at.error[0].value.startswith("No administrator password is configured")
    stored = hash_password("correct horse battery", iterations=1000)
    at = open_admin(monkeypatch, "en", ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    assert at.text_input[0].label == "Administrator password"
    assert at.button[0].label == "Log in"
    at.text_input[0].input("wrong").run()
    at.button[0].click().run()
    assert at.error[0].value == "Wrong password."


def test_data_page_chrome_in_uyghur(monkeypatch, data_copy):
    password = "correct horse battery"
    stored = hash_password(password, iterations=1000)
    at = open_admin(monkeypatch, "ug", ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    assert at.text_input[0].label == "باشقۇرغۇچى پارولى"
    at.text_input[0].input(password)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [tab.label for tab in at.tabs] == [
        "سانلىق مەلۇمات ئەكىرىش",
        "نەشرلەر ۋە ئەسلىگە كەلتۈرۈش",
        "چۈشۈرۈش ۋە قېلىپلار",
    ]
    assert at.selectbox[0].options[0] == "ئىگىلىك تىكلەش مەھەللىلىرى"
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == ["نۆۋەتتىكى سانلىق مەلۇمات CSV", "نۆۋەتتىكى سانلىق مەلۇمات XLSX"]
    versions = at.dataframe[0].value
    assert list(versions.columns) == ["ھۆججەت", "بايت"]
