"""Saved filters in the main window, through its real widgets: saved with the dialog (the button
and Ctrl+Shift+S), listed under their heading with their counts, applied to show the same cases
as the filter they were saved from, private and shared told apart in words, renamed and deleted
from their context menu with a confirmation; a bad name refused in the dialog, nothing saved."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from privacy_desk.domain.vocabulary import Channel, Queue, RequestKind
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.saved_filters import SavedFilterService
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.main.saved_filters import (
    ENTRY_ROLE,
    HEADING_ENTRY,
    SAVED_ID_ROLE,
    SaveFilterDialog,
)
from privacy_desk.ui.ops import alive
from tests.ui.conftest import Desk, click, type_text, wait_ops
from tests.ui.test_main_window import (
    open_window,
    reload_and_settle,
    service_list,
    settle,
    shown_ids,
)


def closed(dialog: SaveFilterDialog) -> bool:
    return not alive(dialog) or not dialog.isVisible()


def saved_rows(window: MainWindow) -> dict[str, int]:
    """The saved filters' texts in the queue list, by their row."""
    return {
        window.queue_list.item(row).text(): row
        for row in range(window.queue_list.count())
        if window.queue_list.item(row).data(SAVED_ID_ROLE) is not None
    }


def save_with_dialog(qtbot, window: MainWindow, name: str, share: bool) -> SaveFilterDialog:
    click(qtbot, window.filter_bar.save_button)
    dialog = window.save_filter_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, name)
    if share:
        click(qtbot, dialog.share_check)
    click(qtbot, dialog.ok_button)
    return dialog


def test_a_filter_saved_with_the_dialog_is_listed_and_shows_the_same_cases(
    qtbot, demo_desk: Desk
) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    bar = window.filter_bar
    assert window.model.queue is Queue.ALL_OPEN
    reload_and_settle(qtbot, window, lambda: bar.select_data(bar.kind_combo, "disclosure"))
    reload_and_settle(qtbot, window, lambda: bar.select_data(bar.channel_combo, "email"))
    original = QueueFilter(kinds=(RequestKind.DISCLOSURE,), channels=(Channel.EMAIL,))
    expected = service_list(demo_desk, "staff", Queue.ALL_OPEN, original)
    assert shown_ids(window) == [r.id for r in expected.rows] and expected.total > 0

    dialog = save_with_dialog(qtbot, window, "メールの開示", share=True)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    wait_ops(qtbot)
    # Listed under its heading, with its count, shared told in words.
    assert saved_rows(window) == {f"メールの開示 ({expected.total:,})": len(Queue) + 2}
    heading = window.queue_list.item(len(Queue) + 1)
    assert heading.data(ENTRY_ROLE) == HEADING_ENTRY and heading.text() == "Saved filters"
    assert not heading.flags() & Qt.ItemFlag.ItemIsSelectable
    item = window.queue_list.item(len(Queue) + 2)
    assert item.toolTip().startswith("Shared with your office") and not item.icon().isNull()

    # Elsewhere with other filters, then the saved filter: the same cases again.
    reload_and_settle(qtbot, window, bar.clear)
    reload_and_settle(
        qtbot, window, lambda: window.queue_list.setCurrentRow(list(Queue).index(Queue.MINE))
    )
    assert window.model.total != expected.total
    reload_and_settle(qtbot, window, lambda: window.queue_list.setCurrentRow(len(Queue) + 2))
    settle(qtbot, window)
    assert window.model.queue is Queue.ALL_OPEN
    assert window.model.total == expected.total
    assert shown_ids(window) == [r.id for r in expected.rows]
    assert bar.filters().kinds == original.kinds and bar.filters().channels == original.channels
    # It says so, in words.
    assert bar.saved_label.isVisible()
    assert "メールの開示" in bar.saved_label.text() and "Shared" in bar.saved_label.text()
    assert "メールの開示" in window.statusBar().currentMessage()
    # A hand edit: the line no longer claims the saved filter.
    reload_and_settle(qtbot, window, lambda: bar.select_data(bar.channel_combo, "fax"))
    assert not bar.saved_label.isVisible()


def test_ctrl_shift_s_saves_a_private_filter_seen_by_its_owner_only(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.actions_by_name["save_filter"].trigger()
    dialog = window.save_filter_dialog
    assert dialog is not None and dialog.isVisible()
    assert window.actions_by_name["save_filter"].shortcut().toString() == "Ctrl+Shift+S"
    type_text(qtbot, dialog.name_edit, "自分だけ")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    wait_ops(qtbot)
    (text,) = saved_rows(window)
    item = window.queue_list.item(saved_rows(window)[text])
    assert text.startswith("自分だけ (") and item.toolTip().startswith("Private: only you see it")
    # A colleague of the office does not see it; a shared one of theirs is shown with its owner.
    SavedFilterService(demo_desk.context, demo_desk.users["supervisor"]).save(
        "期限間近", QueueFilter(), True, Queue.DUE_SOON
    )
    other = open_window(qtbot, demo_desk, "staff2")
    wait_ops(qtbot)
    (shared,) = saved_rows(other)
    assert shared.startswith("期限間近 (")
    tip = other.queue_list.item(saved_rows(other)[shared]).toolTip()
    assert tip.startswith("Shared with the office by 伊藤 健")


def test_a_bad_name_is_refused_in_the_dialog_and_nothing_is_saved(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    SavedFilterService(demo_desk.context, demo_desk.users["staff"]).save(
        "至急", QueueFilter(), False
    )
    for name, message in (("", "name is required"), ("至急", "already have a saved filter")):
        dialog = save_with_dialog(qtbot, window, name, share=False)
        assert dialog.isVisible()
        assert message in dialog.error.text() and dialog.error.isVisible()
        assert dialog.ok_button.isEnabled()
        dialog.reject()
    names = [f.name for f in SavedFilterService(demo_desk.context, demo_desk.users["staff"]).list()]
    assert names == ["至急"]


def test_rename_and_delete_from_the_context_menu_after_confirmation(qtbot, demo_desk: Desk) -> None:
    service = SavedFilterService(demo_desk.context, demo_desk.users["staff"])
    kept = service.save("郵送", QueueFilter(channels=(Channel.POST,)), False)
    theirs = SavedFilterService(demo_desk.context, demo_desk.users["supervisor"]).save(
        "承認待ち", QueueFilter(), True, Queue.AWAITING_APPROVAL
    )
    window = open_window(qtbot, demo_desk, "staff")
    wait_ops(qtbot)
    # The menu key (a keyboard context menu) on a chosen saved filter opens its menu.
    window.queue_list.setCurrentRow(window.saved_filter_row(kept.id) or 0)
    wait_ops(qtbot)
    viewport = window.queue_list.viewport()
    QApplication.sendEvent(
        viewport,
        QContextMenuEvent(
            QContextMenuEvent.Reason.Keyboard,
            QPoint(2, 2),
            viewport.mapToGlobal(QPoint(2, 2)),
            Qt.KeyboardModifier.NoModifier,
        ),
    )
    popped = window.findChild(QMenu, "saved_filter_menu")
    assert popped is not None and popped.actions()[1].text() == "&Rename…"
    popped.close()
    # Another's shared filter: applied, not renamed nor deleted.
    menu = window.saved_filter_menu(window.saved_filters[theirs.id])
    assert [a.isEnabled() for a in menu.actions()] == [True, False, False]
    menu = window.saved_filter_menu(window.saved_filters[kept.id])
    assert [a.text() for a in menu.actions()] == ["&Apply", "&Rename…", "&Delete…"]
    assert all(a.isEnabled() for a in menu.actions())
    menu.actions()[1].trigger()
    dialog = window.save_filter_dialog
    assert dialog is not None and dialog.name_edit.text() == "郵送"
    assert not dialog.share_check.isVisible()
    dialog.name_edit.clear()
    type_text(qtbot, dialog.name_edit, "郵送の受付")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    wait_ops(qtbot)
    assert any(text.startswith("郵送の受付 (") for text in saved_rows(window))

    # Delete asks first; Cancel keeps it.
    box = window.delete_saved_filter(kept.id)
    assert isinstance(box, QMessageBox) and "郵送の受付" in box.text()
    cancel = next(b for b in box.buttons() if b.text() == "Cancel")
    click(qtbot, cancel)
    assert {f.id for f in service.list()} == {kept.id, theirs.id}
    box = window.delete_saved_filter(kept.id)
    assert box is not None
    click(qtbot, next(b for b in box.buttons() if b.text() == "Delete"))
    wait_ops(qtbot)
    assert [f.id for f in service.list()] == [theirs.id]
    assert [text.split(" (")[0] for text in saved_rows(window)] == ["承認待ち"]
