"""The queue side of the main window: the queue list with live counts, the filters, the table.

A mixin of MainWindow (window.py builds the widgets it uses): pages and counts load on the thread
pool, the selection survives a reload, and the dashboard's figures open their lists.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QTableView,
    QTabWidget,
)

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.i18n import _, label, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.dashboard import DashboardService, Figure
from privacy_desk.services.dto import CaseRow, QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.settings import OfficeSettings
from privacy_desk.ui import preferences
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.main.dashboard import Dashboard
from privacy_desk.ui.main.dashboard_page import DashboardPage, DrillBar
from privacy_desk.ui.main.filter_bar import FilterBar
from privacy_desk.ui.main.queue_model import COLUMN_INDEX, CaseTableModel
from privacy_desk.ui.ops import ServiceOp

COUNTS_INTERVAL_MS = 60_000
# The queue counts, and for a supervisor the dashboard's legal-line counts and workload.
Counts = tuple[dict[Queue, int], tuple[tuple[int, int], dict[str, int]] | None]

# The mixin is only ever mixed into MainWindow, a QMainWindow: the type checker sees it as one
# (status bar, parent of its menus and messages); at run time it stays a plain class, so the
# window's bases keep their order.
if TYPE_CHECKING:
    _Window = QMainWindow
else:
    _Window = object


class QueueView(_Window):
    """What the window does with queues, filters and the case table."""

    context: Context
    actor: Actor
    office_settings: OfficeSettings
    model: CaseTableModel
    queue_list: QListWidget
    filter_bar: FilterBar
    dashboard: Dashboard | None
    dashboard_page: DashboardPage | None
    drill_bar: DrillBar
    _figure_ids: tuple[int, ...] | None  # a dashboard figure's cases while they are shown
    table: QTableView
    case_tabs: QTabWidget
    rows_label: QLabel
    empty_label: QLabel
    counts_timer: QTimer
    counts: dict[Queue, int] | None
    _counts_running: bool
    _pending_selection: tuple[list[int], int | None] | None
    _list_with_counts: int | None = None  # the list's generation when the counts were asked for
    _list_position: tuple[int, int] | None = None  # the scroll bars' values before a reload
    _closing: bool
    _user_ids: dict[str, int]
    actions_by_name: dict[str, QAction]

    if TYPE_CHECKING:
        # Provided by CaseTabs (cases.py) and MainWindow (window.py); declared here only for the
        # type checker, so they do not shadow the real ones in the window's bases.
        def show_queue_page(self) -> None: ...

        def open_case(
            self, case_id: int, reference: str | None = None, replace: bool = False
        ) -> None: ...

        def _update_actions(self) -> None: ...

        def refresh_extra_counts(self) -> None: ...

    def clear_filters(self) -> None:
        self.filter_bar.clear()

    def show_queue(self, queue: Queue) -> None:
        """Show a queue (from the list, the View menu, Ctrl+1…8 or the dashboard)."""
        row = list(Queue).index(queue)
        self._drop_figure()
        self.show_queue_page()
        if self.queue_list.currentRow() != row:
            self.queue_list.setCurrentRow(row)  # loads through _on_queue_list_current_row_changed
        else:
            self.model.set_query(queue=queue)

    def selected_rows(self) -> list[CaseRow]:
        rows = []
        for index in self.table.selectionModel().selectedRows():
            row = self.model.row_at(index.row())
            if row is not None:
                rows.append(row)
        return rows

    def current_row(self) -> CaseRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def refresh(self) -> None:
        """Reload the shown rows (keeping selection) and the counts."""
        self._remember_selection()
        self.model.reload(keep_loaded=True)
        self.refresh_counts(with_list=False)
        if self.dashboard_page is not None:
            self.dashboard_page.mark_stale()

    def _remember_selection(self) -> None:
        current = self.current_row()
        self._pending_selection = (
            [row.id for row in self.selected_rows()],
            current.id if current else None,
        )

    def refresh_counts(self, with_list: bool = True) -> None:
        """Live counts beside the queue names (and the dashboard), on the thread pool; with_list:
        the list shown reloads too when they arrive (not when it was just reloaded itself)."""
        # A newer count supersedes a running one (the op's key drops the older answer).
        self._counts_running = True
        self._note_counts_requested(with_list)
        context, actor = self.context, self.actor
        supervisor = self.dashboard is not None
        warn_days = self.office_settings.legal_line_warning_days
        # The counts and the dashboard follow the office chosen in the filter bar.
        office = self.filter_bar.office()

        def work() -> Counts:
            service = QueueService(context, actor)
            counts = service.counts(QueueFilter(office=office))
            if not supervisor:
                return counts, None
            return counts, (
                service.legal_line_counts(warn_days, office),
                service.workload(office),
            )

        ServiceOp(self.queue_list, work).key("counts").success(self._on_counts_done).failure(
            self._on_counts_failed
        ).run()
        self.refresh_extra_counts()

    def _on_counts_done(self, result: Counts) -> None:
        if self._closing:
            return
        self._counts_running = False
        counts, extra = result
        self.counts = counts
        for row, queue in enumerate(Queue):
            item = self.queue_list.item(row)
            item.setText(f"{label(queue)} ({counts.get(queue, 0):,})")
            font = item.font()
            font.setBold(queue is Queue.OVERDUE and counts.get(queue, 0) > 0)
            item.setFont(font)
            item.setForeground(
                Qt.GlobalColor.darkRed
                if queue is Queue.OVERDUE and counts.get(queue, 0)
                else self.queue_list.palette().text()
            )
        if self.dashboard is not None and extra is not None:
            legal, workload = extra
            self.dashboard.show_figures(counts, legal, workload, self._user_ids)
        self._reload_list_with_counts()

    # ---- the list follows the counts (a count never stands over a list that says otherwise)

    def _note_counts_requested(self, with_list: bool) -> None:
        # The list reloads with these counts unless it is reloaded some other way meanwhile.
        self._list_with_counts = self.model.generation if with_list else None

    def _reload_list_with_counts(self) -> None:
        """The counts arrived: reload the rows shown as well, keeping selection and scroll."""
        generation, self._list_with_counts = self._list_with_counts, None
        if generation is None or generation != self.model.generation or self.model.is_loading:
            return
        self._remember_selection()
        bars = self.table.verticalScrollBar(), self.table.horizontalScrollBar()
        self._list_position = (bars[0].value(), bars[1].value())
        self.model.reload(keep_loaded=True)

    def _restore_list_position(self) -> None:
        position, self._list_position = self._list_position, None
        if position is not None:
            self.table.verticalScrollBar().setValue(position[0])
            self.table.horizontalScrollBar().setValue(position[1])

    def _on_counts_failed(self, exc: BaseException) -> None:
        if self._closing:
            return
        self._counts_running = False
        self.statusBar().showMessage(
            _("The counts could not be loaded: {error}").format(
                error=getattr(exc, "message", type(exc).__name__)
            ),
            10_000,
        )

    def _on_queue_list_current_row_changed(self, row: int) -> None:
        if not 0 <= row < len(Queue):
            return  # the Inbox or a saved filter (inbox_queue.py, saved_filters.py)
        queue = list(Queue)[row]
        self._drop_figure()
        self.case_tabs.setCurrentIndex(0)
        self.model.set_query(queue=queue)
        preferences.LAST_QUEUE.write(queue.value)

    def _on_queue_list_item_clicked(self, _item: QListWidgetItem) -> None:
        self.case_tabs.setCurrentIndex(0)
        if self._figure_ids is not None:  # the queue chosen again: its whole list
            self.clear_figure()

    def _on_filter_bar_filter_changed(self) -> None:
        filters = self._queue_filters()
        office_changed = filters.office != self.model.filters.office
        self.model.set_query(filters=filters)
        if office_changed:
            self.refresh_counts(with_list=False)

    def _on_dashboard_legal_line_requested(self) -> None:
        """The strip's legal line: exactly the cases it counts, by their legal line, and the
        filter line saying so (it no longer stays on silently for the next queue)."""
        context, actor, office = self.context, self.actor, self.filter_bar.office()
        ServiceOp(
            self.queue_list, lambda: DashboardService(context, actor).legal_line_cases(office)
        ).key("legal_line").success(
            lambda figure: self.open_figure(
                figure, _("Legal line passed or near"), office=office, sort_key="legal_line"
            )
        ).run()

    def _on_dashboard_owner_requested(self, user_id: int) -> None:
        self._drop_figure()
        self.case_tabs.setCurrentIndex(0)
        self.filter_bar.clear(emit=False)
        self.filter_bar.owner_combo.blockSignals(True)
        self.filter_bar.select_data(self.filter_bar.owner_combo, user_id)
        self.filter_bar.owner_combo.blockSignals(False)
        self.queue_list.blockSignals(True)
        self.queue_list.setCurrentRow(list(Queue).index(Queue.ALL_OPEN))
        self.queue_list.blockSignals(False)
        self.model.set_query(queue=Queue.ALL_OPEN, filters=self.filter_bar.filters())

    # ---- a dashboard figure's cases (dashboard_page.py), with the drill bar saying so

    def open_figure(
        self, figure: Figure, title: str, office: str | None = "", sort_key: str | None = None
    ) -> None:
        """Show exactly the cases of a dashboard figure in the All open queue, of the office the
        dashboard shows (or `office`), with "Filter: <figure> (N) — Clear" above the table."""
        if office == "":
            office = self.dashboard_page.office() if self.dashboard_page is not None else None
        self._figure_ids = figure.case_ids
        self.case_tabs.setCurrentIndex(0)
        self.filter_bar.clear(emit=False)
        self.filter_bar.office_combo.blockSignals(True)
        self.filter_bar.select_data(self.filter_bar.office_combo, office)
        self.filter_bar.office_combo.blockSignals(False)
        self.queue_list.blockSignals(True)
        self.queue_list.setCurrentRow(list(Queue).index(Queue.ALL_OPEN))
        self.queue_list.blockSignals(False)
        self.drill_bar.show_filter(title, figure.count)
        if sort_key is not None:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(COLUMN_INDEX[sort_key], Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)
        self.model.set_query(
            queue=Queue.ALL_OPEN,
            filters=self._queue_filters(),
            sort_key=sort_key,
            descending=False if sort_key is not None else None,
        )
        self.refresh_counts(with_list=False)
        self.table.setFocus()

    def clear_figure(self) -> None:
        """The drill bar's Clear: the queue's whole list again, with the filter bar's filters."""
        if self._figure_ids is None:
            return
        self._drop_figure()
        self.model.set_query(filters=self._queue_filters())

    def _drop_figure(self) -> None:
        """Forget the figure's cases (another queue was chosen); the caller loads the list."""
        if self._figure_ids is None:
            return
        self._figure_ids = None
        self.drill_bar.hide()
        self.model.filters = self._queue_filters()

    def _queue_filters(self) -> QueueFilter:
        filters = self.filter_bar.filters()
        if self._figure_ids is None:
            return filters
        return replace(filters, case_ids=self._figure_ids)

    def _on_model_about_to_be_reset(self) -> None:
        if self._pending_selection is None:
            self._remember_selection()

    def _on_model_loaded(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.rows_label.setText(
            ngettext(
                "Showing {shown:,} of {total:,} case",
                "Showing {shown:,} of {total:,} cases",
                total,
            ).format(shown=shown, total=total)
        )
        self.empty_label.setVisible(total == 0)
        if total == 0:
            self.empty_label.setText(
                _("No cases in this queue match the filters.")
                if self.filter_bar.filters() != QueueFilter(office=self.filter_bar.office())
                else _("This queue is empty.")
            )
        if self._pending_selection is not None:
            ids, current = self._pending_selection
            self._pending_selection = None
            self._select_ids(ids, current)
        if not self.table.currentIndex().isValid() and shown:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._restore_list_position()
        self._update_actions()

    def _select_ids(self, ids: list[int], current: int | None) -> None:
        selection = self.table.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        for case_id in ids:
            row = self.model.row_of(case_id)
            if row is not None:
                selection.select(self.model.index(row, 0), flags)
        if current is not None:
            row = self.model.row_of(current)
            if row is not None:
                selection.setCurrentIndex(
                    self.model.index(row, 0), selection.SelectionFlag.NoUpdate
                )

    def _on_model_load_failed(self, exc: BaseException) -> None:
        self._pending_selection = None
        show_error(self, exc)

    def _on_table_selection_changed(self, *_args: object) -> None:
        self._update_actions()

    def _on_table_activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_case(row.id, row.reference)

    def _on_table_context_menu_requested(self, position: QPoint) -> None:
        a = self.actions_by_name
        menu = QMenu(self)
        for name in ("open_case", "take", "assign", "batch_letters", "reveal_name"):
            menu.addAction(a[name])
        menu.popup(self.table.viewport().mapToGlobal(position))
