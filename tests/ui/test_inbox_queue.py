"""The fax inbox as a queue of the main window (issue 13): the "Inbox" entry with its count,
its faxes (name, pages, arrival) shown in the main area in place of the case table, opened as a
fax intake from there, File › Fax inbox choosing it, and the count following the watched folder."""

from __future__ import annotations

import os
import time
from pathlib import Path

from privacy_desk.domain.vocabulary import Channel, Queue
from privacy_desk.services.inbox import InboxService
from privacy_desk.services.users import AdminService
from privacy_desk.ui.intake import IntakeDialog
from privacy_desk.ui.main import MainWindow
from tests.services import scans
from tests.ui.conftest import Desk, click, wait_ops
from tests.ui.test_main_window import open_window, reload_and_settle


def inbox_text(window: MainWindow) -> str:
    row = window.inbox_row()
    assert row is not None
    return window.queue_list.item(row).text()


def test_the_inbox_entry_shows_its_faxes_in_the_main_area(qtbot, make_desk) -> None:
    desk: Desk = make_desk()
    inbox = InboxService(desk.context, desk.users["staff"])
    inbox.import_file("fax-0901.pdf", scans.pdf(2, text="FAX 1"))
    inbox.import_file("fax-0902.tif", scans.tiff(3))
    window = open_window(qtbot, desk, "staff")
    wait_ops(qtbot)
    assert window.inbox_row() == len(Queue)
    assert inbox_text(window) == "Inbox (2)"
    assert window.queue_stack.currentWidget() is window.queue_page

    window.queue_list.setCurrentRow(len(Queue))
    wait_ops(qtbot)
    panel = window.inbox_panel
    assert panel is not None and window.queue_stack.currentWidget() is panel
    assert panel.isVisible() and not window.table.isVisible()
    assert not window.rows_label.isVisible()  # the table's count is not the inbox's
    texts = [panel.items.item(i).text() for i in range(panel.items.count())]
    assert texts[0].startswith("fax-0901.pdf (2 pages") and "arrived 2026-11-24" in texts[0]
    assert texts[1].startswith("fax-0902.tif (3 pages")
    assert panel.heading.text() == "2 faxes are waiting to become cases."

    # The same action as the dialog's: open the chosen fax as a new fax intake.
    panel.items.setCurrentRow(1)
    click(qtbot, panel.open_button)
    qtbot.waitUntil(lambda: bool(window.findChildren(IntakeDialog)), timeout=10_000)
    (dialog,) = window.findChildren(IntakeDialog)
    assert dialog.channel_combo.value() is Channel.FAX
    assert dialog.scan_list.names() == ("fax-0902.tif",)
    dialog.reject()

    # Back to a queue: the case table again.
    reload_and_settle(
        qtbot, window, lambda: window.queue_list.setCurrentRow(list(Queue).index(Queue.MINE))
    )
    assert window.queue_stack.currentWidget() is window.queue_page and window.table.isVisible()
    assert window.rows_label.isVisible()


def test_file_fax_inbox_chooses_the_entry(qtbot, make_desk) -> None:
    desk: Desk = make_desk()
    window = open_window(qtbot, desk, "staff")
    wait_ops(qtbot)
    assert inbox_text(window) == "Inbox (0)"
    window.actions_by_name["fax_inbox"].trigger()
    wait_ops(qtbot)
    assert window.queue_list.currentRow() == window.inbox_row()
    assert window.queue_stack.currentWidget() is window.inbox_panel
    assert window.inbox_panel is not None
    assert window.inbox_panel.heading.text().startswith("No fax is waiting")
    assert not window.inbox_panel.open_button.isEnabled()


def test_administrators_have_no_inbox_entry(qtbot, make_desk) -> None:
    window = open_window(qtbot, make_desk(), "admin")
    assert window.inbox_row() is None and window.inbox_panel is None


def test_the_count_follows_the_watched_folder(qtbot, make_desk, tmp_path: Path) -> None:
    desk: Desk = make_desk()
    folder = tmp_path / "fax"
    folder.mkdir()
    AdminService(desk.context, desk.users["admin"]).set_setting("inbox_folder", str(folder))
    window = open_window(qtbot, desk, "staff")
    qtbot.waitUntil(lambda: window.inbox_count == 0, timeout=10_000)
    wait_ops(qtbot)
    for name, content in (("a.pdf", scans.pdf(1, text="A")), ("b.png", scans.png())):
        path = folder / name
        path.write_bytes(content)
        past = time.time() - 60  # settled: not being written any more
        os.utime(path, (past, past))
    window.inbox_watch.poll()
    qtbot.waitUntil(lambda: window.inbox_count == 2, timeout=10_000)
    assert inbox_text(window) == "Inbox (2)"
    assert window.queue_list.item(window.inbox_row() or 0).font().bold()
    # Shown while more arrive: the list follows too.
    window.show_inbox()
    wait_ops(qtbot)
    panel = window.inbox_panel
    assert panel is not None and panel.items.count() == 2
    path = folder / "c.pdf"
    path.write_bytes(scans.pdf(3, text="C"))
    os.utime(path, (time.time() - 60, time.time() - 60))
    window.inbox_watch.poll()
    qtbot.waitUntil(lambda: panel.items.count() == 3, timeout=10_000)
    assert inbox_text(window) == "Inbox (3)"
