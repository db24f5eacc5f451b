"""Imports run in a worker process that is killed above the memory or the time limit."""

import io
import os
import time
import zipfile

import pytest

from data import importer
from data.importer.isolation import run_isolated
from data.problems import DatasetError, Problem
from tools.local_server import rss_bytes

MB = 1024 * 1024


def grow_forever() -> None:
    """Allocates 20 MB every 10 ms until stopped."""
    hoard = []
    while True:
        hoard.append(bytearray(20 * MB))
        time.sleep(0.01)


def sleep_long() -> int:
    time.sleep(30)
    return 1


def refuse() -> None:
    raise DatasetError([Problem("x.csv", 3, "lon", "不是数字")])


def answer() -> dict:
    return {"pid": os.getpid(), "rows": list(range(5))}


def runaway_workbook(target_bytes: int) -> bytes:
    """An XLSX of a few hundred KB whose one sheet unzips to about ``target_bytes``."""
    header = "".join(f'<c t="inlineStr"><is><t>列{i}</t></is></c>' for i in range(100))
    row = "<row>" + "<c><v>1</v></c>" * 100 + "</row>"
    rows = (target_bytes // len(row)) or 1
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        '"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"<row>{header}</row>{row * rows}</sheetData></worksheet>"
    ).encode()
    main = "http://schemas.openxmlformats.org/"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.'
            'openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{main}officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{main}spreadsheetml/2006/main" '
            f'xmlns:r="{main}officeDocument/2006/relationships"><sheets><sheet name="S" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="'
            f'{main}officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_a_worker_over_the_memory_limit_is_killed_and_the_caller_stays_small(monkeypatch):
    monkeypatch.setenv("ATLAS_IMPORT_MEMORY_MB", "300")
    monkeypatch.setenv("ATLAS_IMPORT_SECONDS", "60")
    before = rss_bytes(os.getpid())
    started = time.monotonic()
    with pytest.raises(DatasetError) as caught:
        run_isolated(grow_forever, "big.xlsx")
    assert time.monotonic() - started < 30
    problem = caught.value.problems[0]
    assert problem.file == "big.xlsx" and "内存超过上限 300 MB" in problem.message
    assert rss_bytes(os.getpid()) - before < 100 * MB


def test_a_worker_over_the_time_limit_is_killed(monkeypatch):
    monkeypatch.setenv("ATLAS_IMPORT_SECONDS", "1")
    started = time.monotonic()
    with pytest.raises(DatasetError, match=r"超过 1 秒仍未完成，已停止"):
        run_isolated(sleep_long, "slow.xlsx")
    assert time.monotonic() - started < 10


def test_results_and_problems_come_back_from_the_worker():
    result = run_isolated(answer, "x.csv")
    assert result["rows"] == [0, 1, 2, 3, 4] and result["pid"] != os.getpid()
    with pytest.raises(DatasetError) as caught:
        run_isolated(refuse, "x.csv")
    assert caught.value.problems == [Problem("x.csv", 3, "lon", "不是数字")]


def test_a_runaway_workbook_is_stopped_with_a_message_and_nothing_served(monkeypatch):
    """A small XLSX that unzips to 60 MB (under the unzipped-size limit) parses to
    gigabytes in openpyxl; its worker is killed at the memory limit."""
    monkeypatch.setenv("ATLAS_IMPORT_MEMORY_MB", "300")
    data = runaway_workbook(60 * MB)
    assert len(data) < 2 * MB
    before = rss_bytes(os.getpid())
    started = time.monotonic()
    report = importer.check_bytes("communities", data, "社区.xlsx", "wgs84")
    assert time.monotonic() - started < 60
    assert not report.ok and report.dataset is None
    assert "内存超过上限 300 MB" in report.problems[0].message
    assert rss_bytes(os.getpid()) - before < 150 * MB
