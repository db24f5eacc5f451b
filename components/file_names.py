"""File names for downloads, made from text such as district or page names."""

from __future__ import annotations

import re

from components.i18n import ISOLATES, t

_UNSAFE = re.compile(rf'[\\/:*?"<>|\x00-\x1f{ISOLATES}]+')
MAX_STEM = 60


def safe_file_stem(text: str, fallback: str | None = None) -> str:
    """Text usable as a file name on every system (no separators or reserved characters)."""
    safe = _UNSAFE.sub("_", text).strip(" ._")
    return safe[:MAX_STEM] or fallback or t("brief.file_fallback")
