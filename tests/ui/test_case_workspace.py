"""The case workspace: conflicts between desks, refusals in the screen, roles, Ctrl+S, Japanese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from privacy_desk import i18n
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    Channel,
    ContactDirection,
    ContactKind,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    RequesterRole,
    RequestKind,
)
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import (
    CaseDetail,
    DecisionForm,
    IdentityForm,
    IntakeForm,
    MeasureForm,
    PersonForm,
)
from privacy_desk.services.users import list_task_owners
from privacy_desk.ui.case import CaseWorkspace
from privacy_desk.ui.fonts import install_fonts
from tests.services.test_two_desks import form_of
from tests.ui.conftest import Desk, click, type_text, wait_ops


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def staff_service(desk: Desk, who: str = "staff") -> CaseService:
    return CaseService(desk.context, desk.users[who])


def new_case(desk: Desk, **changes: object) -> CaseDetail:
    form = IntakeForm(
        channel=Channel.PHONE,
        received_at=desk.clock(),
        requester=PersonForm("田中 一郎", "タナカ イチロウ", date(1970, 1, 30)),
        measures=(MeasureForm(RequestKind.COMPLAINT),),
        summary="Complaint about a mailing",
    )
    return staff_service(desk).intake(IntakeForm(**{**vars(form), **changes}))


def open_workspace(qtbot: QtBot, desk: Desk, case_id: int, who: str = "staff") -> CaseWorkspace:
    workspace = CaseWorkspace(desk.context, desk.users[who], case_id)
    qtbot.addWidget(workspace)
    workspace.resize(1300, 850)
    workspace.show()
    wait_ops(qtbot)  # the case is read in the background
    return workspace


def save(qtbot: QtBot, workspace: CaseWorkspace) -> bool:
    """Ctrl+S: start the saves, let every call answer, and say whether everything was saved."""
    with qtbot.waitSignal(workspace.saved, timeout=10_000) as saved:
        workspace.save()
    wait_ops(qtbot)
    return bool(saved.args[0])


def in_investigation(desk: Desk, kind: RequestKind = RequestKind.CORRECTION) -> CaseDetail:
    staff = staff_service(desk)
    case = new_case(desk, measures=(MeasureForm(kind),))
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    return staff.start_investigation(case.id, case.version)


def test_story_6_two_desks_one_case(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(desk)
    desk.clock.set(2026, 11, 24, 14, 0)  # both desks open the case at 14:00
    desk_a = open_workspace(qtbot, desk, case.id, "staff")
    desk_b = open_workspace(qtbot, desk, case.id, "staff2")

    desk_a.tabs.setCurrentWidget(desk_a.investigation_tab)
    type_text(qtbot, desk_a.investigation_tab.note_edit, "14:00 called back")
    assert desk_a.has_unsaved_changes()
    assert save(qtbot, desk_a)  # Ctrl+S: the note of the current tab
    assert not desk_a.has_unsaved_changes()

    desk.clock.set(2026, 11, 24, 14, 2)
    desk_b.summary_edit.selectAll()
    type_text(qtbot, desk_b.summary_edit, "Complaint about the seminar mailing of 2026-11")
    assert desk_b.has_unsaved_changes()
    assert not save(qtbot, desk_b)
    message = desk_b.message_bar.message()
    assert "changed by someone else since you opened it" in message
    assert f"{desk.users['staff'].name}: Note added" in message
    assert desk_b.summary_edit.text() == "Complaint about the seminar mailing of 2026-11"
    assert "changed the case meanwhile" in desk_b.details_error.message()
    assert staff_service(desk).get(case.id).summary == "Complaint about a mailing"
    # B's screen now shows A's note, and B's typing is still there to save again.
    assert desk_b.investigation_tab.notes_table.rowCount() == 1

    with qtbot.waitSignal(desk_b.case_changed, timeout=10_000) as changed:
        assert save(qtbot, desk_b)
    assert changed.args == [case.id]
    assert desk_b.message_bar.message() == ""
    now = staff_service(desk).get(case.id)
    assert now.summary == "Complaint about the seminar mailing of 2026-11"
    assert [n.text for n in now.notes] == ["14:00 called back"]
    assert not desk_b.has_unsaved_changes()


def test_conflict_keeps_a_decision_being_typed(qtbot: QtBot, desk: Desk) -> None:
    case = in_investigation(desk)
    ws = open_workspace(qtbot, desk, case.id)
    desk.clock.set(2026, 11, 24, 10, 30)
    staff_service(desk, "staff2").add_note(case.id, case.version, "meanwhile")
    ws.tabs.setCurrentWidget(ws.decision_tab)
    (measure,) = ws.decision_tab.measure_forms
    measure.outcome_combo.set_value(Outcome.NOT_CORRECTED)
    type_text(qtbot, measure.reasons_edit, "The address on file is right.")
    assert not save(qtbot, ws)
    assert "changed by someone else" in ws.message_bar.message()
    assert measure.reasons_edit.toPlainText() == "The address on file is right."
    assert measure.outcome_combo.value() is Outcome.NOT_CORRECTED
    assert save(qtbot, ws)
    assert staff_service(desk).get(case.id).measures[0].outcome is Outcome.NOT_CORRECTED


def test_story_4_agent_with_an_old_seal_certificate(qtbot: QtBot, desk: Desk) -> None:
    desk.clock.set(2026, 11, 25, 10, 0)
    case = new_case(
        desk,
        requester=PersonForm("佐々木 誠", "ササキ マコト", organisation="佐々木法律事務所"),
        requester_role=RequesterRole.AGENT,
        subject=PersonForm("林 葵", "ハヤシ アオイ", date(1990, 3, 3)),
        measures=(MeasureForm(RequestKind.DISCLOSURE),),
    )
    ws = open_workspace(qtbot, desk, case.id)
    identity = ws.identity_tab
    assert "Power of attorney with registered seal + Seal-registration certificate" in (
        identity.authority_hint.text()
    )
    assert "Organisation" not in ws.requester_label.text()
    assert "佐々木法律事務所" in ws.requester_label.text()
    click(qtbot, identity.photo_checks.boxes[IdentityDocument.DRIVERS_LICENCE])
    for document, issued in (
        (AuthorityDocument.POWER_OF_ATTORNEY, "2026-11-10"),
        (AuthorityDocument.SEAL_CERTIFICATE, "2026-05-01"),
    ):
        click(qtbot, identity.authority_checks[document])
        type_text(qtbot, identity.authority_dates[document], issued)
    with qtbot.waitSignal(ws.case_changed, timeout=10_000):  # the identity check itself is kept
        click(qtbot, identity.confirm_button)
    problems = identity.error.message()
    assert "authority is NOT confirmed" in problems
    assert "Seal-registration certificate was issued on 2026-05-01" in problems
    # The form is kept, so a corrected date is one edit away.
    seal = identity.authority_dates[AuthorityDocument.SEAL_CERTIFICATE]
    assert seal.text() == "2026-05-01"
    assert identity.authority_checks[AuthorityDocument.SEAL_CERTIFICATE].isChecked()
    detail = staff_service(desk).get(case.id)
    assert detail.identity_confirmed and not detail.authority_confirmed
    assert "Seal-registration certificate was issued on 2026-05-01" in ws.problems_label.text()
    assert "Authority (Appointed agent): not confirmed" in identity.status_label.text()
    click(qtbot, ws.action_buttons["start"])
    assert "authority is not confirmed" in ws.message_bar.message()
    assert staff_service(desk).get(case.id).status is CaseStatus.RECEIVED


def test_buttons_follow_status_and_role(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(desk)
    staff = open_workspace(qtbot, desk, case.id)
    b = staff.action_buttons
    assert b["take"].isEnabled() and b["start"].isEnabled() and b["pause"].isEnabled()
    assert not b["resume"].isEnabled() and not b["close"].isEnabled()
    assert "Received" in b["close"].toolTip()
    assert not b["reopen"].isVisible()  # a supervisor's act
    assert not b["unconfirmed"].isEnabled()  # a complaint needs no identity check

    admin = open_workspace(qtbot, desk, case.id, "admin")
    assert not any(button.isVisible() for button in admin.action_buttons.values())
    assert not admin.edit_requester_button.isEnabled()
    assert admin.summary_edit.isReadOnly()

    click(qtbot, b["take"])
    assert not b["take"].isEnabled()  # already mine
    assert staff.owner_label.text() == f"Owner: {desk.users['staff'].name}"
    other = open_workspace(qtbot, desk, case.id, "staff2")
    assert other.action_buttons["take"].text() == f"Take case from {desk.users['staff'].name}"


def test_withdraw_then_reopen_by_a_supervisor(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(desk)
    ws = open_workspace(qtbot, desk, case.id)
    click(qtbot, ws.action_buttons["withdraw"])
    type_text(qtbot, ws.withdraw_note, "Caller withdrew by phone")
    click(qtbot, ws.withdraw_panel.confirm_button)
    assert staff_service(desk).get(case.id).status is CaseStatus.CLOSED
    assert ws.status_label.text() == "Closed (Withdrawn)"

    boss = open_workspace(qtbot, desk, case.id, "supervisor")
    click(qtbot, boss.action_buttons["reopen"])
    click(qtbot, boss.reopen_panel.confirm_button)
    assert "needs a reason" in boss.reopen_panel.error.message()
    type_text(qtbot, boss.reopen_reason, "Caller asked again")
    click(qtbot, boss.reopen_panel.confirm_button)
    assert staff_service(desk).get(case.id).status is CaseStatus.IN_INVESTIGATION
    assert not boss.panels.isVisible()


def test_extend_needs_a_reason_and_moves_the_due_date(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(desk)
    ws = open_workspace(qtbot, desk, case.id)
    before = ws.deadline_strip.value("current_due")
    click(qtbot, ws.action_buttons["extend"])
    type_text(qtbot, ws.extend_date, "2026-12-22")
    click(qtbot, ws.extend_panel.confirm_button)
    assert "needs a reason" in ws.extend_panel.error.message()
    assert ws.extend_date.text() == "2026-12-22"
    type_text(qtbot, ws.extend_reason, "Records are kept at the Naha office")
    click(qtbot, ws.extend_panel.confirm_button)
    assert ws.deadline_strip.value("current_due") == "2026-12-22 18:00 (moved)"
    assert ws.deadline_strip.value("original_due") == before
    detail = staff_service(desk).get(case.id)
    assert [e.reason for e in detail.extensions] == ["Records are kept at the Naha office"]


def test_send_back_needs_a_comment_and_the_author_can_not_approve(qtbot: QtBot, desk: Desk) -> None:
    case = in_investigation(desk)
    boss_service = staff_service(desk, "supervisor")
    case = boss_service.record_decision(
        case.id, case.version, case.measures[0].id, DecisionForm(Outcome.CORRECTED)
    )
    case = boss_service.propose(case.id, case.version)

    author = open_workspace(qtbot, desk, case.id, "supervisor")
    author.tabs.setCurrentWidget(author.decision_tab)
    approve = author.decision_tab.approve_button
    # Four eyes before the click: the author's Approve is off and says why.
    assert approve.isVisible() and not approve.isEnabled()
    assert "You proposed this decision" in approve.toolTip()

    other = open_workspace(qtbot, desk, case.id, "supervisor2")
    decision = other.decision_tab
    click(qtbot, decision.send_back_button)
    assert "needs a reason" in decision.approval_error.message()
    type_text(qtbot, decision.comment_edit, "Say what was corrected.")
    click(qtbot, decision.send_back_button)
    detail = staff_service(desk).get(case.id)
    assert detail.status is CaseStatus.IN_INVESTIGATION
    assert detail.send_back_comment == "Say what was corrected."

    staff = open_workspace(qtbot, desk, case.id)
    assert staff.send_back_label.isVisible()
    assert "Say what was corrected." in staff.send_back_label.text()


def test_contacts_and_people_are_edited_in_place(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(desk)
    ws = open_workspace(qtbot, desk, case.id)
    contacts = ws.contacts_tab
    ws.tabs.setCurrentWidget(contacts)
    contacts.kind_combo.set_value(ContactKind.EMAIL)
    contacts.direction_combo.set_value(ContactDirection.OUT)
    type_text(qtbot, contacts.summary_edit, "Sent the answer by email")
    assert save(qtbot, ws)
    detail = staff_service(desk).get(case.id)
    assert [(c.kind, c.direction, c.summary) for c in detail.contacts][-1] == (
        ContactKind.EMAIL,
        ContactDirection.OUT,
        "Sent the answer by email",
    )
    assert contacts.table.rowCount() == 2

    click(qtbot, ws.edit_requester_button)
    dialog = ws.person_dialog
    dialog.edits["phone"].clear()
    type_text(qtbot, dialog.edits["phone"], "03-9999-0000")
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    assert staff_service(desk).get(case.id).requester.phone == "03-9999-0000"
    assert "Tel 03-9999-0000" in ws.requester_label.text()


def test_a_person_saved_on_one_screen_keeps_another_desks_change(qtbot: QtBot, desk: Desk) -> None:
    """The person dialog sends the person as it opened it: the service writes only the fields
    typed here, so a phone number changed meanwhile through another case of the person stays."""
    first = new_case(desk)
    second = new_case(desk, requester_person_id=first.requester.id)
    ws = open_workspace(qtbot, desk, second.id)
    click(qtbot, ws.edit_requester_button)
    dialog = ws.person_dialog
    elsewhere = staff_service(desk, "staff2")
    opened = elsewhere.get(first.id)
    phone = form_of(opened.requester, phone="03-1111-0000")
    elsewhere.update_person(first.id, opened.version, opened.requester.id, phone)
    type_text(qtbot, dialog.edits["email"], "ichiro@example.jp")
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert not dialog.isVisible()
    person = staff_service(desk).get(second.id).requester
    assert (person.phone, person.email) == ("03-1111-0000", "ichiro@example.jp")


def test_workspace_in_japanese(qtbot: QtBot, desk: Desk) -> None:
    install_fonts(QApplication.instance())
    i18n.set_language("ja")
    case = in_investigation(desk, RequestKind.DISCLOSURE)
    ws = open_workspace(qtbot, desk, case.id)
    assert not ws.has_unsaved_changes()  # a case just opened holds no edit in progress
    assert [ws.tabs.tabText(i).replace("&", "") for i in range(ws.tabs.count())][:2] == [
        "本人確認(I)",
        "連絡記録(O)",
    ]
    assert ws.status_label.text() == "調査中"
    assert ws.next_label.text().startswith("次の作業：")
    assert ws.deadline_strip.cells["original_due"].caption.text() == "当初期限"
    assert ws.decision_tab.measure_forms[0].outcome_combo.itemText(2) == "一部開示"


def test_every_screen_text_has_a_japanese_entry() -> None:
    """Texts the screens keep in tables (field captions, history words, letter kinds) are in
    the catalogue; every literal `_()` text is checked by tests/test_i18n.py."""
    from privacy_desk.i18n import translation
    from privacy_desk.services import history
    from privacy_desk.ui import widgets
    from privacy_desk.ui.letters import common

    japanese = translation("ja")
    captions = [c for _, c in widgets.PersonFields.FIELDS]
    labels = [*history.ACTION_LABELS.values(), *common.KIND_LABELS.values()]
    missing = [text for text in captions + labels if japanese.gettext(text) == text]
    assert missing == []


def test_a_case_that_can_not_be_read_is_said_in_the_workspace(qtbot: QtBot, desk: Desk) -> None:
    ws = open_workspace(qtbot, desk, 987_654)
    assert "does not exist" in ws.message_bar.message()
    assert not ws.tabs.isEnabled()
    assert not any(button.isEnabled() for button in ws.action_buttons.values())


def test_tasks_go_to_the_people_the_service_lists(qtbot: QtBot, desk: Desk) -> None:
    case = in_investigation(desk)
    ws = open_workspace(qtbot, desk, case.id)
    combo = ws.investigation_tab.owner_combo
    offered = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i) is not None]
    expected = [u.id for u in list_task_owners(desk.context, desk.users["admin"])]
    assert offered == expected
    assert desk.users["admin"].user_id not in offered
    assert desk.users["staff"].user_id in offered and desk.users["supervisor"].user_id in offered


def test_a_case_with_damaged_stored_text_is_said_in_the_workspace(qtbot: QtBot, desk: Desk) -> None:
    import sqlite3

    case = new_case(desk)
    path = desk.context.db.sqlite_path
    assert path is not None
    writer = sqlite3.connect(path)
    writer.execute("UPDATE cases SET kinds = 'not json' WHERE id = ?", (case.id,))
    writer.commit()
    writer.close()
    ws = open_workspace(qtbot, desk, case.id)
    message = ws.message_bar.message()
    assert message.startswith(f"The case {case.reference} can not be shown")
    assert "cases.kinds" in message
    assert not ws.tabs.isEnabled()
    assert not any(button.isEnabled() for button in ws.action_buttons.values())
