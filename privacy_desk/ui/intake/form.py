"""The fields of an intake: who is contacting, the requester, the data subject, what is asked.

`IntakeFields` lays them out in two columns, reads them into the service's `IntakeForm`, keeps
and restores them as a draft, and knows which field a refusal is about so the dialog can show
the refusal beside it. An earlier record of a person can be reused instead of typing a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.contact_numbers import format_phone, format_postal_code
from privacy_desk.domain.errors import DomainError, IndividualNumberRefused, ValidationError
from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.domain.names import widen_kana
from privacy_desk.domain.vocabulary import Channel, RequesterRole, RequestKind
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import IntakeForm, PersonForm, SimilarCase
from privacy_desk.ui.intake.measures import KIND_ORDER, MeasureFields
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import (
    EnumCombo,
    FieldError,
    MomentEdit,
    PersonFields,
    mark_invalid,
    with_error,
)

KNOWN_STYLE = "color: #2f3f52; background: #e8edf3; padding: 4px;"

_TIDY: dict[str, Callable[[str], str]] = {
    "name": widen_kana,
    "kana": widen_kana,
    "postal_code": format_postal_code,
    "phone": format_phone,
    "fax": format_phone,
}


def _tidy_edit(edit: QLineEdit, tidy: Callable[[str], str]) -> None:
    """Show the field's text as it will be stored; text that can not be read stays as typed
    (saving says why, beside the field)."""
    try:
        tidied = tidy(edit.text())
    except ValidationError:
        return
    if tidied != edit.text():
        edit.setText(tidied)


class IntakeFields(QWidget):
    """Everything typed at an intake, in two columns: the people left, the request right."""

    changed = Signal()
    person_edited = Signal(str)  # "requester" or "subject"
    # An input method began (or went on) composing a word in a field that searches: what is
    # half-composed is not text yet, so nothing may be searched until it is committed.
    composing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._known_person: tuple[str, int] | None = None
        self._composing: set[QObject] = set()
        self._build()
        self._connect()

    def _build(self) -> None:
        columns = QHBoxLayout(self)
        columns.setContentsMargins(0, 0, 6, 0)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)

        # -- who is contacting
        contact_box = QGroupBox(_("Contact"))
        contact_form = QFormLayout(contact_box)
        self.channel_combo = EnumCombo(Channel)
        self.channel_combo.setObjectName("channel")
        self.received_edit = MomentEdit()
        self.received_edit.setObjectName("received_at")
        # Its label's buddy is the row holding it and its error: the field says its own name.
        self.received_edit.setAccessibleName(_("Received (Japan time)"))
        self.received_error = FieldError()
        received_row = QWidget()
        received_column = QVBoxLayout(received_row)
        received_column.setContentsMargins(0, 0, 0, 0)
        received_column.addWidget(self.received_edit)
        received_column.addWidget(self.received_error)
        self.role_combo = EnumCombo(RequesterRole)
        self.role_combo.setObjectName("requester_role")
        contact_form.addRow(_("Channel"), self.channel_combo)
        contact_form.addRow(_("Received (Japan time)"), received_row)
        contact_form.addRow(_("Who is contacting"), self.role_combo)
        left.addWidget(contact_box)

        self.requester_box = QGroupBox(_("Requester"))
        requester_form = QFormLayout(self.requester_box)
        self.requester = PersonFields("requester", tuple(n for n, _ in PersonFields.FIELDS))
        self.requester.add_rows(requester_form)
        self._requester_form = requester_form
        self.requester_known = QLabel()
        self.requester_known.setWordWrap(True)
        self.requester_known.setObjectName("requester_known")
        self.requester_known.setStyleSheet(KNOWN_STYLE)
        self.requester_known.hide()
        requester_form.insertRow(0, self.requester_known)
        left.addWidget(self.requester_box)

        self.subject_box = QGroupBox(_("Data subject (the person the data is about)"))
        subject_form = QFormLayout(self.subject_box)
        self.subject = PersonFields(
            "subject", ("name", "kana", "birth_date", "postal_code", "address", "phone")
        )
        self.subject_known = QLabel()
        self.subject_known.setWordWrap(True)
        self.subject_known.setObjectName("subject_known")
        self.subject_known.setStyleSheet(KNOWN_STYLE)
        self.subject_known.hide()
        subject_form.addRow(self.subject_known)
        self.subject.add_rows(subject_form)
        left.addWidget(self.subject_box)
        left.addStretch(1)

        # -- what is asked
        kinds_box = QGroupBox(_("What is asked (tick every kind that applies)"))
        kinds_layout = QVBoxLayout(kinds_box)
        kinds_layout.setSpacing(2)
        self.measures: dict[RequestKind, MeasureFields] = {}
        for kind in KIND_ORDER:
            fields = MeasureFields(kind)
            self.measures[kind] = fields
            kinds_layout.addWidget(fields)
        self.kinds_error = FieldError()
        kinds_layout.addWidget(self.kinds_error)
        right.addWidget(kinds_box)

        notes_box = QGroupBox(_("Notes and letters"))
        notes_form = QFormLayout(notes_box)
        self.summary_edit = QLineEdit()
        self.summary_edit.setObjectName("summary")
        self.summary_edit.setAccessibleName(_("Summary"))
        limit_text(self.summary_edit, "summary")
        self.summary_edit.setPlaceholderText(_("One line: what the case is about"))
        self.summary_error = FieldError()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("contact_note")
        self.note_edit.setAccessibleName(_("Note"))
        limit_text(self.note_edit, "contact note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(_("The call note, or the email or fax text as received"))
        self.note_edit.setMinimumHeight(110)
        self.note_error = FieldError()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("letter_language")
        self.language_combo.addItem(_("Japanese"), "ja")
        self.language_combo.addItem(_("English"), "en")
        self.large_print_check = QCheckBox(_("Large print letters"))
        self.large_print_check.setObjectName("large_print")
        notes_form.addRow(_("Summary"), with_error(self.summary_edit, self.summary_error))
        notes_form.addRow(_("Note"), with_error(self.note_edit, self.note_error))
        notes_form.addRow(_("Letters in"), self.language_combo)
        notes_form.addRow("", self.large_print_check)
        right.addWidget(notes_box)
        right.addStretch(1)

    def _connect(self) -> None:
        self.role_combo.currentIndexChanged.connect(self.update_role)
        for side, fields in (("requester", self.requester), ("subject", self.subject)):
            for name in ("name", "kana", "birth_date", "phone", "email"):
                if name not in fields.edits:
                    continue  # the data subject has no email field
                edit = fields.edits[name]
                edit.textChanged.connect(lambda _text, s=side: self._on_person_text_changed(s))
                edit.installEventFilter(self)
        for edits in (self.requester.edits, self.subject.edits):
            for edit in edits.values():
                edit.textChanged.connect(self.changed)
            # Shown as stored once the field is left: ｻﾄｳ as サトウ, 1700013 as 170-0013.
            for name, tidy in _TIDY.items():
                if name in edits:
                    edit = edits[name]
                    edit.editingFinished.connect(lambda e=edit, t=tidy: _tidy_edit(e, t))
        for measure in self.measures.values():
            measure.toggled.connect(self.changed)
            measure.requested.textChanged.connect(self.changed)
            if measure.method:
                measure.method.currentIndexChanged.connect(self.changed)
            if measure.grounds:
                measure.grounds.changed.connect(self.changed)
            if measure.recipient:
                measure.recipient.textChanged.connect(self.changed)
        self.summary_edit.textChanged.connect(self.changed)
        self.note_edit.textChanged.connect(self.changed)
        self.language_combo.currentIndexChanged.connect(self.changed)
        self.large_print_check.toggled.connect(self.changed)
        self.received_edit.dateTimeChanged.connect(self.changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note which fields an input method is composing in (seen before the field takes it)."""
        if event.type() == QEvent.Type.InputMethod and isinstance(event, QInputMethodEvent):
            if event.preeditString():
                self._composing.add(watched)
                self.composing.emit()
            else:
                self._composing.discard(watched)
        return super().eventFilter(watched, event)

    def is_composing(self) -> bool:
        """Whether an input method holds a half-composed word in a field that searches."""
        return bool(self._composing)

    def _on_person_text_changed(self, side: str) -> None:
        if not self.is_composing():
            self.person_edited.emit(side)

    def focus_chain(self) -> list[QWidget]:
        """The fields in the order the Tab key visits them."""
        chain: list[QWidget] = [
            self.channel_combo,
            self.received_edit,
            self.role_combo,
            *self.requester.widgets(),
            *self.subject.widgets(),
        ]
        for kind in KIND_ORDER:
            chain += self.measures[kind].widgets()
        return [
            *chain,
            self.summary_edit,
            self.note_edit,
            self.language_combo,
            self.large_print_check,
        ]

    def update_role(self) -> None:
        """Show the data subject and the organisation only for the roles that have them."""
        role = self.role_combo.value()
        is_person = role in (None, RequesterRole.PERSON)
        self.subject_box.setVisible(not is_person)
        self._requester_form.setRowVisible(
            self.requester.rows["organisation"], role is RequesterRole.AGENT
        )
        self.requester_box.setTitle(
            _("Requester: {role}").format(role=label(role))
            if role is not None and not is_person
            else _("Requester (the person)")
        )
        self.changed.emit()

    def person_search(self, side: str) -> tuple[str, str, date | None, str]:
        """Name, kana, birth date (if readable) and phone of one side, to find earlier cases."""
        fields = self.requester if side == "requester" else self.subject
        edits = fields.edits
        try:
            birth = fields.birth_date()
        except ValidationError:
            birth = None
        return edits["name"].text(), edits["kana"].text(), birth, edits["phone"].text()

    # ---------------------------------------------------------------- a known person

    def use_known_person(self, side: str, chosen: SimilarCase) -> None:
        """Reuse the earlier record of this person: the typed details of that side are set aside."""
        self._known_person = (side, chosen.person_id)
        fields = self.requester if side == "requester" else self.subject
        notice = self.requester_known if side == "requester" else self.subject_known
        notice.setText(
            _(
                "Uses the earlier record of {name} (from {reference}). The details typed "
                "below are not saved for this person: change them later with Edit in the case."
            ).format(name=chosen.name, reference=chosen.reference)
        )
        notice.show()
        for edit in fields.edits.values():
            edit.setEnabled(False)
        other_notice = self.subject_known if side == "requester" else self.requester_known
        other_notice.hide()
        other = self.subject if side == "requester" else self.requester
        for edit in other.edits.values():
            edit.setEnabled(True)

    def forget_known_person(self) -> None:
        self._known_person = None
        for notice in (self.requester_known, self.subject_known):
            notice.hide()
        for fields in (self.requester, self.subject):
            for edit in fields.edits.values():
                edit.setEnabled(True)

    # ---------------------------------------------------------------- reading

    def intake_form(self, link_case_ids: tuple[int, ...]) -> IntakeForm:
        """What was typed, as the service takes it; a ValidationError for unreadable input."""
        role = self.role_combo.value() or RequesterRole.PERSON
        known_side, known_id = self._known_person or ("", None)
        requester_id = known_id if known_side == "requester" else None
        subject_id = known_id if known_side == "subject" else None
        requester = (
            PersonForm(name=self.requester.edits["name"].text().strip())
            if requester_id is not None
            else self.requester.person_form()
        )
        subject = None
        if role is not RequesterRole.PERSON and subject_id is None:
            subject = self.subject.person_form()
        measures = tuple(
            self.measures[kind].measure_form()
            for kind in KIND_ORDER
            if self.measures[kind].check.isChecked()
        )
        return IntakeForm(
            channel=self.channel_combo.value() or Channel.PHONE,
            received_at=self.received_edit.moment(),
            requester=requester,
            measures=measures,
            requester_role=role,
            subject=subject,
            summary=self.summary_edit.text().strip(),
            contact_note=self.note_edit.toPlainText().strip(),
            letter_language=self.language_combo.currentData(),
            large_print=self.large_print_check.isChecked(),
            link_case_ids=link_case_ids,
            requester_person_id=requester_id,
            subject_person_id=subject_id if role is not RequesterRole.PERSON else None,
        )

    def has_typed_text(self) -> bool:
        return bool(
            self.requester.has_text()
            or self.subject.has_text()
            or self.summary_edit.text().strip()
            or self.note_edit.toPlainText().strip()
            or any(m.has_text() for m in self.measures.values())
        )

    # ---------------------------------------------------------------- refusals

    def clear_errors(self) -> None:
        for error in self.findChildren(FieldError):
            error.clear_message()
        for widget in self.findChildren(QWidget):
            if widget.property("invalid"):
                mark_invalid(widget, False)

    def _field_targets(self) -> dict[str, tuple[QWidget, FieldError]]:
        r, s = self.requester, self.subject
        targets: dict[str, tuple[QWidget, FieldError]] = {
            "measures": (self.measures[KIND_ORDER[0]].check, self.kinds_error),
            "received_at": (self.received_edit, self.received_error),
            "summary": (self.summary_edit, self.summary_error),
            "contact note": (self.note_edit, self.note_error),
            "subject": (s.edits["name"], s.errors["name"]),
            "The requester's name": (r.edits["name"], r.errors["name"]),
            "requester's name": (r.edits["name"], r.errors["name"]),
            "requester's kana": (r.edits["kana"], r.errors["kana"]),
            "The data subject's name": (s.edits["name"], s.errors["name"]),
            "data subject's name": (s.edits["name"], s.errors["name"]),
            "data subject's kana": (s.edits["kana"], s.errors["kana"]),
            "email": (r.edits["email"], r.errors["email"]),
            "email address": (r.edits["email"], r.errors["email"]),
            "postal code": (r.edits["postal_code"], r.errors["postal_code"]),
            "address": (r.edits["address"], r.errors["address"]),
            "phone number": (r.edits["phone"], r.errors["phone"]),
            "fax number": (r.edits["fax"], r.errors["fax"]),
            "organisation": (r.edits["organisation"], r.errors["organisation"]),
            "requester's postal code": (r.edits["postal_code"], r.errors["postal_code"]),
            "requester's phone number": (r.edits["phone"], r.errors["phone"]),
            "requester's fax number": (r.edits["fax"], r.errors["fax"]),
            "data subject's postal code": (s.edits["postal_code"], s.errors["postal_code"]),
            "data subject's phone number": (s.edits["phone"], s.errors["phone"]),
        }
        for fields in (r, s):
            for name, edit in fields.edits.items():
                targets[edit.objectName()] = (edit, fields.errors[name])
        return targets

    def _text_fields(self) -> list[tuple[QWidget, str, FieldError]]:
        """Every free-text field with its text and the error label beside it."""
        found: list[tuple[QWidget, str, FieldError]] = []
        for fields in (self.requester, self.subject):
            for name, edit in fields.edits.items():
                found.append((edit, edit.text(), fields.errors[name]))
        found.append((self.summary_edit, self.summary_edit.text(), self.summary_error))
        found.append((self.note_edit, self.note_edit.toPlainText(), self.note_error))
        for measure in self.measures.values():
            found.append((measure.requested, measure.requested.text(), self.kinds_error))
            if measure.recipient:
                found.append((measure.recipient, measure.recipient.text(), self.kinds_error))
        return found

    def show_refusal(self, exc: DomainError, message: str) -> list[QWidget]:
        """Show the refusal beside the fields it is about; those fields, first first."""
        targets: list[tuple[QWidget, FieldError]] = []
        if isinstance(exc, IndividualNumberRefused):
            # The service names the first field only; mark every field that holds a number.
            targets = [
                (widget, error)
                for widget, text, error in self._text_fields()
                if text and contains_individual_number(text)
            ]
        elif exc.field and exc.field in self._field_targets():
            targets = [self._field_targets()[exc.field]]
        for widget, error in targets:
            mark_invalid(widget, True)
            error.show_message(message)
        return [widget for widget, _error in targets]

    # ---------------------------------------------------------------- drafts

    def draft_content(self) -> dict[str, Any]:
        return {
            "channel": (self.channel_combo.value() or Channel.PHONE).value,
            "received_at": self.received_edit.moment().isoformat(),
            "role": (self.role_combo.value() or RequesterRole.PERSON).value,
            "requester": self.requester.state(),
            "subject": self.subject.state(),
            "measures": {kind.value: f.state() for kind, f in self.measures.items()},
            "summary": self.summary_edit.text(),
            "note": self.note_edit.toPlainText(),
            "language": self.language_combo.currentData(),
            "large_print": self.large_print_check.isChecked(),
        }

    def restore(self, content: dict[str, Any]) -> None:
        """Put a draft's content back into the fields."""
        try:
            self.channel_combo.set_value(Channel(content.get("channel", "phone")))
            if content.get("received_at"):
                self.received_edit.set_moment(datetime.fromisoformat(content["received_at"]))
            self.role_combo.set_value(RequesterRole(content.get("role", "person")))
        except ValueError:
            pass  # an unreadable part of a draft keeps the dialog's defaults
        self.requester.restore(content.get("requester") or {})
        self.subject.restore(content.get("subject") or {})
        for kind, fields in self.measures.items():
            state = (content.get("measures") or {}).get(kind.value)
            if isinstance(state, dict):
                fields.restore(state)
        self.summary_edit.setText(str(content.get("summary") or ""))
        self.note_edit.setPlainText(str(content.get("note") or ""))
        index = self.language_combo.findData(content.get("language") or "ja")
        self.language_combo.setCurrentIndex(max(index, 0))
        self.large_print_check.setChecked(bool(content.get("large_print")))
