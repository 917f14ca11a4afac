"""The History tab: the case's audit trail, read aloud. Never personal values."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import N_, _
from privacy_desk.services.dto import (
    CaseDetail,
)
from privacy_desk.ui.case.parts import (
    fill_rows,
)
from privacy_desk.ui.widgets import (
    format_moment,
    read_only_table,
)

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


ACTION_LABELS: dict[str, str] = {
    "intake": N_("Case logged"),
    "add_contact": N_("Contact added"),
    "edit_case": N_("Case details edited"),
    "confirm_identity": N_("Identity check recorded"),
    "take": N_("Case taken"),
    "assign": N_("Case assigned"),
    "add_note": N_("Note added"),
    "add_task": N_("Task added"),
    "complete_task": N_("Task ticked"),
    "start_investigation": N_("Investigation started"),
    "pause": N_("Clock paused"),
    "resume": N_("Clock resumed"),
    "extend": N_("Deadline extended"),
    "record_decision": N_("Decision recorded"),
    "record_fee": N_("Fee recorded"),
    "propose": N_("Decision proposed"),
    "approve": N_("Decision approved"),
    "send_back": N_("Decision sent back"),
    "issue_letter": N_("Letter issued"),
    "record_notice_sent": N_("Notice recorded as sent"),
    "close": N_("Case closed"),
    "withdraw": N_("Case withdrawn"),
    "close_unconfirmed": N_("Closed: identity not confirmed"),
    "reopen": N_("Case reopened"),
    "link_cases": N_("Cases linked"),
    "reveal_name": N_("Name revealed"),
}
FIELD_LABELS: dict[str, str] = {
    "summary": N_("summary"),
    "letter_language": N_("letter language"),
    "large_print": N_("large print"),
    "name": N_("name"),
    "kana": N_("kana"),
    "birth_date": N_("date of birth"),
    "postal_code": N_("postal code"),
    "address": N_("address"),
    "phone": N_("phone"),
    "fax": N_("fax"),
    "email": N_("email"),
    "organisation": N_("organisation"),
}


class HistoryTab(QWidget):
    """The case's audit trail, read aloud: who did what, when. Never personal values."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [_("When"), _("Who"), _("What"), _("Details")], "history_table"
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
                    _(ACTION_LABELS.get(h.action, h.action.replace("_", " "))),
                    ws.describe_detail(h.action, h.detail),
                ]
                for h in reversed(detail.history)
            ],
        )

    def has_unsaved_changes(self) -> bool:
        return False

    def save_pending(self) -> bool:
        return False
