"""Small widgets the intake and the case workspace share.

Enum combo boxes and check lists labelled in the screen language, a date field that may stay
empty, a date-and-time field in Japan time, inline error and message labels, and the deadline
strip. Times are always shown in Japan time, dates as yyyy-MM-dd.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.vocabulary import DeadlineState, FormOfAddress, Labelled
from privacy_desk.i18n import N_, _, label
from privacy_desk.services.dto import Deadlines, PersonData, PersonForm
from privacy_desk.ui.flow import FlowLayout
from privacy_desk.ui.text_limits import limit_text

M = TypeVar("M", bound=Labelled)

DATE_FORMAT = "%Y-%m-%d"
MOMENT_FORMAT = "%Y-%m-%d %H:%M"

# Calm colours; every state also says itself in words, so colour is never the only sign.
STATE_COLOURS: dict[DeadlineState, tuple[str, str]] = {
    DeadlineState.ON_TRACK: ("#e6f4ea", "#1e5631"),
    DeadlineState.DUE_SOON: ("#fff4ce", "#6b4a00"),
    DeadlineState.OVERDUE: ("#fbe3e4", "#8a1c24"),
    DeadlineState.PAUSED: ("#e8edf3", "#2f3f52"),
    DeadlineState.DONE: ("#eeeeee", "#444444"),
}
ERROR_STYLE = "color: #9b1c1c;"


def format_moment(moment: datetime | None) -> str:
    """A moment in Japan time, yyyy-MM-dd HH:mm; an empty text for None."""
    if moment is None:
        return ""
    return moment.astimezone(JST).strftime(MOMENT_FORMAT)


def format_day(day: date | datetime | None) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        return format_moment(day)[:10]
    return day.strftime(DATE_FORMAT)


def parse_day(text: str) -> date | None:
    """A date typed as 2026-10-01, 2026/10/01, 2026.10.01 or 20261001 (full width too)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    for separator in ("/", "."):
        cleaned = cleaned.replace(separator, "-")
    if cleaned.isdigit() and len(cleaned) == 8:
        cleaned = f"{cleaned[:4]}-{cleaned[4:6]}-{cleaned[6:]}"
    parts = cleaned.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(cleaned)
    return date(int(parts[0]), int(parts[1]), int(parts[2]))


def day_of(day: QDate) -> date:
    """A QDate as a date (QDate.toPython is typed as returning any object)."""
    return date(day.year(), day.month(), day.day())


def refusal_text(exc: DomainError) -> str:
    """A refusal's message in the screen language: the catalogue's text or its message patterns."""
    return exc.message


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Outline a field in red (and say so to screen readers) while its error is shown."""
    widget.setProperty("invalid", invalid)
    widget.setStyleSheet("border: 1px solid #b3261e;" if invalid else "")


class EnumCombo(QComboBox, Generic[M]):
    """A combo box of enum members labelled in the screen language, optionally with no choice."""

    def __init__(
        self,
        members: Iterable[M],
        placeholder: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._placeholder = placeholder
        self.set_members(members)

    def set_members(self, members: Iterable[M]) -> None:
        # Items keep the members in a list of ours: Qt would turn a str enum into a plain str.
        current = self.value() if hasattr(self, "_members") else None
        self._members: list[M | None] = []
        self.blockSignals(True)
        self.clear()
        if self._placeholder is not None:
            self._members.append(None)
            self.addItem(self._placeholder)
        for member in members:
            self._members.append(member)
            self.addItem(label(member))
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> M | None:
        index = self.currentIndex()
        return self._members[index] if 0 <= index < len(self._members) else None

    def set_value(self, member: M | None) -> None:
        index = self._members.index(member) if member in self._members else 0
        self.setCurrentIndex(index if self._members else -1)

    def members(self) -> list[M]:
        return [m for m in self._members if m is not None]


class EnumChecks(QWidget, Generic[M]):
    """A check box per enum member, in one or more columns."""

    changed = Signal()

    def __init__(
        self,
        members: Sequence[M],
        columns: int = 1,
        text: Callable[[M], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.boxes: dict[M, QCheckBox] = {}
        rows = -(-len(members) // columns)
        for index, member in enumerate(members):
            box = QCheckBox(text(member) if text else label(member))
            box.setObjectName(f"check_{member.value}")
            box.toggled.connect(self.changed)
            self.boxes[member] = box
            grid.addWidget(box, index % rows, index // rows)

    def values(self) -> tuple[M, ...]:
        return tuple(m for m, box in self.boxes.items() if box.isChecked())

    def set_values(self, values: Iterable[M]) -> None:
        chosen = set(values)
        for member, box in self.boxes.items():
            box.setChecked(member in chosen)

    def widgets(self) -> list[QWidget]:
        return list(self.boxes.values())


class OptionalDateEdit(QLineEdit):
    """A date typed from the keyboard (yyyy-MM-dd) that may stay empty."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.what = what
        self.setPlaceholderText(_("yyyy-mm-dd"))
        self.setMaxLength(12)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 28)

    def date_value(self) -> date | None:
        """The date typed, None when empty; a ValidationError naming the field when unreadable."""
        try:
            return parse_day(self.text())
        except ValueError:
            raise ValidationError(
                _("{what}: '{text}' is not a date; type it as yyyy-mm-dd.").format(
                    what=self.what, text=self.text().strip()
                ),
                field=self.objectName() or None,
            ) from None

    def set_date(self, day: date | None) -> None:
        self.setText(format_day(day))


class MomentEdit(QDateTimeEdit):
    """A date and time in Japan time, whatever the computer's own time zone is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.setCalendarPopup(False)

    def set_moment(self, moment: datetime) -> None:
        local = moment.astimezone(JST)
        self.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )

    def moment(self) -> datetime:
        day = self.date()
        clock = self.time()
        return datetime(
            day.year(), day.month(), day.day(), clock.hour(), clock.minute(), tzinfo=JST
        )


class FieldError(QLabel):
    """A short error shown right under the field it is about; hidden while there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setObjectName("field_error")
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))

    def show_for(self, exc: DomainError) -> None:
        self.show_message(refusal_text(exc))

    def clear_message(self) -> None:
        self.setText("")
        self.hide()

    def message(self) -> str:
        return self.text()


def with_error(widget: QWidget, error: FieldError) -> QWidget:
    """A field with its error line right under it, as one form row."""
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(1)
    column.addWidget(widget)
    column.addWidget(error)
    return holder


class MessageBar(QFrame):
    """A calm banner at the top of a screen: why something was refused, what changed meanwhile."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text_label = QLabel()
        self.text_label.setWordWrap(True)
        self.text_label.setObjectName("message_text")
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setObjectName("message_details")
        layout.addWidget(self.text_label)
        layout.addWidget(self.details_label)
        self.hide()

    def show_message(self, text: str, details: Sequence[str] = (), level: str = "error") -> None:
        background, foreground = {
            "error": ("#fbe3e4", "#8a1c24"),
            "warning": ("#fff4ce", "#6b4a00"),
            "info": ("#e8edf3", "#2f3f52"),
        }[level]
        self.setStyleSheet(
            f"#message_bar {{ background: {background}; border: 1px solid {foreground}; "
            f"border-radius: 4px; }} QLabel {{ color: {foreground}; }}"
        )
        self.text_label.setText(text)
        self.details_label.setText("\n".join(f"• {line}" for line in details))
        self.details_label.setVisible(bool(details))
        self.show()

    def clear_message(self) -> None:
        self.text_label.setText("")
        self.details_label.setText("")
        self.hide()

    def message(self) -> str:
        if self.isHidden():
            return ""
        return "\n".join(t for t in (self.text_label.text(), self.details_label.text()) if t)


class _StripCell(QWidget):
    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.setSpacing(0)
        self.caption = QLabel(caption)
        self.caption.setStyleSheet("color: #5f6368; font-size: 85%;")
        self.value = QLabel()
        self.value.setObjectName(f"deadline_{name}")
        self.value.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.caption)
        layout.addWidget(self.value)


class DeadlineStrip(QFrame):
    """The case's dates in one line: receipt, acknowledgement, original and current due, pauses,
    legal line and the business days left, with the state in colour and in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deadline_strip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # Wraps onto a second line on a narrow screen; every cell is one line high whatever its
        # text, so the strip keeps its height from case to case.
        layout = FlowLayout(self, spacing=0)
        layout.setContentsMargins(4, 4, 4, 4)
        self.state_label = QLabel()
        self.state_label.setObjectName("deadline_state")
        # A state, not a button: no frame around it, a bar of its colour at its side.
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignVCenter)
        self.state_label.setMinimumHeight(2 * self.fontMetrics().height() + 4)
        layout.addWidget(self.state_label)
        self.cells: dict[str, _StripCell] = {}
        for name, caption in (
            ("received", _("Received")),
            ("effective_receipt", _("Counts from")),
            ("acknowledgement_due", _("Acknowledge by")),
            ("original_due", _("Original due")),
            ("current_due", _("Current due")),
            ("paused", _("Days paused")),
            ("legal_line", _("Legal line (Art. 39)")),
        ):
            cell = _StripCell(caption, name)
            self.cells[name] = cell
            layout.addWidget(cell)
        self._reserve_widths()

    def _reserve_widths(self) -> None:
        """Each cell as wide as its longest text, so that where the strip wraps (and so its
        height) depends on the window's width only, never on the case shown."""
        moment = "0000-00-00 00:00"
        samples = {
            "current_due": moment + _(" (moved)") + _(" (provisional)"),
            "paused": _("{n} business days").format(n=99) + _(", paused now"),
            "legal_line": "0000-00-00" + max(_(" — passed!"), _(" — near!"), key=len),
        }
        for name, cell in self.cells.items():
            font = cell.value.font()
            font.setBold(True)
            width = QFontMetrics(font).horizontalAdvance(samples.get(name, moment))
            cell.value.setMinimumWidth(width + 4)
        longest = max((label(state) for state in DeadlineState), key=len)
        font = self.state_label.font()
        font.setBold(True)
        text = _("{state}: {n} business days left").format(state=longest, n=99)
        self.state_label.setMinimumWidth(QFontMetrics(font).horizontalAdvance(text) + 40)

    def value(self, name: str) -> str:
        return self.cells[name].value.text()

    def set_deadlines(self, deadlines: Deadlines, paused_now: bool = False) -> None:
        d = deadlines
        self.cells["received"].value.setText(format_moment(d.received_at))
        self.cells["effective_receipt"].value.setText(format_moment(d.effective_receipt))
        self.cells["acknowledgement_due"].value.setText(format_moment(d.acknowledgement_due))
        self.cells["original_due"].value.setText(format_moment(d.original_due))
        current = format_moment(d.current_due)
        moved = d.current_due != d.original_due
        self.cells["current_due"].value.setText(current + (_(" (moved)") if moved else ""))
        paused = _("{n} business days").format(n=d.paused_business_days)
        self.cells["paused"].value.setText(paused + (_(", paused now") if paused_now else ""))
        if d.legal_line is None:
            self.cells["legal_line"].value.setText("—")
            self.cells["legal_line"].value.setToolTip(_("— (not a rights request)"))
            self.cells["legal_line"].value.setStyleSheet("font-weight: 600;")
        else:
            self.cells["legal_line"].value.setToolTip("")
            warning = (
                _(" — passed!")
                if d.legal_line_passed
                else _(" — near!")
                if d.legal_line_near
                else ""
            )
            text = format_day(d.legal_line) + warning
            self.cells["legal_line"].value.setText(text)
            self.cells["legal_line"].value.setStyleSheet(
                "font-weight: 600;" + (" color: #8a1c24;" if warning else "")
            )
        if d.provisional:
            self.cells["current_due"].value.setText(
                self.cells["current_due"].value.text() + _(" (provisional)")
            )
            self.cells["current_due"].value.setToolTip(
                _(
                    "Provisional: the equinox holidays of that year are not officially "
                    "published yet, so the date may still move."
                )
            )
        else:
            self.cells["current_due"].value.setToolTip("")
        text = self.state_text(d)
        shown = d.state
        if d.legal_line_passed and d.state in (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON):
            # Never green "on track" once the requester may go to court.
            text, shown = _("Legal line passed") + "\n" + text, DeadlineState.OVERDUE
        self.state_label.setText(text)
        background, foreground = STATE_COLOURS[shown]
        self.state_label.setStyleSheet(
            f"background: {background}; color: {foreground}; border: none; "
            f"border-left: 4px solid {foreground}; padding: 0 10px; margin: 2px 8px 2px 0; "
            "font-weight: 600;"
        )

    @staticmethod
    def state_text(d: Deadlines) -> str:
        state = label(d.state)
        if d.state is DeadlineState.DONE:
            return state
        if d.state is DeadlineState.PAUSED:
            return _("{state}: clock stopped").format(state=state)
        if d.business_days_left == -1:
            return _("{state}: 1 business day late").format(state=state)
        if d.business_days_left < 0:
            return _("{state}: {n} business days late").format(state=state, n=-d.business_days_left)
        if d.business_days_left == 1:
            return _("{state}: 1 business day left").format(state=state)
        return _("{state}: {n} business days left").format(state=state, n=d.business_days_left)


class PersonFields:
    """The line edits of one person (requester or data subject) and their rows in a form."""

    # Marked here, translated where shown.
    FIELDS = (
        ("name", N_("Name (kanji)")),
        ("kana", N_("Kana")),
        ("birth_date", N_("Date of birth")),
        ("postal_code", N_("Postal code")),
        ("address", N_("Address")),
        ("phone", N_("Phone")),
        ("fax", N_("Fax")),
        ("email", N_("Email")),
        ("organisation", N_("Organisation (agents)")),
        ("form_of_address", N_("Form of address (English letters)")),
    )

    def __init__(self, side: str, names: tuple[str, ...]) -> None:
        self.side = side
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, FieldError] = {}
        self.rows: dict[str, QWidget] = {}
        self.form_of_address: EnumCombo[FormOfAddress] | None = None
        for name, caption in self.FIELDS:
            if name not in names:
                continue
            if name == "form_of_address":
                self.form_of_address = EnumCombo(list(FormOfAddress))
                self.form_of_address.setObjectName(f"{side}_{name}")
                self.form_of_address.setAccessibleName(_(caption))
                self.form_of_address.setToolTip(
                    _("How an English letter greets the person: Dear Mr Nakamura, or the full name")
                )
                continue
            edit: QLineEdit = OptionalDateEdit(_(caption)) if name == "birth_date" else QLineEdit()
            edit.setObjectName(f"{side}_{name}")
            edit.setAccessibleName(_(caption))
            if name != "birth_date":
                limit_text(edit, name.replace("_", " "))  # the field's code in the domain
            self.edits[name] = edit
        self.edits["name"].setPlaceholderText(_("e.g. 鈴木 恵子"))
        if "kana" in self.edits:
            self.edits["kana"].setPlaceholderText(_("e.g. スズキ ケイコ"))
        if "postal_code" in self.edits:
            self.edits["postal_code"].setPlaceholderText("170-0013")
            self.edits["postal_code"].setMaximumWidth(120)

    def add_rows(self, form: QFormLayout) -> None:
        for name, caption in self.FIELDS:
            edit: QWidget | None = self.edits.get(name)
            if name == "form_of_address":
                edit = self.form_of_address
            if edit is None:
                continue
            error = FieldError()
            holder = with_error(edit, error)
            self.errors[name] = error
            self.rows[name] = holder
            form.addRow(_(caption), holder)

    def birth_date(self) -> date | None:
        """The date of birth typed, None when empty or not asked; a ValidationError if unreadable."""
        edit = self.edits.get("birth_date")
        return edit.date_value() if isinstance(edit, OptionalDateEdit) else None

    def person_form(self) -> PersonForm:
        texts: dict[str, Any] = {
            name: edit.text().strip() for name, edit in self.edits.items() if name != "birth_date"
        }
        if self.form_of_address is not None:
            address = self.form_of_address.value() or FormOfAddress.NONE
            return PersonForm(**texts, birth_date=self.birth_date(), form_of_address=address)
        return PersonForm(**texts, birth_date=self.birth_date())

    def fill(self, person: PersonData) -> None:
        """Show a stored person's details, for editing."""
        for name, edit in self.edits.items():
            value = getattr(person, name)
            edit.setText(format_day(value) if name == "birth_date" else value or "")
        if self.form_of_address is not None:
            self.form_of_address.set_value(person.form_of_address)

    def state(self) -> dict[str, str]:
        state = {name: edit.text() for name, edit in self.edits.items()}
        if self.form_of_address is not None:
            state["form_of_address"] = str(self.form_of_address.value() or FormOfAddress.NONE)
        return state

    def restore(self, state: dict[str, Any]) -> None:
        for name, edit in self.edits.items():
            value = state.get(name)
            if isinstance(value, str):
                edit.setText(value)
        address = state.get("form_of_address")
        if self.form_of_address is not None and address in {m.value for m in FormOfAddress}:
            self.form_of_address.set_value(FormOfAddress(address))

    def has_text(self) -> bool:
        return any(edit.text().strip() for edit in self.edits.values())

    def widgets(self) -> list[QWidget]:
        """The fields in the order shown."""
        shown: list[QWidget] = []
        for name, _caption in self.FIELDS:
            widget = self.form_of_address if name == "form_of_address" else self.edits.get(name)
            if widget is not None:
                shown.append(widget)
        return shown


def read_only_table(
    headers: list[str],
    name: str,
    stretch: int | None = None,
    single: bool = False,
    title: str = "",
) -> QTableWidget:
    """A table that shows rows and selects them whole: no editing in place.

    stretch: the column that takes the spare width (else the last); single: one row at a time.
    """
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setAccessibleName(title)
    # Tab goes on to the next control; the arrow keys move through the rows (else Tab walks
    # every cell and, in a long list, seems never to leave).
    table.setTabKeyNavigation(False)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table
