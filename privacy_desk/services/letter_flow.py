"""Which letter a case needs next, and which cases of a batch may have a given letter, and why not.

The screens render, the services decide: the Letters tab offers first the kind `next_letter`
names; a closed case is offered no new letter (`closed_reason`); the batch dialog lists, for
each selected case, whether it gets the letter and otherwise why not (`batch_eligibility`), and
`LetterService.issue_batch` issues only the eligible ones.

The order of the next letter follows the case's life (product.md): a decision approved wants its
notice (or, for an inquiry or complaint only, its answer); a recorded extension wants its notice;
a new case wants its acknowledgement; a rights request whose identity or authority is not yet
confirmed wants the request for identity documents.
"""

from __future__ import annotations

from dataclasses import dataclass

from privacy_desk.domain.errors import RuleViolation
from privacy_desk.domain.vocabulary import ANSWER_KINDS, CaseStatus, ClosureKind
from privacy_desk.i18n import _, label
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor
from privacy_desk.services.dto import CaseDetail

S = CaseStatus
DECIDED = frozenset({S.APPROVED, S.NOTICE_SENT})


def require_letter_allowed(kind: LetterKind, case: CaseDetail) -> None:
    """Refuse a kind of letter that does not fit the case's state, saying why."""
    answer_only = all(k in ANSWER_KINDS for k in case.kinds)
    if kind is LetterKind.DECISION:
        if answer_only:
            raise RuleViolation(
                _("This case holds only inquiries or complaints: issue an answer letter.")
            )
        if case.status not in DECIDED and case.closure_kind is not ClosureKind.NOTIFIED:
            raise RuleViolation(
                _(
                    "A decision letter can be issued only after a supervisor approved the "
                    "decision; this case is '{status}'."
                ).format(status=label(case.status))
            )
    elif kind is LetterKind.ANSWER:
        if not any(k in ANSWER_KINDS for k in case.kinds):
            raise RuleViolation(_("This case holds no inquiry or complaint to answer."))
        if case.status not in DECIDED and case.closure_kind is not ClosureKind.NOTIFIED:
            raise RuleViolation(
                _(
                    "An answer letter can be issued only after a supervisor approved the answer; "
                    "this case is '{status}'."
                ).format(status=label(case.status))
            )
    elif kind is LetterKind.IDENTITY_REQUEST:
        if not case.is_rights_request:
            raise RuleViolation(_("Identity documents are asked for rights requests only."))
        if case.identity_confirmed and case.authority_confirmed:
            raise RuleViolation(_("Identity and authority are already confirmed on this case."))
    elif kind is LetterKind.EXTENSION:
        if not case.extensions:
            raise RuleViolation(_("Record the extension (new date and reason) before its notice."))
    elif kind is LetterKind.ACKNOWLEDGEMENT and not case.status.is_open:
        raise RuleViolation(_("The case is closed: an acknowledgement is no longer due."))


def _issued(case: CaseDetail, kind: LetterKind) -> int:
    return sum(1 for letter in case.letters if letter.kind == kind.value)


def _allowed(kind: LetterKind, case: CaseDetail) -> bool:
    try:
        require_letter_allowed(kind, case)
    except RuleViolation:
        return False
    return True


def closed_reason(case: CaseDetail) -> str | None:
    """Why no new letter is offered on this case (it is closed), or None."""
    if case.status is S.CLOSED:
        return _(
            "The case is closed: no new letter is issued or previewed. Issued letters can "
            "still be shown, printed and recorded as dispatched."
        )
    return None


def decision_kind(case: CaseDetail) -> LetterKind:
    """The notice of a decision: an answer for a case of inquiries or complaints only."""
    answer_only = bool(case.kinds) and all(k in ANSWER_KINDS for k in case.kinds)
    return LetterKind.ANSWER if answer_only else LetterKind.DECISION


def next_letter(case: CaseDetail) -> LetterKind | None:
    """The kind of letter the case's next step needs, or None (closed, or nothing is due)."""
    if closed_reason(case) is not None:
        return None
    if case.status in DECIDED:
        notice = decision_kind(case)
        if _issued(case, notice) == 0 and _allowed(notice, case):
            return notice
    if len(case.extensions) > _issued(case, LetterKind.EXTENSION) and _allowed(
        LetterKind.EXTENSION, case
    ):
        return LetterKind.EXTENSION
    if case.status in DECIDED:
        return None
    if _issued(case, LetterKind.ACKNOWLEDGEMENT) == 0 and _allowed(
        LetterKind.ACKNOWLEDGEMENT, case
    ):
        return LetterKind.ACKNOWLEDGEMENT
    if (
        case.is_rights_request
        and not (case.identity_confirmed and case.authority_confirmed)
        and _allowed(LetterKind.IDENTITY_REQUEST, case)
    ):
        return LetterKind.IDENTITY_REQUEST
    return None


@dataclass(frozen=True)
class BatchCase:
    """One selected case of a batch: whether it gets the letter, and if not, why not."""

    case_id: int
    reference: str
    eligible: bool
    reason: str = ""


def batch_eligibility(case: CaseDetail, kind: LetterKind, actor: Actor) -> BatchCase:
    """Whether `actor` may issue a letter of `kind` on `case` in a batch, and if not, why not.

    A batch issues only on the user's own (or unassigned) open cases, a letter the case does not
    have yet and that fits its state; a notice of decision only once the decision is approved.
    """

    def no(reason: str) -> BatchCase:
        return BatchCase(case.id, case.reference, False, reason)

    if case.status is S.CLOSED:
        return no(_("the case is closed"))
    if case.owner_id is not None and case.owner_id != actor.user_id:
        return no(_("another person's case ({owner})").format(owner=case.owner or "?"))
    if kind not in (LetterKind.DECISION, LetterKind.ANSWER) and case.status in DECIDED:
        return no(_("the case is already decided ({status})").format(status=label(case.status)))
    if kind is LetterKind.EXTENSION:
        if case.extensions and len(case.extensions) <= _issued(case, kind):
            return no(_("this letter was already issued"))
    elif _issued(case, kind):
        return no(_("this letter was already issued"))
    try:
        require_letter_allowed(kind, case)
    except RuleViolation as exc:
        return no(exc.message)
    return BatchCase(case.id, case.reference, True)
