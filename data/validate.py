"""Turn a raw table of text cells into a typed dataset, or list every problem in Chinese."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from functools import partial

import numpy as np
import pandas as pd
import pandera.pandas as pa

from data import reference
from data.schema import KINDS, DatasetError, Kind, Problem
from geo.program import FIRST_QUARTER, LAST_QUARTER

HEADER_ROWS = 1  # spreadsheet row of the first record = index + HEADER_ROWS + 1
LON_RANGE, LAT_RANGE = (73.0, 97.0), (34.0, 50.0)  # a generous box around Xinjiang
QUARTER_RE = re.compile(r"^(\d{4})\s*[Qq季]\s*([1-4])$")
SEPARATORS = re.compile(r"[,，\s_']")
UNIQUE_CHECK = "multiple_fields_uniqueness"  # pandera's name for a failed ``unique`` key
SUM_CHECK = "sum_of:"
MAX_INTEGER_DIGITS = 15  # what a spreadsheet keeps exactly; larger counts are typing errors
MAX_INTEGER = 10**MAX_INTEGER_DIGITS - 1


def normalize_number_text(series: pd.Series) -> pd.Series:
    """NFKC (full-width digits), then drop thousands separators and spaces."""
    return series.map(
        lambda s: SEPARATORS.sub("", unicodedata.normalize("NFKC", s)) if isinstance(s, str) else s
    )


def _parse_number(text: str) -> float:
    """A number cell's value: NaN when it is not a number (inf stays inf, checked later)."""
    try:
        return float(text)
    except ValueError:
        return math.nan


def suggestion(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.4)
    return f"，是否为“{close[0]}”？" if close else ""


class _Checker:
    def __init__(self, kind: Kind, raw: pd.DataFrame, file: str, row_numbers=None):
        self.kind, self.raw, self.file = kind, raw, file
        self.row_numbers = None if row_numbers is None else list(row_numbers)
        self.problems: list[Problem] = []

    def row_number(self, index) -> int:
        if self.row_numbers is not None:
            return self.row_numbers[int(index)]
        return int(index) + HEADER_ROWS + 1

    def add(self, index, column: str | None, message: str) -> None:
        row = None if index is None else self.row_number(index)
        self.problems.append(Problem(self.file, row, column, message))

    def text(self, column: str) -> pd.Series:
        values = self.raw[column].map(lambda s: s.strip() if isinstance(s, str) else s)
        values = values.replace("", pd.NA)
        if column not in self.kind.optional:
            for index in values[values.isna()].index:
                self.add(index, column, "不能为空")
        return values

    def number(self, column: str, integer: bool) -> pd.Series:
        text = normalize_number_text(self.text(column))
        lookup = {v: _parse_number(v) for v in text.dropna().unique()}  # once per value
        values = text.map(lambda v: lookup[v] if isinstance(v, str) else math.nan)
        values = values.astype(float)
        bad = text.notna() & values.isna()
        for index in bad[bad].index:
            self.add(index, column, f"“{self.raw.at[index, column]}”不是数字")
        endless = ~np.isfinite(values) & values.notna()
        for index in endless[endless].index:
            self.add(index, column, f"“{self.raw.at[index, column]}”不是有限的数字")
        too_large = np.isfinite(values) & (values.abs() > MAX_INTEGER) & integer
        for index in too_large[too_large].index:
            self.add(
                index,
                column,
                f"“{self.raw.at[index, column]}”超出整数的范围（最多 {MAX_INTEGER_DIGITS} 位）",
            )
        values = values.where(~(endless | too_large))  # reported: the rules skip them
        if integer:
            fractional = values.notna() & (values % 1 != 0)
            for index in fractional[fractional].index:
                self.add(index, column, f"“{self.raw.at[index, column]}”应为整数")
            return values.round().astype("Int64")
        return values.astype("Float64")

    def coded(self, column: str, table: str) -> pd.Series:
        text = self.text(column)
        lookup = {v: reference.code_for(table, v) for v in text.dropna().unique()}  # per value
        codes = text.map(lambda v: (lookup.get(v) or pd.NA) if isinstance(v, str) else pd.NA)
        names = (
            reference.community_types()["name_zh"].tolist() if table == "community_types" else []
        )
        choices = names or [reference.label(table, c) for c in reference.codes(table)]
        unknown = text.notna() & codes.isna()
        for index in unknown[unknown].index:
            value = text[index]
            self.add(index, column, f"未知取值“{value}”{suggestion(value, choices)}")
        return codes

    def district(self, districts: pd.DataFrame) -> pd.Series:
        lookup = {}
        for row in districts.itertuples():
            lookup.update(
                {row.adcode: row.adcode, row.name: row.adcode, row.short_name: row.adcode}
            )
        text = self.text("district")
        codes = text.map(lambda v: lookup.get(v, pd.NA) if isinstance(v, str) else pd.NA)
        unknown = text.notna() & codes.isna()
        for index in unknown[unknown].index:
            value = text[index]
            hint = suggestion(value, districts["name"].tolist())
            self.add(index, "district", f"未知区县“{value}”{hint}")
        return codes


def parse_table(
    kind_name: str,
    raw: pd.DataFrame,
    file: str,
    districts: pd.DataFrame,
    row_numbers: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Validate ``raw`` (all cells text) for ``kind_name`` and return the typed dataset.

    ``districts`` has columns adcode, name, short_name; districts may be given by any of them.
    ``row_numbers`` gives each record's spreadsheet row when the table did not start right
    under a one-row header (title rows, two-row headers, skipped blank rows).
    Raises DatasetError listing every problem.
    """
    kind = KINDS[kind_name]
    check = _Checker(kind, raw.reset_index(drop=True), file, row_numbers)
    missing = [c for c in kind.columns if c not in raw.columns and c not in kind.optional]
    if missing:
        for column in missing:
            check.add(None, column, "缺少此列")
        raise DatasetError(check.problems)
    if raw.empty:
        raise DatasetError([Problem(file, None, None, "文件中没有数据行")])
    for column in kind.optional:
        if column not in raw.columns:
            check.raw[column] = pd.NA

    out = pd.DataFrame(index=check.raw.index)
    for column in kind.columns:
        if column in kind.integer_columns or column in kind.float_columns:
            out[column] = check.number(column, integer=column in kind.integer_columns)
        elif column in kind.coded_columns:
            out[column] = check.coded(column, kind.coded_columns[column])
        elif column == "district":
            out[column] = check.district(districts)
        else:
            out[column] = check.text(column)

    _normalize_quarters(check, out)
    _check_schema(check, out)
    if check.problems:
        raise DatasetError(sorted(check.problems, key=lambda p: (p.row or 0, p.column or "")))
    return out


def _normalize_quarters(check: _Checker, out: pd.DataFrame) -> None:
    if "quarter" not in out:
        return
    normalized = out["quarter"].map(_normalize_quarter)
    bad = out["quarter"].notna() & normalized.isna()
    for index in bad[bad].index:
        check.add(index, "quarter", f"“{out.at[index, 'quarter']}”不是 2023Q2 这样的季度")
    out["quarter"] = normalized


def _normalize_quarter(value) -> str | None:
    if not isinstance(value, str):
        return None
    match = QUARTER_RE.match(unicodedata.normalize("NFKC", value).strip())
    return f"{match.group(1)}Q{match.group(2)}" if match else None


def _year_range(kind: Kind) -> tuple[int, int]:
    return (2000, 2100) if kind.name != "targets" else reference.PROGRAM_YEARS[::2]


def _sum_parts(total: str, columns) -> list[str]:
    return [part for part in reference.indicator_parts(total) if part in columns]


def _adds_up(total: str, frame: pd.DataFrame) -> pd.Series:
    parts = _sum_parts(total, frame.columns)
    summed = frame[parts].sum(axis=1, min_count=len(parts))
    return ~(summed.notna() & frame[total].notna() & (summed != frame[total]))


def dataset_schema(kind: Kind) -> pa.DataFrameSchema:
    """The rules a typed dataset follows: no negative counts, years and quarters in range,
    coordinates in Xinjiang, a unique key and totals equal to their parts.

    Empty and unreadable cells are reported while parsing, so every rule skips them.
    """
    columns = {
        column: pa.Column(checks=pa.Check.ge(0), nullable=True)
        for column in kind.integer_columns + kind.float_columns
        if column not in ("year", "lon", "lat")
    }
    if "year" in kind.columns:
        columns["year"] = pa.Column(checks=pa.Check.in_range(*_year_range(kind)), nullable=True)
    if "quarter" in kind.columns:
        quarters = pa.Check.in_range(FIRST_QUARTER, LAST_QUARTER)
        columns["quarter"] = pa.Column(checks=quarters, nullable=True)
    if "lon" in kind.columns:
        columns["lon"] = pa.Column(checks=pa.Check.in_range(*LON_RANGE), nullable=True)
        columns["lat"] = pa.Column(checks=pa.Check.in_range(*LAT_RANGE), nullable=True)
    totals = [
        pa.Check(partial(_adds_up, total), name=SUM_CHECK + total, ignore_na=False)
        for total in kind.integer_columns + kind.float_columns
        if _sum_parts(total, kind.columns)
    ]
    return pa.DataFrameSchema(
        columns, checks=totals, unique=list(kind.key), report_duplicates="exclude_first"
    )


def _check_schema(check: _Checker, out: pd.DataFrame) -> None:
    """Validate ``out`` against ``dataset_schema`` at once (lazy) and word each failure."""
    try:
        dataset_schema(check.kind).validate(out, lazy=True)
    except pa.errors.SchemaErrors as errors:
        failures = errors.failure_cases
    else:
        return
    failed: dict[str, set[int]] = {}
    for column, name, index in failures[["column", "check", "index"]].itertuples(index=False):
        rule = name if name == UNIQUE_CHECK or name.startswith(SUM_CHECK) else column
        failed.setdefault(rule, set()).add(int(index))
    _range_problems(check, out, failed)
    _duplicate_problems(check, out, failed.get(UNIQUE_CHECK, set()))
    for rule, rows in failed.items():
        if rule.startswith(SUM_CHECK):
            _total_problems(check, out, rule.removeprefix(SUM_CHECK), rows)


def _range_problems(check: _Checker, out: pd.DataFrame, failed: dict[str, set[int]]) -> None:
    kind = check.kind
    for column in kind.integer_columns + kind.float_columns:
        if column not in ("year", "lon", "lat"):
            for index in sorted(failed.get(column, ())):
                check.add(index, column, "不能为负数")
    low, high = _year_range(kind)
    for index in sorted(failed.get("year", ())):
        check.add(index, "year", f"年份 {out.at[index, 'year']} 不在 {low}—{high} 之间")
    for index in sorted(failed.get("quarter", ())):
        quarter = out.at[index, "quarter"]
        check.add(index, "quarter", f"季度 {quarter} 超出 {FIRST_QUARTER}—{LAST_QUARTER}")
    bad_lon, bad_lat = failed.get("lon", set()), failed.get("lat", set())
    swapped = {
        index
        for index in bad_lon & bad_lat
        if LON_RANGE[0] <= out.at[index, "lat"] <= LON_RANGE[1]
        and LAT_RANGE[0] <= out.at[index, "lon"] <= LAT_RANGE[1]
    }
    for index in sorted(swapped):
        check.add(index, "lon", "经度和纬度似乎填反了（经度约 87，纬度约 43）")
    for column, bad in (("lon", bad_lon), ("lat", bad_lat)):
        for index in sorted(bad - swapped):
            check.add(index, column, f"坐标 {out.at[index, column]} 不在新疆范围内")


def _duplicate_problems(check: _Checker, out: pd.DataFrame, duplicated: set[int]) -> None:
    key = list(check.kind.key)
    keyed = out[key].dropna()
    first_row = keyed.reset_index().groupby(key, dropna=True)["index"].transform("min")
    first_row.index = keyed.index
    for index in sorted(duplicated & set(keyed.index)):
        shown = "、".join(str(out.at[index, c]) for c in key)
        check.add(
            index,
            key[0],
            f"重复的记录（{shown}），与第 {check.row_number(first_row[index])} 行相同",
        )


def _total_problems(check: _Checker, out: pd.DataFrame, total: str, rows: set[int]) -> None:
    parts = _sum_parts(total, out.columns)
    summed = out[parts].sum(axis=1, min_count=len(parts))
    names = "、".join(reference.label("indicators", p) for p in parts)
    for index in sorted(rows):
        check.add(
            index,
            total,
            f"合计 {out.at[index, total]} 与分项（{names}）之和 {summed[index]} 不一致",
        )
