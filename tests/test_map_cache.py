"""Rendered maps are shared by sessions and follow data changes (components.map_cache)."""

from __future__ import annotations

from pathlib import Path

from components.map_replay import rendered_args
from components.maps import community_map
from data import loader
from tests.apptest import folium_elements, open_app

ROOT = Path(__file__).resolve().parent.parent


def overview_map() -> dict:
    at = open_app()
    (folium_map,) = folium_elements(at)
    return folium_map


def test_rendered_args_are_plain_local_and_complete():
    data = loader.load_all()
    args = rendered_args(community_map(data.districts, data.communities), key="m")
    assert {"script", "html", "header", "js_links", "css_links", "key", "default"} <= set(args)
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])
    assert "on_change" not in args


def test_sessions_share_the_rendered_map_until_a_file_changes(data_copy):
    first, second = overview_map(), overview_map()
    assert first["script"] == second["script"]
    path = data_copy / "communities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # one community fewer
    changed = overview_map()
    assert changed["script"] != first["script"]
    removed_id = lines[-1].split(",")[0]
    assert f'"{removed_id}"' in first["script"] and f'"{removed_id}"' not in changed["script"]
