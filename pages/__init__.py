"""The page registry: every page the app may register with ``st.navigation``.

``app.py``, the tests and the benchmark import these lists; nothing else defines pages.
Importing this module has no side effects (no Streamlit, no file access).

Page scripts live in sub-folders (``public/``: pages every deployment may show), never
directly in ``pages/``. A ``pages/`` folder next to ``app.py`` makes Streamlit (1.67 too)
start in its old multipage mode: until ``app.py`` has called ``st.navigation`` once in
the server process, a deep link such as ``/map`` would run ``pages/map.py`` directly,
skipping the frame and the page registry. So each page other than the default one
(served at ``/``) has a top-level ``pages/<url_path>.py`` that is exactly
``shim_source(url_path)``: it only runs ``app.py``. Streamlit's discovery skips this
``__init__.py``; ``tests/test_app.py`` checks the shims against ``deep_link_url_paths()``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    """One page: its script (from the project root), its ASCII URL path, its icon and how
    its sidebar starts (``st.set_page_config``'s ``initial_sidebar_state``).

    The title is the catalog's ``page_titles.<url_path>``."""

    script: str
    url_path: str
    icon: str | None = None
    sidebar: str = "auto"  # open on a desktop, folded on a phone


# The first public page is the default one, served at "/".
PUBLIC_PAGES = (
    PageEntry("pages/public/overview.py", "overview", ":material/dashboard:"),
    PageEntry("pages/public/map_explorer.py", "map", ":material/map:"),
    PageEntry("pages/public/employment.py", "employment", ":material/school:"),
    PageEntry("pages/public/compare.py", "compare", ":material/compare_arrows:"),
    # Folded: its presenter's notes stay off the projected screen until opened.
    PageEntry("pages/public/meeting.py", "meeting", ":material/co_present:", "collapsed"),
)
# Registered only when the deployment enables the data page (never in kiosk mode).
ADMIN_PAGES = (PageEntry("pages/admin/data_admin.py", "data", ":material/database:"),)
# Registered only in kiosk mode, as the only page.
KIOSK_PAGES = (PageEntry("pages/kiosk/storyboard.py", "kiosk"),)


def all_pages(kiosk: bool = False) -> tuple[PageEntry, ...]:
    """Public and admin pages, then the kiosk pages when ``kiosk``."""
    return PUBLIC_PAGES + ADMIN_PAGES + (KIOSK_PAGES if kiosk else ())


def deep_link_url_paths() -> set[str]:
    """URL paths that need a top-level shim: every page that is not its mode's default."""
    return {entry.url_path for entry in PUBLIC_PAGES[1:] + ADMIN_PAGES}


def shim_source(url_path: str) -> str:
    """The exact text of ``pages/<url_path>.py``."""
    return (
        f'"""Deep-link entry for /{url_path} on a freshly started server'
        ' (see pages/__init__.py)."""\n'
        "\n"
        "import runpy\n"
        "from pathlib import Path\n"
        "\n"
        'runpy.run_path(str(Path(__file__).resolve().parents[1] / "app.py"), run_name="__main__")\n'
    )
