"""The case life as product.md draws it: every allowed and refused move, roles, guards."""

from __future__ import annotations

from datetime import date

import pytest

from privacy_desk.domain import rules
from privacy_desk.domain.errors import MissingReason, PermissionDenied, RuleViolation
from privacy_desk.domain.rules import Action, AuthorityProof, DecisionDraft
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    DeadlineState,
    DisclosureRefusalGround,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    RequesterRole,
    RequestKind,
    UserRole,
)

S = CaseStatus
R = S.RECEIVED
AW = S.AWAITING_REQUESTER
INV = S.IN_INVESTIGATION
PROP = S.DECISION_PROPOSED
APP = S.APPROVED
SENT = S.NOTICE_SENT
CL = S.CLOSED

# Written out from product.md's diagram, independently of the table in rules.py.
EXPECTED_MOVES = {
    (Action.START_INVESTIGATION, R): INV,
    (Action.PAUSE, R): AW,
    (Action.PAUSE, INV): AW,
    (Action.RESUME, AW): AW,  # resume's target is the status before the pause (service decides)
    (Action.PROPOSE, INV): PROP,
    (Action.APPROVE, PROP): APP,
    (Action.SEND_BACK, PROP): INV,
    (Action.RECORD_NOTICE_SENT, APP): SENT,
    (Action.CLOSE, SENT): CL,
    (Action.WITHDRAW, R): CL,
    (Action.WITHDRAW, AW): CL,
    (Action.WITHDRAW, INV): CL,
    (Action.WITHDRAW, PROP): CL,
    (Action.WITHDRAW, APP): CL,
    (Action.WITHDRAW, SENT): CL,
    (Action.CLOSE_UNCONFIRMED, R): CL,
    (Action.CLOSE_UNCONFIRMED, AW): CL,
    (Action.REOPEN, CL): CL,  # reopen's target depends on identity (service decides)
    (Action.EXTEND, R): R,
    (Action.EXTEND, AW): AW,
    (Action.EXTEND, INV): INV,
    (Action.RECORD_DECISION, INV): INV,
}
MOVES = sorted({action for action, _ in EXPECTED_MOVES})


@pytest.mark.parametrize("action", MOVES)
@pytest.mark.parametrize("status", list(CaseStatus))
def test_every_move_from_every_status(action: Action, status: CaseStatus) -> None:
    expected = EXPECTED_MOVES.get((action, status))
    if expected is None:
        with pytest.raises(RuleViolation) as refused:
            rules.require_move(action, status)
        assert status.en in refused.value.message
    else:
        assert rules.require_move(action, status) is expected


def test_refusal_on_a_closed_case_says_how_to_reopen() -> None:
    with pytest.raises(RuleViolation, match="Reopen it first"):
        rules.require_move(Action.ADD_NOTE, S.CLOSED)


EXPECTED_ROLES = {
    Action.APPROVE: {UserRole.SUPERVISOR},
    Action.SEND_BACK: {UserRole.SUPERVISOR},
    Action.REOPEN: {UserRole.SUPERVISOR},
    Action.ASSIGN: {UserRole.SUPERVISOR},
    Action.MOVE_OFFICE: {UserRole.STAFF, UserRole.SUPERVISOR},
    Action.MANAGE_USERS: {UserRole.ADMIN},
    Action.MANAGE_CALENDAR: {UserRole.ADMIN},
    Action.MANAGE_SETTINGS: {UserRole.ADMIN},
    Action.READ_CASE: {UserRole.STAFF, UserRole.SUPERVISOR, UserRole.ADMIN},
    Action.INTAKE: {UserRole.STAFF, UserRole.SUPERVISOR},
    Action.PROPOSE: {UserRole.STAFF, UserRole.SUPERVISOR},
    Action.TAKE: {UserRole.STAFF, UserRole.SUPERVISOR},
}


@pytest.mark.parametrize("action", list(EXPECTED_ROLES))
@pytest.mark.parametrize("role", list(UserRole))
def test_roles(action: Action, role: UserRole) -> None:
    if role in EXPECTED_ROLES[action]:
        rules.require_role(action, role)
    else:
        with pytest.raises(PermissionDenied):
            rules.require_role(action, role)


def test_identity_needed_only_for_rights_requests() -> None:
    rules.require_identity_confirmed([RequestKind.COMPLAINT], RequesterRole.PERSON, False, False)
    with pytest.raises(RuleViolation, match="identity is not confirmed"):
        rules.require_identity_confirmed(
            [RequestKind.COMPLAINT, RequestKind.DISCLOSURE], RequesterRole.PERSON, False, False
        )
    with pytest.raises(RuleViolation, match="authority"):
        rules.require_identity_confirmed([RequestKind.DISCLOSURE], RequesterRole.AGENT, True, False)
    rules.require_identity_confirmed([RequestKind.DISCLOSURE], RequesterRole.AGENT, True, True)


@pytest.mark.parametrize(
    ("documents", "ok"),
    [
        ((IdentityDocument.DRIVERS_LICENCE,), True),
        ((IdentityDocument.INDIVIDUAL_NUMBER_CARD,), True),
        ((IdentityDocument.HEALTH_INSURANCE,), False),
        ((IdentityDocument.HEALTH_INSURANCE, IdentityDocument.PENSION_BOOK), True),
        ((), False),
    ],
)
def test_one_photo_id_or_two_without(documents: tuple, ok: bool) -> None:
    problem = rules.identity_problem(IdentityMethod.DOCUMENTS, documents)
    assert (problem is None) is ok
    assert rules.identity_problem(IdentityMethod.CALL_BACK, ()) is None


def test_story_4_old_seal_certificate_is_named() -> None:
    proofs = [
        AuthorityProof(AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 1)),
        AuthorityProof(AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1)),
    ]
    problems = rules.authority_problems(RequesterRole.AGENT, proofs, date(2026, 11, 25), 3)
    assert len(problems) == 1
    assert "Seal-registration certificate" in problems[0]
    assert "2026-05-01" in problems[0]
    assert "2026-08-25" in problems[0]
    fresh = [proofs[0], AuthorityProof(AuthorityDocument.SEAL_CERTIFICATE, date(2026, 11, 20))]
    assert rules.authority_problems(RequesterRole.AGENT, fresh, date(2026, 11, 25), 3) == []


def test_agent_needs_both_documents_and_parent_one() -> None:
    only_poa = [AuthorityProof(AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 1))]
    assert rules.authority_problems(RequesterRole.AGENT, only_poa, date(2026, 11, 25), 3)
    register = [AuthorityProof(AuthorityDocument.FAMILY_REGISTER, date(2026, 10, 1))]
    assert rules.authority_problems(RequesterRole.PARENT, register, date(2026, 11, 30), 3) == []
    assert rules.authority_problems(RequesterRole.PERSON, [], date(2026, 11, 30), 3) == []


def test_three_months_boundary() -> None:
    on_the_day = [AuthorityProof(AuthorityDocument.REGISTERED_MATTERS, date(2026, 8, 25))]
    day_before = [AuthorityProof(AuthorityDocument.REGISTERED_MATTERS, date(2026, 8, 24))]
    today = date(2026, 11, 25)
    assert rules.authority_problems(RequesterRole.ADULT_GUARDIAN, on_the_day, today, 3) == []
    assert rules.authority_problems(RequesterRole.ADULT_GUARDIAN, day_before, today, 3)
    assert rules.add_months(date(2026, 5, 31), -3) == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("draft", "fragment"),
    [
        (DecisionDraft(RequestKind.CORRECTION, Outcome.NOT_CORRECTED, ""), "needs reasons"),
        (DecisionDraft(RequestKind.CORRECTION, Outcome.NOT_CORRECTED, "  "), "needs reasons"),
        (DecisionDraft(RequestKind.DISCLOSURE, Outcome.DISCLOSED_PART, "harm"), "Art. 33(2)"),
        (DecisionDraft(RequestKind.DISCLOSURE, Outcome.CORRECTED, "x"), "not an outcome"),
        (DecisionDraft(RequestKind.SUSPENSION, None), "choose an outcome"),
        (DecisionDraft(RequestKind.THIRD_PARTY_STOP, Outcome.REFUSED), "needs reasons"),
        (
            DecisionDraft(
                RequestKind.DISCLOSURE,
                Outcome.DISCLOSED_FULL,
                "",
                (DisclosureRefusalGround.VIOLATION_OF_LAW,),
            ),
            "only when disclosure is withheld",
        ),
    ],
)
def test_decisions_refused(draft: DecisionDraft, fragment: str) -> None:
    problem = rules.decision_problem(draft)
    assert problem is not None
    assert fragment in problem


def test_decisions_accepted() -> None:
    assert (
        rules.decision_problem(DecisionDraft(RequestKind.DISCLOSURE, Outcome.DISCLOSED_FULL))
        is None
    )
    assert (
        rules.decision_problem(
            DecisionDraft(
                RequestKind.DISCLOSURE,
                Outcome.DISCLOSED_PART,
                "memo would harm a third party",
                (DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
            )
        )
        is None
    )
    assert rules.decision_problem(DecisionDraft(RequestKind.COMPLAINT, Outcome.ANSWERED)) is None


def test_fees_only_on_disclosure_and_purpose_notice() -> None:
    rules.require_fee_allowed([RequestKind.DISCLOSURE])
    rules.require_fee_allowed([RequestKind.CORRECTION, RequestKind.PURPOSE_NOTICE])
    with pytest.raises(RuleViolation, match=r"Art\. 38"):
        rules.require_fee_allowed([RequestKind.CORRECTION, RequestKind.SUSPENSION])


def test_four_eyes() -> None:
    rules.require_approver(1, 2, UserRole.SUPERVISOR)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        rules.require_approver(2, 2, UserRole.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        rules.require_approver(1, 2, UserRole.STAFF)


def test_reasons_required() -> None:
    assert rules.require_reason("  late fee ", "A pause") == "late fee"
    with pytest.raises(MissingReason, match="A pause needs a reason"):
        rules.require_reason("   ", "A pause")


def test_deadline_state() -> None:
    assert rules.deadline_state(S.IN_INVESTIGATION, 5, 2) is DeadlineState.ON_TRACK
    assert rules.deadline_state(S.IN_INVESTIGATION, 2, 2) is DeadlineState.DUE_SOON
    assert rules.deadline_state(S.IN_INVESTIGATION, 0, 2, past_due=True) is DeadlineState.OVERDUE
    assert rules.deadline_state(S.RECEIVED, -1, 2) is DeadlineState.OVERDUE
    assert rules.deadline_state(S.AWAITING_REQUESTER, -1, 2) is DeadlineState.PAUSED
    assert rules.deadline_state(S.CLOSED, -9, 2) is DeadlineState.DONE


def test_vocabulary_is_complete() -> None:
    from privacy_desk.domain.vocabulary import (
        Channel,
        DisclosureRefusalGround,
        SuspensionGround,
    )

    assert len(SuspensionGround) == 7
    assert len(RequesterRole) == 5
    assert len(DisclosureRefusalGround) == 3
    assert {c.value for c in Channel} == {"phone", "email", "fax", "post", "in_person", "web_form"}
    assert RequestKind.THIRD_PARTY_STOP.is_rights_request
    assert not RequestKind.COOKIE_QUESTION.is_rights_request
    assert RequestKind.PURPOSE_NOTICE.may_carry_fee and not RequestKind.CORRECTION.may_carry_fee
    assert RequestKind.parse("third-party-stop") is RequestKind.THIRD_PARTY_STOP
    with pytest.raises(ValueError, match="choose one of"):
        RequestKind.parse("nonsense")
