"""Reading office files: encodings, header rows, merged headers, totals and limits."""

import io
import zipfile

import openpyxl
import pytest

from data import reading
from data.schema import DatasetError
from tests.rows import community_record, csv_bytes

HEADERS_ZH = ["编号", "社区名称", "所属区县", "街道（乡镇）", "社区类型", "认定年份"]
HEADERS_ZH += ["经度", "纬度", "新增市场主体", "带动就业", "培训人数", "来源"]


def xlsx_bytes(rows, merges=(), title="Sheet1", text_cells=()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    for cell in text_cells:
        sheet[cell].number_format = "@"
    for merge in merges:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(data, kind="communities", file="c.csv", sheet=None):
    return reading.read_table(kind, data, file, sheet)


def failure(data, kind="communities", file="c.csv", sheet=None) -> str:
    with pytest.raises(DatasetError) as caught:
        read(data, kind, file, sheet)
    return "\n".join(str(p) for p in caught.value.problems)


def test_gbk_csv_with_chinese_headers_round_trips():
    rows = [HEADERS_ZH, community(name="碱泉街社区", street="碱泉街街道")]
    table = read(csv_bytes(rows, "gbk"))
    assert table.frame.loc[0, "name"] == "碱泉街社区"
    assert table.frame.loc[0, "street"] == "碱泉街街道"
    assert list(table.frame.columns)[:3] == ["id", "name", "district"]
    assert "GB18030" in table.description
    assert table.row_numbers == [2]


def test_utf8_with_bom_and_the_bom_never_reaches_the_first_header():
    table = read(b"\xef\xbb\xbf" + csv_bytes([HEADERS_ZH, community()]))
    assert "id" in table.frame.columns
    assert "带 BOM" in table.description


def test_gb18030_rare_characters_survive():
    rows = [HEADERS_ZH, community(name="𠀀䶮社区")]
    table = read(csv_bytes(rows, "gb18030"))
    assert table.frame.loc[0, "name"] == "𠀀䶮社区"


def test_utf8_is_not_misread_as_gb18030():
    header = "编号,名称,区县\n".encode()
    assert header.decode("gb18030") == "缂栧彿,鍚嶇О,鍖哄幙\n"  # gb18030 "succeeds" silently
    assert reading.decode_text(header, "c.csv") == ("编号,名称,区县\n", "UTF-8")
    table = read(csv_bytes([HEADERS_ZH, community(name="乌鲁木齐社区")], "utf-8"))
    assert table.frame.loc[0, "name"] == "乌鲁木齐社区"
    assert table.description.endswith("UTF-8")


def test_undecodable_bytes_are_an_error_not_replacement_characters():
    data = csv_bytes([HEADERS_ZH]) + b"C1,\xff\xfe\xff\n"
    assert "无法识别文件编码" in failure(data)


def test_ids_stay_text():
    rows = [HEADERS_ZH, community(id="007"), community(id="650102 199001011234")]
    table = read(csv_bytes(rows))
    assert table.frame["id"].tolist() == ["007", "650102 199001011234"]
    sheet = xlsx_bytes([HEADERS_ZH, community(id="007")], text_cells=["A2"])
    assert read(sheet, file="c.xlsx").frame.loc[0, "id"] == "007"


def test_long_numbers_in_xlsx_get_a_note():
    sheet = xlsx_bytes([HEADERS_ZH, [650102199001011234, *community()[1:]]])
    table = read(sheet, file="c.xlsx")
    assert any("15 位" in note for note in table.notes)


def test_title_row_and_empty_rows_and_columns_keep_spreadsheet_row_numbers():
    rows = [
        ["2024年创业社区名录"],
        [],
        ["", *HEADERS_ZH],
        ["", *community()],
        ["", "", ""],
        ["", *community(id="C2")],
    ]
    table = read(csv_bytes(rows))
    assert table.header_rows == [3]
    assert table.row_numbers == [4, 6]
    assert table.frame["id"].tolist() == ["C1", "C2"]
    assert "表头位于第 3 行" in table.notes


def test_xlsx_title_merged_two_row_header_and_total_row():
    top = ["区县", "社区类型", "季度", "新增市场主体（户）", "带动就业（人）", "培训人数"]
    top += [None, None, None, None, "返乡创业人数", "创业担保贷款（万元）"]
    sub = [None] * 5 + [
        "合计",
        "就业技能培训",
        "其中：岗位技能提升培训",
        "创业培训",
        None,
        None,
        None,
    ]
    rows = [
        ["2023年第二季度创业社区指标"],
        top,
        sub,
        ["天山区", "托育服务", "2023Q2", 5, 9, 6, 3, 2, 1, None, 1, 12.5],
        [None] * 12,
        ["新市区", "数字服务", "2023Q2", 1, 2, 6, 3, 2, 1, None, 0, 0],
        ["合计", None, None, 6, 11, 12, 6, 4, 2, None, 1, 12.5],
    ]
    merges = ["A1:L1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:I2", "K2:K3", "L2:L3"]
    merges.append("A7:C7")
    table = read(xlsx_bytes(rows, merges, "指标"), "indicators", "i.xlsx")
    assert list(table.frame.columns) == [
        "district", "community_type", "quarter", "new_entities", "jobs_created",
        "trained_total", "trained_job_skills", "trained_post_skills", "trained_startup",
        "returnee_startups", "startup_loans",
    ]  # fmt: skip
    assert table.header_rows == [2, 3]
    assert table.row_numbers == [4, 6]
    assert table.frame.loc[0, "trained_job_skills"] == "3"
    assert table.frame.loc[0, "startup_loans"] == "12.5"
    assert "第 7 行为合计行，已忽略" in table.notes
    assert table.total_rows[0][0] == 7
    assert "工作表“指标”" in table.description


def test_csv_two_row_header_carries_the_upper_label_right():
    rows = [
        ["区县", "年度", "培训人数", "", "", ""],
        ["", "", "小计", "就业技能培训", "岗位技能提升培训", "创业培训"],
        ["天山区", "2023", "6", "3", "2", "1"],
    ]
    table = read(csv_bytes(rows), "targets", "t.csv")
    assert list(table.frame.columns) == [
        "district", "year", "trained_total",
        "trained_job_skills", "trained_post_skills", "trained_startup",
    ]  # fmt: skip
    assert table.row_numbers == [3]


def test_unit_row_under_the_header_is_skipped():
    rows = [["区县", "年度", "新增市场主体", "带动就业"], ["", "", "（户）", "人"]]
    rows.append(["天山区", "2023", "5", "6"])
    table = read(csv_bytes(rows), "targets", "t.csv")
    assert table.row_numbers == [3]
    assert "第 2 行为单位行，已忽略" in table.notes


@pytest.mark.parametrize(
    ("header", "kind", "code"),
    [
        ("带动就业（人）", "communities", "jobs_created"),
        ("区(县)", "communities", "district"),
        ("街道（乡镇）", "communities", "street"),
        ("乡镇", "bases", None),
        ("其中：创业培训", "indicators", "trained_startup"),
        ("培训人数合计", "indicators", "trained_total"),
        (" LNG ", "bases", "lon"),
        ("类型", "bases", "kind"),
        ("类型", "indicators", "community_type"),
        ("*名称", "clusters", "name"),
        ("序号", "communities", None),
        ("Jobs created", "targets", "jobs_created"),
    ],
)
def test_header_aliases(header, kind, code):
    assert reading.resolve_header(header, kind) == code


def test_serial_number_is_the_id_only_when_nothing_else_is():
    with_id = read(csv_bytes([["序号", *HEADERS_ZH], ["1", *community()]]))
    assert with_id.frame.loc[0, "id"] == "C1"
    assert any("序号" in note for note in with_id.notes)
    without_id = read(csv_bytes([["序号", *HEADERS_ZH[1:]], ["1", *community()[1:]]]))
    assert without_id.frame.loc[0, "id"] == "1"


def test_two_columns_for_one_field_and_a_missing_header():
    doubled = csv_bytes([["名称", *HEADERS_ZH], ["x", *community()]])
    assert "两列都对应此列" in failure(doubled)
    assert "找不到表头" in failure(csv_bytes([["甲", "乙"], ["1", "2"]]))


def test_empty_and_blank_files():
    assert "文件为空" in failure(b"")
    assert "没有任何内容" in failure(b"\n , ,\n\n")


def test_old_xls_and_broken_xlsx():
    assert "另存为 .xlsx" in failure(b"\xd0\xcf\x11\xe0" + b"\0" * 100, file="a.xls")
    assert "不是有效的 xlsx" in failure(b"PK\x03\x04 broken", file="a.xlsx")


def test_sheet_by_name_and_unknown_sheet():
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active["A1"] = "本表说明"
    data_sheet = book.create_sheet("社区")
    for row in ([*HEADERS_ZH], community()):
        data_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    table = read(buffer.getvalue(), file="c.xlsx", sheet="社区")
    assert table.frame.loc[0, "id"] == "C1"
    assert "“说明”、“社区”" in failure(buffer.getvalue(), file="c.xlsx", sheet="数据")
    assert "不能指定工作表" in failure(csv_bytes([HEADERS_ZH]), sheet="数据")


def test_oversized_file(monkeypatch):
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 100)
    message = failure(csv_bytes([HEADERS_ZH, community(), community()]))
    assert "超过上限" in message and "拆分" in message


def test_xlsx_whose_parts_unzip_too_large_is_refused_before_parsing(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<" + b"a" * 3_000_000)
    data = buffer.getvalue()
    assert len(data) < 20_000
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1_000_000)

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed an oversized workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_parse)
    message = failure(data, file="bomb.xlsx")
    assert "解压后为 3 MB，超过上限 1 MB" in message


def test_semicolon_and_tab_separated_files():
    rows = [";".join(HEADERS_ZH), ";".join(community())]
    assert read("\n".join(rows).encode()).frame.loc[0, "name"] == "幸福社区"
    tabbed = ("\t".join(HEADERS_ZH) + "\r\n" + "\t".join(community())).encode("utf-16")
    table = read(tabbed)
    assert table.frame.loc[0, "district"] == "天山区"
    assert "UTF-16" in table.description


def community(**overrides) -> list[str]:
    return list(community_record(**overrides).values())
