"""What an intake brings in from outside: fax scans dropped or taken from the inbox, and a saved
email that fills the form. A part of the intake dialog (ui/intake/dialog.py), kept apart so that
each file holds one thing; it works on the dialog's own fields.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, cast

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from privacy_desk.domain.vocabulary import AttachmentPurpose, Channel
from privacy_desk.i18n import _
from privacy_desk.services.base import Context
from privacy_desk.services.inbox import InboxScan, scan_limit_mb
from privacy_desk.services.mail import MailRefused, ParsedMail, parse_email
from privacy_desk.services.mail_intake import received_time
from privacy_desk.services.scans import Scan
from privacy_desk.ui.intake.email_import import (
    attachment_lines,
    read_email_file,
    show_email_refused,
)
from privacy_desk.ui.intake.scans import ScanThumbnails, check_scan_files
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import EnumCombo, MomentEdit, PersonFields


def identity_scans_check() -> QCheckBox:
    """The mark that the intake's scans are an identity document (hidden until there are scans)."""
    check = QCheckBox(_("The scans are an &identity document (deleted once identity is checked)"))
    check.setObjectName("scans_are_identity")
    check.setToolTip(_("Only their record stays: name, type, pages and the day they were deleted"))
    check.hide()
    return check


class ImportedMaterial:
    """Scans and an email brought into the intake dialog (mixed into IntakeDialog)."""

    # The dialog's own, set by IntakeDialog.__init__ and _build.
    _context: Context
    _scans: list[Scan]
    _inbox_item_ids: list[int]
    _email_original: bytes | None
    _filling: bool
    _similar_side: str
    emails_dropped: Any  # the dialog's Signal(list)
    channel_combo: EnumCombo
    received_edit: MomentEdit
    requester: PersonFields
    summary_edit: QLineEdit
    note_edit: QPlainTextEdit
    scan_list: ScanThumbnails
    scan_notice: QLabel
    identity_scans_check: QCheckBox
    email_notice: QLabel

    @property
    def _widget(self) -> QWidget:
        """The dialog itself, as the widget that background work and messages belong to."""
        return cast(QWidget, self)

    def is_saving(self) -> bool:
        raise NotImplementedError  # the dialog's

    def has_typed_text(self) -> bool:
        raise NotImplementedError  # the dialog's

    def _on_channel_changed(self) -> None:
        raise NotImplementedError  # the dialog's

    def _on_form_changed(self) -> None:
        raise NotImplementedError  # the dialog's

    # ---------------------------------------------------------------- fax scans

    def on_scans_dropped(self, paths: list[Path]) -> None:
        """Scan files dropped here: checked in the background, then kept for the save."""
        if self.is_saving():
            return
        context = self._context
        ServiceOp(
            self._widget, lambda: check_scan_files(paths, scan_limit_mb(context))
        ).block().success(self.add_scans).run()

    def add_scans(self, scans: list[Scan]) -> None:
        """Keep checked scans with this intake (a fax intake from now on)."""
        self._scans.extend(scans)
        for scan in scans:
            self.scan_list.add(scan.name, scan.media_type, scan.content, scan.pages)
        self._show_scans(Channel.FAX)

    def take_inbox_item(self, item: InboxScan) -> None:
        """A fax from the inbox: shown here, and taken into the case when saved."""
        if item.data.id in self._inbox_item_ids:
            return
        self._inbox_item_ids.append(item.data.id)
        self.received_edit.set_moment(min(item.data.arrived_at, self._context.now()))
        self.scan_list.add(item.data.file_name, item.data.media_type, item.content, item.data.pages)
        self._show_scans(Channel.FAX)

    def _show_scans(self, channel: Channel) -> None:
        self.channel_combo.set_value(channel)
        self._on_channel_changed()
        self.scan_notice.setText(
            _("Kept with the fax contact when saved: {files}").format(
                files=", ".join(self.scan_list.names())
            )
        )
        self.scan_notice.show()
        self.scan_list.show()
        self.identity_scans_check.show()

    def scan_purpose(self) -> AttachmentPurpose:
        if self.identity_scans_check.isChecked():
            return AttachmentPurpose.IDENTITY_DOCUMENT
        return AttachmentPurpose.CORRESPONDENCE

    def held_scans(self) -> tuple[str, ...]:
        return self.scan_list.names()

    # ---------------------------------------------------------------- an imported email

    def prefill_email(self, email: ParsedMail) -> None:
        """Fill the form from a saved email; its original is kept with the contact when saved.

        The sender's earlier cases (same address or name) are looked up and offered for linking.
        """
        self._email_original = email.original
        self._filling = True
        self.channel_combo.set_value(Channel.EMAIL)
        self.received_edit.set_moment(received_time(email, self._context.now()))
        self.requester.edits["name"].setText(email.sender_name)
        self.requester.edits["email"].setText(email.sender_address)
        self.summary_edit.setText(email.summary())
        self.summary_edit.setCursorPosition(0)  # the subject first, not the end of the text
        self.note_edit.setPlainText(email.body)
        self._filling = False
        self._on_channel_changed()
        self._on_form_changed()
        self._show_email_notice(email)
        # The sender's name and address were set: the earlier-case search follows by itself.
        self._similar_side = "requester"
        self.requester.edits["name"].setFocus()

    def _show_email_notice(self, email: ParsedMail) -> None:
        lines = [*email.notices]
        files = attachment_lines(email.attachments)
        lines.append(
            _("Kept with the contact when saved: the email and its attachments: {files}").format(
                files=", ".join(files)
            )
            if files
            else _("Kept with the contact when saved: the email (no attachments).")
        )
        self.email_notice.setText("\n".join(lines))
        self.email_notice.show()

    # ---------------------------------------------------------------- in a draft

    def draft_files(self) -> dict[str, bytes]:
        """What a draft keeps besides the typed fields: the email the intake came from."""
        return {} if self._email_original is None else {"email": self._email_original}

    def restore_files(self, files: dict[str, bytes]) -> None:
        """A restored draft's email: kept again with the contact when saved (the typed fields,
        restored already, stay as typed). One that can no longer be read is said, not kept."""
        raw = files.get("email")
        if raw is None:
            return
        try:
            email = parse_email(raw)
        except MailRefused as exc:
            self.email_notice.setText(
                _("The email of this draft could not be read again: {why}").format(why=exc)
            )
            self.email_notice.show()
            return
        self._email_original = email.original
        self._show_email_notice(email)

    def holds_email(self) -> bool:
        return self._email_original is not None

    def _on_emails_dropped(self, paths: list[Path]) -> None:
        if self.holds_email() or self.has_typed_text() or self.is_saving():
            self.emails_dropped.emit(paths)
            return
        first, rest = paths[0], paths[1:]
        ServiceOp(self._widget, partial(read_email_file, first)).block().success(
            self.prefill_email
        ).failure(partial(show_email_refused, self._widget, first)).run()
        if rest:
            self.emails_dropped.emit(rest)
