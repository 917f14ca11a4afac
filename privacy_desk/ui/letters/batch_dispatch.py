"""Recording the dispatch of several issued letters at once: one way of sending, one date.

`BatchDispatchDialog` offers only the ways of sending without a tracking number (a registered
letter has its own number, recorded one by one on its case). The records are made in the
background (`ServiceOp`, the dialog held meanwhile), each letter its own action; the letters
refused are listed with the reason and the others stay recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QWidget,
)

from privacy_desk.domain.vocabulary import DispatchMethod
from privacy_desk.i18n import _, label, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.letters import LetterService
from privacy_desk.ui.letters.dispatch import RecordingDialog
from privacy_desk.ui.widgets import MessageBar, day_of


class BatchDispatchDialog(RecordingDialog):
    """One way of sending and one date for several issued letters."""

    def __init__(
        self,
        context: Context,
        actor: Actor,
        letter_ids: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, "batch_dispatch")
        self.context = context
        self.actor = actor
        self.letter_ids = list(letter_ids)
        self.refused: tuple[tuple[int, str], ...] | None = None
        n = len(self.letter_ids)
        self.setWindowTitle(_("Record dispatch"))
        self.intro_label = QLabel(
            ngettext(
                "Record how and when the {n} letter was sent.",
                "Record how and when the {n} letters were sent, all the same way on the same day.",
                n,
            ).format(n=n)
        )
        self.intro_label.setWordWrap(True)
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("batch_dispatch_method")
        for method in DispatchMethod:
            if not method.has_tracking_number:
                self.method_combo.addItem(label(method), method.value)
        self.tracking_note = QLabel(
            _("Registered letters have a tracking number each: record them on their case.")
        )
        self.tracking_note.setWordWrap(True)
        today = context.today()
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("batch_dispatch_date")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.error_bar = MessageBar()
        form = QFormLayout()
        form.addRow(_("Sent by"), self.method_combo)
        form.addRow("", self.tracking_note)
        form.addRow(_("Sent on"), self.date_edit)
        self.lay_out(form)
        self.record_button.setEnabled(bool(self.letter_ids))
        self.setMinimumWidth(460)

    def method(self) -> DispatchMethod:
        return DispatchMethod(self.method_combo.currentData())

    def set_method(self, method: DispatchMethod) -> None:
        self.method_combo.setCurrentIndex(self.method_combo.findData(method.value))

    def day(self) -> date:
        return day_of(self.date_edit.date())

    def record(self) -> Callable[[], tuple[tuple[int, str], ...]]:
        service = LetterService(self.context, self.actor)
        ids, method, day = list(self.letter_ids), self.method(), self.day()
        self.error_bar.clear_message()
        return lambda: service.record_dispatch_batch(ids, method, day)

    def keep(self, result: tuple[tuple[int, str], ...]) -> None:
        self.refused = result

    def message(self) -> str:
        return self.error_bar.message()
