"""AppTest of every registered page: no exception, local map assets, figures from the data."""

from __future__ import annotations

from pathlib import Path

import pytest

import pages
from tests.apptest import folium_elements, registered_pages

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("script", "url_path"), registered_pages())
def test_every_page_runs_without_exception_and_with_local_map_assets(run_page, script, url_path):
    assert url_path.isascii() and url_path
    at = run_page(script)
    assert not at.exception, [e.value for e in at.exception]
    for args in folium_elements(at):
        links = args["js_links"] + args["css_links"]
        assert links, "the map should load Leaflet"
        assert not [link for link in links if link.startswith(("http", "//"))]


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
