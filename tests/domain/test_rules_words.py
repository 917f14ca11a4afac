"""The rules' refusals word for word, and in Japanese: a message or a field code that changes
(or a branch that gives the other branch's message) fails here, not only its presence.

Written to kill the surviving mutants of `domain/rules.py` (docs/testing.md, "Mutation score").
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from privacy_desk import i18n
from privacy_desk.domain import rules
from privacy_desk.domain.errors import MissingReason, PermissionDenied, RuleViolation
from privacy_desk.domain.rules import AuthorityProof, DecisionDraft
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


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    try:
        yield
    finally:
        i18n.set_language("en")


def test_sentences_and_lists_are_joined_in_the_language_of_the_screen(japanese: None) -> None:
    assert rules.two_sentences("一。", "二。") == "一。二。"
    assert rules.either_of(["甲", "乙", "丙"]) == "甲または乙または丙"
    assert rules.all_of(["甲", "乙"]) == "甲と乙"


def test_sentences_and_lists_in_english() -> None:
    assert rules.two_sentences("One.", "Two.") == "One. Two."
    assert rules.either_of(["a", "b", "c"]) == "a or b or c"
    assert rules.all_of(["a", "b"]) == "a and b"
    assert rules.either_of([]) == ""


def test_a_missing_reason_names_what_needs_it_and_marks_the_reason_field() -> None:
    with pytest.raises(MissingReason) as refused:
        rules.require_reason("  ", "A pause")
    assert refused.value.message == "A pause needs a reason: write one before saving."
    assert refused.value.field == "reason"
    assert rules.require_reason("  調査のため ", "A pause") == "調査のため"


def test_each_identity_problem_has_its_own_words() -> None:
    none = rules.identity_problem(IdentityMethod.DOCUMENTS, ())
    assert none == (
        "No identity document was recorded: one with a photo, or two without, are needed."
    )
    one = rules.identity_problem(IdentityMethod.DOCUMENTS, (IdentityDocument.HEALTH_INSURANCE,))
    assert one == (
        "One document without a photo is not enough: record one photo ID, or a second "
        "document without a photo."
    )
    # Two of the same document without a photo are still one document.
    twice = (IdentityDocument.HEALTH_INSURANCE, IdentityDocument.HEALTH_INSURANCE)
    assert rules.identity_problem(IdentityMethod.DOCUMENTS, twice) == one


def test_identity_refusals_word_for_word() -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.require_identity_confirmed(
            [RequestKind.DISCLOSURE], RequesterRole.PERSON, False, True
        )
    assert refused.value.message == (
        "The requester's identity is not confirmed yet. Record the documents seen, a call-back "
        "or an in-person check on the Identity tab first."
    )
    with pytest.raises(RuleViolation) as refused:
        rules.require_identity_confirmed([RequestKind.DISCLOSURE], RequesterRole.AGENT, True, False)
    assert refused.value.message.startswith("The requester acts as ")
    assert refused.value.message.endswith(
        ": their authority is not confirmed yet. Record the proof of authority on the Identity "
        "tab first."
    )
    assert i18n.label(RequesterRole.AGENT) in refused.value.message
    with pytest.raises(RuleViolation) as refused:
        rules.require_identity_closure_allowed([RequestKind.COMPLAINT])
    assert refused.value.message == "Only rights requests need a confirmed identity."
    rules.require_identity_closure_allowed([RequestKind.COMPLAINT, RequestKind.CORRECTION])


def test_the_approver_refusals_word_for_word(japanese: None) -> None:
    with pytest.raises(PermissionDenied) as refused:
        rules.require_approver(1, 2, UserRole.STAFF)
    assert refused.value.message == "決定を承認できるのは責任者だけです。"
    with pytest.raises(PermissionDenied) as refused:
        rules.require_approver(2, 2, UserRole.SUPERVISOR)
    assert (
        "責任者" in refused.value.message
        and refused.value.message != "決定を承認できるのは責任者だけです。"
    )
    rules.require_approver(None, 2, UserRole.SUPERVISOR)
    rules.require_approver(1, 2, UserRole.SUPERVISOR)


def test_the_approver_refusals_in_english() -> None:
    with pytest.raises(PermissionDenied) as refused:
        rules.require_approver(1, 2, UserRole.ADMIN)
    assert refused.value.message == "Only a supervisor can approve a decision."
    with pytest.raises(PermissionDenied) as refused:
        rules.require_approver(2, 2, UserRole.SUPERVISOR)
    assert refused.value.message == (
        "You proposed this decision, so you can not approve it: another supervisor must."
    )


def test_fee_refusal_word_for_word() -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.require_fee_allowed([RequestKind.CORRECTION])
    assert refused.value.message == (
        "A fee can be recorded only on a disclosure or purpose-of-use request (APPI Art. 38)."
    )


D = RequestKind.DISCLOSURE


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (DecisionDraft(D, None), "Disclosure: choose an outcome."),
        (
            DecisionDraft(D, Outcome.CORRECTED),
            "'Corrected' is not an outcome of a Disclosure request.",
        ),
        (
            DecisionDraft(D, Outcome.NOT_DISCLOSED, "", ()),
            "Disclosure: 'Not disclosed' refuses in whole or part, so it needs reasons (APPI Art. "
            "36). Write the reasons before saving.",
        ),
        (
            DecisionDraft(D, Outcome.NOT_DISCLOSED, "理由", ()),
            "Disclosure: 'Not disclosed' needs the Art. 33(2) ground on which disclosure is "
            "withheld.",
        ),
        (
            DecisionDraft(
                D, Outcome.DISCLOSED_FULL, "", (DisclosureRefusalGround.SERIOUS_INTERFERENCE,)
            ),
            "Disclosure: Art. 33(2) grounds apply only when disclosure is withheld.",
        ),
    ],
)
def test_decision_problems_word_for_word(draft: DecisionDraft, message: str) -> None:
    assert rules.decision_problem(draft) == message


TODAY = date(2026, 11, 25)
POA = AuthorityDocument.POWER_OF_ATTORNEY
SEAL = AuthorityDocument.SEAL_CERTIFICATE


def test_each_authority_problem_word_for_word() -> None:
    problems = rules.authority_problems(
        RequesterRole.AGENT,
        [
            AuthorityProof(POA, None),
            AuthorityProof(SEAL, date(2026, 11, 26)),
            AuthorityProof(AuthorityDocument.FAMILY_REGISTER, date(2026, 5, 1)),
        ],
        TODAY,
        3,
    )
    assert problems == [
        "Power of attorney with registered seal: the issue date is missing.",
        "Seal-registration certificate: the issue date 2026-11-26 is in the future.",
        "Family-register extract was issued on 2026-05-01, more than 3 months ago: ask for one "
        "issued on or after 2026-08-25.",
    ]


def test_a_proof_issued_today_counts() -> None:
    proofs = [AuthorityProof(POA, TODAY), AuthorityProof(SEAL, TODAY)]
    assert rules.authority_problems(RequesterRole.AGENT, proofs, TODAY, 3) == []


def test_without_proofs_the_wanted_documents_are_named_in_order() -> None:
    assert rules.authority_problems(RequesterRole.AGENT, [], TODAY, 3) == [
        "As Appointed agent, the requester must prove authority with: Power of attorney with "
        "registered seal and Seal-registration certificate."
    ]
    assert rules.authority_problems(RequesterRole.PARENT, [], TODAY, 3) == [
        "As Parent with parental authority, the requester must prove authority with: "
        "Family-register extract or Certificate of residence."
    ]


def test_a_case_due_today_is_due_soon_not_overdue() -> None:
    inv = CaseStatus.IN_INVESTIGATION
    assert rules.deadline_state(inv, 0, 2) is DeadlineState.DUE_SOON
    assert rules.deadline_state(inv, 0, 0) is DeadlineState.DUE_SOON
    assert rules.deadline_state(inv, 0, 2, past_due=True) is DeadlineState.OVERDUE
    assert rules.deadline_state(inv, -1, 2) is DeadlineState.OVERDUE


def test_a_role_refusal_names_the_role_and_the_roles_needed() -> None:
    from privacy_desk.domain.rules import Action

    with pytest.raises(PermissionDenied) as refused:
        rules.require_role(Action.MANAGE_USERS, UserRole.STAFF)
    assert refused.value.message == (
        "Your role (Staff) may not do this; it needs the Administrator role."
    )
    with pytest.raises(PermissionDenied) as refused:
        rules.require_role(Action.ADD_NOTE, UserRole.ADMIN)
    assert "Administrator" in refused.value.message
