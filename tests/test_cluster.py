"""Two app servers behind nginx on one PostgreSQL/PostGIS store (``tools.cluster``).

Needs Debian's ``postgresql``, ``postgresql-15-postgis-3`` and ``nginx`` (``.ci/run``
installs them); without them these tests skip and say which is missing.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from bench.protocol import Session, run_async
from data import loader, settings
from data.stores.postgres import VERSION_TTL_SECONDS
from tools.cluster import Cluster, missing_services
from tools.local_server import LOOPBACK

ROOT = loader.SAMPLE_DIR.parent.parent
MISSING = missing_services()
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"no {', '.join(MISSING)} on this machine: cluster tests skipped"
)
COMMUNITIES_LABEL = tomllib.loads(
    (ROOT / "components" / "locales" / "zh" / "overview.toml").read_text(encoding="utf-8")
)["overview"]["communities"]


@pytest.fixture(scope="module")
def cluster():
    """The test database when there is one (emptied), else a private PostgreSQL."""
    folder = Path(tempfile.mkdtemp(prefix="atlas-cluster-test-"))
    os.chmod(folder, 0o755)  # a private PostgreSQL runs as its own user when we are root
    running = Cluster(folder, servers=2, database_url=settings.test_database_url())
    running.start()
    yield running
    running.stop()
    shutil.rmtree(folder, ignore_errors=True)


def _community_count(run) -> str:
    return next(value for label, value in run.metrics if label == COMMUNITIES_LABEL)


def _upstreams(cluster: Cluster, since: int) -> list[str]:
    """The app server nginx sent each websocket to, from its access log after ``since``."""
    lines = (cluster.folder / "nginx" / "nginx-access.log").read_text().splitlines()[since:]
    return [line.rsplit(" ", 1)[-1] for line in lines if "/_stcore/stream" in line]


def _log_length(cluster: Cluster) -> int:
    return len((cluster.folder / "nginx" / "nginx-access.log").read_text().splitlines())


def test_both_servers_show_a_command_line_apply_at_their_next_run(cluster, tmp_path):
    async def open_all():
        urls = [f"http://{LOOPBACK}:{port}" for port in cluster.apps] + [cluster.url]
        sessions = [await Session.open(url) for url in urls]
        firsts = [await s.run("") for s in sessions]
        return sessions, firsts

    sessions, firsts = run_async(open_all)
    sample = pd.read_csv(loader.SAMPLE_DIR / "communities.csv", dtype=str)
    assert {_community_count(run) for run in firsts} == {str(len(sample))}

    path = tmp_path / "社区.csv"
    sample.head(5).to_csv(path, index=False)
    env = {**os.environ, "ATLAS_DATABASE_URL": cluster.db_url, "ATLAS_DATA_DIR": ""}
    command = [sys.executable, "-m", "data.importer", "apply", "communities", str(path)]
    done = subprocess.run(
        [*command, "--crs", "wgs84"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    time.sleep(VERSION_TTL_SECONDS + 0.2)  # each server asks for the version once a second

    async def rerun_all():
        runs = [await s.run("") for s in sessions]
        await asyncio.gather(*(s.close() for s in sessions))
        return runs

    assert [_community_count(run) for run in run_async(rerun_all)] == ["5", "5", "5"]


def test_a_killed_server_sends_new_sessions_to_the_survivor(cluster):
    before = _log_length(cluster)

    async def open_sessions(count: int):
        sessions = [await Session.open(cluster.url) for _ in range(count)]
        return sessions, [await s.run("map") for s in sessions]

    old_sessions, _ = run_async(lambda: open_sessions(8))
    old_upstreams = _upstreams(cluster, before)
    assert len(set(old_upstreams)) == 2, "nginx should spread sessions over both servers"

    killed_port = next(iter(cluster.apps))
    cluster.kill_app(killed_port)
    killed = f"{LOOPBACK}:{killed_port}"

    async def rerun_old():
        outcomes = []
        for session in old_sessions:
            try:
                await session.run("map", timeout=30)
                outcomes.append("ok")
            except Exception as error:  # what a killed server's session sees
                outcomes.append(type(error).__name__)
        await asyncio.gather(*(s.close() for s in old_sessions), return_exceptions=True)
        return outcomes

    outcomes = run_async(rerun_old)
    for upstream, outcome in zip(old_upstreams, outcomes, strict=True):
        assert (outcome == "ok") == (upstream != killed), (upstream, outcome)
    print(f"sessions on the killed server saw: {sorted(set(outcomes) - {'ok'})}")

    after_kill = _log_length(cluster)

    async def new_sessions():
        fresh, runs = await open_sessions(8)
        await asyncio.gather(*(s.close() for s in fresh))
        return runs

    runs = run_async(new_sessions)  # raises on any error in a first render
    assert len(runs) == 8 and all(run.components >= 1 for run in runs)
    served_by = _upstreams(cluster, after_kill)
    survivor = f"{LOOPBACK}:{next(p for p in cluster.apps if p != killed_port)}"
    assert served_by and {re.split(r",\s*", u)[-1] for u in served_by} == {survivor}
