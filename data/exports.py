"""Downloads that are safe to open in Excel, and blank import templates.

A text cell starting with = + - @ tab or carriage return would run as a formula in Excel,
so it gets a leading single quote. CSV is UTF-8 with a BOM so Excel shows Chinese.
"""

from __future__ import annotations

import io

import pandas as pd

from data import files, reference
from data.reading import header_names
from data.schema import KINDS, column_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
DEFAULT_SHEET = "数据"
GUIDE_SHEET = "填写说明"
TEMPLATE_FORMATS = ("csv", "xlsx")
MIN_WIDTH, MAX_WIDTH = 8, 40


def neutralize(value):
    """``value`` with a leading ``'`` when Excel would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame, labels: bool = True) -> pd.DataFrame:
    """A copy with Chinese headers (when ``labels``), formula-like text neutralised and
    missing values as None."""
    columns = {
        position: pd.Series(
            [None if _missing(v) else neutralize(v) for v in df.iloc[:, position]], dtype=object
        )
        for position in range(df.shape[1])
    }
    out = pd.DataFrame(columns, index=range(len(df)))
    headers = [column_label(str(c)) if labels else str(c) for c in df.columns]
    out.columns = [neutralize(h) for h in headers]
    return out


def _missing(value) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def to_csv_bytes(df: pd.DataFrame, labels: bool = True) -> bytes:
    """CSV in UTF-8 with BOM, Chinese headers, formula-safe cells.

    Lines end in CRLF, so that a cell holding a bare CR is quoted and cannot split a row.
    """
    text = safe_frame(df, labels).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _width(values) -> int:
    longest = max((len(str(v)) for v in values if v is not None), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, 2 * longest + 2))


def _write_sheet(
    writer: pd.ExcelWriter,
    df: pd.DataFrame,
    sheet_name: str,
    labels: bool,
    text_columns: tuple[str, ...],
) -> None:
    frame = safe_frame(df, labels)
    frame.to_excel(writer, sheet_name=sheet_name, index=False)
    sheet = writer.sheets[sheet_name]
    text = writer.book.add_format({"num_format": "@"})
    for position, code in enumerate(df.columns):
        width = _width([frame.columns[position], *frame.iloc[:, position]])
        sheet.set_column(position, position, width, text if code in text_columns else None)
    sheet.freeze_panes(1, 0)


def _xlsx(sheets: list[tuple[pd.DataFrame, str, bool, tuple[str, ...]]]) -> bytes:
    buffer = io.BytesIO()
    options = {"options": XLSX_OPTIONS}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs=options) as writer:
        for df, sheet_name, labels, text_columns in sheets:
            _write_sheet(writer, df, sheet_name, labels, text_columns)
    return buffer.getvalue()


def to_xlsx_bytes(
    df: pd.DataFrame,
    labels: bool = True,
    sheet_name: str = DEFAULT_SHEET,
    text_columns: tuple[str, ...] = (),
) -> bytes:
    """XLSX with Chinese headers; no cell can become a formula or a link.

    ``text_columns`` (codes) are formatted as text, so that 007 typed later keeps its zeros.
    """
    return _xlsx([(df, sheet_name, labels, text_columns)])


def _example_row(kind: str) -> pd.DataFrame:
    """The first record of the shipped sample, numbers as numbers."""
    spec = KINDS[kind]
    row = files.read_dataset_text(files.SAMPLE_DIR / spec.file_name).iloc[:1]
    row = row[list(spec.columns)].astype(object)
    for column in spec.integer_columns + spec.float_columns:
        row[column] = pd.to_numeric(row[column]).astype(object)
    return row


def _guide(kind: str) -> pd.DataFrame:
    """One line per column: required or not, and what may be filled in."""
    spec = KINDS[kind]
    names = header_names(kind)
    rows = []
    for column in spec.columns:
        if column in spec.coded_columns:
            table = spec.coded_columns[column]
            allowed = "、".join(reference.label(table, c) for c in reference.codes(table))
        elif column == "district":
            allowed = "区县名称，如 天山区、沙依巴克区、乌鲁木齐县"
        elif column in ("lon", "lat"):
            allowed = "十进制度数；导入时须说明坐标系：WGS-84、GCJ-02（高德、腾讯）或 BD-09（百度）"
        elif column == "quarter":
            allowed = "如 2023Q2"
        elif column in spec.integer_columns:
            allowed = "整数"
        elif column in spec.float_columns:
            allowed = "数字"
        else:
            allowed = "文字"
        parts = reference.indicator_parts(column)
        if parts:
            allowed += "，应等于" + "＋".join(column_label(p) for p in parts)
        rows.append(
            {
                "列名": column_label(column),
                "必填": "否" if column in spec.optional else "是",
                "填写内容": allowed,
                "也可用的列名": "、".join(n for n in names[column] if n != column_label(column)),
            }
        )
    return pd.DataFrame(rows)


def template_bytes(kind: str, fmt: str = "xlsx") -> bytes:
    """A blank template for ``kind``: Chinese headers and one example row from the sample.

    The XLSX template formats text columns as text and adds a 填写说明 sheet.
    """
    if kind not in KINDS:
        raise ValueError(f"no template for {kind!r}; expected one of {', '.join(KINDS)}")
    if fmt not in TEMPLATE_FORMATS:
        raise ValueError(f"unknown template format {fmt!r}; expected csv or xlsx")
    example = _example_row(kind)
    if fmt == "csv":
        return to_csv_bytes(example)
    spec = KINDS[kind]
    numeric = spec.integer_columns + spec.float_columns
    text_columns = tuple(c for c in spec.columns if c not in numeric)
    # The data sheet comes first: the importer reads the first sheet.
    return _xlsx(
        [(example, DEFAULT_SHEET, True, text_columns), (_guide(kind), GUIDE_SHEET, False, ())]
    )


def template_file_name(kind: str, fmt: str = "xlsx") -> str:
    return f"{KINDS[kind].title}导入模板.{fmt}"
