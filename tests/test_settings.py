"""Deployment settings: one module reads the environment, without needing Streamlit."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from data import settings

ROOT = Path(__file__).resolve().parent.parent
APP_FOLDERS = ("pages", "components", "data", "geo")
APP_CODE = [ROOT / "app.py", *(p for d in APP_FOLDERS for p in (ROOT / d).rglob("*.py"))]
ENV_READ = re.compile(r"os\.environ|getenv|st\.secrets|streamlit\.secrets")


def test_only_the_settings_module_reads_the_environment_or_secrets():
    readers = [
        str(path.relative_to(ROOT))
        for path in APP_CODE
        if path.name != "settings.py" or path.parent.name != "data"
        if ENV_READ.search(path.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_settings_import_without_streamlit_and_work_without_its_runtime(tmp_path):
    code = (
        "import sys, data.settings as s; print('streamlit' in sys.modules);"
        "print(s.admin_password_hash())"
    )
    env = {"PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}  # no hash, no secrets file
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "None"]


def test_every_setting_is_documented():
    names = [value for name, value in vars(settings).items() if name.endswith("_ENV")]
    for value in names:
        for variable in value if isinstance(value, tuple) else (value,):
            assert f"``{variable}``" in settings.__doc__, variable


def test_defaults_and_invalid_values(monkeypatch):
    for variable in ("ATLAS_DATA_DIR", "ATLAS_MODE", "ATLAS_ENTITY_POINT_LIMIT", "ATLAS_USER"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("USER", "atlas")
    monkeypatch.setenv("ATLAS_PUBLIC_URL", " http://10.0.0.2:8501/ ")
    assert settings.data_dir() is None and settings.mode() == "standard"
    assert settings.entity_point_limit() == 0 and settings.audit_user() == "atlas"
    assert settings.public_url() == "http://10.0.0.2:8501"
    monkeypatch.setenv("ATLAS_ENTITY_POINT_LIMIT", "many")
    monkeypatch.setenv("ATLAS_KIOSK_IDLE_SECONDS", "-3")
    monkeypatch.setenv("ATLAS_USER", "王芳")
    assert settings.entity_point_limit() == 0 and settings.kiosk_idle_seconds() == 90
    assert settings.audit_user() == "王芳"


def test_readme_settings_table_lists_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Deployment settings", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `ATLAS_")]
    listed = set(re.findall(r"`(ATLAS_[A-Z_]+)`", "\n".join(row.split(" | ")[0] for row in rows)))
    names = [value for name, value in vars(settings).items() if name.endswith("_ENV")]
    variables = {v for value in names for v in (value if isinstance(value, tuple) else (value,))}
    assert listed == {v for v in variables if v.startswith("ATLAS_")}
