"""A reset password at log-in: the dialog asks for a new one before the main window opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from privacy_desk.i18n import set_language
from privacy_desk.services.base import SessionRefused
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService, LoginFailed, authenticate
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.login import LoginDialog
from tests.ui.conftest import PASSWORD, Desk, click, type_text, wait_ops

TEMPORARY = "仮のパスワード 2026"
CHOSEN = "窓辺で読む長い長い物語"


def reset_dialog(qtbot, make_desk: Callable[..., Desk]) -> tuple[Desk, LoginDialog]:
    desk = make_desk()
    AdminService(desk.context, desk.users["admin"]).reset_password(
        desk.users["staff"].user_id, TEMPORARY
    )
    dialog = LoginDialog(desk.context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login_edit.setText("sato")
    type_text(qtbot, dialog.password_edit, TEMPORARY)
    click(qtbot, dialog.log_in_button)
    return desk, dialog


def test_a_reset_password_must_be_replaced_first(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk, dialog = reset_dialog(qtbot, make_desk)
    logged_in = []
    dialog.logged_in.connect(logged_in.append)
    # Logged in, but not let through: the dialog asks for a new password.
    assert dialog.isVisible() and dialog.actor is None and not logged_in
    assert dialog.new_password_edit.isVisible() and dialog.repeat_edit.isVisible()
    assert not dialog.login_edit.isVisible() and not dialog.password_edit.isVisible()
    assert "reset your password" in dialog.intro.text()
    assert dialog.log_in_button.text() == "Change password and log in"

    # Different twice; then the temporary one again; then a weak one: said, the dialog stays.
    type_text(qtbot, dialog.new_password_edit, CHOSEN)
    type_text(qtbot, dialog.repeat_edit, "something else")
    click(qtbot, dialog.log_in_button)
    assert "two passwords differ" in dialog.message.text()
    for refused, reason in ((TEMPORARY, "must differ"), ("1234567890", "too easy to guess")):
        dialog.new_password_edit.setText(refused)
        dialog.repeat_edit.setText(refused)
        click(qtbot, dialog.log_in_button)
        assert dialog.isVisible() and reason in dialog.message.text()
        assert refused not in dialog.message.text()
    assert dialog.actor is None and not logged_in

    dialog.new_password_edit.setText(CHOSEN)
    dialog.repeat_edit.setText(CHOSEN)
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and not dialog.actor.must_change_password
    assert logged_in == [dialog.actor]
    QueueService(desk.context, dialog.actor).counts()  # the session works
    with pytest.raises(LoginFailed):
        authenticate(desk.context, "sato", TEMPORARY)
    assert authenticate(desk.context, "sato", CHOSEN).login == "sato"


def test_quitting_instead_ends_the_session(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk, dialog = reset_dialog(qtbot, make_desk)
    assert dialog.changing is not None
    actor = dialog.changing[0]
    click(qtbot, dialog.quit_button)
    wait_ops(qtbot)
    assert dialog.result() == QDialog.DialogCode.Rejected and dialog.actor is None
    with pytest.raises(SessionRefused):
        QueueService(desk.context, actor).counts()
    # Nothing changed: the temporary password still has to be replaced.
    assert authenticate(desk.context, "sato", TEMPORARY).must_change_password


def test_an_ordinary_log_in_is_not_asked(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = LoginDialog(desk.context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login_edit.setText("sato")
    type_text(qtbot, dialog.password_edit, PASSWORD)
    click(qtbot, dialog.log_in_button)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.new_password_edit.isVisible()


def test_in_japanese(qtbot, make_desk: Callable[..., Desk], tmp_path: Path) -> None:
    """The question in Japanese (saved for a look, with the shipped fonts)."""
    app = QApplication.instance()
    font = app.font()
    install_fonts(app)
    set_language("ja")
    try:
        _desk, dialog = reset_dialog(qtbot, make_desk)
        assert "パスワードをリセットしました" in dialog.intro.text()
        assert dialog.log_in_button.text() == "パスワードを変更してログイン"
        dialog.new_password_edit.setText("password12")
        dialog.repeat_edit.setText("password12")
        click(qtbot, dialog.log_in_button)
        assert "推測されやすい" in dialog.message.text()
        shot = tmp_path / "login-new-password-ja.png"
        assert dialog.grab().save(str(shot)) and shot.stat().st_size > 0
    finally:
        set_language("en")
        app.setFont(font)


def test_any_user_changes_their_own_password_from_the_desk(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    from privacy_desk.services.users import desk_start
    from privacy_desk.ui.main import MainWindow
    from privacy_desk.ui.password import ChangePasswordDialog

    desk = make_desk()
    window = MainWindow(
        desk.context, desk.users["staff"], desk_start(desk.context, desk.users["staff"])
    )
    qtbot.addWidget(window)
    window.show()
    wait_ops(qtbot)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.actions_by_name["change_password"] in file_menu.actions()
    window.actions_by_name["change_password"].trigger()
    dialog = window.findChild(ChangePasswordDialog)
    assert dialog is not None and dialog.isVisible()
    type_text(qtbot, dialog.current_edit, "not my password")
    type_text(qtbot, dialog.new_edit, CHOSEN)
    type_text(qtbot, dialog.repeat_edit, CHOSEN)
    click(qtbot, dialog.ok_button)
    assert dialog.isVisible() and "current password is wrong" in dialog.message.message()
    dialog.current_edit.setText(PASSWORD)
    click(qtbot, dialog.ok_button)
    assert "Your password was changed" in window.statusBar().currentMessage()
    assert authenticate(desk.context, "sato", CHOSEN).login == "sato"
    QueueService(desk.context, desk.users["staff"]).counts()  # the session goes on
