"""The kiosk storyboard page: what a kiosk deployment registers, its touch controls, languages
and recovery."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.kiosk import start, tick
from tests.apptest import folium_elements, open_app
from tests.test_playback import playback_arguments

SLIDE, IDLE = 10.0, 60.0


def shown_title(at: AppTest) -> str:
    """The title of the stage's slot on screen (each slot holds one slide, in slot order)."""
    return at.title[at.session_state["kiosk"]["shown"]].value


def kiosk_app(monkeypatch, lang: str | None = None) -> AppTest:
    """The kiosk deployment, its storyboard run once."""
    monkeypatch.setenv("ATLAS_MODE", "kiosk")
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")  # must be ignored in a kiosk
    return open_app(lang=lang, check=False)


def test_kiosk_registers_only_the_storyboard(monkeypatch):
    at = kiosk_app(monkeypatch)
    assert not at.exception
    assert shown_title(at) == "乌鲁木齐创业社区"
    assert "示例数据" in at.warning[0].value
    for hidden in ("pages/admin/data_admin.py", "pages/public/map_explorer.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(hidden)
    assert not at.get("file_uploader")


def test_kiosk_touch_controls(monkeypatch):
    at = kiosk_app(monkeypatch)
    at.button(key="kiosk_next").click().run()
    assert shown_title(at) == "便民经济社区"
    assert at.button(key="kiosk_play")  # a touch paused the loop
    at.button(key="kiosk_prev").click().run()
    at.button(key="kiosk_prev").click().run()
    assert shown_title(at) == "三年历程"  # wraps round to the last slide (the playback)
    at.button(key="kiosk_home").click().run()
    assert shown_title(at) == "乌鲁木齐创业社区" and at.button(key="kiosk_pause")


def test_kiosk_speaks_three_languages_with_one_touch(monkeypatch):
    at = kiosk_app(monkeypatch)
    at.button(key="kiosk_lang_ug").click().run()
    assert at.query_params["lang"] == "ug"
    assert shown_title(at) == "ئۈرۈمچى ئىگىلىك تىكلەش مەھەللىلىرى"
    assert at.button(key="kiosk_next").label == "كېيىنكى ◀"
    assert at.button(key="kiosk_pause")  # a language touch leaves the loop playing
    at.button(key="kiosk_lang_en").click().run()
    at.button(key="kiosk_next").click().run()
    assert shown_title(at) == "Convenience Economy communities"
    assert at.button(key="kiosk_lang_en").proto.type == "primary"
    at.button(key="kiosk_lang_zh").click().run()
    assert "lang" not in at.query_params and shown_title(at) == "便民经济社区"


def test_kiosk_language_from_the_url_and_the_deployment_default(monkeypatch):
    at = kiosk_app(monkeypatch, lang="en")
    assert shown_title(at) == "Urumqi startup communities"
    monkeypatch.setenv("ATLAS_KIOSK_LANG", "ug")
    at = kiosk_app(monkeypatch)
    assert shown_title(at) == "ئۈرۈمچى ئىگىلىك تىكلەش مەھەللىلىرى"


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
    assert not at.info and shown_title(at) == "Urumqi startup communities"


def test_a_failing_slide_is_skipped_politely(monkeypatch):
    def broken_map(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("components.maps.urumqi_map", broken_map)
    at = kiosk_app(monkeypatch)
    assert not at.exception
    # Each slot of the stage says so (the one on screen and the one prepared unseen).
    assert {i.value for i in at.info} == {"这一页暂时无法显示，稍后将自动继续。"}
    assert at.button(key="kiosk_next")  # the controls and the loop are still there


def test_the_playback_slide_plays_the_three_years_on_the_urumqi_map(monkeypatch):
    monkeypatch.setenv("ATLAS_MODE", "kiosk")
    monkeypatch.setenv("ATLAS_KIOSK_SLIDE_SECONDS", "12")
    monkeypatch.setenv("ATLAS_KIOSK_PLAYBACK_SECONDS", "20")
    at = open_app(check=False)
    at.button(key="kiosk_prev").click().run()  # wraps round to the last slide
    assert not at.exception
    assert shown_title(at) == "三年历程" and at.button(key="kiosk_play")
    assert ["创业社区（个）", "孵化基地（个）"] in [
        [m.label for m in at.metric][i : i + 2] for i in range(len(at.metric))
    ]
    (args,) = [a for a in folium_elements(at) if "addPlayback" in a["script"]]
    played = playback_arguments(args["script"])
    shown = at.session_state["kiosk"]["shown"]
    hidden = 'html[data-kiosk-shown="1"]' if shown == 0 else 'html:not([data-kiosk-shown="1"])'
    # A touch (the loop paused) holds play, and so does the stage hiding the slot.
    assert played["holdWhile"] == f".st-key-kiosk_play, {hidden}"
    assert played["playing"] and played["start"] == 0 and played["mode"] == "cumulative"
    assert played["stepMs"]["normal"] == round(20_000 / 12)  # twelve quarters in 20 s
    assert played["url"] is False  # the kiosk's address never changes
