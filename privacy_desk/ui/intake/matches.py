"""Likely earlier cases of the person being typed in an intake, beside the form.

While a name, kana, birth date or phone number is typed, the service looks for earlier cases of
the same person (`ServiceOp` with the key "search": a newer search makes an older answer stale).
They can be ticked to link the new case to them, and one can be chosen to reuse its person.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import N_, _, label
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import SimilarCase
from privacy_desk.ui.errors import message_for
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import format_day, read_only_table

_MATCH_WORDS = {
    "name": N_("name"),
    "birth date": N_("birth date"),
    "phone": N_("phone"),
    "address": N_("address"),
    "email": N_("email"),
}


class EarlierCasesPanel(QWidget):
    """The earlier cases found for the requester or the data subject, to link or to reuse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("similar_panel")
        self.side = "requester"
        self.cases: list[SimilarCase] = []
        self._linked_ids: set[int] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        self.title_label = QLabel(_("Earlier cases of the same person"))
        self.title_label.setStyleSheet("font-weight: 600;")
        self.hint_label = QLabel(
            _("Type a name or kana: likely earlier cases appear here. Tick them to link.")
        )
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #5f6368;")
        self.table = read_only_table(
            [_("Link"), _("Case"), _("Person"), _("Matched on")],
            "similar_cases",
            title=_("Earlier cases of the same person"),
            stretch=2,
            single=True,
        )
        self.use_person_button = QPushButton(_("&Use this person"))
        self.use_person_button.setObjectName("use_person")
        self.use_person_button.setEnabled(False)
        self.use_person_button.setToolTip(
            _("Reuse the earlier record of the selected case's person instead of a new one")
        )
        self.forget_person_button = QPushButton(_("Enter as a &new person"))
        self.forget_person_button.setObjectName("forget_person")
        self.forget_person_button.hide()
        self.linked_label = QLabel()
        self.linked_label.setObjectName("linked_label")
        layout.addWidget(self.title_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.linked_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_person_button)
        buttons.addWidget(self.forget_person_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.table.itemChanged.connect(self._on_table_item_changed)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)

    def search(
        self,
        service: CaseService,
        side: str,
        name: str,
        kana: str,
        birth_date: date | None,
        phone: str,
        email: str = "",
    ) -> None:
        """Look for earlier cases in the background; only the newest search's answer is shown."""

        def search() -> list[SimilarCase]:
            return service.similar_cases(
                name=name, kana=kana, birth_date=birth_date, phone=phone, email=email
            )

        ServiceOp(self, search).key("search").success(
            lambda cases: self.show_cases(cases, side)
        ).failure(self._on_search_failed).run()

    def _on_search_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.hint_label.setText(
                _("Earlier cases could not be searched: {why}").format(why=message_for(exc))
            )

    def show_cases(self, cases: list[SimilarCase], side: str) -> None:
        self.side = side
        self.cases = cases
        self._linked_ids &= {c.case_id for c in cases}
        self.title_label.setText(
            _("Earlier cases of the same person")
            if side == "requester"
            else _("Earlier cases of the same data subject")
        )
        if cases:
            self.hint_label.setText(
                _("{n} likely earlier cases. Tick to link; select one to reuse its person.").format(
                    n=len(cases)
                )
            )
        else:
            self.hint_label.setText(_("No earlier case of this person was found."))
        table = self.table
        table.blockSignals(True)
        table.setRowCount(len(cases))
        for row, case in enumerate(cases):
            link = QTableWidgetItem()
            link.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsSelectable
            )
            link.setCheckState(
                Qt.CheckState.Checked
                if case.case_id in self._linked_ids
                else Qt.CheckState.Unchecked
            )
            link.setData(Qt.ItemDataRole.UserRole, case.case_id)
            link.setToolTip(_("Link the new case to {reference}").format(reference=case.reference))
            table.setItem(row, 0, link)
            reference = QTableWidgetItem(
                f"{case.reference}\n{format_day(case.received_at)}\n{label(case.status)}"
            )
            table.setItem(row, 1, reference)
            born = (
                _("born {date}").format(date=format_day(case.birth_date)) if case.birth_date else ""
            )
            person = "\n".join(t for t in (case.name, case.kana, born) if t)
            table.setItem(row, 2, QTableWidgetItem(person))
            why = "\n".join(_(_MATCH_WORDS.get(m, m)) for m in case.matched_on)
            table.setItem(row, 3, QTableWidgetItem(why))
        table.resizeRowsToContents()
        table.blockSignals(False)
        self._update_linked_label()
        self._on_table_selection_changed()

    def _on_table_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._linked_ids.add(case_id)
        else:
            self._linked_ids.discard(case_id)
        self._update_linked_label()

    def _update_linked_label(self) -> None:
        references = [c.reference for c in self.cases if c.case_id in self._linked_ids]
        self.linked_label.setText(
            _("Will be linked to: {refs}").format(refs=", ".join(references)) if references else ""
        )

    def _on_table_selection_changed(self) -> None:
        self.use_person_button.setEnabled(self.selected() is not None)

    def selected(self) -> SimilarCase | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.cases):
            return None
        return self.cases[rows[0].row()]

    def set_linked(self, case_ids: set[int]) -> None:
        """Tick the given earlier cases (as a user would) for linking."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is None:
                continue
            checked = item.data(Qt.ItemDataRole.UserRole) in case_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def linked_case_ids(self) -> tuple[int, ...]:
        return tuple(sorted(self._linked_ids))
