"""Files that used to fail with a bare exception: numbers out of range and files mixing
UTF-8 and GBK. Each problem names its file, row and column, all at once."""

from __future__ import annotations

import io
import os

import openpyxl

from data import importer
from tests.rows import COMMUNITY, INDICATOR, community_record, csv_bytes, indicator_record

HEADERS = ["编号", "社区名称", "所属区县", "街道（乡镇）", "社区类型", "认定年份"]
HEADERS += ["经度", "纬度", "新增市场主体", "带动就业", "培训人数", "来源"]
assert len(HEADERS) == len(COMMUNITY)


def community(**overrides) -> list[str]:
    return list(community_record(**overrides).values())


def by_place(report) -> dict[tuple[int | None, str | None], str]:
    return {(p.row, p.column): p.message for p in report.problems}


def huge_number_rows() -> list[list]:
    return [
        HEADERS,
        community(id="C1", jobs_created="inf"),
        community(id="C2", new_entities="1e19"),
        community(id="C3", trained_total="12345678901234567890"),
        community(id="C4", district="天出区"),  # another kind of problem, still reported
        community(id="C5", jobs_created="-inf", year="2023"),
        community(id="C6", new_entities="999999999999999"),  # 15 digits: fine
    ]


def assert_huge_numbers_located(report, file: str) -> None:
    assert not report.ok and report.dataset is None
    found = by_place(report)
    assert found[(2, "jobs_created")] == "“inf”不是有限的数字"
    assert found[(3, "new_entities")] == "“1e19”超出整数的范围（最多 15 位）"
    assert "超出整数的范围" in found[(4, "trained_total")]
    assert "12345678901234567890" in found[(4, "trained_total")]
    assert "未知区县“天出区”" in found[(5, "district")]
    assert found[(6, "jobs_created")] == "“-inf”不是有限的数字"
    assert len(report.problems) == 5 and all(p.file == file for p in report.problems)
    assert "TypeError" not in "".join(importer.report_lines(report))


def test_infinite_and_too_long_numbers_are_located_in_a_csv():
    data = csv_bytes(huge_number_rows())
    report = importer.check_bytes("communities", data, "社区.csv", "wgs84")
    assert_huge_numbers_located(report, "社区.csv")


def test_infinite_and_too_long_numbers_are_located_in_an_xlsx():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["乌鲁木齐市创业社区名录"])  # a title row: rows shift by one
    for number, row in enumerate(huge_number_rows()):
        cells = list(row)
        if number == 2:
            cells[8] = 1e19  # a number cell, as Excel stores it
        if number == 3:
            cells[10] = 12345678901234567890
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    report = importer.check_bytes("communities", buffer.getvalue(), "社区.xlsx", "wgs84")
    found = by_place(report)
    assert found[(3, "jobs_created")] == "“inf”不是有限的数字"
    assert "超出整数的范围（最多 15 位）" in found[(4, "new_entities")]
    assert "超出整数的范围（最多 15 位）" in found[(5, "trained_total")]
    assert "未知区县“天出区”" in found[(6, "district")]
    assert len(report.problems) == 5


def test_an_infinite_amount_in_a_decimal_column_is_refused():
    headers = ["区县", "社区类型", "季度", "新增市场主体", "带动就业", "培训人数"]
    headers += ["就业技能培训", "岗位技能提升培训", "创业培训", "返乡创业人数", "创业担保贷款"]
    assert len(headers) == len(INDICATOR)
    row = list(indicator_record(district="新市区", community_type="数字服务").values())
    row[-1] = "Infinity"
    report = importer.check_bytes("indicators", csv_bytes([headers, row]), "指标.csv")
    assert by_place(report) == {(2, "startup_loans"): "“Infinity”不是有限的数字"}


def test_a_csv_mixing_utf8_and_gbk_rows_names_the_first_gbk_row():
    rows = [HEADERS, community(id="C1"), community(id="C2", name="和谐社区")]
    gbk_rows = [community(id="C3", name="团结社区"), community(id="C4")]
    data = csv_bytes(rows, "utf-8") + csv_bytes(gbk_rows, "gbk")
    report = importer.check_bytes("communities", data, "混合.csv", "wgs84")
    assert not report.ok
    (problem,) = report.problems
    assert (problem.file, problem.row, problem.column) == ("混合.csv", 4, None)
    assert problem.message.startswith("文件混用了两种编码：第 1 行是 UTF-8，第 4 行却是 GBK")
    assert str(problem).startswith("混合.csv，第 4 行：文件混用了两种编码")


def test_gbk_first_then_utf8_rows_and_a_bom_file_with_gbk_rows():
    gbk = csv_bytes([HEADERS, community(id="C1")], "gbk")
    utf8 = csv_bytes([community(id="C2", name="和谐社区")], "utf-8")
    report = importer.check_bytes("communities", gbk + utf8, "a.csv", "wgs84")
    assert report.problems[0].row == 3 and "第 1 行是 GBK，第 3 行却是 UTF-8" in str(
        report.problems[0]
    )
    bom = b"\xef\xbb\xbf" + csv_bytes([HEADERS, community(id="C1")], "utf-8")
    report = importer.check_bytes("communities", bom + gbk.split(b"\n", 1)[1], "b.csv", "wgs84")
    assert report.problems[0].row == 3 and "第 3 行却是 GBK" in report.problems[0].message


def test_whole_gbk_and_whole_utf8_files_still_read():
    for encoding in ("gbk", "utf-8"):
        data = csv_bytes([HEADERS, community(id="C1"), community(id="C2")], encoding)
        report = importer.check_bytes("communities", data, "c.csv", "wgs84")
        assert report.ok, report.problems
        assert report.dataset["name"].tolist() == ["幸福社区", "幸福社区"]


def test_a_folder_or_a_pipe_is_named_as_such_not_as_missing(tmp_path, capsys):
    folder = tmp_path / "社区"
    folder.mkdir()
    pipe = tmp_path / "社区.csv"
    os.mkfifo(pipe)
    for path in (folder, pipe):
        assert importer.main(["check", "communities", str(path), "--crs", "wgs84"]) == 2
        err = capsys.readouterr().err
        assert f"“{path.name}”不是普通文件" in err and "找不到文件" not in err
        assert str(tmp_path) not in err  # named without its folder
    assert importer.main(["check", "communities", str(tmp_path / "无.csv")]) == 2
    assert "找不到文件：无.csv" in capsys.readouterr().err
