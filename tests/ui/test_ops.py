"""The one helper for service calls from screens: off the GUI thread, stale and orphan answers dropped."""

from __future__ import annotations

import threading

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from privacy_desk.domain.errors import ValidationError
from privacy_desk.ui import ops
from privacy_desk.ui.ops import ServiceOp
from tests.ui.conftest import wait_ops


def _owner(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def test_event_loop_turns_while_a_slow_call_runs(qtbot) -> None:
    owner = _owner(qtbot)
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    results: list[str] = []
    before = ops.pending()
    ServiceOp(owner, lambda: release.wait(5) and "done").success(results.append).run()
    assert ops.pending() == before + 1
    assert owner.property("busy") is True
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=10_000)  # the loop turns meanwhile
    assert results == []
    release.set()
    wait_ops(qtbot)
    timer.stop()
    assert results == ["done"]
    assert owner.property("busy") is False


def test_answer_of_a_superseded_op_is_dropped(qtbot) -> None:
    owner = _owner(qtbot)
    first_may_finish = threading.Event()
    seen: list[str] = []
    ServiceOp(owner, lambda: first_may_finish.wait(5) and "old").key("search").success(
        seen.append
    ).run()
    ServiceOp(owner, lambda: "new").key("search").success(seen.append).run()
    qtbot.waitUntil(lambda: seen == ["new"], timeout=10_000)
    first_may_finish.set()
    wait_ops(qtbot)
    assert seen == ["new"]


def test_ops_with_other_keys_both_answer(qtbot) -> None:
    owner = _owner(qtbot)
    seen: list[str] = []
    ServiceOp(owner, lambda: "a").key("one").success(seen.append).run()
    ServiceOp(owner, lambda: "b").key("two").success(seen.append).run()
    wait_ops(qtbot)
    assert sorted(seen) == ["a", "b"]


def test_answer_for_an_owner_that_is_gone_is_dropped(qtbot) -> None:
    owner = QWidget()
    release = threading.Event()
    seen: list[str] = []
    ServiceOp(owner, lambda: release.wait(5) and "late").success(seen.append).run()
    owner.deleteLater()
    qtbot.waitUntil(lambda: not ops.alive(owner), timeout=10_000)
    release.set()
    wait_ops(qtbot)
    assert seen == []


def test_refusal_goes_to_the_failure_callback(qtbot) -> None:
    owner = _owner(qtbot)
    refused: list[BaseException] = []

    def refuse() -> None:
        raise ValidationError("The name is required.", field="name")

    ServiceOp(owner, refuse).failure(refused.append).success(lambda _r: None).run()
    wait_ops(qtbot)
    assert len(refused) == 1 and refused[0].field == "name"


def test_refusal_without_a_failure_callback_is_shown(qtbot) -> None:
    owner = _owner(qtbot)
    owner.show()

    def refuse() -> None:
        raise ValidationError("The name is required.")

    ServiceOp(owner, refuse).run()
    wait_ops(qtbot)
    box = owner.findChild(QMessageBox, "error_box")
    assert box is not None and "The name is required." in box.text()


def test_blocking_op_disables_its_owner_until_the_answer(qtbot) -> None:
    owner = _owner(qtbot)
    release = threading.Event()
    ServiceOp(owner, lambda: release.wait(5)).block().run()
    assert not owner.isEnabled()
    release.set()
    wait_ops(qtbot)
    assert owner.isEnabled()


def test_progress_reaches_the_gui_and_cancel_stops_the_call(qtbot) -> None:
    owner = _owner(qtbot)
    reports: list[tuple[int, int]] = []
    done: list[int] = []

    def work(report: ops.Report) -> int:
        count = 0
        for i in range(1000):
            if not report(i, 1000):
                break
            count += 1
            threading.Event().wait(0.002)
        return count

    handle = ServiceOp(owner, work).progress(lambda d, t: reports.append((d, t)))
    running = handle.success(done.append).run()
    qtbot.waitUntil(lambda: len(reports) >= 3, timeout=10_000)
    running.cancel()
    wait_ops(qtbot)
    assert done and done[0] < 1000
    assert reports[0] == (0, 1000)


def test_a_blocking_op_gives_the_keyboard_focus_back(qtbot) -> None:
    from PySide6.QtWidgets import QLineEdit, QVBoxLayout

    owner = _owner(qtbot)
    layout = QVBoxLayout(owner)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    owner.show()
    owner.activateWindow()
    second.setFocus()
    qtbot.waitUntil(second.hasFocus, timeout=10_000)
    release = threading.Event()
    ServiceOp(owner, lambda: release.wait(5)).block().run()
    assert not second.hasFocus()  # disabled meanwhile
    release.set()
    wait_ops(qtbot)
    assert second.hasFocus()
