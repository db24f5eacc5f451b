"""Shared fixtures: the repo root on sys.path and a scratch copy of the sample data."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from data import loader  # noqa: E402


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the sample data, served through ATLAS_DATA_DIR."""
    target = tmp_path / "atlas-data"
    shutil.copytree(loader.SAMPLE_DIR, target)
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(target))
    loader.clear_cache()
    yield target
    loader.clear_cache()
