"""The History tab: the case's audit trail, in the words the service gave each entry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from privacy_desk.i18n import _
from privacy_desk.services.dto import CaseDetail
from privacy_desk.ui.case.parts import Outcome, fill_rows
from privacy_desk.ui.widgets import format_moment, read_only_table

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


class HistoryTab(QWidget):
    """The case's audit trail, read aloud: who did what, when. Never personal values."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [_("When"), _("Who"), _("What"), _("Details")], "history_table", title=_("History")
        )
        layout.addWidget(self.table)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        fill_rows(
            self.table,
            [
                [
                    format_moment(h.at),
                    ws.person_name(h.actor),
                    h.what,
                    h.text,
                ]
                for h in reversed(detail.history)
            ],
        )

    def has_unsaved_changes(self) -> bool:
        return False

    def save_pending(self, then: Outcome | None = None) -> bool:
        return False
