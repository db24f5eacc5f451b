"""AppTest of every registered page: no exception, local map assets, figures from the data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import pages
from data import loader
from tests.apptest import open_app

ROOT = Path(__file__).resolve().parent.parent


def registered_pages(kiosk: bool = False) -> list[tuple[str, str]]:
    """(script path, url_path) of every page app.py may register; kiosk pages (registered
    only in kiosk mode) are left out unless ``kiosk``."""
    return [(entry.script, entry.url_path) for entry in pages.all_pages(kiosk)]


def folium_elements(at: AppTest) -> list:
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if type(child).__name__ == "UnknownElement" and "json_args" in str(proto)[:200]:
                found.append(json.loads(proto.json_args))
            walk(child)

    walk(at._tree)
    return found


@pytest.fixture
def run_page(monkeypatch):
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")  # so every registered page can be run

    def run(script: str) -> AppTest:
        default = script == registered_pages()[0][0]
        return open_app(None if default else script, check=False)

    return run


@pytest.mark.parametrize(("script", "url_path"), registered_pages())
def test_every_page_runs_without_exception_and_with_local_map_assets(run_page, script, url_path):
    assert url_path.isascii() and url_path
    at = run_page(script)
    assert not at.exception, [e.value for e in at.exception]
    for args in folium_elements(at):
        links = args["js_links"] + args["css_links"]
        assert links, "the map should load Leaflet"
        assert not [link for link in links if link.startswith(("http", "//"))]


def test_overview_shows_city_figures_from_the_data(run_page):
    at = run_page("pages/public/overview.py")
    metrics = {m.label: m.value for m in at.metric}
    communities = loader.load("communities")
    indicators = loader.load("indicators")
    assert metrics["创业社区（个）"] == f"{len(communities):,}"
    assert metrics["带动就业（人）"] == f"{int(indicators['jobs_created'].sum()):,}"
    assert "示例数据" in at.warning[0].value
    (folium_map,) = folium_elements(at)
    assert "atlas-legend" in folium_map["script"]


def test_bad_data_shows_a_chinese_message_instead_of_a_crash(run_page, data_copy):
    path = data_copy / "communities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",天山区,", ",天上区,", 1), "utf-8")
    at = run_page("pages/public/overview.py")
    assert not at.exception
    assert "数据未能载入" in at.error[0].value
    assert "communities.csv，第 2 行，“所属区县”列：未知区县“天上区”" in at.code[0].value


def test_page_scripts_are_not_auto_discovered():
    """Top-level pages/*.py would run without app.py on a fresh server's deep link: each one
    is the runpy shim of a registered page that is not its mode's default, and each such
    page has one."""
    shims = {p.stem for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"}
    non_default_urls = {url for _, url in registered_pages(kiosk=True)[1:]}
    assert shims <= non_default_urls
    assert shims == pages.deep_link_url_paths()
    for name in shims:
        source = (ROOT / "pages" / f"{name}.py").read_text(encoding="utf-8")
        assert "runpy.run_path" in source and "app.py" in source
        assert source == pages.shim_source(name)
