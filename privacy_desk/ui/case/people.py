"""The requester and the data subject: how they read in the header, and the dialog that edits them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import _
from privacy_desk.services.dto import PersonData, PersonForm
from privacy_desk.ui.case.parts import make_button
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.widgets import FieldError, PersonFields, format_day, refusal_text

if TYPE_CHECKING:
    pass


# ==================================================================== people


class PersonDialog(BaseDialog):
    """Edit the requester or the data subject; saving goes through the workspace's calls."""

    def __init__(
        self,
        person: PersonData,
        title: str,
        on_save: Callable[[PersonForm, FieldError, Callable[[], None]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, name="person_edit")
        self.setWindowTitle(title)
        self.person = person
        self._on_save = on_save
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = PersonFields("person", tuple(name for name, _ in PersonFields.FIELDS))
        self.fields.add_rows(form)
        self.fields.fill(person)
        self.edits = self.fields.edits
        for edit in self.edits.values():
            edit.setMinimumWidth(360)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = make_button(_("Save"), "person_save")
        self.cancel_button = make_button(_("Cancel"), "person_cancel")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)

    def person_form(self) -> PersonForm:
        return self.fields.person_form()

    def accept(self) -> None:
        self.error.clear_message()
        try:
            form = self.person_form()
        except ValidationError as exc:
            self.error.show_message(refusal_text(exc))
            return
        # The workspace saves in the background and closes the dialog once the save went through.
        self._on_save(form, self.error, self._on_saved)

    def _on_saved(self) -> None:
        super().accept()


def person_text(person: PersonData, with_contact: bool = True) -> str:
    lines = [person.name]
    if person.kana:
        lines[0] += f"（{person.kana}）"
    if person.birth_date:
        lines.append(_("Born {date}").format(date=format_day(person.birth_date)))
    if with_contact:
        address = " ".join(
            p
            for p in (f"〒{person.postal_code}" if person.postal_code else "", person.address)
            if p
        )
        if address:
            lines.append(address)
        contact = " · ".join(
            p
            for p in (
                _("Tel {n}").format(n=person.phone) if person.phone else "",
                _("Fax {n}").format(n=person.fax) if person.fax else "",
                person.email,
            )
            if p
        )
        if contact:
            lines.append(contact)
        if person.organisation:
            lines.append(person.organisation)
    return "\n".join(lines)
