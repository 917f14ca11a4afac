"""Administration › Safekeeping through its real widgets: back up now, restore into a new file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from privacy_desk.services import backup as backups
from privacy_desk.ui.admin import SafekeepingDialog, start_daily_backup
from privacy_desk.ui.admin.backup_dialogs import BackupNowDialog, RestoreDialog
from privacy_desk.ui.ops import alive
from tests.ui.conftest import Desk, click, type_text, wait_ops
from tests.ui.test_main_window import open_window

PASSPHRASE = "kusunoki-2026-12"


def open_safekeeping(qtbot, desk: Desk) -> SafekeepingDialog:
    window = open_window(qtbot, desk, "admin")
    window.actions_by_name["safekeeping"].trigger()
    dialog = window.findChild(SafekeepingDialog)
    assert dialog is not None and dialog.isVisible()
    wait_ops(qtbot)
    return dialog


def test_only_administrators_have_safekeeping(qtbot, make_desk) -> None:
    desk = make_desk()
    staff = open_window(qtbot, desk, "staff")
    assert not staff.actions_by_name["safekeeping"].isEnabled()
    staff.open_safekeeping()
    assert staff.findChild(SafekeepingDialog) is None
    admin = open_window(qtbot, desk, "admin")
    menu = next(a.menu() for a in admin.menuBar().actions() if a.text() == "&Administration")
    assert "safekeeping" in [a.objectName() for a in menu.actions()]


def test_back_up_now_then_the_screen_shows_it(qtbot, make_desk, tmp_path: Path) -> None:
    desk = make_desk(20)
    dialog = open_safekeeping(qtbot, desk)
    assert dialog.last_when.text() == "No backup was made yet."
    assert "keeping the last 14" in dialog.automatic.text()
    click(qtbot, dialog.backup_button)
    now = dialog.findChild(BackupNowDialog)
    assert now is not None and now.isVisible()
    target = tmp_path / "office.pdbackup"
    type_text(qtbot, now.file.edit, str(target))
    type_text(qtbot, now.passphrase, PASSPHRASE)
    type_text(qtbot, now.again, PASSPHRASE + "x")
    click(qtbot, now.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert now.isVisible() and "differ" in now.message.text_label.text()
    assert not target.exists()
    now.again.clear()
    type_text(qtbot, now.again, PASSPHRASE)
    click(qtbot, now.buttons.button(QDialogButtonBox.StandardButton.Ok))
    wait_ops(qtbot)
    assert not alive(now) or not now.isVisible()
    assert target.exists()
    checked = backups.verify_backup(target, PASSPHRASE)
    assert checked.manifest.counts["cases"] == 20
    assert "Backup written to" in dialog.message.text_label.text()
    assert dialog.last_file.text() == str(target)
    assert "made by kanri" in dialog.last_when.text()
    assert checked.head is not None
    assert dialog.last_head.text().startswith(f"entry {checked.head.number}, hash ")
    assert dialog.last_head.toolTip() == checked.head.hash


def test_restore_goes_into_a_new_file_only(qtbot, make_desk, tmp_path: Path) -> None:
    desk = make_desk(5)
    file = tmp_path / "office.pdbackup"
    backups.BackupService(desk.context, desk.users["admin"]).create(file, PASSPHRASE)
    dialog = open_safekeeping(qtbot, desk)
    click(qtbot, dialog.restore_button)
    restore = dialog.findChild(RestoreDialog)
    assert restore is not None and restore.isVisible()
    assert "backup restore" in restore.command.text()
    existing = tmp_path / "existing.sqlite3"
    existing.write_bytes(b"")
    type_text(qtbot, restore.file.edit, str(file))
    type_text(qtbot, restore.target.edit, str(existing))
    type_text(qtbot, restore.passphrase, PASSPHRASE)
    click(qtbot, restore.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert restore.isVisible() and "exists already" in restore.message.text_label.text()
    restore.target.edit.clear()
    new = tmp_path / "new.sqlite3"
    type_text(qtbot, restore.target.edit, str(new))
    click(qtbot, restore.buttons.button(QDialogButtonBox.StandardButton.Ok))
    wait_ops(qtbot)
    assert not alive(restore) or not restore.isVisible()
    assert new.exists()
    assert "restored into the new file and checked" in dialog.message.text_label.text()


def test_the_daily_backup_runs_in_the_background_once_a_day(qtbot, make_desk) -> None:
    desk = make_desk(5)
    window = open_window(qtbot, desk, "staff")
    start_daily_backup(window, desk.context, desk.users["staff"])
    wait_ops(qtbot)
    folder = backups.default_backup_folder()
    assert [p.name for p in folder.iterdir()] == ["privacy-desk-2026-11-24.pdbackup"]
    assert "Today's backup was made" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    start_daily_backup(window, desk.context, desk.users["staff"])
    wait_ops(qtbot)
    assert window.statusBar().currentMessage() == ""
    assert len(list(folder.iterdir())) == 1
    # the administrator sees it, and may show the desk's key
    dialog = open_safekeeping(qtbot, desk)
    assert "automatic" in dialog.last_when.text()
    click(qtbot, dialog.key_button)
    assert dialog.key_box.informativeText() == backups.read_key_file(backups.key_file())


def test_the_daily_backup_folder_and_count_are_set_here(qtbot, make_desk, tmp_path: Path) -> None:
    desk = make_desk()
    dialog = open_safekeeping(qtbot, desk)
    assert dialog.folder_field.edit.text() == str(backups.default_backup_folder())
    assert dialog.kept_spin.value() == 14
    folder = tmp_path / "server-share" / "desk-1"
    dialog.folder_field.edit.clear()
    type_text(qtbot, dialog.folder_field.edit, "relative/folder")
    click(qtbot, dialog.save_daily_button)
    assert "full folder path" in dialog.message.text_label.text()
    dialog.folder_field.edit.clear()
    type_text(qtbot, dialog.folder_field.edit, str(folder))
    dialog.kept_spin.setValue(7)
    click(qtbot, dialog.save_daily_button)
    assert "were saved" in dialog.message.text_label.text()
    assert f"into {folder}, keeping the last 7" in dialog.automatic.text()
    assert folder.is_dir()
    made = backups.daily_backup(desk.context, desk.users["staff"])
    assert made is not None and Path(made.file).parent == folder
