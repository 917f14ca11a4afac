"""Issue 11, the intake through a day: nothing lost, nothing mixed up.

The draft banner never takes the keyboard; a restored draft keeps its channel; closing the
main window with an intake half typed asks; drafts are offered at start; an input method's
half-composed word starts no search.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import Channel
from privacy_desk.services.users import desk_start
from privacy_desk.ui.intake import DraftStore, IntakeDialog
from privacy_desk.ui.main.window import MainWindow
from tests.ui.conftest import Desk, type_text, wait_ops

EARLIER_CALL = {
    "channel": "phone",
    "received_at": "2026-11-23T16:40:00+09:00",
    "role": "person",
    "requester": {"name": "前田 里美", "phone": "090-2222-3333"},
    "note": "Yesterday's caller",
}


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def leave_draft(content: dict[str, object] = EARLIER_CALL, slot: int = 1) -> DraftStore:
    store = DraftStore("intake", "sato", slot)
    store.save(content, saved_at=datetime(2026, 11, 23, 16, 45, tzinfo=JST))
    return store


def open_intake(qtbot: QtBot, desk: Desk, channel: Channel) -> IntakeDialog:
    dialog = IntakeDialog(desk.context, desk.users["staff"], channel)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_where_focused(qtbot: QtBot, dialog: IntakeDialog, text: str) -> None:
    """Type as a person does: every key goes to whatever has the keyboard focus."""
    for char in text:
        target = dialog.focusWidget()
        assert target is not None
        key = Qt.Key.Key_Space if char == " " else char
        qtbot.keyClick(target, key)


def test_the_draft_banner_never_takes_the_keyboard(qtbot: QtBot, desk: Desk) -> None:
    store = leave_draft()
    dialog = open_intake(qtbot, desk, Channel.FAX)
    assert dialog.draft_banner.isVisible()
    name = dialog.requester.edits["name"]
    assert dialog.focusWidget() is name
    assert dialog.restore_button.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert dialog.discard_draft_button.focusPolicy() == Qt.FocusPolicy.NoFocus

    type_where_focused(qtbot, dialog, "Ms Kato ")  # the space bar restores nothing
    assert name.text() == "Ms Kato "
    assert dialog.channel_combo.value() is Channel.FAX
    assert dialog.note_edit.toPlainText() == ""
    assert dialog.received_edit.moment().date() != datetime(2026, 11, 23).date()
    # Tab never walks into the banner either.
    for _step in range(60):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        assert dialog.focusWidget() not in (dialog.restore_button, dialog.discard_draft_button)
    # The earlier caller's draft is kept for later, untouched.
    kept = store.load()
    assert kept is not None and kept.content["note"] == "Yesterday's caller"


def test_a_restored_phone_draft_says_so_and_stays_a_phone_intake(qtbot: QtBot, desk: Desk) -> None:
    leave_draft()
    dialog = open_intake(qtbot, desk, Channel.FAX)
    banner = dialog.draft_label.text()
    assert "Phone" in banner and "Fax" in banner
    assert "2026-11-23 16:45" in banner
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.channel_combo.value() is Channel.PHONE
    assert dialog.windowTitle() == "New intake: Phone"
    assert dialog.requester.edits["name"].text() == "前田 里美"
    assert dialog.focusWidget() is dialog.requester.edits["name"]


def test_the_same_channel_is_named_too(qtbot: QtBot, desk: Desk) -> None:
    leave_draft()
    dialog = open_intake(qtbot, desk, Channel.PHONE)
    assert "(Phone)" in dialog.draft_label.text()


# -- the main window


def open_window(qtbot: QtBot, desk: Desk) -> MainWindow:
    staff = desk.users["staff"]
    window = MainWindow(desk.context, staff, desk_start(desk.context, staff))
    qtbot.addWidget(window)
    window.show()
    wait_ops(qtbot)
    return window


def answer(qtbot: QtBot, window: MainWindow, box_name: str, button_name: str) -> None:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, box_name) is not None, timeout=10_000)
    box = window.findChild(QMessageBox, box_name)
    button = box.findChild(QPushButton, button_name)
    assert button is not None, button_name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def test_closing_the_desk_with_an_intake_half_typed_asks(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    intake = window.open_intake(Channel.FAX)
    assert intake is not None
    type_text(qtbot, intake.note_edit, "Half a fax")

    window.close()
    assert window.isVisible() and intake.isVisible()  # asks first
    box = window.findChild(QMessageBox, "half_typed_intakes_box")
    assert box is not None and "half typed" in box.text()
    answer(qtbot, window, "half_typed_intakes_box", "cancel_closing")
    assert window.isVisible() and intake.isVisible()
    assert intake.note_edit.toPlainText() == "Half a fax"

    window.close()
    answer(qtbot, window, "half_typed_intakes_box", "keep_drafts")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    kept = DraftStore("intake", "sato").load()
    assert kept is not None and kept.content["note"] == "Half a fax"
    assert kept.content["channel"] == "fax"


def test_discarding_on_close_deletes_the_draft(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    intake = window.open_intake(Channel.PHONE)
    assert intake is not None
    type_text(qtbot, intake.note_edit, "Not to be kept")
    window.close()
    answer(qtbot, window, "half_typed_intakes_box", "discard_intakes")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not DraftStore("intake", "sato").exists()


def test_drafts_waiting_are_offered_at_start(qtbot: QtBot, desk: Desk) -> None:
    leave_draft()
    leave_draft({**EARLIER_CALL, "channel": "fax", "note": "A fax half typed"}, slot=2)
    window = open_window(qtbot, desk)
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "waiting_drafts_box") is not None, timeout=10_000
    )
    assert "2 intakes" in window.findChild(QMessageBox, "waiting_drafts_box").text()
    answer(qtbot, window, "waiting_drafts_box", "open_drafts")
    intakes = [d for d in window.findChildren(IntakeDialog) if d.isVisible()]
    restored = sorted((d.channel_combo.value(), d.note_edit.toPlainText()) for d in intakes)
    assert restored == [
        (Channel.FAX, "A fax half typed"),
        (Channel.PHONE, "Yesterday's caller"),
    ]
    for intake in intakes:
        assert not intake.draft_banner.isVisible()
        intake.discard_and_close()  # no draft timer may outlive the test


def test_no_offer_without_drafts(qtbot: QtBot, desk: Desk) -> None:
    window = open_window(qtbot, desk)
    qtbot.wait(50)
    assert window.findChild(QMessageBox, "waiting_drafts_box") is None


# -- an input method's half-composed word


def compose(widget: object, preedit: str = "", commit: str = "") -> None:
    event = QInputMethodEvent(preedit, [])
    if commit:
        event.setCommitString(commit)
    QApplication.sendEvent(widget, event)


def test_a_half_composed_word_starts_no_search(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_intake(qtbot, desk, Channel.PHONE)
    searched: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialog.similar_panel,
        "search",
        lambda _service, _side, name, kana, *_args, **_kwargs: searched.append((name, kana)),
    )
    name = dialog.requester.edits["name"]
    name.setFocus()
    compose(name, commit="佐藤")  # committed: the search timer starts
    compose(name, preedit="はなこ")  # composing the given name: the search must wait
    qtbot.wait(3 * 300)
    assert searched == []
    compose(name, preedit="花子")
    qtbot.wait(3 * 300)
    assert searched == []
    compose(name, commit="花子")  # committed: now it searches, with the whole name
    qtbot.waitUntil(lambda: bool(searched), timeout=10_000)
    assert searched == [("佐藤花子", "")]


def test_fields_show_what_will_be_stored_once_left(qtbot: QtBot, desk: Desk) -> None:
    dialog = open_intake(qtbot, desk, Channel.PHONE)
    edits = dialog.requester.edits
    typed = {"kana": "ｻﾄｳ ﾊﾅｺ", "postal_code": "1700013", "phone": "+81 90 1234 5678", "fax": "abc"}
    for name, text in typed.items():
        edits[name].setFocus()
        edits[name].setText(text)
        edits[name].editingFinished.emit()
    assert edits["kana"].text() == "サトウ ハナコ"
    assert edits["postal_code"].text() == "170-0013"
    assert edits["phone"].text() == "090-1234-5678"
    assert edits["fax"].text() == "abc"  # unreadable: kept as typed, saving says why


def test_restoring_by_its_shortcut(qtbot: QtBot, desk: Desk) -> None:
    leave_draft()
    dialog = open_intake(qtbot, desk, Channel.FAX)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10_000)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not dialog.draft_banner.isVisible(), timeout=10_000)  # animated click
    assert dialog.note_edit.toPlainText() == "Yesterday's caller"
    assert dialog.channel_combo.value() is Channel.PHONE
