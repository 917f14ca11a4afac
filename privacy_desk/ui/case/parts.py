"""Small pieces the case workspace's tabs share: table filling, text boxes, buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import CaseStatus, Labelled, RequestKind
from privacy_desk.i18n import label
from privacy_desk.services.dto import ActionState

S = CaseStatus
Refusal = Callable[[DomainError], None]
DISCLOSURE_KINDS = (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS)


def enum_label(enum: type[Labelled], value: object) -> str:
    try:
        return label(enum(str(value)))
    except ValueError:
        return str(value)


def fill_rows(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value if len(value) > 40 else "")
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def plain_edit(placeholder: str = "", height: int = 60, name: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setPlaceholderText(placeholder)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(int(height * 1.6))
    if name:
        edit.setObjectName(name)
    return edit


def make_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


CLOSED = ActionState(visible=False, enabled=False)
"""The state of an action while no case is shown."""


def show_state(button: QPushButton, state: ActionState) -> None:
    """Open or close a button as the service said; a closed one tells why in its tooltip."""
    button.setEnabled(state.enabled)
    button.setToolTip("" if state.enabled else state.reason)
