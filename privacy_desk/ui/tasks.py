"""Background work in one place: run a function on the thread pool, get the result on the GUI thread.

Workers never touch widgets; the callback does, on the GUI thread. Exceptions are delivered to the
error callback rather than swallowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(
        self, function: Callable[..., Any], signals: _Signals, with_progress: bool
    ) -> None:
        super().__init__()
        self.function = function
        self.signals = signals
        self.with_progress = with_progress
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            result = self.function(self._report) if self.with_progress else self.function()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _report(self, done: int, total: int) -> bool:
        """Progress from the worker; returns False when the user cancelled."""
        self.signals.progressed.emit(done, total)
        return not self.cancelled


class Task:
    """A handle on background work: cancel() asks a progress-aware function to stop."""

    def __init__(self, job: _Job, signals: _Signals) -> None:
        self._job = job
        self.signals = signals

    def cancel(self) -> None:
        self._job.cancelled = True


_running: set[_Signals] = set()


def run_task(
    function: Callable[..., Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
    on_progress: Callable[[int, int], None] | None = None,
) -> Task:
    """Run function in the pool. With on_progress, function receives report(done, total) -> bool."""
    signals = _Signals()
    _running.add(signals)

    def finish(result: Any) -> None:
        _running.discard(signals)
        on_done(result)

    def fail(exc: BaseException) -> None:
        _running.discard(signals)
        on_error(exc)

    signals.finished.connect(finish)
    signals.failed.connect(fail)
    if on_progress is not None:
        signals.progressed.connect(on_progress)
    job = _Job(function, signals, on_progress is not None)
    QThreadPool.globalInstance().start(job)
    return Task(job, signals)
