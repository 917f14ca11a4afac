"""A deactivated or locked user's open window: its next save is refused, said in the screen, and
nothing is written; the typing stays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from privacy_desk.services.users import AdminService, authenticate
from privacy_desk.ui.lock import IdleLock
from tests.ui.conftest import PASSWORD, Desk, type_text, wait_ops
from tests.ui.test_case_workspace import new_case, open_workspace, save, staff_service


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def test_a_deactivated_users_open_window_is_refused_on_its_next_save(
    qtbot: QtBot, desk: Desk
) -> None:
    case = new_case(desk)
    ws = open_workspace(qtbot, desk, case.id, "staff")
    AdminService(desk.context, desk.users["admin"]).set_active(desk.users["staff"].user_id, False)
    ws.tabs.setCurrentWidget(ws.investigation_tab)
    type_text(qtbot, ws.investigation_tab.note_edit, "called back at 14:00")
    assert not save(qtbot, ws)
    assert "Your account was deactivated: ask an administrator." in ws.message_bar.message()
    assert ws.investigation_tab.note_edit.toPlainText() == "called back at 14:00"
    assert staff_service(desk, "staff2").get(case.id).notes == ()


def test_a_locked_users_open_window_is_refused_on_its_next_save(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(desk)
    ws = open_workspace(qtbot, desk, case.id, "staff")
    for _ in range(5):  # someone guesses the password at another desk
        with pytest.raises(Exception, match="login or password is wrong"):
            authenticate(desk.context, "sato", "not the password")
    ws.tabs.setCurrentWidget(ws.investigation_tab)
    type_text(qtbot, ws.investigation_tab.note_edit, "called back at 14:00")
    assert not save(qtbot, ws)
    assert "Your account is locked" in ws.message_bar.message()
    wait_ops(qtbot)
    assert staff_service(desk, "staff2").get(case.id).notes == ()
    assert authenticate(desk.context, "kimura", PASSWORD)  # the others work on


def test_unlocking_the_screen_takes_the_idle_session_up_again(qtbot: QtBot, desk: Desk) -> None:
    AdminService(desk.context, desk.users["admin"]).set_setting("idle_lock_minutes", 10)
    case = new_case(desk)
    ws = open_workspace(qtbot, desk, case.id, "staff")
    lock = IdleLock(desk.context, desk.users["staff"], ws, interval_ms=0)
    desk.clock.moment += timedelta(minutes=20)  # away from the desk
    ws.tabs.setCurrentWidget(ws.investigation_tab)
    type_text(qtbot, ws.investigation_tab.note_edit, "called back at 14:00")
    assert not save(qtbot, ws)
    assert "Your session ended after 10 minutes without use" in ws.message_bar.message()
    lock.lock()
    assert lock.dialog is not None
    qtbot.keyClicks(lock.dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(lock.unlocked):
        qtbot.mouseClick(lock.dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert save(qtbot, ws)
    assert [n.text for n in staff_service(desk).get(case.id).notes] == ["called back at 14:00"]
    # Keys and mouse without a save keep the session alive; closing the window ends it.
    desk.clock.moment += timedelta(minutes=9)
    lock.keep_session()
    wait_ops(qtbot)
    desk.clock.moment += timedelta(minutes=9)
    assert staff_service(desk).get(case.id).id == case.id
    lock.stop()
