"""Application start-up: names, fonts, language, log file, excepthook, database, log-in, window.

The order matters: the language is chosen before the first widget is built, the database is
opened (and a damaged one refused loudly) before anyone is asked to log in, and the first start
on an empty database creates the first administrator instead of a log-in nobody can pass.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from privacy_desk import i18n
from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _, normalise, set_language, system_language
from privacy_desk.services.audit_trail import anchor_quietly
from privacy_desk.services.backup import default_backup_folder
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.demo import (
    DEMO_ADMIN,
    DEMO_PASSWORD,
    DEMO_USERS,
    DemoService,
    set_up_demo_database,
)
from privacy_desk.services.logsafe import log_unexpected, set_up_log_file
from privacy_desk.services.users import DeskStart, desk_start, has_users, log_out
from privacy_desk.storage.db import (
    RESTORE_COMMAND,
    Database,
    DatabaseError,
    connect,
    default_url,
    demo_url,
    resolve_url,
)
from privacy_desk.ui import preferences
from privacy_desk.ui.errors import install_excepthook, show_error
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.gc_pin import pin_garbage_collection
from privacy_desk.ui.ops import Report, ServiceOp

if TYPE_CHECKING:
    from privacy_desk.ui.login import FirstRunDialog

# Where Qt keeps the desk's preferences (QSettings); a stored path, not printed: kept as it was.
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
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    pin_garbage_collection(app)  # never in a thread-pool worker (ui/gc_pin.py)
    return app


def choose_language(language: str | None) -> str:
    """The argument, else the last choice on this desk, else the desktop's language."""
    return set_language(language or preferences.LANGUAGE.read() or system_language())


_qt_translator: QTranslator | None = None


def install_qt_translations(app: QApplication, language: str) -> bool:
    """Qt's own texts (Yes, No, Cancel in standard dialogs) in the screen language.

    Called again when the language changes at log-in: the previous catalogue is taken out first.
    Returns whether Qt's Japanese catalogue is installed now.
    """
    global _qt_translator
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator.deleteLater()
        _qt_translator = None
    if normalise(language) != "ja":
        return False
    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Japanese), "qtbase", "_", path):
        log.warning("Qt's Japanese catalogue (qtbase_ja) was not found")
        return False
    app.installTranslator(translator)
    _qt_translator = translator
    return True


def set_up_logging() -> Path:
    """The rotating log file in the data folder (services.logsafe): private, no personal data.

    The folder is 0700 and the file and its rotated copies 0600 on POSIX; exceptions are written
    as type and place only, also when a record carries exc_info.
    """
    return set_up_log_file()


def open_database(database_url: str | None, parent: QWidget | None = None) -> Database | None:
    """The database, or None after telling the user why it can not be opened.

    Only the first start in the desk's own data folder (or its demo database there) makes a new
    database; a path or URL that
    was given (argument or PRIVACY_DESK_DATABASE_URL) must exist, so a typing mistake is told
    rather than answered with a new, empty database.
    """
    try:
        made_here = resolve_url(database_url) in (default_url(), demo_url())
        return connect(database_url, create=made_here)
    except DatabaseError as exc:
        log.error("database refused: %s", type(exc).__name__)
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_("Privacy Desk — Database"))
        box.setText(_("Privacy Desk can not open its database."))
        box.setInformativeText(exc.message + "\n\n" + database_advice(exc))
        box.exec()
        return None


def database_advice(exc: DatabaseError) -> str:
    """What to do next: restoring a backup only when the file's contents are damaged."""
    if exc.damaged:
        return _(
            "Nothing was changed and no new database was made. To restore the last backup, "
            "your administrator restores it into a new database file with\n{command}\nand "
            "starts Privacy Desk on that file. The daily backups of this desk are in {folder}."
        ).format(command=RESTORE_COMMAND, folder=default_backup_folder())
    return _("Nothing was changed and no new database was made.")


def anchor_at_start(context: Context, parent: QWidget | None = None) -> bool:
    """Anchor the audit trail; when the database no longer matches its anchor, say so (the desk
    still opens: the administrator finds out where with `privacy-desk audit verify`)."""
    written = anchor_quietly(context)
    if written is None or written.refused is None:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Privacy Desk — Audit trail"))
    box.setText(_("The audit trail no longer matches the anchor written outside the database."))
    box.setInformativeText(
        _(
            "Entries may have been changed, removed or cut outside the application. Tell your "
            "administrator, who can see where with `privacy-desk audit verify`."
        )
    )
    box.exec()
    return False


class DemoDataProgress(QProgressDialog):
    """Invented demo cases on the thread pool with a progress dialog that can cancel them.

    Not modal and no loop of its own: `finished_adding` says how many were made (0 after a
    refusal, which is shown), then the start-up goes on. Without an administrator, the empty
    database is first made a demo database with its demo administrator (in the same worker).
    """

    finished_adding = Signal(int)

    def __init__(
        self, context: Context, admin: Actor | None, count: int = FIRST_RUN_DEMO_CASES
    ) -> None:
        super().__init__(_("Adding invented demo cases…"), _("Cancel"), 0, count)
        self.setObjectName("demo_progress")
        self.setWindowTitle(_("Privacy Desk"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setValue(0)

        def add(report: Report) -> int:
            try:
                actor = admin or set_up_demo_database(context)
                return DemoService(context, actor).generate(count, progress=report)
            except DomainError:
                raise
            except Exception as exc:
                # Said calmly like a refusal, so the start-up goes on to the log-in.
                log_unexpected(log, "demo data failed", exc)
                raise DomainError(
                    _("The demo data could not be added. The details are in the log file.")
                ) from exc

        self._op = (
            ServiceOp(self, add)
            .progress(self._on_progressed)
            .success(self._on_added)
            .failure(self._on_refused)
        )
        self.canceled.connect(self._on_canceled)

    def start(self) -> None:
        self.show()
        self._handle = self._op.run()

    def _on_canceled(self) -> None:
        # The cases made so far stay; the service stops at its next report.
        self._handle.cancel()
        self.setLabelText(_("Stopping…"))

    def _on_progressed(self, done: int, total: int) -> None:
        self.setMaximum(total)
        self.setValue(done)

    def _on_added(self, made: int) -> None:
        self.hide()
        self.finished_adding.emit(made)

    def _on_refused(self, exc: DomainError) -> None:
        self.hide()
        show_error(None, exc)  # its own window: the log-in comes next beside it
        self.finished_adding.emit(0)


def demo_data_message(made: int) -> str:
    accounts = [DEMO_ADMIN, *DEMO_USERS]
    logins = ", ".join(f"{login} ({role.value})" for login, _name, role in accounts)
    return _(
        "{n} invented cases were added to the demo database. Demo users: {logins}; their "
        "password is {password}. The office's own database stays empty, ready for its first "
        "administrator; start Privacy Desk with --demo to open the demo database again."
    ).format(n=made, logins=logins, password=DEMO_PASSWORD)


class StartUp(QObject):
    """First start, demo data, log-in and the main window, one after another in app.exec().

    Each step opens its dialog and goes on when it closes: no step waits in a loop of its own.
    `code` is the exit code for when nobody logs in.
    """

    def __init__(self, app: QApplication, context: Context, *, demo: bool = False) -> None:
        super().__init__()
        self.app = app
        self.context = context  # the demo database's, once the first start chose to try it
        self.demo = demo  # the context is the demo database's (--demo)
        self.demo_db: Database | None = None  # opened here, closed by close_demo
        self._office_context = context
        self.window: QWidget | None = None
        self.actor: Actor | None = None  # who logged in, logged out when the application ends
        self.login_dialog: QWidget | None = None
        self._dialogs: list[QWidget] = []  # kept alive while shown
        # Between two dialogs no window is open: that is not the end of the application.
        app.setQuitOnLastWindowClosed(False)

    def begin(self) -> None:
        if has_users(self.context):
            self.ask_log_in()
        elif self.demo:
            self.add_demo_data()
        else:
            self.ask_first_admin()

    def _show(self, dialog: QWidget) -> None:
        self._dialogs.append(dialog)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def ask_first_admin(self) -> None:
        from privacy_desk.ui.login import FirstRunDialog

        dialog = FirstRunDialog(self.context)
        dialog.accepted.connect(lambda: self._on_first_admin_created(dialog))
        dialog.rejected.connect(lambda: self.app.exit(0))
        dialog.finished.connect(self._on_first_run_finished)
        self._show(dialog)

    def _on_first_admin_created(self, dialog: FirstRunDialog) -> None:
        log.info("first administrator created")
        self.ask_log_in()

    def _on_first_run_finished(self, result: int) -> None:
        from privacy_desk.ui.login import FirstRunDialog

        if result == FirstRunDialog.TRY_DEMO:
            self.try_demo()

    def try_demo(self) -> None:
        """The demo database in the data folder instead of the office's own, which stays empty."""
        db = open_database(demo_url())
        if db is None:
            self.ask_first_admin()
            return
        log.info("demo database opened")
        self.demo_db = db
        self._office_context = self.context
        self.context = Context(db)
        self.demo = True
        self.begin()

    def add_demo_data(self) -> None:
        progress = DemoDataProgress(self.context, None)
        progress.finished_adding.connect(self._on_demo_data_added)
        self._dialogs.append(progress)
        progress.start()

    def _on_demo_data_added(self, made: int) -> None:
        if not made:
            if has_users(self.context):
                self.ask_log_in()
            elif self.demo_db is not None:  # refused (and said why): back to the first start
                self.context, self.demo = self._office_context, False
                self.close_demo()
                self.ask_first_admin()
            else:  # nobody could log in to it
                self.app.exit(1)
            return
        box = QMessageBox(QMessageBox.Icon.Information, _("Demo data"), demo_data_message(made))
        box.finished.connect(lambda _result: self.ask_log_in())
        self._show(box)

    def ask_log_in(self) -> None:
        from privacy_desk.ui.login import LoginDialog

        dialog = self.login_dialog = LoginDialog(self.context)
        dialog.language_changed.connect(lambda code: install_qt_translations(self.app, code))
        dialog.logged_in.connect(self._on_logged_in)
        dialog.rejected.connect(lambda: self.app.exit(0))
        self._show(dialog)

    def _on_logged_in(self, actor: Actor) -> None:
        from privacy_desk.ui.main import MainWindow

        self.actor = actor
        log.info("user id %s logged in as %s", actor.user_id, actor.role.value)
        install_qt_translations(self.app, i18n.language())
        context = self.context

        def show_window(start: DeskStart) -> None:
            from privacy_desk.ui.admin import start_daily_backup, start_identity_scan_purge

            self.window = window = MainWindow(context, actor, start)
            window.logged_out.connect(self._on_window_logged_out)
            window.show()
            # The first start of the day backs up an SQLite desk, in the background.
            start_daily_backup(window, context, actor)
            # Scans of identity documents past their kept days go (any user's start).
            start_identity_scan_purge(window, context, actor)

        def settled(_ok: bool) -> None:
            # From now on closing the last window (the main one, or the error that says why
            # there is none) ends the application. The finished dialogs stay referenced until
            # the start-up object goes.
            self.app.setQuitOnLastWindowClosed(True)

        # The settings and users the window is built from, read off the GUI thread; the log-in
        # dialog (closing) owns the call.
        assert self.login_dialog is not None
        ServiceOp(self.login_dialog, lambda: desk_start(context, actor)).success(
            show_window
        ).settled(settled).run()

    def _on_window_logged_out(self) -> None:
        """Logged out at the lock screen: the window closes, and the log-in dialog is shown
        for whoever sits at the desk now, without the application ending."""
        self.app.setQuitOnLastWindowClosed(False)
        self.log_out()
        self.ask_log_in()

    def close_demo(self) -> None:
        """Close the demo database the first start opened (after log_out)."""
        db, self.demo_db = self.demo_db, None
        if db is not None:
            db.dispose()

    def log_out(self) -> None:
        """End the session of who logged in (the application is ending); never raises."""
        actor, self.actor = self.actor, None
        if actor is None:
            return
        try:
            log_out(self.context, actor)
        except Exception as exc:  # the database may be gone: the session expires by itself
            log_unexpected(log, "log-out failed", exc)


def run(database_url: str | None = None, language: str | None = None, demo: bool = False) -> int:
    """Start the desk (`demo`: on the demo database of the data folder): the exit code."""
    app = make_application()
    install_fonts(app)
    install_excepthook()
    log_file = set_up_logging()
    chosen = choose_language(language)
    install_qt_translations(app, chosen)
    log.info("Privacy Desk starting (language %s, log %s)", chosen, log_file.name)

    db = open_database(demo_url() if demo else database_url)
    if db is None:
        return 1
    # The kind of database only: a file path can hold the user's name.
    log.info("database opened (%s)", db.engine.dialect.name)
    context = Context(db)
    # The audit trail's head is anchored outside the database when the desk starts and closes.
    anchor_at_start(context)
    try:
        start = StartUp(app, context, demo=demo)
        QTimer.singleShot(0, start.begin)
        code = app.exec()
        QThreadPool.globalInstance().waitForDone(10_000)
        start.log_out()
        start.close_demo()
        anchor_quietly(context)  # last: the head includes the log-out
        log.info("Privacy Desk closed")
        return code
    finally:
        app.setQuitOnLastWindowClosed(True)
        db.dispose()
