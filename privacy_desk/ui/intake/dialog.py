"""The intake dialog: a phone call, email, fax, letter, visit or web form becomes a case.

Built for the keyboard and for speed: pre-filled with the channel and the time, one tab order
from top to bottom, Ctrl+Enter saves, Esc cancels (asking first when something was typed). While
the name is typed, likely earlier cases of the same person appear beside the form and can be
linked. What is typed is kept as a draft in the user's data folder until the case is saved, so a
crash or a closed window loses nothing. Saving runs in the background (one `ServiceOp`, the
dialog held meanwhile); a refusal is shown beside the field it is about, and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import Channel, RequesterRole
from privacy_desk.i18n import _, label
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, IntakeForm
from privacy_desk.services.scans import Scan
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.intake.drafts import Draft, DraftStore, release_draft_slot, take_draft_slot
from privacy_desk.ui.intake.email_import import (
    EmailDrops,
)
from privacy_desk.ui.intake.form import IntakeFields
from privacy_desk.ui.intake.imported import ImportedMaterial, identity_scans_check
from privacy_desk.ui.intake.matches import EarlierCasesPanel
from privacy_desk.ui.intake.scans import FileDrops, ScanThumbnails
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import FieldError, format_moment, refusal_text

SIMILAR_DELAY_MS = 300
DRAFT_DELAY_MS = 1000
DRAFT_EVERY_MS = 5000
DRAFT_FORM = "intake"
MUTED_STYLE = "color: #5f6368;"


class IntakeDialog(ImportedMaterial, BaseDialog):
    """Log one contact as a new case, from the keyboard, in under a minute."""

    case_created = Signal(int)
    # Saved emails dropped here that this dialog does not take (it holds one already).
    emails_dropped = Signal(list)

    def __init__(
        self,
        context: Context,
        actor: Actor,
        channel: Channel,
        parent: QWidget | None = None,
        service: CaseService | None = None,
    ) -> None:
        """service: the case service to save with (a slower one in a test), else the usual one."""
        super().__init__(parent, name="intake")
        self._context = context
        self._actor = actor
        self._service = service or CaseService(context, actor)
        self._drafts = self._hold_draft_slot(take_draft_slot(DRAFT_FORM, actor.login))
        self._pending_draft: Draft | None = None
        self._changed_since_draft = False
        self._similar_side = "requester"
        self._filling = False
        self._finished = False
        self._email_original: bytes | None = None
        self._scans: list[Scan] = []
        self._inbox_item_ids: list[int] = []

        self._build()
        self._connect()
        self._load(channel)
        self._drops = EmailDrops(self, self._on_emails_dropped)
        self._scan_drops = FileDrops(self, self.on_scans_dropped)

    def _hold_draft_slot(self, slot: int) -> DraftStore:
        release = partial(release_draft_slot, DRAFT_FORM, self._actor.login, slot)
        self.destroyed.connect(release)
        self.finished.connect(release)
        self._release_slot = release
        return DraftStore(DRAFT_FORM, self._actor.login, slot)

    # ---------------------------------------------------------------- construction

    def _build(self) -> None:
        self.setMinimumSize(980, 640)
        self.resize(1300, 850)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 10, 12, 10)

        self.draft_banner = QFrame()
        self.draft_banner.setObjectName("draft_banner")
        self.draft_banner.setStyleSheet(
            "#draft_banner { background: #fff4ce; border: 1px solid #6b4a00; border-radius: 4px; }"
        )
        banner = QHBoxLayout(self.draft_banner)
        banner.setContentsMargins(10, 6, 10, 6)
        self.draft_label = QLabel()
        self.draft_label.setWordWrap(True)
        self.restore_button = QPushButton(_("&Restore"))
        self.restore_button.setObjectName("restore_draft")
        self.discard_draft_button = QPushButton(_("&Discard it"))
        self.discard_draft_button.setObjectName("discard_draft")
        self.restore_button.setToolTip(_("Restore the unsaved intake (Alt+R)"))
        self.discard_draft_button.setToolTip(_("Delete the unsaved intake (Alt+D)"))
        banner.addWidget(self.draft_label, 1)
        banner.addWidget(self.restore_button)
        banner.addWidget(self.discard_draft_button)
        self.draft_banner.hide()
        outer.addWidget(self.draft_banner)

        # What an imported email brings: its notices (a masked number, no date) and its files.
        self.email_notice = QLabel()
        self.email_notice.setObjectName("email_notice")
        self.email_notice.setWordWrap(True)
        self.email_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.email_notice.setStyleSheet(
            "#email_notice { background: #e8f0fe; border: 1px solid #1a4d8f; border-radius: 4px;"
            " padding: 6px 10px; color: #102a4c; }"
        )
        self.email_notice.setAccessibleName(_("About the imported email"))
        self.email_notice.hide()
        outer.addWidget(self.email_notice)

        # Fax scans dropped here or taken from the inbox: kept with the contact when saved.
        self.scan_notice = QLabel()
        self.scan_notice.setObjectName("scan_notice")
        self.scan_notice.setWordWrap(True)
        self.scan_notice.setStyleSheet(
            "#scan_notice { background: #e8f0fe; border: 1px solid #1a4d8f; border-radius: 4px;"
            " padding: 6px 10px; color: #102a4c; }"
        )
        self.scan_notice.setAccessibleName(_("About the fax scans"))
        self.scan_notice.hide()
        outer.addWidget(self.scan_notice)
        self.scan_list = ScanThumbnails()
        self.scan_list.hide()
        outer.addWidget(self.scan_list)
        self.identity_scans_check = identity_scans_check()
        outer.addWidget(self.identity_scans_check)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.fields = IntakeFields()
        self._scroll.setWidget(self.fields)
        splitter.addWidget(self._scroll)
        self.similar_panel = EarlierCasesPanel()
        splitter.addWidget(self.similar_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([940, 360])
        self._alias_fields()

        # -- bottom: the message and the buttons
        self.form_error = FieldError()
        self.form_error.setObjectName("form_error")
        outer.addWidget(self.form_error)
        buttons = QHBoxLayout()
        self.draft_status = QLabel()
        self.draft_status.setObjectName("draft_status")
        self.draft_status.setStyleSheet(MUTED_STYLE)
        buttons.addWidget(self.draft_status, 1)
        keys = QLabel(_("Ctrl+Enter saves · Esc cancels"))
        keys.setStyleSheet(MUTED_STYLE)
        buttons.addWidget(keys)
        self.save_button = QPushButton(_("Save case"))
        self.save_button.setObjectName("save_intake")
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancel_intake")
        # No default button: Enter in a line edit must never save a half-typed case.
        for button in (
            self.save_button,
            self.cancel_button,
            self.use_person_button,
            self.forget_person_button,
            self.restore_button,
            self.discard_draft_button,
        ):
            button.setAutoDefault(False)
            button.setDefault(False)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        outer.addLayout(buttons)

        chain: list[QWidget] = [
            self.restore_button,
            self.discard_draft_button,
            *self.fields.focus_chain(),
            self.similar_table,
            self.use_person_button,
            self.forget_person_button,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        # The banner never takes the keyboard: the caller's name is typed into the form, and a
        # space or Enter meant for it must not restore someone else's call. Restoring is a click
        # or its shortcut (Alt+R, Alt+D). (Set after the tab order: Qt orders focusable widgets.)
        for button in (self.restore_button, self.discard_draft_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_every = QTimer(self)
        self._draft_every.setInterval(DRAFT_EVERY_MS)

    def _alias_fields(self) -> None:
        """The fields and the earlier-case panel's parts under the dialog's own names."""
        f, similar = self.fields, self.similar_panel
        self.channel_combo = f.channel_combo
        self.received_edit = f.received_edit
        self.role_combo = f.role_combo
        self.requester_box = f.requester_box
        self.requester = f.requester
        self.requester_known = f.requester_known
        self.subject_box = f.subject_box
        self.subject = f.subject
        self.subject_known = f.subject_known
        self.measures = f.measures
        self.kinds_error = f.kinds_error
        self.summary_edit = f.summary_edit
        self.summary_error = f.summary_error
        self.note_edit = f.note_edit
        self.note_error = f.note_error
        self.language_combo = f.language_combo
        self.large_print_check = f.large_print_check
        self.similar_table = similar.table
        self.use_person_button = similar.use_person_button
        self.forget_person_button = similar.forget_person_button
        self.linked_label = similar.linked_label

    def _connect(self) -> None:
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.accept)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.discard_draft_button.clicked.connect(self._on_discard_draft_clicked)
        self.channel_combo.currentIndexChanged.connect(self._on_channel_changed)
        self.fields.changed.connect(self._on_form_changed)
        self.fields.person_edited.connect(self._on_person_edited)
        # A half-composed word (input method preedit) waits: no search until it is committed.
        self.fields.composing.connect(self._similar_timer.stop)
        self.use_person_button.clicked.connect(self._on_use_person_clicked)
        self.forget_person_button.clicked.connect(self._on_forget_person_clicked)
        self._similar_timer.timeout.connect(self._on_similar_timer_timeout)
        self._draft_timer.timeout.connect(self._write_draft)
        self._draft_every.timeout.connect(self._write_draft)

    def _load(self, channel: Channel) -> None:
        self._filling = True
        self.channel_combo.set_value(channel)
        self.received_edit.set_moment(self._context.now())
        self.role_combo.set_value(RequesterRole.PERSON)
        self._filling = False
        self.fields.update_role()
        self._on_channel_changed()
        self._pending_draft = self._drafts.load()
        if self._pending_draft is not None:
            self.draft_label.setText(self._banner_text(self._pending_draft, channel))
            self.draft_banner.show()
        # Focus stays in the form even with the banner shown.
        self.requester.edits["name"].setFocus()
        self._draft_every.start()

    @staticmethod
    def draft_channel(draft: Draft) -> Channel | None:
        try:
            return Channel(draft.content.get("channel", ""))
        except ValueError:
            return None

    def _banner_text(self, draft: Draft, channel: Channel) -> str:
        """What the banner says: when, and which kind of intake it was (it stays that kind)."""
        time = format_moment(draft.saved_at)
        kept = self.draft_channel(draft)
        if kept is None:
            return _("An unsaved intake from {time} was found: restore it?").format(time=time)
        if kept is channel:
            return _("An unsaved intake ({channel}) from {time} was found: restore it?").format(
                channel=label(kept), time=time
            )
        return _(
            "An unsaved intake from {time} was found (channel: {draft_channel}). Restored, it "
            "keeps its channel {draft_channel}, not {channel}. Restore it?"
        ).format(time=time, draft_channel=label(kept), channel=label(channel))

    # ---------------------------------------------------------------- reactions

    def _on_channel_changed(self) -> None:
        channel = self.channel_combo.value()
        if channel is not None:
            self.setWindowTitle(_("New intake: {channel}").format(channel=label(channel)))

    def _on_form_changed(self) -> None:
        if self._filling:
            return
        if self._pending_draft is not None:
            self._keep_pending_draft()
        self._changed_since_draft = True
        self._draft_timer.start()

    def _on_person_edited(self, side: str) -> None:
        self._similar_side = side
        self._similar_timer.start()

    # ---------------------------------------------------------------- likely earlier cases

    def _on_similar_timer_timeout(self) -> None:
        if self.fields.is_composing():
            return  # the commit restarts the timer
        side = self._similar_side
        name, kana, birth, phone = self.fields.person_search(side)
        people = self.requester if side == "requester" else self.subject
        email = people.edits["email"].text().strip() if "email" in people.edits else ""
        # An earlier case by the same address (an imported email's sender) is offered too.
        email = email if "@" in email else ""
        self.similar_panel.search(self._service, side, name, kana, birth, phone, email=email)

    def set_linked(self, case_ids: set[int]) -> None:
        """Tick the given earlier cases (as a user would) for linking."""
        self.similar_panel.set_linked(case_ids)

    def linked_case_ids(self) -> tuple[int, ...]:
        return self.similar_panel.linked_case_ids()

    def _on_use_person_clicked(self) -> None:
        chosen = self.similar_panel.selected()
        if chosen is None:
            return
        self.fields.use_known_person(self.similar_panel.side, chosen)
        self.forget_person_button.show()

    def _on_forget_person_clicked(self) -> None:
        self.fields.forget_known_person()
        self.forget_person_button.hide()

    # ---------------------------------------------------------------- saving

    def intake_form(self) -> IntakeForm:
        """What was typed, as the service takes it; a ValidationError for unreadable input."""
        form = self.fields.intake_form(self.linked_case_ids())
        if self._email_original is not None:
            form = replace(form, email_original=self._email_original)
        if self._scans or self._inbox_item_ids:
            form = replace(
                form,
                scans=tuple((scan.name, scan.content) for scan in self._scans),
                inbox_item_ids=tuple(self._inbox_item_ids),
                scan_purpose=self.scan_purpose(),
            )
        return form

    def has_typed_text(self) -> bool:
        return self.fields.has_typed_text()

    def is_saving(self) -> bool:
        return bool(self.property("busy"))

    def accept(self) -> None:
        """Save the case (Ctrl+Enter); on a refusal say why next to the field and keep it all."""
        if self._finished or self.is_saving():
            return
        self.fields.clear_errors()
        self.form_error.clear_message()
        try:
            form = self.intake_form()
        except DomainError as exc:
            self._show_refusal(exc)
            return
        service = self._service
        # Held (disabled) until the answer: a second Ctrl+Enter can not save the case twice.
        ServiceOp(self, lambda: service.intake(form)).block().success(self._on_saved).failure(
            self._on_save_refused
        ).run()

    def _on_saved(self, detail: CaseDetail) -> None:
        self._finished = True
        self._stop_timers()
        # Keep an older unanswered draft: it is not what was just saved.
        if self._pending_draft is None:
            self._drafts.discard()
        self.case_created.emit(detail.id)
        super().accept()

    def _on_save_refused(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self._show_refusal(exc)

    def _show_refusal(self, exc: DomainError) -> None:
        message = refusal_text(exc)
        targets = self.fields.show_refusal(exc, message)
        self.form_error.show_message(
            _("Not saved: {why}").format(why=message)
            if not targets
            else _("Not saved: see the marked field. Nothing you typed was lost.")
        )
        if targets:
            self._scroll.ensureWidgetVisible(targets[0])
            targets[0].setFocus()

    # ---------------------------------------------------------------- cancel and close

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing typed text away; a discarded draft is deleted."""
        if self.is_saving():
            return
        if self.has_typed_text() and not self._ask_discard():
            return
        self._finished = True
        self._stop_timers()
        if self._pending_draft is None:
            self._drafts.discard()
        super().reject()

    def _ask_discard(self) -> bool:
        answer = QMessageBox.question(
            self,
            _("Discard this intake?"),
            _("Throw away what you typed? It is not saved as a case, and the draft is deleted."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._finished:
            event.accept()
            return
        if event.spontaneous():
            # The window's close button: the same as Esc, and not while the case is being saved.
            if self.is_saving() or (self.has_typed_text() and not self._ask_discard()):
                event.ignore()
                return
            self._finished = True
            if self._pending_draft is None:
                self._drafts.discard()
        else:
            # Closed by the program (log-out, quit): keep everything as a draft for next time.
            self._write_draft()
        self._stop_timers()
        event.accept()
        if self.isVisible():
            BaseDialog.done(self, QDialog.DialogCode.Rejected.value)

    def is_half_typed(self) -> bool:
        """Open, not saved, and something typed: closing the main window asks about it."""
        return not self._finished and self.isVisible() and self.has_typed_text()

    def keep_as_draft(self) -> None:
        """Close, keeping what was typed as a draft (offered again at the next start)."""
        self._changed_since_draft = True
        self.close()  # by the program: the draft is written

    def discard_and_close(self) -> None:
        """Close, throwing away what was typed (an older unanswered draft is kept)."""
        if self.is_saving():
            return
        self._finished = True
        self._stop_timers()
        if self._pending_draft is None:
            self._drafts.discard()
        BaseDialog.done(self, QDialog.DialogCode.Rejected.value)

    def _stop_timers(self) -> None:
        for timer in (self._similar_timer, self._draft_timer, self._draft_every):
            timer.stop()

    # ---------------------------------------------------------------- drafts

    def draft_content(self) -> dict[str, Any]:
        return self.fields.draft_content()

    def _write_draft(self) -> None:
        # An older draft waits for its answer: writing now would overwrite it.
        if self._finished or self._pending_draft is not None or not self._changed_since_draft:
            return
        if not self.has_typed_text():
            return
        try:
            self._drafts.save(
                self.draft_content(), saved_at=self._context.now(), files=self.draft_files()
            )
        except OSError:
            self.draft_status.setText(_("The draft could not be written to the data folder."))
            return
        self._changed_since_draft = False
        self.draft_status.setText(
            _("Draft kept at {time}").format(time=format_moment(self._context.now())[11:])
        )

    def _keep_pending_draft(self) -> None:
        """Typing began without an answer: keep the old draft for later, write to a new slot."""
        self._pending_draft = None
        self._release_slot()
        self._drafts = self._hold_draft_slot(
            take_draft_slot(DRAFT_FORM, self._actor.login, fresh=True)
        )
        self.restore_button.hide()
        self.discard_draft_button.hide()
        self.draft_label.setText(
            _("The earlier unsaved call note is kept: it is offered again at the next intake.")
        )

    def restore_pending_draft(self) -> None:
        """Restore the draft the banner offers (the user chose it, e.g. at start)."""
        self._on_restore_clicked()

    def _on_restore_clicked(self) -> None:
        draft = self._pending_draft
        self._pending_draft = None
        self.draft_banner.hide()
        if draft is None:
            return
        self.restore(draft.content)
        self.restore_files(draft.files)
        self.requester.edits["name"].setFocus()

    def _on_discard_draft_clicked(self) -> None:
        self._pending_draft = None
        self._drafts.discard()
        self.draft_banner.hide()
        self._changed_since_draft = True
        self.requester.edits["name"].setFocus()

    def restore(self, content: dict[str, Any]) -> None:
        """Put a draft's content back into the form."""
        self.fields.restore(content)
        self._changed_since_draft = True
