"""The reports screen: the board's figures as tables and charts, saved as CSV or PDF."""

from privacy_desk.ui.reports.window import ReportsWindow

__all__ = ["ReportsWindow"]
