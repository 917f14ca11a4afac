"""Decisions: the outcome of each measure, fees, proposing, approving and sending back."""

from __future__ import annotations

from datetime import date

from privacy_desk.domain import rules
from privacy_desk.domain.errors import MissingReason, RuleViolation, ValidationError
from privacy_desk.domain.rules import Action, DecisionDraft
from privacy_desk.domain.text_fields import MAX_FEE_YEN, check_number
from privacy_desk.domain.vocabulary import (
    OUTCOMES_NEEDING_REASONS,
    CaseStatus,
    Outcome,
    PaymentMethod,
    RequestKind,
)
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.case_base import CaseCalls
from privacy_desk.services.case_view import decision_authors
from privacy_desk.services.dto import (
    DECISION_TEXTS,
    CaseDetail,
    DecisionForm,
)
from privacy_desk.storage.models import (
    Fee,
    Measure,
    Note,
)

S = CaseStatus


class DecisionCalls(CaseCalls):
    """Record and check decisions; the four-eyes approval."""

    def record_decision(
        self, case_id: int, version: int | None, measure_id: int, form: DecisionForm
    ) -> CaseDetail:
        with self.unit_of_work(Action.RECORD_DECISION) as session:
            case = self._load(session, case_id, version, Action.RECORD_DECISION)
            measure = session.get(Measure, measure_id)
            if measure is None or measure.case_id != case.id:
                raise ValidationError(_("That measure is not part of this case."))
            kind = RequestKind(measure.kind)
            reasons = self.clean_text(session, form.reasons, "reasons")
            problem = rules.decision_problem(
                DecisionDraft(kind, form.outcome, reasons, form.disclosure_grounds)
            )
            if problem:
                lacks_reasons = form.outcome in OUTCOMES_NEEDING_REASONS and not reasons
                raise (
                    MissingReason(problem, field="reasons")
                    if lacks_reasons
                    else RuleViolation(problem)
                )
            measure.outcome = form.outcome
            measure.disclosure_grounds = tuple(form.disclosure_grounds)
            measure.method = form.method
            measure.action_date = form.action_date
            for name in DECISION_TEXTS:
                text = getattr(form, name)
                setattr(
                    measure,
                    name,
                    reasons if name == "reasons" else self.clean_text(session, text, name),
                )
            measure.decided_by_id = self.actor.user_id
            measure.decided_at = self.context.now()
            self._touch(case)
            self.record(
                session,
                Action.RECORD_DECISION,
                case.id,
                measure=measure.id,
                outcome=form.outcome.value,
            )
            return self._detail(session, case)

    def record_fee(
        self,
        case_id: int,
        version: int | None,
        amount_yen: int | None,
        payment_method: PaymentMethod | None = None,
        received_on: date | None = None,
        pay_by: date | None = None,
        note: str = "",
    ) -> CaseDetail:
        with self.unit_of_work(Action.RECORD_FEE) as session:
            case = self._load(session, case_id, version, Action.RECORD_FEE)
            rules.require_fee_allowed(RequestKind(m.kind) for m in case.measures)
            if amount_yen is None:  # the office's fee for the case's kinds (a setting)
                kinds = [RequestKind(m.kind) for m in case.measures]
                amount_yen = settings_store.load(session).fee_for(kinds)
                if not amount_yen:
                    raise ValidationError(
                        _("The office has set no fee for this kind of request: enter the amount."),
                        field="amount_yen",
                    )
            if isinstance(amount_yen, int) and amount_yen <= 0:
                raise ValidationError(_("The fee must be a positive number of yen."))
            check_number(amount_yen, _("The fee"), 1, MAX_FEE_YEN, field="amount_yen")
            session.add(
                Fee(
                    case_id=case.id,
                    amount_yen=amount_yen,
                    payment_method=payment_method.value if payment_method else None,
                    charged_on=self.context.today(),
                    received_on=received_on,
                    pay_by=pay_by,
                    note=self.clean_text(session, note, "fee note"),
                    created_by_login=self.actor.login,
                )
            )
            self._touch(case)
            self.record(session, Action.RECORD_FEE, case.id, amount_yen=amount_yen)
            return self._detail(session, case)

    def propose(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.PROPOSE) as session:
            case = self._load(session, case_id, version, Action.PROPOSE)
            self._require_identity(case)
            for measure in case.measures:
                problem = rules.decision_problem(
                    DecisionDraft(
                        RequestKind(measure.kind),
                        Outcome(measure.outcome) if measure.outcome else None,
                        measure.reasons,
                        tuple(measure.disclosure_grounds),
                    )
                )
                if problem:
                    raise RuleViolation(
                        _("The decision can not be proposed yet. {problem}").format(problem=problem)
                    )
            case.decision_author_id = self.actor.user_id
            case.proposed_at = self.context.now()
            case.send_back_comment = ""
            return self._move(session, case, Action.PROPOSE)

    def approve(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.APPROVE) as session:
            case = self._load(session, case_id, version, Action.APPROVE)
            rules.require_approver(
                case.decision_author_id,
                self.actor.user_id,
                self.actor.role,
                decision_authors(session, case),
            )
            case.approved_by_id = self.actor.user_id
            case.approved_at = self.context.now()
            return self._move(session, case, Action.APPROVE)

    def send_back(self, case_id: int, version: int | None, comment: str) -> CaseDetail:
        with self.unit_of_work(Action.SEND_BACK) as session:
            case = self._load(session, case_id, version, Action.SEND_BACK)
            text = rules.require_reason(
                self.clean_text(session, comment, "comment"), _("Sending a decision back")
            )
            case.send_back_comment = text
            case.approved_by_id = None
            case.approved_at = None
            # The comment is kept as a note of the case, which the history line names: the next
            # proposal clears send_back_comment, the note stays (the audit holds no free text).
            note = Note(case_id=case.id, text=text, author_login=self.actor.login)
            session.add(note)
            session.flush()
            return self._move(session, case, Action.SEND_BACK, note=note.id)
