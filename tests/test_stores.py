"""The data layer and the importer against both stores: the dataset folder and PostgreSQL.

Database tests need ``ATLAS_TEST_DATABASE_URL`` (a scratch PostgreSQL with PostGIS that
they empty); without it they skip and say so. ``.ci/run`` starts one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from data import importer, loader, storage, stores
from data.schema import KINDS
from tests.database import audit_entries, fresh_database

ROOT = loader.SAMPLE_DIR.parent.parent


class Store:
    """One store, seen the way the app and the importer see it."""

    def __init__(self, name: str, folder=None, url: str | None = None):
        self.name, self.folder, self.url = name, folder, url

    def audit(self) -> list[dict]:
        if self.url is None:
            return storage.read_audit(self.folder)
        return audit_entries(self.url)

    def environment(self) -> dict[str, str]:
        if self.url is None:
            return {"ATLAS_DATA_DIR": str(self.folder), "ATLAS_DATABASE_URL": ""}
        return {"ATLAS_DATA_DIR": "", "ATLAS_DATABASE_URL": self.url}


def _database_store(monkeypatch) -> Store:
    return Store("database", url=fresh_database(monkeypatch))


@pytest.fixture(params=["folder", "database"])
def store(request, tmp_path, monkeypatch):
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    if request.param == "folder":
        target = tmp_path / "atlas-data"
        shutil.copytree(loader.SAMPLE_DIR, target)
        monkeypatch.setenv(loader.DATA_DIR_ENV, str(target))
        chosen = Store("folder", folder=target)
    else:
        chosen = _database_store(monkeypatch)
    loader.clear_cache()
    yield chosen
    loader.clear_cache()


@pytest.fixture
def database(monkeypatch):
    chosen = _database_store(monkeypatch)
    loader.clear_cache()
    yield chosen
    loader.clear_cache()


def _sample(kind: str) -> pd.DataFrame:
    return pd.read_csv(loader.SAMPLE_DIR / KINDS[kind].file_name, dtype=str, keep_default_na=False)


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def test_each_store_serves_what_the_sample_folder_holds(store, monkeypatch):
    assert stores.uses_database() == (store.name == "database")
    served = loader.load_all()
    monkeypatch.delenv("ATLAS_DATABASE_URL", raising=False)
    monkeypatch.delenv(loader.DATA_DIR_ENV, raising=False)
    loader.clear_cache()
    sample = loader.load_all()
    for kind in KINDS:
        pd.testing.assert_frame_equal(getattr(served, kind), getattr(sample, kind))
    assert list(served.districts["adcode"]) == list(sample.districts["adcode"])
    assert served.units["geometry"].geom_equals_exact(sample.units["geometry"], 1e-6).all()
    info = loader.dataset_info()
    assert info.is_sample and info.data_date == "2024-12-31"


def test_apply_is_seen_at_the_next_run_and_restore_gives_the_data_back(store):
    before_key = loader.data_signature()
    original = loader.load("clusters")
    fewer = _sample("clusters").head(3)
    applied = importer.apply_bytes("clusters", _csv(fewer), "集群.csv", user="王芳")
    assert applied.applied and applied.rows_before == len(original)
    assert loader.data_signature() != before_key  # a new cache key, without a restart
    assert list(loader.load("clusters")["id"]) == list(fewer["id"])
    assert not loader.dataset_info().is_sample
    (entry,) = store.audit()
    assert (entry["action"], entry["user"], entry["source"]) == ("apply", "王芳", "集群.csv")
    assert (entry["rows_before"], entry["rows_after"]) == (len(original), 3)
    assert entry["kept_version"].startswith("versions/clusters/")

    restored = importer.restore("clusters", user="李明")
    assert restored.ok
    pd.testing.assert_frame_equal(loader.load("clusters"), original)
    assert store.audit()[-1]["action"] == "restore"
    assert loader.dataset_info().is_sample  # every dataset is the sample again
    importer.restore("clusters")  # a second restore undoes the first
    assert len(loader.load("clusters")) == 3


def test_any_version_is_restored_by_id_and_the_same_file_changes_nothing(store):
    original = loader.load("clusters")
    for rows in (1, 2):
        fewer = _csv(_sample("clusters").head(rows))
        assert importer.apply_bytes("clusters", fewer, f"{rows}.csv").applied
    again = importer.apply_bytes("clusters", _csv(_sample("clusters").head(2)), "again.csv")
    assert again.unchanged and len(store.audit()) == 2
    versions = importer.list_versions("clusters")  # newest first: one row, the sample
    assert [v.current for v in versions] == [False, False]
    assert importer.restore("clusters", version=versions[-1].id).ok  # past the newest
    pd.testing.assert_frame_equal(loader.load("clusters"), original)
    assert loader.dataset_info().is_sample
    same = next(v for v in importer.list_versions("clusters") if v.current)
    assert importer.restore("clusters", version=same.id).unchanged
    assert len(store.audit()) == 3
    with pytest.raises(importer.UsageError, match="没有编号为“nope-1”"):
        importer.restore("clusters", version="nope-1")


def test_a_file_with_problems_changes_nothing(store):
    key = loader.data_signature()
    bad = _sample("indicators").head(2).assign(quarter="2030Q1")
    report = importer.apply_bytes("indicators", _csv(bad), "指标.csv")
    assert not report.applied and report.check.problems
    assert loader.data_signature() == key and store.audit() == []


def test_entities_and_boundaries_round_trip(store):
    points = loader.load_entities()
    grid = loader.entity_grid(None, 2.0)
    assert points is not None and len(points) == 20_000 and points.is_sample
    assert grid.entities == int((points.district >= 0).sum()) > 0
    boundaries = (ROOT / "data" / "boundaries" / "urumqi_districts.geojson").read_bytes()
    applied = importer.apply_bytes("boundaries", boundaries, "区县.geojson", "wgs84")
    assert applied.ok and applied.rows_before in (None, 8)  # the folder: unchanged
    assert len(loader.load_boundaries("districts")) == 8


def test_the_command_line_works_against_either_store(store, tmp_path):
    path = tmp_path / "目标.csv"
    path.write_bytes(_csv(_sample("targets").head(4)))
    env = {**os.environ, "PYTHONPATH": str(ROOT), **store.environment()}

    def run(*args):
        command = [sys.executable, "-m", "data.importer", *args]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)

    applied = run("apply", "targets", str(path), "--user", "张三")
    assert applied.returncode == 0, applied.stderr
    assert "已导入：4 条" in applied.stdout
    assert len(loader.load("targets")) == 4  # this process sees the other one's apply
    assert run("restore", "targets").returncode == 0
    assert len(loader.load("targets")) == len(_sample("targets"))


# ------------------------------------------------------------------ database only


def test_a_failure_inside_the_transaction_changes_nothing(database, monkeypatch):
    from data.stores import postgres

    version = postgres.current_version(max_age=0)
    before = loader.load("communities")

    def broken(*args):
        raise RuntimeError("连接中断")

    monkeypatch.setattr(postgres, "_finish", broken)  # after the rows were replaced
    with pytest.raises(RuntimeError, match="连接中断"):
        importer.apply_bytes("communities", _csv(_sample("communities").head(2)), "c.csv", "wgs84")
    assert postgres.current_version(max_age=0) == version
    pd.testing.assert_frame_equal(loader.load("communities"), before)
    assert database.audit() == []


def test_a_killed_apply_changes_nothing(database, tmp_path):
    import sqlalchemy as sa

    from data.stores import postgres
    from tools import generate_entities

    version = postgres.current_version(max_age=0)
    path = tmp_path / "市场主体.parquet"
    generate_entities.write(generate_entities.generate(300_000, seed=7), path)
    env = {**os.environ, "PYTHONPATH": str(ROOT), **database.environment()}
    command = [sys.executable, "-m", "data.importer", "apply", "entities", str(path)]
    process = subprocess.Popen(
        [*command, "--crs", "wgs84"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    writing = "SELECT count(*) FROM pg_stat_activity WHERE query ILIKE '%atlas_entities%'"
    writing += " AND pid <> pg_backend_pid() AND state <> 'idle'"
    deadline = time.monotonic() + 180
    try:
        with postgres.engine(database.url).connect() as conn:
            while not conn.execute(sa.text(writing)).scalar():
                assert process.poll() is None, "the apply ended before it was caught writing"
                assert time.monotonic() < deadline
                conn.commit()  # the activity view is read once per transaction
                time.sleep(0.01)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    time.sleep(0.5)  # the server notices the closed connection and rolls back
    assert postgres.current_version(max_age=0) == version
    loader.clear_cache()
    assert len(loader.load_entities()) == 20_000
    assert database.audit() == []


def test_entities_are_postgis_points_with_a_spatial_index(database):
    import sqlalchemy as sa

    from data.stores import postgres

    points = loader.load_entities()
    codes = points.district_codes
    with postgres.engine(database.url).connect() as conn:
        index = conn.execute(
            sa.text("SELECT indexdef FROM pg_indexes WHERE tablename = 'atlas_entities'")
        ).scalar()
        inside = conn.execute(
            sa.text(
                "SELECT b.properties->>'adcode', count(*) FROM atlas_entities e JOIN"
                " atlas_boundaries b ON b.level = 'districts' AND ST_Intersects(b.geom, e.geom)"
                " GROUP BY 1"
            )
        ).all()
    assert "gist" in index.lower()
    by_district = {code: int((points.district == n).sum()) for n, code in enumerate(codes)}
    for code, count in inside:
        assert abs(count - by_district[code]) <= 2, code  # points on a shared edge may differ


def test_init_command_creates_the_schema_and_loads_a_folder(database):
    from data.stores import postgres

    env = {**os.environ, "PYTHONPATH": str(ROOT), **database.environment()}
    command = [sys.executable, "-m", "data.database", "init", "--reset", "--load"]
    done = subprocess.run(
        [*command, str(loader.SAMPLE_DIR)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "communities 156 条" in done.stdout
    assert len(loader.load("communities")) == 156
    assert postgres.current_version(max_age=0) > 0
    env["ATLAS_DATABASE_URL"] = ""
    refused = subprocess.run(
        [sys.executable, "-m", "data.database", "init"], cwd=ROOT, env=env, capture_output=True
    )
    assert refused.returncode == 2


SNAPSHOT_FILES = ("entities.parquet", "communities.csv", "clusters.csv")


def test_every_server_reads_the_version_in_one_query_and_snapshots_once(database):
    from data.stores import postgres, snapshot

    first = loader.files.data_dir()
    assert first == loader.files.data_dir()  # within the version's lifetime: no new snapshot
    assert json.loads((first / "meta.json").read_text(encoding="utf-8"))["is_sample"]
    importer.apply_bytes("clusters", _csv(_sample("clusters").head(1)), "k.csv")
    second = loader.files.data_dir()
    assert second != first and second.name == f"v{postgres.current_version(max_age=0)}"
    # Unchanged files are taken over from the snapshot before (no pull of every point)...
    same = [(first / n).stat().st_ino == (second / n).stat().st_ino for n in SNAPSHOT_FILES]
    assert same == [True, True, False]
    # ...and read the same: the snapshot of another server, written whole, has equal files.
    reused = [(second / n).read_bytes() for n in SNAPSHOT_FILES]
    loader.clear_cache()
    shutil.rmtree(snapshot.snapshot_root(database.url))
    whole = loader.files.data_dir()
    assert [(whole / n).read_bytes() for n in SNAPSHOT_FILES] == reused


def test_the_streamed_pull_and_the_density_benchmark_agree_with_numpy(database):
    import sqlalchemy as sa

    from bench import density_store
    from data.stores import postgres
    from geo import density

    density_store.load(3_000, database.url)  # generated and copied in, index rebuilt
    codes = tuple(loader.load_boundaries("districts")["adcode"])
    with postgres.engine(database.url).begin() as conn:
        conn.execute(sa.text("UPDATE atlas_entities SET district = NULL WHERE id = 'E00000001'"))
    with postgres.engine(database.url).connect() as conn:
        points = density_store.pull(conn, codes)  # COPY → Arrow → Parquet → arrays
        assert len(points) == 3_000 and int((points.district < 0).sum()) == 1
        for code, cell_km in density_store.VIEWS:
            query, values = density_store.grid_sql(cell_km, code)
            in_database = {(r.ix, r.iy): r.total for r in conn.execute(sa.text(query), values)}
            only = None if code is None else codes.index(code)
            grid = density.aggregate(
                points.lon, points.lat, points.kind, points.district, codes, cell_km, only
            )
            cells = grid.cells
            in_numpy = {
                (ix, iy): total
                for ix, iy, total in cells[["ix", "iy", "total"]].itertuples(index=False)
            }
            assert in_database == in_numpy and in_numpy
