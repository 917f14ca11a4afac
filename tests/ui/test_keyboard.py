"""The desk by keyboard alone: every control a person can Tab to says what it is (an accessible
name, a label that is its buddy, or its own text), and a case goes from intake to identity,
decision and letters with key presses only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from privacy_desk.domain.vocabulary import Channel, Queue
from privacy_desk.ui.intake import IntakeDialog
from tests.ui.conftest import Desk, wait_ops
from tests.ui.test_fit_screen import open_case
from tests.ui.test_main_window import open_window


def unnamed(top: QWidget) -> list[str]:
    """Focusable, shown controls with no accessible name, no buddy label and no text."""
    buddies = {id(label.buddy()) for label in top.findChildren(QLabel) if label.buddy()}
    found = []
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget.parent(), QComboBox | QAbstractSpinBox) or isinstance(widget, QTabBar):
            continue  # a combo's own line edit, a tab bar (its tabs have their texts)
        if widget.accessibleName() or id(widget) in buddies:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            continue
        if isinstance(
            widget,
            QLineEdit
            | QPlainTextEdit
            | QTextEdit
            | QComboBox
            | QAbstractSpinBox
            | QAbstractItemView
            | QAbstractButton,
        ):
            found.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return found


def test_every_control_of_the_main_screens_has_a_name(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    assert unnamed(window) == []
    open_case(qtbot, window, Queue.ALL_OPEN)
    workspace = window._workspace()
    missing = []
    for index in range(workspace.tabs.count()):
        workspace.tabs.setCurrentIndex(index)
        wait_ops(qtbot)
        missing += unnamed(workspace)
    assert sorted(set(missing)) == [], "\n".join(sorted(set(missing)))
    intake = IntakeDialog(demo_desk.context, demo_desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(intake)
    intake.show()
    assert unnamed(intake) == [], unnamed(intake)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "the keyboard went nowhere"
    return widget


def press(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(), key, modifier)


PASSED: list[str] = []  # the controls the last tab_to went through
STOPS: set[str] = set()  # the kinds of widget every tab_to of a test stopped on


def tab_to(qtbot, name: str, most: int = 60) -> QWidget:
    """Press Tab until the control named name has the focus (a trap fails here)."""
    passed = PASSED
    passed.clear()
    for _ in range(most):
        if focused().objectName() == name:
            return focused()
        passed.append(focused().objectName() or type(focused()).__name__)
        STOPS.add(type(focused()).__name__)
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {name}: {passed[-12:]}")


def test_intake_identity_decision_and_letters_by_keyboard_alone(qtbot, make_desk) -> None:
    desk = make_desk()
    STOPS.clear()
    window = open_window(qtbot, desk, "staff")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
    # Intake: Ctrl+Shift+P, the caller's name and address, a kind ticked with the space bar,
    # Ctrl+Enter.
    qtbot.keyClick(
        window,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: focused_intake() is not None, timeout=10_000)
    dialog = focused_intake()
    assert focused().objectName() == "requester_name"
    qtbot.keyClicks(focused(), "Yamada Taro")
    tab_to(qtbot, "requester_postal_code")
    qtbot.keyClicks(focused(), "170-0013")
    tab_to(qtbot, "requester_address")
    qtbot.keyClicks(focused(), "1-21-1 Higashi-Ikebukuro, Toshima-ku, Tokyo")
    tab_to(qtbot, "kind_disclosure")
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, "summary")
    qtbot.keyClicks(focused(), "Disclosure of my file")
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    # The new case opens with the keyboard in it.
    qtbot.waitUntil(
        lambda: window._workspace() is not None and window._workspace().detail is not None,
        timeout=10_000,
    )
    workspace = window._workspace()
    assert workspace.case_id == created.args[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=10_000)
    assert focused().window() is window

    # Identity: Alt+I, a driver's licence seen, recorded.
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentWidget() is workspace.identity_tab
    tab_to(qtbot, "check_drivers_licence")
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, "confirm_identity")
    press(qtbot, Qt.Key.Key_Space)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: bool(workspace.detail.identity_checks), timeout=10_000)
    # Out of the list of checks and on to the case's actions: Start investigation.
    tab_to(qtbot, "action_start")
    press(qtbot, Qt.Key.Key_Space)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: workspace.detail.status.value == "in_investigation", timeout=10_000)

    # Decision: Alt+D, an outcome chosen with the arrow keys, reasons typed, saved, proposed.
    press(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentWidget() is workspace.decision_tab
    tab_to(qtbot, "outcome")
    assert not {"record_fee", "propose"} & set(PASSED), PASSED  # the outcome comes first
    press(qtbot, Qt.Key.Key_Down)
    tab_to(qtbot, "reasons")
    qtbot.keyClicks(focused(), "Everything held is disclosed.")
    tab_to(qtbot, "save_decision")
    press(qtbot, Qt.Key.Key_Space)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: bool(workspace.detail.measures[0].outcome), timeout=10_000)
    tab_to(qtbot, "propose")
    press(qtbot, Qt.Key.Key_Space)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: workspace.detail.status.value == "decision_proposed", timeout=10_000)

    # Letters: Alt+L, a letter previewed (Tab to the button: its Alt+V is also Investigation's).
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert workspace.tabs.currentWidget() is workspace.letters_tab
    panel = workspace.letters_tab.panel
    qtbot.waitUntil(lambda: panel.preview_button.isEnabled(), timeout=10_000)
    tab_to(qtbot, "preview_button")
    with qtbot.waitSignal(panel.previewed, timeout=10_000):
        press(qtbot, Qt.Key.Key_Space)
    assert panel.preview.page_count() >= 1
    # Every Tab stop on the way was a control: no scroll area that shows no focus at all.
    assert "QScrollArea" not in STOPS, STOPS


def focused_intake() -> IntakeDialog | None:
    widget = QApplication.focusWidget()
    window = widget.window() if widget is not None else None
    return window if isinstance(window, IntakeDialog) else None
