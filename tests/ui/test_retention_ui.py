"""Administration › Retention: the dry run's list, then the purge after a confirmation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from privacy_desk.services.users import desk_start
from privacy_desk.storage import audit
from privacy_desk.storage.models import Case
from privacy_desk.ui.admin.retention import RetentionDialog
from privacy_desk.ui.main import MainWindow
from tests.services.test_retention import story
from tests.ui.conftest import Desk, click, wait_ops


def open_window(qtbot, desk: Desk, who: str) -> MainWindow:
    window = MainWindow(desk.context, desk.users[who], desk_start(desk.context, desk.users[who]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.has_loaded, timeout=10_000)
    wait_ops(qtbot)
    return window


def open_dialog(qtbot, desk: Desk) -> tuple[MainWindow, RetentionDialog]:
    window = open_window(qtbot, desk, "admin")
    admin_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Administration")
    assert window.actions_by_name["retention"] in admin_menu.actions()
    window.actions_by_name["retention"].trigger()
    dialog = window.findChild(RetentionDialog)
    assert dialog is not None and dialog.isVisible()
    wait_ops(qtbot)
    return window, dialog


def answer(qtbot, dialog: RetentionDialog, role: QMessageBox.ButtonRole) -> None:
    box = dialog.confirm_box
    assert box.isVisible() and "Purge 2 closed cases for good?" in box.text()
    button = next(b for b in box.buttons() if box.buttonRole(b) == role)
    click(qtbot, button)
    wait_ops(qtbot)


def references(desk: Desk) -> set[str]:
    with desk.context.db.session() as session:
        return set(session.scalars(select(Case.reference)))


def test_only_administrators_see_retention(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    staff = open_window(qtbot, desk, "staff")
    assert not staff.actions_by_name["retention"].isEnabled()
    assert "&Administration" not in [a.text() for a in staff.menuBar().actions()]
    staff.open_retention()  # a shortcut or a stale menu can not open it either
    assert staff.findChild(RetentionDialog) is None


def test_the_dialog_lists_then_purges_after_confirmation(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    cases = story(desk.context, desk.users, desk.clock)
    _window, dialog = open_dialog(qtbot, desk)
    shown = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert shown == [cases["A"].reference, cases["E"].reference]
    assert dialog.table.item(0, 1).text() == "2023-11-20"
    cells = " ".join(
        dialog.table.item(r, c).text()
        for r in range(dialog.table.rowCount())
        for c in range(dialog.table.columnCount())
    )
    assert "井上" not in cells and "西田" not in cells  # no names

    before = references(desk)
    click(qtbot, dialog.purge_button)
    answer(qtbot, dialog, QMessageBox.ButtonRole.RejectRole)  # Cancel: nothing happens
    assert references(desk) == before

    click(qtbot, dialog.purge_button)
    answer(qtbot, dialog, QMessageBox.ButtonRole.DestructiveRole)
    assert references(desk) == before - {cases["A"].reference, cases["E"].reference}
    assert dialog.summary.text().startswith("2 cases purged.")
    assert dialog.table.rowCount() == 0 and not dialog.purge_button.isEnabled()
    with desk.context.db.session() as session:
        assert audit.verify(session).intact
    dialog.close()
    wait_ops(qtbot)
