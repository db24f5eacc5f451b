"""Every public page and every kiosk slide, drawn in English and Uyghur, shows no Chinese
interface text: only data values (none on these pages' labels) and the 示例数据 label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from components import i18n
from components.kiosk import storyboard
from tests.apptest import ARABIC, open_app, registered_pages, texts

ROOT = Path(__file__).resolve().parent.parent
CHINESE = re.compile(r"[\u3400-\u9fff]")
ALLOWED = ("示例数据", i18n.native_name("zh"))  # the sample label; 中文 on the switcher


def chinese_left(strings: list[str]) -> list[str]:
    def strip(text: str) -> str:
        for allowed in ALLOWED:
            text = text.replace(allowed, "")
        return text

    return [s[:60] for s in strings if CHINESE.search(strip(s))]


PAGES = [script for script, _ in registered_pages()]


@pytest.mark.parametrize("lang", ["en", "ug"])
@pytest.mark.parametrize("script", PAGES)
def test_page_has_no_chinese_interface_text(script: str, lang: str, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_ENABLE_DATA_PAGE", "1")  # the data page: its login screen
    at = open_app(script, lang=lang)
    shown = texts(at.main) + texts(at.sidebar)
    assert chinese_left(shown) == []
    if lang == "ug":
        assert ARABIC.search(at.title[0].value)


def test_every_kiosk_slide_in_english_has_no_chinese(monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_MODE", "kiosk")
    at = open_app(lang="en")
    titles = []
    count = len(storyboard())
    for _ in range(count):
        assert not at.exception and chinese_left(texts(at.main)) == []
        titles.append(at.title[at.session_state["kiosk"]["shown"]].value)
        at.button(key="kiosk_next").click().run()
    assert len(set(titles)) == count and titles[0] in [e.value for e in at.title]
