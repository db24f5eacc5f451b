"""The one loading layer: reads every dataset, validates it and caches the result.

Where files live and how each is read is in ``data/files.py``; this module adds the
validation and the caches. Cache keys include each file's size and modification time
(checked at most once a second, ``files.signature``), so replaced files load at a rerun
without a restart. Answers derived from the bundle are kept per data version in
``data/memo.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from data import entities, files, memo, reference
from data.files import (
    BOUNDARY_FILES,
    SAMPLE_DIR,
    boundary_path,
    data_dir,
    read_boundaries,
    read_meta,
)
from data.files import DATA_DIR_ENV as DATA_DIR_ENV  # re-exported for the loader's callers
from data.files import SHIPPED_BOUNDARY_DIR as SHIPPED_BOUNDARY_DIR
from data.files import signature as _signature
from data.schema import ENTITIES, KINDS, DatasetError, Problem
from data.validate import parse_table
from geo import density

CACHE_MAX_ENTRIES = 64


@dataclass(frozen=True)
class DatasetInfo:
    """What the UI says about the data in use."""

    is_sample: bool
    data_date: str
    folder: str
    note: str

    @property
    def label(self) -> str:
        return reference.SAMPLE_LABEL if self.is_sample else ""


def dataset_info() -> DatasetInfo:
    folder = data_dir()
    meta = read_meta(folder)
    return DatasetInfo(
        is_sample=bool(meta.get("is_sample", folder == SAMPLE_DIR)),
        data_date=str(meta.get("data_date", "")),
        folder=str(folder),
        note=str(meta.get("note", "")),
    )


@st.cache_data(max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _read_boundaries(signature: tuple[str, int, int]) -> gpd.GeoDataFrame:
    return read_boundaries(Path(signature[0]))


def load_boundaries(level: str = "districts") -> gpd.GeoDataFrame:
    """Boundaries in WGS-84: ``districts`` (Urumqi) or ``xinjiang`` (prefectures + XPCC)."""
    return _read_boundaries(_signature(boundary_path(level)))


def _district_table() -> pd.DataFrame:
    return pd.DataFrame(load_boundaries("districts").drop(columns="geometry"))


@st.cache_data(max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _read_dataset(
    kind: str, signature: tuple[str, int, int], districts: pd.DataFrame
) -> pd.DataFrame:
    path = Path(signature[0])
    if signature[1] < 0:
        raise DatasetError([Problem(path.name, None, None, f"数据目录中缺少数据文件 {path.name}")])
    raw = files.read_dataset_text(path)
    return parse_table(kind, raw, path.name, districts)


def load(kind: str) -> pd.DataFrame:
    """A validated dataset (communities, bases, clusters, indicators, targets).

    Raises DatasetError with every problem, each naming file, row and column.
    """
    path = data_dir() / KINDS[kind].file_name
    return _read_dataset(kind, _signature(path), _district_table())


def clear_cache() -> None:
    _load_bundle.clear()
    _load_entities.clear()
    _entity_grid.clear()
    _read_dataset.clear()
    _read_boundaries.clear()
    files.clear_cache()
    memo.clear()


@dataclass(frozen=True)
class Datasets:
    """Every dataset the pages use, loaded and validated together."""

    districts: gpd.GeoDataFrame
    units: gpd.GeoDataFrame
    communities: pd.DataFrame
    bases: pd.DataFrame
    clusters: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame

    @cached_property
    def district_names(self) -> dict[str, str]:
        """adcode -> name in the data; computed once per bundle and shared: only read it."""
        return dict(zip(self.districts["adcode"], self.districts["name"], strict=True))


def load_all() -> Datasets:
    """All datasets; raises DatasetError with the problems of every failing file.

    The bundle is shared by every session until a file changes, so treat it as
    read-only: derive new frames (``assign``, ``copy``) instead of changing these.
    """
    return _load_bundle(data_signature())


def data_signature() -> tuple[tuple[str, int, int], ...]:
    """Path, size and modification time of every file ``load_all`` reads: a cache key for
    anything derived from the bundle (e.g. rendered maps)."""
    files = [data_dir() / kind.file_name for kind in KINDS.values()]
    files += [boundary_path(level) for level in BOUNDARY_FILES]
    return tuple(_signature(path) for path in files)


@st.cache_resource(max_entries=4, show_spinner=False)
def _load_bundle(signatures: tuple[tuple[str, int, int], ...]) -> Datasets:
    del signatures  # only the cache key: a changed file gives a new bundle
    problems: list[Problem] = []
    loaded: dict[str, pd.DataFrame] = {}
    for kind in KINDS:
        try:
            loaded[kind] = load(kind)
        except DatasetError as error:
            problems.extend(error.problems)
    if problems:
        raise DatasetError(problems)
    return Datasets(load_boundaries("districts"), load_boundaries("xinjiang"), **loaded)


def entities_path() -> Path:
    """The served market-entity points (optional): ``entities.parquet`` in the data folder."""
    return data_dir() / ENTITIES.file_name


def entities_signature() -> tuple[str, int, int] | None:
    """Cache key of the served entities file; None when there is none."""
    signature = _signature(entities_path())
    return None if signature[1] < 0 else signature


def load_entities() -> entities.EntityPoints | None:
    """Market-entity points, shared by every session until the file changes; None when the
    dataset folder has no entities file. Raises DatasetError when the file is unusable."""
    signature = entities_signature()
    if signature is None:
        return None
    districts = tuple(load_boundaries("districts")["adcode"])
    return _load_entities(signature, districts)


@st.cache_resource(max_entries=2, show_spinner=False)
def _load_entities(
    signature: tuple[str, int, int], district_codes: tuple[str, ...]
) -> entities.EntityPoints:
    return entities.read_points(Path(signature[0]), district_codes)


def entity_grid(district: str | None, cell_km: float) -> density.Grid | None:
    """Entity counts per cell for the whole city (``district`` None) or one district;
    cached per file, district and cell size. None when there is no entities file."""
    signature = entities_signature()
    if signature is None:
        return None
    districts = tuple(load_boundaries("districts")["adcode"])
    return _entity_grid(signature, district, cell_km, districts)


@st.cache_data(max_entries=CACHE_MAX_ENTRIES, show_spinner=False)
def _entity_grid(
    signature: tuple[str, int, int],
    district: str | None,
    cell_km: float,
    district_codes: tuple[str, ...],
) -> density.Grid:
    points = _load_entities(signature, district_codes)
    only = None if district is None else district_codes.index(district)
    return density.aggregate(
        points.lon, points.lat, points.kind, points.district, district_codes, cell_km, only
    )
