"""``python -m bench.cluster [--servers 1 2] [--sessions 50 100]``: the load test through nginx.

It starts one PostgreSQL with PostGIS holding the sample and, for each number of app
servers, the loopback arrangement of ``tools.cluster`` (N app servers, nginx), then runs
``bench.load``'s sessions through each nginx in turn, and prints one table: first render
p50/p95 per servers × sessions, errors, and how many sessions N servers hold at the p95
one server has at each of its session counts (linear between the measured points).
Needs Debian's ``postgresql``, ``postgresql-15-postgis-3`` and ``nginx``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
from pathlib import Path

from bench.load import RUN_TIMEOUT, VIEWS, _warm, drive
from bench.protocol import LOOP_NAME, run_async
from tools.cluster import Cluster, Postgres, missing_services
from tools.local_server import LOOPBACK, free_port

# A first load on fresh servers is slower (memory grows, first sessions): one round of this
# many sessions through nginx runs before measuring, on every arrangement alike.
BURN_IN_SESSIONS = 50
SERVER_ENV = {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false"}  # as deploy/atlas@.service


def sessions_at(p95: float, points: list[tuple[int, float]]) -> float:
    """Sessions at which the measured (sessions, p95) curve reaches ``p95``, linear between
    points and through the origin below the first one (CPU-bound: latency ∝ sessions)."""
    points = sorted(points)
    previous = (0, 0.0)
    for sessions, value in points:
        if value >= p95:
            (s0, v0), (s1, v1) = previous, (sessions, value)
            return s0 + (s1 - s0) * (p95 - v0) / (v1 - v0) if v1 > v0 else s1
        previous = (sessions, value)
    s0, v0 = points[-2] if len(points) > 1 else (0, 0.0)
    s1, v1 = points[-1]
    return s1 + (s1 - s0) * (p95 - v1) / (v1 - v0) if v1 > v0 else s1  # beyond: extrapolated


def _drive(cluster: Cluster, sessions: int, reruns: int, seconds: float) -> dict:
    pid = next(iter(cluster.apps.values())).pid
    result = run_async(
        lambda: asyncio.wait_for(
            drive(cluster.url, pid, sessions, seconds, reruns, 0.0),
            timeout=seconds + 6 * RUN_TIMEOUT,
        )
    )
    return result.summary()


def measure(
    servers: list[int], sessions: list[int], reruns: int, seconds: float, rounds: int
) -> dict[int, dict[int, dict]]:
    """Every arrangement runs at once (idle servers cost little) and the runs alternate
    between them, so a change in the machine's other load hits all alike. Per servers ×
    sessions, the round with the lowest p95 is kept (other work on the machine only adds)."""
    runs: dict[int, dict[int, list[dict]]] = {count: {n: [] for n in sessions} for count in servers}
    with tempfile.TemporaryDirectory(prefix="atlas-bench-cluster-") as folder:
        os.chmod(folder, 0o755)  # PostgreSQL runs as its own user when we are root
        postgres = Postgres(Path(folder) / "postgres", free_port())
        clusters: dict[int, Cluster] = {}
        try:
            postgres.start()
            for number, count in enumerate(servers):
                cluster = Cluster(Path(folder) / f"n{count}", count, postgres.url, SERVER_ENV)
                clusters[count] = cluster
                cluster.start(initialise=number == 0)
                for port in cluster.apps:  # each server's caches, not only the one nginx picks
                    run_async(lambda port=port: _warm(f"http://{LOOPBACK}:{port}", VIEWS))
                _drive(cluster, BURN_IN_SESSIONS, reruns, seconds)  # not counted: see above
            for round_number in range(rounds):
                for n in sessions:
                    for count, cluster in clusters.items():
                        summary = _drive(cluster, n, reruns, seconds)
                        runs[count][n].append(summary)
                        print(
                            f"round {round_number + 1}: {count} server(s), {n} sessions: first"
                            f" render p50 {summary['first_render_p50_s']:.2f} s, p95 "
                            f"{summary['first_render_p95_s']:.2f} s, errors {summary['errors']}",
                            flush=True,
                        )
        finally:
            for cluster in clusters.values():
                cluster.stop()
            postgres.stop()
    return {
        count: {
            n: min(found, key=lambda s: s["first_render_p95_s"]) for n, found in by_sessions.items()
        }
        for count, by_sessions in runs.items()
    }


def capacity_ratios(results: dict[int, dict[int, dict]]) -> list[tuple[int, float, float, bool]]:
    """For each session count one server was measured at: (sessions, its p95, sessions the
    largest arrangement holds at that p95, whether that lies beyond the measured points)."""
    if 1 not in results or len(results) < 2:
        return []
    largest = results[max(results)]
    points = [(n, s["first_render_p95_s"]) for n, s in largest.items()]
    highest = max(p95 for _, p95 in points)
    return [
        (n, one["first_render_p95_s"], sessions_at(one["first_render_p95_s"], points),
         one["first_render_p95_s"] > highest)
        for n, one in sorted(results[1].items())
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sessions", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--reruns", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (best kept)")
    args = parser.parse_args(argv)
    missing = missing_services()
    if missing:
        print("missing: " + ", ".join(missing), file=sys.stderr)
        return 2
    print(f"load generator: one process, {LOOP_NAME} event loop, on this machine", flush=True)
    results = measure(args.servers, args.sessions, args.reruns, args.seconds, args.rounds)
    print("\n| app servers | sessions | first render p50 / p95 | errors |")
    print("| --- | --- | --- | --- |")
    for count, by_sessions in results.items():
        for n, s in by_sessions.items():
            print(
                f"| {count} | {n} | {s['first_render_p50_s']:.1f} / "
                f"{s['first_render_p95_s']:.1f} s | {s['errors']} |"
            )
    ratios = capacity_ratios(results)
    if ratios:
        print(f"\nsessions {max(results)} servers hold at one server's p95 (target 1.7×):")
    for n, p95, held, beyond in ratios:
        note = " (extrapolated)" if beyond else ""
        print(f"  at {p95:.2f} s, one server's p95 at {n} sessions: {held:.0f} → "
              f"{held / n:.2f}×{note}")  # fmt: skip
    print(json.dumps({str(k): v for k, v in results.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
