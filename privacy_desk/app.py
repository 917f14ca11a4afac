"""Application start-up: names, fonts, language, log file, excepthook, database, log-in, window.

The order matters: the language is chosen before the first widget is built, the database is
opened (and a damaged one refused loudly) before anyone is asked to log in, and the first start
on an empty database creates the first administrator instead of a log-in nobody can pass.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _, set_language, system_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.demo import DEMO_PASSWORD, DEMO_USERS, DemoService
from privacy_desk.services.users import has_users
from privacy_desk.storage.db import Database, DatabaseError, connect, data_dir
from privacy_desk.ui import preferences
from privacy_desk.ui.errors import install_excepthook, show_error
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.tasks import run_task

ORGANISATION = "JACCES"
APPLICATION = "Privacy Desk"
FIRST_RUN_DEMO_CASES = 200
log = logging.getLogger("privacy_desk")


def make_application() -> QApplication:
    """The QApplication with its names set (QSettings files are named after them)."""
    QApplication.setOrganizationName(ORGANISATION)
    QApplication.setOrganizationDomain("jacces.or.jp")
    QApplication.setApplicationName(APPLICATION)
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    return app  # type: ignore[return-value]


def choose_language(language: str | None) -> str:
    """The argument, else the last choice on this desk, else the desktop's language."""
    return set_language(language or preferences.LANGUAGE.read() or system_language())


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own texts (Yes, No, Cancel in standard dialogs) in the screen language."""
    if language != "ja":
        return
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Japanese), "qtbase", "_", path):
        app.installTranslator(translator)


def set_up_logging() -> Path:
    """A rotating log file in the data folder. Records carry no personal data."""
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "privacy-desk.log"
    root = logging.getLogger("privacy_desk")
    if not any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def open_database(database_url: str | None, parent: QWidget | None = None) -> Database | None:
    """The database, or None after telling the user why it can not be opened."""
    try:
        return connect(database_url)
    except DatabaseError as exc:
        log.error("database refused: %s", type(exc).__name__)
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_("Privacy Desk — Database"))
        box.setText(_("Privacy Desk can not open its database."))
        box.setInformativeText(
            exc.message
            + "\n\n"
            + _(
                "Nothing was changed and no new database was made. To restore the last backup, "
                "close Privacy Desk, copy the backup file over the damaged database file (ask "
                "your administrator, who keeps the backups), and start again."
            )
        )
        box.exec()
        return None


def generate_demo_data(context: Context, admin: Actor, parent: QWidget | None = None) -> int:
    """Invented demo cases in the background, with a progress dialog; returns how many."""
    progress = QProgressDialog(
        _("Adding invented demo cases…"), _("Cancel"), 0, FIRST_RUN_DEMO_CASES, parent
    )
    progress.setWindowTitle(_("Privacy Desk"))
    progress.setMinimumDuration(0)
    progress.setAutoClose(False)
    progress.setValue(0)
    outcome: dict[str, object] = {}

    def done(made: object) -> None:
        outcome["made"] = made
        progress.accept()

    def failed(exc: BaseException) -> None:
        outcome["error"] = exc
        progress.accept()

    def step(done_count: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done_count)

    task = run_task(
        lambda report: DemoService(context, admin).generate(FIRST_RUN_DEMO_CASES, progress=report),
        done,
        failed,
        step,
    )
    progress.canceled.connect(task.cancel)
    while "made" not in outcome and "error" not in outcome:
        progress.exec()
    if "error" in outcome:
        show_error(parent, outcome["error"])  # type: ignore[arg-type]
        return 0
    made = int(outcome["made"])  # type: ignore[call-overload]
    logins = ", ".join(f"{login} ({role.value})" for login, _name, role in DEMO_USERS)
    QMessageBox.information(
        parent,
        _("Demo data"),
        _(
            "{n} invented cases were added. Demo users: {logins}; their password is {password}."
        ).format(n=made, logins=logins, password=DEMO_PASSWORD),
    )
    return made


def first_run(context: Context) -> bool:
    """Create the first administrator (and demo data if asked); False when the user quit."""
    from privacy_desk.ui.login import FirstRunDialog

    dialog = FirstRunDialog(context)
    if dialog.exec() != FirstRunDialog.DialogCode.Accepted or dialog.admin is None:
        return False
    log.info("first administrator created")
    if dialog.add_demo_data:
        admin = dialog.admin
        actor = Actor(login=admin.login, role=UserRole.ADMIN, user_id=admin.id, name=admin.name)
        generate_demo_data(context, actor)
    return True


def run(database_url: str | None = None, language: str | None = None) -> int:
    """Start the desk: returns the process exit code."""
    app = make_application()
    install_fonts(app)
    install_excepthook()
    log_file = set_up_logging()
    chosen = choose_language(language)
    install_qt_translations(app, chosen)
    log.info("Privacy Desk starting (language %s, log %s)", chosen, log_file.name)

    db = open_database(database_url)
    if db is None:
        return 1
    # The kind of database only: a file path can hold the user's name.
    log.info("database opened (%s)", db.engine.dialect.name)
    context = Context(db)
    try:
        if not has_users(context) and not first_run(context):
            return 0

        from privacy_desk.ui.login import LoginDialog
        from privacy_desk.ui.main import MainWindow

        login = LoginDialog(context)
        if login.exec() != LoginDialog.DialogCode.Accepted or login.actor is None:
            return 0
        actor = login.actor
        log.info("user id %s logged in as %s", actor.user_id, actor.role.value)
        window = MainWindow(context, actor)
        window.show()
        code = app.exec()
        log.info("Privacy Desk closed")
        return code
    finally:
        db.dispose()
