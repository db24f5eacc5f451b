"""Domain reference tables: community types, base kinds and levels, cluster kinds,
the indicator catalogue and figures quoted from the program documents.

Each table lives once, as a CSV under ``data/reference/``; this module reads them through
``data/files.py``, which caches each until its file changes.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from data import files
from data.problems import DatasetError, Problem
from geo.program import PROGRAM_YEARS as PROGRAM_YEARS  # re-exported

REFERENCE_DIR = files.REFERENCE_DIR

SAMPLE_LABEL = "示例数据"
PROGRAM_TITLE = "创业社区建设三年行动（2022—2024年）"


def _table(name: str) -> pd.DataFrame:
    return files.reference_table(name)


def community_types() -> pd.DataFrame:
    """The 13 community types: code, name_zh, name_en, color, icon, purpose, source_title."""
    return _table("community_types").copy()


def base_kinds() -> pd.DataFrame:
    """Incubation-base kinds: code, name_zh, name_en, icon."""
    return _table("base_kinds").copy()


def base_levels() -> pd.DataFrame:
    """Incubation-base levels, ordered by rank: code, name_zh, name_en, rank, color."""
    levels = _table("base_levels").copy()
    levels["rank"] = levels["rank"].astype(int)
    return levels.sort_values("rank").reset_index(drop=True)


def entity_kinds() -> pd.DataFrame:
    """Kinds of registered market entities: code (individual/enterprise), name_zh, name_en."""
    return _table("entity_kinds").copy()


def cluster_kinds() -> pd.DataFrame:
    """Kinds in the 二核五轴五区 layout: code (core/axis/zone), name_zh, name_en."""
    return _table("cluster_kinds").copy()


def indicators() -> pd.DataFrame:
    """Indicator catalogue: code, name_zh, name_en, unit, direction, part_of, sum_of."""
    return _table("indicators").copy()


def program_figures() -> pd.DataFrame:
    """Figures stated in the program documents, each with source title and outlet."""
    figures = _table("program_figures").copy()
    figures["value"] = figures["value"].astype(int)
    return figures


def codes(table: str) -> list[str]:
    return list(_codes(table, files.reference_signature(table)))


@lru_cache(maxsize=files.REFERENCE_CACHE_ENTRIES)
def _codes(table: str, key: files.Signature) -> tuple[str, ...]:
    del key  # only the cache key: a changed file gives new codes
    return tuple(_table(table)["code"].tolist())


def _labels(table: str, lang: str) -> dict[str, str]:
    return _label_map(table, lang, files.reference_signature(table))


@lru_cache(maxsize=files.REFERENCE_CACHE_ENTRIES)
def _label_map(table: str, lang: str, key: files.Signature) -> dict[str, str]:
    del key  # only the cache key: a changed file gives a new map
    rows = _table(table)
    return dict(zip(rows["code"], rows[f"name_{lang}"], strict=True))


def label(table: str, code: str, lang: str = "zh") -> str:
    """Display name of ``code`` in a reference table; the code itself if unknown."""
    return _labels(table, lang).get(code, code)


def code_for(table: str, value: str) -> str | None:
    """Code for a code or a Chinese/English name (e.g. 托育服务 or 托育服务社区 → childcare)."""
    text = str(value).strip()
    rows = _table(table)
    for column in ("code", "name_zh", "name_en"):
        hit = rows.loc[rows[column].str.casefold() == text.casefold(), "code"]
        if len(hit):
            return hit.iloc[0]
    if text.endswith("社区"):
        return code_for(table, text[: -len("社区")])
    return None


def color_map(table: str) -> dict[str, str]:
    rows = _table(table)
    return dict(zip(rows["code"], rows["color"], strict=True))


def indicator_parts(total_code: str) -> list[str]:
    """Codes whose values must add up to ``total_code`` (empty when it has no breakdown)."""
    rows = _table("indicators")
    spec = rows.loc[rows["code"] == total_code, "sum_of"]
    return spec.iloc[0].split("+") if len(spec) and spec.iloc[0] else []


def district_population() -> pd.DataFrame:
    """Residents per district (adcode), with the table's source and a sample flag."""
    table = _table("district_population").copy()
    table["population"] = table["population"].astype(int)
    table["is_sample"] = table["is_sample"].str.lower() == "true"
    return table


MEETING_VIEWS_FILE = REFERENCE_DIR / "meeting_views.toml"


def meeting_views(path: Path = MEETING_VIEWS_FILE) -> list[dict[str, str]]:
    """The saved views of the meeting page, in order, as map URL parameters (strings);
    read again once the file changes.

    Raises DatasetError naming the file (and the view) when it cannot be read."""
    return _read_meeting_views(files.signature(path))


@lru_cache(maxsize=files.REFERENCE_CACHE_ENTRIES)
def _read_meeting_views(file_signature: files.Signature) -> list[dict[str, str]]:
    path = Path(file_signature[0])
    try:
        with path.open("rb") as handle:
            views = tomllib.load(handle).get("views", [])
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DatasetError([Problem(path.name, None, None, f"无法读取：{error}")]) from error
    if not isinstance(views, list) or not all(isinstance(v, dict) for v in views):
        raise DatasetError([Problem(path.name, None, None, "应为 [[views]] 表的列表")])
    return [{key: str(value) for key, value in view.items()} for view in views]
