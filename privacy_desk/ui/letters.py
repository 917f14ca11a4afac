"""Issuing letters: the case's letter register, preview, issue, reprint, save, dispatch, batches.

`LettersPanel` is the Letters tab of one case: the register of what was issued (number, kind,
language, when, by whom, the start of the SHA-256, how and when it left), a "new letter" area
that offers only the kinds the case allows now and says why the others are not, a preview of
the PDF as it would be issued, and for an issued letter: show, reprint, save and record dispatch.

`BatchLettersDialog` issues one letter per selected case in the background, with a progress
dialog that can be cancelled, then prints the combined PDF. An issued letter is never changed:
a correction is a new letter with the next number, and the screens say so before issuing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from privacy_desk import i18n
from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import DomainError, RuleViolation
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import CaseStatus, DispatchMethod
from privacy_desk.i18n import N_, _, label
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, LetterData
from privacy_desk.services.letters import (
    BatchResult,
    LetterOptions,
    LetterService,
    require_letter_allowed,
)
from privacy_desk.services.users import list_users, read_settings
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.i18n import translate_message
from privacy_desk.ui.pdf_view import PdfPreview, print_pdf, save_pdf
from privacy_desk.ui.tasks import Task, run_task
from privacy_desk.ui.widgets import (
    MessageBar,
    OptionalDateEdit,
    format_day,
    format_moment,
    mark_invalid,
    read_only_table,
    refusal_text,
)

# The same English keys as the case workspace's register, so both read alike in Japanese.
KIND_LABELS: dict[LetterKind, str] = {
    LetterKind.ACKNOWLEDGEMENT: N_("Acknowledgement of receipt"),
    LetterKind.IDENTITY_REQUEST: N_("Request for identity documents"),
    LetterKind.DECISION: N_("Decision notice"),
    LetterKind.EXTENSION: N_("Extension notice"),
    LetterKind.ANSWER: N_("Answer"),
    LetterKind.FAX_COVER: N_("Fax cover sheet"),
}
LANGUAGES = (("ja", N_("Japanese")), ("en", N_("English")))
MUTED_STYLE = "color: #5f6368;"


def kind_label(kind: str | LetterKind) -> str:
    try:
        return _(KIND_LABELS[LetterKind(kind)])
    except ValueError:
        return str(kind)


def language_label(language: str) -> str:
    return _(dict(LANGUAGES).get(language, language))


def confirm(parent: QWidget | None, title: str, text: str, accept_text: str) -> bool:
    """Ask before something that can not be undone; tests replace this function."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is accept


def letter_file_name(reference: str, letter: LetterData) -> str:
    """A file name that says which letter it is, without any personal data."""
    return f"{reference}-letter-{letter.number}-{letter.kind}-{letter.language}.pdf"


def is_alive(widget: QWidget) -> bool:
    """False once Qt deleted the widget (a tab closed while its task ran)."""
    return shiboken6.isValid(widget)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


# ====================================================================== dispatch


class DispatchDialog(BaseDialog):
    """How and when an issued letter left: method, date, and the tracking number where one exists."""

    def __init__(
        self,
        letter: LetterData,
        today: date,
        submit: Callable[[DispatchMethod, date, str], CaseDetail],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, "record_dispatch")
        self.submit = submit
        self.detail: CaseDetail | None = None
        self.setWindowTitle(_("Record dispatch of letter {n}").format(n=letter.number))

        self.intro_label = QLabel(
            _("Letter {n}: {kind} ({language}), issued {issued}.").format(
                n=letter.number,
                kind=kind_label(letter.kind),
                language=language_label(letter.language),
                issued=format_moment(letter.issued_at),
            )
        )
        self.intro_label.setWordWrap(True)
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("dispatch_method")
        for method in DispatchMethod:
            self.method_combo.addItem(label(method), method.value)
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("dispatch_date")
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(_qdate(today))
        self.date_edit.setDate(_qdate(letter.dispatched_on or today))
        self.tracking_edit = QLineEdit()
        self.tracking_edit.setObjectName("tracking_number")
        self.tracking_edit.setMaxLength(40)
        self.tracking_label = QLabel(_("Tracking number"))
        self.tracking_label.setBuddy(self.tracking_edit)
        self.error_bar = MessageBar()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Sent by"), self.method_combo)
        form.addRow(_("Sent on"), self.date_edit)
        form.addRow(self.tracking_label, self.tracking_edit)
        self.buttons = QDialogButtonBox()
        self.record_button = self.buttons.addButton(
            _("Record"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setObjectName("record_button")
        self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.error_bar)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.method_combo.currentIndexChanged.connect(self._on_method_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        if letter.dispatch_method is not None:
            self.set_method(letter.dispatch_method)
            self.tracking_edit.setText(letter.tracking_number)
        self._on_method_changed()
        self.setMinimumWidth(460)

    def method(self) -> DispatchMethod:
        return DispatchMethod(self.method_combo.currentData())

    def set_method(self, method: DispatchMethod) -> None:
        self.method_combo.setCurrentIndex(self.method_combo.findData(method.value))

    def _on_method_changed(self) -> None:
        needed = self.method().has_tracking_number
        self.tracking_edit.setEnabled(needed)
        self.tracking_label.setEnabled(needed)
        self.tracking_edit.setPlaceholderText(
            _("Required for {method}").format(method=label(self.method())) if needed else ""
        )
        if not needed:
            mark_invalid(self.tracking_edit, False)
            self.error_bar.clear_message()

    def _on_buttons_accepted(self) -> None:
        method = self.method()
        tracking = self.tracking_edit.text().strip() if method.has_tracking_number else ""
        day = self.date_edit.date().toPython()
        mark_invalid(self.tracking_edit, False)
        try:
            self.detail = self.submit(method, day, tracking)
        except DomainError as exc:
            # The dialog stays open with everything as typed.
            self.error_bar.show_message(refusal_text(exc))
            if exc.field == "tracking_number":
                mark_invalid(self.tracking_edit, True)
                self.tracking_edit.setFocus()
            return
        self.accept()

    def message(self) -> str:
        return self.error_bar.message()


# ====================================================================== the panel


class LettersPanel(QWidget):
    """The letters of one case: the register, a new letter with its preview, and dispatch."""

    letters_changed = Signal(int)
    previewed = Signal()

    def __init__(
        self,
        context: Context,
        actor: Actor,
        case_id: int,
        parent: QWidget | None = None,
        detail: CaseDetail | None = None,
    ) -> None:
        """detail: the case as its workspace just loaded it (full), to save a second read."""
        super().__init__(parent)
        self.context = context
        self.actor = actor
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.dispatch_dialog: DispatchDialog | None = None
        self._task: Task | None = None
        self._busy = False
        self._preview_of: tuple[Any, ...] | None = None
        self._preview_caption = ""
        self._kinds: list[LetterKind] = list(LetterKind)
        self._reasons: dict[LetterKind, str] = {}
        self._names = {user.login: user.name for user in list_users(context)}
        self._identity_days = int(read_settings(context).get("identity_reply_days", 14))
        self._build()
        self._connect()
        if detail is None:
            self.reload()
        else:
            self.show_detail(detail)

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        self.message_bar = MessageBar()

        # The register.
        self.table = read_only_table(
            [
                _("No."),
                _("Letter"),
                _("Language"),
                _("Issued (Japan time)"),
                _("Issued by"),
                _("SHA-256"),
                _("Sent by"),
                _("Tracking no."),
                _("Sent on"),
            ],
            "letter_register",
            stretch=1,
            single=True,
        )
        self.empty_label = QLabel(_("No letter has been issued on this case yet."))
        self.empty_label.setStyleSheet(MUTED_STYLE + " padding: 8px;")
        self.show_button = QPushButton(_("&Show"))
        self.show_button.setToolTip(_("Show the letter exactly as it was issued"))
        self.reprint_button = QPushButton(_("&Reprint…"))
        self.reprint_button.setToolTip(_("Print the letter again, exactly as it was issued"))
        self.save_button = QPushButton(_("Save as &PDF…"))
        self.save_button.setToolTip(_("Save the issued letter as a PDF file"))
        self.dispatch_button = QPushButton(_("Record &dispatch…"))
        self.dispatch_button.setToolTip(_("Record how and when the letter was sent"))
        for name, button in (
            ("show_button", self.show_button),
            ("reprint_button", self.reprint_button),
            ("save_button", self.save_button),
            ("dispatch_button", self.dispatch_button),
        ):
            button.setObjectName(name)
        register_buttons = QHBoxLayout()
        register_buttons.addWidget(self.show_button)
        register_buttons.addWidget(self.reprint_button)
        register_buttons.addWidget(self.save_button)
        register_buttons.addWidget(self.dispatch_button)
        register_buttons.addStretch(1)
        self.register_box = QGroupBox(_("Letters issued"))
        register_layout = QVBoxLayout(self.register_box)
        register_layout.addWidget(self.table, 1)
        register_layout.addWidget(self.empty_label)
        register_layout.addLayout(register_buttons)

        # A new letter.
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("letter_kind")
        for kind in self._kinds:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.unavailable_label = QLabel()
        self.unavailable_label.setObjectName("unavailable_kinds")
        self.unavailable_label.setWordWrap(True)
        self.unavailable_label.setStyleSheet(MUTED_STYLE)
        self.unavailable_label.setTextFormat(Qt.TextFormat.PlainText)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("letter_language")
        for code, name in LANGUAGES:
            self.language_combo.addItem(_(name), code)

        self.plain_note = QLabel(_("Everything in this letter comes from the case."))
        self.plain_note.setWordWrap(True)
        self.plain_note.setStyleSheet(MUTED_STYLE)
        self.expected_reply_edit = OptionalDateEdit(_("Expected reply"))
        self.expected_reply_edit.setObjectName("expected_reply_date")
        self.reply_by_edit = OptionalDateEdit(_("Reply by"))
        self.reply_by_edit.setObjectName("reply_by")
        self.fax_number_edit = QLineEdit()
        self.fax_number_edit.setObjectName("fax_number")
        self.fax_number_edit.setMaxLength(30)
        self.fax_pages_spin = QSpinBox()
        self.fax_pages_spin.setObjectName("fax_pages")
        self.fax_pages_spin.setRange(1, 99)
        self.fax_pages_spin.setValue(2)
        self.fax_pages_spin.setSuffix(_(" pages"))
        self.fax_subject_edit = QLineEdit()
        self.fax_subject_edit.setObjectName("fax_subject")
        self.fax_subject_edit.setMaxLength(80)
        self.fax_subject_edit.setPlaceholderText(_("e.g. Decision notice"))

        self.preview_button = QPushButton(_("Pre&view"))
        self.preview_button.setObjectName("preview_button")
        self.preview_button.setToolTip(_("Show the letter as it would be issued now"))
        self.issue_button = QPushButton(_("&Issue…"))
        self.issue_button.setObjectName("issue_button")
        self.issue_button.setToolTip(
            _("Keep the letter with its number; it can be reprinted but never changed")
        )
        new_buttons = QHBoxLayout()
        new_buttons.addWidget(self.preview_button)
        new_buttons.addWidget(self.issue_button)
        new_buttons.addStretch(1)
        self.new_box = QGroupBox(_("New letter"))
        # One form for all kinds, so the labels line up; the rows of other kinds are hidden.
        self.new_form = QFormLayout()
        self.new_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.new_form.addRow(_("Kind"), self.kind_combo)
        self.new_form.addRow("", self.unavailable_label)
        self.new_form.addRow(_("Language"), self.language_combo)
        self.new_form.addRow(self.plain_note)
        self._option_rows: dict[QWidget, tuple[LetterKind, ...]] = {
            self.plain_note: (
                LetterKind.DECISION,
                LetterKind.EXTENSION,
                LetterKind.ANSWER,
            ),
        }
        for kind, caption, field in (
            (LetterKind.ACKNOWLEDGEMENT, _("Expected reply by"), self.expected_reply_edit),
            (LetterKind.IDENTITY_REQUEST, _("Documents by"), self.reply_by_edit),
            (LetterKind.FAX_COVER, _("Fax number"), self.fax_number_edit),
            (LetterKind.FAX_COVER, _("Pages (with this cover)"), self.fax_pages_spin),
            (LetterKind.FAX_COVER, _("Subject"), self.fax_subject_edit),
        ):
            self.new_form.addRow(caption, field)
            self._option_rows[field] = (kind,)
        new_layout = QVBoxLayout(self.new_box)
        new_layout.addLayout(self.new_form)
        new_layout.addSpacing(6)
        new_layout.addLayout(new_buttons)
        new_layout.addStretch(1)

        self.preview = PdfPreview()
        self.preview.setObjectName("letter_preview")
        self.preview.clear(
            _("Choose a kind of letter and press Preview to see it as it would be issued.")
        )

        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(self.new_box)
        bottom.addWidget(self.preview)
        bottom.setStretchFactor(0, 0)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([420, 780])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.register_box)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_table_double_clicked)
        self.show_button.clicked.connect(self._on_show_clicked)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.dispatch_button.clicked.connect(self._on_dispatch_clicked)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.language_combo.currentIndexChanged.connect(self._on_options_changed)
        for edit in (
            self.expected_reply_edit,
            self.reply_by_edit,
            self.fax_number_edit,
            self.fax_subject_edit,
        ):
            edit.textEdited.connect(self._on_options_changed)
        self.fax_pages_spin.valueChanged.connect(self._on_options_changed)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.issue_button.clicked.connect(self._on_issue_clicked)

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the case again; what is typed in the new-letter area stays as it is."""
        try:
            detail = CaseService(self.context, self.actor).get(self.case_id)
        except DomainError as exc:
            self.message_bar.show_message(refusal_text(exc))
            return
        self.show_detail(detail)

    def show_detail(self, detail: CaseDetail) -> None:
        """Show this snapshot of the case (the workspace may pass the one it just loaded)."""
        first = self.detail is None
        self.detail = detail
        selected = self.selected_letter()
        self._fill_register(detail, selected.id if selected else None)
        self._update_kinds(detail, choose_first=first)
        if first:
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(detail.letter_language), 0)
            )
        self._fill_defaults(detail)
        self._update_buttons()

    def _fill_register(self, detail: CaseDetail, keep_id: int | None) -> None:
        self.table.setRowCount(len(detail.letters))
        for row, letter in enumerate(detail.letters):
            values = [
                str(letter.number),
                kind_label(letter.kind),
                language_label(letter.language),
                format_moment(letter.issued_at),
                self._names.get(letter.issued_by, letter.issued_by),
                letter.sha256[:12],
                label(letter.dispatch_method) if letter.dispatch_method else _("not sent yet"),
                letter.tracking_number,
                format_day(letter.dispatched_on),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, letter.id)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == 5:
                    item.setToolTip(letter.sha256)
                self.table.setItem(row, column, item)
        has_letters = bool(detail.letters)
        self.table.setVisible(has_letters)
        self.empty_label.setVisible(not has_letters)
        row = next((i for i, lt in enumerate(detail.letters) if lt.id == keep_id), -1)
        if row < 0 and has_letters:
            row = len(detail.letters) - 1
        if row >= 0:
            self.table.selectRow(row)

    def _update_kinds(self, detail: CaseDetail, choose_first: bool) -> None:
        model = self.kind_combo.model()
        self._reasons = {}
        for index, kind in enumerate(self._kinds):
            try:
                require_letter_allowed(kind, detail)
            except RuleViolation as exc:
                self._reasons[kind] = refusal_text(exc)
            reason = self._reasons.get(kind, "")
            item = model.item(index)
            item.setEnabled(not reason)
            self.kind_combo.setItemData(index, reason or None, Qt.ItemDataRole.ToolTipRole)
        if choose_first or self.kind() in self._reasons:
            first = next((i for i, k in enumerate(self._kinds) if k not in self._reasons), None)
            if first is not None:
                self.kind_combo.setCurrentIndex(first)
        self.unavailable_label.setText(
            _("Not available now:")
            + "".join(
                "\n• " + _("{kind}: {reason}").format(kind=kind_label(k), reason=reason)
                for k, reason in self._reasons.items()
            )
        )
        self.unavailable_label.setVisible(bool(self._reasons))
        self._on_kind_changed()

    def _fill_defaults(self, detail: CaseDetail) -> None:
        """Put the dates the service would use into fields the user has not touched."""
        today = self.context.today()
        defaults = (
            (self.expected_reply_edit, detail.deadlines.current_due.astimezone(JST).date()),
            (self.reply_by_edit, today + timedelta(days=self._identity_days)),
        )
        for edit, day in defaults:
            if not edit.isModified():
                edit.set_date(day)
        if not self.fax_number_edit.isModified():
            self.fax_number_edit.setText(detail.requester.fax)

    # ------------------------------------------------------------------ state

    def kind(self) -> LetterKind:
        return LetterKind(self.kind_combo.currentData())

    def set_kind(self, kind: LetterKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def kind_enabled(self, kind: LetterKind) -> bool:
        return kind not in self._reasons

    def kind_reason(self, kind: LetterKind) -> str:
        return self._reasons.get(kind, "")

    def language(self) -> str:
        return str(self.language_combo.currentData())

    def selected_letter(self) -> LetterData | None:
        if self.detail is None:
            return None
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        letter_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((lt for lt in self.detail.letters if lt.id == letter_id), None)

    def select_letter(self, number: int) -> None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).text() == str(number):
                self.table.selectRow(row)
                return

    def next_number(self) -> int:
        letters = self.detail.letters if self.detail else ()
        return max((lt.number for lt in letters), default=0) + 1

    def _may_issue(self) -> bool:
        return self.actor.role in PERMISSIONS[Action.ISSUE_LETTER]

    def _update_buttons(self) -> None:
        letter = self.selected_letter()
        for button in (self.show_button, self.reprint_button, self.save_button):
            button.setEnabled(letter is not None and not self._busy)
        self.dispatch_button.setEnabled(letter is not None and not self._busy and self._may_issue())
        allowed = self.detail is not None and self.kind_enabled(self.kind())
        self.preview_button.setEnabled(allowed and not self._busy)
        self.issue_button.setEnabled(allowed and not self._busy and self._may_issue())
        if not self._may_issue():
            self.issue_button.setToolTip(_("Your role may look at letters but not issue them."))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def is_busy(self) -> bool:
        return self._busy

    def options(self) -> LetterOptions:
        """What the user chose; a ValidationError names a field that can not be read."""
        kind = self.kind()
        language = self.language()
        if kind is LetterKind.ACKNOWLEDGEMENT:
            return LetterOptions(
                language=language, expected_reply_date=self.expected_reply_edit.date_value()
            )
        if kind is LetterKind.IDENTITY_REQUEST:
            return LetterOptions(language=language, reply_by=self.reply_by_edit.date_value())
        if kind is LetterKind.FAX_COVER:
            return LetterOptions(
                language=language,
                fax_number=self.fax_number_edit.text().strip(),
                fax_pages=self.fax_pages_spin.value(),
                fax_subject=self.fax_subject_edit.text().strip(),
            )
        return LetterOptions(language=language)

    def _read_options(self) -> LetterOptions | None:
        self._mark_field(None)
        try:
            return self.options()
        except DomainError as exc:
            self.message_bar.show_message(refusal_text(exc))
            self._mark_field(exc.field)
            return None

    def _mark_field(self, name: str | None) -> None:
        """Outline the option a refusal names (a date, the fax subject…), and only that one."""
        for field in self._option_rows:
            if field is self.plain_note:
                continue
            named = name is not None and field.objectName() == name
            mark_invalid(field, named)
            if named and field.isVisible():
                field.setFocus()

    def _preview_key(self, options: LetterOptions) -> tuple[Any, ...]:
        return (self.kind(), options)

    # ------------------------------------------------------------------ new letter

    def _on_kind_changed(self) -> None:
        kind = self.kind()
        for field, kinds in self._option_rows.items():
            self.new_form.setRowVisible(field, kind in kinds)
        self._on_options_changed()

    def _on_options_changed(self) -> None:
        self._update_buttons()
        if self._preview_of is None or not self.preview.page_count():
            return
        try:
            current = self._preview_key(self.options())
        except DomainError:
            current = None
        caption = self._preview_caption
        if current != self._preview_of:
            caption += _(" — out of date: press Preview again")
        self.preview.caption_label.setText(caption)

    def _on_preview_clicked(self) -> None:
        if self._busy or self.detail is None:
            return
        options = self._read_options()
        if options is None:
            return
        self.message_bar.clear_message()
        kind, case_id = self.kind(), self.case_id
        service = LetterService(self.context, self.actor)
        self._set_busy(True)
        self.preview.set_message(_("Preparing the preview…"))
        key = self._preview_key(options)
        caption = _("Preview, not issued: {kind} ({language})").format(
            kind=kind_label(kind), language=language_label(options.language or "ja")
        )

        def done(pdf: bytes) -> None:
            if not is_alive(self):
                return
            self._set_busy(False)
            self._preview_of = key
            self._preview_caption = caption
            self.preview.set_pdf(pdf, caption)
            self.previewed.emit()

        def failed(exc: BaseException) -> None:
            if is_alive(self):
                self.preview.set_message(_("No preview: the letter was refused (see above)."))
                self._on_task_failed(exc)

        self._task = run_task(lambda: service.preview(case_id, kind, options), done, failed)

    def _on_issue_clicked(self) -> None:
        if self._busy or self.detail is None:
            return
        options = self._read_options()
        if options is None:
            return
        kind, number = self.kind(), self.next_number()
        asked = confirm(
            self,
            _("Issue letter"),
            _(
                "An issued letter is kept exactly as it is and can not be changed; a correction "
                "is a new letter. Issue letter {n}?"
            ).format(n=number)
            + "\n\n"
            + _("{kind} ({language})").format(
                kind=kind_label(kind), language=language_label(options.language or "ja")
            ),
            _("Issue letter {n}").format(n=number),
        )
        if not asked:
            return
        self.message_bar.clear_message()
        case_id, version = self.case_id, self.detail.version
        service = LetterService(self.context, self.actor)

        def work() -> tuple[LetterData, bytes]:
            letter = service.issue(case_id, version, kind, options)
            return letter, service.pdf(letter.id, "view")

        def done(result: tuple[LetterData, bytes]) -> None:
            if not is_alive(self):
                return
            letter, pdf = result
            self._set_busy(False)
            self.reload()
            self.select_letter(letter.number)
            self._preview_of = None
            self.preview.set_pdf(pdf, self._issued_caption(letter))
            self.message_bar.show_message(
                _(
                    "Letter {n} was issued and kept with its fingerprint. Print it, send it, "
                    "then record its dispatch."
                ).format(n=letter.number),
                level="info",
            )
            self.letters_changed.emit(self.case_id)

        self._set_busy(True)
        self._task = run_task(work, done, self._on_task_failed)

    def _on_task_failed(self, exc: BaseException) -> None:
        if not is_alive(self):
            return
        self._set_busy(False)
        if isinstance(exc, ConflictError):
            self.message_bar.show_message(
                _(
                    "This case was changed by someone else since it was loaded; nothing was "
                    "issued. It now shows the case as it is: check, then issue again."
                ),
                level="warning",
            )
            self.reload()
            return
        if isinstance(exc, DomainError):
            self._show_refusal(exc)
            self._mark_field(exc.field)
            return
        show_error(self, exc)

    def _show_refusal(self, exc: DomainError) -> None:
        text = refusal_text(exc)
        field = next((f for f in self._option_rows if f.objectName() == exc.field), None)
        if field is None or i18n.language() == "en":
            self.message_bar.show_message(text)
            return
        # Name the option to fill in by its caption on screen, then the checker's own words.
        caption = self.new_form.labelForField(field)
        name = caption.text() if isinstance(caption, QLabel) else exc.field or ""
        self.message_bar.show_message(
            _("The letter can not be produced yet: fill in '{field}'.").format(field=name),
            [text],
        )

    # ------------------------------------------------------------------ issued letters

    def _issued_caption(self, letter: LetterData) -> str:
        return _("Letter {n} as issued: {kind} ({language})").format(
            n=letter.number, kind=kind_label(letter.kind), language=language_label(letter.language)
        )

    def _issued_pdf(self, letter: LetterData, purpose: str) -> bytes | None:
        try:
            return LetterService(self.context, self.actor).pdf(letter.id, purpose)
        except DomainError as exc:
            self.message_bar.show_message(refusal_text(exc))
            return None

    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, _item: QTableWidgetItem) -> None:
        self._on_show_clicked()

    def _on_show_clicked(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        pdf = self._issued_pdf(letter, "view")
        if pdf is not None:
            self._preview_of = None
            self.preview.set_pdf(pdf, self._issued_caption(letter))

    def _on_reprint_clicked(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        pdf = self._issued_pdf(letter, "reprint")
        if pdf is not None and print_pdf(self, pdf):
            self.message_bar.show_message(
                _("Letter {n} was sent to the printer.").format(n=letter.number), level="info"
            )

    def _on_save_clicked(self) -> None:
        letter = self.selected_letter()
        if letter is None or self.detail is None:
            return
        pdf = self._issued_pdf(letter, "save")
        if pdf is None:
            return
        path = save_pdf(self, pdf, letter_file_name(self.detail.reference, letter))
        if path is not None:
            self.message_bar.show_message(
                _("Letter {n} was saved as {file}.").format(n=letter.number, file=path.name),
                level="info",
            )

    def _on_dispatch_clicked(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        service = LetterService(self.context, self.actor)
        version = self.detail.version if self.detail is not None else None

        def submit(method: DispatchMethod, day: date, tracking: str) -> CaseDetail:
            return service.record_dispatch(letter.id, method, day, tracking, version=version)

        self.dispatch_dialog = DispatchDialog(letter, self.context.today(), submit, self)
        self.dispatch_dialog.accepted.connect(self._on_dispatch_dialog_accepted)
        self.dispatch_dialog.open()

    def _on_dispatch_dialog_accepted(self) -> None:
        dialog = self.dispatch_dialog
        if dialog is None or dialog.detail is None:
            return
        letter = self.selected_letter()
        # The detail a move returns may be the short one, without the letters: read it again.
        self.reload()
        number = letter.number if letter else ""
        text = _("Letter {n} is recorded as sent.").format(n=number)
        if dialog.detail.status is CaseStatus.NOTICE_SENT:
            text += " " + _("The notice is sent: the case can now be closed.")
        self.message_bar.show_message(text, level="info")
        self.letters_changed.emit(self.case_id)


# ====================================================================== batches


class BatchLettersDialog(BaseDialog):
    """One letter for each selected case, issued in the background, then printed as one PDF."""

    batch_finished = Signal(int)

    BATCH_KINDS = (
        LetterKind.ACKNOWLEDGEMENT,
        LetterKind.IDENTITY_REQUEST,
        LetterKind.DECISION,
        LetterKind.EXTENSION,
        LetterKind.ANSWER,
    )

    def __init__(
        self, context: Context, actor: Actor, case_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, "batch_letters")
        self.context = context
        self.actor = actor
        self.case_ids = list(case_ids)
        self.result: BatchResult | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_progress: tuple[int, int] = (0, 0)
        self._task: Task | None = None
        self.setWindowTitle(_("Issue letters for {n} cases").format(n=len(self.case_ids)))

        self.intro_label = QLabel(
            _(
                "One letter is issued for each of the {n} selected cases, numbered on its case and "
                "kept exactly as issued. A case whose letter does not fit its state is listed "
                "afterwards with the reason; the others go on. The letters are then printed "
                "together."
            ).format(n=len(self.case_ids))
        )
        self.intro_label.setWordWrap(True)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("batch_kind")
        for kind in self.BATCH_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("batch_language")
        self.language_combo.addItem(_("Each case's letter language"), None)
        for code, name in LANGUAGES:
            self.language_combo.addItem(_(name), code)
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind_combo)
        form.addRow(_("Language"), self.language_combo)

        self.summary = QTextBrowser()
        self.summary.setObjectName("batch_summary")
        self.summary.setOpenLinks(False)
        self.summary.hide()

        self.issue_button = QPushButton(_("&Issue and print…"))
        self.issue_button.setObjectName("issue_button")
        self.issue_button.setDefault(True)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton(_("Save as &PDF…"))
        self.save_button.setObjectName("save_button")
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("close_button")
        for button in (self.print_button, self.save_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.summary, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)
        self.resize(620, 460)

        self.issue_button.clicked.connect(self._on_issue_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.reject)
        if actor.role not in PERMISSIONS[Action.ISSUE_LETTER]:
            self.issue_button.setEnabled(False)
            self.issue_button.setToolTip(_("Your role may look at letters but not issue them."))

    def kind(self) -> LetterKind:
        return LetterKind(self.kind_combo.currentData())

    def set_kind(self, kind: LetterKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def is_running(self) -> bool:
        return self._task is not None and self.result is None

    def _on_issue_clicked(self) -> None:
        if self.is_running() or not self.case_ids:
            return
        kind = self.kind()
        language = self.language_combo.currentData()
        total = len(self.case_ids)
        asked = confirm(
            self,
            _("Issue letters"),
            _(
                "An issued letter is kept exactly as it is and can not be changed; a correction "
                "is a new letter. Issue {n} letters, one for each case?"
            ).format(n=total)
            + "\n\n"
            + kind_label(kind),
            _("Issue {n} letters").format(n=total),
        )
        if not asked:
            return
        self.issue_button.setEnabled(False)
        self.kind_combo.setEnabled(False)
        self.language_combo.setEnabled(False)
        self.result = None
        progress = QProgressDialog(_("Issuing letters…"), _("Cancel"), 0, total, self)
        progress.setObjectName("batch_progress")
        progress.setWindowTitle(_("Issue letters"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        self.progress_dialog = progress
        case_ids = list(self.case_ids)
        options = LetterOptions(language=language)
        context, actor = self.context, self.actor

        def work(report: Callable[[int, int], bool]) -> BatchResult:
            return LetterService(context, actor).issue_batch(case_ids, kind, options, report)

        self._task = run_task(
            work, self._on_batch_done, self._on_batch_failed, self._on_batch_progress
        )
        progress.canceled.connect(self._on_progress_canceled)

    def _on_progress_canceled(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText(_("Stopping after the letter being issued now…"))

    def _on_batch_progress(self, done: int, total: int) -> None:
        if not is_alive(self):
            return
        self.last_progress = (done, total)
        progress = self.progress_dialog
        if progress is not None and not progress.wasCanceled():
            progress.setLabelText(
                _("Issuing letters… {done} of {total} cases done").format(done=done, total=total)
            )
            progress.setMaximum(total)
            # Last: on a modal progress dialog setValue lets Qt run events, the batch's end too.
            progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            # Closing a progress dialog emits canceled; the batch is over, so nothing to cancel.
            self.progress_dialog.canceled.disconnect(self._on_progress_canceled)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_batch_done(self, result: BatchResult) -> None:
        if not is_alive(self):
            return
        self.result = result
        self._close_progress()
        self.summary.setPlainText(self.summary_text())
        self.summary.show()
        has_pdf = bool(result.issued)
        self.print_button.setEnabled(has_pdf)
        self.save_button.setEnabled(has_pdf)
        self.close_button.setDefault(not has_pdf)
        self.batch_finished.emit(len(result.issued))
        if has_pdf:
            # Let the summary paint before the system print dialog takes the focus.
            QTimer.singleShot(0, self._on_print_clicked)

    def _on_batch_failed(self, exc: BaseException) -> None:
        if not is_alive(self):
            return
        self._close_progress()
        self._task = None
        self.issue_button.setEnabled(True)
        self.kind_combo.setEnabled(True)
        self.language_combo.setEnabled(True)
        if isinstance(exc, DomainError):
            self.summary.setPlainText(refusal_text(exc))
            self.summary.show()
            return
        show_error(self, exc)

    def summary_text(self) -> str:
        result = self.result
        if result is None:
            return ""
        lines = [
            _("{n} letters issued.").format(n=len(result.issued))
            if len(result.issued) != 1
            else _("1 letter issued.")
        ]
        if result.cancelled:
            done = len(result.issued) + len(result.refused)
            lines.append(
                _(
                    "Stopped on your request after {done} of {total} cases; the letters issued "
                    "before that stay issued."
                ).format(done=done, total=len(self.case_ids))
            )
        if result.refused:
            lines.append("")
            lines.append(_("{n} refused:").format(n=len(result.refused)))
            for _case_id, reference, reason in result.refused:
                lines.append(f"• {reference}: {translate_message(reason)}")
        if result.issued:
            lines.append("")
            lines.append(
                _(
                    "Print the letters, send them, then record the dispatch on each case "
                    "(Letters tab)."
                )
            )
        return "\n".join(lines)

    def _on_print_clicked(self) -> None:
        if not is_alive(self) or self.result is None or not self.result.combined_pdf:
            return
        print_pdf(self, self.result.combined_pdf)

    def _on_save_clicked(self) -> None:
        if self.result is None or not self.result.combined_pdf:
            return
        today = self.context.today().strftime("%Y%m%d")
        name = f"letters-{self.kind().value}-{today}-{len(self.result.issued)}.pdf"
        path = save_pdf(self, self.result.combined_pdf, name)
        if path is not None:
            self.summary.append("\n" + _("Saved as {file}.").format(file=path.name))

    def reject(self) -> None:
        if self.is_running():
            # Closing mid-batch would leave letters half printed: cancel first, then close.
            self._on_progress_canceled()
            return
        super().reject()
