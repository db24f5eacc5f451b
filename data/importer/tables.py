"""Checks of tabular kinds (communities, bases, clusters, indicators, targets) and of
market-entity points: typed rows, coordinates converted to WGS-84, and warnings for points
outside their district or a 合计 row that does not add up."""

from __future__ import annotations

import math
from functools import partial

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data import entities, reading, storage
from data.importer.kinds import CRS_NAMES
from data.importer.reports import CheckReport
from data.schema import ENTITIES, KINDS, DatasetError, Problem
from data.validate import normalize_number_text, parse_table
from geo.coords import to_wgs84

COORDINATE_DECIMALS = 6  # about 0.1 m


def check_dataset(
    kind: str,
    data: bytes,
    file: str,
    crs: str | None,
    sheet: str | None,
    districts: gpd.GeoDataFrame,
) -> CheckReport:
    report = CheckReport(kind, file, "", crs=crs)
    table = reading.read_table(kind, data, file, sheet)
    report.notes, report.description = table.notes, table.description
    try:
        dataset = parse_table(kind, table.frame, file, districts, table.row_numbers)
    except DatasetError as error:
        report.problems = error.problems
        return report
    if "lon" in dataset:
        dataset = _to_wgs84(dataset, crs)
        report.warnings += _district_warnings(dataset, districts, file, table.row_numbers)
        if crs != "wgs84":
            report.notes.append(f"坐标已从{CRS_NAMES[crs]}转换为 WGS-84")
    report.warnings += _total_row_warnings(kind, dataset, table, file)
    names = dict(zip(districts["adcode"], districts["name"], strict=True))
    report.dataset = dataset
    report.content = storage.dataset_csv_bytes(kind, dataset, names)
    return report


def check_entities(data: bytes, file: str, crs: str, districts: gpd.GeoDataFrame) -> CheckReport:
    """Market-entity points: vectorised checks (data.entities), stored as Parquet."""
    convert = None if crs == "wgs84" else partial(_convert, crs=crs)
    checked = entities.check_bytes(data, file, districts, convert)
    report = CheckReport(ENTITIES.name, file, "", crs=crs, description=checked.description)
    report.problems, report.warnings, report.notes = (
        checked.problems,
        checked.warnings,
        checked.notes,
    )
    if checked.frame is None:
        return report
    if crs != "wgs84":
        report.notes.append(f"坐标已从{CRS_NAMES[crs]}转换为 WGS-84")
    report.notes.append("区县按坐标判定；地图上只显示按网格汇总的数量，少于 3 户的网格不显示")
    report.dataset = checked.frame
    report.content = entities.parquet_bytes(checked.frame)
    return report


def _convert(lon: np.ndarray, lat: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray]:
    return to_wgs84(lon, lat, crs)


def _to_wgs84(dataset: pd.DataFrame, crs: str) -> pd.DataFrame:
    lon = dataset["lon"].to_numpy(dtype=float, na_value=np.nan)
    lat = dataset["lat"].to_numpy(dtype=float, na_value=np.nan)
    lon, lat = to_wgs84(lon, lat, crs)
    out = dataset.copy()
    out["lon"] = pd.array(np.round(lon, COORDINATE_DECIMALS), dtype="Float64")
    out["lat"] = pd.array(np.round(lat, COORDINATE_DECIMALS), dtype="Float64")
    return out


def _district_warnings(
    dataset: pd.DataFrame, districts: gpd.GeoDataFrame, file: str, rows: list[int]
) -> list[Problem]:
    """A warning for each point outside the district it declares."""
    lon = dataset["lon"].to_numpy(dtype=float, na_value=np.nan)
    lat = dataset["lat"].to_numpy(dtype=float, na_value=np.nan)
    names = dict(zip(districts["adcode"], districts["name"], strict=True))
    found = np.full(len(dataset), None, dtype=object)
    for adcode, geometry in zip(districts["adcode"], districts.geometry, strict=True):
        inside = shapely.intersects_xy(geometry, lon, lat)
        found[inside & pd.isna(found)] = adcode
    warnings = []
    for index, declared in enumerate(dataset["district"]):
        if math.isnan(lon[index]) or found[index] == declared:
            continue
        declared_name = names.get(declared, declared)
        if found[index] is None:
            message = (
                f"坐标（{lon[index]:.5f}，{lat[index]:.5f}）不在乌鲁木齐市任何区县内，"
                f"填写的是{declared_name}"
            )
        else:
            message = f"坐标位于{names[found[index]]}，但填写的是{declared_name}"
        warnings.append(Problem(file, rows[index], "district", message))
    return warnings


def _total_row_warnings(
    kind: str, dataset: pd.DataFrame, table: reading.Table, file: str
) -> list[Problem]:
    """Compare a dropped 合计 row with the sum of the records."""
    spec = KINDS[kind]
    numeric = [
        c for c in spec.integer_columns + spec.float_columns if c not in ("year", "lon", "lat")
    ]
    warnings = []
    for row, values in table.total_rows:
        for column in numeric:
            text = values.get(column, "")
            stated = pd.to_numeric(normalize_number_text(pd.Series([text])), errors="coerce")[0]
            if not text or pd.isna(stated):
                continue
            summed = float(dataset[column].sum())
            if not math.isclose(float(stated), summed, rel_tol=1e-9, abs_tol=0.05):
                warnings.append(
                    Problem(file, row, column, f"合计行为 {text}，但各行之和为 {summed:g}")
                )
    return warnings
