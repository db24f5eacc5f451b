"""Employment and comparison pages in Chromium, and the district brief printed to A4 PDF."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from components.brief import district_brief
from data import loader
from geo.indicators import ALL_PERIODS
from tests.browser.conftest import SCREENSHOTS, screenshot
from tests.browser.test_smoke import MAP_FRAME, open_page

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
    page.wait_for_function(f"document.querySelectorAll('{MAP_FRAME}').length === 3", timeout=30_000)
    for number in range(3):
        frame = page.frame_locator(MAP_FRAME).nth(number)
        frame.locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    page.locator(PLOT).first.wait_for(timeout=30_000)
    assert "districts=650102%2C650105%2C650109" in page.url or "650102,650105" in page.url
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
    context = browser.new_context(locale="zh-CN")
    requests: list[str] = []

    def only_the_file(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    try:
        page = context.new_page()
        context.route("**/*", only_the_file)
        page.goto(source.as_uri())
        page.get_by_role("heading", name="新市区 · 创业社区简报").wait_for()
        assert page.locator("svg").count() == 4  # map + three charts
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        pdf = SCREENSHOTS / "brief.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()
    assert [r for r in requests if not r.startswith("file:")] == []
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
