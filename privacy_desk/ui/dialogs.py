"""A base dialog that remembers its geometry and handles Esc (cancel) and Ctrl+Enter (accept),
and `fit_to_screen`, the one way a window takes a size: what it would like, within the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from privacy_desk.ui.preferences import DIALOG_GEOMETRY

# Room a window manager takes above a window for its title bar (the screen's available area
# already leaves out the task bar).
TITLE_BAR = 32


def available_area(widget: QWidget) -> QRect:
    """The part of the widget's screen a window may use (less the task bar)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fit_to_screen(widget: QWidget, width: int, height: int, area: QRect | None = None) -> None:
    """Give a window the size it would like, but never more than the screen shows (a 1366x768
    desktop has about 1366x728 less a title bar): what does not fit scrolls inside it."""
    area = area or available_area(widget)
    widget.resize(min(width, area.width()), min(height, area.height() - TITLE_BAR))


def keep_on_screen(widget: QWidget, area: QRect | None = None) -> None:
    """A size restored from an earlier, bigger screen shrinks to this one."""
    fit_to_screen(widget, widget.width(), widget.height(), area)


class BaseDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, name: str = "dialog") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._geometry_name = name
        geometry = DIALOG_GEOMETRY.read(name=name)
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)

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
        fit_to_screen(self, width, max(height, self.sizeHint().height(), self.height()))
