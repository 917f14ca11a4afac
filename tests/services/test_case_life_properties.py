"""Random days at the office: whatever order staff and supervisors act in, the rules hold.

Hypothesis drives the real services on a real SQLite file with random sequences of actions by
random users; after each step the case must obey the invariants of product.md.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    ClosureKind,
    DisclosureRefusalGround,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
)
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import DecisionForm, IdentityForm
from privacy_desk.storage import audit
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Case
from tests.conftest import Clock, make_users
from tests.services.factories import complaint_by_phone, disclosure_by_parent, moment

ACTORS = ["staff", "staff2", "supervisor", "supervisor", "supervisor2", "admin"]
STEPS = [
    "take",
    "confirm_identity",
    "start_investigation",
    "start_investigation",
    "record_decision",
    "record_decision",
    "record_decision_without_reasons",
    "propose",
    "propose",
    "approve",
    "approve",
    "send_back",
    "record_notice_sent",
    "record_notice_sent",
    "close",
    "pause",
    "resume",
    "resume",
    "reopen",
]


class OfficeDay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = TemporaryDirectory()
        self.clock = Clock(moment(2026, 11, 24, 15, 0))
        self.context = Context(
            connect(f"sqlite:///{Path(self.folder.name) / 'p.sqlite3'}"), clock=self.clock
        )
        self.users = make_users(self.context)
        self.seen: list[CaseStatus] = []

    def teardown(self) -> None:
        self.context.db.dispose()
        self.folder.cleanup()

    @initialize(rights=st.booleans())
    def intake(self, rights: bool) -> None:
        form = disclosure_by_parent() if rights else complaint_by_phone()
        self.case_id = CaseService(self.context, self.users["staff"]).intake(form).id

    def service(self, who: str) -> CaseService:
        return CaseService(self.context, self.users[who])

    def try_(self, who: str, action: str, *args: object) -> None:
        service = self.service(who)
        version = service.get(self.case_id).version
        with contextlib.suppress(DomainError):  # a refusal is fine; the invariants must hold
            getattr(service, action)(self.case_id, version, *args)

    def decision(self) -> tuple[int, DecisionForm]:
        measure = self.service("admin").get(self.case_id).measures[0]
        if measure.kind.value != "disclosure":
            return measure.id, DecisionForm(Outcome.ANSWERED)
        return measure.id, DecisionForm(
            Outcome.DISCLOSED_PART,
            "第三者の権利利益を害するおそれ",
            (DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
        )

    # The main flow is listed more than once so that walks reach its end often.
    @rule(who=st.sampled_from(ACTORS), step=st.sampled_from(STEPS), days=st.integers(0, 2))
    def act(self, who: str, step: str, days: int) -> None:
        self.clock.moment += timedelta(days=days)
        if step == "confirm_identity":
            proof = (
                AuthorityDocument.FAMILY_REGISTER,
                self.clock.moment.date() - timedelta(days=10),
            )
            form = IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.PASSPORT,), (proof,))
            self.try_(who, step, form)
        elif step == "record_decision":
            self.try_(who, step, *self.decision())
        elif step == "record_decision_without_reasons":
            measure_id, form = self.decision()
            self.try_(
                who,
                "record_decision",
                measure_id,
                DecisionForm(form.outcome, "", form.disclosure_grounds),
            )
        elif step == "pause":
            self.try_(who, step, PauseReason.CLARIFICATION)
        elif step in ("send_back", "reopen", "close_identity_unconfirmed"):
            self.try_(who, step, "理由")
        elif step == "record_notice_sent":
            self.try_(who, step, DispatchMethod.POST, None)
        else:
            self.try_(who, step)

    @rule(author=st.sampled_from(ACTORS), approver=st.sampled_from(ACTORS))
    def propose_then_approve(self, author: str, approver: str) -> None:
        self.try_(author, "propose")
        self.try_(approver, "approve")

    @rule(
        who=st.sampled_from(ACTORS),
        ending=st.sampled_from(["withdraw", "close_identity_unconfirmed"]),
        chance=st.integers(0, 9),
    )
    def end_early_rarely(self, who: str, ending: str, chance: int) -> None:
        if chance == 0:  # an early end stops the walk, so it is rare, as in the office
            self.try_(who, ending, *(("理由",) if ending == "close_identity_unconfirmed" else ()))

    @invariant()
    def rules_hold(self) -> None:
        if not hasattr(self, "case_id"):
            return
        with self.context.db.session() as session:
            case = session.get(Case, self.case_id)
            status = CaseStatus(case.status)
            rights = "disclosure" in case.kinds
            past_received = status not in (CaseStatus.RECEIVED, CaseStatus.AWAITING_REQUESTER)
            notified = (
                status is not CaseStatus.CLOSED or case.closure_kind == ClosureKind.NOTIFIED.value
            )
            if rights and past_received and notified:
                assert case.identity_confirmed_at is not None
                assert case.authority_confirmed_at is not None
            if status in (CaseStatus.APPROVED, CaseStatus.NOTICE_SENT):
                assert case.approved_by_id is not None
                assert case.approved_by_id != case.decision_author_id
            if status is CaseStatus.NOTICE_SENT:
                assert case.notice_sent_at is not None
            if status is CaseStatus.CLOSED:
                assert case.closure_kind is not None
                if case.closure_kind == ClosureKind.NOTIFIED.value:
                    assert case.notice_sent_at is not None and case.approved_by_id is not None
            assert case.current_due >= case.original_due
            assert audit.verify(session).intact


TestOfficeDay = OfficeDay.TestCase
TestOfficeDay.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
