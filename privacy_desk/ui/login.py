"""Getting in: the first-run dialog that creates the first administrator, and the log-in dialog.

Both keep what was typed when a rule refuses it and say why inside the dialog, not in a box that
hides the field to correct.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.passwords import MIN_PASSWORD
from privacy_desk.i18n import _, language, set_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.dto import UserData
from privacy_desk.services.offices import EDITABLE as OFFICE_ITEMS
from privacy_desk.services.offices import OfficeData
from privacy_desk.services.settings import DEFAULTS as DEFAULT_SETTINGS
from privacy_desk.services.users import (
    AccountLocked,
    LoginFailed,
    authenticate,
    change_own_password,
    create_first_admin,
    first_office,
    log_out,
)
from privacy_desk.ui import preferences
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.errors import message_for
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text

# The screen languages offered, each named in its own language.
LANGUAGE_NAMES: tuple[tuple[str, str], ...] = (("en", "English"), ("ja", "日本語"))
MESSAGE_STYLE = "color: #842029; background: #f8d7da; padding: 6px; border-radius: 3px;"


def message_label() -> QLabel:
    """A label for refusals inside a dialog: hidden until there is something to say."""
    message = QLabel()
    message.setObjectName("message")
    message.setWordWrap(True)
    message.setStyleSheet(MESSAGE_STYLE)
    message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    message.hide()
    return message


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class LoginDialog(BaseDialog):
    """Log-in with login and password; the actor is in .actor after acceptance.

    The screen language can be chosen here; the choice is remembered for the user who logs in,
    and a user who does not choose gets their remembered language after the log-in. A user whose
    password an administrator reset chooses a new one here, before the main window opens.
    """

    logged_in = Signal(object)  # the Actor
    language_changed = Signal(str)  # the code, after set_language

    def __init__(self, context: Context, parent: QWidget | None = None, login: str = "") -> None:
        super().__init__(parent, name="login")
        self._context = context
        self.actor: Actor | None = None
        self.chosen_language: str | None = None  # set when the person picks one here
        # Logged in with a reset password: the actor and that password, until a new one is chosen.
        self.changing: tuple[Actor, str] | None = None

        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.login_edit = QLineEdit(login or preferences.LAST_LOGIN.read())
        self.login_edit.setObjectName("login")
        self.password_edit = _password_field()
        self.password_edit.setObjectName("password")
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language()), 0))
        self.new_password_edit = _password_field()
        self.new_password_edit.setObjectName("new_password")
        self.repeat_edit = _password_field()
        self.repeat_edit.setObjectName("repeat")
        self.message = message_label()
        self.login_label = QLabel()
        self.password_label = QLabel()
        self.language_label = QLabel()
        self.new_password_label = QLabel()
        self.repeat_label = QLabel()
        for label, field in (
            (self.login_label, self.login_edit),
            (self.password_label, self.password_edit),
            (self.language_label, self.language_combo),
            (self.new_password_label, self.new_password_edit),
            (self.repeat_label, self.repeat_edit),
        ):
            label.setBuddy(field)
        form = self.form = QFormLayout()
        form.addRow(self.login_label, self.login_edit)
        form.addRow(self.password_label, self.password_edit)
        form.addRow(self.language_label, self.language_combo)
        form.addRow(self.new_password_label, self.new_password_edit)
        form.addRow(self.repeat_label, self.repeat_edit)
        for field in (self.new_password_edit, self.repeat_edit):
            form.setRowVisible(field, False)
        self.buttons = QDialogButtonBox()
        self.log_in_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.log_in_button.setDefault(True)
        self.quit_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._retranslate()

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        for edit in (self.login_edit, self.password_edit, self.new_password_edit, self.repeat_edit):
            edit.textEdited.connect(self._on_field_edited)
        self.language_combo.activated.connect(self._on_language_combo_activated)
        (self.password_edit if self.login_edit.text() else self.login_edit).setFocus()

    def _retranslate(self) -> None:
        """Every text of the dialog in the current screen language."""
        self.setWindowTitle(_("Privacy Desk — Log in"))
        self.heading.setText(_("Privacy Desk"))
        self.login_label.setText(_("&Login:"))
        self.password_label.setText(_("&Password:"))
        self.language_label.setText(_("L&anguage:"))
        self.new_password_label.setText(_("&New password:"))
        self.repeat_label.setText(_("&Repeat new password:"))
        self.new_password_edit.setPlaceholderText(
            _("at least {n} characters").format(n=MIN_PASSWORD)
        )
        self.quit_button.setText(_("Quit"))
        if self.changing is None:
            self.intro.setText(_("Log in with your own login and password."))
            self.log_in_button.setText(_("Log in"))
        else:
            self.intro.setText(
                _(
                    "An administrator reset your password. Choose a new one of your own before "
                    "you go on: at least {n} characters, not your login, not a common password."
                ).format(n=MIN_PASSWORD)
            )
            self.log_in_button.setText(_("Change password and log in"))

    def choose_language(self, code: str) -> None:
        """Show the dialog (and, after the log-in, the window) in this language."""
        self.chosen_language = set_language(code)
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(code), 0))
        self.message.hide()
        self._retranslate()
        self.language_changed.emit(self.chosen_language)

    def _on_language_combo_activated(self, index: int) -> None:
        self.choose_language(str(self.language_combo.itemData(index)))

    def accept(self) -> None:
        # Enter and Ctrl+Enter both come here: log in first, close only on success.
        if self.actor is None:
            self._on_buttons_accepted()
            return
        super().accept()

    def reject(self) -> None:
        if self.changing is not None:
            # Left without choosing a new password: the session the log-in opened ends.
            actor, context = self.changing[0], self._context
            self.changing = None
            ServiceOp(self, lambda: log_out(context, actor)).run()
        super().reject()

    def _on_buttons_accepted(self) -> None:
        if self.changing is not None:
            self._change_password(*self.changing)
            return
        login = self.login_edit.text().strip()
        password = self.password_edit.text()
        if not login or not password:
            self._say(_("Type your login and your password."))
            (self.login_edit if not login else self.password_edit).setFocus()
            return
        # Argon2 takes about a second: on the thread pool, the dialog busy and disabled meanwhile
        # (a second Enter can not send the password twice), the event loop running.
        context = self._context
        ServiceOp(self, lambda: authenticate(context, login, password)).block().success(
            self._on_authenticated
        ).failure(self._on_refused).run()

    def _on_authenticated(self, actor: Actor) -> None:
        if actor.must_change_password:
            self._ask_new_password(actor, self.password_edit.text())
            return
        self.changing = None
        self.actor = actor
        preferences.LAST_LOGIN.write(actor.login)
        self._apply_user_language(actor.login)
        self.logged_in.emit(actor)
        super().accept()

    def _ask_new_password(self, actor: Actor, current: str) -> None:
        """The log-in was right but the password was a reset one: the dialog asks for a new
        one (login, password and language are put away) before the window opens."""
        self.changing = (actor, current)
        for field in (self.login_edit, self.password_edit, self.language_combo):
            self.form.setRowVisible(field, False)
        for field in (self.new_password_edit, self.repeat_edit):
            self.form.setRowVisible(field, True)
        self._retranslate()
        self.grow_to_fit()
        self.new_password_edit.setFocus()

    def _change_password(self, actor: Actor, current: str) -> None:
        new = self.new_password_edit.text()
        if not new:
            self._say(_("Type your new password twice."))
            self.new_password_edit.setFocus()
            return
        if new != self.repeat_edit.text():
            self._say(_("The two passwords differ. Type the same password twice."))
            self.repeat_edit.setFocus()
            self.repeat_edit.selectAll()
            return
        context = self._context
        ServiceOp(self, lambda: change_own_password(context, actor, current, new)).block().success(
            self._on_authenticated
        ).failure(self._on_new_password_refused).run()

    def _on_new_password_refused(self, exc: DomainError) -> None:
        self._say(message_for(exc))
        self.new_password_edit.setFocus()
        self.new_password_edit.selectAll()

    def _on_refused(self, exc: BaseException) -> None:
        if isinstance(exc, LoginFailed):
            self._say(_login_message(exc))
            self.password_edit.setFocus()
            self.password_edit.selectAll()
        else:
            self._say(message_for(exc))

    def _on_field_edited(self, _text: str) -> None:
        self.message.hide()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.grow_to_fit()

    def _apply_user_language(self, login: str) -> None:
        """A language chosen here is remembered for this user; otherwise theirs is applied."""
        if self.chosen_language is None:
            remembered = preferences.USER_LANGUAGE.read(login=login)
            if not remembered:
                return  # nobody chose: the desk's (or the system's) language stays
            if remembered != language():
                set_language(remembered)
                self.language_changed.emit(language())
        preferences.USER_LANGUAGE.write(language(), login=login)
        preferences.LANGUAGE.write(language())


def _login_message(exc: LoginFailed) -> str:
    """The service's refusal in the screen language (its two texts are known)."""
    if isinstance(exc, AccountLocked):
        return _(
            "This account is locked after repeated failed log-ins. Try again in {minutes} "
            "minutes, or ask an administrator."
        ).format(minutes=exc.minutes)
    return _("The login or password is wrong. Check both and try again.")


class FirstRunDialog(BaseDialog):
    """First start on an empty database: create the first administrator, or try the desk on a
    separate demo database (the dialog then finishes with TRY_DEMO and this database stays
    empty)."""

    admin_created = Signal(object)  # the UserData
    TRY_DEMO = 2  # the result when the person chose to try the desk with invented cases

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="first_run")
        self._context = context
        self.admin: UserData | None = None
        self.actor: Actor | None = None  # the administrator, logged in (for the demo data)
        self.setWindowTitle(_("Privacy Desk — First start"))

        intro = QLabel(
            _(
                "This database has no users yet. Create the first administrator: they add the "
                "other users and set up the office. Keep the password safe; it can not be read "
                "back."
            )
        )
        intro.setWordWrap(True)
        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("login")
        self.login_edit.setPlaceholderText(_("e.g. admin"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("name")
        limit_text(self.name_edit, "user's name")
        self.password_edit = _password_field()
        self.password_edit.setObjectName("password")
        self.password_edit.setPlaceholderText(_("at least {n} characters").format(n=MIN_PASSWORD))
        self.repeat_edit = _password_field()
        self.repeat_edit.setObjectName("repeat")
        # The organisation's names, printed on every letter: asked first. The English name is
        # pre-filled; the official Japanese name is not known to the desk, so it is typed here.
        self.organisation_box = QGroupBox(_("The organisation (printed on letters)"))
        self.organisation_ja_edit = QLineEdit()
        self.organisation_ja_edit.setObjectName("organisation_ja")
        self.organisation_ja_edit.setPlaceholderText(_("required: the official name in Japanese"))
        self.organisation_en_edit = QLineEdit(DEFAULT_SETTINGS.letterhead.organisation_en)
        self.organisation_en_edit.setObjectName("organisation_en")
        self.organisation_short_edit = QLineEdit(DEFAULT_SETTINGS.letterhead.organisation_short_en)
        self.organisation_short_edit.setObjectName("organisation_short")
        self.organisation_short_edit.setToolTip(
            _("How the letters' sentences name the organisation (e.g. 'post the documents to …')")
        )
        organisation = QFormLayout(self.organisation_box)
        organisation.addRow(_("Name in &Japanese:"), self.organisation_ja_edit)
        organisation.addRow(_("Name in &English:"), self.organisation_en_edit)
        organisation.addRow(_("S&hort name:"), self.organisation_short_edit)
        edits = (self.organisation_ja_edit, self.organisation_en_edit, self.organisation_short_edit)
        for edit in edits:
            limit_text(edit, "setting")
            edit.setCursorPosition(0)
        # The first office (the head office): what its letters print, pre-filled once read.
        self.office_box = QGroupBox(_("The first office (printed on its letters)"))
        self.office_box.setObjectName("first_office")
        office_form = QFormLayout(self.office_box)
        self.office_edits: dict[str, QLineEdit] = {}
        self.office_loaded: dict[str, str] = {}
        for key, (words, limit) in OFFICE_ITEMS.items():
            edit = QLineEdit()
            edit.setObjectName(f"office_{key}")
            edit.setMaxLength(limit)
            edit.setAccessibleName(_(words))
            self.office_edits[key] = edit
            office_form.addRow(_(words), edit)
        self.office_box.hide()  # until the office is read
        demo_intro = QLabel(
            _(
                "To look around first, try the desk with invented cases: they go into a separate "
                "demo database, and this database stays empty, ready for its first administrator."
            )
        )
        demo_intro.setWordWrap(True)
        self.message = message_label()
        form = QFormLayout()
        form.addRow(_("&Login:"), self.login_edit)
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&Password:"), self.password_edit)
        form.addRow(_("&Repeat password:"), self.repeat_edit)
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            _("Create administrator"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setDefault(True)
        self.demo_button = self.buttons.addButton(
            _("&Try with invented cases"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.demo_button.setObjectName("try_demo")
        self.demo_button.setAccessibleName(_("Try with invented cases in a demo database"))
        self.buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.organisation_box)
        layout.addWidget(self.office_box)
        admin_box = QGroupBox(_("The first administrator"))
        admin_box.setLayout(form)
        layout.addWidget(admin_box)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addWidget(demo_intro)
        layout.addWidget(self.buttons)
        # Wide enough for an organisation's full name.
        self.setMinimumWidth(
            self.organisation_ja_edit.fontMetrics().horizontalAdvance(
                DEFAULT_SETTINGS.letterhead.organisation_en
            )
            + 240
        )

        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        for field in (
            self.organisation_ja_edit,
            self.login_edit,
            self.name_edit,
            self.password_edit,
            self.repeat_edit,
        ):
            field.textEdited.connect(self._on_field_edited)
        self.organisation_ja_edit.setFocus()
        ServiceOp(self, lambda: first_office(context)).success(self._show_office).run()

    def _show_office(self, office: OfficeData | None) -> None:
        if office is None:
            return
        self.office_loaded = {key: getattr(office, key) for key in OFFICE_ITEMS}
        for key, edit in self.office_edits.items():
            edit.setText(self.office_loaded[key])
            edit.setCursorPosition(0)
        self.office_box.setTitle(
            _("The first office: {name} (printed on its letters)").format(
                name=office.name(language())
            )
        )
        self.office_box.show()

    def _on_demo_button_clicked(self) -> None:
        self.done(self.TRY_DEMO)

    def accept(self) -> None:
        if self.admin is None:
            self._on_buttons_accepted()
            return
        super().accept()

    def _on_buttons_accepted(self) -> None:
        if not self.organisation_ja_edit.text().strip():
            self._say(
                _(
                    "The organisation's name in Japanese is required. Type it as the letters are "
                    "to print it."
                )
            )
            self.organisation_ja_edit.setFocus()
            return
        password = self.password_edit.text()
        if len(password) < MIN_PASSWORD:
            self._say(_("The password must have at least {n} characters.").format(n=MIN_PASSWORD))
            self.password_edit.setFocus()
            return
        if password != self.repeat_edit.text():
            self._say(_("The two passwords differ. Type the same password twice."))
            self.repeat_edit.setFocus()
            self.repeat_edit.selectAll()
            return
        context = self._context
        login, name = self.login_edit.text(), self.name_edit.text()
        names = (
            self.organisation_ja_edit.text(),
            self.organisation_en_edit.text(),
            self.organisation_short_edit.text(),
        )
        office = {
            key: edit.text()
            for key, edit in self.office_edits.items()
            if key in self.office_loaded and edit.text() != self.office_loaded[key]
        }

        def create() -> tuple[UserData, Actor]:
            admin = create_first_admin(
                context, login, name, password, organisation=names, office=office
            )
            return admin, authenticate(context, admin.login, password)

        ServiceOp(self, create).block().success(self._on_admin_created).failure(
            self._on_refused
        ).run()

    def _on_admin_created(self, made: tuple[UserData, Actor]) -> None:
        admin, self.actor = made
        self.admin = admin
        self.admin_created.emit(admin)
        super().accept()

    def _on_refused(self, exc: DomainError) -> None:
        self._say(_first_run_message(exc))

    def _on_field_edited(self, _text: str) -> None:
        self.message.hide()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


def _first_run_message(exc: DomainError) -> str:
    if exc.field == "login":
        if "taken" in exc.message:
            return exc.message
        return _("A login has 2 to 64 letters, digits, dots, hyphens or underscores.")
    if (exc.field and exc.field.startswith("organisation")) or exc.field in OFFICE_ITEMS:
        return exc.message
    if exc.field == "name":  # the name was empty; other refusals of it say what is wrong
        return _("The administrator's name is required.")
    return exc.message
