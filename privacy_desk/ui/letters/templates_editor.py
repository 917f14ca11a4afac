"""The letter template editor, for administrators: read, change, check, save or reset a template.

One template per kind of letter and language. The editor shows whether the text in use is the
one shipped with the application or an administrator's edited copy. "Check and save" has the
service fill the text with invented cases first: a template that names an unknown field or does
not compile is refused with its line, highlighted here, and the text stays as typed. Edits of
other kinds and languages are kept while the dialog is open, so switching loses nothing.

Beside the text, the fields the template may use (`template_fields`); choosing one inserts it at
the cursor. The preview fills the text as it stands in the editor (saved or not) from a case
typed or picked from the recent ones, or from an invented sample case, and shows it in a window
of its own (`template_preview`).

"Reset to the shipped template" puts the shipped text in the editor as one edit, undone with
Ctrl+Z; saving it then deletes the office's edited copy (an audited reset), so nothing is lost
before the administrator saves.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.i18n import _, sentences
from privacy_desk.letters import LetterKind, TemplateError, default_template_text
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.letters import LetterService
from privacy_desk.services.queues import QueueService
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.letters import common
from privacy_desk.ui.letters.common import LANGUAGES, MUTED_STYLE, kind_label
from privacy_desk.ui.letters.template_fields import TemplateFieldsPanel
from privacy_desk.ui.letters.template_preview import CaseChooser, TemplatePreviewWindow
from privacy_desk.ui.letters.template_text import TemplateTextEdit
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.preferences import DIALOG_GEOMETRY
from privacy_desk.ui.widgets import MessageBar, refusal_text

Key = tuple[LetterKind, str]
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
        self.case_chooser.load_recent(QueueService(context, actor))
        if DIALOG_GEOMETRY.read(name="templates_editor") is None:
            self._fit_screen()

    def _fit_screen(self) -> None:
        """A first size that leaves room on a 1366 × 768 screen (its task bar included)."""
        screen = self.screen()
        room = screen.availableGeometry() if screen is not None else None
        width = min(1200, room.width() - 40) if room is not None else 1200
        height = min(760, room.height() - 40) if room is not None else 700
        self.resize(width, height)

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("template_kind")
        self.kind_combo.setAccessibleName(_("Letter"))
        for kind in LetterKind:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("template_language")
        self.language_combo.setAccessibleName(_("Language"))
        for code, name in LANGUAGES:
            self.language_combo.addItem(_(name), code)
        self.state_label = QLabel()
        self.state_label.setObjectName("template_state")
        self.state_label.setWordWrap(True)
        kind_label_widget = QLabel(_("&Letter"))
        kind_label_widget.setBuddy(self.kind_combo)
        language_label_widget = QLabel(_("Lan&guage"))
        language_label_widget.setBuddy(self.language_combo)
        top = QHBoxLayout()
        top.addWidget(kind_label_widget)
        top.addWidget(self.kind_combo)
        top.addWidget(language_label_widget)
        top.addWidget(self.language_combo)
        top.addSpacing(12)
        top.addWidget(self.state_label, 1)

        self.message_bar = MessageBar()
        self.editor = TemplateTextEdit()
        text_label = QLabel(_("Te&mplate text"))
        text_label.setBuddy(self.editor)
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
        editor_layout.addWidget(text_label)
        editor_layout.addWidget(self.editor, 1)
        editor_layout.addWidget(self.position_label)
        editor_layout.addWidget(help_label)

        self.fields_panel = TemplateFieldsPanel()
        self.fields_panel.shipped_only.setChecked(True)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("template_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(editor_box)
        self.splitter.addWidget(self.fields_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([700, 480])

        self.case_chooser = CaseChooser()
        self.reference_edit = self.case_chooser.reference_edit
        case_label = QLabel(_("&Case"))
        case_label.setBuddy(self.case_chooser)
        self.preview_button = QPushButton(_("Pre&view"))
        self.preview_button.setObjectName("preview_button")
        self.preview_button.setToolTip(
            _("Fill the text in the editor from the case (or the sample) and show the letter")
        )
        self.preview_hint = QLabel()
        self.preview_hint.setObjectName("preview_hint")
        self.preview_hint.setWordWrap(True)
        self.preview_window = TemplatePreviewWindow(self)
        self.preview = self.preview_window.preview
        self.preview.clear(_("Choose a case, or none for the sample, and press Preview."))
        preview_row = QHBoxLayout()
        preview_row.addWidget(case_label)
        preview_row.addWidget(self.case_chooser, 2)
        preview_row.addWidget(self.preview_button)
        preview_row.addWidget(self.preview_hint, 3)

        self.save_button = QPushButton(_("Check and &save"))
        self.save_button.setObjectName("save_button")
        self.reset_button = QPushButton(_("&Reset to the shipped template…"))
        self.reset_button.setObjectName("reset_button")
        self.reset_button.setToolTip(
            _(
                "Put the text shipped with the application in the editor; saving it replaces "
                "the office's edited copy"
            )
        )
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("close_button")
        # No default button: Enter in the case field previews, in the field list inserts.
        for button in (self.save_button, self.preview_button, self.reset_button, self.close_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.reset_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(preview_row)
        layout.addLayout(buttons)

        if self.actor.role not in PERMISSIONS[Action.MANAGE_SETTINGS]:
            why = _("Only an administrator may change letter templates.")
            for button in (self.save_button, self.reset_button):
                button.setEnabled(False)
                button.setToolTip(why)
            self.editor.setReadOnly(True)
            self.fields_panel.insert_button.setEnabled(False)

    def _connect(self) -> None:
        self.kind_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.language_combo.currentIndexChanged.connect(self._on_choice_changed)
        self.editor.textChanged.connect(self._on_editor_text_changed)
        self.editor.cursorPositionChanged.connect(self._on_editor_cursor_moved)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.reset_button.clicked.connect(self._on_reset_clicked)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.reference_edit.returnPressed.connect(self._on_preview_clicked)
        self.fields_panel.field_chosen.connect(self.editor.insert_field)
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
        self.fields_panel.set_letter(*key)
        self.editor.show_text(self._drafts.get(key, self._saved[key][0]))
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
            state = sentences(state, _("Your changes are not saved yet."))
        self.state_label.setText(state)
        self.state_label.setStyleSheet(WARNING_STYLE if unsaved else MUTED_STYLE)
        may_change = self.actor.role in PERMISSIONS[Action.MANAGE_SETTINGS]
        self.save_button.setEnabled(may_change)
        shipped = self.shipped_text(key)
        # Open while the editor holds other words than the shipped ones, or while a saved
        # copy happens to repeat them (saving then deletes it).
        resettable = self.text() != shipped or (edited and saved_text == shipped)
        self.reset_button.setEnabled(may_change and resettable)
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
        self.position_label.setText(self.editor.position_text())

    # ------------------------------------------------------------------ errors

    def error_line(self) -> int | None:
        return self.editor.error_line()

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
            self.editor.highlight_line(exc.line)
        self.editor.setFocus()

    # ------------------------------------------------------------------ actions

    def is_busy(self) -> bool:
        """A check, save, reset or preview is on its way (the dialog is held meanwhile)."""
        return bool(self.property("busy"))

    def shipped_text(self, key: Key | None = None) -> str:
        """The template shipped with the application for key (the chosen letter by default)."""
        kind, language = key or self.key()
        return default_template_text(kind.value, language)

    def _on_save_clicked(self) -> None:
        if self.is_busy():
            return
        key = self.key()
        kind, language = key
        text = self.text()
        self.editor.setExtraSelections([])
        self.message_bar.clear_message()
        if text == self.shipped_text(key):
            self._save_shipped(key)
            return
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

    def _save_shipped(self, key: Key) -> None:
        """Saving the shipped text: the office's edited copy, if any, is deleted (audited)."""
        kind, language = key
        if not self._saved.get(key, ("", False))[1]:
            self._drafts.pop(key, None)
            self._update_state()
            self.message_bar.show_message(
                _("This is the shipped template, already in use: there is nothing to save."),
                level="info",
            )
            return
        service = self.service

        def done(_result: object) -> None:
            self._saved[key] = (self.shipped_text(key), False)
            self._drafts.pop(key, None)
            self._update_state()
            self.message_bar.show_message(
                _(
                    "Saved: the office's edited copy is deleted and letters of this kind use "
                    "the shipped template again."
                ),
                level="info",
            )
            self.template_reset.emit(kind.value, language)

        ServiceOp(self, lambda: service.reset_template(kind, language)).block().success(
            done
        ).failure(self._show_refusal).run()

    def _on_reset_clicked(self) -> None:
        key = self.key()
        kind, language = key
        if self.is_busy() or not self.reset_button.isEnabled():
            return
        which = _("{kind} ({language})").format(
            kind=kind_label(kind), language=_(dict(LANGUAGES)[language])
        )
        if self.is_edited_copy():
            question = _(
                "Reset the {which} to the shipped template?\n\nThe office's edited copy will "
                "be replaced by the text shipped with the application when you check and save. "
                "Until then, Ctrl+Z in the text brings the edited copy back, and closing without "
                "saving keeps it."
            ).format(which=which)
        else:
            question = _(
                "Put the shipped template of the {which} back in the editor?\n\nYour changes "
                "that are not saved are replaced; Ctrl+Z in the text brings them back."
            ).format(which=which)
        if not common.confirm(
            self, _("Reset to the shipped template"), question, _("Reset to the shipped template")
        ):
            return
        self.editor.replace_all(self.shipped_text(key))  # Ctrl+Z undoes it
        if self.is_edited_copy():
            self.message_bar.show_message(
                _(
                    "The shipped template is in the editor. Check and save to replace the "
                    "office's edited copy; Ctrl+Z brings the edited copy back."
                ),
                level="warning",
            )
        else:
            self.message_bar.show_message(
                _("The shipped template is in the editor again."), level="info"
            )

    def _on_preview_clicked(self) -> None:
        if self.is_busy():
            return
        reference = self.case_chooser.reference()
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
            self.preview_window.setWindowTitle(caption)
            self.preview_window.show_beside(self)

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
            self.preview_window.hide()
            super().reject()
