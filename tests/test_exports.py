"""Downloads: formula-safe CSV and XLSX with Chinese headers, and import templates."""

import csv
import io

import openpyxl
import pandas as pd
import pytest

from data import exports, importer
from data.schema import KINDS, column_label

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR", '=HYPERLINK("http://x")']


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "name": [*DANGEROUS, "幸福社区", None],
            "jobs_created": pd.array([1, -2, 3, 4, 5, 6, 7, 8, None], dtype="Int64"),
        }
    )


def test_csv_is_utf8_with_bom_chinese_headers_and_no_formulas(frame):
    data = exports.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["名称", "带动就业"]
    names = [row[0] for row in rows[1:]]
    assert names[: len(DANGEROUS)] == ["'" + v for v in DANGEROUS]
    assert names[-2:] == ["幸福社区", ""]
    assert [row[1] for row in rows[1:3]] == ["1", "-2"]  # numbers stay numbers


def test_xlsx_has_no_formula_cells_and_quoted_text(frame):
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame)))
    sheet = book.active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert [c.value for c in sheet[1]] == ["名称", "带动就业"]
    names = [sheet.cell(r, 1).value for r in range(2, 2 + len(DANGEROUS))]
    # OOXML stores a carriage return as _x000D_.
    assert [n.replace("_x000D_", "\r") for n in names] == ["'" + v for v in DANGEROUS]
    assert all(isinstance(n, str) and n.startswith("'") for n in names)
    assert sheet.cell(3, 2).value == -2 and sheet.cell(10, 2).value is None
    assert not sheet._hyperlinks


def test_formula_like_headers_are_neutralised_too():
    data = exports.to_csv_bytes(pd.DataFrame({"=cmd": ["x"]}))
    assert data.decode("utf-8-sig").split("\r\n")[0] == "'=cmd"


@pytest.mark.parametrize("kind", list(KINDS))
def test_templates_have_chinese_headers_one_example_and_import_cleanly(kind):
    spec = KINDS[kind]
    crs = "wgs84" if "lon" in spec.columns else None
    labels = [column_label(c) for c in spec.columns]

    csv_template = exports.template_bytes(kind, "csv")
    rows = list(csv.reader(io.StringIO(csv_template.decode("utf-8-sig"), newline="")))
    assert rows[0] == labels and len(rows) == 2
    assert importer.check_bytes(kind, csv_template, "模板.csv", crs).ok

    xlsx_template = exports.template_bytes(kind, "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx_template))
    assert book.sheetnames == ["数据", "填写说明"]
    sheet = book["数据"]
    assert [c.value for c in sheet[1]] == labels and sheet.max_row == 2
    guide = [row[0] for row in book["填写说明"].iter_rows(min_row=2, values_only=True)]
    assert guide == labels
    report = importer.check_bytes(kind, xlsx_template, "模板.xlsx", crs)
    assert report.ok and report.rows == 1, report.problems


def test_xlsx_template_formats_ids_as_text():
    book = openpyxl.load_workbook(io.BytesIO(exports.template_bytes("communities")))
    sheet = book["数据"]
    assert sheet.cell(2, 1).number_format == "@"
    assert sheet.column_dimensions["A"].width > 0
    assert sheet.cell(2, 7).value == pytest.approx(87.66523)  # numbers stay numbers


def test_unknown_template_requests():
    with pytest.raises(ValueError):
        exports.template_bytes("boundaries", "csv")
    with pytest.raises(ValueError):
        exports.template_bytes("communities", "ods")
    assert exports.template_file_name("targets", "csv") == "年度目标导入模板.csv"
