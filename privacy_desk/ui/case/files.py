"""The Files tab: every file kept with a case (an email, its attachments, fax and identity
scans), to open or save a copy of.

Opening a file writes a copy to a private temporary folder (only this user may read it; it is
deleted when the application ends) and hands it to the program the system opens it with. An
email opens in a viewer that shows its text, where its original can still be opened. A scan of
an identity document deleted after the identity check is listed as deleted: it can not be opened.
Reading a file is audited by the service; files are read and written off the GUI thread.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import AttachmentPurpose
from privacy_desk.i18n import _
from privacy_desk.services.dto import AttachmentData, AttachmentFile, CaseDetail
from privacy_desk.services.mail import ParsedMail, parse_email
from privacy_desk.services.scans import clean_name
from privacy_desk.ui.case.parts import Outcome, fill_rows, make_button
from privacy_desk.ui.intake.email_import import size_text
from privacy_desk.ui.intake.scans import pages_text
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import format_day, format_moment, read_only_table

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace

EMAIL_TYPE = "message/rfc822"
_temp: list[Path] = []


def private_temp_folder() -> Path:
    """This run's folder for opened copies: readable by this user only, deleted at exit."""
    if not _temp or not _temp[0].is_dir():
        _temp[:] = [Path(tempfile.mkdtemp(prefix="privacy-desk-open-"))]  # mode 0700
        app = QCoreApplication.instance()
        if app is not None:  # also when the application ends, before the interpreter does
            app.aboutToQuit.connect(remove_temp_copies)
    return _temp[0]


@atexit.register
def remove_temp_copies() -> None:
    """Delete the copies opened in this run (at exit; also called when the window closes)."""
    for folder in _temp:
        shutil.rmtree(folder, ignore_errors=True)
    _temp.clear()


def write_copy(shown: AttachmentFile) -> Path:
    """A private copy of a kept file, under its own name, in a folder of its own."""
    a = shown.data
    try:
        folder = private_temp_folder() / str(a.id)
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / (clean_name(a.file_name).lstrip(".") or f"file-{a.id}")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(shown.content)
    except OSError:
        raise ValidationError(_("A copy of the file could not be written to open it.")) from None
    return path


def kind_text(a: AttachmentData) -> str:
    if a.media_type == EMAIL_TYPE:
        return _("Email")
    if a.purpose is AttachmentPurpose.IDENTITY_DOCUMENT:
        return _("Identity document scan")
    if a.pages is not None:
        return _("Scan")
    return _("Email attachment")


def state_text(a: AttachmentData) -> str:
    if a.deleted_at is not None:
        return _("Deleted on {day}").format(day=format_day(a.deleted_at))
    if a.purpose is AttachmentPurpose.IDENTITY_DOCUMENT:
        return _("Deleted once identity is checked")
    return _("Kept")


class EmailViewer(QDialog):
    """A kept email's text: sender, date, subject, body and attachments; its original can be
    opened in the mail program."""

    def __init__(self, name: str, email: ParsedMail, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("email_viewer")
        self.setWindowTitle(name)
        self.setAccessibleName(_("Email {name}").format(name=name))
        layout = QVBoxLayout(self)
        sender = email.sender_name or email.sender_address
        if email.sender_name and email.sender_address:
            sender = f"{email.sender_name} <{email.sender_address}>"
        heading = QLabel(
            "\n".join(
                [
                    _("From: {sender}").format(sender=sender),
                    _("Received: {when}").format(when=format_moment(email.received_at) or "—"),
                    _("Subject: {subject}").format(subject=email.subject),
                ]
            )
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.body = QPlainTextEdit(email.body)
        self.body.setObjectName("email_body")
        self.body.setReadOnly(True)
        self.body.setAccessibleName(_("Text of the email"))
        layout.addWidget(self.body, 1)
        if email.attachments:
            names = ", ".join(a.name for a in email.attachments)
            files = QLabel(_("Attachments (listed in the Files tab): {names}").format(names=names))
            files.setWordWrap(True)
            layout.addWidget(files)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_original = self.buttons.addButton(
            _("Open in the &mail program"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_original.setObjectName("open_original_email")
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(680, 560)


class FilesTab(QWidget):
    """The files kept with the case: kind, name, size, pages, when received; Open, Save as…"""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._files: list[AttachmentData] = []
        self._received: dict[int, str] = {}
        layout = QVBoxLayout(self)
        self.table: QTableWidget = read_only_table(
            [_("Kind"), _("File name"), _("Size"), _("Pages"), _("Received"), _("State")],
            "files_table",
            stretch=1,
            single=True,
        )
        self.table.setAccessibleName(_("Files kept with the case"))
        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(lambda _index: self.open_selected())
        layout.addWidget(self.table, 1)
        self.note = QLabel()
        self.note.setObjectName("files_note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.open_button = make_button(_("&Open"), "open_file")
        self.open_button.setToolTip(_("Open a copy with the program of this computer (Enter)"))
        self.save_button = make_button(_("Save &as…"), "save_file_as")
        self.save_button.setToolTip(_("Save a copy of the file where you choose"))
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._on_selection_changed()

    def show_detail(self, detail: CaseDetail) -> None:
        chosen = self.selected()
        self._files = list(detail.attachments)
        self._received = {c.id: format_moment(c.occurred_at) for c in detail.contacts}
        fill_rows(
            self.table,
            [
                [
                    kind_text(a),
                    a.file_name,
                    size_text(a.size) if a.deleted_at is None else "—",
                    pages_text(a.pages),
                    self._received.get(a.contact_id or 0, format_moment(a.created_at)),
                    state_text(a),
                ]
                for a in self._files
            ],
        )
        for row, a in enumerate(self._files):
            if chosen is not None and a.id == chosen.id:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and self._files:
            self.table.selectRow(0)
        self.note.setText(
            _("No file is kept with this case.")
            if not self._files
            else _(
                "Opening a file writes a copy readable by you only, deleted when Privacy Desk "
                "closes."
            )
        )
        self._on_selection_changed()

    def show_file(self, attachment_id: int) -> None:
        """Bring this tab forward with the file chosen (from the Contacts tab's list)."""
        self.workspace.tabs.setCurrentWidget(self)
        for row, a in enumerate(self._files):
            if a.id == attachment_id:
                self.table.selectRow(row)
        self.table.setFocus()

    def selected(self) -> AttachmentData | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._files):
            return None
        return self._files[rows[0].row()]

    def _on_selection_changed(self) -> None:
        a = self.selected()
        usable = a is not None and a.deleted_at is None
        why = "" if usable or a is None else state_text(a)
        for button in (self.open_button, self.save_button):
            button.setEnabled(usable)
            button.setToolTip(why or button.toolTip())

    def _read(self, a: AttachmentData) -> AttachmentFile:
        ws = self.workspace
        return ws.service.attachment(ws.case_id, a.id)

    def open_selected(self) -> None:
        a = self.selected()
        if a is None or a.deleted_at is not None:
            return
        if a.media_type == EMAIL_TYPE:
            ServiceOp(self, lambda: self._read_email(a)).success(self._show_email).run()
            return
        ServiceOp(self, lambda: write_copy(self._read(a))).success(self.open_path).run()

    def _read_email(self, a: AttachmentData) -> tuple[AttachmentFile, ParsedMail]:
        shown = self._read(a)
        return shown, parse_email(shown.content)  # a MailRefused is shown as a refusal

    def _show_email(self, read: tuple[AttachmentFile, ParsedMail]) -> None:
        shown, email = read
        viewer = EmailViewer(shown.data.file_name, email, self)
        viewer.open_original.clicked.connect(
            lambda: ServiceOp(viewer, lambda: write_copy(shown)).success(self.open_path).run()
        )
        viewer.finished.connect(viewer.deleteLater)
        self.email_viewer = viewer
        viewer.open()

    def open_path(self, path: Path) -> None:
        """Hand the copy to the program the system opens such files with."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.note.setText(
                _("No program on this computer opens this kind of file. Save a copy instead.")
            )

    def save_selected(self) -> None:
        a = self.selected()
        if a is None or a.deleted_at is not None:
            return
        name, _chosen = QFileDialog.getSaveFileName(
            self, _("Save a copy of the file"), clean_name(a.file_name)
        )
        if name:
            ServiceOp(self, lambda: self._save(a, Path(name))).success(self._saved).run()

    def _save(self, a: AttachmentData, path: Path) -> Path:
        shown = self._read(a)
        try:
            path.write_bytes(shown.content)
        except OSError:
            raise ValidationError(_("The copy could not be saved there.")) from None
        return path

    def _saved(self, path: Path) -> None:
        self.note.setText(_("A copy was saved: {file}").format(file=path.name))

    def has_unsaved_changes(self) -> bool:
        return False

    def save_pending(self, then: Outcome | None = None) -> bool:
        return False
