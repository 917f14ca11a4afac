"""The Decision tab's fee: left at 0, it records the office's fee for the case's kinds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QSpinBox

from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import AdminService
from tests.services.factories import disclosure_by_parent
from tests.ui.conftest import Desk, click, wait_ops
from tests.ui.test_case_workspace import open_workspace


def test_the_office_fee_is_shown_and_recorded_when_no_amount_is_typed(
    qtbot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    AdminService(desk.context, desk.users["admin"]).set_setting("fee_yen.disclosure", 300)
    staff = CaseService(desk.context, desk.users["staff"])
    case = staff.intake(disclosure_by_parent())
    workspace = open_workspace(qtbot, desk, case.id)
    workspace.tabs.setCurrentWidget(workspace.decision_tab)
    amount = workspace.findChild(QSpinBox, "fee_amount")
    assert amount.value() == 0 and amount.specialValueText() == "Office fee: ¥300"
    assert not workspace.decision_tab.has_unsaved_changes()
    click(qtbot, workspace.findChild(QPushButton, "record_fee"))
    wait_ops(qtbot)
    assert [f.amount_yen for f in staff.get(case.id).fees] == [300]
