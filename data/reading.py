"""Read an office's CSV or XLSX into a table of text cells whose columns are column codes.

Everything is read as text, so ids such as 007 keep their zeros; validate.parse_table
types the cells later. Handled here:

- encodings: a BOM first, then strict UTF-8, then GB18030 (a superset of GBK), never
  with replacement characters; a file mixing UTF-8 and GBK lines is refused by line;
- a title row above the header, a merged two-row header, fully empty rows and columns
  and 合计/小计 rows;
- Chinese and English header names (``ALIASES``, the schema labels and the indicator names);
- limits on file size, unzipped XLSX size and parse time.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TypeVar

import pandas as pd

from data import reference
from data.schema import COLUMN_LABELS, DatasetError, Problem, spec

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 2
EXCEL_EXACT_DIGITS = 15

# Header text (normalised by ``header_key``) -> column codes, most likely first; a kind
# takes the first code it has. Schema labels, indicator names and the codes are added below.
ALIASES: dict[str, tuple[str, ...]] = {
    "编号": ("id",),
    "代码": ("id",),
    "id": ("id",),
    "社区编号": ("id",),
    "基地编号": ("id",),
    "名称": ("name",),
    "社区名称": ("name",),
    "基地名称": ("name",),
    "集聚区名称": ("name",),
    "所属区县": ("district",),
    "所在区县": ("district",),
    "区县": ("district",),
    "区(县)": ("district",),
    "所属区": ("district",),
    "行政区": ("district",),
    "街道": ("street",),
    "街道(乡镇)": ("street",),
    "街道、乡镇": ("street",),
    "乡镇": ("street",),
    "乡镇(街道)": ("street",),
    "所属街道": ("street",),
    "社区类型": ("type", "community_type"),
    "类型": ("type", "community_type", "kind"),
    "基地类别": ("kind",),
    "基地类型": ("kind",),
    "类别": ("kind",),
    "主体类别": ("kind",),
    "主体类型": ("kind",),
    "市场主体类型": ("kind",),
    "统一社会信用代码": ("id",),
    "注册号": ("id",),
    "主体编号": ("id",),
    "级别": ("level",),
    "基地级别": ("level",),
    "认定级别": ("level",),
    "经度": ("lon",),
    "lon": ("lon",),
    "lng": ("lon",),
    "longitude": ("lon",),
    "纬度": ("lat",),
    "lat": ("lat",),
    "latitude": ("lat",),
    "年份": ("year",),
    "认定年份": ("year",),
    "年度": ("year",),
    "季度": ("quarter",),
    "统计季度": ("quarter",),
    "地址": ("address",),
    "详细地址": ("address",),
    "入驻企业数": ("firms",),
    "入驻企业": ("firms",),
    "成员地州": ("members",),
    "成员": ("members",),
    "说明": ("description",),
    "简介": ("description",),
    "来源": ("source",),
    "数据来源": ("source",),
}
# Used only when no other header names the column: 序号 is often just a running number.
FALLBACK_ALIASES: dict[str, tuple[str, ...]] = {"序号": ("id",)}

TOTAL_ROW = re.compile(r"^(全市|全区|全县)?(合计|总计|小计)")
TOTAL_SUFFIX = re.compile(r"(合计|小计|总计|总数)$")
SUB_PREFIX = re.compile(r"^其中[:：]?")
UNIT_SUFFIX = re.compile(r"\([^()]*\)$")
NUMBER_LIKE = re.compile(r"^[-+]?\d[\d,.]*%?$")
UNIT_WRAP = re.compile(r"^(单位[:：])?\(?|\)?$")
UNITS = {*reference.indicators()["unit"], "个", "家", "元", "年", "度", "°"}
BOM_ENCODINGS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8（带 BOM）"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)
XLSX_MAGIC, XLS_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"

T = TypeVar("T")


def header_key(text: str) -> str:
    """Header text as compared with aliases: NFKC, no spaces, case-folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def _alias_entries() -> list[tuple[str, tuple[str, ...]]]:
    """Every accepted header text with its codes, as written (not normalised)."""
    entries = list(ALIASES.items())
    for code, label in COLUMN_LABELS.items():
        entries += [(code, (code,)), (label, (code,))]
    for row in reference.indicators().itertuples():
        entries += [(row.code, (row.code,)), (row.name_zh, (row.code,)), (row.name_en, (row.code,))]
    return entries


def _alias_table() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for alias, codes in _alias_entries():
        bucket = table.setdefault(header_key(alias), [])
        bucket.extend(c for c in codes if c not in bucket)
    return {alias: tuple(codes) for alias, codes in table.items()}


_ALIAS_TABLE = _alias_table()


def _lookup(key: str, columns: tuple[str, ...], table: dict[str, tuple[str, ...]]) -> str | None:
    for code in table.get(key, ()):
        if code in columns:
            return code
    return None


def resolve_header(text: str, kind: str, fallback: bool = False) -> str | None:
    """Column code of header ``text`` for ``kind``, or None when it is not known.

    Tolerates a unit in brackets (带动就业（人）), a leading ``*`` or 其中：, and a
    trailing 合计/小计 (培训人数合计 → trained_total).
    """
    columns = spec(kind).columns
    table = FALLBACK_ALIASES if fallback else _ALIAS_TABLE
    key = header_key(text).lstrip("*※").rstrip(":：")
    key = SUB_PREFIX.sub("", key)
    for candidate in (key, UNIT_SUFFIX.sub("", key)):
        for variant in (candidate, TOTAL_SUFFIX.sub("", candidate)):
            if variant and (code := _lookup(variant, columns, table)):
                return code
    return None


def header_names(kind: str) -> dict[str, list[str]]:
    """Accepted header names per column code of ``kind``, as written (for help texts)."""
    names: dict[str, list[str]] = {code: [] for code in spec(kind).columns}
    seen = set()
    for alias, _ in _alias_entries():
        code = _lookup(header_key(alias), spec(kind).columns, _ALIAS_TABLE)
        if code and header_key(alias) not in seen:
            seen.add(header_key(alias))
            names[code].append(alias)
    return names


@dataclass
class Table:
    """A read table: text cells under column codes, and where each record sits."""

    frame: pd.DataFrame  # all cells str; columns are codes of the kind
    row_numbers: list[int]  # spreadsheet row of each record (1-based)
    header_rows: list[int]
    notes: list[str] = field(default_factory=list)
    total_rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    description: str = ""  # encoding or sheet, for the summary


def _fail(file: str, message: str) -> DatasetError:
    return DatasetError([Problem(file, None, None, message)])


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_size(size: int, file: str, limit: int | None = None) -> None:
    """Refuse an empty file or one over ``limit`` bytes (default MAX_FILE_BYTES), in MB."""
    limit = MAX_FILE_BYTES if limit is None else limit
    if size == 0:
        raise _fail(file, "文件为空")
    if size > limit:
        raise _fail(
            file,
            f"文件大小 {size / 1024 / 1024:.1f} MB，超过上限 {_megabytes(limit)}，请拆分后分别导入",
        )


def decode_text(data: bytes, file: str) -> tuple[str, str]:
    """Text and a Chinese name of its encoding: BOM, then strict UTF-8, then GB18030.

    A file whose lines mix UTF-8 and GBK (rows pasted from another file) is refused,
    naming its first line in the other encoding: decoded whole, one half would be garbled.
    """
    for bom, codec, name in BOM_ENCODINGS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError:
                if codec == "utf-8-sig":
                    _refuse_mixed(data[len(bom) :], file)
                raise _fail(file, f"文件以 {name} 标记开头，但内容不是有效的 {name} 文本") from None
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        _refuse_mixed(data, file)
    try:
        return data.decode("gb18030"), "GB18030/GBK"
    except UnicodeDecodeError:
        pass
    raise _fail(
        file, "无法识别文件编码（不是 UTF-8、GBK 或 GB18030），请在 Excel 中另存为“CSV UTF-8”"
    )


def _line_encoding(line: bytes) -> str | None:
    """UTF-8 for a line of valid UTF-8 with Chinese (or other 3-byte) characters, GBK for
    one that is GBK but not UTF-8, None when the line cannot tell (ASCII, or valid UTF-8 with only
    2-byte characters, which a short GBK text can also be)."""
    if line.isascii():
        return None
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        try:
            line.decode("gbk")
        except UnicodeDecodeError:
            return None  # neither: the file's decoding reports it as undecodable
        return "GBK"
    return "UTF-8" if any(ord(c) >= 0x800 for c in text) else None


def _refuse_mixed(data: bytes, file: str) -> None:
    """DatasetError naming the first line whose encoding differs from the lines above it."""
    first: tuple[int, str] | None = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        encoding = _line_encoding(line)
        if encoding is None:
            continue
        if first is None:
            first = (number, encoding)
        elif encoding != first[1]:
            message = (
                f"文件混用了两种编码：第 {first[0]} 行是 {first[1]}，第 {number} 行却是 "
                f"{encoding}（可能是从另一个文件复制来的）。请把整个文件统一保存为一种编码"
                "（建议在 Excel 中另存为“CSV UTF-8”）后再导入"
            )
            raise DatasetError([Problem(file, number, None, message)])


def _delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:HEADER_SEARCH_ROWS] if line.strip()]
    sample = "\n".join(lines)
    counts = {d: sample.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_grid(text: str, file: str) -> list[list[str]]:
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text))]
    except csv.Error as error:
        raise _fail(file, f"无法按 CSV 读取：{error}") from None


def check_xlsx_size(data: bytes, file: str) -> None:
    """Refuse an XLSX whose parts unzip to more than MAX_UNZIPPED_BYTES, before parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise _fail(file, "不是有效的 xlsx 文件（文件已损坏或不是 Excel 工作簿）") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _fail(
            file,
            f"xlsx 解压后为 {_megabytes(unzipped)}，超过上限 {_megabytes(MAX_UNZIPPED_BYTES)}；"
            "请删去多余的工作表和格式，或另存为 CSV 后导入",
        )


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_grid(data: bytes, file: str, sheet: str | None) -> tuple[list[list[str]], str, list[str]]:
    """Cells of one worksheet as text, merged ranges filled with their top-left value."""
    import openpyxl

    check_xlsx_size(data, file)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:
        raise _fail(file, f"无法读取 xlsx 文件：{error}") from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            names = "、".join(f"“{n}”" for n in book.sheetnames)
            raise _fail(file, f"没有名为“{sheet}”的工作表；工作表有：{names}")
        grid = [list(row) for row in worksheet.iter_rows(values_only=True)]
        for merged in worksheet.merged_cells.ranges:
            value = grid[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, merged.max_row):
                for c in range(merged.min_col - 1, merged.max_col):
                    grid[r][c] = value
        notes = []
        for r, row in enumerate(grid, start=1):
            for c, value in enumerate(row, start=1):
                long_number = isinstance(value, int | float) and not isinstance(value, bool)
                if long_number and abs(value) >= 10**EXCEL_EXACT_DIGITS:
                    notes.append(
                        f"第 {r} 行第 {c} 列是超过 {EXCEL_EXACT_DIGITS} 位的数字，Excel 只保留 "
                        f"{EXCEL_EXACT_DIGITS} 位有效数字；编号类的列请设为文本格式后重新填写"
                    )
        text = [[_cell_text(v) for v in row] for row in grid]
        return text, f"工作表“{worksheet.title}”", notes
    finally:
        book.close()


def file_grid(data: bytes, file: str, sheet: str | None) -> tuple[list[list[str]], str, list[str]]:
    """Cells of a CSV or XLSX file as text rows, a description and notes."""
    check_size(len(data), file)
    if data.startswith(XLS_MAGIC):
        raise _fail(file, "不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV")
    if data.startswith(XLSX_MAGIC):
        return xlsx_grid(data, file, sheet)
    if sheet is not None:
        raise _fail(file, "CSV 文件没有工作表，不能指定工作表")
    text, encoding = decode_text(data, file)
    return csv_grid(text, file), f"CSV，编码 {encoding}", []


def _clean(grid: list[list[str]]) -> tuple[list[list[str]], list[int]]:
    """Drop fully empty rows and columns; return rows and their 1-based spreadsheet rows."""
    rows = [[unicodedata.normalize("NFC", c).strip() for c in row] for row in grid]
    kept = [(number, row) for number, row in enumerate(rows, start=1) if any(row)]
    width = max((len(row) for _, row in kept), default=0)
    padded = [row + [""] * (width - len(row)) for _, row in kept]
    used = [c for c in range(width) if any(row[c] for row in padded)]
    return [[row[c] for c in used] for row in padded], [number for number, _ in kept]


def _is_number(text: str) -> bool:
    return bool(NUMBER_LIKE.match(unicodedata.normalize("NFKC", text).replace(" ", "")))


def _find_header(rows: list[list[str]], kind: str) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(resolve_header(c, kind) is not None for c in row if c) >= MIN_HEADER_MATCHES:
            return index
    return None


def _is_sub_header(top: list[str], below: list[str], kind: str) -> bool:
    """True when ``below`` names sub-columns of ``top`` (a merged two-row header)."""
    if any(_is_number(c) for c in below if c):
        return False
    return any(c and c != t and resolve_header(c, kind) for t, c in zip(top, below, strict=True))


def _is_unit_row(row: list[str]) -> bool:
    """A row under the header that only gives units, such as （户） 人 万元."""
    cells = [UNIT_WRAP.sub("", header_key(c)) for c in row if c]
    return bool(cells) and all(c in UNITS for c in cells)


def _combined_labels(top: list[str], below: list[str]) -> list[tuple[str, str]]:
    """(upper, lower) label of each column, the upper one carried right across a merge."""
    labels, carried = [], ""
    for t, b in zip(top, below, strict=True):
        carried = t or (carried if b else "")
        labels.append((carried, b if b != carried else ""))
    return labels


def _column_code(upper: str, lower: str, kind: str) -> str | None:
    """The most specific known name: the sub-column, then both joined, then the upper one."""
    if not lower:
        return resolve_header(upper, kind) if upper else None
    code = resolve_header(lower, kind) or resolve_header(upper + lower, kind)
    if code is None and TOTAL_SUFFIX.search(header_key(lower)):
        code = resolve_header(upper, kind)
    return code


def _label(upper: str, lower: str) -> str:
    return f"{upper}/{lower}" if upper and lower else upper or lower


def grid_to_table(grid: list[list[str]], kind: str, file: str, description: str = "") -> Table:
    """Find the header, name the columns by code and keep every record's spreadsheet row."""
    rows, numbers = _clean(grid)
    if not rows:
        raise _fail(file, "文件中没有任何内容")
    start = _find_header(rows, kind)
    if start is None:
        examples = "、".join(COLUMN_LABELS.get(c) or c for c in spec(kind).columns[:3])
        raise _fail(
            file,
            f"前 {HEADER_SEARCH_ROWS} 行中找不到表头：表头应至少包含两个已知列名，如 {examples}",
        )
    top = rows[start]
    below = rows[start + 1] if start + 1 < len(rows) else [""] * len(top)
    two_rows = _is_sub_header(top, below, kind)
    labels = _combined_labels(top, below) if two_rows else [(t, "") for t in top]
    header_rows = [numbers[start]] + ([numbers[start + 1]] if two_rows else [])
    notes = []
    if numbers[start] != 1 or two_rows:
        shown = "—".join(str(n) for n in header_rows)
        notes.append(f"表头位于第 {shown} 行")
    body_start = start + len(header_rows)
    if body_start < len(rows) and _is_unit_row(rows[body_start]):
        notes.append(f"第 {numbers[body_start]} 行为单位行，已忽略")
        body_start += 1

    codes: dict[int, str] = {}
    seen: dict[str, str] = {}
    problems = []
    unknown = []
    for position, (upper, lower) in enumerate(labels):
        code = _column_code(upper, lower, kind)
        label = _label(upper, lower)
        if code is None:
            if label:
                unknown.append((position, label))
            continue
        if code in seen:
            problems.append(
                Problem(
                    file,
                    None,
                    code,
                    f"“{seen[code]}”和“{label}”两列都对应此列，请只保留一列",
                )
            )
            continue
        seen[code] = label
        codes[position] = code
    for position, label in list(unknown):
        code = resolve_header(label, kind, fallback=True)
        if code and code not in seen:
            seen[code] = label
            codes[position] = code
            unknown.remove((position, label))
    if problems:
        raise DatasetError(problems)
    if unknown:
        notes.append("以下列未识别，已忽略：" + "、".join(f"“{label}”" for _, label in unknown))

    records, record_rows, totals = [], [], []
    for row, number in zip(rows[body_start:], numbers[body_start:], strict=True):
        values = {code: row[position] for position, code in codes.items()}
        first_cells = [c for c in row if c][:3]
        if any(TOTAL_ROW.match(header_key(c)) for c in first_cells):
            totals.append((number, values))
            notes.append(f"第 {number} 行为合计行，已忽略")
            continue
        if not any(values.values()):
            continue
        records.append(values)
        record_rows.append(number)
    frame = pd.DataFrame(records, columns=list(codes.values()), dtype=str)
    return Table(frame, record_rows, header_rows, notes, totals, description)


def read_table(kind: str, data: bytes, file: str, sheet: str | None = None) -> Table:
    """Read CSV or XLSX bytes for ``kind``; raises DatasetError (in Chinese) when unreadable."""
    grid, description, notes = file_grid(data, file, sheet)
    table = grid_to_table(grid, kind, file, description)
    table.notes[:0] = notes
    return table
