"""File › Change my password: any user chooses a new password of their own, from the desk.

The current password, then the new one twice; the service (change_own_password) checks the
current one (a wrong one counts as a failed log-in), the policy and that the new one differs.
Refusals are said inside the dialog, which keeps what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.passwords import MIN_PASSWORD
from privacy_desk.i18n import _
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.users import change_own_password
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import MessageBar


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class ChangePasswordDialog(BaseDialog):
    password_changed = Signal(object)  # the Actor, as the service gave it back

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "change_password_dialog")
        self._context = context
        self._actor = actor
        self.setWindowTitle(_("Change my password"))
        intro = QLabel(
            _(
                "A new password for {login}: at least {n} characters, not your login, not a "
                "common password."
            ).format(login=actor.login, n=MIN_PASSWORD)
        )
        intro.setWordWrap(True)
        self.current_edit = _password_field("current_password")
        self.new_edit = _password_field("new_password")
        self.repeat_edit = _password_field("repeat")
        self.message = MessageBar()
        form = QFormLayout()
        for text, field in (
            (_("&Current password:"), self.current_edit),
            (_("&New password:"), self.new_edit),
            (_("&Repeat new password:"), self.repeat_edit),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", "").rstrip(":："))
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.current_edit.setFocus()

    def accept(self) -> None:
        self.message.clear_message()
        current, new = self.current_edit.text(), self.new_edit.text()
        if not current or not new:
            self._say(_("Type your current password, then the new one twice."))
            return
        if new != self.repeat_edit.text():
            self._say(_("The two passwords differ. Type the same password twice."))
            self.repeat_edit.setFocus()
            self.repeat_edit.selectAll()
            return
        context, actor = self._context, self._actor
        ServiceOp(self, lambda: change_own_password(context, actor, current, new)).block().success(
            self._on_changed
        ).failure(self._on_refused).run()

    def _on_changed(self, actor: Actor) -> None:
        self.password_changed.emit(actor)
        super().accept()

    def _on_refused(self, exc: DomainError) -> None:
        self._say(exc.message)

    def _say(self, text: str) -> None:
        self.message.show_message(text)
        self.grow_to_fit()
