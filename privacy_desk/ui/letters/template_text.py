"""The text box of the template editor: a plain-text editor for Jinja templates.

Fixed-width (Japanese lines fall back to the application's font), no wrapping, Tab moves the
focus on. It highlights a refused line, replaces its whole text as one undoable edit (the reset
to the shipped template) and inserts a field where the cursor is.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from privacy_desk.i18n import _
from privacy_desk.ui.text_limits import limit_text

ERROR_LINE_COLOUR = QColor("#fbe3e4")


class TemplateTextEdit(QPlainTextEdit):
    """The words of one letter template, as the administrator edits them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template_text")
        self.setAccessibleName(_("Template text"))
        limit_text(self, "letter template")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setFamilies([font.family(), self.font().family()])
        self.setFont(font)
        self.setTabChangesFocus(True)

    def show_text(self, text: str) -> None:
        """Show another template: no signal, no highlight, the cursor at the start."""
        self.blockSignals(True)
        self.setPlainText(text)
        self.blockSignals(False)
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def replace_all(self, text: str) -> None:
        """Replace the whole text as one edit, so Ctrl+Z brings the previous text back."""
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.setFocus()

    def insert_field(self, placeholder: str) -> None:
        """Write a field at the cursor (one undoable edit) and give the text the focus."""
        if self.isReadOnly():
            return
        self.insertPlainText(placeholder)
        self.setFocus()

    def position_text(self) -> str:
        cursor = self.textCursor()
        return _("Line {line}, column {column}").format(
            line=cursor.blockNumber() + 1, column=cursor.positionInBlock() + 1
        )

    def error_line(self) -> int | None:
        """The highlighted (refused) line, counted from 1."""
        selections = self.extraSelections()
        return selections[0].cursor.blockNumber() + 1 if selections else None

    def highlight_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(ERROR_LINE_COLOUR)
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        self.setExtraSelections([selection])
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()
