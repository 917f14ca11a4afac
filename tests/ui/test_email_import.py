"""Saved emails dropped on the window or the intake dialog, or chosen with File › Import email…:
one pre-filled intake per file, a message per refused file, the original kept when saved."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.domain.vocabulary import Channel, RequestKind
from privacy_desk.services.cases import CaseService
from privacy_desk.storage.models import Attachment, Contact
from privacy_desk.ui.intake import DraftStore, IntakeDialog
from privacy_desk.ui.main.window import MainWindow
from tests.services import emails
from tests.services.emails import ADDRESS, BODY, SENDER, SUBJECT
from tests.ui.conftest import Desk, wait_ops
from tests.ui.test_main_window import open_window


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def drop(widget: QWidget, *paths: Path) -> None:
    """Drop files on a widget as a file manager does: file URLs in the drag's data, the drag
    entering first (Qt gives the drop only to the widget that accepted the drag)."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    middle = QPoint(widget.width() // 2, widget.height() // 2)
    enter = QDragEnterEvent(
        middle,
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(widget.width() / 2, widget.height() / 2),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def intakes(window: QWidget) -> list[IntakeDialog]:
    return [d for d in window.findChildren(IntakeDialog) if d.isVisible()]


def refusals(window: QWidget) -> list[QMessageBox]:
    return [b for b in window.findChildren(QMessageBox, "error_box") if b.isVisible()]


def save_as_disclosure(qtbot: QtBot, dialog: IntakeDialog) -> None:
    dialog.measures[RequestKind.DISCLOSURE].check.setChecked(True)
    with qtbot.waitSignal(dialog.case_created, timeout=10_000):
        dialog.accept()


def files(tmp_path: Path, **made: bytes) -> list[Path]:
    paths = []
    for name, raw in made.items():
        path = tmp_path / f"{name}.eml"
        path.write_bytes(raw)
        paths.append(path)
    return paths


def test_dropping_emails_on_the_window_opens_one_prefilled_intake_each(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    window = open_window(qtbot, desk)
    paths = files(
        tmp_path,
        plain=emails.with_attachments(("本人確認書類.pdf", "application/pdf", b"%PDF-1.4")),
        cut=emails.with_attachments(("a.pdf", "application/pdf", b"%PDF" * 400))[:-300],
        sjis=emails.legacy("Shift_JIS", "cp932"),
    )
    drop(window, *paths)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: len(intakes(window)) == 2 and len(refusals(window)) == 1)
    assert "cut.eml" in refusals(window)[0].text()
    assert "incomplete or damaged" in refusals(window)[0].text()
    for dialog in intakes(window):
        assert dialog.channel_combo.value() is Channel.EMAIL
        assert dialog.requester.edits["name"].text() == SENDER
        assert dialog.requester.edits["email"].text() == ADDRESS
        assert dialog.received_edit.moment().strftime("%Y-%m-%d %H:%M") == "2026-11-24 09:30"
        assert dialog.summary_edit.text().startswith(SUBJECT)
        assert dialog.note_edit.toPlainText() == BODY
        assert dialog.email_notice.isVisible()
    notices = sorted(d.email_notice.text() for d in intakes(window))
    assert "本人確認書類.pdf (application/pdf, 8 bytes)" in notices[0] + notices[1]

    dialog = next(d for d in intakes(window) if "本人確認書類" in d.email_notice.text())
    save_as_disclosure(qtbot, dialog)
    wait_ops(qtbot)
    with desk.context.db.session() as session:
        kept = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        assert [a.media_type for a in kept] == ["message/rfc822", "application/pdf"]
        contact = session.get(Contact, kept[0].contact_id)
        assert contact is not None and contact.summary == BODY


def test_dropping_on_an_empty_intake_fills_it_and_passes_the_rest_on(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(dialog)
    dialog.show()
    first, second = files(tmp_path, html=emails.html_only(), plain=emails.plain())
    with qtbot.waitSignal(dialog.emails_dropped) as passed:
        # Dropped over a text field, which would otherwise take the file's address as text.
        drop(dialog.summary_edit, first, second)
    assert passed.args == [[second]]
    wait_ops(qtbot)
    assert dialog.channel_combo.value() is Channel.EMAIL
    assert dialog.summary_edit.text().startswith(SUBJECT)
    assert "お世話になっております。" in dialog.note_edit.toPlainText()
    assert "<p>" not in dialog.note_edit.toPlainText()
    assert "HTML" in dialog.email_notice.text()
    # A dialog that holds an email passes further drops on.
    with qtbot.waitSignal(dialog.emails_dropped) as passed:
        drop(dialog, first)
    assert passed.args == [[first]]


def test_a_masked_number_is_said_and_the_senders_earlier_case_offered(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    earlier = CaseService(desk.context, desk.users["staff"]).intake_email(emails.plain()).case
    window = open_window(qtbot, desk)
    (path,) = files(
        tmp_path,
        numbered=emails.plain(
            sender=f"別の名前 <{ADDRESS}>", body=f"番号は{emails.MY_NUMBER}です。"
        ),
    )
    drop(window, path)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: len(intakes(window)) == 1)
    dialog = intakes(window)[0]
    assert "My Number" in dialog.email_notice.text()
    assert not contains_individual_number(dialog.note_edit.toPlainText())
    assert "＊" in dialog.note_edit.toPlainText()
    qtbot.waitUntil(lambda: dialog.similar_table.rowCount() == 1, timeout=10_000)
    assert earlier.reference in dialog.similar_table.item(0, 0).text() + "".join(
        dialog.similar_table.item(0, c).text()
        for c in range(dialog.similar_table.columnCount())
        if dialog.similar_table.item(0, c)
    )


def test_import_email_is_in_the_file_menu_with_its_key(qtbot: QtBot, desk: Desk) -> None:
    window: MainWindow = open_window(qtbot, desk)
    action = window.actions_by_name["import_email"]
    assert action.shortcut().toString() == "Ctrl+Shift+I"
    assert action.isEnabled()
    file_menu = window.menuBar().actions()[0].menu()
    assert action in file_menu.actions()
    clashes = [
        a.objectName()
        for a in window.actions_by_name.values()
        if a is not action and a.shortcut().toString() == "Ctrl+Shift+I"
    ]
    assert clashes == []
    admin = open_window(qtbot, desk, "admin")
    assert not admin.actions_by_name["import_email"].isEnabled()


def test_import_email_opens_the_chosen_files(
    qtbot: QtBot, desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, desk)
    chosen = files(
        tmp_path, euc=emails.legacy("EUC-JP", "euc_jp"), jis=emails.plain(charset="iso-2022-jp")
    )
    monkeypatch.setattr(
        QFileDialog,
        "getOpenFileNames",
        staticmethod(lambda *args, **kw: ([str(p) for p in chosen], "")),
    )
    qtbot.keyClick(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: len(intakes(window)) == 2)
    assert {d.summary_edit.text().split(" — ")[0] for d in intakes(window)} == {SUBJECT}
    assert refusals(window) == []


def test_a_drop_over_a_text_field_of_the_window_opens_an_intake_not_text(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    window = open_window(qtbot, desk)
    search = window.filter_bar.search_edit
    (path,) = files(tmp_path, plain=emails.plain())
    drop(search, path)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: len(intakes(window)) == 1)
    assert search.text() == ""


def test_a_draft_of_an_email_intake_brings_the_email_back(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    """Closed mid-intake (log-out, quit): the draft keeps the original email, and the restored
    intake saves it with its attachment as if it had never been closed."""
    [path] = files(
        tmp_path,
        with_pdf=emails.with_attachments(("本人確認書類.pdf", "application/pdf", b"%PDF-1.4")),
    )
    first = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(first)
    first.show()
    drop(first.summary_edit, path)
    wait_ops(qtbot)
    assert first.holds_email()
    first.note_edit.setPlainText(BODY + "\n折り返し電話を希望。")  # typed on top of the email
    first.keep_as_draft()  # as at log-out: the draft is written
    store = DraftStore("intake", "sato")
    draft = store.load()
    assert draft is not None and set(draft.files) == {"email"}

    second = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(second)
    second.show()
    assert second.draft_banner.isVisible() and not second.holds_email()
    qtbot.mouseClick(second.restore_button, Qt.MouseButton.LeftButton)
    assert second.holds_email()
    assert second.note_edit.toPlainText().endswith("折り返し電話を希望。")  # typed text stays
    assert "本人確認書類.pdf" in second.email_notice.text()
    assert second.email_notice.isVisible()
    save_as_disclosure(qtbot, second)
    wait_ops(qtbot)
    with desk.context.db.session() as session:
        kept = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        assert [a.media_type for a in kept] == ["message/rfc822", "application/pdf"]
        assert kept[0].content == path.read_bytes()
        assert kept[1].file_name == "本人確認書類.pdf"
    assert not store.exists()
