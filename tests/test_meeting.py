"""Meeting mode: saved views, the share address and its QR code."""

from __future__ import annotations

import io

import pytest
import zxingcpp
from PIL import Image

from components import i18n, meeting
from data import reference
from data.schema import DatasetError
from geo.view import View

DISTRICTS = ["650102", "650104"]
TYPES = reference.codes("community_types")
INDICATORS = reference.codes("indicators")


def decode(png: bytes) -> list[str]:
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_the_committed_views_are_all_valid() -> None:
    import geopandas as gpd

    from data.loader import SHIPPED_BOUNDARY_DIR

    districts = list(gpd.read_file(SHIPPED_BOUNDARY_DIR / "urumqi_districts.geojson")["adcode"])
    saved = meeting.saved_views(reference.meeting_views(), districts, TYPES, INDICATORS)
    assert saved.problems == [] and len(saved.views) == len(reference.meeting_views()) >= 5
    assert {v.level for v in saved.views} == {"xinjiang", "urumqi", "district"}


def test_a_bad_view_is_reported_and_left_out() -> None:
    raw = [
        {"level": "urumqi"},
        {"level": "district", "district": "999999"},
        {"layers": "bases,rivers", "colour": "red"},
        {"level": "district", "district": "650104", "types": "digital"},
    ]
    saved = meeting.saved_views(raw, DISTRICTS, TYPES, INDICATORS)
    assert [v.level for v in saved.views] == ["urumqi", "district"]
    assert saved.views[1] == View(level="district", district="650104", types=("digital",))
    assert saved.problems == [
        "第 2 个保存的视图无效（district），已跳过。",
        "第 3 个保存的视图无效（colour, layers），已跳过。",
    ]


def test_an_unreadable_views_file_names_the_file(tmp_path) -> None:
    broken = tmp_path / "meeting_views.toml"
    broken.write_text("[[views]\nlevel = ", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"meeting_views\.toml"):
        reference.meeting_views(broken)


def test_share_url_carries_the_view_and_the_language() -> None:
    view = View(level="district", district="650102", layers=("bases",), period="2024")
    url = meeting.share_url("http://10.0.0.5:8501", view, "ug")
    assert url == (
        "http://10.0.0.5:8501/map?level=district&district=650102&layers=bases&period=2024&lang=ug"
    )
    assert meeting.share_url("https://atlas.example", View(), "zh") == "https://atlas.example/map"


@pytest.mark.parametrize(
    ("configured", "page", "expected"),
    [
        ("http://10.0.0.5:8501/", "http://localhost:8501/meeting", "http://10.0.0.5:8501"),
        ("", "http://192.168.1.9:8501/meeting?view=2", "http://192.168.1.9:8501"),
        ("", "https://host.example/atlas/meeting", "https://host.example/atlas"),
        ("", None, ""),
    ],
)
def test_base_url(configured, page, expected) -> None:
    assert meeting.base_url(configured, page) == expected


def test_loopback_addresses_are_flagged() -> None:
    assert meeting.only_this_machine("http://localhost:8501/map")
    assert meeting.only_this_machine("http://127.0.0.1:8501/map")
    assert not meeting.only_this_machine("http://192.168.1.9:8501/map")


def test_the_qr_code_decodes_to_the_share_url() -> None:
    url = meeting.share_url("http://10.0.0.5:8501", View(level="xinjiang"), "en")
    assert decode(meeting.qr_png(url)) == [url]


def test_bad_view_message_in_english() -> None:
    with i18n.using("en"):
        saved = meeting.saved_views([{"level": "moon"}], DISTRICTS, TYPES, INDICATORS)
    assert saved.problems == ["Saved view 1 is not valid (level) and was skipped."]
