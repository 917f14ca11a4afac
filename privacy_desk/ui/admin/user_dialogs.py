"""The small dialogs of Administration › Users: add a user (in an office), change a role, reset
a password, move a user to another office (after a confirmation naming both offices).

Each calls its service on the thread pool (ServiceOp), keeps what was typed when a rule refuses
it and says why inside the dialog; it closes only when the change is made, emitting `done` with
the service's answer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.passwords import MIN_PASSWORD
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _, language, pgettext
from privacy_desk.services.dto import UserAccount
from privacy_desk.services.offices import OfficeData
from privacy_desk.services.users import AdminService
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import EnumCombo, MessageBar


def password_field(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible)
    field.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD))
    return field


class _UserDialog(BaseDialog):
    """A form, a message line, OK and Cancel; subclasses build the form and make the call."""

    done_with = Signal(object)  # what the service answered

    def __init__(self, service: AdminService, title: str, name: str, parent: QWidget | None):
        super().__init__(parent, name)
        self.service = service
        self.setWindowTitle(title)
        self.message = MessageBar()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("ok_button")
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def say(self, text: str) -> None:
        self.message.show_message(text)
        self.grow_to_fit()  # the whole refusal, wrapped, under the form

    def accept(self) -> None:
        # OK, Enter and Ctrl+Enter come here: the dialog closes when the service said yes.
        self.message.clear_message()
        call = self.call()
        if call is None:
            return
        ServiceOp(self, call).block().success(self._on_done).failure(self._on_refused).run()

    def call(self) -> Any:
        raise NotImplementedError

    def _on_done(self, result: object) -> None:
        self.done_with.emit(result)
        super().accept()

    def _on_refused(self, exc: DomainError) -> None:
        self.say(exc.message)


def _same_twice(dialog: _UserDialog, first: QLineEdit, second: QLineEdit) -> bool:
    if first.text() != second.text():
        dialog.say(_("The two passwords differ. Type the same password twice."))
        second.setFocus()
        second.selectAll()
        return False
    return True


def office_combo(offices: list[OfficeData], chosen: str | None) -> QComboBox:
    """The open offices by their whole name in the screen's language (本部（東京）), each
    carrying its code; `chosen` (a code) selected, else the first."""
    combo = QComboBox()
    combo.setObjectName("office")
    combo.setAccessibleName(_("Office"))
    for office in offices:
        if office.active:
            combo.addItem(office.name(language()), office.code)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo


class AddUserDialog(_UserDialog):
    def __init__(
        self,
        service: AdminService,
        parent: QWidget | None = None,
        offices: list[OfficeData] | None = None,
        own_office: str | None = None,
    ) -> None:
        super().__init__(service, _("Add a user"), "add_user_dialog", parent)
        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("login")
        self.login_edit.setAccessibleName(_("Login"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        self.name_edit.setAccessibleName(_("Name"))
        limit_text(self.name_edit, "user's name")
        self.role_combo: EnumCombo[UserRole] = EnumCombo(list(UserRole))
        self.role_combo.setObjectName("role")
        self.role_combo.setAccessibleName(_("Role"))
        # The administrator's own office at first; the others of the offices service to choose.
        self.office_combo = office_combo(offices or [], own_office)
        self.password_edit = password_field("password", _("Password"))
        self.repeat_edit = password_field("repeat", _("Repeat password"))
        self.form.addRow(_("&Login:"), self.login_edit)
        self.form.addRow(_("&Name:"), self.name_edit)
        self.form.addRow(_("R&ole:"), self.role_combo)
        self.form.addRow(_("O&ffice:"), self.office_combo)
        self.form.addRow(_("&Password:"), self.password_edit)
        self.form.addRow(_("&Repeat password:"), self.repeat_edit)
        self.setMinimumWidth(440)
        self.login_edit.setFocus()

    def call(self) -> Any:
        if not _same_twice(self, self.password_edit, self.repeat_edit):
            return None
        service, role = self.service, self.role_combo.value() or UserRole.STAFF
        login, name, password = (
            self.login_edit.text(),
            self.name_edit.text(),
            self.password_edit.text(),
        )
        office = self.office_combo.currentData()  # None without offices: the service's first
        return lambda: service.add_user(login, name, role, password, office=office)


class ChangeRoleDialog(_UserDialog):
    def __init__(
        self, service: AdminService, account: UserAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, _("Change role"), "change_role_dialog", parent)
        self.account = account
        self.intro.setText(
            _("The role of {login} ({name}). They log in again to work with the new role.").format(
                login=account.login, name=account.name
            )
        )
        self.intro.show()
        self.role_combo: EnumCombo[UserRole] = EnumCombo(list(UserRole))
        self.role_combo.setObjectName("role")
        self.role_combo.setAccessibleName(_("Role"))
        self.role_combo.set_value(account.role)
        self.form.addRow(_("R&ole:"), self.role_combo)
        self.setMinimumWidth(400)
        self.role_combo.setFocus()

    def call(self) -> Any:
        service, user_id = self.service, self.account.id
        role = self.role_combo.value() or self.account.role
        return lambda: service.set_role(user_id, role)


class ResetPasswordDialog(_UserDialog):
    def __init__(
        self, service: AdminService, account: UserAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(service, _("Reset password"), "reset_password_dialog", parent)
        self.account = account
        self.intro.setText(
            _(
                "A temporary password for {login} ({name}). Give it to them in person; they "
                "must choose a new one at their next log-in. A lock-out ends with it."
            ).format(login=account.login, name=account.name)
        )
        self.intro.show()
        self.password_edit = password_field("password", _("Temporary password"))
        self.repeat_edit = password_field("repeat", _("Repeat password"))
        self.form.addRow(_("&Temporary password:"), self.password_edit)
        self.form.addRow(_("&Repeat password:"), self.repeat_edit)
        self.setMinimumWidth(440)
        self.password_edit.setFocus()

    def call(self) -> Any:
        if not _same_twice(self, self.password_edit, self.repeat_edit):
            return None
        service, user_id, password = self.service, self.account.id, self.password_edit.text()
        return lambda: service.reset_password(user_id, password)


class MoveOfficeDialog(_UserDialog):
    """Choose the office a user moves to; a confirmation naming their login and both offices
    comes before the move (AdminService.set_user_office)."""

    def __init__(
        self,
        service: AdminService,
        account: UserAccount,
        offices: list[OfficeData],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(service, _("Move to office"), "move_office_dialog", parent)
        self.account = account
        self.names = {o.code: o.name(language()) for o in offices}
        self.confirm_box: QMessageBox | None = None
        self.intro.setText(
            _(
                "{login} ({name}) works in {office}. Choose the office they move to: their new "
                "cases are made there and their queues show it first."
            ).format(
                login=account.login, name=account.name, office=self.office_name(account.office_code)
            )
        )
        self.intro.show()
        others = [o.code for o in offices if o.active and o.code != account.office_code]
        self.office_combo = office_combo(offices, others[0] if others else account.office_code)
        self.form.addRow(_("&Move to:"), self.office_combo)
        self.setMinimumWidth(420)
        self.office_combo.setFocus()

    def office_name(self, code: str | None) -> str:
        return self.names.get(code or "", code or "")

    def accept(self) -> None:
        self.message.clear_message()
        new = self.office_combo.currentData()
        old = self.account.office_code
        if new is None:
            return
        if new == old:
            self.say(
                _("{login} already works in {office}.").format(
                    login=self.account.login, office=self.office_name(new)
                )
            )
            return
        box = QMessageBox(self)
        box.setObjectName("move_office_confirm")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Move to office"))
        box.setText(
            _("Move {login} from {old} to {new}?").format(
                login=self.account.login, old=self.office_name(old), new=self.office_name(new)
            )
        )
        box.setInformativeText(
            _("Their new cases are made in {new}; the cases they have stay where they are.").format(
                new=self.office_name(new)
            )
        )
        move = box.addButton(pgettext("UserOffice", "Move"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(move)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._confirmed(button, move))
        self.confirm_box = box
        box.open()

    def _confirmed(self, button: QAbstractButton, move: QAbstractButton) -> None:
        if button is move:
            super().accept()  # the service call, the dialog closing when it is made

    def call(self) -> Any:
        service, user_id = self.service, self.account.id
        office = self.office_combo.currentData()
        return lambda: service.set_user_office(user_id, office)
