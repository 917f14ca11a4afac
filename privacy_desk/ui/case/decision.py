"""The Decision tab: a decision form per measure, the fee, and the four-eyes approval."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import PaymentMethod
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import CaseDetail
from privacy_desk.ui.case.parts import (
    Outcome,
    S,
    Step,
    in_turn,
    make_button,
    plain_edit,
    show_state,
)
from privacy_desk.ui.widgets import (
    EnumCombo,
    FieldError,
    OptionalDateEdit,
    format_day,
    refusal_text,
)

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace
from privacy_desk.ui.case.measure import MeasureDecision
from privacy_desk.ui.text_limits import limit_text


class DecisionTab(QWidget):
    """A decision per measure, the fee, and the four-eyes approval."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.measure_forms: list[MeasureDecision] = []
        self.fee_default_yen = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that shows nothing
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        self.scroll_area = scroll
        body = QWidget()
        scroll.setWidget(body)
        columns = QHBoxLayout(body)
        self.measures_column = QVBoxLayout()
        side = QVBoxLayout()
        columns.addLayout(self.measures_column, 3)
        columns.addLayout(side, 2)

        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setObjectName("decision_state")
        self.measures_column.addWidget(self.state_label)

        self.fee_box = QGroupBox(_("Fee (APPI Art. 38)"))
        fee = QFormLayout(self.fee_box)
        self.fees_label = QLabel()
        self.fees_label.setWordWrap(True)
        fee.addRow(_("Recorded"), self.fees_label)
        self.amount_spin = QSpinBox()
        self.amount_spin.setObjectName("fee_amount")
        self.amount_spin.setRange(0, 1_000_000)
        self.amount_spin.setSingleStep(100)
        self.amount_spin.setSuffix(_(" yen"))
        self.payment_combo = EnumCombo(PaymentMethod, _("— not paid yet —"))
        self.payment_combo.setObjectName("fee_payment")
        self.fee_received_edit = OptionalDateEdit(_("Received on"))
        self.fee_received_edit.setObjectName("fee_received")
        self.fee_error = FieldError()
        self.fee_button = make_button(_("Record fee"), "record_fee")
        fee.addRow(_("Amount"), self.amount_spin)
        fee.addRow(_("Paid by"), self.payment_combo)
        fee.addRow(_("Received on"), self.fee_received_edit)
        fee.addRow(self.fee_error)
        fee.addRow(self.fee_button)
        side.addWidget(self.fee_box)

        approval = QGroupBox(_("Approval (four eyes)"))
        approval_layout = QVBoxLayout(approval)
        self.approval_label = QLabel()
        self.approval_label.setWordWrap(True)
        self.approval_label.setObjectName("approval_state")
        approval_layout.addWidget(self.approval_label)
        self.propose_button = make_button(_("Propose for approval"), "propose")
        approval_layout.addWidget(self.propose_button)
        self.supervisor_box = QWidget()
        supervisor = QVBoxLayout(self.supervisor_box)
        supervisor.setContentsMargins(0, 6, 0, 0)
        self.approve_button = make_button(_("Approve decision"), "approve")
        supervisor.addWidget(self.approve_button)
        self.comment_edit = plain_edit(
            _("Why it goes back (required to send back)"), 60, "send_back_comment"
        )
        limit_text(self.comment_edit, "comment")
        supervisor.addWidget(self.comment_edit)
        self.send_back_button = make_button(_("Send back with comment"), "send_back")
        supervisor.addWidget(self.send_back_button)
        approval_layout.addWidget(self.supervisor_box)
        self.approval_error = FieldError()
        self.approval_error.setObjectName("approval_error")
        approval_layout.addWidget(self.approval_error)
        side.addWidget(approval)
        side.addStretch(1)
        self._measures_end = QWidget()
        self.measures_column.addWidget(self._measures_end)
        self.measures_column.addStretch(1)

        self.fee_button.clicked.connect(self._on_fee_clicked)
        self.propose_button.clicked.connect(self._on_propose_clicked)
        self.approve_button.clicked.connect(self._on_approve_clicked)
        self.send_back_button.clicked.connect(self._on_send_back_clicked)

    def _order_tabs(self) -> None:
        """Tab goes through each measure's outcome first, then the fee and the approval beside
        them (built before the measures, they would come first)."""
        last = None
        for form in self.measure_forms:
            for widget in form.findChildren(QWidget):
                if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    last = widget
        if last is None:
            return
        side = [
            self.amount_spin,
            self.payment_combo,
            self.fee_received_edit,
            self.fee_button,
            self.propose_button,
            self.approve_button,
            self.comment_edit,
            self.send_back_button,
        ]
        for first, second in pairwise([last, *side]):
            QWidget.setTabOrder(first, second)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        by_id = {m.id: m for m in detail.measures}
        if [f.measure.id for f in self.measure_forms] != [m.id for m in detail.measures]:
            for form in self.measure_forms:
                form.setParent(None)
                form.deleteLater()
            self.measure_forms = []
            index = self.measures_column.indexOf(self._measures_end)
            for offset, measure in enumerate(detail.measures):
                form = MeasureDecision(ws, measure)
                self.measure_forms.append(form)
                self.measures_column.insertWidget(index + offset, form)
            self._order_tabs()
        else:
            for form in self.measure_forms:
                form.set_measure(by_id[form.measure.id])
        status = detail.status
        if ws.state(Action.RECORD_DECISION).enabled:
            self.state_label.setText(
                _("Record an outcome for each measure, then propose the decision for approval.")
            )
        else:
            self.state_label.setText(
                _(
                    "Decisions are recorded while the case is in investigation; it is now '{s}'."
                ).format(s=label(status))
            )
        fee_kinds = any(k.may_carry_fee for k in detail.kinds)
        self.fee_box.setVisible(fee_kinds)
        self.fees_label.setText(
            "\n".join(
                _("¥{amount} charged {charged}; {paid}").format(
                    amount=f"{f.amount_yen:,}",
                    charged=format_day(f.charged_on),
                    paid=(
                        _("paid by {m} on {d}").format(
                            m=label(f.payment_method) if f.payment_method else "—",
                            d=format_day(f.received_on),
                        )
                        if f.received_on
                        else _("not received yet")
                    ),
                )
                for f in detail.fees
            )
            or _("none")
        )
        show_state(self.fee_button, ws.state(Action.RECORD_FEE))
        self.fee_default_yen = detail.fee_default_yen
        # Left at 0, the amount is the office's fee for the case's kinds (setting fee_yen).
        self.amount_spin.setSpecialValueText(
            _("Office fee: ¥{amount}").format(amount=f"{detail.fee_default_yen:,}")
            if detail.fee_default_yen
            else ""
        )

        lines = []
        if status is S.DECISION_PROPOSED:
            lines.append(
                _("Proposed by {who}: waits for a supervisor other than the author.").format(
                    who=detail.decision_author or "—"
                )
            )
        elif detail.approved_by and status in (S.APPROVED, S.NOTICE_SENT, S.CLOSED):
            lines.append(_("Approved by {who}.").format(who=detail.approved_by))
        elif detail.send_back_comment:
            lines.append(_("Sent back: {comment}").format(comment=detail.send_back_comment))
        else:
            lines.append(_("Not proposed yet."))
        self.approval_label.setText("\n".join(lines))
        propose = ws.state(Action.PROPOSE)
        self.propose_button.setVisible(propose.visible)
        show_state(self.propose_button, propose)
        supervisor = ws.state(Action.APPROVE).visible
        self.supervisor_box.setVisible(supervisor)
        show_state(self.approve_button, ws.state(Action.APPROVE))
        show_state(self.send_back_button, ws.state(Action.SEND_BACK))
        self.comment_edit.setReadOnly(not ws.state(Action.SEND_BACK).enabled)

    def has_unsaved_changes(self) -> bool:
        return bool(
            any(f.has_unsaved_changes() for f in self.measure_forms)
            or self.comment_edit.toPlainText().strip()
            or self.amount_spin.value()
        )

    def save_pending(self, then: Outcome | None = None) -> bool:
        steps: list[Step] = [
            _save_step(form) for form in self.measure_forms if form.has_unsaved_changes()
        ]
        if self.amount_spin.value():
            steps.append(lambda after: self._on_fee_clicked(then=after))
        return in_turn(steps, then)

    def _on_fee_clicked(self, *, then: Outcome | None = None) -> bool:
        self.fee_error.clear_message()
        ws = self.workspace
        try:
            received = self.fee_received_edit.date_value()
        except ValidationError as exc:
            self.fee_error.show_message(refusal_text(exc))
            return False
        amount: int | None = self.amount_spin.value()
        if not amount and self.fee_default_yen:
            amount = None  # the office's fee, looked up by the service
        payment = self.payment_combo.value()

        def done() -> None:
            self.amount_spin.setValue(0)
            self.payment_combo.set_value(None)
            self.fee_received_edit.clear()

        return ws.perform(
            lambda version: ws.service.record_fee(
                ws.case_id,
                version,
                amount,
                payment,
                received,
            ),
            self.fee_error.show_for,
            done,
            then,
        )

    def _on_propose_clicked(self) -> bool:
        self.approval_error.clear_message()
        ws = self.workspace
        unsaved = [f for f in self.measure_forms if f.has_unsaved_changes()]
        if unsaved:
            self.approval_error.show_message(
                _("Save the decision on {kind} first: it has changes not saved yet.").format(
                    kind=label(unsaved[0].kind)
                )
            )
            return False
        return ws.perform(
            lambda version: ws.service.propose(ws.case_id, version),
            self.approval_error.show_for,
        )

    def _on_approve_clicked(self) -> bool:
        self.approval_error.clear_message()
        ws = self.workspace
        return ws.perform(
            lambda version: ws.service.approve(ws.case_id, version),
            self.approval_error.show_for,
        )

    def _on_send_back_clicked(self) -> bool:
        self.approval_error.clear_message()
        ws = self.workspace
        comment = self.comment_edit.toPlainText()

        def done() -> None:
            self.comment_edit.clear()

        return ws.perform(
            lambda version: ws.service.send_back(ws.case_id, version, comment),
            self.approval_error.show_for,
            done,
        )


def _save_step(form: MeasureDecision) -> Step:
    return lambda then: form.save(then=then)
