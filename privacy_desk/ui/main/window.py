"""The main window: queues on the left; in the centre the case table and the open cases as tabs.

Menus, toolbar and status bar in the usual places (built from the table in actions.py), the
supervisor's dashboard strip, and the idle lock. What the window does with queues is in
queues.py, with cases in cases.py; this module builds it and keeps its layout between starts.
"""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import CaseStatus, Channel, DeadlineState, Queue, UserRole
from privacy_desk.i18n import N_, _, label, ngettext, translation
from privacy_desk.i18n import language as screen_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.settings import OfficeSettings
from privacy_desk.services.users import DeskStart
from privacy_desk.storage.db import database_kind, describe_url
from privacy_desk.ui import preferences
from privacy_desk.ui.case import CaseWorkspace
from privacy_desk.ui.dialogs import fit_to_screen, keep_on_screen
from privacy_desk.ui.intake.email_import import EmailDrops
from privacy_desk.ui.intake.scans import InboxWatch
from privacy_desk.ui.intake.waiting import (
    ask_about_half_typed_intakes,
    half_typed_intakes,
    offer_waiting_drafts,
)
from privacy_desk.ui.lock import IdleLock
from privacy_desk.ui.login import LANGUAGE_NAMES
from privacy_desk.ui.main.actions import INTAKE_ACTIONS, make_actions, make_menus, make_toolbar
from privacy_desk.ui.main.cases import CaseTabs
from privacy_desk.ui.main.columns import install_column_menu
from privacy_desk.ui.main.dashboard import Dashboard
from privacy_desk.ui.main.dashboard_page import DashboardPage, DrillBar
from privacy_desk.ui.main.dialogs import ShortcutsDialog, ask_save_or_discard
from privacy_desk.ui.main.filter_bar import FilterBar
from privacy_desk.ui.main.inbox_queue import InboxQueue
from privacy_desk.ui.main.queue_model import COLUMN_INDEX, COLUMNS, PAGE_SIZE, CaseTableModel
from privacy_desk.ui.main.queues import COUNTS_INTERVAL_MS, QueueView
from privacy_desk.ui.main.saved_filters import SavedFilterView, SaveFilterDialog
from privacy_desk.ui.ops import alive

LANGUAGE_CHOSEN = N_("The screen language will be {language} from the next start.")
# Sample texts that size the columns on first start (later the user's widths are kept).
COLUMN_SAMPLES: dict[str, tuple[str, ...]] = {
    "reference": ("PD-2026-000000",),
    "kinds": ("Disclosure, Complaint", "開示、苦情"),
    "requester": ("佐々木 悠真",),
    "channel": tuple(c.en for c in Channel) + tuple(c.ja for c in Channel),
    "status": tuple(s.en for s in CaseStatus) + tuple(s.ja for s in CaseStatus),
    "owner": ("佐々木 悠真", "Unassigned"),
    "received": ("2026-11-24 10:05",),
    "days_left": ("-10",),
    "due": ("2026-11-24",),
    "legal_line": ("2026-11-24",),
    "legal_state": ("Passed 10 days ago", "Legal line today", "10日経過", "本日が提訴可能日"),
    "state": tuple(d.en for d in DeadlineState)
    + tuple(d.ja for d in DeadlineState)
    + ("Legal line passed", "提訴可能日経過"),
}


class MainWindow(QueueView, SavedFilterView, InboxQueue, CaseTabs, QMainWindow):
    """The window staff and supervisors work in all day."""

    case_opened = Signal(int)
    logged_out = Signal()
    """Someone else logged the user out at the lock screen; the window closes itself next."""

    def __init__(
        self,
        context: Context,
        actor: Actor,
        start: DeskStart,
        parent: QWidget | None = None,
        *,
        idle_lock_ms: int | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.context = context
        self.actor = actor
        # Read before the window is built (services.users.desk_start, off the GUI thread).
        self.office_settings = start.settings
        self.users = start.users
        self._user_ids = {u.name: u.id for u in self.users}
        self.counts: dict[Queue, int] | None = None
        self._figure_ids: tuple[int, ...] | None = None
        self._counts_running = False
        self._pending_selection: tuple[list[int], int | None] | None = None
        self._closing = False
        self.saved_filters = {}
        self.applied_filter = None
        self.save_filter_dialog: SaveFilterDialog | None = None
        self.demo = start.demo
        title = _("{app} — {name} ({role})").format(
            app=_("Privacy Desk"), name=actor.name or actor.login, role=label(actor.role)
        )
        if self.demo:
            # Never mistaken for the office's own database, whatever the screen language.
            title = _("{title} — {demo}").format(title=title, demo="見本 / " + _("DEMO database"))
        self.setWindowTitle(title)

        # Widgets
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setAccessibleName(_("Cases"))
        self.model = CaseTableModel(
            context, actor, page_size=page_size, parent=self, owner=self.table
        )
        self.queue_list = QListWidget()
        self.queue_list.setObjectName("queue_list")
        self.queue_list.setAccessibleName(_("Queues"))
        for queue in Queue:
            item = QListWidgetItem(label(queue))
            item.setData(Qt.ItemDataRole.UserRole, queue.value)
            self.queue_list.addItem(item)
        if not self._may(Action.APPROVE):  # staff and administrators approve nothing
            self.queue_list.item(list(Queue).index(Queue.AWAITING_APPROVAL)).setHidden(True)
        self.queue_list.setMinimumWidth(150)
        self.queue_list.setSpacing(2)
        self.queue_list.setStyleSheet("QListWidget#queue_list::item { padding: 3px 6px; }")
        self.dashboard = Dashboard() if actor.role is UserRole.SUPERVISOR else None
        self.filter_bar = FilterBar(self.users, start.offices)
        self.drill_bar = DrillBar()
        # The first page already shows the office the desk begins with (staff: their own).
        self.model.filters = self.filter_bar.filters()
        self.table.setModel(self.model)
        self._set_up_table()
        # The queue page is the first tab; every open case is a further tab. A case gets the
        # whole width that way, and its scroll area keeps a wide case from widening the window.
        self.case_tabs = QTabWidget()
        self.case_tabs.setObjectName("case_tabs")
        self.case_tabs.setTabsClosable(True)
        self.case_tabs.setDocumentMode(True)
        self._workspaces = {}  # scroll area -> CaseWorkspace (typed in CaseTabs)
        self.empty_label = QLabel()
        self.empty_label.setObjectName("empty_label")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #6c757d; padding: 12px;")
        self.empty_label.hide()

        self.queue_page = QWidget()
        self.queue_page.setObjectName("queue_page")
        centre_layout = QVBoxLayout(self.queue_page)
        centre_layout.setContentsMargins(4, 4, 4, 0)
        if self.dashboard is not None:
            centre_layout.addWidget(self.dashboard)
        centre_layout.addWidget(self.filter_bar)
        centre_layout.addWidget(self.drill_bar)
        centre_layout.addWidget(self.table, 1)
        centre_layout.addWidget(self.empty_label)
        # The queue tab shows the case table, or the page of the Inbox entry (inbox_queue.py).
        self.queue_stack = QStackedWidget()
        self.queue_stack.setObjectName("queue_stack")
        self.queue_stack.addWidget(self.queue_page)
        self._build_inbox_entry()
        self.case_tabs.addTab(self.queue_stack, _("Queue"))
        self.case_tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.case_tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.LeftSide, None)
        # The dashboard: the second tab, for those who read the office's figures.
        self.dashboard_page: DashboardPage | None = None
        if self._may(Action.VIEW_REPORTS) and start.offices is not None:
            self.dashboard_page = DashboardPage(context, actor, start.offices)
            self.case_tabs.addTab(self.dashboard_page, _("Dashboard"))
            for side in (QTabBar.ButtonPosition.RightSide, QTabBar.ButtonPosition.LeftSide):
                self.case_tabs.tabBar().setTabButton(1, side, None)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.queue_list)
        self.splitter.addWidget(self.case_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.setCentralWidget(self.splitter)

        self.rows_label = QLabel()
        self.rows_label.setObjectName("rows_label")
        self.user_label = QLabel(f"{actor.name or actor.login} ({label(actor.role)})")
        # The office and which database, never a file path or a server's address.
        kind = database_kind(context.db.url)
        view = start.offices
        office = next((o for o in view.offices if o.code == view.default), None) if view else None
        self.db_label = QLabel()
        self.db_label.setObjectName("db_label")
        self.db_label.setText(
            _("{office} · {database}").format(office=office.name(screen_language()), database=kind)
            if office is not None
            else kind
        )
        self.db_label.setToolTip(_("Office and database: {database}").format(database=kind))
        for widget in (self.rows_label, self.user_label, self.db_label):
            widget.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(widget)
        if self.demo:
            # Also where a full-screen window has no title bar.
            demo_label = QLabel("見本 / " + _("DEMO database"))
            demo_label.setObjectName("demo_label")
            demo_label.setStyleSheet(
                "color: #664d03; background: #fff3cd; padding: 1px 8px; font-weight: bold;"
            )
            self.statusBar().addPermanentWidget(demo_label)

        self.actions_by_name: dict[str, QAction] = make_actions(self)
        make_menus(self, self.actions_by_name, actor.role)
        self.toolbar = make_toolbar(self, self.actions_by_name)
        if not self._may(Action.APPROVE):
            self.actions_by_name[f"queue_{Queue.AWAITING_APPROVAL.value}"].setVisible(False)
        self.actions_by_name["dashboard"].setVisible(self.dashboard_page is not None)

        # Connections
        self.queue_list.currentRowChanged.connect(self._on_queue_list_current_row_changed)
        self.queue_list.itemClicked.connect(self._on_queue_list_item_clicked)
        # Rows after the queues: the Inbox and the saved filters, with their context menu.
        self.queue_list.currentRowChanged.connect(self._on_queue_list_entry_changed)
        self.queue_list.itemClicked.connect(self._on_queue_list_entry_clicked)
        self.queue_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.queue_list.customContextMenuRequested.connect(
            self._on_queue_list_context_menu_requested
        )
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
        self.filter_bar.filter_changed.connect(self._on_filter_bar_changed_after_saved)
        self.filter_bar.save_requested.connect(self.open_save_filter)
        self.table.activated.connect(self._on_table_activated)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu_requested)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.load_failed.connect(self._on_model_load_failed)
        self.model.modelAboutToBeReset.connect(self._on_model_about_to_be_reset)
        self.case_tabs.tabCloseRequested.connect(self._on_case_tabs_tab_close_requested)
        self.case_tabs.currentChanged.connect(self._on_case_tabs_current_changed)
        if self.dashboard is not None:
            self.dashboard.queue_requested.connect(self.show_queue)
            self.dashboard.legal_line_requested.connect(self._on_dashboard_legal_line_requested)
            self.dashboard.owner_requested.connect(self._on_dashboard_owner_requested)
        if self.dashboard_page is not None:
            self.dashboard_page.figure_requested.connect(self.open_figure)
        self.drill_bar.cleared.connect(self.clear_figure)
        # Saved emails dropped anywhere on the window open one pre-filled intake each.
        self.email_drops = EmailDrops(self, self.open_email_intakes)
        # The watched fax folder (setting inbox_folder), polled in the background.
        self.inbox_watch = InboxWatch(self, context, actor)
        self.inbox_watch.passed.connect(self._on_inbox_passed)
        self.inbox_watch.passed.connect(self._on_inbox_watch_passed)
        self.inbox_watch.failed.connect(lambda why: self.statusBar().showMessage(why, 60_000))
        self.counts_timer = QTimer(self)
        self.counts_timer.setInterval(COUNTS_INTERVAL_MS)
        self.counts_timer.timeout.connect(self.refresh_counts)

        # Load
        self._restore_state()
        self.model.reload()
        self.refresh_counts(with_list=False)
        self.counts_timer.start()
        if self._may(Action.INBOX_IMPORT):
            self.inbox_watch.start()
        self._update_actions()
        if self.dashboard_page is not None:  # the supervisor's start page
            self.dashboard_page.reload()
            self.case_tabs.setCurrentWidget(self.dashboard_page)
        if idle_lock_ms is None:
            idle_lock_ms = self.office_settings.idle_lock_minutes * 60_000
        self.idle_lock = IdleLock(
            context,
            actor,
            self,
            interval_ms=idle_lock_ms,
            unsaved_cases=lambda: sum(w.has_unsaved_changes() for w in self.workspaces()),
        )
        self.idle_lock.log_out_requested.connect(self._on_idle_lock_log_out_requested)
        QTimer.singleShot(0, self._tell_taken_cases)
        QTimer.singleShot(0, self._offer_waiting_drafts)

    # ------------------------------------------------------------------ building

    def _set_up_table(self) -> None:
        table = self.table
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)  # Tab leaves the list; the arrow keys move in it
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        metrics = table.fontMetrics()
        for key, samples in COLUMN_SAMPLES.items():
            index = COLUMN_INDEX[key]
            title = str(self.model.headerData(index, Qt.Orientation.Horizontal))
            # Room for the cell margins and, in the header, the sort arrow.
            widest = max(
                max(metrics.horizontalAdvance(text) for text in samples) + 16,
                metrics.horizontalAdvance(title) + 30,
            )
            header.resizeSection(index, min(widest, 260))
        header.setSortIndicator(COLUMN_INDEX["due"], Qt.SortOrder.AscendingOrder)
        # The spare width goes to the Kind column (several kinds are long), not to the last one.
        header.setStretchLastSection(False)
        self._kind_width = header.sectionSize(COLUMN_INDEX["kinds"])
        header.sectionResized.connect(self._on_header_section_resized)
        install_column_menu(header)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._give_spare_width_to_kind()
        return super().eventFilter(watched, event)

    def _on_header_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index != COLUMN_INDEX["kinds"]:
            self._give_spare_width_to_kind()

    def _give_spare_width_to_kind(self) -> None:
        header = self.table.horizontalHeader()
        kinds = COLUMN_INDEX["kinds"]
        others = sum(
            header.sectionSize(i)
            for i in range(header.count())
            if i != kinds and not header.isSectionHidden(i)
        )
        spare = self.table.viewport().width() - others
        header.resizeSection(kinds, max(self._kind_width, spare))

    # ------------------------------------------------------------------ state

    def _restore_state(self) -> None:
        geometry = preferences.WINDOW_GEOMETRY.read()
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)
        else:
            fit_to_screen(self, 1400, 900)
        state = preferences.WINDOW_STATE.read()
        if state is not None:
            self.restoreState(state)
        splitter = preferences.SPLITTER_STATE.read()
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([190, 1210])
        header_state = preferences.HEADER_STATE.read()
        header = self.table.horizontalHeader()
        if header_state is not None and not header.restoreState(header_state):
            header.setSortIndicator(COLUMN_INDEX["due"], Qt.SortOrder.AscendingOrder)
        if not 0 <= header.sortIndicatorSection() < len(COLUMNS):
            header.setSortIndicator(COLUMN_INDEX["due"], Qt.SortOrder.AscendingOrder)
        self.model.sort_key = COLUMNS[header.sortIndicatorSection()].sort
        self.model.descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.table.setSortingEnabled(True)
        try:
            queue = Queue(preferences.LAST_QUEUE.read())
        except ValueError:
            queue = Queue.ALL_OPEN
        if queue is Queue.AWAITING_APPROVAL and not self._may(Action.APPROVE):
            queue = Queue.ALL_OPEN
        self.model.queue = queue
        self.queue_list.blockSignals(True)
        self.queue_list.setCurrentRow(list(Queue).index(queue))
        self.queue_list.blockSignals(False)

    def save_state(self) -> None:
        preferences.WINDOW_GEOMETRY.write(self.saveGeometry())
        preferences.WINDOW_STATE.write(self.saveState())
        preferences.SPLITTER_STATE.write(self.splitter.saveState())
        preferences.HEADER_STATE.write(self.table.horizontalHeader().saveState())
        preferences.LAST_QUEUE.write(self.model.queue.value)

    # Set once the user said to close without saving (or everything was saved).
    _close_anyway = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """Close, or first ask about unsaved cases: the answer (and any saving) arrives later,
        so the event is ignored and the window closes itself again once it may."""
        intakes = half_typed_intakes(self)
        if intakes:
            # Save draft or Discard closes them, then the window tries again; Cancel stays.
            event.ignore()
            ask_about_half_typed_intakes(self, intakes, self.close)
            return
        unsaved = [w for w in self.workspaces() if w.has_unsaved_changes()]
        if unsaved and not self._close_anyway:
            event.ignore()
            self._ask_before_closing(unsaved)
            return
        self._closing = True
        self.save_state()
        self.counts_timer.stop()
        self.inbox_watch.timer.stop()
        self.idle_lock.stop()
        super().closeEvent(event)

    def _on_idle_lock_log_out_requested(self) -> None:
        """Someone else at the locked desk: intakes being typed become drafts (offered to their
        author at the next log-in), the window closes, and the log-in dialog takes its place."""
        for intake in half_typed_intakes(self):
            intake.keep_as_draft()
        self._close_anyway = True
        self.logged_out.emit()
        self.close()

    def _offer_waiting_drafts(self) -> None:
        """Intakes left unsaved by an earlier session are offered now, not at the next intake."""
        if self._closing or not self._may(Action.INTAKE):
            return
        offer_waiting_drafts(self, self.actor.login, self.open_intake)

    def _ask_before_closing(self, unsaved: list[CaseWorkspace]) -> None:
        def discard() -> None:
            self._close_anyway = True
            self.close()

        ask_save_or_discard(
            self,
            "unsaved_cases_box",
            ngettext(
                "{n} open case has unsaved changes. Save it before closing?",
                "{n} open cases have unsaved changes. Save them before closing?",
                len(unsaved),
            ).format(n=len(unsaved)),
            _("Save all"),
            lambda: self._save_then_close(unsaved),
            discard,
        )

    def _save_then_close(self, unsaved: list[CaseWorkspace]) -> None:
        """Save every case; close once all answered and all was saved, else stay open to show
        what was refused."""
        outcomes: list[bool] = []

        def answered(ok: bool) -> None:
            outcomes.append(ok)
            if len(outcomes) < len(unsaved) or not all(outcomes):
                return
            if not any(w.has_unsaved_changes() for w in unsaved if alive(w)):
                self.close()

        for workspace in unsaved:
            workspace.save(answered)

    # ------------------------------------------------------------------ queues and table

    def _may(self, action: Action) -> bool:
        return self.actor.role in PERMISSIONS[action]

    def _update_actions(self) -> None:
        a = self.actions_by_name
        has_row = self.current_row() is not None
        for spec in INTAKE_ACTIONS:
            a[spec.name].setEnabled(self._may(Action.INTAKE))
        a["import_email"].setEnabled(self._may(Action.INTAKE))
        a["fax_inbox"].setEnabled(self._may(Action.INTAKE))
        a["assign"].setEnabled(self._may(Action.ASSIGN) and bool(self.selected_rows()))
        a["batch_letters"].setEnabled(self._may(Action.ISSUE_LETTER) and bool(self.selected_rows()))
        a["letter_templates"].setEnabled(self._may(Action.MANAGE_SETTINGS))
        a["users"].setEnabled(self._may(Action.MANAGE_USERS))
        a["office_settings"].setEnabled(self._may(Action.MANAGE_SETTINGS))
        a["retention"].setEnabled(self._may(Action.RETENTION))
        a["calendar"].setEnabled(self._may(Action.MANAGE_CALENDAR))
        a["safekeeping"].setEnabled(self._may(Action.BACKUP))
        a["reports"].setEnabled(self._may(Action.VIEW_REPORTS))
        a["take"].setEnabled(self._may(Action.TAKE) and (has_row or self._workspace() is not None))
        a["open_case"].setEnabled(has_row)
        masking = self.office_settings.mask_names_in_lists
        a["reveal_name"].setEnabled(masking and has_row)
        a["save"].setEnabled(self._workspace() is not None)
        a["close_case"].setEnabled(self._workspace() is not None)

    def choose_language(self, code: str) -> None:
        preferences.LANGUAGE.write(code)
        preferences.USER_LANGUAGE.write(code, login=self.actor.login)
        """Remember the language for this user (and desk); it applies from the next start."""
        # Said in the language chosen, which the person can surely read.
        name = dict(LANGUAGE_NAMES).get(code, code)
        message = translation(code).gettext(LANGUAGE_CHOSEN).format(language=name)
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(self)
        box.setObjectName("language_box")
        box.setWindowTitle(_("Language"))
        box.setText(message)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_change_password(self) -> None:
        from privacy_desk.ui.password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.password_changed.connect(
            lambda _actor: self.statusBar().showMessage(_("Your password was changed."), 10_000)
        )
        self.change_password_dialog = dialog
        dialog.open()

    def open_users(self) -> None:
        if not self._may(Action.MANAGE_USERS):
            return
        from privacy_desk.ui.admin.users import UsersDialog

        dialog = UsersDialog(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.users_dialog = dialog
        dialog.open()

    def open_settings(self) -> None:
        if not self._may(Action.MANAGE_SETTINGS):
            return
        from privacy_desk.ui.admin.settings import SettingsDialog

        dialog = SettingsDialog(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settings_saved.connect(self.use_office_settings)
        self.settings_dialog = dialog
        dialog.open()

    def use_office_settings(self, settings: OfficeSettings) -> None:
        """The office settings as an administrator just saved them: the idle lock, masking."""
        self.office_settings = settings
        self.idle_lock.set_interval(settings.idle_lock_minutes * 60_000)
        self._update_actions()
        self.refresh()

    def open_safekeeping(self) -> None:
        if not self._may(Action.BACKUP):
            return
        from privacy_desk.ui.admin import SafekeepingDialog

        dialog = SafekeepingDialog(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.safekeeping_dialog = dialog
        dialog.open()

    def open_reports(self) -> None:
        if not self._may(Action.VIEW_REPORTS):
            return
        from privacy_desk.ui.reports import ReportsWindow

        window = ReportsWindow(self.context, self.actor, self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.reports_window = window
        window.show()

    def show_dashboard(self) -> None:
        """View › Dashboard: the figures in front, the first of them focused."""
        page = self.dashboard_page
        if page is None:
            return
        self.case_tabs.setCurrentWidget(page)
        if page.buttons:
            next(iter(page.buttons.values())).setFocus()
        else:
            page.office_combo.setFocus()

    def show_about(self) -> None:
        try:
            version = metadata.version("privacy-desk")
        except metadata.PackageNotFoundError:
            version = "?"
        QMessageBox.about(
            self,
            _("About Privacy Desk"),
            _(
                "Privacy Desk {version}\n\nA privacy office's desk for requests about "
                "personal information: intake, identity, deadlines, decisions and letters.\n\n"
                "Database: {database}"
            ).format(version=version, database=describe_url(self.context.db.url)),
        )

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
