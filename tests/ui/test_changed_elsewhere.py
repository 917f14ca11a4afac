"""A case open on one desk and changed on another: the page says so as soon as it happens
(polled every few seconds), not only when a save is refused; Reload keeps unsaved typing."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from privacy_desk.i18n import set_language
from privacy_desk.ui.case import CaseWorkspace
from tests.ui.conftest import Desk, click, type_text, wait_ops
from tests.ui.test_case_workspace import desk, new_case, open_workspace, save

assert desk  # the fixture, imported for these tests


def poll(qtbot: QtBot, workspace: CaseWorkspace) -> None:
    """What the bar's timer does every few seconds; wait for the answer."""
    workspace.changed_bar.timer.timeout.emit()
    wait_ops(qtbot)


def add_note(qtbot: QtBot, workspace: CaseWorkspace, text: str) -> None:
    workspace.tabs.setCurrentWidget(workspace.investigation_tab)
    type_text(qtbot, workspace.investigation_tab.note_edit, text)
    assert save(qtbot, workspace)


def test_a_change_on_another_desk_shows_at_once_and_reload_keeps_typing(
    qtbot: QtBot, desk: Desk
) -> None:
    case = new_case(desk)
    desk_a = open_workspace(qtbot, desk, case.id, "staff")
    desk_b = open_workspace(qtbot, desk, case.id, "staff2")
    bar = desk_a.changed_bar
    assert bar.timer.isActive() and bar.timer.interval() <= 10_000
    poll(qtbot, desk_a)
    assert not bar.isVisible()

    desk.clock.set(2026, 11, 24, 14, 2)
    add_note(qtbot, desk_b, "14:00 called back")
    poll(qtbot, desk_a)
    assert bar.isVisible()
    assert bar.label.text() == "This case was changed by 木村 直樹 at 2026-11-24 14:02."
    desk_a.grab().save("/tmp/lists-changed-bar.png")

    # With typing not saved: the bar says it stays; Reload shows B's change and keeps it.
    desk_a.summary_edit.selectAll()
    type_text(qtbot, desk_a.summary_edit, "Complaint about the seminar mailing")
    desk.clock.set(2026, 11, 24, 14, 5)
    add_note(qtbot, desk_b, "14:04 letter asked for")
    poll(qtbot, desk_a)
    assert "14:05" in bar.label.text()
    assert "What you typed and have not saved stays as it is" in bar.label.text()
    assert desk_a.investigation_tab.notes_table.rowCount() == 0  # nothing reloaded unasked
    click(qtbot, bar.reload_button)
    assert not bar.isVisible()
    assert desk_a.investigation_tab.notes_table.rowCount() == 2
    assert desk_a.summary_edit.text() == "Complaint about the seminar mailing"
    assert desk_a.has_unsaved_changes()

    # A's own save is no news to A.
    assert save(qtbot, desk_a)
    poll(qtbot, desk_a)
    assert not bar.isVisible()
    # B hears of it.
    poll(qtbot, desk_b)
    assert desk_b.changed_bar.isVisible()
    assert "佐藤 花子" in desk_b.changed_bar.label.text()


def test_the_bar_in_japanese(qtbot: QtBot, desk: Desk) -> None:
    set_language("ja")
    case = new_case(desk)
    desk_a = open_workspace(qtbot, desk, case.id, "staff")
    desk_b = open_workspace(qtbot, desk, case.id, "staff2")
    add_note(qtbot, desk_b, "折り返し電話済み")
    desk_a.summary_edit.setText("入力途中の概要")
    poll(qtbot, desk_a)
    text = desk_a.changed_bar.label.text() + desk_a.changed_bar.reload_button.text()
    assert "木村 直樹" in text
    assert not re.search("[A-Za-z]", text), text
    desk_a.resize(1366, 768)
    desk_a.grab().save("/tmp/lists-changed-bar-ja.png")
