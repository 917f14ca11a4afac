"""The screens' side of the typed-text limits declared once in the domain (domain/text_fields).

`limit_text(edit, code)` gives a one-line field the maximum length of its field code, and a
multi-line box a counter in its lower right corner ("1,234 / 2,000"), shown once the text passes
four fifths of the limit and red beyond it (the service refuses such a text with a message that
names the field; the box never cuts what was typed or pasted).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit

from privacy_desk.domain.text_fields import max_length
from privacy_desk.i18n import _

SHOW_FROM = 0.8  # the counter appears once the text is this share of the limit


class CharacterCounter(QLabel):
    """'n / limit' over the lower right corner of a multi-line box."""

    def __init__(self, edit: QPlainTextEdit, limit: int) -> None:
        super().__init__(edit)
        self.setObjectName("character_counter")
        self.edit = edit
        self.limit = limit
        self.setAutoFillBackground(True)
        edit.textChanged.connect(self.update_count)
        edit.installEventFilter(self)
        self.update_count()

    def count(self) -> int:
        return len(self.edit.toPlainText().strip())

    def over(self) -> bool:
        return self.count() > self.limit

    def update_count(self) -> None:
        count = self.count()
        self.setText(_("{count:,} / {limit:,}").format(count=count, limit=self.limit))
        self.setStyleSheet("color: #b00020; font-weight: bold;" if count > self.limit else "")
        self.setToolTip(
            _("At most {limit:,} characters.").format(limit=self.limit) if count else ""
        )
        self.setVisible(count >= self.limit * SHOW_FROM)
        self._place()

    def _place(self) -> None:
        self.adjustSize()
        self.move(
            max(0, self.edit.width() - self.width() - 18),
            max(0, self.edit.height() - self.height() - 4),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.Resize:
            self._place()
        return super().eventFilter(watched, event)


def limit_text(edit: QLineEdit | QPlainTextEdit, code: str) -> QLineEdit | QPlainTextEdit:
    """Give the field its declared limit: a maximum length, or a counter on a multi-line box."""
    limit = max_length(code)
    if isinstance(edit, QLineEdit):
        edit.setMaxLength(limit)
    else:
        edit.setProperty("max_length", limit)
        # Held by the box too: a wrapper kept alive by its Qt parent alone can be collected,
        # and its event filter then runs without its attributes.
        edit.character_counter = CharacterCounter(edit, limit)  # type: ignore[attr-defined]
    return edit
