"""The frame's admission gate: how many page scripts run at once in this server process.

Every session's script runs in its own thread, and the threads share one interpreter
lock. Fifty sessions opening at once therefore all progress together and all finish at
the end; every extra thread also makes each message a script sends (one wake-up of the
event loop per element) wait longer for the lock. Letting a few scripts run at a time,
in arrival order, finishes the first sessions early and the last ones no later
(``python -m bench.load``; README, Performance).

A script waits at most ``WAIT_LIMIT_S`` for a slot and then runs anyway, so a stuck run
can slow the others but never stop them. The data page does not take a slot: it waits
for import workers and must not hold viewers up.
"""

from __future__ import annotations

import threading
from collections import deque

WAIT_LIMIT_S = 10.0


class FifoSlots:
    """``size`` slots handed out strictly in arrival order: a freed slot goes to the
    longest waiter, never to a script that arrives just then."""

    def __init__(self, size: int):
        self.size = size
        self._free = size
        self._waiters: deque[threading.Event] = deque()
        self._lock = threading.Lock()

    def acquire(self, timeout: float) -> bool:
        with self._lock:
            if self._free and not self._waiters:
                self._free -= 1
                return True
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed over just as the wait ended
                return True
            self._waiters.remove(turn)
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.popleft().set()  # the slot passes straight on
            else:
                self._free += 1


_slots: FifoSlots | None = None
_slots_lock = threading.Lock()


def _process_slots(size: int) -> FifoSlots:
    """One set of slots per process (a new one only if the configured size changes)."""
    global _slots
    with _slots_lock:
        if _slots is None or _slots.size != size:
            _slots = FifoSlots(size)
        return _slots


class RunSlot:
    """``with RunSlot(size) as slot:`` holds one of ``size`` slots for the block, waiting
    at most ``wait_limit`` seconds (then the block runs without one); ``slot.leave()``
    gives it back early, for a page that must not hold the others up."""

    def __init__(self, size: int, wait_limit: float = WAIT_LIMIT_S):
        self._slots = _process_slots(size)
        self._wait_limit = wait_limit
        self.held = False

    def __enter__(self) -> RunSlot:
        self.held = self._slots.acquire(self._wait_limit)
        return self

    def leave(self) -> None:
        if self.held:
            self.held = False
            self._slots.release()

    def __exit__(self, *exc) -> None:
        self.leave()
