"""Administration › Users, driven like an administrator: add (in an office), disable, change a
role, reset a password, unlock, move to another office, and the last administrator's refusal
shown with nothing changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget
from sqlalchemy import select

from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import set_language
from privacy_desk.services.users import LoginFailed, authenticate, desk_start, list_users
from privacy_desk.storage.models import AuditEntry, Office, User
from privacy_desk.ui.admin.users import UsersDialog
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.ops import alive
from tests.ui.conftest import PASSWORD, Desk, click, type_text, wait_ops

TEMPORARY = "仮のパスワード 2026"


def open_window(qtbot, desk: Desk, who: str) -> MainWindow:
    window = MainWindow(desk.context, desk.users[who], desk_start(desk.context, desk.users[who]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.has_loaded, timeout=10_000)
    wait_ops(qtbot)
    return window


def open_users(qtbot, desk: Desk) -> UsersDialog:
    window = open_window(qtbot, desk, "admin")
    admin_menu = window.menuBar().actions()[-2].menu()  # Administration, before Help
    assert window.actions_by_name["users"] in admin_menu.actions()
    window.actions_by_name["users"].trigger()
    dialog = window.findChild(UsersDialog)
    assert dialog is not None and dialog.isVisible()
    wait_ops(qtbot)
    return dialog


def row_of(dialog: UsersDialog, login: str) -> dict[str, str]:
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    for row in range(table.rowCount()):
        if table.item(row, 0).text() == login:
            return {headers[c]: table.item(row, c).text() for c in range(table.columnCount())}
    raise AssertionError(f"{login} is not listed")


def choose(qtbot, dialog: UsersDialog, login: str) -> None:
    """Choose a user with the keyboard: the table, then the arrow keys down to their row."""
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    for _ in range(dialog.table.rowCount()):
        current = dialog.current()
        if current is not None and current.login == login:
            return
        qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    raise AssertionError(f"{login} can not be reached")


def closed(dialog: QWidget) -> bool:
    return not alive(dialog) or not dialog.isVisible()


def stored(desk: Desk, login: str) -> User:
    with desk.context.db.session() as session:
        user = session.scalars(select(User).where(User.login == login)).one()
        session.expunge(user)
        return user


def test_only_administrators_see_users(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    staff = open_window(qtbot, desk, "supervisor")
    assert not staff.actions_by_name["users"].isEnabled()
    staff.open_users()
    assert staff.findChild(UsersDialog) is None


def test_the_list_and_the_role_summary(qtbot, make_desk: Callable[..., Desk]) -> None:
    dialog = open_users(qtbot, make_desk())
    assert dialog.table.rowCount() == 5
    kanri = row_of(dialog, "kanri")
    assert kanri["Role"] == "Administrator" and kanri["Active"] == "Yes"
    assert kanri["Office"] == "Head office (Tokyo)"  # the office each user works in, by name
    assert kanri["Last log-in"] == "2026-11-24 10:05" and kanri["Failed log-ins"] == "0"
    summary = dialog.summary.text()
    assert "Administrator: kanri" in summary
    assert "Supervisor: ito, mori" in summary and "Staff: kimura, sato" in summary


def test_add_a_user(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    click(qtbot, dialog.add_button)
    add = dialog.add_dialog
    assert add is not None and add.isVisible()
    type_text(qtbot, add.login_edit, "higa")
    type_text(qtbot, add.name_edit, "比嘉 美咲")
    add.role_combo.set_value(UserRole.SUPERVISOR)
    # A weak password is refused inside the dialog, which stays with what was typed.
    type_text(qtbot, add.password_edit, "iloveyou12")
    type_text(qtbot, add.repeat_edit, "iloveyou12")
    click(qtbot, add.ok_button)
    assert add.isVisible() and "too easy to guess" in add.message.message()
    assert add.login_edit.text() == "higa"
    add.password_edit.clear()
    add.repeat_edit.clear()
    type_text(qtbot, add.password_edit, "海の見える窓辺で本を読む")
    type_text(qtbot, add.repeat_edit, "海の見える窓辺で本を読む")
    qtbot.keyClick(add.repeat_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    assert closed(add)
    assert row_of(dialog, "higa")["Role"] == "Supervisor"
    assert "higa was added as Supervisor" in dialog.message.message()
    assert "Supervisor: higa, ito, mori" in dialog.summary.text()
    assert (
        authenticate(desk.context, "higa", "海の見える窓辺で本を読む").role is UserRole.SUPERVISOR
    )


def test_disable_and_enable(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    choose(qtbot, dialog, "sato")
    assert dialog.active_button.text() == "&Disable"
    # Keyboard only: Tab from the table reaches the buttons; Space presses the focused one.
    dialog.active_button.setFocus()
    qtbot.keyClick(dialog.active_button, Qt.Key.Key_Space)
    wait_ops(qtbot)
    assert row_of(dialog, "sato")["Active"] == "Disabled"
    assert "sato is disabled" in dialog.message.message()
    assert "Disabled: sato" in dialog.summary.text()
    assert not stored(desk, "sato").active
    with pytest.raises(LoginFailed):
        authenticate(desk.context, "sato", PASSWORD)
    assert dialog.current().login == "sato" and dialog.active_button.text() == "&Enable"
    click(qtbot, dialog.active_button)
    assert row_of(dialog, "sato")["Active"] == "Yes" and stored(desk, "sato").active


def test_change_a_role(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    choose(qtbot, dialog, "kimura")
    click(qtbot, dialog.role_button)
    role = dialog.role_dialog
    assert role is not None and role.role_combo.value() is UserRole.STAFF
    role.role_combo.set_value(UserRole.SUPERVISOR)
    click(qtbot, role.ok_button)
    assert closed(role)
    assert row_of(dialog, "kimura")["Role"] == "Supervisor"
    assert stored(desk, "kimura").role is UserRole.SUPERVISOR


def test_the_last_administrator_can_not_be_removed(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    choose(qtbot, dialog, "kanri")
    click(qtbot, dialog.active_button)
    assert "kanri is the last active administrator" in dialog.message.message()
    assert dialog.message.isVisible()
    assert row_of(dialog, "kanri")["Active"] == "Yes" and stored(desk, "kanri").active
    click(qtbot, dialog.role_button)
    role = dialog.role_dialog
    assert role is not None
    role.role_combo.set_value(UserRole.STAFF)
    click(qtbot, role.ok_button)
    assert role.isVisible() and "last active administrator" in role.message.message()
    assert stored(desk, "kanri").role is UserRole.ADMIN
    role.reject()


def test_reset_a_password_then_unlock(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    for _ in range(5):
        with pytest.raises(LoginFailed):
            authenticate(desk.context, "ito", "not the password")
    dialog = open_users(qtbot, desk)
    assert row_of(dialog, "ito")["Locked until"] == "2026-11-24 10:20"
    choose(qtbot, dialog, "ito")
    assert dialog.unlock_button.isEnabled()
    click(qtbot, dialog.unlock_button)
    assert "ito is unlocked" in dialog.message.message()
    assert row_of(dialog, "ito")["Locked until"] == ""
    assert not dialog.unlock_button.isEnabled()
    assert authenticate(desk.context, "ito", PASSWORD).login == "ito"

    click(qtbot, dialog.reset_button)
    reset = dialog.reset_dialog
    assert reset is not None
    type_text(qtbot, reset.password_edit, TEMPORARY)
    type_text(qtbot, reset.repeat_edit, "something else")
    click(qtbot, reset.ok_button)
    assert reset.isVisible() and "two passwords differ" in reset.message.message()
    reset.repeat_edit.clear()
    type_text(qtbot, reset.repeat_edit, TEMPORARY)
    click(qtbot, reset.ok_button)
    assert closed(reset)
    assert row_of(dialog, "ito")["Active"] == "Yes (must change password)"
    assert "must choose a new one" in dialog.message.message()
    assert authenticate(desk.context, "ito", TEMPORARY).must_change_password


def offices_of(desk: Desk) -> dict[str, str]:
    """Each user's office code, as the service reports it."""
    return {u.login: u.office_code or "" for u in list_users(desk.context, desk.users["admin"])}


def user_entries(desk: Desk) -> list[dict]:
    with desk.context.db.session() as session:
        return [
            json.loads(e.detail)
            for e in session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == Action.MANAGE_USERS.value)
                .order_by(AuditEntry.id)
            )
        ]


def test_add_a_user_in_naha(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    click(qtbot, dialog.add_button)
    add = dialog.add_dialog
    assert add is not None and add.isVisible()
    combo = add.office_combo
    # The offices by their whole names; the administrator's own office (Tokyo) first chosen.
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Head office (Tokyo)",
        "Naha branch",
    ]
    assert combo.currentData() == "tokyo"
    type_text(qtbot, add.login_edit, "higa")
    type_text(qtbot, add.name_edit, "比嘉 美咲")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the keyboard chooses the branch
    assert combo.currentData() == "naha"
    type_text(qtbot, add.password_edit, "海の見える窓辺で本を読む")
    type_text(qtbot, add.repeat_edit, "海の見える窓辺で本を読む")
    click(qtbot, add.ok_button)
    wait_ops(qtbot)
    assert closed(add)
    assert offices_of(desk)["higa"] == "naha"
    assert user_entries(desk)[-1] == {"added": "higa", "role": "staff", "office": "naha"}
    assert row_of(dialog, "higa")["Office"] == "Naha branch"


def open_move(qtbot, dialog: UsersDialog, login: str):
    choose(qtbot, dialog, login)
    assert dialog.office_button.isEnabled()
    click(qtbot, dialog.office_button)
    move = dialog.move_dialog
    assert move is not None and move.isVisible()
    return move


def answer(qtbot, box: QMessageBox, role: QMessageBox.ButtonRole) -> None:
    click(qtbot, next(b for b in box.buttons() if box.buttonRole(b) == role))
    wait_ops(qtbot)


def test_move_a_user_to_naha_and_back_audited(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    assert row_of(dialog, "sato")["Office"] == "Head office (Tokyo)"
    move = open_move(qtbot, dialog, "sato")
    assert "sato" in move.intro.text() and "Head office (Tokyo)" in move.intro.text()
    assert move.office_combo.currentText() == "Naha branch"  # the other office, at first
    click(qtbot, move.ok_button)
    box = move.confirm_box
    assert box is not None and box.isVisible()
    assert box.text() == "Move sato from Head office (Tokyo) to Naha branch?"
    answer(qtbot, box, QMessageBox.ButtonRole.AcceptRole)
    assert closed(move)
    assert offices_of(desk)["sato"] == "naha"
    assert user_entries(desk)[-1] == {"user": "sato", "office": {"old": "tokyo", "new": "naha"}}
    assert row_of(dialog, "sato")["Office"] == "Naha branch"  # the list refreshed
    assert "sato now works in Naha branch." in dialog.message.message()

    # And back, from the table's context menu (the keyboard's menu key on the chosen row).
    choose(qtbot, dialog, "sato")
    viewport = dialog.table.viewport()
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard,
            QPoint(2, 2),
            viewport.mapToGlobal(QPoint(2, 2)),
            Qt.KeyboardModifier.NoModifier,
        ),
    )
    menu = dialog.findChild(QMenu, "users_menu")
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert texts[-1] == "Move to &office…" and "Change &role…" in texts
    menu.actions()[-1].trigger()
    menu.close()
    move = dialog.move_dialog
    assert move is not None and move.office_combo.currentData() == "tokyo"
    click(qtbot, move.ok_button)
    assert move.confirm_box.text() == "Move sato from Naha branch to Head office (Tokyo)?"
    answer(qtbot, move.confirm_box, QMessageBox.ButtonRole.AcceptRole)
    assert closed(move)
    assert offices_of(desk)["sato"] == "tokyo"
    assert user_entries(desk)[-1] == {"user": "sato", "office": {"old": "naha", "new": "tokyo"}}
    assert row_of(dialog, "sato")["Office"] == "Head office (Tokyo)"


def test_cancelling_a_move_changes_nothing(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    before = len(user_entries(desk))
    move = open_move(qtbot, dialog, "kimura")
    click(qtbot, move.ok_button)
    answer(qtbot, move.confirm_box, QMessageBox.ButtonRole.RejectRole)
    assert not closed(move)  # back to the choice, nothing done
    # The office they already work in is said inside the dialog, with nothing asked or done.
    move.office_combo.setCurrentIndex(move.office_combo.findData("tokyo"))
    click(qtbot, move.ok_button)
    assert "kimura already works in Head office (Tokyo)." in move.message.message()
    click(qtbot, move.buttons.button(move.buttons.StandardButton.Cancel))
    wait_ops(qtbot)
    assert closed(move)
    assert offices_of(desk)["kimura"] == "tokyo"
    assert len(user_entries(desk)) == before
    assert row_of(dialog, "kimura")["Office"] == "Head office (Tokyo)"


def test_a_refused_move_is_said_in_the_dialog(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_users(qtbot, desk)
    move = open_move(qtbot, dialog, "kimura")
    # Naha closes for good while the dialog is open: the service refuses, the dialog says why.
    with desk.context.db.session() as session:
        session.scalars(select(Office).where(Office.code == "naha")).one().active = False
        session.commit()
    click(qtbot, move.ok_button)
    answer(qtbot, move.confirm_box, QMessageBox.ButtonRole.AcceptRole)
    assert move.isVisible() and "closed for good" in move.message.message()
    assert offices_of(desk)["kimura"] == "tokyo"
    move.reject()


def save(widget: QWidget, path: Path) -> None:
    assert widget.grab().save(str(path)) and path.stat().st_size > 0


def test_screenshots(qtbot, make_desk: Callable[..., Desk], tmp_path) -> None:
    """The screen and its dialogs in English and Japanese, saved for a look (with the shipped
    fonts, as the application shows them), and nothing English left in the Japanese one."""
    app = QApplication.instance()
    font = app.font()
    install_fonts(app)
    try:
        desk = make_desk()
        for code in ("en", "ja"):
            set_language(code)
            dialog = open_users(qtbot, desk)
            choose(qtbot, dialog, "kanri")
            click(qtbot, dialog.active_button)  # refused: the last administrator
            if code == "ja":
                assert dialog.windowTitle() == "利用者"
                assert "最後の有効な管理者" in dialog.message.message()
                assert "Administrator" not in dialog.summary.text()
                assert dialog.add_button.text() == "追加(&A)…"
            save(dialog, tmp_path / f"users-{code}.png")
            click(qtbot, dialog.add_button)
            add = dialog.add_dialog
            type_text(qtbot, add.login_edit, "higa")
            type_text(qtbot, add.name_edit, "比嘉 美咲")
            for field in (add.password_edit, add.repeat_edit):
                type_text(qtbot, field, "qwertyuiop")
            click(qtbot, add.ok_button)
            assert add.message.isVisible()
            save(add, tmp_path / f"add-{code}.png")
            if code == "ja":
                assert add.office_combo.currentText() == "本部（東京）"
            dialog.add_dialog.reject()
            choose(qtbot, dialog, "sato")
            click(qtbot, dialog.office_button)
            move = dialog.move_dialog
            click(qtbot, move.ok_button)
            save(move.confirm_box, tmp_path / f"move-{code}.png")
            if code == "ja":
                assert "sato" in move.confirm_box.text() and "Move" not in move.confirm_box.text()
            move.confirm_box.reject()
            move.reject()
            dialog.close()
    finally:
        set_language("en")
        app.setFont(font)
