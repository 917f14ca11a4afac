"""The bar on a case page that says the case was changed on another desk, as soon as it is.

Every few seconds the case's version is read (services/case_watch.py, on the thread pool); when
it is newer than the one shown, the bar names who changed it and when, with a Reload button.
Reloading keeps whatever the user typed and has not saved (CaseWorkspace.reload); the bar says so
when there is such typing, and nothing is reloaded until the user chooses.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from privacy_desk.i18n import _
from privacy_desk.services.case_watch import CaseChange, CaseWatch
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import format_moment

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace

WATCH_INTERVAL_MS = 5_000
log = logging.getLogger("privacy_desk.ui")


class ChangedBar(QFrame):
    """'Changed by 木村 直樹 at 14:02. [Reload]', shown while the page is behind the database."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.setObjectName("changed_bar")
        self.workspace = workspace
        self.setStyleSheet(
            "#changed_bar { background: #fff4ce; border: 1px solid #6b4a00; border-radius: 4px; }"
            " #changed_bar QLabel { color: #6b4a00; font-weight: 600; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setObjectName("changed_text")
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.reload_button = QPushButton(_("Reload"))
        self.reload_button.setObjectName("changed_reload")
        self.reload_button.setAccessibleName(_("Reload the case"))
        self.reload_button.clicked.connect(self._on_reload_clicked)
        layout.addWidget(self.reload_button)
        self.hide()
        self._behind: CaseChange | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(WATCH_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        """Read the case's version in the background (the bar, not the page, is held busy)."""
        ws = self.workspace
        if ws.detail is None:
            return
        context, actor, case_id = ws.context, ws.actor, ws.case_id

        def read() -> CaseChange | None:
            try:
                return CaseWatch(context, actor).change(case_id)
            except Exception as exc:
                # A look taken by itself every few seconds raises no message box: a database
                # out of reach is told by the next thing the user does. Only the kind is logged.
                log.warning("Looking for changes to a case failed: %s", type(exc).__name__)
                return None

        ServiceOp(self, read).key("watch").success(self._on_checked).failure(
            lambda _exc: None
        ).run()

    def _on_checked(self, change: CaseChange | None) -> None:
        ws = self.workspace
        if change is None or ws.detail is None:
            return
        # Our own save just made it: its answer brings the new version to the page itself.
        if change.version <= ws.detail.version or change.login == ws.actor.login:
            return
        self._behind = change
        self.show_change()

    def show_change(self) -> None:
        change = self._behind
        if change is None:
            return
        at = format_moment(change.at) if change.at is not None else ""
        text = (
            _("This case was changed by {name} at {time}.").format(name=change.name, time=at)
            if change.name
            else _("This case was changed on another desk.")
        )
        if self.workspace.has_unsaved_changes():
            text += " " + _(
                "What you typed and have not saved stays as it is: Reload shows their change "
                "and keeps your typing."
            )
        self.label.setText(text)
        self.show()

    def seen(self, version: int) -> None:
        """The page shows this version now: the bar goes once it has caught up."""
        if self._behind is not None and version >= self._behind.version:
            self._behind = None
            self.hide()

    def _on_reload_clicked(self) -> None:
        self.workspace.reload()
