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

A signature is read from the file system at most once per ``SIGNATURE_CHECK_SECONDS`` per
path (process-wide), so a rerun does no file-system work: a file replaced by another
process is seen within that time, one written through ``data.storage`` at once.
"""

from __future__ import annotations

import copy
import json
import logging
import time
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
JOURNAL_FILE = ".journal.json"  # a change to the folder in progress (data/journal.py)
REFERENCE_CACHE_ENTRIES = 64
BOUNDARY_FILES = {"districts": "urumqi_districts.geojson", "xinjiang": "xinjiang_units.geojson"}

SIGNATURE_CHECK_SECONDS = 1.0

Signature = tuple[str, int, int]
# path -> (monotonic time of the check, signature); plain dict operations, safe across threads
_checked_signatures: dict[str, tuple[float, Signature]] = {}
_recovered_folders: set[str] = set()  # dataset folders this process has recovered once


def data_dir() -> Path:
    """The folder served now. In the dataset folder, a change that died half-way through
    is finished first: at the first call, and within SIGNATURE_CHECK_SECONDS of a journal
    appearing (unless a change in progress holds the lock)."""
    served = stores.served_dir()
    if served is not None:
        return served
    folder = settings.data_dir()
    if folder is None:
        return SAMPLE_DIR
    key = str(folder)
    if key not in _recovered_folders or signature(folder / JOURNAL_FILE)[1] >= 0:
        _recovered_folders.add(key)
        _finish_interrupted_change(folder)
    return folder


def _finish_interrupted_change(folder: Path) -> None:
    """Roll a journal forward and remove stale temp files (data.journal), unless a change
    holds the folder's lock."""
    from data import journal  # it writes through this module

    try:
        journal.recover(folder, wait=False)
    except OSError:  # e.g. a read-only deployment: the next apply finishes it
        logging.getLogger(__name__).exception("could not finish the change in %s", folder)


def shipped_boundary_path(level: str) -> Path:
    return SHIPPED_BOUNDARY_DIR / BOUNDARY_FILES[level]


def boundary_path(level: str) -> Path:
    candidate = data_dir() / "boundaries" / BOUNDARY_FILES[level]
    return candidate if signature(candidate)[1] >= 0 else shipped_boundary_path(level)


def signature(path: Path) -> Signature:
    """Path, size and modification time; size -1 when the file does not exist.

    Read from the file system at most once per SIGNATURE_CHECK_SECONDS for a path."""
    key = str(path)
    now = time.monotonic()
    checked = _checked_signatures.get(key)
    if checked is not None and now - checked[0] < SIGNATURE_CHECK_SECONDS:
        return checked[1]
    current = _stat_signature(path)
    _checked_signatures[key] = (now, current)
    return current


def forget_signature(path: Path | None = None) -> None:
    """Read ``path``'s signature (every signature when None) from the disk at the next call:
    for a file this process has just written."""
    if path is None:
        _checked_signatures.clear()
    else:
        _checked_signatures.pop(str(path), None)


def _stat_signature(path: Path) -> Signature:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (str(path), -1, -1)
    return (str(path), stat.st_size, stat.st_mtime_ns)


def read_meta(folder: Path) -> dict:
    """The folder's meta.json (sample flag, data date, note); empty when there is none."""
    return copy.deepcopy(_read_meta(signature(folder / META_FILE)))


@lru_cache(maxsize=REFERENCE_CACHE_ENTRIES)
def _read_meta(key: Signature) -> dict:
    path = Path(key[0])
    return json.loads(path.read_text(encoding="utf-8")) if key[1] >= 0 else {}


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
    _read_meta.cache_clear()
    forget_signature()
    _recovered_folders.clear()
