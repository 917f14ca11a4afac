"""The case table of a queue: a Qt table model that pages lazily through QueueService.list.

Only the pages a person scrolls to are loaded (fetchMore), each on the thread pool through
ui/ops.ServiceOp, with the view that shows the model as the op's owner (shown busy meanwhile);
sorting is done by the database. A 100,000-case office therefore costs one page of rows on screen, never all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.legal_line import LegalLine, hides_danger
from privacy_desk.domain.vocabulary import DeadlineState, LegalLineState, Queue
from privacy_desk.i18n import N_, _, label, language, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.dto import CaseRow, Page, QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.ui.ops import ServiceOp

CASE_ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
_AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English; shown through _()
    sort: str  # QueueService.list sort name


# Deadline first after the reference: when a case is open beside the table, what is late stays
# in view and the less urgent columns scroll off to the right.
COLUMNS: tuple[Column, ...] = (
    Column("reference", N_("Reference"), "reference"),
    Column("state", N_("Deadline"), "due"),
    Column("days_left", N_("Days left"), "due"),
    Column("due", N_("Due"), "due"),
    Column("legal_line", N_("Legal line"), "legal_line"),
    Column("legal_state", N_("Legal line state"), "legal_line"),
    Column("kinds", N_("Kind"), "kind"),
    Column("requester", N_("Requester"), "requester"),
    Column("channel", N_("Channel"), "channel"),
    Column("status", N_("Status"), "status"),
    Column("owner", N_("Owner"), "owner"),
    Column("received", N_("Received"), "received"),
)
COLUMN_INDEX = {column.key: index for index, column in enumerate(COLUMNS)}

# Light backgrounds with dark text of the same hue: readable, and the text says it too.
STATE_COLOURS: dict[DeadlineState, tuple[str, str]] = {
    DeadlineState.ON_TRACK: ("#e6f4ea", "#1e5631"),
    DeadlineState.DUE_SOON: ("#fff4ce", "#6b4a00"),
    DeadlineState.OVERDUE: ("#fbe3e4", "#8a1c24"),
    DeadlineState.PAUSED: ("#e8edf3", "#2f3f52"),
}
LEGAL_COLOURS: dict[LegalLineState, tuple[str, str]] = {
    LegalLineState.ON_TRACK: STATE_COLOURS[DeadlineState.ON_TRACK],
    LegalLineState.NEAR: STATE_COLOURS[DeadlineState.DUE_SOON],
    LegalLineState.PASSED: STATE_COLOURS[DeadlineState.OVERDUE],
}


def legal_text(line: LegalLine | None) -> str:
    """The legal line's state in words: "Passed 2 days ago", "Today", "In 2 days", "On track"."""
    if line is None:
        return ""
    if line.state is LegalLineState.PASSED:
        return ngettext("Passed {n} day ago", "Passed {n} days ago", -line.days).format(
            n=-line.days
        )
    if line.state is LegalLineState.NEAR:
        if line.days == 0:
            return _("Legal line today")
        return ngettext("In {n} day", "In {n} days", line.days).format(n=line.days)
    return label(line.state)


def jst_text(moment: Any, with_time: bool = True) -> str:
    """A datetime (or date) as Japan time text: 2026-11-24 10:05."""
    if moment is None:
        return ""
    if hasattr(moment, "astimezone") and hasattr(moment, "hour"):
        moment = moment.astimezone(JST)
        return moment.strftime("%Y-%m-%d %H:%M") if with_time else moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d")


def kinds_text(row: CaseRow) -> str:
    separator = "、" if language() == "ja" else ", "
    return separator.join(label(kind) for kind in row.kinds)


def due_text(row: CaseRow) -> str:
    text = jst_text(row.due, with_time=False)
    if row.provisional:
        text += " " + _("(provisional)")
    return text


class CaseTableModel(QAbstractTableModel):
    """The rows of one queue with its filter and sort; pages arrive in the background."""

    loaded = Signal()  # a page arrived (after a reload or fetchMore)
    load_failed = Signal(object)  # the exception

    def __init__(
        self,
        context: Context,
        actor: Actor,
        page_size: int = PAGE_SIZE,
        parent: Any = None,
        owner: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # The widget the loads are shown busy on, and whose closing drops their answers.
        self.owner = owner if owner is not None else parent
        self._context = context
        self._actor = actor
        self.page_size = page_size
        self.queue = Queue.ALL_OPEN
        self.filters = QueueFilter()
        self.sort_key = "due"
        self.descending = False
        self._rows: list[CaseRow] = []
        self._total = 0
        self._generation = 0
        self._reloading = False
        self._fetching = False
        self._has_loaded = False

    # ---- what the window asks

    @property
    def total(self) -> int:
        """How many cases the queue holds with the current filter (not only those loaded)."""
        return self._total

    @property
    def generation(self) -> int:
        """Counts the reloads asked for: a changed generation means the rows were asked anew."""
        return self._generation

    @property
    def is_loading(self) -> bool:
        return self._reloading or self._fetching

    @property
    def has_loaded(self) -> bool:
        return self._has_loaded

    def row_at(self, row: int) -> CaseRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, case_id: int) -> int | None:
        for index, row in enumerate(self._rows):
            if row.id == case_id:
                return index
        return None

    def set_query(
        self,
        queue: Queue | None = None,
        filters: QueueFilter | None = None,
        sort_key: str | None = None,
        descending: bool | None = None,
    ) -> None:
        """Change any part of the query and load its first page."""
        if queue is not None:
            self.queue = queue
        if filters is not None:
            self.filters = filters
        if sort_key is not None:
            self.sort_key = sort_key
        if descending is not None:
            self.descending = descending
        self.reload()

    def reload(self, keep_loaded: bool = False) -> None:
        """Load the first page again; keep_loaded re-reads as many rows as are shown now."""
        self._generation += 1
        generation = self._generation
        limit = max(self.page_size, len(self._rows)) if keep_loaded else self.page_size
        self._reloading = True
        self._fetching = False
        # A newer reload supersedes this one (the op's key drops its answer, the generation the
        # answer of a page fetched meanwhile). A refusal comes back to load_failed; anything
        # unexpected is shown by ServiceOp, and the next reload starts afresh.
        ServiceOp(self.owner, self._loader(0, limit)).key("queue_page").success(
            lambda page: self._on_reload_done(generation, page, keep_loaded)
        ).failure(lambda exc: self._on_load_failed(generation, exc)).run()

    # ---- Qt model interface

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMNS[section].title)
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, key)
        if role == CASE_ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._colour(row, key, role)
        if role == Qt.ItemDataRole.FontRole and (
            (key == "state" and row.state in (DeadlineState.OVERDUE, DeadlineState.DUE_SOON))
            or (
                key == "legal_state"
                and row.legal is not None
                and row.legal.state is not LegalLineState.ON_TRACK
            )
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "days_left":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def canFetchMore(self, parent: _AnyIndex) -> bool:
        if parent.isValid() or self._reloading or self._fetching:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: _AnyIndex) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        offset = len(self._rows)
        ServiceOp(self.owner, self._loader(offset, self.page_size)).success(
            lambda page: self._on_fetch_done(generation, offset, page)
        ).failure(lambda exc: self._on_load_failed(generation, exc)).run()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column].sort
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return
        self.set_query(sort_key=key, descending=descending)

    # ---- loading

    def _loader(self, offset: int, limit: int) -> Any:
        context, actor = self._context, self._actor
        queue, filters = self.queue, self.filters
        sort_key, descending = self.sort_key, self.descending

        def load() -> Page:
            # Runs on the thread pool: a service call opens its own session; no widget touched.
            return QueueService(context, actor).list(
                queue, filters, sort=sort_key, descending=descending, offset=offset, limit=limit
            )

        return load

    def _on_reload_done(self, generation: int, page: Page, keep_loaded: bool) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        if keep_loaded and self._rows and [r.id for r in page.rows] == [r.id for r in self._rows]:
            # A refresh of the same cases in the same order keeps the view's scroll position and
            # selection; other cases reset it (the window restores both by case id).
            self._rows = list(page.rows)
            self._total = page.total
            self._reloading = False
            last = self.index(len(self._rows) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            self.loaded.emit()
            return
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = page.total
        self._reloading = False
        self._has_loaded = True
        self.endResetModel()
        self.loaded.emit()

    def _on_fetch_done(self, generation: int, offset: int, page: Page) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._fetching = False
        if offset != len(self._rows):
            return
        self._total = page.total
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self.loaded.emit()

    def _on_load_failed(self, generation: int, exc: BaseException) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return
        self._reloading = False
        self._fetching = False
        self.load_failed.emit(exc)

    # ---- cell texts and colours

    def _display(self, row: CaseRow, key: str) -> str:
        if key == "reference":
            return row.reference
        if key == "kinds":
            return kinds_text(row)
        if key == "requester":
            return row.requester_name
        if key == "channel":
            return label(row.channel)
        if key == "status":
            return label(row.status)
        if key == "owner":
            return row.owner or _("Unassigned")
        if key == "received":
            return jst_text(row.received_at)
        if key == "days_left":
            if row.state in (DeadlineState.PAUSED, DeadlineState.DONE):
                return "–"
            return str(row.business_days_left)
        if key == "due":
            return due_text(row)
        if key == "legal_line":
            return jst_text(row.legal_line, with_time=False)
        if key == "legal_state":
            return legal_text(row.legal)
        if key == "state":
            if hides_danger(row.state, row.legal):
                return _("Legal line passed")
            return label(row.state)
        return ""

    def _tooltip(self, row: CaseRow, key: str) -> str | None:
        if key == "kinds":
            return "\n".join(label(kind) for kind in row.kinds)
        if key == "requester":
            return label(row.requester_role)
        if key == "due" and row.provisional:
            return _(
                "Provisional: the equinox holidays of that year are not yet officially published."
            )
        if key in ("legal_line", "legal_state") and row.legal_line is not None:
            return _("The requester may go to court from this date (APPI Art. 39).")
        if key == "state" and hides_danger(row.state, row.legal):
            return _("The legal line has passed: the requester may go to court (APPI Art. 39).")
        if key == "days_left":
            return _("Business days left until the due date")
        return None

    def _colour(self, row: CaseRow, key: str, role: int) -> QBrush | None:
        if key == "owner" and row.owner is None and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#6c757d"))
        if key in ("legal_line", "legal_state"):
            return self._legal_colour(row, key, role)
        if key not in ("state", "days_left"):
            return None
        if key == "state" and hides_danger(row.state, row.legal):
            colours: tuple[str, str] | None = STATE_COLOURS[DeadlineState.OVERDUE]
        else:
            colours = STATE_COLOURS.get(row.state)
        if colours is None:
            return None
        background, foreground = colours
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(background)) if key == "state" else None
        return QBrush(QColor(foreground))

    @staticmethod
    def _legal_colour(row: CaseRow, key: str, role: int) -> QBrush | None:
        """The legal line's colour: a background on its state, the text colour on the date."""
        if row.legal is None:
            return None
        background, foreground = LEGAL_COLOURS[row.legal.state]
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(background)) if key == "legal_state" else None
        return QBrush(QColor(foreground))
