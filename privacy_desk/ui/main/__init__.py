"""The main window and what belongs to it alone: actions, dashboard, filters, case table model."""

from privacy_desk.ui.main.window import MainWindow

__all__ = ["MainWindow"]
