"""The register of a case's letters: what was issued, by whom, its fingerprint, how it left.

`LetterRegister` lists the issued letters (number, kind, language, when, by whom, the start of
the SHA-256, how, tracking number and when it was sent) with the buttons for the selected one:
show, print (reprint once printed or dispatched), save, record dispatch. What those buttons do is the panel's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import _, label
from privacy_desk.services.dto import CaseDetail, LetterData
from privacy_desk.ui.letters.common import MUTED_STYLE, kind_label, language_label
from privacy_desk.ui.widgets import format_day, format_moment, read_only_table


class LetterRegister(QGroupBox):
    """The letters issued on one case, newest last, and the buttons for the one selected."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Letters issued"), parent)
        self._letters: tuple[LetterData, ...] = ()
        self.table = read_only_table(
            [
                _("No."),
                _("Letter"),
                _("Language"),
                _("Issued (Japan time)"),
                _("Issued by"),
                _("SHA-256"),
                _("Sent by"),
                _("Tracking no."),
                _("Sent on"),
            ],
            "letter_register",
            stretch=1,
            single=True,
        )
        self.empty_label = QLabel(_("No letter has been issued on this case yet."))
        self.empty_label.setStyleSheet(MUTED_STYLE + " padding: 8px;")
        self.show_button = QPushButton(_("&Show"))
        self.show_button.setToolTip(_("Show the letter exactly as it was issued"))
        # "Print" until the letter was printed or dispatched, then "Reprint" (update_buttons).
        self.reprint_button = QPushButton(_("&Print…"))
        self.print_button = self.reprint_button
        self.save_button = QPushButton(_("Save as &PDF…"))
        self.save_button.setToolTip(_("Save the issued letter as a PDF file"))
        self.dispatch_button = QPushButton(_("Record &dispatch…"))
        self.dispatch_button.setToolTip(_("Record how and when the letter was sent"))
        buttons = QHBoxLayout()
        for name, button in (
            ("show_button", self.show_button),
            ("reprint_button", self.reprint_button),
            ("save_button", self.save_button),
            ("dispatch_button", self.dispatch_button),
        ):
            button.setObjectName(name)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)

    def fill(self, detail: CaseDetail, names: dict[str, str]) -> None:
        """List the case's letters, keeping the selected one selected (else the newest)."""
        selected = self.selected_letter()
        keep_id = selected.id if selected else None
        self._letters = detail.letters
        self.table.setRowCount(len(detail.letters))
        for row, letter in enumerate(detail.letters):
            values = [
                str(letter.number),
                kind_label(letter.kind),
                language_label(letter.language),
                format_moment(letter.issued_at),
                names.get(letter.issued_by, letter.issued_by),
                letter.sha256[:12],
                label(letter.dispatch_method) if letter.dispatch_method else _("not sent yet"),
                letter.tracking_number,
                format_day(letter.dispatched_on),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, letter.id)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if column == 5:
                    item.setToolTip(letter.sha256)
                self.table.setItem(row, column, item)
        has_letters = bool(detail.letters)
        self.table.setVisible(has_letters)
        self.empty_label.setVisible(not has_letters)
        row = next((i for i, lt in enumerate(detail.letters) if lt.id == keep_id), -1)
        if row < 0 and has_letters:
            row = len(detail.letters) - 1
        if row >= 0:
            self.table.selectRow(row)

    def selected_letter(self) -> LetterData | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        if item is None:
            return None
        letter_id = item.data(Qt.ItemDataRole.UserRole)
        return next((lt for lt in self._letters if lt.id == letter_id), None)

    def select_letter(self, number: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.text() == str(number):
                self.table.selectRow(row)
                return

    def update_buttons(self, may_issue: bool, printed: frozenset[int] = frozenset()) -> None:
        """printed: the letters sent to a printer from this screen (a dispatched one was too)."""
        letter = self.selected_letter()
        for button in (self.show_button, self.reprint_button, self.save_button):
            button.setEnabled(letter is not None)
        self.dispatch_button.setEnabled(letter is not None and may_issue)
        again = letter is not None and (letter.id in printed or letter.dispatch_method is not None)
        if again:
            self.reprint_button.setText(_("&Reprint…"))
            self.reprint_button.setToolTip(_("Print the letter again, exactly as it was issued"))
        else:
            self.reprint_button.setText(_("&Print…"))
            self.reprint_button.setToolTip(_("Print the letter exactly as it was issued"))

    def is_reprint(self) -> bool:
        """The print button offers a reprint (the selected letter was printed or dispatched)."""
        return self.reprint_button.text() == _("&Reprint…")
