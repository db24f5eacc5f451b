"""Failed logins remembered by the server process, not the session: a reload or a new
browser gets no fresh tries. Each client address backs off on its own, and a global cap
locks every login when too many fail at once (a guess spread over many addresses)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

FREE_FAILURES = 5  # per address before it must wait
FIRST_WAIT_SECONDS = 60.0  # then 1, 2, 4 … minutes
LONGEST_WAIT_SECONDS = 3600.0
GLOBAL_WINDOW_SECONDS = 600.0
GLOBAL_MAX_FAILURES = 30  # across all addresses within the window
FORGET_AFTER_SECONDS = 24 * 3600.0


@dataclass
class _Address:
    failures: int = 0
    last_failure: float = 0.0


@dataclass
class Lockout:
    clock: object = time.monotonic
    _addresses: dict[str, _Address] = field(default_factory=dict)
    _recent: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, address: str) -> float:
        """Seconds ``address`` must wait before its next try (0: it may try now)."""
        now = self.clock()
        with self._lock:
            self._forget(now)
            waits = [0.0]
            if len(self._recent) >= GLOBAL_MAX_FAILURES:
                waits.append(self._recent[0] + GLOBAL_WINDOW_SECONDS - now)
            entry = self._addresses.get(address)
            if entry and entry.failures >= FREE_FAILURES:
                wait = FIRST_WAIT_SECONDS * 2 ** (entry.failures - FREE_FAILURES)
                waits.append(entry.last_failure + min(wait, LONGEST_WAIT_SECONDS) - now)
            return max(waits)

    def failed(self, address: str) -> None:
        now = self.clock()
        with self._lock:
            entry = self._addresses.setdefault(address, _Address())
            entry.failures += 1
            entry.last_failure = now
            self._recent.append(now)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._addresses.pop(address, None)

    def _forget(self, now: float) -> None:
        self._recent = [t for t in self._recent if now - t < GLOBAL_WINDOW_SECONDS]
        stale = [
            a for a, e in self._addresses.items() if now - e.last_failure > FORGET_AFTER_SECONDS
        ]
        for address in stale:
            del self._addresses[address]


LOGINS = Lockout()  # one per server process, shared by every session
