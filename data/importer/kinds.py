"""What may be imported: the kinds and their titles, the coordinate systems, and the
error for a request that is wrong in itself."""

from __future__ import annotations

from pathlib import Path

from data import entities, reading
from data.schema import ENTITIES, KINDS, spec
from geo.coords import SUPPORTED_CRS

BOUNDARIES = "boundaries"
KIND_NAMES = (*KINDS, ENTITIES.name, BOUNDARIES)
KIND_TITLES = {name: spec(name).title for name in KIND_NAMES[:-1]} | {BOUNDARIES: "区县边界"}
COORDINATE_KINDS = tuple(name for name in KIND_NAMES[:-1] if "lon" in spec(name).columns)

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


class UsageError(ValueError):
    """The request itself is wrong (missing --crs, no data folder, no such file)."""


def check_kind(kind: str) -> None:
    if kind not in KIND_NAMES:
        raise UsageError(f"未知的数据类别“{kind}”，可选：{'、'.join(KIND_NAMES)}")


def check_crs(kind: str, crs: str | None) -> str | None:
    if crs is not None and crs not in SUPPORTED_CRS:
        raise UsageError(f"未知的坐标系“{crs}”。\n{CRS_HELP}")
    if crs is None and kind in COORDINATE_KINDS:
        raise UsageError(f"{KIND_TITLES[kind]}含经纬度，必须说明坐标系。\n{CRS_HELP}")
    return crs


def file_limit(kind: str) -> int:
    """The one size limit (bytes) of a file of ``kind``, wherever it is checked."""
    return entities.MAX_FILE_BYTES if kind == ENTITIES.name else reading.MAX_FILE_BYTES


def check_readable(path: Path) -> None:
    """UsageError unless ``path`` is a regular file (not missing, a folder or a pipe)."""
    if not path.exists():
        raise UsageError(f"找不到文件：{path.name}")
    if not path.is_file():
        raise UsageError(f"“{path.name}”不是普通文件（是文件夹、管道或设备），请给出数据文件")
