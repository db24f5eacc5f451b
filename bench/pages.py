"""Server time of a filter change on every registered public page (AppTest, full rerun).

Pages are the public ones of the page registry (``pages/__init__.py``). The filter is the
widget named in ``FILTERS`` for the page, else the page's first keyed selectbox, toggle or
checkbox, alternating between two values. A page without one gets a plain rerun, and the
table says so.
"""

from __future__ import annotations

from bench.common import ROOT, Figure, median_time
from components import i18n
from pages import PUBLIC_PAGES

# url_path -> (widget kind, key, values to cycle through); other pages: the first selectbox
# (by index), toggle or checkbox with a key.
FILTERS = {"map": ("multiselect", "ex_types", [["childcare"], ["digital", "finance"], []])}
BUDGETS = {"map": 0.3, "employment": 0.3, "compare": 0.3}  # issue 12: same class as /map


def registered_pages() -> list[tuple[str, str, str]]:
    """(script, url_path, title) of every public page, titles from the zh catalog."""
    titles = i18n.catalog(i18n.DEFAULT_LANG)
    return [(e.script, e.url_path, titles[f"page_titles.{e.url_path}"]) for e in PUBLIC_PAGES]


def _changer(at, url: str):
    """(description, action) changing one filter of the page, or a plain rerun."""
    state = {"n": 0}
    if url in FILTERS:
        kind, key, values = FILTERS[url]

        def change_known() -> None:
            state["n"] += 1
            getattr(at, kind)(key=key).set_value(values[state["n"] % len(values)]).run()

        return f"{kind} {key}", change_known
    for widget in at.selectbox:
        if widget.key and len(widget.options) > 1:
            size, key = len(widget.options), widget.key

            def change_selectbox(key=key, size=size) -> None:
                state["n"] += 1
                at.selectbox(key=key).select_index(state["n"] % min(size, 2)).run()

            return f"selectbox {key}", change_selectbox
    for kind in ("toggle", "checkbox"):
        for widget in getattr(at, kind):
            if widget.key:

                def flip(kind=kind, key=widget.key) -> None:
                    target = getattr(at, kind)(key=key)
                    target.set_value(not target.value).run()

                return f"{kind} {widget.key}", flip
    return "no filter: plain rerun", at.run


def page_figures(runs: int) -> list[Figure]:
    from streamlit.testing.v1 import AppTest

    figures = []
    for script, url, title in registered_pages():
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
            if not script.endswith("overview.py"):
                at.switch_page(script).run()
            if at.exception:
                raise RuntimeError(at.exception[0].value)
            what, action = _changer(at, url)
            action()  # warm
            seconds = median_time(action, runs)
            if at.exception:
                raise RuntimeError(at.exception[0].value)
            name = f"filter change, {title} (/{url}), server"
            figures.append(Figure(name, seconds, "s", runs, BUDGETS.get(url), what))
        except Exception as error:  # a broken page is reported, not fatal
            name = f"filter change, {title} (/{url}), server"
            if "Could not find a navigation page" in str(error):
                note = "skipped: not registered in the default mode"
                figures.append(Figure(name, float("nan"), "s", 0, note=note, skipped=True))
            else:
                note = f"error: {type(error).__name__}: {str(error)[:60]}"
                figures.append(Figure(name, float("nan"), "s", 0, note=note))
    return figures
