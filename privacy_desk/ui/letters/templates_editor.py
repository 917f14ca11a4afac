"""The letter template editor, for administrators: read, change, check, save or reset a template.

One template per kind of letter and language. The editor shows whether the text in use is the
one shipped with the application or an administrator's edited copy. "Check and save" has the
service fill the text with invented cases first: a template that names an unknown field or does
not compile is refused with its line, highlighted here, and the text stays as typed. Edits of
other kinds and languages are kept while the dialog is open, so switching loses nothing.

The preview fills the text as it stands in the editor (saved or not) from a case chosen by its
reference, or from an invented sample case when no reference is given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.i18n import _
from privacy_desk.letters import LetterKind, TemplateError
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.letters import LetterService
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.letters import common
from privacy_desk.ui.letters.common import LANGUAGES, MUTED_STYLE, kind_label
from privacy_desk.ui.letters.pdf_view import PdfPreview
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import MessageBar, refusal_text

Key = tuple[LetterKind, str]
ERROR_LINE_COLOUR = QColor("#fbe3e4")
WARNING_STYLE = "color: #6b4a00;"


class TemplatesEditor(BaseDialog):
    """Change the words of the letters: one template per kind and language."""

    template_saved = Signal(str, str)
    template_reset = Signal(str, str)

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "templates_editor")
        self.context = context
        self.actor = actor
        self.service = LetterService(context, actor)
        self._saved: dict[Key, tuple[str, bool]] = {}
        self._drafts: dict[Key, str] = {}
        self._key: Key | None = None
        self.setWindowTitle(_("Letter templates"))
        self._build()
        self._connect()
        self._load(self.key())
        self.resize(1200, 800)

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("template_kind")
        for kind in LetterKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("template_language")
        for code, name in LANGUAGES:
            self.language_combo.addItem(_(name), code)
        self.state_label = QLabel()
        self.state_label.setObjectName("template_state")
        self.state_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Letter")))
        top.addWidget(self.kind_combo)
        top.addWidget(QLabel(_("Language")))
        top.addWidget(self.language_combo)
        top.addSpacing(12)
        top.addWidget(self.state_label, 1)

        self.message_bar = MessageBar()
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("template_text")
        limit_text(self.editor, "letter template")
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        # Japanese lines fall back to the application's Japanese font for their glyphs.
        font.setFamilies([font.family(), self.font().family()])
        self.editor.setFont(font)
        self.editor.setTabChangesFocus(True)
        self.position_label = QLabel()
        self.position_label.setObjectName("cursor_position")
        self.position_label.setStyleSheet(MUTED_STYLE)
        help_label = QLabel(
            _(
                "Fields are written {{ letter.reference }}; lines start with title:, opening:, "
                "item:, text: and the like. Check and save fills the template with invented "
                "cases first and refuses it if anything is wrong."
            )
        )
        help_label.setWordWrap(True)
        help_label.setStyleSheet(MUTED_STYLE)
        help_label.setTextFormat(Qt.TextFormat.PlainText)
        editor_box = QWidget()
        editor_layout = QVBoxLayout(editor_box)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.message_bar)
        editor_layout.addWidget(self.editor, 1)
        editor_layout.addWidget(self.position_label)
        editor_layout.addWidget(help_label)

        self.reference_edit = QLineEdit()
        self.reference_edit.setObjectName("preview_reference")
        self.reference_edit.setPlaceholderText(_("Case reference (empty: an invented sample)"))
        limit_text(self.reference_edit, "reference")
        self.preview_button = QPushButton(_("Pre&view"))
        self.preview_button.setObjectName("preview_button")
        self.preview_hint = QLabel()
        self.preview_hint.setObjectName("preview_hint")
        self.preview_hint.setWordWrap(True)
        self.preview = PdfPreview()
        self.preview.setObjectName("template_preview")
        self.preview.clear(
            _("Type the reference of a case and press Preview to see the saved template filled.")
        )
        preview_box = QGroupBox(_("Preview"))
        preview_row = QHBoxLayout()
        preview_row.addWidget(self.reference_edit, 1)
        preview_row.addWidget(self.preview_button)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addLayout(preview_row)
        preview_layout.addWidget(self.preview_hint)
        preview_layout.addWidget(self.preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(editor_box)
        splitter.addWidget(preview_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 480])

        self.save_button = QPushButton(_("Check and &save"))
        self.save_button.setObjectName("save_button")
        self.reset_button = QPushButton(_("&Reset to default…"))
        self.reset_button.setObjectName("reset_button")
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("close_button")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        if self.actor.role not in PERMISSIONS[Action.MANAGE_SETTINGS]:
            why = _("Only an administrator may change letter templates.")
            for button in (self.save_button, self.reset_button):
                button.setEnabled(False)
                button.setToolTip(why)
            self.editor.setReadOnly(True)

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.language_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.cursorPositionChanged.connect(self._on_editor_cursor_moved)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.reference_edit.returnPressed.connect(self._on_preview_clicked)
        self.close_button.clicked.connect(self.reject)

    # ------------------------------------------------------------------ state

    def key(self) -> Key:
        return LetterKind(self.kind_combo.currentData()), str(self.language_combo.currentData())

    def set_choice(self, kind: LetterKind, language: str) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))

    def text(self) -> str:
        return self.editor.toPlainText()

    def is_edited_copy(self) -> bool:
        return self._saved[self.key()][1]

    def has_unsaved_changes(self) -> bool:
        self._keep_draft()
        return bool(self._drafts)

    def _keep_draft(self) -> None:
        if self._key is None or self._key not in self._saved:
            return
        text = self.text()
        if text != self._saved[self._key][0]:
            self._drafts[self._key] = text
        else:
            self._drafts.pop(self._key, None)

    def _load(self, key: Key, *, fresh: bool = False) -> None:
        """Show the template of key: a kept draft if there is one, else what the service holds."""
        if not fresh and key in self._saved:
            self._show(key)
            return
        kind, language = key
        service = self.service

        def loaded(saved: tuple[str, bool]) -> None:
            # What was typed while the template was on its way belongs to the one shown; a
            # fresh read (after a reset) replaces the text on purpose.
            if not fresh:
                self._keep_draft()
            self._saved[key] = saved
            if self.key() == key:
                self._show(key)

        ServiceOp(self, lambda: service.template_text(kind, language)).key("load").success(
            loaded
        ).failure(self._show_refusal).run()

    def _show_refusal(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.message_bar.show_message(refusal_text(exc))

    def _show(self, key: Key) -> None:
        self._key = key
        self.editor.blockSignals(True)
        self.editor.setPlainText(self._drafts.get(key, self._saved[key][0]))
        self.editor.blockSignals(False)
        self.editor.setExtraSelections([])
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_state()

    def _update_state(self) -> None:
        key = self._key or self.key()
        saved_text, edited = self._saved.get(key, ("", False))
        state = (
            _("In use: an edited copy saved by an administrator.")
            if edited
            else _("In use: the default shipped with the application.")
        )
        unsaved = self.text() != saved_text
        if unsaved:
            state += " " + _("Your changes are not saved yet.")
        self.state_label.setText(state)
        self.state_label.setStyleSheet(WARNING_STYLE if unsaved else MUTED_STYLE)
        may_change = self.actor.role in PERMISSIONS[Action.MANAGE_SETTINGS]
        self.save_button.setEnabled(may_change)
        self.reset_button.setEnabled(may_change and edited)
        self.preview_hint.setText(
            _(
                "The preview shows the text as it is in the editor, unsaved changes included: "
                "check and save them to use them in letters."
            )
            if unsaved
            else _("The preview fills the template from the case, or from an invented sample.")
        )
        self.preview_hint.setStyleSheet(WARNING_STYLE if unsaved else MUTED_STYLE)

    def _on_choice_changed(self) -> None:
        self._keep_draft()
        self.message_bar.clear_message()
        self._load(self.key())

    def _on_editor_text_changed(self) -> None:
        self._update_state()

    def _on_editor_cursor_moved(self) -> None:
        cursor = self.editor.textCursor()
        self.position_label.setText(
            _("Line {line}, column {column}").format(
                line=cursor.blockNumber() + 1, column=cursor.positionInBlock() + 1
            )
        )

    # ------------------------------------------------------------------ errors

    def error_line(self) -> int | None:
        selections = self.editor.extraSelections()
        return selections[0].cursor.blockNumber() + 1 if selections else None

    def _highlight_line(self, line: int) -> None:
        block = self.editor.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(ERROR_LINE_COLOUR)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        self.editor.setExtraSelections([selection])
        self.editor.setTextCursor(QTextCursor(block))
        self.editor.centerCursor()

    def _show_template_error(self, exc: TemplateError) -> None:
        details = []
        if exc.line and exc.field:
            details.append(
                _("Line {line}, field '{field}' (highlighted in the text):").format(
                    line=exc.line, field=exc.field
                )
            )
        elif exc.line:
            details.append(_("Line {line} (highlighted in the text):").format(line=exc.line))
        # The checker's own words name the template and what is wrong; they stay as written.
        details.append(exc.message)
        self.message_bar.show_message(
            _("The template was not saved; it is kept here as you typed it."), details
        )
        if exc.line:
            self._highlight_line(exc.line)
        self.editor.setFocus()

    # ------------------------------------------------------------------ actions

    def is_busy(self) -> bool:
        """A check, save, reset or preview is on its way (the dialog is held meanwhile)."""
        return bool(self.property("busy"))

    def _on_save_clicked(self) -> None:
        if self.is_busy():
            return
        key = self.key()
        kind, language = key
        text = self.text()
        self.editor.setExtraSelections([])
        self.message_bar.clear_message()
        service = self.service

        def done(_result: object) -> None:
            self._saved[key] = (text, True)
            self._drafts.pop(key, None)
            self._update_state()
            self.message_bar.show_message(
                _("Checked and saved: letters of this kind now use your text."), level="info"
            )
            self.template_saved.emit(kind.value, language)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, TemplateError):
                self._show_template_error(exc)
            else:
                self._show_refusal(exc)

        ServiceOp(self, lambda: service.save_template(kind, language, text)).block().success(
            done
        ).failure(failed).run()

    def _on_reset_clicked(self) -> None:
        kind, language = key = self.key()
        if self.is_busy() or not common.confirm(
            self,
            _("Reset to default"),
            _(
                "The edited copy of this template is deleted and letters use the text shipped "
                "with the application again. Reset the {kind} ({language})?"
            ).format(kind=kind_label(kind), language=_(dict(LANGUAGES)[language])),
            _("Reset to default"),
        ):
            return
        service = self.service

        def done(_result: object) -> None:
            self._drafts.pop(key, None)
            self._load(key, fresh=True)
            self.message_bar.show_message(
                _("Reset: letters of this kind use the default text again."), level="info"
            )
            self.template_reset.emit(kind.value, language)

        ServiceOp(self, lambda: service.reset_template(kind, language)).block().success(
            done
        ).failure(self._show_refusal).run()

    def _on_preview_clicked(self) -> None:
        if self.is_busy():
            return
        reference = self.reference_edit.text().strip()
        kind, language = self.key()
        service = self.service
        text = self.text()
        if reference:
            caption = _("{kind} ({language}) filled from {reference}").format(
                kind=kind_label(kind), language=_(dict(LANGUAGES)[language]), reference=reference
            )
        else:
            caption = _("{kind} ({language}) filled with an invented sample case").format(
                kind=kind_label(kind), language=_(dict(LANGUAGES)[language])
            )

        def done(pdf: bytes) -> None:
            self.preview.set_pdf(pdf, caption)

        def failed(exc: BaseException) -> None:
            self.preview.set_message(_("No preview: the letter was refused (see the message)."))
            self._show_refusal(exc)

        self.preview.set_message(_("Preparing the preview…"))
        ServiceOp(
            self, lambda: service.preview_template(kind, language, text, reference)
        ).block().success(done).failure(failed).run()

    # ------------------------------------------------------------------ closing

    def _may_close(self) -> bool:
        if self.is_busy():
            return False
        if not self.has_unsaved_changes():
            return True
        names = ", ".join(
            f"{kind_label(kind)} ({_(dict(LANGUAGES)[language])})"
            for kind, language in self._drafts
        )
        return common.confirm(
            self,
            _("Unsaved template changes"),
            _(
                "These templates have changes that are not saved: {names}. Close and lose them?"
            ).format(names=names),
            _("Close without saving"),
        )

    def reject(self) -> None:
        # QDialog's closeEvent and Esc both come here.
        if self._may_close():
            super().reject()
