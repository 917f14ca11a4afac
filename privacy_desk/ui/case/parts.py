"""Small pieces the case workspace's tabs share: table filling, text boxes, buttons, and how
saves in a row are chained (each starts once the one before was answered)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QTableWidget, QTableWidgetItem

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import CaseStatus, Labelled, RequestKind
from privacy_desk.i18n import label
from privacy_desk.services.dto import ActionState, CaseDetail

S = CaseStatus
Refusal = Callable[[DomainError], None]
Outcome = Callable[[bool], None]
"""Told once whether a save was made (True) or was refused, failed or could not start (False)."""
Step = Callable[[Outcome], bool]
"""Starts one save; False when it could not start (its form says why), else the Outcome follows."""
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
    # The prompt says what the field is: also for a screen reader once something is typed.
    edit.setAccessibleName(placeholder)
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


def in_turn(steps: Sequence[Step], then: Outcome | None = None) -> bool:
    """Start the saves one after another, each once the one before succeeded.

    A later save needs the case version the earlier one's answer brought, so they can not run
    side by side. Returns whether the first one started; if it did, `then` hears once whether
    all of them succeeded (False at the first one refused or unable to start).
    """
    if not steps:
        return False
    rest = steps[1:]

    def after(ok: bool) -> None:
        if ok and rest:
            if in_turn(rest, then):
                return
            ok = False
        if then is not None:
            then(ok)

    return steps[0](after)


class CaseTab(Protocol):
    """What the workspace asks of each of its tabs."""

    def show_detail(self, detail: CaseDetail) -> None: ...

    def has_unsaved_changes(self) -> bool: ...

    def save_pending(self, then: Outcome | None = None) -> bool:
        """Start saving what was typed; the same promise as a Step."""
        ...


if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from privacy_desk.services.cases import CaseService

    # For the type checker a mixin is the widget it is mixed into (CaseWorkspace).
    _Widget = QWidget
else:
    _Widget = object


class WorkspaceMixin(_Widget):
    """Base of CaseWorkspace's mixins (header, action panels): what they use of the workspace,
    declared once for the type checker; at run time a plain object."""

    if TYPE_CHECKING:
        case_id: int
        service: CaseService
        detail: CaseDetail | None

        def state(self, action: Action) -> ActionState: ...
        def perform(
            self,
            call: Callable[[int], object],
            refused: Refusal | None = None,
            done: Callable[[], None] | None = None,
            then: Outcome | None = None,
        ) -> bool: ...
