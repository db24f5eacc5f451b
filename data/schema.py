"""Schema of every dataset kind: file name, columns, number columns and coded columns.

The sample CSVs and the importer share these columns, so an edited sample loads back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data import reference

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
    return reference.label("indicators", column)


@dataclass(frozen=True)
class Kind:
    """One dataset kind and the rules its file follows."""

    name: str
    title: str
    columns: tuple[str, ...]
    integer_columns: tuple[str, ...] = ()
    float_columns: tuple[str, ...] = ()
    coded_columns: dict[str, str] = field(default_factory=dict)  # column -> reference table
    optional: tuple[str, ...] = ()
    key: tuple[str, ...] = ("id",)
    suffix: str = "csv"

    @property
    def file_name(self) -> str:
        return f"{self.name}.{self.suffix}"


INDICATOR_CODES = tuple(reference.codes("indicators"))
MONEY_INDICATORS = ("startup_loans",)
COUNT_INDICATORS = tuple(c for c in INDICATOR_CODES if c not in MONEY_INDICATORS)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "communities",
            "创业社区",
            (
                "id",
                "name",
                "district",
                "street",
                "type",
                "year",
                "lon",
                "lat",
                "new_entities",
                "jobs_created",
                "trained_total",
                "source",
            ),
            integer_columns=("year", "new_entities", "jobs_created", "trained_total"),
            float_columns=("lon", "lat"),
            coded_columns={"type": "community_types"},
            optional=("street", "source"),
        ),
        Kind(
            "bases",
            "孵化基地",
            (
                "id",
                "name",
                "kind",
                "level",
                "district",
                "address",
                "year",
                "lon",
                "lat",
                "firms",
                "jobs_created",
                "source",
            ),
            integer_columns=("year", "firms", "jobs_created"),
            float_columns=("lon", "lat"),
            coded_columns={"kind": "base_kinds", "level": "base_levels"},
            optional=("address", "source"),
        ),
        Kind(
            "clusters",
            "中小微企业集聚布局",
            ("id", "name", "kind", "members", "description", "source"),
            coded_columns={"kind": "cluster_kinds"},
            optional=("description", "source"),
        ),
        Kind(
            "indicators",
            "季度指标",
            ("district", "community_type", "quarter", *INDICATOR_CODES),
            integer_columns=COUNT_INDICATORS,
            float_columns=MONEY_INDICATORS,
            coded_columns={"community_type": "community_types"},
            key=("district", "community_type", "quarter"),
        ),
        Kind(
            "targets",
            "年度目标",
            ("district", "year", *INDICATOR_CODES),
            integer_columns=("year", *COUNT_INDICATORS),
            float_columns=MONEY_INDICATORS,
            key=("district", "year"),
        ),
    )
}


# Large point datasets: optional, served as Parquet, loaded apart from the bundle above and
# only ever shown aggregated (geo.density). Validated by data.entities, not validate.py.
ENTITIES = Kind(
    "entities",
    "市场主体点位",
    ("id", "kind", "lon", "lat", "district"),
    float_columns=("lon", "lat"),
    coded_columns={"kind": "entity_kinds"},
    optional=("district",),
    suffix="parquet",
)
POINT_KINDS: dict[str, Kind] = {ENTITIES.name: ENTITIES}


def spec(name: str) -> Kind:
    """The Kind called ``name``, tabular (KINDS) or point (POINT_KINDS)."""
    return KINDS[name] if name in KINDS else POINT_KINDS[name]


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
