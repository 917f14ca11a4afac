"""Errors in one place: rule refusals become calm dialogs; anything else is logged and explained.

An unexpected error is logged as its type and the file:line of its frames
(`services.logsafe.describe_exception`), never its text or arguments: a database error's text
would carry the person's data it was given. Refusals (DomainError) are not logged at all.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _
from privacy_desk.services.logsafe import log_unexpected

log = logging.getLogger("privacy_desk.ui")
_parentless: list[QMessageBox] = []


def message_for(exc: BaseException) -> str:
    """What the one error dialog (and a dialog's own message line) says about an exception."""
    if isinstance(exc, DomainError):
        # Refusals are translated where they are raised (gettext, in the desk's language).
        return exc.message
    return _(
        "Something went wrong that the application did not expect. Nothing was lost: what you "
        "saved before is in the database. The details are in the log file."
    )


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Tell the user why their action was refused; unexpected errors are logged first."""
    if not isinstance(exc, DomainError):
        log_unexpected(log, "unexpected error", exc)
    box = QMessageBox(parent)
    box.setIcon(
        QMessageBox.Icon.Warning if isinstance(exc, DomainError) else QMessageBox.Icon.Critical
    )
    box.setWindowTitle(title or _("Privacy Desk"))
    box.setText(message_for(exc))
    box.setObjectName("error_box")
    if parent is None:
        # Nothing else holds a box without a parent: keep it until it is closed.
        _parentless.append(box)
        # Dropped on the next turn of the loop, not inside the box's own signal.
        box.finished.connect(lambda _result: QTimer.singleShot(0, lambda: _parentless.remove(box)))
    box.open()


def install_excepthook() -> None:
    """Catch what escapes a slot: log the traceback (types and lines only) and stay calm."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        show_error(None, value)

    sys.excepthook = hook
