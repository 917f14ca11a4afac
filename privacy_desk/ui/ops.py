"""The one way a screen calls a service: on the thread pool, with the answer back on the GUI thread.

In the spirit of Anki's `CollectionOp`:

    ServiceOp(self, lambda: service.approve(case_id, version)).success(self._show).run()

- the call runs on `QThreadPool.globalInstance()`; workers never touch widgets;
- the result goes to `success`, a refusal (`DomainError`) to `failure` or, without one, to the
  one `show_error`; anything unexpected is logged (type and place only) and shown calmly;
- an answer whose owner widget is gone is dropped, and so is one that a newer op of the same
  owner and `key` superseded (typing in a search box, a case opened twice in a row);
- the owner is shown busy meanwhile (busy cursor, and the `busy` property for style sheets);
  with `block()`, it is also disabled, so a second click can not start the same action twice;
- `pending()` counts the ops still running, which tests and the window's close use.

Nothing here waits: no `processEvents` loops, no nested event loops.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

from privacy_desk.domain.errors import DomainError
from privacy_desk.services.logsafe import log_unexpected

T = TypeVar("T")
log = logging.getLogger("privacy_desk.ui")

Report = Callable[[int, int], bool]
"""What a progress-aware call receives: report(done, total) -> False when the user cancelled."""


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, call: Callable[..., Any], signals: _Signals, with_progress: bool) -> None:
        super().__init__()
        self.call = call
        self.signals = signals
        self.with_progress = with_progress
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            result = self.call(self._report) if self.with_progress else self.call()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)

    def _report(self, done: int, total: int) -> bool:
        self.signals.progressed.emit(done, total)
        return not self.cancelled


_serial = itertools.count(1)
_running: dict[int, _Signals] = {}
# (id of the owner, key) -> serial of the newest op started for it
_newest: dict[tuple[int, str], int] = {}
# id of the owner -> how many ops hold it busy / blocked
_busy: dict[int, int] = {}
_blocked: dict[int, int] = {}
# id of a blocked owner -> the child that had the keyboard focus when it was disabled
_focus: dict[int, QWidget] = {}


def pending() -> int:
    """How many ops are still running or waiting to deliver their answer."""
    return len(_running)


def alive(widget: QObject | None) -> bool:
    """Whether the Qt object behind a Python wrapper still exists."""
    return widget is not None and shiboken6.isValid(widget)


class OpHandle:
    """A running op: cancel() asks a progress-aware call to stop at its next report."""

    def __init__(self, job: _Job) -> None:
        self._job = job

    def cancel(self) -> None:
        self._job.cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._job.cancelled


class ServiceOp(Generic[T]):
    """A service call for `owner`, configured by chaining, started with run()."""

    def __init__(self, owner: QWidget, call: Callable[[], T] | Callable[[Report], T]) -> None:
        self._owner = owner
        self._call = call
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[DomainError], None] | None = None
        self._progress: Callable[[int, int], None] | None = None
        self._settled: Callable[[bool], None] | None = None
        self._key: str | None = None
        self._block = False

    def success(self, callback: Callable[[T], None]) -> ServiceOp[T]:
        self._success = callback
        return self

    def failure(self, callback: Callable[[DomainError], None]) -> ServiceOp[T]:
        """Who hears a refusal instead of `show_error` (a form showing it beside its field).

        Only a `DomainError` reaches it; anything unexpected still goes to `show_error`.
        """
        self._failure = callback
        return self

    def settled(self, callback: Callable[[bool], None]) -> ServiceOp[T]:
        """Told once, after success or failure ran, whether the call succeeded (any failure,
        refusal or not, is False); not told when the answer is dropped."""
        self._settled = callback
        return self

    def progress(self, callback: Callable[[int, int], None]) -> ServiceOp[T]:
        """The call receives report(done, total); callback sees each report on the GUI thread."""
        self._progress = callback
        return self

    def key(self, key: str) -> ServiceOp[T]:
        """A newer op with the same owner and key makes this one's answer stale."""
        self._key = key
        return self

    def block(self) -> ServiceOp[T]:
        """Disable the owner until the answer arrives (state-changing actions)."""
        self._block = True
        return self

    def run(self) -> OpHandle:
        serial = next(_serial)
        owner = self._owner
        owner_id = id(owner)
        slot = (owner_id, self._key) if self._key is not None else None
        if slot is not None:
            _newest[slot] = serial
        self._hold(owner, owner_id)
        signals = _Signals()
        _running[serial] = signals

        # What the answer needs, cleared on the GUI thread once it is answered: the worker may
        # drop these closures last, and a widget must never be released off its own thread.
        held: dict[str, Any] = {"op": self, "owner": owner}

        def settle() -> tuple[bool, Any, Any]:
            """Release the owner; whether the answer is still wanted, the op and its owner."""
            op, target = held.pop("op"), held.pop("owner")
            _running.pop(serial, None)
            # The signals object (and the closures connected to it) dies on the GUI thread too.
            signals.deleteLater()
            op._release(target, owner_id)
            current = True
            if slot is not None:
                current = _newest.get(slot) == serial
                if current:
                    del _newest[slot]
            return current and alive(target), op, target

        def finished(result: Any) -> None:
            wanted, op, _target = settle()
            if not wanted:
                return
            if op._success is not None:
                op._success(result)
            if op._settled is not None:
                op._settled(True)

        def failed(exc: BaseException) -> None:
            wanted, op, target = settle()
            if not wanted:
                if not isinstance(exc, DomainError):
                    _log_unexpected(exc)
                return
            if isinstance(exc, DomainError) and op._failure is not None:
                op._failure(exc)
            else:
                from privacy_desk.ui.errors import show_error

                show_error(target, exc)
            if op._settled is not None:
                op._settled(False)

        signals.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if self._progress is not None:

            def progressed(done: int, total: int) -> None:
                op, target = held.get("op"), held.get("owner")
                if op is not None and alive(target):
                    op._progress(done, total)

            signals.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)
        job = _Job(self._call, signals, self._progress is not None)
        QThreadPool.globalInstance().start(job)
        return OpHandle(job)

    def _hold(self, owner: QWidget, owner_id: int) -> None:
        _busy[owner_id] = _busy.get(owner_id, 0) + 1
        if _busy[owner_id] == 1:
            owner.setProperty("busy", True)
            owner.setCursor(Qt.CursorShape.BusyCursor)
        if self._block:
            _blocked[owner_id] = _blocked.get(owner_id, 0) + 1
            if _blocked[owner_id] == 1:
                # Disabling moves the keyboard focus away; it comes back on release, so the
                # user types on where they were (and a form's refusal can take it).
                focused = QApplication.focusWidget()
                if focused is not None and (focused is owner or owner.isAncestorOf(focused)):
                    _focus[owner_id] = focused
                owner.setEnabled(False)

    def _release(self, owner: QWidget, owner_id: int) -> None:
        still = _busy.get(owner_id, 1) - 1
        if still:
            _busy[owner_id] = still
        else:
            _busy.pop(owner_id, None)
        blocked = _blocked.get(owner_id, 0)
        if self._block:
            blocked -= 1
            if blocked:
                _blocked[owner_id] = blocked
            else:
                _blocked.pop(owner_id, None)
        focused = _focus.pop(owner_id, None) if self._block and not blocked else None
        if not alive(owner):
            return
        if not still:
            owner.setProperty("busy", False)
            owner.unsetCursor()
        if self._block and not blocked:
            owner.setEnabled(True)
            if focused is not None and alive(focused) and focused.isEnabled():
                focused.setFocus(Qt.FocusReason.OtherFocusReason)


def _log_unexpected(exc: BaseException) -> None:
    """An unexpected failure nobody will see: its type and place, never its text."""
    log_unexpected(log, "unexpected error in a dropped op", exc)
