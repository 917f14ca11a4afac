"""The desk by keyboard alone: every control a person can Tab to says what it is (an accessible
name, a label that is its buddy, or its own text), and a case goes from intake to identity,
decision and letters with key presses only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
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
