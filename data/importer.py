"""Check, apply and restore dataset files from offices.

    python -m data.importer check KIND FILE [--crs wgs84|gcj02|bd09] [--sheet NAME]
    python -m data.importer apply KIND FILE [--crs ...] [--sheet NAME] [--user NAME]
    python -m data.importer restore KIND [--user NAME]

KIND is communities, bases, clusters, indicators, targets, entities (market-entity points,
CSV or Parquet, up to about a million rows) or boundaries. ``apply`` and
``restore`` change the folder in ATLAS_DATA_DIR only, never the shipped sample. Exit codes:
0 valid or done, 1 the file has problems (or nothing to restore), 2 usage error.

The functions return reports and print nothing, so a page can call them too:
``check_bytes``/``check_file``, ``apply_bytes``/``apply_file``, ``restore``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping, shape

from data import entities, reading, settings, storage
from data.schema import ENTITIES, KINDS, DatasetError, Problem, spec
from data.validate import LAT_RANGE, LON_RANGE, normalize_number_text, parse_table
from geo.areas import area_km2
from geo.coords import SUPPORTED_CRS, to_wgs84

BOUNDARIES = "boundaries"
KIND_NAMES = (*KINDS, ENTITIES.name, BOUNDARIES)
KIND_TITLES = {name: spec(name).title for name in KIND_NAMES[:-1]} | {BOUNDARIES: "区县边界"}
COORDINATE_KINDS = tuple(name for name in KIND_NAMES[:-1] if "lon" in spec(name).columns)
DISTRICT_COUNT = 8
COORDINATE_DECIMALS = 6  # about 0.1 m
ACCEPTED_GEOJSON_CRS = ("CRS84", "4326", "4490")  # 4490 is CGCS2000, within a metre of WGS-84

CRS_NAMES = {
    "wgs84": "WGS-84（GPS 原始坐标、天地图）",
    "gcj02": "GCJ-02（高德地图、腾讯地图）",
    "bd09": "BD-09（百度地图）",
}
CRS_HELP = (
    "请用 --crs 说明坐标来自哪种坐标系，数值本身无法区分：\n"
    "  --crs gcj02  高德地图、腾讯地图上拾取的坐标（GCJ-02）\n"
    "  --crs bd09   百度地图上拾取的坐标（BD-09）\n"
    "  --crs wgs84  GPS 设备、天地图或国家标准地图的坐标（WGS-84）\n"
    "填错会使点位偏移约 300—1400 米。"
)


def _loader():
    """data.loader, imported late so that the command line can quiet Streamlit first."""
    from data import loader

    return loader


def _quiet_streamlit() -> None:
    """Hide Streamlit's "no runtime" warnings, meaningless outside the app."""
    from streamlit import logger

    logger.set_log_level("ERROR")


class UsageError(ValueError):
    """The request itself is wrong (missing --crs, no data folder, no such file)."""


@dataclass
class CheckReport:
    """The outcome of checking one file; ``content`` is what apply would write."""

    kind: str
    file: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    description: str = ""
    crs: str | None = None
    dataset: pd.DataFrame | None = None  # typed, coordinates in WGS-84
    content: bytes | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.content is not None

    @property
    def rows(self) -> int:
        return 0 if self.dataset is None else len(self.dataset)

    @property
    def summary(self) -> str:
        title = KIND_TITLES[self.kind]
        if not self.ok:
            return f"校验未通过：{self.file} 有 {len(self.problems)} 个问题，未导入任何数据。"
        where = f"（{self.description}）" if self.description else ""
        extra = f"，另有 {len(self.warnings)} 条警告请核对" if self.warnings else ""
        return f"校验通过：{self.file}{where}共 {self.rows} 条{title}记录{extra}。"


@dataclass
class ApplyReport:
    check: CheckReport
    applied: bool = False
    rows_before: int | None = None
    kept_version: Path | None = None
    audit: dict | None = None

    @property
    def summary(self) -> str:
        if not self.applied:
            return self.check.summary
        title = KIND_TITLES[self.check.kind]
        before = "" if self.rows_before is None else f"，替换原有 {self.rows_before} 条"
        kept = f"；原文件已保存为 {self.kept_version.name}" if self.kept_version else ""
        return f"已导入：{self.check.rows} 条{title}记录{before}{kept}。"


@dataclass
class RestoreReport:
    kind: str
    restored: Path | None = None
    kept_version: Path | None = None
    audit: dict | None = None

    @property
    def ok(self) -> bool:
        return self.restored is not None

    @property
    def summary(self) -> str:
        title = KIND_TITLES[self.kind]
        if not self.ok:
            return f"没有可恢复的{title}旧版本。"
        kept = f"；被替换的文件已保存为 {self.kept_version.name}" if self.kept_version else ""
        return f"已恢复{title}：{self.restored.name}{kept}。"


# ---------------------------------------------------------------- where files live


def writable_data_dir() -> Path:
    """The folder in ATLAS_DATA_DIR; refuses an unset variable and the shipped sample."""
    loader = _loader()
    env = loader.DATA_DIR_ENV
    folder = settings.data_dir()
    if folder is None:
        raise UsageError(
            f"未设置 {env}：导入只会写入该变量指定的数据目录，不会改动程序自带的示例数据。"
            "请先复制示例数据目录，再设置该变量。"
        )
    if not folder.is_dir():
        raise UsageError(f"{env} 指向的目录不存在：{folder}")
    if folder.resolve() == loader.SAMPLE_DIR.resolve():
        raise UsageError(f"{env} 指向程序自带的示例数据目录，不能在其中导入")
    return folder


def served_path(kind: str, data_dir: Path) -> Path:
    if kind == BOUNDARIES:
        return data_dir / "boundaries" / _loader().BOUNDARY_FILES["districts"]
    return data_dir / spec(kind).file_name


def _shipped_boundary_path() -> Path:
    loader = _loader()
    return loader.SHIPPED_BOUNDARY_DIR / loader.BOUNDARY_FILES["districts"]


def _fallback_path(kind: str) -> Path | None:
    """The file served when the data folder has none (shipped boundaries)."""
    return _shipped_boundary_path() if kind == BOUNDARIES else None


def served_districts() -> gpd.GeoDataFrame:
    """District polygons (WGS-84) the app serves now, read without the UI cache."""
    frame = gpd.read_file(_loader().boundary_path("districts"))
    frame["adcode"] = frame["adcode"].astype(str)
    return frame.to_crs(4326) if frame.crs and frame.crs.to_epsg() != 4326 else frame


@cache
def _shipped_districts() -> gpd.GeoDataFrame:
    frame = gpd.read_file(_shipped_boundary_path())
    frame["adcode"] = frame["adcode"].astype(str)
    return frame


def _check_kind(kind: str) -> None:
    if kind not in KIND_NAMES:
        raise UsageError(f"未知的数据类别“{kind}”，可选：{'、'.join(KIND_NAMES)}")


def _check_crs(kind: str, crs: str | None) -> str | None:
    if crs is not None and crs not in SUPPORTED_CRS:
        raise UsageError(f"未知的坐标系“{crs}”。\n{CRS_HELP}")
    if crs is None and kind in COORDINATE_KINDS:
        raise UsageError(f"{KIND_TITLES[kind]}含经纬度，必须说明坐标系。\n{CRS_HELP}")
    return crs


# ---------------------------------------------------------------- checking


def check_file(
    kind: str, path: str | Path, crs: str | None = None, sheet: str | None = None
) -> CheckReport:
    """Check a file on disk; see ``check_bytes``."""
    _check_kind(kind)
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"找不到文件：{path}")
    size = path.stat().st_size
    if size > (entities.MAX_FILE_BYTES if kind == ENTITIES.name else reading.MAX_FILE_BYTES):
        _check_crs(kind, crs)
        try:
            reading.check_size(size, path.name)
        except DatasetError as error:
            return CheckReport(kind, path.name, "", problems=error.problems, crs=crs)
    return check_bytes(kind, path.read_bytes(), path.name, crs, sheet)


def check_bytes(
    kind: str, data: bytes, file_name: str, crs: str | None = None, sheet: str | None = None
) -> CheckReport:
    """Read and validate an uploaded file without changing anything.

    ``crs`` is required for kinds with coordinates (communities, bases); boundaries default
    to WGS-84. Raises UsageError for a bad request; every problem of the file itself is in
    the report (``ok`` False), each with file, spreadsheet row and column.
    """
    _check_kind(kind)
    crs = _check_crs(kind, crs)
    file = Path(file_name).name
    if kind == BOUNDARIES:
        if sheet is not None:
            raise UsageError("边界文件是 GeoJSON，没有工作表")
        work = partial(_check_boundaries, data, file, crs or "wgs84")
    elif kind == ENTITIES.name:
        if sheet is not None:
            raise UsageError("市场主体点位为 CSV 或 Parquet 文件，没有工作表")
        work = partial(_check_entities, data, file, crs, served_districts())
    else:
        work = partial(_check_dataset, kind, data, file, crs, sheet, served_districts())
    try:
        report = reading.run_with_timeout(work, file)
    except DatasetError as error:
        report = CheckReport(kind, file, "", problems=error.problems, crs=crs)
    except Exception as error:  # an unreadable file must not crash the page or the command
        message = f"处理文件时出错（{type(error).__name__}：{error}），未导入任何数据"
        report = CheckReport(kind, file, "", problems=[Problem(file, None, None, message)])
    report.sha256 = storage.sha256_hex(data)
    return report


def _check_dataset(
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


def _check_entities(data: bytes, file: str, crs: str, districts: gpd.GeoDataFrame) -> CheckReport:
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


# ---------------------------------------------------------------- boundaries


def _feature_problem(file: str, number: int, label: str, message: str) -> Problem:
    return Problem(file, None, None, f"第 {number} 个要素（{label}）：{message}")


def _crs_problem(collection: dict, file: str) -> Problem | None:
    declared = collection.get("crs")
    if not declared:
        return None
    name = str((declared.get("properties") or {}).get("name", declared))
    if any(code in name for code in ACCEPTED_GEOJSON_CRS):
        return None
    return Problem(
        file, None, None, f"文件声明的坐标系为 {name}，请先转换为 WGS-84 经纬度（EPSG:4326）"
    )


def _check_boundaries(data: bytes, file: str, crs: str) -> CheckReport:
    """Validate a districts GeoJSON: 8 districts, valid polygons in WGS-84, adcode and name."""
    report = CheckReport(BOUNDARIES, file, "", crs=crs, description="GeoJSON")
    reading.check_size(len(data), file)
    text, _ = reading.decode_text(data, file)
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as error:
        raise DatasetError([Problem(file, None, None, f"不是有效的 GeoJSON：{error}")]) from None
    features = collection.get("features") if isinstance(collection, dict) else None
    if collection.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise DatasetError([Problem(file, None, None, "应为 GeoJSON FeatureCollection")])
    if problem := _crs_problem(collection, file):
        raise DatasetError([problem])

    shipped = _shipped_districts().set_index("adcode")
    problems, records = [], []
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        adcode = str(properties.get("adcode") or "").strip()
        name = str(properties.get("name") or "").strip()
        label = " ".join(filter(None, (adcode, name))) or "无名称"
        messages = []
        if adcode not in shipped.index:
            messages.append(f"adcode “{adcode}”不是乌鲁木齐市的区县代码")
        elif name != shipped.at[adcode, "name"]:
            messages.append(f"名称应为“{shipped.at[adcode, 'name']}”，文件中为“{name}”")
        geometry = None
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException):
            messages.append("缺少几何图形或几何图形无法解析")
        if geometry is not None:
            geometry, message = _checked_polygon(geometry, crs)
            if message:
                messages.append(message)
        problems += [_feature_problem(file, number, label, m) for m in messages]
        records.append({**properties, "adcode": adcode, "name": name, "geometry": geometry})
    adcodes = [r["adcode"] for r in records]
    if len(features) != DISTRICT_COUNT:
        problems.append(
            Problem(file, None, None, f"应有 {DISTRICT_COUNT} 个区县，文件中有 {len(features)} 个")
        )
    duplicated = sorted({a for a in adcodes if adcodes.count(a) > 1 and a})
    missing = sorted(set(shipped.index) - set(adcodes))
    if duplicated:
        problems.append(Problem(file, None, None, f"adcode 重复：{'、'.join(duplicated)}"))
    if missing:
        shown = "、".join(f"{a} {shipped.at[a, 'name']}" for a in missing)
        problems.append(Problem(file, None, None, f"缺少区县：{shown}"))
    if problems:
        report.problems = problems
        return report

    frame = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    frame = frame.sort_values("adcode").reset_index(drop=True)
    given_short = frame["short_name"] if "short_name" in frame else pd.Series(None, frame.index)
    frame["short_name"] = [
        value.strip() if isinstance(value, str) and value.strip() else shipped.at[a, "short_name"]
        for a, value in zip(frame["adcode"], given_short, strict=True)
    ]
    given_area = frame["area_km2"] if "area_km2" in frame else pd.Series(None, frame.index)
    stated_area = pd.to_numeric(given_area, errors="coerce")
    if stated_area.isna().any():
        report.notes.append("已按等积投影计算缺少的面积（area_km2）")
    frame["area_km2"] = stated_area.fillna(area_km2(frame).round(1)).astype(float)
    frame = frame[["adcode", "name", "short_name", "area_km2", "geometry"]]
    report.warnings += _boundary_warnings(frame, shipped, file)
    if crs != "wgs84":
        report.notes.append(f"边界已从{CRS_NAMES[crs]}转换为 WGS-84")
    report.dataset = frame
    report.content = geojson_bytes(frame)
    return report


def _checked_polygon(geometry, crs: str):
    """The polygon in WGS-84 and a problem message (None when fine)."""
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or geometry.is_empty:
        return geometry, f"几何类型应为 Polygon 或 MultiPolygon，文件中为 {geometry.geom_type}"
    if crs != "wgs84":
        geometry = shapely.transform(
            geometry, lambda xy: np.column_stack(to_wgs84(xy[:, 0], xy[:, 1], crs))
        )
    west, south, east, north = geometry.bounds
    inside = LON_RANGE[0] <= west <= east <= LON_RANGE[1]
    inside = inside and LAT_RANGE[0] <= south <= north <= LAT_RANGE[1]
    if not inside:
        return geometry, (
            f"坐标范围（{west:.3f}，{south:.3f}）—（{east:.3f}，{north:.3f}）不在新疆的经纬度范围内；"
            "边界须为 WGS-84 经纬度（经度在前），不能是投影坐标"
        )
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        return geometry, f"几何图形无效（如自相交）：{reason}"
    return geometry, None


def _boundary_warnings(
    frame: gpd.GeoDataFrame, shipped: gpd.GeoDataFrame, file: str
) -> list[Problem]:
    warnings = []
    if not shapely.coverage_is_valid(frame.geometry.values):
        warnings.append(Problem(file, None, None, "相邻区县的边界有重叠或不吻合之处"))
    for row in frame.itertuples():
        point = row.geometry.representative_point()
        if not shipped.at[row.adcode, "geometry"].buffer(0.01).contains(point):
            warnings.append(
                Problem(file, None, None, f"{row.name}的位置与原边界相差较大，请确认 adcode")
            )
    return warnings


def geojson_bytes(frame: gpd.GeoDataFrame) -> bytes:
    """Compact UTF-8 GeoJSON with adcode, name, short_name and area_km2."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "adcode": row.adcode,
                "name": row.name,
                "short_name": row.short_name,
                "area_km2": float(row.area_km2),
            },
            "geometry": mapping(row.geometry),
        }
        for row in frame.itertuples(index=False)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


# ---------------------------------------------------------------- applying and restoring


def _user(user: str | None) -> str | None:
    return user or settings.audit_user()


def _audit_entry(action, kind, user, source, before, after, digest, kept, data_dir) -> dict:
    return {
        "time": storage.utc_now().isoformat(timespec="seconds"),
        "action": action,
        "kind": kind,
        "user": _user(user),
        "source": source,
        "rows_before": before,
        "rows_after": after,
        "sha256": digest,
        "kept_version": None if kept is None else kept.relative_to(data_dir).as_posix(),
    }


def _update_meta(data_dir: Path, kind: str) -> None:
    """Mark the folder as real data unless every dataset file is the shipped sample."""
    if kind == BOUNDARIES:
        return
    sample_dir = _loader().SAMPLE_DIR

    def is_sample(name: str) -> bool:
        served, shipped = data_dir / name, sample_dir / name
        if not served.exists() or not shipped.exists():
            return served.exists() == shipped.exists()
        return served.read_bytes() == shipped.read_bytes()

    names = [spec(k).file_name for k in KIND_NAMES[:-1]]
    if all(is_sample(name) for name in names):
        shipped = storage.read_meta(sample_dir)
        storage.update_meta(
            data_dir, {"is_sample": True, "data_date": shipped.get("data_date", "")}
        )
    elif not is_sample(spec(kind).file_name):
        storage.update_meta(data_dir, {"is_sample": False, "data_date": date.today().isoformat()})


def apply_file(
    kind: str,
    path: str | Path,
    crs: str | None = None,
    sheet: str | None = None,
    user: str | None = None,
) -> ApplyReport:
    """Check a file on disk and, when valid, serve it; see ``apply_bytes``."""
    writable_data_dir()
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"找不到文件：{path}")
    return apply_bytes(kind, path.read_bytes(), path.name, crs, sheet, user)


def apply_bytes(
    kind: str,
    data: bytes,
    file_name: str,
    crs: str | None = None,
    sheet: str | None = None,
    user: str | None = None,
) -> ApplyReport:
    """Validate ``data`` and, only if valid, replace the served file of ``kind`` atomically.

    The replaced file is kept under versions/, one line goes to audit.log and meta.json is
    updated. When the file has problems nothing is written (``applied`` False).
    """
    _check_kind(kind)
    data_dir = writable_data_dir()
    report = check_bytes(kind, data, file_name, crs, sheet)
    if not report.ok:
        return ApplyReport(report)
    target = served_path(kind, data_dir)
    with storage.data_lock(data_dir):
        before = storage.count_records(target if target.exists() else _fallback_path(kind))
        replaced = storage.replace_served(
            data_dir, kind, target, report.content, _fallback_path(kind)
        )
        _update_meta(data_dir, kind)
        entry = _audit_entry(
            "apply", kind, user, report.file, before, report.rows, report.sha256,
            replaced.kept_version, data_dir,
        )  # fmt: skip
        storage.append_audit(data_dir, entry)
    return ApplyReport(report, True, before, replaced.kept_version, entry)


def restore(kind: str, user: str | None = None) -> RestoreReport:
    """Serve the newest kept version that differs from the current file, keeping the current
    one as a version too (so a second restore undoes the first)."""
    _check_kind(kind)
    data_dir = writable_data_dir()
    target = served_path(kind, data_dir)
    fallback = _fallback_path(kind)
    with storage.data_lock(data_dir):
        current_path = target if target.exists() else fallback
        current = current_path.read_bytes() if current_path and current_path.exists() else None
        version = storage.latest_other_version(data_dir, kind, current)
        if version is None:
            return RestoreReport(kind)
        data = version.read_bytes()
        before = storage.count_records(current_path) if current_path else None
        replaced = storage.replace_served(data_dir, kind, target, data, fallback)
        _update_meta(data_dir, kind)
        entry = _audit_entry(
            "restore", kind, user, version.name, before, storage.count_records(target),
            storage.sha256_hex(data), replaced.kept_version, data_dir,
        )  # fmt: skip
        storage.append_audit(data_dir, entry)
    return RestoreReport(kind, version, replaced.kept_version, entry)


# ---------------------------------------------------------------- command line


def report_lines(report: CheckReport) -> list[str]:
    """The report as Chinese lines: summary, problems, warnings, notes."""
    lines = [report.summary]
    if report.problems:
        lines += ["问题："] + [f"  {p}" for p in report.problems]
    if report.warnings:
        lines += ["警告（不影响导入，请核对）："] + [f"  {p}" for p in report.warnings]
    if report.notes:
        lines += ["说明："] + [f"  {n}" for n in report.notes]
    return lines


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m data.importer",
        description="检查、导入或恢复数据文件（CSV、XLSX；边界为 GeoJSON）。",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def add_file_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("kind", choices=KIND_NAMES, help="数据类别")
        sub.add_argument("file", type=Path, help="CSV、XLSX 或 GeoJSON 文件")
        sub.add_argument("--crs", choices=SUPPORTED_CRS, help="坐标来源：wgs84、gcj02 或 bd09")
        sub.add_argument("--sheet", help="XLSX 工作表名称（默认第一个）")

    add_file_options(commands.add_parser("check", help="只检查，不改动数据"))
    apply = commands.add_parser("apply", help="检查并替换数据目录中的文件")
    add_file_options(apply)
    apply.add_argument("--user", help="记入审计日志的操作人")
    back = commands.add_parser("restore", help="恢复上一个版本")
    back.add_argument("kind", choices=KIND_NAMES, help="数据类别")
    back.add_argument("--user", help="记入审计日志的操作人")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _quiet_streamlit()
    try:
        if args.command == "check":
            report = check_file(args.kind, args.file, args.crs, args.sheet)
            print("\n".join(report_lines(report)))
            return 0 if report.ok else 1
        if args.command == "apply":
            applied = apply_file(args.kind, args.file, args.crs, args.sheet, args.user)
            print("\n".join([applied.summary, *report_lines(applied.check)[1:]]))
            return 0 if applied.applied else 1
        restored = restore(args.kind, args.user)
        print(restored.summary)
        return 0 if restored.ok else 1
    except UsageError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"操作失败：{error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
