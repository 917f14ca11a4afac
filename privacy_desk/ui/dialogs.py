"""A base dialog that remembers its geometry and handles Esc (cancel) and Ctrl+Enter (accept)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from privacy_desk.ui.preferences import DIALOG_GEOMETRY


class BaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, name: str = "dialog") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._geometry_name = name
        geometry = DIALOG_GEOMETRY.read(name=name)
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
        DIALOG_GEOMETRY.write(self.saveGeometry(), name=self._geometry_name)
        super().done(result)

    def grow_to_fit(self) -> None:
        """Grow (never shrink) to show every wrapped line, after a text was shown in it."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        height = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        self.resize(width, max(height, self.sizeHint().height(), self.height()))
