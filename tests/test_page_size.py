"""Pages stay thin: they read widgets, call geo/ and components/, and render."""

from __future__ import annotations

from pathlib import Path

PAGES = Path(__file__).resolve().parent.parent / "pages"
MAX_PAGE_LINES = 150


def test_no_page_script_is_longer_than_150_lines():
    scripts = sorted(PAGES.rglob("*.py"))
    assert scripts
    too_long = {
        str(path.relative_to(PAGES)): count
        for path in scripts
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_PAGE_LINES
    }
    assert not too_long, f"move logic to components/ or geo/: {too_long}"
