"""The two dialogs of Safekeeping that do something: make a backup now, restore one into a new file.

Both ask for a file through a non-modal file dialog (no nested event loop) and the passphrase in
fields that do not show it; the work runs on the thread pool (ServiceOp) while the dialog is
blocked, and a refusal is shown in the dialog, which stays open with what was typed.
Restoring never touches the open database: it fills a new SQLite file and checks it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _
from privacy_desk.services.backup import BackupReport, BackupService
from privacy_desk.storage.db import RESTORE_COMMAND
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import MessageBar, refusal_text

FILE_FILTER = "Privacy Desk backup (*.pdbackup)"
DATABASE_FILTER = "SQLite database (*.sqlite3)"


class FileField(QWidget):
    """A path typed or chosen with a file dialog opened without a loop of its own."""

    def __init__(
        self,
        name: str,
        *,
        save: bool,
        filter_text: str = "",
        suffix: str = "",
        folder: bool = False,
    ) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setObjectName(name)
        self.button = QPushButton(_("Choose…"))
        self.button.setObjectName(f"{name}_choose")
        self._save = save
        self._filter = filter_text
        self._suffix = suffix
        self._folder = folder
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.button)
        self.button.clicked.connect(self._on_button_clicked)
        self.chooser: QFileDialog | None = None

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def _on_button_clicked(self) -> None:
        chooser = self.chooser = QFileDialog(self, _("Choose a file"), self.edit.text())
        if self._folder:
            chooser.setFileMode(QFileDialog.FileMode.Directory)
            chooser.setOption(QFileDialog.Option.ShowDirsOnly, True)
        elif self._save:
            chooser.setNameFilter(self._filter)
            chooser.setDefaultSuffix(self._suffix)
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            # The service refuses an existing file with its own message: never overwrite.
            chooser.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
        else:
            chooser.setNameFilter(self._filter)
            chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(self.edit.setText)
        chooser.open()


def _passphrase_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _WorkDialog(BaseDialog):
    """A form, a message bar and OK/Cancel; `finished_work` says the report once it is done."""

    finished_work = Signal(object)

    def __init__(self, service: BackupService, parent: QWidget | None, name: str) -> None:
        super().__init__(parent, name)
        self.service = service
        self.message = MessageBar()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("ok_button")
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.message)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.buttons)

    def refuse(self, text: str) -> None:
        self.message.show_message(text)

    def _on_refused(self, exc: DomainError) -> None:
        self.refuse(refusal_text(exc))

    def _on_done(self, report: BackupReport) -> None:
        self.finished_work.emit(report)
        super().accept()


class BackupNowDialog(_WorkDialog):
    """Back up now: a file that does not exist yet, and a passphrase typed twice."""

    def __init__(self, service: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent, "backup_now_dialog")
        self.setWindowTitle(_("Back up now"))
        self.file = FileField("backup_file", save=True, filter_text=FILE_FILTER, suffix="pdbackup")
        self.passphrase = _passphrase_field("passphrase")
        self.again = _passphrase_field("passphrase_again")
        note = QLabel(
            _(
                "The backup holds personal data: it is encrypted with this passphrase. Keep the "
                "passphrase apart from the file; without it the backup can not be restored."
            )
        )
        note.setWordWrap(True)
        self.layout_.addWidget(note)
        self.form.addRow(_("Backup file:"), self.file)
        self.form.addRow(_("Passphrase:"), self.passphrase)
        self.form.addRow(_("The same passphrase again:"), self.again)
        self.finish_layout()
        self.resize(560, 260)

    def accept(self) -> None:
        path = self.file.path()
        if path is None:
            self.refuse(_("Choose the file to write the backup to."))
            return
        if self.passphrase.text() != self.again.text():
            self.refuse(_("The two passphrases differ."))
            return
        secret, service = self.passphrase.text(), self.service
        ServiceOp(self, lambda: service.create(path, secret)).success(self._on_done).failure(
            self._on_refused
        ).block().run()


class RestoreDialog(_WorkDialog):
    """Restore: never over the open database; into a new SQLite file, checked, or by command."""

    def __init__(self, service: BackupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent, "restore_dialog")
        self.setWindowTitle(_("Restore a backup"))
        explanation = QLabel(
            _(
                "A backup is restored only into an empty database, never over the one in use. "
                "Restore it here into a new database file, then start Privacy Desk on that file "
                "with --database-url; or, for a server database, run on the command line:"
            )
        )
        explanation.setWordWrap(True)
        self.command = QLineEdit(
            RESTORE_COMMAND.replace(
                "sqlite:///NEW-FILE.sqlite3", "postgresql://USER@SERVER/NEW-DATABASE"
            )
        )
        self.command.setObjectName("restore_command")
        self.command.setReadOnly(True)
        self.layout_.addWidget(explanation)
        self.layout_.addWidget(self.command)
        self.file = FileField(
            "restore_file", save=False, filter_text=FILE_FILTER, suffix="pdbackup"
        )
        self.target = FileField(
            "restore_target", save=True, filter_text=DATABASE_FILTER, suffix="sqlite3"
        )
        self.passphrase = _passphrase_field("restore_passphrase")
        self.form.addRow(_("Backup file:"), self.file)
        self.form.addRow(_("New database file:"), self.target)
        self.form.addRow(_("Passphrase:"), self.passphrase)
        self.finish_layout()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Restore"))
        self.resize(640, 300)

    def accept(self) -> None:
        backup, target = self.file.path(), self.target.path()
        if backup is None or target is None:
            self.refuse(_("Choose the backup file and the new database file."))
            return
        secret, service = self.passphrase.text(), self.service
        ServiceOp(self, lambda: service.restore_into_new_file(backup, secret, target)).success(
            self._on_done
        ).failure(self._on_refused).block().run()
