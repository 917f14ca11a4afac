"""The intake dialog: keyboard flow, refusals beside the field, likely earlier cases, drafts."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from itertools import pairwise

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from privacy_desk.domain.vocabulary import Channel, RequesterRole, RequestKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, IntakeForm, MeasureForm, PersonForm
from privacy_desk.storage.models import AuditEntry, Case, Contact
from privacy_desk.ui.intake import DraftStore, IntakeDialog
from tests.ui.conftest import Desk, type_text, wait_ops

MY_NUMBER = "123456789018"  # passes the check digit


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def open_intake(qtbot: QtBot, desk: Desk, channel: Channel = Channel.PHONE) -> IntakeDialog:
    dialog = IntakeDialog(desk.context, desk.users["staff"], channel)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def count_cases(desk: Desk) -> int:
    with desk.context.db.session() as session:
        return session.scalar(select(func.count(Case.id))) or 0


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def test_prefilled_with_channel_and_time(qtbot: QtBot, desk: Desk) -> None:
    desk.clock.set(2026, 11, 24, 14, 12)
    dialog = open_intake(qtbot, desk, Channel.FAX)
    assert dialog.channel_combo.value() is Channel.FAX
    assert dialog.received_edit.moment().strftime("%Y-%m-%d %H:%M") == "2026-11-24 14:12"
    assert dialog.windowTitle() == "New intake: Fax"
    assert dialog.role_combo.value() is RequesterRole.PERSON
    assert not dialog.subject_box.isVisible()
    assert not dialog.requester.rows["organisation"].isVisible()
    dialog.role_combo.set_value(RequesterRole.AGENT)
    assert dialog.subject_box.isVisible()
    assert dialog.requester.rows["organisation"].isVisible()


def test_tab_order_follows_the_form(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_intake(qtbot, desk)
    edits = dialog.requester.edits
    order = [edits[n] for n in ("name", "kana", "birth_date", "postal_code", "address", "phone")]
    for current, following in pairwise(order):
        assert current.nextInFocusChain() is following, current.objectName()
    disclosure = dialog.measures[RequestKind.DISCLOSURE]
    # The kinds come right after the people, and a ticked kind's details follow its box.
    assert disclosure.check.nextInFocusChain() is disclosure.requested


def test_keyboard_only_intake_saves_with_ctrl_enter(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_intake(qtbot, desk)
    type_text(qtbot, dialog.requester.edits["name"], "佐藤 一")
    type_text(qtbot, dialog.requester.edits["phone"], "03-5555-0000")
    box = dialog.measures[RequestKind.COMPLAINT].check
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    type_text(qtbot, dialog.summary_edit, "Complaint about a seminar mailing")
    type_text(qtbot, dialog.note_edit, "Called at 14:00, angry about the mailing.")
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
        qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    case = CaseService(desk.context, desk.users["staff"]).get(created.args[0])
    assert case.requester.phone == "03-5555-0000"
    assert case.kinds == (RequestKind.COMPLAINT,)
    assert case.contacts[0].summary == "Called at 14:00, angry about the mailing."
    assert not dialog.isVisible()
    assert not DraftStore("intake", "sato").exists()


def test_refusals_are_shown_beside_the_field_and_nothing_is_lost(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_intake(qtbot, desk)
    type_text(qtbot, dialog.note_edit, "Somebody called and hung up.")
    dialog.accept()
    wait_ops(qtbot)
    assert "at least one kind" in dialog.kinds_error.message()
    assert dialog.isVisible()
    tick(qtbot, dialog.measures[RequestKind.INQUIRY].check)
    dialog.accept()
    wait_ops(qtbot)
    assert "name is required" in dialog.requester.errors["name"].message()
    assert dialog.requester.edits["name"].property("invalid") is True
    assert not dialog.kinds_error.isVisible()
    assert dialog.note_edit.toPlainText() == "Somebody called and hung up."
    type_text(qtbot, dialog.requester.edits["birth_date"], "1990-13-45")
    type_text(qtbot, dialog.requester.edits["name"], "匿名")
    dialog.accept()
    wait_ops(qtbot)
    assert "not a date" in dialog.requester.errors["birth_date"].message()
    assert count_cases(desk) == 0


def test_story_7_my_number_in_the_note_is_refused(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_intake(qtbot, desk)
    type_text(qtbot, dialog.requester.edits["name"], "伊藤 さくら")
    tick(qtbot, dialog.measures[RequestKind.DISCLOSURE].check)
    note = f"Read out her number {MY_NUMBER} during the call."
    type_text(qtbot, dialog.note_edit, note)
    qtbot.keyClick(dialog.note_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert "Individual Number" in dialog.note_error.message()
    assert dialog.note_edit.property("invalid") is True
    assert dialog.note_edit.toPlainText() == note  # the text stays, for the user to correct
    assert count_cases(desk) == 0
    with desk.context.db.session() as session:
        texts = [e.detail for e in session.scalars(select(AuditEntry))]
        texts += [c.summary for c in session.scalars(select(Contact))]
    assert not any(MY_NUMBER in t for t in texts)

    # The draft that keeps the call note never holds the number either.
    qtbot.waitUntil(DraftStore("intake", "sato").exists, timeout=10_000)
    draft = DraftStore("intake", "sato").path.read_text(encoding="utf-8")
    assert MY_NUMBER not in draft
    assert "＊＊＊＊＊＊＊＊＊＊＊＊" in draft

    dialog.note_edit.setPlainText("Read out a number; told her we do not keep it.")
    with qtbot.waitSignal(dialog.case_created, timeout=10_000):
        dialog.accept()
    assert count_cases(desk) == 1


def test_story_5_earlier_cases_of_the_same_person(qtbot: QtBot, desk: Desk) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    taro = PersonForm("山田 太郎", "ヤマダ　タロウ", date(1980, 2, 2), phone="03-1234-5678")
    namesake = PersonForm("山田 太郎", "ヤマダ タロウ", date(1955, 7, 7))
    earlier = []
    for month, person in ((9, taro), (10, taro), (11, namesake)):
        desk.clock.set(2026, month, 2, 10, 0)
        earlier.append(
            staff.intake(
                IntakeForm(
                    Channel.PHONE,
                    desk.clock(),
                    person,
                    (MeasureForm(RequestKind.INQUIRY),),
                )
            )
        )
    desk.clock.set(2026, 11, 24, 10, 5)

    dialog = open_intake(qtbot, desk)
    type_text(qtbot, dialog.requester.edits["name"], "ﾔﾏﾀﾞ ﾀﾛｳ")
    type_text(qtbot, dialog.requester.edits["kana"], "やまだたろう")
    table = dialog.similar_table
    qtbot.waitUntil(lambda: table.rowCount() == 3, timeout=10_000)  # two people so far
    type_text(qtbot, dialog.requester.edits["birth_date"], "1980-02-02")
    qtbot.waitUntil(lambda: table.rowCount() == 2, timeout=10_000)
    shown = {table.item(r, 1).text().split("\n")[0] for r in range(2)}
    assert shown == {earlier[0].reference, earlier[1].reference}
    assert "山田 太郎" in table.item(0, 2).text()
    assert "born 1980-02-02" in table.item(0, 2).text()
    assert table.item(0, 3).text().split("\n") == ["name", "birth date"]

    for row in range(2):
        table.item(row, 0).setCheckState(Qt.CheckState.Checked)
    assert dialog.linked_label.text().startswith("Will be linked to:")
    table.selectRow(0)
    assert dialog.use_person_button.isEnabled()
    qtbot.mouseClick(dialog.use_person_button, Qt.MouseButton.LeftButton)
    assert dialog.requester_known.isVisible()
    assert not dialog.requester.edits["name"].isEnabled()
    tick(qtbot, dialog.measures[RequestKind.DISCLOSURE].check)
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
        dialog.accept()

    case = staff.get(created.args[0])
    assert set(case.linked_references) == {earlier[0].reference, earlier[1].reference}
    assert case.requester.id == earlier[1].requester.id
    assert case.reference in staff.get(earlier[0].id).linked_references


def test_draft_survives_a_lost_window_and_is_restored(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DraftStore("intake", "sato")
    first = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    first.show()
    first.role_combo.set_value(RequesterRole.PARENT)
    type_text(qtbot, first.requester.edits["name"], "鈴木 恵子")
    type_text(qtbot, first.subject.edits["name"], "鈴木 翔")
    tick(qtbot, first.measures[RequestKind.DISCLOSURE].check)
    type_text(qtbot, first.note_edit, "She will send the family register.")
    qtbot.waitUntil(store.exists, timeout=10_000)
    qtbot.waitUntil(
        lambda: "family register" in store.path.read_text(encoding="utf-8"), timeout=10_000
    )
    assert store.path.parent.name == "drafts"
    shiboken6.delete(first)  # as in a crash: no close, no save, no goodbye

    second = open_intake(qtbot, desk)
    assert second.draft_banner.isVisible()
    assert "2026-11-24 10:05" in second.draft_label.text()
    assert second.requester.edits["name"].text() == ""
    qtbot.mouseClick(second.restore_button, Qt.MouseButton.LeftButton)
    assert not second.draft_banner.isVisible()
    assert second.role_combo.value() is RequesterRole.PARENT
    assert second.requester.edits["name"].text() == "鈴木 恵子"
    assert second.subject.edits["name"].text() == "鈴木 翔"
    assert second.measures[RequestKind.DISCLOSURE].check.isChecked()
    assert second.note_edit.toPlainText() == "She will send the family register."

    # Esc asks first; "Cancel" keeps everything, "Discard" throws the draft away.
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: next(answers))
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    assert second.isVisible()
    assert second.note_edit.toPlainText() == "She will send the family register."
    qtbot.keyClick(second, Qt.Key.Key_Escape)
    assert not second.isVisible()
    assert not store.exists()


def test_closed_by_the_program_keeps_the_draft(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_intake(qtbot, desk)
    type_text(qtbot, dialog.note_edit, "Half a call note")
    dialog.close()  # log-out or quit: not the user's choice to throw it away
    content = DraftStore("intake", "sato").load()
    assert content is not None
    assert content.content["note"] == "Half a call note"


def test_two_open_intakes_keep_separate_drafts(qtbot: QtBot, desk: Desk) -> None:
    phone = open_intake(qtbot, desk)
    email = open_intake(qtbot, desk, Channel.EMAIL)
    type_text(qtbot, phone.note_edit, "The phone call")
    type_text(qtbot, email.note_edit, "The email text")
    phone.close()
    email.close()
    notes = {
        store.load().content["note"]  # type: ignore[union-attr]
        for store in (DraftStore("intake", "sato"), DraftStore("intake", "sato", slot=2))
    }
    assert notes == {"The phone call", "The email text"}
    assert DraftStore("intake", "sato", slot=2).path.name == "intake-sato~2.json"


def test_typing_before_answering_keeps_the_old_draft_for_later(qtbot: QtBot, desk: Desk) -> None:
    DraftStore("intake", "sato").save({"note": "Yesterday's call"})
    dialog = open_intake(qtbot, desk)
    assert dialog.draft_banner.isVisible()
    type_text(qtbot, dialog.note_edit, "Today's call")
    assert not dialog.restore_button.isVisible()
    assert "offered again" in dialog.draft_label.text()
    dialog.close()
    assert DraftStore("intake", "sato").load().content["note"] == "Yesterday's call"  # type: ignore[union-attr]
    assert DraftStore("intake", "sato", slot=2).load().content["note"] == "Today's call"  # type: ignore[union-attr]

    # The next two intakes offer one draft each, the oldest slot first.
    first, second = open_intake(qtbot, desk), open_intake(qtbot, desk)
    assert "Yesterday" not in first.note_edit.toPlainText()
    qtbot.mouseClick(first.restore_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(second.restore_button, Qt.MouseButton.LeftButton)
    assert first.note_edit.toPlainText() == "Yesterday's call"
    assert second.note_edit.toPlainText() == "Today's call"


class SlowCaseService(CaseService):
    """The real service, held over a save (as a busy database server might) until the test
    lets it go."""

    def __init__(self, context: Context, actor: Actor) -> None:
        super().__init__(context, actor)
        self.started = threading.Event()
        self.release = threading.Event()

    def intake(self, form: IntakeForm) -> CaseDetail:
        self.started.set()
        self.release.wait(timeout=30)
        return super().intake(form)


def test_the_dialog_stays_responsive_while_a_slow_save_runs(qtbot: QtBot, desk: Desk) -> None:
    staff = desk.users["staff"]
    service = SlowCaseService(desk.context, staff)
    dialog = IntakeDialog(desk.context, staff, Channel.PHONE, service=service)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(qtbot, dialog.requester.edits["name"], "中村 和也")
    tick(qtbot, dialog.measures[RequestKind.INQUIRY].check)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(1))
    try:
        with qtbot.waitSignal(dialog.case_created, timeout=30_000):
            dialog.accept()
            # accept() returned while the save is held: the dialog is held, a second save is
            # not started.
            assert not dialog.isEnabled()
            dialog.accept()
            qtbot.waitUntil(service.started.is_set, timeout=10_000)
            timer.start()
            # The event loop goes on while the save is held (no clock measured: counted ticks).
            qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=10_000)
            assert not service.release.is_set() and not dialog.isEnabled()
            service.release.set()
    finally:
        service.release.set()
        timer.stop()
    assert count_cases(desk) == 1
    assert not dialog.isVisible()
