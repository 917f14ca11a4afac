"""Which letter a case needs next, and which cases a batch gives a letter to (and why not).

The rules live in services.letter_flow; the screens only show them (tests/ui/test_letter_flow.py).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm
from privacy_desk.services.letter_flow import closed_reason, next_letter
from privacy_desk.services.letters import LetterService
from tests.conftest import Clock
from tests.services.factories import (
    approve_story_1_disclosure,
    complaint_by_phone,
    correction_by_email,
    disclosure_by_parent,
)

PARENT_PROOF = IdentityForm(
    IdentityMethod.DOCUMENTS,
    (IdentityDocument.PASSPORT,),
    ((AuthorityDocument.FAMILY_REGISTER, date(2026, 10, 1)),),
)


def test_next_letter_follows_the_case(context: Context, users: dict, clock: Clock) -> None:
    staff = CaseService(context, users["staff"])
    letters = LetterService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    # A new case: its acknowledgement first.
    assert next_letter(case) is LetterKind.ACKNOWLEDGEMENT
    letters.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    case = staff.get(case.id)
    # Identity not yet confirmed: the request for identity documents.
    assert next_letter(case) is LetterKind.IDENTITY_REQUEST
    case = staff.confirm_identity(case.id, case.version, PARENT_PROOF)
    assert next_letter(case) is None
    # The decision approved: the decision notice.
    case = approve_story_1_disclosure(context, users, clock, case)
    assert next_letter(case) is LetterKind.DECISION
    letters.issue(case.id, case.version, LetterKind.DECISION)
    assert next_letter(staff.get(case.id)) is None


def test_next_letter_for_an_answer_an_extension_and_a_closed_case(
    context: Context, users: dict
) -> None:
    staff = CaseService(context, users["staff"])
    complaint = staff.intake(complaint_by_phone())
    assert next_letter(complaint) is LetterKind.ACKNOWLEDGEMENT
    correction = staff.intake(correction_by_email())
    LetterService(context, users["staff"]).issue(
        correction.id, correction.version, LetterKind.ACKNOWLEDGEMENT
    )
    correction = staff.get(correction.id)
    correction = staff.extend(
        correction.id, correction.version, date(2027, 1, 29), "調査に時間を要するため"
    )
    assert next_letter(correction) is LetterKind.EXTENSION
    closed = staff.withdraw(complaint.id, complaint.version)
    assert next_letter(closed) is None
    assert closed_reason(closed) is not None and "closed" in str(closed_reason(closed))
    assert closed_reason(correction) is None


def test_batch_plan_says_who_gets_the_letter_and_issues_only_those(
    context: Context, users: dict, clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    mine = staff.intake(correction_by_email())
    other = CaseService(context, users["staff2"])
    theirs = other.intake(correction_by_email())
    theirs = other.take(theirs.id, theirs.version)
    decided = approve_story_1_disclosure(
        context, users, clock, staff.intake(disclosure_by_parent())
    )
    closed = staff.intake(complaint_by_phone())
    closed = staff.withdraw(closed.id, closed.version)
    done = staff.intake(correction_by_email())
    letters = LetterService(context, users["staff"])
    letters.issue(done.id, done.version, LetterKind.ACKNOWLEDGEMENT)
    ids = [mine.id, theirs.id, decided.id, closed.id, done.id]

    plan = letters.batch_plan(ids, LetterKind.ACKNOWLEDGEMENT)
    assert [entry.case_id for entry in plan] == ids
    assert [entry.eligible for entry in plan] == [True, False, False, False, False]
    reasons = [entry.reason for entry in plan]
    assert "another person's case" in reasons[1] and "木村" in reasons[1]
    assert "already decided" in reasons[2]
    assert "closed" in reasons[3]
    assert "already issued" in reasons[4]
    # Nothing was issued by planning.
    with context.db.session() as session:
        assert session.scalar(text("select count(*) from letters")) == 1

    result = letters.issue_batch(ids, LetterKind.ACKNOWLEDGEMENT)
    assert [case_id for case_id, _ in result.issued] == [mine.id]
    assert [case_id for case_id, _, _ in result.refused] == ids[1:]
    with context.db.session() as session:
        assert session.scalar(text("select count(*) from letters")) == 2


def test_batch_dispatch_records_one_method_and_date(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    cases = [staff.intake(correction_by_email()) for _ in range(2)]
    letters = LetterService(context, users["staff"])
    result = letters.issue_batch([c.id for c in cases], LetterKind.ACKNOWLEDGEMENT)
    ids = [letter.id for _, letter in result.issued]
    refused = letters.record_dispatch_batch(ids, DispatchMethod.POST, date(2026, 11, 24))
    assert refused == ()
    for case in cases:
        (letter,) = staff.get(case.id).letters
        assert letter.dispatch_method is DispatchMethod.POST
        assert letter.dispatched_on == date(2026, 11, 24)
