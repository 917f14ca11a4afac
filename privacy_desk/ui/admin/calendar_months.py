"""The twelve small month grids of Administration › Calendar, and their legend.

Each day that is not a business day says why three ways, so colour is never the only sign: a
mark after its number (H, Y, C; 祝, 年, 休 in Japanese), a colour, and a tooltip (also its
accessible text) with the reasons in words. A closure of one office only, seen with all offices,
is hatched and marked ◐.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import N_, NP_, _, language, pgettext
from privacy_desk.services.calendar_view import CalendarYear, DayOff, DayOffKind

ROWS = 6  # weeks a month can touch
FIRST_WEEKDAY = month_calendar.SUNDAY  # as Japanese wall calendars


@dataclass(frozen=True)
class Mark:
    """How one kind of day off looks: its mark (translated), background, and words."""

    mark: str  # marked with NP_(MARK_CONTEXT, ...)
    colour: str
    words: str
    pattern: Qt.BrushStyle = Qt.BrushStyle.SolidPattern

    def text(self) -> str:
        return pgettext(MARK_CONTEXT, self.mark)


MARK_CONTEXT = "calendar mark"
HOLIDAY = Mark(NP_("calendar mark", "H"), "#f7c6c7", N_("National holiday"))
YEAR_END = Mark(NP_("calendar mark", "Y"), "#d9cdf2", N_("Year-end closure"))
CLOSURE = Mark(NP_("calendar mark", "C"), "#ffd59e", N_("Office closure"))
ONE_OFFICE = Mark(
    NP_("calendar mark", "◐"),
    "#f0a040",
    N_("Closed in one office only"),
    Qt.BrushStyle.BDiagPattern,
)
WEEKEND_TEXT = "#6b6b6b"
MARKS = (HOLIDAY, YEAR_END, CLOSURE, ONE_OFFICE)


def mark_of(offs: list[DayOff], office: str | None) -> Mark:
    """The mark a day shows: a holiday before the year-end, before a closure (the first reason
    the office is closed); with all offices shown, a day only one office closes is hatched."""
    kinds = {off.kind for off in offs}
    if DayOffKind.HOLIDAY in kinds:
        return HOLIDAY
    if DayOffKind.YEAR_END in kinds:
        return YEAR_END
    if office is None and all(off.office_code is not None for off in offs):
        return ONE_OFFICE
    return CLOSURE


def qt_locale() -> QLocale:
    return QLocale(QLocale.Language.Japanese if language() == "ja" else QLocale.Language.English)


def describe_day(day: date, offs: list[DayOff], year: CalendarYear) -> str:
    """The day in words: its date and weekday, then why it is off (or that it is a business day
    or a weekend day)."""
    locale = qt_locale()
    weekday = locale.dayName(day.isoweekday(), QLocale.FormatType.LongFormat)
    head = f"{day.isoformat()} ({weekday})"
    reasons = []
    for off in offs:
        if off.kind is DayOffKind.HOLIDAY:
            reasons.append(_("National holiday: {name}").format(name=off.name))
        elif off.kind is DayOffKind.YEAR_END:
            reasons.append(off.name)
        else:
            reasons.append(
                _("Closed ({office}): {reason}").format(
                    office=year.office_name(off.office_code), reason=off.name
                )
            )
    if not reasons:
        reasons.append(_("Weekend") if day.weekday() >= 5 else _("Business day"))
    # Punctuation that reads right in each language: no em dash in Japanese (it shows as a bar).
    return _("{day} — {reasons}").format(day=head, reasons=_("; ").join(reasons))


class MonthGrid(QWidget):
    """One month: its name over a 6 x 7 grid of days, Sunday first."""

    day_chosen = Signal(object)  # a date

    def __init__(self, month: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.month = month
        self.days: dict[date, QTableWidgetItem] = {}
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.table = QTableWidget(ROWS, 7)
        self.table.setObjectName(f"month_{month}")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setFrameShape(QFrame.Shape.NoFrame)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setTabKeyNavigation(False)  # Tab leaves the month; arrows move in it
        # A day and its mark stay on one line, whole: "29祝", never "2…".
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        widest = max(
            self.table.fontMetrics().horizontalAdvance(f"29{mark.text()}") for mark in MARKS
        )
        self.table.setMinimumWidth(7 * (widest + 6) + 2)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setMinimumSectionSize(10)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(1)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        self.table.currentCellChanged.connect(self._on_table_current_changed)

    def _on_table_current_changed(self, row: int, column: int, _row: int, _column: int) -> None:
        item = self.table.item(row, column)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) is not None:
            self.day_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_year(self, year: CalendarYear, office: str | None) -> None:
        locale = qt_locale()
        name = locale.standaloneMonthName(self.month, QLocale.FormatType.LongFormat)
        self.title.setText(name)
        self.table.setAccessibleName(f"{name} {year.year}")
        weekdays = [((FIRST_WEEKDAY + n) % 7) + 1 for n in range(7)]  # Qt: 1 = Monday
        self.table.setHorizontalHeaderLabels(
            [locale.dayName(d, QLocale.FormatType.NarrowFormat) for d in weekdays]
        )
        self.table.clearContents()
        self.days.clear()
        offs_by_day = year.days_off_of(office)
        weeks = month_calendar.Calendar(FIRST_WEEKDAY).monthdatescalendar(year.year, self.month)
        for row, week in enumerate(weeks):
            for column, day in enumerate(week):
                if day.month != self.month:
                    continue
                self.table.setItem(
                    row, column, self._item(day, offs_by_day.get(day, []), year, office)
                )
        self.table.clearSelection()

    def _item(
        self, day: date, offs: list[DayOff], year: CalendarYear, office: str | None
    ) -> QTableWidgetItem:
        text = str(day.day)
        item = QTableWidgetItem()
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setData(Qt.ItemDataRole.UserRole, day)
        if offs:
            mark = mark_of(offs, office)
            text += mark.text()
            item.setBackground(QBrush(QColor(mark.colour), mark.pattern))
            item.setData(Qt.ItemDataRole.UserRole + 1, mark.words)
        elif day.weekday() >= 5:
            item.setForeground(QBrush(QColor(WEEKEND_TEXT)))
        item.setText(text)
        words = describe_day(day, offs, year)
        item.setToolTip(words)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, words)
        self.days[day] = item
        return item

    def select(self, day: date) -> None:
        item = self.days.get(day)
        if item is not None:
            self.table.setCurrentItem(item)


def months_grid(parent: QWidget | None = None) -> tuple[QWidget, list[MonthGrid]]:
    """The twelve months, four across and three down."""
    holder = QWidget(parent)
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(4)
    months = []
    for month in range(1, 13):
        month_grid = MonthGrid(month, holder)
        grid.addWidget(month_grid, (month - 1) // 4, (month - 1) % 4)
        months.append(month_grid)
    return holder, months


def legend(parent: QWidget | None = None) -> QWidget:
    """Each mark with its colour and its words."""
    holder = QWidget(parent)
    holder.setObjectName("calendar_legend")
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    words = []
    for mark in MARKS:
        swatch = QLabel(mark.text())
        swatch.setAlignment(Qt.AlignmentFlag.AlignCenter)
        swatch.setMinimumWidth(22)
        style = "background: {c}; border: 1px solid #888; padding: 0 3px; font-weight: bold;"
        if mark.pattern is not Qt.BrushStyle.SolidPattern:
            # A style sheet has no hatching: the swatch shows the colour beside its border.
            style = "background: #fff; border: 2px dashed {c}; padding: 0 3px; font-weight: bold;"
        swatch.setStyleSheet(style.format(c=mark.colour))
        text = QLabel(_(mark.words))
        row.addWidget(swatch)
        row.addWidget(text)
        row.addSpacing(8)
        words.append(f"{mark.text()}: {_(mark.words)}")
    row.addStretch(1)
    holder.setAccessibleName(_("Legend") + ": " + "; ".join(words))
    return holder
