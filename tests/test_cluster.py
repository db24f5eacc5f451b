"""Two app servers behind nginx on one PostgreSQL/PostGIS store (``tools.cluster``).

Needs Debian's ``postgresql``, ``postgresql-15-postgis-3`` and ``nginx`` (``.ci/run``
installs them); without them these tests skip and say which is missing.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
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
    sample = pd.read_csv(loader.SAMPLE_DIR / "communities.csv", dtype=str)
    path = tmp_path / "社区.csv"
    sample.head(5).to_csv(path, index=False)
    env = {**os.environ, "ATLAS_DATABASE_URL": cluster.db_url, "ATLAS_DATA_DIR": ""}
    command = [sys.executable, "-m", "data.importer", "apply", "communities", str(path)]

    async def scenario():
        urls = [f"http://{LOOPBACK}:{port}" for port in cluster.apps] + [cluster.url]
        sessions = [await Session.open(url) for url in urls]
        before = [await s.run("") for s in sessions]
        done = await asyncio.to_thread(
            subprocess.run, [*command, "--crs", "wgs84"], cwd=ROOT, env=env, capture_output=True
        )
        assert done.returncode == 0, done.stderr.decode()
        await asyncio.sleep(VERSION_TTL_SECONDS + 0.2)  # servers ask once a second at most
        after = [await s.run("") for s in sessions]
        await asyncio.gather(*(s.close() for s in sessions))
        return before, after

    before, after = run_async(scenario)
    assert [_community_count(run) for run in before] == [str(len(sample))] * 3
    assert [_community_count(run) for run in after] == ["5", "5", "5"]


def _get(url: str, cookie: str | None = None) -> str:
    """GET through nginx; the ``atlas_server`` cookie nginx sets in its reply."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as reply:
        cookies = reply.headers.get_all("Set-Cookie") or []
    return next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("atlas_"))


def test_new_browsers_take_the_servers_in_turn_and_the_cookie_keeps_them_there(cluster):
    addresses = [f"{LOOPBACK}:{port}" for port in cluster.apps]
    time.sleep(0.5)
    mark = _log_length(cluster)
    fresh = [_get(cluster.url + "/") for _ in range(6)]
    pinned = [_get(cluster.url + "/", cookie="atlas_server=2") for _ in range(4)]
    stale = _get(cluster.url + "/", cookie="atlas_server=9")
    time.sleep(0.5)
    lines = (cluster.folder / "nginx" / "nginx-access.log").read_text().splitlines()[mark:]
    served = [line.rsplit(" ", 1)[-1] for line in lines if '"GET / ' in line]
    assert len(served) == 11
    assert sorted(served[:6]) == sorted(addresses * 3), "new browsers alternate"
    assert all(a != b for a, b in itertools.pairwise(served[:6]))
    # each reply's cookie names the server that answered it
    assert [addresses[int(c) - 1] for c in fresh] == served[:6]
    assert pinned == ["2"] * 4 and served[6:10] == [addresses[1]] * 4
    assert stale in ("1", "2") and served[10] == addresses[int(stale) - 1]


def test_a_killed_server_sends_new_sessions_to_the_survivor(cluster):
    killed_port, survivor_port = list(cluster.apps)
    killed, survivor = f"{LOOPBACK}:{killed_port}", f"{LOOPBACK}:{survivor_port}"

    async def scenario():
        old = [await Session.open(cluster.url) for _ in range(12)]
        for session in old:
            await session.run("map")
        cluster.kill_app(killed_port)
        outcomes = []
        for session in old:
            try:
                await session.run("map", timeout=30)
                outcomes.append("ok")
            except Exception as error:  # what a killed server's session sees
                outcomes.append(type(error).__name__)
        await asyncio.gather(*(s.close() for s in old), return_exceptions=True)
        await asyncio.sleep(0.5)  # nginx logs a websocket when it closes
        mark = _log_length(cluster)
        fresh = [await Session.open(cluster.url) for _ in range(8)]
        runs = [await s.run("map") for s in fresh]  # raises on any error
        await asyncio.gather(*(s.close() for s in fresh))
        return outcomes, mark, runs

    before = _log_length(cluster)
    outcomes, mark, runs = run_async(scenario)
    print(f"sessions on the killed server saw: {sorted(set(outcomes) - {'ok'})}")
    time.sleep(0.5)
    old_upstreams = [u.split(",")[-1].strip() for u in _upstreams(cluster, before)[:12]]
    assert set(old_upstreams) == {killed, survivor}, "sessions were spread over both servers"
    assert outcomes.count("ok") == old_upstreams.count(survivor)  # only the killed ones failed
    assert len(runs) == 8 and all(run.components >= 1 for run in runs)
    new_upstreams = [u.split(",")[-1].strip() for u in _upstreams(cluster, mark)]
    assert len(new_upstreams) == 8 and set(new_upstreams) == {survivor}
