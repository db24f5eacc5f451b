"""Schema of every dataset kind: file name, columns, number columns and coded columns.

The sample CSVs and the importer share these columns, so an edited sample loads back.
Problems found against it are reported with ``data.problems`` (re-exported here).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data import reference
from data.problems import COLUMN_LABELS as COLUMN_LABELS
from data.problems import DatasetError as DatasetError
from data.problems import Problem as Problem
from data.problems import column_label as column_label


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
