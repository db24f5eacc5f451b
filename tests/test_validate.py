import pandas as pd
import pytest

from data import loader
from data.schema import DatasetError
from data.validate import parse_table
from tests.rows import community_record as community
from tests.rows import indicator_record as indicator_row


@pytest.fixture(scope="module")
def districts():
    return pd.DataFrame(loader.load_boundaries("districts").drop(columns="geometry"))


def problems(kind, rows, districts, file="communities.csv"):
    with pytest.raises(DatasetError) as caught:
        parse_table(kind, pd.DataFrame(rows, dtype=str), file, districts)
    return caught.value.problems


def test_valid_rows_are_typed_and_codes_normalised(districts):
    rows = [community(), community(id="C2", district="650105", type="digital", lon="87.65")]
    out = parse_table("communities", pd.DataFrame(rows), "communities.csv", districts)
    assert out["district"].tolist() == ["650102", "650105"]
    assert out["type"].tolist() == ["childcare", "digital"]
    assert out["jobs_created"].tolist() == [20, 20]
    assert str(out["year"].dtype) == "Int64"


def test_full_width_digits_and_thousands_separators(districts):
    rows = [community(jobs_created="１２３，４５６", new_entities="1,204", trained_total=" 7 ")]
    out = parse_table("communities", pd.DataFrame(rows), "c.csv", districts)
    assert out.loc[0, ["jobs_created", "new_entities", "trained_total"]].tolist() == [
        123456, 1204, 7,
    ]  # fmt: skip


def test_every_problem_is_reported_with_row_and_column(districts):
    rows = [
        community(),
        community(id="C2", district="天山", jobs_created="-3"),  # short name is fine
        community(id="C3", district="天出区", type="托育服", year="二〇二三"),
        community(id="C1", lon="43.79", lat="87.61"),
    ]
    found = problems("communities", rows, districts)
    by_place = {(p.row, p.column): p.message for p in found}
    assert by_place[(3, "jobs_created")] == "不能为负数"
    assert "天山区" in by_place[(4, "district")]  # did-you-mean
    assert "托育服务" in by_place[(4, "type")]
    assert "不是数字" in by_place[(4, "year")]
    assert "重复" in by_place[(5, "id")] and "第 2 行" in by_place[(5, "id")]
    assert "填反" in by_place[(5, "lon")]
    text = str(found[0])
    assert text.startswith("communities.csv，第 3 行，“带动就业”列：")


def test_missing_columns_and_empty_file(districts):
    rows = [community()]
    frame = pd.DataFrame(rows).drop(columns=["lat", "name"])
    with pytest.raises(DatasetError) as caught:
        parse_table("communities", frame, "c.csv", districts)
    assert {(p.column, p.message) for p in caught.value.problems} == {
        ("lat", "缺少此列"), ("name", "缺少此列"),
    }  # fmt: skip
    empty = pd.DataFrame(columns=list(rows[0]))
    with pytest.raises(DatasetError, match="没有数据行"):
        parse_table("communities", empty, "c.csv", districts)


def test_coordinates_outside_region(districts):
    found = problems("communities", [community(lon="116.4", lat="30.2")], districts)
    assert {p.column for p in found} == {"lon", "lat"}
    assert all("不在新疆范围内" in p.message for p in found)


def test_indicator_quarters_and_totals(districts):
    good = parse_table("indicators", pd.DataFrame([indicator_row()]), "i.csv", districts)
    assert good.loc[0, "startup_loans"] == 12.5
    rows = [
        indicator_row(quarter="2021Q4"),
        indicator_row(quarter="2023 Q5", community_type="finance"),
        indicator_row(quarter="2024季3", trained_total="7", community_type="health"),
    ]
    found = problems("indicators", rows, districts, "indicators.csv")
    messages = {(p.row, p.column): p.message for p in found}
    assert "超出" in messages[(2, "quarter")]
    assert "不是 2023Q2" in messages[(3, "quarter")]
    assert "与分项" in messages[(4, "trained_total")] and "6" in messages[(4, "trained_total")]
    assert (4, "quarter") not in messages  # 2024季3 is read as 2024Q3


def test_duplicate_composite_key(districts):
    rows = [indicator_row(), indicator_row(district="新市区")]
    found = problems("indicators", rows, districts, "indicators.csv")
    assert len(found) == 1 and found[0].row == 3 and "重复" in found[0].message
