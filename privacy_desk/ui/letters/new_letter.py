"""The "new letter" form of a case's Letters tab: which kind, which language, and its options.

Only the kinds the case allows now can be chosen; the others stay in the list, greyed, with the
service's reason beside them. Each kind shows only its own options (reply dates, fax details).
The form reads what was typed into `LetterOptions`; issuing and previewing are the panel's.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import RuleViolation
from privacy_desk.i18n import _
from privacy_desk.letters import LetterKind
from privacy_desk.services.dto import CaseDetail
from privacy_desk.services.letters import LetterOptions, require_letter_allowed
from privacy_desk.ui.letters.common import LANGUAGES, MUTED_STYLE, kind_label
from privacy_desk.ui.widgets import OptionalDateEdit, mark_invalid, refusal_text


class NewLetterForm(QGroupBox):
    """Kind, language and the options of the chosen kind, with the Preview and Issue buttons."""

    options_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("New letter"), parent)
        self._kinds: list[LetterKind] = list(LetterKind)
        self._reasons: dict[LetterKind, str] = {}
        self._build()
        self._connect()

    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("letter_kind")
        for kind in self._kinds:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.next_label = QLabel()
        self.next_label.setObjectName("next_letter")
        self.next_label.setWordWrap(True)
        self.next_label.setTextFormat(Qt.TextFormat.PlainText)
        self.closed_label = QLabel()
        self.closed_label.setObjectName("letters_closed")
        self.closed_label.setWordWrap(True)
        self.closed_label.setTextFormat(Qt.TextFormat.PlainText)
        self.closed_label.hide()
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
        # Empty: the neutral subject the letter prints (a cover sheet never names the case).
        self.fax_subject_edit.setPlaceholderText(
            _("Empty: a neutral subject that names nothing of the case")
        )

        self.preview_button = QPushButton(_("Pre&view"))
        self.preview_button.setObjectName("preview_button")
        self.preview_button.setToolTip(_("Show the letter as it would be issued now"))
        self.issue_button = QPushButton(_("&Issue…"))
        self.issue_button.setObjectName("issue_button")
        self.issue_button.setToolTip(
            _("Keep the letter with its number; it can be reprinted but never changed")
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.issue_button)
        buttons.addStretch(1)
        # One form for all kinds, so the labels line up; the rows of other kinds are hidden.
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.closed_label)
        self.form.addRow(_("Kind"), self.kind_combo)
        self.form.addRow("", self.next_label)
        self.form.addRow("", self.unavailable_label)
        self.form.addRow(_("Language"), self.language_combo)
        self.form.addRow(self.plain_note)
        self._option_rows: dict[QWidget, tuple[LetterKind, ...]] = {
            self.plain_note: (LetterKind.DECISION, LetterKind.EXTENSION, LetterKind.ANSWER),
        }
        for kind, caption, field in (
            (LetterKind.ACKNOWLEDGEMENT, _("Expected reply by"), self.expected_reply_edit),
            (LetterKind.IDENTITY_REQUEST, _("Documents by"), self.reply_by_edit),
            (LetterKind.FAX_COVER, _("Fax number"), self.fax_number_edit),
            (LetterKind.FAX_COVER, _("Pages (with this cover)"), self.fax_pages_spin),
            (LetterKind.FAX_COVER, _("Subject"), self.fax_subject_edit),
        ):
            self.form.addRow(caption, field)
            self._option_rows[field] = (kind,)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.language_combo.currentIndexChanged.connect(self.options_changed)
        for edit in (
            self.expected_reply_edit,
            self.reply_by_edit,
            self.fax_number_edit,
            self.fax_subject_edit,
        ):
            edit.textEdited.connect(self.options_changed)
        self.fax_pages_spin.valueChanged.connect(self.options_changed)

    # ------------------------------------------------------------------ the case

    def update_kinds(self, detail: CaseDetail, choose_first: bool) -> None:
        """Grey the kinds the case does not allow now, each with the reason why."""
        # A combo box's own model is a QStandardItemModel; its items can be greyed one by one.
        model = cast(QStandardItemModel, self.kind_combo.model())
        self._reasons = {}
        for index, kind in enumerate(self._kinds):
            try:
                require_letter_allowed(kind, detail)
            except RuleViolation as exc:
                self._reasons[kind] = refusal_text(exc)
            reason = self._reasons.get(kind, "")
            model.item(index).setEnabled(not reason)
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

    def set_open(self, is_open: bool) -> None:
        """A closed case takes no new letter: the kind, language and options are held."""
        self.kind_combo.setEnabled(is_open)
        self.language_combo.setEnabled(is_open)
        for field in self._option_rows:
            field.setEnabled(is_open)
        # Which letter is next, and why the kinds are greyed, say nothing on a closed case.
        self.next_label.setVisible(is_open)
        if not is_open:
            self.unavailable_label.hide()

    def show_next(self, kind: LetterKind | None) -> None:
        """Say which letter the case's next step needs (chosen first), or that none is due."""
        if kind is None:
            self.next_label.setText(_("No letter is due at this step of the case."))
        else:
            self.next_label.setText(_("Next for this case: {kind}").format(kind=kind_label(kind)))

    def fill_defaults(self, detail: CaseDetail, today: date, identity_days: int) -> None:
        """Put the dates the service would use into fields the user has not touched.

        The reply-by date is left empty: the service counts `identity_days` business days of the
        office's calendar from the letter's date.
        """
        if not self.expected_reply_edit.isModified():
            self.expected_reply_edit.set_date(detail.deadlines.current_due.astimezone(JST).date())
        self.reply_by_edit.setPlaceholderText(
            _("empty: {n} business days after the letter's date").format(n=identity_days)
        )
        self.reply_by_edit.setFixedWidth(
            self.reply_by_edit.fontMetrics().horizontalAdvance(self.reply_by_edit.placeholderText())
            + 28
        )
        if not self.fax_number_edit.isModified():
            self.fax_number_edit.setText(detail.requester.fax)

    def choose_language(self, language: str) -> None:
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(language), 0))

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

    def mark_field(self, name: str | None) -> None:
        """Outline the option a refusal names (a date, the fax subject…), and only that one."""
        for field in self._option_rows:
            if field is self.plain_note:
                continue
            named = name is not None and field.objectName() == name
            mark_invalid(field, named)
            if named and field.isVisible():
                field.setFocus()

    def field_caption(self, name: str | None) -> str | None:
        """The caption on screen of the option a refusal names, or None if it names none."""
        field = next((f for f in self._option_rows if f.objectName() == name), None)
        if field is None:
            return None
        caption = self.form.labelForField(field)
        return caption.text() if isinstance(caption, QLabel) else name

    def _on_kind_changed(self) -> None:
        kind = self.kind()
        for field, kinds in self._option_rows.items():
            self.form.setRowVisible(field, kind in kinds)
        self.options_changed.emit()
