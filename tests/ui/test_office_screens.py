"""Two offices on screen: the office combo of the filter bar (staff: their own, fixed;
supervisors: any or all, with the counts and the dashboard following) and Move to office… in the
case workspace, whose confirmation names both offices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from pytestqt.qtbot import QtBot

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService, authenticate
from privacy_desk.ui.case import CaseWorkspace
from tests.services.factories import complaint_by_phone as _complaint
from tests.ui.conftest import PASSWORD, Desk, click, wait_ops
from tests.ui.test_main_window import open_window, reload_and_settle, settle, shown_ids


@pytest.fixture
def two_office_desk(make_desk: Callable[..., Desk]) -> Desk:
    """Three Tokyo cases (sato's) and two Naha cases (kimura's, who works in Naha)."""
    desk = make_desk()
    AdminService(desk.context, desk.users["admin"]).set_user_office(
        desk.users["staff2"].user_id, "naha"
    )
    tokyo = CaseService(desk.context, desk.users["staff"])
    naha = CaseService(desk.context, authenticate(desk.context, "kimura", PASSWORD))
    for _ in range(3):
        tokyo.intake(complaint_by_phone_at(desk))
    for _ in range(2):
        naha.intake(complaint_by_phone_at(desk))
    return desk


def complaint_by_phone_at(desk: Desk):
    return replace(_complaint(), received_at=desk.clock())


def _counts(desk: Desk, office: str | None) -> dict[Queue, int]:
    return QueueService(desk.context, desk.users["supervisor"]).counts(QueueFilter(office=office))


def test_staff_see_their_own_office_and_can_not_choose(qtbot: QtBot, two_office_desk) -> None:
    window = open_window(qtbot, two_office_desk, "staff")
    combo = window.filter_bar.office_combo
    assert combo.currentText() == "Head office (Tokyo)"
    assert not combo.isEnabled() and combo.count() == 1
    assert window.model.total == 3
    assert window.counts == _counts(two_office_desk, "tokyo")


def test_a_supervisor_chooses_naha_or_both_and_counts_and_dashboard_follow(
    qtbot: QtBot, two_office_desk
) -> None:
    window = open_window(qtbot, two_office_desk, "supervisor")
    combo = window.filter_bar.office_combo
    assert combo.isEnabled()
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "All offices",
        "Head office (Tokyo)",
        "Naha branch",
    ]
    assert combo.currentText() == "Head office (Tokyo)" and window.model.total == 3

    reload_and_settle(qtbot, window, lambda: combo.setCurrentIndex(combo.findData("naha")))
    qtbot.waitUntil(lambda: window.counts == _counts(two_office_desk, "naha"), timeout=10_000)
    naha_ids = {
        r.id
        for r in QueueService(two_office_desk.context, two_office_desk.users["supervisor"])
        .list(Queue.ALL_OPEN, QueueFilter(office="naha"))
        .rows
    }
    assert set(shown_ids(window)) == naha_ids and len(naha_ids) == 2
    all_open = window.queue_list.item(list(Queue).index(Queue.ALL_OPEN)).text()
    assert all_open.endswith("(2)")

    reload_and_settle(qtbot, window, lambda: combo.setCurrentIndex(combo.findData(None)))
    qtbot.waitUntil(lambda: window.counts == _counts(two_office_desk, None), timeout=10_000)
    settle(qtbot, window)
    assert window.model.total == 5
    assert window.dashboard is not None
    assert window.counts[Queue.ALL_OPEN] == 5


def test_moving_a_case_to_naha_from_the_workspace(qtbot: QtBot, two_office_desk) -> None:
    desk = two_office_desk
    case = CaseService(desk.context, desk.users["staff"]).intake(complaint_by_phone_at(desk))
    ws = CaseWorkspace(desk.context, desk.users["staff"], case.id)
    qtbot.addWidget(ws)
    ws.resize(1300, 850)
    ws.show()
    wait_ops(qtbot)
    click(qtbot, ws.action_buttons["move"])
    assert ws.move_office.currentData() == "naha" and ws.move_office.count() == 1
    assert "from Head office (Tokyo) to Naha branch" in ws.move_confirmation.text()
    assert ws.move_panel.confirm_button.text() == "Move to Naha branch"
    click(qtbot, ws.move_panel.confirm_button)
    wait_ops(qtbot)
    moved = CaseService(desk.context, desk.users["staff"]).get(case.id)
    assert moved.office_code == "naha"
    assert not ws.move_panel.isVisible()
    assert any(e.action == "move_office" for e in moved.history)


def test_an_administrator_has_no_move_button(qtbot: QtBot, two_office_desk) -> None:
    desk = two_office_desk
    case = CaseService(desk.context, desk.users["staff"]).intake(complaint_by_phone_at(desk))
    ws = CaseWorkspace(desk.context, desk.users["admin"], case.id)
    qtbot.addWidget(ws)
    ws.show()
    wait_ops(qtbot)
    assert not ws.action_buttons["move"].isVisible()


def test_the_workspace_says_which_office_the_case_belongs_to(qtbot: QtBot, two_office_desk) -> None:
    desk = two_office_desk
    case = CaseService(desk.context, desk.users["staff"]).intake(complaint_by_phone_at(desk))
    ws = CaseWorkspace(desk.context, desk.users["staff"], case.id)
    qtbot.addWidget(ws)
    ws.show()
    wait_ops(qtbot)
    assert ws.office_label.text() == "Office: Head office (Tokyo)"
    click(qtbot, ws.action_buttons["move"])
    click(qtbot, ws.move_panel.confirm_button)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: ws.office_label.text() == "Office: Naha branch", timeout=10_000)
