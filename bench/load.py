"""``python -m bench.load [--sessions N] [--seconds S] [--reruns R] [--ramp S]``: load test.

Starts the app on a free loopback port, warms its caches with one session, then opens N
sessions at once over Streamlit's websocket protocol (bench.protocol), one page view each
(mostly /map views, some 总览), and measures:

- first render: rerun request sent → ``script_finished`` received, per session;
- reruns: up to R more runs per session, one after another, until S seconds have passed;
- errors: exceptions in the page, bad finish states, timeouts, dropped connections;
- server memory: RSS of the server process (/proc) after the warm-up and with every
  session open, and the difference per session.

Everything talks to 127.0.0.1 only, and every loop is bounded in count and time; the
server is stopped at the end. Targets on the 2-core development machine: 20 sessions with
p95 first render ≤ 5 s and no errors; 50 sessions with no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import dataclass, field

from bench.protocol import Session, run_async
from tools.local_server import rss_bytes, spawn_server, stop_server, wait_healthy

MAX_SESSIONS = 200
MAX_SECONDS = 600
RUN_TIMEOUT = 120.0
# (page url path, query): "" is the default page (总览). Sessions take these in turn.
VIEWS = (
    ("map", {}),
    ("map", {"district": "650104"}),
    ("", {}),
    ("map", {"layers": "communities,bases,choropleth", "indicator": "trained_total"}),
    ("map", {"level": "xinjiang"}),
)
TARGET_P95_FIRST_RENDER_20 = 5.0


@dataclass
class LoadResult:
    sessions: int
    first: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before: int = 0
    rss_open: int = 0
    seconds: float = 0.0

    @property
    def rss_per_session(self) -> float:
        return (self.rss_open - self.rss_before) / max(self.sessions, 1)

    def summary(self) -> dict:
        return {
            "sessions": self.sessions,
            "first_render_p50_s": percentile(self.first, 50),
            "first_render_p95_s": percentile(self.first, 95),
            "first_render_max_s": max(self.first, default=float("nan")),
            "rerun_p50_s": percentile(self.reruns, 50),
            "rerun_p95_s": percentile(self.reruns, 95),
            "reruns": len(self.reruns),
            "errors": len(self.errors),
            "rss_before_mb": self.rss_before / 2**20,
            "rss_open_mb": self.rss_open / 2**20,
            "rss_per_session_mb": self.rss_per_session / 2**20,
            "wall_s": self.seconds,
        }


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def _open_and_render(url: str, number: int, result: LoadResult) -> Session | None:
    page, query = VIEWS[number % len(VIEWS)]
    session = None
    try:
        session = await Session.open(url, timeout=RUN_TIMEOUT)
        run = await session.run(page, query, timeout=RUN_TIMEOUT)
        result.first.append(run.seconds)
        return session
    except Exception as error:  # ProtocolError, timeouts, dropped connections: all counted
        result.errors.append(f"session {number} first render: {type(error).__name__}: {error}")
        if session is not None:
            await session.close()
        return None


async def _rerun(
    session: Session, number: int, reruns: int, stop_at: float, result: LoadResult
) -> None:
    page, query = VIEWS[number % len(VIEWS)]
    for _ in range(reruns):
        if time.monotonic() >= stop_at:
            return
        try:
            run = await session.run(page, query, timeout=RUN_TIMEOUT)
            result.reruns.append(run.seconds)
        except Exception as error:
            result.errors.append(f"session {number} rerun: {type(error).__name__}: {error}")
            return


async def drive(url: str, pid: int, sessions: int, seconds: float, reruns: int, ramp: float):
    """Run the load against a healthy server at ``url`` (process ``pid``)."""
    result = LoadResult(sessions)
    warm = await Session.open(url)
    for page, query in VIEWS:  # fill the server's caches, as a running kiosk would have
        await warm.run(page, query, timeout=RUN_TIMEOUT)
    await warm.close()
    await asyncio.sleep(0.5)
    result.rss_before = rss_bytes(pid)
    start = time.monotonic()
    stop_at = start + seconds

    async def opened(number: int):
        await asyncio.sleep(ramp * number / max(sessions, 1))
        return await _open_and_render(url, number, result)

    open_sessions = await asyncio.gather(*(opened(n) for n in range(sessions)))
    live = [(n, s) for n, s in enumerate(open_sessions) if s is not None]
    await asyncio.gather(*(_rerun(s, n, reruns, stop_at, result) for n, s in live))
    result.rss_open = rss_bytes(pid)
    result.seconds = time.monotonic() - start
    await asyncio.gather(*(s.close() for _, s in live), return_exceptions=True)
    return result


def run_load(
    sessions: int, seconds: float, reruns: int = 3, ramp: float = 0.0, env: dict | None = None
) -> LoadResult:
    """Start a server, drive it, stop it."""
    sessions = max(1, min(sessions, MAX_SESSIONS))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    url, process = spawn_server(env)
    try:
        wait_healthy(url, process)
        limit = seconds + 6 * RUN_TIMEOUT
        return run_async(
            lambda: asyncio.wait_for(
                drive(url, process.pid, sessions, seconds, reruns, ramp), timeout=limit
            )
        )
    finally:
        stop_server(process)


def format_result(result: LoadResult) -> str:
    s = result.summary()
    lines = [
        f"sessions: {s['sessions']}  (views: {len(VIEWS)} kinds, mostly /map; loopback only)",
        f"first render  p50 {s['first_render_p50_s']:.2f} s  p95 {s['first_render_p95_s']:.2f} s"
        f"  max {s['first_render_max_s']:.2f} s",
        f"reruns ({s['reruns']})  p50 {s['rerun_p50_s']:.2f} s  p95 {s['rerun_p95_s']:.2f} s",
        f"errors: {s['errors']}",
        f"server RSS: {s['rss_before_mb']:.0f} MB warm, {s['rss_open_mb']:.0f} MB with every "
        f"session open → {s['rss_per_session_mb']:.2f} MB per session",
        f"wall time: {s['wall_s']:.1f} s",
    ]
    lines += [f"  error: {e}" for e in result.errors[:10]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"at most {MAX_SESSIONS}")
    parser.add_argument("--seconds", type=float, default=30, help="rerun phase bound")
    parser.add_argument("--reruns", type=int, default=3, help="reruns per session at most")
    parser.add_argument("--ramp", type=float, default=0.0, help="spread session starts (s)")
    args = parser.parse_args(argv)
    result = run_load(args.sessions, args.seconds, args.reruns, args.ramp)
    print(format_result(result))
    print(json.dumps({k: round(v, 3) for k, v in result.summary().items()}))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
