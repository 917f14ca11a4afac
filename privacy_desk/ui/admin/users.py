"""Administration › Users: who may use the desk, in which role, and the state of their log-in.

A table of every user (login, name, role, active, last log-in, failed attempts, locked until), a
summary of who holds which role, and the actions: Add… (in an office), Disable/Enable, Change
role…, Reset password…, Unlock, Move to office…, as buttons and in the table's context menu. Users are never deleted (the history keeps their name). Every call goes
through ServiceOp; a refusal (the last active administrator, a weak password) is shown in the
message bar and nothing changes. The rules are the service's (services/users.py AdminService).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _, label, language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.dto import UserAccount, UserData
from privacy_desk.services.offices import OfficeData, list_offices
from privacy_desk.services.users import AdminService
from privacy_desk.ui.admin.user_dialogs import (
    AddUserDialog,
    ChangeRoleDialog,
    MoveOfficeDialog,
    ResetPasswordDialog,
)
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import MessageBar, format_moment

COLUMNS = 8


def role_summary(accounts: list[UserAccount]) -> str:
    """Who holds which role, among the active users; the disabled ones counted apart."""
    lines = []
    for role in (UserRole.ADMIN, UserRole.SUPERVISOR, UserRole.STAFF):
        holders = [a.login for a in accounts if a.active and a.role is role]
        lines.append(
            _("{role}: {logins}").format(
                role=label(role), logins=", ".join(holders) if holders else _("nobody")
            )
        )
    disabled = [a.login for a in accounts if not a.active]
    if disabled:
        lines.append(_("Disabled: {logins}").format(logins=", ".join(disabled)))
    return "\n".join(lines)


class UsersDialog(BaseDialog):
    """The office's users, for administrators."""

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "users_dialog")
        self.context, self.actor = context, actor
        self.service = AdminService(context, actor)
        self.accounts: list[UserAccount] = []
        self.offices: list[OfficeData] = []
        self.add_dialog: AddUserDialog | None = None
        self.move_dialog: MoveOfficeDialog | None = None
        self.role_dialog: ChangeRoleDialog | None = None
        self.reset_dialog: ResetPasswordDialog | None = None
        self.setWindowTitle(_("Users"))
        self._build()
        self._connect()
        self.resize(900, 520)
        self.reload()

    def _build(self) -> None:
        self.message = MessageBar()
        intro = QLabel(
            _(
                "Everyone who may use the desk. Users are never deleted: disable one who "
                "leaves, and the history keeps their name."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("users_table")
        self.table.setAccessibleName(_("Users"))
        self.table.setHorizontalHeaderLabels(
            [
                _("Login"),
                _("Name"),
                _("Role"),
                _("Active"),
                _("Last log-in"),
                _("Failed log-ins"),
                _("Locked until"),
                _("Office"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the buttons
        self.table.verticalHeader().hide()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("role_summary")
        self.summary.setAccessibleName(_("Who holds which role"))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.add_button = self._button("add_button", _("&Add…"))
        self.active_button = self._button("active_button", _("&Disable"))
        self.role_button = self._button("role_button", _("Change &role…"))
        self.reset_button = self._button("reset_button", _("Reset &password…"))
        self.unlock_button = self._button("unlock_button", _("&Unlock"))
        self.office_button = self._button("office_button", _("Move to &office…"))
        actions = QVBoxLayout()
        for button in (
            self.add_button,
            self.active_button,
            self.role_button,
            self.reset_button,
            self.unlock_button,
            self.office_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(actions)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(intro)
        layout.addLayout(middle, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _button(self, name: str, text: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        return button

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.add_button.clicked.connect(self.open_add)
        self.active_button.clicked.connect(self.toggle_active)
        self.role_button.clicked.connect(self.open_change_role)
        self.reset_button.clicked.connect(self.open_reset_password)
        self.unlock_button.clicked.connect(self.unlock)
        self.office_button.clicked.connect(self.open_move_office)
        self.table.customContextMenuRequested.connect(self._on_context_menu_requested)

    # ------------------------------------------------------------------ the list

    def reload(self, select_login: str | None = None) -> None:
        """Ask the service for the users again, keeping (or moving to) a selected login."""
        current = self.current()
        keep = select_login or (current.login if current else None)
        service, context, actor = self.service, self.context, self.actor

        def read() -> tuple[list[UserAccount], list[OfficeData]]:
            return service.accounts(), list_offices(context, actor)

        ServiceOp(self, read).key("accounts").success(
            lambda got: self._show(got[0], keep, got[1])
        ).failure(self._on_refused).run()

    def _show(
        self,
        accounts: list[UserAccount],
        select_login: str | None,
        office_list: list[OfficeData] | None = None,
    ) -> None:
        self.accounts = accounts
        if office_list is not None:
            self.offices = office_list
        # The office by its name in the screen's language, never its code ("tokyo").
        offices = {o.code: o.name(language()) for o in self.offices}
        now = self.context.now()
        self.table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            cells = (
                account.login,
                account.name,
                label(account.role),
                self._state(account),
                format_moment(account.last_login_at) or _("never"),
                str(account.failed_logins),
                format_moment(account.locked_until) if account.locked(now) else "",
                offices.get(account.office_code or "", account.office_code or ""),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 5:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(role_summary(accounts))
        logins = [a.login for a in accounts]
        if select_login in logins:
            self.table.selectRow(logins.index(select_login))
        elif accounts and self.current() is None:
            self.table.selectRow(0)
        self._update_buttons()

    @staticmethod
    def _state(account: UserAccount) -> str:
        if not account.active:
            return _("Disabled")
        if account.must_change_password:
            return _("Yes (must change password)")
        return _("Yes")

    def current(self) -> UserAccount | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def _update_buttons(self) -> None:
        account = self.current()
        chosen = account is not None
        for button in (self.active_button, self.role_button, self.reset_button):
            button.setEnabled(chosen)
        self.office_button.setEnabled(chosen and sum(o.active for o in self.offices) > 1)
        self.active_button.setText(
            _("&Enable") if account is not None and not account.active else _("&Disable")
        )
        self.unlock_button.setEnabled(
            account is not None
            and (account.locked(self.context.now()) or account.failed_logins > 0)
        )

    def users_menu(self) -> QMenu:
        """The table's context menu: the buttons' actions on the chosen user, as enabled."""
        menu = QMenu(self)
        menu.setObjectName("users_menu")
        for button, slot in (
            (self.add_button, self.open_add),
            (self.active_button, self.toggle_active),
            (self.role_button, self.open_change_role),
            (self.reset_button, self.open_reset_password),
            (self.unlock_button, self.unlock),
            (self.office_button, self.open_move_office),
        ):
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(slot)
        return menu

    def _on_context_menu_requested(self, position: QPoint) -> None:
        menu = self.users_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.table.viewport().mapToGlobal(position))

    # ------------------------------------------------------------------ actions

    def own_office(self) -> str | None:
        """The administrator's own office (its code), where a new user works unless chosen."""
        mine = next((a for a in self.accounts if a.id == self.actor.user_id), None)
        return mine.office_code if mine is not None and mine.office_code else None

    def open_add(self) -> None:
        self.message.clear_message()
        dialog = self.add_dialog = AddUserDialog(
            self.service, self, self.offices, self.own_office()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done_with.connect(self._on_added)
        dialog.open()

    def _on_added(self, user: UserData) -> None:
        self.message.show_message(
            _("{login} was added as {role}.").format(login=user.login, role=label(user.role)),
            level="info",
        )
        self.reload(user.login)

    def open_move_office(self) -> None:
        account = self.current()
        if account is None:
            return
        self.message.clear_message()
        dialog = self.move_dialog = MoveOfficeDialog(self.service, account, self.offices, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done_with.connect(self._on_moved)
        dialog.open()

    def _on_moved(self, user: UserData) -> None:
        office = next(
            (o.name(language()) for o in self.offices if o.code == user.office_code),
            user.office_code or "",
        )
        self.message.show_message(
            _("{login} now works in {office}.").format(login=user.login, office=office),
            level="info",
        )
        self.reload(user.login)

    def toggle_active(self) -> None:
        account = self.current()
        if account is None:
            return
        self.message.clear_message()
        service, user_id, active = self.service, account.id, not account.active
        ServiceOp(self, lambda: service.set_active(user_id, active)).block().success(
            self._on_active_changed
        ).failure(self._on_refused).run()

    def _on_active_changed(self, user: UserData) -> None:
        text = (
            _("{login} is enabled.").format(login=user.login)
            if user.active
            else _("{login} is disabled: they can no longer log in.").format(login=user.login)
        )
        self.message.show_message(text, level="info")
        self.reload(user.login)

    def open_change_role(self) -> None:
        account = self.current()
        if account is None:
            return
        self.message.clear_message()
        dialog = self.role_dialog = ChangeRoleDialog(self.service, account, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done_with.connect(self._on_role_changed)
        dialog.open()

    def _on_role_changed(self, user: UserData) -> None:
        self.message.show_message(
            _("{login} is now {role}.").format(login=user.login, role=label(user.role)),
            level="info",
        )
        self.reload(user.login)

    def open_reset_password(self) -> None:
        account = self.current()
        if account is None:
            return
        self.message.clear_message()
        dialog = self.reset_dialog = ResetPasswordDialog(self.service, account, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done_with.connect(self._on_password_reset)
        dialog.open()

    def _on_password_reset(self, account: UserAccount) -> None:
        self.message.show_message(
            _(
                "The password of {login} was reset: they must choose a new one at their next "
                "log-in."
            ).format(login=account.login),
            level="info",
        )
        self.reload(account.login)

    def unlock(self) -> None:
        account = self.current()
        if account is None:
            return
        self.message.clear_message()
        service, user_id = self.service, account.id
        ServiceOp(self, lambda: service.unlock(user_id)).block().success(self._on_unlocked).failure(
            self._on_refused
        ).run()

    def _on_unlocked(self, account: UserAccount) -> None:
        self.message.show_message(
            _("{login} is unlocked.").format(login=account.login), level="info"
        )
        self.reload(account.login)

    def _on_refused(self, exc: DomainError) -> None:
        self.message.show_message(exc.message)
        self.reload()
