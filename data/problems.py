"""A validation problem as a spreadsheet user finds it: file, row, column (in Chinese), message.

Column headers come from ``COLUMN_LABELS`` and the indicator catalogue, read through
``data.files`` so that every other ``data`` module can report problems.
"""

from __future__ import annotations

from dataclasses import dataclass

from data import files

COLUMN_LABELS = {
    "id": "编号",
    "name": "名称",
    "district": "所属区县",
    "street": "街道（乡镇）",
    "type": "社区类型",
    "community_type": "社区类型",
    "year": "年份",
    "lon": "经度",
    "lat": "纬度",
    "kind": "类别",
    "level": "级别",
    "address": "地址",
    "firms": "入驻企业数",
    "members": "成员地州",
    "description": "说明",
    "quarter": "季度",
    "source": "来源",
}


def column_label(column: str) -> str:
    """Chinese header for a column code."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    indicators = files.reference_table("indicators")
    name = indicators.loc[indicators["code"] == column, "name_zh"]
    return name.iloc[0] if len(name) else column


@dataclass(frozen=True)
class Problem:
    """One validation failure, addressed the way a spreadsheet user finds it."""

    file: str
    row: int | None  # spreadsheet row (the header is row 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(f"“{column_label(self.column)}”列")
        return "，".join(where) + "：" + self.message


class DatasetError(ValueError):
    """A dataset failed validation; ``problems`` lists every failure at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
