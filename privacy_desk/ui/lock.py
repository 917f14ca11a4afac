"""The idle lock: after some minutes without keyboard or mouse, cover the screens and ask again.

Nothing is closed or hidden underneath: every open window only gets an opaque cover, so a half
typed call note is there, untouched, after the same user types their password again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import _, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.users import keep_session, verify_password
from privacy_desk.ui.login import message_label
from privacy_desk.ui.ops import ServiceOp

# While keys and mouse are in use, the session's last activity is refreshed at most this often
# (seconds), so a long typing without a save does not let the log-in expire under the user.
KEEP_ALIVE_SECONDS = 60

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class Cover(QWidget):
    """An opaque sheet over one window while the screen is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.covered = window
        self.setObjectName("lock_cover")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#lock_cover { background: #3b4452; }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        text = QLabel(_("Locked"), self)
        text.setStyleSheet("color: #d0d5dc; font-size: 200%;")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.covered and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.covered.rect())
        return False


class UnlockDialog(QDialog):
    """Asks the same user's password; only the right one closes it. Someone else at the desk
    logs that user out instead (unsaved_cases: how many open cases have changes not saved,
    which logging out loses: said first, and a second click confirms)."""

    unlocked = Signal()
    log_out_requested = Signal()

    def __init__(
        self,
        context: Context,
        actor: Actor,
        parent: QWidget | None = None,
        unsaved_cases: Callable[[], int] = lambda: 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock")
        self._context = context
        self._actor = actor
        self._unsaved_cases = unsaved_cases
        self._log_out_asked = False
        self.setWindowTitle(_("Privacy Desk — Locked"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        intro = QLabel(
            _(
                "The screen was locked after a time without use. Your open work is kept. "
                "Type your password to go on."
            )
        )
        intro.setWordWrap(True)
        who = QLabel(actor.name or actor.login)
        who.setObjectName("who")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = message_label()
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.log_out_button = QPushButton(_("&Log out"))
        self.log_out_button.setObjectName("log_out")
        self.log_out_button.setAutoDefault(False)
        self.log_out_button.setToolTip(
            _("Someone else at this desk: log {name} out and log in as yourself").format(
                name=actor.name or actor.login
            )
        )
        form = QFormLayout()
        form.addRow(_("User:"), who)
        form.addRow(_("&Password:"), self.password_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)
        # Wide enough for the message in a few lines at any font size; it grows to show it all.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.log_out_button.clicked.connect(self._on_log_out_clicked)
        self.password_edit.textEdited.connect(lambda _text: self.message.hide())

    def _say(self, text: str) -> None:
        """A message below the password, the dialog grown so that every line of it shows."""
        self.message.setText(text)
        self.message.show()
        layout = self.layout()
        if layout is not None:
            layout.activate()
            height = layout.totalHeightForWidth(self.width())
            if height > self.height():
                self.resize(self.width(), height)

    def _on_log_out_clicked(self) -> None:
        unsaved = self._unsaved_cases()
        if unsaved and not self._log_out_asked:
            self._log_out_asked = True
            self._say(
                ngettext(
                    "{n} open case has changes that are not saved: logging out loses them "
                    "(intakes being typed are kept as drafts). Click Log out again to log out.",
                    "{n} open cases have changes that are not saved: logging out loses them "
                    "(intakes being typed are kept as drafts). Click Log out again to log out.",
                    unsaved,
                ).format(n=unsaved)
            )
            return
        self.log_out_requested.emit()

    def _on_unlock_clicked(self) -> None:
        # Checking a password takes about a second (Argon2): on the thread pool, the dialog
        # disabled meanwhile so the same password is not sent twice.
        context, actor, password = self._context, self._actor, self.password_edit.text()
        ServiceOp(self, lambda: verify_password(context, actor, password)).block().success(
            self._on_password_checked
        ).run()

    def _on_password_checked(self, right: bool) -> None:
        if right:
            self.password_edit.clear()
            self.message.hide()
            self.unlocked.emit()
            super().accept()
            return
        self._say(
            _(
                "That is not the password of {name}. Try again; after repeated failures the "
                "account locks for a while."
            ).format(name=self._actor.name or self._actor.login)
        )
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    # The only way out is the right password: Esc, Ctrl+Enter and the close button do nothing.
    def reject(self) -> None:
        return

    def accept(self) -> None:
        self._on_unlock_clicked()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


class IdleLock(QObject):
    """Watches the application's input and locks after the idle interval.

    interval_ms overrides the office setting (tests use a short one); 0 minutes means never.
    """

    locked = Signal()
    unlocked = Signal()
    log_out_requested = Signal()

    def __init__(
        self,
        context: Context,
        actor: Actor,
        window: QWidget,
        interval_ms: int,
        unsaved_cases: Callable[[], int] = lambda: 0,
    ) -> None:
        super().__init__(window)
        self._unsaved_cases = unsaved_cases
        self._context = context
        self._actor = actor
        self._window = window
        self._covers: list[Cover] = []
        self.dialog: UnlockDialog | None = None
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._kept_at = time.monotonic()
        if interval_ms > 0:
            self._timer.start(interval_ms)
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)

    def set_interval(self, interval_ms: int) -> None:
        """A new idle interval (0: never), counted from now."""
        app = QApplication.instance()
        was_watching = self.interval_ms > 0
        self.interval_ms = interval_ms
        self._timer.stop()
        if interval_ms > 0:
            if not was_watching and app is not None:
                app.installEventFilter(self)
            if not self.is_locked:
                self._timer.start(interval_ms)
        elif was_watching and app is not None:
            app.removeEventFilter(self)

    @property
    def is_locked(self) -> bool:
        return self.dialog is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self.is_locked:
            self._timer.start(self.interval_ms)
            if time.monotonic() - self._kept_at >= KEEP_ALIVE_SECONDS:
                self.keep_session()
        return False

    def keep_session(self) -> None:
        """Tell the database the desk is in use (in the background; a refusal is said at the
        next save, not here)."""
        self._kept_at = time.monotonic()
        context, actor = self._context, self._actor
        ServiceOp(self._window, lambda: keep_session(context, actor)).key("keep_session").failure(
            lambda _exc: None
        ).run()

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def lock(self) -> None:
        if self.is_locked:
            return
        self._timer.stop()
        for window in QApplication.topLevelWidgets():
            if (
                window.isVisible()
                and window.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
                and not isinstance(window, UnlockDialog)
            ):
                self._covers.append(Cover(window))
        self.dialog = UnlockDialog(self._context, self._actor, self._window, self._unsaved_cases)
        self.dialog.unlocked.connect(self._on_dialog_unlocked)
        self.dialog.log_out_requested.connect(self._on_dialog_log_out_requested)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self.dialog.password_edit.setFocus()
        self.locked.emit()

    def _on_dialog_log_out_requested(self) -> None:
        self.stop()
        self._remove_covers()
        self.log_out_requested.emit()

    def _on_dialog_unlocked(self) -> None:
        self._remove_covers()
        if self.interval_ms > 0:
            self._timer.start(self.interval_ms)
        self.unlocked.emit()

    def _remove_covers(self) -> None:
        for cover in self._covers:
            # Off the window at once: deleteLater alone waits for an event loop to come round.
            cover.covered.removeEventFilter(cover)
            cover.hide()
            cover.setParent(None)
            cover.deleteLater()
        self._covers.clear()
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
