"""The tooling around the app: without Chromium the test summary says why the browser
tests were skipped, and the tests and the benchmarks take Chromium from ATLAS_CHROMIUM."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_python(args: list[str], chromium: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_CHROMIUM": str(chromium)}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_without_chromium_the_summary_gives_the_reason_for_each_skip(tmp_path):
    pytest.importorskip("playwright.sync_api")
    test = tmp_path / "test_needs_a_browser.py"
    test.write_text(
        "from tests.browser.conftest import browser  # noqa: F401\n\n\n"
        "def test_page(browser):\n    assert browser\n",
        encoding="utf-8",
    )
    missing = tmp_path / "no-chromium-here"
    result = run_python(
        ["-m", "pytest", "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), str(test)],
        missing,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout[result.stdout.find("short test summary") :]
    assert "SKIPPED" in summary, result.stdout
    assert f"Chromium not found at {missing}" in summary, result.stdout


def test_the_kiosk_benchmark_takes_chromium_from_the_setting(tmp_path):
    chosen = tmp_path / "my-chromium"
    result = run_python(["-c", "import bench.kiosk as k; print(k.CHROMIUM)"], chosen)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(chosen)
