"""A base dialog that remembers its geometry and handles Esc (cancel) and Ctrl+Enter (accept)."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget


class BaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, name: str = "dialog") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._settings_key = f"dialogs/{name}/geometry"
        geometry = QSettings().value(self._settings_key)
        if geometry is not None:
            self.restoreGeometry(geometry)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return
        super().keyPressEvent(event)

    def done(self, result: int) -> None:
        QSettings().setValue(self._settings_key, self.saveGeometry())
        super().done(result)
