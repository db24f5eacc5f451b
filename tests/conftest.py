"""Shared fixtures: the repo root on sys.path, a scratch copy of the sample data, and any
registered page run through app.py."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data import loader  # noqa: E402
from tests.apptest import open_app, registered_pages  # noqa: E402


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the sample data, served through ATLAS_DATA_DIR."""
    target = tmp_path / "atlas-data"
    shutil.copytree(loader.SAMPLE_DIR, target)
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(target))
    loader.clear_cache()
    yield target
    loader.clear_cache()


@pytest.fixture
def run_page(monkeypatch):
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")  # so every registered page can be run

    def run(script: str):
        default = script == registered_pages()[0][0]
        return open_app(None if default else script, check=False)

    return run


@pytest.fixture(scope="module")
def data() -> loader.Datasets:
    """The served datasets, loaded once per test module; read-only."""
    return loader.load_all()


@pytest.fixture(scope="module")
def sample_info() -> loader.DatasetInfo:
    return loader.dataset_info()
