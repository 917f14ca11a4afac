"""The screen language at start-up and log-in, and Qt's own texts in it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from privacy_desk.app import choose_language, install_qt_translations
from privacy_desk.i18n import language
from privacy_desk.services.base import Context
from privacy_desk.services.users import desk_start
from privacy_desk.ui import preferences
from privacy_desk.ui.login import LoginDialog
from privacy_desk.ui.main import MainWindow
from tests.ui.conftest import PASSWORD, wait_ops


@pytest.fixture
def japanese_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")


def _log_in(qtbot, dialog: LoginDialog, login: str) -> None:
    dialog.login_edit.setText(login)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    assert dialog.actor is not None


def _window(qtbot, context: Context, dialog: LoginDialog) -> MainWindow:
    window = MainWindow(context, dialog.actor, desk_start(context, dialog.actor))
    qtbot.addWidget(window)
    return window


def test_a_japanese_desktop_opens_the_log_in_in_japanese(
    qtbot, qt_context: Context, japanese_desktop: None
) -> None:
    assert choose_language(None) == "ja"
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    assert dialog.log_in_button.text() == "ログイン"
    assert dialog.language_combo.currentData() == "ja"


def test_choosing_english_on_the_dialog_gives_an_english_window(
    qtbot, qt_context: Context, japanese_desktop: None
) -> None:
    choose_language(None)
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()
    changed: list[str] = []
    dialog.language_changed.connect(changed.append)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
    dialog.language_combo.activated.emit(dialog.language_combo.currentIndex())
    assert changed == ["en"]
    assert dialog.log_in_button.text() == "Log in"
    _log_in(qtbot, dialog, "sato")
    window = _window(qtbot, qt_context, dialog)
    assert language() == "en"
    assert [m.text() for m in window.menuBar().actions()][:2] == ["&File", "&Edit"]
    assert preferences.USER_LANGUAGE.read(login="sato") == "en"


def test_the_users_remembered_language_applies_at_the_next_log_in(
    qtbot, qt_context: Context
) -> None:
    assert choose_language(None) == "en"
    preferences.USER_LANGUAGE.write("ja", login="ito")
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.log_in_button.text() == "Log in"  # nobody is known before the log-in
    _log_in(qtbot, dialog, "ito")
    assert language() == "ja"
    window = _window(qtbot, qt_context, dialog)
    assert [m.text() for m in window.menuBar().actions()][:2] == ["ファイル(&F)", "編集(&E)"]
    # Another user without a choice keeps the desk's language.
    preferences.LANGUAGE.write("en")
    assert choose_language(None) == "en"
    other = LoginDialog(qt_context)
    qtbot.addWidget(other)
    other.show()
    _log_in(qtbot, other, "sato")
    assert language() == "en"


def test_the_window_language_menu_remembers_the_choice_for_the_user(
    qtbot, qt_context: Context
) -> None:
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()
    _log_in(qtbot, dialog, "kimura")
    window = _window(qtbot, qt_context, dialog)
    window.actions_by_name["language_ja"].trigger()
    assert preferences.USER_LANGUAGE.read(login="kimura") == "ja"
    wait_ops(qtbot)


def test_qt_own_texts_follow_the_screen_language(qapp: QApplication) -> None:
    try:
        assert install_qt_translations(qapp, "ja")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "キャンセル"
        assert not install_qt_translations(qapp, "en")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        install_qt_translations(qapp, "en")


def test_log_in_runs_off_the_gui_thread_and_the_dialog_stays_responsive(
    qtbot, qt_context: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from PySide6.QtCore import QTimer

    from privacy_desk.ui import login as login_module

    real = login_module.authenticate

    def slow(*args, **kwargs):
        time.sleep(0.8)
        return real(*args, **kwargs)

    monkeypatch.setattr(login_module, "authenticate", slow)
    dialog = LoginDialog(qt_context, login="sato")
    qtbot.addWidget(dialog)
    dialog.show()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    assert not dialog.isEnabled()  # busy: a second Enter can not send the password twice
    assert dialog.property("busy") is True
    wait_ops(qtbot)
    timer.stop()
    assert dialog.actor is not None and dialog.isEnabled()
    assert len(ticks) >= 10  # the event loop kept turning while Argon2 worked
