"""Small things people at the desk notice (issue 11): the tab of a new case, the Kind column's
width, what the status bar names, Tab through the date filter, the unlock dialog's message and
logging out at the lock screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStatusBar

import privacy_desk.ui
from privacy_desk.app import StartUp
from privacy_desk.domain.vocabulary import Queue
from privacy_desk.services.base import SessionRefused
from privacy_desk.services.cases import CaseService
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.login import LoginDialog
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.main.queue_model import COLUMN_INDEX
from tests.ui.conftest import PASSWORD, Desk, type_text, wait_ops
from tests.ui.test_main_window import _new_case, open_window


def test_a_new_case_tab_shows_its_reference_not_its_id(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    case = _new_case(demo_desk, "新しい件")
    assert window.model.row_of(case.id) is None  # not in the list yet: the tab used "#id"
    window.open_case(case.id)
    wait_ops(qtbot)
    index = window.case_tabs.currentIndex()
    qtbot.waitUntil(lambda: window.case_tabs.tabText(index) == case.reference, timeout=10_000)
    assert "#" not in window.case_tabs.tabText(index)


def test_the_kind_column_gets_the_spare_width(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    header = window.table.horizontalHeader()
    kinds, last = COLUMN_INDEX["kinds"], header.logicalIndex(header.count() - 1)
    window.resize(1100, 700)
    qtbot.wait(50)
    narrow_kinds, narrow_last = header.sectionSize(kinds), header.sectionSize(last)
    window.resize(1900, 700)
    qtbot.wait(50)
    others = sum(header.sectionSize(i) for i in range(header.count()) if i != kinds)
    # All the spare width went to Kind (a 12-column list has little left at 1900 px).
    assert header.sectionSize(kinds) == window.table.viewport().width() - others
    assert header.sectionSize(kinds) > narrow_kinds + 300
    assert header.sectionSize(last) == narrow_last
    # No empty band: the columns end where the table does.
    assert header.length() >= window.table.viewport().width()


def test_the_status_bar_names_office_and_database_kind_never_a_path(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    bar = window.findChild(QStatusBar)
    texts = " ".join(w.text() + " " + w.toolTip() for w in bar.findChildren(type(window.db_label)))
    assert "SQLite" in window.db_label.text()
    assert "Head office" in window.db_label.text() or "本部" in window.db_label.text()
    path = str(demo_desk.context.db.url).split("///")[-1]
    assert ".sqlite3" not in texts and "/tmp" not in texts and "sqlite:" not in texts
    assert path not in texts


def test_tab_from_the_search_box_goes_through_the_date_filter_and_out(
    qtbot, demo_desk: Desk
) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    bar = window.filter_bar
    window.activateWindow()
    bar.search_edit.setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert bar.from_edit in seen and bar.to_edit in seen
    after = seen[seen.index(bar.to_edit) + 1 :]
    assert after and all(w not in (bar.from_edit, bar.to_edit) for w in after[:3])
    for edit in (bar.from_edit, bar.to_edit, bar.search_edit):
        assert edit.accessibleName()


def lock(qtbot, window):
    window.idle_lock.lock()
    dialog = window.idle_lock.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_unlock_message_shows_whole(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    dialog = lock(qtbot, window)
    qtbot.keyClicks(dialog.password_edit, "wrong password")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    qtbot.waitUntil(dialog.message.isVisible, timeout=10_000)
    message = dialog.message
    assert message.height() >= message.heightForWidth(message.width())
    corner = message.mapTo(dialog, QPoint(0, 0))
    assert dialog.rect().contains(QRect(corner, message.size()))
    for button in (dialog.unlock_button, dialog.log_out_button):
        corner = button.mapTo(dialog, QPoint(0, 0))
        assert dialog.rect().contains(QRect(corner, button.size()))


def test_someone_else_logs_out_at_the_lock_screen(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.show_queue(Queue.MINE)
    case = _new_case(demo_desk, "ログアウト前")
    window.open_case(case.id)
    wait_ops(qtbot)
    workspace = window._workspace()
    qtbot.waitUntil(lambda: workspace.detail is not None, timeout=10_000)
    type_text(qtbot, workspace.summary_edit, "未保存")
    assert workspace.has_unsaved_changes()
    dialog = lock(qtbot, window)
    # First the loss is said; a second click logs out.
    qtbot.mouseClick(dialog.log_out_button, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisible() and "not saved" in dialog.message.text()
    assert window.isVisible()
    with qtbot.waitSignal(window.logged_out, timeout=10_000):
        qtbot.mouseClick(dialog.log_out_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not window.idle_lock.is_locked
    # The user's password was never needed.
    assert PASSWORD not in dialog.password_edit.text()


def test_text_follows_the_system_font_size(qapp) -> None:
    before = qapp.font()
    try:
        system = QFont(before)
        system.setPointSizeF(15.0)  # a desktop set to large text
        qapp.setFont(system)
        family = install_fonts(qapp)
        assert qapp.font().family() == family and qapp.font().pointSizeF() == 15.0
    finally:
        qapp.setFont(before)
    # No style sheet fixes a text size in points or pixels: sizes are relative (%, em).
    fixed = re.compile(r"font-size:\s*\d+(\.\d+)?\s*(pt|px)")
    sources = Path(privacy_desk.ui.__file__).parent.rglob("*.py")
    assert [p.name for p in sources if fixed.search(p.read_text(encoding="utf-8"))] == []


def test_log_out_at_the_lock_screen_gives_the_log_in_to_someone_else(qtbot, make_desk) -> None:
    desk = make_desk()
    app = QApplication.instance()
    start = StartUp(app, desk.context)
    start.begin()
    first = start.login_dialog
    first.login_edit.setText("sato")
    qtbot.keyClicks(first.password_edit, PASSWORD)
    qtbot.mouseClick(first.log_in_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    window = start.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    sato = start.actor
    dialog = lock(qtbot, window)
    qtbot.mouseClick(dialog.log_out_button, Qt.MouseButton.LeftButton)  # nothing unsaved
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    # The application goes on: a log-in for whoever sits down, and sato's session is over.
    assert not app.quitOnLastWindowClosed()
    second = start.login_dialog
    assert isinstance(second, LoginDialog) and second is not first and second.isVisible()
    assert start.actor is None
    with pytest.raises(SessionRefused, match="session has ended"):
        CaseService(desk.context, sato).get(1)
    second.login_edit.setText("ito")
    qtbot.keyClicks(second.password_edit, PASSWORD)
    qtbot.mouseClick(second.log_in_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    assert isinstance(start.window, MainWindow) and start.window is not window
    qtbot.addWidget(start.window)
    assert start.actor is not None and start.actor.login == "ito"
    assert app.quitOnLastWindowClosed()
    start.window.close()
    start.log_out()


def test_columns_can_be_hidden_from_the_header_and_stay_hidden(qtbot, demo_desk: Desk) -> None:
    """At 1366x768 twelve columns are wider than the list: a right click on the header hides the
    ones a desk does not need, the spare width goes to Kind, and the next window remembers."""
    from privacy_desk.ui.main.columns import column_menu

    window = open_window(qtbot, demo_desk, "staff")
    window.resize(1366, 728)
    qtbot.wait(50)
    header = window.table.horizontalHeader()
    kinds, received = COLUMN_INDEX["kinds"], COLUMN_INDEX["received"]
    kind_before = header.sectionSize(kinds)
    menu = column_menu(header)
    titles = [action.text() for action in menu.actions()]
    assert "Received" in titles and all(action.isChecked() for action in menu.actions())
    menu.actions()[titles.index("Received")].trigger()
    qtbot.wait(50)
    assert header.isSectionHidden(received)
    assert header.sectionSize(kinds) >= kind_before
    window.close()  # the header's state is kept as the window closes

    again = open_window(qtbot, demo_desk, "staff")
    assert again.table.horizontalHeader().isSectionHidden(received)
    shown = column_menu(again.table.horizontalHeader())
    shown.actions()[titles.index("Received")].trigger()
    assert not again.table.horizontalHeader().isSectionHidden(received)


def test_the_last_shown_column_can_not_be_hidden(qtbot, demo_desk: Desk) -> None:
    from privacy_desk.ui.main.columns import column_menu

    window = open_window(qtbot, demo_desk, "staff")
    header = window.table.horizontalHeader()
    for index in range(1, header.count()):
        header.setSectionHidden(index, True)
    [only] = [action for action in column_menu(header).actions() if action.isChecked()]
    assert not only.isEnabled()
