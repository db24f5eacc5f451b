"""Shared pieces of the benchmark: figures, medians, the payload of a map, the table."""

from __future__ import annotations

import json
import logging
import math
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One row of the table: a median over ``runs`` runs, with an optional budget."""

    name: str
    value: float
    unit: str
    runs: int = 1
    budget: float | None = None
    note: str = ""
    skipped: bool = False  # not applicable in this run (e.g. a page of another mode)

    @property
    def verdict(self) -> str:
        if self.budget is None or math.isnan(self.value):
            return ""
        return "yes" if self.value <= self.budget else "NO"


def quiet_streamlit() -> None:
    """Silence 'no runtime' warnings of Streamlit used outside a server."""
    from streamlit import logger

    logger.set_log_level("ERROR")
    logging.getLogger("streamlit").setLevel(logging.ERROR)


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def render_payload(m, **kwargs) -> int:
    """Bytes of the st_folium component arguments for map ``m``, serialized as Streamlit
    does (``json.dumps``): what goes over the websocket for the map."""
    from components.map_replay import rendered_args

    args = rendered_args(m, key=kwargs.pop("key", "bench_map"), **kwargs)
    return len(json.dumps(args))


def build_and_render(build: Callable[[], object]) -> int:
    """Build a map and render it as st_folium would; returns the payload in bytes."""
    return render_payload(build(), returned_objects=["last_active_drawing"])


@contextmanager
def data_dir(path: Path | None) -> Iterator[None]:
    """Serve ``path`` as the dataset folder (None: the shipped sample) inside the block."""
    from data import loader

    before = os.environ.get(loader.DATA_DIR_ENV)
    if path is None:
        os.environ.pop(loader.DATA_DIR_ENV, None)
    else:
        os.environ[loader.DATA_DIR_ENV] = str(path)
    loader.clear_cache()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(loader.DATA_DIR_ENV, None)
        else:
            os.environ[loader.DATA_DIR_ENV] = before
        loader.clear_cache()


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    return (
        f"{platform.machine()} {cpu}, {os.cpu_count()} cores{memory}; "
        f"{platform.python_implementation()} {platform.python_version()}"
    )


def table(figures: list[Figure]) -> str:
    width = max(len(f.name) for f in figures) + 2
    lines = [f"{'figure':<{width}}{'value':>11} {'unit':<5}{'budget':>8}  ok   runs  note"]
    for f in figures:
        value = "n/a" if math.isnan(f.value) else f"{f.value:,.3f}".rstrip("0").rstrip(".")
        budget = "" if f.budget is None else f"{f.budget:g}"
        lines.append(
            f"{f.name:<{width}}{value:>11} {f.unit:<5}{budget:>8}  {f.verdict:<3}  "
            f"{f.runs:>4}  {f.note}"
        )
    return "\n".join(lines)
