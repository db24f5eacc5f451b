"""The importer: checks with spreadsheet rows, coordinates, apply/restore and the CLI."""

import io
import json
import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import shapely

from data import importer, loader, reading, storage
from data.importer import checking
from data.schema import KINDS
from geo import coords
from tests.rows import community_record, csv_bytes, indicator_record

ROOT = Path(__file__).resolve().parent.parent

HEADERS_ZH = ["编号", "社区名称", "所属区县", "街道（乡镇）", "社区类型", "认定年份"]
HEADERS_ZH += ["经度", "纬度", "新增市场主体", "带动就业", "培训人数", "来源"]
INDICATOR_HEADERS = ["区县", "社区类型", "季度", "新增市场主体", "带动就业", "培训人数"]
INDICATOR_HEADERS += [
    "就业技能培训",
    "岗位技能提升培训",
    "创业培训",
    "返乡创业人数",
    "创业担保贷款",
]


def check(rows, kind="communities", crs="wgs84", file="社区.csv"):
    return importer.check_bytes(
        kind, csv_bytes(rows), file, crs if kind in ("communities", "bases") else None
    )


def by_place(problems):
    return {(p.row, p.column): p.message for p in problems}


@pytest.fixture(scope="module")
def districts():
    return importer.served_districts().set_index("adcode")


# ---------------------------------------------------------------- checking


def test_gbk_file_with_chinese_headers_checks_and_types(monkeypatch):
    rows = [HEADERS_ZH, community(id="007", name="碱泉街社区"), community(id="C2", district="米东")]
    report = importer.check_bytes("communities", csv_bytes(rows, "gbk"), "社区名录.csv", "wgs84")
    assert report.ok, report.problems
    assert report.dataset["id"].tolist() == ["007", "C2"]
    assert report.dataset["district"].tolist() == ["650102", "650109"]
    assert report.dataset.loc[0, "name"] == "碱泉街社区"
    assert report.summary.startswith("校验通过：社区名录.csv（CSV，编码 GB18030/GBK）共 2 条")
    assert "007,碱泉街社区,天山区" in report.content.decode("utf-8")


def test_full_width_digits_and_thousands_separators():
    rows = [HEADERS_ZH, community(jobs_created="１２３，４５６", new_entities="1,204")]
    report = check(rows)
    assert report.ok
    assert report.dataset.loc[0, ["jobs_created", "new_entities"]].tolist() == [123456, 1204]


def test_eighteen_digit_id_with_a_blank_stays_text():
    report = check([HEADERS_ZH, community(id="650102 199001011234")])
    assert report.dataset.loc[0, "id"] == "650102 199001011234"


def test_rows_are_numbered_as_in_the_spreadsheet_below_a_title_row():
    rows = [
        ["乌鲁木齐市创业社区名录"],
        HEADERS_ZH,
        community(),
        [],
        community(id="C2", district="天出区"),
        community(id="C1", lon="43.79", lat="87.61"),
        community(id="C4", lon="0", lat="0"),
    ]
    report = check(rows)
    assert not report.ok and report.dataset is None and report.content is None
    found = by_place(report.problems)
    assert "未知区县“天出区”" in found[(5, "district")] and "天山区" in found[(5, "district")]
    assert "重复" in found[(6, "id")] and "与第 3 行相同" in found[(6, "id")]
    assert "填反" in found[(6, "lon")]
    assert "不在新疆范围内" in found[(7, "lon")] and "不在新疆范围内" in found[(7, "lat")]
    lines = importer.report_lines(report)
    assert lines[0] == f"校验未通过：社区.csv 有 {len(report.problems)} 个问题，未导入任何数据。"
    assert "  社区.csv，第 5 行，“所属区县”列：未知区县“天出区”，是否为“天山区”？" in lines
    assert "表头位于第 2 行" in report.notes


def test_point_in_another_district_is_a_warning_naming_both(districts):
    point = districts.at["650103", "geometry"].representative_point()
    rows = [HEADERS_ZH, community(lon=f"{point.x:.6f}", lat=f"{point.y:.6f}")]
    report = check(rows)
    assert report.ok
    (warning,) = report.warnings
    assert (warning.row, warning.column) == (2, "district")
    assert warning.message == "坐标位于沙依巴克区，但填写的是天山区"
    assert "警告（不影响导入，请核对）：" in importer.report_lines(report)


def test_gcj02_and_bd09_points_are_converted_before_the_district_check(districts):
    wgs = (87.617, 43.793)
    gcj = coords.wgs84_to_gcj02(*wgs)
    bd = coords.wgs84_to_bd09(*wgs)
    for crs, (lon, lat) in (("gcj02", gcj), ("bd09", bd)):
        rows = [HEADERS_ZH, community(lon=f"{lon:.8f}", lat=f"{lat:.8f}")]
        report = check(rows, crs=crs)
        expected = coords.to_wgs84(float(f"{lon:.8f}"), float(f"{lat:.8f}"), crs)
        got = report.dataset.loc[0, ["lon", "lat"]].tolist()
        assert got == pytest.approx(expected, abs=1e-6)
        assert got == pytest.approx(wgs, abs=1e-5)
        assert any("转换为 WGS-84" in note for note in report.notes)
    # The same GCJ-02 numbers read as WGS-84 land about 300 m off: not equal.
    plain = check([HEADERS_ZH, community(lon=f"{gcj[0]:.8f}", lat=f"{gcj[1]:.8f}")])
    assert plain.dataset.loc[0, "lon"] != pytest.approx(wgs[0], abs=1e-3)


def test_coordinates_require_a_declared_system():
    data = csv_bytes([HEADERS_ZH, community()])
    with pytest.raises(importer.UsageError, match="高德") as caught:
        importer.check_bytes("communities", data, "c.csv")
    assert "百度" in str(caught.value) and "GPS" in str(caught.value)
    with pytest.raises(importer.UsageError, match="未知的坐标系"):
        importer.check_bytes("bases", data, "b.csv", crs="cgcs")
    assert importer.check_bytes("clusters", b"x", "k.csv").problems  # no --crs needed


def test_quarter_out_of_range_and_totals_against_breakdown():
    rows = [
        INDICATOR_HEADERS,
        indicator(quarter="2025Q1"),
        indicator(community_type="金融服务", trained_total="7"),
        indicator(community_type="健康服务", quarter="2023 季 3"),
    ]
    report = check(rows, kind="indicators", file="指标.csv")
    found = by_place(report.problems)
    assert "超出 2022Q1—2024Q4" in found[(2, "quarter")]
    assert "合计 7 与分项" in found[(3, "trained_total")]
    assert set(found) == {(2, "quarter"), (3, "trained_total")}


def test_xlsx_with_title_merged_header_and_total_row_reports_sheet_rows():
    top = ["区县", "社区类型", "季度", "新增市场主体（户）", "带动就业（人）", "培训人数"]
    top += [None, None, None, "返乡创业人数", "创业担保贷款（万元）"]
    sub = [None] * 5 + ["合计", "就业技能培训", "岗位技能提升培训", "创业培训", None, None]
    body = [
        ["天山区", "托育服务", "2023Q2", 5, 9, 6, 3, 2, 1, 1, 12.5],
        ["新市区", "数字服务", "2023Q2", 1, 2, 6, 3, 2, 1, 0, 0],
        ["米东区", "数字服务", "2025Q1", 1, 2, 6, 3, 2, 1, 0, 0],
        ["合计", None, None, 7, 13, 18, 9, 6, 3, 1, 12.5],
    ]
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [["2023年第二季度创业社区指标"], top, sub, *body]:
        sheet.append(row)
    for merge in ["A1:K1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:I2", "J2:J3"]:
        sheet.merge_cells(merge)
    sheet.merge_cells("K2:K3")
    buffer = io.BytesIO()
    book.save(buffer)
    failing = importer.check_bytes("indicators", buffer.getvalue(), "指标.xlsx")
    assert [(p.row, p.column) for p in failing.problems] == [(6, "quarter")]
    sheet.delete_rows(6)
    buffer = io.BytesIO()
    book.save(buffer)
    report = importer.check_bytes("indicators", buffer.getvalue(), "指标.xlsx")
    assert report.ok and report.rows == 2
    assert "第 6 行为合计行，已忽略" in report.notes
    # The 合计 row still counts the deleted row.
    differing = {w.column: w for w in report.warnings}
    assert {w.row for w in report.warnings} == {6}
    assert set(differing) == {"new_entities", "jobs_created", "trained_total"} | {
        "trained_job_skills", "trained_post_skills", "trained_startup",
    }  # fmt: skip
    assert differing["new_entities"].message == "合计行为 7，但各行之和为 6"


def test_empty_file_and_header_only():
    assert str(check([]).problems[0]) == "社区.csv：文件为空"
    header_only = check([HEADERS_ZH])
    assert header_only.problems[0].message == "文件中没有数据行"


def test_missing_columns_name_the_unrecognised_ones():
    rows = [["编号", "社区名字", "区县"], ["C1", "幸福社区", "天山区"]]
    report = check(rows)
    assert "缺少此列" in by_place(report.problems)[(None, "name")]
    assert "以下列未识别，已忽略：“社区名字”" in report.notes


def test_oversized_file_on_disk_is_refused_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    path.write_bytes(csv_bytes([HEADERS_ZH, *[community(id=f"C{i}") for i in range(50)]]))
    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read the whole file"))
    report = importer.check_file("communities", path, "wgs84")
    assert "超过上限" in report.problems[0].message


def test_an_unexpected_error_is_a_problem_not_a_crash(monkeypatch):
    def broken(*args):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(checking, "run_isolated", lambda work, file: work())  # same process
    monkeypatch.setattr(reading, "file_grid", broken)
    report = check([HEADERS_ZH, community()])
    assert not report.ok and "处理文件时出错（KeyError" in report.problems[0].message


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_sample_file_imports_to_what_the_loader_gives(kind):
    report = importer.check_file(kind, loader.SAMPLE_DIR / KINDS[kind].file_name, "wgs84")
    assert report.ok and not report.warnings and not report.notes
    pd.testing.assert_frame_equal(report.dataset, loader.load(kind))
    assert report.content == (loader.SAMPLE_DIR / KINDS[kind].file_name).read_bytes()


# ---------------------------------------------------------------- apply and restore


def test_apply_refuses_without_a_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv(loader.DATA_DIR_ENV, raising=False)
    with pytest.raises(importer.UsageError, match="未设置 ATLAS_DATA_DIR"):
        importer.apply_bytes("clusters", b"", "k.csv")
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(loader.SAMPLE_DIR))
    with pytest.raises(importer.UsageError, match="示例数据目录"):
        importer.restore("clusters")
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(importer.UsageError, match="目录不存在"):
        importer.apply_file("clusters", loader.SAMPLE_DIR / "clusters.csv")


def test_apply_then_restore_gives_back_the_original_bytes(data_copy, monkeypatch):
    monkeypatch.setenv("ATLAS_USER", "王芳")
    served = data_copy / "communities.csv"
    original = served.read_bytes()
    rows = [HEADERS_ZH, community(), community(id="C2", name="和谐社区")]
    data = csv_bytes(rows, "gbk")
    applied = importer.apply_bytes("communities", data, "新名录.csv", "gcj02")
    assert applied.applied and applied.rows_before == 156
    assert served.read_bytes() == applied.check.content
    assert len(loader.load("communities")) == 2
    assert applied.kept_version.read_bytes() == original
    assert applied.summary.startswith("已导入：2 条创业社区记录，替换原有 156 条；原文件已保存为")

    (entry,) = storage.read_audit(data_copy)
    assert entry["action"] == "apply" and entry["kind"] == "communities"
    assert entry["user"] == "王芳" and entry["source"] == "新名录.csv"
    assert (entry["rows_before"], entry["rows_after"]) == (156, 2)
    assert entry["sha256"] == storage.sha256_hex(data)
    assert entry["time"].endswith("+00:00")
    assert entry["kept_version"].startswith("versions/communities/")
    meta = json.loads((data_copy / "meta.json").read_text(encoding="utf-8"))
    assert meta["is_sample"] is False and meta["data_date"] == date.today().isoformat()
    assert meta["note"]  # other keys kept
    assert not loader.dataset_info().is_sample

    restored = importer.restore("communities", user="李明")
    assert restored.ok and served.read_bytes() == original
    assert restored.kept_version.read_bytes() == applied.check.content
    last = storage.read_audit(data_copy)[-1]
    assert last["action"] == "restore" and last["user"] == "李明"
    assert (last["rows_before"], last["rows_after"]) == (2, 156)
    assert loader.dataset_info().is_sample  # every file is the sample again

    importer.restore("communities")  # a second restore undoes the first
    assert served.read_bytes() == applied.check.content


def test_restore_without_versions(data_copy):
    report = importer.restore("targets")
    assert not report.ok and report.summary == "没有可恢复的年度目标旧版本。"
    assert storage.read_audit(data_copy) == []


def test_failed_apply_leaves_the_served_file_byte_identical(data_copy, monkeypatch):
    served = data_copy / "indicators.csv"
    original = served.read_bytes()
    meta = (data_copy / "meta.json").read_bytes()
    bad = csv_bytes([INDICATOR_HEADERS, indicator(quarter="2030Q1")])
    report = importer.apply_bytes("indicators", bad, "指标.csv")
    assert not report.applied and report.check.problems
    assert served.read_bytes() == original

    def broken_replace(src, dst):
        raise OSError("磁盘已满")

    monkeypatch.setattr(os, "replace", broken_replace)
    good = csv_bytes([INDICATOR_HEADERS, indicator()])
    report = importer.apply_bytes("indicators", good, "指标.csv")
    assert not report.applied and "磁盘已满" in report.failure
    assert report.summary.startswith("未导入：写入") and "没有任何改动" in report.summary
    assert served.read_bytes() == original
    assert (data_copy / "meta.json").read_bytes() == meta
    assert storage.read_audit(data_copy) == []
    assert storage.list_versions(data_copy, "indicators") == []
    assert not [p for p in data_copy.rglob(".*") if p.name.endswith((".tmp", ".staged", ".old"))]


def test_readers_never_see_a_partial_file_during_many_applies(data_copy):
    served = data_copy / "clusters.csv"
    frame = pd.read_csv(served, dtype=str, keep_default_na=False)
    longer = frame.copy()
    longer["description"] = longer["description"] + "（已核对）" * 20
    contents = [served.read_bytes()]
    uploads = [
        csv_bytes([frame.columns, *frame.values]),
        csv_bytes([longer.columns, *longer.values]),
    ]
    contents.append(importer.check_bytes("clusters", uploads[1], "k.csv").content)
    seen, bad, stop = [], [], threading.Event()

    def reader():
        while not stop.is_set():
            try:
                data = served.read_bytes()
            except FileNotFoundError as error:
                bad.append(error)
                continue
            seen.append(data)
            if data not in contents:
                bad.append(data[-40:])

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for step in range(12):
            assert importer.apply_bytes("clusters", uploads[step % 2 == 0], "k.csv").applied
    finally:
        stop.set()
        thread.join()
    assert not bad
    assert len(seen) > 12 and {contents.index(d) for d in seen} == {0, 1}
    assert len(storage.read_audit(data_copy)) == 12


# ---------------------------------------------------------------- boundaries


def shipped_collection():
    path = loader.SHIPPED_BOUNDARY_DIR / loader.BOUNDARY_FILES["districts"]
    return json.loads(path.read_text(encoding="utf-8"))


def geojson(collection) -> bytes:
    return json.dumps(collection, ensure_ascii=False).encode()


def test_boundaries_apply_computes_missing_fields_and_restores_the_shipped_file(data_copy):
    shipped_path = loader.SHIPPED_BOUNDARY_DIR / loader.BOUNDARY_FILES["districts"]
    target = data_copy / "boundaries" / "urumqi_districts.geojson"
    collection = shipped_collection()
    for feature in collection["features"]:
        feature["properties"] = {
            "adcode": int(feature["properties"]["adcode"]),
            "name": feature["properties"]["name"],
        }
    same = importer.apply_bytes("boundaries", geojson(collection), "官方边界.geojson")
    assert same.check.ok, same.check.problems
    assert same.check.content == shipped_path.read_bytes()  # written like the build tool
    assert same.unchanged and not target.exists()  # what is served already: no change
    collection["features"][0]["properties"]["area_km2"] = "171.0"
    report = importer.apply_bytes("boundaries", geojson(collection), "官方边界.geojson")
    assert report.applied
    assert "已按等积投影计算缺少的面积（area_km2）" in report.check.notes
    loader.clear_cache()
    served = loader.load_boundaries("districts").set_index("adcode")
    shipped = importer.shipped_districts().set_index("adcode")
    assert served["short_name"].to_dict() == shipped["short_name"].to_dict()
    assert (served["area_km2"] - shipped["area_km2"]).abs().max() < 0.2
    assert storage.read_meta(data_copy)["is_sample"] is True  # boundaries leave meta.json alone

    assert loader.load_boundaries("districts").set_index("adcode").at["650102", "area_km2"] == 171
    assert importer.restore("boundaries").ok
    assert target.read_bytes() == shipped_path.read_bytes()


def test_gcj02_boundaries_are_converted():
    collection = shipped_collection()
    for feature in collection["features"]:
        geometry = shapely.geometry.shape(feature["geometry"])
        moved = shapely.transform(
            geometry, lambda xy: np.column_stack(coords.wgs84_to_gcj02(xy[:, 0], xy[:, 1]))
        )
        feature["geometry"] = shapely.geometry.mapping(moved)
    report = importer.check_bytes("boundaries", geojson(collection), "b.geojson", "gcj02")
    assert report.ok, report.problems
    shipped = importer.shipped_districts().set_index("adcode").geometry
    for row in report.dataset.itertuples():
        assert shapely.hausdorff_distance(row.geometry, shipped[row.adcode]) < 1e-6


def test_bad_boundaries_are_explained():
    collection = shipped_collection()
    features = collection["features"]
    features[0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[87.5, 43.7], [87.6, 43.8], [87.6, 43.7], [87.5, 43.8], [87.5, 43.7]]],
    }
    features[1]["properties"]["name"] = "沙区"
    projected = shapely.affinity.scale(
        shapely.geometry.shape(features[2]["geometry"]), 1000, 1000, origin=(0, 0)
    )
    features[2]["geometry"] = shapely.geometry.mapping(projected)
    del features[3]
    report = importer.check_bytes("boundaries", geojson(collection), "b.geojson")
    text = "\n".join(str(p) for p in report.problems)
    assert "第 1 个要素（650102 天山区）：几何图形无效" in text
    assert "名称应为“沙依巴克区”，文件中为“沙区”" in text
    assert "不在新疆的经纬度范围内" in text
    assert "应有 8 个区县，文件中有 7 个" in text
    assert "缺少区县：650105 水磨沟区" in text
    not_json = importer.check_bytes("boundaries", b"{oops", "b.geojson")
    assert "不是有效的 GeoJSON" in not_json.problems[0].message
    epsg3857 = {
        "type": "FeatureCollection",
        "features": [],
        "crs": {"properties": {"name": "EPSG:3857"}},
    }
    (problem,) = importer.check_bytes("boundaries", geojson(epsg3857), "b.geojson").problems
    assert "EPSG:3857" in problem.message


# ---------------------------------------------------------------- command line


def run_cli(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k != loader.DATA_DIR_ENV}
    environment.update(env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "data.importer", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def finish(process):
    out, err = process.communicate(timeout=60)
    return process.returncode, out, err


def test_command_line_in_a_subprocess_for_each_subcommand(data_copy, tmp_path):
    good = tmp_path / "社区.csv"
    good.write_bytes(csv_bytes([HEADERS_ZH, community()], "gbk"))
    data_env = {loader.DATA_DIR_ENV: str(data_copy)}
    served = data_copy / "communities.csv"
    original = served.read_bytes()
    no_crs = run_cli("check", "bases", str(good))
    apply = run_cli(
        "apply", "communities", str(good), "--crs", "wgs84", "--user", "张伟", env=data_env
    )
    code, out, err = finish(no_crs)
    assert code == 2 and "GCJ-02" in err and "BD-09" in err and out == ""
    code, out, err = finish(apply)
    assert code == 0 and out.startswith("已导入：1 条创业社区记录") and "WARNING" not in err
    assert storage.read_audit(data_copy)[-1]["user"] == "张伟"
    code, out, _ = finish(run_cli("restore", "communities", env=data_env))
    assert code == 0 and out.startswith("已恢复创业社区")
    assert served.read_bytes() == original


def test_command_line_exit_codes(data_copy, tmp_path, monkeypatch, capsys):
    good = tmp_path / "社区.csv"
    good.write_bytes(csv_bytes([HEADERS_ZH, community()], "gbk"))
    bad = tmp_path / "坏.csv"
    bad.write_bytes(csv_bytes([HEADERS_ZH, community(district="天出区")]))

    def run(*args):
        code = importer.main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, _ = run("check", "communities", str(good), "--crs", "gcj02")
    assert code == 0 and out.startswith("校验通过：社区.csv（CSV，编码 GB18030/GBK）")
    code, out, _ = run("check", "communities", str(bad), "--crs", "wgs84")
    assert code == 1 and "坏.csv，第 2 行，“所属区县”列：未知区县“天出区”" in out
    code, out, _ = run("apply", "communities", str(bad), "--crs", "wgs84")
    assert code == 1 and out.startswith("校验未通过")
    assert run("restore", "targets")[:2] == (1, "没有可恢复的年度目标旧版本。\n")
    assert run("check", "clusters", str(tmp_path / "none.csv"))[0] == 2
    monkeypatch.delenv(loader.DATA_DIR_ENV)
    code, _, err = run("apply", "clusters", str(good))
    assert code == 2 and "未设置 ATLAS_DATA_DIR" in err
    with pytest.raises(SystemExit) as caught:
        run("check", "people", str(good))
    assert caught.value.code == 2


def community(**overrides) -> list[str]:
    return list(community_record(**overrides).values())


def indicator(**overrides) -> list[str]:
    defaults = {"district": "新市区", "community_type": "数字服务"}  # names, not codes
    return list(indicator_record(**{**defaults, **overrides}).values())
