"""The case workspace package: one module per tab, the action panels, and the workspace itself."""

from privacy_desk.ui.case.workspace import CaseWorkspace

__all__ = ["CaseWorkspace"]
