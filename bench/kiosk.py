"""Kiosk soak: the attract loop left alone in Chromium, against a kiosk server.

    python -m bench.kiosk [--minutes 5] [--slide-seconds 1]

Prints how many slides and full cycles it played, the server's resident memory at the
start and the end, the page's JavaScript heap after a garbage collection, and any console
error or request that tried to leave the loopback. A day in a hall at 12 s a slide is
about 7,200 slides; at 1 s a slide, ten minutes plays 600.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from tools.local_server import spawn_server, wait_healthy
from tools.offline_browser import CHROMIUM, CHROMIUM_ARGS, RequestLog

EXPOSE_GC = "--js-flags=--expose-gc"  # heap figures after a full collection, not before
HEAP_MB = "(() => { window.gc(); return performance.memory.usedJSHeapSize / 1048576; })()"
COUNTER = re.compile(r"(\d+) / (\d+)")
SAMPLE_SECONDS = 120


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--slide-seconds", type=float, default=1.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    env = {"ATLAS_MODE": "kiosk", "ATLAS_KIOSK_SLIDE_SECONDS": str(args.slide_seconds)}
    url, server = spawn_server(env)
    blocked: list[str] = []
    errors: list[str] = []
    try:
        wait_healthy(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, EXPOSE_GC]
            )
            log = RequestLog(browser.new_context(viewport={"width": 1920, "height": 1080}))
            log.blocked = blocked
            page = log.context.new_page()
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(url)
            page.get_by_test_id("stCaptionContainer").first.wait_for(timeout=60_000)
            page.wait_for_timeout(5000)  # first map drawn, caches warm
            rss_start = rss_mb(server.pid)
            heap_start = page.evaluate(HEAP_MB)
            slides, cycles, last, total = 0, 0, None, 0
            samples: list[tuple[float, float, float]] = []  # minute, server MB, heap MB
            started = time.monotonic()
            deadline = started + args.minutes * 60
            next_sample = started + SAMPLE_SECONDS
            while time.monotonic() < deadline:
                if time.monotonic() >= next_sample:
                    minute = (time.monotonic() - started) / 60
                    samples.append((minute, rss_mb(server.pid), page.evaluate(HEAP_MB)))
                    next_sample += SAMPLE_SECONDS
                text = " ".join(page.get_by_test_id("stCaptionContainer").all_inner_texts())
                match = COUNTER.search(text)
                if match and match.group(1) != last:
                    last, total = match.group(1), int(match.group(2))
                    slides += 1
                    cycles += last == "1"
                page.wait_for_timeout(200)
            rss_end = rss_mb(server.pid)
            heap_end = page.evaluate(HEAP_MB)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"kiosk soak: {args.minutes:g} min at {args.slide_seconds:g} s a slide")
    print(f"  slides shown          {slides} ({cycles} returns to slide 1 of {total})")
    print(f"  server RSS            {rss_start:.0f} MB -> {rss_end:.0f} MB")
    print(f"  page JS heap          {heap_start:.1f} MB -> {heap_end:.1f} MB")
    for minute, server_mb, heap_mb in samples:
        print(
            f"  at {minute:4.1f} min          server {server_mb:.0f} MB, page heap {heap_mb:.1f} MB"
        )
    print(f"  console errors        {len(errors)}")
    print(f"  requests off loopback {len(blocked)}")
    return 0 if not errors and not blocked and slides else 1


if __name__ == "__main__":
    raise SystemExit(main())
