"""The inline forms of actions that need more than a click (pause, extend, notice, …)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import DispatchMethod, PauseReason
from privacy_desk.i18n import _
from privacy_desk.i18n import language as screen_language
from privacy_desk.ui.case.parts import Outcome, WorkspaceMixin, make_button
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import EnumCombo, FieldError, OptionalDateEdit, refusal_text

if TYPE_CHECKING:
    from privacy_desk.services.base import Context
    from privacy_desk.services.offices import OfficeData


class ActionPanel(QFrame):
    """A small inline form for an action that needs more than a click (a reason, a date)."""

    def __init__(self, title: str, name: str, confirm: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setVerticalSpacing(4)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading, 0, 0, 1, 2)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(4)
        self.form.setHorizontalSpacing(12)
        layout.addLayout(self.form, 1, 0)
        buttons = QVBoxLayout()
        self.confirm_button = make_button(confirm, f"{name}_confirm")
        self.cancel_button = make_button(_("Cancel"), f"{name}_cancel")
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout.addLayout(buttons, 1, 1)
        self.error = FieldError()
        layout.addWidget(self.error, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)


class PanelStack(QWidget):
    """Holds the action panels and shows one at a time, only as tall as that one needs."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def addWidget(self, panel: QWidget) -> None:
        panel.hide()
        self._layout.addWidget(panel)

    def setCurrentWidget(self, panel: QWidget) -> None:
        if self._current is not None:
            self._current.hide()
        self._current = panel
        panel.show()

    def currentWidget(self) -> QWidget | None:
        return self._current


class PanelActions(WorkspaceMixin):
    """The workspace's action panels: built once, one shown at a time, confirmed by one call.

    A mixin of CaseWorkspace: the panels' fields stay attributes of the workspace, where the
    Ctrl+S path and the tests find them.
    """

    if TYPE_CHECKING:  # what it uses of CaseWorkspace
        context: Context
        panels: PanelStack
        offices: list[OfficeData]

    def _build_panels(self) -> None:
        self.pause_panel = ActionPanel(_("Pause the clock"), "pause_panel", _("Pause"))
        self.pause_reason = EnumCombo(PauseReason, _("— choose a reason —"))
        self.pause_reason.setObjectName("pause_reason")
        self.pause_note = QLineEdit()
        self.pause_note.setObjectName("pause_note")
        limit_text(self.pause_note, "pause note")
        self.pause_panel.form.addRow(_("Reason"), self.pause_reason)
        self.pause_panel.form.addRow(_("Note"), self.pause_note)

        self.extend_panel = ActionPanel(
            _("Extend the deadline (an extension notice goes to the requester)"),
            "extend_panel",
            _("Extend"),
        )
        self.extend_date = OptionalDateEdit(_("New due date"))
        self.extend_date.setObjectName("extend_date")
        self.extend_reason = QLineEdit()
        self.extend_reason.setObjectName("extend_reason")
        limit_text(self.extend_reason, "extension reason")
        self.extend_reason.setPlaceholderText(_("Required"))
        self.extend_panel.form.addRow(_("New due date"), self.extend_date)
        self.extend_panel.form.addRow(_("Reason"), self.extend_reason)

        self.notice_panel = ActionPanel(
            _("Record dispatch of the decision notice"), "notice_panel", _("Record dispatch")
        )
        self.notice_method = EnumCombo(DispatchMethod, _("— how was it sent? —"))
        self.notice_method.setObjectName("notice_method")
        self.notice_date = OptionalDateEdit(_("Sent on"))
        self.notice_date.setObjectName("notice_date")
        self.notice_tracking = QLineEdit()
        self.notice_tracking.setObjectName("notice_tracking")
        limit_text(self.notice_tracking, "tracking number")
        self.notice_tracking.setPlaceholderText(_("Needed for registered and tracked mail"))
        self.notice_letter = QComboBox()
        self.notice_letter.setObjectName("notice_letter")
        self.notice_panel.form.addRow(_("Sent by"), self.notice_method)
        self.notice_panel.form.addRow(_("Sent on"), self.notice_date)
        self.notice_panel.form.addRow(_("Tracking no."), self.notice_tracking)
        self.notice_panel.form.addRow(_("Letter"), self.notice_letter)

        self.withdraw_panel = ActionPanel(
            _("Withdraw the case (the requester withdrew the request)"),
            "withdraw_panel",
            _("Withdraw"),
        )
        self.withdraw_note = QLineEdit()
        self.withdraw_note.setObjectName("withdraw_note")
        limit_text(self.withdraw_note, "withdrawal note")
        self.withdraw_panel.form.addRow(_("Note"), self.withdraw_note)

        self.unconfirmed_panel = ActionPanel(
            _("Close because identity could not be confirmed"),
            "unconfirmed_panel",
            _("Close the case"),
        )
        self.unconfirmed_reason = QLineEdit()
        self.unconfirmed_reason.setObjectName("unconfirmed_reason")
        limit_text(self.unconfirmed_reason, "reason")
        self.unconfirmed_reason.setPlaceholderText(_("Required"))
        self.unconfirmed_panel.form.addRow(_("Reason"), self.unconfirmed_reason)

        self.reopen_panel = ActionPanel(_("Reopen the case"), "reopen_panel", _("Reopen"))
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setObjectName("reopen_reason")
        limit_text(self.reopen_reason, "reason")
        self.reopen_reason.setPlaceholderText(_("Required"))
        self.reopen_panel.form.addRow(_("Reason"), self.reopen_reason)

        self.move_panel = ActionPanel(_("Move the case to another office"), "move_panel", _("Move"))
        self.move_office = QComboBox()
        self.move_office.setObjectName("move_office")
        self.move_office.setAccessibleName(_("Office"))
        self.move_confirmation = QLabel()
        self.move_confirmation.setObjectName("move_confirmation")
        self.move_confirmation.setWordWrap(True)
        self.move_panel.form.addRow(_("To office"), self.move_office)
        self.move_panel.form.addRow(self.move_confirmation)
        self.move_office.currentIndexChanged.connect(self._on_move_office_changed)

        self._panels: dict[str, ActionPanel] = {
            "pause": self.pause_panel,
            "extend": self.extend_panel,
            "notice": self.notice_panel,
            "withdraw": self.withdraw_panel,
            "unconfirmed": self.unconfirmed_panel,
            "reopen": self.reopen_panel,
            "move": self.move_panel,
        }
        for panel in self._panels.values():
            self.panels.addWidget(panel)
            panel.cancel_button.clicked.connect(self._on_panel_cancel_clicked)

    # ---------------------------------------------------------------- actions with a form

    def open_panel(self, key: str) -> None:
        panel = self._panels[key]
        panel.error.clear_message()
        if key == "notice" and not self.notice_date.text():
            self.notice_date.set_date(self.context.today())
        if key == "move":
            self._fill_move_offices()
        self.panels.setCurrentWidget(panel)
        self.panels.show()
        first = panel.form.itemAt(0, QFormLayout.ItemRole.FieldRole)
        field = first.widget() if first is not None else None
        if field is not None:
            field.setFocus()

    def _on_panel_cancel_clicked(self) -> None:
        self.panels.hide()

    def _finish_panel(
        self, *edits: QLineEdit, combo: EnumCombo | None = None
    ) -> Callable[[], None]:
        """What to do once the action was saved: empty the panel's fields and fold it away."""

        def finish() -> None:
            for edit in edits:
                edit.clear()
            if combo is not None:
                combo.set_value(None)
            self.panels.hide()

        return finish

    def _on_pause_confirmed(self, *, then: Outcome | None = None) -> bool:
        reason = self.pause_reason.value()
        note = self.pause_note.text()
        return self.perform(
            lambda version: self.service.pause(self.case_id, version, reason, note),
            self.pause_panel.error.show_for,
            self._finish_panel(self.pause_note, combo=self.pause_reason),
            then=then,
        )

    def _on_extend_confirmed(self, *, then: Outcome | None = None) -> bool:
        try:
            new_due = self.extend_date.date_value()
        except ValidationError as exc:
            self.extend_panel.error.show_message(refusal_text(exc))
            return False
        if new_due is None:
            self.extend_panel.error.show_message(_("Type the new due date (yyyy-mm-dd)."))
            return False
        reason = self.extend_reason.text()
        due: date = new_due
        return self.perform(
            lambda version: self.service.extend(self.case_id, version, due, reason),
            self.extend_panel.error.show_for,
            self._finish_panel(self.extend_date, self.extend_reason),
            then=then,
        )

    def _on_notice_confirmed(self, *, then: Outcome | None = None) -> bool:
        method = self.notice_method.value()
        if method is None:
            self.notice_panel.error.show_message(_("Choose how the notice was sent."))
            return False
        try:
            sent_on = self.notice_date.date_value()
        except ValidationError as exc:
            self.notice_panel.error.show_message(refusal_text(exc))
            return False
        tracking = self.notice_tracking.text()
        letter_id = self.notice_letter.currentData()
        return self.perform(
            lambda version: self.service.record_notice_sent(
                self.case_id,
                version,
                method,
                sent_on,
                tracking,
                letter_id,
            ),
            self.notice_panel.error.show_for,
            self._finish_panel(self.notice_tracking, self.notice_date, combo=self.notice_method),
            then=then,
        )

    def _on_withdraw_confirmed(self, *, then: Outcome | None = None) -> bool:
        note = self.withdraw_note.text()
        return self.perform(
            lambda version: self.service.withdraw(self.case_id, version, note),
            self.withdraw_panel.error.show_for,
            self._finish_panel(self.withdraw_note),
            then=then,
        )

    def _on_unconfirmed_confirmed(self, *, then: Outcome | None = None) -> bool:
        reason = self.unconfirmed_reason.text()
        return self.perform(
            lambda version: self.service.close_identity_unconfirmed(self.case_id, version, reason),
            self.unconfirmed_panel.error.show_for,
            self._finish_panel(self.unconfirmed_reason),
            then=then,
        )

    def _on_reopen_confirmed(self, *, then: Outcome | None = None) -> bool:
        reason = self.reopen_reason.text()
        return self.perform(
            lambda version: self.service.reopen(self.case_id, version, reason),
            self.reopen_panel.error.show_for,
            self._finish_panel(self.reopen_reason),
            then=then,
        )

    # ---------------------------------------------------------------- moving to another office

    def _office_name(self, code: str) -> str:
        language = screen_language()
        return next((o.name(language) for o in self.offices if o.code == code), code)

    def _fill_move_offices(self) -> None:
        """The offices the case may move to: every other active one."""
        here = self.detail.office_code if self.detail is not None else ""
        self.move_office.blockSignals(True)
        self.move_office.clear()
        for office in self.offices:
            if office.active and office.code != here:
                self.move_office.addItem(office.name(screen_language()), office.code)
        self.move_office.blockSignals(False)
        self._on_move_office_changed()

    def _on_move_office_changed(self, *_args: object) -> None:
        """The confirmation names both offices, and what follows the move."""
        code = self.move_office.currentData()
        here = self.detail.office_code if self.detail is not None else ""
        if not code:
            self.move_confirmation.setText(_("There is no other office to move the case to."))
            self.move_panel.confirm_button.setEnabled(False)
            return
        self.move_panel.confirm_button.setEnabled(True)
        there = self._office_name(str(code))
        self.move_panel.confirm_button.setText(_("Move to {office}").format(office=there))
        self.move_confirmation.setText(
            _(
                "The case moves from {before} to {after}: its due dates follow the calendar of "
                "{after} and its letters carry the address of {after}."
            ).format(before=self._office_name(here), after=there)
        )

    def _on_move_confirmed(self, *, then: Outcome | None = None) -> bool:
        code = self.move_office.currentData()
        if not code:
            self.move_panel.error.show_message(_("Choose the office the case moves to."))
            return False
        office = str(code)
        return self.perform(
            lambda version: self.service.move_to_office(self.case_id, version, office),
            self.move_panel.error.show_for,
            self._finish_panel(),
            then=then,
        )
