"""The kinds of request an intake records, each a check box with what exactly is asked.

`KIND_ORDER` is the order staff meet requests in: rights requests first, then questions and
complaints. `MeasureFields` is one kind: its box and, once ticked, its details (the disclosure
method, the suspension grounds, the recipient a third-party stop is about).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QFrame, QLineEdit, QVBoxLayout, QWidget

from privacy_desk.domain.vocabulary import (
    DisclosureMethod,
    RequestKind,
    SuspensionGround,
    ThirdPartyStopGround,
)
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import MeasureForm
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import EnumChecks, EnumCombo

# The order staff meet requests in: rights requests first, then questions and complaints.
KIND_ORDER = (
    RequestKind.DISCLOSURE,
    RequestKind.CORRECTION,
    RequestKind.SUSPENSION,
    RequestKind.THIRD_PARTY_STOP,
    RequestKind.PROVISION_RECORDS,
    RequestKind.PURPOSE_NOTICE,
    RequestKind.INQUIRY,
    RequestKind.COMPLAINT,
    RequestKind.QUESTION,
    RequestKind.OPINION,
    RequestKind.CONCERN,
    RequestKind.COOKIE_QUESTION,
)
_DISCLOSURE_KINDS = (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS)


class MeasureFields(QWidget):
    """One kind of request: its check box and, once ticked, what exactly is asked."""

    toggled = Signal()

    def __init__(self, kind: RequestKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.check = QCheckBox(label(kind))
        self.check.setObjectName(f"kind_{kind.value}")
        layout.addWidget(self.check)
        self.details = QFrame()
        self.details.setObjectName(f"kind_details_{kind.value}")
        form = QFormLayout(self.details)
        form.setContentsMargins(24, 0, 0, 6)
        self.requested = QLineEdit()
        self.requested.setObjectName(f"requested_{kind.value}")
        limit_text(self.requested, "request text")
        self.requested.setPlaceholderText(_("What exactly is asked (optional)"))
        form.addRow(_("Asked for"), self.requested)
        self.method: EnumCombo[DisclosureMethod] | None = None
        self.grounds: EnumChecks[SuspensionGround] | None = None
        self.recipient: QLineEdit | None = None
        self.stop_grounds: EnumChecks[ThirdPartyStopGround] | None = None
        if kind in _DISCLOSURE_KINDS:
            self.method = EnumCombo(DisclosureMethod, _("— not said —"))
            self.method.setObjectName(f"method_{kind.value}")
            form.addRow(_("Method requested"), self.method)
        if kind is RequestKind.SUSPENSION:
            self.grounds = EnumChecks(list(SuspensionGround))
            self.grounds.setObjectName("suspension_grounds")
            form.addRow(_("Grounds claimed"), self.grounds)
        if kind is RequestKind.THIRD_PARTY_STOP:
            self.recipient = QLineEdit()
            self.recipient.setObjectName("third_party_recipient")
            limit_text(self.recipient, "third-party recipient")
            self.recipient.setPlaceholderText(_("Who should no longer receive the data"))
            form.addRow(_("Recipient"), self.recipient)
            self.stop_grounds = EnumChecks(list(ThirdPartyStopGround))
            self.stop_grounds.setObjectName("third_party_grounds")
            form.addRow(_("Grounds claimed"), self.stop_grounds)
        layout.addWidget(self.details)
        self.details.setVisible(False)
        self.check.toggled.connect(self._on_check_toggled)

    def _on_check_toggled(self, checked: bool) -> None:
        self.details.setVisible(checked)
        self.toggled.emit()

    def measure_form(self) -> MeasureForm:
        return MeasureForm(
            kind=self.kind,
            requested=self.requested.text().strip(),
            method_requested=self.method.value() if self.method else None,
            suspension_grounds=self.grounds.values() if self.grounds else (),
            third_party_recipient=self.recipient.text().strip() if self.recipient else "",
            third_party_grounds=self.stop_grounds.values() if self.stop_grounds else (),
        )

    def state(self) -> dict[str, Any]:
        method = self.method.value() if self.method else None
        return {
            "checked": self.check.isChecked(),
            "requested": self.requested.text(),
            "method": method.value if method else None,
            "grounds": [g.value for g in self.grounds.values()] if self.grounds else [],
            "recipient": self.recipient.text() if self.recipient else "",
            "stop_grounds": [g.value for g in self.stop_grounds.values()]
            if self.stop_grounds
            else [],
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.check.setChecked(bool(state.get("checked")))
        self.requested.setText(str(state.get("requested") or ""))
        if self.method and state.get("method"):
            self.method.set_value(DisclosureMethod(state["method"]))
        if self.grounds:
            self.grounds.set_values(SuspensionGround(g) for g in state.get("grounds") or [])
        if self.recipient:
            self.recipient.setText(str(state.get("recipient") or ""))
        if self.stop_grounds:
            self.stop_grounds.set_values(
                ThirdPartyStopGround(g) for g in state.get("stop_grounds") or []
            )

    def has_text(self) -> bool:
        return bool(
            self.requested.text().strip() or (self.recipient and self.recipient.text().strip())
        )

    def widgets(self) -> list[QWidget]:
        result: list[QWidget] = [self.check, self.requested]
        if self.method:
            result.append(self.method)
        if self.grounds:
            result += self.grounds.widgets()
        if self.recipient:
            result.append(self.recipient)
        return result
