"""Server memory soak: sessions opening, rerunning and closing for many minutes.

    python -m bench.soak [--minutes 30] [--wave 8] [--post-script-gc on|off]

Starts the app on a loopback port (with ``.streamlit/config.toml``, unless
``--post-script-gc`` overrides ``runner.postScriptGC``), warms its caches, then plays
waves of sessions over the websocket protocol until the time is up: each session of a
wave opens one view (every page, several districts, languages and filters), reruns it
and another view, and closes. The server's resident memory is sampled once a minute.

It prints one line a minute (RSS, runs, errors) and the ratio of the last sample to the
one at minute 5: the memory has levelled off when that ratio stays close to 1 (the
target is within 25 %). Exit status 1 on errors or a ratio above the target.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bench.protocol import Session, run_async
from tools.local_server import rss_bytes, spawn_server, stop_server, wait_healthy

RUN_TIMEOUT = 120.0
SAMPLE_SECONDS = 60.0
REFERENCE_MINUTE = 5
TARGET_RATIO = 1.25
MAX_MINUTES = 240
# Every page, with queries that vary the cached views (district, language, filters).
VIEWS = (
    ("map", {}),
    ("map", {"district": "650104"}),
    ("map", {"district": "650102", "lang": "ug"}),
    ("map", {"layers": "communities,bases,choropleth", "indicator": "trained_total"}),
    ("map", {"level": "xinjiang", "lang": "en"}),
    ("", {}),
    ("", {"lang": "en"}),
    ("employment", {}),
    ("employment", {"district": "650105"}),
    ("compare", {"districts": "650102,650105"}),
    ("compare", {"districts": "650103,650104,650109", "lang": "ug"}),
    ("meeting", {}),
    ("meeting", {"view": "2"}),
)


async def _session(url: str, first: int, stats: dict) -> None:
    session = None
    try:
        session = await Session.open(url, timeout=RUN_TIMEOUT)
        for offset in (0, 0, 5):  # open, rerun, then another view
            page, query = VIEWS[(first + offset) % len(VIEWS)]
            await session.run(page, query, timeout=RUN_TIMEOUT)
            stats["runs"] += 1
    except Exception as error:  # counted, the soak goes on
        stats["errors"].append(f"{type(error).__name__}: {error}")
    finally:
        if session is not None:
            await session.close()


async def soak(
    url: str, pid: int, minutes: float, wave: int
) -> tuple[list[tuple[float, float, int]], list[str]]:
    """(minute, RSS MB, runs so far) once a minute from minute 0, and the errors."""
    warm = await Session.open(url)
    for page, query in VIEWS:
        await warm.run(page, query, timeout=RUN_TIMEOUT)
    await warm.close()
    stats: dict = {"runs": 0, "errors": []}
    samples = [(0.0, rss_bytes(pid) / 2**20, 0)]
    print(f"minute  0  RSS {samples[0][1]:6.0f} MB  (warm)", flush=True)
    start = time.monotonic()
    deadline = start + minutes * 60
    next_sample = start + SAMPLE_SECONDS
    number = 0
    while time.monotonic() < deadline:
        await asyncio.gather(*(_session(url, number + n, stats) for n in range(wave)))
        number += wave
        await asyncio.sleep(0.5)
        if time.monotonic() >= next_sample:
            minute = round((time.monotonic() - start) / 60)
            samples.append((minute, rss_bytes(pid) / 2**20, stats["runs"]))
            print(
                f"minute {minute:2d}  RSS {samples[-1][1]:6.0f} MB  runs {stats['runs']:6d}"
                f"  errors {len(stats['errors'])}",
                flush=True,
            )
            next_sample += SAMPLE_SECONDS
    return samples, stats["errors"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--wave", type=int, default=8, help="sessions open at once")
    parser.add_argument("--post-script-gc", choices=("on", "off"), help="override the config")
    args = parser.parse_args(argv)
    minutes = max(1.0, min(args.minutes, MAX_MINUTES))
    env = {}
    if args.post_script_gc:
        env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "true" if args.post_script_gc == "on" else "false"
    url, server = spawn_server(env)
    try:
        wait_healthy(url, server)
        samples, errors = run_async(lambda: soak(url, server.pid, minutes, max(1, args.wave)))
    finally:
        stop_server(server)
    reference = next((mb for minute, mb, _ in samples if minute >= REFERENCE_MINUTE), None)
    last_minute, last_mb, runs = samples[-1]
    print(f"runs {runs}, errors {len(errors)}")
    for error in errors[:10]:
        print(f"  error: {error}")
    if reference is None:
        print(f"too short for a ratio (needs more than {REFERENCE_MINUTE} minutes)")
        return 1 if errors else 0
    ratio = last_mb / reference
    print(
        f"RSS minute {REFERENCE_MINUTE}: {reference:.0f} MB, minute {last_minute:g}: "
        f"{last_mb:.0f} MB, ratio {ratio:.2f} (target ≤ {TARGET_RATIO:g})"
    )
    return 1 if errors or ratio > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
