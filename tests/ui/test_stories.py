"""Whole stories from the office, on screen: the real intake dialog and case workspace, driven
as staff would drive them, with the results checked in the database through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    Channel,
    ClosureKind,
    ContactDirection,
    DisclosureMethod,
    DisclosureRefusalGround,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
    RequesterRole,
    RequestKind,
    SuspensionGround,
)
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail
from privacy_desk.ui.case import CaseWorkspace
from privacy_desk.ui.intake import IntakeDialog
from tests.ui.conftest import Desk, click, type_text, wait_ops


def open_workspace(qtbot: QtBot, desk: Desk, case_id: int, who: str = "staff") -> CaseWorkspace:
    workspace = CaseWorkspace(desk.context, desk.users[who], case_id)
    qtbot.addWidget(workspace)
    workspace.resize(1300, 850)
    workspace.show()
    wait_ops(qtbot)  # the case is read in the background
    return workspace


def fetch(desk: Desk, case_id: int, who: str = "staff") -> CaseDetail:
    return CaseService(desk.context, desk.users[who]).get(case_id)


def save_intake(qtbot: QtBot, dialog: IntakeDialog) -> int:
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as saved:
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return saved.args[0]


def local(moment: datetime) -> str:
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M")


def test_story_1_mother_calls_for_her_son(qtbot: QtBot, make_desk: Callable[..., Desk]) -> None:
    desk = make_desk()
    desk.clock.set(2026, 11, 24, 10, 5)

    # --- intake by phone: a parent for a minor, disclosure on paper
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.channel_combo.value() is Channel.PHONE
    assert local(dialog.received_edit.moment()) == "2026-11-24 10:05"
    dialog.role_combo.set_value(RequesterRole.PARENT)
    assert dialog.subject_box.isVisible()
    type_text(qtbot, dialog.requester.edits["name"], "鈴木 恵子")
    type_text(qtbot, dialog.requester.edits["kana"], "スズキ ケイコ")
    type_text(qtbot, dialog.requester.edits["phone"], "090-1111-2222")
    type_text(qtbot, dialog.subject.edits["name"], "鈴木 翔")
    type_text(qtbot, dialog.subject.edits["birth_date"], "2011-06-03")
    disclosure = dialog.measures[RequestKind.DISCLOSURE]
    click(qtbot, disclosure.check)
    assert disclosure.method is not None
    disclosure.method.set_value(DisclosureMethod.PAPER)
    type_text(qtbot, dialog.summary_edit, "息子の個人データ開示請求")
    type_text(qtbot, dialog.note_edit, "母親より電話。書面での開示を希望。")
    case_id = save_intake(qtbot, dialog)

    case = fetch(desk, case_id)
    assert case.status is CaseStatus.RECEIVED
    assert case.requester_role is RequesterRole.PARENT
    assert (case.requester.name, case.subject.name) == ("鈴木 恵子", "鈴木 翔")
    assert case.subject.birth_date == date(2011, 6, 3)
    assert [(m.kind, m.method_requested) for m in case.measures] == [
        (RequestKind.DISCLOSURE, DisclosureMethod.PAPER)
    ]
    assert case.contacts[0].summary == "母親より電話。書面での開示を希望。"
    assert local(case.deadlines.acknowledgement_due) == "2026-11-25 18:00"

    # --- the workspace: take it; the investigation can not start yet, and the screen says why
    ws = open_workspace(qtbot, desk, case_id)
    assert ws.reference_label.text() == case.reference
    assert "Confirm the requester's identity and authority" in ws.next_label.text()
    click(qtbot, ws.action_buttons["take"])
    assert fetch(desk, case_id).owner == desk.users["staff"].name
    click(qtbot, ws.action_buttons["start"])
    assert "identity is not confirmed" in ws.message_bar.message()
    assert fetch(desk, case_id).status is CaseStatus.RECEIVED

    # --- an identity-request letter goes out; the case waits, clock paused
    click(qtbot, ws.action_buttons["pause"])
    ws.pause_reason.set_value(PauseReason.IDENTITY_DOCUMENTS)
    type_text(qtbot, ws.pause_note, "ID request letter sent")
    click(qtbot, ws.pause_panel.confirm_button)
    assert fetch(desk, case_id).status is CaseStatus.AWAITING_REQUESTER
    assert "Paused" in ws.deadline_strip.state_label.text()
    assert not ws.panels.isVisible()

    # --- Mon 11-30: licence and a family-register extract of 2026-10-01 arrive
    desk.clock.set(2026, 11, 30, 10, 0)
    ws.reload()
    wait_ops(qtbot)
    ws.tabs.setCurrentWidget(ws.identity_tab)
    identity = ws.identity_tab
    assert identity.method_combo.value() is IdentityMethod.DOCUMENTS
    assert identity.authority_box.isVisible()
    click(qtbot, identity.photo_checks.boxes[IdentityDocument.DRIVERS_LICENCE])
    click(qtbot, identity.authority_checks[AuthorityDocument.FAMILY_REGISTER])
    type_text(qtbot, identity.authority_dates[AuthorityDocument.FAMILY_REGISTER], "2026-10-01")
    click(qtbot, identity.confirm_button)
    assert identity.error.message() == ""
    case = fetch(desk, case_id)
    assert case.identity_confirmed and case.authority_confirmed
    assert identity.checks_table.rowCount() == 1
    assert identity.proofs_table.item(0, 1).text() == "2026-10-01"
    assert not identity.has_unsaved_changes()

    click(qtbot, ws.action_buttons["resume"])
    case = fetch(desk, case_id)
    assert case.status is CaseStatus.RECEIVED
    assert case.deadlines.paused_business_days == 4
    strip = ws.deadline_strip
    assert strip.value("original_due") == "2026-12-08 18:00"
    assert strip.value("current_due") == "2026-12-14 18:00 (moved)"
    assert strip.value("paused") == "4 business days"
    assert strip.value("legal_line") == "2026-12-08"

    # --- investigation: a note and a task
    click(qtbot, ws.action_buttons["start"])
    assert fetch(desk, case_id).status is CaseStatus.IN_INVESTIGATION
    ws.tabs.setCurrentWidget(ws.investigation_tab)
    investigation = ws.investigation_tab
    type_text(qtbot, investigation.note_edit, "相談員のメモに第三者の情報あり")
    click(qtbot, investigation.add_note_button)
    type_text(qtbot, investigation.task_edit, "Ask the counsellor about the memo")
    investigation.owner_combo.setCurrentIndex(
        investigation.owner_combo.findData(desk.users["staff"].user_id)
    )
    click(qtbot, investigation.add_task_button)
    investigation.tasks_table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    wait_ops(qtbot)
    case = fetch(desk, case_id)
    assert [n.text for n in case.notes] == ["相談員のメモに第三者の情報あり"]
    assert [(t.title, t.owner, t.done) for t in case.tasks] == [
        ("Ask the counsellor about the memo", desk.users["staff"].name, True)
    ]

    # --- decision: disclosed in part, Art. 33(2)(i), reasons
    ws.tabs.setCurrentWidget(ws.decision_tab)
    (measure,) = ws.decision_tab.measure_forms
    assert measure.outcome_combo.members() == list(
        (
            Outcome.DISCLOSED_FULL,
            Outcome.DISCLOSED_PART,
            Outcome.NOT_DISCLOSED,
            Outcome.NO_DATA_HELD,
        )
    )
    measure.outcome_combo.set_value(Outcome.DISCLOSED_PART)
    assert measure.grounds is not None and measure.grounds.isEnabled()
    click(qtbot, measure.grounds.boxes[DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY])
    type_text(qtbot, measure.reasons_edit, "相談員のメモは第三者の権利利益を害するおそれがある")
    assert measure.withheld_edit is not None and measure.method_combo is not None
    type_text(qtbot, measure.withheld_edit, "面談記録のうち相談員のメモ1件")
    measure.method_combo.set_value(DisclosureMethod.PAPER)
    click(qtbot, measure.save_button)
    saved = fetch(desk, case_id).measures[0]
    assert saved.outcome is Outcome.DISCLOSED_PART
    assert saved.disclosure_grounds == (DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,)
    assert saved.reasons == "相談員のメモは第三者の権利利益を害するおそれがある"
    assert saved.method is DisclosureMethod.PAPER
    click(qtbot, ws.decision_tab.propose_button)
    assert fetch(desk, case_id).status is CaseStatus.DECISION_PROPOSED
    assert not ws.decision_tab.supervisor_box.isVisible()  # staff can not approve

    # --- the supervisor, at their own desk, approves
    boss = open_workspace(qtbot, desk, case_id, "supervisor")
    assert boss.tabs.currentWidget() is boss.decision_tab
    click(qtbot, boss.decision_tab.approve_button)
    assert fetch(desk, case_id).status is CaseStatus.APPROVED

    # --- staff record the notice as sent by registered mail and close
    ws.reload()
    wait_ops(qtbot)
    click(qtbot, ws.action_buttons["notice"])
    ws.notice_method.set_value(DispatchMethod.SIMPLE_REGISTERED)
    click(qtbot, ws.notice_panel.confirm_button)
    assert "tracking number" in ws.notice_panel.error.message()
    type_text(qtbot, ws.notice_tracking, "1234-5678-9050")
    click(qtbot, ws.notice_panel.confirm_button)
    assert fetch(desk, case_id).status is CaseStatus.NOTICE_SENT
    click(qtbot, ws.action_buttons["close"])

    case = fetch(desk, case_id)
    assert case.status is CaseStatus.CLOSED
    assert case.closure_kind is ClosureKind.NOTIFIED
    assert local(case.deadlines.original_due) == "2026-12-08 18:00"
    assert local(case.deadlines.current_due) == "2026-12-14 18:00"
    assert case.deadlines.paused_business_days == 4
    assert case.deadlines.legal_line == date(2026, 12, 8)
    sent = [c for c in case.contacts if c.direction is ContactDirection.OUT]
    assert [(c.dispatch_method, c.tracking_number) for c in sent] == [
        (DispatchMethod.SIMPLE_REGISTERED, "1234-5678-9050")
    ]
    assert ws.status_label.text().startswith("Closed")
    assert ws.history_tab.table.rowCount() == len(case.history)
    assert ws.history_tab.table.item(0, 2).text() == "Case closed"
    assert {h.actor for h in case.history} == {"sato", "ito"}


def test_story_2_correction_refused_once_for_want_of_a_reason(
    qtbot: QtBot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    desk.clock.set(2026, 11, 24, 11, 30)
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.EMAIL)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.channel_combo.value() is Channel.EMAIL
    type_text(qtbot, dialog.requester.edits["name"], "田中 一郎")
    type_text(qtbot, dialog.requester.edits["email"], "ichiro.tanaka@example.jp")
    correction = dialog.measures[RequestKind.CORRECTION]
    click(qtbot, correction.check)
    type_text(qtbot, correction.requested, "登録住所が誤っている")
    type_text(qtbot, dialog.note_edit, "Email: my address on file is wrong.")
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
        click(qtbot, dialog.save_button)
    case_id = created.args[0]
    assert fetch(desk, case_id).channel is Channel.EMAIL

    ws = open_workspace(qtbot, desk, case_id)
    assert not ws.identity_tab.authority_box.isVisible()
    ws.identity_tab.method_combo.set_value(IdentityMethod.CALL_BACK)
    assert not ws.identity_tab.documents_box.isEnabled()
    click(qtbot, ws.identity_tab.confirm_button)
    assert fetch(desk, case_id).identity_confirmed
    click(qtbot, ws.action_buttons["start"])

    ws.tabs.setCurrentWidget(ws.decision_tab)
    (measure,) = ws.decision_tab.measure_forms
    assert measure.grounds is None  # Art. 33(2) belongs to disclosure only
    measure.outcome_combo.set_value(Outcome.NOT_CORRECTED)
    assert measure.reasons_caption.text() == "Reasons (required)"
    assert measure.changes_edit is not None
    type_text(qtbot, measure.changes_edit, "none: the address on file is the one he gave")
    type_text(qtbot, measure.action_date_edit, "2026-11-26")
    click(qtbot, measure.save_button)
    assert "needs reasons" in measure.reasons_error.message()
    assert measure.reasons_error.isVisible()
    # Nothing typed is lost, nothing half-saved.
    assert measure.outcome_combo.value() is Outcome.NOT_CORRECTED
    assert measure.changes_edit.toPlainText() == "none: the address on file is the one he gave"
    assert measure.action_date_edit.text() == "2026-11-26"
    assert fetch(desk, case_id).measures[0].outcome is None

    type_text(
        qtbot, measure.reasons_edit, "登録住所はご本人がセミナー申込書に記入したとおりであった"
    )
    click(qtbot, measure.save_button)
    assert not measure.reasons_error.isVisible()
    saved = fetch(desk, case_id).measures[0]
    assert saved.outcome is Outcome.NOT_CORRECTED
    assert saved.reasons == "登録住所はご本人がセミナー申込書に記入したとおりであった"
    assert saved.action_date == date(2026, 11, 26)
    click(qtbot, ws.decision_tab.propose_button)

    boss = open_workspace(qtbot, desk, case_id, "supervisor")
    click(qtbot, boss.decision_tab.approve_button)
    case = fetch(desk, case_id)
    assert case.status is CaseStatus.APPROVED
    assert case.approved_by == desk.users["supervisor"].name


def test_story_3_fax_on_friday_night_paused_and_resumed(
    qtbot: QtBot, make_desk: Callable[..., Desk]
) -> None:
    desk = make_desk()
    desk.clock.set(2026, 9, 18, 18, 40)  # staff log it a few minutes after it arrived
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.FAX)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.received_edit.set_moment(datetime(2026, 9, 18, 18, 30, tzinfo=JST))
    type_text(qtbot, dialog.requester.edits["name"], "高橋 美咲")
    type_text(qtbot, dialog.requester.edits["fax"], "098-000-1111")
    suspension = dialog.measures[RequestKind.SUSPENSION]
    click(qtbot, suspension.check)
    assert suspension.grounds is not None
    click(qtbot, suspension.grounds.boxes[SuspensionGround.BEYOND_PURPOSE])
    stop = dialog.measures[RequestKind.THIRD_PARTY_STOP]
    click(qtbot, stop.check)
    assert stop.recipient is not None
    type_text(qtbot, stop.recipient, "partner organisation")
    case_id = save_intake(qtbot, dialog)

    case = fetch(desk, case_id)
    assert [m.kind for m in case.measures] == [RequestKind.SUSPENSION, RequestKind.THIRD_PARTY_STOP]
    assert case.measures[0].suspension_grounds == (SuspensionGround.BEYOND_PURPOSE,)
    assert case.measures[1].third_party_recipient == "partner organisation"

    ws = open_workspace(qtbot, desk, case_id)
    strip = ws.deadline_strip
    assert strip.value("received") == "2026-09-18 18:30"
    assert strip.value("effective_receipt") == "2026-09-24 09:00"
    assert strip.value("acknowledgement_due") == "2026-09-25 18:00"
    assert strip.value("legal_line") == "2026-10-02"
    assert strip.value("original_due") == strip.value("current_due")

    desk.clock.set(2026, 9, 24, 10, 0)
    ws.reload()
    wait_ops(qtbot)
    click(qtbot, ws.action_buttons["pause"])
    click(qtbot, ws.pause_panel.confirm_button)  # no reason chosen yet
    assert "needs a reason" in ws.pause_panel.error.message()
    ws.pause_reason.set_value(PauseReason.IDENTITY_DOCUMENTS)
    click(qtbot, ws.pause_panel.confirm_button)
    assert fetch(desk, case_id).status is CaseStatus.AWAITING_REQUESTER
    assert strip.value("paused") == "0 business days, paused now"

    desk.clock.set(2026, 9, 29, 10, 0)
    ws.reload()
    wait_ops(qtbot)
    click(qtbot, ws.action_buttons["resume"])
    case = fetch(desk, case_id)
    assert case.status is CaseStatus.RECEIVED
    assert case.deadlines.paused_business_days == 3
    assert local(case.deadlines.original_due) == "2026-10-08 18:00"
    assert local(case.deadlines.current_due) == "2026-10-14 18:00"
    assert strip.value("original_due") == "2026-10-08 18:00"
    assert strip.value("current_due") == "2026-10-14 18:00 (moved)"
    assert strip.value("paused") == "3 business days"
    history = [ws.history_tab.table.item(r, 2).text() for r in range(2)]
    assert history == ["Clock resumed", "Clock paused"]
