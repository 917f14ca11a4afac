"""Story 9, the supervisor's Monday, through the real widgets (stories.md):

The supervisor opens the dashboard: 3 overdue, 1 past the legal line tomorrow, 2 awaiting their
approval, one staff member with 14 open cases. One click opens each list. They reassign five cases
in bulk, approve one decision, send another back with a comment, print the last month's report
with its charts.

The office's cases are made with the services (invented people), on a fresh desk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from privacy_desk.domain.vocabulary import CaseStatus, ClosureKind, RequestKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import MeasureForm
from privacy_desk.services.users import desk_start
from privacy_desk.storage.models import Case
from privacy_desk.ui.main.dialogs import AssignDialog
from privacy_desk.ui.main.window import MainWindow
from privacy_desk.ui.reports import ReportsWindow
from tests.letters.reading import pdf_text, squash
from tests.services.factories import (
    complaint_by_phone,
    disclosure_by_parent,
    moment,
    propose_story_1_disclosure,
)
from tests.ui.conftest import Desk, click, type_text, wait_ops
from tests.ui.test_stories import open_workspace


def _monday_office(desk: Desk) -> dict[str, list[int]]:
    """Two proposed disclosures (by 佐藤), and 木村's fourteen open cases: three long overdue,
    one rights request whose legal line is tomorrow, ten fresh complaints."""
    users, clock = desk.users, desk.clock
    staff = CaseService(desk.context, users["staff"])
    proposed = []
    for day in (20, 24):  # legal lines 4 and 8 December: not near on 30 November
        case = staff.intake(disclosure_by_parent(moment(2026, 11, day, 10, 0)))
        proposed.append(propose_story_1_disclosure(desk.context, users, clock, case).id)
    clock.set(2026, 11, 30, 9, 30)  # Monday morning (the proposals were made at 10:00 on it)
    clock.set(2026, 11, 30, 10, 30)
    overdue = [
        staff.intake(complaint_by_phone(moment(2026, 10, 1 + i, 14, 0))).id for i in range(3)
    ]
    legal = staff.intake(
        replace(
            disclosure_by_parent(moment(2026, 11, 17, 9, 0)),
            measures=(MeasureForm(RequestKind.DISCLOSURE, "会員登録の記録すべて"),),
        )
    ).id
    fresh = [staff.intake(complaint_by_phone(moment(2026, 11, 30, 9, i))).id for i in range(10)]
    kimura = [*overdue, legal, *fresh]
    # Last month's work: a complaint answered and closed in October (set in the rows: the
    # report only needs its dates).
    answered = staff.intake(complaint_by_phone(moment(2026, 10, 5, 11, 0))).id
    with desk.context.db.session() as session:
        session.execute(
            update(Case)
            .where(Case.id == answered)
            .values(
                status=CaseStatus.CLOSED.value,
                closure_kind=ClosureKind.NOTIFIED.value,
                notice_sent_at=moment(2026, 10, 14, 15, 0),
                closed_at=moment(2026, 10, 15, 9, 0),
            )
        )
        session.commit()
    CaseService(desk.context, users["supervisor"]).assign(kimura, users["staff2"].user_id)
    return {"proposed": proposed, "overdue": overdue, "legal": [legal], "kimura": kimura}


def test_story_9_the_supervisors_monday(
    qtbot: QtBot, make_desk: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = make_desk()
    made = _monday_office(desk)
    supervisor = desk.users["supervisor"]
    window = MainWindow(desk.context, supervisor, desk_start(desk.context, supervisor))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.dashboard_page
    assert page is not None
    qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    wait_ops(qtbot)

    # --- the dashboard is in front and says what the story says
    assert window.case_tabs.currentWidget() is page
    figures = page.figures
    assert page.buttons["figure_overdue"].text() == "Overdue: 3"
    assert page.buttons["figure_legal_near"].text() == "Legal line within 3 days: 1"
    assert page.buttons["figure_legal_passed"].text() == "Legal line passed: 0"
    assert page.buttons["figure_awaiting_approval"].text() == "Awaiting my approval: 2"
    kimura_id = desk.users["staff2"].user_id
    load = next(load for load in figures.staff if load.user_id == kimura_id)
    assert load.name == "木村 直樹" and load.open.count == 14
    assert figures.staff[0] is load  # the most loaded first
    sato_id = desk.users["staff"].user_id
    sato_before = next((x.open.count for x in figures.staff if x.user_id == sato_id), 0)

    # --- one click opens each list: exactly those cases, and the queue says which filter
    def opened(name: str) -> list[int]:
        window.case_tabs.setCurrentWidget(page)
        button = page.buttons[name]
        qtbot.waitUntil(button.isVisible, timeout=10_000)
        with qtbot.waitSignal(window.model.loaded, timeout=10_000):
            click(qtbot, button)
        wait_ops(qtbot)
        assert window.drill_bar.isVisible()
        return sorted(window.model.row_at(i).id for i in range(window.model.rowCount()))

    assert opened("figure_overdue") == sorted(made["overdue"])
    assert window.drill_bar.text_label.text() == "Filter: Overdue (3)"
    assert opened("figure_legal_near") == made["legal"]
    assert opened("figure_awaiting_approval") == sorted(made["proposed"])
    assert opened(f"figure_staff_open_{kimura_id}") == sorted(made["kimura"])
    assert window.drill_bar.text_label.text() == "Filter: 木村 直樹: open (14)"

    # --- five of 木村's cases to 佐藤, in bulk
    five = sorted(made["kimura"])[-5:]
    selection = window.table.selectionModel()
    selection.clearSelection()
    for case_id in five:
        index = window.model.index(window.model.row_of(case_id), 0)
        selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    window.actions_by_name["assign"].trigger()
    dialog = window.findChild(AssignDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData(desk.users["staff"].user_id))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    assert "5 cases assigned to 佐藤 花子" in window.statusBar().currentMessage()
    service = CaseService(desk.context, supervisor)
    assert all(service.get(c).owner == "佐藤 花子" for c in five)
    page.reload()
    qtbot.waitUntil(lambda: "as of" in page.status_label.text(), timeout=10_000)
    wait_ops(qtbot)
    loads = {load.user_id: load.open.count for load in page.figures.staff}
    assert loads[kimura_id] == 9 and loads[sato_id] == sato_before + 5

    # --- approve one decision, send the other back with a comment
    first, second = made["proposed"]
    boss = open_workspace(qtbot, desk, first, "supervisor")
    click(qtbot, boss.decision_tab.approve_button)
    assert service.get(first).status is CaseStatus.APPROVED
    boss = open_workspace(qtbot, desk, second, "supervisor")
    type_text(qtbot, boss.decision_tab.comment_edit, "不開示の理由をもう少し具体的に")
    click(qtbot, boss.decision_tab.send_back_button)
    sent_back = service.get(second)
    assert sent_back.status is not CaseStatus.DECISION_PROPOSED
    assert sent_back.send_back_comment == "不開示の理由をもう少し具体的に"
    page.reload()
    wait_ops(qtbot)
    assert page.figures.awaiting_approval.count == 0

    # --- last month's report, with its charts, as a PDF
    window.actions_by_name["reports"].trigger()
    reports = window.findChild(ReportsWindow)
    assert reports is not None and reports.isVisible()
    wait_ops(qtbot)
    reports.month_edit.setDate(QDate(2026, 10, 1))
    wait_ops(qtbot)
    reports.ask_path = lambda kind, suggested: tmp_path / f"board-{kind}"  # type: ignore[method-assign]
    click(qtbot, reports.pdf_button)
    wait_ops(qtbot)
    pdf = tmp_path / "board-pdf.pdf"
    assert reports.saved_path == pdf
    text = pdf_text(pdf.read_bytes())
    assert squash("Monthly report 2026-10") in text
    assert squash("Notices by business days taken") in text  # a chart's title
