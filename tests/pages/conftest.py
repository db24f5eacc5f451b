"""Fixtures shared by the page tests: the loaded tables they check the pages against."""

from __future__ import annotations

import pandas as pd
import pytest

from data import loader


@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return loader.load("indicators")


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return loader.load("targets")
