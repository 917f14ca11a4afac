"""The Identity tab: record how identity (and a guardian's or agent's authority) was checked."""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    AUTHORITY_PROOFS,
    AttachmentPurpose,
    AuthorityDocument,
    IdentityDocument,
    IdentityMethod,
)
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import CaseDetail, IdentityForm
from privacy_desk.ui.case.parts import Outcome, fill_rows, make_button, show_state
from privacy_desk.ui.intake.scans import attachment_text
from privacy_desk.ui.letters import common as letters_common
from privacy_desk.ui.ops import alive
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import (
    EnumChecks,
    EnumCombo,
    FieldError,
    OptionalDateEdit,
    format_day,
    format_moment,
    read_only_table,
    refusal_text,
)

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


# ==================================================================== identity


class IdentityTab(QWidget):
    """Record how identity (and a guardian's or agent's authority) was checked."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        layout = QHBoxLayout(self)

        form_box = QGroupBox(_("Record an identity check"))
        form = QVBoxLayout(form_box)
        method_row = QFormLayout()
        self.method_combo = EnumCombo(IdentityMethod)
        self.method_combo.setObjectName("identity_method")
        method_row.addRow(_("How"), self.method_combo)
        form.addLayout(method_row)

        self.documents_box = QWidget()
        documents = QVBoxLayout(self.documents_box)  # stacked: side by side they need 900 px
        documents.setContentsMargins(0, 0, 0, 0)
        photo = [d for d in IdentityDocument if d.has_photo]
        other = [d for d in IdentityDocument if not d.has_photo]
        photo_box = QGroupBox(_("With photo (one is enough)"))
        QVBoxLayout(photo_box).addWidget(photo_checks := EnumChecks(photo))
        other_box = QGroupBox(_("Without photo (two are needed)"))
        QVBoxLayout(other_box).addWidget(other_checks := EnumChecks(other))
        self.photo_checks = photo_checks
        self.other_checks = other_checks
        documents.addWidget(photo_box)
        documents.addWidget(other_box)
        form.addWidget(self.documents_box)

        self.authority_box = QGroupBox(_("Proof of authority"))
        authority = QGridLayout(self.authority_box)
        self.authority_hint = QLabel()
        self.authority_hint.setWordWrap(True)
        self.authority_hint.setStyleSheet("color: #5f6368;")
        authority.addWidget(self.authority_hint, 0, 0, 1, 3)
        self.authority_checks: dict[AuthorityDocument, QCheckBox] = {}
        self.authority_dates: dict[AuthorityDocument, OptionalDateEdit] = {}
        for row, document in enumerate(AuthorityDocument, start=1):
            check = QCheckBox(label(document))
            check.setObjectName(f"authority_{document.value}")
            issued = OptionalDateEdit(_("Issue date"))
            issued.setObjectName(f"issued_{document.value}")
            issued.setAccessibleName(_("Issue date: {document}").format(document=label(document)))
            issued.setEnabled(False)
            check.toggled.connect(issued.setEnabled)
            self.authority_checks[document] = check
            self.authority_dates[document] = issued
            authority.addWidget(check, row, 0)
            authority.addWidget(QLabel(_("issued on")), row, 1)
            authority.addWidget(issued, row, 2)
        authority.setColumnStretch(0, 1)
        form.addWidget(self.authority_box)

        note_row = QFormLayout()
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("identity_note")
        limit_text(self.note_edit, "identity note")
        self.note_edit.setPlaceholderText(_("e.g. called back on the number on file"))
        note_row.addRow(_("Note"), self.note_edit)
        form.addLayout(note_row)
        self.error = FieldError()
        self.error.setObjectName("identity_error")
        form.addWidget(self.error)
        buttons = QHBoxLayout()
        self.confirm_button = make_button(_("Record identity check"), "confirm_identity")
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        form.addLayout(buttons)
        form.addStretch(1)
        # The form is long; it scrolls rather than push the workspace taller than the screen.
        form_scroll = self.form_scroll = QScrollArea()
        form_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that shows nothing
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QFrame.Shape.NoFrame)
        form_scroll.setWidget(form_box)
        layout.addWidget(form_scroll, 3)

        done_box = QGroupBox(_("Checks done"))
        done = QVBoxLayout(done_box)
        self.status_label = QLabel()
        self.status_label.setObjectName("identity_status")
        self.status_label.setTextFormat(Qt.TextFormat.RichText)
        self.status_label.setWordWrap(True)
        done.addWidget(self.status_label)
        # Scans attached as identity documents: waiting for the check, or deleted after it.
        self.scans_label = QLabel()
        self.scans_label.setObjectName("identity_scans")
        self.scans_label.setWordWrap(True)
        self.scans_label.setAccessibleName(_("Scans of identity documents"))
        done.addWidget(self.scans_label)
        self.checks_table = read_only_table(
            [_("When"), _("Who"), _("How"), _("Documents"), _("Note")],
            "identity_checks",
            title=_("Checks done"),
        )
        done.addWidget(self.checks_table, 2)
        done.addWidget(QLabel(_("Proofs of authority seen")))
        self.proofs_table = read_only_table(
            [_("Document"), _("Issued on"), _("Checked by"), _("When")],
            "authority_proofs",
            title=_("Proofs of authority seen"),
        )
        done.addWidget(self.proofs_table, 1)
        layout.addWidget(done_box, 2)

        self.method_combo.currentIndexChanged.connect(self._on_method_changed)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self._on_method_changed()

    def _on_method_changed(self) -> None:
        self.documents_box.setEnabled(self.method_combo.value() is IdentityMethod.DOCUMENTS)

    def show_detail(self, detail: CaseDetail) -> None:
        role = detail.requester_role
        self.authority_box.setVisible(role.needs_authority)
        if role.needs_authority:
            options = " / ".join(
                " + ".join(label(d) for d in sorted(option, key=list(AuthorityDocument).index))
                for option in AUTHORITY_PROOFS[role]
            )
            self.authority_hint.setText(
                _("As {role}, the requester proves authority with: {options}.").format(
                    role=label(role), options=options
                )
            )
        ws = self.workspace

        def line(text: str, ok: bool) -> str:
            colour = "#1e5631" if ok else "#8a1c24"
            return f'<span style="color: {colour}; font-weight: 600;">{html.escape(text)}</span>'

        lines = [
            line(_("Identity: confirmed"), True)
            if detail.identity_confirmed
            else line(_("Identity: not confirmed"), not detail.is_rights_request)
        ]
        if role.needs_authority:
            lines.append(
                line(_("Authority ({role}): confirmed").format(role=label(role)), True)
                if detail.authority_confirmed
                else line(_("Authority ({role}): not confirmed").format(role=label(role)), False)
            )
        if not detail.is_rights_request:
            lines.append(html.escape(_("Not a rights request: no identity check is required.")))
        self.status_label.setText("<br>".join(lines))
        self._show_scans(detail)
        fill_rows(
            self.checks_table,
            [
                [
                    format_moment(c.checked_at),
                    ws.person_name(c.checked_by),
                    label(c.method),
                    ", ".join(label(d) for d in c.documents),
                    c.note,
                ]
                for c in detail.identity_checks
            ],
        )
        fill_rows(
            self.proofs_table,
            [
                [
                    label(p.document),
                    format_day(p.issued_on) or _("(no date)"),
                    ws.person_name(p.checked_by),
                    format_moment(p.checked_at),
                ]
                for p in detail.authority_proofs
            ],
        )
        show_state(self.confirm_button, ws.state(Action.CONFIRM_IDENTITY))

    def _show_scans(self, detail: CaseDetail) -> None:
        scans = [a for a in detail.attachments if a.purpose is AttachmentPurpose.IDENTITY_DOCUMENT]
        waiting = [a for a in scans if a.deleted_at is None]
        deleted = [a for a in scans if a.deleted_at is not None]
        lines = []
        if waiting:
            lines.append(
                _(
                    "Scans of identity documents waiting for the check (deleted once it is "
                    "recorded): {files}"
                ).format(files=", ".join(attachment_text(a) for a in waiting))
            )
        if deleted:
            lines.append(
                _("Deleted after the check: {files}").format(
                    files=", ".join(
                        _("{name} (deleted on {day})").format(
                            name=a.file_name, day=format_day(a.deleted_at)
                        )
                        for a in deleted
                    )
                )
            )
        self.scans_label.setText("\n".join(lines))
        self.scans_label.setVisible(bool(lines))

    def identity_form(self) -> IdentityForm:
        method = self.method_combo.value() or IdentityMethod.DOCUMENTS
        documents: tuple[IdentityDocument, ...] = ()
        if method is IdentityMethod.DOCUMENTS:
            documents = self.photo_checks.values() + self.other_checks.values()
        authority: tuple[tuple[AuthorityDocument, date | None], ...] = ()
        if self.authority_box.isVisibleTo(self):
            authority = tuple(
                (document, self.authority_dates[document].date_value())
                for document, check in self.authority_checks.items()
                if check.isChecked()
            )
        return IdentityForm(
            method=method,
            documents=documents,
            authority=authority,
            note=self.note_edit.text().strip(),
        )

    def has_unsaved_changes(self) -> bool:
        return bool(
            self.photo_checks.values()
            or self.other_checks.values()
            or any(c.isChecked() for c in self.authority_checks.values())
            or self.note_edit.text().strip()
        )

    def save_pending(self, then: Outcome | None = None) -> bool:
        return self._on_confirm_clicked(then=then) if self.has_unsaved_changes() else False

    def _on_confirm_clicked(self, *, then: Outcome | None = None) -> bool:
        self.error.clear_message()
        try:
            form = self.identity_form()
        except ValidationError as exc:
            self.error.show_message(refusal_text(exc))
            return False
        ws = self.workspace

        def done() -> None:
            detail = ws.detail  # the case the service answered with, shown already
            if detail is not None and detail.warnings:
                # Saved, but authority is not confirmed: the form stays for a corrected proof.
                self.error.show_message(
                    "\n".join(
                        [_("Identity recorded, but authority is NOT confirmed:")]
                        + [f"• {problem}" for problem in detail.identity_problems]
                        + [_("The case can not go on until a valid proof arrives.")]
                    )
                )
            else:
                self.reset()
                if then is None and detail is not None:
                    self._offer_resume(detail)

        return ws.perform(
            lambda version: ws.service.confirm_identity(ws.case_id, version, form),
            self._on_refused,
            done,
            then,
        )

    def _offer_resume(self, detail: CaseDetail) -> None:
        """Identity confirmed on a paused case: resume the clock? Only with the user's yes; the
        case's own resume action does it."""
        state = detail.actions.get(Action.RESUME)
        if not (detail.identity_confirmed and detail.authority_confirmed):
            return
        if state is None or not state.enabled:
            return
        ws = self.workspace

        def resume() -> None:
            if alive(ws):
                ws.perform(lambda version: ws.service.resume(ws.case_id, version))

        letters_common.ask_yes_no(
            self,
            _("Resume the clock"),
            _("Identity is confirmed and the clock of this case is paused. Resume it now?"),
            resume,
        )

    def _on_refused(self, exc: DomainError) -> None:
        self.error.show_message(refusal_text(exc))

    def reset(self) -> None:
        self.photo_checks.set_values(())
        self.other_checks.set_values(())
        for document, check in self.authority_checks.items():
            check.setChecked(False)
            self.authority_dates[document].clear()
        self.note_edit.clear()
