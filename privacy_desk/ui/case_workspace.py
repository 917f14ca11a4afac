"""The case workspace: one case, its state, its deadlines, its people and everything done on it.

At the top, without hunting: the reference, the status and what must happen next, the deadline
strip, the requester and data subject, and the actions the case's status and the user's role
allow. Below, one tab each for identity, contacts, investigation, decision, letters and history.

Every change is one service call with the case version the user opened. When someone else saved
in between, the call is refused with a ConflictError: the workspace says what changed, reloads
the case and keeps whatever the user was typing, so saving again is one key press away.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain import rules
from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    AUTHORITY_PROOFS,
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_DISCLOSURE_GROUND,
    OUTCOMES_NEEDING_REASONS,
    AuthorityDocument,
    CaseStatus,
    Channel,
    ContactDirection,
    ContactKind,
    DisclosureMethod,
    DisclosureRefusalGround,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Labelled,
    Outcome,
    PauseReason,
    PaymentMethod,
    RequesterRole,
    RequestKind,
    UserRole,
)
from privacy_desk.i18n import N_, _, label
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import (
    CaseDetail,
    DecisionForm,
    IdentityForm,
    MeasureData,
    PersonData,
    PersonForm,
)
from privacy_desk.services.users import list_users
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.letters import LettersPanel
from privacy_desk.ui.widgets import (
    DeadlineStrip,
    EnumChecks,
    EnumCombo,
    FieldError,
    MessageBar,
    MomentEdit,
    OptionalDateEdit,
    PersonFields,
    format_day,
    format_moment,
    read_only_table,
    refusal_text,
    with_error,
)

S = CaseStatus
Refusal = Callable[[DomainError], None]

ACTION_LABELS: dict[str, str] = {
    "intake": N_("Case logged"),
    "add_contact": N_("Contact added"),
    "edit_case": N_("Case details edited"),
    "confirm_identity": N_("Identity check recorded"),
    "take": N_("Case taken"),
    "assign": N_("Case assigned"),
    "add_note": N_("Note added"),
    "add_task": N_("Task added"),
    "complete_task": N_("Task ticked"),
    "start_investigation": N_("Investigation started"),
    "pause": N_("Clock paused"),
    "resume": N_("Clock resumed"),
    "extend": N_("Deadline extended"),
    "record_decision": N_("Decision recorded"),
    "record_fee": N_("Fee recorded"),
    "propose": N_("Decision proposed"),
    "approve": N_("Decision approved"),
    "send_back": N_("Decision sent back"),
    "issue_letter": N_("Letter issued"),
    "record_notice_sent": N_("Notice recorded as sent"),
    "close": N_("Case closed"),
    "withdraw": N_("Case withdrawn"),
    "close_unconfirmed": N_("Closed: identity not confirmed"),
    "reopen": N_("Case reopened"),
    "link_cases": N_("Cases linked"),
    "reveal_name": N_("Name revealed"),
}
FIELD_LABELS: dict[str, str] = {
    "summary": N_("summary"),
    "letter_language": N_("letter language"),
    "large_print": N_("large print"),
    "name": N_("name"),
    "kana": N_("kana"),
    "birth_date": N_("date of birth"),
    "postal_code": N_("postal code"),
    "address": N_("address"),
    "phone": N_("phone"),
    "fax": N_("fax"),
    "email": N_("email"),
    "organisation": N_("organisation"),
}
_DISCLOSURE_KINDS = (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS)
LETTER_KINDS: dict[str, str] = {
    "acknowledgement": N_("Acknowledgement of receipt"),
    "identity_request": N_("Request for identity documents"),
    "decision": N_("Decision notice"),
    "extension": N_("Extension notice"),
    "answer": N_("Answer"),
    "fax_cover": N_("Fax cover sheet"),
}


def letter_kind(kind: str) -> str:
    return _(LETTER_KINDS.get(kind, kind.replace("_", " ")))


def _enum_label(enum: type[Labelled], value: object) -> str:
    try:
        return label(enum(str(value)))
    except ValueError:
        return str(value)


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value if len(value) > 40 else "")
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def _plain(placeholder: str = "", height: int = 60, name: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(int(height * 1.6))
    if name:
        edit.setObjectName(name)
    return edit


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


# ==================================================================== people


class PersonDialog(BaseDialog):
    """Edit the requester or the data subject; saving goes through the workspace."""

    def __init__(
        self,
        person: PersonData,
        title: str,
        on_save: Callable[[PersonForm, FieldError], bool],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, name="person_edit")
        self.setWindowTitle(title)
        self.person = person
        self._on_save = on_save
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = PersonFields("person", tuple(name for name, _ in PersonFields.FIELDS))
        self.fields.add_rows(form)
        self.fields.fill(person)
        self.edits = self.fields.edits
        for edit in self.edits.values():
            edit.setMinimumWidth(360)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = _button(_("Save"), "person_save")
        self.cancel_button = _button(_("Cancel"), "person_cancel")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)

    def person_form(self) -> PersonForm:
        return self.fields.person_form()

    def accept(self) -> None:
        self.error.clear_message()
        try:
            form = self.person_form()
        except ValidationError as exc:
            self.error.show_message(refusal_text(exc))
            return
        if self._on_save(form, self.error):
            super().accept()


def _person_text(person: PersonData, with_contact: bool = True) -> str:
    lines = [person.name]
    if person.kana:
        lines[0] += f"（{person.kana}）"
    if person.birth_date:
        lines.append(_("Born {date}").format(date=format_day(person.birth_date)))
    if with_contact:
        address = " ".join(
            p
            for p in (f"〒{person.postal_code}" if person.postal_code else "", person.address)
            if p
        )
        if address:
            lines.append(address)
        contact = " · ".join(
            p
            for p in (
                _("Tel {n}").format(n=person.phone) if person.phone else "",
                _("Fax {n}").format(n=person.fax) if person.fax else "",
                person.email,
            )
            if p
        )
        if contact:
            lines.append(contact)
        if person.organisation:
            lines.append(person.organisation)
    return "\n".join(lines)


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
        documents = QHBoxLayout(self.documents_box)
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
        self.note_edit.setPlaceholderText(_("e.g. called back on the number on file"))
        note_row.addRow(_("Note"), self.note_edit)
        form.addLayout(note_row)
        self.error = FieldError()
        self.error.setObjectName("identity_error")
        form.addWidget(self.error)
        buttons = QHBoxLayout()
        self.confirm_button = _button(_("Record identity check"), "confirm_identity")
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        form.addLayout(buttons)
        form.addStretch(1)
        # The form is long; it scrolls rather than push the workspace taller than the screen.
        form_scroll = QScrollArea()
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
        self.checks_table = read_only_table(
            [_("When"), _("Who"), _("How"), _("Documents"), _("Note")], "identity_checks"
        )
        done.addWidget(self.checks_table, 2)
        done.addWidget(QLabel(_("Proofs of authority seen")))
        self.proofs_table = read_only_table(
            [_("Document"), _("Issued on"), _("Checked by"), _("When")], "authority_proofs"
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
        _fill(
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
        _fill(
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
        allowed = ws.allowed(Action.CONFIRM_IDENTITY)
        self.confirm_button.setEnabled(allowed)
        self.confirm_button.setToolTip("" if allowed else ws.why_not(Action.CONFIRM_IDENTITY))

    def identity_form(self) -> IdentityForm:
        method = self.method_combo.value() or IdentityMethod.DOCUMENTS
        documents: tuple[IdentityDocument, ...] = ()
        if method is IdentityMethod.DOCUMENTS:
            documents = self.photo_checks.values() + self.other_checks.values()  # type: ignore[assignment]
        authority = ()
        if self.authority_box.isVisibleTo(self):
            authority = tuple(
                (document, self.authority_dates[document].date_value())
                for document, check in self.authority_checks.items()
                if check.isChecked()
            )
        return IdentityForm(
            method=method,  # type: ignore[arg-type]
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

    def save_pending(self) -> bool:
        return self._on_confirm_clicked() if self.has_unsaved_changes() else False

    def _on_confirm_clicked(self) -> bool:
        self.error.clear_message()
        try:
            form = self.identity_form()
        except ValidationError as exc:
            self.error.show_message(refusal_text(exc))
            return False
        ws = self.workspace
        saved_as: list[CaseDetail] = []
        saved = ws.perform(
            lambda version: saved_as.append(ws.service.confirm_identity(ws.case_id, version, form)),
            self._on_refused,
        )
        if saved and saved_as and saved_as[0].warnings:
            # Saved, but authority is not confirmed: the form stays for a corrected proof.
            text = "\n".join(
                [_("Identity recorded, but authority is NOT confirmed:")]
                + [f"• {problem}" for problem in saved_as[0].identity_problems]
                + [_("The case can not go on until a valid proof arrives.")]
            )
            self.error.show_message(text)
            return False
        if saved:
            self.reset()
        return saved

    def _on_refused(self, exc: DomainError) -> None:
        self.error.show_message(refusal_text(exc))

    def reset(self) -> None:
        self.photo_checks.set_values(())
        self.other_checks.set_values(())
        for document, check in self.authority_checks.items():
            check.setChecked(False)
            self.authority_dates[document].clear()
        self.note_edit.clear()


# ==================================================================== contacts


class ContactsTab(QWidget):
    """Every contact in or out: call notes, emails, faxes, letters, with time and direction."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [
                _("When"),
                _("Direction"),
                _("Kind"),
                _("Summary"),
                _("Sent by"),
                _("Tracking no."),
                _("Logged by"),
            ],
            "contacts_table",
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.table, 1)

        add_box = QGroupBox(_("Add a contact"))
        add = QGridLayout(add_box)
        self.kind_combo = EnumCombo(ContactKind)
        self.kind_combo.setObjectName("contact_kind")
        self.direction_combo = EnumCombo(ContactDirection)
        self.direction_combo.setObjectName("contact_direction")
        self.time_edit = MomentEdit()
        self.time_edit.setObjectName("contact_time")
        self.dispatch_combo = EnumCombo(DispatchMethod, _("— not a dispatch —"))
        self.dispatch_combo.setObjectName("contact_dispatch")
        self.tracking_edit = QLineEdit()
        self.tracking_edit.setObjectName("contact_tracking")
        self.summary_edit = _plain(_("What was said or sent"), 60, "contact_summary")
        self.error = FieldError()
        self.add_button = _button(_("Add contact"), "add_contact")
        add.addWidget(QLabel(_("Kind")), 0, 0)
        add.addWidget(self.kind_combo, 0, 1)
        add.addWidget(QLabel(_("Direction")), 0, 2)
        add.addWidget(self.direction_combo, 0, 3)
        add.addWidget(QLabel(_("When (Japan time)")), 0, 4)
        add.addWidget(self.time_edit, 0, 5)
        add.addWidget(QLabel(_("Sent by")), 1, 0)
        add.addWidget(self.dispatch_combo, 1, 1)
        add.addWidget(QLabel(_("Tracking no.")), 1, 2)
        add.addWidget(self.tracking_edit, 1, 3)
        add.addWidget(QLabel(_("Summary")), 2, 0, Qt.AlignmentFlag.AlignTop)
        add.addWidget(self.summary_edit, 2, 1, 1, 5)
        add.addWidget(self.error, 3, 1, 1, 5)
        add.addWidget(self.add_button, 4, 5, Qt.AlignmentFlag.AlignRight)
        add.setColumnStretch(1, 1)
        add.setColumnStretch(3, 1)
        layout.addWidget(add_box)
        self.add_button.clicked.connect(self._on_add_clicked)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        _fill(
            self.table,
            [
                [
                    format_moment(c.occurred_at),
                    label(c.direction),
                    label(c.kind),
                    c.summary,
                    label(c.dispatch_method) if c.dispatch_method else "",
                    c.tracking_number,
                    ws.person_name(c.created_by),
                ]
                for c in detail.contacts
            ],
        )
        if not self.has_unsaved_changes():
            self.time_edit.set_moment(ws.context.now())
        allowed = ws.allowed(Action.ADD_CONTACT)
        self.add_button.setEnabled(allowed)

    def has_unsaved_changes(self) -> bool:
        return bool(self.summary_edit.toPlainText().strip() or self.tracking_edit.text().strip())

    def save_pending(self) -> bool:
        return self._on_add_clicked() if self.has_unsaved_changes() else False

    def _on_add_clicked(self) -> bool:
        self.error.clear_message()
        ws = self.workspace
        kind = self.kind_combo.value()
        direction = self.direction_combo.value()
        summary = self.summary_edit.toPlainText()
        moment = self.time_edit.moment()
        dispatch = self.dispatch_combo.value()
        tracking = self.tracking_edit.text()
        saved = ws.perform(
            lambda version: ws.service.add_contact(
                ws.case_id,
                version,
                kind,  # type: ignore[arg-type]
                direction,  # type: ignore[arg-type]
                summary,
                moment,
                dispatch,  # type: ignore[arg-type]
                tracking,
            ),
            self.error.show_for,
        )
        if saved:
            self.summary_edit.clear()
            self.tracking_edit.clear()
            self.dispatch_combo.set_value(None)
            self.time_edit.set_moment(ws.context.now())
        return saved


# ==================================================================== investigation


class InvestigationTab(QWidget):
    """Notes and tasks of the investigation."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._task_ids: list[int] = []
        self._filling = False
        layout = QHBoxLayout(self)

        notes_box = QGroupBox(_("Notes"))
        notes = QVBoxLayout(notes_box)
        self.notes_table = read_only_table([_("When"), _("Who"), _("Note")], "notes_table")
        notes.addWidget(self.notes_table, 1)
        self.note_edit = _plain(_("A new note"), 70, "note_text")
        notes.addWidget(self.note_edit)
        self.note_error = FieldError()
        notes.addWidget(self.note_error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_note_button = _button(_("Add note"), "add_note")
        row.addWidget(self.add_note_button)
        notes.addLayout(row)
        layout.addWidget(notes_box, 3)

        tasks_box = QGroupBox(_("Tasks"))
        tasks = QVBoxLayout(tasks_box)
        self.tasks_table = read_only_table(
            [_("Done"), _("Task"), _("Owner")], "tasks_table", stretch=1
        )
        tasks.addWidget(self.tasks_table, 1)
        add = QHBoxLayout()
        self.task_edit = QLineEdit()
        self.task_edit.setObjectName("task_title")
        self.task_edit.setPlaceholderText(_("A new task"))
        self.owner_combo = QComboBox()
        self.owner_combo.setObjectName("task_owner")
        self.add_task_button = _button(_("Add task"), "add_task")
        add.addWidget(self.task_edit, 1)
        add.addWidget(self.owner_combo)
        add.addWidget(self.add_task_button)
        tasks.addLayout(add)
        self.task_error = FieldError()
        tasks.addWidget(self.task_error)
        layout.addWidget(tasks_box, 2)

        self.owner_combo.addItem(_("— nobody yet —"), None)
        for user in workspace.users:
            if user.active and user.role is not UserRole.ADMIN:
                self.owner_combo.addItem(user.name, user.id)

        self.add_note_button.clicked.connect(self._on_add_note_clicked)
        self.add_task_button.clicked.connect(self._on_add_task_clicked)
        self.task_edit.returnPressed.connect(self._on_add_task_clicked)
        self.tasks_table.itemChanged.connect(self._on_tasks_item_changed)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        _fill(
            self.notes_table,
            [[format_moment(n.created_at), ws.person_name(n.author), n.text] for n in detail.notes],
        )
        self._filling = True
        self.tasks_table.setRowCount(len(detail.tasks))
        self._task_ids = [t.id for t in detail.tasks]
        can_tick = ws.allowed(Action.COMPLETE_TASK)
        for row, task in enumerate(detail.tasks):
            done = QTableWidgetItem(_("done") if task.done else _("open"))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            if can_tick:
                flags |= Qt.ItemFlag.ItemIsEnabled
            done.setFlags(flags)
            done.setCheckState(Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked)
            self.tasks_table.setItem(row, 0, done)
            title = QTableWidgetItem(task.title)
            if task.done:
                font = title.font()
                font.setStrikeOut(True)
                title.setFont(font)
            self.tasks_table.setItem(row, 1, title)
            self.tasks_table.setItem(row, 2, QTableWidgetItem(task.owner or _("nobody")))
        self._filling = False
        self.add_note_button.setEnabled(ws.allowed(Action.ADD_NOTE))
        self.add_task_button.setEnabled(ws.allowed(Action.ADD_TASK))

    def has_unsaved_changes(self) -> bool:
        return bool(self.note_edit.toPlainText().strip() or self.task_edit.text().strip())

    def save_pending(self) -> bool:
        saved = False
        if self.note_edit.toPlainText().strip():
            saved = self._on_add_note_clicked()
            if not saved:
                return False
        if self.task_edit.text().strip():
            saved = self._on_add_task_clicked()
        return saved

    def _on_add_note_clicked(self) -> bool:
        self.note_error.clear_message()
        ws = self.workspace
        text = self.note_edit.toPlainText()
        saved = ws.perform(
            lambda version: ws.service.add_note(ws.case_id, version, text),
            self.note_error.show_for,
        )
        if saved:
            self.note_edit.clear()
        return saved

    def _on_add_task_clicked(self) -> bool:
        self.task_error.clear_message()
        ws = self.workspace
        title = self.task_edit.text()
        owner = self.owner_combo.currentData()
        saved = ws.perform(
            lambda version: ws.service.add_task(ws.case_id, version, title, owner),
            self.task_error.show_for,
        )
        if saved:
            self.task_edit.clear()
        return saved

    def _on_tasks_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0 or item.row() >= len(self._task_ids):
            return
        ws = self.workspace
        task_id = self._task_ids[item.row()]
        done = item.checkState() == Qt.CheckState.Checked
        if not ws.perform(
            lambda version: ws.service.set_task_done(ws.case_id, version, task_id, done),
            self.task_error.show_for,
        ):
            # Not saved: the tick goes back to what the database holds.
            ws.refresh_view()


# ==================================================================== decision


class MeasureDecision(QGroupBox):
    """The decision on one requested measure: outcome, grounds, reasons and the rest."""

    def __init__(self, workspace: CaseWorkspace, measure: MeasureData) -> None:
        super().__init__()
        self.workspace = workspace
        self.measure = measure
        self.kind = measure.kind
        self.setObjectName(f"measure_{measure.position}")
        self.setTitle(f"{measure.position + 1}. {label(measure.kind)}")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.asked_label = QLabel()
        self.asked_label.setWordWrap(True)
        self.asked_label.setStyleSheet("color: #5f6368;")
        form.addRow(_("Asked"), self.asked_label)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("decision_saved")
        form.addRow(_("Saved"), self.saved_label)

        self.outcome_combo = EnumCombo(OUTCOMES_BY_KIND[measure.kind], _("— choose an outcome —"))
        self.outcome_combo.setObjectName("outcome")
        form.addRow(_("Outcome"), self.outcome_combo)
        self.grounds: EnumChecks | None = None
        self.withheld_edit: QPlainTextEdit | None = None
        self.method_combo: EnumCombo | None = None
        self.enclosures_edit: QLineEdit | None = None
        self.changes_edit: QPlainTextEdit | None = None
        self.alternative_edit: QLineEdit | None = None
        disclosure = measure.kind in _DISCLOSURE_KINDS
        if disclosure:
            self.grounds = EnumChecks(list(DisclosureRefusalGround))
            self.grounds.setObjectName("disclosure_grounds")
            for box in self.grounds.widgets():
                assert isinstance(box, QCheckBox)
                box.setToolTip(box.text())
            form.addRow(_("Art. 33(2) grounds"), self.grounds)
        self.reasons_edit = _plain(
            _("Required when the outcome refuses in whole or in part (APPI Art. 36)"),
            70,
            "reasons",
        )
        self.reasons_error = FieldError()
        self.reasons_error.setObjectName("reasons_error")
        self.reasons_caption = QLabel(_("Reasons"))
        form.addRow(self.reasons_caption, with_error(self.reasons_edit, self.reasons_error))
        if disclosure:
            self.withheld_edit = _plain(_("What is withheld, if anything"), 50, "withheld_parts")
            form.addRow(_("Withheld parts"), self.withheld_edit)
            self.method_combo = EnumCombo(DisclosureMethod, _("— not chosen —"))
            self.method_combo.setObjectName("decision_method")
            form.addRow(_("Method"), self.method_combo)
            self.enclosures_edit = QLineEdit()
            self.enclosures_edit.setObjectName("enclosures")
            form.addRow(_("Enclosures"), self.enclosures_edit)
        if measure.kind is RequestKind.CORRECTION:
            self.changes_edit = _plain(_("before → after, one change a line"), 50, "changes")
            form.addRow(_("Changes (before → after)"), self.changes_edit)
        if measure.kind is RequestKind.SUSPENSION:
            self.alternative_edit = QLineEdit()
            self.alternative_edit.setObjectName("alternative_measure")
            form.addRow(_("Alternative measure"), self.alternative_edit)
        self.action_date_edit = OptionalDateEdit(_("Action date"))
        self.action_date_edit.setObjectName("action_date")
        form.addRow(_("Action date"), self.action_date_edit)
        self.error = FieldError()
        form.addRow(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = _button(_("Save decision"), "save_decision")
        row.addWidget(self.save_button)
        form.addRow(row)

        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_changed)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.set_measure(measure, force=True)

    def _inputs(self) -> list[QWidget]:
        widgets: list[QWidget] = [self.outcome_combo, self.reasons_edit, self.action_date_edit]
        for widget in (
            self.withheld_edit,
            self.method_combo,
            self.enclosures_edit,
            self.changes_edit,
            self.alternative_edit,
        ):
            if widget is not None:
                widgets.append(widget)
        if self.grounds:
            widgets += self.grounds.widgets()
        return widgets

    def _on_outcome_changed(self) -> None:
        outcome = self.outcome_combo.value()
        if self.grounds:
            needs_ground = outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND
            self.grounds.setEnabled(needs_ground and self.editable)
        needs_reasons = outcome in OUTCOMES_NEEDING_REASONS
        self.reasons_caption.setText(_("Reasons (required)") if needs_reasons else _("Reasons"))

    @property
    def editable(self) -> bool:
        return self.workspace.allowed(Action.RECORD_DECISION)

    def values(self) -> tuple[Any, ...]:
        """What the form shows, comparable with values_of(measure) to tell an edit in progress."""
        return (
            self.outcome_combo.value(),
            self.grounds.values() if self.grounds else (),
            self.reasons_edit.toPlainText().strip(),
            self.withheld_edit.toPlainText().strip() if self.withheld_edit else "",
            self.method_combo.value() if self.method_combo else None,
            self.enclosures_edit.text().strip() if self.enclosures_edit else "",
            self.changes_edit.toPlainText().strip() if self.changes_edit else "",
            self.alternative_edit.text().strip() if self.alternative_edit else "",
            self.action_date_edit.text().strip(),
        )

    def values_of(self, m: MeasureData) -> tuple[Any, ...]:
        disclosure = m.kind in _DISCLOSURE_KINDS
        return (
            m.outcome,
            tuple(g for g in DisclosureRefusalGround if g in m.disclosure_grounds)
            if disclosure
            else (),
            m.reasons,
            m.withheld_parts if disclosure else "",
            m.method if disclosure else None,
            m.enclosures if disclosure else "",
            m.changes if m.kind is RequestKind.CORRECTION else "",
            m.alternative_measure if m.kind is RequestKind.SUSPENSION else "",
            format_day(m.action_date),
        )

    def has_unsaved_changes(self) -> bool:
        return self.values() != self.values_of(self.measure)

    def set_measure(self, measure: MeasureData, force: bool = False) -> None:
        """Show the saved decision; an edit in progress is kept unless force."""
        keep = not force and self.has_unsaved_changes()
        self.measure = measure
        asked = [measure.requested] if measure.requested else []
        if measure.method_requested:
            asked.append(_("method: {m}").format(m=label(measure.method_requested)))
        if measure.suspension_grounds:
            asked.append(
                _("grounds claimed: {g}").format(
                    g=", ".join(label(g) for g in measure.suspension_grounds)
                )
            )
        if measure.third_party_recipient:
            asked.append(_("recipient: {r}").format(r=measure.third_party_recipient))
        self.asked_label.setText(_("; ").join(asked) or _("(nothing more was noted)"))
        self.saved_label.setText(
            label(measure.outcome) if measure.outcome else _("no decision saved yet")
        )
        if not keep:
            self.outcome_combo.set_value(measure.outcome)
            if self.grounds:
                self.grounds.set_values(measure.disclosure_grounds)
            self.reasons_edit.setPlainText(measure.reasons)
            if self.withheld_edit:
                self.withheld_edit.setPlainText(measure.withheld_parts)
            if self.method_combo:
                self.method_combo.set_value(measure.method)
            if self.enclosures_edit:
                self.enclosures_edit.setText(measure.enclosures)
            if self.changes_edit:
                self.changes_edit.setPlainText(measure.changes)
            if self.alternative_edit:
                self.alternative_edit.setText(measure.alternative_measure)
            self.action_date_edit.set_date(measure.action_date)
        editable = self.editable
        for widget in self._inputs():
            if isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.save_button.setToolTip(
            "" if editable else self.workspace.why_not(Action.RECORD_DECISION)
        )
        self._on_outcome_changed()

    def decision_form(self) -> DecisionForm:
        outcome = self.outcome_combo.value()
        if outcome is None:
            raise ValidationError(
                _("{kind}: choose an outcome.").format(kind=label(self.kind)), field="outcome"
            )
        grounds: tuple[DisclosureRefusalGround, ...] = ()
        if self.grounds and outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND:
            grounds = self.grounds.values()  # type: ignore[assignment]
        return DecisionForm(
            outcome=outcome,  # type: ignore[arg-type]
            reasons=self.reasons_edit.toPlainText().strip(),
            disclosure_grounds=grounds,
            withheld_parts=self.withheld_edit.toPlainText().strip() if self.withheld_edit else "",
            method=self.method_combo.value() if self.method_combo else None,  # type: ignore[arg-type]
            enclosures=self.enclosures_edit.text().strip() if self.enclosures_edit else "",
            changes=self.changes_edit.toPlainText().strip() if self.changes_edit else "",
            alternative_measure=self.alternative_edit.text().strip()
            if self.alternative_edit
            else "",
            action_date=self.action_date_edit.date_value(),
        )

    def _on_save_clicked(self) -> bool:
        self.error.clear_message()
        self.reasons_error.clear_message()
        try:
            form = self.decision_form()
        except ValidationError as exc:
            self.error.show_message(refusal_text(exc))
            return False
        ws = self.workspace
        measure_id = self.measure.id
        return ws.perform(
            lambda version: ws.service.record_decision(ws.case_id, version, measure_id, form),
            self._on_refused,
        )

    def save(self) -> bool:
        return self._on_save_clicked()

    def _on_refused(self, exc: DomainError) -> None:
        shown = self.reasons_error if exc.field == "reasons" else self.error
        shown.show_message(refusal_text(exc))
        if exc.field == "reasons":
            self.reasons_edit.setFocus()
        # After the layout has made room for the message, not before.
        scroll = self.workspace.decision_tab.scroll
        QTimer.singleShot(0, lambda: scroll.ensureWidgetVisible(shown))


class DecisionTab(QWidget):
    """A decision per measure, the fee, and the four-eyes approval."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.measure_forms: list[MeasureDecision] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.scroll = scroll
        body = QWidget()
        scroll.setWidget(body)
        columns = QHBoxLayout(body)
        self.measures_column = QVBoxLayout()
        side = QVBoxLayout()
        columns.addLayout(self.measures_column, 3)
        columns.addLayout(side, 2)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setObjectName("decision_state")
        self.measures_column.addWidget(self.state_label)

        self.fee_box = QGroupBox(_("Fee (APPI Art. 38)"))
        fee = QFormLayout(self.fee_box)
        self.fees_label = QLabel()
        self.fees_label.setWordWrap(True)
        fee.addRow(_("Recorded"), self.fees_label)
        self.amount_spin = QSpinBox()
        self.amount_spin.setObjectName("fee_amount")
        self.amount_spin.setRange(0, 1_000_000)
        self.amount_spin.setSingleStep(100)
        self.amount_spin.setSuffix(_(" yen"))
        self.payment_combo = EnumCombo(PaymentMethod, _("— not paid yet —"))
        self.payment_combo.setObjectName("fee_payment")
        self.fee_received_edit = OptionalDateEdit(_("Received on"))
        self.fee_received_edit.setObjectName("fee_received")
        self.fee_error = FieldError()
        self.fee_button = _button(_("Record fee"), "record_fee")
        fee.addRow(_("Amount"), self.amount_spin)
        fee.addRow(_("Paid by"), self.payment_combo)
        fee.addRow(_("Received on"), self.fee_received_edit)
        fee.addRow(self.fee_error)
        fee.addRow(self.fee_button)
        side.addWidget(self.fee_box)

        approval = QGroupBox(_("Approval (four eyes)"))
        approval_layout = QVBoxLayout(approval)
        self.approval_label = QLabel()
        self.approval_label.setWordWrap(True)
        self.approval_label.setObjectName("approval_state")
        approval_layout.addWidget(self.approval_label)
        self.propose_button = _button(_("Propose for approval"), "propose")
        approval_layout.addWidget(self.propose_button)
        self.supervisor_box = QWidget()
        supervisor = QVBoxLayout(self.supervisor_box)
        supervisor.setContentsMargins(0, 6, 0, 0)
        self.approve_button = _button(_("Approve decision"), "approve")
        supervisor.addWidget(self.approve_button)
        self.comment_edit = _plain(
            _("Why it goes back (required to send back)"), 60, "send_back_comment"
        )
        supervisor.addWidget(self.comment_edit)
        self.send_back_button = _button(_("Send back with comment"), "send_back")
        supervisor.addWidget(self.send_back_button)
        approval_layout.addWidget(self.supervisor_box)
        self.approval_error = FieldError()
        self.approval_error.setObjectName("approval_error")
        approval_layout.addWidget(self.approval_error)
        side.addWidget(approval)
        side.addStretch(1)
        self._measures_end = QWidget()
        self.measures_column.addWidget(self._measures_end)
        self.measures_column.addStretch(1)

        self.fee_button.clicked.connect(self._on_fee_clicked)
        self.propose_button.clicked.connect(self._on_propose_clicked)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.send_back_button.clicked.connect(self._on_send_back_clicked)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        by_id = {m.id: m for m in detail.measures}
        if [f.measure.id for f in self.measure_forms] != [m.id for m in detail.measures]:
            for form in self.measure_forms:
                form.setParent(None)
                form.deleteLater()
            self.measure_forms = []
            index = self.measures_column.indexOf(self._measures_end)
            for offset, measure in enumerate(detail.measures):
                form = MeasureDecision(ws, measure)
                self.measure_forms.append(form)
                self.measures_column.insertWidget(index + offset, form)
        else:
            for form in self.measure_forms:
                form.set_measure(by_id[form.measure.id])
        status = detail.status
        if ws.allowed(Action.RECORD_DECISION):
            self.state_label.setText(
                _("Record an outcome for each measure, then propose the decision for approval.")
            )
        else:
            self.state_label.setText(
                _(
                    "Decisions are recorded while the case is in investigation; it is now '{s}'."
                ).format(s=label(status))
            )
        fee_kinds = any(k.may_carry_fee for k in detail.kinds)
        self.fee_box.setVisible(fee_kinds)
        self.fees_label.setText(
            "\n".join(
                _("¥{amount} charged {charged}; {paid}").format(
                    amount=f"{f.amount_yen:,}",
                    charged=format_day(f.charged_on),
                    paid=(
                        _("paid by {m} on {d}").format(
                            m=label(f.payment_method) if f.payment_method else "—",
                            d=format_day(f.received_on),
                        )
                        if f.received_on
                        else _("not received yet")
                    ),
                )
                for f in detail.fees
            )
            or _("none")
        )
        self.fee_button.setEnabled(ws.allowed(Action.RECORD_FEE))

        lines = []
        if status is S.DECISION_PROPOSED:
            lines.append(
                _("Proposed by {who}: waits for a supervisor other than the author.").format(
                    who=detail.decision_author or "—"
                )
            )
        elif detail.approved_by and status in (S.APPROVED, S.NOTICE_SENT, S.CLOSED):
            lines.append(_("Approved by {who}.").format(who=detail.approved_by))
        elif detail.send_back_comment:
            lines.append(_("Sent back: {comment}").format(comment=detail.send_back_comment))
        else:
            lines.append(_("Not proposed yet."))
        self.approval_label.setText("\n".join(lines))
        self.propose_button.setVisible(
            ws.may(Action.PROPOSE)
            and status in (S.RECEIVED, S.AWAITING_REQUESTER, S.IN_INVESTIGATION)
        )
        self.propose_button.setEnabled(ws.allowed(Action.PROPOSE))
        self.propose_button.setToolTip(
            "" if ws.allowed(Action.PROPOSE) else ws.why_not(Action.PROPOSE)
        )
        supervisor = ws.may(Action.APPROVE)
        self.supervisor_box.setVisible(supervisor)
        self.approve_button.setEnabled(ws.allowed(Action.APPROVE))
        self.send_back_button.setEnabled(ws.allowed(Action.SEND_BACK))
        self.comment_edit.setReadOnly(not ws.allowed(Action.SEND_BACK))

    def has_unsaved_changes(self) -> bool:
        return bool(
            any(f.has_unsaved_changes() for f in self.measure_forms)
            or self.comment_edit.toPlainText().strip()
            or self.amount_spin.value()
        )

    def save_pending(self) -> bool:
        saved = False
        for form in self.measure_forms:
            if form.has_unsaved_changes():
                if not form.save():
                    return False
                saved = True
        if self.amount_spin.value():
            saved = self._on_fee_clicked()
        return saved

    def _on_fee_clicked(self) -> bool:
        self.fee_error.clear_message()
        ws = self.workspace
        try:
            received = self.fee_received_edit.date_value()
        except ValidationError as exc:
            self.fee_error.show_message(refusal_text(exc))
            return False
        amount = self.amount_spin.value()
        payment = self.payment_combo.value()
        saved = ws.perform(
            lambda version: ws.service.record_fee(
                ws.case_id,
                version,
                amount,
                payment,  # type: ignore[arg-type]
                received,
            ),
            self.fee_error.show_for,
        )
        if saved:
            self.amount_spin.setValue(0)
            self.payment_combo.set_value(None)
            self.fee_received_edit.clear()
        return saved

    def _on_propose_clicked(self) -> bool:
        self.approval_error.clear_message()
        ws = self.workspace
        unsaved = [f for f in self.measure_forms if f.has_unsaved_changes()]
        if unsaved:
            self.approval_error.show_message(
                _("Save the decision on {kind} first: it has changes not saved yet.").format(
                    kind=label(unsaved[0].kind)
                )
            )
            return False
        return ws.perform(
            lambda version: ws.service.propose(ws.case_id, version),
            self.approval_error.show_for,
        )

    def _on_approve_clicked(self) -> bool:
        self.approval_error.clear_message()
        ws = self.workspace
        return ws.perform(
            lambda version: ws.service.approve(ws.case_id, version),
            self.approval_error.show_for,
        )

    def _on_send_back_clicked(self) -> bool:
        self.approval_error.clear_message()
        ws = self.workspace
        comment = self.comment_edit.toPlainText()
        saved = ws.perform(
            lambda version: ws.service.send_back(ws.case_id, version, comment),
            self.approval_error.show_for,
        )
        if saved:
            self.comment_edit.clear()
        return saved


# ==================================================================== letters and history


class LettersTab(QWidget):
    """The letters of the case: register, preview, issue, reprint and dispatch (LettersPanel)."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.panel: LettersPanel | None = None

    def show_detail(self, detail: CaseDetail) -> None:
        if self.panel is None:
            ws = self.workspace
            self.panel = LettersPanel(ws.context, ws.actor, ws.case_id, self, detail=detail)
            self.panel.letters_changed.connect(self._on_panel_letters_changed)
            self.layout_.addWidget(self.panel)
        else:
            self.panel.show_detail(detail)

    def _on_panel_letters_changed(self, _case_id: int) -> None:
        # Issuing or dispatching changed the case (version, status, contacts): show it everywhere.
        self.workspace.reload()
        self.workspace.case_changed.emit(self.workspace.case_id)

    def has_unsaved_changes(self) -> bool:
        return False

    def save_pending(self) -> bool:
        return False


class HistoryTab(QWidget):
    """The case's audit trail, read aloud: who did what, when. Never personal values."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [_("When"), _("Who"), _("What"), _("Details")], "history_table"
        )
        layout.addWidget(self.table)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        _fill(
            self.table,
            [
                [
                    format_moment(h.at),
                    ws.person_name(h.actor),
                    _(ACTION_LABELS.get(h.action, h.action.replace("_", " "))),
                    ws.describe_detail(h.action, h.detail),
                ]
                for h in reversed(detail.history)
            ],
        )

    def has_unsaved_changes(self) -> bool:
        return False

    def save_pending(self) -> bool:
        return False


# ==================================================================== the workspace


class ActionPanel(QFrame):
    """A small inline form for an action that needs more than a click (a reason, a date)."""

    def __init__(self, title: str, name: str, confirm: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setVerticalSpacing(4)
        heading = QLabel(title)
        heading.setStyleSheet("font-weight: 600;")
        layout.addWidget(heading, 0, 0, 1, 2)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(4)
        self.form.setHorizontalSpacing(12)
        layout.addLayout(self.form, 1, 0)
        buttons = QVBoxLayout()
        self.confirm_button = _button(confirm, f"{name}_confirm")
        self.cancel_button = _button(_("Cancel"), f"{name}_cancel")
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout.addLayout(buttons, 1, 1)
        self.error = FieldError()
        layout.addWidget(self.error, 2, 0, 1, 2)
        layout.setColumnStretch(0, 1)


class PanelStack(QWidget):
    """Holds the action panels and shows one at a time, only as tall as that one needs."""

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._current: QWidget | None = None

    def addWidget(self, panel: QWidget) -> None:
        panel.hide()
        self._layout.addWidget(panel)

    def setCurrentWidget(self, panel: QWidget) -> None:
        if self._current is not None:
            self._current.hide()
        self._current = panel
        panel.show()

    def currentWidget(self) -> QWidget | None:
        return self._current


class CaseWorkspace(QWidget):
    """One case, opened by one user: see it at a glance, act on it, never lose typing."""

    case_changed = Signal(int)

    def __init__(
        self, context: Context, actor: Actor, case_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_workspace")
        self.context = context
        self.actor = actor
        self.case_id = case_id
        self.service = CaseService(context, actor)
        self.detail: CaseDetail | None = None
        self.users = list_users(context)
        self._names = {u.login: u.name for u in self.users}
        self._names_by_id = {u.id: u.name for u in self.users}
        self._build()
        self._connect()
        # The first read may raise (a vanished case, a role that may not read): the opener says so.
        self.detail = self.service.get(case_id)
        self._show(self.detail, keep_details=False)
        if self.detail and self.detail.status is S.DECISION_PROPOSED and self.may(Action.APPROVE):
            self.tabs.setCurrentWidget(self.decision_tab)

    # ---------------------------------------------------------------- construction

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)

        header = QFrame()
        header.setObjectName("case_header")
        head = QVBoxLayout(header)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        top = QHBoxLayout()
        self.reference_label = QLabel()
        self.reference_label.setObjectName("case_reference")
        font = self.reference_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.reference_label.setFont(font)
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("case_status")
        self.status_label.setStyleSheet(
            "background: #e8edf3; color: #2f3f52; border-radius: 4px; padding: 3px 8px;"
            " font-weight: 600;"
        )
        self.kinds_label = QLabel()
        self.kinds_label.setObjectName("case_kinds")
        self.kinds_label.setWordWrap(True)
        self.owner_label = QLabel()
        self.owner_label.setObjectName("case_owner")
        top.addWidget(self.reference_label)
        top.addWidget(self.status_label)
        top.addWidget(self.kinds_label, 1)
        top.addWidget(self.owner_label)
        head.addLayout(top)
        self.next_label = QLabel()
        self.next_label.setObjectName("next_step")
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("font-weight: 600; color: #1a3d6d;")
        head.addWidget(self.next_label)
        self.send_back_label = QLabel()
        self.send_back_label.setObjectName("send_back_comment")
        self.send_back_label.setWordWrap(True)
        self.send_back_label.setStyleSheet(
            "background: #fff4ce; color: #6b4a00; padding: 4px; border-radius: 3px;"
        )
        head.addWidget(self.send_back_label)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("identity_problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #8a1c24;")
        head.addWidget(self.problems_label)
        outer.addWidget(header)

        self.message_bar = MessageBar()
        outer.addWidget(self.message_bar)

        self.deadline_strip = DeadlineStrip()
        outer.addWidget(self.deadline_strip)

        people = QHBoxLayout()
        self.requester_box = QGroupBox(_("Requester"))
        requester = QVBoxLayout(self.requester_box)
        self.requester_label = QLabel()
        self.requester_label.setObjectName("requester_text")
        self.requester_label.setWordWrap(True)
        self.requester_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_requester_button = _button(_("Edit…"), "edit_requester")
        requester.addWidget(self.requester_label, 1)
        requester.addWidget(self.edit_requester_button, 0, Qt.AlignmentFlag.AlignRight)
        self.subject_box = QGroupBox(_("Data subject"))
        subject = QVBoxLayout(self.subject_box)
        self.subject_label = QLabel()
        self.subject_label.setObjectName("subject_text")
        self.subject_label.setWordWrap(True)
        self.subject_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_subject_button = _button(_("Edit…"), "edit_subject")
        subject.addWidget(self.subject_label, 1)
        subject.addWidget(self.edit_subject_button, 0, Qt.AlignmentFlag.AlignRight)

        details_box = QGroupBox(_("Case"))
        details = QGridLayout(details_box)
        self.summary_edit = QLineEdit()
        self.summary_edit.setObjectName("case_summary")
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("case_language")
        self.language_combo.addItem(_("Japanese"), "ja")
        self.language_combo.addItem(_("English"), "en")
        self.large_print_check = QCheckBox(_("Large print"))
        self.large_print_check.setObjectName("case_large_print")
        self.save_details_button = _button(_("Save details"), "save_details")
        self.details_error = FieldError()
        self.linked_label = QLabel()
        self.linked_label.setObjectName("linked_cases")
        self.linked_label.setWordWrap(True)
        self.linked_label.setStyleSheet("color: #5f6368;")
        details.addWidget(QLabel(_("Summary")), 0, 0)
        details.addWidget(self.summary_edit, 0, 1, 1, 3)
        details.addWidget(QLabel(_("Letters in")), 1, 0)
        details.addWidget(self.language_combo, 1, 1)
        details.addWidget(self.large_print_check, 1, 2)
        details.addWidget(self.save_details_button, 1, 3, Qt.AlignmentFlag.AlignRight)
        details.addWidget(self.details_error, 2, 0, 1, 4)
        details.addWidget(self.linked_label, 3, 0, 1, 4)
        details.setColumnStretch(1, 1)
        people.addWidget(self.requester_box, 3)
        people.addWidget(self.subject_box, 3)
        people.addWidget(details_box, 4)
        outer.addLayout(people)

        actions = QHBoxLayout()
        actions.setSpacing(4)
        self.action_buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("take", _("Take case")),
            ("start", _("Start investigation")),
            ("pause", _("Pause…")),
            ("resume", _("Resume")),
            ("extend", _("Extend…")),
            ("notice", _("Record notice sent…")),
            ("close", _("Close case")),
            ("withdraw", _("Withdraw…")),
            ("unconfirmed", _("Close: identity not confirmed…")),
            ("reopen", _("Reopen…")),
        ):
            button = _button(text, f"action_{key}")
            self.action_buttons[key] = button
            actions.addWidget(button)
        actions.addStretch(1)
        outer.addLayout(actions)

        self.panels = PanelStack()
        self.panels.setObjectName("action_panels")
        self._build_panels()
        self.panels.hide()
        outer.addWidget(self.panels)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.identity_tab = IdentityTab(self)
        self.contacts_tab = ContactsTab(self)
        self.investigation_tab = InvestigationTab(self)
        self.decision_tab = DecisionTab(self)
        self.letters_tab = LettersTab(self)
        self.history_tab = HistoryTab(self)
        self.tabs.addTab(self.identity_tab, _("&Identity"))
        self.tabs.addTab(self.contacts_tab, _("C&ontacts"))
        self.tabs.addTab(self.investigation_tab, _("In&vestigation"))
        self.tabs.addTab(self.decision_tab, _("&Decision"))
        self.tabs.addTab(self.letters_tab, _("&Letters"))
        self.tabs.addTab(self.history_tab, _("&History"))
        outer.addWidget(self.tabs, 1)

    def _build_panels(self) -> None:
        self.pause_panel = ActionPanel(_("Pause the clock"), "pause_panel", _("Pause"))
        self.pause_reason = EnumCombo(PauseReason, _("— choose a reason —"))
        self.pause_reason.setObjectName("pause_reason")
        self.pause_note = QLineEdit()
        self.pause_note.setObjectName("pause_note")
        self.pause_panel.form.addRow(_("Reason"), self.pause_reason)
        self.pause_panel.form.addRow(_("Note"), self.pause_note)

        self.extend_panel = ActionPanel(
            _("Extend the deadline (an extension notice goes to the requester)"),
            "extend_panel",
            _("Extend"),
        )
        self.extend_date = OptionalDateEdit(_("New due date"))
        self.extend_date.setObjectName("extend_date")
        self.extend_reason = QLineEdit()
        self.extend_reason.setObjectName("extend_reason")
        self.extend_reason.setPlaceholderText(_("Required"))
        self.extend_panel.form.addRow(_("New due date"), self.extend_date)
        self.extend_panel.form.addRow(_("Reason"), self.extend_reason)

        self.notice_panel = ActionPanel(
            _("Record the decision notice as sent"), "notice_panel", _("Record as sent")
        )
        self.notice_method = EnumCombo(DispatchMethod, _("— how was it sent? —"))
        self.notice_method.setObjectName("notice_method")
        self.notice_date = OptionalDateEdit(_("Sent on"))
        self.notice_date.setObjectName("notice_date")
        self.notice_tracking = QLineEdit()
        self.notice_tracking.setObjectName("notice_tracking")
        self.notice_tracking.setPlaceholderText(_("Needed for registered mail"))
        self.notice_letter = QComboBox()
        self.notice_letter.setObjectName("notice_letter")
        self.notice_panel.form.addRow(_("Sent by"), self.notice_method)
        self.notice_panel.form.addRow(_("Sent on"), self.notice_date)
        self.notice_panel.form.addRow(_("Tracking no."), self.notice_tracking)
        self.notice_panel.form.addRow(_("Letter"), self.notice_letter)

        self.withdraw_panel = ActionPanel(
            _("Withdraw the case (the requester withdrew the request)"),
            "withdraw_panel",
            _("Withdraw"),
        )
        self.withdraw_note = QLineEdit()
        self.withdraw_note.setObjectName("withdraw_note")
        self.withdraw_panel.form.addRow(_("Note"), self.withdraw_note)

        self.unconfirmed_panel = ActionPanel(
            _("Close because identity could not be confirmed"),
            "unconfirmed_panel",
            _("Close the case"),
        )
        self.unconfirmed_reason = QLineEdit()
        self.unconfirmed_reason.setObjectName("unconfirmed_reason")
        self.unconfirmed_reason.setPlaceholderText(_("Required"))
        self.unconfirmed_panel.form.addRow(_("Reason"), self.unconfirmed_reason)

        self.reopen_panel = ActionPanel(_("Reopen the case"), "reopen_panel", _("Reopen"))
        self.reopen_reason = QLineEdit()
        self.reopen_reason.setObjectName("reopen_reason")
        self.reopen_reason.setPlaceholderText(_("Required"))
        self.reopen_panel.form.addRow(_("Reason"), self.reopen_reason)

        self._panels: dict[str, ActionPanel] = {
            "pause": self.pause_panel,
            "extend": self.extend_panel,
            "notice": self.notice_panel,
            "withdraw": self.withdraw_panel,
            "unconfirmed": self.unconfirmed_panel,
            "reopen": self.reopen_panel,
        }
        for panel in self._panels.values():
            self.panels.addWidget(panel)
            panel.cancel_button.clicked.connect(self._on_panel_cancel_clicked)

    def _connect(self) -> None:
        b = self.action_buttons
        b["take"].clicked.connect(self.take)
        b["start"].clicked.connect(self._on_start_clicked)
        b["resume"].clicked.connect(self._on_resume_clicked)
        b["close"].clicked.connect(self._on_close_clicked)
        for key in self._panels:
            b[key].clicked.connect(lambda _checked=False, k=key: self.open_panel(k))
        self._panel_actions: dict[str, Callable[[], bool]] = {
            "pause": self._on_pause_confirmed,
            "extend": self._on_extend_confirmed,
            "notice": self._on_notice_confirmed,
            "withdraw": self._on_withdraw_confirmed,
            "unconfirmed": self._on_unconfirmed_confirmed,
            "reopen": self._on_reopen_confirmed,
        }
        for key, handler in self._panel_actions.items():
            panel = self._panels[key]
            panel.confirm_button.clicked.connect(handler)
            # Enter in a panel's field confirms it, as in any small form.
            for edit in panel.findChildren(QLineEdit):
                edit.returnPressed.connect(handler)
        self.save_details_button.clicked.connect(self._on_save_details_clicked)
        self.summary_edit.textChanged.connect(self._on_details_edited)
        self.language_combo.currentIndexChanged.connect(self._on_details_edited)
        self.large_print_check.toggled.connect(self._on_details_edited)
        self.edit_requester_button.clicked.connect(lambda: self._edit_person("requester"))
        self.edit_subject_button.clicked.connect(lambda: self._edit_person("subject"))

    # ---------------------------------------------------------------- roles and rules

    def may(self, action: Action) -> bool:
        """Whether the user's role allows the action at all."""
        return self.actor.role in rules.PERMISSIONS[action]

    def allowed(self, action: Action) -> bool:
        """Whether the role and the case's current status allow the action now."""
        if self.detail is None or not self.may(action):
            return False
        allowed_from = rules.ALLOWED_FROM.get(action)
        return allowed_from is None or self.detail.status in allowed_from

    def why_not(self, action: Action) -> str:
        if not self.may(action):
            return _("Your role can not do this.")
        if self.detail is None:
            return ""
        return _("Not possible while the case is '{status}'.").format(
            status=label(self.detail.status)
        )

    def person_name(self, login: str) -> str:
        return self._names.get(login, login)

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read the case again; edits in progress stay as they are."""
        try:
            detail = self.service.get(self.case_id)
        except Exception as exc:
            if isinstance(exc, DomainError):
                self.message_bar.show_message(refusal_text(exc))
            else:
                show_error(self, exc)
            return
        previous = self.detail
        details_dirty = previous is not None and self._details_dirty(previous)
        self.detail = detail
        self._show(detail, keep_details=details_dirty)

    def refresh_view(self) -> None:
        """Show the loaded case again (undoing a tick that was not saved)."""
        if self.detail is not None:
            self._show(self.detail, keep_details=self._details_dirty(self.detail))

    def _show(self, d: CaseDetail, keep_details: bool) -> None:
        self.reference_label.setText(d.reference)
        status = label(d.status)
        if d.closure_kind:
            status += f" ({label(d.closure_kind)})"
        self.status_label.setText(status)
        self.kinds_label.setText(" · ".join(label(k) for k in d.kinds) + f"  —  {label(d.channel)}")
        self.owner_label.setText(
            _("Owner: {name}").format(name=d.owner) if d.owner else _("Unassigned")
        )
        self.next_label.setText(
            _("Next: {step}").format(step=_(d.next_step)) if d.next_step else ""
        )
        self.next_label.setVisible(bool(d.next_step))
        self.send_back_label.setText(
            _("Sent back by the supervisor: {comment}").format(comment=d.send_back_comment)
        )
        self.send_back_label.setVisible(
            bool(d.send_back_comment) and d.status is S.IN_INVESTIGATION
        )
        self.problems_label.setText("\n".join(f"• {_(p)}" for p in d.identity_problems))
        self.problems_label.setVisible(bool(d.identity_problems) and d.status.is_open)

        self.deadline_strip.set_deadlines(d.deadlines, d.status is S.AWAITING_REQUESTER)

        role = d.requester_role
        self.requester_box.setTitle(
            _("Requester — {role}").format(role=label(role))
            if role is not RequesterRole.PERSON
            else _("Requester — the person")
        )
        self.requester_label.setText(_person_text(d.requester))
        separate = d.subject.id != d.requester.id
        self.subject_box.setVisible(separate)
        self.subject_label.setText(_person_text(d.subject))
        editable = self.allowed(Action.EDIT_CASE)
        for button in (self.edit_requester_button, self.edit_subject_button):
            button.setEnabled(editable)
            button.setToolTip("" if editable else self.why_not(Action.EDIT_CASE))
        if not keep_details:
            self.summary_edit.blockSignals(True)
            self.summary_edit.setText(d.summary)
            self.summary_edit.blockSignals(False)
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(d.letter_language), 0)
            )
            self.language_combo.blockSignals(False)
            self.large_print_check.blockSignals(True)
            self.large_print_check.setChecked(d.large_print)
            self.large_print_check.blockSignals(False)
        self.summary_edit.setReadOnly(not editable)
        self.language_combo.setEnabled(editable)
        self.large_print_check.setEnabled(editable)
        self._on_details_edited()
        self.linked_label.setText(
            _("Linked cases: {refs}").format(refs=", ".join(d.linked_references))
            if d.linked_references
            else ""
        )
        self.linked_label.setVisible(bool(d.linked_references))

        self._update_actions(d)
        chosen_letter = self.notice_letter.currentData()
        self.notice_letter.clear()
        self.notice_letter.addItem(_("— no letter chosen —"), None)
        for letter in d.letters:
            self.notice_letter.addItem(f"{letter.number}: {letter_kind(letter.kind)}", letter.id)
        self.notice_letter.setCurrentIndex(max(self.notice_letter.findData(chosen_letter), 0))
        for tab in self._tabs():
            tab.show_detail(d)

    def _tabs(self) -> list[Any]:
        return [
            self.identity_tab,
            self.contacts_tab,
            self.investigation_tab,
            self.decision_tab,
            self.letters_tab,
            self.history_tab,
        ]

    def _update_actions(self, d: CaseDetail) -> None:
        checks = {
            "take": Action.TAKE,
            "start": Action.START_INVESTIGATION,
            "pause": Action.PAUSE,
            "resume": Action.RESUME,
            "extend": Action.EXTEND,
            "notice": Action.RECORD_NOTICE_SENT,
            "close": Action.CLOSE,
            "withdraw": Action.WITHDRAW,
            "unconfirmed": Action.CLOSE_UNCONFIRMED,
            "reopen": Action.REOPEN,
        }
        for key, action in checks.items():
            button = self.action_buttons[key]
            button.setVisible(self.may(action))
            enabled = self.allowed(action)
            tip = "" if enabled else self.why_not(action)
            if key == "take" and enabled and d.owner_id == self.actor.user_id:
                enabled, tip = False, _("You own this case.")
            if key == "unconfirmed" and enabled and not d.is_rights_request:
                enabled, tip = False, _("Only rights requests need a confirmed identity.")
            button.setEnabled(enabled)
            button.setToolTip(tip)
        self.action_buttons["take"].setText(
            _("Take case from {name}").format(name=d.owner)
            if d.owner and d.owner_id != self.actor.user_id
            else _("Take case")
        )
        current = self.panels.currentWidget()
        if self.panels.isVisible() and current is not None:
            key = next(k for k, p in self._panels.items() if p is current)
            if not self.allowed(checks[key]):
                self.panels.hide()

    # ---------------------------------------------------------------- calling the services

    def perform(self, call: Callable[[int], object], refused: Refusal | None = None) -> bool:
        """Run one service call with the version the user opened.

        On success the case is read again and case_changed is emitted. A refusal is shown by
        `refused` (beside the form) or in the message bar; a conflict is explained in the message
        bar, the case is reloaded, and the user's typing stays where it is.
        """
        if self.detail is None:
            return False
        self.message_bar.clear_message()
        try:
            call(self.detail.version)
        except ConflictError as exc:
            self._show_conflict(exc)
            if refused is not None:
                refused(
                    DomainError(
                        _(
                            "Not saved: someone else changed the case meanwhile (see above). "
                            "Your typing is kept: save again."
                        )
                    )
                )
            self.reload()
            return False
        except DomainError as exc:
            (refused or self._refused_in_bar)(exc)
            return False
        except Exception as exc:
            show_error(self, exc)
            return False
        self.reload()
        self.case_changed.emit(self.case_id)
        return True

    def _refused_in_bar(self, exc: DomainError) -> None:
        self.message_bar.show_message(refusal_text(exc))

    def _show_conflict(self, exc: ConflictError) -> None:
        lines = [
            _("{when} — {who}: {what}").format(
                when=format_moment(change.at),
                who=self.person_name(change.actor),
                what=_(ACTION_LABELS.get(change.action, change.action.replace("_", " ")))
                + (
                    f" ({details})"
                    if (details := self.describe_detail(change.action, change.detail))
                    else ""
                ),
            )
            for change in exc.changes
        ]
        self.message_bar.show_message(
            _(
                "This case was changed by someone else since you opened it. Nothing of yours was "
                "saved and your typing is kept. The case now shows their changes: look, then "
                "save again."
            ),
            lines,
            level="warning",
        )

    def describe_detail(self, action: str, detail: dict[str, Any]) -> str:
        """A readable summary of an audit entry's detail: states, fields, labels; no personal text."""
        parts: list[str] = []
        if "status_from" in detail and "status_to" in detail:
            parts.append(
                f"{_enum_label(CaseStatus, detail['status_from'])} → "
                f"{_enum_label(CaseStatus, detail['status_to'])}"
            )
        elif "status" in detail:
            parts.append(_("status: {s}").format(s=_enum_label(CaseStatus, detail["status"])))
        if "channel" in detail:
            parts.append(_enum_label(Channel, detail["channel"]))
        if "kinds" in detail:
            kinds = detail["kinds"]
            kinds = kinds.split(",") if isinstance(kinds, str) else kinds
            parts.append(", ".join(_enum_label(RequestKind, k) for k in kinds))
        if "requester_role" in detail:
            parts.append(_enum_label(RequesterRole, detail["requester_role"]))
        if detail.get("linked"):
            parts.append(_("linked to {n} earlier cases").format(n=detail["linked"]))
        if "fields" in detail:
            person = ""
            if self.detail and "person" in detail:
                person = (
                    _("requester")
                    if detail["person"] == self.detail.requester.id
                    else _("data subject")
                ) + ": "
            parts.append(
                person
                + _("changed {fields}").format(
                    fields=", ".join(_(FIELD_LABELS.get(f, f)) for f in detail["fields"])
                )
            )
        if "method" in detail:
            enum = IdentityMethod if action == "confirm_identity" else DispatchMethod
            parts.append(_enum_label(enum, detail["method"]))
        if detail.get("documents"):
            parts.append(", ".join(_enum_label(IdentityDocument, d) for d in detail["documents"]))
        if detail.get("authority"):
            parts.append(", ".join(_enum_label(AuthorityDocument, d) for d in detail["authority"]))
        if "authority_confirmed" in detail and detail.get("authority"):
            parts.append(
                _("authority confirmed")
                if detail["authority_confirmed"]
                else _("authority NOT confirmed")
            )
        if "reason" in detail and action == "pause":
            parts.append(_enum_label(PauseReason, detail["reason"]))
        if "paused_business_days" in detail:
            parts.append(_("paused {n} business days").format(n=detail["paused_business_days"]))
        if "current_due" in detail:
            with contextlib.suppress(TypeError, ValueError):
                parts.append(
                    _("due {d}").format(
                        d=format_moment(datetime.fromisoformat(detail["current_due"]))
                    )
                )
        if "new_due" in detail:
            parts.append(_("new due date {d}").format(d=detail["new_due"]))
        if "outcome" in detail:
            measure = ""
            if self.detail:
                for m in self.detail.measures:
                    if m.id == detail.get("measure"):
                        measure = f"{label(m.kind)}: "
            parts.append(measure + _enum_label(Outcome, detail["outcome"]))
        if action == "add_contact":
            parts.append(
                f"{_enum_label(ContactDirection, detail.get('direction', ''))} "
                f"{_enum_label(ContactKind, detail.get('kind', ''))}"
            )
        if "amount_yen" in detail:
            parts.append(f"¥{detail['amount_yen']:,}")
        if "to_user" in detail:
            before = self._names_by_id.get(detail.get("from_user") or -1, _("nobody"))
            after = self._names_by_id.get(detail.get("to_user") or -1, _("nobody"))
            parts.append(f"{before} → {after}")
        if action == "add_task" and detail.get("owner"):
            parts.append(_("for {name}").format(name=self._names_by_id.get(detail["owner"], "?")))
        if "done" in detail:
            parts.append(_("done") if detail["done"] else _("not done"))
        if "linked_case_id" in detail:
            parts.append(_("linked another case"))
        return _("; ").join(p for p in parts if p.strip())

    # ---------------------------------------------------------------- the public actions

    def take(self) -> bool:
        return self.perform(lambda version: self.service.take(self.case_id, version))

    def save(self) -> bool:
        """Save the edit in progress (Ctrl+S): the case details, then the current tab's form."""
        saved = False
        if self.detail is not None and self._details_dirty(self.detail):
            saved = self._on_save_details_clicked()
            if not saved:
                return False
        panel = self.panels.currentWidget()
        if self.panels.isVisible() and isinstance(panel, ActionPanel):
            key = next(k for k, p in self._panels.items() if p is panel)
            return self._panel_actions[key]() or saved
        tab = self.tabs.currentWidget()
        if tab is not None and tab.has_unsaved_changes():
            saved = tab.save_pending() or saved
        return saved

    def has_unsaved_changes(self) -> bool:
        if self.detail is not None and self._details_dirty(self.detail):
            return True
        typed = (
            self.pause_note,
            self.extend_date,
            self.extend_reason,
            self.notice_tracking,
            self.withdraw_note,
            self.unconfirmed_reason,
            self.reopen_reason,
        )
        if any(edit.text().strip() for edit in typed):
            return True
        return any(tab.has_unsaved_changes() for tab in self._tabs())

    # ---------------------------------------------------------------- details and people

    def _details_values(self) -> tuple[str, str, bool]:
        return (
            self.summary_edit.text().strip(),
            self.language_combo.currentData(),
            self.large_print_check.isChecked(),
        )

    def _details_dirty(self, d: CaseDetail) -> bool:
        return self._details_values() != (d.summary, d.letter_language, d.large_print)

    def _on_details_edited(self, *_args: object) -> None:
        dirty = self.detail is not None and self._details_dirty(self.detail)
        self.save_details_button.setEnabled(dirty and self.allowed(Action.EDIT_CASE))

    def _on_save_details_clicked(self) -> bool:
        self.details_error.clear_message()
        summary, language, large = self._details_values()
        return self.perform(
            lambda version: self.service.update_case(
                self.case_id,
                version,
                summary=summary,
                letter_language=language,
                large_print=large,
            ),
            self.details_error.show_for,
        )

    def _edit_person(self, which: str) -> None:
        if self.detail is None:
            return
        person = self.detail.requester if which == "requester" else self.detail.subject
        title = _("Edit the requester") if which == "requester" else _("Edit the data subject")
        person_id = person.id

        def save(form: PersonForm, error: FieldError) -> bool:
            return self.perform(
                lambda version: self.service.update_person(self.case_id, version, person_id, form),
                error.show_for,
            )

        dialog = PersonDialog(person, title, save, self)
        dialog.setObjectName(f"person_dialog_{which}")
        self.person_dialog = dialog
        dialog.open()

    # ---------------------------------------------------------------- simple actions

    def _on_start_clicked(self) -> None:
        self.perform(lambda version: self.service.start_investigation(self.case_id, version))

    def _on_resume_clicked(self) -> None:
        self.perform(lambda version: self.service.resume(self.case_id, version))

    def _on_close_clicked(self) -> None:
        self.perform(lambda version: self.service.close(self.case_id, version))

    # ---------------------------------------------------------------- actions with a form

    def open_panel(self, key: str) -> None:
        panel = self._panels[key]
        panel.error.clear_message()
        if key == "notice" and not self.notice_date.text():
            self.notice_date.set_date(self.context.today())
        self.panels.setCurrentWidget(panel)
        self.panels.show()
        first = panel.form.itemAt(0, QFormLayout.ItemRole.FieldRole)
        if first is not None and first.widget() is not None:
            first.widget().setFocus()

    def _on_panel_cancel_clicked(self) -> None:
        self.panels.hide()

    def _finish_panel(self, saved: bool, *edits: QLineEdit) -> bool:
        if saved:
            for edit in edits:
                edit.clear()
            self.panels.hide()
        return saved

    def _on_pause_confirmed(self) -> bool:
        reason = self.pause_reason.value()
        note = self.pause_note.text()
        saved = self.perform(
            lambda version: self.service.pause(self.case_id, version, reason, note),  # type: ignore[arg-type]
            self.pause_panel.error.show_for,
        )
        if saved:
            self.pause_reason.set_value(None)
        return self._finish_panel(saved, self.pause_note)

    def _on_extend_confirmed(self) -> bool:
        try:
            new_due = self.extend_date.date_value()
        except ValidationError as exc:
            self.extend_panel.error.show_message(refusal_text(exc))
            return False
        if new_due is None:
            self.extend_panel.error.show_message(_("Type the new due date (yyyy-mm-dd)."))
            return False
        reason = self.extend_reason.text()
        due: date = new_due
        saved = self.perform(
            lambda version: self.service.extend(self.case_id, version, due, reason),
            self.extend_panel.error.show_for,
        )
        return self._finish_panel(saved, self.extend_date, self.extend_reason)

    def _on_notice_confirmed(self) -> bool:
        method = self.notice_method.value()
        if method is None:
            self.notice_panel.error.show_message(_("Choose how the notice was sent."))
            return False
        try:
            sent_on = self.notice_date.date_value()
        except ValidationError as exc:
            self.notice_panel.error.show_message(refusal_text(exc))
            return False
        tracking = self.notice_tracking.text()
        letter_id = self.notice_letter.currentData()
        saved = self.perform(
            lambda version: self.service.record_notice_sent(
                self.case_id,
                version,
                method,  # type: ignore[arg-type]
                sent_on,
                tracking,
                letter_id,
            ),
            self.notice_panel.error.show_for,
        )
        if saved:
            self.notice_method.set_value(None)
        return self._finish_panel(saved, self.notice_tracking, self.notice_date)

    def _on_withdraw_confirmed(self) -> bool:
        note = self.withdraw_note.text()
        saved = self.perform(
            lambda version: self.service.withdraw(self.case_id, version, note),
            self.withdraw_panel.error.show_for,
        )
        return self._finish_panel(saved, self.withdraw_note)

    def _on_unconfirmed_confirmed(self) -> bool:
        reason = self.unconfirmed_reason.text()
        saved = self.perform(
            lambda version: self.service.close_identity_unconfirmed(self.case_id, version, reason),
            self.unconfirmed_panel.error.show_for,
        )
        return self._finish_panel(saved, self.unconfirmed_reason)

    def _on_reopen_confirmed(self) -> bool:
        reason = self.reopen_reason.text()
        saved = self.perform(
            lambda version: self.service.reopen(self.case_id, version, reason),
            self.reopen_panel.error.show_for,
        )
        return self._finish_panel(saved, self.reopen_reason)
