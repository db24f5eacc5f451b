"""The shipped sample: reproducible, complete, placed inside its districts, consistent."""

import pandas as pd
import pytest
import shapely

from data import loader, reference
from data.schema import KINDS
from tools import generate_sample

URBAN = {"650102", "650103", "650104", "650105"}


@pytest.fixture(scope="module")
def sample():
    return {kind: loader.load(kind) for kind in KINDS}


def test_committed_sample_is_what_the_seeded_generator_writes(tmp_path):
    generate_sample.main(["--out", str(tmp_path)])
    for kind in KINDS:
        name = KINDS[kind].file_name
        assert (tmp_path / name).read_bytes() == (loader.SAMPLE_DIR / name).read_bytes(), name


def test_different_seed_gives_different_data():
    assert not generate_sample.generate(7)["communities"].equals(
        generate_sample.generate(8)["communities"]
    )


def test_communities_cover_every_district_and_type_weighted_to_the_city(sample):
    communities = sample["communities"]
    assert len(communities) >= 120
    assert set(communities["district"]) == set(loader.load_boundaries()["adcode"])
    assert set(communities["type"]) == set(reference.codes("community_types"))
    assert communities["district"].isin(URBAN).mean() > 0.5
    assert communities["name"].is_unique
    assert communities["year"].between(2022, 2024).all()


def test_every_point_lies_in_its_declared_district(sample):
    shapes = loader.load_boundaries().set_index("adcode").geometry
    for kind in ("communities", "bases"):
        frame = sample[kind]
        inside = [
            shapely.contains_xy(shapes[row.district], row.lon, row.lat)
            for row in frame.itertuples()
        ]
        assert all(inside), kind


def test_bases_cover_every_kind_and_level_and_real_places(sample):
    bases = sample["bases"]
    assert len(bases) >= 40
    assert set(bases["kind"]) == set(reference.codes("base_kinds"))
    assert set(bases["level"]) == set(reference.codes("base_levels"))
    assert len(bases.groupby(["kind", "level"])) == 20
    chuangzhi = bases.set_index("name").loc["创智大厦"]
    assert chuangzhi["district"] == "650106" and chuangzhi["firms"] == 200
    assert "新疆创业创新热潮涌动" in chuangzhi["source"]
    invented = bases[~bases["source"].str.contains("新疆民生网|市委")]
    assert (invented["source"] == reference.SAMPLE_LABEL).all()


def test_clusters_follow_the_two_cores_five_axes_five_zones(sample):
    clusters = sample["clusters"]
    assert clusters["kind"].value_counts().to_dict() == {"core": 2, "axis": 5, "zone": 5}
    units = set(loader.load_boundaries("xinjiang")["short_name"])
    members = {m for text in clusters["members"] for m in text.split("、")}
    assert members <= units


def test_numbers_add_up_across_breakdowns(sample):
    communities, indicators = sample["communities"], sample["indicators"]
    for code in ("new_entities", "jobs_created", "trained_total"):
        assert communities[code].sum() == indicators[code].sum()
        by_district = communities.groupby("district")[code].sum()
        pd.testing.assert_series_equal(
            by_district, indicators.groupby("district")[code].sum(), check_names=False
        )
    parts = reference.indicator_parts("trained_total")
    assert (indicators[parts].sum(axis=1) == indicators["trained_total"]).all()
    targets = sample["targets"]
    assert (targets[parts].sum(axis=1) == targets["trained_total"]).all()
    assert set(indicators["quarter"]) == set(generate_sample.QUARTERS)
    assert len(targets) == 8 * 3


def test_sample_is_labelled_as_sample():
    info = loader.dataset_info()
    assert info.is_sample and info.label == "示例数据"
    assert info.data_date == "2024-12-31"
