"""The admission gate of app.py (components.run_gate): slots in arrival order."""

from __future__ import annotations

import threading
import time

from components import run_gate
from data import settings


def _wait_until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_freed_slot_goes_to_the_longest_waiter():
    slots = run_gate.FifoSlots(1)
    assert slots.acquire(1.0)
    order: list[int] = []

    def wait_then_record(number: int) -> None:
        assert slots.acquire(5.0)
        order.append(number)
        slots.release()

    threads = []
    for number in range(6):
        thread = threading.Thread(target=wait_then_record, args=(number,))
        thread.start()
        threads.append(thread)
        _wait_until(lambda n=number: len(slots._waiters) == n + 1)  # queued in this order
    slots.release()
    for thread in threads:
        thread.join(5)
    assert order == list(range(6))
    assert slots._free == 1 and not slots._waiters


def test_a_newcomer_cannot_take_a_slot_someone_is_waiting_for():
    slots = run_gate.FifoSlots(1)
    assert slots.acquire(1.0)
    waiter_done = threading.Event()
    threading.Thread(target=lambda: slots.acquire(5.0) and waiter_done.set()).start()
    _wait_until(lambda: len(slots._waiters) == 1)
    slots.release()  # handed to the waiter, not put back for anyone
    assert not slots.acquire(0.05)
    assert waiter_done.wait(5)


def test_a_wait_gives_up_after_its_limit_and_leaves_the_queue():
    slots = run_gate.FifoSlots(2)
    assert slots.acquire(1.0) and slots.acquire(1.0)
    started = time.monotonic()
    assert not slots.acquire(0.2)
    assert time.monotonic() - started >= 0.2
    assert not slots._waiters
    slots.release()
    assert slots.acquire(0.0)


def test_run_slot_holds_until_the_block_ends_or_it_leaves():
    with run_gate.RunSlot(1, wait_limit=1.0) as slot:
        assert slot.held
        with run_gate.RunSlot(1, wait_limit=0.05) as other:
            assert not other.held  # the only slot is taken: after the limit it runs anyway
        slot.leave()  # e.g. the data page
        assert not slot.held
        with run_gate.RunSlot(1, wait_limit=0.05) as other:
            assert other.held
    slots = run_gate._process_slots(1)
    assert slots._free == 1  # leave() and the end of the block release only once


def test_an_exception_in_the_block_gives_the_slot_back():
    try:
        with run_gate.RunSlot(1, wait_limit=1.0):
            raise RuntimeError("st.rerun raises through the frame")
    except RuntimeError:
        pass
    with run_gate.RunSlot(1, wait_limit=0.05) as slot:
        assert slot.held


def test_the_number_of_slots_is_a_setting(monkeypatch):
    monkeypatch.delenv("ATLAS_CONCURRENT_RUNS", raising=False)
    assert settings.concurrent_runs() == 1
    monkeypatch.setenv("ATLAS_CONCURRENT_RUNS", "3")
    assert settings.concurrent_runs() == 3
    with run_gate.RunSlot(settings.concurrent_runs()) as slot:
        assert slot.held and run_gate._process_slots(3)._free == 2
    monkeypatch.setenv("ATLAS_CONCURRENT_RUNS", "none")
    assert settings.concurrent_runs() == 1
