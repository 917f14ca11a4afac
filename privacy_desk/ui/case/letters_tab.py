"""The Letters tab: the case's letters through the shared LettersPanel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from privacy_desk.services.dto import CaseDetail
from privacy_desk.ui.case.parts import Outcome
from privacy_desk.ui.letters import LettersPanel

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


class LettersTab(QWidget):
    """The letters of the case: register, preview, issue, reprint and dispatch (LettersPanel)."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.panel: LettersPanel | None = None

    def show_detail(self, detail: CaseDetail) -> None:
        if self.panel is None:
            ws = self.workspace
            self.panel = LettersPanel(ws.context, ws.actor, ws.case_id, self, detail=detail)
            self.panel.letters_changed.connect(self._on_panel_letters_changed)
            self.layout_.addWidget(self.panel)
        else:
            self.panel.show_detail(detail)

    def _on_panel_letters_changed(self, _case_id: int) -> None:
        # Issuing or dispatching changed the case (version, status, contacts): show it everywhere.
        self.workspace.reload()
        self.workspace.case_changed.emit(self.workspace.case_id)

    def has_unsaved_changes(self) -> bool:
        return False

    def save_pending(self, then: Outcome | None = None) -> bool:
        return False
