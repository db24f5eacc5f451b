"""Answers derived from the datasets, computed once per data version and shared.

``loader.load_all`` returns one ``Datasets`` object per data version (a replaced file
gives a new one). A function decorated with ``per_data`` takes that object first and
hashable arguments after it; its answer is kept per object and arguments, so a rerun with
the same data and arguments gets the same object back without any pandas work. A new data
version drops the answers of the old one.

Answers are shared by every session and thread, like the bundle itself: treat them as
read-only (derive new frames with ``assign``/``copy``; ``st.plotly_chart`` only reads a
figure). Nothing here imports Streamlit.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

MAX_ENTRIES = 256  # answers kept per function (least recently used go first)

Answer = TypeVar("Answer")
_lock = threading.Lock()
_caches: list[OrderedDict] = []


def per_data(function: Callable[..., Answer]) -> Callable[..., Answer]:
    """Decorator: ``function(data, *args)`` computed once per ``data`` object and ``args``."""
    cache: OrderedDict = OrderedDict()
    owner: list = [None]  # the data object the cache holds answers for
    _caches.append(cache)

    @functools.wraps(function)
    def cached(data, *args):
        key = args
        with _lock:
            if owner[0] is data and key in cache:
                cache.move_to_end(key)
                return cache[key]
        answer = function(data, *args)  # outside the lock: a slow answer blocks no one
        with _lock:
            if owner[0] is not data:
                cache.clear()
                owner[0] = data
            cache[key] = answer
            while len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
        return answer

    def cache_clear() -> None:
        with _lock:
            cache.clear()
            owner[0] = None

    cached.cache_clear = cache_clear  # type: ignore[attr-defined]
    return cached


def clear() -> None:
    """Forget every answer (``loader.clear_cache`` calls this)."""
    with _lock:
        for cache in _caches:
            cache.clear()
