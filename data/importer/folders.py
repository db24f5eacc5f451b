"""Where an import writes: the folder in ATLAS_DATA_DIR (never the shipped sample), the
file served for each kind there, and the shipped file served when the folder has none."""

from __future__ import annotations

from pathlib import Path

from data import files, settings
from data.importer.kinds import BOUNDARIES, UsageError
from data.schema import spec


def writable_data_dir() -> Path:
    """The folder in ATLAS_DATA_DIR; refuses an unset variable and the shipped sample."""
    env = files.DATA_DIR_ENV
    folder = settings.data_dir()
    if folder is None:
        raise UsageError(
            f"未设置 {env}：导入只会写入该变量指定的数据目录，不会改动程序自带的示例数据。"
            "请先复制示例数据目录，再设置该变量。"
        )
    if not folder.is_dir():
        raise UsageError(f"{env} 指向的目录不存在：{folder}")
    if folder.resolve() == files.SAMPLE_DIR.resolve():
        raise UsageError(f"{env} 指向程序自带的示例数据目录，不能在其中导入")
    return folder


def served_path(kind: str, data_dir: Path) -> Path:
    if kind == BOUNDARIES:
        return data_dir / "boundaries" / files.BOUNDARY_FILES["districts"]
    return data_dir / spec(kind).file_name


def fallback_path(kind: str) -> Path | None:
    """The file served when the data folder has none (shipped boundaries)."""
    return files.shipped_boundary_path("districts") if kind == BOUNDARIES else None
