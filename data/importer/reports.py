"""What a check, an apply or a restore found and did, summarised in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from data.importer.kinds import KIND_TITLES
from data.schema import Problem


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
    unchanged: bool = False  # the file is what is served already: nothing written
    failure: str | None = None  # why a valid file could not be written (a full disk)

    @property
    def ok(self) -> bool:
        return self.applied or self.unchanged

    @property
    def summary(self) -> str:
        if self.failure:
            return f"未导入：{self.failure}"
        if self.unchanged:
            title = KIND_TITLES[self.check.kind]
            return (
                f"未作改动：{self.check.file} 与当前的{title}数据相同，没有新版本，也没有审计记录。"
            )
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
    unchanged: bool = False  # the version is what is served already: nothing written
    failure: str | None = None

    @property
    def ok(self) -> bool:
        return self.restored is not None and self.failure is None

    @property
    def summary(self) -> str:
        title = KIND_TITLES[self.kind]
        if self.failure:
            return f"未恢复：{self.failure}"
        if not self.ok:
            return f"没有可恢复的{title}旧版本。"
        if self.unchanged:
            return f"未作改动：{self.restored.name} 与当前的{title}数据相同。"
        kept = f"；被替换的文件已保存为 {self.kept_version.name}" if self.kept_version else ""
        return f"已恢复{title}：{self.restored.name}{kept}。"


@dataclass(frozen=True)
class VersionInfo:
    """One kept version, as the versions listing shows it (newest first)."""

    id: str  # what ``restore KIND ID`` takes
    saved: str  # UTC time it was kept, ISO 8601
    bytes: int
    sha256: str  # in full, or its first 12 digits (the folder store's names)
    current: bool  # the same content as the served file

    @property
    def line(self) -> str:
        current = "  （与当前数据相同）" if self.current else ""
        return f"{self.id}  {self.saved}  {self.bytes:>12,} 字节  {self.sha256[:12]}{current}"


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
