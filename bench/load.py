"""``python -m bench.load [--sessions N] [--seconds S] [--reruns R] [--ramp S]``: load test.

``python -m bench.load --spike N --background M``: the meeting QR-code spike instead.

Starts the app on a free loopback port, warms its caches with one session, then opens N
sessions at once over Streamlit's websocket protocol (bench.protocol), one page view each
(mostly /map views, some 总览), and measures:

- first render: rerun request sent → ``script_finished`` received, per session;
- reruns: up to R more runs per session, one after another, until S seconds have passed;
- errors: exceptions in the page, bad finish states, timeouts, dropped connections;
- server memory: RSS of the server process (/proc) after the warm-up and with every
  session open, and the difference per session;
- server CPU seconds per script run: the server's CPU time (user + system, /proc) over the
  measured phase divided by the runs completed in it.

The spike mode replays a meeting's QR code: M background sessions keep rerunning other
pages (总览, 就业与培训, 区县对比, a district map) while N sessions open the same /map view,
their starts spread evenly over 2 s; it reports the spike's first renders and the
background reruns that ran meanwhile.

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

try:
    from os import sysconf

    CLOCK_TICKS = sysconf("SC_CLK_TCK")
except (ImportError, ValueError, OSError, AttributeError):  # not Linux: CPU figures are n/a
    CLOCK_TICKS = 100

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
# The QR-code spike: everyone opens the view the meeting page's QR code points at.
SPIKE_VIEW = ("map", {"district": "650102", "layers": "communities,bases"})
SPIKE_SPREAD_S = 2.0
BACKGROUND_VIEWS = (
    ("", {}),
    ("employment", {}),
    ("compare", {"districts": "650102,650105"}),
    ("map", {"district": "650104"}),
)


@dataclass
class LoadResult:
    sessions: int
    first: list[float] = field(default_factory=list)
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_before: int = 0
    rss_open: int = 0
    seconds: float = 0.0
    cpu_seconds: float = float("nan")  # server CPU time over the measured phase
    spike: bool = False  # the QR-code spike mode (drive_spike)
    background: list[float] = field(default_factory=list)  # spike mode: background reruns

    @property
    def runs(self) -> int:
        return len(self.first) + len(self.reruns) + len(self.background)

    @property
    def cpu_per_run(self) -> float:
        return self.cpu_seconds / self.runs if self.runs else float("nan")

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
            "background_p50_s": percentile(self.background, 50),
            "background_p95_s": percentile(self.background, 95),
            "background_runs": len(self.background),
            "server_cpu_s": self.cpu_seconds,
            "cpu_per_run_s": self.cpu_per_run,
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


async def _open_and_render(
    url: str, number: int, result: LoadResult, view: tuple[str, dict] | None = None
) -> Session | None:
    page, query = view or VIEWS[number % len(VIEWS)]
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


async def _warm(url: str, views) -> None:
    warm = await Session.open(url)
    for page, query in views:  # fill the server's caches, as a running kiosk would have
        await warm.run(page, query, timeout=RUN_TIMEOUT)
    await warm.close()
    await asyncio.sleep(0.5)


async def drive(url: str, pid: int, sessions: int, seconds: float, reruns: int, ramp: float):
    """Run the load against a healthy server at ``url`` (process ``pid``)."""
    result = LoadResult(sessions)
    await _warm(url, VIEWS)
    result.rss_before = rss_bytes(pid)
    cpu_start = cpu_seconds(pid)
    start = time.monotonic()
    stop_at = start + seconds

    async def opened(number: int):
        await asyncio.sleep(ramp * number / max(sessions, 1))
        return await _open_and_render(url, number, result)

    open_sessions = await asyncio.gather(*(opened(n) for n in range(sessions)))
    live = [(n, s) for n, s in enumerate(open_sessions) if s is not None]
    await asyncio.gather(*(_rerun(s, n, reruns, stop_at, result) for n, s in live))
    result.rss_open = rss_bytes(pid)
    result.cpu_seconds = cpu_seconds(pid) - cpu_start
    result.seconds = time.monotonic() - start
    await asyncio.gather(*(s.close() for _, s in live), return_exceptions=True)
    return result


async def _keep_rerunning(url: str, number: int, stop: asyncio.Event, result: LoadResult):
    page, query = BACKGROUND_VIEWS[number % len(BACKGROUND_VIEWS)]
    session = None
    try:
        session = await Session.open(url, timeout=RUN_TIMEOUT)
        await session.run(page, query, timeout=RUN_TIMEOUT)  # opened before the spike
        while not stop.is_set():
            run = await session.run(page, query, timeout=RUN_TIMEOUT)
            result.background.append(run.seconds)
    except Exception as error:
        result.errors.append(f"background {number}: {type(error).__name__}: {error}")
    finally:
        if session is not None:
            await session.close()


async def drive_spike(url: str, pid: int, spike: int, background: int) -> LoadResult:
    """``background`` sessions rerun other pages while ``spike`` sessions open SPIKE_VIEW
    within SPIKE_SPREAD_S seconds; measured from the first spike session to the last render."""
    result = LoadResult(spike, spike=True)
    await _warm(url, (*VIEWS, SPIKE_VIEW, *BACKGROUND_VIEWS))
    stop = asyncio.Event()
    keepers = [
        asyncio.create_task(_keep_rerunning(url, n, stop, result)) for n in range(background)
    ]
    await asyncio.sleep(2.0)  # the background is busy before the QR code goes up
    result.background.clear()
    result.rss_before = rss_bytes(pid)
    cpu_start = cpu_seconds(pid)
    start = time.monotonic()

    async def opened(number: int):
        await asyncio.sleep(SPIKE_SPREAD_S * number / max(spike, 1))
        return await _open_and_render(url, number, result, SPIKE_VIEW)

    open_sessions = await asyncio.gather(*(opened(n) for n in range(spike)))
    result.rss_open = rss_bytes(pid)
    result.cpu_seconds = cpu_seconds(pid) - cpu_start
    result.seconds = time.monotonic() - start
    stop.set()
    await asyncio.gather(*keepers, return_exceptions=True)
    # runs still in flight when the spike ended finish after the CPU reading: not counted
    await asyncio.gather(*(s.close() for s in open_sessions if s), return_exceptions=True)
    return result


def run_load(
    sessions: int,
    seconds: float,
    reruns: int = 3,
    ramp: float = 0.0,
    env: dict | None = None,
    background: int | None = None,
) -> LoadResult:
    """Start a server, drive it, stop it. With ``background`` (a number of sessions),
    ``sessions`` is the size of a QR-code spike instead (drive_spike)."""
    sessions = max(1, min(sessions, MAX_SESSIONS))
    seconds = max(1.0, min(seconds, MAX_SECONDS))
    url, process = spawn_server(env)
    try:
        wait_healthy(url, process)
        limit = seconds + 6 * RUN_TIMEOUT
        if background is not None:
            background = max(0, min(background, MAX_SESSIONS))
            work = lambda: drive_spike(url, process.pid, sessions, background)  # noqa: E731
        else:
            work = lambda: drive(url, process.pid, sessions, seconds, reruns, ramp)  # noqa: E731
        return run_async(lambda: asyncio.wait_for(work(), timeout=limit))
    finally:
        stop_server(process)


def format_result(result: LoadResult) -> str:
    s = result.summary()
    spike = result.spike
    lines = [
        f"spike: {s['sessions']} sessions open the same /map view within {SPIKE_SPREAD_S:g} s"
        if spike
        else f"sessions: {s['sessions']}  (views: {len(VIEWS)} kinds, mostly /map; loopback only)",
        f"first render  p50 {s['first_render_p50_s']:.2f} s  p95 {s['first_render_p95_s']:.2f} s"
        f"  max {s['first_render_max_s']:.2f} s",
        f"reruns ({s['reruns']})  p50 {s['rerun_p50_s']:.2f} s  p95 {s['rerun_p95_s']:.2f} s",
    ]
    if spike:
        lines.append(
            f"background reruns during the spike ({s['background_runs']})  "
            f"p50 {s['background_p50_s']:.2f} s  p95 {s['background_p95_s']:.2f} s"
        )
    lines += [
        f"server CPU: {s['server_cpu_s']:.1f} s over {result.runs} script runs → "
        f"{s['cpu_per_run_s']:.3f} s per run",
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
    parser.add_argument("--spike", type=int, help="QR-code spike: sessions opening one /map view")
    parser.add_argument("--background", type=int, default=10, help="spike: rerunning sessions")
    args = parser.parse_args(argv)
    if args.spike:
        result = run_load(args.spike, args.seconds, background=args.background)
    else:
        result = run_load(args.sessions, args.seconds, args.reruns, args.ramp)
    print(format_result(result))
    print(json.dumps({k: round(v, 3) for k, v in result.summary().items()}))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
