"""The kiosk's slides appear whole: sampled every 150 ms through two loops at 4 s a slide
and one loop at 2.5 s, a title never stands next to another slide's figures, the slot on
screen is never refilled while it shows, and a map or chart frame is never left empty for
more than 0.5 s after a slide changes."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pandas as pd
import pytest

from components.kiosk import storyboard
from tests.browser.conftest import open_watched, screenshot, start_server
from tools.local_server import stop_server

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SLIDES = len(storyboard())
SAMPLE_MS = 150
EMPTY_LIMIT = 0.5

# What the slot on screen shows: title, card values, and how much its map or chart drew.
VISIBLE_SLIDE = """() => {
  const slots = [...document.querySelectorAll('[class*="st-key-kiosk_stage_"]')]
    .filter(slot => getComputedStyle(slot).visibility === 'visible');
  if (slots.length !== 1) return {slots: slots.length};
  const slot = slots[0];
  const marker = slot.querySelector('[data-kiosk-slide]');
  const frame = slot.querySelector('iframe');
  let shapes = null;
  if (frame) {
    const doc = frame.contentDocument;
    shapes = doc ? doc.querySelectorAll('.leaflet-interactive').length : 0;
  }
  const chart = slot.querySelector('.js-plotly-plot');
  return {
    slots: 1,
    slot: slot.className.match(/st-key-(kiosk_stage_\\d)/)[1],
    marker: marker ? marker.dataset.kioskSlide : null,
    title: (slot.querySelector('h1') || {}).innerText || '',
    cards: [...slot.querySelectorAll('[data-testid="stMetricValue"]')].map(e => e.innerText),
    shapes: shapes,
    bars: chart ? chart.querySelectorAll('g.point').length : null,
  };
}"""


def jobs_by_type_title() -> dict[str, str]:
    """Each community type's slide title and its jobs card, from the sample files."""
    indicators = pd.read_csv(ROOT / "data/sample/indicators.csv")
    jobs = indicators.groupby("community_type")["jobs_created"].sum()
    return {f"{name}社区": f"{int(value):,}" for name, value in jobs.items()}


# Slide seconds, loops sampled, playback seconds (shortened at 2.5 s to keep the run short).
RUNS = {"4s": (4, 2, 20), "2.5s": (2.5, 1, 5)}


@pytest.fixture(scope="module", params=list(RUNS))
def kiosk_run(request):
    seconds, loops, playback = RUNS[request.param]
    url, server = start_server({"ATLAS_MODE": "kiosk",
                                "ATLAS_KIOSK_SLIDE_SECONDS": str(seconds),
                                "ATLAS_KIOSK_PLAYBACK_SECONDS": str(playback)})  # fmt: skip
    yield url, seconds, loops
    stop_server(server)


def test_every_slide_appears_whole_through_the_loops(kiosk_run, browser):
    kiosk_url, seconds, loops = kiosk_run
    watch = open_watched(browser, 1920, 1080)
    page = watch.page
    try:
        page.goto(kiosk_url)
        page.wait_for_function(f"() => ({VISIBLE_SLIDE})().shapes > 0", timeout=60_000)
        samples: list[tuple[float, dict]] = []
        titles: list[str] = []
        deadline = time.monotonic() + 600  # a loaded machine plays slower; order is what counts
        while time.monotonic() < deadline and len(titles) <= loops * SLIDES:
            sample = page.evaluate(VISIBLE_SLIDE)
            samples.append((time.monotonic(), sample))
            if sample.get("title") and (not titles or titles[-1] != sample["title"]):
                titles.append(sample["title"])
            page.wait_for_timeout(SAMPLE_MS)
        screenshot(page, f"kiosk-stage-landscape-{seconds}s")
    finally:
        watch.context.close()

    assert len(titles) > loops * SLIDES, titles  # whole loops, and the next one begun
    order = {title: n for n, title in enumerate(titles[:SLIDES])}
    assert len(order) == SLIDES, " > ".join(titles)  # every slide in the first loop
    steps = [(order[b] - order[a]) % SLIDES for a, b in itertools.pairwise(titles)]
    assert set(steps) == {1}, " > ".join(titles)  # always on to the next, never back
    assert all(s["slots"] == 1 for _, s in samples)  # exactly one slot on screen
    # The slot on screen keeps its slide until the other one is shown.
    refilled = [(a["slot"], a["marker"], a["title"], b["marker"], b["title"]) for (_, a), (_, b)
                in itertools.pairwise(samples) if a["slot"] == b["slot"]
                and a["marker"] != b["marker"]]  # fmt: skip
    assert refilled == []

    # A title always stands next to the same figures: its own.
    cards_by_title: dict[str, set[tuple]] = {}
    for _, sample in samples:
        cards_by_title.setdefault(sample["title"], set()).add(tuple(sample["cards"]))
    mixed = {title: cards for title, cards in cards_by_title.items() if len(cards) > 1}
    assert mixed == {}
    expected_jobs = jobs_by_type_title()
    for title, jobs in expected_jobs.items():
        (cards,) = cards_by_title[title]
        assert cards[1] == jobs, (title, cards)  # that type's own jobs figure

    # No frame stays empty after a change: measured from the sample where the title changed.
    changed_at, previous = samples[0][0], samples[0][1]["title"]
    empty_for: dict[str, float] = {}  # slide title -> longest time its frame was empty
    for at, sample in samples:
        if sample["title"] != previous:
            changed_at, previous = at, sample["title"]
        map_empty = sample["shapes"] is not None and sample["shapes"] == 0
        chart_empty = sample["bars"] is not None and sample["bars"] == 0
        frame_missing = sample["shapes"] is None and sample["bars"] is None
        if map_empty or chart_empty or frame_missing:
            title = sample["title"]
            empty_for[title] = max(empty_for.get(title, 0.0), at - changed_at)
    too_long = {title: round(s, 2) for title, s in empty_for.items() if s > EMPTY_LIMIT}
    assert too_long == {}  # slide title: seconds its map or chart frame stayed empty
    assert watch.blocked == []
