"""The search box and filters above the case table; they give the model its QueueFilter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.vocabulary import RIGHTS_KINDS, Channel, RequestKind, UserRole
from privacy_desk.i18n import _, label
from privacy_desk.i18n import language as screen_language
from privacy_desk.services.dto import QueueFilter, UserData
from privacy_desk.services.offices import OfficeView
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import day_of

SEARCH_DEBOUNCE_MS = 300
RIGHTS_FILTER = "rights"  # the kind combo's entry for every rights request at once


def fit_office(filters: QueueFilter, offered: tuple[str | None, ...]) -> QueueFilter:
    """A filter with an office the bar offers: one it does not (a staff member's bar offers
    their own office only) becomes the bar's own choice, offered[0]."""
    if filters.office in offered or not offered:
        return filters
    return replace(filters, office=offered[0])


class DateFilterEdit(QDateEdit):
    """A date filter Tab goes through: into its sections and out again (a plain QDateEdit
    showing its "any date" text has no section to go to and keeps the focus for ever)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        empty = self.date() == self.minimumDate()
        last = self.sectionCount() - 1
        if empty or self.currentSectionIndex() == (last if next else 0):
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


class FilterBar(QWidget):
    """Search box and filters of the case table; filter_changed fires (search debounced)."""

    filter_changed = Signal()
    save_requested = Signal()  # "Save filter…": keep these filters under a name

    def __init__(
        self,
        users: list[UserData],
        offices: OfficeView | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("filter_bar")
        language = screen_language()
        # Which office's cases: staff their own (fixed), supervisors and administrators any or
        # all; the service says which (QueueService.office_view).
        self.office_combo = QComboBox()
        self.office_combo.setObjectName("office_filter")
        self.office_combo.setAccessibleName(_("Office"))
        self._default_office = offices.default if offices is not None else None
        if offices is None or offices.may_choose:
            self.office_combo.addItem(_("All offices"), None)
        for office in offices.offices if offices is not None else ():
            if offices is not None and (offices.may_choose or office.code == offices.default):
                self.office_combo.addItem(office.name(language), office.code)
        self.office_combo.setEnabled(self.office_combo.count() > 1)
        self.office_combo.setToolTip(
            _("Whose cases the queues, their counts and the dashboard show")
            if self.office_combo.isEnabled()
            else _("Your office's cases: a supervisor may look at the other office's")
        )
        self.select_data(self.office_combo, self._default_office)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        limit_text(self.search_edit, "search")
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
        for combo in (self.office_combo, self.kind_combo, self.channel_combo, self.owner_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(5)
        # The office's name whole: it says which cases the desk looks at.
        self.office_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.from_edit = self._date_edit("received_from")
        self.to_edit = self._date_edit("received_to")
        for widget, name in (
            (self.search_edit, _("Search cases")),
            (self.kind_combo, _("Kind")),
            (self.channel_combo, _("Channel")),
            (self.owner_combo, _("Owner")),
            (self.from_edit, _("Received from")),
            (self.to_edit, _("Received to")),
        ):
            widget.setAccessibleName(name)
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.setObjectName("clear_filters")
        self.save_button = QPushButton(_("Save filter…"))
        self.save_button.setObjectName("save_filter")
        self.save_button.setToolTip(
            _("Keep this queue and these filters under a name in the queue list   Ctrl+Shift+S")
        )
        # Which saved filter is on, in words (shown while one is).
        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_filter_label")
        self.saved_label.setWordWrap(True)
        self.saved_label.hide()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        # In the search row, whose box gives way: the row of filters is full at 800 pixels.
        top.addWidget(self.office_combo)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.clear_button)
        top.addWidget(self.save_button)
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
        layout.addWidget(self.saved_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.filter_changed.emit)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        for combo in (self.office_combo, self.kind_combo, self.channel_combo, self.owner_combo):
            combo.currentIndexChanged.connect(self._on_filter_edited)
        self.from_edit.dateChanged.connect(self._on_filter_edited)
        self.to_edit.dateChanged.connect(self._on_filter_edited)
        self.clear_button.clicked.connect(self._on_clear_button_clicked)
        self.save_button.clicked.connect(self.save_requested.emit)

    def _date_edit(self, name: str) -> DateFilterEdit:
        edit = DateFilterEdit()
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
            office=self.office(),
        )

    def office(self) -> str | None:
        """The office whose cases are shown (its code), or None for every office."""
        code = self.office_combo.currentData()
        return str(code) if code else None

    @staticmethod
    def _date_of(edit: QDateEdit) -> date | None:
        if edit.date() == edit.minimumDate():
            return None
        return day_of(edit.date())

    def set_received(self, start: date | None, end: date | None) -> None:
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.setDate(QDate(day.year, day.month, day.day) if day else edit.minimumDate())

    def select_data(self, combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        combo.setCurrentIndex(max(index, 0))

    def clear(self, emit: bool = True) -> None:
        # The office stays: it is which cases the desk looks at, not a filter to clear.
        with self._quiet(with_office=False):
            self.kind_combo.setCurrentIndex(0)
            self.channel_combo.setCurrentIndex(0)
            self.owner_combo.setCurrentIndex(0)
            self.set_received(None, None)
            self.search_edit.clear()
        if emit:
            self.filter_changed.emit()

    def fit(self, filters: QueueFilter) -> QueueFilter:
        """The filter as this bar can show it (see fit_office)."""
        return fit_office(filters, self.offered_offices())

    def offered_offices(self) -> tuple[str | None, ...]:
        """The offices the bar offers (codes; None: every office), its own choice first."""
        own = (
            self._default_office
            if self.office_combo.findData(self._default_office) >= 0
            else (self.office_combo.itemData(0))
        )
        others = [self.office_combo.itemData(i) for i in range(self.office_combo.count())]
        return (own, *(o for o in others if o != own))

    def set_filters(self, filters: QueueFilter) -> None:
        """Show a filter (a saved one) in the widgets, without filter_changed."""
        filters = self.fit(filters)
        if not filters.kinds:
            kind: str | None = None
        elif set(filters.kinds) == set(RIGHTS_KINDS) and len(filters.kinds) > 1:
            kind = RIGHTS_FILTER
        else:
            kind = filters.kinds[0].value
        with self._quiet(with_office=True):
            self.select_data(self.office_combo, filters.office)
            self.select_data(self.kind_combo, kind)
            self.select_data(
                self.channel_combo, filters.channels[0].value if filters.channels else None
            )
            self.select_data(self.owner_combo, filters.owner_id)
            self.set_received(filters.received_from, filters.received_to)
            self.search_edit.setText(filters.search)

    @contextmanager
    def _quiet(self, with_office: bool) -> Iterator[None]:
        """Set the widgets without a filter_changed for each (the office stays as it is unless
        with_office); the typed search's pending signal is dropped too."""
        widgets: tuple[QWidget, ...] = (
            self.kind_combo,
            self.channel_combo,
            self.owner_combo,
            self.from_edit,
            self.to_edit,
            self.search_edit,
        )
        if with_office:
            widgets = (self.office_combo, *widgets)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            yield
        finally:
            for widget in widgets:
                widget.blockSignals(False)
            self._debounce.stop()

    def _on_search_edit_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_filter_edited(self, *_args: object) -> None:
        self.filter_changed.emit()

    def _on_clear_button_clicked(self) -> None:
        self.clear()
