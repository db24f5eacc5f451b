"""The data page: registration by deployment setting, the login (a lockout that survives
reloads and new sessions, an audit line for every attempt), data folder and uploads."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import access, lockout
from components.access import hash_password, verify_password
from components.escape import for_markdown
from data import importer, loader, storage
from tests.apptest import ISOLATES, open_admin, open_app
from tests.database import audit_entries, fresh_database

PASSWORD = "correct horse battery"


def test_hash_and_verify():
    stored = hash_password(PASSWORD, iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$") and PASSWORD not in stored
    assert verify_password(PASSWORD, stored)
    assert not verify_password("wrong", stored)
    assert hash_password(PASSWORD, iterations=1000) != stored  # a fresh salt each time
    for broken in (None, "", "md5$1$00$00", "pbkdf2_sha256$x$zz$00"):
        assert not verify_password(PASSWORD, broken)


@pytest.fixture(autouse=True)
def fresh_logins(monkeypatch):
    """Failed logins are remembered by the server process: each test starts with none."""
    monkeypatch.setattr(lockout, "LOGINS", lockout.Lockout())
    monkeypatch.setattr(access, "FAILURE_DELAY_SECONDS", 0)


def log_in(at: AppTest, password: str, user: str = "张伟") -> AppTest:
    at.text_input(key="admin_login_user").input(user)
    at.text_input(key="admin_login_password").input(password)
    return at.button[0].click().run()


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
    log_in(at, "wrong password")
    assert "密码错误" in at.error[0].value and not at.tabs
    log_in(at, PASSWORD)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.tabs] == ["导入数据", "版本与恢复", "下载与模板"]
    assert len(at.get("download_button")) == 5 * 4


def test_without_a_data_folder_it_says_how_to_set_one(monkeypatch):
    monkeypatch.delenv("ATLAS_DATA_DIR", raising=False)
    stored = hash_password(PASSWORD, iterations=1000)
    at = open_admin(monkeypatch, ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    log_in(at, PASSWORD)
    assert "ATLAS_DATA_DIR" in at.info[0].value


HOSTILE = "**x**<img src=x onerror=alert(1)>"


def test_file_names_and_headers_from_an_upload_are_shown_literally(monkeypatch, data_copy):
    stored = hash_password(PASSWORD, iterations=1000)
    at = open_admin(monkeypatch, ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    log_in(at, PASSWORD)
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
    assert at.text_input(key="admin_login_user").label == "Your name (written to the audit log)"
    assert at.text_input(key="admin_login_password").label == "Administrator password"
    assert at.button[0].label == "Log in"
    at.text_input(key="admin_login_user").input("Zhang Wei")
    at.text_input(key="admin_login_password").input("wrong")
    at.button[0].click().run()
    assert at.error[0].value == "Wrong password."


def test_data_page_chrome_in_uyghur(monkeypatch, data_copy):
    password = "correct horse battery"
    stored = hash_password(password, iterations=1000)
    at = open_admin(monkeypatch, "ug", ATLAS_ENABLE_DATA_PAGE="1", ATLAS_ADMIN_PASSWORD_HASH=stored)
    assert at.text_input(key="admin_login_password").label == "باشقۇرغۇچى پارولى"
    at.text_input(key="admin_login_user").input("ئابلىز")
    at.text_input(key="admin_login_password").input(password)
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
    assert [column.translate(ISOLATES) for column in versions.columns] == [
        "نەشر نومۇرى",
        "ساقلانغان ۋاقىت (UTC)",
        "بايت",
        "نۆۋەتتىكى سانلىق مەلۇمات بىلەن ئوخشاش",
    ]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """A fresh server-wide login ledger on a clock the test moves."""
    clock = Clock()
    monkeypatch.setattr(lockout, "LOGINS", lockout.Lockout(clock=clock))
    monkeypatch.setattr(access, "FAILURE_DELAY_SECONDS", 0)
    return clock


def open_data_page(monkeypatch) -> AppTest:
    """A new browser session on the data page (what a reload gives)."""
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")
    monkeypatch.setenv("ATLAS_ADMIN_PASSWORD_HASH", hash_password(PASSWORD, iterations=1000))
    monkeypatch.delenv("ATLAS_MODE", raising=False)
    return open_app("data", check=False)


def logins(data_dir) -> list[dict]:
    return [e for e in storage.read_audit(data_dir) if e["action"].startswith("login")]


def test_the_lockout_survives_a_reload_and_every_attempt_is_audited(monkeypatch, data_copy, clock):
    at = open_data_page(monkeypatch)
    for _ in range(lockout.FREE_FAILURES - 1):
        assert "密码错误" in log_in(at, "guess").error[0].value
    log_in(at, "guess")
    assert "请 1 分钟后再试" in at.error[0].value
    reloaded = open_data_page(monkeypatch)  # a reload: a new session, no form
    assert "请 1 分钟后再试" in reloaded.error[0].value
    assert not reloaded.text_input and not reloaded.tabs
    lines = logins(data_copy)
    assert [e["action"] for e in lines] == ["login_failed"] * 5 + ["login_locked"]
    assert {(e["user"], e["address"]) for e in lines} == {("张伟", "local")}
    assert all(e["time"].endswith("+00:00") for e in lines)

    clock.now += lockout.FIRST_WAIT_SECONDS + 1
    after = open_data_page(monkeypatch)
    assert "请 2 分钟后再试" in log_in(after, "guess").error[0].value  # backs off at once
    assert "请 2 分钟后再试" in open_data_page(monkeypatch).error[0].value
    clock.now += 2 * lockout.FIRST_WAIT_SECONDS + 1
    done = log_in(open_data_page(monkeypatch), PASSWORD, user="李娜")
    assert [t.label for t in done.tabs] == ["导入数据", "版本与恢复", "下载与模板"]
    assert logins(data_copy)[-1] | {"time": None} == {
        "time": None, "action": "login_ok", "user": "李娜", "address": "local",
    }  # fmt: skip


def test_many_addresses_together_hit_the_global_cap(monkeypatch, data_copy, clock):
    for i in range(lockout.GLOBAL_MAX_FAILURES):
        lockout.LOGINS.failed(f"10.0.0.{i}")
    at = open_data_page(monkeypatch)
    assert "请 10 分钟后再试" in at.error[0].value and not at.text_input
    clock.now += lockout.GLOBAL_WINDOW_SECONDS + 1
    assert lockout.LOGINS.wait_seconds("10.0.0.99") == 0


def test_an_applied_file_names_the_logged_in_user(monkeypatch, data_copy, clock):
    at = log_in(open_data_page(monkeypatch), PASSWORD, user="王芳")
    at.selectbox[0].set_value("targets").run()
    original = (data_copy / "targets.csv").read_bytes()
    lines = original.splitlines()
    content = b"\r\n".join(lines[:5])  # fewer rows, Windows line ends
    at.file_uploader[0].upload("targets.csv", content, "text/csv").run()
    apply = next(b for b in at.button if b.label == "确认导入，替换当前数据")
    apply.click().run()
    assert "已导入：4 条" in at.success[-1].value
    assert storage.read_audit(data_copy)[-1]["action"] == "apply"
    assert storage.read_audit(data_copy)[-1]["user"] == "王芳"
    audit_lines = len(storage.read_audit(data_copy))
    apply = next(b for b in at.button if b.label == "确认导入，替换当前数据")
    apply.click().run()  # the same file again: nothing changes
    assert "未作改动" in at.info[-1].value
    assert len(storage.read_audit(data_copy)) == audit_lines

    at.selectbox(key="history_kind").set_value("targets").run()
    (kept,) = importer.list_versions("targets")  # the sample file the apply replaced
    assert at.selectbox(key="restore_version_targets").value == kept.id
    next(b for b in at.button if b.label == "恢复所选版本").click().run()
    assert not at.exception
    assert any("已恢复年度目标" in s.value for s in at.success)
    assert (data_copy / "targets.csv").read_bytes() == original
    assert storage.read_audit(data_copy)[-1]["action"] == "restore"
    assert [v.current for v in importer.list_versions("targets")] == [False, True]


# ------------------------------------------------- the page with the database store


@pytest.fixture
def database(monkeypatch):
    """The scratch database loaded with the sample and served (skips, saying why, without
    ATLAS_TEST_DATABASE_URL)."""
    url = fresh_database(monkeypatch)
    yield url
    loader.clear_cache()


def _version() -> int:
    from data.stores import postgres

    return postgres.current_version(max_age=0)


def test_import_check_apply_and_restore_go_to_the_database(monkeypatch, database, clock):
    sample_targets = len(loader.load("targets"))
    at = log_in(open_data_page(monkeypatch), PASSWORD, user="王芳")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.label for t in at.tabs] == ["导入数据", "版本与恢复", "下载与模板"]
    assert not at.info  # no request for a data folder: the database is the store
    assert "数据存放在数据库中" in at.caption[0].value
    assert audit_entries(database)[-1] | {"time": None} == {
        "time": None, "action": "login_ok", "user": "王芳", "address": "local",
    }  # fmt: skip

    before = _version()
    at.selectbox[0].set_value("targets").run()
    fewer = pd.read_csv(loader.SAMPLE_DIR / "targets.csv", dtype=str).head(4)
    at.file_uploader[0].upload("目标.csv", fewer.to_csv(index=False).encode(), "text/csv").run()
    assert "校验通过" in at.success[0].value and _version() == before  # a check writes nothing
    next(b for b in at.button if b.label == "确认导入，替换当前数据").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "已导入：4 条" in at.success[-1].value
    assert _version() > before and len(loader.load("targets")) == 4
    applied = audit_entries(database)[-1]
    assert (applied["action"], applied["user"], applied["source"]) == ("apply", "王芳", "目标.csv")

    at.selectbox(key="history_kind").set_value("targets").run()
    (versions,) = [d.value for d in at.dataframe if "版本编号" in d.value.columns]
    (kept,) = importer.list_versions("targets")  # the sample file the apply replaced
    assert list(versions["版本编号"]) == [kept.id] and kept.id.startswith("targets-")
    assert applied["kept_version"].endswith(kept.id)
    assert at.selectbox(key="restore_version_targets").value == kept.id
    audit_shown = at.dataframe[-1].value
    assert list(audit_shown["操作"][:2]) == ["导入", "登录成功"]
    loaded = audit_shown[audit_shown["操作"] == "载入数据库"]  # the initial load, translated
    assert list(loaded["数据类别"]) == ["全部数据"]
    next(b for b in at.button if b.label == "恢复所选版本").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(loader.load("targets")) == sample_targets
    restored = audit_entries(database)[-1]
    assert (restored["action"], restored["user"]) == ("restore", "王芳")
    assert loader.dataset_info().is_sample  # every dataset is the sample again


def test_a_file_with_problems_changes_nothing_in_the_database(monkeypatch, database, clock):
    at = log_in(open_data_page(monkeypatch), PASSWORD)
    before = _version()
    at.selectbox[0].set_value("indicators").run()
    bad = pd.read_csv(loader.SAMPLE_DIR / "indicators.csv", dtype=str).head(2)
    bad = bad.assign(quarter="2030Q1").to_csv(index=False).encode()
    at.file_uploader[0].upload("指标.csv", bad, "text/csv").run()
    assert not at.exception and at.error and for_markdown("指标.csv") in at.error[0].value
    assert not any(b.label == "确认导入，替换当前数据" for b in at.button)
    assert _version() == before
    assert [e["action"] for e in audit_entries(database)] == ["login_ok"]
