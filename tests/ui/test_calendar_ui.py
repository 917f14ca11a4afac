"""Administration › Calendar driven as an administrator would: a Naha closure added, seen marked in
its month, the moved Naha case listed (and the Tokyo one not), then removed again; a refusal shown
in the Add closure dialog; closed to everyone but administrators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select, update

from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail
from privacy_desk.services.users import desk_start, list_closures
from privacy_desk.storage.models import Office, User
from privacy_desk.ui.admin.calendar import AddClosureDialog, CalendarDialog
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.ops import alive
from tests.services.factories import complaint_by_phone, moment
from tests.ui.conftest import Desk, click, type_text, wait_ops

RECEIVED = moment(2026, 11, 24, 9, 30)  # before the desk's clock (10:05)
CLOSED = date(2026, 11, 30)  # a Monday after the cases came in (24 November), before they are due


def open_window(qtbot, desk: Desk, who: str) -> MainWindow:
    window = MainWindow(desk.context, desk.users[who], desk_start(desk.context, desk.users[who]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.has_loaded, timeout=10_000)
    wait_ops(qtbot)
    return window


def open_calendar(qtbot, desk: Desk) -> CalendarDialog:
    window = open_window(qtbot, desk, "admin")
    admin_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Administration")
    assert window.actions_by_name["calendar"] in admin_menu.actions()
    window.actions_by_name["calendar"].trigger()
    dialog = window.findChild(CalendarDialog)
    assert dialog is not None and dialog.isVisible()
    wait_ops(qtbot)
    return dialog


def tokyo_and_naha_cases(desk: Desk) -> tuple[CaseDetail, CaseDetail]:
    with desk.context.db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        session.execute(
            update(User).where(User.id == desk.users["staff2"].user_id).values(office_id=naha)
        )
    tokyo = CaseService(desk.context, desk.users["staff"]).intake(complaint_by_phone(RECEIVED))
    naha_case = CaseService(desk.context, desk.users["staff2"]).intake(complaint_by_phone(RECEIVED))
    assert (tokyo.office_code, naha_case.office_code) == ("tokyo", "naha")
    assert tokyo.deadlines.current_due.date() > CLOSED
    return tokyo, naha_case


def choose(combo, code: str | None) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def add_closure(qtbot, dialog: CalendarDialog, day: date, reason: str, office: str | None):
    click(qtbot, dialog.add_button)
    add = dialog.add_dialog
    assert isinstance(add, AddClosureDialog) and add.isVisible()
    add.day_edit.setDate(QDate(day.year, day.month, day.day))
    type_text(qtbot, add.reason_edit, reason)
    choose(add.office_box, office)
    click(qtbot, add.buttons.button(add.buttons.StandardButton.Ok))
    return add


def test_a_naha_closure_is_added_marked_listed_with_the_moved_case_and_removed(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    tokyo, naha = tokyo_and_naha_cases(desk)
    dialog = open_calendar(qtbot, desk)
    assert dialog.year_box.value() == 2026
    november = dialog.month(11)
    assert november.days[CLOSED].text() == "30"
    assert november.days[date(2026, 11, 23)].text() == "23H"  # Labour Thanksgiving Day
    assert "Labor Thanksgiving" in november.days[date(2026, 11, 23)].toolTip()

    add = add_closure(qtbot, dialog, CLOSED, "台風による臨時休業", "naha")
    assert not alive(add)  # closed (and deleted)
    result = dialog.moved_label.text()
    assert naha.reference in result and tokyo.reference not in result
    assert "2026-11-30" in result and "Naha branch" in result
    # With all offices shown, the day one office closes is hatched and marked ◐ …
    cell = november.days[CLOSED]
    assert cell.text() == "30◐"
    assert cell.background().style() == Qt.BrushStyle.BDiagPattern
    assert "Closed (Naha branch): 台風による臨時休業" in cell.toolTip()
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == cell.toolTip()
    # … for Naha it is a closure, for Tokyo a business day.
    choose(dialog.office_box, "naha")
    assert dialog.month(11).days[CLOSED].text() == "30C"
    choose(dialog.office_box, "tokyo")
    assert dialog.month(11).days[CLOSED].text() == "30"
    assert "Business day" in dialog.month(11).days[CLOSED].toolTip()
    assert dialog.closures.rowCount() == 0
    choose(dialog.office_box, None)
    assert [dialog.closures.item(0, c).text() for c in range(3)] == [
        "2026-11-30",
        "Naha branch",
        "台風による臨時休業",
    ]
    # Business days per office: Naha has one fewer.
    assert "Head office (Tokyo) 240, Naha branch 239" in dialog.counts.text()

    dialog.closures.selectRow(0)
    click(qtbot, dialog.remove_button)
    box = dialog.confirm_box
    assert box is not None and box.isVisible() and "2026-11-30" in box.text()
    remove = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    click(qtbot, remove)
    wait_ops(qtbot)
    assert "Closure removed: 2026-11-30, Naha branch." in dialog.moved_label.text()
    assert naha.reference in dialog.moved_label.text()
    assert dialog.month(11).days[CLOSED].text() == "30"
    assert dialog.closures.rowCount() == 0
    assert list_closures(desk.context, "naha") == []


def test_a_closure_that_moves_nothing_says_none(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    dialog = open_calendar(qtbot, desk)
    click(qtbot, dialog.next_button)
    wait_ops(qtbot)
    assert dialog.year_box.value() == 2027
    add_closure(qtbot, dialog, date(2027, 6, 23), "慰霊の日", "naha")
    assert "Due dates moved: none." in dialog.moved_label.text()
    choose(dialog.office_box, "naha")
    assert dialog.month(6).days[date(2027, 6, 23)].text() == "23C"


def test_a_refused_closure_is_explained_in_the_dialog_and_nothing_changes(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    dialog = open_calendar(qtbot, desk)
    add = add_closure(qtbot, dialog, CLOSED, "   ", None)
    assert add.isVisible()
    assert add.error.isVisible() and "reason" in add.error.text().lower()
    assert list_closures(desk.context) == []
    add.reason_edit.setText("臨時休業")
    click(qtbot, add.buttons.button(add.buttons.StandardButton.Ok))
    assert not alive(add)  # closed (and deleted)
    add_closure(qtbot, dialog, CLOSED, "慰霊の日", "naha")
    again = dialog.add_dialog
    assert again is not None and again.isVisible()
    assert "closure day of every office" in again.error.text()


def test_a_closure_on_a_holiday_is_refused_in_the_dialog_saying_which_holiday(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    dialog = open_calendar(qtbot, desk)
    add = add_closure(qtbot, dialog, date(2026, 11, 23), "臨時休業", None)
    assert add.isVisible() and add.error.isVisible()
    assert add.error.text() == (
        "2026-11-23 is already a day the office is closed (national holiday: Labor Thanksgiving "
        "Day); a closure can be added only on a business day."
    )
    assert list_closures(desk.context) == []


def test_the_year_is_keyboard_usable_and_says_each_day_in_words(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    dialog = open_calendar(qtbot, desk)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    december = dialog.month(12)
    december.table.setFocus()
    december.select(date(2026, 12, 29))
    assert "Year-end closure" in dialog.day_info.text()
    qtbot.keyClick(december.table, Qt.Key.Key_Right)
    assert dialog.day_info.text().startswith("2026-12-30")
    qtbot.keyClick(dialog.closures, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    assert dialog.year_box.value() == 2027


def test_only_administrators_open_the_calendar(qtbot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    supervisor = open_window(qtbot, desk, "supervisor")
    assert not supervisor.actions_by_name["calendar"].isEnabled()
    supervisor.open_calendar()
    assert supervisor.findChild(CalendarDialog) is None
