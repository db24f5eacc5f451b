"""Employment and comparison pages in Chromium, and the district brief printed to A4 PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from components.brief import district_brief
from data import loader
from geo.indicators import ALL_PERIODS
from tests.browser.conftest import (
    SCREENSHOTS,
    PageWatch,
    current_url,
    open_page,
    screenshot,
    wait_for_map,
)

pytestmark = pytest.mark.browser

PLOT = ".js-plotly-plot .main-svg"


def full_screenshot(page, name: str) -> None:
    """Streamlit scrolls inside the app, so grow the viewport to capture the whole page."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": 1600, "height": min(int(height) + 40, 9000)})
    page.wait_for_timeout(500)
    screenshot(page, name)


def assert_clean(watch) -> None:
    assert watch.page.locator('[data-testid="stException"]').count() == 0
    assert watch.blocked == [] and watch.console_errors == []


def test_employment_page_answers_who_is_behind(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/employment")
    page = watch.page
    page.get_by_role("heading", name="就业与培训").wait_for()
    page.locator(PLOT).first.wait_for(timeout=30_000)
    summary = page.get_by_test_id("stMetric").first.inner_text()
    assert "培训人数 · 完成率最低" in summary and "差" in summary
    full_screenshot(page, "employment")
    page.get_by_role("tab", name="区县 × 指标").click()
    matrix = page.get_by_test_id("stDataFrame").first
    matrix.wait_for()
    matrix.screenshot(path=str(SCREENSHOTS / "employment-matrix.png"))
    assert_clean(watch)


def test_compare_page_from_a_shared_url(app_url, watched_page):
    watch = watched_page
    open_page(watch, f"{app_url}/compare?districts=650102,650105,650109")
    page = watch.page
    page.get_by_role("heading", name="区县对比").wait_for()
    for number in range(3):  # one small map per district, each with its district drawn
        wait_for_map(page, shapes=1, index=number)
    page.locator(PLOT).first.wait_for(timeout=30_000)
    assert page.locator(PLOT).count() >= 2  # grouped bars and the ranking
    address = current_url(page)
    assert "districts=650102%2C650105%2C650109" in address or "650102,650105" in address
    assert page.get_by_test_id("stDownloadButton").count() >= 3 + 2  # briefs + CSV/XLSX
    with page.expect_download() as download:
        page.get_by_role("button", name="下载米东区简报（HTML，可打印为 A4）").click()
    assert download.value.suggested_filename == "米东区_区县简报.html"
    brief = Path(download.value.path()).read_text(encoding="utf-8")
    assert "米东区 · 创业社区简报" in brief and "示例数据" in brief
    assert "http" not in brief and "//" not in brief
    full_screenshot(page, "compare")
    assert_clean(watch)


def test_brief_opens_offline_and_prints_on_a4(browser, tmp_path):
    html = district_brief(
        loader.load_all(), "650104", ALL_PERIODS, loader.dataset_info(), generated="2025-01-01"
    )
    source = tmp_path / "brief.html"
    source.write_text(html, encoding="utf-8")
    watch = PageWatch(browser.new_context(locale="zh-CN"))
    page, context = watch.page, watch.context
    try:
        page.goto(source.as_uri())
        page.get_by_role("heading", name="新市区 · 创业社区简报").wait_for()
        assert page.locator("svg").count() == 4  # map + three charts
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf = SCREENSHOTS / "brief.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    assert watch.blocked == []  # the brief asks for nothing beyond its own file
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: no PNG of the PDF")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(pdf), str(SCREENSHOTS / "brief-page")], check=True
    )
    pages = sorted(SCREENSHOTS.glob("brief-page-*.png"))
    assert 1 <= len(pages) <= 3, "the brief should fit on a few A4 pages"
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "示例数据" in text and "新市区" in text
