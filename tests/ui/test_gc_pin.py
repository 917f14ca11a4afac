"""Cycles are collected on the GUI thread, never in a worker of the thread pool (ui/gc_pin.py)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from privacy_desk.app import make_application
from privacy_desk.ui.gc_pin import GuiThreadCollector, pin_garbage_collection


class _Cycle:
    """Half of a reference cycle that says in which thread it was collected."""

    def __init__(self, seen: list[int]) -> None:
        self.seen = seen
        self.me = self

    def __del__(self) -> None:
        self.seen.append(threading.get_ident())


def test_a_cycle_made_on_the_gui_thread_is_collected_there_while_a_worker_allocates(
    qtbot,
) -> None:
    make_application()  # what the application runs at start
    assert not gc.isenabled()
    assert pin_garbage_collection(QApplication.instance()) is QApplication.instance().findChild(
        GuiThreadCollector
    )
    seen: list[int] = []
    _Cycle(seen)  # garbage at once, reachable only from itself
    kept: list[list[int]] = []

    def allocate() -> None:  # far past generation 0's threshold, as a long query would
        for _ in range(50_000):
            kept.append([0])

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert seen == []  # the worker's allocations collected nothing
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [threading.main_thread().ident]
