"""Meeting mode: the saved views in order, each view's share address and its QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

import segno

from components import i18n
from components.i18n import t
from geo.playback import (
    Playback,
    invalid_playback_params,
    playback_from_params,
    playback_to_params,
    split_params,
)
from geo.view import View, invalid_params, view_from_params, view_to_params

MAP_PATH = "map"
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0"}


@dataclass(frozen=True)
class SavedViews:
    views: list[View]
    problems: list[str]  # one message per saved view that was left out
    # Per view: its quarter-by-quarter playback (playing from its quarter), or None.
    playbacks: list[Playback | None] = field(default_factory=list)


def saved_views(
    raw: list[dict[str, str]],
    districts: list[str],
    type_codes: list[str],
    indicator_codes: list[str],
) -> SavedViews:
    """Views from the bookmarks file; a view with an unknown key or value is left out
    (and reported), never silently shown as something else."""
    views, problems, playbacks = [], [], []
    for number, params in enumerate(raw, start=1):
        own, played = split_params(params)
        bad = invalid_params(own, districts, type_codes, indicator_codes)
        bad += invalid_playback_params(played)
        view = view_from_params(own, districts, type_codes, indicator_codes)
        if played and view.level == "xinjiang":
            bad.append("playback")  # the Xinjiang map has no quarters to play
        if bad:
            problems.append(t("meeting.bad_view", n=number, keys=", ".join(bad)))
            continue
        views.append(view)
        playback = playback_from_params(played)
        # A saved playback plays when its view opens, unless it says playing = "0".
        playbacks.append(playback and replace(playback, playing=played.get("playing") != "0"))
    return SavedViews(views, problems, playbacks)


def base_url(configured: str, page_url: str | None) -> str:
    """scheme://host[:port][/prefix] of the app: the configured address, else the one
    the presenter's browser used (the page path is dropped)."""
    if configured:
        return configured.rstrip("/")
    if not page_url:
        return ""
    parts = urlsplit(page_url)
    prefix = parts.path.rsplit("/", 1)[0]  # an app served under a path keeps it
    return f"{parts.scheme}://{parts.netloc}{prefix}".rstrip("/")


def only_this_machine(url: str) -> bool:
    """True when the address is a loopback one that phones in the room cannot open."""
    return (urlsplit(url).hostname or "") in LOOPBACK_HOSTS


def share_url(base: str, view: View, lang: str, playback: Playback | None = None) -> str:
    """The map page at this view (and playback), in this language."""
    params = {**view_to_params(view), **playback_to_params(playback), **i18n.url_params(lang)}
    query = f"?{urlencode(params)}" if params else ""
    return f"{base}/{MAP_PATH}{query}"


def qr_png(url: str, scale: int = 8) -> bytes:
    """A QR code of ``url`` as PNG bytes (medium error correction, quiet zone kept)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def view_number(raw: str, count: int) -> int | None:
    """The 1-based view number of a ``?view=`` value, or None when no such view exists."""
    text = raw.strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= count else None


HEAD_KEY = "meeting_head"  # the container of the title and the page buttons (MEETING_CSS)
MEETING_CSS = """
<style>
/* The data banner starts below Streamlit's header (60 px), which is opaque while the
   sidebar is folded, as it is when the page opens. */
.block-container {padding-top: 2.9rem; max-width: 100%;}
/* The title keeps to two lines at most, so the map stays on the screen. */
[data-testid="stMain"] h1 {font-size: 2.4rem !important; text-wrap: balance;}
[data-testid="stMain"] h2 {font-size: 2.1rem !important;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 1.15rem;}
[data-testid^="stBaseButton"] {min-height: 60px; min-width: 120px;}
[data-testid^="stBaseButton"] p {font-size: 1.35rem;}
/* A laptop: a smaller title keeps to two lines in every language. */
@media (max-width: 1500px) {
  [data-testid="stMain"] h1 {font-size: 1.9rem !important;}
  [data-testid^="stBaseButton"] p {font-size: 1.15rem;}
}
/* A phone: the data banner clear of the app's header, a compact title, and the two page
   buttons side by side under it, so the map starts in the screen's top 40 %. */
@media (max-width: 640px) {
  .block-container {padding-top: 3.6rem;}
  [data-testid="stMain"] h1 {font-size: 1.35rem !important;}
  [data-testid^="stBaseButton"] {min-height: 44px; min-width: 0;}
  .st-key-meeting_head kbd {display: none;}  /* no keyboard on a phone: whole labels */
  /* The position and the keys hint on one line (a long one, as in Uyghur, is cut). */
  .st-key-meeting_head [data-testid="stCaptionContainer"] p {
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
  }
  .st-key-meeting_head [data-testid="stHorizontalBlock"] {flex-wrap: wrap; gap: 0.5rem;}
  .st-key-meeting_head [data-testid="stColumn"] {
    flex: 1 1 calc(50% - 0.25rem) !important; min-width: calc(50% - 0.25rem) !important;
  }
  .st-key-meeting_head [data-testid="stColumn"]:first-child {
    flex-basis: 100% !important; min-width: 100% !important;
  }
}
</style>
"""
