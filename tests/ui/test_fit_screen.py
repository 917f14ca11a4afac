"""Every screen fits the desktops offices have: 1366x768 (about 1366x696 for a window once the
task bar and the title bar are taken) with vertical scrolling at most, and a case page that does
not scroll sideways at 1024x700. Nothing is clipped where Qt can say so (a label whose text needs
more width than it got, a button outside the window)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)

from privacy_desk import i18n
from privacy_desk.domain.vocabulary import Channel, Queue
from privacy_desk.ui.admin.calendar import CalendarDialog
from privacy_desk.ui.admin.settings import SettingsDialog
from privacy_desk.ui.admin.users import UsersDialog
from privacy_desk.ui.dialogs import TITLE_BAR, available_area, fit_to_screen
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.intake import IntakeDialog
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.reports.window import ReportsWindow
from tests.ui.conftest import Desk, wait_ops
from tests.ui.test_main_window import open_window, settle

DESKTOP = QRect(0, 0, 1366, 768 - 40)  # less a task bar
WINDOW = (DESKTOP.width(), DESKTOP.height() - TITLE_BAR)


@pytest.fixture(params=["en", "ja"])
def language(request: pytest.FixtureRequest) -> str:
    install_fonts(QApplication.instance())
    i18n.set_language(request.param)
    return str(request.param)


def inside(widget: QWidget, window: QWidget) -> bool:
    """Whether the whole of widget lies within window's visible area."""
    corner = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(corner, widget.size()))


def clipped(window: QWidget) -> list[str]:
    """Shown one-line labels, check boxes and line edits narrower than their text needs."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                found.append(f"label {widget.text()!r}")
        elif isinstance(widget, QCheckBox) and widget.sizeHint().width() > widget.width() + 1:
            found.append(f"check box {widget.text()!r}")
        elif isinstance(widget, QLineEdit) and widget.minimumSizeHint().width() > widget.width():
            found.append(f"line edit {widget.objectName()!r}")
    return found


def test_a_window_never_gets_more_than_the_screen_shows(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    fit_to_screen(widget, 1400, 900, DESKTOP)
    assert (widget.width(), widget.height()) == WINDOW
    fit_to_screen(widget, 640, 420, DESKTOP)
    assert (widget.width(), widget.height()) == (640, 420)


def test_intake_fits_1366x768_with_save_and_cancel_in_view(qtbot, make_desk, language) -> None:
    desk = make_desk()
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(dialog)
    # As it opens, on this screen: within it.
    area = available_area(dialog)
    assert dialog.width() <= area.width() and dialog.height() <= area.height() - TITLE_BAR
    hint = dialog.minimumSizeHint()
    assert hint.width() <= WINDOW[0] and hint.height() <= WINDOW[1], hint
    dialog.resize(*WINDOW)
    dialog.show()
    qtbot.waitExposed(dialog)
    for button in (dialog.save_button, dialog.cancel_button):
        assert button.isVisible() and inside(button, dialog), button.objectName()
    assert clipped(dialog) == []
    dialog.grab().save(f"/tmp/fit-intake-{language}.png")


def open_case(qtbot, window: MainWindow, queue: Queue) -> QScrollArea:
    window.show_queue(queue)
    settle(qtbot, window)
    row = window.model.row_at(0)
    window.open_case(row.id, row.reference)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: window._workspace().detail is not None, timeout=10_000)
    page = window.case_tabs.currentWidget()
    assert isinstance(page, QScrollArea)
    return page


def test_the_case_page_at_1024x700_does_not_scroll_sideways_and_approve_shows(
    qtbot, demo_desk: Desk
) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    window.resize(1024, 700)
    page = open_case(qtbot, window, Queue.AWAITING_APPROVAL)
    workspace = window._workspace()
    workspace.tabs.setCurrentWidget(workspace.decision_tab)
    qtbot.wait(50)
    assert page.horizontalScrollBar().maximum() == 0, workspace.minimumSizeHint()
    approve = workspace.decision_tab.approve_button
    assert approve.isEnabled()
    corner = approve.mapTo(page.viewport(), QPoint(0, 0))
    assert corner.x() >= 0 and corner.x() + approve.width() <= page.viewport().width()
    window.grab().save("/tmp/fit-case-1024.png")


def test_the_case_page_and_identity_tab_at_1366x768_clip_nothing(
    qtbot, demo_desk: Desk, language
) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    window.resize(*WINDOW)
    page = open_case(qtbot, window, Queue.ALL_OPEN)
    workspace = window._workspace()
    workspace.tabs.setCurrentWidget(workspace.identity_tab)
    qtbot.wait(50)
    assert page.horizontalScrollBar().maximum() == 0
    # The record form scrolls down at most: side by side its two document lists were cut.
    assert workspace.identity_tab.form_scroll.horizontalScrollBar().maximum() == 0
    assert clipped(workspace.identity_tab) == []
    assert clipped(workspace.deadline_strip) == []
    window.grab().save(f"/tmp/fit-identity-{language}.png")


def test_main_window_and_office_windows_fit_1366x768(qtbot, demo_desk: Desk, language) -> None:
    window = open_window(qtbot, demo_desk, "admin")
    window.resize(*WINDOW)
    hint = window.minimumSizeHint()
    assert hint.width() <= WINDOW[0] and hint.height() <= WINDOW[1], hint
    context, admin = demo_desk.context, demo_desk.users["admin"]
    for make in (SettingsDialog, CalendarDialog, UsersDialog, ReportsWindow):
        dialog = make(context, admin, window)
        qtbot.addWidget(dialog)
        wait_ops(qtbot)
        hint = dialog.minimumSizeHint()
        assert hint.width() <= WINDOW[0] and hint.height() <= WINDOW[1], (make.__name__, hint)
        fit_to_screen(dialog, 5000, 5000, DESKTOP)
        dialog.show()
        wait_ops(qtbot)
        buttons = [b for b in dialog.findChildren(QAbstractButton) if b.isVisibleTo(dialog)]
        assert buttons and all(inside(b, dialog) for b in buttons), make.__name__
        dialog.close()


def test_the_letter_preview_gets_the_room_a_page_needs(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.resize(*WINDOW)
    open_case(qtbot, window, Queue.MINE)
    workspace = window._workspace()
    workspace.tabs.setCurrentWidget(workspace.letters_tab)
    panel = workspace.letters_tab.panel
    qtbot.waitUntil(lambda: panel is not None and panel.preview_button.isEnabled(), timeout=10_000)
    with qtbot.waitSignal(panel.previewed, timeout=10_000):
        panel.preview_button.click()
    qtbot.wait(50)
    assert panel.preview.view.height() >= 300, panel.preview.view.height()
    # And a window of its own, as tall as the screen allows, with the same pages.
    panel.preview.window_button.click()
    own = panel.preview.own_window
    assert own is not None and own.isVisible()
    area = available_area(own)
    assert own.height() >= min(700, area.height() - TITLE_BAR - 1)
    assert own.preview.page_count() == panel.preview.page_count() >= 1
    window.grab().save("/tmp/fit-letters.png")
    own.grab().save("/tmp/fit-letters-window.png")


def test_the_deadline_strip_keeps_its_height_from_case_to_case(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    window.resize(*WINDOW)
    window.show_queue(Queue.ALL_OPEN)
    settle(qtbot, window)
    heights, states = set(), set()
    for row in range(0, 40, 3):  # overdue, due soon, paused, done, with and without a legal line
        case = window.model.row_at(row)
        window.open_case(case.id, case.reference, replace=True)
        wait_ops(qtbot)
        workspace = window._workspace()
        qtbot.waitUntil(lambda w=workspace: w.detail is not None, timeout=10_000)
        qtbot.wait(20)
        strip = workspace.deadline_strip
        heights.add(strip.height())
        states.add((workspace.detail.deadlines.state, strip.value("legal_line")[:1]))
        assert not strip.state_label.wordWrap()
    assert len(states) >= 3, states
    assert len(heights) == 1, heights
