"""The intake dialog: a phone call, email, fax, letter, visit or web form becomes a case.

Built for the keyboard and for speed: pre-filled with the channel and the time, one tab order
from top to bottom, Ctrl+Enter saves, Esc cancels (asking first when something was typed). While
the name is typed, likely earlier cases of the same person appear beside the form and can be
linked. What is typed is kept as a draft in the user's data folder until the case is saved, so a
crash or a closed window loses nothing.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from privacy_desk.domain.errors import DomainError, IndividualNumberRefused, ValidationError
from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.domain.vocabulary import (
    Channel,
    DisclosureMethod,
    RequesterRole,
    RequestKind,
    SuspensionGround,
)
from privacy_desk.i18n import N_, _, label
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IntakeForm, MeasureForm, PersonForm, SimilarCase
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.drafts import Draft, DraftStore
from privacy_desk.ui.errors import message_for
from privacy_desk.ui.tasks import run_task
from privacy_desk.ui.widgets import (
    EnumChecks,
    EnumCombo,
    FieldError,
    MomentEdit,
    PersonFields,
    format_day,
    format_moment,
    mark_invalid,
    read_only_table,
    refusal_text,
    with_error,
)

SIMILAR_DELAY_MS = 300
DRAFT_DELAY_MS = 1000
DRAFT_EVERY_MS = 5000

# The order staff meet requests in: rights requests first, then questions and complaints.
KIND_ORDER = (
    RequestKind.DISCLOSURE,
    RequestKind.CORRECTION,
    RequestKind.SUSPENSION,
    RequestKind.THIRD_PARTY_STOP,
    RequestKind.PROVISION_RECORDS,
    RequestKind.PURPOSE_NOTICE,
    RequestKind.INQUIRY,
    RequestKind.COMPLAINT,
    RequestKind.QUESTION,
    RequestKind.OPINION,
    RequestKind.CONCERN,
    RequestKind.COOKIE_QUESTION,
)
_DISCLOSURE_KINDS = (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS)
_MATCH_WORDS = {
    "name": N_("name"),
    "birth date": N_("birth date"),
    "phone": N_("phone"),
    "address": N_("address"),
    "email": N_("email"),
}


# Two intake windows of one user at once (a call while an email is half logged) must not write
# over each other's draft: each open dialog holds a slot of its own, the first the plain name.
_draft_slots: dict[str, set[int]] = {}
_MAX_SLOTS = 20


def _take_draft_slot(login: str, fresh: bool = False) -> int:
    """A free slot: one holding a draft left behind first (unless fresh), else an empty one."""
    taken = _draft_slots.setdefault(login, set())
    free = [n for n in range(1, _MAX_SLOTS + 1) if n not in taken]
    with_draft = [n for n in free if DraftStore("intake", login, n).exists()]
    if fresh or not with_draft:
        slot = next(n for n in free if n not in with_draft)
    else:
        slot = with_draft[0]
    taken.add(slot)
    return slot


def _release_draft_slot(login: str, slot: int, *_args: object) -> None:
    _draft_slots.get(login, set()).discard(slot)


class MeasureFields(QWidget):
    """One kind of request: its check box and, once ticked, what exactly is asked."""

    toggled = Signal()

    def __init__(self, kind: RequestKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.check = QCheckBox(label(kind))
        self.check.setObjectName(f"kind_{kind.value}")
        layout.addWidget(self.check)
        self.details = QFrame()
        self.details.setObjectName(f"kind_details_{kind.value}")
        form = QFormLayout(self.details)
        form.setContentsMargins(24, 0, 0, 6)
        self.requested = QLineEdit()
        self.requested.setObjectName(f"requested_{kind.value}")
        self.requested.setPlaceholderText(_("What exactly is asked (optional)"))
        form.addRow(_("Asked for"), self.requested)
        self.method: EnumCombo | None = None
        self.grounds: EnumChecks | None = None
        self.recipient: QLineEdit | None = None
        if kind in _DISCLOSURE_KINDS:
            self.method = EnumCombo(DisclosureMethod, _("— not said —"))
            self.method.setObjectName(f"method_{kind.value}")
            form.addRow(_("Method requested"), self.method)
        if kind is RequestKind.SUSPENSION:
            self.grounds = EnumChecks(list(SuspensionGround))
            self.grounds.setObjectName("suspension_grounds")
            form.addRow(_("Grounds claimed"), self.grounds)
        if kind is RequestKind.THIRD_PARTY_STOP:
            self.recipient = QLineEdit()
            self.recipient.setObjectName("third_party_recipient")
            self.recipient.setPlaceholderText(_("Who should no longer receive the data"))
            form.addRow(_("Recipient"), self.recipient)
        layout.addWidget(self.details)
        self.details.setVisible(False)
        self.check.toggled.connect(self._on_check_toggled)

    def _on_check_toggled(self, checked: bool) -> None:
        self.details.setVisible(checked)
        self.toggled.emit()

    def measure_form(self) -> MeasureForm:
        return MeasureForm(
            kind=self.kind,
            requested=self.requested.text().strip(),
            method_requested=self.method.value() if self.method else None,  # type: ignore[arg-type]
            suspension_grounds=self.grounds.values() if self.grounds else (),  # type: ignore[arg-type]
            third_party_recipient=self.recipient.text().strip() if self.recipient else "",
        )

    def state(self) -> dict[str, Any]:
        return {
            "checked": self.check.isChecked(),
            "requested": self.requested.text(),
            "method": self.method.value().value if self.method and self.method.value() else None,
            "grounds": [g.value for g in self.grounds.values()] if self.grounds else [],
            "recipient": self.recipient.text() if self.recipient else "",
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.check.setChecked(bool(state.get("checked")))
        self.requested.setText(str(state.get("requested") or ""))
        if self.method and state.get("method"):
            self.method.set_value(DisclosureMethod(state["method"]))
        if self.grounds:
            self.grounds.set_values(SuspensionGround(g) for g in state.get("grounds") or [])
        if self.recipient:
            self.recipient.setText(str(state.get("recipient") or ""))

    def has_text(self) -> bool:
        return bool(
            self.requested.text().strip() or (self.recipient and self.recipient.text().strip())
        )

    def widgets(self) -> list[QWidget]:
        result: list[QWidget] = [self.check, self.requested]
        if self.method:
            result.append(self.method)
        if self.grounds:
            result += self.grounds.widgets()
        if self.recipient:
            result.append(self.recipient)
        return result


class IntakeDialog(BaseDialog):
    """Log one contact as a new case, from the keyboard, in under a minute."""

    case_created = Signal(int)

    def __init__(
        self, context: Context, actor: Actor, channel: Channel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, name="intake")
        self._context = context
        self._actor = actor
        self._service = CaseService(context, actor)
        self._drafts = self._hold_draft_slot(_take_draft_slot(actor.login))
        self._pending_draft: Draft | None = None
        self._changed_since_draft = False
        self._similar_side = "requester"
        self._similar_generation = 0
        self._similar: list[SimilarCase] = []
        self._linked_ids: set[int] = set()
        self._known_person: tuple[str, int] | None = None
        self._filling = False
        self._finished = False

        self._build()
        self._connect()
        self._load(channel)

    def _hold_draft_slot(self, slot: int) -> DraftStore:
        release = partial(_release_draft_slot, self._actor.login, slot)
        self.destroyed.connect(release)
        self.finished.connect(release)
        self._release_slot = release
        return DraftStore("intake", self._actor.login, slot)

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
        banner.addWidget(self.draft_label, 1)
        banner.addWidget(self.restore_button)
        banner.addWidget(self.discard_draft_button)
        self.draft_banner.hide()
        outer.addWidget(self.draft_banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll = scroll
        body = QWidget()
        scroll.setWidget(body)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 6, 0)
        left = QVBoxLayout()
        right = QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        splitter.addWidget(scroll)

        # -- who is contacting
        contact_box = QGroupBox(_("Contact"))
        contact_form = QFormLayout(contact_box)
        self.channel_combo = EnumCombo(Channel)
        self.channel_combo.setObjectName("channel")
        self.received_edit = MomentEdit()
        self.received_edit.setObjectName("received_at")
        self.received_error = FieldError()
        received_row = QWidget()
        received_column = QVBoxLayout(received_row)
        received_column.setContentsMargins(0, 0, 0, 0)
        received_column.addWidget(self.received_edit)
        received_column.addWidget(self.received_error)
        self.role_combo = EnumCombo(RequesterRole)
        self.role_combo.setObjectName("requester_role")
        contact_form.addRow(_("Channel"), self.channel_combo)
        contact_form.addRow(_("Received (Japan time)"), received_row)
        contact_form.addRow(_("Who is contacting"), self.role_combo)
        left.addWidget(contact_box)

        self.requester_box = QGroupBox(_("Requester"))
        requester_form = QFormLayout(self.requester_box)
        self.requester = PersonFields("requester", tuple(n for n, _ in PersonFields.FIELDS))
        self.requester.add_rows(requester_form)
        self._requester_form = requester_form
        self.requester_known = QLabel()
        self.requester_known.setWordWrap(True)
        self.requester_known.setObjectName("requester_known")
        self.requester_known.setStyleSheet("color: #2f3f52; background: #e8edf3; padding: 4px;")
        self.requester_known.hide()
        requester_form.insertRow(0, self.requester_known)
        left.addWidget(self.requester_box)

        self.subject_box = QGroupBox(_("Data subject (the person the data is about)"))
        subject_form = QFormLayout(self.subject_box)
        self.subject = PersonFields(
            "subject", ("name", "kana", "birth_date", "postal_code", "address", "phone")
        )
        self.subject_known = QLabel()
        self.subject_known.setWordWrap(True)
        self.subject_known.setObjectName("subject_known")
        self.subject_known.setStyleSheet("color: #2f3f52; background: #e8edf3; padding: 4px;")
        self.subject_known.hide()
        subject_form.addRow(self.subject_known)
        self.subject.add_rows(subject_form)
        left.addWidget(self.subject_box)
        left.addStretch(1)

        # -- what is asked
        kinds_box = QGroupBox(_("What is asked (tick every kind that applies)"))
        kinds_layout = QVBoxLayout(kinds_box)
        kinds_layout.setSpacing(2)
        self.measures: dict[RequestKind, MeasureFields] = {}
        for kind in KIND_ORDER:
            fields = MeasureFields(kind)
            self.measures[kind] = fields
            kinds_layout.addWidget(fields)
        self.kinds_error = FieldError()
        kinds_layout.addWidget(self.kinds_error)
        right.addWidget(kinds_box)

        notes_box = QGroupBox(_("Notes and letters"))
        notes_form = QFormLayout(notes_box)
        self.summary_edit = QLineEdit()
        self.summary_edit.setObjectName("summary")
        self.summary_edit.setPlaceholderText(_("One line: what the case is about"))
        self.summary_error = FieldError()
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("contact_note")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(_("The call note, or the email or fax text as received"))
        self.note_edit.setMinimumHeight(110)
        self.note_error = FieldError()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("letter_language")
        self.language_combo.addItem(_("Japanese"), "ja")
        self.language_combo.addItem(_("English"), "en")
        self.large_print_check = QCheckBox(_("Large print letters"))
        self.large_print_check.setObjectName("large_print")
        notes_form.addRow(_("Summary"), with_error(self.summary_edit, self.summary_error))
        notes_form.addRow(_("Note"), with_error(self.note_edit, self.note_error))
        notes_form.addRow(_("Letters in"), self.language_combo)
        notes_form.addRow("", self.large_print_check)
        right.addWidget(notes_box)
        right.addStretch(1)

        # -- likely earlier cases
        similar = QWidget()
        similar.setObjectName("similar_panel")
        similar_layout = QVBoxLayout(similar)
        similar_layout.setContentsMargins(6, 0, 0, 0)
        self.similar_title = QLabel(_("Earlier cases of the same person"))
        self.similar_title.setStyleSheet("font-weight: 600;")
        self.similar_hint = QLabel(
            _("Type a name or kana: likely earlier cases appear here. Tick them to link.")
        )
        self.similar_hint.setWordWrap(True)
        self.similar_hint.setStyleSheet("color: #5f6368;")
        self.similar_table = read_only_table(
            [_("Link"), _("Case"), _("Person"), _("Matched on")],
            "similar_cases",
            stretch=2,
            single=True,
        )
        self.use_person_button = QPushButton(_("&Use this person"))
        self.use_person_button.setObjectName("use_person")
        self.use_person_button.setEnabled(False)
        self.use_person_button.setToolTip(
            _("Reuse the earlier record of the selected case's person instead of a new one")
        )
        self.forget_person_button = QPushButton(_("Enter as a &new person"))
        self.forget_person_button.setObjectName("forget_person")
        self.forget_person_button.hide()
        self.linked_label = QLabel()
        self.linked_label.setObjectName("linked_label")
        similar_layout.addWidget(self.similar_title)
        similar_layout.addWidget(self.similar_hint)
        similar_layout.addWidget(self.similar_table, 1)
        similar_layout.addWidget(self.linked_label)
        person_buttons = QHBoxLayout()
        person_buttons.addWidget(self.use_person_button)
        person_buttons.addWidget(self.forget_person_button)
        person_buttons.addStretch(1)
        similar_layout.addLayout(person_buttons)
        splitter.addWidget(similar)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([940, 360])

        # -- bottom: the message and the buttons
        self.form_error = FieldError()
        self.form_error.setObjectName("form_error")
        outer.addWidget(self.form_error)
        buttons = QHBoxLayout()
        self.draft_status = QLabel()
        self.draft_status.setObjectName("draft_status")
        self.draft_status.setStyleSheet("color: #5f6368;")
        buttons.addWidget(self.draft_status, 1)
        keys = QLabel(_("Ctrl+Enter saves · Esc cancels"))
        keys.setStyleSheet("color: #5f6368;")
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

        self._set_tab_order()

        self._similar_timer = QTimer(self)
        self._similar_timer.setSingleShot(True)
        self._similar_timer.setInterval(SIMILAR_DELAY_MS)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_every = QTimer(self)
        self._draft_every.setInterval(DRAFT_EVERY_MS)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            self.restore_button,
            self.discard_draft_button,
            self.channel_combo,
            self.received_edit,
            self.role_combo,
            *self.requester.widgets(),
            *self.subject.widgets(),
        ]
        for kind in KIND_ORDER:
            chain += self.measures[kind].widgets()
        chain += [
            self.summary_edit,
            self.note_edit,
            self.language_combo,
            self.large_print_check,
            self.similar_table,
            self.use_person_button,
            self.forget_person_button,
            self.save_button,
            self.cancel_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.accept)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.discard_draft_button.clicked.connect(self._on_discard_draft_clicked)
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self.channel_combo.currentIndexChanged.connect(self._on_channel_changed)
        for side, fields in (("requester", self.requester), ("subject", self.subject)):
            for name in ("name", "kana", "birth_date", "phone"):
                edit = fields.edits[name]
                edit.textChanged.connect(lambda _text, s=side: self._on_person_edited(s))
        for edits in (self.requester.edits, self.subject.edits):
            for edit in edits.values():
                edit.textChanged.connect(self._on_form_changed)
        for fields in self.measures.values():
            fields.toggled.connect(self._on_form_changed)
            fields.requested.textChanged.connect(self._on_form_changed)
            if fields.method:
                fields.method.currentIndexChanged.connect(self._on_form_changed)
            if fields.grounds:
                fields.grounds.changed.connect(self._on_form_changed)
            if fields.recipient:
                fields.recipient.textChanged.connect(self._on_form_changed)
        self.summary_edit.textChanged.connect(self._on_form_changed)
        self.note_edit.textChanged.connect(self._on_form_changed)
        self.language_combo.currentIndexChanged.connect(self._on_form_changed)
        self.large_print_check.toggled.connect(self._on_form_changed)
        self.received_edit.dateTimeChanged.connect(self._on_form_changed)
        self.similar_table.itemChanged.connect(self._on_similar_item_changed)
        self.similar_table.itemSelectionChanged.connect(self._on_similar_selection_changed)
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
        self._on_role_changed()
        self._on_channel_changed()
        self._pending_draft = self._drafts.load()
        if self._pending_draft is not None:
            self.draft_label.setText(
                _("An unsaved call note from {time} was found: restore it?").format(
                    time=format_moment(self._pending_draft.saved_at)
                )
            )
            self.draft_banner.show()
            self.restore_button.setFocus()
        else:
            self.requester.edits["name"].setFocus()
        self._draft_every.start()

    # ---------------------------------------------------------------- reactions

    def _on_channel_changed(self) -> None:
        channel = self.channel_combo.value()
        if channel is not None:
            self.setWindowTitle(_("New intake: {channel}").format(channel=label(channel)))

    def _on_role_changed(self) -> None:
        role = self.role_combo.value()
        is_person = role in (None, RequesterRole.PERSON)
        self.subject_box.setVisible(not is_person)
        self._requester_form.setRowVisible(
            self.requester.rows["organisation"], role is RequesterRole.AGENT
        )
        self.requester_box.setTitle(
            _("Requester (the person)")
            if is_person
            else _("Requester: {role}").format(role=label(role))  # type: ignore[arg-type]
        )
        self._on_form_changed()

    def _on_form_changed(self, *_args: object) -> None:
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
        fields = self.requester if self._similar_side == "requester" else self.subject
        name = fields.edits["name"].text()
        kana = fields.edits["kana"].text()
        phone = fields.edits["phone"].text()
        try:
            birth = fields.edits["birth_date"].date_value()  # type: ignore[attr-defined]
        except ValidationError:
            birth = None
        self._similar_generation += 1
        generation = self._similar_generation
        side = self._similar_side
        service = self._service

        def search() -> list[SimilarCase]:
            return service.similar_cases(name=name, kana=kana, birth_date=birth, phone=phone)

        def done(result: list[SimilarCase]) -> None:
            if isValid(self) and generation == self._similar_generation:
                self._show_similar(result, side)

        def failed(exc: BaseException) -> None:
            if isValid(self) and generation == self._similar_generation:
                self.similar_hint.setText(
                    _("Earlier cases could not be searched: {why}").format(why=message_for(exc))
                )

        run_task(search, done, failed)

    def _show_similar(self, cases: list[SimilarCase], side: str) -> None:
        self._similar = cases
        shown = {c.case_id for c in cases}
        self._linked_ids &= shown
        self.similar_title.setText(
            _("Earlier cases of the same person")
            if side == "requester"
            else _("Earlier cases of the same data subject")
        )
        if cases:
            self.similar_hint.setText(
                _("{n} likely earlier cases. Tick to link; select one to reuse its person.").format(
                    n=len(cases)
                )
            )
        else:
            self.similar_hint.setText(_("No earlier case of this person was found."))
        table = self.similar_table
        table.blockSignals(True)
        table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            link = QTableWidgetItem()
            link.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            link.setCheckState(
                Qt.CheckState.Checked
                if case.case_id in self._linked_ids
                else Qt.CheckState.Unchecked
            )
            link.setData(Qt.ItemDataRole.UserRole, case.case_id)
            link.setToolTip(_("Link the new case to {reference}").format(reference=case.reference))
            table.setItem(row, 0, link)
            reference = QTableWidgetItem(
                f"{case.reference}\n{format_day(case.received_at)}\n{label(case.status)}"
            )
            table.setItem(row, 1, reference)
            born = (
                _("born {date}").format(date=format_day(case.birth_date)) if case.birth_date else ""
            )
            person = "\n".join(t for t in (case.name, case.kana, born) if t)
            table.setItem(row, 2, QTableWidgetItem(person))
            why = "\n".join(_(_MATCH_WORDS.get(m, m)) for m in case.matched_on)
            table.setItem(row, 3, QTableWidgetItem(why))
        table.resizeRowsToContents()
        table.blockSignals(False)
        self._update_linked_label()
        self._on_similar_selection_changed()

    def _on_similar_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._linked_ids.add(case_id)
        else:
            self._linked_ids.discard(case_id)
        self._update_linked_label()

    def _update_linked_label(self) -> None:
        references = [c.reference for c in self._similar if c.case_id in self._linked_ids]
        self.linked_label.setText(
            _("Will be linked to: {refs}").format(refs=", ".join(references)) if references else ""
        )

    def _on_similar_selection_changed(self) -> None:
        self.use_person_button.setEnabled(self._selected_similar() is not None)

    def _selected_similar(self) -> SimilarCase | None:
        rows = self.similar_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._similar):
            return None
        return self._similar[rows[0].row()]

    def set_linked(self, case_ids: set[int]) -> None:
        """Tick the given earlier cases (as a user would) for linking."""
        for row in range(self.similar_table.rowCount()):
            item = self.similar_table.item(row, 0)
            checked = item.data(Qt.ItemDataRole.UserRole) in case_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def linked_case_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self._linked_ids))

    def _on_use_person_clicked(self) -> None:
        chosen = self._selected_similar()
        if chosen is None:
            return
        side = self._similar_side
        self._known_person = (side, chosen.person_id)
        fields = self.requester if side == "requester" else self.subject
        notice = self.requester_known if side == "requester" else self.subject_known
        notice.setText(
            _(
                "Uses the earlier record of {name} (from {reference}). The details typed "
                "below are not saved for this person: change them later with Edit in the case."
            ).format(name=chosen.name, reference=chosen.reference)
        )
        notice.show()
        for edit in fields.edits.values():
            edit.setEnabled(False)
        other_side_notice = self.subject_known if side == "requester" else self.requester_known
        other_side_notice.hide()
        other = self.subject if side == "requester" else self.requester
        for edit in other.edits.values():
            edit.setEnabled(True)
        self.forget_person_button.show()

    def _on_forget_person_clicked(self) -> None:
        self._known_person = None
        for notice in (self.requester_known, self.subject_known):
            notice.hide()
        for fields in (self.requester, self.subject):
            for edit in fields.edits.values():
                edit.setEnabled(True)
        self.forget_person_button.hide()

    # ---------------------------------------------------------------- the form

    def intake_form(self) -> IntakeForm:
        """What was typed, as the service takes it; a ValidationError for unreadable input."""
        role = self.role_combo.value() or RequesterRole.PERSON
        known_side, known_id = self._known_person or ("", None)
        requester_id = known_id if known_side == "requester" else None
        subject_id = known_id if known_side == "subject" else None
        requester = (
            PersonForm(name=self.requester.edits["name"].text().strip())
            if requester_id is not None
            else self.requester.person_form()
        )
        subject = None
        if role is not RequesterRole.PERSON and subject_id is None:
            subject = self.subject.person_form()
        measures = tuple(
            self.measures[kind].measure_form()
            for kind in KIND_ORDER
            if self.measures[kind].check.isChecked()
        )
        return IntakeForm(
            channel=self.channel_combo.value() or Channel.PHONE,  # type: ignore[arg-type]
            received_at=self.received_edit.moment(),
            requester=requester,
            measures=measures,
            requester_role=role,  # type: ignore[arg-type]
            subject=subject,
            summary=self.summary_edit.text().strip(),
            contact_note=self.note_edit.toPlainText().strip(),
            letter_language=self.language_combo.currentData(),
            large_print=self.large_print_check.isChecked(),
            link_case_ids=self.linked_case_ids(),
            requester_person_id=requester_id,
            subject_person_id=subject_id if role is not RequesterRole.PERSON else None,
        )

    def has_typed_text(self) -> bool:
        return bool(
            self.requester.has_text()
            or self.subject.has_text()
            or self.summary_edit.text().strip()
            or self.note_edit.toPlainText().strip()
            or any(m.has_text() for m in self.measures.values())
        )

    def accept(self) -> None:
        """Save the case (Ctrl+Enter); on a refusal say why next to the field and keep it all."""
        if self._finished:
            return
        self._clear_errors()
        try:
            form = self.intake_form()
            detail = self._service.intake(form)
        except DomainError as exc:
            self._show_refusal(exc)
            return
        except Exception as exc:  # unexpected: say so calmly, keep every typed character
            from privacy_desk.ui.errors import show_error

            show_error(self, exc)
            return
        self._finished = True
        self._stop_timers()
        # Keep an older unanswered draft: it is not what was just saved.
        if self._pending_draft is None:
            self._drafts.discard()
        self.case_created.emit(detail.id)
        super().accept()

    def _clear_errors(self) -> None:
        for error in self.findChildren(FieldError):
            error.clear_message()
        for widget in self.findChildren(QWidget):
            if widget.property("invalid"):
                mark_invalid(widget, False)

    def _field_targets(self) -> dict[str, tuple[QWidget, FieldError]]:
        r, s = self.requester, self.subject
        targets: dict[str, tuple[QWidget, FieldError]] = {
            "measures": (self.measures[KIND_ORDER[0]].check, self.kinds_error),
            "received_at": (self.received_edit, self.received_error),
            "summary": (self.summary_edit, self.summary_error),
            "contact note": (self.note_edit, self.note_error),
            "subject": (s.edits["name"], s.errors["name"]),
            "The requester's name": (r.edits["name"], r.errors["name"]),
            "requester's name": (r.edits["name"], r.errors["name"]),
            "requester's kana": (r.edits["kana"], r.errors["kana"]),
            "The data subject's name": (s.edits["name"], s.errors["name"]),
            "data subject's name": (s.edits["name"], s.errors["name"]),
            "data subject's kana": (s.edits["kana"], s.errors["kana"]),
            "email": (r.edits["email"], r.errors["email"]),
            "email address": (r.edits["email"], r.errors["email"]),
            "postal code": (r.edits["postal_code"], r.errors["postal_code"]),
            "address": (r.edits["address"], r.errors["address"]),
            "phone number": (r.edits["phone"], r.errors["phone"]),
            "fax number": (r.edits["fax"], r.errors["fax"]),
            "organisation": (r.edits["organisation"], r.errors["organisation"]),
        }
        for fields in (r, s):
            for name, edit in fields.edits.items():
                targets[edit.objectName()] = (edit, fields.errors[name])
        return targets

    def _text_fields(self) -> list[tuple[QWidget, str, FieldError]]:
        """Every free-text field with its text and the error label beside it."""
        found: list[tuple[QWidget, str, FieldError]] = []
        for fields in (self.requester, self.subject):
            for name, edit in fields.edits.items():
                found.append((edit, edit.text(), fields.errors[name]))
        found.append((self.summary_edit, self.summary_edit.text(), self.summary_error))
        found.append((self.note_edit, self.note_edit.toPlainText(), self.note_error))
        for fields in self.measures.values():
            found.append((fields.requested, fields.requested.text(), self.kinds_error))
            if fields.recipient:
                found.append((fields.recipient, fields.recipient.text(), self.kinds_error))
        return found

    def _show_refusal(self, exc: DomainError) -> None:
        message = refusal_text(exc)
        targets: list[tuple[QWidget, FieldError]] = []
        if isinstance(exc, IndividualNumberRefused):
            # The service names the first field only; mark every field that holds a number.
            targets = [
                (widget, error)
                for widget, text, error in self._text_fields()
                if text and contains_individual_number(text)
            ]
        elif exc.field and exc.field in self._field_targets():
            targets = [self._field_targets()[exc.field]]
        for widget, error in targets:
            mark_invalid(widget, True)
            error.show_message(message)
        self.form_error.show_message(
            _("Not saved: {why}").format(why=message)
            if not targets
            else _("Not saved: see the marked field. Nothing you typed was lost.")
        )
        if targets:
            first = targets[0][0]
            self._scroll.ensureWidgetVisible(first)
            first.setFocus()

    # ---------------------------------------------------------------- cancel and close

    def reject(self) -> None:
        """Esc or Cancel: ask before throwing typed text away; a discarded draft is deleted."""
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
            # The window's close button: the same as Esc.
            if self.has_typed_text() and not self._ask_discard():
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

    def _stop_timers(self) -> None:
        for timer in (self._similar_timer, self._draft_timer, self._draft_every):
            timer.stop()

    # ---------------------------------------------------------------- drafts

    def draft_content(self) -> dict[str, Any]:
        return {
            "channel": (self.channel_combo.value() or Channel.PHONE).value,
            "received_at": self.received_edit.moment().isoformat(),
            "role": (self.role_combo.value() or RequesterRole.PERSON).value,
            "requester": self.requester.state(),
            "subject": self.subject.state(),
            "measures": {kind.value: f.state() for kind, f in self.measures.items()},
            "summary": self.summary_edit.text(),
            "note": self.note_edit.toPlainText(),
            "language": self.language_combo.currentData(),
            "large_print": self.large_print_check.isChecked(),
        }

    def _write_draft(self) -> None:
        # An older draft waits for its answer: writing now would overwrite it.
        if self._finished or self._pending_draft is not None or not self._changed_since_draft:
            return
        if not self.has_typed_text():
            return
        try:
            self._drafts.save(self.draft_content(), saved_at=self._context.now())
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
        self._drafts = self._hold_draft_slot(_take_draft_slot(self._actor.login, fresh=True))
        self.restore_button.hide()
        self.discard_draft_button.hide()
        self.draft_label.setText(
            _("The earlier unsaved call note is kept: it is offered again at the next intake.")
        )

    def _on_restore_clicked(self) -> None:
        draft = self._pending_draft
        self._pending_draft = None
        self.draft_banner.hide()
        if draft is None:
            return
        self.restore(draft.content)
        self.requester.edits["name"].setFocus()

    def _on_discard_draft_clicked(self) -> None:
        self._pending_draft = None
        self._drafts.discard()
        self.draft_banner.hide()
        self._changed_since_draft = True
        self.requester.edits["name"].setFocus()

    def restore(self, content: dict[str, Any]) -> None:
        """Put a draft's content back into the form."""
        try:
            self.channel_combo.set_value(Channel(content.get("channel", "phone")))
            if content.get("received_at"):
                self.received_edit.set_moment(datetime.fromisoformat(content["received_at"]))
            self.role_combo.set_value(RequesterRole(content.get("role", "person")))
        except ValueError:
            pass  # an unreadable part of a draft keeps the dialog's defaults
        self.requester.restore(content.get("requester") or {})
        self.subject.restore(content.get("subject") or {})
        for kind, fields in self.measures.items():
            state = (content.get("measures") or {}).get(kind.value)
            if isinstance(state, dict):
                fields.restore(state)
        self.summary_edit.setText(str(content.get("summary") or ""))
        self.note_edit.setPlainText(str(content.get("note") or ""))
        index = self.language_combo.findData(content.get("language") or "ja")
        self.language_combo.setCurrentIndex(max(index, 0))
        self.large_print_check.setChecked(bool(content.get("large_print")))
        self._changed_since_draft = True
