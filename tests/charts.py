"""Charts as a page shows them in AppTest: each chart's title (page text written by
``components.chart_layout.show`` just above it) with its plotly spec."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

MARKDOWN_ESCAPE = re.compile(r"\\(.)")


def _plain(markdown: str) -> str:
    """``**title**`` with its markdown escapes, as the text a reader sees."""
    return MARKDOWN_ESCAPE.sub(r"\1", markdown.strip().removeprefix("**").removesuffix("**"))


def titled_charts(at: AppTest) -> list[tuple[str, dict]]:
    """(title, spec) of every chart on the page, in page order."""
    found: list[tuple[str, dict]] = []

    def walk(node) -> None:
        children = list(getattr(node, "children", {}).values())
        for before, child in zip([None, *children], children, strict=False):
            if getattr(child, "type", None) == "plotly_chart":
                title = before.value if getattr(before, "type", None) == "markdown" else ""
                found.append((_plain(title), json.loads(child.proto.spec)))
            else:
                walk(child)

    walk(at.main)
    return found
