"""The fax inbox as a queue of the main window: an "Inbox" entry in the queue list with the
count of faxes waiting, and, chosen, the inbox (InboxPanel) as a page in place of the case table.

A mixin of MainWindow like QueueView (queues.py). The count is read with the queues' counts and
again whenever the watched folder brought new files; File › Fax inbox selects the entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import Queue
from privacy_desk.i18n import _
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.inbox import FolderPass, InboxService
from privacy_desk.services.saved_filters import SavedFilterData
from privacy_desk.ui.intake.scans import InboxPanel
from privacy_desk.ui.main.saved_filters import ENTRY_ROLE, INBOX_ENTRY, SAVED_ENTRY, SAVED_ID_ROLE
from privacy_desk.ui.ops import ServiceOp

if TYPE_CHECKING:
    _Window = QMainWindow
else:
    _Window = object


class InboxQueue(_Window):
    """The Inbox entry and page, and which page a row of the queue list shows."""

    context: Context
    actor: Actor
    queue_list: QListWidget
    queue_stack: QStackedWidget
    queue_page: QWidget
    case_tabs: QTabWidget
    rows_label: QLabel
    inbox_panel: InboxPanel | None
    inbox_count: int | None
    applied_filter: SavedFilterData | None

    if TYPE_CHECKING:

        def forget_applied_filter(self) -> None: ...

        def load_saved_filters(self) -> None: ...

        def _on_saved_entry_chosen(self, filter_id: int) -> None: ...

        def open_inbox_intake(self, item_id: int) -> None: ...

    def _build_inbox_entry(self) -> None:
        """The Inbox entry after the queues and its page, for those who take in faxes."""
        self.inbox_count = None
        self.inbox_panel = None
        if self.actor.role not in PERMISSIONS[Action.INTAKE]:
            return
        item = QListWidgetItem(_("Inbox"))
        item.setData(ENTRY_ROLE, INBOX_ENTRY)
        item.setToolTip(_("Faxes the watched folder brought in, waiting to become cases"))
        self.queue_list.addItem(item)
        panel = InboxPanel(self.context, self.actor)
        panel.open_requested.connect(self.open_inbox_intake)
        panel.loaded.connect(self._show_inbox_count)
        self.queue_stack.addWidget(panel)
        self.inbox_panel = panel

    def inbox_row(self) -> int | None:
        for row in range(len(Queue), self.queue_list.count()):
            if self.queue_list.item(row).data(ENTRY_ROLE) == INBOX_ENTRY:
                return row
        return None

    def show_inbox(self) -> None:
        """Choose the Inbox entry (File › Fax inbox, Ctrl+Shift+X)."""
        row = self.inbox_row()
        if row is None:
            return
        self.case_tabs.setCurrentIndex(0)
        if self.queue_list.currentRow() != row:
            self.queue_list.setCurrentRow(row)
        else:
            self._show_inbox_page()

    def show_cases_page(self) -> None:
        self.queue_stack.setCurrentWidget(self.queue_page)
        self.rows_label.show()

    def _show_inbox_page(self) -> None:
        if self.inbox_panel is None:
            return
        self.forget_applied_filter()
        self.case_tabs.setCurrentIndex(0)
        self.queue_stack.setCurrentWidget(self.inbox_panel)
        self.rows_label.hide()  # it counts the cases of the table, not shown now
        self.inbox_panel.refresh()

    def refresh_extra_counts(self) -> None:
        """The saved filters' and the inbox's counts, with the queues' counts."""
        self.load_saved_filters()
        self.refresh_inbox_count()

    def refresh_inbox_count(self) -> None:
        if self.inbox_panel is None:
            return
        if self.queue_stack.currentWidget() is self.inbox_panel:
            self.inbox_panel.refresh()  # the list, and with it the count
            return
        context, actor = self.context, self.actor
        ServiceOp(self.queue_list, lambda: InboxService(context, actor).count_waiting()).key(
            "inbox_count"
        ).success(self._show_inbox_count).run()

    def _show_inbox_count(self, count: int) -> None:
        row = self.inbox_row()
        if row is None:
            return
        self.inbox_count = count
        item = self.queue_list.item(row)
        item.setText(f"{_('Inbox')} ({count:,})")
        font = item.font()
        font.setBold(count > 0)
        item.setFont(font)

    def _on_inbox_watch_passed(self, done: FolderPass) -> None:
        if done.imported:
            self.refresh_inbox_count()

    def _on_queue_list_entry_changed(self, row: int) -> None:
        """A row chosen: a queue shows the case table; the Inbox its page; a saved filter is
        applied (QueueView loads a queue's cases)."""
        if row < 0:
            return
        if row < len(Queue):
            self.forget_applied_filter()
            self.show_cases_page()
            return
        item = self.queue_list.item(row)
        kind = item.data(ENTRY_ROLE)
        if kind == INBOX_ENTRY:
            self._show_inbox_page()
        elif kind == SAVED_ENTRY:
            self._on_saved_entry_chosen(int(item.data(SAVED_ID_ROLE)))

    def _on_queue_list_entry_clicked(self, item: QListWidgetItem) -> None:
        """A click on the saved filter already chosen applies it again (after hand edits)."""
        if item.data(ENTRY_ROLE) != SAVED_ENTRY or item is not self.queue_list.currentItem():
            return
        filter_id = int(item.data(SAVED_ID_ROLE))
        applied = self.applied_filter
        if applied is None or applied.id != filter_id:
            self._on_saved_entry_chosen(filter_id)
