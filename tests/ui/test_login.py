"""Getting in, through the real dialogs: log-in, first start, a damaged database, the language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from privacy_desk.app import choose_language, open_database
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import language
from privacy_desk.services.base import Context
from privacy_desk.services.users import authenticate, has_users, list_users
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Case, User
from privacy_desk.ui import ops
from privacy_desk.ui.login import FirstRunDialog, LoginDialog
from tests.ui.conftest import PASSWORD, wait_ops


def _log_in(qtbot, dialog: LoginDialog, login: str, password: str) -> None:
    dialog.login_edit.setText(login)
    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def test_wrong_password_is_said_in_the_dialog_which_stays(qtbot, qt_context: Context) -> None:
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()

    _log_in(qtbot, dialog, "sato", "not the password")

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert dialog.message.isVisible()
    assert "login or password is wrong" in dialog.message.text()
    assert dialog.login_edit.text() == "sato"
    assert dialog.password_edit.hasFocus() or dialog.password_edit.selectedText()


def test_right_password_logs_in_and_remembers_the_login(qtbot, qt_context: Context) -> None:
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()

    with qtbot.waitSignal(dialog.logged_in) as signal:
        _log_in(qtbot, dialog, "ito", PASSWORD)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert signal.args[0].login == "ito"
    assert dialog.actor is not None and dialog.actor.role is UserRole.SUPERVISOR
    again = LoginDialog(qt_context)
    qtbot.addWidget(again)
    assert again.login_edit.text() == "ito"


def test_enter_in_the_password_field_logs_in(qtbot, qt_context: Context) -> None:
    dialog = LoginDialog(qt_context, login="sato")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    wait_ops(qtbot)
    assert dialog.actor is not None and dialog.actor.login == "sato"


def test_a_locked_account_says_so(qtbot, qt_context: Context) -> None:
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(5):
        _log_in(qtbot, dialog, "kimura", "wrong password!")
    _log_in(qtbot, dialog, "kimura", PASSWORD)
    assert dialog.actor is None
    assert "locked" in dialog.message.text()
    assert "15 minutes" in dialog.message.text() or "16 minutes" in dialog.message.text()


def test_empty_fields_are_asked_for(qtbot, qt_context: Context) -> None:
    dialog = LoginDialog(qt_context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.login_edit.clear()
    qtbot.mouseClick(dialog.log_in_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "Type your login" in dialog.message.text()


@pytest.fixture
def empty_context(tmp_path: Path) -> Iterator[Context]:
    """A database created on first start: no users, no cases."""
    db = connect(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield Context(db)
    db.dispose()


def _fill_first_run(qtbot, dialog: FirstRunDialog, password: str, repeat: str) -> None:
    for field, text in (
        (dialog.organisation_ja_edit, "見本就労支援協会"),
        (dialog.login_edit, "admin"),
        (dialog.name_edit, "管理 花子"),
        (dialog.password_edit, password),
        (dialog.repeat_edit, repeat),
    ):
        field.clear()
        if text.isascii():
            qtbot.keyClicks(field, text)
        else:  # QTest can not type kanji; an input method would insert it like this
            field.insert(text)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def test_first_run_refuses_different_passwords_then_creates_the_admin(
    qtbot, empty_context: Context
) -> None:
    assert not has_users(empty_context)
    dialog = FirstRunDialog(empty_context)
    qtbot.addWidget(dialog)
    dialog.show()

    _fill_first_run(qtbot, dialog, "a long password 1", "a long password 2")
    assert dialog.isVisible() and dialog.admin is None
    assert "differ" in dialog.message.text()
    assert not has_users(empty_context)

    _fill_first_run(qtbot, dialog, "short", "short")
    assert "at least 10 characters" in dialog.message.text()
    assert not has_users(empty_context)

    with qtbot.waitSignal(dialog.admin_created):
        _fill_first_run(qtbot, dialog, "a long password 1", "a long password 1")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.login == "admin"
    users = list_users(empty_context, dialog.actor)
    assert [(u.login, u.name, u.role) for u in users] == [("admin", "管理 花子", UserRole.ADMIN)]


def test_first_run_says_why_a_login_is_refused(qtbot, empty_context: Context) -> None:
    dialog = FirstRunDialog(empty_context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.organisation_ja_edit.setText("見本就労支援協会")
    dialog.login_edit.setText("a b")
    dialog.name_edit.setText("管理 花子")
    dialog.password_edit.setText("a long password 1")
    dialog.repeat_edit.setText("a long password 1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    assert dialog.admin is None
    assert "2 to 64 letters" in dialog.message.text()
    assert not has_users(empty_context)


def test_a_damaged_database_is_refused_with_a_way_to_restore(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 100)
    shown: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.text() + "\n" + box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    assert open_database(f"sqlite:///{damaged}") is None
    assert len(shown) == 1
    assert "damaged" in shown[0]
    assert "backup" in shown[0]
    assert "backup restore" in shown[0]  # the real command, not "copy the file over it"
    assert damaged.read_bytes().startswith(b"this is not a database")  # nothing was changed


def test_language_comes_from_argument_then_settings_then_english() -> None:
    assert choose_language(None) == "en"
    QSettings().setValue("ui/language", "ja")
    assert choose_language(None) == "ja"
    assert language() == "ja"
    assert choose_language("en") == "en"
    assert language() == "en"


def _run_desk(drive, url: str | None = None, demo: bool = False) -> int:
    """`privacy-desk` (or `privacy-desk --demo`) with a timer driving its dialogs; the log file
    closed after."""
    import logging

    from PySide6.QtCore import QTimer

    from privacy_desk.app import run

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(50)
    try:
        return run(database_url=url, language="en", demo=demo)
    finally:
        timer.stop()
        logger = logging.getLogger("privacy_desk")
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()


def _window_seen(seen: list[str]) -> None:
    from PySide6.QtWidgets import QApplication

    from privacy_desk.ui.main import MainWindow

    # The visible one: a window an earlier start closed may still be among the top-level ones.
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]
    if windows and windows[0].model.has_loaded:
        seen.append(f"window: {windows[0].windowTitle()} rows={windows[0].model.total}")
        windows[0].close()


def test_first_start_creates_the_admin_then_log_in_opens_the_window(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`privacy-desk` on an empty database: first administrator, log-in, window, no demo."""
    from PySide6.QtWidgets import QApplication

    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    seen: list[str] = []

    def drive() -> None:
        if ops.pending():
            return  # a dialog is busy with its service call
        modal = QApplication.activeModalWidget()
        if isinstance(modal, FirstRunDialog):
            seen.append("first-run")
            modal.organisation_ja_edit.setText("見本就労支援協会")
            modal.login_edit.setText("admin")
            modal.name_edit.setText("管理 花子")
            modal.password_edit.setText("a long password 1")
            modal.repeat_edit.setText("a long password 1")
            modal.create_button.click()
        elif isinstance(modal, QMessageBox):
            seen.append("message: " + modal.text()[:40])
            modal.accept()
        elif isinstance(modal, LoginDialog):
            seen.append("log-in")
            modal.login_edit.setText("admin")
            modal.password_edit.setText("a long password 1")
            modal.log_in_button.click()
        elif modal is None:
            _window_seen(seen)

    # The first start makes its database in the data folder (and only there).
    assert _run_desk(drive) == 0
    assert seen == [
        "first-run",
        "log-in",
        "window: Privacy Desk — 管理 花子 (Administrator) rows=0",
    ]
    log_file = tmp_path / "data" / "logs" / "privacy-desk.log"
    text = log_file.read_text(encoding="utf-8")
    assert "logged in as admin" in text
    assert "管理" not in text  # no names in the log
    assert not (tmp_path / "data" / "demo.sqlite3").exists()
    # The desk anchored its audit trail when it started and when it closed: the anchor holds
    # every entry, up to the head the closing desk left.
    from privacy_desk.services import audit_trail
    from privacy_desk.services.demo import is_demo

    db = connect(None)
    try:
        report = audit_trail.verify(Context(db))
        assert not is_demo(Context(db))
    finally:
        db.dispose()
    assert report.intact and report.anchor is not None and report.anchor.latest is not None
    assert report.anchor.latest.number == report.chain.last_number >= 3


def test_first_start_tries_invented_cases_in_a_demo_database_of_its_own(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first start's demo choice: a demo database beside the office's, which stays empty."""
    from PySide6.QtWidgets import QApplication

    from privacy_desk.services.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_USERS, is_demo
    from privacy_desk.storage.db import default_url, demo_url

    monkeypatch.setattr("sys.excepthook", __import__("sys").excepthook)
    seen: list[str] = []

    def drive() -> None:
        if ops.pending():
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, FirstRunDialog):
            seen.append("first-run")
            qtbot.mouseClick(modal.demo_button, Qt.MouseButton.LeftButton)
        elif isinstance(modal, QMessageBox):
            seen.append("message: " + modal.text())
            modal.accept()
        elif isinstance(modal, LoginDialog):
            seen.append("log-in")
            modal.login_edit.setText("ito")
            modal.password_edit.setText(DEMO_PASSWORD)
            modal.log_in_button.click()
        elif modal is None:
            _window_seen(seen)

    assert _run_desk(drive) == 0
    assert seen[0] == "first-run"
    assert seen[1].startswith("message: 200 invented cases were added to the demo database")
    assert "demo-admin (admin)" in seen[1] and "ito (supervisor)" in seen[1]
    assert seen[2] == "log-in"
    assert seen[3].startswith("window: Privacy Desk — 伊藤 健 (Supervisor) — 見本 / DEMO database")
    assert int(seen[3].rsplit("=", 1)[1]) > 0
    text = (tmp_path / "data" / "logs" / "privacy-desk.log").read_text(encoding="utf-8")
    assert "demo database opened" in text and "logged in as supervisor" in text
    assert "伊藤" not in text and not re.search(r"\bito\b", text)  # no names in the log

    real = connect(default_url(), create=False)
    demo = connect(demo_url(), create=False)
    try:
        # The office's database: still without users, not a demo one, its first start to come.
        assert not has_users(Context(real)) and not is_demo(Context(real))
        with real.session() as session:
            assert session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0
        assert is_demo(Context(demo))
        with demo.session() as session:
            logins = set(session.scalars(sa.select(User.login)))
            assert session.scalar(sa.select(sa.func.count()).select_from(Case)) == 200
        assert logins == {DEMO_ADMIN[0], *(login for login, _n, _r in DEMO_USERS)}
    finally:
        real.dispose()
        demo.dispose()
    assert Path(demo_url().removeprefix("sqlite:///")).parent == tmp_path / "data"

    # A later start with --demo opens the demo database again, straight to its log-in.
    seen.clear()
    assert _run_desk(drive, demo=True) == 0
    assert seen[0] == "log-in"
    assert "見本 / DEMO database" in seen[1]


def test_demo_data_progress_is_not_modal_and_can_be_cancelled(
    qtbot, empty_context, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacy_desk.app import DemoDataProgress
    from privacy_desk.services.users import create_first_admin

    create_first_admin(empty_context, "admin", "管理 花子", "a long password 1")
    actor = authenticate(empty_context, "admin", "a long password 1")
    monkeypatch.setattr("privacy_desk.services.demo.BATCH", 10)  # a report every ten cases
    progress = DemoDataProgress(empty_context, actor, count=2000)
    qtbot.addWidget(progress)
    with qtbot.waitSignal(progress.finished_adding, timeout=60_000) as finished:
        progress.start()
        assert progress.windowModality() == Qt.WindowModality.NonModal
        qtbot.waitUntil(lambda: progress.value() >= 1, timeout=30_000)
        from PySide6.QtWidgets import QPushButton

        qtbot.mouseClick(progress.findChild(QPushButton), Qt.MouseButton.LeftButton)
    made = finished.args[0]
    assert 10 <= made < 2000
    assert not progress.isVisible()
