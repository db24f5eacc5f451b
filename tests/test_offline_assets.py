"""Folium maps must load every asset from /app/static/vendor/, never from a CDN."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import branca.colormap as cm
import folium
import pytest
from folium import plugins

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from components.offline_assets import (  # noqa: E402
    CDN_TO_LOCAL,
    VENDOR_URL,
    UnvendoredAssetError,
    local_path,
    localize_map,
)

VENDOR_DIR = REPO / "static" / "vendor"
GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "a"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[100, 20], [110, 20], [110, 30], [100, 30], [100, 20]]],
            },
        }
    ],
}
POINTS = [[25.0, 105.0], [26.0, 106.0], [27.0, 107.0]]


def build_map() -> folium.Map:
    m = folium.Map(location=[27, 106], zoom_start=4, tiles=None, maxZoom=18)
    folium.GeoJson(GEOJSON, tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    cluster = plugins.MarkerCluster().add_to(m)
    for lat, lon in POINTS:
        folium.Marker([lat, lon], icon=folium.Icon(icon="star", prefix="fa")).add_to(cluster)
    plugins.FastMarkerCluster(POINTS).add_to(m)
    cm.StepColormap(["#ffeeee", "#cc0000"], vmin=0, vmax=10, caption="legend").add_to(m)
    plugins.Fullscreen().add_to(m)
    return m


class _AssetRefs(HTMLParser):
    """Collects <script src> and <link href>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {"script": "src", "link": "href"}.get(tag)
        if attr:
            value = dict(attrs).get(attr)
            if value:
                self.urls.append(value)


def asset_urls(html: str) -> list[str]:
    parser = _AssetRefs()
    parser.feed(html)
    return parser.urls


def is_remote(url: str) -> bool:
    return bool(re.match(r"(?:[a-z][a-z0-9+.\-]*:)?//", url, re.IGNORECASE))


def test_rendered_map_has_only_local_assets() -> None:
    m = localize_map(build_map())
    html = m.get_root().render()
    urls = asset_urls(html)

    assert urls, "no <script src>/<link href> found at all"
    remote = [u for u in urls if is_remote(u)]
    assert not remote, f"CDN references left: {remote}"
    assert "//cdn" not in html
    # tiles=None + marker clusters need Leaflet's own maxZoom option on the map.
    assert re.search(r'"maxZoom": 18', html)
    for url in urls:
        assert url.startswith(VENDOR_URL + "/"), url
        assert local_path(url).is_file(), f"{url} -> missing {local_path(url)}"
    # The legend's d3 (added by branca at render time) and the icon path shim.
    assert f"{VENDOR_URL}/d3/d3.min.js" in urls
    leaflet = urls.index(f"{VENDOR_URL}/leaflet/leaflet.js")
    assert urls[leaflet + 1] == f"{VENDOR_URL}/local/leaflet-imagepath.js"


def test_other_asset_sources_localize() -> None:
    m = folium.Map(location=[27, 106], zoom_start=4, tiles=None, maxZoom=18)
    folium.Choropleth(
        geo_data=GEOJSON,
        data={"a": 1.0},
        key_on="feature.properties.name",
        fill_color="YlOrRd",
    ).add_to(m)
    cm.LinearColormap(["white", "red"], vmin=0, vmax=1).add_to(m)
    plugins.HeatMap([[*p, 1.0] for p in POINTS]).add_to(m)
    html = localize_map(m).get_root().render()
    urls = asset_urls(html)
    assert not [u for u in urls if is_remote(u)]
    assert all(local_path(u).is_file() for u in urls)
    assert f"{VENDOR_URL}/folium/leaflet_heat.min.js" in urls


def test_every_mapped_file_exists() -> None:
    for cdn, local in CDN_TO_LOCAL.items():
        assert local_path(local).is_file(), f"{cdn} -> {local} has no file"


def test_class_attributes_untouched() -> None:
    before = list(folium.Map.default_js)
    localize_map(build_map())
    assert folium.Map.default_js == before
    assert any(is_remote(url) for _, url in folium.Map.default_js)


def test_unvendored_plugin_raises() -> None:
    m = folium.Map(tiles=None, maxZoom=18)
    plugins.Draw().add_to(m)
    with pytest.raises(UnvendoredAssetError, match=r"leaflet\.draw"):
        localize_map(m)
    assert "default_js" not in vars(m), "a failed localize_map must change nothing"


def test_remote_tiles_raise() -> None:
    with pytest.raises(UnvendoredAssetError, match="tiles"):
        localize_map(folium.Map())
    localize_map(folium.Map(), allow_remote_tiles=True)


APP_SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
import branca.colormap as cm
import folium
from folium import plugins
from components.folium_render import render_offline

m = folium.Map(location=[27, 106], zoom_start=4, tiles=None, maxZoom=18)
folium.GeoJson({geojson!r}).add_to(m)
cluster = plugins.MarkerCluster().add_to(m)
folium.Marker([25, 105], icon=folium.Icon(icon="star", prefix="fa")).add_to(cluster)
plugins.FastMarkerCluster({points!r}).add_to(m)
cm.StepColormap(["#ffeeee", "#cc0000"], vmin=0, vmax=10, caption="legend").add_to(m)
plugins.Fullscreen().add_to(m)
render_offline(m, height=400, width=600, key="offline_map", returned_objects=[])
"""


def test_st_folium_links_are_local() -> None:
    from streamlit.testing.v1 import AppTest

    script = APP_SCRIPT.format(repo=str(REPO), geojson=GEOJSON, points=POINTS)
    at = AppTest.from_string(script, default_timeout=60).run()
    assert not at.exception, at.exception

    components = [el for el in at.main if type(el).__name__ == "UnknownElement"]
    assert len(components) == 1
    args = json.loads(components[0].proto.json_args)
    links = args["js_links"] + args["css_links"]
    assert args["js_links"] and args["css_links"]
    assert not [u for u in links if u.startswith("http") or u.startswith("//")], links
    assert all(local_path(u).is_file() for u in links)
    # st_folium's own d3 links for the legend were rewritten (and deduplicated).
    assert args["js_links"].count(f"{VENDOR_URL}/d3/d3.min.js") == 1
    assert "http" not in re.sub(r'http-equiv="', "", args["header"])


def test_each_vendored_folder_has_license() -> None:
    folders = [p for p in VENDOR_DIR.iterdir() if p.is_dir()]
    assert len(folders) >= 8
    for folder in folders:
        assert (folder / "LICENSE").is_file(), f"{folder.name} has no LICENSE"
