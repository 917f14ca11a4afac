"""Which actions are open on a case for the user who asked, and why the others are not.

The services decide and the screens render: a widget shows `CaseDetail.actions` and never
re-derives a rule from roles and statuses. Each `ActionState` says whether the user's role may
take the action at all (`visible`), whether the case allows it now (`enabled`), and otherwise a
translated reason for people (`reason`, shown as a tooltip).

The states follow the same rules the service calls enforce (`rules.PERMISSIONS`,
`rules.ALLOWED_FROM` and the few case-specific guards below), so a button that is open leads to a
call that is not refused for its role or status.
"""

from __future__ import annotations

from collections.abc import Iterable

from privacy_desk.domain import rules
from privacy_desk.domain.errors import DomainError, PermissionDenied
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import CaseStatus, RequestKind, UserRole
from privacy_desk.i18n import _, label
from privacy_desk.services.base import Actor
from privacy_desk.services.dto import ActionState, CaseDetail

S = CaseStatus

# Every action the case workspace and its tabs offer on one case.
CASE_ACTIONS: tuple[Action, ...] = (
    Action.TAKE,
    Action.MOVE_OFFICE,
    Action.START_INVESTIGATION,
    Action.PAUSE,
    Action.RESUME,
    Action.EXTEND,
    Action.RECORD_NOTICE_SENT,
    Action.CLOSE,
    Action.WITHDRAW,
    Action.CLOSE_UNCONFIRMED,
    Action.REOPEN,
    Action.EDIT_CASE,
    Action.ADD_CONTACT,
    Action.ADD_NOTE,
    Action.ADD_TASK,
    Action.COMPLETE_TASK,
    Action.CONFIRM_IDENTITY,
    Action.RECORD_DECISION,
    Action.RECORD_FEE,
    Action.PROPOSE,
    Action.APPROVE,
    Action.SEND_BACK,
    Action.ISSUE_LETTER,
    Action.LINK_CASES,
)

# Proposing belongs to the stages before a decision: afterwards the button is not shown at all.
_BEFORE_DECISION = frozenset({S.RECEIVED, S.AWAITING_REQUESTER, S.IN_INVESTIGATION})


def case_actions(detail: CaseDetail, actor: Actor) -> dict[Action, ActionState]:
    """The state of every workspace action on `detail` for `actor`."""
    states = {
        action: action_state(action, detail.status, detail.kinds, detail.owner_id, actor)
        for action in CASE_ACTIONS
    }
    approve = states.get(Action.APPROVE)
    if approve is not None and approve.enabled:
        try:
            rules.require_approver(
                detail.decision_author_id, actor.user_id, actor.role, detail.decision_authors
            )
        except PermissionDenied as refused:
            states[Action.APPROVE] = ActionState(True, False, refused.message)
    return states


def action_state(
    action: Action,
    status: CaseStatus,
    kinds: Iterable[RequestKind],
    owner_id: int | None,
    actor: Actor,
) -> ActionState:
    """One action's state: the role first, then the status, then the case's own guards."""
    role: UserRole = actor.role
    if role not in rules.PERMISSIONS[action]:
        return ActionState(False, False, _("Your role can not do this."))
    visible = action is not Action.PROPOSE or status in _BEFORE_DECISION
    allowed_from = rules.ALLOWED_FROM.get(action)
    if allowed_from is not None and status not in allowed_from:
        return ActionState(
            visible,
            False,
            _("Not possible while the case is '{status}'.").format(status=label(status)),
        )
    reason = _case_guard(action, list(kinds), owner_id, actor)
    return ActionState(visible, reason is None, reason or "")


def _case_guard(
    action: Action, kinds: list[RequestKind], owner_id: int | None, actor: Actor
) -> str | None:
    """Why this case refuses an action its status allows, or None."""
    if action is Action.TAKE and owner_id is not None and owner_id == actor.user_id:
        return _("You own this case.")
    try:
        if action is Action.CLOSE_UNCONFIRMED:
            rules.require_identity_closure_allowed(kinds)
        elif action is Action.RECORD_FEE:
            rules.require_fee_allowed(kinds)
    except DomainError as exc:
        return str(exc)
    return None
