"""Recording how and when an issued letter left: method, date, a tracking number where one exists.

The record is made in the background (`ServiceOp`, the dialog held meanwhile); a refusal is shown
in the dialog, which stays open with everything as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import DispatchMethod
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import CaseDetail, LetterData
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.letters.common import kind_label, language_label
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import (
    MessageBar,
    day_of,
    format_moment,
    mark_invalid,
    refusal_text,
)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class RecordingDialog(BaseDialog):
    """A dialog whose OK (and Ctrl+Enter) records what it holds through a service call off the
    window's thread, and closes once it is recorded; a refusal is said in its error bar and
    everything typed stays."""

    error_bar: MessageBar
    intro_label: QLabel
    _recorded = False

    def lay_out(self, form: QFormLayout) -> None:
        """The intro, the error bar, the form, then Record dispatch and Cancel (Enter records)."""
        self.buttons = QDialogButtonBox()
        self.record_button = self.buttons.addButton(
            _("Record dispatch"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setObjectName("record_button")
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.error_bar)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def record(self) -> Callable[[], object]:
        """The call that records what the dialog holds."""
        raise NotImplementedError

    def keep(self, result: Any) -> None:
        """Keep the recording call's answer (the dialog closes after)."""

    def _on_buttons_accepted(self) -> None:
        ServiceOp(self, self.record()).block().success(self._on_recorded).failure(
            self._on_refused
        ).run()

    def _on_recorded(self, result: object) -> None:
        self.keep(result)
        self._recorded = True
        super().accept()

    def accept(self) -> None:
        # Ctrl+Enter (BaseDialog) comes here too: record first, close when it is recorded.
        if not self._recorded:
            self._on_buttons_accepted()
            return
        super().accept()

    def _on_refused(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.error_bar.show_message(refusal_text(exc))


class DispatchDialog(RecordingDialog):
    """How and when an issued letter left: method, date, and the tracking number where one exists."""

    def __init__(
        self,
        letter: LetterData,
        today: date,
        submit: Callable[[DispatchMethod, date, str], CaseDetail],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, "record_dispatch")
        self.submit = submit
        self.detail: CaseDetail | None = None
        self.setWindowTitle(_("Record dispatch of letter {n}").format(n=letter.number))

        self.intro_label = QLabel(
            _("Letter {n}: {kind} ({language}), issued {issued}.").format(
                n=letter.number,
                kind=kind_label(letter.kind),
                language=language_label(letter.language),
                issued=format_moment(letter.issued_at),
            )
        )
        self.intro_label.setWordWrap(True)
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("dispatch_method")
        for method in DispatchMethod:
            self.method_combo.addItem(label(method), method.value)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("dispatch_date")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(_qdate(today))
        self.date_edit.setDate(_qdate(letter.dispatched_on or today))
        self.tracking_edit = QLineEdit()
        self.tracking_edit.setObjectName("tracking_number")
        limit_text(self.tracking_edit, "tracking number")
        self.tracking_label = QLabel(_("Tracking number"))
        self.tracking_label.setBuddy(self.tracking_edit)
        self.error_bar = MessageBar()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Sent by"), self.method_combo)
        form.addRow(_("Sent on"), self.date_edit)
        form.addRow(self.tracking_label, self.tracking_edit)
        self.lay_out(form)
        self.method_combo.currentIndexChanged.connect(self._on_method_changed)
        if letter.dispatch_method is not None:
            self.set_method(letter.dispatch_method)
            self.tracking_edit.setText(letter.tracking_number)
        self._on_method_changed()
        self.setMinimumWidth(460)

    def method(self) -> DispatchMethod:
        return DispatchMethod(self.method_combo.currentData())

    def set_method(self, method: DispatchMethod) -> None:
        self.method_combo.setCurrentIndex(self.method_combo.findData(method.value))

    def _on_method_changed(self) -> None:
        needed = self.method().has_tracking_number
        self.tracking_edit.setEnabled(needed)
        self.tracking_label.setEnabled(needed)
        self.tracking_edit.setPlaceholderText(
            _("Required for {method}").format(method=label(self.method())) if needed else ""
        )
        if not needed:
            mark_invalid(self.tracking_edit, False)
            self.error_bar.clear_message()

    def record(self) -> Callable[[], CaseDetail]:
        method = self.method()
        tracking = self.tracking_edit.text().strip() if method.has_tracking_number else ""
        day = day_of(self.date_edit.date())
        mark_invalid(self.tracking_edit, False)
        submit = self.submit
        return lambda: submit(method, day, tracking)

    def keep(self, result: CaseDetail) -> None:
        self.detail = result

    def _on_refused(self, exc: BaseException) -> None:
        super()._on_refused(exc)  # the dialog stays open with everything as typed
        if isinstance(exc, DomainError) and exc.field in ("tracking_number", "tracking number"):
            mark_invalid(self.tracking_edit, True)
            self.tracking_edit.setFocus()

    def message(self) -> str:
        return self.error_bar.message()
