"""The served files: where each lives, its signature (the cache key) and its plain reader.

The dataset folder comes from ``ATLAS_DATA_DIR``; unset, the shipped sample is used. With
``ATLAS_DATABASE_URL`` set it is the database's snapshot of the current data version
(``data/stores``).
Boundaries come from ``<dataset folder>/boundaries/`` when present, so an official
deployment can replace them; otherwise from the shipped ``data/boundaries/``.

Nothing here imports Streamlit or another ``data`` module: ``data/loader.py`` caches these
readers for the app, and the importer uses them outside any Streamlit run. Reference
tables are cached here, keyed by signature like the datasets, because the schema needs
them at import time, before the loader exists; ``loader.clear_cache`` clears them too.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data import settings, stores

PACKAGE_DIR = Path(__file__).parent
SAMPLE_DIR = PACKAGE_DIR / "sample"
SHIPPED_BOUNDARY_DIR = PACKAGE_DIR / "boundaries"
REFERENCE_DIR = PACKAGE_DIR / "reference"
DATA_DIR_ENV = settings.DATA_DIR_ENV
META_FILE = "meta.json"
REFERENCE_CACHE_ENTRIES = 64
BOUNDARY_FILES = {"districts": "urumqi_districts.geojson", "xinjiang": "xinjiang_units.geojson"}

Signature = tuple[str, int, int]


def data_dir() -> Path:
    return stores.served_dir() or settings.data_dir() or SAMPLE_DIR


def shipped_boundary_path(level: str) -> Path:
    return SHIPPED_BOUNDARY_DIR / BOUNDARY_FILES[level]


def boundary_path(level: str) -> Path:
    candidate = data_dir() / "boundaries" / BOUNDARY_FILES[level]
    return candidate if candidate.exists() else shipped_boundary_path(level)


def signature(path: Path) -> Signature:
    """Path, size and modification time; size -1 when the file does not exist."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (str(path), -1, -1)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def read_meta(folder: Path) -> dict:
    """The folder's meta.json (sample flag, data date, note); empty when there is none."""
    path = folder / META_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def read_dataset_text(path: Path) -> pd.DataFrame:
    """A served dataset CSV as text cells (ids keep their zeros; the schema types them)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def read_boundaries(path: Path) -> gpd.GeoDataFrame:
    """A boundary GeoJSON in WGS-84, with ``adcode`` as text."""
    frame = gpd.read_file(path)
    frame["adcode"] = frame["adcode"].astype(str)
    return frame.to_crs(4326) if frame.crs and frame.crs.to_epsg() != 4326 else frame


def reference_signature(name: str) -> Signature:
    return signature(REFERENCE_DIR / f"{name}.csv")


def reference_table(name: str) -> pd.DataFrame:
    """A reference table of text cells, shared until its file changes: treat it as read-only."""
    return _read_reference_table(reference_signature(name))


@lru_cache(maxsize=REFERENCE_CACHE_ENTRIES)
def _read_reference_table(key: Signature) -> pd.DataFrame:
    return pd.read_csv(key[0], dtype=str, keep_default_na=False)


def clear_cache() -> None:
    _read_reference_table.cache_clear()
