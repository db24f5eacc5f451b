"""Market-entity points: import (CSV and Parquet), problems, apply/restore, generator."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from data import entities, importer, loader, storage
from geo import coords
from tools import generate_entities


def csv_bytes(frame: pd.DataFrame, encoding: str = "utf-8") -> bytes:
    return frame.to_csv(index=False).encode(encoding)


def rows(n: int = 6) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "编号": [f"E{i}" for i in range(n)],
            "类别": ["个体工商户", "企业", "个体户", "individual", "企业", "个体工商户"][:n],
            "经度": ["87.6170", "87.6175", "８７.６１８", "87.6165", "87.6172", "87.6171"][:n],
            "纬度": ["43.793", "43.7935", "43.794", "43.7925", "43.7931", "43.7929"][:n],
            "所属区县": ["天山区"] * n,
        }
    )


def test_csv_in_gbk_with_chinese_headers_and_gcj02_is_converted():
    report = importer.check_bytes("entities", csv_bytes(rows(), "gbk"), "主体.csv", "gcj02")
    assert report.ok, [str(p) for p in report.problems]
    frame = report.dataset
    assert frame["kind"].tolist() == ["individual", "enterprise", "individual"] * 2
    lon, lat = coords.gcj02_to_wgs84(87.617, 43.793)
    assert frame.loc[0, "lon"] == round(lon, 6) and frame.loc[0, "lat"] == round(lat, 6)
    assert set(frame["district"]) == {"650102"}
    assert "GB18030" in report.description
    served = pq.read_table(io.BytesIO(report.content)).to_pandas()
    assert served["id"].tolist() == [f"E{i}" for i in range(6)]


def test_every_problem_is_listed_with_row_and_capped():
    frame = rows()
    frame.loc[1, "类别"] = "合作社"
    frame.loc[2, "编号"] = "E0"
    frame.loc[3, ["经度", "纬度"]] = ["43.79", "87.61"]
    frame.loc[4, "所属区县"] = "天山"  # a short name is fine
    frame.loc[5, "所属区县"] = "火星区"
    report = importer.check_bytes("entities", csv_bytes(frame), "e.csv", "wgs84")
    found = {(p.row, p.column) for p in report.problems}
    assert found == {(3, "kind"), (4, "id"), (5, "lon"), (7, "district")}
    assert not report.ok and report.content is None
    many = pd.concat([rows()] * 10, ignore_index=True)
    many["编号"] = [f"E{i}" for i in range(len(many))]
    many["类别"] = "合作社"
    capped = importer.check_bytes("entities", csv_bytes(many), "e.csv", "wgs84").problems
    assert len(capped) == entities.MAX_LISTED + 1
    assert "另有 40 行" in capped[-1].message


def test_missing_columns_and_xlsx_are_refused_in_chinese():
    report = importer.check_bytes(
        "entities", csv_bytes(rows().drop(columns="纬度")), "e.csv", "wgs84"
    )
    assert [str(p) for p in report.problems] == ["e.csv，“纬度”列：缺少此列"]
    xlsx = importer.check_bytes("entities", b"PK\x03\x04rest", "e.xlsx", "wgs84")
    assert "CSV 或 Parquet" in xlsx.problems[0].message


def test_parquet_with_numbers_and_points_outside_urumqi_warn():
    frame = pd.DataFrame(
        {"id": ["a", "b", "c"], "kind": ["企业", "个体工商户", "企业"],
         "lon": [87.617, 87.617, 80.0], "lat": [43.793, 43.793, 40.0]}
    )  # fmt: skip
    data = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(frame), data)
    report = importer.check_bytes("entities", data.getvalue(), "e.parquet", "wgs84")
    assert report.ok
    assert report.dataset["district"].tolist()[:2] == ["650102", "650102"]
    assert pd.isna(report.dataset["district"].iloc[2])
    assert "1 个点不在乌鲁木齐市" in report.warnings[0].message


def test_apply_restore_and_the_loader(data_copy):
    served = data_copy / "entities.parquet"
    shipped = served.read_bytes()
    before = loader.load_entities()
    assert before.is_sample
    applied = importer.apply_bytes("entities", csv_bytes(rows()), "e.csv", "wgs84", user="测试")
    assert applied.applied and applied.rows_before == len(before)
    after = loader.load_entities()
    assert len(after) == 6 and not after.is_sample
    assert storage.count_records(served) == 6
    assert storage.read_meta(data_copy)["is_sample"] is False
    assert importer.restore("entities").ok
    assert served.read_bytes() == shipped
    assert storage.read_meta(data_copy)["is_sample"] is True
    grid = loader.entity_grid("650102", 0.25)
    assert grid.entities == int((before.district == before.district_codes.index("650102")).sum())


def test_a_folder_without_entities_offers_no_layer(data_copy):
    (data_copy / "entities.parquet").unlink()
    assert loader.load_entities() is None and loader.entity_grid(None, 2.0) is None


def test_generator_is_seeded_and_puts_points_inside_their_districts():
    first = generate_entities.generate(3000, seed=5)
    assert first.equals(generate_entities.generate(3000, seed=5))
    districts = loader.load_boundaries("districts").set_index("adcode")
    for adcode, group in first.groupby("district"):
        inside = shapely.contains_xy(districts.geometry[adcode], group["lon"], group["lat"])
        assert inside.all()
    shares = first["district"].value_counts(normalize=True)
    assert shares[["650102", "650104"]].min() > 5 * shares[["650107", "650121"]].max()
    assert set(first["kind"]) == set(entities.KIND_CODES)
    assert np.isclose((first["kind"] == "enterprise").mean(), 0.28, atol=0.03)
