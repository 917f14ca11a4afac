"""The life of a case: allowed moves, who may make them, and the guards that refuse the rest.

Services call these guards before they change anything, so a refusal leaves the database as it
was. Each refusal is a typed DomainError whose message tells a person what to do next.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from privacy_desk.domain.errors import MissingReason, PermissionDenied, RuleViolation
from privacy_desk.domain.vocabulary import (
    AUTHORITY_PROOFS,
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_DISCLOSURE_GROUND,
    OUTCOMES_NEEDING_REASONS,
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
from privacy_desk.i18n import N_, _, label, pgettext

S = CaseStatus


class Action(StrEnum):
    """Every user action the services offer, the unit of role checks and audit entries."""

    INTAKE = "intake"
    ADD_CONTACT = "add_contact"
    EDIT_CASE = "edit_case"
    CONFIRM_IDENTITY = "confirm_identity"
    TAKE = "take"
    ASSIGN = "assign"
    MOVE_OFFICE = "move_office"
    ADD_NOTE = "add_note"
    ADD_TASK = "add_task"
    COMPLETE_TASK = "complete_task"
    START_INVESTIGATION = "start_investigation"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    RECORD_DECISION = "record_decision"
    RECORD_FEE = "record_fee"
    PROPOSE = "propose"
    APPROVE = "approve"
    SEND_BACK = "send_back"
    ISSUE_LETTER = "issue_letter"
    RECORD_NOTICE_SENT = "record_notice_sent"
    CLOSE = "close"
    WITHDRAW = "withdraw"
    CLOSE_UNCONFIRMED = "close_unconfirmed"
    REOPEN = "reopen"
    LINK_CASES = "link_cases"
    READ_CASE = "read_case"
    LIST_CASES = "list_cases"
    REVEAL_NAME = "reveal_name"
    MANAGE_USERS = "manage_users"
    MANAGE_CALENDAR = "manage_calendar"
    MANAGE_SETTINGS = "manage_settings"
    DEMO_DATA = "demo_data"
    RETENTION = "retention"
    BACKUP = "backup"
    RESTORE = "restore"
    VIEW_REPORTS = "view_reports"
    INBOX_IMPORT = "inbox_import"
    SAVE_FILTER = "save_filter"
    RENAME_FILTER = "rename_filter"
    DELETE_FILTER = "delete_filter"


_WORKERS = frozenset({UserRole.STAFF, UserRole.SUPERVISOR})
_SUPERVISORS = frozenset({UserRole.SUPERVISOR})
_ADMINS = frozenset({UserRole.ADMIN})
_READERS = frozenset({UserRole.STAFF, UserRole.SUPERVISOR, UserRole.ADMIN})

PERMISSIONS: dict[Action, frozenset[UserRole]] = {
    Action.INTAKE: _WORKERS,
    Action.ADD_CONTACT: _WORKERS,
    Action.EDIT_CASE: _WORKERS,
    Action.CONFIRM_IDENTITY: _WORKERS,
    Action.TAKE: _WORKERS,
    Action.ASSIGN: _SUPERVISORS,
    Action.MOVE_OFFICE: _WORKERS,
    Action.ADD_NOTE: _WORKERS,
    Action.ADD_TASK: _WORKERS,
    Action.COMPLETE_TASK: _WORKERS,
    Action.START_INVESTIGATION: _WORKERS,
    Action.PAUSE: _WORKERS,
    Action.RESUME: _WORKERS,
    Action.EXTEND: _WORKERS,
    Action.RECORD_DECISION: _WORKERS,
    Action.RECORD_FEE: _WORKERS,
    Action.PROPOSE: _WORKERS,
    Action.APPROVE: _SUPERVISORS,
    Action.SEND_BACK: _SUPERVISORS,
    Action.ISSUE_LETTER: _WORKERS,
    Action.RECORD_NOTICE_SENT: _WORKERS,
    Action.CLOSE: _WORKERS,
    Action.WITHDRAW: _WORKERS,
    Action.CLOSE_UNCONFIRMED: _WORKERS,
    Action.REOPEN: _SUPERVISORS,
    Action.LINK_CASES: _WORKERS,
    Action.READ_CASE: _READERS,
    Action.LIST_CASES: _READERS,
    Action.REVEAL_NAME: _READERS,
    Action.MANAGE_USERS: _ADMINS,
    Action.MANAGE_CALENDAR: _ADMINS,
    Action.MANAGE_SETTINGS: _ADMINS,
    Action.DEMO_DATA: _ADMINS,
    Action.RETENTION: _ADMINS,
    Action.BACKUP: _ADMINS,
    Action.RESTORE: _ADMINS,
    Action.VIEW_REPORTS: frozenset({UserRole.SUPERVISOR, UserRole.ADMIN}),
    Action.INBOX_IMPORT: _WORKERS,
    # Saved queue filters: anyone with queues keeps their own (services/saved_filters.py).
    Action.SAVE_FILTER: _READERS,
    Action.RENAME_FILTER: _READERS,
    Action.DELETE_FILTER: _READERS,
}

_OPEN = frozenset(s for s in CaseStatus if s.is_open)
_EDITABLE = frozenset({S.RECEIVED, S.AWAITING_REQUESTER, S.IN_INVESTIGATION})

# Where each move may start from. Moves that keep the status (notes, contacts, …) list the
# statuses in which they are allowed; TARGETS says where a status-changing move leads.
ALLOWED_FROM: dict[Action, frozenset[CaseStatus]] = {
    Action.ADD_CONTACT: frozenset(CaseStatus),
    Action.EDIT_CASE: _EDITABLE,
    Action.CONFIRM_IDENTITY: _EDITABLE,
    Action.TAKE: _OPEN,
    Action.ASSIGN: _OPEN,
    Action.MOVE_OFFICE: _OPEN,
    Action.ADD_NOTE: _OPEN,
    Action.ADD_TASK: _OPEN,
    Action.COMPLETE_TASK: _OPEN,
    Action.START_INVESTIGATION: frozenset({S.RECEIVED}),
    Action.PAUSE: frozenset({S.RECEIVED, S.IN_INVESTIGATION}),
    Action.RESUME: frozenset({S.AWAITING_REQUESTER}),
    Action.EXTEND: frozenset({S.RECEIVED, S.AWAITING_REQUESTER, S.IN_INVESTIGATION}),
    Action.RECORD_DECISION: frozenset({S.IN_INVESTIGATION}),
    Action.RECORD_FEE: _OPEN,
    Action.PROPOSE: frozenset({S.IN_INVESTIGATION}),
    Action.APPROVE: frozenset({S.DECISION_PROPOSED}),
    Action.SEND_BACK: frozenset({S.DECISION_PROPOSED}),
    Action.ISSUE_LETTER: frozenset(CaseStatus),
    Action.RECORD_NOTICE_SENT: frozenset({S.APPROVED}),
    Action.CLOSE: frozenset({S.NOTICE_SENT}),
    Action.WITHDRAW: _OPEN,
    Action.CLOSE_UNCONFIRMED: frozenset({S.RECEIVED, S.AWAITING_REQUESTER}),
    Action.REOPEN: frozenset({S.CLOSED}),
    Action.LINK_CASES: frozenset(CaseStatus),
}

TARGETS: dict[Action, CaseStatus] = {
    Action.START_INVESTIGATION: S.IN_INVESTIGATION,
    Action.PAUSE: S.AWAITING_REQUESTER,
    Action.PROPOSE: S.DECISION_PROPOSED,
    Action.APPROVE: S.APPROVED,
    Action.SEND_BACK: S.IN_INVESTIGATION,
    Action.RECORD_NOTICE_SENT: S.NOTICE_SENT,
    Action.CLOSE: S.CLOSED,
    Action.WITHDRAW: S.CLOSED,
    Action.CLOSE_UNCONFIRMED: S.CLOSED,
}

# One whole sentence per action and refusal, so that a translator sees each sentence whole.
# Actions that are not case moves (user management, settings, …) use the general sentence.
_ROLE_REFUSALS: dict[Action, str] = {
    Action.ADD_CONTACT: N_(
        "Your role ({role}) may not add a contact to a case; this needs the {roles} role."
    ),
    Action.EDIT_CASE: N_("Your role ({role}) may not edit a case; this needs the {roles} role."),
    Action.CONFIRM_IDENTITY: N_(
        "Your role ({role}) may not confirm identity on a case; this needs the {roles} role."
    ),
    Action.TAKE: N_("Your role ({role}) may not take a case; this needs the {roles} role."),
    Action.ASSIGN: N_("Your role ({role}) may not assign a case; this needs the {roles} role."),
    Action.MOVE_OFFICE: N_(
        "Your role ({role}) may not move a case to another office; this needs the {roles} role."
    ),
    Action.ADD_NOTE: N_(
        "Your role ({role}) may not add a note to a case; this needs the {roles} role."
    ),
    Action.ADD_TASK: N_(
        "Your role ({role}) may not add a task to a case; this needs the {roles} role."
    ),
    Action.COMPLETE_TASK: N_(
        "Your role ({role}) may not complete a task of a case; this needs the {roles} role."
    ),
    Action.START_INVESTIGATION: N_(
        "Your role ({role}) may not start the investigation of a case; this needs the {roles} role."
    ),
    Action.PAUSE: N_("Your role ({role}) may not pause a case; this needs the {roles} role."),
    Action.RESUME: N_("Your role ({role}) may not resume a case; this needs the {roles} role."),
    Action.EXTEND: N_(
        "Your role ({role}) may not extend the deadline of a case; this needs the {roles} role."
    ),
    Action.RECORD_DECISION: N_(
        "Your role ({role}) may not record a decision on a case; this needs the {roles} role."
    ),
    Action.RECORD_FEE: N_(
        "Your role ({role}) may not record a fee on a case; this needs the {roles} role."
    ),
    Action.PROPOSE: N_(
        "Your role ({role}) may not propose a decision on a case; this needs the {roles} role."
    ),
    Action.APPROVE: N_(
        "Your role ({role}) may not approve the decision of a case; this needs the {roles} role."
    ),
    Action.SEND_BACK: N_(
        "Your role ({role}) may not send back the decision of a case; this needs the {roles} role."
    ),
    Action.ISSUE_LETTER: N_(
        "Your role ({role}) may not issue a letter on a case; this needs the {roles} role."
    ),
    Action.RECORD_NOTICE_SENT: N_(
        "Your role ({role}) may not record the notice as sent for a case; "
        "this needs the {roles} role."
    ),
    Action.CLOSE: N_("Your role ({role}) may not close a case; this needs the {roles} role."),
    Action.WITHDRAW: N_("Your role ({role}) may not withdraw a case; this needs the {roles} role."),
    Action.CLOSE_UNCONFIRMED: N_(
        "Your role ({role}) may not close a case for unconfirmed identity; "
        "this needs the {roles} role."
    ),
    Action.REOPEN: N_("Your role ({role}) may not reopen a case; this needs the {roles} role."),
    Action.LINK_CASES: N_("Your role ({role}) may not link cases; this needs the {roles} role."),
}

_MOVE_REFUSALS: dict[Action, str] = {
    Action.EDIT_CASE: N_("You can not edit a case that is '{status}'."),
    Action.CONFIRM_IDENTITY: N_("You can not confirm identity on a case that is '{status}'."),
    Action.TAKE: N_("You can not take a case that is '{status}'."),
    Action.ASSIGN: N_("You can not assign a case that is '{status}'."),
    Action.MOVE_OFFICE: N_("You can not move a case that is '{status}' to another office."),
    Action.ADD_NOTE: N_("You can not add a note to a case that is '{status}'."),
    Action.ADD_TASK: N_("You can not add a task to a case that is '{status}'."),
    Action.COMPLETE_TASK: N_("You can not complete a task of a case that is '{status}'."),
    Action.START_INVESTIGATION: N_(
        "You can not start the investigation of a case that is '{status}'."
    ),
    Action.PAUSE: N_("You can not pause a case that is '{status}'."),
    Action.RESUME: N_("You can not resume a case that is '{status}'."),
    Action.EXTEND: N_("You can not extend the deadline of a case that is '{status}'."),
    Action.RECORD_DECISION: N_("You can not record a decision on a case that is '{status}'."),
    Action.RECORD_FEE: N_("You can not record a fee on a case that is '{status}'."),
    Action.PROPOSE: N_("You can not propose a decision on a case that is '{status}'."),
    Action.APPROVE: N_("You can not approve the decision of a case that is '{status}'."),
    Action.SEND_BACK: N_("You can not send back the decision of a case that is '{status}'."),
    Action.RECORD_NOTICE_SENT: N_(
        "You can not record the notice as sent for a case that is '{status}'."
    ),
    Action.CLOSE: N_("You can not close a case that is '{status}'."),
    Action.WITHDRAW: N_("You can not withdraw a case that is '{status}'."),
    Action.CLOSE_UNCONFIRMED: N_(
        "You can not close a case that is '{status}' for unconfirmed identity."
    ),
    Action.REOPEN: N_("You can not reopen a case that is '{status}'."),
}

# What to do first when a status blocks a move: a second sentence after the refusal.
_WAY_ON: dict[CaseStatus, str] = {
    S.CLOSED: N_("Reopen it first (a supervisor, with a reason)."),
    S.DECISION_PROPOSED: N_(
        "It waits for a supervisor's approval; ask them to send it back to change it."
    ),
    S.AWAITING_REQUESTER: N_("It is paused awaiting the requester; resume it first."),
}


def either_of(words: Iterable[str]) -> str:
    """Words joined as alternatives ("a or b or c") in the current language."""
    return _join(words, _("{first} or {second}"))


def all_of(words: Iterable[str]) -> str:
    """Words joined as a list that holds together ("a and b") in the current language."""
    return _join(words, _("{first} and {second}"))


def _join(words: Iterable[str], pattern: str) -> str:
    joined = ""
    for word in words:
        joined = pattern.format(first=joined, second=word) if joined else word
    return joined


def two_sentences(first: str, second: str) -> str:
    """Two translated sentences in a row (Japanese writes them without a space)."""
    return pgettext("two sentences", "{first} {second}").format(first=first, second=second)


def require_role(action: Action, role: UserRole) -> None:
    allowed = PERMISSIONS[action]
    if role not in allowed:
        roles = either_of(label(r) for r in sorted(allowed, key=lambda r: r.en))
        refusal = _ROLE_REFUSALS.get(action)
        if refusal is None:
            message = _("Your role ({role}) may not do this; it needs the {roles} role.")
        else:
            message = _(refusal)
        raise PermissionDenied(message.format(role=label(role), roles=roles))


def require_move(action: Action, status: CaseStatus) -> CaseStatus:
    """Refuse a move the case's status does not allow; return the status it leads to."""
    allowed = ALLOWED_FROM.get(action)
    if allowed is not None and status not in allowed:
        message = _(_MOVE_REFUSALS[action]).format(status=label(status))
        way_on = _WAY_ON.get(status)
        if way_on is not None:
            message = two_sentences(message, _(way_on))
        raise RuleViolation(message)
    return TARGETS.get(action, status)


def require_reason(text: str | None, what: str) -> str:
    """The reason, stripped; `what` needs it, in words of the current language ("A pause")."""
    cleaned = (text or "").strip()
    if not cleaned:
        raise MissingReason(
            _("{what} needs a reason: write one before saving.").format(what=what), field="reason"
        )
    return cleaned


def requires_identity(kinds: Iterable[RequestKind]) -> bool:
    return any(kind.is_rights_request for kind in kinds)


def require_identity_confirmed(
    kinds: Iterable[RequestKind],
    role: RequesterRole,
    identity_confirmed: bool,
    authority_confirmed: bool,
) -> None:
    """Nothing past 'received' for a rights request until identity (and authority) is confirmed."""
    if not requires_identity(kinds):
        return
    if not identity_confirmed:
        raise RuleViolation(
            _(
                "The requester's identity is not confirmed yet. Record the documents seen, a "
                "call-back or an in-person check on the Identity tab first."
            )
        )
    if role.needs_authority and not authority_confirmed:
        raise RuleViolation(
            _(
                "The requester acts as {role}: their authority is not confirmed yet. Record the "
                "proof of authority on the Identity tab first."
            ).format(role=label(role))
        )


def require_identity_closure_allowed(kinds: Iterable[RequestKind]) -> None:
    """Closing for unconfirmed identity is for rights requests: the others need no identity."""
    if not requires_identity(kinds):
        raise RuleViolation(_("Only rights requests need a confirmed identity."))


def identity_problem(method: IdentityMethod, documents: Sequence[IdentityDocument]) -> str | None:
    """Why an identity check does not confirm identity, or None when it does."""
    if method is not IdentityMethod.DOCUMENTS:
        return None
    photo = [d for d in documents if d.has_photo]
    other = {d for d in documents if not d.has_photo}
    if photo or len(other) >= 2:
        return None
    if not documents:
        return _("No identity document was recorded: one with a photo, or two without, are needed.")
    return _(
        "One document without a photo is not enough: record one photo ID, or a second "
        "document without a photo."
    )


AGE_OF_MAJORITY = 18  # Civil Code Art. 4, since 1 April 2022
# Roles that exist only while the data subject is a minor.
MINORS_ONLY_ROLES = frozenset({RequesterRole.PARENT, RequesterRole.MINOR_GUARDIAN})


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on ``day`` (a person born on 29 February comes of age on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def require_role_fits_subject(
    role: RequesterRole, subject_birth_date: date | None, received_on: date
) -> None:
    """A parent with parental authority or a guardian of a minor acts only for a minor.

    Judged on the day the request arrived; with no date of birth recorded there is nothing to
    check (identity and authority checks come later).
    """
    if role not in MINORS_ONLY_ROLES or subject_birth_date is None:
        return
    age = age_on(subject_birth_date, received_on)
    if age >= AGE_OF_MAJORITY:
        raise RuleViolation(
            _(
                "The requester is recorded as '{role}', but the data subject was {age} on "
                "{day}, the day the request arrived, and an adult has no {role}. Choose the "
                "role that fits (an adult guardian or an appointed agent) or correct the date "
                "of birth."
            ).format(role=label(role), age=age, day=received_on.isoformat())
        )


@dataclass(frozen=True)
class AuthorityProof:
    document: AuthorityDocument
    issued_on: date | None


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def authority_problems(
    role: RequesterRole, proofs: Sequence[AuthorityProof], today: date, max_age_months: int
) -> list[str]:
    """Why the proofs do not establish authority for the role; empty when they do."""
    if not role.needs_authority:
        return []
    problems: list[str] = []
    fresh: set[AuthorityDocument] = set()
    oldest_allowed = add_months(today, -max_age_months)
    for proof in proofs:
        document = label(proof.document)
        if proof.issued_on is None:
            problems.append(_("{document}: the issue date is missing.").format(document=document))
        elif proof.issued_on > today:
            problems.append(
                _("{document}: the issue date {day} is in the future.").format(
                    document=document, day=proof.issued_on.isoformat()
                )
            )
        elif proof.issued_on < oldest_allowed:
            problems.append(
                _(
                    "{document} was issued on {issued}, more than {months} months ago: ask for "
                    "one issued on or after {oldest}."
                ).format(
                    document=document,
                    issued=proof.issued_on.isoformat(),
                    months=max_age_months,
                    oldest=oldest_allowed.isoformat(),
                )
            )
        else:
            fresh.add(proof.document)
    options = AUTHORITY_PROOFS[role]
    if any(option <= fresh for option in options):
        return []
    if not problems:
        wanted = either_of(
            all_of(label(d) for d in sorted(option, key=lambda d: d.en)) for option in options
        )
        problems.append(
            _("As {role}, the requester must prove authority with: {wanted}.").format(
                role=label(role), wanted=wanted
            )
        )
    return problems


@dataclass(frozen=True)
class DecisionDraft:
    """One measure's decision as staff entered it."""

    kind: RequestKind
    outcome: Outcome | None
    reasons: str = ""
    disclosure_grounds: tuple[DisclosureRefusalGround, ...] = ()


def decision_problem(draft: DecisionDraft) -> str | None:
    """Why a decision can not be saved, or None."""
    kind = label(draft.kind)
    if draft.outcome is None:
        return _("{kind}: choose an outcome.").format(kind=kind)
    outcome = label(draft.outcome)
    if draft.outcome not in OUTCOMES_BY_KIND[draft.kind]:
        return _("'{outcome}' is not an outcome of a {kind} request.").format(
            outcome=outcome, kind=kind
        )
    if draft.outcome in OUTCOMES_NEEDING_REASONS and not draft.reasons.strip():
        return _(
            "{kind}: '{outcome}' refuses in whole or part, so it needs reasons (APPI Art. 36). "
            "Write the reasons before saving."
        ).format(kind=kind, outcome=outcome)
    if draft.outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND and not draft.disclosure_grounds:
        return _(
            "{kind}: '{outcome}' needs the Art. 33(2) ground on which disclosure is withheld."
        ).format(kind=kind, outcome=outcome)
    if draft.disclosure_grounds and draft.outcome not in OUTCOMES_NEEDING_DISCLOSURE_GROUND:
        return _("{kind}: Art. 33(2) grounds apply only when disclosure is withheld.").format(
            kind=kind
        )
    return None


def require_fee_allowed(kinds: Iterable[RequestKind]) -> None:
    if not any(kind.may_carry_fee for kind in kinds):
        raise RuleViolation(
            _(
                "A fee can be recorded only on a disclosure or purpose-of-use request (APPI Art. 38)."
            )
        )


def require_approver(
    author_id: int | None,
    approver_id: int | None,
    role: UserRole,
    co_authors: Iterable[int] = (),
) -> None:
    """Four eyes: the approver holds the supervisor role and authored no part of the decision.

    author_id proposed it; co_authors recorded or changed an outcome, its reasons or the fee.
    """
    if role is not UserRole.SUPERVISOR:
        raise PermissionDenied(_("Only a supervisor can approve a decision."))
    if author_id is not None and author_id == approver_id:
        raise PermissionDenied(
            _("You proposed this decision, so you can not approve it: another supervisor must.")
        )
    if approver_id is None or approver_id in set(co_authors):
        raise PermissionDenied(
            _(
                "Four eyes: you recorded or changed an outcome, its reasons or the fee of this "
                "decision, so you can not approve it: another supervisor must."
            )
        )


def deadline_state(
    status: CaseStatus, business_days_left: int, due_soon_days: int, past_due: bool = False
) -> DeadlineState:
    """past_due: the due moment has passed (a case due 18:00 today is overdue at 19:00)."""
    if status in {S.CLOSED, S.NOTICE_SENT}:
        return DeadlineState.DONE
    if status is S.AWAITING_REQUESTER:
        return DeadlineState.PAUSED
    if past_due or business_days_left < 0:
        return DeadlineState.OVERDUE
    if business_days_left <= due_soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.ON_TRACK
