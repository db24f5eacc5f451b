"""The admin deployment (``streamlit run tools/admin_server.py``) in Chromium: its headers
forbid framing the pages, yet the maps (component iframes of the app itself) still draw,
and a logged-in upload passes the upload gate."""

from __future__ import annotations

from data import loader
from tests.browser.conftest import (
    ADMIN_PASSWORD,
    open_page,
    open_watched,
    screenshot,
    wait_for_map,
)


def test_maps_draw_and_a_logged_in_upload_is_checked(browser, admin_server):
    admin_url = admin_server.url
    watch = open_watched(browser, locale="zh-CN")
    page = watch.page
    try:
        for path in ("/", "/map"):
            response = page.goto(admin_url + path, wait_until="domcontentloaded")
            assert response.headers["x-frame-options"] == "DENY"
            open_page(watch, admin_url + path)
            wait_for_map(page, shapes=8)  # the eight districts at least
        open_page(watch, admin_url + "/data")
        page.get_by_label("操作人姓名（记入审计日志）").fill("张伟")
        page.get_by_label("管理员密码").fill(ADMIN_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.get_by_role("tab", name="导入数据").wait_for(timeout=60_000)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            str(loader.SAMPLE_DIR / "communities.csv")
        )
        page.get_by_text("WGS-84", exact=False).first.click()
        page.get_by_text("校验通过", exact=False).first.wait_for(timeout=90_000)
        wait_for_map(page, shapes=8)  # the preview map of the checked file
        screenshot(page, "admin_deployment_data_page")
        assert watch.blocked == [] and watch.console_errors == []
    finally:
        watch.context.close()
