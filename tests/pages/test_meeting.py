"""The meeting page (/meeting) in AppTest: saved views in order, the URL's view and language."""

from __future__ import annotations

from data import reference
from tests.apptest import open_app


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
