"""Administration › Calendar: the year at a glance per office, and its closure days.

Twelve month grids show the national holidays, the year-end closure and the closures of every
office or of one (ui/admin/calendar_months.py); beside them, the year's closures with their
office and reason, Add closure… and Remove. Adding or removing a closure moves the due dates of
the open cases it touches (services/users.py AdminService); the dialog then lists their
references, or says that none moved. Every service call goes through ui/ops.ServiceOp.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.calendar import FIRST_YEAR, LAST_YEAR
from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _, ngettext, pgettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.calendar_view import CalendarYear, ClosureDay, calendar_year
from privacy_desk.services.users import AdminService
from privacy_desk.ui.admin.calendar_months import MonthGrid, describe_day, legend, months_grid
from privacy_desk.ui.dialogs import BaseDialog, fit_to_screen
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import FieldError, day_of, format_day


def moved_text(moved: list[str]) -> str:
    """The cases whose due dates moved, by reference; says so when there are none."""
    if not moved:
        return _("Due dates moved: none.")
    return ngettext(
        "Due date moved ({n} case): {references}",
        "Due dates moved ({n} cases): {references}",
        len(moved),
    ).format(n=len(moved), references=", ".join(moved))


class AddClosureDialog(BaseDialog):
    """A day, a reason, and the office closed (or every office); added in the background."""

    closure_added = Signal(object, object, str)  # the moved references, the day, the words

    def __init__(
        self,
        service: AdminService,
        offices: list[tuple[str, str]],
        day: date,
        office: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, "add_closure_dialog")
        self.service = service
        self.setWindowTitle(_("Add closure"))
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.day_edit = QDateEdit(QDate(day.year, day.month, day.day))
        self.day_edit.setObjectName("closure_day")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDateRange(QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("closure_reason")
        limit_text(self.reason_edit, "closure reason")
        self.office_box = QComboBox()
        self.office_box.setObjectName("closure_office")
        self.office_box.addItem(_("Every office"), None)
        for code, name in offices:
            self.office_box.addItem(name, code)
        self.office_box.setCurrentIndex(max(0, self.office_box.findData(office)))
        self.error = FieldError()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("&Add closure"))
        ok.setObjectName("add_closure_ok")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        form = QFormLayout()
        form.addRow(_("&Date:"), self.day_edit)
        form.addRow(_("&Reason:"), self.reason_edit)
        form.addRow(_("&Office:"), self.office_box)
        for field, name in (
            (self.day_edit, _("Date")),
            (self.reason_edit, _("Reason")),
            (self.office_box, _("Office")),
        ):
            field.setAccessibleName(name)
        note = QLabel(
            _(
                "The open cases due on or after this day are worked out again; the ones whose "
                "due date moves are listed afterwards, and their history says so."
            )
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.add)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.setFocus()

    def accept(self) -> None:  # Ctrl+Enter comes here too
        self.add()

    def add(self) -> None:
        day = day_of(self.day_edit.date())
        reason = self.reason_edit.text()
        office = self.office_box.currentData()
        words = _("Closure added: {day}, {office}, {reason}.").format(
            day=day.isoformat(), office=self.office_box.currentText(), reason=reason.strip()
        )
        self.error.clear_message()
        service = self.service

        def added(moved: list[str]) -> None:
            self.closure_added.emit(moved, day, words)
            super(AddClosureDialog, self).accept()

        ServiceOp(self, lambda: service.add_closure(day, reason, office)).success(added).failure(
            self._on_refused
        ).block().run()

    def _on_refused(self, exc: DomainError) -> None:
        self.error.show_for(exc)
        self.reason_edit.setFocus()


class CalendarDialog(BaseDialog):
    """The year at a glance, per office, with its closures (administrators only)."""

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "calendar_dialog")
        self.context = context
        self.actor = actor
        self.service = AdminService(context, actor)
        self.year: CalendarYear | None = None
        self.selected_day = context.today()
        self.add_dialog: AddClosureDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.setWindowTitle(_("Calendar"))
        fit_to_screen(self, 1300, 700)
        self._build()
        self._connect()
        self.reload()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.previous_action = QAction("◀", self)
        self.previous_action.setShortcut(QKeySequence("Ctrl+PgUp"))
        self.next_action = QAction("▶", self)
        self.next_action.setShortcut(QKeySequence("Ctrl+PgDown"))
        self.previous_button = QToolButton()
        self.previous_button.setObjectName("previous_year")
        self.next_button = QToolButton()
        self.next_button.setObjectName("next_year")
        for action, button, words in (
            (self.previous_action, self.previous_button, _("Previous year (Ctrl+PgUp)")),
            (self.next_action, self.next_button, _("Next year (Ctrl+PgDown)")),
        ):
            action.setToolTip(words)
            self.addAction(action)  # the keys work wherever the focus is in the dialog
            button.setDefaultAction(action)
            button.setAccessibleName(words)
        self.year_box = QSpinBox()
        self.year_box.setObjectName("calendar_year")
        self.year_box.setRange(FIRST_YEAR, LAST_YEAR)
        self.year_box.setValue(self.selected_day.year)
        self.year_box.setAccessibleName(_("Year"))
        self.office_box = QComboBox()
        self.office_box.setObjectName("calendar_office")
        self.office_box.addItem(_("All offices"), None)
        self.office_box.setAccessibleName(_("Office"))
        year_label = QLabel(_("&Year:"))
        year_label.setBuddy(self.year_box)
        office_label = QLabel(_("&Office:"))
        office_label.setBuddy(self.office_box)
        self.counts = QLabel()
        self.counts.setObjectName("business_day_counts")
        top = QHBoxLayout()
        top.addWidget(year_label)
        top.addWidget(self.previous_button)
        top.addWidget(self.year_box)
        top.addWidget(self.next_button)
        top.addSpacing(16)
        top.addWidget(office_label)
        top.addWidget(self.office_box)
        top.addSpacing(16)
        top.addWidget(self.counts, 1)

        months, self.months = months_grid()
        self.day_info = QLabel()
        self.day_info.setObjectName("day_info")
        self.day_info.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(months, 1)
        left.addWidget(legend())
        left.addWidget(self.day_info)

        self.closures = QTableWidget(0, 3)
        self.closures.setObjectName("closures_table")
        self.closures.setAccessibleName(_("Closure days"))
        self.closures.setHorizontalHeaderLabels([_("Date"), _("Office"), _("Reason")])
        self.closures.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.closures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.closures.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.closures.verticalHeader().hide()
        self.closures.setTabKeyNavigation(False)
        self.closures.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        closures_label = QLabel(_("&Closure days of the year:"))
        closures_label.setBuddy(self.closures)
        self.add_button = QPushButton(_("&Add closure…"))
        self.add_button.setObjectName("add_closure")
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.setObjectName("remove_closure")
        self.remove_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.moved_label = QLabel()
        self.moved_label.setObjectName("closure_result")
        self.moved_label.setWordWrap(True)
        self.moved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right = QVBoxLayout()
        right.addWidget(closures_label)
        right.addWidget(self.closures, 1)
        right.addLayout(buttons)
        right.addWidget(self.moved_label)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 1)
        self.close_buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.close_buttons)

    def _connect(self) -> None:
        self.previous_action.triggered.connect(lambda: self.year_box.stepBy(-1))
        self.next_action.triggered.connect(lambda: self.year_box.stepBy(1))
        self.year_box.valueChanged.connect(lambda _year: self.reload())
        self.office_box.currentIndexChanged.connect(lambda _index: self._show())
        for month in self.months:
            month.day_chosen.connect(self._on_month_day_chosen)
        self.closures.itemSelectionChanged.connect(self._on_closures_selection_changed)
        self.add_button.clicked.connect(self.open_add)
        self.remove_button.clicked.connect(self.ask_remove)
        self.close_buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------------ showing

    def office(self) -> str | None:
        """The office shown: its code, or None for all offices."""
        code = self.office_box.currentData()
        return code if isinstance(code, str) else None

    def reload(self) -> None:
        """Read the year shown again."""
        context, actor, year = self.context, self.actor, self.year_box.value()
        ServiceOp(self, lambda: calendar_year(context, actor, year)).success(self._on_loaded).key(
            "year"
        ).run()

    def _on_loaded(self, year: CalendarYear) -> None:
        self.year = year
        shown = self.office()
        if self.office_box.count() != len(year.offices) + 1:
            self.office_box.blockSignals(True)
            for office in year.offices:
                self.office_box.addItem(office.name, office.code)
            self.office_box.setCurrentIndex(max(0, self.office_box.findData(shown)))
            self.office_box.blockSignals(False)
        self.counts.setText(
            _("Business days in {year}: {counts}").format(
                year=year.year,
                counts=pgettext("list separator", ", ").join(
                    f"{o.name} {o.business_days}" for o in year.offices
                ),
            )
        )
        self._show()

    def _show(self) -> None:
        year = self.year
        if year is None:
            return
        office = self.office()
        for month in self.months:
            month.show_year(year, office)
        rows = year.closures_of(office)
        self.closures.setRowCount(len(rows))
        for row, closure in enumerate(rows):
            for column, text in enumerate(
                (format_day(closure.day), closure.office_name, closure.reason)
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, closure)
                self.closures.setItem(row, column, item)
        self.closures.resizeColumnsToContents()
        self.closures.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.closures.resizeRowsToContents()  # a long reason wraps, whole
        self.remove_button.setEnabled(False)
        if self.selected_day.year == year.year:
            self._describe(self.selected_day)
        else:
            self.day_info.clear()

    def _describe(self, day: date) -> None:
        year = self.year
        if year is None or day.year != year.year:
            return
        offs = year.days_off_of(self.office()).get(day, [])
        self.day_info.setText(describe_day(day, offs, year))

    def _on_month_day_chosen(self, day: date) -> None:
        self.selected_day = day
        self._describe(day)
        for month in self.months:  # one chosen day in the whole year
            if month.month != day.month:
                month.table.clearSelection()

    def _on_closures_selection_changed(self) -> None:
        closure = self.selected_closure()
        self.remove_button.setEnabled(closure is not None)
        if closure is not None:
            self.selected_day = closure.day
            self._describe(closure.day)

    def selected_closure(self) -> ClosureDay | None:
        items = self.closures.selectedItems()
        if not items:
            return None
        closure = items[0].data(Qt.ItemDataRole.UserRole)
        return closure if isinstance(closure, ClosureDay) else None

    def month(self, number: int) -> MonthGrid:
        return self.months[number - 1]

    # ------------------------------------------------------------------ changing

    def open_add(self) -> None:
        year = self.year
        if year is None:
            return
        day = self.selected_day
        if day.year != year.year:
            day = date(year.year, day.month, min(day.day, 28))
        dialog = AddClosureDialog(
            self.service, [(o.code, o.name) for o in year.offices], day, self.office(), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.closure_added.connect(self._on_closure_added)
        self.add_dialog = dialog
        dialog.open()

    def _on_closure_added(self, moved: list[str], day: date, words: str) -> None:
        self.selected_day = day
        self._changed(words, moved, day)

    def ask_remove(self) -> None:
        closure = self.selected_closure()
        if closure is None:
            return
        box = QMessageBox(self)
        box.setObjectName("remove_closure_confirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Remove closure"))
        box.setText(
            _("Remove the closure of {office} on {day} ({reason})?").format(
                office=closure.office_name, day=closure.day.isoformat(), reason=closure.reason
            )
        )
        box.setInformativeText(_("The due dates of the open cases it moved are worked out again."))
        remove = box.addButton(_("Remove"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(remove)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self.remove(closure) if button is remove else None)
        self.confirm_box = box
        box.open()

    def remove(self, closure: ClosureDay) -> None:
        service = self.service
        words = _("Closure removed: {day}, {office}.").format(
            day=closure.day.isoformat(), office=closure.office_name
        )
        ServiceOp(self, lambda: service.remove_closure(closure.day, closure.office_code)).success(
            lambda moved: self._changed(words, moved, closure.day)
        ).block().run()

    def _changed(self, words: str, moved: list[str], day: date) -> None:
        self.moved_label.setText(words + "\n" + moved_text(moved))
        self.moved_label.setAccessibleDescription(self.moved_label.text())
        if self.year_box.value() != day.year:
            self.year_box.setValue(day.year)  # reloads
        else:
            self.reload()
