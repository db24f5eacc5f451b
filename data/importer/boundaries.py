"""Checks of a districts GeoJSON (8 districts, valid polygons in WGS-84, adcode and name
as shipped) and its compact form as served; the district polygons served and shipped."""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from data import files, reading
from data.importer.kinds import BOUNDARIES, CRS_NAMES
from data.importer.reports import CheckReport
from data.schema import DatasetError, Problem
from data.validate import LAT_RANGE, LON_RANGE
from geo.areas import area_km2
from geo.coords import to_wgs84

DISTRICT_COUNT = 8
# Most vertices the served districts may have: about 120 KB of GeoJSON, so a map view with
# the sample's points stays under 300 KB. The shipped file has about 3,400.
VERTEX_BUDGET = 6000
SIMPLIFY_TOLERANCES = (0.00005, 0.0001, 0.0002, 0.0005, 0.001, 0.002)  # degrees, ~5 m to 200 m
OVERLAP_KM2 = 0.05  # overlaps smaller than this are digitising noise along shared edges
KM2_PER_SQUARE_DEGREE = 111.32 * 80.3  # at Urumqi's latitude (43.8° N)
ACCEPTED_GEOJSON_CRS = ("CRS84", "4326", "4490")  # 4490 is CGCS2000, within a metre of WGS-84


def served_districts() -> gpd.GeoDataFrame:
    """District polygons (WGS-84) the app serves now, read as the loader reads them."""
    return files.read_boundaries(files.boundary_path("districts"))


def shipped_districts() -> gpd.GeoDataFrame:
    """District polygons shipped with the program: the reference for adcodes and names."""
    return files.read_boundaries(files.shipped_boundary_path("districts"))


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


def check_boundaries(data: bytes, file: str, crs: str) -> CheckReport:
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

    shipped = shipped_districts().set_index("adcode")
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
        try:  # parsed in GEOS, not as Python lists: a million vertices in a second
            geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
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
    report.problems = _overlaps(frame, file)
    if report.problems:
        return report
    frame, note = _within_budget(frame, file)
    if note:
        report.notes.append(note)
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


def _overlaps(frame: gpd.GeoDataFrame, file: str) -> list[Problem]:
    """One problem per pair of districts that overlap by more than OVERLAP_KM2."""
    shapes = shapely.simplify(frame.geometry.values, 0.00001)  # ~1 m: quick, same overlaps
    problems = []
    for i in range(len(shapes)):
        for j in range(i + 1, len(shapes)):
            if not shapely.intersects(shapes[i], shapes[j]):
                continue
            km2 = shapely.area(shapely.intersection(shapes[i], shapes[j])) * KM2_PER_SQUARE_DEGREE
            if km2 > OVERLAP_KM2:
                a, b = frame.at[i, "name"], frame.at[j, "name"]
                message = f"{a}与{b}重叠约 {km2:.2f} 平方公里，相邻区县的边界不能重叠"
                problems.append(Problem(file, None, None, message))
    return problems


def _within_budget(frame: gpd.GeoDataFrame, file: str) -> tuple[gpd.GeoDataFrame, str | None]:
    """The districts simplified to at most VERTEX_BUDGET vertices (shared edges kept with
    simplify_coverage when neighbours meet exactly), rounded to 5 decimals, and a note; a
    DatasetError when even the coarsest tolerance leaves too many."""
    given = int(shapely.get_num_coordinates(frame.geometry.values).sum())
    if given <= VERTEX_BUDGET:
        return frame, None
    for tolerance in SIMPLIFY_TOLERANCES:
        simplified = shapely.set_precision(
            frame.geometry.simplify_coverage(tolerance).values, 0.00001
        )
        if not shapely.coverage_is_valid(simplified):  # neighbours did not meet exactly
            simplified = shapely.set_precision(
                frame.geometry.simplify(tolerance, preserve_topology=True).values, 0.00001
            )
        count = int(shapely.get_num_coordinates(simplified).sum())
        if count <= VERTEX_BUDGET and shapely.is_valid(simplified).all():
            frame = frame.set_geometry(list(simplified), crs=frame.crs)
            note = (
                f"边界共有 {given:,} 个顶点，超过上限 {VERTEX_BUDGET:,}，"
                f"已化简为 {count:,} 个（容差约 {tolerance * 100_000:.0f} 米）"
            )
            return frame, note
    raise DatasetError(
        [
            Problem(
                file, None, None,
                f"边界共有 {given:,} 个顶点，化简到约 200 米仍超过上限 {VERTEX_BUDGET:,}，"
                "请先在 GIS 软件中化简后再导入",
            )
        ]
    )  # fmt: skip


def _boundary_warnings(
    frame: gpd.GeoDataFrame, shipped: gpd.GeoDataFrame, file: str
) -> list[Problem]:
    warnings = []
    if not shapely.coverage_is_valid(frame.geometry.values):
        warnings.append(Problem(file, None, None, "相邻区县的边界有细小的缝隙或不吻合之处"))
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
