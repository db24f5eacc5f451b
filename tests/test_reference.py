import os
import re
import shutil
import time

from data import files, reference


def test_thirteen_community_types_with_distinct_colours_and_purposes():
    types = reference.community_types()
    assert len(types) == 13
    assert types["code"].is_unique and types["name_zh"].is_unique
    assert types["color"].str.fullmatch(r"#[0-9a-f]{6}").all()
    assert types["color"].nunique() == 13
    assert (types["purpose"].str.len() > 10).all()
    assert set(types["name_zh"]) == {
        "便民经济", "现代服务", "托育服务", "养老家政", "健康服务", "商贸服务", "数字服务",
        "新兴服务", "交通物流", "会展服务", "金融服务", "文化旅游", "电子商务",
    }  # fmt: skip
    childcare = types.set_index("code").loc["childcare", "purpose"]
    assert childcare.startswith("在居民聚集、育龄人群较多区域")


def test_base_kinds_levels_and_cluster_kinds():
    assert set(reference.base_kinds()["name_zh"]) == {
        "创业孵化示范基地", "众创空间", "科技企业孵化器", "创业园区", "星创天地",
    }  # fmt: skip
    assert reference.base_levels()["name_zh"].tolist() == ["国家级", "自治区级", "市级", "区级"]
    assert reference.cluster_kinds()["name_zh"].tolist() == ["核", "轴", "区"]


def test_indicator_catalogue_breakdown():
    catalogue = reference.indicators().set_index("code")
    assert catalogue.at["startup_loans", "unit"] == "万元"
    assert reference.indicator_parts("trained_total") == [
        "trained_job_skills", "trained_post_skills", "trained_startup",
    ]  # fmt: skip
    assert {catalogue.at[c, "name_zh"] for c in reference.indicator_parts("trained_total")} == {
        "就业技能培训", "岗位技能提升培训", "创业培训",
    }  # fmt: skip
    assert reference.indicator_parts("jobs_created") == []
    assert set(catalogue["direction"]) <= {"higher", "lower"}


def test_code_lookup_accepts_codes_and_names():
    assert reference.code_for("community_types", "托育服务") == "childcare"
    assert reference.code_for("community_types", "托育服务社区") == "childcare"
    assert reference.code_for("community_types", " E-commerce ") == "ecommerce"
    assert reference.code_for("base_levels", "自治区级") == "regional"
    assert reference.code_for("community_types", "宇宙服务") is None
    assert reference.label("base_kinds", "maker_space") == "众创空间"


def test_program_figures_carry_their_source():
    figures = reference.program_figures().set_index("code")
    assert (figures["source_title"].str.len() > 0).all()
    assert (figures["source_outlet"].str.len() > 0).all()
    assert figures.at["xj_incubation_bases", "value"] == 371
    assert figures.at["xj_startup_parks", "value"] == 77
    assert figures.at["urumqi_smes_target", "value"] == 53390
    assert figures.at["tianshan_jobs", "value"] == 18200
    # The quote holds the figure as the document writes it.
    for row in figures.itertuples():
        digits = re.findall(r"\d+(?:\.\d+)?", row.quote)
        written = {row.value, row.value / 10_000}
        assert any(float(d) in written for d in digits) or row.Index.startswith("program_")


def test_a_changed_reference_file_is_read_again(tmp_path, monkeypatch):
    shutil.copytree(files.REFERENCE_DIR, tmp_path / "reference")
    monkeypatch.setattr(files, "REFERENCE_DIR", tmp_path / "reference")
    assert reference.label("cluster_kinds", "core") == "核"
    path = tmp_path / "reference" / "cluster_kinds.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",核,", ",两核,"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a new signature even within the clock's resolution
    time.sleep(files.SIGNATURE_CHECK_SECONDS)  # signatures are read at most once a second
    assert reference.label("cluster_kinds", "core") == "两核"
    assert reference.cluster_kinds().set_index("code").at["core", "name_zh"] == "两核"
