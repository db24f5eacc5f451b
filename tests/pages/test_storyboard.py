"""The kiosk storyboard page: what a kiosk deployment registers, its touch controls, languages
and recovery."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.kiosk import start, tick
from tests.apptest import open_app

SLIDE, IDLE = 10.0, 60.0


def kiosk_app(monkeypatch, lang: str | None = None) -> AppTest:
    """The kiosk deployment, its storyboard run once."""
    monkeypatch.setenv("ATLAS_MODE", "kiosk")
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")  # must be ignored in a kiosk
    return open_app(lang=lang, check=False)


def test_kiosk_registers_only_the_storyboard(monkeypatch):
    at = kiosk_app(monkeypatch)
    assert not at.exception
    assert at.title[0].value == "乌鲁木齐创业社区"
    assert "示例数据" in at.warning[0].value
    for hidden in ("pages/admin/data_admin.py", "pages/public/map_explorer.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(hidden)
    assert not at.get("file_uploader")


def test_kiosk_touch_controls(monkeypatch):
    at = kiosk_app(monkeypatch)
    at.button(key="kiosk_next").click().run()
    assert at.title[0].value == "便民经济社区"
    assert at.button(key="kiosk_play")  # a touch paused the loop
    at.button(key="kiosk_prev").click().run()
    at.button(key="kiosk_prev").click().run()
    assert at.title[0].value == "就业与培训"  # wraps round to the last slide
    at.button(key="kiosk_home").click().run()
    assert at.title[0].value == "乌鲁木齐创业社区" and at.button(key="kiosk_pause")


def test_kiosk_speaks_three_languages_with_one_touch(monkeypatch):
    at = kiosk_app(monkeypatch)
    at.button(key="kiosk_lang_ug").click().run()
    assert at.query_params["lang"] == "ug"
    assert at.title[0].value == "ئۈرۈمچى ئىگىلىك تىكلەش مەھەللىلىرى"
    assert at.button(key="kiosk_next").label == "كېيىنكى ◀"
    assert at.button(key="kiosk_pause")  # a language touch leaves the loop playing
    at.button(key="kiosk_lang_en").click().run()
    at.button(key="kiosk_next").click().run()
    assert at.title[0].value == "Convenience Economy communities"
    assert at.button(key="kiosk_lang_en").proto.type == "primary"
    at.button(key="kiosk_lang_zh").click().run()
    assert "lang" not in at.query_params and at.title[0].value == "便民经济社区"


def test_kiosk_language_from_the_url_and_the_deployment_default(monkeypatch):
    at = kiosk_app(monkeypatch, lang="en")
    assert at.title[0].value == "Urumqi startup communities"
    monkeypatch.setenv("ATLAS_KIOSK_LANG", "ug")
    at = kiosk_app(monkeypatch)
    assert at.title[0].value == "ئۈرۈمچى ئىگىلىك تىكلەش مەھەللىلىرى"


def test_idle_reset_returns_to_the_default_language():
    from components.kiosk import noticed

    state: dict = {}
    start(state, 0.0)
    noticed(state, 5.0)  # a language touch: still playing, the idle clock runs
    assert not state["paused"] and not tick(state, 20.0, 17, SLIDE, IDLE)
    assert tick(state, 66.0, 17, SLIDE, IDLE) and state["index"] == 0


def test_a_data_error_shows_a_friendly_notice_and_the_kiosk_recovers(monkeypatch, data_copy):
    communities = data_copy / "communities.csv"
    good = communities.read_bytes()
    communities.write_bytes(good.replace(b"\n", b"\n,,,broken\n", 1))
    at = kiosk_app(monkeypatch, lang="en")
    assert not at.exception and not at.error and not at.code  # no details for the public
    assert [i.value for i in at.info] == [
        "The exhibition data is being updated. Please wait: the screen will come back by itself."
    ]
    communities.write_bytes(good)  # someone fixes the file
    at.run()
    assert not at.info and at.title[0].value == "Urumqi startup communities"


def test_a_failing_slide_is_skipped_politely(monkeypatch):
    def broken_map(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("components.maps.urumqi_map", broken_map)
    at = kiosk_app(monkeypatch)
    assert not at.exception
    assert [i.value for i in at.info] == ["这一页暂时无法显示，稍后将自动继续。"]
    assert at.button(key="kiosk_next")  # the controls and the loop are still there
