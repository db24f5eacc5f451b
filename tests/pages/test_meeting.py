"""The meeting page (/meeting) in AppTest: saved views in order, the URL's view and language."""

from __future__ import annotations

import pytest

from data import reference
from tests.apptest import folium_elements, open_app
from tests.test_playback import playback_arguments


def meeting_app(lang: str | None = None, view: str | None = None):
    return open_app("meeting", lang=lang, query={"view": view} if view else None, check=False)


def test_meeting_plays_the_saved_views_in_order_with_next_and_previous() -> None:
    at = meeting_app()
    assert not at.exception
    assert at.title[0].value == "乌鲁木齐市 · 创业社区 · 孵化基地"
    assert at.query_params["view"] == "1"
    at.button(key="meeting_next").click().run()
    assert at.title[0].value == "新疆 · 二核五轴五区" and at.query_params["view"] == "2"
    at.button(key="meeting_prev").click().run()
    at.button(key="meeting_prev").click().run()  # wraps round to the last view
    last = len(reference.meeting_views())
    assert at.query_params["view"] == str(last)
    assert at.title[0].value.startswith("天山区 · 返乡创业人数")
    assert len(at.get("image")) == 1  # the QR code


def test_meeting_opens_the_view_named_in_the_url_in_the_chosen_language() -> None:
    at = meeting_app(lang="en", view="6")
    assert not at.exception
    assert at.title[0].value == "Xinshi District · Startup communities · Incubation bases"
    assert at.button(key="meeting_next").label == "Next ▶"
    assert at.query_params["lang"] == "en"


def test_legend_numbers_never_use_scientific_notation() -> None:
    from components.view_map import legend_number

    assert [legend_number(v) for v in (11230.4, 531, 12.34, 0.5)] == [
        "11,230",
        "531",
        "12.3",
        "0.5",
    ]


@pytest.mark.parametrize("view", ["9999", "0", "-3", "2x", "١"])
def test_a_view_that_does_not_exist_is_named_and_the_first_is_shown(view) -> None:
    at = meeting_app(view=view)
    assert at.query_params["view"] == "1"  # the first view, not a wrapped-round one
    count = len(reference.meeting_views())
    assert [i.value for i in at.info] == [f"链接中的视图不存在（共 {count} 个），已显示第一个。"]
    at.button(key="meeting_next").click().run()
    assert not at.info  # said once


def test_a_saved_playback_view_plays_and_the_clicker_still_moves():
    number = next(n for n, v in enumerate(reference.meeting_views(), start=1) if "playback" in v)
    at = open_app("meeting", query={"view": str(number)})
    assert at.title[0].value == "乌鲁木齐市 · 带动就业（人，累计）"
    (args,) = folium_elements(at)
    played = playback_arguments(args["script"])
    assert played["playing"] and played["forwardKeys"] == ["PageUp", "PageDown"]
    at.button(key="meeting_next").click().run()
    (args,) = folium_elements(at)
    assert "addPlayback" not in args["script"]


@pytest.mark.parametrize(
    ("public_url", "noted"), [("http://127.0.0.1:8501", True), ("http://192.168.1.9:8501", False)]
)
def test_the_local_address_note_is_for_the_presenter_only(monkeypatch, public_url, noted):
    """A QR code that only this machine can open is explained in the sidebar (the
    presenter's), never on the projected page."""
    monkeypatch.setenv("ATLAS_PUBLIC_URL", public_url)
    at = meeting_app()
    note = "这个地址只在本机有效。请把 ATLAS_PUBLIC_URL 设为会场网络中的地址，手机才能打开。"
    assert (note in [c.value for c in at.sidebar.caption]) is noted
    assert note not in [c.value for c in at.main.caption]
    shown = [x.value for kind in (at.main.info, at.main.warning, at.main.markdown) for x in kind]
    assert not any(note in text for text in shown)
