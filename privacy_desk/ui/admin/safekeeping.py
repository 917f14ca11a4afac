"""Administration › Safekeeping: the last backup, making one now, restoring one; then retention.

The dialog is built from sections, each a group box made by one method below: "Backups" (the last
backup — when, which file, the audit trail's head it carries —, where the daily backups go, and
the buttons Back up now…, Restore…, and the desk's backup key) and, after it, "Retention" (a
section of its own, added by the retention work; see `_retention_section`).

`start_daily_backup(window, …)` runs the day's automatic backup at the first start of the day, on
the thread pool, and says in the window's status bar what it did.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _
from privacy_desk.services.backup import (
    BackupReport,
    BackupService,
    SafekeepingState,
    daily_backup,
)
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.identity_scans import IdentityScanService, ScanPurge
from privacy_desk.services.retention import identity_scans_text
from privacy_desk.ui.admin.backup_dialogs import BackupNowDialog, FileField, RestoreDialog
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import OpHandle, ServiceOp
from privacy_desk.ui.widgets import MessageBar, format_moment, refusal_text

log = logging.getLogger("privacy_desk.ui")
STATUS_MS = 15_000


class SafekeepingDialog(BaseDialog):
    """Backups (and retention) for administrators."""

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "safekeeping_dialog")
        self.context = context
        self.actor = actor
        self.service = BackupService(context, actor)
        self.state: SafekeepingState | None = None
        self.setWindowTitle(_("Safekeeping"))
        self.message = MessageBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self._backups_section())
        # Retention: the retention work adds its section here (closed cases past their period).
        retention = self._retention_section()
        if retention is not None:
            layout.addWidget(retention)
        layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(800, 420)  # room for a whole folder path (the screenshots showed it cut)
        self.reload()

    # ------------------------------------------------------------------ sections

    def _backups_section(self) -> QGroupBox:
        box = QGroupBox(_("Backups"))
        box.setObjectName("backups_section")
        self.last_when = QLabel()
        self.last_when.setObjectName("last_backup_when")
        self.last_file = QLabel()
        self.last_file.setObjectName("last_backup_file")
        self.last_file.setWordWrap(True)
        self.last_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_head = QLabel()
        self.last_head.setObjectName("last_backup_head")
        self.last_head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.automatic = QLabel()
        self.automatic.setObjectName("automatic_backups")
        self.automatic.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Last backup:"), self.last_when)
        form.addRow(_("File:"), self.last_file)
        form.addRow(_("Audit trail head:"), self.last_head)
        form.addRow(_("Daily backups:"), self.automatic)
        # Where the daily backups go and how many stay (office settings, for administrators).
        self.folder_field = FileField("backup_folder", save=False, folder=True)
        self.folder_field.edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 56)
        self.kept_spin = QSpinBox()
        self.kept_spin.setObjectName("backups_kept")
        self.kept_spin.setRange(1, 3650)
        self.save_daily_button = QPushButton(_("Save"))
        self.save_daily_button.setObjectName("save_daily")
        daily = QHBoxLayout()
        daily.addWidget(self.folder_field, 1)
        daily.addWidget(QLabel(_("keep:")))
        daily.addWidget(self.kept_spin)
        daily.addWidget(self.save_daily_button)
        self.daily_row = QWidget()
        self.daily_row.setLayout(daily)
        daily.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("Folder:"), self.daily_row)
        self.backup_button = QPushButton(_("Back up now…"))
        self.backup_button.setObjectName("backup_now")
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.setObjectName("restore")
        self.key_button = QPushButton(_("Show the desk's backup key…"))
        self.key_button.setObjectName("show_key")
        self.key_button.setToolTip(
            _(
                "The key that opens this desk's daily backups: keep a copy away from this "
                "computer (the showing is recorded in the audit trail)"
            )
        )
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.key_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addLayout(row)
        self.backup_button.clicked.connect(self._on_backup_button_clicked)
        self.restore_button.clicked.connect(self._on_restore_button_clicked)
        self.key_button.clicked.connect(self._on_key_button_clicked)
        self.save_daily_button.clicked.connect(self._on_save_daily_button_clicked)
        return box

    def _retention_section(self) -> QGroupBox | None:
        """The retention section (closed cases past their period), once there is one."""
        return None

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        service = self.service
        ServiceOp(self, service.state).key("state").success(self._show_state).run()

    def _show_state(self, state: SafekeepingState) -> None:
        self.state = state
        last = state.last
        if last is None:
            self.last_when.setText(_("No backup was made yet."))
            self.last_file.setText("")
            self.last_head.setText("")
        else:
            how = _("automatic") if last.automatic else _("made by {login}").format(login=last.by)
            self.last_when.setText(f"{format_moment(last.at)} ({how})")
            self.last_file.setText(last.file)
            if last.head_number is None:
                self.last_head.setText(_("the audit trail was empty"))
            else:
                self.last_head.setText(
                    _("entry {number}, hash {hash}").format(
                        number=last.head_number, hash=(last.head_hash or "")[:16] + "…"
                    )
                )
                self.last_head.setToolTip(last.head_hash or "")
        if state.automatic:
            self.automatic.setText(
                _("At the first start of each day, into {folder}, keeping the last {n}.").format(
                    folder=state.folder, n=state.kept
                )
            )
        else:
            self.automatic.setText(
                _(
                    "None on a server database: the server's administrator runs "
                    "'privacy-desk backup create' every day."
                )
            )
        self.key_button.setEnabled(state.key_exists)
        self.daily_row.setEnabled(state.automatic)
        self.folder_field.edit.setText(state.folder)
        self.folder_field.edit.setCursorPosition(0)  # a path too long still shows where it starts
        self.folder_field.edit.setToolTip(state.folder)
        self.kept_spin.setValue(state.kept)

    # ------------------------------------------------------------------ actions

    def _on_backup_button_clicked(self) -> None:
        dialog = BackupNowDialog(self.service, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished_work.connect(self._on_backed_up)
        self.backup_dialog = dialog
        dialog.open()

    def _on_backed_up(self, report: BackupReport) -> None:
        self.message.show_message(
            _("Backup written to {file} ({size:,} bytes).").format(
                file=report.file, size=report.size
            ),
            level="info",
        )
        self.reload()

    def _on_restore_button_clicked(self) -> None:
        dialog = RestoreDialog(self.service, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished_work.connect(self._on_restored)
        self.restore_dialog = dialog
        dialog.open()

    def _on_restored(self, report: BackupReport) -> None:
        head = report.head
        self.message.show_message(
            _(
                "The backup was restored into the new file and checked: {rows:,} rows, the audit "
                "trail intact up to entry {number}. Start Privacy Desk with --database-url on "
                "that file to work on it."
            ).format(rows=report.manifest.rows, number=0 if head is None else head.number),
            level="info",
        )

    def _on_save_daily_button_clicked(self) -> None:
        folder, kept = self.folder_field.edit.text(), self.kept_spin.value()
        service = self.service

        def saved(state: SafekeepingState) -> None:
            self._show_state(state)
            self.message.show_message(_("The daily backup settings were saved."), level="info")

        ServiceOp(self, lambda: service.set_daily(folder, kept)).success(saved).failure(
            self._on_refused
        ).block().run()

    def _on_refused(self, exc: DomainError) -> None:
        self.message.show_message(refusal_text(exc))

    def _on_key_button_clicked(self) -> None:
        service = self.service
        ServiceOp(self, service.desk_key).success(self._show_key).run()

    def _show_key(self, key: str) -> None:
        box = QMessageBox(self)
        box.setObjectName("desk_key_box")
        box.setWindowTitle(_("The desk's backup key"))
        box.setText(
            _(
                "This key opens the daily backups of this desk. Write it down or print it and "
                "keep it in the safe, away from the computer: give it as the passphrase (or in a "
                "key file) to restore a daily backup elsewhere."
            )
        )
        box.setInformativeText(key)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.key_box = box
        box.open()


def start_daily_backup(window: QMainWindow, context: Context, actor: Actor) -> OpHandle:
    """The day's automatic backup (if not made yet), in the background; told in the status bar."""
    bar = window.statusBar()

    def made(report: BackupReport | None) -> None:
        if report is not None:
            bar.showMessage(
                _("Today's backup was made: {file}").format(file=report.file), STATUS_MS
            )

    def refused(exc: DomainError) -> None:
        log.warning("daily backup refused: %s", type(exc).__name__)
        bar.showMessage(refusal_text(exc), STATUS_MS * 4)

    return ServiceOp(bar, lambda: daily_backup(context, actor)).success(made).failure(refused).run()


def start_identity_scan_purge(window: QMainWindow, context: Context, actor: Actor) -> OpHandle:
    """Scans of identity documents past their kept days deleted at start, in the background;
    told in the status bar when there were any."""
    bar = window.statusBar()

    def done(purged: ScanPurge) -> None:
        if purged.files:
            bar.showMessage(identity_scans_text(purged.files), STATUS_MS)

    def refused(exc: DomainError) -> None:
        log.warning("identity scan purge refused: %s", type(exc).__name__)

    service = IdentityScanService(context, actor)
    return ServiceOp(bar, service.purge).success(done).failure(refused).run()
