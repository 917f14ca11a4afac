"""The main window: queues on the left; in the centre the case table and the open cases as tabs.

Menus, toolbar and status bar in the usual places, a shortcut for every frequent action, the
supervisor's dashboard strip, and the idle lock. Queue pages and counts load on the thread pool;
window geometry, splitter, columns and the last queue are kept in QSettings.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import metadata
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabBar,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import (
    RIGHTS_KINDS,
    CaseStatus,
    Channel,
    DeadlineState,
    Queue,
    RequestKind,
    UserRole,
)
from privacy_desk.i18n import N_, _, label, language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseRow, QueueFilter, UserData
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import list_users, read_settings
from privacy_desk.storage.db import describe_url
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.lock import IdleLock
from privacy_desk.ui.queue_model import COLUMN_INDEX, COLUMNS, PAGE_SIZE, CaseTableModel
from privacy_desk.ui.tasks import run_task

SETTINGS_GROUP = "main_window"
LANGUAGE_KEY = "ui/language"
COUNTS_INTERVAL_MS = 60_000
SEARCH_DEBOUNCE_MS = 300
RIGHTS_FILTER = "rights"
INTAKE_CHANNELS: tuple[tuple[Channel, str, str], ...] = (
    (Channel.PHONE, "New &phone intake…", "Ctrl+Shift+P"),
    (Channel.EMAIL, "New &email intake…", "Ctrl+Shift+E"),
    (Channel.FAX, "New &fax intake…", "Ctrl+Shift+F"),
    (Channel.POST, "New p&ost intake…", ""),
    (Channel.IN_PERSON, "New &in-person intake…", ""),
)
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
    "state": tuple(d.en for d in DeadlineState) + tuple(d.ja for d in DeadlineState),
}


class Dashboard(QFrame):
    """The supervisor's strip: what is late, what waits for them, who is overloaded."""

    queue_requested = Signal(object)  # a Queue
    legal_line_requested = Signal()
    owner_requested = Signal(int)  # a user id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#dashboard { background: #f6f7f9; }"
            "#dashboard QPushButton { padding: 4px 10px; text-align: left; }"
        )
        self.overdue_button = self._button("overdue_button", "#8a1c24")
        self.legal_button = self._button("legal_button", "#8a1c24")
        self.approval_button = self._button("approval_button", "#2f3f52")
        self.overdue_button.clicked.connect(lambda: self.queue_requested.emit(Queue.OVERDUE))
        self.approval_button.clicked.connect(
            lambda: self.queue_requested.emit(Queue.AWAITING_APPROVAL)
        )
        self.legal_button.clicked.connect(self.legal_line_requested.emit)
        self.overdue_button.setToolTip(_("Open the overdue queue"))
        self.legal_button.setToolTip(
            _("Rights requests whose requester may soon go to court (APPI Art. 39)")
        )
        self.approval_button.setToolTip(_("Open the decisions that wait for your approval"))
        self._staff_layout = QHBoxLayout()
        self._staff_layout.setSpacing(4)
        self.staff_buttons: dict[int, QPushButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.overdue_button)
        layout.addWidget(self.legal_button)
        layout.addWidget(self.approval_button)
        layout.addSpacing(12)
        self.staff_caption = QLabel(_("Open cases per person:"))
        layout.addWidget(self.staff_caption)
        layout.addLayout(self._staff_layout)
        layout.addStretch(1)
        self.show_figures({}, (0, 0), {}, {})

    def _button(self, name: str, colour: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setStyleSheet(f"QPushButton#{name} {{ border-left: 4px solid {colour}; }}")
        return button

    def show_figures(
        self,
        counts: dict[Queue, int],
        legal: tuple[int, int],
        workload: dict[str, int],
        user_ids: dict[str, int],
    ) -> None:
        overdue = counts.get(Queue.OVERDUE, 0)
        self.overdue_button.setText(_("Overdue: {n}").format(n=overdue))
        past, near = legal
        self.legal_button.setText(
            _("Legal line passed: {past} · near: {near}").format(past=past, near=near)
        )
        self.approval_button.setText(
            _("Awaiting my approval: {n}").format(n=counts.get(Queue.AWAITING_APPROVAL, 0))
        )
        for button in self.staff_buttons.values():
            self._staff_layout.removeWidget(button)
            button.deleteLater()
        self.staff_buttons.clear()
        busiest = max(workload.values(), default=0)
        for name, count in sorted(workload.items(), key=lambda item: (-item[1], item[0])):
            user_id = user_ids.get(name)
            if user_id is None:
                continue
            button = QPushButton(f"{name}: {count}")
            button.setObjectName(f"staff_button_{user_id}")
            button.setToolTip(_("Open cases owned by {name}").format(name=name))
            if count == busiest and count > 0:
                font = button.font()
                font.setBold(True)
                button.setFont(font)
            button.clicked.connect(
                lambda _checked=False, uid=user_id: self.owner_requested.emit(uid)
            )
            self._staff_layout.addWidget(button)
            self.staff_buttons[user_id] = button
        self.staff_caption.setVisible(bool(self.staff_buttons))


class FilterBar(QWidget):
    """Search box and filters of the case table; filter_changed fires (search debounced)."""

    filter_changed = Signal()

    def __init__(self, users: list[UserData], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_bar")
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(
            _("Search references, names (kanji or kana) and notes   Ctrl+F")
        )
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("kind_filter")
        self.kind_combo.addItem(_("All kinds"), None)
        self.kind_combo.addItem(_("All rights requests"), RIGHTS_FILTER)
        for kind in RequestKind:
            self.kind_combo.addItem(label(kind), kind.value)
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channel_filter")
        self.channel_combo.addItem(_("All channels"), None)
        for channel in Channel:
            self.channel_combo.addItem(label(channel), channel.value)
        self.owner_combo = QComboBox()
        self.owner_combo.setObjectName("owner_filter")
        self.owner_combo.addItem(_("Any owner"), None)
        for user in users:
            if user.active and user.role is not UserRole.ADMIN:
                self.owner_combo.addItem(user.name, user.id)
        for combo in (self.kind_combo, self.channel_combo, self.owner_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(5)
        self.from_edit = self._date_edit("received_from")
        self.to_edit = self._date_edit("received_to")
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setObjectName("clear_filters")

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.clear_button)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.kind_combo, 2)
        bottom.addWidget(self.channel_combo, 1)
        bottom.addWidget(self.owner_combo, 1)
        bottom.addWidget(QLabel(_("Received")))
        bottom.addWidget(self.from_edit)
        bottom.addWidget(QLabel("–"))
        bottom.addWidget(self.to_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.filter_changed.emit)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        for combo in (self.kind_combo, self.channel_combo, self.owner_combo):
            combo.currentIndexChanged.connect(self._on_filter_edited)
        self.from_edit.dateChanged.connect(self._on_filter_edited)
        self.to_edit.dateChanged.connect(self._on_filter_edited)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setObjectName(name)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(QDate(2000, 1, 1))
        # The minimum shows as "any date": a date edit can not be empty.
        edit.setSpecialValueText(_("any date"))
        edit.setDate(edit.minimumDate())
        edit.setToolTip(_("Received from / to (Japan time); clear with Clear filters"))
        return edit

    def filters(self) -> QueueFilter:
        kind = self.kind_combo.currentData()
        if kind == RIGHTS_FILTER:
            kinds: tuple[RequestKind, ...] = tuple(sorted(RIGHTS_KINDS))
        elif kind:
            kinds = (RequestKind(kind),)
        else:
            kinds = ()
        channel = self.channel_combo.currentData()
        return QueueFilter(
            kinds=kinds,
            channels=(Channel(channel),) if channel else (),
            owner_id=self.owner_combo.currentData(),
            received_from=self._date_of(self.from_edit),
            received_to=self._date_of(self.to_edit),
            search=self.search_edit.text().strip(),
        )

    @staticmethod
    def _date_of(edit: QDateEdit) -> date | None:
        if edit.date() == edit.minimumDate():
            return None
        return edit.date().toPython()

    def set_received(self, start: date | None, end: date | None) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.setDate(QDate(day.year, day.month, day.day) if day else edit.minimumDate())

    def select_data(self, combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def clear(self, emit: bool = True) -> None:
        widgets = (
            self.kind_combo,
            self.channel_combo,
            self.owner_combo,
            self.from_edit,
            self.to_edit,
            self.search_edit,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.kind_combo.setCurrentIndex(0)
        self.channel_combo.setCurrentIndex(0)
        self.owner_combo.setCurrentIndex(0)
        self.set_received(None, None)
        self.search_edit.clear()
        for widget in widgets:
            widget.blockSignals(False)
        self._debounce.stop()
        if emit:
            self.filter_changed.emit()

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_filter_edited(self, *_args: object) -> None:
        self.filter_changed.emit()

    def _on_clear_button_clicked(self) -> None:
        self.clear()


class AssignDialog(BaseDialog):
    """Choose who gets the selected cases (or nobody)."""

    def __init__(self, users: list[UserData], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="assign")
        self.setWindowTitle(_("Assign cases"))
        intro = QLabel(_("Assign {n} selected cases to:").format(n=count))
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("assignee")
        for user in users:
            if user.active and user.role is not UserRole.ADMIN:
                self.user_combo.addItem(f"{user.name} ({label(user.role)})", user.id)
        self.user_combo.addItem(_("Nobody (unassigned)"), None)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Assign"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.user_combo)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    @property
    def user_id(self) -> int | None:
        return self.user_combo.currentData()


class ShortcutsDialog(BaseDialog):
    """Every action that has a shortcut, as the menus show it."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent, name="shortcuts")
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = [a for a in actions if a.shortcuts()]
        table = QTableWidget(len(rows), 2)
        table.setObjectName("shortcuts_table")
        table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, action in enumerate(rows):
            name = action.text().replace("&", "").rstrip("…")
            keys = ", ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
            )
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(460, 520)


class MainWindow(QMainWindow):
    """The window staff and supervisors work in all day."""

    case_opened = Signal(int)

    def __init__(
        self,
        context: Context,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        idle_lock_ms: int | None = None,
        page_size: int = PAGE_SIZE,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.context = context
        self.actor = actor
        self.office_settings = read_settings(context)
        self.users = list_users(context)
        self._user_ids = {u.name: u.id for u in self.users}
        self.counts: dict[Queue, int] | None = None
        self._counts_running = False
        self._counts_again = False
        self._pending_selection: tuple[list[int], int | None] | None = None
        self._closing = False
        self.setWindowTitle(
            f"{_('Privacy Desk')} — {actor.name or actor.login} ({label(actor.role)})"
        )

        # Widgets
        self.model = CaseTableModel(context, actor, page_size=page_size, parent=self)
        self.queue_list = QListWidget()
        self.queue_list.setObjectName("queue_list")
        for queue in Queue:
            item = QListWidgetItem(label(queue))
            item.setData(Qt.ItemDataRole.UserRole, queue.value)
            self.queue_list.addItem(item)
        self.queue_list.setMinimumWidth(150)
        self.queue_list.setSpacing(2)
        self.queue_list.setStyleSheet("QListWidget#queue_list::item { padding: 3px 6px; }")
        self.dashboard = Dashboard() if actor.role is UserRole.SUPERVISOR else None
        self.filter_bar = FilterBar(self.users)
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setModel(self.model)
        self._set_up_table()
        # The queue page is the first tab; every open case is a further tab. A case gets the
        # whole width that way, and its scroll area keeps a wide case from widening the window.
        self.case_tabs = QTabWidget()
        self.case_tabs.setObjectName("case_tabs")
        self.case_tabs.setTabsClosable(True)
        self.case_tabs.setDocumentMode(True)
        self._workspaces: dict[QWidget, QWidget] = {}  # scroll area -> CaseWorkspace
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
        centre_layout.addWidget(self.table, 1)
        centre_layout.addWidget(self.empty_label)
        self.case_tabs.addTab(self.queue_page, _("Queue"))
        self.case_tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.case_tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.LeftSide, None)
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
        database = describe_url(context.db.url)
        self.db_label = QLabel()
        self.db_label.setObjectName("db_label")
        # A long file path would widen the whole window: show its ends, the tooltip has it all.
        self.db_label.setText(
            self.db_label.fontMetrics().elidedText(database, Qt.TextElideMode.ElideMiddle, 280)
        )
        self.db_label.setToolTip(_("Database: {database}").format(database=database))
        for widget in (self.rows_label, self.user_label, self.db_label):
            widget.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(widget)

        self.actions_by_name: dict[str, QAction] = {}
        self._make_actions()
        self._make_menus()
        self._make_toolbar()

        # Connections
        self.queue_list.currentRowChanged.connect(self._on_queue_list_current_row_changed)
        self.queue_list.itemClicked.connect(self._on_queue_list_item_clicked)
        self.filter_bar.filter_changed.connect(self._on_filter_bar_filter_changed)
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
        self.counts_timer = QTimer(self)
        self.counts_timer.setInterval(COUNTS_INTERVAL_MS)
        self.counts_timer.timeout.connect(self.refresh_counts)

        # Load
        self._restore_state()
        self.model.reload()
        self.refresh_counts()
        self.counts_timer.start()
        self._update_actions()
        self.idle_lock = IdleLock(context, actor, self, interval_ms=idle_lock_ms)
        QTimer.singleShot(0, self._tell_taken_cases)

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

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[..., Any],
        shortcuts: tuple[str | QKeySequence, ...] = (),
        tip: str = "",
    ) -> QAction:
        action = QAction(_(text), self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(_(tip))
            action.setToolTip(_(tip))
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        self.actions_by_name[name] = action
        return action

    def _make_actions(self) -> None:
        for channel, text, keys in INTAKE_CHANNELS:
            self._action(
                f"intake_{channel.value}",
                text,
                lambda _checked=False, c=channel: self.open_intake(c),
                (keys,) if keys else (),
                "Log a new contact as a case",
            )
        self._action("quit", N_("&Quit"), self.close, ("Ctrl+Q",))
        self._action(
            "save",
            N_("&Save"),
            self._on_save_triggered,
            ("Ctrl+S",),
            "Save the open edit of the current case",
        )
        self._action(
            "find",
            N_("&Find…"),
            self._on_find_triggered,
            ("Ctrl+F",),
            "Search references, names and notes",
        )
        self._action("clear_filters", N_("&Clear filters"), self.filter_bar.clear)
        self._action(
            "take",
            N_("&Take case"),
            self._on_take_triggered,
            ("Ctrl+T",),
            "Make yourself the owner of the case",
        )
        self._action(
            "assign",
            N_("&Assign to…"),
            self._on_assign_triggered,
            ("Ctrl+Shift+A",),
            "Assign the selected cases to someone (supervisors)",
        )
        self._action(
            "batch_letters",
            N_("Issue &letters for selection…"),
            self._on_batch_letters_triggered,
            ("Ctrl+Shift+L",),
            "Issue and print one letter for each selected case",
        )
        self._action(
            "letter_templates",
            N_("Letter &templates…"),
            self._on_letter_templates_triggered,
            (),
            "Edit the letter templates (administrators)",
        )
        self._action(
            "open_case",
            N_("&Open case"),
            self._on_open_case_triggered,
            (),
            "Open the selected case",
        )
        self._action(
            "next_case",
            N_("&Next case"),
            lambda: self.step_case(1),
            ("Ctrl+.", "Alt+Down"),
            "Open the next case of the list",
        )
        self._action(
            "previous_case",
            N_("&Previous case"),
            lambda: self.step_case(-1),
            ("Ctrl+,", "Alt+Up"),
            "Open the previous case of the list",
        )
        self._action(
            "reveal_name",
            N_("&Reveal name"),
            self._on_reveal_name_triggered,
            (),
            "Show the full requester name (the reveal is logged)",
        )
        self._action(
            "refresh", N_("&Refresh"), self.refresh, ("F5",), "Load the queue and counts again"
        )
        self._action(
            "close_case", N_("C&lose case tab"), self._on_close_case_triggered, ("Ctrl+W",)
        )
        self._action(
            "show_list",
            N_("Case &list"),
            self.show_queue_page,
            ("Ctrl+0",),
            "Bring the list of cases to the front",
        )
        self._action("about", N_("&About Privacy Desk"), self._on_about_triggered)
        self._action("shortcuts", N_("&Keyboard shortcuts"), self._on_shortcuts_triggered, ("F1",))
        for number, queue in enumerate(Queue, start=1):
            self._action(
                f"queue_{queue.value}",
                label(queue),
                lambda _checked=False, q=queue: self.show_queue(q),
                (f"Ctrl+{number}",),
            )
        languages = QActionGroup(self)
        for code, text in (("en", "English"), ("ja", "日本語")):
            action = QAction(text, self)
            action.setObjectName(f"language_{code}")
            action.setCheckable(True)
            action.setChecked(code == language())
            action.setActionGroup(languages)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            self.actions_by_name[f"language_{code}"] = action

    def _make_menus(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        for channel, _text, _keys in INTAKE_CHANNELS:
            file_menu.addAction(a[f"intake_{channel.value}"])
        file_menu.addSeparator()
        file_menu.addAction(a["close_case"])
        file_menu.addAction(a["quit"])
        edit_menu = bar.addMenu(_("&Edit"))
        edit_menu.addAction(a["save"])
        edit_menu.addSeparator()
        edit_menu.addAction(a["find"])
        edit_menu.addAction(a["clear_filters"])
        case_menu = bar.addMenu(_("&Case"))
        for name in ("open_case", "take", "assign", "next_case", "previous_case"):
            case_menu.addAction(a[name])
        case_menu.addSeparator()
        case_menu.addAction(a["batch_letters"])
        case_menu.addAction(a["reveal_name"])
        case_menu.addAction(a["refresh"])
        view_menu = bar.addMenu(_("&View"))
        view_menu.addAction(a["show_list"])
        queues_menu = view_menu.addMenu(_("&Queues"))
        for queue in Queue:
            queues_menu.addAction(a[f"queue_{queue.value}"])
        language_menu = view_menu.addMenu(_("&Language"))
        language_menu.addAction(a["language_en"])
        language_menu.addAction(a["language_ja"])
        if self.actor.role is UserRole.ADMIN:
            admin_menu = bar.addMenu(_("&Administration"))
            admin_menu.addAction(a["letter_templates"])
        help_menu = bar.addMenu(_("&Help"))
        help_menu.addAction(a["shortcuts"])
        help_menu.addAction(a["about"])

    def _make_toolbar(self) -> None:
        a = self.actions_by_name
        toolbar = QToolBar(_("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        short = {
            "intake_phone": N_("Phone intake"),
            "intake_email": N_("Email intake"),
            "intake_fax": N_("Fax intake"),
            "take": N_("Take"),
            "assign": N_("Assign…"),
            "save": N_("Save"),
            "previous_case": N_("Previous"),
            "next_case": N_("Next"),
            "refresh": N_("Refresh"),
        }
        for name, text in short.items():
            action = a[name]
            toolbar.addAction(action)
            # The toolbar shows the short icon text; the tooltip names the keys.
            action.setIconText(_(text))
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if keys:
                action.setToolTip(f"{action.toolTip()} ({keys})")
            if name in ("intake_fax", "save", "next_case"):
                toolbar.addSeparator()
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    # ------------------------------------------------------------------ state

    def _settings(self) -> QSettings:
        settings = QSettings()
        settings.beginGroup(SETTINGS_GROUP)
        return settings

    def _restore_state(self) -> None:
        settings = self._settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 900)
        state = settings.value("state")
        if state is not None:
            self.restoreState(state)
        splitter = settings.value("splitter")
        if splitter is None or not self.splitter.restoreState(splitter):
            self.splitter.setSizes([190, 1210])
        header_state = settings.value("header")
        header = self.table.horizontalHeader()
        if header_state is not None and not header.restoreState(header_state):
            header.setSortIndicator(COLUMN_INDEX["due"], Qt.SortOrder.AscendingOrder)
        if not 0 <= header.sortIndicatorSection() < len(COLUMNS):
            header.setSortIndicator(COLUMN_INDEX["due"], Qt.SortOrder.AscendingOrder)
        self.model.sort_key = COLUMNS[header.sortIndicatorSection()].sort
        self.model.descending = header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        self.table.setSortingEnabled(True)
        try:
            queue = Queue(str(settings.value("queue", Queue.ALL_OPEN.value)))
        except ValueError:
            queue = Queue.ALL_OPEN
        self.model.queue = queue
        self.queue_list.blockSignals(True)
        self.queue_list.setCurrentRow(list(Queue).index(queue))
        self.queue_list.blockSignals(False)
        settings.endGroup()

    def save_state(self) -> None:
        settings = self._settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("state", self.saveState())
        settings.setValue("splitter", self.splitter.saveState())
        settings.setValue("header", self.table.horizontalHeader().saveState())
        settings.setValue("queue", self.model.queue.value)
        settings.endGroup()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = [w for w in self.workspaces() if _has_unsaved(w)]
        if unsaved and not self._confirm_close(unsaved):
            event.ignore()
            return
        self._closing = True
        self.save_state()
        self.counts_timer.stop()
        self.idle_lock.stop()
        super().closeEvent(event)

    def _confirm_close(self, unsaved: list[QWidget]) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Privacy Desk"))
        box.setText(
            _("{n} open cases have unsaved changes. Save them before closing?").format(
                n=len(unsaved)
            )
        )
        save = box.addButton(_("Save all"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(_("Close without saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is discard:
            return True
        if box.clickedButton() is save:
            for workspace in unsaved:
                workspace.save()
            return not any(_has_unsaved(w) for w in unsaved)
        return False

    # ------------------------------------------------------------------ queues and table

    def _may(self, action: Action) -> bool:
        return self.actor.role in PERMISSIONS[action]

    def show_queue(self, queue: Queue) -> None:
        """Show a queue (from the list, the View menu, Ctrl+1…8 or the dashboard)."""
        row = list(Queue).index(queue)
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
        self.refresh_counts()

    def _remember_selection(self) -> None:
        current = self.current_row()
        self._pending_selection = (
            [row.id for row in self.selected_rows()],
            current.id if current else None,
        )

    def refresh_counts(self) -> None:
        """Live counts beside the queue names (and the dashboard), on the thread pool."""
        if self._counts_running:
            self._counts_again = True
            return
        self._counts_running = True
        context, actor = self.context, self.actor
        supervisor = self.dashboard is not None
        warn_days = int(self.office_settings.get("legal_line_warning_days", 3))

        def work() -> tuple[dict[Queue, int], Any]:
            service = QueueService(context, actor)
            counts = service.counts()
            if not supervisor:
                return counts, None
            return counts, (service.legal_line_counts(warn_days), service.workload())

        run_task(work, self._on_counts_done, self._on_counts_failed)

    def _on_counts_done(self, result: tuple[dict[Queue, int], Any]) -> None:
        if not shiboken6.isValid(self) or self._closing:
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
        if self._counts_again:
            self._counts_again = False
            self.refresh_counts()

    def _on_counts_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or self._closing:
            return
        self._counts_running = False
        self.statusBar().showMessage(
            _("The counts could not be loaded: {error}").format(
                error=getattr(exc, "message", type(exc).__name__)
            ),
            10_000,
        )

    def _on_queue_list_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        queue = list(Queue)[row]
        self.case_tabs.setCurrentIndex(0)
        self.model.set_query(queue=queue)
        settings = self._settings()
        settings.setValue("queue", queue.value)
        settings.endGroup()

    def _on_queue_list_item_clicked(self, _item: QListWidgetItem) -> None:
        self.case_tabs.setCurrentIndex(0)

    def _on_filter_bar_filter_changed(self) -> None:
        self.model.set_query(filters=self.filter_bar.filters())

    def _on_dashboard_legal_line_requested(self) -> None:
        self.case_tabs.setCurrentIndex(0)
        self.filter_bar.clear(emit=False)
        self.filter_bar.select_data(self.filter_bar.kind_combo, RIGHTS_FILTER)
        self.table.horizontalHeader().blockSignals(True)
        self.table.horizontalHeader().setSortIndicator(
            COLUMN_INDEX["legal_line"], Qt.SortOrder.AscendingOrder
        )
        self.table.horizontalHeader().blockSignals(False)
        self.queue_list.blockSignals(True)
        self.queue_list.setCurrentRow(list(Queue).index(Queue.ALL_OPEN))
        self.queue_list.blockSignals(False)
        self.model.set_query(
            queue=Queue.ALL_OPEN,
            filters=self.filter_bar.filters(),
            sort_key="legal_line",
            descending=False,
        )

    def _on_dashboard_owner_requested(self, user_id: int) -> None:
        self.case_tabs.setCurrentIndex(0)
        self.filter_bar.clear(emit=False)
        self.filter_bar.owner_combo.blockSignals(True)
        self.filter_bar.select_data(self.filter_bar.owner_combo, user_id)
        self.filter_bar.owner_combo.blockSignals(False)
        self.queue_list.blockSignals(True)
        self.queue_list.setCurrentRow(list(Queue).index(Queue.ALL_OPEN))
        self.queue_list.blockSignals(False)
        self.model.set_query(queue=Queue.ALL_OPEN, filters=self.filter_bar.filters())

    def _on_model_about_to_be_reset(self) -> None:
        if self._pending_selection is None:
            self._remember_selection()

    def _on_model_loaded(self) -> None:
        shown, total = self.model.rowCount(), self.model.total
        self.rows_label.setText(
            _("Showing {shown:,} of {total:,} cases").format(shown=shown, total=total)
        )
        self.empty_label.setVisible(total == 0)
        if total == 0:
            self.empty_label.setText(
                _("No cases in this queue match the filters.")
                if self.filter_bar.filters() != QueueFilter()
                else _("This queue is empty.")
            )
        if self._pending_selection is not None:
            ids, current = self._pending_selection
            self._pending_selection = None
            self._select_ids(ids, current)
        if not self.table.currentIndex().isValid() and shown:
            self.table.setCurrentIndex(self.model.index(0, 0))
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

    def _update_actions(self) -> None:
        a = self.actions_by_name
        has_row = self.current_row() is not None
        for channel, _text, _keys in INTAKE_CHANNELS:
            a[f"intake_{channel.value}"].setEnabled(self._may(Action.INTAKE))
        a["assign"].setEnabled(self._may(Action.ASSIGN) and bool(self.selected_rows()))
        a["batch_letters"].setEnabled(self._may(Action.ISSUE_LETTER) and bool(self.selected_rows()))
        a["letter_templates"].setEnabled(self._may(Action.MANAGE_SETTINGS))
        a["take"].setEnabled(self._may(Action.TAKE) and (has_row or self._workspace() is not None))
        a["open_case"].setEnabled(has_row)
        masking = bool(self.office_settings.get("mask_names_in_lists"))
        a["reveal_name"].setEnabled(masking and has_row)
        a["save"].setEnabled(self._workspace() is not None)
        a["close_case"].setEnabled(self._workspace() is not None)

    def _on_table_activated(self, index: Any) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_case(row.id, row.reference)

    def _on_table_context_menu_requested(self, position: Any) -> None:
        a = self.actions_by_name
        menu = QMenu(self)
        for name in ("open_case", "take", "assign", "batch_letters", "reveal_name"):
            menu.addAction(a[name])
        menu.popup(self.table.viewport().mapToGlobal(position))

    # ------------------------------------------------------------------ cases

    def workspaces(self) -> list[QWidget]:
        """The open case workspaces, in tab order."""
        pages = (self.case_tabs.widget(i) for i in range(1, self.case_tabs.count()))
        return [self._workspaces[page] for page in pages if page in self._workspaces]

    def _workspace(self) -> QWidget | None:
        """The workspace of the case tab in front, or None when the queue is in front."""
        return self._workspaces.get(self.case_tabs.currentWidget())

    def _tab_of(self, case_id: int) -> int | None:
        for index in range(1, self.case_tabs.count()):
            workspace = self._workspaces.get(self.case_tabs.widget(index))
            if workspace is not None and workspace.property("case_id") == case_id:
                return index
        return None

    def show_queue_page(self) -> None:
        self.case_tabs.setCurrentIndex(0)
        self.table.setFocus()

    def open_case(self, case_id: int, reference: str | None = None, replace: bool = False) -> None:
        """Show the case in its own tab (replace: in place of the current, unchanged case)."""
        existing = self._tab_of(case_id)
        if existing is not None:
            self.case_tabs.setCurrentIndex(existing)
            return
        try:
            from privacy_desk.ui.case_workspace import CaseWorkspace
        except ImportError:
            self.statusBar().showMessage(_("The case view is not available in this build."), 8000)
            return
        try:
            workspace = CaseWorkspace(self.context, self.actor, case_id)
        except Exception as exc:  # a refusal or a vanished case: said, not crashed
            show_error(self, exc)
            return
        workspace.setProperty("case_id", case_id)
        workspace.case_changed.connect(self._on_workspace_case_changed)
        page = QScrollArea()
        page.setObjectName(f"case_page_{case_id}")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(workspace)
        self._workspaces[page] = workspace
        title = reference or self._reference_of(case_id)
        index = None
        current = self._workspace()
        if replace and current is not None and not _has_unsaved(current):
            index = self.case_tabs.currentIndex()
            self._remove_case_tab(index)
        if index is None:
            index = self.case_tabs.addTab(page, title)
        else:
            self.case_tabs.insertTab(index, page, title)
        self.case_tabs.setTabToolTip(index, title)
        self.case_tabs.setCurrentIndex(index)
        self._update_actions()
        self.case_opened.emit(case_id)

    def _remove_case_tab(self, index: int) -> None:
        page = self.case_tabs.widget(index)
        self.case_tabs.removeTab(index)
        self._workspaces.pop(page, None)
        page.deleteLater()

    def _reference_of(self, case_id: int) -> str:
        row = self.model.row_of(case_id)
        found = self.model.row_at(row) if row is not None else None
        return found.reference if found else f"#{case_id}"

    def step_case(self, delta: int) -> None:
        """Next (delta 1) or previous (-1) case of the list, opened in place of the current."""
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex().row()
        target = (0 if delta > 0 else rows - 1) if current < 0 else current + delta
        if target >= rows:
            if self.model.canFetchMore(self.model.index(-1, -1)):
                self.model.fetchMore(self.model.index(-1, -1))
                self.statusBar().showMessage(_("Loading more cases…"), 3000)
            return
        if target < 0:
            return
        index = self.model.index(target, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        row = self.model.row_at(target)
        if row is not None:
            self.open_case(row.id, row.reference, replace=True)

    def _on_workspace_case_changed(self, case_id: int) -> None:
        self.refresh()
        index = self._tab_of(case_id)
        if index is not None:
            self.case_tabs.setTabText(index, self._reference_of(case_id))

    def _on_case_tabs_current_changed(self, _index: int) -> None:
        self._update_actions()

    def _on_case_tabs_tab_close_requested(self, index: int) -> None:
        if index <= 0:
            return  # the queue page stays
        workspace = self._workspaces.get(self.case_tabs.widget(index))
        if workspace is None:
            return
        if _has_unsaved(workspace):
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(_("Privacy Desk"))
            box.setText(_("This case has unsaved changes. Save them before closing the tab?"))
            save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton(
                _("Close without saving"), QMessageBox.ButtonRole.DestructiveRole
            )
            box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is save:
                workspace.save()
                if _has_unsaved(workspace):
                    return
            elif box.clickedButton() is not discard:
                return
        self._remove_case_tab(index)
        self._update_actions()

    def _on_close_case_triggered(self) -> None:
        if self._workspace() is not None:
            self._on_case_tabs_tab_close_requested(self.case_tabs.currentIndex())

    def _on_open_case_triggered(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_case(row.id, row.reference)

    def _on_save_triggered(self) -> None:
        workspace = self._workspace()
        if workspace is None:
            self.statusBar().showMessage(_("No case is open."), 4000)
            return
        workspace.save()

    def _on_find_triggered(self) -> None:
        self.case_tabs.setCurrentIndex(0)
        self.filter_bar.search_edit.setFocus()
        self.filter_bar.search_edit.selectAll()

    def _on_take_triggered(self) -> None:
        workspace = self._workspace()
        if workspace is not None:
            workspace.take()
            return
        row = self.current_row()
        if row is None:
            return
        try:
            CaseService(self.context, self.actor).take(row.id, row.version)
        except Exception as exc:
            show_error(self, exc)
            return
        self.statusBar().showMessage(
            _("You took {reference}.").format(reference=row.reference), 6000
        )
        self._reload_open_cases({row.id})
        self.refresh()

    def _on_batch_letters_triggered(self) -> None:
        rows = self.selected_rows()
        if not rows or not self._may(Action.ISSUE_LETTER):
            return
        from privacy_desk.ui.letters import BatchLettersDialog

        dialog = BatchLettersDialog(self.context, self.actor, [r.id for r in rows], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.batch_finished.connect(lambda _count: self.refresh())
        self.batch_dialog = dialog
        dialog.open()

    def _on_letter_templates_triggered(self) -> None:
        if not self._may(Action.MANAGE_SETTINGS):
            return
        from privacy_desk.ui.letters import TemplatesEditor

        dialog = TemplatesEditor(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.templates_dialog = dialog
        dialog.open()

    def _on_assign_triggered(self) -> None:
        rows = self.selected_rows()
        if not rows or not self._may(Action.ASSIGN):
            return
        dialog = AssignDialog(self.users, len(rows), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.assign([r.id for r in rows], dialog.user_id))
        dialog.open()

    def assign(self, case_ids: list[int], user_id: int | None) -> int:
        """Bulk assignment by a supervisor; says how many changed."""
        try:
            changed = CaseService(self.context, self.actor).assign(case_ids, user_id)
        except Exception as exc:
            show_error(self, exc)
            return 0
        who = next((u.name for u in self.users if u.id == user_id), None)
        if who is None:
            text = _("{n} cases are now unassigned.").format(n=changed)
        else:
            text = _("{n} cases assigned to {name}.").format(n=changed, name=who)
        self.statusBar().showMessage(text, 8000)
        self._reload_open_cases(set(case_ids))
        self.refresh()
        return changed

    def _reload_open_cases(self, case_ids: set[int]) -> None:
        for workspace in self.workspaces():
            if workspace.property("case_id") in case_ids:
                workspace.reload()

    def _on_reveal_name_triggered(self) -> None:
        row = self.current_row()
        if row is None:
            return
        try:
            name = QueueService(self.context, self.actor).reveal_name(row.id)
        except Exception as exc:
            show_error(self, exc)
            return
        box = QMessageBox(self)
        box.setObjectName("reveal_box")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Requester name"))
        box.setText(
            _("Requester of {reference}: {name}").format(reference=row.reference, name=name)
        )
        box.setInformativeText(_("This reveal was recorded in the audit trail."))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_intake(self, channel: Channel) -> None:
        if not self._may(Action.INTAKE):
            return
        try:
            from privacy_desk.ui.intake import IntakeDialog
        except ImportError:
            self.statusBar().showMessage(
                _("The intake dialog is not available in this build."), 8000
            )
            return
        dialog = IntakeDialog(self.context, self.actor, channel, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_created.connect(self._on_intake_case_created)
        # Not modal: staff on the phone may look something up in the queue meanwhile.
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _on_intake_case_created(self, case_id: int) -> None:
        self.refresh()
        self.open_case(case_id)

    # ------------------------------------------------------------------ start, help, language

    def _tell_taken_cases(self) -> None:
        if self.actor.user_id is None or self.actor.role is UserRole.ADMIN:
            return
        context, actor = self.context, self.actor
        run_task(
            lambda: CaseService(context, actor).cases_taken_from_me(),
            self._on_taken_cases_loaded,
            lambda exc: None if not shiboken6.isValid(self) else show_error(self, exc),
        )

    def _on_taken_cases_loaded(self, references: list[str]) -> None:
        if not shiboken6.isValid(self) or self._closing or not references:
            return
        self.taken_cases = references
        listing = ", ".join(references[:20]) + (" …" if len(references) > 20 else "")
        self.statusBar().showMessage(
            _("Since you last looked, someone else took {n} of your cases.").format(
                n=len(references)
            ),
            30_000,
        )
        box = QMessageBox(self)
        box.setObjectName("taken_box")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Cases taken from you"))
        box.setText(_("Since you last looked, someone else took these cases of yours:"))
        box.setInformativeText(listing)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def choose_language(self, code: str) -> None:
        QSettings().setValue(LANGUAGE_KEY, code)
        message = (
            "画面の言語は次回の起動時に日本語になります。"
            if code == "ja"
            else "The screen language will be English from the next start."
        )
        self.statusBar().showMessage(message, 10_000)
        box = QMessageBox(self)
        box.setObjectName("language_box")
        box.setWindowTitle(_("Language"))
        box.setText(message)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _on_about_triggered(self) -> None:
        try:
            version = metadata.version("privacy-desk")
        except metadata.PackageNotFoundError:
            version = "?"
        QMessageBox.about(
            self,
            _("About Privacy Desk"),
            _(
                "Privacy Desk {version}\n\nThe JACCES privacy office's desk for requests about "
                "personal information: intake, identity, deadlines, decisions and letters.\n\n"
                "Database: {database}"
            ).format(version=version, database=describe_url(self.context.db.url)),
        )

    def _on_shortcuts_triggered(self) -> None:
        dialog = ShortcutsDialog(list(self.actions_by_name.values()), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def _has_unsaved(workspace: QWidget) -> bool:
    check = getattr(workspace, "has_unsaved_changes", None)
    return bool(check()) if callable(check) else False
