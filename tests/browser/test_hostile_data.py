"""Hostile community names, imported through the importer, never run in the browser."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

from data import loader
from tests.browser.conftest import (
    ROOT,
    open_watched,
    screenshot,
    settled,
    start_server,
    wait_for_map,
)

pytestmark = pytest.mark.browser

HOSTILE = ["<img src=x onerror=alert(1)>", "</script><script>alert(1)</script>", "${alert(1)}"]
DISTRICT = "650102"


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(loader.SAMPLE_DIR, folder)
    frame = pd.read_csv(folder / "communities.csv", dtype=str, keep_default_na=False)
    rows = frame.index[frame["district"] == "天山区"][: len(HOSTILE)]
    frame.loc[rows, "name"] = HOSTILE
    upload = folder.parent / "hostile.csv"
    frame.to_csv(upload, index=False)
    env = {"ATLAS_DATA_DIR": str(folder)}
    command = [sys.executable, "-m", "data.importer", "apply", "communities", str(upload)]
    done = subprocess.run(
        [*command, "--crs", "wgs84"], cwd=ROOT, env={**__import__("os").environ, **env},
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    url, server = start_server(env)
    yield url, frame.loc[rows, "id"].tolist()
    server.terminate()
    server.wait(timeout=10)


def test_hostile_names_show_literally_and_never_run(hostile_app, browser):
    url, ids = hostile_app
    watch = open_watched(browser, 1600, 1100)
    page, context = watch.page, watch.context
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(f"{url}/map?district={DISTRICT}&layers=communities")  # no pins on top
        page.get_by_role("heading", name="天山区 · 2022—2024 三年合计").wait_for(timeout=60_000)
        frame = wait_for_map(page)
        inner = next(f for f in page.frames if "st_folium" in f.url)
        # Open every tooltip on the map: hostile HTML would be parsed here.
        texts = inner.evaluate(
            """() => { const texts = [];
                 map_div.eachLayer(group => {
                   if (!group.getTooltip || !group.getTooltip() || !group.eachLayer) return;
                   group.eachLayer(child => {
                     const at = child.getLatLng ? child.getLatLng() : child.getCenter();
                     child.fire("mouseover", {latlng: at}, true);  // as a pointer would
                     const element = group.getTooltip().getElement();
                     if (element) texts.push(element.innerText);
                   });
                 });
                 return texts; }"""
        )
        assert len(texts) > 40  # the districts, and the district's communities
        shown = " ".join(texts)
        for name in HOSTILE:
            assert name in shown
        assert frame.locator(".leaflet-tooltip img").count() == 0
        # Click one hostile community: its card shows the name as text.
        # Where the point is drawn once the map has stopped fitting its frame and spreading.
        point = settled(
            page,
            lambda: inner.evaluate(
                """(id) => { let p = null; map_div.eachLayer(l => {
                     if (l.closeTooltip) l.closeTooltip();
                     if (l.feature && l.feature.properties.id === id) {
                       p = map_div.latLngToContainerPoint(l.getLatLng()); } });
                     return [Math.round(p.x), Math.round(p.y)]; }""",
                ids[0],
            ),
            "the hostile community's place",
        )
        box = settled(
            page,
            lambda: page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box(),
            "the map's frame",
        )
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
        page.get_by_role("heading", name=HOSTILE[0]).wait_for(timeout=30_000)
        page.get_by_text("社区（37 个）", exact=False)
        page.wait_for_timeout(500)
        screenshot(page, "hostile-names")
        assert dialogs == []
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        context.close()
