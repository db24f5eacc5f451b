import time

import pandas as pd
import pytest

from data import files, loader, memo, storage
from data.schema import DatasetError


def test_unset_env_uses_the_shipped_sample(monkeypatch):
    monkeypatch.delenv(loader.DATA_DIR_ENV, raising=False)
    assert loader.data_dir() == loader.SAMPLE_DIR
    assert loader.boundary_path("districts").parent == loader.SHIPPED_BOUNDARY_DIR


def test_env_dir_is_read_and_a_replaced_file_reloads(data_copy):
    assert loader.data_dir() == data_copy
    before = loader.load("communities")
    path = data_copy / "communities.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.iloc[:10].to_csv(path, index=False)  # as another process would replace it
    time.sleep(files.SIGNATURE_CHECK_SECONDS)  # signatures are read at most once a second
    after = loader.load("communities")
    assert len(before) > 10 and len(after) == 10


def test_a_rerun_reads_no_file_system_until_the_check_interval(data_copy, monkeypatch):
    stats = []
    read = files._stat_signature
    monkeypatch.setattr(files, "_stat_signature", lambda path: stats.append(path) or read(path))
    first = loader.data_signature()
    assert stats  # the first call reads every file's signature
    stats.clear()
    for _ in range(20):
        assert loader.data_signature() == first
    assert stats == []
    path = data_copy / "communities.csv"
    storage.atomic_write_bytes(path, path.read_bytes() + b"\n")  # written by this process
    assert loader.data_signature() != first and stats == [path]  # seen at once


def test_derived_answers_are_shared_until_the_data_changes(data_copy):
    calls = []

    @memo.per_data
    def community_count(data, district):
        calls.append(district)
        return int((data.communities["district"] == district).sum())

    data = loader.load_all()
    assert community_count(data, "650102") == community_count(data, "650102") > 0
    assert calls == ["650102"]  # the second call is the shared answer
    path = data_copy / "communities.csv"
    frame = pd.read_csv(path, dtype=str)
    storage.atomic_write_bytes(path, frame.iloc[:3].to_csv(index=False).encode())
    fresh = loader.load_all()
    assert fresh is not data
    assert len(fresh.communities) == 3
    expected = int((fresh.communities["district"] == "650102").sum())
    assert community_count(fresh, "650102") == expected
    assert calls == ["650102", "650102"]  # computed again for the new data


def test_bad_file_names_file_row_and_column(data_copy):
    path = data_copy / "targets.csv"
    frame = pd.read_csv(path, dtype=str)
    frame.loc[4, "jobs_created"] = "很多"
    frame.to_csv(path, index=False)
    with pytest.raises(DatasetError) as caught:
        loader.load("targets")
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column) == ("targets.csv", 6, "jobs_created")
    assert str(problem) == "targets.csv，第 6 行，“带动就业”列：“很多”不是数字"


def test_missing_file_is_a_clear_error(data_copy):
    (data_copy / "bases.csv").unlink()
    with pytest.raises(DatasetError, match=r"数据目录中缺少数据文件 bases\.csv") as caught:
        loader.load("bases")
    assert str(data_copy) not in str(caught.value)  # no server path on a public page


def test_boundaries_can_be_replaced_from_the_data_dir(data_copy):
    replacement = data_copy / "boundaries"
    replacement.mkdir()
    districts = loader.load_boundaries("districts")
    districts.iloc[:3].to_file(replacement / "urumqi_districts.geojson", driver="GeoJSON")
    time.sleep(files.SIGNATURE_CHECK_SECONDS)  # signatures are read at most once a second
    assert len(loader.load_boundaries("districts")) == 3


def test_data_without_meta_is_not_labelled_sample(data_copy):
    (data_copy / "meta.json").unlink()
    info = loader.dataset_info()
    assert not info.is_sample and info.label == ""


def test_an_applied_import_is_served_at_the_next_load_without_restart(data_copy):
    from data import importer

    before = loader.load_all()
    frame = pd.read_csv(data_copy / "communities.csv", dtype=str)
    upload = frame.iloc[:20].to_csv(index=False).encode("utf-8")
    result = importer.apply_bytes("communities", upload, "社区.csv", crs="wgs84")
    assert result.applied, result.summary
    after = loader.load_all()
    assert len(before.communities) > 20 and len(after.communities) == 20
    assert loader.load_all() is after  # shared until a file changes again
