"""Start-up as a chain inside the event loop: log-in, then the window built from data read off
the GUI thread (the settings and users), and the application quits with its last window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from privacy_desk.app import StartUp
from privacy_desk.services.base import SessionRefused
from privacy_desk.services.cases import CaseService
from privacy_desk.ui.login import LoginDialog
from privacy_desk.ui.main import MainWindow
from tests.ui.conftest import PASSWORD, Desk, wait_ops


def test_log_in_opens_the_main_window_built_from_the_desk_data(qtbot, make_desk) -> None:
    desk: Desk = make_desk()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    start = StartUp(app, desk.context)
    start.begin()
    dialog = start.login_dialog
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    assert not app.quitOnLastWindowClosed()  # between the dialogs nothing ends the application
    dialog.login_edit.setText("ito")
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)  # the log-in, then the desk's settings and users
    window = start.window
    assert isinstance(window, MainWindow)
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.windowTitle().endswith("伊藤 健 (Supervisor)")
    assert {user.login for user in window.users} >= {"sato", "ito", "kanri"}
    assert window.office_settings.idle_lock_minutes == window.idle_lock.interval_ms // 60_000
    assert app.quitOnLastWindowClosed()
    window.close()
    # The application ends (run() after the event loop): the session is ended with it.
    actor = start.actor
    assert actor is not None and actor.login == "ito"
    start.log_out()
    with pytest.raises(SessionRefused, match="session has ended"):
        CaseService(desk.context, actor).get(1)
    start.log_out()  # once is enough


def test_a_trail_that_no_longer_matches_its_anchor_is_said_at_start(qtbot, make_desk) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from privacy_desk.app import anchor_at_start
    from tests.storage import tampering

    desk: Desk = make_desk()
    assert anchor_at_start(desk.context)  # the first anchor: nothing to say
    assert anchor_at_start(desk.context)
    tampering.cut_tail(desk.context.db, 2)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, answer)

    QTimer.singleShot(0, answer)
    assert not anchor_at_start(desk.context)
    assert seen == ["The audit trail no longer matches the anchor written outside the database."]
